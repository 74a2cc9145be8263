package iamrules

import (
	"strings"

	"github.com/leastpriv/leastpriv/diag"
	"github.com/leastpriv/leastpriv/iam"
	"github.com/leastpriv/leastpriv/lint"
)

// Kinds of caller a trust statement's principal stands for, as a bit set.
const (
	callerAWS  = 1 << iota // an IAM principal or account, or a service: sts:AssumeRole
	callerSAML             // a SAML provider: sts:AssumeRoleWithSAML
	callerOIDC             // an OpenID Connect provider: sts:AssumeRoleWithWebIdentity
	callerAll  = callerAWS | callerSAML | callerOIDC
)

// assumeActions are the actions by which a principal assumes a role, and the
// kind of principal each is for
// (https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoleWithSAML.html,
// https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoleWithWebIdentity.html).
var assumeActions = []struct {
	name   string
	caller int
}{
	{"sts:AssumeRole", callerAWS},
	{"sts:AssumeRoleWithSAML", callerSAML},
	{"sts:AssumeRoleWithWebIdentity", callerOIDC},
}

// callers returns the kinds of caller st's principals stand for, and
// whether they are all known (no placeholder, no Federated value that names
// no provider).
func callers(p *lint.Pass, st *iam.Statement) (kinds int, known bool) {
	if st.Principal.Star {
		return callerAll, true
	}
	for _, e := range st.Principal.Entries {
		for i := range e.Values {
			v := &e.Values[i]
			if strings.Contains(v.Value, "${") || p.Placeholder(v.Range) {
				return 0, false
			}
			switch e.Kind {
			case iam.AWSPrincipal, iam.ServicePrincipal:
				kinds |= callerAWS
			case iam.FederatedPrincipal:
				switch classifyFederated(v.Value) {
				case federatedSAML:
					kinds |= callerSAML
				case federatedOIDC:
					kinds |= callerOIDC
				default:
					return 0, false // INVALID_FEDERATED_PRINCIPAL_SYNTAX_IN_ROLE_TRUST_POLICY
				}
			}
		}
	}
	return kinds, true
}

// MismatchedActionForPrincipal reports assume-role actions that no principal
// of the statement can call.
var MismatchedActionForPrincipal = &lint.Rule{
	Code:     "MISMATCHED_ACTION_FOR_PRINCIPAL",
	Severity: diag.Error,
	Title:    "assume-role action that the statement's principals cannot call",
	Doc: `Each way of assuming a role has its own kind of caller: IAM principals, accounts
and services call sts:AssumeRole; the users of a SAML provider
("Federated": "arn:aws:iam::ACCOUNT:saml-provider/NAME") come through
sts:AssumeRoleWithSAML; those of an OpenID Connect provider (an oidc-provider
ARN, or a domain such as "cognito-identity.amazonaws.com") through
sts:AssumeRoleWithWebIdentity. A statement that allows an action none of its
principals can call grants nothing: a SAML provider with
sts:AssumeRoleWithWebIdentity, an account with sts:AssumeRoleWithSAML. Actions
written with wildcards are not checked.`,
	Hint:        "use sts:AssumeRoleWithSAML with a SAML provider, sts:AssumeRoleWithWebIdentity with an OpenID Connect provider, sts:AssumeRole with IAM principals",
	Source:      srcAA,
	URLs:        []string{aaChecks + "#access-analyzer-reference-policy-checks-error-mismatched-action-for-principal", "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-idp.html"},
	Bad:         `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Federated": "arn:aws:iam::111122223333:saml-provider/corp"}, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": {"StringEquals": {"SAML:aud": "https://signin.aws.amazon.com/saml"}}}]}`,
	Good:        `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Federated": "arn:aws:iam::111122223333:saml-provider/corp"}, "Action": "sts:AssumeRoleWithSAML", "Condition": {"StringEquals": {"SAML:aud": "https://signin.aws.amazon.com/saml"}}}]}`,
	ExampleType: iam.Trust,
	Types:       []iam.Type{iam.Trust},
	Run: func(p *lint.Pass) {
		for _, st := range p.Policy.Statements {
			if !allows(st) || st.Principal == nil || st.Principal.Not || st.Action == nil || st.Action.Not {
				continue
			}
			kinds, known := -1, false
			for _, r := range p.Actions(st) {
				if r.Action == nil {
					continue
				}
				for _, a := range assumeActions {
					if !strings.EqualFold(r.Value.Value, a.name) {
						continue
					}
					if kinds < 0 {
						kinds, known = callers(p, st)
					}
					if known && kinds&a.caller == 0 {
						p.Reportf(r.Value.Range, r.Value.Path, "%s cannot be called by this statement's principals (%s)", a.name, principalKinds(kinds))
					}
				}
			}
		}
	},
}

// principalKinds describes a set of caller kinds.
func principalKinds(kinds int) string {
	var w []string
	if kinds&callerAWS != 0 {
		w = append(w, "IAM principals or services, for sts:AssumeRole")
	}
	if kinds&callerSAML != 0 {
		w = append(w, "a SAML provider, for sts:AssumeRoleWithSAML")
	}
	if kinds&callerOIDC != 0 {
		w = append(w, "an OpenID Connect provider, for sts:AssumeRoleWithWebIdentity")
	}
	if len(w) == 0 {
		return "none that can assume a role"
	}
	return strings.Join(w, "; ")
}
