// Package access answers what a policy's action and resource lists mean in
// terms of the AWS catalog: the concrete actions behind wildcards and
// NotAction ([Expand]), the shortest list of patterns for a set of actions
// ([Shrink]), and a per-service summary of what a policy grants, in the
// manner of the IAM console's policy summary ([Summarize]).
//
// Everything here is about the catalog compiled into the binary: an action
// AWS adds later is not in any result, and a pattern is reported as matching
// nothing when it matches no catalog action today.
//
//	c := catalog.Default()
//	set, unmatched := access.ExpandPatterns(c, []string{"s3:Get*", "ec2:Describe*"})
//	for _, a := range set.Actions(c) { fmt.Println(a) }
//	fmt.Println(access.Shrink(c, set).Patterns())
package access

import (
	"strings"

	"github.com/leastpriv/leastpriv/catalog"
	"github.com/leastpriv/leastpriv/iam"
	"github.com/leastpriv/leastpriv/internal/glob"
)

// Unmatched is an action pattern that matches no action in the catalog.
type Unmatched struct {
	Pattern string
	// Value is the policy element the pattern came from, when it came from a
	// policy; its Range locates it.
	Value *iam.String
	// Reason says why it matches nothing: "unknown service", "unknown
	// action", "malformed".
	Reason string
	// Suggestions are close catalog names ("did you mean"), best first.
	Suggestions []string
}

// ExpandPatterns returns the catalog actions matched by any of the patterns,
// and the patterns that match none.
func ExpandPatterns(c *catalog.Catalog, patterns []string) (catalog.Set, []Unmatched) {
	set := catalog.NewSet(c)
	var un []Unmatched
	sg := suggester{}
	scratch := catalog.NewSet(c)
	// Long lists repeat themselves (every managed policy's patterns: 59,000
	// values, 16,500 distinct): each distinct value is looked up once.
	seen := map[string]bool{} // value -> matched something
	for _, p := range patterns {
		if matched, ok := seen[p]; ok {
			if !matched {
				un = append(un, sg.unmatched(c, p, nil))
			}
			continue
		}
		matched := false
		if !glob.HasWildcard(p) { // most values name one action: skip the set work
			if id, ok := c.ActionID(p); ok {
				set.Add(id)
				matched = true
			}
		} else {
			scratch.Clear()
			c.MatchInto(&scratch, p)
			if matched = !scratch.IsEmpty(); matched {
				set.UnionWith(scratch)
			}
		}
		seen[p] = matched
		if !matched {
			un = append(un, sg.unmatched(c, p, nil))
		}
	}
	return set, un
}

// suggester computes "did you mean" suggestions once per distinct pattern:
// a search through the catalog costs milliseconds, and large inputs repeat
// the same unknown names.
type suggester map[string]Unmatched

func (sg suggester) unmatched(c *catalog.Catalog, p string, v *iam.String) Unmatched {
	u, ok := sg[p]
	if !ok {
		u = unmatched(c, p)
		sg[p] = u
	}
	u.Value = v
	return u
}

func unmatched(c *catalog.Catalog, p string) Unmatched {
	u := Unmatched{Pattern: p}
	svc, name, ok := strings.Cut(p, ":")
	switch {
	case !ok || svc == "" || name == "":
		u.Reason = "malformed: an action is written service:Action"
		u.Suggestions = c.Suggest(p, 3)
	case !strings.ContainsAny(svc, "*?") && !c.HasService(svc):
		u.Reason = "unknown service " + svc
		// Suggest close service prefixes, keeping the rest of the pattern
		// where that matches something ("s4:GetObject" -> "s3:GetObject").
		for _, s2 := range c.Suggest(svc, 3) {
			if alt := s2 + ":" + name; c.Match(alt).Len() > 0 {
				u.Suggestions = append(u.Suggestions, alt)
			} else {
				u.Suggestions = append(u.Suggestions, s2)
			}
		}
	case strings.ContainsAny(p, "*?"):
		u.Reason = "the pattern matches no action"
	default:
		u.Reason = "unknown action"
		u.Suggestions = c.Suggest(p, 3)
	}
	return u
}

// StatementActions is the expansion of one statement's Action or NotAction.
type StatementActions struct {
	Statement *iam.Statement
	// Actions are the catalog actions the statement's action element
	// matches; for NotAction, every catalog action except those listed.
	Actions catalog.Set
	// Listed are the actions the element names (for NotAction, the
	// excluded ones).
	Listed    catalog.Set
	Unmatched []Unmatched
}

// ExpandStatement expands st's Action or NotAction against c.
func ExpandStatement(c *catalog.Catalog, st *iam.Statement) StatementActions {
	return expandStatement(c, st, suggester{})
}

func expandStatement(c *catalog.Catalog, st *iam.Statement, sg suggester) StatementActions {
	sa := StatementActions{Statement: st, Listed: catalog.NewSet(c)}
	if st.Action != nil {
		scratch := catalog.NewSet(c)
		for i := range st.Action.Values {
			v := &st.Action.Values[i]
			if !glob.HasWildcard(v.Value) {
				if a := c.Action(v.Value); a != nil {
					sa.Listed.Add(a.ID)
				} else {
					sa.Unmatched = append(sa.Unmatched, sg.unmatched(c, v.Value, v))
				}
				continue
			}
			scratch.Clear()
			c.MatchInto(&scratch, v.Value)
			if scratch.IsEmpty() {
				sa.Unmatched = append(sa.Unmatched, sg.unmatched(c, v.Value, v))
				continue
			}
			sa.Listed.UnionWith(scratch)
		}
	}
	if st.Action != nil && st.Action.Not {
		sa.Actions = sa.Listed.Complement(c)
	} else {
		sa.Actions = sa.Listed.Clone()
	}
	return sa
}

// Expansion is the expansion of every statement of a policy.
type Expansion struct {
	Policy     *iam.Policy
	Statements []StatementActions
	// Allowed is the union of the actions of the Allow statements, and
	// Denied that of the Deny statements, whatever their resources and
	// conditions.
	Allowed, Denied catalog.Set
}

// Expand expands every statement of p.
func Expand(c *catalog.Catalog, p *iam.Policy) Expansion {
	e := Expansion{Policy: p, Allowed: catalog.NewSet(c), Denied: catalog.NewSet(c)}
	sg := suggester{}
	for _, st := range p.Statements {
		sa := expandStatement(c, st, sg)
		e.Statements = append(e.Statements, sa)
		if st.Effect == iam.Deny {
			e.Denied.UnionWith(sa.Actions)
		} else {
			e.Allowed.UnionWith(sa.Actions)
		}
	}
	return e
}

// Unmatched returns the action values of every statement that match nothing.
func (e Expansion) Unmatched() []Unmatched {
	var out []Unmatched
	for _, s := range e.Statements {
		out = append(out, s.Unmatched...)
	}
	return out
}
