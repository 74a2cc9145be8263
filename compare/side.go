package compare

import (
	"strings"

	"github.com/leastpriv/leastpriv/access"
	"github.com/leastpriv/leastpriv/catalog"
	"github.com/leastpriv/leastpriv/diag"
	"github.com/leastpriv/leastpriv/iam"
	"github.com/leastpriv/leastpriv/internal/glob"
)

// A stmt is a compiled statement of one side.
type stmt struct {
	uid  int // unique within an engine
	pol  *iam.Policy
	st   *iam.Statement
	deny bool

	// acts are the catalog actions of the Action or NotAction element.
	acts catalog.Set
	// actLang is the element as a language of lower-case action names
	// (matched ignoring case, like IAM).
	actLang glob.Lang
	// loose are the Action patterns whose meaning the catalog cannot
	// exhaust: wildcards, and names of no catalog action. For NotAction,
	// the whole element (it matches every name it does not list).
	loose []loosePat

	res   resources
	conds []cond
	princ principals
}

// A loosePat is an action pattern as a language, and as written.
type loosePat struct {
	lang glob.Lang
	text string
}

// A side is every statement of the policies on one side of a comparison.
type side struct {
	policies []*iam.Policy
	stmts    []*stmt
	allows   catalog.Set // actions of the Allow statements
	denies   catalog.Set // actions of the Deny statements
}

func (e *engine) compileSide(ps []*iam.Policy) *side {
	s := &side{policies: ps, allows: catalog.NewSet(e.c), denies: catalog.NewSet(e.c)}
	for _, p := range ps {
		vars := p.VersionValue() == "2012-10-17"
		for _, st := range p.Statements {
			cs := &stmt{uid: e.nextUID, pol: p, st: st, deny: st.Effect == iam.Deny}
			e.nextUID++
			sa := access.ExpandStatement(e.c, st)
			cs.acts = sa.Actions
			if st.Action != nil {
				var exprs []glob.Expr
				for _, v := range st.Action.Values {
					x := glob.ParseExpr(strings.ToLower(v.Value))
					exprs = append(exprs, x)
					if !st.Action.Not && (glob.HasWildcard(v.Value) || e.c.Action(v.Value) == nil) {
						cs.loose = append(cs.loose, loosePat{glob.Union(x), v.Value})
					}
				}
				cs.actLang = glob.Lang{Exprs: exprs, Not: st.Action.Not}
				if st.Action.Not {
					cs.loose = []loosePat{{cs.actLang, "NotAction " + strings.Join(st.Action.Strings(), ", ")}}
				}
			}
			cs.res = compileResources(st.Resource, vars)
			cs.conds = compileConds(st.Condition, vars)
			markSingle(e.c, cs.conds)
			cs.princ = compilePrincipals(st.Principal)
			if cs.deny {
				s.denies.UnionWith(cs.acts)
			} else {
				s.allows.UnionWith(cs.acts)
			}
			s.stmts = append(s.stmts, cs)
		}
	}
	return s
}

// ref describes the statement for reports.
func (s *stmt) ref() StatementRef {
	r := StatementRef{File: s.pol.File, Index: s.st.Index, Effect: s.st.Effect.String(), Range: s.st.Range, Label: access.StatementLabel(s.st),
		Line: s.st.Range.Start.Line, Column: s.st.Range.Start.Column}
	if s.st.Sid != nil {
		r.Sid = s.st.Sid.Value
	}
	return r
}

// A StatementRef names a statement of a policy.
type StatementRef struct {
	File   string     `json:"file"`
	Index  int        `json:"index"` // 0-based position in the Statement list
	Sid    string     `json:"sid,omitempty"`
	Label  string     `json:"label"` // the Sid, or "statement N" (1-based)
	Effect string     `json:"effect"`
	Line   int        `json:"line"`
	Column int        `json:"column"`
	Range  diag.Range `json:"-"`
}

// String returns "file:line:col: Label".
func (r StatementRef) String() string {
	return r.Range.String() + ": " + r.Label
}
