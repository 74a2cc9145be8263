package compare

import (
	"slices"
	"strconv"
	"strings"

	"github.com/leastpriv/leastpriv/access"
	"github.com/leastpriv/leastpriv/catalog"
	"github.com/leastpriv/leastpriv/iam"
	"github.com/leastpriv/leastpriv/internal/glob"
)

// ChangeKind classifies how one action's access changed from OLD to NEW.
type ChangeKind uint8

// The change kinds. Added, Wider, Looser, Future and DenyRemoved are new
// access (or possible new access); Removed, Narrower and DenyAdded are not.
const (
	// Added: NEW allows the action; OLD allows it on no resource at all.
	Added ChangeKind = iota + 1
	// Wider: both allow it, and NEW allows resources OLD does not.
	Wider
	// Looser: both allow it on the same resources, but NEW's conditions,
	// principals or missing denies could not be proven within OLD's: the
	// answer depends on the request ("conditional").
	Looser
	// Future: NEW's wildcards, NotAction or names unknown to the catalog
	// match actions outside the catalog that OLD does not allow (AWS adds
	// actions over time).
	Future
	// DenyRemoved: OLD's Deny statements block requests NEW's do not.
	// Whatever the policies themselves allow, access that comes from
	// elsewhere (other identity policies, a resource policy, the account's
	// root user) is then no longer blocked: possible new access.
	DenyRemoved
	// Removed: OLD allows the action; NEW allows it nowhere.
	Removed
	// Narrower: both allow it and NEW provably allows no more, but less
	// (fewer resources, tighter conditions).
	Narrower
	// DenyAdded: NEW's Deny statements block requests OLD's do not.
	DenyAdded
)

var kindNames = [...]string{"", "added", "wider", "looser", "future", "deny-removed", "removed", "narrower", "deny-added"}

// String returns the kind's name: "added", "wider", ...
func (k ChangeKind) String() string { return kindNames[k] }

// MarshalText implements encoding.TextMarshaler.
func (k ChangeKind) MarshalText() ([]byte, error) { return []byte(k.String()), nil }

// NewAccess reports whether the kind is (possibly) new access.
func (k ChangeKind) NewAccess() bool { return k >= Added && k <= DenyRemoved }

// A Grant is what one side allows for one action: the resource patterns
// of the Allow statements that grant it, their conditions and principals.
type Grant struct {
	Resources []string `json:"resources"`
	// Conditions has one entry per granting statement with a condition
	// ("Sid: StringEquals aws:SourceVpce = vpce-1"); Unconditional is set
	// when some granting statement has none.
	Conditions    []string       `json:"conditions"`
	Unconditional bool           `json:"unconditional"`
	Principals    []string       `json:"principals,omitempty"`
	Statements    []StatementRef `json:"statements"`
}

// A Change is one action whose access differs.
type Change struct {
	Kind ChangeKind
	// Action is the catalog action; nil for Future.
	Action *catalog.Action
	// Pattern is, for Future, NEW's action pattern (or NotAction element)
	// that matches actions outside the catalog.
	Pattern string
	Old     Grant
	New     Grant
	// Conditional is set when the new access (for Removed and Narrower,
	// the old) exists only under conditions.
	Conditional bool
	// Reasons are the statements responsible: NEW's for new access, OLD's
	// for removed access; for DenyRemoved (DenyAdded), the Deny statements
	// of OLD (NEW) the other side lacks.
	Reasons []Reason
	// OwnerAccess is set, for DenyRemoved, when a dropped Deny is in a
	// resource-based policy (type iam.Resource): there it blocked callers
	// of the resource's own account, whose root user needs no Allow, so
	// the policy itself now lets more requests through.
	OwnerAccess bool
	// ColonOnly is set when the change exists only in the sound reading of
	// the action's ARN formats: only if a resource name holds a ':' that
	// AWS does not document for it (glob.ColonPlaceholders), such as a
	// volume ID ":instance/x" that "arn:aws:ec2:*:*:instance/*" would
	// match. No real request is expected to get it; it is reported because
	// the comparison is sound (NewAccess, NewGrants and NoNewAccess count
	// it). ColonExample is such a resource, when one is known (a
	// comparison computes a few hundred at most).
	ColonOnly    bool
	ColonExample string

	// stmts are the statements responsible: the granting statements of
	// the side with more access, or the Deny statements the other side
	// lacks.
	stmts []*stmt
}

