package access

import (
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/leastpriv/leastpriv/catalog"
	"github.com/leastpriv/leastpriv/iam"
	"github.com/leastpriv/leastpriv/internal/glob"
)

// Levels lists the access levels in the order the IAM console shows them.
var Levels = []catalog.AccessLevel{catalog.List, catalog.Read, catalog.Write, catalog.PermissionsManagement, catalog.Tagging}

// A Summary says, per service, what a policy's statements grant or deny, in
// the manner of the IAM console's policy summary.
type Summary struct {
	Allow []ServiceSummary // services with actions allowed, by service name
	Deny  []ServiceSummary // services with actions explicitly denied
	// Unmatched lists action values that match no catalog action.
	Unmatched []Unmatched
	// Allowed counts the allowed actions per access level.
	Allowed Counts
	// NotApplicable lists, for statements with an Action element, the
	// actions it matches that none of its resources can apply to: the
	// statement does not grant (or deny) them.
	NotApplicable []NotApplicable
}

// NotApplicable is a statement's matched actions that its resources cannot
// apply to.
type NotApplicable struct {
	Statement *iam.Statement
	Actions   []*catalog.Action
}

// Counts is a number of actions per access level.
type Counts map[catalog.AccessLevel]int

// Total returns the sum over all levels.
func (c Counts) Total() int {
	n := 0
	for _, v := range c {
		n += v
	}
	return n
}

// String returns "List 3, Read 5, Write 1" in console order, omitting zeros.
func (c Counts) String() string {
	var parts []string
	for _, l := range Levels {
		if c[l] > 0 {
			parts = append(parts, l.String()+" "+strconv.Itoa(c[l]))
		}
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, ", ")
}

// A ServiceSummary is what a policy grants (or denies) in one service.
type ServiceSummary struct {
	Service *catalog.Service
	// Actions are the actions granted (denied), in catalog order.
	Actions []*catalog.Action
	// Levels has one entry per access level with at least one action, in
	// console order.
	Levels []LevelGrant
	// Resources are the resource patterns of the contributing statements
	// that can apply to the service's actions; NotResource patterns are
	// prefixed with "not ".
	Resources []string
	// Conditions are the conditions of the contributing statements, one
	// string per statement that has any ("Sid: StringEquals aws:x = a, b").
	// Unconditional is true when at least one contributing statement has no
	// condition.
	Conditions    []string
	Unconditional bool
	// Statements are the indexes of the contributing statements.
	Statements []int
}

// A LevelGrant is how much of one access level a service summary covers.
type LevelGrant struct {
	Level          catalog.AccessLevel
	Granted, Total int
}

// Full reports whether every action of the level is covered.
func (g LevelGrant) Full() bool { return g.Granted == g.Total }

// Access describes the levels as the console does: "Full access", or
// "Full: List, Read  Limited: Write (3 of 48)".
func (s ServiceSummary) Access() string {
	var full, limited []string
	all := len(s.Levels) > 0
	present := map[catalog.AccessLevel]bool{}
	for _, g := range s.Levels {
		present[g.Level] = true
		if g.Full() {
			full = append(full, g.Level.String())
		} else {
			all = false
			limited = append(limited, g.Level.String()+" ("+strconv.Itoa(g.Granted)+" of "+strconv.Itoa(g.Total)+")")
		}
	}
	// Full access means every action of the service, so every level the
	// service has must be present and full.
	for _, a := range s.Service.Actions {
		if !present[a.Level] {
			all = false
			break
		}
	}
	if all {
		return "Full access"
	}
	var b strings.Builder
	if len(full) > 0 {
		b.WriteString("Full: " + strings.Join(full, ", "))
	}
	if len(limited) > 0 {
		if b.Len() > 0 {
			b.WriteString("  ")
		}
		b.WriteString("Limited: " + strings.Join(limited, ", "))
	}
	return b.String()
}

// Summarize summarises what the statements of p allow and deny. An action
// counts as granted by a statement only if one of the statement's resource
// patterns can match one of the action's resource ARN formats (or "*" for
// actions that accept only "*"); see [ResourceApplies].
func Summarize(c *catalog.Catalog, p *iam.Policy) Summary {
	e := Expand(c, p)
	sum := Summary{Unmatched: e.Unmatched(), Allowed: Counts{}}
	ap := policyApplier(p)
	allow := map[*catalog.Service]*serviceAcc{}
	deny := map[*catalog.Service]*serviceAcc{}
	for _, sa := range e.Statements {
		st := sa.Statement
		acc := allow
		if st.Effect == iam.Deny {
			acc = deny
		}
		cond := conditionText(st)
		var na []*catalog.Action
		for _, a := range sa.Actions.Actions(c) {
			res, ok := ap.resources(st, a)
			if !ok {
				na = append(na, a)
				continue
			}
			s := acc[a.Service]
			if s == nil {
				s = &serviceAcc{set: catalog.NewSet(c)}
				acc[a.Service] = s
			}
			s.set.Add(a.ID)
			s.addStatement(st.Index, res, cond)
		}
		// With NotAction, actions its resources cannot apply to are the
		// expected majority; they are worth reporting only for Action.
		if len(na) > 0 && !st.Action.Not {
			sum.NotApplicable = append(sum.NotApplicable, NotApplicable{Statement: st, Actions: na})
		}
	}
	sum.Allow = finish(c, allow)
	sum.Deny = finish(c, deny)
	for _, s := range sum.Allow {
		for _, a := range s.Actions {
			sum.Allowed[a.Level]++
		}
	}
	return sum
}

