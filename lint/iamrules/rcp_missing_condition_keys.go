package iamrules

import (
	"strings"

	"github.com/leastpriv/leastpriv/diag"
	"github.com/leastpriv/leastpriv/iam"
	"github.com/leastpriv/leastpriv/lint"
)

// rcpDataPerimeter is AWS's guide to RCPs that keep service integrations
// working.
const rcpDataPerimeter = "https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps_examples.html"

// principalPropertyKey reports whether k is a key about the calling IAM
// principal (the "principal" category of the global keys) other than the
// keys that describe service principals.
func principalPropertyKey(p *lint.Pass, name string) bool {
	k := knownKey(p, name)
	if k == nil || !k.Global || k.Category != "principal" {
		return false
	}
	switch strings.ToLower(k.Name) {
	case "aws:principalisawsservice", "aws:principalservicename", "aws:principalservicenameslist":
		return false
	}
	return true
}

// testsBool reports whether st tests key with Bool or BoolIfExists against
// want (the string "true" or "false").
func testsBool(st *iam.Statement, key, want string) bool {
	found := false
	conditionEntries(st, func(b *iam.ConditionBlock, e *iam.ConditionEntry) {
		if b.Operator.Family != iam.BoolFamily || b.Operator.Qualifier != iam.NoQualifier || !strings.EqualFold(e.Key.Value, key) {
			return
		}
		for _, v := range e.Values {
			if !strings.EqualFold(v.Text, want) {
				return
			}
		}
		found = true
	})
	return found
}

// testsPresent reports whether st requires one of the keys to be in the
// request ("Null": {KEY: "false"}).
func testsPresent(st *iam.Statement, keys ...string) bool {
	found := false
	conditionEntries(st, func(b *iam.ConditionBlock, e *iam.ConditionEntry) {
		if b.Operator.Family != iam.NullFamily || b.Operator.Qualifier != iam.NoQualifier || len(e.Values) != 1 || !strings.EqualFold(e.Values[0].Text, "false") {
			return
		}
		for _, k := range keys {
			if strings.EqualFold(e.Key.Value, k) {
				found = true
			}
		}
	})
	return found
}

// trueWhenAbsent reports whether a condition with operator op holds for a
// request that lacks its key: with IfExists, ForAllValues, or a negated
// operator without a qualifier
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-logic-multiple-context-keys-or-values.html).
func trueWhenAbsent(op iam.Operator) bool {
	if op.Family == iam.NullFamily {
		return false
	}
	return op.IfExists || op.Qualifier == iam.ForAllValues || op.Qualifier == iam.NoQualifier && op.Negated
}

// rcpDenies calls f for every condition entry of the RCP's Deny statements
// that holds when its key is missing: those are the entries that make the
// statement deny requests without the key.
func rcpDenies(p *lint.Pass, f func(st *iam.Statement, e *iam.ConditionEntry)) {
	for _, st := range p.Policy.Statements {
		if st.Effect != iam.Deny {
			continue
		}
		conditionEntries(st, func(b *iam.ConditionBlock, e *iam.ConditionEntry) {
			if trueWhenAbsent(b.Operator) {
				f(st, e)
			}
		})
	}
}

