package iamrules

import (
	"github.com/leastpriv/leastpriv/diag"
	"github.com/leastpriv/leastpriv/iam"
	"github.com/leastpriv/leastpriv/lint"
)

// TypeMismatchDate: Date operator value is not a date.
var TypeMismatchDate = &lint.Rule{
	Code:     "TYPE_MISMATCH_DATE",
	Severity: diag.Warning,
	Title:    "Date operator value is not a date",
	Doc: `Date operators compare W3C ISO 8601 dates ("2026-01-31", "2026-01-31T12:00:00Z") or epoch
seconds; any other value never matches.`,
	Hint:   "use a date such as 2026-01-31 or 2026-01-31T12:00:00Z",
	Source: srcAA,
	URLs:   []string{aaChecks, operatorsDoc},
	Bad:    policy(`{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*", "Condition": {"DateLessThan": {"aws:CurrentTime": "31/01/2026"}}}`),
	Good:   policy(`{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*", "Condition": {"DateLessThan": {"aws:CurrentTime": "2026-01-31T00:00:00Z"}}}`),
	Run: func(p *lint.Pass) {
		for _, st := range p.Policy.Statements {
			conditionEntries(st, func(b *iam.ConditionBlock, e *iam.ConditionEntry) {
				if !(b.Operator.Family == iam.DateFamily) {
					return
				}
				for _, v := range e.Values {
					if hasVariable(v.Text) || p.Placeholder(v.Range) {
						continue
					}
					if !dateOK(v.Text) {
						p.Reportf(v.Range, v.Path, "%s value %q is not an ISO 8601 date or epoch time", b.Operator.Name, v.Text)
					}
				}
			})
		}
	},
}
