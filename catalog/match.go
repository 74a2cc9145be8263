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

func (c *Catalog) match(set *Set, pattern string) {
	if pattern == "*" {
		set.addRange(0, len(c.actions))
		return
	}
	svcPat, namePat, ok := strings.Cut(pattern, ":")
	if !ok || svcPat == "" || namePat == "" || strings.IndexByte(namePat, ':') >= 0 {
		return
	}
	if !glob.HasWildcard(svcPat) {
		if s := c.Service(svcPat); s != nil {
			matchService(set, s, namePat)
		}
		return
	}
	p := glob.Compile(svcPat, true)
	lit := p.Literal()
	// Services are sorted by prefix; start at the first that can match.
	i := sort.Search(len(c.services), func(i int) bool { return foldCompare(c.services[i].Prefix, lit) >= 0 })
	for _, s := range c.services[i:] {
		if !hasFoldPrefix(s.Prefix, lit) {
			break
		}
		if p.Match(s.Prefix) {
			matchService(set, s, namePat)
		}
	}
}

// matchService adds the actions of s whose names match pat.
func matchService(set *Set, s *Service, pat string) {
	acts := s.Actions
	if len(acts) == 0 {
		return
	}
	if strings.Trim(pat, "*") == "" {
		set.addRange(acts[0].ID, acts[0].ID+len(acts))
		return
	}
	if !glob.HasWildcard(pat) {
		if a := s.Action(pat); a != nil {
			set.Add(a.ID)
		}
		return
	}
	p := glob.Compile(pat, true)
	lit := p.Literal()
	// Names are sorted case-insensitively, so those starting with lit form
	// one run.
	i := sort.Search(len(acts), func(i int) bool { return foldCompare(acts[i].Name, lit) >= 0 })
	for _, a := range acts[i:] {
		if !hasFoldPrefix(a.Name, lit) {
			break
		}
		if p.Match(a.Name) {
			set.Add(a.ID)
		}
	}
}
