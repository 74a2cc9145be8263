package iamrules

import (
	"github.com/leastpriv/leastpriv/diag"
	"github.com/leastpriv/leastpriv/iam"
	"github.com/leastpriv/leastpriv/lint"
)

// ForAnyValueWithSingleValuedKey reports ForAnyValue on single-valued keys.
var ForAnyValueWithSingleValuedKey = &lint.Rule{
	Code:     "FOR_ANY_VALUE_WITH_SINGLE_VALUED_KEY",
	Severity: diag.Warning,
	Title:    "ForAnyValue with a single-valued condition key",
	Doc: `Set qualifiers are meant for multivalued keys. On a single-valued key
ForAnyValue behaves like the plain operator, except with negated operators
(ForAnyValue:StringNotEquals), where it is easy to misread; AWS warns that set
operators on single-valued keys can make a policy more permissive than
intended. Parliament reports this as SINGLE_VALUE_CONDITION_TOO_PERMISSIVE.`,
	Hint:   "remove ForAnyValue:",
	Source: srcParl,
	URLs:   []string{multiValueDoc, parliamentURL},
	Bad:    policy(`{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {"ForAnyValue:StringEquals": {"aws:PrincipalTag/team": "blue"}}}`),
	Good:   policy(`{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {"StringEquals": {"aws:PrincipalTag/team": "blue"}}}`),
	Run: func(p *lint.Pass) {
		for _, st := range p.Policy.Statements {
			conditionEntries(st, func(b *iam.ConditionBlock, e *iam.ConditionEntry) {
				if b.Operator.Qualifier != iam.ForAnyValue {
					return
				}
				if k := knownKey(p, e.Key.Value); k != nil && !k.Type.IsMultiValued() {
					p.Reportf(b.OpRange, b.Path, "%s on single-valued key %s: set operators are for multivalued keys", b.Operator.Name, e.Key.Value)
				}
			})
		}
	},
}
