package catalog

import (
	"cmp"
	"slices"
	"strings"
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
	var cands []candidate
	prefix, act, isAction := strings.Cut(name, ":")
	switch {
	case isAction && c.Service(prefix) != nil:
		s := c.Service(prefix)
		for _, a := range s.Actions {
			if d, ok := closeTo(act, a.Name); ok {
				cands = append(cands, candidate{a.full, d})
			}
		}
	case isAction:
		for _, a := range c.actions {
			if d, ok := closeTo(name, a.full); ok {
				cands = append(cands, candidate{a.full, d})
			}
		}
		if len(cands) == 0 {
			// Perhaps only the service is wrong: keep the action name.
			for _, s := range c.services {
				if _, ok := closeTo(prefix, s.Prefix); ok {
					if a := s.Action(act); a != nil {
						d, _ := closeTo(name, a.full)
						cands = append(cands, candidate{a.full, d})
					}
				}
			}
		}
		if len(cands) == 0 {
			for _, s := range c.services {
				if d, ok := closeTo(prefix, s.Prefix); ok {
					cands = append(cands, candidate{s.Prefix, d})
				}
			}
		}
	default:
		for _, s := range c.services {
			if d, ok := closeTo(name, s.Prefix); ok {
				cands = append(cands, candidate{s.Prefix, d})
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
	if len(cand) > len(typed) && len(cand)-len(typed) <= 4 && hasFoldPrefix(cand, typed) && len(typed) >= 2 {
		return len(cand) - len(typed), true
	}
	if d := abs(len(cand) - len(typed)); d > limit {
		return 0, false
	}
	d := editDistance(typed, cand, limit)
	return d, d <= limit
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// editDistance returns the optimal string alignment distance between a and
// b in ASCII lower case, or a value above limit once it is known to exceed it.
func editDistance(a, b string, limit int) int {
	// Three rows: i-2, i-1, i.
	n := len(b)
	rows := make([]int, 3*(n+1))
	prev2, prev, cur := rows[:n+1], rows[n+1:2*(n+1)], rows[2*(n+1):]
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		best := cur[0]
		ca := lower(a[i-1])
		for j := 1; j <= n; j++ {
			cb := lower(b[j-1])
			cost := 1
			if ca == cb {
				cost = 0
			}
			v := min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ca == lower(b[j-2]) && lower(a[i-2]) == cb {
				v = min(v, prev2[j-2]+1)
			}
			cur[j] = v
			best = min(best, v)
		}
		if best > limit {
			return limit + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[n]
}
