package compare

import (
	"fmt"
	"slices"
	"strings"

	"github.com/leastpriv/leastpriv/catalog"
	"github.com/leastpriv/leastpriv/iam"
	"github.com/leastpriv/leastpriv/internal/glob"
)

// A CheckResult is the answer of a custom policy check, in the form of IAM
// Access Analyzer's (PASS or FAIL, a message, and the statements
// responsible).
type CheckResult struct {
	Pass    bool          `json:"-"`
	Result  string        `json:"result"` // "PASS" or "FAIL"
	Message string        `json:"message"`
	Reasons []CheckReason `json:"reasons"`
}

// A CheckReason is one statement that makes a check fail.
type CheckReason struct {
	Statement   StatementRef `json:"statement"`
	Description string       `json:"description"`
	// ColonOnly is set when the statement makes the check fail only in
	// the sound reading of ARN formats: only if a resource name held a ':'
	// that AWS does not document for it (see Change.ColonOnly).
	ColonOnly bool `json:"colonOnly,omitempty"`
}

func checkResult(pass bool, passMsg, failMsg string, reasons []CheckReason) CheckResult {
	r := CheckResult{Pass: pass, Result: "PASS", Message: passMsg, Reasons: reasons}
	if !pass {
		r.Result, r.Message = "FAIL", failMsg
		if !slices.ContainsFunc(reasons, func(r CheckReason) bool { return !r.ColonOnly }) {
			r.Message += " Only if a resource name contains ':', which AWS does not document for these names."
		}
	}
	if r.Reasons == nil {
		r.Reasons = []CheckReason{}
	}
	return r
}

