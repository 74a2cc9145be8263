package iamrules

import (
	"strings"

	"github.com/leastpriv/leastpriv/diag"
	"github.com/leastpriv/leastpriv/iam"
	"github.com/leastpriv/leastpriv/lint"
)

// InvalidServiceConditionKey reports service condition keys the service
// does not define.
var InvalidServiceConditionKey = &lint.Rule{
	Code:     "INVALID_SERVICE_CONDITION_KEY",
	Severity: diag.Error,
	Title:    "service condition key does not exist",
	Doc: `The service named by the key's prefix defines no such condition key, so it is
never in the request context: the condition never matches (or, negated, always
does).`,
	Hint:   "use a condition key the service defines ('leastpriv catalog show ACTION' lists them)",
	Source: srcAA,
	URLs:   []string{aaChecks, sarDoc},
	Bad:    policy(`{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*", "Condition": {"StringLike": {"s3:prefixes": "home/*"}}}`),
	Good:   policy(`{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*", "Condition": {"StringLike": {"s3:prefix": "home/*"}}}`),
	Run: func(p *lint.Pass) {
		for _, st := range p.Policy.Statements {
			conditionEntries(st, func(_ *iam.ConditionBlock, e *iam.ConditionEntry) {
				if _, s := resolveKey(p, e.Key.Value); s == keyUnknownForSvc && !p.Placeholder(e.Key.Range) && !bareTagKey(p, e.Key.Value) {
					hint := ""
					if sug := suggestKey(p, e.Key.Value); sug != "" {
						hint = "did you mean " + sug + "?"
					}
					prefix, _, _ := strings.Cut(e.Key.Value, ":")
					p.ReportHint(e.Key.Range, e.Key.Path, hint, "%s is not a condition key of service %s", e.Key.Value, strings.ToLower(prefix))
				}
			})
		}
	},
}

// suggestKey returns the known key of the same prefix closest to name, or "".
func suggestKey(p *lint.Pass, name string) string {
	if s := p.Catalog.SuggestConditionKey(name, 1); len(s) > 0 {
		return s[0]
	}
	return ""
}
