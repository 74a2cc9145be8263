package iamrules

import (
	"slices"
	"strings"
	"sync"

	"github.com/leastpriv/leastpriv/catalog"
	"github.com/leastpriv/leastpriv/lint"
)

// An arn is a resource ARN split into its six fields; Resource is everything
// after the fifth colon. N is the number of fields found (at most 6).
type arn struct {
	Prefix, Partition, Service, Region, Account, Resource string
	N                                                     int
}

// splitARN splits s at its first five colons, without allocating.
func splitARN(s string) arn {
	var a arn
	fields := [6]*string{&a.Prefix, &a.Partition, &a.Service, &a.Region, &a.Account, &a.Resource}
	for i := 0; i < 5; i++ {
		j := strings.IndexByte(s, ':')
		if j < 0 {
			*fields[i] = s
			a.N = i + 1
			return a
		}
		*fields[i] = s[:j]
		s = s[j+1:]
	}
	a.Resource = s
	a.N = 6
	return a
}

// wild reports whether an ARN field holds a wildcard or a placeholder, so
// that its exact value is unknown.
func wild(s string) bool { return hasWildcard(s) || strings.Contains(s, "${") }

var (
	partitions = map[string]bool{"aws": true, "aws-cn": true, "aws-us-gov": true, "aws-iso": true, "aws-iso-b": true, "aws-iso-e": true, "aws-iso-f": true, "aws-eusc": true}
	accountRE  = lazyRegexp(`^[0-9]{12}$`)
)

// validRegion reports whether s has the shape of an AWS Region code
// ("us-east-1", "us-gov-west-1", "eusc-de-east-1").
func validRegion(s string) bool {
	return regionShape(s) || strings.HasPrefix(s, "eusc-") && regionShape(s[2:])
}

// regionShape reports whether s matches
// ^[a-z]{2}(-gov|-iso[a-z]?|-isob)?-[a-z]+-[0-9]{1,2}$, without a regular
// expression (it is asked for every ARN).
func regionShape(s string) bool {
	i := strings.LastIndexByte(s, '-')
	if i < 0 || !allIn(s[i+1:], '0', '9') || len(s)-i-1 > 2 {
		return false
	}
	s = s[:i]
	j := strings.LastIndexByte(s, '-')
	if j < 0 || !allIn(s[j+1:], 'a', 'z') {
		return false
	}
	p := s[:j]
	if len(p) < 2 || !allIn(p[:2], 'a', 'z') {
		return false
	}
	switch g := p[2:]; {
	case g == "", g == "-gov", g == "-iso":
		return true
	case len(g) == 5 && strings.HasPrefix(g, "-iso"):
		return allIn(g[4:], 'a', 'z')
	}
	return false
}

// allIn reports whether s is not empty and all its bytes are in lo..hi.
func allIn(s string, lo, hi byte) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < lo || s[i] > hi {
			return false
		}
	}
	return true
}

// A format is one ARN format of a resource type, split like an arn.
type format struct {
	Type *catalog.ResourceType
	arn
	glob    string // the resource field with ${...} replaced by *
	globLit string // glob up to its first wildcard
	// g is the whole format as a glob; single reports that it is the
	// type's only format, so that g alone decides whether a resource can
	// be of the type. Otherwise forms holds every format of the type.
	g      arnGlob
	single bool
	forms  *typeForms
}

// typeForms are the ARN formats of one resource type, as globs.
type typeForms struct {
	split []arnGlob
}

// An arnGlob is a pattern over whole ARNs (placeholders turned into
// wildcards), split into fields, with what comparing it with many others
// needs worked out once.
type arnGlob struct {
	whole string
	arn
	wild [6]bool // per field of arn, in order: holds '*' or '?'
	lit  string  // Resource up to its first wildcard
}

func newARNGlob(s string) arnGlob {
	g := arnGlob{whole: s, arn: splitARN(s)}
	for i, f := range [6]string{g.Prefix, g.Partition, g.Service, g.Region, g.Account, g.Resource} {
		g.wild[i] = hasWildcard(f)
	}
	g.lit = literalHead(g.Resource)
	return g
}

// literalHead returns s up to its first wildcard.
func literalHead(s string) string {
	if i := indexWildcard(s); i >= 0 {
		return s[:i]
	}
	return s
}

