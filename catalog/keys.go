package catalog

import (
	"github.com/leastpriv/leastpriv/internal/ascii"
	"slices"
	"strings"
)

// keyIndex resolves condition key names; it is built on first use.
type keyIndex struct {
	byName    map[string]*ConditionKey // lower-case name
	templates []*ConditionKey          // most specific (longest literal text) first
}

// ConditionKey returns the condition key a policy writes as name, ignoring
// ASCII case, or nil if the catalog knows no such key. A name that fills a
// template's placeholder resolves to the template: "aws:ResourceTag/env" to
// "aws:ResourceTag/${TagKey}", "s3:ExistingObjectTag/x" to
// "s3:ExistingObjectTag/<key>"; when several templates match, the one with the
// longest literal text wins.
//
// Keys of the global list win for "aws:" names. Otherwise the entry of the
// service whose prefix the key has wins, then that of a service the prefix
// belongs to (KeyPrefixServices), then the global list, then any service that
// documents the key, in prefix order.
func (c *Catalog) ConditionKey(name string) *ConditionKey {
	ix := c.contents().keys()
	var buf [128]byte
	if len(name) <= len(buf) {
		b := buf[:len(name)]
		for i := range b {
			b[i] = ascii.Lower(name[i])
		}
		if k := ix.byName[string(b)]; k != nil { // no allocation
			return k
		}
	} else if k := ix.byName[ascii.ToLower(name)]; k != nil {
		return k
	}
	for _, k := range ix.templates {
		if k.Matches(name) {
			return k
		}
	}
	return nil
}

func (c *contents) buildKeyIndex() *keyIndex {
	ix := &keyIndex{byName: make(map[string]*ConditionKey, 4096)}
	// The lower-case names, cut from one string instead of allocated one by
	// one.
	size := 0
	for _, k := range c.globals {
		size += len(k.Name)
	}
	for _, s := range c.services {
		for _, k := range s.ConditionKeys {
			size += len(k.Name)
		}
	}
	var lb strings.Builder
	lb.Grow(size)
	lowerName := func(name string) string {
		start := lb.Len()
		for i := 0; i < len(name); i++ {
			lb.WriteByte(ascii.Lower(name[i]))
		}
		return lb.String()[start:]
	}
	var order []*ConditionKey // winners in priority order
	var scratch []byte
	add := func(k *ConditionKey) {
		scratch = scratch[:0]
		for i := 0; i < len(k.Name); i++ {
			scratch = append(scratch, ascii.Lower(k.Name[i]))
		}
		if _, ok := ix.byName[string(scratch)]; !ok { // no allocation
			ix.byName[lowerName(k.Name)] = k
			order = append(order, k)
		}
	}
	keyPrefix := func(k *ConditionKey) string {
		p, _, _ := strings.Cut(k.Name, ":")
		return strings.ToLower(p)
	}
	for _, k := range c.globals {
		if ascii.HasPrefixFold(k.Name, "aws:") {
			add(k)
		}
	}
	for _, s := range c.services {
		for _, k := range s.ConditionKeys {
			if keyPrefix(k) == s.Prefix {
				add(k)
			}
		}
	}
	for _, s := range c.services {
		for _, k := range s.ConditionKeys {
			if slices.Contains(c.keyPrefix[keyPrefix(k)], s) {
				add(k)
			}
		}
	}
	for _, k := range c.globals {
		add(k)
	}
	for _, s := range c.services {
		for _, k := range s.ConditionKeys {
			add(k)
		}
	}
	for _, k := range order {
		if k.IsTemplate() {
			ix.templates = append(ix.templates, k)
		}
	}
	// Stable: among equally specific templates the priority order stands.
	slices.SortStableFunc(ix.templates, func(a, b *ConditionKey) int {
		return literalLen(b) - literalLen(a)
	})
	return ix
}

// literalLen is the length of a template's name outside its placeholder.
func literalLen(k *ConditionKey) int { return len(k.Name) - (k.phEnd - k.phStart) }
