package iamrules

import (
	"strings"

	"github.com/leastpriv/leastpriv/diag"
	"github.com/leastpriv/leastpriv/iam"
	"github.com/leastpriv/leastpriv/lint"
)

// SCPActionWildcard reports SCP actions with a wildcard other than a final
// '*'.
var SCPActionWildcard = &lint.Rule{
	Code:     "SCP_SYNTAX_ERROR_ACTION_WILDCARD",
	Severity: diag.Error,
	Title:    "SCP action with a wildcard that is not at the end",
	Doc: `Service control policies accept a wildcard in Action and NotAction only as the
last character: "iam:Get*" works, "iam:*Role" and "iam:Get?ole" do not.`,
	Hint:        "list the actions, or use a pattern that ends with *",
	Source:      srcAA,
	URLs:        []string{aaChecks, scpSyntaxDoc},
	Bad:         policy(`{"Effect": "Deny", "Action": "iam:*Role", "Resource": "*"}`),
	Good:        policy(`{"Effect": "Deny", "Action": "iam:Delete*", "Resource": "*"}`),
	ExampleType: iam.SCP,
	Types:       []iam.Type{iam.SCP},
	ActionNames: true,
	Run: func(p *lint.Pass) {
		for _, st := range p.Policy.Statements {
			if st.Action == nil {
				continue
			}
			for _, v := range st.Action.Values {
				s := strings.TrimSuffix(v.Value, "*")
				if hasWildcard(s) {
					p.Reportf(v.Range, v.Path, "%s: SCPs accept a wildcard only at the end of an action", v.Value)
				}
			}
		}
	},
}
