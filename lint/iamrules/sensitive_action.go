package iamrules

import (
	"strings"

	"github.com/leastpriv/leastpriv/diag"
	"github.com/leastpriv/leastpriv/iam"
	"github.com/leastpriv/leastpriv/lint"
)

// A sensitive action is one Access Analyzer checks for overly broad grants:
// iam:PassRole and iam:CreateServiceLinkedRole. Each has six checks that
// differ in how the action and the resource are written.
type sensitive struct {
	action    string // "iam:PassRole"
	probe     string // an ARN of the action's resource type
	guardKey  string // a condition key that limits the grant
	broadness string // what the grant allows, for messages
}

var (
	passRole  = sensitive{"iam:PassRole", probeRole, "iam:PassedToService", "pass any role to any service"}
	createSLR = sensitive{"iam:CreateServiceLinkedRole", probeRole, "iam:AWSServiceName", "create service-linked roles for any service"}
)

// The ways a statement can grant a sensitive action broadly.
type grantForm uint8

const (
	starInResource grantForm = iota + 1
	starInActionAndResource
	withNotResource
	starInActionAndNotResource
	notActionAndNotResource
	starInResourceAndNotAction
)

// form returns how st grants s, with the range and path to report at, or 0
// when it does not grant it broadly.
func (s sensitive) form(p *lint.Pass, st *iam.Statement) (grantForm, diag.Range, string) {
	if !allows(st) || st.Action == nil || st.Resource == nil || hasCondition(st, s.guardKey) {
		return 0, diag.Range{}, ""
	}
	notRes := st.Resource.Not
	star := !notRes && starResource(st, s.probe) != nil
	if !notRes && !star {
		return 0, diag.Range{}, ""
	}
	if st.Action.Not {
		for _, v := range st.Action.Values {
			if globMatch(v.Value, s.action, true) {
				return 0, diag.Range{}, ""
			}
		}
		if notRes {
			return notActionAndNotResource, st.Action.Key, st.Action.Path
		}
		return starInResourceAndNotAction, st.Action.Key, st.Action.Path
	}
	var explicit, wild *iam.String
	refs := p.Actions(st)
	for i, v := range st.Action.Values {
		switch {
		case !refs[i].Wild:
			if explicit == nil && strings.EqualFold(v.Value, s.action) {
				explicit = &st.Action.Values[i]
			}
		case globMatch(v.Value, s.action, true):
			if wild == nil {
				wild = &st.Action.Values[i]
			}
		}
	}
	switch {
	case explicit != nil && notRes:
		return withNotResource, explicit.Range, explicit.Path
	case explicit != nil:
		return starInResource, explicit.Range, explicit.Path
	case wild != nil && notRes:
		return starInActionAndNotResource, wild.Range, wild.Path
	case wild != nil:
		return starInActionAndResource, wild.Range, wild.Path
	}
	return 0, diag.Range{}, ""
}

type formAt struct {
	form grantForm
	r    diag.Range
	path string
}

// sensitiveRule builds the rule for one form of one sensitive action.
func sensitiveRule(s sensitive, f grantForm, code string, sev diag.Severity, title, doc, hint string, urls []string, bad, good string) *lint.Rule {
	return &lint.Rule{
		Code: code, Severity: sev, Title: title, Doc: doc, Hint: hint, Source: srcAA, URLs: urls,
		Bad: bad, Good: good, Types: identityTypes,
		Run: func(p *lint.Pass) {
			forms := p.Memo("sensitive\x00"+s.action, func() any {
				out := make([]formAt, len(p.Policy.Statements))
				for i, st := range p.Policy.Statements {
					out[i].form, out[i].r, out[i].path = s.form(p, st)
				}
				return out
			}).([]formAt)
			for i, st := range p.Policy.Statements {
				got, r, path := forms[i].form, forms[i].r, forms[i].path
				if got != f {
					continue
				}
				var what string
				switch f {
				case starInResource:
					what = sprintf("%s is allowed on every role (%s)", s.action, starResource(st, s.probe).Value)
				case starInActionAndResource:
					what = sprintf("%s grants %s on every role (%s)", p.Src(r), s.action, starResource(st, s.probe).Value)
				case withNotResource:
					what = sprintf("%s is allowed on every resource but those NotResource lists", s.action)
				case starInActionAndNotResource:
					what = sprintf("%s grants %s on every resource but those NotResource lists", p.Src(r), s.action)
				case notActionAndNotResource:
					what = sprintf("NotAction with NotResource grants %s on every resource but those NotResource lists", s.action)
				case starInResourceAndNotAction:
					what = sprintf("NotAction grants %s on every role", s.action)
				}
				p.Reportf(r, path, "%s: this can %s", what, s.broadness)
			}
		},
	}
}

