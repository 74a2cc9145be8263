package iamrules

import (
	"github.com/leastpriv/leastpriv/diag"
	"github.com/leastpriv/leastpriv/lint"
)

// ARNRegionNotAllowed reports a Region in the ARN of a global resource type.
var ARNRegionNotAllowed = &lint.Rule{
	Code:     "ARN_REGION_NOT_ALLOWED",
	Severity: diag.Error,
	Title:    "resource ARN has a Region its resource type does not have",
	Doc: `Global resources (IAM roles and users, S3 buckets, Route 53 zones) have an empty
Region field: "arn:aws:iam::111122223333:role/app". An ARN that names a Region
matches no such resource.`,
	Hint:   "leave the Region field empty",
	Source: srcAA,
	URLs:   []string{aaChecks, arnDoc},
	Bad:    policy(`{"Effect": "Allow", "Action": "iam:GetRole", "Resource": "arn:aws:iam:us-east-1:111122223333:role/app"}`),
	Good:   policy(`{"Effect": "Allow", "Action": "iam:GetRole", "Resource": "arn:aws:iam::111122223333:role/app"}`),
	Run: func(p *lint.Pass) {
		arnValues(p, func(v *iamString, a arn) {
			if a.N < 6 || a.Region == "" || wild(a.Region) || wild(a.Service) {
				return
			}
			fs := matchingFormats(p, a)
			if len(fs) == 0 {
				return
			}
			for _, f := range fs {
				if f.Region != "" {
					return
				}
			}
			p.Reportf(v.Range, v.Path, "resource ARN %s names Region %q, but %s ARNs of this kind (%s) have none", v.Value, a.Region, a.Service, fs[0].Type.Name)
		})
	},
}
