package iamrules

import (
	"github.com/leastpriv/leastpriv/diag"
	"github.com/leastpriv/leastpriv/iam"
	"github.com/leastpriv/leastpriv/lint"
)

// ImproveIPRange reports CIDR ranges with bits set after the prefix.
var ImproveIPRange = &lint.Rule{
	Code:     "IMPROVE_IP_RANGE",
	Severity: diag.Suggestion,
	Title:    "CIDR range with host bits set",
	Doc: `In "203.0.113.5/24" the bits after the first 24 are ignored: the range is
203.0.113.0/24. Writing the network address makes the range what it reads.`,
	Hint:   "write the network address of the range",
	Source: srcAA,
	URLs:   []string{aaChecks, operatorsDoc},
	Bad:    policy(`{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {"IpAddress": {"aws:SourceIp": "203.0.113.5/24"}}}`),
	Good:   policy(`{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}}}`),
	Run: func(p *lint.Pass) {
		for _, st := range p.Policy.Statements {
			conditionEntries(st, func(b *iam.ConditionBlock, e *iam.ConditionEntry) {
				if b.Operator.Family != iam.IPFamily {
					return
				}
				for _, v := range e.Values {
					pfx, ok := ipValue(v.Text)
					if ok && pfx.Masked() != pfx {
						p.ReportHint(v.Range, v.Path, sprintf("write %s", pfx.Masked()), "bits of %s after the /%d prefix are ignored: the range is %s", v.Text, pfx.Bits(), pfx.Masked())
					}
				}
			})
		}
	},
}