const (
	passRoleHint = "name the roles in Resource, or add an iam:PassedToService condition"
	slrHint      = "name the service-linked roles in Resource, or add an iam:AWSServiceName condition"
	passRoleText = `iam:PassRole lets a principal hand a role to a service (a Lambda function, an
EC2 instance, a CloudFormation stack), which then acts with that role's
permissions. Granted on every role, it lets the principal give any service the
permissions of the most privileged role of the account: a classic privilege
escalation. Name the roles the software passes, and limit the services with the
iam:PassedToService condition key.`
	slrText = `iam:CreateServiceLinkedRole creates roles that AWS services assume to act in
the account. Granted on every resource, it lets the principal create such roles
for services it was never meant to enable. Name the service-linked roles, or
limit the services with the iam:AWSServiceName condition key.`
)

// The iam:PassRole checks.
var (
	PassRoleWithStarInResource = sensitiveRule(passRole, starInResource, "PASS_ROLE_WITH_STAR_IN_RESOURCE", diag.SecurityWarning,
		"iam:PassRole allowed on every role", passRoleText, passRoleHint, []string{aaChecks, passRoleDoc},
		policy(`{"Effect": "Allow", "Action": ["iam:PassRole"], "Resource": "*"}`),
		policy(`{"Effect": "Allow", "Action": ["iam:PassRole"], "Resource": "arn:aws:iam::111122223333:role/app-lambda"}`))
	PassRoleWithStarInActionAndResource = sensitiveRule(passRole, starInActionAndResource, "PASS_ROLE_WITH_STAR_IN_ACTION_AND_RESOURCE", diag.SecurityWarning,
		"wildcard action grants iam:PassRole on every role", passRoleText, passRoleHint, []string{aaChecks, passRoleDoc},
		policy(`{"Effect": "Allow", "Action": "iam:*", "Resource": "*"}`),
		policy(`{"Effect": "Allow", "Action": "iam:Get*", "Resource": "*"}`))
	PassRoleWithNotResource = sensitiveRule(passRole, withNotResource, "PASS_ROLE_WITH_NOT_RESOURCE", diag.SecurityWarning,
		"iam:PassRole allowed with NotResource", passRoleText, passRoleHint, []string{aaChecks, passRoleDoc, notResourceDoc},
		policy(`{"Effect": "Allow", "Action": "iam:PassRole", "NotResource": "arn:aws:iam::111122223333:role/admin"}`),
		policy(`{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "arn:aws:iam::111122223333:role/app"}`))
	PassRoleWithStarInActionAndNotResource = sensitiveRule(passRole, starInActionAndNotResource, "PASS_ROLE_WITH_STAR_IN_ACTION_AND_NOT_RESOURCE", diag.SecurityWarning,
		"wildcard action with NotResource grants iam:PassRole", passRoleText, passRoleHint, []string{aaChecks, passRoleDoc, notResourceDoc},
		policy(`{"Effect": "Allow", "Action": "iam:Pass*", "NotResource": "arn:aws:iam::111122223333:role/admin"}`),
		policy(`{"Effect": "Allow", "Action": "iam:Get*", "NotResource": "arn:aws:iam::111122223333:role/admin"}`))
	PassRoleWithNotActionAndNotResource = sensitiveRule(passRole, notActionAndNotResource, "PASS_ROLE_WITH_NOT_ACTION_AND_NOT_RESOURCE", diag.SecurityWarning,
		"NotAction with NotResource grants iam:PassRole", passRoleText, passRoleHint, []string{aaChecks, passRoleDoc, notActionDoc},
		policy(`{"Effect": "Allow", "NotAction": "s3:*", "NotResource": "arn:aws:iam::111122223333:role/admin"}`),
		policy(`{"Effect": "Allow", "NotAction": ["s3:*", "iam:PassRole"], "NotResource": "arn:aws:iam::111122223333:role/admin"}`))
	PassRoleWithStarInResourceAndNotAction = sensitiveRule(passRole, starInResourceAndNotAction, "PASS_ROLE_WITH_STAR_IN_RESOURCE_AND_NOT_ACTION", diag.SecurityWarning,
		"NotAction on every resource grants iam:PassRole", passRoleText, passRoleHint, []string{aaChecks, passRoleDoc, notActionDoc},
		policy(`{"Effect": "Allow", "NotAction": "s3:*", "Resource": "*"}`),
		policy(`{"Effect": "Allow", "NotAction": ["s3:*", "iam:*"], "Resource": "*"}`))
)

