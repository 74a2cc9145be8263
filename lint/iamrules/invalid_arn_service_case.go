package iamrules

import (
	"strings"

	"github.com/leastpriv/leastpriv/diag"
	"github.com/leastpriv/leastpriv/lint"
)

// InvalidARNServiceCase reports ARN service fields with capital letters.
var InvalidARNServiceCase = &lint.Rule{
	Code:     "INVALID_ARN_SERVICE_CASE",
	Severity: diag.Error,
	Title:    "service field of a resource ARN is not lower case",
	Doc: `ARNs are compared case-sensitively, and service namespaces are lower case:
"arn:aws:S3:::bucket" matches no resource.`,
	Hint:   "write the service in lower case",
	Source: srcAA,
	URLs:   []string{aaChecks, arnDoc},
	Bad:    policy(`{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:S3:::my-bucket"}`),
	Good:   policy(`{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::my-bucket"}`),
	Run: func(p *lint.Pass) {
		arnValues(p, func(v *iamString, a arn) {
			if a.N >= 3 && a.Service != strings.ToLower(a.Service) && !wild(a.Service) {
				p.Reportf(v.Range, v.Path, "service %q in resource ARN %s must be lower case (%q)", a.Service, v.Value, strings.ToLower(a.Service))
			}
		})
	},
}
