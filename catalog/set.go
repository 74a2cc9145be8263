package catalog

import (
	"iter"
	"math/bits"
	"slices"
)

// A Set is a set of action IDs, stored as a bitset. The zero Set is empty and
// ready to use; Add grows it as needed. Union, Intersect, Difference and
// Complement return new sets and leave their operands alone; UnionWith,
// IntersectWith and DifferenceWith change the receiver in place.
//
// A Set holds a slice: assigning one Set to another shares the bits, so use
// Clone before changing a copy in place.
type Set struct {
	w []uint64
}

// NewSet returns an empty set sized for c's actions.
func NewSet(c *Catalog) Set { return Set{w: make([]uint64, words(c.NumActions()))} }

func words(n int) int { return (n + 63) / 64 }

// Add adds id, which must not be negative.
func (s *Set) Add(id int) {
	i := id >> 6
	if i >= len(s.w) {
		s.w = append(s.w, make([]uint64, i+1-len(s.w))...)
	}
	s.w[i] |= 1 << (uint(id) & 63)
}

// Remove removes id.
func (s *Set) Remove(id int) {
	if i := id >> 6; id >= 0 && i < len(s.w) {
		s.w[i] &^= 1 << (uint(id) & 63)
	}
}

// addRange adds the IDs lo..hi-1.
func (s *Set) addRange(lo, hi int) {
	if lo >= hi {
		return
	}
	if n := words(hi); n > len(s.w) {
		s.w = append(s.w, make([]uint64, n-len(s.w))...)
	}
	for lo < hi && lo&63 != 0 {
		s.w[lo>>6] |= 1 << (uint(lo) & 63)
		lo++
	}
	for ; lo+64 <= hi; lo += 64 {
		s.w[lo>>6] = ^uint64(0)
	}
	for ; lo < hi; lo++ {
		s.w[lo>>6] |= 1 << (uint(lo) & 63)
	}
}

// Has reports whether id is in the set.
func (s Set) Has(id int) bool {
	i := id >> 6
	return id >= 0 && i < len(s.w) && s.w[i]&(1<<(uint(id)&63)) != 0
}

// Len returns the number of IDs in the set.
func (s Set) Len() int {
	n := 0
	for _, w := range s.w {
		n += bits.OnesCount64(w)
	}
	return n
}

// IsEmpty reports whether the set has no IDs.
func (s Set) IsEmpty() bool {
	for _, w := range s.w {
		if w != 0 {
			return false
		}
	}
	return true
}

// Clear removes every ID from s, keeping its storage.
func (s *Set) Clear() { clear(s.w) }

// Clone returns a copy of s that shares nothing with it.
func (s Set) Clone() Set { return Set{w: slices.Clone(s.w)} }

// Equal reports whether s and t hold the same IDs.
func (s Set) Equal(t Set) bool {
	a, b := s.w, t.w
	if len(a) < len(b) {
		a, b = b, a
	}
	for i, w := range a {
		var v uint64
		if i < len(b) {
			v = b[i]
		}
		if w != v {
			return false
		}
	}
	return true
}

// Union returns the IDs in s or t.
func (s Set) Union(t Set) Set {
	u := s.Clone()
	u.UnionWith(t)
	return u
}

// Intersect returns the IDs in both s and t.
func (s Set) Intersect(t Set) Set {
	u := s.Clone()
	u.IntersectWith(t)
	return u
}

// Difference returns the IDs in s but not in t.
func (s Set) Difference(t Set) Set {
	u := s.Clone()
	u.DifferenceWith(t)
	return u
}

// Complement returns the IDs of c's actions that are not in s (the actions a
// NotAction list leaves).
func (s Set) Complement(c *Catalog) Set {
	u := NewSet(c)
	u.addRange(0, c.NumActions())
	u.DifferenceWith(s)
	return u
}

// UnionWith adds the IDs of t to s.
func (s *Set) UnionWith(t Set) {
	if len(t.w) > len(s.w) {
		s.w = append(s.w, make([]uint64, len(t.w)-len(s.w))...)
	}
	for i, w := range t.w {
		s.w[i] |= w
	}
}

// IntersectWith removes from s the IDs that are not in t.
func (s *Set) IntersectWith(t Set) {
	for i := range s.w {
		if i < len(t.w) {
			s.w[i] &= t.w[i]
		} else {
			s.w[i] = 0
		}
	}
}

// DifferenceWith removes from s the IDs in t.
func (s *Set) DifferenceWith(t Set) {
	for i := range min(len(s.w), len(t.w)) {
		s.w[i] &^= t.w[i]
	}
}

// All returns the IDs in increasing order.
func (s Set) All() iter.Seq[int] {
	return func(yield func(int) bool) {
		for i, w := range s.w {
			for w != 0 {
				b := bits.TrailingZeros64(w)
				if !yield(i<<6 | b) {
					return
				}
				w &= w - 1
			}
		}
	}
}

// IDs returns the IDs in increasing order.
func (s Set) IDs() []int {
	ids := make([]int, 0, s.Len())
	for id := range s.All() {
		ids = append(ids, id)
	}
	return ids
}

// Actions returns the actions of c whose IDs are in s, in ID order. IDs
// beyond c's actions are ignored.
func (s Set) Actions(c *Catalog) []*Action {
	all := c.Actions()
	out := make([]*Action, 0, s.Len())
	for id := range s.All() {
		if id >= len(all) {
			break
		}
		out = append(out, all[id])
	}
	return out
}
