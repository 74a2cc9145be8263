package iamrules

import (
	"strings"

	"github.com/leastpriv/leastpriv/diag"
	"github.com/leastpriv/leastpriv/lint"
)

// InvalidAction reports actions of known services that do not exist, and
// patterns that match no action.
var InvalidAction = &lint.Rule{
	Code:     "INVALID_ACTION",
	Severity: diag.Error,
	Title:    "action does not exist, or pattern matches no action",
	Doc: `The action is not one the service defines, so the statement does not grant
(or deny) what its author meant: typically a typo, an action of another service,
or an action name taken from an SDK method rather than from the Service
Authorization Reference. A pattern with wildcards that matches no action of the
catalog is reported too. Access Analyzer reports the same check as an error.

Action names are compared ignoring case, as IAM does.`,
	Hint:        "use an action of the service; run 'leastpriv catalog actions SERVICE' to list them",
	Source:      srcAA,
	URLs:        []string{aaChecks, actionDoc, sarDoc},
	Bad:         policy(`{"Effect": "Allow", "Action": "s3:GetObjects", "Resource": "*"}`),
	Good:        policy(`{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}`),
	ActionNames: true,
	Run: func(p *lint.Pass) {
		for _, st := range p.Policy.Statements {
			for _, r := range p.Actions(st) {
				if r.Service == nil || r.Name == "" || !r.Empty() || p.Placeholder(r.Value.Range) {
					continue
				}
				var hint string
				if !r.Wild {
					if s := suggest(p, r.Value.Value); len(s) > 0 {
						hint = "did you mean " + strings.Join(s, " or ") + "?"
					}
					p.ReportHint(r.Value.Range, r.Value.Path, hint, "%s is not an action of service %s", r.Value.Value, r.Service.Prefix)
				} else {
					p.Reportf(r.Value.Range, r.Value.Path, "%s matches no action of service %s", r.Value.Value, r.Service.Prefix)
				}
			}
		}
	},
}

// suggest returns up to three catalog names close to name, memoised.
func suggest(p *lint.Pass, name string) []string {
	return p.SharedMemo(lint.MemoKey{Kind: "suggest", A: name}, func() any { return p.Catalog.Suggest(name, 3) }).([]string)
}
