package iamrules

import (
	"net/netip"
	"strings"

	"github.com/leastpriv/leastpriv/iam"
	"github.com/leastpriv/leastpriv/lint"
)

// sourceIPBlocks calls f for every IpAddress or NotIpAddress test of
// aws:SourceIp, with the values that parse as addresses, classified.
func sourceIPBlocks(p *lint.Pass, f func(b *iam.ConditionBlock, e *iam.ConditionEntry, priv, pub []netip.Prefix)) {
	for _, st := range p.Policy.Statements {
		conditionEntries(st, func(b *iam.ConditionBlock, e *iam.ConditionEntry) {
			if b.Operator.Family != iam.IPFamily || !strings.EqualFold(e.Key.Value, "aws:SourceIp") {
				return
			}
			var priv, pub []netip.Prefix
			for _, v := range e.Values {
				pfx, ok := ipValue(v.Text)
				if !ok {
					continue
				}
				if private(pfx) {
					priv = append(priv, pfx)
				} else {
					pub = append(pub, pfx)
				}
			}
			f(b, e, priv, pub)
		})
	}
}

func prefixes(ps []netip.Prefix) string {
	s := make([]string, len(ps))
	for i, p := range ps {
		s[i] = p.String()
	}
	return strings.Join(s, ", ")
}
