package lint

import (
	"strings"

	"github.com/leastpriv/leastpriv/catalog"
	"github.com/leastpriv/leastpriv/iam"
)

// An ActionRef is one value of a statement's Action or NotAction list,
// resolved against the catalog.
type ActionRef struct {
	Value *iam.String
	// The resolution is shared by every occurrence of the same text.
	*Resolved
}

// Resolved is what the catalog says about an Action value's text.
type Resolved struct {
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
	// Set holds the catalog actions a pattern (Wild) matches, and IDs the
	// same in increasing order; both are shared between policies and must
	// not be changed. For a value without wildcards they are empty: see
	// Action.
	Set catalog.Set
	IDs []int
}

// Empty reports whether the value matches no catalog action.
func (r *ActionRef) Empty() bool { return r.Action == nil && len(r.IDs) == 0 }

// Has reports whether the value matches the action with the given ID.
func (r *ActionRef) Has(id int) bool {
	if r.Action != nil {
		return r.Action.ID == id
	}
	return r.Set.Has(id)
}

// Len returns how many catalog actions the value matches.
func (r *ActionRef) Len() int {
	if r.Action != nil {
		return 1
	}
	return len(r.IDs)
}

// Matched returns the catalog actions the value matches.
func (r *ActionRef) Matched(c *catalog.Catalog) []*catalog.Action {
	if r.Action != nil {
		return []*catalog.Action{r.Action}
	}
	return r.Set.Actions(c)
}

// facts are computed once per policy, on first use, and shared by every rule.
type facts struct {
	actions     [][]ActionRef // per statement index
	granted     []catalog.Set // per statement: actions the statement applies to
	grantedDone []bool
	done        []bool
	memo        map[string]any
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
		f.grantedDone = make([]bool, n)
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
		resolve := p.resolve
		if resolve == nil {
			resolve = func(v string) *Resolved { return resolveAction(p.Catalog, v, p.Catalog.Match) }
		}
		f.actions[st.Index] = resolveActions(p.Catalog, st.Action, resolve)
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
	if !f.grantedDone[st.Index] {
		f.grantedDone[st.Index] = true
		// Size the set once, for the largest ID it will hold; reuse the
		// words of a set of an earlier policy when there is one.
		u := p.takeSet()
		maxID := -1
		for i := range refs {
			if refs[i].Action != nil {
				maxID = max(maxID, refs[i].Action.ID)
			} else if n := len(refs[i].IDs); n > 0 {
				maxID = max(maxID, refs[i].IDs[n-1])
			}
		}
		if maxID >= 0 {
			u.Add(maxID)
			u.Remove(maxID)
		}
		for i := range refs {
			if refs[i].Action != nil {
				u.Add(refs[i].Action.ID)
				continue
			}
			// Patterns match few actions as a rule: adding their IDs is
			// cheaper than a union over the whole catalog's words.
			for _, id := range refs[i].IDs {
				u.Add(id)
			}
		}
		if st.Action.Not {
			c := u.Complement(p.Catalog)
			p.giveSet(u)
			u = c
		}
		f.granted[st.Index] = u
	}
	return f.granted[st.Index]
}

// Grants reports whether the statement applies to the action with the given
// ID, without building the statement's action set.
func (p *Pass) Grants(st *iam.Statement, id int) bool {
	if st.Action == nil {
		return false
	}
	refs := p.Actions(st)
	for i := range refs {
		if refs[i].Has(id) {
			return !st.Action.Not
		}
	}
	return st.Action.Not
}

// GrantsAny reports whether the statement applies to one of the actions
// with the given IDs. For a statement of actions written without wildcards
// it looks them up; otherwise it uses the statement's action set.
func (p *Pass) GrantsAny(st *iam.Statement, ids []int) bool {
	if st.Action == nil || len(ids) == 0 {
		return false
	}
	refs := p.Actions(st)
	if st.Action.Not || len(refs) > 64 {
		set := p.Applies(st)
		for _, id := range ids {
			if set.Has(id) {
				return true
			}
		}
		return false
	}
	for i := range refs {
		for _, id := range ids {
			if refs[i].Has(id) {
				return true
			}
		}
	}
	return false
}

// Memo returns the value compute returns for key, computing it once per
// policy: rules use it to share work (ARN lookups, expansions) between each
// other and across statements.
func (p *Pass) Memo(key string, compute func() any) any {
	f := p.factsFor()
	if f.memo == nil {
		f.memo = map[string]any{}
	}
	if v, ok := f.memo[key]; ok {
		return v
	}
	v := compute()
	f.memo[key] = v
	return v
}

func resolveActions(c *catalog.Catalog, l *iam.List, resolve func(string) *Resolved) []ActionRef {
	out := make([]ActionRef, len(l.Values))
	for i := range l.Values {
		out[i] = ActionRef{Value: &l.Values[i], Resolved: resolve(l.Values[i].Value)}
	}
	return out
}

// ResolveAction resolves one Action value against the catalog, as Pass.Actions
// does (without its memo).
func ResolveAction(c *catalog.Catalog, value string) *Resolved {
	return resolveAction(c, value, c.Match)
}

// resolveAction resolves one Action value against the catalog; match
// expands patterns.
func resolveAction(c *catalog.Catalog, value string, match func(string) catalog.Set) *Resolved {
	r := &Resolved{Wild: hasWildcard(value)}
	prefix, name, ok := strings.Cut(value, ":")
	switch {
	case value == "*":
		r.Prefix = "*"
	case ok:
		r.Prefix, r.Name = prefix, name
	default:
		r.Prefix = value
	}
	if !hasWildcard(r.Prefix) {
		r.Service = c.Service(r.Prefix)
	}
	if r.Wild {
		r.Set = match(value)
		r.IDs = r.Set.IDs()
	} else if ok && r.Service != nil {
		r.Action = r.Service.Action(name)
	}
	return r
}

// hasWildcard reports whether s holds '*' or '?'.
func hasWildcard(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c == '*' || c == '?' {
			return true
		}
	}
	return false
}
