package iamrules

import (
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
	gen("", 4)
	for _, p := range pats {
		for _, q := range pats {
			if got, want := meet(p, q), glob.Intersects(p, q, false); got != want {
				t.Fatalf("meet(%q, %q) = %v, want %v", p, q, got, want)
			}
		}
	}
}
