package compare

import (
	"encoding/base64"
	"math/big"
	"net/netip"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/leastpriv/leastpriv/catalog"
	"github.com/leastpriv/leastpriv/iam"
	"github.com/leastpriv/leastpriv/internal/glob"
)

// A cond is one condition key test of a statement: an operator, a key and
// its values. A statement's conds are ANDed.
//
// For every operator, a request value v passes the operator's positive
// test when it is in the set P of values the policy values describe (for
// StringLike, the strings the globs match; for NumericLessThan, the numbers
// below the largest value; ...). The negated operators negate that test.
// The whole condition then depends on P, the negation, the set qualifier
// and IfExists only
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_multi-value-conditions.html),
// and it is monotone in P for positive operators and antitone for negated
// ones, whatever the qualifier: that is what makes the comparisons below
// sound.
type cond struct {
	op       iam.Operator
	key      string // lower case
	keyRaw   string
	raw      []string // the values as written, sorted
	negated  bool
	qual     iam.SetQualifier
	ifExists bool
	// templated is set when a value holds "${" in a policy that reads
	// policy variables (Version 2012-10-17): the same text means something
	// else in a policy that does not.
	templated bool
	// single is set when the catalog documents the key as single-valued
	// (Bool, not ArrayOfBool): a request carries at most one value.
	single bool

	kind valueKind
	// P, in the form of its kind. ok is false when some value could not be
	// read (the condition is then compared only for being identical).
	ok    bool
	lang  glob.Lang  // kString, kFold
	ivals []interval // kNumber, kDate
	ips   []netip.Prefix
	bins  [][]byte
	nulls []bool
}

type valueKind uint8

const (
	kString valueKind = iota + 1 // StringEquals, StringLike, ArnEquals, ArnLike
	kFold                        // StringEqualsIgnoreCase
	kBool                        // Bool
	kNumber
	kDate
	kIP
	kBinary
	kNull
)

// markSingle sets single on the conditions whose key the catalog documents
// as single-valued.
func markSingle(cat *catalog.Catalog, cs []cond) {
	for i := range cs {
		if k := cat.ConditionKey(cs[i].keyRaw); k != nil && !k.Type.IsMultiValued() {
			cs[i].single = true
		}
	}
}

// compileConds compiles a statement's Condition element.
func compileConds(c *iam.Condition, vars bool) []cond {
	if c == nil {
		return nil
	}
	var out []cond
	for _, b := range c.Blocks {
		for _, e := range b.Entries {
			out = append(out, compileCond(b.Operator, e, vars))
		}
	}
	return out
}

func compileCond(op iam.Operator, e *iam.ConditionEntry, vars bool) cond {
	c := cond{op: op, key: strings.ToLower(e.Key.Value), keyRaw: e.Key.Value, negated: op.Negated, qual: op.Qualifier, ifExists: op.IfExists, ok: true}
	for _, v := range e.Values {
		c.raw = append(c.raw, v.Text)
		c.templated = c.templated || vars && strings.Contains(v.Text, "${")
	}
	slices.Sort(c.raw)
	c.raw = slices.Compact(c.raw)
	switch op.Family {
	case iam.StringFamily:
		switch op.Base {
		case "StringEquals", "StringNotEquals":
			c.kind = kString
			for _, v := range c.raw {
				c.lang.Exprs = append(c.lang.Exprs, literalExpr(v, vars))
			}
		case "StringEqualsIgnoreCase", "StringNotEqualsIgnoreCase":
			c.kind = kFold
			for _, v := range c.raw {
				c.lang.Exprs = append(c.lang.Exprs, literalExpr(v, vars))
			}
		default: // StringLike, StringNotLike
			c.kind = kString
			for _, v := range c.raw {
				c.lang.Exprs = append(c.lang.Exprs, likeExpr(v, vars))
			}
		}
	case iam.ARNFamily:
		c.kind = kString
		for _, v := range c.raw {
			e, ok := arnExpr(v, vars)
			if !ok {
				c.ok = false
				break
			}
			if e != nil {
				c.lang.Exprs = append(c.lang.Exprs, e)
			}
		}
	case iam.BoolFamily:
		c.kind = kBool
		for _, v := range c.raw {
			c.lang.Exprs = append(c.lang.Exprs, literalExpr(v, vars))
		}
	case iam.NumericFamily, iam.DateFamily:
		c.kind = kNumber
		if op.Family == iam.DateFamily {
			c.kind = kDate
		}
		rel := strings.TrimPrefix(strings.TrimPrefix(op.Base, "Numeric"), "Date")
		for _, v := range c.raw {
			var x *big.Rat
			if c.kind == kNumber {
				x = parseDecimal(v)
			} else {
				x = parseDate(v)
			}
			if x == nil {
				c.ok = false
				break
			}
			c.ivals = append(c.ivals, relInterval(rel, x))
		}
	case iam.IPFamily:
		c.kind = kIP
		for _, v := range c.raw {
			p, ok := parseCIDR(v)
			if !ok {
				c.ok = false
				break
			}
			c.ips = append(c.ips, p)
		}
	case iam.BinaryFamily:
		c.kind = kBinary
		for _, v := range c.raw {
			b, ok := parseBinary(v)
			if !ok {
				c.ok = false
				break
			}
			c.bins = append(c.bins, b)
		}
	case iam.NullFamily:
		c.kind = kNull
		for _, v := range c.raw {
			switch strings.ToLower(v) {
			case "true":
				c.nulls = append(c.nulls, true)
			case "false":
				c.nulls = append(c.nulls, false)
			default:
				c.ok = false
			}
		}
	default:
		c.ok = false
	}
	return c
}

