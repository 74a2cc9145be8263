package iamrules

import (
	"strings"

	"github.com/leastpriv/leastpriv/diag"
	"github.com/leastpriv/leastpriv/iam"
	"github.com/leastpriv/leastpriv/lint"
)

// InvalidRoleReference reports role unique IDs in Principal.
var InvalidRoleReference = &lint.Rule{
	Code:     "INVALID_ROLE_REFERENCE",
	Severity: diag.Warning,
	Title:    "Principal names a role by its unique ID",
	Doc: `IAM stores role principals as unique IDs ("AROA...") and shows the ID when the
role was deleted. A policy written with the ID breaks when the role is
recreated, and is unreadable. Name the role by its ARN.`,
	Hint:        "use the role's ARN",
	Source:      srcAA,
	URLs:        []string{aaChecks, principalDoc + "#principal-roles"},
	Bad:         `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "AROAEXAMPLEID12345678"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]}`,
	Good:        `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:role/app"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]}`,
	ExampleType: iam.Resource,
	Run:         uniqueIDRule("AROA", "role"),
}

// InvalidUserReference reports user unique IDs in Principal.
var InvalidUserReference = &lint.Rule{
	Code:     "INVALID_USER_REFERENCE",
	Severity: diag.Warning,
	Title:    "Principal names a user by its unique ID",
	Doc: `IAM stores user principals as unique IDs ("AIDA...") and shows the ID when the
user was deleted. A policy written with the ID breaks when the user is
recreated, and is unreadable. Name the user by its ARN.`,
	Hint:        "use the user's ARN",
	Source:      srcAA,
	URLs:        []string{aaChecks, principalDoc + "#principal-users"},
	Bad:         `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "AIDAEXAMPLEID12345678"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]}`,
	Good:        `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:user/alice"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]}`,
	ExampleType: iam.Resource,
	Run:         uniqueIDRule("AIDA", "user"),
}

func uniqueIDRule(prefix, what string) func(*lint.Pass) {
	return func(p *lint.Pass) {
		for _, st := range p.Policy.Statements {
			principalValues(st, func(e *iam.PrincipalEntry, v *iam.String) {
				if e.Kind == iam.AWSPrincipal && strings.HasPrefix(v.Value, prefix) && uniqueIDRE().MatchString(v.Value) {
					p.Reportf(v.Range, v.Path, "%s is the unique ID of an IAM %s; name the %s by its ARN", v.Value, what, what)
				}
			})
		}
	}
}
