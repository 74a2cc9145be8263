package compare

import (
	"strconv"
	"strings"

	"github.com/leastpriv/leastpriv/access"
	"github.com/leastpriv/leastpriv/catalog"
	"github.com/leastpriv/leastpriv/internal/glob"
)

// The engine decides, one action at a time, whether everything one side
// allows the other allows too. Requests are points (resource, request
// context, principal); a statement covers the product of its resource
// language, its condition and its principals. X ⊆ Y is proven when, for
// every Allow statement n of X:
//
//  1. the resources of n within the action's universe are covered by the
//     Allow statements of Y whose conditions follow from n's and whose
//     principals include n's, together with the Deny statements of X that
//     apply to every request of n (an exact question about glob
//     languages); and
//  2. every Deny statement of Y is either matched by a Deny statement of X
//     that denies at least as much, or provably misses n's requests
//     (disjoint resources or contradictory conditions).
//
// Every step over-approximates X and under-approximates Y, so a proof is
// sound; when one fails, the answer is "not proven", reported with the
// statement and the cause, never a guess.
type engine struct {
	c       *catalog.Catalog
	us      *universes
	nextUID int

	applyMemo  map[[2]int]bool
	implMemo   map[[2]int]bool
	inclMemo   map[string]inclResult
	prettyMemo map[string]string
	colonMemo  map[[2]int]string // colonExampleOf by statement and universe
	// matcher tells which resource patterns of a statement concern an
	// action, for reports.
	matcher *access.ResourceMatcher
}

type inclResult struct {
	ans     glob.Answer
	witness string
}

func newEngine(c *catalog.Catalog) *engine {
	return &engine{
		c:         c,
		us:        universesOf(c),
		applyMemo: map[[2]int]bool{},
		implMemo:  map[[2]int]bool{},
		inclMemo:  map[string]inclResult{},

		prettyMemo: map[string]string{},
		colonMemo:  map[[2]int]string{},
		matcher:    access.NewResourceMatcher(),
	}
}

var resOpts = glob.Options{Sep: ':'}
var actOpts = glob.Options{Fold: true}

// preciseFor returns universe u in the precise reading, or u itself when
// the statements at hand match every resource (allResources: the reading
// does not matter, and the precise universe need not be built).
func (e *engine) preciseFor(u *universe, allResources bool) *universe {
	if allResources {
		return u
	}
	return e.us.precise(u)
}

// applies reports whether statement s can match a resource of universe u.
func (e *engine) applies(s *stmt, u *universe) bool {
	if s.res.all {
		return true
	}
	k := [2]int{s.uid, u.id}
	if v, ok := e.applyMemo[k]; ok {
		return v
	}
	// Most pairs of a pattern and an ARN format differ in the service
	// component: drop them before building an automaton.
	x, y := mayMeet(glob.Lang{Exprs: s.res.over.Exprs}, s.res.svcs, u.lang, u.svcs)
	var v bool
	switch {
	case !s.res.over.Not:
		v = len(x.Exprs) > 0 && len(y.Exprs) > 0
		if v {
			v = glob.Overlaps(x, y, resOpts) != glob.No
		}
	case len(y.Exprs) < len(u.lang.Exprs):
		// NotResource: a format that meets none of the patterns lies
		// outside all of them.
		v = true
	default:
		v = glob.Overlaps(glob.Lang{Exprs: x.Exprs, Not: true}, y, resOpts) != glob.No
	}
	e.applyMemo[k] = v
	return v
}

// impl reports whether every request satisfying a's conditions satisfies
// b's.
func (e *engine) impl(a, b *stmt) bool {
	if len(b.conds) == 0 {
		return true
	}
	k := [2]int{a.uid, b.uid}
	if v, ok := e.implMemo[k]; ok {
		return v
	}
	v := implies(a.conds, b.conds)
	e.implMemo[k] = v
	return v
}

// A cover is a language together with the statement it comes from, for
// memoisation.
type cover struct {
	lang glob.Lang
	tag  string // identifies lang within the engine
}

func resCover(s *stmt, role byte) cover {
	c := cover{tag: string(role) + strconv.Itoa(s.uid)}
	switch role {
	case 'u':
		c.lang = s.res.under
	case 'o':
		c.lang = s.res.over
	case 'n': // complement of over
		c.lang = glob.Lang{Exprs: s.res.over.Exprs, Not: !s.res.over.Not}
	}
	return c
}

func notUniverse(u *universe) cover {
	return cover{lang: glob.Lang{Exprs: u.lang.Exprs, Not: !u.lang.Not, AbsorbVars: u.lang.AbsorbVars}, tag: "U" + strconv.Itoa(u.id)}
}

