package iamrules

import (
	"strings"

	"github.com/leastpriv/leastpriv/diag"
	"github.com/leastpriv/leastpriv/iam"
	"github.com/leastpriv/leastpriv/lint"
)

// sessionSetters maps the condition keys whose values the caller sets on a
// role session to the action that allows setting them. A key ending in "/"
// stands for every key it begins.
var sessionSetters = []struct {
	key, action, source string
}{
	// "To pass session tags, the role trust policy must allow sts:TagSession."
	{"aws:RequestTag/", "sts:TagSession", "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_session-tags.html"},
	{"aws:TagKeys", "sts:TagSession", "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_session-tags.html"},
	{"sts:TransitiveTagKeys", "sts:TagSession", "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_session-tags.html"},
	// "To set a source identity, the role trust policy must allow sts:SetSourceIdentity."
	{"sts:SourceIdentity", "sts:SetSourceIdentity", "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_temp_control-access_monitor.html"},
	// The trusted context assertions of sts:SetContext.
	{"sts:RequestContext/", "sts:SetContext", "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html"},
	{"sts:RequestContextProviders", "sts:SetContext", "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html"},
}

// sessionSetter returns the action that sets the values of condition key
// name on a role session, or "".
func sessionSetter(name string) string {
	for _, s := range sessionSetters {
		if strings.HasSuffix(s.key, "/") {
			if len(name) > len(s.key) && strings.EqualFold(name[:len(s.key)], s.key) {
				return s.action
			}
		} else if strings.EqualFold(name, s.key) {
			return s.action
		}
	}
	return ""
}

// MissingActionForConditionKey reports trust statements that test a key the
// caller sets on the session without allowing the action that sets it.
var MissingActionForConditionKey = &lint.Rule{
	Code:     "MISSING_ACTION_FOR_CONDITION_KEY",
	Severity: diag.Error,
	Title:    "trust statement tests a session key without allowing the action that sets it",
	Doc: `Some condition keys of a role trust policy carry values the caller sets on the
new session, and setting them needs its own permission in the same trust
policy: session tags (aws:RequestTag/*, aws:TagKeys, sts:TransitiveTagKeys)
need sts:TagSession, a source identity (sts:SourceIdentity) needs
sts:SetSourceIdentity, context assertions (sts:RequestContext/*,
sts:RequestContextProviders) need sts:SetContext. A statement that allows
sts:AssumeRole* with a condition on such a key, but not the setting action,
cannot be used as meant: a request that sets the values is denied for lack of
the setting permission, and one that does not fails the condition.`,
	Hint:        "add the setting action to the statement's Action element",
	Source:      srcAA,
	URLs:        []string{aaChecks + "#access-analyzer-reference-policy-checks-error-missing-action-for-condition-key", "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_session-tags.html", "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_temp_control-access_monitor.html"},
	Bad:         `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:role/ci"}, "Action": "sts:AssumeRole", "Condition": {"StringEquals": {"aws:RequestTag/project": "app"}}}]}`,
	Good:        `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:role/ci"}, "Action": ["sts:AssumeRole", "sts:TagSession"], "Condition": {"StringEquals": {"aws:RequestTag/project": "app"}}}]}`,
	ExampleType: iam.Trust,
	Types:       []iam.Type{iam.Trust},
	Run: func(p *lint.Pass) {
		for _, st := range p.Policy.Statements {
			if !allows(st) || st.Condition == nil || st.Action == nil || !assumesRole(p, st) {
				continue
			}
			conditionEntries(st, func(b *iam.ConditionBlock, e *iam.ConditionEntry) {
				if b.Operator.Family == iam.NullFamily {
					return
				}
				if setter := sessionSetter(e.Key.Value); setter != "" && !grantsAction(p, st, setter) {
					p.Reportf(e.Key.Range, e.Key.Path, "%s is set with %s, which this statement does not allow: add %s to its actions", e.Key.Value, setter, setter)
				}
			})
		}
	},
}

// assumesRole reports whether st applies to an sts:AssumeRole* action.
func assumesRole(p *lint.Pass, st *iam.Statement) bool {
	for _, a := range assumeActions {
		if grantsAction(p, st, a.name) {
			return true
		}
	}
	return false
}
