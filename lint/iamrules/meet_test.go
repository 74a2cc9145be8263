package iamrules

import (
	"math/rand/v2"
	"testing"

	"github.com/leastpriv/leastpriv/internal/glob"
)

// TestMeet checks meet against glob.Intersects on patterns over a small
// alphabet.
func TestMeet(t *testing.T) {
	alpha := []string{"", "a", "b", "*", "?"}
	var pats []string
	var gen func(s string, n int)
	gen = func(s string, n int) {
		pats = append(pats, s)
		if n == 0 {
			return
		}
		for _, c := range alpha[1:] {
			gen(s+c, n-1)
		}
	}
	gen("", 5)
	for _, p := range pats {
		for _, q := range pats {
			if got, want := meet(p, q), glob.Intersects(p, q, false); got != want {
				t.Fatalf("meet(%q, %q) = %v, want %v", p, q, got, want)
			}
		}
	}
}

// TestMeetLong checks meet against glob.Intersects on random longer
// patterns, whose literal heads and tails meet strips before its table.
func TestMeetLong(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	gen := func() string {
		const alpha = "ab*?/"
		b := make([]byte, r.IntN(14))
		for i := range b {
			b[i] = alpha[r.IntN(len(alpha))]
		}
		return string(b)
	}
	for range 200000 {
		p, q := gen(), gen()
		if r.IntN(4) == 0 {
			// Share a head or a tail, as ARN formats and values do.
			if r.IntN(2) == 0 {
				q = p[:r.IntN(len(p)+1)] + q
			} else {
				q += p[r.IntN(len(p)+1):]
			}
		}
		if got, want := meet(p, q), glob.Intersects(p, q, false); got != want {
			t.Fatalf("meet(%q, %q) = %v, want %v", p, q, got, want)
		}
	}
}
