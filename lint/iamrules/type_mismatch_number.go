package iamrules

import (
	"github.com/leastpriv/leastpriv/diag"
	"github.com/leastpriv/leastpriv/iam"
	"github.com/leastpriv/leastpriv/lint"
)

// TypeMismatchNumber: Numeric operator value is not a number.
var TypeMismatchNumber = &lint.Rule{
	Code:     "TYPE_MISMATCH_NUMBER",
	Severity: diag.Warning,
	Title:    "Numeric operator value is not a number",
	Doc: `Numeric operators compare numbers; a value that is not an integer or a decimal
never matches.`,
	Hint:   "use an integer or decimal number",
	Source: srcAA,
	URLs:   []string{aaChecks, operatorsDoc},
	Bad:    policy(`{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*", "Condition": {"NumericLessThan": {"s3:max-keys": "ten"}}}`),
	Good:   policy(`{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*", "Condition": {"NumericLessThan": {"s3:max-keys": "10"}}}`),
	Run: func(p *lint.Pass) {
		for _, st := range p.Policy.Statements {
			conditionEntries(st, func(b *iam.ConditionBlock, e *iam.ConditionEntry) {
				if !(b.Operator.Family == iam.NumericFamily) {
					return
				}
				for _, v := range e.Values {
					if hasVariable(v.Text) || p.Placeholder(v.Range) {
						continue
					}
					if !isNumber(v.Text) {
						p.Reportf(v.Range, v.Path, "%s value %q is not a number", b.Operator.Name, v.Text)
					}
				}
			})
		}
	},
}