// Grants reports whether the change is access NEW's policies themselves
// may allow and OLD's do not: Added, Wider, Looser, Future, or DenyRemoved
// with OwnerAccess.
func (c *Change) Grants() bool {
	return c.Kind.NewAccess() && (c.Kind != DenyRemoved || c.OwnerAccess)
}

// Service returns the service prefix the change belongs to.
func (c *Change) Service() string {
	if c.Action != nil {
		return c.Action.Service.Prefix
	}
	if strings.HasPrefix(c.Pattern, "NotAction ") {
		return "*"
	}
	svc, _, _ := strings.Cut(strings.ToLower(c.Pattern), ":")
	return svc
}

// Name returns the action's name ("s3:GetObject") or the pattern.
func (c *Change) Name() string {
	if c.Action != nil {
		return c.Action.String()
	}
	return c.Pattern
}

// A Result is the comparison of two sets of policies.
type Result struct {
	// Changes are ordered by service prefix, access level (in the
	// console's order) and action name; changes of actions outside the
	// catalog (Action nil) come after those, and ColonOnly changes after
	// all others, in the same order.
	Changes []Change
	// Unchanged counts the catalog actions both sides allow, provably
	// alike, in the precise reading.
	Unchanged int
	// Old and New measure each side (in the precise reading, as
	// access.Measure does).
	Old, New access.Size
}

// NewAccess reports whether NEW may allow something OLD does not: some
// change (ColonOnly ones included) is Added, Wider, Looser, Future or
// DenyRemoved. When it is false, NEW provably allows nothing beyond OLD
// (under the assumptions of the package documentation).
func (r *Result) NewAccess() bool {
	for i := range r.Changes {
		if r.Changes[i].Kind.NewAccess() {
			return true
		}
	}
	return false
}

// NewGrants reports whether NEW's policies themselves may allow a request
// OLD's do not: some change Grants. It is NewAccess without the Deny
// statements of identity-side policies that NEW drops where OLD allows
// nothing they block, and the answer of NoNewAccess (FAIL when true).
func (r *Result) NewGrants() bool {
	for i := range r.Changes {
		if r.Changes[i].Grants() {
			return true
		}
	}
	return false
}

// Count returns the number of changes of kind k in the precise reading
// (ColonOnly changes are not counted).
func (r *Result) Count(k ChangeKind) int {
	n := 0
	for i := range r.Changes {
		if r.Changes[i].Kind == k && !r.Changes[i].ColonOnly {
			n++
		}
	}
	return n
}

// CountColonOnly returns the number of ColonOnly changes of kind k.
func (r *Result) CountColonOnly(k ChangeKind) int {
	n := 0
	for i := range r.Changes {
		if r.Changes[i].Kind == k && r.Changes[i].ColonOnly {
			n++
		}
	}
	return n
}

// PreciseNewGrants is NewGrants without the ColonOnly changes.
func (r *Result) PreciseNewGrants() bool {
	for i := range r.Changes {
		if r.Changes[i].Grants() && !r.Changes[i].ColonOnly {
			return true
		}
	}
	return false
}

// PreciseNewAccess reports whether some change that is not ColonOnly is
// new access: whether NEW may allow a request OLD does not on resources
// named as AWS documents.
func (r *Result) PreciseNewAccess() bool {
	for i := range r.Changes {
		if r.Changes[i].Kind.NewAccess() && !r.Changes[i].ColonOnly {
			return true
		}
	}
	return false
}

