package iamrules

import (
	"github.com/leastpriv/leastpriv/diag"
	"github.com/leastpriv/leastpriv/iam"
	"github.com/leastpriv/leastpriv/lint"
)

// ForAllValuesWithSingleValuedKey reports ForAllValues on single-valued keys.
var ForAllValuesWithSingleValuedKey = &lint.Rule{
	Code:     "FORALLVALUES_WITH_SINGLE_VALUED_KEY",
	Aliases:  []string{"FOR_ALL_VALUES_WITH_SINGLE_VALUED_KEY"},
	Severity: diag.SecurityWarning,
	Title:    "ForAllValues with a single-valued condition key",
	Doc: `ForAllValues is true when every value of the request's set matches, and also
when the key is absent or empty. On a single-valued key the absent case makes an
Allow statement match requests that do not carry the key at all: the condition
is more permissive than it reads.`,
	Hint:   "remove ForAllValues:",
	Source: srcAA,
	URLs:   []string{aaChecks, multiValueDoc},
	Bad:    policy(`{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {"ForAllValues:StringEquals": {"aws:PrincipalTag/team": "blue"}}}`),
	Good:   policy(`{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {"StringEquals": {"aws:PrincipalTag/team": "blue"}}}`),
	Run: func(p *lint.Pass) {
		for _, st := range p.Policy.Statements {
			conditionEntries(st, func(b *iam.ConditionBlock, e *iam.ConditionEntry) {
				if b.Operator.Qualifier != iam.ForAllValues {
					return
				}
				if k := knownKey(p, e.Key.Value); k != nil && !k.Type.IsMultiValued() {
					p.Reportf(b.OpRange, b.Path, "%s on single-valued key %s also matches requests without the key", b.Operator.Name, e.Key.Value)
				}
			})
		}
	},
}
