package iamrules

import (
	"strings"

	"github.com/leastpriv/leastpriv/diag"
	"github.com/leastpriv/leastpriv/iam"
	"github.com/leastpriv/leastpriv/lint"
)

// InvalidFederatedPrincipalSyntax reports Federated principals of a trust
// policy that name no identity provider.
var InvalidFederatedPrincipalSyntax = &lint.Rule{
	Code:     "INVALID_FEDERATED_PRINCIPAL_SYNTAX_IN_ROLE_TRUST_POLICY",
	Severity: diag.Error,
	Title:    "identity provider principal that is neither a provider ARN nor a domain name",
	Doc: `A Federated principal names the identity provider whose users may assume the
role: the ARN of an IAM SAML provider ("arn:aws:iam::ACCOUNT:saml-provider/NAME")
or OpenID Connect provider ("arn:aws:iam::ACCOUNT:oidc-provider/HOST"), or the
domain name of a web identity provider AWS trusts directly
("cognito-identity.amazonaws.com", "accounts.google.com"). A role ARN, an
account ID, a URL with its scheme ("https://token.actions.githubusercontent.com")
or a bare provider name matches no provider.`,
	Hint:        "write the provider's IAM ARN (saml-provider/ or oidc-provider/) or its domain name",
	Source:      srcAA,
	URLs:        []string{aaChecks + "#access-analyzer-reference-policy-checks-error-invalid-federated-principal-syntax-in-role-trust-policy", principalDoc, oidcDoc},
	Bad:         `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Federated": "https://token.actions.githubusercontent.com"}, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": {"StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com", "token.actions.githubusercontent.com:sub": "repo:octo/app:ref:refs/heads/main"}}}]}`,
	Good:        `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Federated": "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"}, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": {"StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com", "token.actions.githubusercontent.com:sub": "repo:octo/app:ref:refs/heads/main"}}}]}`,
	ExampleType: iam.Trust,
	Types:       []iam.Type{iam.Trust},
	Run: func(p *lint.Pass) {
		for _, st := range p.Policy.Statements {
			principalValues(st, func(e *iam.PrincipalEntry, v *iam.String) {
				if e.Kind != iam.FederatedPrincipal || hasWildcard(v.Value) || strings.Contains(v.Value, "${") || p.Placeholder(v.Range) {
					return
				}
				if classifyFederated(v.Value) == federatedInvalid {
					p.Reportf(v.Range, v.Path, "Federated principal %q is neither an identity provider ARN (saml-provider/ or oidc-provider/) nor a domain name", v.Value)
				}
			})
		}
	},
}