// inclKey identifies the question "n's resources within the covers?".
func inclKey(n *stmt, covers []cover) string {
	var kb strings.Builder
	kb.WriteString(strconv.Itoa(n.uid))
	for _, c := range covers {
		kb.WriteByte(',')
		kb.WriteString(c.tag)
	}
	return kb.String()
}

// included decides whether n's resources (over) lie within the covers.
func (e *engine) included(n *stmt, covers []cover) inclResult {
	k := inclKey(n, covers)
	if r, ok := e.inclMemo[k]; ok {
		return r
	}
	langs := make([]glob.Lang, len(covers))
	for i, c := range covers {
		langs[i] = c.lang
	}
	ans, w := glob.Included(n.res.over, langs, resOpts)
	r := inclResult{ans, w}
	e.inclMemo[k] = r
	return r
}

// A view is the statements of both sides that concern one action.
type view struct {
	u      *universe
	xa, xd []*stmt // X's Allow and Deny statements that apply
	ya, yd []*stmt
}

// ReasonKind says why new access could not be ruled out.
type ReasonKind uint8

// The reason kinds.
const (
	// ReasonResources: the statement allows resources the other side does
	// not allow at all (Example is one).
	ReasonResources ReasonKind = iota + 1
	// ReasonConditions: the resources are covered, but only by statements
	// whose conditions or principals are not provably as loose: the
	// answer depends on the request (conditional).
	ReasonConditions
	// ReasonDeny: the other side denies some of these requests with a
	// Deny statement (Other) that this side lacks.
	ReasonDeny
	// ReasonUnknown: the comparison exceeded its bounds.
	ReasonUnknown
	// ReasonActions: the statement's action patterns match actions outside
	// the catalog (Example is one) that the other side does not allow.
	ReasonActions
)

var reasonNames = [...]string{"", "resources", "conditions", "deny", "unknown", "actions"}

// String returns "resources", "conditions", "deny", "unknown" or "actions".
func (k ReasonKind) String() string { return reasonNames[k] }

// MarshalText implements encoding.TextMarshaler.
func (k ReasonKind) MarshalText() ([]byte, error) { return []byte(k.String()), nil }

// A Reason is one statement of a side whose requests are not all allowed
// by the other side.
type Reason struct {
	Kind      ReasonKind   `json:"kind"`
	Statement StatementRef `json:"statement"`
	// Other is the other side's Deny statement, for ReasonDeny.
	Other *StatementRef `json:"other,omitempty"`
	// Example is a resource (for ReasonResources) or an action name (for
	// ReasonActions) in the difference, when one is known.
	Example string `json:"example,omitempty"`
	// Conditions are the statement's conditions, for ReasonConditions.
	Conditions string `json:"conditions,omitempty"`
	// Pattern is the action pattern concerned, for the actions outside the
	// catalog.
	Pattern string `json:"pattern,omitempty"`
}

// verdict is the outcome of X ⊆ Y for one action.
type verdict struct {
	within  bool
	grants  bool // X allows some request (not all denied by X itself)
	granted []*stmt
	reasons []Reason
}

// covered decides whether n's resources within universe u lie in the
// covers: first without the universe (the answer is then shared by every
// action), and with it only when that fails.
func (e *engine) covered(n *stmt, covers []cover, u *universe) inclResult {
	r := e.included(n, covers)
	if r.ans == glob.Yes || u == nil {
		return r
	}
	return e.included(n, append(covers[:len(covers):len(covers)], notUniverse(u)))
}

// within decides X ⊆ Y for the view's action.
func (e *engine) within(v *view) verdict {
	var out verdict
	out.within = true
	for _, n := range v.xa {
		var sub []cover
		self := false // some deny of X matches all of n's requests
		for _, d := range v.xd {
			if n.princ.within(d.princ) && e.impl(n, d) {
				self = self || d.res.all || sameResources(n, d)
				sub = append(sub, resCover(d, 'u'))
			}
		}
		if self || len(sub) > 0 && e.covered(n, sub, v.u).ans == glob.Yes {
			continue // denied by X itself
		}
		out.grants = true
		out.granted = append(out.granted, n)
		covers := append([]cover{}, sub...)
		all := false
		for _, o := range v.ya {
			if n.princ.within(o.princ) && e.impl(n, o) {
				if o.res.all || sameResources(n, o) {
					all = true
				}
				covers = append(covers, resCover(o, 'u'))
			}
		}
		r := inclResult{ans: glob.Yes}
		if !all {
			r = e.covered(n, covers, v.u)
		}
		if r.ans != glob.Yes {
			out.within = false
			out.reasons = append(out.reasons, e.explain(n, v, sub, r))
			continue
		}
		for _, d := range v.yd {
			if e.neutralized(d, v.xd, v.u) || disjoint(n.conds, d.conds) {
				continue
			}
			if !d.res.all {
				// n's requests, less X's own denies, miss d's resources?
				c := append([]cover{resCover(d, 'n')}, sub...)
				if e.covered(n, c, v.u).ans == glob.Yes {
					continue
				}
			}
			out.within = false
			o := d.ref()
			out.reasons = append(out.reasons, Reason{Kind: ReasonDeny, Statement: n.ref(), Other: &o})
		}
	}
	return out
}

