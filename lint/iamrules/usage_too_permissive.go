package iamrules

import (
	"strings"

	"github.com/leastpriv/leastpriv/diag"
	"github.com/leastpriv/leastpriv/iam"
	"github.com/leastpriv/leastpriv/lint"
)

// userIDTooBroad reports whether a value of aws:userid uses a wildcard (or,
// with variables set, a policy variable) where Access Analyzer accepts none:
// anywhere in a value without a colon, or on the left of the first colon
// unless it is all there is on that side. The unique ID of a role session is
// "ROLE-ID:SESSION-NAME" and that of a user "USER-ID": what comes before the
// colon says whose sessions match ("AROAEXAMPLE:*", "*:alice"), and a
// pattern there ("AROA*", "*") matches the sessions of many principals.
func userIDTooBroad(v string, variables bool) bool {
	has := hasWildcard
	only := func(s string) bool { return s == "*" || s == "?" }
	if variables {
		has = func(s string) bool { return strings.Contains(s, "${") }
		only = func(s string) bool {
			return strings.HasPrefix(s, "${") && strings.IndexByte(s, '}') == len(s)-1
		}
	}
	c := colonOutsideVariables(v)
	if c < 0 {
		return has(v)
	}
	left := v[:c]
	return has(left) && !only(left)
}

// colonOutsideVariables returns the index of the first ':' of v that is not
// inside a policy variable ("${aws:username}"), or -1.
func colonOutsideVariables(v string) int {
	for i := 0; i < len(v); i++ {
		switch {
		case v[i] == '$' && i+1 < len(v) && v[i+1] == '{':
			j := strings.IndexByte(v[i:], '}')
			if j < 0 {
				return -1
			}
			i += j
		case v[i] == ':':
			return i
		}
	}
	return -1
}

// usageRule builds the check of wildcards or policy variables in
// aws:userid values.
func usageRule(code, title, doc, hint, bad, good string, variables bool) *lint.Rule {
	what, anchor := "a wildcard", "#access-analyzer-reference-policy-checks-error-wildcard-usage-too-permissive"
	if variables {
		what, anchor = "a policy variable", "#access-analyzer-reference-policy-checks-error-variable-usage-too-permissive"
	}
	return &lint.Rule{
		Code: code, Severity: diag.Error, Title: title, Doc: doc, Hint: hint, Source: srcAA,
		URLs: []string{aaChecks + anchor, globalKeysDoc + "#condition-keys-userid", "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-unique-ids"},
		Bad:  bad, Good: good,
		Run: func(p *lint.Pass) {
			for _, st := range p.Policy.Statements {
				conditionEntries(st, func(b *iam.ConditionBlock, e *iam.ConditionEntry) {
					if b.Operator.Family != iam.StringFamily || !strings.EqualFold(e.Key.Value, "aws:userid") {
						return
					}
					if !variables && b.Operator.Base != "StringLike" && b.Operator.Base != "StringNotLike" {
						return // '*' is a wildcard only for the Like operators
					}
					for _, v := range e.Values {
						if p.Placeholder(v.Range) || !userIDTooBroad(v.Text, variables) {
							continue
						}
						p.Reportf(v.Range, v.Path, "aws:userid value %q has %s before the first colon: write it after the colon (\"AROAEXAMPLE:*\") or alone before it (\"*:alice\")", v.Text, what)
					}
				})
			}
		},
	}
}

// The checks of overly broad aws:userid values.
var (
	WildcardUsageTooPermissive = usageRule("WILDCARD_USAGE_TOO_PERMISSIVE", "wildcard in the unique-ID part of an aws:userid value",
		`aws:userid is the caller's unique ID: "USER-ID" for an IAM user,
"ROLE-ID:SESSION-NAME" for a role session. A wildcard before the colon, or in a
value without one ("AROA*", "*"), matches the IDs of many users and roles, not
the one meant. Put the wildcard after the colon ("AROAEXAMPLEID:*", every
session of one role) or make it the whole left side ("*:alice", a session
name). Access Analyzer reports two other cases under this code, a wildcard
not preceded by six characters in some keys and any wildcard in "sensitive"
keys; it does not publish those lists, and leastpriv does not guess them.`,
		`write the wildcard after the colon ("AROAEXAMPLEID:*") or alone before it ("*:alice")`,
		policy(`{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {"StringLike": {"aws:userid": "AROA*"}}}`),
		policy(`{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {"StringLike": {"aws:userid": "AROAEXAMPLEID:*"}}}`),
		false)
	VariableUsageTooPermissive = usageRule("VARIABLE_USAGE_TOO_PERMISSIVE", "policy variable in the unique-ID part of an aws:userid value",
		`aws:userid is the caller's unique ID: "USER-ID" for an IAM user,
"ROLE-ID:SESSION-NAME" for a role session. A policy variable before the colon,
or in a value without one, stands for whatever the request supplies there:
{"StringEquals": {"aws:userid": "${aws:userid}"}} holds for every caller. Put
the variable after the colon ("AROAEXAMPLEID:${aws:username}") or make it the
whole left side. Access Analyzer reports two other cases under this code, a
variable not preceded by six characters in some keys and any variable in
"sensitive" keys; it does not publish those lists, and leastpriv does not
guess them.`,
		`write the variable after the colon ("AROAEXAMPLEID:${aws:username}")`,
		policy(`{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {"StringEquals": {"aws:userid": "${aws:userid}"}}}`),
		policy(`{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {"StringEquals": {"aws:userid": "AROAEXAMPLEID:${aws:username}"}}}`),
		true)
)
