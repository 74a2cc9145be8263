package iamrules

import (
	"strings"

	"github.com/leastpriv/leastpriv/diag"
	"github.com/leastpriv/leastpriv/lint"
)

// MissingARNField reports ARNs with fewer than six fields.
var MissingARNField = &lint.Rule{
	Code:     "MISSING_ARN_FIELD",
	Severity: diag.Error,
	Title:    "resource ARN has fewer than six fields",
	Doc: `An ARN has the fields arn:partition:service:region:account:resource, separated
by colons; Region and account may be empty but their colons must be there
("arn:aws:s3:::bucket"). An ARN whose last field ends with "*" may leave the
remaining fields to the wildcard, which also matches colons.`,
	Hint:   "write all six fields: arn:partition:service:region:account:resource",
	Source: srcAA,
	URLs:   []string{aaChecks, arnDoc},
	Bad:    policy(`{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:my-bucket"}`),
	Good:   policy(`{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::my-bucket"}`),
	Run: func(p *lint.Pass) {
		arnValues(p, func(v *iamString, a arn) {
			if a.N < 6 && !strings.HasSuffix(v.Value, "*") {
				p.Reportf(v.Range, v.Path, "resource ARN %s has %d of the 6 fields arn:partition:service:region:account:resource", v.Value, a.N)
			}
		})
	},
}