type serviceAcc struct {
	set           catalog.Set
	resources     []resRef
	conditions    []string
	unconditional bool
	statements    []int
}

// resRef is a resource pattern and where it is written: statement index
// and position in the statement's list, so summaries list resources in
// document order.
type resRef struct {
	stmt, idx int
	text      string
}

func (s *serviceAcc) addStatement(idx int, res []resRef, cond string) {
	if !slices.Contains(s.statements, idx) {
		s.statements = append(s.statements, idx)
		if cond == "" {
			s.unconditional = true
		} else if !slices.Contains(s.conditions, cond) {
			s.conditions = append(s.conditions, cond)
		}
	}
	for _, r := range res {
		if !slices.ContainsFunc(s.resources, func(q resRef) bool { return q.text == r.text }) {
			s.resources = append(s.resources, r)
		}
	}
}

func finish(c *catalog.Catalog, m map[*catalog.Service]*serviceAcc) []ServiceSummary {
	var out []ServiceSummary
	for svc, acc := range m {
		ss := ServiceSummary{
			Service:       svc,
			Actions:       acc.set.Actions(c),
			Resources:     sortedResources(acc.resources),
			Conditions:    acc.conditions,
			Unconditional: acc.unconditional,
			Statements:    acc.statements,
		}
		for _, l := range Levels {
			g := LevelGrant{Level: l}
			for _, a := range svc.Actions {
				if a.Level == l {
					g.Total++
					if acc.set.Has(a.ID) {
						g.Granted++
					}
				}
			}
			if g.Granted > 0 {
				ss.Levels = append(ss.Levels, g)
			}
		}
		out = append(out, ss)
	}
	slices.SortFunc(out, func(a, b ServiceSummary) int {
		if c := strings.Compare(strings.ToLower(a.Service.Name), strings.ToLower(b.Service.Name)); c != 0 {
			return c
		}
		return strings.Compare(a.Service.Prefix, b.Service.Prefix)
	})
	return out
}

func sortedResources(rs []resRef) []string {
	slices.SortFunc(rs, func(a, b resRef) int {
		if a.stmt != b.stmt {
			return a.stmt - b.stmt
		}
		return a.idx - b.idx
	})
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = r.text
	}
	return out
}

// resources returns the resource patterns of st that can apply to
// action a, and whether there is any.
func (ap *applier) resources(st *iam.Statement, a *catalog.Action) ([]resRef, bool) {
	if st.Resource == nil { // trust policies: the role itself
		return nil, true
	}
	if st.Resource.Not {
		for _, v := range st.Resource.Values {
			if allStars(v.Value) {
				return nil, false
			}
		}
		out := make([]resRef, len(st.Resource.Values))
		for i, v := range st.Resource.Values {
			out[i] = resRef{st.Index, i, "not " + v.Value}
		}
		return out, true
	}
	var out []resRef
	for i, v := range st.Resource.Values {
		if ap.applies(v.Value, a) {
			out = append(out, resRef{st.Index, i, v.Value})
		}
	}
	return out, len(out) > 0
}

// applier memoises ResourceApplies per pattern and resource type: a
// NotAction statement expands to every catalog action, but there are far
// fewer resource types than actions.
type applier struct {
	vars  bool // read policy variables (Version 2012-10-17)
	memo  map[applyKey]bool
	pats  map[string]compiledPattern
	types map[*catalog.ResourceType]*typeLang // preciseLang, looked up once
}

// A compiledPattern is a Resource pattern as a language, and the service
// component every string of it has ("" when that is not fixed).
type compiledPattern struct {
	lang    glob.Lang
	service string
}

func newApplier(vars bool) *applier {
	return &applier{vars: vars, memo: map[applyKey]bool{}, pats: map[string]compiledPattern{}, types: map[*catalog.ResourceType]*typeLang{}}
}

// policyApplier returns an applier for the statements of p.
func policyApplier(p *iam.Policy) *applier {
	return newApplier(p.VersionValue() == "2012-10-17")
}

type applyKey struct {
	pattern string
	rt      *catalog.ResourceType
}

func (ap *applier) applies(pattern string, a *catalog.Action) bool {
	if allStars(pattern) {
		return true
	}
	if len(a.Resources) == 0 {
		return glob.Match(pattern, "*")
	}
	for _, r := range a.Resources {
		k := applyKey{pattern, r.Type}
		ok, seen := ap.memo[k]
		if !seen {
			ok = ap.typeApplies(pattern, r.Type)
			ap.memo[k] = ok
		}
		if ok {
			return true
		}
	}
	return false
}