// explain says why n's resources are not covered: by no statement of Y at
// all (resources), or only by ones with other conditions or principals.
func (e *engine) explain(n *stmt, v *view, sub []cover, r inclResult) Reason {
	if r.ans == glob.Unknown {
		return Reason{Kind: ReasonUnknown, Statement: n.ref()}
	}
	if len(v.ya) == 0 {
		// Y allows the action nowhere: no example needed.
		return Reason{Kind: ReasonResources, Statement: n.ref()}
	}
	covers := append([]cover{}, sub...)
	for _, o := range v.ya {
		covers = append(covers, resCover(o, 'u'))
	}
	r2 := e.covered(n, covers, v.u)
	switch r2.ans {
	case glob.No:
		if v.u != nil {
			covers = append(covers, notUniverse(v.u))
		}
		return Reason{Kind: ReasonResources, Statement: n.ref(), Example: e.pretty(n, covers, r2.witness)}
	case glob.Unknown:
		return Reason{Kind: ReasonUnknown, Statement: n.ref()}
	}
	return Reason{Kind: ReasonConditions, Statement: n.ref(), Conditions: n.describeScope()}
}

// neutralized reports whether some Deny statement of X denies every
// request Y's deny d denies (for this action).
func (e *engine) neutralized(d *stmt, xd []*stmt, u *universe) bool {
	for _, d2 := range xd {
		if !d.princ.within(d2.princ) || !e.impl(d, d2) {
			continue
		}
		if d2.res.all || sameResources(d, d2) || e.covered(d, []cover{resCover(d2, 'u')}, u).ans == glob.Yes {
			return true
		}
	}
	return false
}

// describeScope renders the statement's conditions and principals.
func (s *stmt) describeScope() string {
	var parts []string
	if len(s.conds) > 0 {
		parts = append(parts, condsText(s.conds))
	}
	if s.st.Principal != nil {
		parts = append(parts, "principal "+s.princ.String())
	}
	return strings.Join(parts, "; ")
}

// withinLoose decides, for the actions outside the catalog, whether
// everything X's Allow statements allow through wildcards, unknown names
// and NotAction, Y allows too. A statement of Y counts for n when it
// covers all of n's resources, conditions and principals; then n's
// patterns must be within the union of those statements' action patterns.
func (e *engine) withinLoose(x, y *side) verdict {
	out := verdict{within: true}
	var xd, ya, yd []*stmt
	for _, s := range x.stmts {
		if s.deny {
			xd = append(xd, s)
		}
	}
	for _, s := range y.stmts {
		if s.deny {
			yd = append(yd, s)
		} else {
			ya = append(ya, s)
		}
	}
	for _, n := range x.stmts {
		if n.deny || len(n.loose) == 0 {
			continue
		}
		// The action languages that cover n: Y's Allow statements and X's
		// Deny statements that apply to all of n's requests.
		var acts []glob.Lang
		for _, d := range xd {
			if n.princ.within(d.princ) && e.impl(n, d) && e.coversAll(n, d) {
				acts = append(acts, d.actLang)
			}
		}
		for _, o := range ya {
			if n.princ.within(o.princ) && e.impl(n, o) && e.coversAll(n, o) {
				acts = append(acts, o.actLang)
			}
		}
		for _, p := range n.loose {
			svc := serviceOf(p.lang)
			cov := make([]glob.Lang, len(acts))
			for i, l := range acts {
				cov[i] = restrictService(l, svc)
			}
			ans, w := glob.Included(p.lang, cov, actOpts)
			if ans != glob.Yes {
				out.within = false
				out.reasons = append(out.reasons, Reason{Kind: ReasonActions, Statement: n.ref(), Example: w, Pattern: p.text})
				continue
			}
			for _, d := range yd {
				if len(d.loose) == 0 {
					continue // names catalog actions only: the catalog pass saw it
				}
				if a, _ := glob.IntersectsLang(p.lang, d.actLang, actOpts); a == glob.No {
					continue
				}
				if disjoint(n.conds, d.conds) {
					continue
				}
				if r, _ := glob.IntersectsLang(n.res.over, d.res.over, resOpts); r == glob.No {
					continue
				}
				if e.neutralizedLoose(d, xd) {
					continue
				}
				out.within = false
				o := d.ref()
				out.reasons = append(out.reasons, Reason{Kind: ReasonDeny, Statement: n.ref(), Other: &o, Pattern: p.text})
			}
		}
	}
	return out
}

