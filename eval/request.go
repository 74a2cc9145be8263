package eval

import (
	"fmt"
	"github.com/leastpriv/leastpriv/internal/ascii"
	"slices"
	"strings"
	"sync"
	"unsafe"
)

// A Request is one API request to decide: who asks, for which action, on
// which resource, with which request context.
type Request struct {
	// Action is "service:Action" (case-insensitive).
	Action string
	// Principal is the caller.
	Principal Principal
	// Resource is the resource ARN, or "*" for actions that accept only "*".
	// '*' and '?' inside it are literal text.
	Resource string
	// ResourceAccount is the account that owns the resource. It defaults to
	// the account in the ARN and must be given when the ARN has none (S3).
	// For Resource "*" it defaults to the principal's account.
	ResourceAccount string
	// ResourceTags are the resource's tags (aws:ResourceTag/*).
	ResourceTags map[string]string
	// Context holds request context keys (names are case-insensitive). It
	// overrides and extends the keys the engine derives from the request.
	Context map[string][]string
}

// A Principal is the caller of a request.
type Principal struct {
	// ARN is an IAM user, role, role session (arn:aws:sts::A:assumed-role/R/s),
	// federated user (arn:aws:sts::A:federated-user/n) or account root ARN;
	// a service principal ("lambda.amazonaws.com"); a SAML or OIDC provider;
	// or "anonymous".
	ARN string
	// Tags are the principal's tags (aws:PrincipalTag/*).
	Tags map[string]string
	// CanonicalUser is the caller's S3 canonical user ID, matched by
	// CanonicalUser principals; optional.
	CanonicalUser string
	// FederatedBy is, for a federated user session (GetFederationToken),
	// the ARN of the IAM user or account root user who federated; optional.
	// A resource-based policy that names that IAM user grants to the
	// session, limited by its permissions boundary and session policies
	// (reference_policies_evaluation-logic.html).
	FederatedBy string
}

// A request is a Request prepared for evaluation, together with the
// scratch space of one decision. Requests are pooled: a decision allocates
// nothing but its result.
type request struct {
	r        *Request
	action   string // lower case; may point into lower (see prepare)
	service  string // lower case
	caller   caller
	resource string
	resAcct  string
	resARN   ARN
	resIsARN bool
	ctx      []ctxEntry // Request.Context, keys as written
	ctxMap   map[string][]string
	derived  [8]string

	lower [96]byte // backing store of action when it had upper-case letters

	// Scratch of the scanner.
	buf            []int32
	allows, denies []hit
}

// A ctxEntry is one request context key and its values.
type ctxEntry struct {
	key  string
	vals []string
}

// maxLinearContext is the context size up to which keys are looked up by a
// linear scan rather than a map.
const maxLinearContext = 16

var requestPool = sync.Pool{New: func() any { return new(request) }}

// getRequest returns a prepared request from the pool; release it with
// putRequest once no result refers to it.
func getRequest(r *Request) (*request, error) {
	q := requestPool.Get().(*request)
	if err := q.prepare(r); err != nil {
		q.release()
		return nil, err
	}
	return q, nil
}

// release returns q to the pool, dropping references to caller data.
func (q *request) release() {
	q.r = nil
	q.ctx = q.ctx[:0]
	q.ctxMap = nil
	clear(q.allows[:cap(q.allows)])
	clear(q.denies[:cap(q.denies)])
	q.allows, q.denies = q.allows[:0], q.denies[:0]
	requestPool.Put(q)
}

// prepare validates and normalises r into q.
func prepare(r *Request) (*request, error) {
	q := new(request)
	return q, q.prepare(r)
}

