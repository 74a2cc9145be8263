package iamrules

import (
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
	// The scopable actions of s, counted word by word, in a scratch set.
	x := scratchSets.Get().(*catalog.Set)
	defer scratchSets.Put(x)
	x.Clear()
	x.UnionWith(s)
	x.IntersectWith(all)
	n := x.Len()
	if n == 0 {
		return 0, ""
	}
	// Describe the first five services' resource types (the four first
	// names of each, in order).
	acts := c.Actions()
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
		a := acts[id]
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
