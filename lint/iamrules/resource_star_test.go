package iamrules

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/leastpriv/leastpriv/catalog"
	"github.com/leastpriv/leastpriv/iam"
	"github.com/leastpriv/leastpriv/lint"
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

// scopableRef is scopable as it was first written: it visits every
// scopable action of the set and keeps the first names of each service's
// resource types.
func scopableRef(c *catalog.Catalog, s catalog.Set) (int, string) {
	var x catalog.Set
	for id := range s.All() {
		if a := c.Actions()[id]; len(a.Resources) > 0 {
			x.Add(id)
		}
	}
	n := x.Len()
	if n == 0 {
		return 0, ""
	}
	var parts []string
	var last *catalog.Service
	var types firstNames
	services := 0
	flush := func() {
		if last != nil {
			parts = append(parts, last.Prefix+" ("+strings.Join(types.list(), ", ")+")")
		}
	}
	for id := range x.All() {
		a := c.Actions()[id]
		if a.Service != last {
			flush()
			if services == 5 {
				parts = append(parts, "and more services")
				last = nil
				break
			}
			last, types = a.Service, firstNames{}
			services++
		}
		for _, r := range a.Resources {
			types.add(r.Type.Name)
		}
	}
	flush()
	return n, strings.Join(parts, ", ")
}

// TestScopable compares scopable with scopableRef on every service's
// actions, on sets matched by broad patterns, and on random sets of
// actions, sparse and dense.
func TestScopable(t *testing.T) {
	c := catalog.Default()
	var sets []catalog.Set
	for _, svc := range c.Services() {
		var s catalog.Set
		for _, a := range svc.Actions {
			s.Add(a.ID)
		}
		sets = append(sets, s)
	}
	for _, p := range []string{"*", "*:Get*", "s3:*", "ec2:*", "iam:*", "*:List*", "*:Put*", "*:*Tag*", "s3:Get*", "lambda:*Function*"} {
		sets = append(sets, c.Match(p))
	}
	r := rand.New(rand.NewPCG(3, 4))
	for range 3000 {
		var s catalog.Set
		k := 1 + r.IntN(40)
		if r.IntN(5) == 0 {
			k = 1 + r.IntN(3000)
		}
		base := r.IntN(c.NumActions())
		for range k {
			id := base + r.IntN(600) - 300
			if r.IntN(4) == 0 {
				id = r.IntN(c.NumActions())
			}
			if id >= 0 && id < c.NumActions() {
				s.Add(id)
			}
		}
		sets = append(sets, s)
	}
	for _, s := range sets {
		n, desc := scopable(c, s)
		wn, wdesc := scopableRef(c, s)
		if n != wn || desc != wdesc {
			t.Fatalf("scopable(%v) = %d, %q; want %d, %q", s.IDs(), n, desc, wn, wdesc)
		}
	}
}

// BenchmarkScopable describes the actions of every Allow statement of the
// managed policies, as RESOURCE_STAR does for those on "Resource": "*";
// "ref" with scopableRef.
func BenchmarkScopable(b *testing.B) {
	c := catalog.Default()
	var sets []catalog.Set
	for _, in := range corpusInputs(b) {
		p, _ := iam.Parse(in.File, in.Src, iam.ParseOptions{})
		for _, st := range p.Statements {
			if st.Action == nil || st.Action.Not {
				continue
			}
			var s catalog.Set
			for _, v := range st.Action.Values {
				r := lint.ResolveAction(c, v.Value)
				if r.Action != nil {
					s.Add(r.Action.ID)
				}
				for _, id := range r.IDs {
					s.Add(id)
				}
			}
			sets = append(sets, s)
		}
	}
	for _, impl := range []struct {
		name string
		f    func(*catalog.Catalog, catalog.Set) (int, string)
	}{{"new", scopable}, {"ref", scopableRef}} {
		b.Run(impl.name, func(b *testing.B) {
			for b.Loop() {
				for _, s := range sets {
					impl.f(c, s)
				}
			}
		})
	}
}
