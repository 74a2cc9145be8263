package textdist

import (
	"github.com/leastpriv/leastpriv/internal/ascii"
	"testing"
)

// ref is the plain dynamic programme with adjacent swaps, no limit.
func ref(a, b string) int {
	d := make([][]int, len(a)+1)
	for i := range d {
		d[i] = make([]int, len(b)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(a); i++ {
		for j := 1; j <= len(b); j++ {
			cost := 1
			if ascii.Lower(a[i-1]) == ascii.Lower(b[j-1]) {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && ascii.Lower(a[i-1]) == ascii.Lower(b[j-2]) && ascii.Lower(a[i-2]) == ascii.Lower(b[j-1]) {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(a)][len(b)]
}

func TestDistance(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"GetObject", "getobject", 0},
		{"GetObjekt", "GetObject", 1},
		{"GetObejct", "GetObject", 1}, // a swap is one edit
		{"Condtion", "Condition", 1},
		{"", "abc", 3},
		{"StringEqual", "StringEquals", 1},
		{"", "", 0},
		{"abc", "ABC", 0},
		{"abc", "acb", 1},
		{"kitten", "sitting", 3},
	}
	for _, tt := range tests {
		if got := Distance(tt.a, tt.b, 10); got != tt.want {
			t.Errorf("Distance(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}
	if got := Distance("abcdef", "uvwxyz", 2); got != 3 {
		t.Errorf("limited Distance = %d, want 3 (limit+1)", got)
	}
	if got := Closest("Resources", []string{"Resource", "NotResource", "Action"}, 2); got != "Resource" {
		t.Errorf("Closest = %q", got)
	}
	if got := Closest("Zzz", []string{"Resource"}, 2); got != "" {
		t.Errorf("Closest of a far word = %q", got)
	}
}

func FuzzDistance(f *testing.F) {
	f.Add("GetObjekt", "GetObject", 2)
	f.Fuzz(func(t *testing.T, a, b string, limit int) {
		if len(a) > 20 || len(b) > 20 || limit < 0 || limit > 30 {
			return
		}
		want := min(ref(a, b), limit+1)
		if got := Distance(a, b, limit); got != want {
			t.Fatalf("Distance(%q, %q, %d) = %d, want %d", a, b, limit, got, want)
		}
	})
}
