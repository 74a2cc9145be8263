package iamrules

import (
	"github.com/leastpriv/leastpriv/diag"
	"github.com/leastpriv/leastpriv/iam"
	"github.com/leastpriv/leastpriv/lint"
)

// MissingQualifier reports multivalued keys tested without ForAllValues or
// ForAnyValue.
var MissingQualifier = &lint.Rule{
	Code:     "MISSING_QUALIFIER",
	Severity: diag.Error,
	Title:    "multivalued condition key without ForAllValues or ForAnyValue",
	Doc: `Keys of an ArrayOf type (aws:TagKeys, aws:CalledVia, ...) carry a set of values in
the request. Tested with a plain operator, the result depends on how the service
fills the context and is not what the author meant; say whether every value
(ForAllValues) or some value (ForAnyValue) must match.`,
	Hint:   "prefix the operator with ForAllValues: or ForAnyValue:",
	Source: srcAA,
	URLs:   []string{aaChecks, multiValueDoc},
	Bad:    policy(`{"Effect": "Allow", "Action": "ec2:CreateTags", "Resource": "*", "Condition": {"StringEquals": {"aws:TagKeys": ["env", "team"]}}}`),
	Good:   policy(`{"Effect": "Allow", "Action": "ec2:CreateTags", "Resource": "*", "Condition": {"ForAllValues:StringEquals": {"aws:TagKeys": ["env", "team"]}}}`),
	Run: func(p *lint.Pass) {
		for _, st := range p.Policy.Statements {
			conditionEntries(st, func(b *iam.ConditionBlock, e *iam.ConditionEntry) {
				if b.Operator.Qualifier != iam.NoQualifier || b.Operator.Family == iam.NullFamily {
					return
				}
				if k := knownKey(p, e.Key.Value); k != nil && k.Type.IsMultiValued() {
					p.Reportf(e.Key.Range, e.Key.Path, "%s is multivalued (%s): use ForAllValues:%s or ForAnyValue:%s", e.Key.Value, k.Type, b.Operator.Name, b.Operator.Name)
				}
			})
		}
	},
}