// literalExpr is a value compared as a whole: '*' and '?' are ordinary
// characters, variables opaque values.
func literalExpr(s string, vars bool) glob.Expr {
	var e glob.Expr
	for _, p := range splitTemplate(s, vars) {
		if p.kind == 'v' {
			e = append(e, glob.Token{Kind: glob.Var, Text: p.id})
		} else if p.text != "" {
			e = append(e, glob.Token{Kind: glob.Literal, Text: p.text})
		}
	}
	return e
}

// likeExpr is a StringLike value: '*' and '?' are wildcards over the
// whole string.
func likeExpr(s string, vars bool) glob.Expr {
	var e glob.Expr
	for _, p := range splitTemplate(s, vars) {
		switch p.kind {
		case 'v':
			e = append(e, glob.Token{Kind: glob.Var, Text: p.id})
		case 'x':
			e = append(e, glob.Token{Kind: glob.Literal, Text: p.text})
		default:
			e = append(e, glob.ParseExpr(p.text)...)
		}
	}
	return e
}

// arnExpr is an ArnLike / ArnEquals value: the six colon-separated
// components are matched separately, so '*' and '?' stay within the first
// five, and a request value needs at least five colons. nil, true means
// the value matches nothing (fewer than six components); false means a
// variable in the first five components makes the components depend on the
// request.
func arnExpr(s string, vars bool) (glob.Expr, bool) {
	var e glob.Expr
	colons := 0
	for _, p := range splitTemplate(s, vars) {
		switch p.kind {
		case 'v':
			if colons < 5 {
				return nil, false
			}
			e = append(e, glob.Token{Kind: glob.Var, Text: p.id})
		case 'x':
			e = append(e, glob.Token{Kind: glob.Literal, Text: p.text})
		default:
			for _, t := range glob.ParseExpr(p.text) {
				if t.Kind != glob.Literal {
					// Wildcards of the first five components stay in
					// their component.
					t.InSegment = colons < 5
					e = append(e, t)
					continue
				}
				colons += strings.Count(t.Text, ":")
				e = append(e, t)
			}
		}
	}
	if colons < 5 {
		return nil, true
	}
	return e, true
}

// An interval of numbers (dates as seconds since the epoch); nil bounds
// are infinite.
type interval struct {
	lo, hi         *big.Rat
	loOpen, hiOpen bool
}

func relInterval(rel string, x *big.Rat) interval {
	switch rel {
	case "LessThan":
		return interval{hi: x, hiOpen: true}
	case "LessThanEquals":
		return interval{hi: x}
	case "GreaterThan":
		return interval{lo: x, loOpen: true}
	case "GreaterThanEquals":
		return interval{lo: x}
	}
	return interval{lo: x, hi: x} // Equals, NotEquals
}

