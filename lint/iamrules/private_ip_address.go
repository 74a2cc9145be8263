package iamrules

import (
	"net/netip"

	"github.com/leastpriv/leastpriv/diag"
	"github.com/leastpriv/leastpriv/iam"
	"github.com/leastpriv/leastpriv/lint"
)

// PrivateIPAddress: aws:SourceIp allows only private addresses.
var PrivateIPAddress = &lint.Rule{
	Code:     "PRIVATE_IP_ADDRESS",
	Severity: diag.Error,
	Title:    "aws:SourceIp allows only private addresses",
	Doc: `aws:SourceIp is the public address a request comes from; requests through a VPC
endpoint or from inside AWS do not carry a private address in it. An IpAddress
condition listing only private ranges (10.0.0.0/8, 192.168.0.0/16, ...) never
matches. For private addresses use aws:VpcSourceIp.`,
	Hint:   "use public ranges, or aws:VpcSourceIp for private ones",
	Source: srcAA,
	URLs:   []string{aaChecks, globalKeysDoc},
	Bad:    policy(`{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}}}`),
	Good:   policy(`{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {"IpAddress": {"aws:VpcSourceIp": "10.0.0.0/8"}}}`),
	Run: func(p *lint.Pass) {
		sourceIPBlocks(p, func(b *iam.ConditionBlock, e *iam.ConditionEntry, priv, pub []netip.Prefix) {
			if !b.Operator.Negated && len(priv) > 0 && len(pub) == 0 {
				p.Reportf(e.Key.Range, e.Key.Path, "aws:SourceIp lists only private addresses (%s): this condition never matches", prefixes(priv))
			}
		})
	},
}
