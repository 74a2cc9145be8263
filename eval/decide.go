package eval

import (
	"fmt"
	"strings"

	"github.com/leastpriv/leastpriv/diag"
	"github.com/leastpriv/leastpriv/iam"
)

// Decision is the outcome of evaluating a request.
type Decision uint8

// The decisions. The zero value is ImplicitDeny, so a Result built without
// thought fails closed.
const (
	ImplicitDeny Decision = iota
	Allow
	ExplicitDeny
)

var decisionNames = [...]string{"ImplicitDeny", "Allow", "ExplicitDeny"}

// String returns "Allow", "ExplicitDeny" or "ImplicitDeny".
func (d Decision) String() string {
	if int(d) < len(decisionNames) {
		return decisionNames[d]
	}
	return "Decision(?)"
}

// MarshalText implements encoding.TextMarshaler.
func (d Decision) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// A Set is every policy that may apply to a request.
type Set struct {
	// Identity holds the caller's identity-based policies (for a role
	// session: the role's; for a federated user: the federating user's).
	Identity []*Policy
	// Boundary is the permissions boundary of the user or role, or nil.
	Boundary *Policy
	// Session holds the session policies passed when the session was
	// created. Sessioned records that the caller is such a session even when
	// Session is empty.
	Session   []*Policy
	Sessioned bool
	// Resource is the resource-based policy: a bucket or key policy, or the
	// role trust policy for sts:AssumeRole*. Nil when the resource has none.
	Resource *Policy
	// Organization is nil when no organization policy applies.
	Organization *Organization
}

// An Organization holds the SCPs that apply to the principal's account and
// the RCPs that apply to the resource's account: each a list of levels from
// the organization root down to the account, each level the policies
// attached there. A nil list means that policy type does not apply.
type Organization struct {
	ManagementAccount string
	SCPs              [][]*Policy
	RCPs              [][]*Policy
}

// A Result is a decision and why.
type Result struct {
	Decision Decision
	// Reasons lists, for ExplicitDeny, every Deny statement that matched;
	// for ImplicitDeny, the policy type that lacked an Allow (Kind Missing)
	// followed by the Allow statements that did match; for Allow, every Allow
	// statement that matched in an applicable policy.
	Reasons []Reason
}

// ReasonKind says what a reason reports.
type ReasonKind uint8

// The reason kinds.
const (
	Matched ReasonKind = iota + 1 // a statement matched the request
	Missing                       // a policy type that must allow did not
)

var reasonKindNames = [...]string{"", "matched", "missing"}

// String returns "matched" or "missing".
func (k ReasonKind) String() string { return reasonKindNames[k] }

// MarshalText implements encoding.TextMarshaler.
func (k ReasonKind) MarshalText() ([]byte, error) { return []byte(k.String()), nil }

// A Reason is one statement that matched, or one policy type that lacked an
// Allow.
type Reason struct {
	Kind ReasonKind
	// Type is the policy type (identity, resource, trust, boundary, session,
	// scp, rcp).
	Type iam.Type
	// Level is the organization level (0 = root) for SCPs and RCPs.
	Level int
	// Policy is the policy's label; empty for a Missing reason about a
	// policy type rather than one policy.
	Policy string
	// Statement fields, for Matched.
	Effect    iam.Effect
	Sid       string
	Statement int
	Range     diag.Range
	// Principal tells how a resource policy's Principal named the caller
	// ("exact", "role", "account", "wildcard"); empty otherwise.
	Principal string
	// Message explains a Missing reason in words.
	Message string
}

// String formats r on one line.
func (r Reason) String() string {
	if r.Kind == Missing {
		return r.Message
	}
	var b strings.Builder
	// Statements are counted from 1 for people; Statement stays 0-based.
	fmt.Fprintf(&b, "%s: %s statement %d", r.Range, r.Effect, r.Statement+1)
	if r.Sid != "" {
		fmt.Fprintf(&b, " %q", r.Sid)
	}
	fmt.Fprintf(&b, " of %s policy %s", r.Type, r.Policy)
	if r.Type == iam.SCP || r.Type == iam.RCP {
		fmt.Fprintf(&b, " (organization level %d)", r.Level)
	}
	if r.Principal != "" {
		fmt.Fprintf(&b, " (principal: %s)", r.Principal)
	}
	return b.String()
}

// A hit is a statement that matched a request.
type hit struct {
	p     *Policy
	st    *Statement
	typ   iam.Type
	level int
	pm    principalMatch
}

