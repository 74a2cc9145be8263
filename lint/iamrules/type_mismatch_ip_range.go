package iamrules

import (
	"github.com/leastpriv/leastpriv/diag"
	"github.com/leastpriv/leastpriv/iam"
	"github.com/leastpriv/leastpriv/lint"
)

// TypeMismatchIPRange: IP address operator value is not an address or CIDR range.
var TypeMismatchIPRange = &lint.Rule{
	Code:     "TYPE_MISMATCH_IP_RANGE",
	Severity: diag.Error,
	Title:    "IP address operator value is not an address or CIDR range",
	Doc: `IpAddress and NotIpAddress compare with IPv4 or IPv6 addresses and CIDR ranges
("203.0.113.0/24"); any other value never matches. (Access Analyzer's 2023 check
reference classified this check as a general warning; its current one as an
error.)`,
	Hint:   "use CIDR notation such as 203.0.113.0/24",
	Source: srcAA,
	URLs:   []string{aaChecks, operatorsDoc},
	Bad:    policy(`{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*", "Condition": {"IpAddress": {"aws:SourceIp": "203.0.113.*"}}}`),
	Good:   policy(`{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*", "Condition": {"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}}}`),
	Run: func(p *lint.Pass) {
		for _, st := range p.Policy.Statements {
			conditionEntries(st, func(b *iam.ConditionBlock, e *iam.ConditionEntry) {
				if !(b.Operator.Family == iam.IPFamily) {
					return
				}
				for _, v := range e.Values {
					if hasVariable(v.Text) || p.Placeholder(v.Range) {
						continue
					}
					if !ipOK(v.Text) {
						p.Reportf(v.Range, v.Path, "%s value %q is not an IP address or CIDR range", b.Operator.Name, v.Text)
					}
				}
			})
		}
	},
}
