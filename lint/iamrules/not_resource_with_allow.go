package iamrules

import (
	"github.com/leastpriv/leastpriv/diag"
	"github.com/leastpriv/leastpriv/lint"
)

// NotResourceWithAllow reports Allow statements that use NotResource.
var NotResourceWithAllow = &lint.Rule{
	Code:     "NOT_RESOURCE_WITH_ALLOW",
	Severity: diag.SecurityWarning,
	Title:    "NotResource with Allow grants every resource not listed",
	Doc: `"Effect": "Allow" with NotResource grants the statement's actions on every
resource except the ones listed, in every account the policy can reach and for
resources created later. Name the resources to allow instead.`,
	Hint:   "replace NotResource by the list of resources to allow",
	Source: srcParl,
	URLs:   []string{notResourceDoc, parliamentURL},
	Bad:    policy(`{"Effect": "Allow", "Action": "s3:GetObject", "NotResource": "arn:aws:s3:::secret/*"}`),
	Good:   policy(`{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::public/*"}`),
	Types:  grantTypes,
	Run: func(p *lint.Pass) {
		for _, st := range p.Policy.Statements {
			if allows(st) && st.Resource != nil && st.Resource.Not {
				p.Reportf(st.Resource.Key, st.Resource.Path, "Allow with NotResource grants the actions on every resource not listed")
			}
		}
	},
}
