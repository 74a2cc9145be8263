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
			webIdentityTrusts(p, func(st *iam.Statement, v *iam.String, prov string) {
				if claim == "sub" && prov == "cognito-identity.amazonaws.com" {
					return // Cognito identity pools are limited by aud and amr
				}
				key := prov + ":" + claim
				if hasCondition(st, key) || !hasProviderCondition(st, prov) {
					return // MISSING_CONDITION_KEY_FOR_OIDC_PRINCIPAL reports a provider without conditions
				}
				if claim == "sub" && isGitHubProvider(prov) {
					return // MISSING_GITHUB_REPO_CONDITION_KEY, under Access Analyzer's code
				}
				p.Reportf(v.Range, v.Path, "no condition on %s: tokens the provider issues for other %s can assume this role", key, map[string]string{"aud": "clients (audiences)", "sub": "subjects (users, workloads)"}[claim])
			})
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
it: for an EKS cluster, without a condition on PROVIDER:sub every service
account of the cluster can assume the role. Test PROVIDER:sub
("system:serviceaccount:NAMESPACE:NAME"). GitHub Actions' provider is
reported as MISSING_GITHUB_REPO_CONDITION_KEY, Access Analyzer's code for that
case.`,
		`{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Federated": "arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/ABC"}, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": {"StringEquals": {"oidc.eks.us-east-1.amazonaws.com/id/ABC:aud": "sts.amazonaws.com"}}}]}`,
		`{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Federated": "arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/ABC"}, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": {"StringEquals": {"oidc.eks.us-east-1.amazonaws.com/id/ABC:aud": "sts.amazonaws.com", "oidc.eks.us-east-1.amazonaws.com/id/ABC:sub": "system:serviceaccount:app:runner"}}}]}`)
)

// webIdentityTrusts calls fn for every OpenID Connect provider that an Allow
// statement of p's policy trusts with sts:AssumeRoleWithWebIdentity: v is the
// Federated principal value, prov the provider's host name and path.
func webIdentityTrusts(p *lint.Pass, fn func(st *iam.Statement, v *iam.String, prov string)) {
	for _, st := range p.Policy.Statements {
		if !allows(st) || st.Principal == nil || !grantsAction(p, st, "sts:AssumeRoleWithWebIdentity") {
			continue
		}
		principalValues(st, func(e *iam.PrincipalEntry, v *iam.String) {
			if prov := oidcProvider(v.Value); e.Kind == iam.FederatedPrincipal && prov != "" {
				fn(st, v, prov)
			}
		})
	}
}

// isGitHubProvider reports whether prov is GitHub Actions' OpenID Connect
// provider (token.actions.githubusercontent.com, or a GitHub Enterprise
// tenant's token.actions.githubusercontent.com/ENTERPRISE).
func isGitHubProvider(prov string) bool {
	return strings.HasPrefix(strings.ToLower(prov), "token.actions.githubusercontent.com")
}

// MissingGitHubRepoConditionKey reports GitHub Actions' provider trusted
// without a condition on the workflow's subject (its repository).
var MissingGitHubRepoConditionKey = &lint.Rule{
	Code:     "MISSING_GITHUB_REPO_CONDITION_KEY",
	Severity: diag.SecurityWarning,
	Title:    "role trusted by GitHub Actions without a condition on the repository",
	Doc: `A role trusted by GitHub Actions' OpenID Connect provider