// The data-perimeter checks of resource control policies.
var (
	RCPMissingRelatedPrincipalConditionKey = &lint.Rule{
		Code:     "RCP_MISSING_RELATED_PRINCIPAL_CONDITION_KEY",
		Severity: diag.Warning,
		Title:    "RCP tests a principal key without excluding service principals",
		Doc: `An RCP applies to every request to the resources of your organization,
including those AWS services make with their service principals on your
behalf. Those requests have no aws:PrincipalOrgID, aws:PrincipalAccount,
aws:PrincipalTag or other property of an IAM principal, so a Deny that tests
one ("StringNotEqualsIfExists": {"aws:PrincipalOrgID": ...}) also denies the
services. Add "BoolIfExists": {"aws:PrincipalIsAWSService": "false"} to the
statement, so that it applies to IAM principals only. Conditions that do not
hold without their key (StringEquals, ForAnyValue:...) leave service
principals alone and are not reported.`,
		Hint:        `add "BoolIfExists": {"aws:PrincipalIsAWSService": "false"}`,
		Source:      srcAA,
		URLs:        []string{aaChecks + "#access-analyzer-reference-policy-checks-general-warning-rcp-missing-related-principal-condition-key", rcpDataPerimeter, globalKeysDoc + "#condition-keys-principalisawsservice"},
		Bad:         `{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*", "Condition": {"StringNotEqualsIfExists": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}}]}`,
		Good:        `{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*", "Condition": {"StringNotEqualsIfExists": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}, "BoolIfExists": {"aws:PrincipalIsAWSService": "false"}}}]}`,
		ExampleType: iam.RCP,
		Types:       []iam.Type{iam.RCP},
		Run: func(p *lint.Pass) {
			rcpDenies(p, func(st *iam.Statement, e *iam.ConditionEntry) {
				if principalPropertyKey(p, e.Key.Value) && !testsBool(st, "aws:PrincipalIsAWSService", "false") {
					p.Reportf(e.Key.Range, e.Key.Path, `%s is not in the requests of AWS service principals, which this Deny then also matches: add "BoolIfExists": {"aws:PrincipalIsAWSService": "false"}`, e.Key.Value)
				}
			})
		},
	}
	RCPMissingRelatedServicePrincipalConditionKey = &lint.Rule{
		Code:     "RCP_MISSING_RELATED_SERVICE_PRINCIPAL_CONDITION_KEY",
		Severity: diag.Warning,
		Title:    "RCP tests a source key without limiting the statement to service principals",
		Doc: `aws:SourceAccount, aws:SourceArn, aws:SourceOrgID and aws:SourceOrgPaths are in
the request only when an AWS service calls with its service principal on
behalf of a resource. A Deny in an RCP that tests them
("StringNotEqualsIfExists": {"aws:SourceOrgID": ...}) also matches every
request of your own IAM principals, which carry none of them. Add "Bool":
{"aws:PrincipalIsAWSService": "true"} (or BoolIfExists) to the statement, so
that it applies to service principals only. Conditions that do not hold
without their key (StringEquals, ForAnyValue:...) are not reported.`,
		Hint:        `add "BoolIfExists": {"aws:PrincipalIsAWSService": "true"}`,
		Source:      srcAA,
		URLs:        []string{aaChecks + "#access-analyzer-reference-policy-checks-general-warning-rcp-missing-related-service-principal-condition-key", rcpDataPerimeter, "https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html"},
		Bad:         `{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*", "Condition": {"StringNotEqualsIfExists": {"aws:SourceOrgID": "o-a1b2c3d4e5"}, "Null": {"aws:SourceAccount": "false"}}}]}`,
		Good:        `{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*", "Condition": {"StringNotEqualsIfExists": {"aws:SourceOrgID": "o-a1b2c3d4e5"}, "Null": {"aws:SourceAccount": "false"}, "Bool": {"aws:PrincipalIsAWSService": "true"}}}]}`,
		ExampleType: iam.RCP,
		Types:       []iam.Type{iam.RCP},
		Run: func(p *lint.Pass) {
			rcpDenies(p, func(st *iam.Statement, e *iam.ConditionEntry) {
				if sourceKey(e.Key.Value) && !testsBool(st, "aws:PrincipalIsAWSService", "true") {
					p.Reportf(e.Key.Range, e.Key.Path, `%s is only in the requests of AWS service principals, and this Deny also matches your IAM principals: add "BoolIfExists": {"aws:PrincipalIsAWSService": "true"}`, e.Key.Value)
				}
			})
		},
	}
	RCPMissingServiceConditionKeyNullCheck = &lint.Rule{
		Code:     "RCP_MISSING_SERVICE_CONDITION_KEY_NULL_CHECK",
		Severity: diag.Warning,
		Title:    "RCP tests a source key without requiring that the request has one",
		Doc: `Some service integrations call with a service principal but without
aws:SourceAccount or aws:SourceArn (nor aws:SourceOrgID), because they do not
act on behalf of a resource of yours. A Deny in an RCP that tests a source key
with a condition that holds without the key (a negated operator, IfExists,
ForAllValues) also matches these requests and breaks the integration. Add "Null": {"aws:SourceAccount": "false"} (or
aws:SourceArn) so that the statement applies only to requests that carry a
source.`,
		Hint:        `add "Null": {"aws:SourceAccount": "false"}`,
		Source:      srcAA,
		URLs:        []string{aaChecks + "#access-analyzer-reference-policy-checks-general-warning-rcp-missing-service-condition-key-null-check", rcpDataPerimeter},
		Bad:         `{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*", "Condition": {"StringNotEqualsIfExists": {"aws:SourceOrgID": "o-a1b2c3d4e5"}, "Bool": {"aws:PrincipalIsAWSService": "true"}}}]}`,
		Good:        `{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*", "Condition": {"StringNotEqualsIfExists": {"aws:SourceOrgID": "o-a1b2c3d4e5"}, "Null": {"aws:SourceAccount": "false"}, "Bool": {"aws:PrincipalIsAWSService": "true"}}}]}`,
		ExampleType: iam.RCP,
		Types:       []iam.Type{iam.RCP},
		Run: func(p *lint.Pass) {
			rcpDenies(p, func(st *iam.Statement, e *iam.ConditionEntry) {
				if sourceKey(e.Key.Value) && !testsPresent(st, "aws:SourceAccount", "aws:SourceArn", e.Key.Value) {
					p.Reportf(e.Key.Range, e.Key.Path, `service integrations that send no source also match this Deny on %s: add "Null": {"aws:SourceAccount": "false"}`, e.Key.Value)
				}
			})
		},
	}
)

// sourceKey reports whether name is one of sourceKeys.
func sourceKey(name string) bool {
	for _, k := range sourceKeys {
		if strings.EqualFold(name, k) {
			return true
		}
	}
	return false
}
