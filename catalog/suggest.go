package catalog

import (
	"cmp"
	"github.com/leastpriv/leastpriv/internal/ascii"
	"slices"
	"strings"

	"github.com/leastpriv/leastpriv/internal/textdist"
)

// Suggest returns up to max names close to an unknown action ("service:Name")
// or service prefix, best first, for "did you mean" messages. It compares in
// ASCII lower case by edit distance (insertions, deletions, substitutions and
// swaps of adjacent characters), and also offers names that extend what was
// typed ("dynamo" suggests "dynamodb"). It returns nil when nothing is close.
func (c *Catalog) Suggest(name string, max int) []string {
	if max <= 0 || name == "" {
		return nil
	}
	// The name index holds everything needed: suggestions never decode the
	// rest of the catalog.
	ix := c.names
	var cands []candidate
	prefix, act, isAction := strings.Cut(name, ":")
	switch {
	case isAction && ix.service(prefix) != nil:
		s := ix.service(prefix)
		for i := range s.n {
			if d, ok := closeTo(act, ix.name(s, i)); ok {
				cands = append(cands, candidate{ix.names[s.first+i], d})
			}
		}
	case isAction:
		for _, full := range ix.names {
			if d, ok := closeTo(name, full); ok {
				cands = append(cands, candidate{full, d})
			}
		}
		if len(cands) == 0 {
			// Perhaps only the service is wrong: keep the action name.
			for _, s := range ix.sorted {
				if _, ok := closeTo(prefix, s.prefix); ok {
					if id, ok := ix.lookupIn(s, act); ok {
						d, _ := closeTo(name, ix.names[id])
						cands = append(cands, candidate{ix.names[id], d})
					}
				}
			}
		}
		if len(cands) == 0 {
			for _, s := range ix.sorted {
				if d, ok := closeTo(prefix, s.prefix); ok {
					cands = append(cands, candidate{s.prefix, d})
				}
			}
		}
	default:
		for _, s := range ix.sorted {
			if d, ok := closeTo(name, s.prefix); ok {
				cands = append(cands, candidate{s.prefix, d})
			}
		}
	}
	slices.SortFunc(cands, func(a, b candidate) int {
		return cmp.Or(cmp.Compare(a.dist, b.dist), cmp.Compare(len(a.name), len(b.name)), strings.Compare(a.name, b.name))
	})
	var out []string
	for _, cd := range cands {
		if len(out) == max {
			break
		}
		out = append(out, cd.name)
	}
	return out
}

type candidate struct {
	name string
	dist int
}

// closeTo reports whether cand is a plausible correction of typed, and how
// far it is. Close means an edit distance of at most a third of the typed
// length (at least 1, at most 4), or cand extending typed by at most 4
// characters.
func closeTo(typed, cand string) (int, bool) {
	limit := min(max(len(typed)/3, 1), 4)
	if len(cand) > len(typed) && len(cand)-len(typed) <= 4 && ascii.HasPrefixFold(cand, typed) && len(typed) >= 2 {
		return len(cand) - len(typed), true
	}
	if d := abs(len(cand) - len(typed)); d > limit {
		return 0, false
	}
	d := textdist.Distance(typed, cand, limit)
	return d, d <= limit
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// SuggestConditionKey returns up to max condition keys close to an unknown
// key name, best first, among the keys of its prefix: the global keys for
// "aws:", else the keys of the service (or of the services KeyPrefixServices
// names). For a template it compares the text before the placeholder, so
// "aws:ResourceTags/team" suggests "aws:ResourceTag/${TagKey}". It returns nil
// when nothing is close or the prefix is unknown.
func (c *Catalog) SuggestConditionKey(name string, max int) []string {
	prefix, _, ok := strings.Cut(name, ":")
	if !ok || max <= 0 {
		return nil
	}
	var keys []*ConditionKey
	switch {
	case ascii.EqualFold(prefix, "aws"):
		keys = c.GlobalConditionKeys()
	case c.Service(prefix) != nil:
		keys = c.Service(prefix).ConditionKeys
	default:
		for _, s := range c.KeyPrefixServices(prefix) {
			keys = append(keys, s.ConditionKeys...)
		}
	}
	var cands []candidate
	seen := make(map[string]bool)
	for _, k := range keys {
		if seen[strings.ToLower(k.Name)] {
			continue
		}
		seen[strings.ToLower(k.Name)] = true
		typed, cand := name, k.Name
		if k.IsTemplate() {
			cand = k.Name[:k.phStart]
			typed = templateHead(name, cand)
		}
		if d, ok := closeTo(typed, cand); ok {
			cands = append(cands, candidate{k.Name, d})
		}
	}
	slices.SortFunc(cands, func(a, b candidate) int {
		return cmp.Or(cmp.Compare(a.dist, b.dist), strings.Compare(a.name, b.name))
	})
	var out []string
	for _, cd := range cands {
		if len(out) == max {
			break
		}
		out = append(out, cd.name)
	}
	return out
}

// templateHead returns the part of a typed key to compare with a template's
// literal head (such as "aws:ResourceTag/"): up to and including the first
// occurrence, after the prefix's colon, of the character the head ends with.
func templateHead(typed, head string) string {
	if head == "" {
		return typed
	}
	sep := head[len(head)-1]
	colon := strings.IndexByte(typed, ':')
	if i := strings.IndexByte(typed[colon+1:], sep); i >= 0 {
		return typed[:colon+1+i+1]
	}
	return typed
}
