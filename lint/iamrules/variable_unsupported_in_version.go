package iamrules

import (
	"github.com/leastpriv/leastpriv/diag"
	"github.com/leastpriv/leastpriv/lint"
)

// VariableUnsupportedInVersion reports policy variables in policies without
// "Version": "2012-10-17".
var VariableUnsupportedInVersion = &lint.Rule{
	Code:     "VARIABLE_UNSUPPORTED_IN_VERSION",
	Severity: diag.Error,
	Title:    "policy variable in a policy without Version 2012-10-17",
	Doc: `Policy variables exist only in the 2012-10-17 policy language. Without a
Version, or with "2008-10-17", "${aws:username}" is plain text.`,
	Hint:   `add "Version": "2012-10-17"`,
	Source: srcAA,
	URLs:   []string{aaChecks, variablesDoc, versionDoc},
	Bad:    `{"Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::home/${aws:username}/*"}]}`,
	Good:   policy(`{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::home/${aws:username}/*"}`),
	Run: func(p *lint.Pass) {
		if p.Policy.VersionValue() == "2012-10-17" {
			return
		}
		reported := false
		variableValues(p, func(value string, r diag.Range, path string) {
			if hasVariable(value) && !reported {
				reported = true
				p.Reportf(r, path, "policy variables need \"Version\": \"2012-10-17\"; here %q and every other variable are plain text", value)
			}
		})
	},
}
