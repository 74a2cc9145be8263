package iamrules

import (
	"github.com/leastpriv/leastpriv/diag"
	"github.com/leastpriv/leastpriv/iam"
	"github.com/leastpriv/leastpriv/lint"
)

// UnsupportedWildcardInPrincipal reports partial wildcards in principals.
var UnsupportedWildcardInPrincipal = &lint.Rule{
	Code:     "UNSUPPORTED_WILDCARD_IN_PRINCIPAL",
	Severity: diag.Error,
	Title:    "wildcard in part of a principal",
	Doc: `A principal is "*" (everyone) or a specific account, user, role, session,
service or identity provider. Wildcards cannot match part of a name or ARN:
"arn:aws:iam::111122223333:role/app-*" matches no principal. To allow a set of
principals, use "*" with an aws:PrincipalArn condition (ArnLike).`,
	Hint:        `use "Principal": "*" with an ArnLike aws:PrincipalArn condition`,
	Source:      srcAA,
	URLs:        []string{aaChecks, principalDoc},
	Bad:         `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:role/app-*"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]}`,
	Good:        `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*", "Condition": {"ArnLike": {"aws:PrincipalArn": "arn:aws:iam::111122223333:role/app-*"}}}]}`,
	ExampleType: iam.Resource,
	Run: func(p *lint.Pass) {
		for _, st := range p.Policy.Statements {
			principalValues(st, func(e *iam.PrincipalEntry, v *iam.String) {
				if v.Value != "*" && hasWildcard(v.Value) && !p.Placeholder(v.Range) {
					p.Reportf(v.Range, v.Path, "%s principal %q: wildcards cannot match part of a principal", e.Kind, v.Value)
				}
			})
		}
	},
}
