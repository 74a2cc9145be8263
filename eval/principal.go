package eval

import (
	"fmt"
	"strings"

	"github.com/leastpriv/leastpriv/iam"
)

// PrincipalKind is the kind of caller a request comes from.
type PrincipalKind uint8

// The principal kinds.
const (
	Anonymous        PrincipalKind = iota + 1 // no credentials ("anonymous")
	AccountRoot                               // the account's root user (arn:aws:iam::A:root)
	IAMUser                                   // arn:aws:iam::A:user/path/name
	IAMRole                                   // arn:aws:iam::A:role/path/name (the role itself)
	RoleSession                               // arn:aws:sts::A:assumed-role/name/session
	FederatedUser                             // arn:aws:sts::A:federated-user/name (GetFederationToken)
	ServicePrincipal                          // lambda.amazonaws.com
	WebIdentity                               // a SAML or OIDC provider (Federated principals)
)

var principalKindNames = [...]string{"", "anonymous", "root", "user", "role", "role-session", "federated-user", "service", "web-identity"}

// String returns a short lower-case name ("role-session").
func (k PrincipalKind) String() string {
	if int(k) < len(principalKindNames) {
		return principalKindNames[k]
	}
	return "principal(?)"
}

// A caller is the parsed principal of a request.
type caller struct {
	raw       string
	kind      PrincipalKind
	partition string
	account   string
	name      string // user name, role name, federated user name
	session   string // role session name
	roleARN   string // for role sessions and roles: arn:P:iam::A:role/name (path unknown for sessions)
	// serviceLinked is true for service-linked roles and their sessions
	// (path aws-service-role/, or a role name starting AWSServiceRoleFor).
	serviceLinked bool
	canonical     string // S3 canonical user ID, when given
	// For a federated user: who called GetFederationToken, when known.
	fedUser string // the federating IAM user's name
	fedRoot bool   // the account root user federated
}

// setFederatedBy records who created a federated user session: an IAM user
// or the root user of the session's own account.
func (c *caller) setFederatedBy(arn string) error {
	c.fedUser, c.fedRoot = "", false
	if arn == "" {
		return nil
	}
	if c.kind != FederatedUser {
		return fmt.Errorf("principal.federatedBy applies only to federated user sessions (arn:aws:sts::ACCOUNT:federated-user/NAME), not to %q", c.raw)
	}
	f, err := parseCaller(arn)
	switch {
	case err != nil:
		return fmt.Errorf("invalid federatedBy: %v", err)
	case f.kind != IAMUser && f.kind != AccountRoot:
		return fmt.Errorf("invalid federatedBy %q: only an IAM user or the account root user calls GetFederationToken", arn)
	case f.account != c.account || f.partition != c.partition:
		return fmt.Errorf("invalid federatedBy %q: a federated user session belongs to the account of the user who federated (%s)", arn, c.account)
	}
	c.fedUser, c.fedRoot = f.name, f.kind == AccountRoot
	return nil
}

// webIdentityProviders are the provider names an AssumeRoleWithWebIdentity
// caller can present besides OIDC provider ARNs.
var webIdentityProviders = map[string]bool{
	"cognito-identity.amazonaws.com": true,
	"accounts.google.com":            true,
	"graph.facebook.com":             true,
	"www.amazon.com":                 true,
}