// NoNewAccess checks whether the policies allow anything the reference
// policies do not, with the semantics of Access Analyzer's CheckNoNewAccess
// (PASS: no new access is allowed; FAIL: the policies might allow new
// access). It compares what each side allows, its Deny statements taken
// into account: a request the policies allow and the reference does not
// (because no Allow of the reference covers it, or a Deny of the reference
// blocks it) is new access. A Deny of an identity-side reference that
// blocks nothing the reference allows is not compared (as with Access
// Analyzer, whose sample reference policies are "allow everything but these
// actions on these resources"): Diff reports such dropped denies
// (DenyRemoved). One of a resource-based reference (type iam.Resource) is:
// it blocked callers of the resource's own account, whose root user needs
// no Allow. So the check passes exactly when Result.NewGrants is false.
// Reasons name the policies' statements, and the reference's Deny
// statements dropped.
func NoNewAccess(c *catalog.Catalog, reference, policies []*iam.Policy) CheckResult {
	e := newEngine(c)
	ref := e.compileSide(reference)
	pol := e.compileSide(policies)
	pa, pd := split(pol)
	ra, rd := split(ref)
	// Per NEW statement, the actions it may add.
	type agg struct {
		st      *stmt
		absent  []string // actions the reference does not allow at all
		actions []string
		kinds   []ReasonKind
		example string
		scope   string // the statement's conditions and principals
		denies  []StatementRef
		// colon are the actions it may add only in the sound reading of
		// their ARN formats (if a resource name held an undocumented ':'),
		// colonExample such a resource.
		colon        []string
		colonExample string
	}
	var order []*stmt
	byStmt := map[*stmt]*agg{}
	note := func(r Reason, action string, absent bool) {
		st := findStmt(pol, r.Statement)
		a := byStmt[st]
		if a == nil {
			a = &agg{st: st}
			byStmt[st] = a
			order = append(order, st)
		}
		if absent {
			a.absent = appendNew(a.absent, action)
			return
		}
		if action != "" && !slices.Contains(a.actions, action) {
			a.actions = append(a.actions, action)
		}
		if !slices.Contains(a.kinds, r.Kind) {
			a.kinds = append(a.kinds, r.Kind)
		}
		if a.example == "" && r.Kind == ReasonResources {
			a.example = r.Example
		}
		if r.Kind == ReasonConditions {
			a.scope = r.Conditions
		}
		if r.Other != nil && !slices.Contains(a.denies, *r.Other) {
			a.denies = append(a.denies, *r.Other)
		}
	}
	noteColon := func(r Reason, action string, u *universe) {
		st := findStmt(pol, r.Statement)
		a := byStmt[st]
		if a == nil {
			a = &agg{st: st}
			byStmt[st] = a
			order = append(order, st)
		}
		a.colon = appendNew(a.colon, action)
		if a.colonExample == "" {
			a.colonExample = e.colonExample([]*stmt{st}, u)
		}
	}
	for _, a := range pol.allows.Actions(c) {
		u := e.us.of(a)
		v := view{u: u, xa: pick(pa, a, u, e), xd: pick(pd, a, u, e), ya: pick(ra, a, u, e), yd: pick(rd, a, u, e)}
		if len(v.xa) == 0 {
			continue
		}
		vd := e.within(&v)
		if len(vd.reasons) == 0 {
			continue
		}
		// Sound reasons; those of the precise reading are what real
		// requests get, and the rest exist only if a resource name held
		// an undocumented ':'.
		pvd, pv := vd, &v
		if up := e.preciseFor(u, v.allResources()); up != u {
			pv = &view{u: up, xa: pick(pa, a, up, e), xd: pick(pd, a, up, e), ya: pick(ra, a, up, e), yd: pick(rd, a, up, e)}
			pvd = e.within(pv)
		}
		absent := len(pv.ya) == 0
		for _, r := range pvd.reasons {
			note(r, a.String(), absent && r.Kind == ReasonResources)
		}
		for _, r := range vd.reasons {
			if slices.ContainsFunc(pvd.reasons, func(p Reason) bool { return p.Statement == r.Statement }) {
				continue
			}
			noteColon(r, a.String(), u)
		}
	}
	loose := e.withinLoose(pol, ref)
	for _, r := range loose.reasons {
		note(r, r.Pattern, false)
	}
	// Deny statements of a resource-based reference the policies drop:
	// they blocked the resource owner's account, which needs no Allow.
	var lostDenies []*stmt
	lost := map[*stmt][]string{}
	lostColon := map[*stmt][]string{} // only if a resource name held a ':'
	if slices.ContainsFunc(rd, blocksOwner) {
		for _, a := range ref.denies.Actions(c) {
			u := e.us.of(a)
			for _, d := range pick(rd, a, u, e) {
				if blocksOwner(d) && !e.neutralized(d, pick(pd, a, u, e), u) {
					if lost[d] == nil && lostColon[d] == nil {
						lostDenies = append(lostDenies, d)
					}
					if up := e.us.precise(u); up != u && (!e.applies(d, up) || e.neutralized(d, pick(pd, a, up, e), up)) {
						lostColon[d] = append(lostColon[d], a.String())
						continue
					}
					lost[d] = append(lost[d], a.String())
				}
			}
		}
		for _, d := range rd {
			// Actions outside the catalog (no reading of ARN formats).
			if blocksOwner(d) && len(d.loose) > 0 && lost[d] == nil && !e.neutralizedLoose(d, pd) {
				if lostColon[d] == nil {
					lostDenies = append(lostDenies, d)
				}
				lost[d] = []string{d.loose[0].text}
			}
		}
	}
	slices.SortStableFunc(order, func(a, b *stmt) int { return a.uid - b.uid })
	var reasons []CheckReason
	for _, st := range order {
		a := byStmt[st]
		d := describeNew(a.absent, a.actions, a.kinds, a.example, a.scope, a.denies)
		if len(a.colon) > 0 {
			d = joinParts(d, "allows "+listActions(a.colon, 5)+" "+colonOnlyText(a.colonExample))
		}
		reasons = append(reasons, CheckReason{Statement: st.ref(), Description: d, ColonOnly: len(a.actions)+len(a.absent) == 0})
	}
	for _, d := range lostDenies {
		var text string
		if len(lost[d]) > 0 {
			text = "the reference denies " + listActions(lost[d], 5) + " here and the policy does not: callers of the resource's own account (its root user needs no Allow) are no longer blocked"
		}
		if len(lostColon[d]) > 0 {
			text = joinParts(text, "the reference denies "+listActions(lostColon[d], 5)+" here and the policy does not, "+colonOnlyText(e.colonExampleFor(d, lostColon[d])))
		}
		reasons = append(reasons, CheckReason{Statement: d.ref(), Description: text, ColonOnly: len(lost[d]) == 0})
	}
	return checkResult(len(reasons) == 0,
		"The policy grants no new access compared to the reference policy.",
		"The policy might grant new access compared to the reference policy.", reasons)
}