// coversAll reports whether statement o matches every resource n does, in
// every request.
func (e *engine) coversAll(n, o *stmt) bool {
	return o.res.all || sameResources(n, o) || e.included(n, []cover{resCover(o, 'u')}).ans == glob.Yes
}

// neutralizedLoose is neutralized over all action names.
func (e *engine) neutralizedLoose(d *stmt, xd []*stmt) bool {
	for _, d2 := range xd {
		if ans, _ := glob.Included(d.actLang, []glob.Lang{d2.actLang}, actOpts); ans != glob.Yes {
			continue
		}
		if e.neutralized(d, []*stmt{d2}, nil) {
			return true
		}
	}
	return false
}

// serviceOf returns the service prefix every name of l starts with, when
// l is a single pattern whose service part is literal ("s3:Get*" → "s3"),
// or "".
func serviceOf(l glob.Lang) string {
	if l.Not || len(l.Exprs) != 1 {
		return ""
	}
	e := l.Exprs[0]
	if len(e) == 0 || e[0].Kind != glob.Literal {
		return ""
	}
	svc, _, ok := strings.Cut(e[0].Text, ":")
	if !ok {
		return ""
	}
	return strings.ToLower(svc)
}

// restrictService drops from a union of action patterns those whose
// literal service part differs from svc: they match no name of service
// svc, so inclusion of a pattern of svc in l is unchanged. Complements are
// kept whole.
func restrictService(l glob.Lang, svc string) glob.Lang {
	if svc == "" || l.Not {
		return l
	}
	out := glob.Lang{}
	for _, e := range l.Exprs {
		if len(e) > 0 && e[0].Kind == glob.Literal {
			if s, _, ok := strings.Cut(e[0].Text, ":"); ok && !strings.EqualFold(s, svc) {
				continue
			}
		}
		out.Exprs = append(out.Exprs, e)
	}
	return out
}

// resourceStart returns the offset of the resource part of ARN w (after
// its fifth colon), or len(w).
func resourceStart(w string) int {
	n := 0
	for i := 0; i < len(w); i++ {
		if w[i] == ':' {
			if n++; n == 5 {
				return i + 1
			}
		}
	}
	return len(w)
}

// emptyName returns the first offset at or after from where a name is
// empty: right after a ':' or '/' that is followed by another or ends w;
// or -1.
func emptyName(w string, from int) int {
	for i := max(from, 1); i <= len(w); i++ {
		if c := w[i-1]; c != ':' && c != '/' {
			continue
		}
		if i == len(w) || w[i] == ':' || w[i] == '/' {
			return i
		}
	}
	return -1
}

// pretty makes a counterexample resource readable. The shortest ones leave
// ARN placeholders empty ("arn::iam:::role/"); each rewrite that fills one
// with a plausible value is kept when the result is still in n's resources
// and outside the covers.
func (e *engine) pretty(n *stmt, covers []cover, w string) string {
	if !strings.HasPrefix(w, "arn:") {
		return w
	}
	k := inclKey(n, covers) + "\x00" + w
	if p, ok := e.prettyMemo[k]; ok {
		return p
	}
	p := e.prettify(n, covers, w)
	e.prettyMemo[k] = p
	return p
}

func (e *engine) prettify(n *stmt, covers []cover, w string) string {
	valid := func(s string) bool {
		lit := glob.Union(glob.LiteralExpr(s))
		if a, _ := glob.Included(lit, []glob.Lang{n.res.over}, resOpts); a != glob.Yes {
			return false
		}
		langs := make([]glob.Lang, len(covers))
		for i, c := range covers {
			langs[i] = c.lang
		}
		a, _ := glob.Included(lit, langs, resOpts)
		return a == glob.No
	}
	try := func(s string) {
		if s != w && valid(s) {
			w = s
		}
	}
	parts := strings.SplitN(w, ":", 6)
	if len(parts) == 6 {
		fill := []string{"", "aws", "", "us-east-1", "123456789012", ""}
		for i := 1; i <= 4; i++ {
			if parts[i] == "" && fill[i] != "" {
				p2 := append([]string{}, parts...)
				p2[i] = fill[i]
				try(strings.Join(p2, ":"))
				parts = strings.SplitN(w, ":", 6)
			}
		}
		// Empty names between separators in the resource part
		// ("arn:aws:s3:::/x", "volume/:instance/"), and at its end.
		for from := resourceStart(w); from <= len(w); {
			i := emptyName(w, from)
			if i < 0 {
				break
			}
			if s := w[:i] + "example" + w[i:]; valid(s) {
				w = s
				from = i + len("example")
			} else {
				from = i + 1
			}
		}
	}
	return w
}
