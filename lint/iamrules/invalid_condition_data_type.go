package iamrules

import (
	"github.com/leastpriv/leastpriv/diag"
	"github.com/leastpriv/leastpriv/iam"
	"github.com/leastpriv/leastpriv/lint"
)

// InvalidConditionDataType reports condition value lists that mix JSON types.
var InvalidConditionDataType = &lint.Rule{
	Code:     "INVALID_CONDITION_DATA_TYPE",
	Severity: diag.Error,
	Title:    "condition values of different JSON types for one key",
	Doc: `The values of one condition key must all have the same JSON type: all strings,
all numbers or all booleans. ["true", false] or [10, "20"] mix types.`,
	Hint:   "write every value with the same JSON type (strings are always accepted)",
	Source: srcAA,
	URLs:   []string{aaChecks, conditionDoc},
	Bad:    policy(`{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*", "Condition": {"NumericLessThan": {"s3:max-keys": [10, "20"]}}}`),
	Good:   policy(`{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*", "Condition": {"NumericLessThan": {"s3:max-keys": ["10", "20"]}}}`),
	Run: func(p *lint.Pass) {
		for _, st := range p.Policy.Statements {
			conditionEntries(st, func(_ *iam.ConditionBlock, e *iam.ConditionEntry) {
				for _, v := range e.Values[min(1, len(e.Values)):] {
					if v.Kind != e.Values[0].Kind {
						p.Reportf(v.Range, v.Path, "value %s has a different JSON type than the first value of %s", v.Text, e.Key.Value)
						return
					}
				}
			})
		}
	},
}
