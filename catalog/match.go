package catalog

import (
	"github.com/leastpriv/leastpriv/internal/ascii"
	"sort"
	"strings"

	"github.com/leastpriv/leastpriv/internal/glob"
)

// Match returns the actions an IAM action pattern matches, ignoring ASCII
// case. '*' matches any run of characters and '?' any one character, anywhere,
// including in the service prefix: "*", "s3:*", "s3:Get*", "*:Get*",
// "iam:*AccessKey*", "s?:GetObject". A pattern without a ':' matches nothing
// (IAM requires "service:action"), except "*", which matches every action; so
// do "" and patterns with more than one ':'.
//
// Matching a pattern against "service:Name" as a whole gives the same result:
// the subject has exactly one ':', so the pattern's ':' must meet it.
func (c *Catalog) Match(pattern string) Set {
	s := NewSet(c)
	c.match(&s, pattern)
	return s
}

// MatchInto adds the actions pattern matches to dst, as Match does, without
// allocating a new set.
func (c *Catalog) MatchInto(dst *Set, pattern string) {
	if n := words(c.NumActions()); len(dst.w) < n {
		dst.w = append(dst.w, make([]uint64, n-len(dst.w))...)
	}
	c.match(dst, pattern)
}

func (c *Catalog) match(set *Set, pattern string) {
	if pattern == "*" {
		set.addRange(0, c.NumActions())
		return
	}
	svcPat, namePat, ok := strings.Cut(pattern, ":")
	if !ok || svcPat == "" || namePat == "" || strings.IndexByte(namePat, ':') >= 0 {
		return
	}
	// Names and prefixes are ASCII: matching the lower-cased pattern against
	// lower-cased names without folding is the same as folding, and faster.
	np := namePattern{raw: namePat, all: strings.Trim(namePat, "*") == "", wild: glob.HasWildcard(namePat)}
	if head := strings.TrimRight(namePat, "*"); np.wild && !np.all && !glob.HasWildcard(head) {
		np.prefix = true // "Get*": one run of the sorted names
		np.lit = head
	} else if np.wild && !np.all {
		np.p = glob.Compile(ascii.ToLower(namePat), false)
		np.lit = np.p.Literal()
	}
	ix := c.names
	if !glob.HasWildcard(svcPat) {
		if s := ix.service(svcPat); s != nil {
			ix.match(set, s, &np)
		}
		return
	}
	p := glob.Compile(ascii.ToLower(svcPat), false) // prefixes are lower case
	lit := p.Literal()
	// Services are sorted by prefix; start at the first that can match.
	i := sort.Search(len(ix.sorted), func(i int) bool { return ix.sorted[i].prefix >= lit })
	for _, s := range ix.sorted[i:] {
		if !strings.HasPrefix(s.prefix, lit) {
			break
		}
		if p.Match(s.prefix) {
			ix.match(set, s, &np)
		}
	}
}

// namePattern is the action-name half of a pattern, compiled once.
type namePattern struct {
	raw       string
	all, wild bool         // only stars; any wildcard
	prefix    bool         // literal text, then stars: lit is that text
	p         glob.Pattern // of the lower-cased pattern, not folding
	lit       string       // the lower-cased text before the first wildcard
}

// match adds the actions of s whose names match np.
func (ix *nameIndex) match(set *Set, s *serviceNames, np *namePattern) {
	if s.n == 0 {
		return
	}
	if np.all {
		set.addRange(s.first, s.first+s.n)
		return
	}
	if !np.wild {
		if id, ok := ix.lookupIn(s, np.raw); ok {
			set.Add(id)
		}
		return
	}
	// Names are sorted case-insensitively, so those starting with the
	// literal prefix form one run.
	i := sort.Search(s.n, func(i int) bool { return ascii.CompareFold(ix.name(s, i), np.lit) >= 0 })
	if np.prefix {
		j := i + sort.Search(s.n-i, func(j int) bool { return !ascii.HasPrefixFold(ix.name(s, i+j), np.lit) })
		set.addRange(s.first+i, s.first+j)
		return
	}
	names := ix.lowerNames(s)
	for j, name := range names[i:] {
		if !strings.HasPrefix(name, np.lit) {
			break
		}
		if np.p.Match(name) {
			set.Add(s.first + i + j)
		}
	}
}
