package iamrules

import (
	"strings"

	"github.com/leastpriv/leastpriv/diag"
	"github.com/leastpriv/leastpriv/lint"
)

// ServiceWildcard reports Allow statements that grant every action of a
// service.
var ServiceWildcard = &lint.Rule{
	Code:     "SERVICE_WILDCARD",
	Severity: diag.Warning,
	Title:    "every action of a service is allowed",
	Doc: `"s3:*" grants every action of the service, today's and those AWS adds later,
including permissions management and deletion. A least-privilege policy lists
the actions the software calls; 'leastpriv shrink' can turn a list of actions
back into short patterns.`,
	Hint:        "list the actions the software uses",
	Source:      srcCS,
	URLs:        []string{actionDoc, cloudsplaining},
	Bad:         policy(`{"Effect": "Allow", "Action": "s3:*", "Resource": "arn:aws:s3:::app-data/*"}`),
	Good:        policy(`{"Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"], "Resource": "arn:aws:s3:::app-data/*"}`),
	Types:       grantTypes,
	ActionNames: false,
	Run: func(p *lint.Pass) {
		for _, st := range p.Policy.Statements {
			if !allows(st) || st.Action == nil || st.Action.Not {
				continue
			}
			for _, r := range p.Actions(st) {
				if r.Value.Value == "*" {
					continue // ADMIN_ACCESS or the statement's other findings
				}
				if r.Service != nil && strings.Trim(r.Name, "*") == "" && r.Name != "" {
					p.Reportf(r.Value.Range, r.Value.Path, "%s allows every action of service %s (%d today, and those added later)", r.Value.Value, r.Service.Prefix, r.Len())
				}
			}
		}
	},
}

// AdminAccess reports statements that allow every action on every resource.
var AdminAccess = &lint.Rule{
	Code:     "ADMIN_ACCESS",
	Severity: diag.SecurityWarning,
	Title:    "every action on every resource is allowed",
	Doc: `"Action": "*" with "Resource": "*" is full administrator access: the principal
can do anything in the account, including granting itself and others any
permission. No software's minimum permissions look like this.`,
	Hint:   "list the actions and resources the software uses",
	Source: srcOwn,
	URLs:   []string{actionDoc, "https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege"},
	Bad:    policy(`{"Effect": "Allow", "Action": "*", "Resource": "*"}`),
	Good:   policy(`{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}`),
	Types:  grantTypes,
	Run: func(p *lint.Pass) {
		for _, st := range p.Policy.Statements {
			if !allows(st) || st.Action == nil || st.Action.Not || !unconstrained(st) {
				continue
			}
			for _, v := range st.Action.Values {
				if v.Value == "*" {
					p.Reportf(v.Range, v.Path, `"Action": "*" on every resource is full administrator access`)
					break
				}
			}
		}
	},
}