// meets reports whether g, a format, can name a resource that the pattern
// h names.
func (g *arnGlob) meets(h *arnGlob) bool {
	if h.N < 6 || g.N < 6 {
		// A short pattern's wildcard spans the missing fields.
		return meet(g.whole, h.whole)
	}
	// Fields are compared one by one: a wildcard inside a field is read as
	// staying in its field, as everyone writes ARNs.
	const partition, service, region, account = 1, 2, 3, 4
	n := min(len(g.lit), len(h.lit))
	return fieldMeets(g.Service, g.wild[service], h.Service, h.wild[service]) &&
		fieldMeets(g.Partition, g.wild[partition], h.Partition, h.wild[partition]) &&
		fieldMeets(g.Region, g.wild[region], h.Region, h.wild[region]) &&
		fieldMeets(g.Account, g.wild[account], h.Account, h.wild[account]) &&
		g.lit[:n] == h.lit[:n] && meet(g.Resource, h.Resource)
}

// fieldsMeet reports whether two ARN field patterns can match the same text.
func fieldsMeet(a, b string) bool {
	return fieldMeets(a, hasWildcard(a), b, hasWildcard(b))
}

// fieldMeets is fieldsMeet for fields of which aw and bw say whether they
// hold wildcards.
func fieldMeets(a string, aw bool, b string, bw bool) bool {
	if !aw && !bw {
		return a == b
	}
	return a == "*" || b == "*" || meet(a, b)
}

// arnIndex holds, for one catalog, the formats of the resource types by ARN
// service namespace ("s3", "execute-api"), each type's formats as globs over
// whole ARNs, and the actions that can be scoped to each type.
type arnIndex struct {
	byService map[string][]*format
	withAny   map[string][]*format // byService plus the placeholder-service formats
	forms     map[*catalog.ResourceType]*typeForms
	actions   map[*catalog.ResourceType][]int
}

// arnIndexes memoises one index per catalog; catalogs are immutable.
var arnIndexes sync.Map // *catalog.Catalog -> *arnIndex

func indexFor(c *catalog.Catalog) *arnIndex {
	if v, ok := arnIndexes.Load(c); ok {
		return v.(*arnIndex)
	}
	ix := &arnIndex{forms: map[*catalog.ResourceType]*typeForms{}, actions: map[*catalog.ResourceType][]int{}}
	n := 0
	for _, s := range c.Services() {
		for _, rt := range s.ResourceTypes {
			n += len(rt.ARNFormats())
		}
	}
	// The formats of a service lie next to each other in all, in catalog
	// order; the index's lists point into it.
	all := make([]format, 0, n)
	var keys []string
	for _, s := range c.Services() {
		for _, rt := range s.ResourceTypes {
			tf := ix.forms[rt]
			if tf == nil {
				tf = &typeForms{}
				ix.forms[rt] = tf
			}
			for _, f := range rt.ARNFormats() {
				g := newARNGlob(lint.Pattern(f))
				tf.split = append(tf.split, g)
				a := splitARN(f)
				if a.N < 6 {
					continue
				}
				key := strings.ToLower(a.Service)
				if wild(key) {
					key = anyService
				}
				fm := format{Type: rt, arn: a, glob: lint.Pattern(a.Resource), g: g, forms: tf}
				fm.globLit = literalHead(fm.glob)
				all = append(all, fm)
				keys = append(keys, key)
			}
		}
		for _, a := range s.Actions {
			for _, r := range a.Resources {
				ix.actions[r.Type] = append(ix.actions[r.Type], a.ID)
			}
		}
	}
	ix.byService = map[string][]*format{}
	for i := range all {
		all[i].single = len(all[i].forms.split) == 1
		ix.byService[keys[i]] = append(ix.byService[keys[i]], &all[i])
	}
	ix.withAny = map[string][]*format{}
	for svc, fs := range ix.byService {
		ix.withAny[svc] = slices.Concat(fs, ix.byService[anyService])
	}
	v, _ := arnIndexes.LoadOrStore(c, ix)
	return v.(*arnIndex)
}

// formatsFor returns the formats whose service field is service, and those
// whose service field is itself a placeholder ("${Vendor}").
func formatsFor(c *catalog.Catalog, service string) []*format {
	ix := indexFor(c)
	if fs, ok := ix.withAny[strings.ToLower(service)]; ok {
		return fs
	}
	return ix.byService[anyService]
}

// anyService keys the formats whose service field is a placeholder.
const anyService = "${}"

// typeMatches reports whether resource pattern h (placeholders already
// turned into wildcards) can name a resource of the type whose formats are
// tf.
func typeMatches(tf *typeForms, h *arnGlob) bool {
	for i := range tf.split {
		if tf.split[i].meets(h) {
			return true
		}
	}
	return false
}

