package iamrules

import (
	"github.com/leastpriv/leastpriv/diag"
	"github.com/leastpriv/leastpriv/lint"
)

// OldVersion reports policies written in the 2008-10-17 language.
var OldVersion = &lint.Rule{
	Code:     "OLD_VERSION",
	Severity: diag.Warning,
	Title:    "policy uses the 2008-10-17 policy language",
	Doc: `"Version": "2008-10-17" is the original policy language: it has no policy
variables (${aws:username} is plain text) and lacks later features. Use
"2012-10-17".`,
	Hint:   `use "Version": "2012-10-17"`,
	Source: srcParl,
	URLs:   []string{versionDoc, parliamentURL},
	Bad:    `{"Version": "2008-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"}]}`,
	Good:   policy(`{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"}`),
	Run: func(p *lint.Pass) {
		if v := p.Policy.Version; v != nil && v.Value == "2008-10-17" {
			p.Reportf(v.Range, v.Path, `"Version": "2008-10-17" is the old policy language, without policy variables`)
		}
	},
}
