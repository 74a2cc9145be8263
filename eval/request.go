package eval

import (
	"fmt"
	"slices"
	"strings"
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
}

// A request is a Request prepared for evaluation.
type request struct {
	r        *Request
	action   string // lower case
	service  string // lower case
	caller   caller
	resource string
	resAcct  string
	resARN   ARN
	resIsARN bool
	ctx      map[string][]string // lower-cased keys, from Request.Context
	derived  [8]string
}

// prepare validates and normalises r.
func prepare(r *Request) (*request, error) {
	q := &request{r: r}
	svc, name, ok := strings.Cut(r.Action, ":")
	if !ok || svc == "" || name == "" || strings.ContainsAny(r.Action, "*? ") {
		return nil, fmt.Errorf("invalid action %q: want service:Action, without wildcards", r.Action)
	}
	q.action = toLower(r.Action)
	q.service = q.action[:len(svc)]
	var err error
	if q.caller, err = parseCaller(r.Principal.ARN); err != nil {
		return nil, err
	}
	q.caller.canonical = r.Principal.CanonicalUser
	q.resource = r.Resource
	switch {
	case r.Resource == "":
		return nil, fmt.Errorf("missing resource: give an ARN, or \"*\" for actions that accept only \"*\"")
	case r.Resource == "*":
		q.resAcct = r.ResourceAccount
		if q.resAcct == "" {
			q.resAcct = q.caller.account
		}
	default:
		a, err := ParseARN(r.Resource)
		if err != nil {
			return nil, fmt.Errorf("invalid resource: %v", err)
		}
		q.resARN, q.resIsARN = a, true
		q.resAcct = r.ResourceAccount
		if q.resAcct == "" {
			q.resAcct = a.Account
		}
		if q.resAcct == "" {
			return nil, fmt.Errorf("resource %q has no account in its ARN: give the owning account", r.Resource)
		}
	}
	if q.resAcct != "" && !isAccountID(q.resAcct) {
		return nil, fmt.Errorf("invalid resource account %q: want 12 digits", q.resAcct)
	}
	if len(r.Context) > 0 {
		q.ctx = make(map[string][]string, len(r.Context))
		for k, v := range r.Context {
			lk := toLower(k)
			if _, dup := q.ctx[lk]; dup {
				return nil, fmt.Errorf("context key %q given twice (key names are case-insensitive)", k)
			}
			q.ctx[lk] = v
		}
	}
	return q, nil
}

// toLower lower-cases ASCII letters, without allocating when s is already
// lower case.
func toLower(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; 'A' <= c && c <= 'Z' {
			return strings.ToLower(s)
		}
	}
	return s
}

// values implements lookup: the request context first, then the global keys
// derived from the request
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html).
func (q *request) values(key string) ([]string, bool) {
	if v, ok := q.ctx[key]; ok {
		return v, true
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
