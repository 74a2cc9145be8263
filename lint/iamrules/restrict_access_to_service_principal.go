package iamrules

import (
	"github.com/leastpriv/leastpriv/diag"
	"github.com/leastpriv/leastpriv/iam"
	"github.com/leastpriv/leastpriv/lint"
)

// sourceKeys limit what a service principal may do on your behalf to the
// requests it makes for your resources, accounts or organization
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html).
var sourceKeys = []string{"aws:SourceArn", "aws:SourceAccount", "aws:SourceOrgID", "aws:SourceOrgPaths"}

// RestrictAccessToServicePrincipal reports resource policies that grant to
// a service principal without saying for which source.
var RestrictAccessToServicePrincipal = &lint.Rule{
	Code:     "RESTRICT_ACCESS_TO_SERVICE_PRINCIPAL",
	Severity: diag.SecurityWarning,
	Title:    "service principal granted access without a source condition",
	Doc: `A resource policy that allows a service principal ("Principal": {"Service":
"cloudtrail.amazonaws.com"}) without a condition on the source lets that service
act on the resource for any of its customers: another account's trail, topic
or distribution can be pointed at your bucket or queue (the confused deputy
problem). Limit the grant with aws:SourceArn (the resource the service acts
for), aws:SourceAccount, aws:SourceOrgID or aws:SourceOrgPaths. Role trust
policies are not checked: services assume roles in your account only when
you configure them to.`,
	Hint:        "add a condition on aws:SourceArn, aws:SourceAccount, aws:SourceOrgID or aws:SourceOrgPaths",
	Source:      srcAA,
	URLs:        []string{aaChecks + "#access-analyzer-reference-policy-checks-security-warning-restrict-access-to-service-principal", "https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html"},
	Bad:         `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "cloudtrail.amazonaws.com"}, "Action": "s3:PutObject", "Resource": "arn:aws:s3:::logs/AWSLogs/111122223333/*"}]}`,
	Good:        `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "cloudtrail.amazonaws.com"}, "Action": "s3:PutObject", "Resource": "arn:aws:s3:::logs/AWSLogs/111122223333/*", "Condition": {"StringEquals": {"aws:SourceArn": "arn:aws:cloudtrail:us-east-1:111122223333:trail/main"}}}]}`,
	ExampleType: iam.Resource,
	Types:       []iam.Type{iam.Resource},
	Run: func(p *lint.Pass) {
		for _, st := range p.Policy.Statements {
			if !allows(st) || st.Principal == nil || st.Principal.Not || hasCondition(st, sourceKeys...) {
				continue
			}
			for _, e := range st.Principal.Entries {
				if e.Kind == iam.ServicePrincipal {
					p.Reportf(e.Key, e.Path, "service principal granted access without a condition on aws:SourceArn, aws:SourceAccount, aws:SourceOrgID or aws:SourceOrgPaths")
				}
			}
		}
	},
}
