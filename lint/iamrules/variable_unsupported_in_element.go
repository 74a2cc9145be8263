package iamrules

import (
	"github.com/leastpriv/leastpriv/diag"
	"github.com/leastpriv/leastpriv/lint"
)

// VariableUnsupportedInElement reports policy variables outside Resource and
// Condition.
var VariableUnsupportedInElement = &lint.Rule{
	Code:     "VARIABLE_UNSUPPORTED_IN_ELEMENT",
	Severity: diag.Error,
	Title:    "policy variable in an element that does not support variables",
	Doc: `IAM replaces policy variables only in the Resource element and in String and
ARN condition values. In Action, NotAction or Principal, "${aws:username}" is
plain text and matches nothing meant.`,
	Hint:   "move the variable to Resource or to a condition",
	Source: srcAA,
	URLs:   []string{aaChecks, variablesDoc},
	Bad:    policy(`{"Effect": "Allow", "Action": "s3:${aws:PrincipalTag/action}", "Resource": "*"}`),
	Good:   policy(`{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::home/${aws:username}/*"}`),
	Run: func(p *lint.Pass) {
		for _, st := range p.Policy.Statements {
			if st.Action != nil {
				for _, v := range st.Action.Values {
					if hasVariable(v.Value) && !p.Placeholder(v.Range) {
						p.Reportf(v.Range, v.Path, "%s does not replace policy variables: %q is plain text", st.Action.Name("Action"), v.Value)
					}
				}
			}
			if st.Principal != nil {
				for _, e := range st.Principal.Entries {
					for _, v := range e.Values {
						if hasVariable(v.Value) && !p.Placeholder(v.Range) {
							p.Reportf(v.Range, v.Path, "Principal does not replace policy variables: %q is plain text", v.Value)
						}
					}
				}
			}
		}
	},
}