// Diff compares what the policies of OLD and of NEW allow. Each side is
// the union of its policies' Allow statements minus their Deny statements;
// give every policy of both sides the same type. See the package
// documentation for what is compared and how.
func Diff(c *catalog.Catalog, oldPolicies, newPolicies []*iam.Policy) *Result {
	e := newEngine(c)
	o := e.compileSide(oldPolicies)
	n := e.compileSide(newPolicies)
	r := &Result{Old: access.Measure(c, oldPolicies...), New: access.Measure(c, newPolicies...)}
	all := o.allows.Union(n.allows)
	all.UnionWith(o.denies)
	all.UnionWith(n.denies)
	oa, od := split(o)
	na, nd := split(n)
	for _, a := range all.Actions(c) {
		u := e.us.of(a)
		sch, out, allRes := e.compareAction(a, u, oa, od, na, nd)
		if out == noChange {
			continue
		}
		// The sound reading found something; the precise one tells what
		// real requests get. It can only find less (a smaller universe), and
		// finds the same when the readings agree for the statements at hand.
		pch, pout := sch, out
		if up := e.preciseFor(u, allRes); up != u {
			pch, pout, _ = e.compareAction(a, up, oa, od, na, nd)
		}
		if pout == sameGrants {
			r.Unchanged++
		}
		if pout == changed {
			r.Changes = append(r.Changes, pch)
		}
		if out == changed && (pout != changed || !pch.covers(&sch)) {
			sch.ColonOnly = true
			sch.ColonExample = e.colonExample(sch.stmts, u)
			r.Changes = append(r.Changes, sch)
		}
	}
	// Denies of actions outside the catalog that NEW no longer has.
	for _, d := range od {
		if len(d.loose) > 0 && !e.neutralizedLoose(d, nd) {
			ch := Change{Kind: DenyRemoved, Pattern: d.loose[0].text, Old: e.grant([]*stmt{d}, nil), New: emptyGrant(), OwnerAccess: blocksOwner(d)}
			ch.Reasons = []Reason{{Kind: ReasonDeny, Statement: d.ref(), Pattern: d.loose[0].text}}
			r.Changes = append(r.Changes, ch)
		}
	}
	loose := e.withinLoose(n, o)
	if !loose.within {
		// One Future change per NEW pattern.
		byPat := map[string]*Change{}
		var order []string
		for _, rs := range loose.reasons {
			st := findStmt(n, rs.Statement)
			pat := rs.Pattern
			ch, ok := byPat[pat]
			if !ok {
				ch = &Change{Kind: Future, Pattern: pat}
				byPat[pat] = ch
				order = append(order, pat)
			}
			ch.Reasons = append(ch.Reasons, rs)
			if st != nil && !slices.ContainsFunc(ch.New.Statements, func(s StatementRef) bool { return s == rs.Statement }) {
				g := e.grant([]*stmt{st}, nil)
				ch.New.Statements = append(ch.New.Statements, g.Statements...)
				ch.New.Resources = appendNew(ch.New.Resources, g.Resources...)
				ch.New.Conditions = appendNew(ch.New.Conditions, g.Conditions...)
				ch.New.Unconditional = ch.New.Unconditional || g.Unconditional
				ch.Conditional = !ch.New.Unconditional
			}
		}
		for _, p := range order {
			r.Changes = append(r.Changes, *byPat[p])
		}
	}
	sortChanges(r.Changes)
	return r
}

// An outcome is what comparing one action found.
type outcome uint8

const (
	noChange   outcome = iota // neither side allows or denies it
	sameGrants                // both allow it alike (and deny alike)
	changed                   // a Change
)

// compareAction compares the statements of both sides (Allow and Deny of
// OLD and NEW) for action a within universe u, and returns the change, if
// any, and whether every statement that concerns the action matches every
// resource (then the reading of the universe does not matter).
func (e *engine) compareAction(a *catalog.Action, u *universe, oa, od, na, nd []*stmt) (Change, outcome, bool) {
	v1 := view{u: u, xa: pick(na, a, u, e), xd: pick(nd, a, u, e), ya: pick(oa, a, u, e), yd: pick(od, a, u, e)}
	allRes := v1.allResources()
	if len(v1.xa) == 0 && len(v1.ya) == 0 && len(v1.xd) == 0 && len(v1.yd) == 0 {
		return Change{}, noChange, allRes
	}
	v2 := view{u: u, xa: v1.ya, xd: v1.yd, ya: v1.xa, yd: v1.xd}
	fwd := e.within(&v1)
	bwd := e.within(&v2)
	ch := Change{Action: a}
	// New access first: NEW's grants beyond OLD's, then OLD's Deny
	// statements NEW drops; then less access.
	if fwd.within {
		if dc, ok := e.denyChange(a, &v1, DenyRemoved); ok {
			return dc, changed, allRes
		}
	}
	switch {
	case !fwd.grants && !bwd.grants, fwd.within && bwd.within:
		// Same grants: NEW's Deny statements may still block more.
		if dc, ok := e.denyChange(a, &v1, DenyAdded); ok {
			return dc, changed, allRes
		}
		if fwd.grants {
			return Change{}, sameGrants, allRes
		}
		return Change{}, noChange, allRes
	case !fwd.within:
		ch.Reasons = fwd.reasons
		ch.Kind = Looser
		if !bwd.grants {
			ch.Kind = Added
		} else if slices.ContainsFunc(fwd.reasons, func(r Reason) bool { return r.Kind == ReasonResources }) {
			ch.Kind = Wider
		}
		ch.Conditional = allConditional(fwd.granted) || ch.Kind == Looser
		ch.stmts = fwd.granted
	default:
		ch.Reasons = bwd.reasons
		ch.Kind = Narrower
		if !fwd.grants {
			ch.Kind = Removed
		}
		ch.Conditional = allConditional(bwd.granted)
		ch.stmts = bwd.granted
	}
	ch.New = e.grant(fwd.granted, a)
	ch.Old = e.grant(bwd.granted, a)
	return ch, changed, allRes
}

