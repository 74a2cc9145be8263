package iamrules

import (
	"github.com/leastpriv/leastpriv/diag"
	"github.com/leastpriv/leastpriv/lint"
)

// NotActionWithAllow reports Allow statements that use NotAction.
var NotActionWithAllow = &lint.Rule{
	Code:     "NOT_ACTION_WITH_ALLOW",
	Severity: diag.SecurityWarning,
	Title:    "NotAction with Allow grants every action not listed",
	Doc: `"Effect": "Allow" with NotAction grants every action of every service except
the ones listed, including actions AWS adds later. It is almost never what a
least-privilege policy means; list the actions to allow instead. (NotAction is
useful with Deny, to deny everything but a few actions.)`,
	Hint:   "replace NotAction by the list of actions to allow",
	Source: srcParl,
	URLs:   []string{notActionDoc, parliamentURL},
	Bad:    policy(`{"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"}`),
	Good:   policy(`{"Effect": "Deny", "NotAction": "iam:*", "Resource": "*"}`),
	Types:  grantTypes,
	Run: func(p *lint.Pass) {
		for _, st := range p.Policy.Statements {
			if allows(st) && st.Action != nil && st.Action.Not {
				n := p.Applies(st).Len()
				p.Reportf(st.Action.Key, st.Action.Path, "Allow with NotAction grants every action not listed (%d actions today)", n)
			}
		}
	},
}
