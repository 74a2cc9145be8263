package iamrules

import (
	"encoding/base64"
	"net/netip"
	"regexp"
	"strconv"
	"strings"
	"sync"
)

func isBool(s string) bool { return strings.EqualFold(s, "true") || strings.EqualFold(s, "false") }

func isNumber(s string) bool {
	if s == "" || strings.ContainsAny(s, "xXpP_") || strings.EqualFold(s, "inf") || strings.EqualFold(s, "nan") {
		return false
	}
	_, err := strconv.ParseFloat(s, 64)
	return err == nil
}

var (
	isoDateRE = lazyRegexp(`^\d{4}(-\d{2}(-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?)?)?$`)
	epochRE   = lazyRegexp(`^\d{1,12}$`)
)

// dateValue classifies a Date operator value: an ISO 8601 date, epoch
// seconds, or neither.
func dateValue(s string) (iso, epoch bool) {
	if isoDateRE().MatchString(s) && len(s) != 4 {
		return true, false
	}
	return false, epochRE().MatchString(s)
}

// ipValue parses an IP operator value: an address or a CIDR prefix.
func ipValue(s string) (netip.Prefix, bool) {
	if strings.Contains(s, "/") {
		p, err := netip.ParsePrefix(s)
		return p, err == nil
	}
	a, err := netip.ParseAddr(s)
	if err != nil {
		return netip.Prefix{}, false
	}
	return netip.PrefixFrom(a, a.BitLen()), true
}

func isBase64(s string) bool {
	_, err := base64.StdEncoding.DecodeString(s)
	return err == nil && s != ""
}

// private reports whether every address of p is private (RFC 1918, RFC 4193
// unique local, loopback or link-local): such addresses never reach AWS as a
// request's aws:SourceIp.
func private(p netip.Prefix) bool {
	for _, r := range privateRanges {
		if r.Bits() <= p.Bits() && r.Contains(p.Addr()) {
			return true
		}
	}
	return false
}

var privateRanges = []netip.Prefix{
	netip.MustParsePrefix("10.0.0.0/8"),
	netip.MustParsePrefix("172.16.0.0/12"),
	netip.MustParsePrefix("192.168.0.0/16"),
	netip.MustParsePrefix("127.0.0.0/8"),
	netip.MustParsePrefix("169.254.0.0/16"),
	netip.MustParsePrefix("fc00::/7"),
	netip.MustParsePrefix("fe80::/10"),
	netip.MustParsePrefix("::1/128"),
}

func dateOK(s string) bool {
	iso, epoch := dateValue(s)
	return iso || epoch
}

func isEpoch(s string) bool {
	_, epoch := dateValue(s)
	return epoch
}

func ipOK(s string) bool {
	_, ok := ipValue(s)
	return ok
}

// lazyRegexp returns a function that compiles expr on its first call:
// compiling every expression when the program starts would cost each command,
// whether it uses them or not.
func lazyRegexp(expr string) func() *regexp.Regexp {
	return sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(expr) })
}
