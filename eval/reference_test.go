package eval

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/leastpriv/leastpriv/iam"
)

// This file is a second, deliberately simple evaluator: no indexes, no
// compilation, no fast paths. It reads the policy ASTs directly and follows
// the AWS evaluation flowchart step by step. Only the parsing of request
// data and of typed condition values (numbers, dates, CIDRs, base64) is
// shared with the engine. The fuzz test and the conformance test check that
// both evaluators agree on the decision and on the deciding statements.

type refHit struct {
	typ    iam.Type
	level  int
	label  string
	st     *iam.Statement
	pmatch principalMatch
}

// refGlob matches s against pattern p by plain recursion, memoised so that
// patterns such as *a*a*a*b stay polynomial. stop is a rune that '*' and
// '?' may not consume (0 for none). lit marks, per rune of p, characters
// that came from a substituted variable.
func refGlob(p []rune, lit []bool, s []rune, stop rune) bool {
	memo := make(map[[2]int]bool)
	var m func(i, j int) bool
	m = func(i, j int) bool {
		k := [2]int{i, j}
		if v, ok := memo[k]; ok {
			return v
		}
		var r bool
		switch {
		case i == len(p):
			r = j == len(s)
		case !lit[i] && p[i] == '*':
			// '*' matches nothing, or one more rune (not stop) and goes on.
			r = m(i+1, j) || (j < len(s) && (stop == 0 || s[j] != stop) && m(i, j+1))
		case j == len(s):
			r = false
		case !lit[i] && p[i] == '?':
			r = (stop == 0 || s[j] != stop) && m(i+1, j+1)
		default:
			r = p[i] == s[j] && m(i+1, j+1)
		}
		memo[k] = r
		return r
	}
	return m(0, 0)
}

// refExpand substitutes policy variables into s, returning runes and which
// of them are literal, or false when a variable has no value.
func refExpand(s string, vars bool, q *request) ([]rune, []bool, bool) {
	var out []rune
	var lit []bool
	add := func(t string, l bool) {
		for _, r := range t {
			out = append(out, r)
			lit = append(lit, l)
		}
	}
	for vars {
		i := strings.Index(s, "${")
		if i < 0 {
			break
		}
		v, n, ok := parseVariable(s[i:])
		if !ok {
			add(s[:i+2], false)
			s = s[i+2:]
			continue
		}
		add(s[:i], false)
		switch v.kind {
		case 'x':
			add(v.text, true)
		default:
			vals, present := q.values(v.key)
			switch {
			case present && len(vals) == 1:
				add(vals[0], true)
			case !present && v.hasDef:
				add(v.def, true)
			default:
				return nil, nil, false
			}
		}
		s = s[i+n:]
	}
	add(s, false)
	return out, lit, true
}

// refResource matches a Resource value: split both at colons; a segment
// ending in an unescaped '*' may run on across colons.
func refResource(pat string, vars bool, res string, q *request) bool {
	p, lit, ok := refExpand(pat, vars, q)
	if !ok {
		return false
	}
	// Turn each segment-final star into a marker the matcher lets cross ':'.
	return refSegMatch(p, lit, []rune(res))
}

// refSegMatch is refGlob for Resource values: '*' and '?' do not consume
// ':', except a '*' that ends its segment (followed by ':' or the end).
func refSegMatch(p []rune, lit []bool, s []rune) bool {
	memo := make(map[[2]int]bool)
	var m func(i, j int) bool
	m = func(i, j int) bool {
		k := [2]int{i, j}
		if v, ok := memo[k]; ok {
			return v
		}
		var r bool
		switch {
		case i == len(p):
			r = j == len(s)
		case !lit[i] && p[i] == '*':
			final := i+1 == len(p) || p[i+1] == ':'
			r = m(i+1, j) || (j < len(s) && (s[j] != ':' || final) && m(i, j+1))
		case j == len(s):
			r = false
		case !lit[i] && p[i] == '?':
			r = s[j] != ':' && m(i+1, j+1)
		default:
			r = p[i] == s[j] && m(i+1, j+1)
		}
		memo[k] = r
		return r
	}
	return m(0, 0)
}

func refAction(pat, action string) bool {
	p := []rune(strings.ToLower(pat))
	return refGlob(p, make([]bool, len(p)), []rune(strings.ToLower(action)), 0)
}

