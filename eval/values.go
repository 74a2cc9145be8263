package eval

import (
	"encoding/base64"
	"fmt"
	"net/netip"
	"strconv"
	"strings"
	"time"
)

// A decimal is an exact decimal number: IAM's Numeric operators compare
// "integer or decimal" values, and float64 would round large integers.
type decimal struct {
	neg  bool
	int  string // digits without leading zeros ("" for zero)
	frac string // digits without trailing zeros
}

// parseDecimal accepts an optional sign, digits, and an optional fraction
// ("-12", "3.50", ".5", "5."). Exponents, hex, NaN and infinities are
// rejected: IAM documents integers and decimals only.
func parseDecimal(s string) (decimal, error) {
	var d decimal
	t := s
	if t != "" && (t[0] == '-' || t[0] == '+') {
		d.neg = t[0] == '-'
		t = t[1:]
	}
	ip, fp, _ := strings.Cut(t, ".")
	if ip == "" && fp == "" {
		return decimal{}, fmt.Errorf("%q is not a number", s)
	}
	for _, part := range []string{ip, fp} {
		for i := 0; i < len(part); i++ {
			if part[i] < '0' || part[i] > '9' {
				return decimal{}, fmt.Errorf("%q is not a number", s)
			}
		}
	}
	d.int = strings.TrimLeft(ip, "0")
	d.frac = strings.TrimRight(fp, "0")
	if d.int == "" && d.frac == "" {
		d.neg = false // -0 == 0
	}
	return d, nil
}

// cmp returns -1, 0 or +1.
func (a decimal) cmp(b decimal) int {
	if a.neg != b.neg {
		if a.neg {
			return -1
		}
		return 1
	}
	c := a.cmpAbs(b)
	if a.neg {
		return -c
	}
	return c
}

func (a decimal) cmpAbs(b decimal) int {
	if len(a.int) != len(b.int) {
		if len(a.int) < len(b.int) {
			return -1
		}
		return 1
	}
	if c := strings.Compare(a.int, b.int); c != 0 {
		return c
	}
	return strings.Compare(a.frac, b.frac) // no trailing zeros: lexical order is numeric order
}

// dateLayouts are the W3C profile of ISO 8601 forms IAM documents for Date
// operators, most specific first.
var dateLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05Z0700",
	"2006-01-02T15:04Z07:00",
	"2006-01-02T15:04Z0700",
	"2006-01-02T15:04:05",
	"2006-01-02T15:04",
	"2006-01-02",
}

// parseDate accepts an ISO 8601 date or date-time (UTC when no zone is
// given) or a POSIX epoch in whole seconds ("1563278400"). A string of digits
// is always an epoch.
func parseDate(s string) (time.Time, error) {
	if isInteger(s) {
		if n, err := strconv.ParseInt(s, 10, 64); err == nil {
			return time.Unix(n, 0).UTC(), nil
		}
	}
	for _, l := range dateLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("%q is not a date (want ISO 8601, such as 2019-07-16T12:00:00Z, or epoch seconds)", s)
}

func isInteger(s string) bool {
	s = strings.TrimPrefix(s, "-")
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// parseCIDR accepts an IPv4 or IPv6 CIDR block, or a bare address, which
// means /32 (or /128): "If you don't specify the prefix, IAM uses /32".
func parseCIDR(s string) (netip.Prefix, error) {
	if strings.Contains(s, "/") {
		p, err := netip.ParsePrefix(s)
		if err != nil {
			return netip.Prefix{}, fmt.Errorf("%q is not an IP address or CIDR block", s)
		}
		return p.Masked(), nil
	}
	a, err := netip.ParseAddr(s)
	if err != nil || a.Zone() != "" {
		return netip.Prefix{}, fmt.Errorf("%q is not an IP address or CIDR block", s)
	}
	return netip.PrefixFrom(a, a.BitLen()), nil
}

// parseIP parses a request's address. IPv4-mapped IPv6 addresses are
// compared as IPv4.
func parseIP(s string) (netip.Addr, error) {
	a, err := netip.ParseAddr(s)
	if err != nil || a.Zone() != "" {
		return netip.Addr{}, fmt.Errorf("%q is not an IP address", s)
	}
	return a.Unmap(), nil
}

// parseBinary decodes a base64 value (standard alphabet, padding optional).
func parseBinary(s string) ([]byte, error) {
	if b, err := base64.StdEncoding.DecodeString(s); err == nil {
		return b, nil
	}
	if b, err := base64.RawStdEncoding.DecodeString(s); err == nil {
		return b, nil
	}
	return nil, fmt.Errorf("%q is not base64", s)
}

// parseBool accepts "true" or "false" in any case.
func parseBool(s string) (bool, error) {
	switch strings.ToLower(s) {
	case "true":
		return true, nil
	case "false":
		return false, nil
	}
	return false, fmt.Errorf("%q is not true or false", s)
}
