package eval

import (
	"github.com/leastpriv/leastpriv/internal/ascii"
	"strings"

	"github.com/leastpriv/leastpriv/diag"
	"github.com/leastpriv/leastpriv/iam"
)

// A Policy is a compiled policy document: actions indexed by service and
// name, ARN patterns and condition values pre-parsed. It is immutable and
// safe for concurrent use.
type Policy struct {
	// Label names the policy in reasons: a file name, or a label such as
	// "identityPolicies[0]".
	Label string
	// Type is the policy type it was compiled as.
	Type iam.Type
	// Source is the parsed document.
	Source *iam.Policy

	stmts []*Statement

	// The action index. A statement appears under every pattern of its
	// Action element; NotAction statements are always candidates.
	exact  map[string][]int32  // lower-case action without wildcards
	bySvc  map[string][]actPat // lower-case service → name patterns with wildcards
	anySvc []actPat            // patterns whose service part has wildcards
	notAct []int32             // statements with NotAction
}

// An actPat is one wildcard pattern of an Action element.
type actPat struct {
	stmt int32
	glob pattern // over the lower-case action name (or whole action for anySvc)
}

// A Statement is a compiled statement.
type Statement struct {
	Index  int
	Sid    string
	Effect iam.Effect
	Range  diag.Range
	Path   string

	actions   []pattern // lower-case globs over "service:action"
	notAction bool

	resources   []resourcePattern
	notResource bool
	anyResource bool // Resource absent (trust policies): every resource

	principal *principalSpec // nil when absent
	conds     []cond
}

// Compile compiles a parsed policy. label names it in reasons. The
// diagnostics report condition operators the engine does not know and
// condition values that are malformed for their operator (a malformed value
// is an error, never a silent false); the policy is nil when there are errors.
func Compile(p *iam.Policy, label string) (*Policy, diag.List) {
	var diags diag.List
	vars := p.VersionValue() == "2012-10-17"
	cp := &Policy{
		Label:  label,
		Type:   p.Type,
		Source: p,
		exact:  map[string][]int32{},
		bySvc:  map[string][]actPat{},
	}
	for i, st := range p.Statements {
		cs := &Statement{Index: i, Effect: st.Effect, Range: st.Range, Path: st.Path}
		if st.Sid != nil {
			cs.Sid = st.Sid.Value
		}
		if st.Action != nil {
			cs.notAction = st.Action.Not
			for _, a := range st.Action.Values {
				cs.actions = append(cs.actions, compileGlobString(ascii.ToLower(a.Value)))
			}
		}
		if st.Resource == nil {
			cs.anyResource = true
		} else {
			cs.notResource = st.Resource.Not
			for _, r := range st.Resource.Values {
				cs.resources = append(cs.resources, compileResource(r.Value, vars))
			}
		}
		cs.principal = compilePrincipal(st.Principal)
		if st.Condition != nil {
			for _, b := range st.Condition.Blocks {
				for _, e := range b.Entries {
					if c, ok := compileCondition(b, e, vars, &diags); ok {
						cs.conds = append(cs.conds, c)
					}
				}
			}
		}
		cp.stmts = append(cp.stmts, cs)
		cp.index(int32(i), st)
	}
	if diags.HasErrors() {
		return nil, diags
	}
	return cp, diags
}

// index adds statement i's Action patterns to the action index.
func (p *Policy) index(i int32, st *iam.Statement) {
	if st.Action == nil {
		return
	}
	if st.Action.Not {
		p.notAct = append(p.notAct, i)
		return
	}
	for _, a := range st.Action.Values {
		v := ascii.ToLower(a.Value)
		if !strings.ContainsAny(v, "*?") {
			if l := p.exact[v]; len(l) == 0 || l[len(l)-1] != i {
				p.exact[v] = append(l, i)
			}
			continue
		}
		svc, name, ok := strings.Cut(v, ":")
		if ok && !strings.ContainsAny(svc, "*?") {
			p.bySvc[svc] = append(p.bySvc[svc], actPat{stmt: i, glob: compileGlobString(name)})
			continue
		}
		p.anySvc = append(p.anySvc, actPat{stmt: i, glob: compileGlobString(v)})
	}
}

// Statements returns the compiled statements in document order.
func (p *Policy) Statements() []*Statement { return p.stmts }

// MatchAction reports whether the statement's Action or NotAction element
// applies to action (case-insensitive: "The prefix and the action name are
// case insensitive").
func (s *Statement) MatchAction(action string) bool {
	return s.matchAction(ascii.ToLower(action))
}

func (s *Statement) matchAction(lower string) bool {
	m := false
	for i := range s.actions {
		if s.actions[i].match(lower) {
			m = true
			break
		}
	}
	return m != s.notAction
}

// candidates appends to buf the indexes of the statements whose Action or
// NotAction element applies to the request's action, in ascending order
// without duplicates.
func (p *Policy) candidates(q *request, buf []int32) []int32 {
	buf = buf[:0]
	buf = append(buf, p.exact[q.action]...)
	if pats := p.bySvc[q.service]; len(pats) > 0 {
		name := q.action[len(q.service)+1:]
		for i := range pats {
			if pats[i].glob.match(name) {
				buf = append(buf, pats[i].stmt)
			}
		}
	}
	for i := range p.anySvc {
		if p.anySvc[i].glob.match(q.action) {
			buf = append(buf, p.anySvc[i].stmt)
		}
	}
	for _, i := range p.notAct {
		if p.stmts[i].matchAction(q.action) {
			buf = append(buf, i)
		}
	}
	if len(buf) > 1 {
		sortUnique(&buf)
	}
	return buf
}

func sortUnique(b *[]int32) {
	s := *b
	// Insertion sort: candidate lists are short.
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && s[j] < s[j-1]; j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
	n := 1
	for i := 1; i < len(s); i++ {
		if s[i] != s[n-1] {
			s[n] = s[i]
			n++
		}
	}
	*b = s[:n]
}

// matchResource reports whether the statement's Resource or NotResource
// element applies to the request's resource.
func (s *Statement) matchResource(q *request) bool {
	if s.anyResource {
		return true
	}
	m := false
	for i := range s.resources {
		hit, resolved := s.resources[i].matchResolved(q.resource, q)
		if !resolved && s.notResource {
			// "If AWS cannot resolve a variable, this might cause the
			// entire statement to be invalid" (reference_policies_variables.html):
			// a NotResource value that cannot be resolved makes the
			// statement not apply, rather than apply to every resource.
			return false
		}
		if hit {
			m = true
			if !s.notResource {
				break
			}
		}
	}
	return m != s.notResource
}

// matchConditions evaluates the Condition element (all conditions ANDed).
func (s *Statement) matchConditions(q *request) (bool, error) {
	for i := range s.conds {
		ok, err := s.conds[i].eval(q)
		if err != nil || !ok {
			return false, err
		}
	}
	return true, nil
}
