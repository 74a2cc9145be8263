package iamrules

import (
	"github.com/leastpriv/leastpriv/diag"
	"github.com/leastpriv/leastpriv/iam"
	"github.com/leastpriv/leastpriv/lint"
)

// TypeMismatchBoolean: Bool or Null operator value is not true or false.
var TypeMismatchBoolean = &lint.Rule{
	Code:     "TYPE_MISMATCH_BOOLEAN",
	Severity: diag.Warning,
	Title:    "Bool or Null operator value is not true or false",
	Doc: `Bool and Null compare with "true" or "false"; any other value never matches (or, for Null, is read as
false).`,
	Hint:   "use true or false",
	Source: srcAA,
	URLs:   []string{aaChecks, operatorsDoc},
	Bad:    policy(`{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*", "Condition": {"Bool": {"aws:SecureTransport": "yes"}}}`),
	Good:   policy(`{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*", "Condition": {"Bool": {"aws:SecureTransport": "true"}}}`),
	Run: func(p *lint.Pass) {
		for _, st := range p.Policy.Statements {
			conditionEntries(st, func(b *iam.ConditionBlock, e *iam.ConditionEntry) {
				if !(b.Operator.Family == iam.BoolFamily || b.Operator.Family == iam.NullFamily) {
					return
				}
				for _, v := range e.Values {
					if hasVariable(v.Text) || p.Placeholder(v.Range) {
						continue
					}
					if !isBool(v.Text) {
						p.Reportf(v.Range, v.Path, "%s value %q is not true or false", b.Operator.Name, v.Text)
					}
				}
			})
		}
	},
}