(token.actions.githubusercontent.com) with sts:AssumeRoleWithWebIdentity and no
condition on token.actions.githubusercontent.com:sub can be assumed by every
workflow of every repository on GitHub: the audience claim (aud) is the same
for all of them. Test the subject: "repo:ORG/REPO:ref:refs/heads/main" (or
"repo:ORG/REPO:*" for every branch). A provider trusted without any condition
is reported as MISSING_CONDITION_KEY_FOR_OIDC_PRINCIPAL instead; other
providers without a subject condition as OIDC_TRUST_MISSING_SUBJECT.`,
	Hint:        "add a condition on token.actions.githubusercontent.com:sub naming the repository",
	Source:      srcAA,
	URLs:        []string{aaChecks + "#access-analyzer-reference-policy-checks-security-warning-missing-github-repo-condition-key", "https://docs.github.com/en/actions/security-for-github-actions/security-hardening-your-deployments/configuring-openid-connect-in-amazon-web-services"},
	Bad:         `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Federated": "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"}, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": {"StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"}}}]}`,
	Good:        `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Federated": "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"}, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": {"StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"}, "StringLike": {"token.actions.githubusercontent.com:sub": "repo:octo/app:*"}}}]}`,
	ExampleType: iam.Trust,
	Types:       []iam.Type{iam.Trust},
	Run: func(p *lint.Pass) {
		webIdentityTrusts(p, func(st *iam.Statement, v *iam.String, prov string) {
			key := prov + ":sub"
			if !isGitHubProvider(prov) || hasCondition(st, key) || !hasProviderCondition(st, prov) {
				return // MISSING_CONDITION_KEY_FOR_OIDC_PRINCIPAL reports a provider without conditions
			}
			p.Reportf(v.Range, v.Path, "no condition on %s: every GitHub Actions workflow of every repository can assume this role", key)
		})
	},
}

// hasProviderCondition reports whether st tests a claim of the OpenID
// Connect provider prov ("prov:aud", "prov:sub", ...).
func hasProviderCondition(st *iam.Statement, prov string) bool {
	found := false
	conditionEntries(st, func(_ *iam.ConditionBlock, e *iam.ConditionEntry) {
		k := e.Key.Value
		if len(k) > len(prov) && k[len(prov)] == ':' && strings.EqualFold(k[:len(prov)], prov) {
			found = true
		}
	})
	return found
}

// MissingConditionKeyForOIDCPrincipal reports OpenID Connect providers
// trusted without any condition on their claims.
var MissingConditionKeyForOIDCPrincipal = &lint.Rule{
	Code:     "MISSING_CONDITION_KEY_FOR_OIDC_PRINCIPAL",
	Severity: diag.SecurityWarning,
	Title:    "identity provider (OpenID Connect) trusted without a condition on its claims",
	Doc: `A role that trusts an OpenID Connect provider ("Federated":
"arn:aws:iam::ACCOUNT:oidc-provider/HOST") with sts:AssumeRoleWithWebIdentity
and no condition on the provider's claims (HOST:aud, HOST:sub, ...) can be
assumed with any token the provider issues: for GitHub Actions, by every
workflow of every repository on GitHub; for an EKS cluster, by every service
account. Test at least the audience (HOST:aud) and the subject (HOST:sub).
When some claims are tested, OIDC_TRUST_MISSING_AUDIENCE and
OIDC_TRUST_MISSING_SUBJECT say which are missing.`,
	Hint:        "add conditions on PROVIDER:aud and PROVIDER:sub",
	Source:      srcAA,
	URLs:        []string{aaChecks + "#access-analyzer-reference-policy-checks-security-warning-missing-condition-key-for-oidc-principal", oidcDoc},
	Bad:         `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Federated": "arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/ABC"}, "Action": "sts:AssumeRoleWithWebIdentity"}]}`,
	Good:        `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Federated": "arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/ABC"}, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": {"StringEquals": {"oidc.eks.us-east-1.amazonaws.com/id/ABC:aud": "sts.amazonaws.com", "oidc.eks.us-east-1.amazonaws.com/id/ABC:sub": "system:serviceaccount:app:runner"}}}]}`,
	ExampleType: iam.Trust,
	Types:       []iam.Type{iam.Trust},
	Run: func(p *lint.Pass) {
		webIdentityTrusts(p, func(st *iam.Statement, v *iam.String, prov string) {
			if !hasProviderCondition(st, prov) {
				p.Reportf(v.Range, v.Path, "no condition on a claim of %s: every token the provider issues can assume this role", prov)
			}
		})
	},
}
