package iamrules

import (
	"github.com/leastpriv/leastpriv/catalog"
	"github.com/leastpriv/leastpriv/diag"
	"github.com/leastpriv/leastpriv/iam"
	"github.com/leastpriv/leastpriv/lint"
)

// RCPAllowStatement reports Allow statements in resource control policies.
var RCPAllowStatement = &lint.Rule{
	Code:     "RCP_SYNTAX_ERROR_ALLOW",
	Aliases:  []string{"RCP_ALLOW_STATEMENT"},
	Severity: diag.Error,
	Title:    "Allow statement in a resource control policy",
	Doc: `Resource control policies only restrict: they never grant, and AWS accepts
"Effect": "Allow" only in the RCPFullAWSAccess policy it attaches itself
(Principal "*", Action "*", Resource "*", no Condition). Write custom RCPs
with Deny statements. Access Analyzer's check of the same code checks the
principal, resource and condition; leastpriv also requires "Action": "*", as
the Organizations documentation does.`,
	Hint:        "write the statement as a Deny",
	Source:      srcAA,
	URLs:        []string{rcpDoc, "https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps_syntax.html"},
	Bad:         `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "*"}]}`,
	Good:        `{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*", "Condition": {"Bool": {"aws:SecureTransport": "false"}}}]}`,
	ExampleType: iam.RCP,
	Types:       []iam.Type{iam.RCP},
	Run: func(p *lint.Pass) {
		for _, st := range p.Policy.Statements {
			if !allows(st) {
				continue
			}
			full := st.Action != nil && !st.Action.Not && len(st.Action.Values) == 1 && st.Action.Values[0].Value == "*" && unconstrained(st) && st.Condition == nil
			if !full {
				p.Reportf(st.EffectRange, st.Path+"/Effect", "resource control policies accept Allow only as RCPFullAWSAccess (every action on every resource)")
			}
		}
	},
}

// RCPUnsupportedService reports RCP statements about services RCPs do not
// apply to.
var RCPUnsupportedService = &lint.Rule{
	Code:     "RCP_SYNTAX_ERROR_ACTION",
	Aliases:  []string{"RCP_UNSUPPORTED_SERVICE"},
	Severity: diag.Error,
	Title:    "resource control policy names a service RCPs do not apply to",
	Doc: `Resource control policies apply only to the resources of some services (S3,
STS, KMS, SQS, Secrets Manager and a few more; the catalog records which).
Statements about other services' actions have no effect.`,
	Hint:        "remove the actions of services that do not support RCPs",
	Source:      srcAA,
	URLs:        []string{rcpDoc},
	Bad:         `{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Principal": "*", "Action": "ec2:TerminateInstances", "Resource": "*"}]}`,
	Good:        `{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Principal": "*", "Action": "s3:DeleteBucket", "Resource": "*"}]}`,
	ExampleType: iam.RCP,
	Types:       []iam.Type{iam.RCP},
	ActionNames: true,
	Run: func(p *lint.Pass) {
		for _, st := range p.Policy.Statements {
			if st.Action == nil || st.Action.Not {
				continue
			}
			for _, r := range p.Actions(st) {
				if r.Value.Value == "*" || r.Empty() {
					continue
				}
				var bad *catalog.Service
				for _, a := range r.Matched(p.Catalog) {
					if a.Service.RCPSupported {
						bad = nil
						break
					}
					bad = a.Service
				}
				if bad != nil {
					p.Reportf(r.Value.Range, r.Value.Path, "%s: service %s does not support resource control policies", r.Value.Value, bad.Prefix)
				}
			}
		}
	},
}

// RCPNotAction reports NotAction in resource control policies.
var RCPNotAction = &lint.Rule{
	Code:     "RCP_SYNTAX_ERROR_NOTACTION",
	Severity: diag.Error,
	Title:    "NotAction in a resource control policy",
	Doc: `Resource control policies support only the Action element: AWS Organizations
rejects an RCP statement with NotAction. List the actions to deny, or deny
"*" (every action of the services RCPs apply to) and make the exceptions with
conditions.`,
	Hint:        "list the actions in an Action element",
	Source:      srcAA,
	URLs:        []string{aaChecks + "#access-analyzer-reference-policy-checks-error-rcp-syntax-error-notaction", "https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps_syntax.html"},
	Bad:         `{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Principal": "*", "NotAction": "s3:GetObject", "Resource": "*", "Condition": {"Bool": {"aws:SecureTransport": "false"}}}]}`,
	Good:        `{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*", "Condition": {"Bool": {"aws:SecureTransport": "false"}}}]}`,
	ExampleType: iam.RCP,
	Types:       []iam.Type{iam.RCP},
	Run: func(p *lint.Pass) {
		for _, st := range p.Policy.Statements {
			if st.Action != nil && st.Action.Not {
				p.Reportf(st.Action.Key, st.Action.Path, "resource control policies do not support NotAction")
			}
		}
	},
}