// matches reports whether resource pattern h can name a resource of f's
// type.
func (f *format) matches(h *arnGlob) bool {
	if f.single {
		return f.g.meets(h)
	}
	return typeMatches(f.forms, h)
}

// meet reports whether two patterns ('*' any run, '?' one character) match
// a common string, by dynamic programming over their suffixes, without
// allocating for patterns of usual length.
//
// Heads and tails without '*' are compared first: where neither pattern has
// a star, each stands for exactly one character, which must agree. What is
// left is mostly a star against anything ("instance/*" and
// "instance/i-0abc" leave "*" and "i-0abc"), decided without the table.
func meet(p, q string) bool {
	for len(p) > 0 && len(q) > 0 && p[0] != '*' && q[0] != '*' {
		if p[0] != q[0] && p[0] != '?' && q[0] != '?' {
			return false
		}
		p, q = p[1:], q[1:]
	}
	for len(p) > 0 && len(q) > 0 && p[len(p)-1] != '*' && q[len(q)-1] != '*' {
		if a, b := p[len(p)-1], q[len(q)-1]; a != b && a != '?' && b != '?' {
			return false
		}
		p, q = p[:len(p)-1], q[:len(q)-1]
	}
	// A pattern of stars alone matches every string, and the other
	// pattern matches some string.
	if onlyStars(p) && (p != "" || onlyStars(q)) || onlyStars(q) && q != "" {
		return true
	}
	if p == "" || q == "" {
		return false // the other is not empty and not only stars
	}
	return meetDP(p, q)
}

// onlyStars reports whether s holds nothing but '*' (true for "").
func onlyStars(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] != '*' {
			return false
		}
	}
	return true
}

// meetDP is meet by dynamic programming over the patterns' suffixes.
func meetDP(p, q string) bool {
	n, m := len(p), len(q)
	var buf [2 * 129]bool
	var next, cur []bool
	if m+1 <= 129 {
		next, cur = buf[:m+1], buf[129:129+m+1]
	} else {
		next, cur = make([]bool, m+1), make([]bool, m+1)
	}
	// Row n: p is exhausted; q's rest must be all stars.
	next[m] = true
	for j := m - 1; j >= 0; j-- {
		next[j] = q[j] == '*' && next[j+1]
	}
	for i := n - 1; i >= 0; i-- {
		pc := p[i]
		// Column m: q is exhausted; p's rest must be all stars.
		cur[m] = pc == '*' && next[m]
		for j := m - 1; j >= 0; j-- {
			qc := q[j]
			ok := false
			switch {
			case pc == '*' && (next[j] || cur[j+1]):
				// p's star matches nothing, or takes q[j] (or what q's star
				// produces).
				ok = true
			case qc == '*' && (cur[j+1] || next[j]):
				ok = true
			case pc != '*' && qc != '*' && (pc == qc || pc == '?' || qc == '?'):
				ok = next[j+1]
			}
			cur[j] = ok
		}
		next, cur = cur, next
	}
	return next[0]
}

// matchingFormats returns the formats of a's service whose resource field
// can match a's. They belong to the catalog's index: callers must not change
// them.
func matchingFormats(p *lint.Pass, a arn) []*format {
	return p.SharedMemo(lint.MemoKey{Kind: "formats", A: a.Service, B: a.Resource}, func() any { return matchFormats(p.Catalog, a) }).([]*format)
}

func matchFormats(c *catalog.Catalog, a arn) []*format {
	var out []*format
	res := lint.Instance(a.Resource)
	lit := literalHead(res)
	for _, f := range indexFor(c).byService[strings.ToLower(a.Service)] {
		if n := min(len(f.globLit), len(lit)); f.globLit[:n] == lit[:n] && meet(f.glob, res) {
			out = append(out, f)
		}
	}
	return out
}

// arnValues calls f for every Resource or NotResource value of the policy
// that is an ARN to check: not "*", and starting with "arn:".
func arnValues(p *lint.Pass, f func(v *iamString, a arn)) {
	for _, st := range p.Policy.Statements {
		if st.Resource == nil {
			continue
		}
		for i := range st.Resource.Values {
			v := &st.Resource.Values[i]
			if v.Value == "*" || !strings.HasPrefix(v.Value, "arn:") {
				continue
			}
			f(v, splitARN(v.Value))
		}
	}
}
