package iamrules

import (
	"slices"
	"testing"
)

// TestFirstNames compares firstNames with sorting and compacting the whole
// list, on lists of every length up to 8 over a small alphabet.
func TestFirstNames(t *testing.T) {
	alphabet := []string{"b", "a", "d", "c", "e", "f"}
	var lists [][]string
	var gen func(prefix []string)
	gen = func(prefix []string) {
		lists = append(lists, slices.Clone(prefix))
		if len(prefix) == 6 {
			return
		}
		for _, s := range alphabet {
			gen(append(prefix, s))
		}
	}
	gen(nil)
	for _, l := range lists {
		var f firstNames
		for _, s := range l {
			f.add(s)
		}
		want := uniq(slices.Clone(l))
		if len(want) > 4 {
			want = append(want[:4:4], "...")
		}
		if got := f.list(); !slices.Equal(got, want) {
			t.Fatalf("firstNames(%v) = %v, want %v", l, got, want)
		}
	}
}
