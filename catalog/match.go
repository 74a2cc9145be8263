package catalog

import (
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
	if len(dst.w) < words(len(c.actions)) {
		dst.w = append(dst.w, make([]uint64, words(len(c.actions))-len(dst.w))...)
	}
	c.match(dst, pattern)
}

func (c *Catalog) match(set *Set, pattern string) {
	if pattern == "*" {
		set.addRange(0, len(c.actions))
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
		np.p = glob.Compile(lowerASCII(namePat), false)
		np.lit = np.p.Literal()
	}
	if !glob.HasWildcard(svcPat) {
		if s := c.Service(svcPat); s != nil {
			c.matchService(set, s, &np)
		}
		return
	}
	p := glob.Compile(lowerASCII(svcPat), false) // prefixes are lower case
	lit := p.Literal()
	// Services are sorted by prefix; start at the first that can match.
	i := sort.Search(len(c.services), func(i int) bool { return c.services[i].Prefix >= lit })
	for _, s := range c.services[i:] {
		if !strings.HasPrefix(s.Prefix, lit) {
			break
		}
		if p.Match(s.Prefix) {
			c.matchService(set, s, &np)
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

// matchService adds the actions of s whose names match np.
func (c *Catalog) matchService(set *Set, s *Service, np *namePattern) {
	acts := s.Actions
	if len(acts) == 0 {
		return
	}
	if np.all {
		set.addRange(acts[0].ID, acts[0].ID+len(acts))
		return
	}
	if !np.wild {
		if a := s.Action(np.raw); a != nil {
			set.Add(a.ID)
		}
		return
	}
	// Names are sorted case-insensitively, so those starting with the
	// literal prefix form one run.
	i := sort.Search(len(acts), func(i int) bool { return foldCompare(acts[i].Name, np.lit) >= 0 })
	if np.prefix {
		j := i + sort.Search(len(acts)-i, func(j int) bool { return !hasFoldPrefix(acts[i+j].Name, np.lit) })
		set.addRange(acts[0].ID+i, acts[0].ID+j)
		return
	}
	names := c.lowerNames(s)
	for j, name := range names[i:] {
		if !strings.HasPrefix(name, np.lit) {
			break
		}
		if np.p.Match(name) {
			set.Add(acts[i+j].ID)
		}
	}
}
