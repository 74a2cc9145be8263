package iamrules

import (
	"github.com/leastpriv/leastpriv/diag"
	"github.com/leastpriv/leastpriv/iam"
	"github.com/leastpriv/leastpriv/lint"
)

// InvalidConditionKeyFormat reports condition keys not of the form
// prefix:name.
var InvalidConditionKeyFormat = &lint.Rule{
	Code:     "INVALID_CONDITION_KEY_FORMAT",
	Severity: diag.Error,
	Title:    "condition key is not of the form prefix:name",
	Doc: `Condition keys are written "aws:SourceIp" or "s3:prefix": a global or service
prefix, a colon and a name. A key without them is never in the request context,
so the condition never matches (or, negated, always does).`,
	Hint:   "use a key of the form service:keyname",
	Source: srcAA,
	URLs:   []string{aaChecks, globalKeysDoc},
	Bad:    policy(`{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*", "Condition": {"StringEquals": {"SourceVpc": "vpc-1"}}}`),
	Good:   policy(`{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*", "Condition": {"StringEquals": {"aws:SourceVpc": "vpc-1"}}}`),
	Run: func(p *lint.Pass) {
		for _, st := range p.Policy.Statements {
			conditionEntries(st, func(_ *iam.ConditionBlock, e *iam.ConditionEntry) {
				if _, s := resolveKey(p, e.Key.Value); s == keyBadFormat && !p.Placeholder(e.Key.Range) {
					p.Reportf(e.Key.Range, e.Key.Path, "condition key %q is not of the form prefix:name", e.Key.Value)
				}
			})
		}
	},
}
