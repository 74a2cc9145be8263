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
