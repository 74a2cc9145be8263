package iamrules

import (
	"github.com/leastpriv/leastpriv/diag"
	"github.com/leastpriv/leastpriv/lint"
)

// ARNAccountNotAllowed reports an account in the ARN of a resource type
// whose ARNs have none.
var ARNAccountNotAllowed = &lint.Rule{
	Code:     "ARN_ACCOUNT_NOT_ALLOWED",
	Severity: diag.Error,
	Title:    "resource ARN has an account its resource type does not have",
	Doc: `Some resource types have no account in their ARN: an S3 bucket's name is unique
across all accounts, so its ARN is "arn:aws:s3:::bucket". An ARN that names an
account matches no such resource.`,
	Hint:   "leave the account field empty",
	Source: srcAA,
	URLs:   []string{aaChecks, arnDoc},
	Bad:    policy(`{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3::111122223333:my-bucket"}`),
	Good:   policy(`{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::my-bucket"}`),
	Run: func(p *lint.Pass) {
		arnValues(p, func(v *iamString, a arn) {
			if a.N < 6 || a.Account == "" || wild(a.Account) || wild(a.Service) {
				return
			}
			fs := matchingFormats(p, a)
			if len(fs) == 0 {
				return
			}
			for _, f := range fs {
				if f.Account != "" {
					return
				}
			}
			p.Reportf(v.Range, v.Path, "resource ARN %s names account %q, but %s ARNs of this kind (%s) have none", v.Value, a.Account, a.Service, fs[0].Type.Name)
		})
	},
}
