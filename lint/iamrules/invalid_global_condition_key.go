package iamrules

import (
	"strings"

	"github.com/leastpriv/leastpriv/diag"
	"github.com/leastpriv/leastpriv/iam"
	"github.com/leastpriv/leastpriv/lint"
)

// InvalidGlobalConditionKey reports unknown aws: condition keys.
var InvalidGlobalConditionKey = &lint.Rule{
	Code:     "INVALID_GLOBAL_CONDITION_KEY",
	Severity: diag.Error,
	Title:    "global condition key does not exist",
	Doc: `Keys with the "aws:" prefix are AWS's global condition keys; an "aws:" key that
is not one of them is never in the request context, so the condition never
matches (or, negated or with IfExists, always does).`,
	Hint:   "use a global condition key of AWS's list",
	Source: srcAA,
	URLs:   []string{aaChecks, globalKeysDoc},
	Bad:    policy(`{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*", "Condition": {"IpAddress": {"aws:SourceIP4": "203.0.113.0/24"}}}`),
	Good:   policy(`{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*", "Condition": {"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}}}`),
	Run: func(p *lint.Pass) {
		for _, st := range p.Policy.Statements {
			conditionEntries(st, func(_ *iam.ConditionBlock, e *iam.ConditionEntry) {
				if strings.EqualFold(e.Key.Value, "aws:ARN") {
					return // UNSUPPORTED_GLOBAL_CONDITION_KEY
				}
				if _, s := resolveKey(p, e.Key.Value); s == keyUnknownGlobal && !p.Placeholder(e.Key.Range) && !bareTagKey(p, e.Key.Value) {
					hint := ""
					if sug := suggestKey(p, e.Key.Value); sug != "" {
						hint = "did you mean " + sug + "?"
					}
					p.ReportHint(e.Key.Range, e.Key.Path, hint, "%s is not a global condition key", e.Key.Value)
				}
			})
		}
	},
}
