package iamrules

import (
	"github.com/leastpriv/leastpriv/diag"
	"github.com/leastpriv/leastpriv/iam"
	"github.com/leastpriv/leastpriv/lint"
)

// FederatedPrincipalNotSupported reports Federated principals outside role
// trust policies.
var FederatedPrincipalNotSupported = &lint.Rule{
	Code:     "FEDERATED_PRINCIPAL_NOT_SUPPORTED",
	Severity: diag.Error,
	Title:    "identity provider (Federated principal) in a policy that is not a role trust policy",
	Doc: `A SAML or OpenID Connect identity provider ("Principal": {"Federated": ...})
can only be trusted by an IAM role, to let its users assume the role with
sts:AssumeRoleWithSAML or sts:AssumeRoleWithWebIdentity. Other resource-based
policies (S3 bucket policies, KMS key policies, SQS queue policies) do not
support federated principals: grant to the role the users assume instead.`,
	Hint:        "name the IAM role the federated users assume",
	Source:      srcAA,
	URLs:        []string{aaChecks + "#access-analyzer-reference-policy-checks-error-federated-principal-not-supported", principalDoc},
	Bad:         `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Federated": "arn:aws:iam::111122223333:saml-provider/corp"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]}`,
	Good:        `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:role/corp-users"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]}`,
	ExampleType: iam.Resource,
	Types:       []iam.Type{iam.Resource},
	Run: func(p *lint.Pass) {
		for _, st := range p.Policy.Statements {
			if st.Principal == nil {
				continue
			}
			for _, e := range st.Principal.Entries {
				if e.Kind == iam.FederatedPrincipal {
					p.Reportf(e.Key, e.Path, "a resource policy cannot name a Federated principal; only role trust policies trust identity providers")
				}
			}
		}
	},
}