// The iam:CreateServiceLinkedRole checks.
var (
	CreateSLRWithStarInResource = sensitiveRule(createSLR, starInResource, "CREATE_SLR_WITH_STAR_IN_RESOURCE", diag.Warning,
		"iam:CreateServiceLinkedRole allowed on every role", slrText, slrHint, []string{aaChecks, slrDoc},
		policy(`{"Effect": "Allow", "Action": "iam:CreateServiceLinkedRole", "Resource": "*"}`),
		policy(`{"Effect": "Allow", "Action": "iam:CreateServiceLinkedRole", "Resource": "*", "Condition": {"StringEquals": {"iam:AWSServiceName": "elasticbeanstalk.amazonaws.com"}}}`))
	CreateSLRWithStarInActionAndResource = sensitiveRule(createSLR, starInActionAndResource, "CREATE_SLR_WITH_STAR_IN_ACTION_AND_RESOURCE", diag.Warning,
		"wildcard action grants iam:CreateServiceLinkedRole on every role", slrText, slrHint, []string{aaChecks, slrDoc},
		policy(`{"Effect": "Allow", "Action": "iam:Create*", "Resource": "*"}`),
		policy(`{"Effect": "Allow", "Action": "iam:Get*", "Resource": "*"}`))
	CreateSLRWithNotResource = sensitiveRule(createSLR, withNotResource, "CREATE_SLR_WITH_NOT_RESOURCE", diag.Warning,
		"iam:CreateServiceLinkedRole allowed with NotResource", slrText, slrHint, []string{aaChecks, slrDoc, notResourceDoc},
		policy(`{"Effect": "Allow", "Action": "iam:CreateServiceLinkedRole", "NotResource": "arn:aws:iam::111122223333:role/admin"}`),
		policy(`{"Effect": "Allow", "Action": "iam:CreateServiceLinkedRole", "Resource": "arn:aws:iam::*:role/aws-service-role/elasticbeanstalk.amazonaws.com/*"}`))
	CreateSLRWithStarInActionAndNotResource = sensitiveRule(createSLR, starInActionAndNotResource, "CREATE_SLR_WITH_STAR_IN_ACTION_AND_NOT_RESOURCE", diag.Warning,
		"wildcard action with NotResource grants iam:CreateServiceLinkedRole", slrText, slrHint, []string{aaChecks, slrDoc, notResourceDoc},
		policy(`{"Effect": "Allow", "Action": "iam:Create*", "NotResource": "arn:aws:iam::111122223333:role/admin"}`),
		policy(`{"Effect": "Allow", "Action": "iam:Get*", "NotResource": "arn:aws:iam::111122223333:role/admin"}`))
	CreateSLRWithNotActionAndNotResource = sensitiveRule(createSLR, notActionAndNotResource, "CREATE_SLR_WITH_NOT_ACTION_AND_NOT_RESOURCE", diag.Warning,
		"NotAction with NotResource grants iam:CreateServiceLinkedRole", slrText, slrHint, []string{aaChecks, slrDoc, notActionDoc},
		policy(`{"Effect": "Allow", "NotAction": "s3:*", "NotResource": "arn:aws:iam::111122223333:role/admin"}`),
		policy(`{"Effect": "Allow", "NotAction": ["s3:*", "iam:*"], "NotResource": "arn:aws:iam::111122223333:role/admin"}`))
	CreateSLRWithStarInResourceAndNotAction = sensitiveRule(createSLR, starInResourceAndNotAction, "CREATE_SLR_WITH_STAR_IN_RESOURCE_AND_NOT_ACTION", diag.Warning,
		"NotAction on every resource grants iam:CreateServiceLinkedRole", slrText, slrHint, []string{aaChecks, slrDoc, notActionDoc},
		policy(`{"Effect": "Allow", "NotAction": "s3:*", "Resource": "*"}`),
		policy(`{"Effect": "Allow", "NotAction": ["s3:*", "iam:CreateServiceLinkedRole"], "Resource": "*"}`))
)