// within reports whether a ⊆ b.
func (a interval) within(b interval) bool {
	if b.lo != nil {
		if a.lo == nil {
			return false
		}
		c := a.lo.Cmp(b.lo)
		if c < 0 || c == 0 && b.loOpen && !a.loOpen {
			return false
		}
	}
	if b.hi != nil {
		if a.hi == nil {
			return false
		}
		c := a.hi.Cmp(b.hi)
		if c > 0 || c == 0 && b.hiOpen && !a.hiOpen {
			return false
		}
	}
	return true
}

// parseDecimal reads an IAM number: an optional sign, digits and an
// optional fraction, as the engine does.
func parseDecimal(s string) *big.Rat {
	t := strings.TrimLeft(s, "+-")
	if len(s)-len(t) > 1 {
		return nil
	}
	ip, fp, _ := strings.Cut(t, ".")
	if ip == "" && fp == "" {
		return nil
	}
	for _, part := range []string{ip, fp} {
		for i := 0; i < len(part); i++ {
			if part[i] < '0' || part[i] > '9' {
				return nil
			}
		}
	}
	r, ok := new(big.Rat).SetString(s[:len(s)-len(t)] + orZero(ip) + "." + orZero(fp))
	if !ok {
		return nil
	}
	return r
}

func orZero(s string) string {
	if s == "" {
		return "0"
	}
	return s
}

var dateLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05Z0700",
	"2006-01-02T15:04Z07:00",
	"2006-01-02T15:04Z0700",
	"2006-01-02T15:04:05",
	"2006-01-02T15:04",
	"2006-01-02",
}

// parseDate reads an IAM date as the engine does (ISO 8601, or epoch
// seconds when all digits) and returns seconds since the epoch.
func parseDate(s string) *big.Rat {
	t := strings.TrimPrefix(s, "-")
	digits := t != ""
	for i := 0; i < len(t); i++ {
		if t[i] < '0' || t[i] > '9' {
			digits = false
		}
	}
	if digits {
		if n, err := strconv.ParseInt(s, 10, 64); err == nil {
			return new(big.Rat).SetInt64(n)
		}
	}
	for _, l := range dateLayouts {
		if d, err := time.Parse(l, s); err == nil {
			r := new(big.Rat).SetInt64(d.Unix())
			return r.Add(r, big.NewRat(int64(d.Nanosecond()), 1e9))
		}
	}
	return nil
}

func parseCIDR(s string) (netip.Prefix, bool) {
	if strings.Contains(s, "/") {
		p, err := netip.ParsePrefix(s)
		if err != nil {
			return netip.Prefix{}, false
		}
		return p.Masked(), true
	}
	a, err := netip.ParseAddr(s)
	if err != nil || a.Zone() != "" {
		return netip.Prefix{}, false
	}
	return netip.PrefixFrom(a, a.BitLen()), true
}

func parseBinary(s string) ([]byte, bool) {
	if b, err := base64.StdEncoding.DecodeString(s); err == nil {
		return b, true
	}
	if b, err := base64.RawStdEncoding.DecodeString(s); err == nil {
		return b, true
	}
	return nil, false
}

// missing is the condition's value when the request lacks the key.
func (c *cond) missing() bool {
	switch {
	case c.kind == kNull:
		return slices.Contains(c.nulls, true)
	case c.ifExists, c.qual == iam.ForAllValues:
		return true
	case c.qual == iam.ForAnyValue:
		return false
	}
	return c.negated
}

// identical reports whether a and b are the same test, as written and as
// read ("${aws:username}" is a variable in one policy and text in another).
func identical(a, b *cond) bool {
	return a.key == b.key && a.op.Base == b.op.Base && a.qual == b.qual && a.ifExists == b.ifExists && a.templated == b.templated && slices.Equal(a.raw, b.raw)
}

