package lint

import (
	"slices"
	"strings"
	"testing"

	"github.com/leastpriv/leastpriv/catalog"
	"github.com/leastpriv/leastpriv/iam"
	"github.com/leastpriv/leastpriv/internal/corpus"
)

// TestMemoResolve checks that a memo resolves every value as resolveAction
// does, before and after it switches to the exact-name index: every action
// name of the catalog, in its own spelling and in other cases, with and
// without wildcards, unknown names and services.
func TestMemoResolve(t *testing.T) {
	c := catalog.Default()
	var values []string
	for id := range c.NumActions() {
		name := c.ActionName(id)
		values = append(values, name)
		if id%7 == 0 {
			values = append(values, strings.ToLower(name), strings.ToUpper(name), name+"*", name[:len(name)-1]+"?", name+"x")
		}
	}
	values = append(values, "*", "s3:*", "s3", "s3:", ":GetObject", "nosuch:GetObject", "s3:Get:Object", "S3:GETOBJECT", "*:Get*", "")
	m := &memo{refs: map[string]*Resolved{}, shared: map[MemoKey]any{}}
	// Twice: the first pass fills the memo (and switches to the index on
	// the way), the second reads what it kept.
	for pass := range 2 {
		for _, v := range values {
			got, want := m.resolve(c, v), resolveAction(c, v, c.Match)
			if got.Prefix != want.Prefix || got.Name != want.Name || got.Service != want.Service || got.Action != want.Action ||
				got.Wild != want.Wild || !got.Set.Equal(want.Set) || !slices.Equal(got.IDs, want.IDs) {
				t.Fatalf("pass %d: resolve(%q) = %+v, resolveAction gives %+v", pass, v, got, want)
			}
		}
	}
	if m.exact == nil {
		t.Fatalf("the memo did not switch to the exact-name index after %d values", len(values))
	}
}

// TestExactNames checks that the exact-name index finds the name of every
// action of the embedded catalog (no two of its actions differ only by
// case), and nothing else.
func TestExactNames(t *testing.T) {
	c := catalog.Default()
	x := exactNamesOf(c)
	for id := range c.NumActions() {
		name := c.ActionName(id)
		if got, ok := x.lookup(name); !ok || got != id {
			t.Fatalf("lookup(%q) = %d, %v; want %d", name, got, ok, id)
		}
		for _, other := range []string{strings.ToLower(name), name + "x", name[:len(name)-1], "x" + name} {
			if other == name {
				continue
			}
			if got, ok := x.lookup(other); ok && c.ActionName(got) != other {
				t.Fatalf("lookup(%q) = %d (%q)", other, got, c.ActionName(got))
			}
		}
	}
	for _, s := range []string{"", "*", ":", "s3:", "s3:*"} {
		if id, ok := x.lookup(s); ok {
			t.Errorf("lookup(%q) = %d", s, id)
		}
	}
}

func BenchmarkBuildExactNames(b *testing.B) {
	c := catalog.Default()
	c.Actions()
	for b.Loop() {
		buildExactNames(c)
	}
}

// BenchmarkResolve resolves every Action value of the managed policies
// with a fresh memo, as one pass of a new Linter does: "map" with the memo's
// map alone, "exact" with the exact-name index from the start.
func BenchmarkResolve(b *testing.B) {
	c := catalog.Default()
	var values []string
	for _, mp := range corpus.Managed(b) {
		p, _ := iam.Parse(mp.Name, mp.Doc, iam.ParseOptions{})
		for _, st := range p.Statements {
			if st.Action != nil {
				for _, v := range st.Action.Values {
					values = append(values, v.Value)
				}
			}
		}
	}
	exactNamesOf(c)
	for _, mode := range []string{"map", "exact"} {
		b.Run(mode, func(b *testing.B) {
			for b.Loop() {
				m := &memo{refs: map[string]*Resolved{}, shared: map[MemoKey]any{}}
				if mode == "exact" {
					m.exact = exactNamesOf(c)
					m.byID = make([]*Resolved, c.NumActions())
				} else {
					defer func(n int) { exactAfter = n }(exactAfter)
					exactAfter = -1 // never switches
				}
				for _, v := range values {
					m.resolve(c, v)
				}
			}
		})
	}
}
