package iamrules

import (
	"github.com/leastpriv/leastpriv/diag"
	"github.com/leastpriv/leastpriv/iam"
	"github.com/leastpriv/leastpriv/lint"
)

// InvalidDateValue: Date operator value in epoch seconds.
var InvalidDateValue = &lint.Rule{
	Code:     "INVALID_DATE_VALUE",
	Severity: diag.Warning,
	Title:    "Date operator value in epoch seconds",
	Doc: `Epoch times are accepted by Date operators but may not resolve to the instant
expected; W3C ISO 8601 dates say what they mean.`,
	Hint:   "write the date as YYYY-MM-DD or YYYY-MM-DDThh:mm:ssZ",
	Source: srcAA,
	URLs:   []string{aaChecks, operatorsDoc},
	Bad:    policy(`{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*", "Condition": {"DateLessThan": {"aws:CurrentTime": "1767225600"}}}`),
	Good:   policy(`{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*", "Condition": {"DateLessThan": {"aws:CurrentTime": "2026-01-01T00:00:00Z"}}}`),
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
					if isEpoch(v.Text) {
						p.Reportf(v.Range, v.Path, "%s value %q is an epoch time; prefer an ISO 8601 date", b.Operator.Name, v.Text)
					}
				}
			})
		}
	},
}
