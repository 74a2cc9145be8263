package iamrules

import (
	"strings"

	"github.com/leastpriv/leastpriv/diag"
	"github.com/leastpriv/leastpriv/lint"
)

// InvalidARNPrefix reports resources that are neither "*" nor an ARN.
var InvalidARNPrefix = &lint.Rule{
	Code:     "INVALID_ARN_PREFIX",
	Severity: diag.Error,
	Title:    "resource is not an ARN",
	Doc: `A Resource or NotResource value must be "*" or an Amazon Resource Name that
starts with "arn:". A bucket name, a role name or a URL matches nothing.`,
	Hint:   `write the resource's ARN, such as "arn:aws:s3:::my-bucket"`,
	Source: srcAA,
	URLs:   []string{aaChecks, arnDoc},
	Bad:    policy(`{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "my-bucket"}`),
	Good:   policy(`{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::my-bucket"}`),
	Run: func(p *lint.Pass) {
		for _, st := range p.Policy.Statements {
			if st.Resource == nil {
				continue
			}
			for _, v := range st.Resource.Values {
				s := v.Value
				if s == "*" || strings.HasPrefix(s, "arn:") || p.Placeholder(v.Range) && (strings.HasPrefix(s, "${") || strings.HasPrefix(s, "<") || strings.HasPrefix(s, "$")) {
					continue
				}
				if strings.HasPrefix(strings.ToLower(s), "arn:") {
					p.ReportHint(v.Range, v.Path, `write the prefix in lower case: "arn:"`, "resource %q: the ARN prefix must be lower case", s)
					continue
				}
				p.Reportf(v.Range, v.Path, "resource %q is not an ARN: add the arn: prefix and the service, Region and account fields", s)
			}
		}
	},
}
