package iamrules

import (
	"github.com/leastpriv/leastpriv/diag"
	"github.com/leastpriv/leastpriv/lint"
)

// MissingVersion reports policies without a Version element.
var MissingVersion = &lint.Rule{
	Code:     "MISSING_VERSION",
	Severity: diag.Warning,
	Title:    "policy has no Version element",
	Doc: `Without "Version": "2012-10-17" IAM reads the policy with the 2008-10-17
language: policy variables such as ${aws:username} are then plain text, and
newer features do not work. Always start policies with the current version.`,
	Hint:   `add "Version": "2012-10-17" before "Statement"`,
	Source: srcAA,
	URLs:   []string{aaChecks, versionDoc},
	Bad:    `{"Statement": [{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"}]}`,
	Good:   policy(`{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"}`),
	Run: func(p *lint.Pass) {
		if p.Policy.Version == nil {
			r := p.Policy.Range
			r.End = r.Start
			r.End.Offset++
			r.End.Column++
			p.Reportf(r, "", "policy has no Version element; IAM reads it with the 2008-10-17 language")
		}
	},
}