func (q *request) prepare(r *Request) error {
	q.r = r
	svc, name, ok := strings.Cut(r.Action, ":")
	if !ok || svc == "" || name == "" || strings.ContainsAny(r.Action, "*? ") {
		return fmt.Errorf("invalid action %q: want service:Action, without wildcards", r.Action)
	}
	q.action = q.lowerAction(r.Action)
	q.service = q.action[:len(svc)]
	var err error
	if q.caller, err = parseCaller(r.Principal.ARN); err != nil {
		return err
	}
	q.caller.canonical = r.Principal.CanonicalUser
	if err := q.caller.setFederatedBy(r.Principal.FederatedBy); err != nil {
		return err
	}
	q.resource = r.Resource
	q.resARN, q.resIsARN, q.resAcct = ARN{}, false, ""
	switch {
	case r.Resource == "":
		return fmt.Errorf("missing resource: give an ARN, or \"*\" for actions that accept only \"*\"")
	case r.Resource == "*":
		q.resAcct = r.ResourceAccount
		if q.resAcct == "" {
			q.resAcct = q.caller.account
		}
	default:
		a, err := ParseARN(r.Resource)
		if err != nil {
			return fmt.Errorf("invalid resource: %v", err)
		}
		q.resARN, q.resIsARN = a, true
		q.resAcct = r.ResourceAccount
		if q.resAcct == "" {
			q.resAcct = a.Account
		}
		if q.resAcct == "" {
			return fmt.Errorf("resource %q has no account in its ARN: give the owning account", r.Resource)
		}
	}
	if q.resAcct != "" && !isAccountID(q.resAcct) {
		return fmt.Errorf("invalid resource account %q: want 12 digits", q.resAcct)
	}
	q.ctx, q.ctxMap = q.ctx[:0], nil
	if len(r.Context) > maxLinearContext {
		q.ctxMap = make(map[string][]string, len(r.Context))
		for k, v := range r.Context {
			lk := ascii.ToLower(k)
			if _, dup := q.ctxMap[lk]; dup {
				return fmt.Errorf("context key %q given twice (key names are case-insensitive)", k)
			}
			q.ctxMap[lk] = v
		}
		return nil
	}
	for k, v := range r.Context {
		for _, e := range q.ctx {
			if ascii.EqualFold(e.key, k) {
				return fmt.Errorf("context key %q given twice (key names are case-insensitive)", k)
			}
		}
		q.ctx = append(q.ctx, ctxEntry{k, v})
	}
	return nil
}

// lowerAction returns the lower-case form of action without allocating:
// when it has upper-case letters, the result is stored in q.lower, so it is
// valid only until q is released (no result refers to it).
func (q *request) lowerAction(action string) string {
	if isLowerASCII(action) {
		return action
	}
	if len(action) > len(q.lower) {
		return ascii.ToLower(action)
	}
	n := copy(q.lower[:], action)
	for i := range n {
		if c := q.lower[i]; 'A' <= c && c <= 'Z' {
			q.lower[i] = c + 'a' - 'A'
		}
	}
	return unsafe.String(&q.lower[0], n)
}

func isLowerASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; 'A' <= c && c <= 'Z' {
			return false
		}
	}
	return true
}

// values implements lookup: the request context first, then the global keys
// derived from the request
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html).
func (q *request) values(key string) ([]string, bool) {
	if q.ctxMap != nil {
		if v, ok := q.ctxMap[key]; ok {
			return v, true
		}
	}
	for _, e := range q.ctx {
		if ascii.EqualFold(e.key, key) {
			return e.vals, true
		}
	}
	c := &q.caller
	one := func(i int, s string) ([]string, bool) {
		q.derived[i] = s
		return q.derived[i : i+1], true
	}
	switch key {
	case "aws:principalarn":
		if s, ok := c.principalARN(); ok {
			return one(0, s)
		}
	case "aws:principalaccount":
		if c.isIAM() {
			return one(1, c.account)
		}
	case "aws:username":
		if c.kind == IAMUser {
			return one(2, c.name)
		}
	case "aws:principaltype":
		switch c.kind {
		case AccountRoot:
			return one(3, "Account")
		case IAMUser:
			return one(3, "User")
		case IAMRole, RoleSession:
			return one(3, "AssumedRole")
		case FederatedUser:
			return one(3, "FederatedUser")
		case Anonymous:
			return one(3, "Anonymous")
		}
	case "aws:userid":
		switch c.kind {
		case AccountRoot:
			return one(4, c.account)
		case FederatedUser:
			return one(4, c.account+":"+c.name)
		}
	case "aws:resourceaccount":
		if q.resAcct != "" {
			return one(5, q.resAcct)
		}
	case "aws:principalisawsservice":
		switch {
		case c.kind == ServicePrincipal:
			return one(6, "true")
		case c.kind != Anonymous:
			return one(6, "false")
		}
	case "aws:principalservicename":
		if c.kind == ServicePrincipal {
			return one(7, c.raw)
		}
	default:
		if tag, ok := strings.CutPrefix(key, "aws:principaltag/"); ok {
			return tagValues(q.r.Principal.Tags, tag)
		}
		if tag, ok := strings.CutPrefix(key, "aws:resourcetag/"); ok {
			return tagValues(q.r.ResourceTags, tag)
		}
	}
	return nil, false
}

// tagValues returns the values of the tags whose key equals tag ignoring
// case: condition key names, tag-key suffix included, are case-insensitive.
func tagValues(tags map[string]string, tag string) ([]string, bool) {
	var out []string
	for k, v := range tags {
		if strings.EqualFold(k, tag) {
			out = append(out, v)
		}
	}
	slices.Sort(out)
	return out, out != nil
}
