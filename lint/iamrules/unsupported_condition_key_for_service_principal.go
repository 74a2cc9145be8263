package iamrules

import (
	"strings"

	"github.com/leastpriv/leastpriv/diag"
	"github.com/leastpriv/leastpriv/iam"
	"github.com/leastpriv/leastpriv/lint"
)

// servicePrincipalAbsentKeys are global keys that describe an IAM principal
// and are never in the request context of a call an AWS service makes with
// its service principal: a service principal belongs to no organization,
// has no tags and is no IAM user
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principal-properties).
// A name ending in "/" stands for every key it begins.
var servicePrincipalAbsentKeys = []string{"aws:PrincipalOrgID", "aws:PrincipalOrgPaths", "aws:PrincipalTag/", "aws:username"}

// servicePrincipalAbsentKey reports whether name is one of
// servicePrincipalAbsentKeys.
func servicePrincipalAbsentKey(name string) bool {
	for _, k := range servicePrincipalAbsentKeys {
		if strings.HasSuffix(k, "/") {
			if len(name) > len(k) && strings.EqualFold(name[:len(k)], k) {
				return true
			}
		} else if strings.EqualFold(name, k) {
			return true
		}
	}
	return false
}

// onlyServicePrincipals reports whether every principal st names is a
// service principal.
func onlyServicePrincipals(st *iam.Statement) bool {
	if st.Principal == nil || st.Principal.Not || st.Principal.Star || len(st.Principal.Entries) == 0 {
		return false
	}
	for _, e := range st.Principal.Entries {
		if e.Kind != iam.ServicePrincipal {
			return false
		}
	}
	return true
}

// UnsupportedConditionKeyForServicePrincipal reports conditions on keys a
// service principal's requests never carry, in statements that name only
// service principals.
var UnsupportedConditionKeyForServicePrincipal = &lint.Rule{
	Code:     "UNSUPPORTED_CONDITION_KEY_FOR_SERVICE_PRINCIPAL",
	Severity: diag.Error,
	Title:    "condition key a service principal's requests never carry",
	Doc: `When an AWS service calls with its service principal ("Principal":
{"Service": "cloudfront.amazonaws.com"}), the request context has no
properties of an IAM principal: a service principal is not a member of your
organization (aws:PrincipalOrgID, aws:PrincipalOrgPaths), has no tags
(aws:PrincipalTag/*) and is not an IAM user (aws:username). In a statement
that names only service principals, a condition on these keys is never
evaluated as meant: an Allow never applies. To limit a service principal to
requests made for your resources or accounts, test aws:SourceArn,
aws:SourceAccount, aws:SourceOrgID or aws:SourceOrgPaths. Access Analyzer
keeps its own list of keys per service principal; leastpriv checks these
four, which no service principal has.`,
	Hint:        "test aws:SourceArn, aws:SourceAccount, aws:SourceOrgID or aws:SourceOrgPaths instead",
	Source:      srcAA,
	URLs:        []string{aaChecks + "#access-analyzer-reference-policy-checks-error-unsupported-condition-key-for-service-principal", globalKeysDoc},
	Bad:         `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "cloudfront.amazonaws.com"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*", "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}}]}`,
	Good:        `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "cloudfront.amazonaws.com"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*", "Condition": {"StringEquals": {"aws:SourceOrgID": "o-a1b2c3d4e5"}}}]}`,
	ExampleType: iam.Resource,
	Types:       []iam.Type{iam.Resource, iam.Trust},
	Run: func(p *lint.Pass) {
		for _, st := range p.Policy.Statements {
			if st.Condition == nil || !onlyServicePrincipals(st) {
				continue
			}
			conditionEntries(st, func(_ *iam.ConditionBlock, e *iam.ConditionEntry) {
				if servicePrincipalAbsentKey(e.Key.Value) {
					p.Reportf(e.Key.Range, e.Key.Path, "%s is never in the request context of a service principal, and this statement names only service principals", e.Key.Value)
				}
			})
		}
	},
}
