package iamrules

import (
	"strings"

	"github.com/leastpriv/leastpriv/diag"
	"github.com/leastpriv/leastpriv/iam"
	"github.com/leastpriv/leastpriv/lint"
)

// rolesAnywhereActions are the actions IAM Roles Anywhere needs to assume a
// role for a workload.
var rolesAnywhereActions = []string{"sts:AssumeRole", "sts:SetSourceIdentity", "sts:TagSession"}

// MissingActionForRolesAnywhereTrustPolicy reports trust policies that let
// IAM Roles Anywhere assume the role without all the actions it uses.
var MissingActionForRolesAnywhereTrustPolicy = &lint.Rule{
	Code:     "MISSING_ACTION_FOR_ROLES_ANYWHERE_TRUST_POLICY",
	Severity: diag.Error,
	Title:    "IAM Roles Anywhere trusted without the actions it needs",
	Doc: `IAM Roles Anywhere assumes a role for a workload with sts:AssumeRole, and sets
the session's source identity and tags from the workload's certificate: the
trust policy must allow the rolesanywhere.amazonaws.com service principal all
of sts:AssumeRole, sts:SetSourceIdentity and sts:TagSession, or the workload
gets no credentials.`,
	Hint:        `allow "sts:AssumeRole", "sts:SetSourceIdentity" and "sts:TagSession" to rolesanywhere.amazonaws.com`,
	Source:      srcAA,
	URLs:        []string{aaChecks, "https://docs.aws.amazon.com/rolesanywhere/latest/userguide/trust-model.html"},
	Bad:         `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "rolesanywhere.amazonaws.com"}, "Action": "sts:AssumeRole"}]}`,
	Good:        `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "rolesanywhere.amazonaws.com"}, "Action": ["sts:AssumeRole", "sts:SetSourceIdentity", "sts:TagSession"]}]}`,
	ExampleType: iam.Trust,
	Types:       []iam.Type{iam.Trust},
	Run: func(p *lint.Pass) {
		// The actions allowed to the service principal, over every
		// statement that names it; reported at its first mention.
		var first *iam.String
		granted := make([]bool, len(rolesAnywhereActions))
		for _, st := range p.Policy.Statements {
			if !allows(st) || st.Principal == nil || st.Principal.Not || st.Action == nil {
				continue
			}
			named := false
			principalValues(st, func(e *iam.PrincipalEntry, v *iam.String) {
				if e.Kind == iam.ServicePrincipal && strings.EqualFold(v.Value, "rolesanywhere.amazonaws.com") {
					named = true
					if first == nil {
						first = v
					}
				}
			})
			if !named {
				continue
			}
			for i, a := range rolesAnywhereActions {
				granted[i] = granted[i] || grantsAction(p, st, a)
			}
		}
		if first == nil {
			return
		}
		var missing []string
		for i, a := range rolesAnywhereActions {
			if !granted[i] {
				missing = append(missing, a)
			}
		}
		if len(missing) > 0 {
			p.Reportf(first.Range, first.Path, "rolesanywhere.amazonaws.com is trusted without %s, which IAM Roles Anywhere needs to assume the role", list(missing))
		}
	},
}