// colonOnlyText explains new access that exists only in the sound reading
// of ARN formats, with a resource that shows it.
func colonOnlyText(example string) string {
	s := "only if a resource name contains ':'"
	if example != "" {
		s += " (such as " + example + ")"
	}
	return s + ", which AWS does not document for these names: not expected of real requests, but the check is sound"
}

// colonExampleFor returns colonExample for statement d and the first of
// the named actions.
func (e *engine) colonExampleFor(d *stmt, actions []string) string {
	if len(actions) == 0 {
		return ""
	}
	a := e.c.Action(actions[0])
	if a == nil {
		return ""
	}
	return e.colonExample([]*stmt{d}, e.us.of(a))
}

func joinParts(a, b string) string {
	if a == "" {
		return b
	}
	return a + "; " + b
}

func describeNew(absent, actions []string, kinds []ReasonKind, example, scope string, denies []StatementRef) string {
	var parts []string
	if len(absent) > 0 {
		parts = append(parts, "allows "+listActions(absent, 5)+", which the reference does not allow")
	}
	for _, k := range kinds {
		var s string
		switch k {
		case ReasonResources:
			s = "on resources the reference does not allow"
			if example != "" {
				s += " (such as " + example + ")"
			}
		case ReasonConditions:
			s = "under conditions or principals not provably within the reference's"
			if scope != "" {
				s += " (conditional on " + scope + ")"
			}
		case ReasonDeny:
			var ds []string
			for _, d := range denies {
				ds = append(ds, d.String())
			}
			s = "on requests the reference denies (" + strings.Join(ds, ", ") + ")"
		case ReasonActions:
			s = "including actions outside the catalog the reference does not allow"
		case ReasonUnknown:
			s = "in ways too complex to compare"
		}
		if len(actions) > 0 {
			parts = append(parts, "allows "+listActions(actions, 5)+" "+s)
		}
	}
	return strings.Join(parts, "; ")
}

func listActions(actions []string, max int) string {
	if len(actions) <= max {
		return strings.Join(actions, ", ")
	}
	return strings.Join(actions[:max], ", ") + fmt.Sprintf(" and %d more", len(actions)-max)
}

