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
	glob string // the resource field with ${...} replaced by *
}

// arnIndex holds, for one catalog, the formats of the resource types by ARN
// service namespace ("s3", "execute-api"), each type's formats as globs over
// whole ARNs, and the actions that can be scoped to each type.
type arnIndex struct {
	byService map[string][]format
	withAny   map[string][]format // byService plus the placeholder-service formats
	globs     map[*catalog.ResourceType][]string
	split     map[*catalog.ResourceType][]arn // globs split into fields
	actions   map[*catalog.ResourceType][]int
}

// arnIndexes memoises one index per catalog; catalogs are immutable.
var arnIndexes sync.Map // *catalog.Catalog -> *arnIndex

func indexFor(c *catalog.Catalog) *arnIndex {
	if v, ok := arnIndexes.Load(c); ok {
		return v.(*arnIndex)
	}
	ix := &arnIndex{byService: map[string][]format{}, globs: map[*catalog.ResourceType][]string{}, split: map[*catalog.ResourceType][]arn{}, actions: map[*catalog.ResourceType][]int{}}
	for _, s := range c.Services() {
		for _, rt := range s.ResourceTypes {
			for _, f := range rt.ARNFormats() {
				ix.globs[rt] = append(ix.globs[rt], lint.Pattern(f))
				ix.split[rt] = append(ix.split[rt], splitARN(lint.Pattern(f)))
				a := splitARN(f)
				if a.N < 6 {
					continue
				}
				key := strings.ToLower(a.Service)
				if wild(key) {
					key = anyService
				}
				ix.byService[key] = append(ix.byService[key], format{Type: rt, arn: a, glob: lint.Pattern(a.Resource)})
			}
		}
		for _, a := range s.Actions {
			for _, r := range a.Resources {
				ix.actions[r.Type] = append(ix.actions[r.Type], a.ID)
			}
		}
	}
	ix.withAny = map[string][]format{}
	for svc, fs := range ix.byService {
		ix.withAny[svc] = slices.Concat(fs, ix.byService[anyService])
	}
	v, _ := arnIndexes.LoadOrStore(c, ix)
	return v.(*arnIndex)
}

// formatsFor returns the formats whose service field is service, and those
// whose service field is itself a placeholder ("${Vendor}").
func formatsFor(c *catalog.Catalog, service string) []format {
	ix := indexFor(c)
	if fs, ok := ix.withAny[strings.ToLower(service)]; ok {
		return fs
	}
	return ix.byService[anyService]
}

// anyService keys the formats whose service field is a placeholder.
const anyService = "${}"

// typeMatches reports whether resource pattern res (placeholders already
// turned into wildcards), split into fields as ra, can name a resource of
// type rt.
func (ix *arnIndex) typeMatches(rt *catalog.ResourceType, res string, ra arn) bool {
	for i, ga := range ix.split[rt] {
		if ra.N < 6 || ga.N < 6 {
			// A short pattern's wildcard spans the missing fields.
			if meet(ix.globs[rt][i], res) {
				return true
			}
			continue
		}
		// Fields are compared one by one: a wildcard inside a field is
		// read as staying in its field, as everyone writes ARNs.
		if fieldsMeet(ga.Service, ra.Service) && fieldsMeet(ga.Partition, ra.Partition) &&
			fieldsMeet(ga.Region, ra.Region) && fieldsMeet(ga.Account, ra.Account) &&
			prefixesAgree(ga.Resource, ra.Resource) && meet(ga.Resource, ra.Resource) {
			return true
		}
	}
	return false
}

// fieldsMeet reports whether two ARN field patterns can match the same text.
func fieldsMeet(a, b string) bool {
	if !hasWildcard(a) && !hasWildcard(b) {
		return a == b
	}
	return a == "*" || b == "*" || meet(a, b)
}

// meet reports whether two patterns ('*' any run, '?' one character) match
// a common string, by dynamic programming over their suffixes, without
// allocating for patterns of usual length.
func meet(p, q string) bool {
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
// can match a's.
func matchingFormats(p *lint.Pass, a arn) []format {
	return p.SharedMemo(lint.MemoKey{Kind: "formats", A: a.Service, B: a.Resource}, func() any { return matchFormats(p.Catalog, a) }).([]format)
}

func matchFormats(c *catalog.Catalog, a arn) []format {
	var out []format
	res := lint.Instance(a.Resource)
	for _, f := range indexFor(c).byService[strings.ToLower(a.Service)] {
		if prefixesAgree(f.glob, res) && meet(f.glob, res) {
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

// prefixesAgree reports whether the literal beginnings of two patterns
// (up to their first wildcard) can both hold: one is a prefix of the other.
func prefixesAgree(a, b string) bool {
	if i := indexWildcard(a); i >= 0 {
		a = a[:i]
	}
	if i := indexWildcard(b); i >= 0 {
		b = b[:i]
	}
	n := min(len(a), len(b))
	return a[:n] == b[:n]
}