// typeApplies reports whether the pattern can match an ARN of the resource
// type, in the precise reading of its formats.
func (ap *applier) typeApplies(pattern string, rt *catalog.ResourceType) bool {
	pc, ok := ap.pats[pattern]
	if !ok {
		over, _ := glob.ResourceExprs(pattern, ap.vars)
		pc = compiledPattern{glob.Union(over), fixedService(over)}
		ap.pats[pattern] = pc
	}
	tl := ap.types[rt]
	if tl == nil {
		tl = preciseLang(rt)
		ap.types[rt] = tl
	}
	// Most types of other services differ in the service component, which
	// the formats mostly write literally.
	if pc.service != "" && tl.services != nil && !slices.Contains(tl.services, pc.service) {
		return false
	}
	ans := glob.Overlaps(pc.lang, tl.lang, arnOpts)
	return ans != glob.No
}

var arnOpts = glob.Options{Sep: ':'}

// fixedService returns the service component of every string e matches,
// when its first three components are literal text, or "".
func fixedService(e glob.Expr) string {
	var b strings.Builder
	for _, t := range e {
		if t.Kind != glob.Literal {
			break
		}
		b.WriteString(t.Text)
	}
	if parts := strings.SplitN(b.String(), ":", 4); len(parts) == 4 {
		return parts[2]
	}
	return ""
}

// A typeLang is the precise reading of a resource type's ARN formats, and
// their service components (nil when one is not literal).
type typeLang struct {
	lang     glob.Lang
	services []string
}

// preciseLangs caches typeLangs by format text (shared by every catalog
// that has the type).
var preciseLangs sync.Map // ResourceType.ARN -> *typeLang

func preciseLang(rt *catalog.ResourceType) *typeLang {
	if l, ok := preciseLangs.Load(rt.ARN); ok {
		return l.(*typeLang)
	}
	formats := rt.ARNFormats()
	tl := &typeLang{lang: glob.ARNFormatLang(formats, glob.Precise)}
	for _, f := range formats {
		parts := strings.SplitN(f, ":", 4)
		if len(parts) < 4 || strings.ContainsAny(parts[2], "${}*") {
			tl.services = nil // a placeholder: any service ("arn:${Partition}:${Vendor}:...")
			break
		}
		tl.services = append(tl.services, parts[2])
	}
	preciseLangs.Store(rt.ARN, tl)
	return tl
}

// ResourceApplies reports whether the resource pattern of a policy can match
// a resource that action a can be called on: "*" for actions that accept only
// "*", or an ARN of one of the action's resource types. The pattern is read
// as the evaluation engine reads Resource elements of policies of Version
// 2012-10-17 (glob.ResourceExprs: '*' and '?' stay within a colon-separated
// component, except a '*' that ends one; a policy variable may stand for
// any text), and the ARN formats in their precise reading
// (glob.Precise: a placeholder holds no ':' unless AWS documents that it
// can). So "arn:aws:iam::*:role/x" applies to iam:PassRole and
// "arn:aws:ec2:*:*:instance/*" does not apply to ec2:CreateVolume (a
// volume ID holds no colon).
func ResourceApplies(pattern string, a *catalog.Action) bool {
	return newApplier(true).applies(pattern, a)
}

// A ResourceMatcher answers ResourceApplies for many patterns and actions,
// and remembers its answers (per pattern and resource type). It is not
// safe for concurrent use.
type ResourceMatcher struct{ ap *applier }

// NewResourceMatcher returns an empty ResourceMatcher.
func NewResourceMatcher() *ResourceMatcher { return &ResourceMatcher{newApplier(true)} }

// Applies is ResourceApplies.
func (m *ResourceMatcher) Applies(pattern string, a *catalog.Action) bool {
	return m.ap.applies(pattern, a)
}

func allStars(s string) bool {
	return s != "" && strings.Trim(s, "*") == ""
}

// conditionText renders st's condition on one line, prefixed with the
// statement's Sid or index; "" when there is no condition.
func conditionText(st *iam.Statement) string {
	if st.Condition == nil || len(st.Condition.Blocks) == 0 {
		return ""
	}
	var parts []string
	for _, b := range st.Condition.Blocks {
		for _, e := range b.Entries {
			vals := make([]string, len(e.Values))
			for i, v := range e.Values {
				vals[i] = v.Text
			}
			parts = append(parts, b.Operator.Name+" "+e.Key.Value+" = "+strings.Join(vals, ", "))
		}
	}
	return StatementLabel(st) + ": " + strings.Join(parts, "; ")
}

// StatementLabel names a statement by its Sid, or "statement N" (1-based)
// when it has none.
func StatementLabel(st *iam.Statement) string {
	if st.Sid != nil && st.Sid.Value != "" {
		return st.Sid.Value
	}
	return "statement " + strconv.Itoa(st.Index+1)
}