// AccessNotGranted checks that the policies do not allow the given access,
// with the semantics of Access Analyzer's CheckAccessNotGranted: with only
// actions, none of them on any resource; with only resources, no action on
// any of them; with both, none of the actions on any of the resources.
// PASS means the policies allow none of it; FAIL that they might allow
// some. Actions are names or patterns (ignoring case); resources are ARN
// patterns, compared as Resource elements are. At least one of the two
// lists must be given.
func AccessNotGranted(c *catalog.Catalog, policies []*iam.Policy, actions, resources []string) CheckResult {
	e := newEngine(c)
	s := e.compileSide(policies)
	allows, denies := split(s)
	var res *glob.Lang
	if len(resources) > 0 {
		var exprs []glob.Expr
		for _, r := range resources {
			o, _ := glob.ResourceExprs(r, false)
			exprs = append(exprs, o)
		}
		l := glob.Union(exprs...)
		res = &l
	}
	// The actions to examine: catalog actions, and names or patterns
	// outside the catalog (examined symbolically, on every resource).
	acts := catalog.NewSet(c)
	var loose []loosePat
	for _, a := range actions {
		m := c.Match(a)
		acts.UnionWith(m)
		if glob.HasWildcard(a) || m.IsEmpty() {
			loose = append(loose, loosePat{glob.Union(glob.ParseExpr(strings.ToLower(a))), a})
		}
	}
	if len(actions) == 0 {
		acts = s.allows.Clone()
		for _, n := range allows {
			loose = append(loose, n.loose...)
		}
	}
	var reasons []CheckReason
	for _, n := range allows {
		var hits, colon []string
		var example, colonExample string
		for _, a := range n.acts.Intersect(acts).Actions(c) {
			u := e.us.of(a)
			if !e.applies(n, u) {
				continue
			}
			w, ok := e.grantsIn(n, denies, a, u, res)
			if !ok {
				continue
			}
			// Found in the sound reading; in the precise one too?
			if up := e.preciseFor(u, n.res.all); up != u {
				pw, pok := "", e.applies(n, up)
				if pok {
					pw, pok = e.grantsIn(n, denies, a, up, res)
				}
				if !pok {
					colon = append(colon, a.String())
					if colonExample == "" {
						colonExample = e.colonExample([]*stmt{n}, u)
					}
					continue
				}
				w = pw
			}
			hits = append(hits, a.String())
			if example == "" {
				example = w
			}
		}
		// Names outside the catalog: only wildcards, NotAction and unknown
		// names match them (the catalog pass saw the rest).
		var nLoose glob.Lang
		if len(n.loose) == 1 {
			nLoose = n.loose[0].lang
		} else {
			for _, l := range n.loose {
				nLoose.Exprs = append(nLoose.Exprs, l.lang.Exprs...)
			}
		}
		for _, p := range loose {
			if len(n.loose) == 0 {
				break
			}
			if ans, _ := glob.IntersectsLang(p.lang, nLoose, actOpts); ans == glob.No {
				continue
			}
			if res != nil {
				if ans, _ := glob.IntersectsLang(n.res.over, *res, resOpts); ans == glob.No {
					continue
				}
			}
			hits = appendNew(hits, p.text+" (actions outside the catalog)")
		}
		if len(hits)+len(colon) == 0 {
			continue
		}
		var d string
		if len(hits) > 0 {
			d = "allows " + listActions(hits, 5)
			if example != "" {
				d += " on resources such as " + example
			}
		}
		if len(colon) > 0 {
			d = joinParts(d, "allows "+listActions(colon, 5)+" "+colonOnlyText(colonExample))
		}
		if len(n.conds) > 0 {
			d += " when " + condsText(n.conds)
		}
		reasons = append(reasons, CheckReason{Statement: n.ref(), Description: d, ColonOnly: len(hits) == 0})
	}
	return checkResult(len(reasons) == 0,
		"The policy does not grant any of the specified access.",
		"The policy might grant some of the specified access.", reasons)
}

// grantsIn reports whether statement n may allow action a on some resource
// of universe u within res (nil: any), once the policy's Deny statements
// that apply to all of n's requests are taken away; it returns such a
// resource when one is known.
func (e *engine) grantsIn(n *stmt, denies []*stmt, a *catalog.Action, u *universe, res *glob.Lang) (string, bool) {
	covers := []cover{notUniverse(u)}
	if res != nil {
		covers = append(covers, cover{lang: glob.Lang{Exprs: res.Exprs, Not: true}, tag: "R"})
	}
	for _, d := range denies {
		if d.acts.Has(a.ID) && n.princ.within(d.princ) && e.impl(n, d) {
			if d.res.all || sameResources(n, d) {
				return "", false // denied wherever n allows
			}
			covers = append(covers, resCover(d, 'u'))
		}
	}
	r := e.included(n, covers)
	if r.ans == glob.No {
		return e.pretty(n, covers, r.witness), true
	}
	return "", r.ans != glob.Yes
}
