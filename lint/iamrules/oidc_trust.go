package iamrules

import (
	"strings"

	"github.com/leastpriv/leastpriv/diag"
	"github.com/leastpriv/leastpriv/iam"
	"github.com/leastpriv/leastpriv/lint"
)

// oidcRule builds the check for one claim of an OpenID Connect trust.
func oidcRule(code, claim, title, doc, bad, good string) *lint.Rule {
	return &lint.Rule{
		Code: code, Severity: diag.SecurityWarning, Title: title, Doc: doc, Source: srcOwn,
		Hint:        sprintf("add a condition on PROVIDER:%s", claim),
		URLs:        []string{oidcDoc, "https://docs.github.com/en/actions/security-for-github-actions/security-hardening-your-deployments/configuring-openid-connect-in-amazon-web-services"},
		Bad:         bad,
		Good:        good,
		ExampleType: iam.Trust,
		Types:       []iam.Type{iam.Trust},
		Run: func(p *lint.Pass) {
			for _, st := range p.Policy.Statements {
				if !allows(st) || st.Principal == nil || !grantsAction(p, st, "sts:AssumeRoleWithWebIdentity") {
					continue
				}
				principalValues(st, func(e *iam.PrincipalEntry, v *iam.String) {
					prov := oidcProvider(v.Value)
					if e.Kind != iam.FederatedPrincipal || prov == "" {
						return
					}
					if claim == "sub" && prov == "cognito-identity.amazonaws.com" {
						return // Cognito identity pools are limited by aud and amr
					}
					key := prov + ":" + claim
					if hasCondition(st, key) {
						return
					}
					if claim == "sub" && strings.Contains(prov, "token.actions.githubusercontent.com") {
						p.Reportf(v.Range, v.Path, "no condition on %s: every GitHub Actions workflow of every repository can assume this role", key)
						return
					}
					p.Reportf(v.Range, v.Path, "no condition on %s: tokens the provider issues for other %s can assume this role", key, map[string]string{"aud": "clients (audiences)", "sub": "subjects (users, workloads)"}[claim])
				})
			}
		},
	}
}

// The OpenID Connect trust checks.
var (
	OIDCTrustMissingAudience = oidcRule("OIDC_TRUST_MISSING_AUDIENCE", "aud", "OIDC trust without an audience condition",
		`A role trusted by an OpenID Connect provider should accept only tokens issued
for its own client: test PROVIDER:aud (for GitHub Actions,
"token.actions.githubusercontent.com:aud" = "sts.amazonaws.com").`,
		`{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Federated": "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"}, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": {"StringLike": {"token.actions.githubusercontent.com:sub": "repo:octo/app:*"}}}]}`,
		`{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Federated": "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"}, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": {"StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"}, "StringLike": {"token.actions.githubusercontent.com:sub": "repo:octo/app:*"}}}]}`)
	OIDCTrustMissingSubject = oidcRule("OIDC_TRUST_MISSING_SUBJECT", "sub", "OIDC trust without a subject condition",
		`A role trusted by an OpenID Connect provider must say which subjects may assume
it: for GitHub Actions, without a condition on
"token.actions.githubusercontent.com:sub" every workflow of every repository on
GitHub can assume the role; for an EKS cluster, every service account. Test
PROVIDER:sub ("repo:ORG/REPO:ref:refs/heads/main").`,
		`{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Federated": "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"}, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": {"StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"}}}]}`,
		`{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Federated": "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"}, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": {"StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"}, "StringLike": {"token.actions.githubusercontent.com:sub": "repo:octo/app:*"}}}]}`)
)
