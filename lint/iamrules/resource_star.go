package iamrules

import (
	"slices"
	"strings"
	"sync"

	"github.com/leastpriv/leastpriv/catalog"
	"github.com/leastpriv/leastpriv/diag"
	"github.com/leastpriv/leastpriv/lint"
)

// ResourceStar reports "Resource": "*" on actions that can be limited to
// resources.
var ResourceStar = &lint.Rule{
	Code:     "RESOURCE_STAR",
	Severity: diag.Warning,
	Title:    `"Resource": "*" on actions that can be scoped to resources`,
	Doc: `"Resource": "*" grants the statement's actions on every resource of the
account, including the ones other teams own. Most actions can be limited to
resources of given types (a role, a function, a bucket); only those that cannot
(List and Describe calls, account settings) need "*". The finding names the
resource types the statement's actions accept, so the statement can be split
into a "*" part for the actions that need it and a scoped part for the others.`,
	Hint:   "move the actions that accept resource ARNs to a statement that names those resources",
	Source: srcParl,
	URLs:   []string{resourceDoc, sarDoc, parliamentURL},
	Bad:    policy(`{"Effect": "Allow", "Action": ["lambda:InvokeFunction"], "Resource": "*"}`),
	Good:   policy(`{"Effect": "Allow", "Action": ["lambda:ListFunctions"], "Resource": "*"}`),
	Types:  identityTypes,
	Run: func(p *lint.Pass) {
		for _, st := range p.Policy.Statements {
			if !allows(st) || st.Action == nil || st.Action.Not {
				continue
			}
			var star *iamString
			for i, r := range resources(st) {
				if r.Value == "*" {
					star = &st.Resource.Values[i]
				}
			}
			if star == nil {
				continue
			}
			scoped, byService := scopable(p.Catalog, p.Applies(st))
			if scoped == 0 {
				continue
			}
			what := "actions that can"
			if scoped == 1 {
				what = "action that can"
			}
			p.Reportf(star.Range, star.Path, `"Resource": "*" covers %d %s be scoped to resources: %s`, scoped, what, byService)
		}
	},
}

// scopableActions memoises, per catalog, the actions that accept resource
// ARNs.
var scopableActions sync.Map

// scopable counts the actions of s that accept resource ARNs and describes
// the resource types they accept, by service (at most five services).
func scopable(c *catalog.Catalog, s catalog.Set) (int, string) {
	all := memoIDSet(&scopableActions, c, func(c *catalog.Catalog) catalog.Set {
		var out catalog.Set
		for _, a := range c.Actions() {
			if len(a.Resources) > 0 {
				out.Add(a.ID)
			}
		}
		return out
	})
	// Count the scopable actions of s: one by one when s holds few
	// actions, else word by word in a scratch set, which then holds only
	// those.
	x, n := &s, 0
	if s.Len() <= 256 {
		for id := range s.All() {
			if all.Has(id) {
				n++
			}
		}
	} else {
		x = scratchSets.Get().(*catalog.Set)
		defer scratchSets.Put(x)
		x.Clear()
		x.UnionWith(s)
		x.IntersectWith(all)
		n = x.Len()
	}
	if n == 0 {
		return 0, ""
	}
	// Describe the first five services' resource types (the four first
	// names of each, in order): from the actions' own types when the
	// statement holds few actions of the service, else from the service's
	// sorted type names, stopping at the fifth that one of them accepts.
	acts := c.Actions()
	var parts []string
	var svc *catalog.Service
	var ids [32]int // the first scopable actions of svc in x
	k := 0          // how many, up to len(ids)+1
	describe := func() {
		var types firstNames
		if k <= len(ids) {
			for _, id := range ids[:k] {
				for _, r := range acts[id].Resources {
					types.add(r.Type.Name)
				}
			}
		} else {
			for _, sn := range scopeNamesOf(svc) {
				if hasAny(x, sn.ids) { // sn.ids are scopable
					types.add(sn.name) // in order: no later name displaces it
					if types.k == len(types.n) {
						break
					}
				}
			}
		}
		parts = append(parts, svc.Prefix+" ("+strings.Join(types.list(), ", ")+")")
	}
	services := 0
	lastID := -1 // the last action ID of svc
	for id := range x.All() {
		if !all.Has(id) {
			continue
		}
		if id > lastID {
			if svc != nil {
				describe()
			}
			if services == 5 {
				parts = append(parts, "and more services")
				svc = nil
				break
			}
			svc = acts[id].Service
			lastID = svc.Actions[len(svc.Actions)-1].ID // IDs are consecutive
			services++
			k = 0
		}
		if k < len(ids) {
			ids[k] = id
		}
		k = min(k+1, len(ids)+1)
	}
	if svc != nil {
		describe()
	}
	return n, strings.Join(parts, ", ")
}

// A scopeName is the name of resource types a service's actions accept,
// with the IDs of the actions that accept a type of that name.
type scopeName struct {
	name string
	ids  []int
}

// scopeNames memoises scopeNamesOf per service; catalogs are immutable.
var scopeNames sync.Map // *catalog.Service -> []scopeName

// scopeNamesOf returns the distinct names of the resource types that the
// service's actions accept, in byte order, each with the actions that
// accept them.
func scopeNamesOf(s *catalog.Service) []scopeName {
	if v, ok := scopeNames.Load(s); ok {
		return v.([]scopeName)
	}
	byName := map[string][]int{}
	for _, a := range s.Actions {
		for _, r := range a.Resources {
			if ids := byName[r.Type.Name]; len(ids) == 0 || ids[len(ids)-1] != a.ID {
				byName[r.Type.Name] = append(ids, a.ID)
			}
		}
	}
	out := make([]scopeName, 0, len(byName))
	for name, ids := range byName {
		out = append(out, scopeName{name, ids})
	}
	slices.SortFunc(out, func(a, b scopeName) int { return strings.Compare(a.name, b.name) })
	v, _ := scopeNames.LoadOrStore(s, out)
	return v.([]scopeName)
}

// hasAny reports whether s holds one of ids.
func hasAny(s *catalog.Set, ids []int) bool {
	for _, id := range ids {
		if s.Has(id) {
			return true
		}
	}
	return false
}

// scratchSets are sets for computations that do not keep them.
var scratchSets = sync.Pool{New: func() any { return new(catalog.Set) }}

// firstNames keeps the five first of the distinct names it is given, in
// order: enough to list four and say whether there are more.
type firstNames struct {
	n [5]string
	k int
}

func (f *firstNames) add(s string) {
	for i := 0; i < f.k; i++ {
		if f.n[i] == s {
			return
		}
	}
	if f.k == len(f.n) {
		if s >= f.n[f.k-1] {
			return
		}
		f.k-- // s displaces the last
	}
	i := f.k
	for i > 0 && f.n[i-1] > s {
		f.n[i] = f.n[i-1]
		i--
	}
	f.n[i] = s
	f.k++
}

// list returns the first four names, and "..." when there are more.
func (f *firstNames) list() []string {
	if f.k > 4 {
		return append(f.n[:4:4], "...")
	}
	return f.n[:f.k]
}

// memoIDSet returns the set build computes for c, once per catalog.
func memoIDSet(m *sync.Map, c *catalog.Catalog, build func(*catalog.Catalog) catalog.Set) catalog.Set {
	if v, ok := m.Load(c); ok {
		return v.(catalog.Set)
	}
	v, _ := m.LoadOrStore(c, build(c))
	return v.(catalog.Set)
}