// parseCaller parses a request principal. Accepted forms: "anonymous", an
// account root ARN, an IAM user or role ARN, a role session ARN, a federated
// user ARN, a SAML or OIDC provider ARN or well-known web identity provider,
// and a service principal ("lambda.amazonaws.com").
func parseCaller(s string) (caller, error) {
	c := caller{raw: s}
	if s == "anonymous" {
		c.kind = Anonymous
		return c, nil
	}
	if !strings.HasPrefix(s, "arn:") {
		if webIdentityProviders[s] {
			c.kind = WebIdentity
			return c, nil
		}
		if isServiceName(s) {
			c.kind = ServicePrincipal
			return c, nil
		}
		return c, fmt.Errorf("invalid principal %q: want an IAM or STS ARN, a service principal such as lambda.amazonaws.com, or \"anonymous\"", s)
	}
	a, err := ParseARN(s)
	if err != nil {
		return c, fmt.Errorf("invalid principal: %v", err)
	}
	c.partition, c.account = a.Partition, a.Account
	if !isAccountID(a.Account) {
		return c, fmt.Errorf("invalid principal %q: account %q is not 12 digits", s, a.Account)
	}
	typ, rest, _ := strings.Cut(a.Resource, "/")
	switch {
	case a.Service == "iam" && a.Resource == "root":
		c.kind = AccountRoot
	case a.Service == "iam" && typ == "user" && rest != "":
		c.kind = IAMUser
		c.name = lastSegment(rest)
	case a.Service == "iam" && typ == "role" && rest != "":
		c.kind = IAMRole
		c.name = lastSegment(rest)
		c.roleARN = s
		c.serviceLinked = strings.HasPrefix(rest, "aws-service-role/")
	case a.Service == "iam" && (typ == "saml-provider" || typ == "oidc-provider") && rest != "":
		c.kind = WebIdentity
	case a.Service == "sts" && typ == "assumed-role":
		role, sess, ok := strings.Cut(rest, "/")
		if !ok || role == "" || sess == "" || strings.Contains(sess, "/") {
			return c, fmt.Errorf("invalid principal %q: want arn:%s:sts::%s:assumed-role/ROLE/SESSION", s, a.Partition, a.Account)
		}
		c.kind = RoleSession
		c.name, c.session = role, sess
		c.roleARN = "arn:" + a.Partition + ":iam::" + a.Account + ":role/" + role
		c.serviceLinked = strings.HasPrefix(role, "AWSServiceRoleFor")
	case a.Service == "sts" && typ == "federated-user" && rest != "":
		c.kind = FederatedUser
		c.name = rest
	default:
		return c, fmt.Errorf("invalid principal %q: not a user, role, role session, federated user or account root", s)
	}
	return c, nil
}

func lastSegment(path string) string {
	if i := strings.LastIndexByte(path, '/'); i >= 0 {
		return path[i+1:]
	}
	return path
}

func isAccountID(s string) bool {
	if len(s) != 12 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// isServiceName reports whether s looks like a service principal
// ("service-name.amazonaws.com", or another DNS-like name).
func isServiceName(s string) bool {
	if !strings.Contains(s, ".") || strings.HasPrefix(s, ".") || strings.HasSuffix(s, ".") {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '.' || c == '-' || 'A' <= c && c <= 'Z') {
			return false
		}
	}
	return true
}

// principalARN returns the value of aws:PrincipalArn: the role's ARN for a
// role session, the caller's ARN otherwise.
func (c *caller) principalARN() (string, bool) {
	switch c.kind {
	case IAMUser, IAMRole, FederatedUser:
		return c.raw, true
	case RoleSession:
		return c.roleARN, true
	case AccountRoot:
		return c.raw, true
	}
	return "", false
}

// isIAM reports whether the caller is an IAM identity of an account (whose
// identity-based policies and SCPs apply).
func (c *caller) isIAM() bool {
	switch c.kind {
	case AccountRoot, IAMUser, IAMRole, RoleSession, FederatedUser:
		return true
	}
	return false
}

// A principalMatch says how a Principal element named the caller.
type principalMatch uint8

const (
	noMatch        principalMatch = iota
	matchAccount                  // the caller's account ("123456789012" or arn:aws:iam::123456789012:root)
	matchRole                     // the role ARN of the caller's role session
	matchFederator                // the IAM user who created the caller's federated user session
	matchExact                    // the caller itself: user, role session, federated user, service, provider, canonical user
	matchAll                      // "*"
)

var principalMatchNames = [...]string{"", "account", "role", "federating-user", "exact", "wildcard"}

func (m principalMatch) String() string { return principalMatchNames[m] }

// A principalSpec is a compiled Principal or NotPrincipal element.
type principalSpec struct {
	not     bool
	star    bool
	entries []principalEntry
}

type principalEntry struct {
	kind  iam.PrincipalKind
	form  byte   // '*' everyone, 'a' account, 'u' user, 'r' role, 's' role session, 'f' federated user, 'x' exact string, '-' matches nothing
	value string // the value as written; for 'a' the account ID
	part  string // partition, for ARN forms
	acct  string
	name  string // user/role name (last path segment), or "role/session" for 's'
}

