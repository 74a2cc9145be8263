package iamrules

import (
	"github.com/leastpriv/leastpriv/diag"
	"github.com/leastpriv/leastpriv/iam"
	"github.com/leastpriv/leastpriv/lint"
)

// InvalidConditionMultipleBoolean reports Bool conditions with several
// values.
var InvalidConditionMultipleBoolean = &lint.Rule{
	Code:     "INVALID_CONDITION_MULTIPLE_BOOLEAN",
	Severity: diag.Error,
	Title:    "Bool condition with several values",
	Doc: `A boolean key is either true or false. Listing both ([true, false]) makes the
condition always match when the key is present, which is rarely meant; listing
one value twice is noise.`,
	Hint:   "give a single true or false value",
	Source: srcAA,
	URLs:   []string{aaChecks, operatorsDoc},
	Bad:    policy(`{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*", "Condition": {"Bool": {"aws:SecureTransport": ["true", "false"]}}}`),
	Good:   policy(`{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*", "Condition": {"Bool": {"aws:SecureTransport": "true"}}}`),
	Run: func(p *lint.Pass) {
		for _, st := range p.Policy.Statements {
			conditionEntries(st, func(b *iam.ConditionBlock, e *iam.ConditionEntry) {
				if b.Operator.Family == iam.BoolFamily && len(e.Values) > 1 {
					p.Reportf(e.Range, e.ValueKey, "%s has %d values; a boolean condition takes one", e.Key.Value, len(e.Values))
				}
			})
		}
	},
}