// valuesWithin reports whether P(a) ⊆ P(b), for conditions of compatible
// kinds.
func valuesWithin(a, b *cond) bool {
	if !a.ok || !b.ok {
		return false
	}
	switch {
	case a.kind == kString && b.kind == kString:
		ans, _ := glob.Included(a.lang, []glob.Lang{b.lang}, glob.Options{Sep: ':'})
		return ans == glob.Yes
	case a.kind == kFold && b.kind == kFold, a.kind == kBool && b.kind == kBool:
		// ASCII folding refines the engine's Unicode-aware EqualFold, so
		// inclusion under it implies inclusion of the fold classes.
		ans, _ := glob.Included(a.lang, []glob.Lang{b.lang}, glob.Options{Fold: true})
		return ans == glob.Yes
	case a.kind == kNumber && b.kind == kNumber, a.kind == kDate && b.kind == kDate:
		for _, x := range a.ivals {
			if !slices.ContainsFunc(b.ivals, x.within) {
				return false
			}
		}
		return true
	case a.kind == kIP && b.kind == kIP:
		for _, p := range a.ips {
			if !slices.ContainsFunc(b.ips, func(q netip.Prefix) bool {
				return q.Addr().Is4() == p.Addr().Is4() && q.Bits() <= p.Bits() && q.Contains(p.Addr())
			}) {
				return false
			}
		}
		return true
	case a.kind == kBinary && b.kind == kBinary:
		for _, x := range a.bins {
			if !slices.ContainsFunc(b.bins, func(y []byte) bool { return string(x) == string(y) }) {
				return false
			}
		}
		return true
	}
	return false
}

// condImplies reports whether every request that passes a passes b.
func condImplies(a, b *cond) bool {
	if a.key != b.key {
		return false
	}
	if identical(a, b) {
		return true
	}
	if a.kind == kNull || b.kind == kNull {
		if a.kind != kNull || b.kind != kNull || !a.ok || !b.ok {
			return false
		}
		for _, v := range a.nulls {
			if !slices.Contains(b.nulls, v) {
				return false
			}
		}
		return true
	}
	if a.missing() && !b.missing() {
		return false
	}
	if a.qual != b.qual || a.negated != b.negated {
		return false
	}
	if a.negated {
		return valuesWithin(b, a)
	}
	return valuesWithin(a, b)
}

// implies reports whether every request satisfying all of as satisfies all
// of bs: each condition of bs follows from one of as.
func implies(as, bs []cond) bool {
	for i := range bs {
		ok := false
		for j := range as {
			if condImplies(&as[j], &bs[i]) {
				ok = true
				break
			}
		}
		if !ok {
			return false
		}
	}
	return true
}

// contradict reports whether no request satisfies both a and b (sound, not
// complete): a positive test of values P and a negated test of values
// containing P ("StringEquals x: a" and "StringNotEquals x: [a, b]"); a
// Null test for absence and a test that needs the key; or two Bool tests
// for different values of a key the catalog documents as single-valued
// (a request may give an undocumented key both true and false).
func contradict(a, b *cond) bool {
	if a.key != b.key || !a.ok || !b.ok {
		return false
	}
	for range 2 {
		switch {
		case a.kind == kNull && b.kind == kNull:
			if len(a.nulls) == 1 && len(b.nulls) == 1 && a.nulls[0] != b.nulls[0] {
				return true
			}
		case a.kind == kNull:
			// Null true: the key is absent; b needs it when it is false
			// on a missing key.
			if len(a.nulls) == 1 && a.nulls[0] && !b.missing() {
				return true
			}
		case a.kind == kBool && b.kind == kBool:
			if a.single && !a.negated && !b.negated && a.qual == iam.NoQualifier && b.qual == iam.NoQualifier && !(a.missing() && b.missing()) {
				ans, _ := glob.IntersectsLang(a.lang, b.lang, glob.Options{Fold: true})
				if ans == glob.No {
					return true
				}
			}
		case !a.negated && b.negated && a.qual == iam.NoQualifier && b.qual == iam.NoQualifier && !a.missing():
			if valuesWithin(a, b) {
				return true
			}
		}
		a, b = b, a
	}
	return false
}

// disjoint reports whether no request satisfies both condition lists.
func disjoint(as, bs []cond) bool {
	for i := range as {
		for j := range bs {
			if contradict(&as[i], &bs[j]) {
				return true
			}
		}
	}
	return false
}

// String renders the condition as "StringEquals aws:SourceVpce = a, b".
func (c *cond) String() string {
	return c.op.Name + " " + c.keyRaw + " = " + strings.Join(c.raw, ", ")
}

func condsText(cs []cond) string {
	parts := make([]string, len(cs))
	for i := range cs {
		parts[i] = cs[i].String()
	}
	return strings.Join(parts, "; ")
}
