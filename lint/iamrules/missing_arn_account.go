package iamrules

import (
	"github.com/leastpriv/leastpriv/diag"
	"github.com/leastpriv/leastpriv/lint"
)

// MissingARNAccount reports ARNs without an account for resource types whose
// ARNs have one.
var MissingARNAccount = &lint.Rule{
	Code:     "MISSING_ARN_ACCOUNT",
	Severity: diag.Error,
	Title:    "resource ARN lacks the account its resource type requires",
	Doc: `Most resource types have the owning account's ID in their ARN
("arn:aws:lambda:us-east-1:111122223333:function:app"). An ARN whose account
field is empty matches no such resource: the statement grants or denies
nothing on it. Write the 12-digit account ID, or "*" for any account.

Resources that AWS itself owns and publishes to every account have ARNs
without an account, although the Service Authorization Reference gives their
type one: Systems Manager documents, runbooks and public parameters
("arn:aws:ssm:*::document/AWS-RunShellScript",
"arn:aws:ssm:*::parameter/aws/service/*") and Resource Explorer's service
views. ARNs that can name such a resource are not reported.`,
	Hint:   "add the 12-digit account ID, or * for any account",
	Source: srcAA,
	URLs:   []string{aaChecks + "#access-analyzer-reference-policy-checks-error-missing-arn-account", arnDoc},
	Bad:    policy(`{"Effect": "Allow", "Action": "dynamodb:GetItem", "Resource": "arn:aws:dynamodb:us-east-1::table/orders"}`),
	Good:   policy(`{"Effect": "Allow", "Action": "dynamodb:GetItem", "Resource": "arn:aws:dynamodb:us-east-1:111122223333:table/orders"}`),
	Run: func(p *lint.Pass) {
		arnValues(p, func(v *iamString, a arn) {
			if a.N < 6 || a.Account != "" || wild(a.Service) {
				return
			}
			fs := matchingFormats(p, a)
			if len(fs) == 0 {
				return
			}
			for _, f := range fs {
				if f.Account == "" || awsOwnedTypes[awsOwnedKey{f.Type.Service.Prefix, f.Type.Name}] != "" {
					return
				}
			}
			p.Reportf(v.Range, v.Path, "resource ARN %s has no account ID, but %s ARNs of this kind (%s) have one", v.Value, a.Service, fs[0].Type.Name)
		})
	},
}

// An awsOwnedKey names a resource type: service prefix and type name.
type awsOwnedKey struct{ service, name string }

// awsOwnedTypes are the resource types whose ARN format has an account but
// whose AWS-owned resources, shared with every account, have ARNs without
// one; the value is where AWS writes such ARNs.
var awsOwnedTypes = map[awsOwnedKey]string{
	{"ssm", "document"}:              "https://docs.aws.amazon.com/systems-manager/latest/userguide/documents.html (AWS managed policy AWSOpsWorksCMServiceRole: arn:aws:ssm:*::document/*)",
	{"ssm", "automation-definition"}: "https://docs.aws.amazon.com/systems-manager-automation-runbooks/latest/userguide/automation-runbook-reference.html (AWS managed policy AWSTransformServerMigrationAgentPolicy: arn:aws:ssm:*::automation-definition/AWS*)",
	{"ssm", "parameter"}:             "https://docs.aws.amazon.com/systems-manager/latest/userguide/parameter-store-public-parameters.html (AWS managed policy AWSServiceRoleForImageBuilder: arn:aws:ssm:*::parameter/aws/service/*)",
	{"resource-explorer-2", "view"}:  "https://docs.aws.amazon.com/resource-explorer/latest/userguide/welcome.html (AWS managed policy CloudWatchApplicationSignalsFullAccess: arn:aws:resource-explorer-2:*::view/AWSServiceViewForApplicationSignals/service-view)",
}
