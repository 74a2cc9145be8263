package iamrules

import (
	"strings"

	"github.com/leastpriv/leastpriv/diag"
	"github.com/leastpriv/leastpriv/iam"
	"github.com/leastpriv/leastpriv/lint"
)

// resourceTagKeys returns the aws:ResourceTag/... keys st's condition tests.
func resourceTagKeys(st *iam.Statement) []*iam.ConditionEntry {
	var out []*iam.ConditionEntry
	conditionEntries(st, func(_ *iam.ConditionBlock, e *iam.ConditionEntry) {
		if len(e.Key.Value) > len("aws:ResourceTag/") && strings.EqualFold(e.Key.Value[:len("aws:ResourceTag/")], "aws:ResourceTag/") {
			out = append(out, e)
		}
	})
	return out
}

// unsupportedTagServices returns the service prefixes of the statement's
// actions that do not support key, with one example action each.
func unsupportedTagServices(p *lint.Pass, st *iam.Statement, key string) []string {
	var out []string
	last := ""
	for _, a := range p.Applies(st).Actions(p.Catalog) {
		if supportsKey(a, key) || a.Service.Prefix == last {
			continue
		}
		last = a.Service.Prefix
		out = append(out, a.Service.Prefix)
	}
	return out
}

// tagRule builds one of the four Access Analyzer checks of aws:ResourceTag
// conditions on actions that do not support them.
func tagRule(code, alias string, sev diag.Severity, effect iam.Effect, notAction bool, title, doc, bad, good string) *lint.Rule {
	return &lint.Rule{
		Code: code, Severity: sev, Title: title, Doc: doc, Source: srcAA,
		Aliases: aliases(alias),
		Hint:    "move the actions that do not support aws:ResourceTag to a statement without the condition",
		URLs:    []string{aaChecks, "https://docs.aws.amazon.com/IAM/latest/UserGuide/introduction_attribute-based-access-control.html"},
		Bad:     bad, Good: good,
		Run: func(p *lint.Pass) {
			for _, st := range p.Policy.Statements {
				if st.Effect != effect || st.Action == nil || st.Action.Not != notAction {
					continue
				}
				for _, e := range resourceTagKeys(st) {
					if notAction {
						p.Reportf(e.Key.Range, e.Key.Path, "%s with NotAction and %s: actions that do not support the key are not %s", effect, e.Key.Value, map[iam.Effect]string{iam.Allow: "allowed", iam.Deny: "denied"}[effect])
						break
					}
					if svcs := unsupportedTagServices(p, st, e.Key.Value); len(svcs) > 0 {
						verb := map[iam.Effect]string{iam.Allow: "allows", iam.Deny: "denies"}[effect]
						p.Reportf(e.Key.Range, e.Key.Path, "%s is not in the request context of some actions of %s, which this statement never %s", e.Key.Value, list(svcs), verb)
					}
					break
				}
			}
		},
	}
}

// The aws:ResourceTag checks.
var (
	AllowWithUnsupportedTagConditionKey = tagRule("ALLOW_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE", "", diag.Suggestion, iam.Allow, false,
		"Allow with aws:ResourceTag on actions that do not support it",
		`When an action does not support aws:ResourceTag, the key is not in its request
context and the condition is false: an Allow statement with the condition never
allows that action, even on correctly tagged resources. Move those actions to a
statement that limits them another way (resource names).`,
		policy(`{"Effect": "Allow", "Action": ["ec2:StartInstances", "s3:ListAllMyBuckets"], "Resource": "*", "Condition": {"StringEquals": {"aws:ResourceTag/team": "blue"}}}`),
		policy(`{"Effect": "Allow", "Action": ["ec2:StartInstances"], "Resource": "*", "Condition": {"StringEquals": {"aws:ResourceTag/team": "blue"}}}`))
	AllowNotActionWithUnsupportedTagConditionKey = tagRule("ALLOW_NOTACTION_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE", "ALLOW_NOT_ACTION_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE", diag.Suggestion, iam.Allow, true,
		"Allow with NotAction and aws:ResourceTag",
		`With NotAction the statement covers every action not listed, and the many that
do not support aws:ResourceTag are never allowed by it. List the actions to allow.`,
		policy(`{"Effect": "Allow", "NotAction": "iam:*", "Resource": "*", "Condition": {"StringEquals": {"aws:ResourceTag/team": "blue"}}}`),
		policy(`{"Effect": "Allow", "Action": "ec2:StartInstances", "Resource": "*", "Condition": {"StringEquals": {"aws:ResourceTag/team": "blue"}}}`))
	DenyWithUnsupportedTagConditionKey = tagRule("DENY_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE", "", diag.SecurityWarning, iam.Deny, false,
		"Deny with aws:ResourceTag on actions that do not support it",
		`When an action does not support aws:ResourceTag, the key is not in its request
context and the condition is false: a Deny statement with the condition never
denies that action, even on resources carrying the tag. Deny those actions in a
separate statement that identifies the resources another way. Do not switch to
IfExists: that denies the action on every resource.`,
		policy(`{"Effect": "Deny", "Action": ["ec2:TerminateInstances", "s3:ListAllMyBuckets"], "Resource": "*", "Condition": {"StringEquals": {"aws:ResourceTag/status": "Confidential"}}}`),
		policy(`{"Effect": "Deny", "Action": ["ec2:TerminateInstances"], "Resource": "*", "Condition": {"StringEquals": {"aws:ResourceTag/status": "Confidential"}}}`))
	DenyNotActionWithUnsupportedTagConditionKey = tagRule("DENY_NOTACTION_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE", "DENY_NOT_ACTION_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE", diag.SecurityWarning, iam.Deny, true,
		"Deny with NotAction and aws:ResourceTag",
		`With NotAction the statement covers every action not listed, and the many that
do not support aws:ResourceTag are never denied by it. List the actions to deny.`,
		policy(`{"Effect": "Deny", "NotAction": "iam:*", "Resource": "*", "Condition": {"StringEquals": {"aws:ResourceTag/status": "Confidential"}}}`),
		policy(`{"Effect": "Deny", "Action": "ec2:TerminateInstances", "Resource": "*", "Condition": {"StringEquals": {"aws:ResourceTag/status": "Confidential"}}}`))
)
