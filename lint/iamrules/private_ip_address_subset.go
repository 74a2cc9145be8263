package iamrules

import (
	"net/netip"

	"github.com/leastpriv/leastpriv/diag"
	"github.com/leastpriv/leastpriv/iam"
	"github.com/leastpriv/leastpriv/lint"
)

// PrivateIPAddressSubset: aws:SourceIp mixes private and public addresses.
var PrivateIPAddressSubset = &lint.Rule{
	Code:     "PRIVATE_IP_ADDRESS_SUBSET",
	Severity: diag.Suggestion,
	Title:    "aws:SourceIp mixes private and public addresses",
	Doc: `aws:SourceIp never holds a private address: the private ranges of this
condition have no effect. Use aws:VpcSourceIp for them.`,
	Hint:   "move the private ranges to an aws:VpcSourceIp condition",
	Source: srcAA,
	URLs:   []string{aaChecks, globalKeysDoc},
	Bad:    policy(`{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {"IpAddress": {"aws:SourceIp": ["10.0.0.0/8", "203.0.113.0/24"]}}}`),
	Good:   policy(`{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}}}`),
	Run: func(p *lint.Pass) {
		sourceIPBlocks(p, func(b *iam.ConditionBlock, e *iam.ConditionEntry, priv, pub []netip.Prefix) {
			if !b.Operator.Negated && len(priv) > 0 && len(pub) > 0 {
				p.Reportf(e.Key.Range, e.Key.Path, "aws:SourceIp mixes private (%s) and public addresses: the private ones never match", prefixes(priv))
			}
		})
	},
}