func refPrincipal(pr *iam.Principal, c *caller) principalMatch {
	if pr.Star {
		return matchAll
	}
	best := noMatch
	for _, e := range pr.Entries {
		for _, v := range e.Values {
			m := noMatch
			val := v.Value
			switch e.Kind {
			case iam.ServicePrincipal:
				if c.kind == ServicePrincipal && (val == "*" || strings.EqualFold(val, c.raw)) {
					m = matchExact
					if val == "*" {
						m = matchAll
					}
				}
			case iam.FederatedPrincipal:
				if c.kind == WebIdentity && (val == "*" || val == c.raw) {
					m = matchExact
					if val == "*" {
						m = matchAll
					}
				}
			case iam.CanonicalUserPrincipal:
				if c.canonical != "" && val == c.canonical {
					m = matchExact
				}
			case iam.AWSPrincipal:
				switch {
				case val == "*":
					m = matchAll
				case !c.isIAM():
				case val == c.account || val == "arn:"+c.partition+":iam::"+c.account+":root":
					m = matchAccount
				case c.kind == IAMUser && val == c.raw:
					m = matchExact
				case c.kind == IAMUser && strings.HasPrefix(val, "arn:"+c.partition+":iam::"+c.account+":user/") && lastSegment(val) == c.name:
					m = matchExact
				case (c.kind == RoleSession || c.kind == IAMRole) && strings.HasPrefix(val, "arn:"+c.partition+":iam::"+c.account+":role/") && lastSegment(val) == c.name:
					m = matchRole
				case c.kind == RoleSession && val == c.raw:
					m = matchExact
				case c.kind == FederatedUser && val == c.raw:
					m = matchExact
				case c.kind == FederatedUser && c.fedUser != "" && strings.HasPrefix(val, "arn:"+c.partition+":iam::"+c.account+":user/") && lastSegment(val) == c.fedUser:
					m = matchFederator
				}
			}
			if m > best {
				best = m
			}
		}
	}
	return best
}

func refNotPrincipalExcludes(pr *iam.Principal, c *caller) bool {
	if pr.Star {
		return true
	}
	listed := map[principalMatch]bool{}
	one := &iam.Principal{}
	for _, e := range pr.Entries {
		for _, v := range e.Values {
			one.Entries = []*iam.PrincipalEntry{{Kind: e.Kind, Values: []iam.String{v}}}
			listed[refPrincipal(one, c)] = true
		}
	}
	if listed[matchAll] {
		return true
	}
	switch c.kind {
	case AccountRoot:
		return listed[matchAccount]
	case IAMUser, FederatedUser:
		return listed[matchExact] && listed[matchAccount]
	case IAMRole:
		return listed[matchRole] && listed[matchAccount]
	case RoleSession:
		return listed[matchExact] && listed[matchRole] && listed[matchAccount]
	}
	return listed[matchExact]
}

