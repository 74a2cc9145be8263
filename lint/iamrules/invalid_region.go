package iamrules

import (
	"strings"

	"github.com/leastpriv/leastpriv/diag"
	"github.com/leastpriv/leastpriv/iam"
	"github.com/leastpriv/leastpriv/lint"
)

// InvalidRegion reports aws:RequestedRegion values that are not Region codes.
var InvalidRegion = &lint.Rule{
	Code:     "INVALID_REGION",
	Severity: diag.Error,
	Title:    "aws:RequestedRegion value is not a Region code",
	Doc: `aws:RequestedRegion holds a Region code such as "eu-west-1". A Region name
("Ireland"), an availability zone ("eu-west-1a") or a misspelt code never
matches, so an Allow never applies and a Deny with StringNotEquals denies every
Region. Codes are checked by shape, so new Regions are accepted.`,
	Hint:   `use Region codes such as "eu-west-1"`,
	Source: srcAA,
	URLs:   []string{aaChecks, globalKeysDoc},
	Bad:    policy(`{"Effect": "Deny", "Action": "*", "Resource": "*", "Condition": {"StringNotEquals": {"aws:RequestedRegion": ["eu-west-1", "eu-central"]}}}`),
	Good:   policy(`{"Effect": "Deny", "Action": "*", "Resource": "*", "Condition": {"StringNotEquals": {"aws:RequestedRegion": ["eu-west-1", "eu-central-1"]}}}`),
	Run: func(p *lint.Pass) {
		for _, st := range p.Policy.Statements {
			conditionEntries(st, func(b *iam.ConditionBlock, e *iam.ConditionEntry) {
				if !strings.EqualFold(e.Key.Value, "aws:RequestedRegion") || b.Operator.Family != iam.StringFamily {
					return
				}
				for _, v := range e.Values {
					if !wild(v.Text) && !validRegion(v.Text) && !p.Placeholder(v.Range) {
						p.Reportf(v.Range, v.Path, "%q is not a Region code", v.Text)
					}
				}
			})
		}
	},
}
