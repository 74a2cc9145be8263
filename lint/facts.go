package lint

import (
	"strings"

	"github.com/leastpriv/leastpriv/catalog"
	"github.com/leastpriv/leastpriv/iam"
)

// An ActionRef is one value of a statement's Action or NotAction list,
// resolved against the catalog.
type ActionRef struct {
	Value iam.String
	// Prefix and Name are the two halves of "prefix:name"; Name is empty
	// when the value has no colon. Value "*" has Prefix "*".
	Prefix, Name string
	// Service is the catalog's service for Prefix; nil when the prefix is
	// unknown or holds a wildcard.
	Service *catalog.Service
	// Action is the catalog's action for a value without wildcards; nil
	// when unknown or when the value is a pattern.
	Action *catalog.Action
	// Wild reports whether the value holds '*' or '?'.
	Wild bool
	// Set holds the catalog actions the value matches (empty when none).
	Set catalog.Set
}

// facts are computed once per policy, on first use, and shared by every rule.
type facts struct {
	actions [][]ActionRef // per statement index
	granted []catalog.Set // per statement: actions the statement applies to
	done    []bool
}

func (p *Pass) factsFor() *facts {
	if p.facts == nil {
		p.facts = &facts{}
	}
	f := p.facts
	if f.actions == nil {
		n := len(p.Policy.Statements)
		f.actions = make([][]ActionRef, n)
		f.granted = make([]catalog.Set, n)
		f.done = make([]bool, n)
	}
	return f
}

// Actions returns the resolved values of the statement's Action or NotAction
// element, in document order.
func (p *Pass) Actions(st *iam.Statement) []ActionRef {
	f := p.factsFor()
	if st.Index < 0 || st.Index >= len(f.actions) || st.Action == nil {
		return nil
	}
	if !f.done[st.Index] {
		f.actions[st.Index] = resolveActions(p.Catalog, st.Action)
		f.done[st.Index] = true
	}
	return f.actions[st.Index]
}

// Applies returns the catalog actions the statement applies to: the union
// of its Action patterns, or for NotAction every action the list does not
// match.
func (p *Pass) Applies(st *iam.Statement) catalog.Set {
	f := p.factsFor()
	refs := p.Actions(st)
	if st.Index < 0 || st.Index >= len(f.granted) || st.Action == nil {
		return catalog.Set{}
	}
	if f.granted[st.Index].Len() == 0 && len(refs) > 0 {
		var u catalog.Set
		for _, r := range refs {
			u = u.Union(r.Set)
		}
		if st.Action.Not {
			u = u.Complement(p.Catalog)
		}
		f.granted[st.Index] = u
	}
	return f.granted[st.Index]
}

func resolveActions(c *catalog.Catalog, l *iam.List) []ActionRef {
	out := make([]ActionRef, len(l.Values))
	for i, v := range l.Values {
		r := ActionRef{Value: v, Wild: strings.ContainsAny(v.Value, "*?")}
		prefix, name, ok := strings.Cut(v.Value, ":")
		switch {
		case v.Value == "*":
			r.Prefix = "*"
		case ok:
			r.Prefix, r.Name = prefix, name
		default:
			r.Prefix = v.Value
		}
		if !strings.ContainsAny(r.Prefix, "*?") {
			r.Service = c.Service(r.Prefix)
		}
		if r.Wild {
			r.Set = c.Match(v.Value)
		} else if ok && r.Service != nil {
			if a := r.Service.Action(name); a != nil {
				r.Action = a
				r.Set.Add(a.ID)
			}
		}
		out[i] = r
	}
	return out
}
