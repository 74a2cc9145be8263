package iamrules

import (
	"github.com/leastpriv/leastpriv/diag"
	"github.com/leastpriv/leastpriv/iam"
	"github.com/leastpriv/leastpriv/lint"
)

// TypeMismatchString: BinaryEquals value is not base64.
var TypeMismatchString = &lint.Rule{
	Code:     "TYPE_MISMATCH_STRING",
	Severity: diag.Warning,
	Title:    "BinaryEquals value is not base64",
	Doc: `BinaryEquals compares the request's bytes with the base64-encoded value of the
policy; a value that is not base64 never matches.`,
	Hint:   "encode the value in base64",
	Source: srcAA,
	URLs:   []string{aaChecks, operatorsDoc},
	Bad:    policy(`{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*", "Condition": {"BinaryEquals": {"aws:SourceVpc": "not base64!"}}}`),
	Good:   policy(`{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*", "Condition": {"BinaryEquals": {"aws:SourceVpc": "QmluYXJ5VmFsdWU="}}}`),
	Run: func(p *lint.Pass) {
		for _, st := range p.Policy.Statements {
			conditionEntries(st, func(b *iam.ConditionBlock, e *iam.ConditionEntry) {
				if !(b.Operator.Family == iam.BinaryFamily) {
					return
				}
				for _, v := range e.Values {
					if hasVariable(v.Text) || p.Placeholder(v.Range) {
						continue
					}
					if !isBase64(v.Text) {
						p.Reportf(v.Range, v.Path, "%s value %q is not base64", b.Operator.Name, v.Text)
					}
				}
			})
		}
	},
}
