package iamrules

import (
	"net/netip"

	"github.com/leastpriv/leastpriv/diag"
	"github.com/leastpriv/leastpriv/iam"
	"github.com/leastpriv/leastpriv/lint"
)

// PrivateNotIPAddress: NotIpAddress on aws:SourceIp lists only private addresses.
var PrivateNotIPAddress = &lint.Rule{
	Code:     "PRIVATE_NOT_IP_ADDRESS",
	Severity: diag.Error,
	Title:    "NotIpAddress on aws:SourceIp lists only private addresses",
	Doc: `aws:SourceIp never holds a private address, so NotIpAddress with only private
ranges always matches: the condition has no effect. For private addresses use
aws:VpcSourceIp.`,
	Hint:   "use public ranges, or aws:VpcSourceIp for private ones",
	Source: srcAA,
	URLs:   []string{aaChecks, globalKeysDoc},
	Bad:    policy(`{"Effect": "Deny", "Action": "s3:GetObject", "Resource": "*", "Condition": {"NotIpAddress": {"aws:SourceIp": "192.168.0.0/16"}}}`),
	Good:   policy(`{"Effect": "Deny", "Action": "s3:GetObject", "Resource": "*", "Condition": {"NotIpAddress": {"aws:VpcSourceIp": "192.168.0.0/16"}}}`),
	Run: func(p *lint.Pass) {
		sourceIPBlocks(p, func(b *iam.ConditionBlock, e *iam.ConditionEntry, priv, pub []netip.Prefix) {
			if b.Operator.Negated && len(priv) > 0 && len(pub) == 0 {
				p.Reportf(e.Key.Range, e.Key.Path, "aws:SourceIp lists only private addresses (%s): NotIpAddress always matches", prefixes(priv))
			}
		})
	},
}