func compilePrincipal(p *iam.Principal) *principalSpec {
	if p == nil {
		return nil
	}
	ps := &principalSpec{not: p.Not, star: p.Star}
	for _, e := range p.Entries {
		for _, v := range e.Values {
			pe := principalEntry{kind: e.Kind, value: v.Value}
			switch e.Kind {
			case iam.AWSPrincipal:
				pe.form = '-'
				s := v.Value
				switch {
				case s == "*":
					pe.form = '*'
					ps.star = true
				case isAccountID(s):
					pe.form, pe.acct = 'a', s
				case strings.HasPrefix(s, "arn:"):
					a, err := ParseARN(s)
					if err != nil {
						break
					}
					pe.part, pe.acct = a.Partition, a.Account
					typ, rest, _ := strings.Cut(a.Resource, "/")
					switch {
					case a.Service == "iam" && a.Resource == "root":
						pe.form = 'a'
					case a.Service == "iam" && typ == "user" && rest != "":
						pe.form, pe.name = 'u', lastSegment(rest)
					case a.Service == "iam" && typ == "role" && rest != "":
						pe.form, pe.name = 'r', lastSegment(rest)
					case a.Service == "sts" && typ == "assumed-role" && rest != "":
						pe.form, pe.name = 's', rest
					case a.Service == "sts" && typ == "federated-user" && rest != "":
						pe.form, pe.name = 'f', rest
					}
				}
				// Anything else (unique IDs such as AROA..., partial
				// wildcards) matches no caller: "You cannot use a wildcard
				// to match part of a principal name or ARN".
			case iam.ServicePrincipal, iam.FederatedPrincipal, iam.CanonicalUserPrincipal:
				pe.form = 'x'
				if v.Value == "*" && e.Kind != iam.CanonicalUserPrincipal {
					pe.form = '*'
				}
			default:
				pe.form = '-'
			}
			ps.entries = append(ps.entries, pe)
		}
	}
	return ps
}

// match returns the strongest way the element's entries name the caller
// (ignoring Not).
func (ps *principalSpec) match(c *caller) principalMatch {
	if ps.star {
		return matchAll
	}
	best := noMatch
	for i := range ps.entries {
		if m := ps.entries[i].match(c); m > best {
			best = m
		}
	}
	return best
}

func (e *principalEntry) match(c *caller) principalMatch {
	switch e.form {
	case '*':
		switch e.kind {
		case iam.AWSPrincipal:
			return matchAll
		case iam.ServicePrincipal:
			if c.kind == ServicePrincipal {
				return matchAll
			}
		case iam.FederatedPrincipal:
			if c.kind == WebIdentity {
				return matchAll
			}
		}
		return noMatch
	case 'x':
		switch {
		case e.kind == iam.ServicePrincipal && c.kind == ServicePrincipal && strings.EqualFold(e.value, c.raw):
			return matchExact
		case e.kind == iam.FederatedPrincipal && c.kind == WebIdentity && e.value == c.raw:
			return matchExact
		case e.kind == iam.CanonicalUserPrincipal && c.canonical != "" && e.value == c.canonical:
			return matchExact
		}
		return noMatch
	}
	if !c.isIAM() || e.acct != c.account || (e.part != "" && e.part != c.partition) {
		return noMatch
	}
	switch e.form {
	case 'a':
		return matchAccount
	case 'u':
		if c.kind == IAMUser && e.name == c.name {
			return matchExact
		}
		if c.kind == FederatedUser && c.fedUser != "" && e.name == c.fedUser {
			return matchFederator
		}
	case 'r':
		if (c.kind == RoleSession || c.kind == IAMRole) && e.name == c.name {
			return matchRole
		}
	case 's':
		if c.kind == RoleSession && e.name == c.name+"/"+c.session {
			return matchExact
		}
	case 'f':
		if c.kind == FederatedUser && e.name == c.name {
			return matchExact
		}
	}
	return noMatch
}

// excludes reports whether a NotPrincipal element exempts the caller: every
// identity the request is made as must be listed: the caller itself, its role
// (for a role session) and its account
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html).
func (ps *principalSpec) excludes(c *caller) bool {
	if ps.star {
		return true
	}
	var acct, role, self bool
	for i := range ps.entries {
		switch ps.entries[i].match(c) {
		case matchAll:
			return true
		case matchAccount:
			acct = true
		case matchRole:
			role = true
		case matchExact:
			self = true
		}
	}
	switch c.kind {
	case AccountRoot:
		return acct
	case IAMUser, FederatedUser:
		return self && acct
	case IAMRole:
		return role && acct
	case RoleSession:
		return self && role && acct
	}
	return self
}