// refCondValue is the positive test of one request value against one
// policy value.
func refCondValue(base string, vars bool, pol, v string, q *request) (bool, error) {
	info := operators[base]
	switch info.code {
	case opStringEquals, opStringEqualsIgnoreCase, opBool:
		if info.code == opBool && !strings.EqualFold(v, "true") && !strings.EqualFold(v, "false") {
			return false, fmt.Errorf("reference: Bool request value %q", v)
		}
		p, lit, ok := refExpand(pol, vars && info.vars, q)
		_ = lit
		if !ok {
			return false, nil
		}
		if info.code == opStringEquals {
			return string(p) == v, nil
		}
		return strings.EqualFold(string(p), v), nil
	case opStringLike:
		p, lit, ok := refExpand(pol, vars, q)
		return ok && refGlob(p, lit, []rune(v), 0), nil
	case opArnLike:
		if strings.Count(v, ":") < 5 {
			return false, fmt.Errorf("reference: ARN request value %q", v)
		}
		p, lit, ok := refExpand(pol, vars, q)
		if !ok {
			return false, nil
		}
		// Split the pattern at its first five (non-literal or literal) colons.
		var pc [][]rune
		var lc [][]bool
		start := 0
		for i := 0; i < len(p) && len(pc) < 5; i++ {
			if p[i] == ':' {
				pc = append(pc, p[start:i])
				lc = append(lc, lit[start:i])
				start = i + 1
			}
		}
		if len(pc) < 5 {
			return false, nil
		}
		pc = append(pc, p[start:])
		lc = append(lc, lit[start:])
		sc := strings.SplitN(v, ":", 6)
		if len(sc) < 6 {
			return false, nil
		}
		for i := range 6 {
			if !refGlob(pc[i], lc[i], []rune(sc[i]), 0) {
				return false, nil
			}
		}
		return true, nil
	case opNumericEquals, opNumericLessThan, opNumericLessThanEquals, opNumericGreaterThan, opNumericGreaterThanEquals:
		a, err := parseDecimal(v)
		if err != nil {
			return false, err
		}
		b, _ := parseDecimal(pol)
		return cmpHolds(info.code-opNumericEquals, a.cmp(b)), nil
	case opDateEquals, opDateLessThan, opDateLessThanEquals, opDateGreaterThan, opDateGreaterThanEquals:
		a, err := parseDate(v)
		if err != nil {
			return false, err
		}
		b, _ := parseDate(pol)
		return cmpHolds(info.code-opDateEquals, a.Compare(b)), nil
	case opIPAddress:
		a, err := parseIP(v)
		if err != nil {
			return false, err
		}
		p, _ := parseCIDR(pol)
		return p.Contains(a), nil
	case opBinaryEquals:
		a, err := parseBinary(v)
		if err != nil {
			return false, err
		}
		b, _ := parseBinary(pol)
		return bytes.Equal(a, b), nil
	}
	return false, fmt.Errorf("reference: unknown operator %s", base)
}

func refCondition(b *iam.ConditionBlock, e *iam.ConditionEntry, vars bool, q *request) (bool, error) {
	op := b.Operator
	vals, present := q.values(strings.ToLower(e.Key.Value))
	if op.Base == "Null" {
		for _, v := range e.Values {
			if (strings.ToLower(v.Text) == "true") != present {
				return true, nil
			}
		}
		return false, nil
	}
	negated := operators[op.Base].negated
	if !present {
		if op.IfExists || op.Qualifier == iam.ForAllValues {
			return true, nil
		}
		if op.Qualifier == iam.ForAnyValue {
			return false, nil
		}
		return negated, nil
	}
	// positive(v): v matches at least one policy value.
	positive := func(v string) (bool, error) {
		for _, pv := range e.Values {
			ok, err := refCondValue(op.Base, vars, pv.Text, v, q)
			if err != nil {
				return false, err
			}
			if ok {
				return true, nil
			}
		}
		return false, nil
	}
	var results []bool
	for _, v := range vals {
		ok, err := positive(v)
		if err != nil {
			return false, err
		}
		results = append(results, ok != negated)
	}
	switch op.Qualifier {
	case iam.ForAllValues:
		for _, r := range results {
			if !r {
				return false, nil
			}
		}
		return true, nil
	case iam.ForAnyValue:
		for _, r := range results {
			if r {
				return true, nil
			}
		}
		return false, nil
	}
	if negated { // no request value matches any policy value
		for _, r := range results {
			if !r {
				return false, nil
			}
		}
		return true, nil
	}
	for _, r := range results {
		if r {
			return true, nil
		}
	}
	return false, nil
}

// refStatement reports whether st applies to the request, and how its
// Principal named the caller.
func refStatement(st *iam.Statement, vars bool, q *request, bounded bool) (bool, principalMatch, error) {
	am := false
	for _, a := range st.Action.Values {
		if refAction(a.Value, q.r.Action) {
			am = true
		}
	}
	if am == st.Action.Not {
		return false, noMatch, nil
	}
	if st.Resource != nil {
		rm := false
		for _, r := range st.Resource.Values {
			if st.Resource.Not {
				if _, _, ok := refExpand(r.Value, vars, q); !ok {
					return false, noMatch, nil // an unresolved variable voids the statement
				}
			}
			if refResource(r.Value, vars, q.resource, q) {
				rm = true
			}
		}
		if rm == st.Resource.Not {
			return false, noMatch, nil
		}
	}
	pm := matchExact
	if st.Principal != nil {
		if st.Principal.Not {
			if !bounded && refNotPrincipalExcludes(st.Principal, &q.caller) {
				return false, noMatch, nil
			}
			pm = matchAll
		} else if pm = refPrincipal(st.Principal, &q.caller); pm == noMatch {
			return false, noMatch, nil
		}
	}
	if st.Condition != nil {
		for _, b := range st.Condition.Blocks {
			for _, e := range b.Entries {
				ok, err := refCondition(b, e, vars, q)
				if err != nil || !ok {
					return false, noMatch, err
				}
			}
		}
	}
	return true, pm, nil
}

