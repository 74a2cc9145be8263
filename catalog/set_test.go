package catalog

import (
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// refSet is the reference for Set: a map.
type refSet map[int]bool

func (r refSet) ids() []int {
	var ids []int
	for id := range r {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return ids
}

func randomSet(r *rand.Rand, n int) (Set, refSet) {
	var s Set
	ref := refSet{}
	for range r.IntN(40) {
		id := r.IntN(n)
		s.Add(id)
		ref[id] = true
	}
	if r.IntN(4) == 0 { // sometimes a dense run
		lo := r.IntN(n)
		hi := min(n, lo+r.IntN(300))
		s.addRange(lo, hi)
		for id := lo; id < hi; id++ {
			ref[id] = true
		}
	}
	return s, ref
}

func TestSetOps(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	const n = 700
	for i := 0; i < 200; i++ {
		a, ra := randomSet(r, n)
		b, rb := randomSet(r, n)
		orig := a.Clone()
		union, inter, diff := refSet{}, refSet{}, refSet{}
		for id := range ra {
			union[id] = true
			if rb[id] {
				inter[id] = true
			} else {
				diff[id] = true
			}
		}
		for id := range rb {
			union[id] = true
		}
		check := func(name string, got Set, want refSet) {
			t.Helper()
			if diff := cmp.Diff(want.ids(), got.IDs(), cmpopts.EquateEmpty()); diff != "" {
				t.Fatalf("%s (-want +got):\n%s", name, diff)
			}
			if got.Len() != len(want) || got.IsEmpty() != (len(want) == 0) {
				t.Fatalf("%s: Len %d, IsEmpty %v, want %d", name, got.Len(), got.IsEmpty(), len(want))
			}
		}
		check("a", a, ra)
		check("Union", a.Union(b), union)
		check("Intersect", a.Intersect(b), inter)
		check("Difference", a.Difference(b), diff)
		if !a.Equal(orig) {
			t.Fatal("non-mutating operations changed their receiver")
		}
		u := a.Clone()
		u.UnionWith(b)
		check("UnionWith", u, union)
		u = a.Clone()
		u.IntersectWith(b)
		check("IntersectWith", u, inter)
		u = a.Clone()
		u.DifferenceWith(b)
		check("DifferenceWith", u, diff)
		for id := range n + 70 {
			if a.Has(id) != ra[id] {
				t.Fatalf("Has(%d) = %v", id, a.Has(id))
			}
		}
		if a.Union(b).Equal(a.Intersect(b)) != (len(union) == len(inter)) {
			t.Fatal("Equal disagrees with the reference")
		}
	}
}

func TestSetZeroAndGrowth(t *testing.T) {
	var z Set
	if !z.IsEmpty() || z.Len() != 0 || z.Has(0) || z.Has(-1) || len(z.IDs()) != 0 {
		t.Fatal("zero Set is not empty")
	}
	z.Remove(5) // no panic on the zero value
	if !z.Equal(NewSet(Default())) {
		t.Error("zero Set differs from an empty NewSet")
	}
	z.Add(1000)
	z.Add(3)
	if diff := cmp.Diff([]int{3, 1000}, z.IDs()); diff != "" {
		t.Errorf("IDs (-want +got):\n%s", diff)
	}
	z.Remove(1000)
	if !z.Equal(Set{w: []uint64{1 << 3}}) {
		t.Error("Equal does not ignore trailing zero words")
	}
	var u Set
	u.UnionWith(z)
	if !u.Equal(z) {
		t.Error("UnionWith into a zero Set")
	}
	// Iteration stops when asked.
	n := 0
	for range Default().Match("s3:*").All() {
		n++
		if n == 2 {
			break
		}
	}
	if n != 2 {
		t.Errorf("All() yielded %d after break", n)
	}
}

func TestSetCatalog(t *testing.T) {
	c := Default()
	s3 := c.Match("s3:*")
	get := c.Match("s3:Get*")
	if !get.Difference(s3).IsEmpty() {
		t.Error("s3:Get* is not within s3:*")
	}
	all := c.Match("*")
	if !s3.Complement(c).Equal(all.Difference(s3)) {
		t.Error("Complement differs from * minus the set")
	}
	if got := s3.Complement(c).Len() + s3.Len(); got != c.NumActions() {
		t.Errorf("set and complement hold %d actions, want %d", got, c.NumActions())
	}
	var names []string
	for _, a := range c.Match("iam:*AccessKey*").Actions(c) {
		names = append(names, a.String())
	}
	want := []string{"iam:CreateAccessKey", "iam:DeleteAccessKey", "iam:GetAccessKeyLastUsed", "iam:ListAccessKeys", "iam:UpdateAccessKey"}
	if diff := cmp.Diff(want, names); diff != "" {
		t.Errorf("iam:*AccessKey* (-want +got):\n%s", diff)
	}
	var beyond Set
	beyond.Add(c.NumActions() + 5)
	if len(beyond.Actions(c)) != 0 {
		t.Error("Actions returned an ID beyond the catalog")
	}
}