func (h hit) reason() Reason {
	r := Reason{Kind: Matched, Type: h.typ, Level: h.level, Policy: h.p.Label, Effect: h.st.Effect, Sid: h.st.Sid, Statement: h.st.Index, Range: h.st.Range}
	if h.st.principal != nil {
		r.Principal = h.pm.String()
	}
	return r
}

// scanner collects matching statements across the policies of one request.
type scanner struct {
	q       *request
	bounded bool // the caller has a permissions boundary (NotPrincipal rule)
	buf     []int32
	allows  []hit
	denies  []hit
}

// scan evaluates every statement of p that applies to the request's action
// and records the Allow and Deny statements that match. It returns how many
// Allow statements matched.
func (s *scanner) scan(p *Policy, typ iam.Type, level int) (int, error) {
	q := s.q
	s.buf = p.candidates(q, s.buf)
	n := 0
	for _, i := range s.buf {
		st := p.stmts[i]
		if !st.matchResource(q) {
			continue
		}
		pm := matchExact
		if ps := st.principal; ps != nil {
			if ps.not {
				// "NotPrincipal with Deny always denies principals that have
				// a permissions boundary" (access_policies_boundaries.html).
				if !s.bounded && ps.excludes(&q.caller) {
					continue
				}
				pm = matchAll
			} else if pm = ps.match(&q.caller); pm == noMatch {
				continue
			}
		}
		ok, err := st.matchConditions(q)
		if err != nil {
			return n, fmt.Errorf("%s: %s statement %d: %w", st.Range, p.Label, st.Index, err)
		}
		if !ok {
			continue
		}
		h := hit{p: p, st: st, typ: typ, level: level, pm: pm}
		if st.Effect == iam.Deny {
			s.denies = append(s.denies, h)
		} else if st.Effect == iam.Allow {
			s.allows = append(s.allows, h)
			n++
		}
	}
	return n, nil
}

// trustActions are the STS actions authorized by the role's trust policy.
var trustActions = map[string]bool{
	"sts:assumerole":                true,
	"sts:assumerolewithsaml":        true,
	"sts:assumerolewithwebidentity": true,
	"sts:tagsession":                true,
	"sts:setsourceidentity":         true,
	"sts:setcontext":                true,
}

// rcpExempt are the actions resource control policies do not govern: "The
// kms:RetireGrant permission is not effective in an RCP, even if the Action
// element specifies an asterisk (*) as a wildcard"
// (https://docs.aws.amazon.com/kms/latest/developerguide/resource-control-policies.html).
var rcpExempt = map[string]bool{
	"kms:retiregrant": true,
}

// accountLocal are the actions that a resource-based policy cannot grant to
// anyone outside the resource's account: "Cross-account permissions don't
// apply to the following actions" (Amazon SQS,
// https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-limitations-of-custom-policies.html).
// This is how "Amazon SQS lets you make available to other AWS accounts only
// a subset of all the possible Amazon SQS actions" (reference_policies_elements_action.html).
var accountLocal = map[string]bool{
	"sqs:addpermission":         true,
	"sqs:cancelmessagemovetask": true,
	"sqs:createqueue":           true,
	"sqs:deletequeue":           true,
	"sqs:listmessagemovetasks":  true,
	"sqs:listqueues":            true,
	"sqs:listqueuetags":         true,
	"sqs:removepermission":      true,
	"sqs:setqueueattributes":    true,
	"sqs:startmessagemovetask":  true,
	"sqs:tagqueue":              true,
	"sqs:untagqueue":            true,
}

// Decide evaluates req against the policies in set with the AWS policy
// evaluation logic
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html).
// It returns an error when the request is invalid (a malformed ARN or a
// context value that a condition cannot read), never a guessed decision.
// Decide is safe for concurrent use.
func Decide(set *Set, req *Request) (Result, error) {
	q, err := getRequest(req)
	if err != nil {
		return Result{}, err
	}
	defer q.release()
	return decide(set, q)
}