// referenceDecide is the reference evaluator's entry point.
func referenceDecide(set *Set, req *Request) (Result, error) {
	q, err := prepare(req)
	if err != nil {
		return Result{}, err
	}
	c := &q.caller
	var allows, denies []refHit
	evalPolicy := func(p *Policy, typ iam.Type, level int) (int, error) {
		src := p.Source
		vars := src.VersionValue() == "2012-10-17"
		n := 0
		for _, st := range src.Statements {
			ok, pm, err := refStatement(st, vars, q, set.Boundary != nil)
			if err != nil {
				return 0, err
			}
			if !ok {
				continue
			}
			h := refHit{typ: typ, level: level, label: p.Label, st: st, pmatch: pm}
			if st.Effect == iam.Deny {
				denies = append(denies, h)
			} else {
				allows = append(allows, h)
				n++
			}
		}
		return n, nil
	}
	toReasons := func(hs []refHit) []Reason {
		var out []Reason
		for _, h := range hs {
			r := Reason{Kind: Matched, Type: h.typ, Level: h.level, Policy: h.label, Effect: h.st.Effect, Statement: h.st.Index, Range: h.st.Range}
			if h.st.Sid != nil {
				r.Sid = h.st.Sid.Value
			}
			if h.st.Principal != nil {
				r.Principal = h.pmatch.String()
			}
			out = append(out, r)
		}
		return out
	}

	isTrust := strings.HasPrefix(q.action, "sts:") && trustActions[q.action] && strings.HasPrefix(q.resource, "arn:") && q.resARN.Service == "iam" && strings.HasPrefix(q.resARN.Resource, "role/")
	isKey := q.service == "kms" && q.resIsARN && q.resARN.Service == "kms" && strings.HasPrefix(q.resARN.Resource, "key/")
	org := set.Organization

	// Step 1: gather every applicable policy, in the flowchart's order.
	var rcpLevels, scpLevels []int
	if org != nil && org.RCPs != nil && q.resAcct != org.ManagementAccount && rcpSupported(q.service) && !strings.EqualFold(req.Action, "kms:RetireGrant") && !(isTrust && strings.HasPrefix(q.resARN.Resource, "role/aws-service-role/")) {
		for lvl, ps := range org.RCPs {
			n := 0
			for _, p := range ps {
				k, err := evalPolicy(p, iam.RCP, lvl)
				if err != nil {
					return Result{}, err
				}
				n += k
			}
			rcpLevels = append(rcpLevels, n)
		}
	}
	if org != nil && org.SCPs != nil && c.isIAM() && c.account != org.ManagementAccount && !c.serviceLinked {
		for lvl, ps := range org.SCPs {
			n := 0
			for _, p := range ps {
				k, err := evalPolicy(p, iam.SCP, lvl)
				if err != nil {
					return Result{}, err
				}
				n += k
			}
			scpLevels = append(scpLevels, n)
		}
	}
	firstRes := len(allows)
	// A role's trust policy only answers sts:AssumeRole* and friends.
	onRole := strings.HasPrefix(q.resource, "arn:") && q.resARN.Service == "iam" && strings.HasPrefix(q.resARN.Resource, "role/")
	if set.Resource != nil && (!onRole || isTrust) {
		typ := iam.Resource
		if isTrust {
			typ = iam.Trust
		}
		if _, err := evalPolicy(set.Resource, typ, 0); err != nil {
			return Result{}, err
		}
	}
	resHits := allows[firstRes:]
	resHits = resHits[:len(resHits):len(resHits)]
	nID, nB, nS := 0, 0, 0
	session := false
	if c.kind == FederatedUser {
		session = true
	} else if c.kind == RoleSession || c.kind == IAMRole {
		session = len(set.Session) > 0
	} else if set.Sessioned || len(set.Session) > 0 {
		return Result{}, fmt.Errorf("session policies apply only to role sessions and federated users")
	}
	if (!c.isIAM() || c.kind == AccountRoot || c.fedRoot) && (len(set.Identity) > 0 || set.Boundary != nil) {
		return Result{}, fmt.Errorf("identity-based policies or a boundary for a principal that cannot have them")
	}
	if c.isIAM() {
		for _, p := range set.Identity {
			k, err := evalPolicy(p, iam.Identity, 0)
			if err != nil {
				return Result{}, err
			}
			nID += k
		}
		if set.Boundary != nil {
			k, err := evalPolicy(set.Boundary, iam.Boundary, 0)
			if err != nil {
				return Result{}, err
			}
			nB = k
		}
		if session {
			for _, p := range set.Session {
				k, err := evalPolicy(p, iam.Session, 0)
				if err != nil {
					return Result{}, err
				}
				nS += k
			}
		}
	}

	// Step 2: an explicit deny anywhere.
	if len(denies) > 0 {
		return Result{Decision: ExplicitDeny, Reasons: toReasons(denies)}, nil
	}
	implicit := func(t iam.Type, lvl int) (Result, error) {
		return Result{Decision: ImplicitDeny, Reasons: append([]Reason{{Kind: Missing, Type: t, Level: lvl}}, toReasons(allows)...)}, nil
	}
	// Steps 3 and 4: every RCP and SCP level must allow.
	for lvl, n := range rcpLevels {
		if n == 0 {
			return implicit(iam.RCP, lvl)
		}
	}
	for lvl, n := range scpLevels {
		if n == 0 {
			return implicit(iam.SCP, lvl)
		}
	}
	allowed := Result{Decision: Allow, Reasons: toReasons(allows)}
	resType := iam.Resource
	if isTrust {
		resType = iam.Trust
	}
	byKind := map[principalMatch]bool{}
	for _, h := range resHits {
		byKind[h.pmatch] = true
	}
	direct := byKind[matchExact] || byKind[matchAll]
	anyRes := len(resHits) > 0

	// SQS: "Cross-account permissions don't apply to the following actions".
	for _, a := range []string{"AddPermission", "CancelMessageMoveTask", "CreateQueue", "DeleteQueue", "ListMessageMoveTasks", "ListQueues",
		"ListQueueTags", "RemovePermission", "SetQueueAttributes", "StartMessageMoveTask", "TagQueue", "UntagQueue"} {
		if strings.EqualFold(req.Action, "sqs:"+a) && (!c.isIAM() || c.account != q.resAcct) {
			return implicit(resType, 0)
		}
	}

	// Step 5: non-IAM callers have only the resource policy.
	if !c.isIAM() {
		if anyRes {
			return allowed, nil
		}
		return implicit(resType, 0)
	}
	same := c.account == q.resAcct
	// The caller's own side: identity, boundary, session.
	own := func(resRole bool) (iam.Type, bool) {
		if c.kind == AccountRoot {
			return 0, true
		}
		if nID == 0 && !resRole && !c.fedRoot {
			return iam.Identity, false
		}
		if set.Boundary != nil && nB == 0 {
			return iam.Boundary, false
		}
		if session && nS == 0 {
			return iam.Session, false
		}
		return 0, true
	}
	switch {
	case isTrust || isKey:
		if !anyRes {
			return implicit(resType, 0)
		}
		if same && direct && isKey {
			return allowed, nil
		}
		if t, ok := own(same && (direct || byKind[matchRole] || byKind[matchFederator])); !ok {
			return implicit(t, 0)
		}
		return allowed, nil
	case same:
		if direct || (c.kind == AccountRoot && anyRes) {
			return allowed, nil
		}
		if t, ok := own(byKind[matchRole] || byKind[matchFederator]); !ok {
			return implicit(t, 0)
		}
		return allowed, nil
	default:
		if !anyRes {
			return implicit(resType, 0)
		}
		if t, ok := own(false); !ok {
			return implicit(t, 0)
		}
		return allowed, nil
	}
}

// summarize renders a result for comparison between evaluators: decision
// and compact reasons (messages are the engine's own).
func summarize(r Result) []string {
	out := []string{r.Decision.String()}
	for _, x := range r.Reasons {
		s := compactReason(x)
		if x.Kind == Matched && (x.Type == iam.SCP || x.Type == iam.RCP) {
			s += fmt.Sprintf(" level=%d", x.Level)
		}
		out = append(out, s)
	}
	return out
}
