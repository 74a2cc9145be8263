package iamrules

import (
	"github.com/leastpriv/leastpriv/diag"
	"github.com/leastpriv/leastpriv/iam"
	"github.com/leastpriv/leastpriv/lint"
)

// AssumableByAnyPrincipal reports trust policies that let anyone assume the
// role.
var AssumableByAnyPrincipal = &lint.Rule{
	Code:     "ASSUMABLE_BY_ANY_PRINCIPAL",
	Severity: diag.SecurityWarning,
	Title:    "role can be assumed by any principal",
	Doc: `A trust policy that allows "Principal": "*" (or {"AWS": "*"}) without a
condition limiting who may call lets any AWS principal of any account assume the
role and use its permissions. Name the trusted accounts, roles or services, or
limit the statement with aws:PrincipalOrgID, aws:PrincipalAccount or
aws:PrincipalArn. Cloudsplaining reports this as AssumableByAnyPrincipal.`,
	Hint:        "name the trusted principals, or add an aws:PrincipalOrgID / aws:PrincipalArn condition",
	Source:      srcCS,
	URLs:        []string{principalDoc, cloudsplaining},
	Bad:         `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole"}]}`,
	Good:        `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole", "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}}]}`,
	ExampleType: iam.Trust,
	Types:       []iam.Type{iam.Trust},
	Run: func(p *lint.Pass) {
		for _, st := range p.Policy.Statements {
			if allows(st) && anyPrincipal(st) && !hasCondition(st, restrictingKeys...) {
				extra := ""
				if st.Condition != nil {
					extra = " (its conditions do not limit who the caller is)"
				}
				p.Reportf(st.Principal.Key, st.Principal.Path, "any AWS principal of any account can assume this role%s", extra)
			}
		}
	},
}

// PublicAccess reports resource policies that grant access to everyone.
var PublicAccess = &lint.Rule{
	Code:     "PUBLIC_ACCESS",
	Severity: diag.SecurityWarning,
	Title:    "resource policy grants access to everyone",
	Doc: `An Allow statement with "Principal": "*" and no condition that limits the
caller (aws:PrincipalOrgID, aws:SourceArn, aws:SourceVpce, ...) grants its
actions to every AWS principal and, for services that accept unsigned requests
(S3), to anonymous users. Unless the resource is meant to be public, name the
principals or add a limiting condition.`,
	Hint:        "name the principals, or add an aws:PrincipalOrgID, aws:SourceArn or aws:SourceVpce condition",
	Source:      srcOwn,
	URLs:        []string{principalDoc, "https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-concepts.html"},
	Bad:         `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]}`,
	Good:        `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*", "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}}]}`,
	ExampleType: iam.Resource,
	Types:       []iam.Type{iam.Resource},
	Run: func(p *lint.Pass) {
		for _, st := range p.Policy.Statements {
			if allows(st) && anyPrincipal(st) && !hasCondition(st, restrictingKeys...) {
				p.Reportf(st.Principal.Key, st.Principal.Path, "this statement grants its actions to every principal, possibly anonymous ones")
			}
		}
	},
}