// allResources reports whether every statement of the view matches every
// resource: then the universe, and so the reading, does not matter.
func (v *view) allResources() bool {
	for _, l := range [][]*stmt{v.xa, v.xd, v.ya, v.yd} {
		for _, s := range l {
			if !s.res.all {
				return false
			}
		}
	}
	return true
}

// covers reports whether change c (of the precise reading) says at least
// what d (of the sound reading, for the same action) says about new access:
// when it does not, d is reported too, as ColonOnly, so that NewAccess and
// NewGrants stay sound.
func (c *Change) covers(d *Change) bool {
	return (!d.Kind.NewAccess() || c.Kind.NewAccess()) && (!d.Grants() || c.Grants())
}

// colonExample returns a resource that one of the statements matches only
// in the sound reading of universe u (its name holds a ':' that the precise
// reading rules out), or "".
func (e *engine) colonExample(ss []*stmt, u *universe) string {
	if e.us.precise(u) == u {
		return ""
	}
	// Statements that name resources first: "*" names every resource,
	// those with ':' included.
	for _, all := range []bool{false, true} {
		for _, s := range ss {
			if s.res.all != all {
				continue
			}
			if w := e.colonExampleOf(s, u); w != "" {
				return w
			}
		}
	}
	return ""
}

// maxColonExamples bounds the ColonOnly examples one comparison computes.
const maxColonExamples = 256

// colonExampleOf returns a resource of statement s in universe u that
// only the sound reading holds, or "".
func (e *engine) colonExampleOf(s *stmt, u *universe) string {
	k := [2]int{s.uid, u.id}
	if w, ok := e.colonMemo[k]; ok {
		return w
	}
	// Each example costs a few automata: a comparison that finds
	// thousands of ColonOnly changes (a Deny on "arn:*:s3:::b/*" reaches
	// every service's ARNs whose names could hold ":s3:::b/") shows
	// examples for the first ones only.
	if len(e.colonMemo) >= maxColonExamples {
		return ""
	}
	up := e.us.precise(u)
	covers := []cover{notUniverse(u), {lang: up.lang, tag: "P" + strconv.Itoa(up.id)}}
	w := ""
	// A witness with a policy variable is symbolic, not a name.
	if r := e.included(s, covers); r.ans == glob.No && !strings.Contains(r.witness, "${") {
		w = e.pretty(s, covers, r.witness)
	}
	e.colonMemo[k] = w
	return w
}

// denyChange reports the Deny statements of one side (for action a) that
// the other side does not match with a Deny at least as large: OLD's for
// DenyRemoved, NEW's for DenyAdded.
func (e *engine) denyChange(a *catalog.Action, v *view, k ChangeKind) (Change, bool) {
	{
		from, to := v.yd, v.xd
		if k == DenyAdded {
			from, to = v.xd, v.yd
		}
		var lost []*stmt
		var reasons []Reason
		for _, d := range from {
			if !e.neutralized(d, to, v.u) {
				lost = append(lost, d)
				reasons = append(reasons, Reason{Kind: ReasonDeny, Statement: d.ref()})
			}
		}
		if len(lost) == 0 {
			return Change{}, false
		}
		ch := Change{Kind: k, Action: a, Reasons: reasons, Old: emptyGrant(), New: emptyGrant()}
		if k == DenyRemoved {
			ch.Old = e.grant(lost, a)
		} else {
			ch.New = e.grant(lost, a)
		}
		ch.Conditional = allConditional(lost)
		ch.OwnerAccess = k == DenyRemoved && slices.ContainsFunc(lost, blocksOwner)
		ch.stmts = lost
		return ch, true
	}
}

