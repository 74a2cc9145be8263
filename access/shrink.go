package access

import (
	"github.com/leastpriv/leastpriv/catalog"
)

// A Pattern is one action pattern produced by [Shrink] and the catalog
// actions it matches.
type Pattern struct {
	Text   string            // "s3:Get*", "s3:GetObject", "s3:*" or "*"
	Covers []*catalog.Action // in catalog order
}

// IsWildcard reports whether the pattern holds a wildcard.
func (p Pattern) IsWildcard() bool {
	return len(p.Covers) != 1 || p.Text == "*" || p.Text[len(p.Text)-1] == '*'
}

// Shrunk is the result of [Shrink].
type Shrunk []Pattern

// Patterns returns the pattern texts.
func (s Shrunk) Patterns() []string {
	if len(s) == 0 {
		return nil
	}
	out := make([]string, len(s))
	for i, p := range s {
		out[i] = p.Text
	}
	return out
}

// Shrink returns the shortest list of action patterns that matches exactly
// the actions of set in catalog c — never one action more.
//
// The patterns are "*" (every action), "svc:*", "svc:Prefix*" and exact
// action names. Within a service the prefixes of action names form a tree,
// and a prefix pattern may be used exactly when every action below its node
// is in the set; taking the highest such nodes gives the fewest patterns of
// these forms (two highest nodes never overlap, and any cover needs at least
// one pattern inside each). A node that holds a single action is written as
// that action's name rather than a prefix, so the pattern does not silently
// grow when AWS adds an action with the same prefix. Patterns with '?',
// infix or suffix wildcards, or wildcards across services, are not
// considered: they rarely match an exact set and read poorly.
//
// Patterns are spelled with the catalog's casing and listed in catalog (ID)
// order.
func Shrink(c *catalog.Catalog, set catalog.Set) Shrunk {
	if set.Len() == 0 {
		return nil
	}
	if set.Len() == c.NumActions() {
		return Shrunk{{Text: "*", Covers: c.Actions()}}
	}
	// Each service's actions have consecutive IDs, so walking the set meets
	// the services in catalog order, each once, and skips the others.
	var out Shrunk
	acts := c.Actions()
	var last *catalog.Service
	for id := range set.All() {
		svc := acts[id].Service
		if svc == last {
			continue
		}
		last = svc
		in := 0
		for _, a := range svc.Actions {
			if set.Has(a.ID) {
				in++
			}
		}
		if in == len(svc.Actions) {
			out = append(out, Pattern{Text: svc.Prefix + ":*", Covers: svc.Actions})
			continue
		}
		s := shrinker{set: set, acts: svc.Actions, prefix: svc.Prefix + ":"}
		s.cover(0, len(svc.Actions), 0)
		out = append(out, s.out...)
	}
	return out
}

type shrinker struct {
	set    catalog.Set
	acts   []*catalog.Action // one service's actions, sorted case-insensitively
	prefix string            // "svc:"
	out    []Pattern
}

// cover emits patterns for acts[lo:hi], which share their first depth bytes
// (ignoring ASCII case).
func (s *shrinker) cover(lo, hi, depth int) {
	in := 0
	for _, a := range s.acts[lo:hi] {
		if s.set.Has(a.ID) {
			in++
		}
	}
	switch {
	case in == 0:
		return
	case in == hi-lo && hi-lo == 1:
		s.out = append(s.out, Pattern{Text: s.acts[lo].String(), Covers: s.acts[lo:hi]})
		return
	case in == hi-lo:
		// Every action of the node is wanted. Write the longest prefix they
		// share: it matches the same actions ("sts:Get*", not "sts:G*") and
		// fewer future ones.
		n := depth
		first, last := s.acts[lo].Name, s.acts[hi-1].Name
		for n < len(first) && n < len(last) && lowerByte(first[n]) == lowerByte(last[n]) {
			n++
		}
		s.out = append(s.out, Pattern{Text: s.prefix + first[:n] + "*", Covers: s.acts[lo:hi]})
		return
	}
	i := lo
	// An action whose whole name is the shared prefix sorts first.
	if len(s.acts[i].Name) == depth {
		if s.set.Has(s.acts[i].ID) {
			s.out = append(s.out, Pattern{Text: s.acts[i].String(), Covers: s.acts[i : i+1]})
		}
		i++
	}
	for i < hi {
		ch := lowerByte(s.acts[i].Name[depth])
		j := i + 1
		for j < hi && lowerByte(s.acts[j].Name[depth]) == ch {
			j++
		}
		s.cover(i, j, depth+1)
		i = j
	}
}

func lowerByte(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}
