package iamrules

import (
	"github.com/leastpriv/leastpriv/diag"
	"github.com/leastpriv/leastpriv/iam"
	"github.com/leastpriv/leastpriv/lint"
)

// RoleTrustPolicyUnsupportedWildcardInPrincipal reports "Principal": "*" in
// role trust policies.
var RoleTrustPolicyUnsupportedWildcardInPrincipal = &lint.Rule{
	Code:     "ROLE_TRUST_POLICY_UNSUPPORTED_WILDCARD_IN_PRINCIPAL",
	Severity: diag.Error,
	Title:    `"Principal": "*" in a role trust policy`,
	Doc: `Role trust policies do not support the bare wildcard "Principal": "*", which
in other resource-based policies means every principal, anonymous ones
included. Name the accounts, roles, services or identity providers that may
assume the role. To let any principal of your organization assume it, write
{"AWS": "*"} with a condition on aws:PrincipalOrgID (ASSUMABLE_BY_ANY_PRINCIPAL
reports {"AWS": "*"} without such a condition).`,
	Hint:        `name the trusted principals, or write {"AWS": "*"} with an aws:PrincipalOrgID condition`,
	Source:      srcAA,
	URLs:        []string{aaChecks + "#access-analyzer-reference-policy-checks-error-role-trust-policy-unsupported-wildcard-in-principal", principalDoc},
	Bad:         `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "sts:AssumeRole", "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}}]}`,
	Good:        `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole", "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}}]}`,
	ExampleType: iam.Trust,
	Types:       []iam.Type{iam.Trust},
	Run: func(p *lint.Pass) {
		for _, st := range p.Policy.Statements {
			if st.Principal != nil && st.Principal.Star {
				p.Reportf(st.Principal.Range, st.Principal.Path, `role trust policies do not support "Principal": "*"`)
			}
		}
	},
}
