// Package textdist measures how far apart two short names are, for "did you
// mean" suggestions (unknown actions, services, condition keys, operators,
// policy elements).
package textdist

import "github.com/leastpriv/leastpriv/internal/ascii"

// Distance returns the optimal string alignment distance between a and b
// (insertions, deletions, substitutions and swaps of adjacent characters),
// comparing bytes in ASCII lower case. Once the distance is known to exceed
// limit it stops and returns limit+1, so callers with small thresholds pay
// little for far-off candidates.
func Distance(a, b string, limit int) int {
	if d := len(a) - len(b); d > limit || -d > limit {
		return limit + 1
	}
	n := len(b)
	// Names are short: keep the three rows on the stack when they fit, as
	// suggestions compare one name with hundreds of candidates.
	var buf [3 * 96]int
	var rows []int
	if 3*(n+1) <= len(buf) {
		rows = buf[:3*(n+1)]
	} else {
		rows = make([]int, 3*(n+1))
	}
	prev2, prev, cur := rows[:n+1], rows[n+1:2*(n+1)], rows[2*(n+1):]
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		best := cur[0]
		ca := ascii.Lower(a[i-1])
		for j := 1; j <= n; j++ {
			cb := ascii.Lower(b[j-1])
			cost := 1
			if ca == cb {
				cost = 0
			}
			v := min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ca == ascii.Lower(b[j-2]) && ascii.Lower(a[i-2]) == cb {
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
	return min(prev[n], limit+1)
}

// Closest returns the candidate nearest to s within limit (ties go to the
// earlier candidate), or "" when none is that close.
func Closest(s string, candidates []string, limit int) string {
	best, bestD := "", limit+1
	for _, c := range candidates {
		if d := Distance(s, c, bestD-1); d < bestD {
			best, bestD = c, d
		}
	}
	return best
}
