package iamrules

import (
	"github.com/leastpriv/leastpriv/diag"
	"github.com/leastpriv/leastpriv/lint"
)

// InvalidARNRegion reports ARN Region fields that are not Region codes.
var InvalidARNRegion = &lint.Rule{
	Code:     "INVALID_ARN_REGION",
	Severity: diag.Error,
	Title:    "Region field of a resource ARN is not a Region code",
	Doc: `The fourth field of an ARN is a Region code such as "us-east-1" (or empty for
global resources). A Region name ("N. Virginia"), an availability zone
("us-east-1a") or a misspelling matches nothing. Codes are checked by shape, so
Regions AWS opens later are accepted.`,
	Hint:   `write a Region code such as "eu-west-1", or * for any Region`,
	Source: srcAA,
	URLs:   []string{aaChecks, "https://docs.aws.amazon.com/general/latest/gr/rande.html"},
	Bad:    policy(`{"Effect": "Allow", "Action": "lambda:InvokeFunction", "Resource": "arn:aws:lambda:us-east-1a:111122223333:function:app"}`),
	Good:   policy(`{"Effect": "Allow", "Action": "lambda:InvokeFunction", "Resource": "arn:aws:lambda:us-east-1:111122223333:function:app"}`),
	Run: func(p *lint.Pass) {
		arnValues(p, func(v *iamString, a arn) {
			if a.N < 6 || a.Region == "" || wild(a.Region) || validRegion(a.Region) {
				return
			}
			p.Reportf(v.Range, v.Path, "Region %q of resource ARN %s is not a Region code", a.Region, v.Value)
		})
	},
}