func decide(set *Set, q *request) (Result, error) {
	c := &q.caller
	org := set.Organization
	s := scanner{q: q, bounded: set.Boundary != nil, buf: q.buf, allows: q.allows[:0], denies: q.denies[:0]}
	defer func() { q.buf, q.allows, q.denies = s.buf, s.allows, s.denies }()

	role := q.resIsARN && q.resARN.Service == "iam" && strings.HasPrefix(q.resARN.Resource, "role/")
	trust := role && q.service == "sts" && trustActions[q.action]
	kmsKey := q.service == "kms" && q.resIsARN && q.resARN.Service == "kms" && strings.HasPrefix(q.resARN.Resource, "key/")
	// A role's only resource-based policy is its trust policy, which
	// specifies "who can assume the role" (reference_policies_elements_principal.html):
	// it takes no part in other requests on the role (iam:PassRole,
	// iam:GetRole, ...).
	resPolicy := set.Resource
	if role && !trust {
		resPolicy = nil
	}

	// Which policies apply.
	var (
		scpApplies = org != nil && org.SCPs != nil && c.isIAM() && c.account != org.ManagementAccount && !c.serviceLinked
		rcpApplies = org != nil && org.RCPs != nil && q.resAcct != org.ManagementAccount && rcpSupported(q.service) &&
			!rcpExempt[q.action] && !(trust && strings.HasPrefix(q.resARN.Resource, "role/aws-service-role/"))
		sessionApplies bool
	)
	switch c.kind {
	case RoleSession, IAMRole:
		sessionApplies = len(set.Session) > 0
	case FederatedUser:
		// "if you do not pass any session policies, then the resulting
		// federated user session has no permissions" (GetFederationToken).
		sessionApplies = true
	default:
		if set.Sessioned || len(set.Session) > 0 {
			return Result{}, fmt.Errorf("session policies apply only to role sessions and federated users, not to principal %q", c.raw)
		}
	}

	// Policies a caller cannot have are an error, not silently ignored.
	if !c.isIAM() || c.kind == AccountRoot || c.fedRoot {
		what := ""
		switch {
		case len(set.Identity) > 0:
			what = "identity-based policies"
		case set.Boundary != nil:
			what = "a permissions boundary"
		}
		if what != "" {
			if c.fedRoot {
				return Result{}, fmt.Errorf("%s do not apply to %q: the root user federated it, and the root user has none", what, c.raw)
			}
			return Result{}, fmt.Errorf("%s apply only to IAM users, roles and their sessions, not to principal %q", what, c.raw)
		}
	}

	// Scan everything once: explicit denies anywhere win.
	var scpAllows, rcpAllows []int
	if rcpApplies {
		for lvl, ps := range org.RCPs {
			n := 0
			for _, p := range ps {
				k, err := s.scan(p, iam.RCP, lvl)
				if err != nil {
					return Result{}, err
				}
				n += k
			}
			rcpAllows = append(rcpAllows, n)
		}
	}
	if scpApplies {
		for lvl, ps := range org.SCPs {
			n := 0
			for _, p := range ps {
				k, err := s.scan(p, iam.SCP, lvl)
				if err != nil {
					return Result{}, err
				}
				n += k
			}
			scpAllows = append(scpAllows, n)
		}
	}
	var resHits []hit
	if resPolicy != nil {
		before := len(s.allows)
		typ := iam.Resource
		if trust {
			typ = iam.Trust
		}
		if _, err := s.scan(resPolicy, typ, 0); err != nil {
			return Result{}, err
		}
		resHits = s.allows[before:len(s.allows):len(s.allows)]
	}
	idAllows, boundaryAllows, sessionAllows := 0, 0, 0
	if c.isIAM() {
		for _, p := range set.Identity {
			k, err := s.scan(p, iam.Identity, 0)
			if err != nil {
				return Result{}, err
			}
			idAllows += k
		}
		if set.Boundary != nil {
			k, err := s.scan(set.Boundary, iam.Boundary, 0)
			if err != nil {
				return Result{}, err
			}
			boundaryAllows = k
		}
		if sessionApplies {
			for _, p := range set.Session {
				k, err := s.scan(p, iam.Session, 0)
				if err != nil {
					return Result{}, err
				}
				sessionAllows += k
			}
		}
	}

	if len(s.denies) > 0 {
		return Result{Decision: ExplicitDeny, Reasons: reasons(s.denies)}, nil
	}
	deny := func(typ iam.Type, level int, msg string) (Result, error) {
		r := []Reason{{Kind: Missing, Type: typ, Level: level, Message: msg}}
		return Result{Decision: ImplicitDeny, Reasons: append(r, reasons(s.allows)...)}, nil
	}
	for lvl, n := range rcpAllows {
		if n == 0 {
			return deny(iam.RCP, lvl, fmt.Sprintf("no resource control policy at organization level %d allows the request", lvl))
		}
	}
	for lvl, n := range scpAllows {
		if n == 0 {
			return deny(iam.SCP, lvl, fmt.Sprintf("no service control policy at organization level %d allows the request", lvl))
		}
	}

	// How the resource-based policy named the caller in its Allow statements.
	var resDirect, resRole, resAccount bool
	for _, h := range resHits {
		switch h.pm {
		case matchExact, matchAll:
			resDirect = true
		case matchRole, matchFederator:
			resRole = true
		case matchAccount:
			resAccount = true
		}
	}
	resAny := resDirect || resRole || resAccount
	resType := iam.Resource
	resName := "the resource-based policy"
	switch {
	case trust:
		resType, resName = iam.Trust, "the role trust policy"
	case kmsKey:
		resName = "the key policy"
	}

	allow := func() (Result, error) { return Result{Decision: Allow, Reasons: reasons(s.allows)}, nil }

	if accountLocal[q.action] && !(c.isIAM() && c.account == q.resAcct) {
		return deny(resType, 0, "cross-account permissions do not apply to "+q.r.Action+": only principals of the resource's account can be allowed")
	}

	if !c.isIAM() {
		// Services, anonymous callers and web identities have no
		// identity-based policies: only a resource-based policy can allow.
		if resAny {
			return allow()
		}
		return deny(resType, 0, resName+" does not allow this principal (a "+c.kind.String()+" caller has no identity-based policies)")
	}

	sameAccount := c.account == q.resAcct

	// identitySide checks the caller's own account: identity-based policies
	// (or, in the same account, a resource policy naming the role), then the
	// permissions boundary and the session policies.
	identitySide := func(resGrant bool) (Result, bool) {
		if c.kind != AccountRoot {
			// A federated user session of the root user has the root
			// user's full access, narrowed by its session policies.
			if idAllows == 0 && !resGrant && !c.fedRoot {
				r, _ := deny(iam.Identity, 0, "no identity-based policy allows the request")
				return r, false
			}
			if set.Boundary != nil && boundaryAllows == 0 {
				r, _ := deny(iam.Boundary, 0, "the permissions boundary does not allow the request")
				return r, false
			}
			if sessionApplies && sessionAllows == 0 {
				msg := "no session policy allows the request"
				if len(set.Session) == 0 {
					msg = "a federated user session created without session policies has no permissions"
				}
				r, _ := deny(iam.Session, 0, msg)
				return r, false
			}
		}
		return Result{}, true
	}

	if trust || kmsKey {
		// Role trust policies and KMS key policies "must explicitly allow
		// access for principals" even within one account
		// (reference_policies_evaluation-logic.html).
		if !resAny {
			what := "the role trust policy must allow the principal"
			if kmsKey {
				what = "the key policy must allow the principal or its account (KMS keys need key policy permission)"
			}
			if resPolicy == nil {
				what += "; none was given"
			}
			return deny(resType, 0, resName+" does not allow this principal: "+what)
		}
		if sameAccount && resDirect && kmsKey {
			return allow()
		}
		// A trust policy that names the caller directly stands in for an
		// identity-based Allow ("Add the user as a principal directly in the
		// role's trust policy", API_AssumeRole.html), but "if a permissions
		// boundary is set for the user, then it must allow the
		// sts:AssumeRole action" (id_roles_update-role-trust-policy.html).
		if r, ok := identitySide(sameAccount && (resRole || resDirect)); !ok {
			return r, nil
		}
		return allow()
	}

	if sameAccount {
		// "If either the identity-based policy or the resource-based policy
		// within the same account allows the request and the other doesn't,
		// the request is still allowed" — when the resource policy names the
		// user, role session or federated user session (or everyone). When
		// it names the role ARN, the boundary and session policies still
		// limit it; when it names the account, it only delegates to IAM.
		if resDirect || (c.kind == AccountRoot && resAny) {
			return allow()
		}
		if r, ok := identitySide(resRole); !ok {
			return r, nil
		}
		return allow()
	}

	// Cross-account: the trusting account's resource policy and the trusted
	// account's own policies must both allow.
	if !resAny {
		msg := resName + " does not allow this principal (a cross-account request needs an Allow from the resource's account)"
		if resPolicy == nil {
			msg = "the resource has no resource-based policy, so no principal of another account is allowed"
		}
		return deny(resType, 0, msg)
	}
	if r, ok := identitySide(false); !ok {
		return r, nil
	}
	return allow()
}

func reasons(hits []hit) []Reason {
	if len(hits) == 0 {
		return nil
	}
	out := make([]Reason, len(hits))
	for i, h := range hits {
		out[i] = h.reason()
	}
	return out
}
