package iamrules

import (
	"strings"

	"github.com/leastpriv/leastpriv/diag"
	"github.com/leastpriv/leastpriv/iam"
	"github.com/leastpriv/leastpriv/lint"
)

// InvalidService reports condition keys whose prefix is no service.
var InvalidService = &lint.Rule{
	Code:     "INVALID_SERVICE",
	Severity: diag.Error,
	Title:    "condition key prefix is not a service",
	Doc: `The prefix of a condition key names the service that defines it ("s3",
"ec2") or is "aws" for global keys. A key whose prefix is no service is never
in the request context.`,
	Hint:   "use the service prefix of the Service Authorization Reference",
	Source: srcAA,
	URLs:   []string{aaChecks, sarDoc},
	Bad:    policy(`{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*", "Condition": {"StringLike": {"amazons3:prefix": "home/*"}}}`),
	Good:   policy(`{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*", "Condition": {"StringLike": {"s3:prefix": "home/*"}}}`),
	Run: func(p *lint.Pass) {
		for _, st := range p.Policy.Statements {
			conditionEntries(st, func(_ *iam.ConditionBlock, e *iam.ConditionEntry) {
				if _, s := resolveKey(p, e.Key.Value); s == keyUnknownPrefix && !p.Placeholder(e.Key.Range) {
					prefix, _, _ := strings.Cut(e.Key.Value, ":")
					hint := ""
					if sug := p.Catalog.Suggest(prefix, 2); len(sug) > 0 {
						hint = "did you mean " + strings.Join(sug, " or ") + "?"
					}
					p.ReportHint(e.Key.Range, e.Key.Path, hint, "prefix %q of condition key %s is not a service", prefix, e.Key.Value)
				}
			})
		}
	},
}