// blocksOwner reports whether Deny statement d is in a resource-based
// policy (type iam.Resource), where it also blocks callers of the
// resource's own account: their root user reaches the resource without any
// Allow statement. (KMS key policies must allow even the owner explicitly;
// counting them too is conservative.)
func blocksOwner(d *stmt) bool { return d.pol.Type == iam.Resource }

func emptyGrant() Grant {
	return Grant{Resources: []string{}, Conditions: []string{}, Statements: []StatementRef{}}
}

func split(s *side) (allows, denies []*stmt) {
	for _, st := range s.stmts {
		if st.deny {
			denies = append(denies, st)
		} else {
			allows = append(allows, st)
		}
	}
	return allows, denies
}

// pick returns the statements of l that match action a and can apply to
// its resources.
func pick(l []*stmt, a *catalog.Action, u *universe, e *engine) []*stmt {
	var out []*stmt
	for _, s := range l {
		if s.acts.Has(a.ID) && e.applies(s, u) {
			out = append(out, s)
		}
	}
	return out
}

func allConditional(ss []*stmt) bool {
	for _, s := range ss {
		if len(s.conds) == 0 {
			return false
		}
	}
	return len(ss) > 0
}

// grant describes what statements ss allow for action a (nil: outside the
// catalog).
func (e *engine) grant(ss []*stmt, a *catalog.Action) Grant {
	g := Grant{Resources: []string{}, Conditions: []string{}, Statements: []StatementRef{}}
	for _, s := range ss {
		g.Statements = append(g.Statements, s.ref())
		if len(s.conds) == 0 {
			g.Unconditional = true
		} else {
			g.Conditions = appendNew(g.Conditions, access.StatementLabel(s.st)+": "+condsText(s.conds))
		}
		if s.st.Principal != nil {
			g.Principals = appendNew(g.Principals, s.princ.String())
		}
		if s.st.Resource == nil {
			g.Resources = appendNew(g.Resources, "*")
			continue
		}
		// List the patterns that plausibly concern the action, as the
		// policy summary does (component by component), or all of them
		// when none does (the exact reading found an overlap anyway).
		var ts []string
		for i, t := range s.res.texts {
			if a == nil || s.st.Resource.Not || e.matcher.Applies(s.st.Resource.Values[i].Value, a) {
				ts = append(ts, t)
			}
		}
		if len(ts) == 0 {
			ts = s.res.texts
		}
		g.Resources = appendNew(g.Resources, ts...)
	}
	return g
}

func appendNew(l []string, vs ...string) []string {
	for _, v := range vs {
		if !slices.Contains(l, v) {
			l = append(l, v)
		}
	}
	return l
}

// findStmt returns the statement of s that r names (policies of one side
// may share a file name: the range tells them apart).
func findStmt(s *side, r StatementRef) *stmt {
	for _, st := range s.stmts {
		if st.pol.File == r.File && st.st.Index == r.Index && st.st.Range == r.Range {
			return st
		}
	}
	return nil
}

func sortChanges(cs []Change) {
	levelIdx := func(c *Change) int {
		if c.Action == nil {
			return 99
		}
		return slices.Index(access.Levels, c.Action.Level)
	}
	slices.SortStableFunc(cs, func(a, b Change) int {
		if a.ColonOnly != b.ColonOnly {
			if a.ColonOnly {
				return 1
			}
			return -1
		}
		fa, fb := a.Action == nil, b.Action == nil
		if fa != fb {
			if fa {
				return 1
			}
			return -1
		}
		if c := strings.Compare(a.Service(), b.Service()); c != 0 {
			return c
		}
		if c := levelIdx(&a) - levelIdx(&b); c != 0 {
			return c
		}
		return strings.Compare(strings.ToLower(a.Name()), strings.ToLower(b.Name()))
	})
}
