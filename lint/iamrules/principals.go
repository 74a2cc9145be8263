package iamrules

import (
	"strings"

	"github.com/leastpriv/leastpriv/iam"
)

// principalValues calls f for every value of st's Principal or NotPrincipal.
func principalValues(st *iam.Statement, f func(e *iam.PrincipalEntry, v *iam.String)) {
	if st.Principal == nil {
		return
	}
	for _, e := range st.Principal.Entries {
		for i := range e.Values {
			f(e, &e.Values[i])
		}
	}
}

// anyPrincipal reports whether st's Principal is everyone: "*" or
// {"AWS": "*"}.
func anyPrincipal(st *iam.Statement) bool {
	if st.Principal == nil || st.Principal.Not {
		return false
	}
	if st.Principal.Star {
		return true
	}
	for _, e := range st.Principal.Entries {
		if e.Kind == iam.AWSPrincipal {
			for _, v := range e.Values {
				if v.Value == "*" {
					return true
				}
			}
		}
	}
	return false
}

// restrictingKeys are condition keys that limit who or what a statement with
// a "*" principal applies to.
var restrictingKeys = []string{
	"aws:PrincipalOrgID", "aws:PrincipalOrgPaths", "aws:PrincipalAccount", "aws:PrincipalArn",
	"aws:SourceAccount", "aws:SourceArn", "aws:SourceOwner", "aws:SourceOrgID", "aws:SourceOrgPaths",
	"aws:SourceVpc", "aws:SourceVpce", "aws:SourceIp", "aws:VpcSourceIp", "aws:userid", "aws:username",
	"aws:PrincipalServiceName", "aws:ResourceAccount", "aws:ResourceOrgID", "sts:ExternalId",
	"kms:CallerAccount", "kms:ViaService", "s3:DataAccessPointAccount", "aws:CalledVia",
}

var (
	accountRootRE = lazyRegexp(`^(\d{12}|arn:aws[a-z-]*:iam::\d{12}:root)$`)
	uniqueIDRE    = lazyRegexp(`^A[A-Z0-9]{3}[A-Z0-9]{16,}$`)
)

// oidcProvider returns the key prefix of a Federated principal that is an
// OpenID Connect provider ("token.actions.githubusercontent.com"), or "".
func oidcProvider(v string) string {
	if i := strings.Index(v, ":oidc-provider/"); i >= 0 {
		return v[i+len(":oidc-provider/"):]
	}
	switch strings.ToLower(v) {
	case "accounts.google.com", "graph.facebook.com", "www.amazon.com", "cognito-identity.amazonaws.com":
		return strings.ToLower(v)
	}
	return ""
}

// A federatedKind says which kind of identity provider a Federated principal
// names.
type federatedKind uint8

const (
	federatedInvalid federatedKind = iota // neither a provider ARN nor a domain name
	federatedSAML                         // arn:...:iam::ACCOUNT:saml-provider/NAME
	federatedOIDC                         // arn:...:iam::ACCOUNT:oidc-provider/HOST, or a domain name
)

// classifyFederated says what a Federated principal value names: a SAML
// provider ARN, an OpenID Connect provider (its ARN, or the domain name of a
// provider AWS trusts without one, such as "cognito-identity.amazonaws.com"),
// or neither.
func classifyFederated(v string) federatedKind {
	if strings.HasPrefix(v, "arn:") {
		a := splitARN(v)
		if a.N < 6 || !partitions[a.Partition] && !wild(a.Partition) || a.Service != "iam" || a.Region != "" ||
			!wild(a.Account) && !accountRE().MatchString(a.Account) {
			return federatedInvalid
		}
		switch {
		case len(a.Resource) > len("saml-provider/") && strings.HasPrefix(a.Resource, "saml-provider/"):
			return federatedSAML
		case len(a.Resource) > len("oidc-provider/") && strings.HasPrefix(a.Resource, "oidc-provider/"):
			return federatedOIDC
		}
		return federatedInvalid
	}
	if domainName(v) {
		return federatedOIDC
	}
	return federatedInvalid
}

// domainName reports whether s is a DNS name of at least two labels of
// letters, digits and hyphens ("accounts.google.com").
func domainName(s string) bool {
	if len(s) > 253 {
		return false
	}
	labels := 0
	for {
		label, rest, more := strings.Cut(s, ".")
		if label == "" || len(label) > 63 || label[0] == '-' || label[len(label)-1] == '-' {
			return false
		}
		for i := 0; i < len(label); i++ {
			c := label[i]
			if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-') {
				return false
			}
		}
		labels++
		if !more {
			return labels >= 2
		}
		s = rest
	}
}
