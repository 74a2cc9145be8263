package iamrules

import (
	"github.com/leastpriv/leastpriv/diag"
	"github.com/leastpriv/leastpriv/iam"
	"github.com/leastpriv/leastpriv/lint"
)

// InvalidVariableForOperator reports policy variables in values of operators
// other than String and ARN ones.
var InvalidVariableForOperator = &lint.Rule{
	Code:     "INVALID_VARIABLE_FOR_OPERATOR",
	Severity: diag.Error,
	Title:    "policy variable with an operator that does not support variables",
	Doc: `Policy variables (${aws:username}) are replaced only in the Resource element and
in values of String and ARN condition operators. With Numeric, Date, Bool,
Binary, IP address or Null operators the value is compared as written.`,
	Hint:   "use a String or ARN operator, or a literal value",
	Source: srcAA,
	URLs:   []string{aaChecks, variablesDoc},
	Bad:    policy(`{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*", "Condition": {"NumericLessThan": {"s3:max-keys": "${aws:PrincipalTag/max}"}}}`),
	Good:   policy(`{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*", "Condition": {"StringEquals": {"aws:PrincipalTag/team": "${aws:username}"}}}`),
	Run: func(p *lint.Pass) {
		for _, st := range p.Policy.Statements {
			conditionEntries(st, func(b *iam.ConditionBlock, e *iam.ConditionEntry) {
				if b.Operator.Family == iam.StringFamily || b.Operator.Family == iam.ARNFamily {
					return
				}
				for _, v := range e.Values {
					if hasVariable(v.Text) && !p.Placeholder(v.Range) {
						p.Reportf(v.Range, v.Path, "%s does not replace policy variables: %q is compared as written", b.Operator.Name, v.Text)
					}
				}
			})
		}
	},
}
