package iamrules

import (
	"github.com/leastpriv/leastpriv/diag"
	"github.com/leastpriv/leastpriv/iam"
	"github.com/leastpriv/leastpriv/lint"
)

// CrossAccountTrustWithoutExternalID reports roles that trust a whole other
// account without sts:ExternalId.
var CrossAccountTrustWithoutExternalID = &lint.Rule{
	Code:     "CROSS_ACCOUNT_TRUST_WITHOUT_EXTERNAL_ID",
	Severity: diag.Warning,
	Title:    "role trusts an account without requiring sts:ExternalId",
	Doc: `A role that a third party (a SaaS vendor) assumes from its own account must
require the external ID the vendor gave the customer: otherwise any other
customer of the same vendor can make the vendor assume this role for them (the
confused deputy problem). The check applies to statements that trust a whole
account ("123456789012" or "arn:aws:iam::123456789012:root") for sts:AssumeRole
without an sts:ExternalId or aws:PrincipalOrgID condition; if the account is one
of your own, the finding can be ignored with that reason.`,
	Hint:        `add "Condition": {"StringEquals": {"sts:ExternalId": "..."}}`,
	Source:      srcOwn,
	URLs:        []string{trustDoc, cloudsplaining},
	Bad:         `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::444455556666:root"}, "Action": "sts:AssumeRole"}]}`,
	Good:        `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::444455556666:root"}, "Action": "sts:AssumeRole", "Condition": {"StringEquals": {"sts:ExternalId": "c0ffee-4a1b"}}}]}`,
	ExampleType: iam.Trust,
	Types:       []iam.Type{iam.Trust},
	Run: func(p *lint.Pass) {
		for _, st := range p.Policy.Statements {
			if !allows(st) || st.Principal == nil || st.Principal.Not || hasCondition(st, "sts:ExternalId", "aws:PrincipalOrgID", "aws:PrincipalOrgPaths") {
				continue
			}
			if !grantsAction(p, st, "sts:AssumeRole") {
				continue
			}
			principalValues(st, func(e *iam.PrincipalEntry, v *iam.String) {
				if e.Kind == iam.AWSPrincipal && accountRootRE().MatchString(v.Value) {
					p.Reportf(v.Range, v.Path, "account %s is trusted as a whole, without an external ID: any of its principals that its own policies allow can assume this role", v.Value)
				}
			})
		}
	},
}
