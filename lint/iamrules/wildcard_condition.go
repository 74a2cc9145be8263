package iamrules

import (
	"github.com/leastpriv/leastpriv/diag"
	"github.com/leastpriv/leastpriv/iam"
	"github.com/leastpriv/leastpriv/lint"
)

// A wildcardOutcome is what a StringLike or StringNotLike condition whose
// values include a pattern of stars only ("*") amounts to: every value the
// key can have matches it, so the condition depends on whether the key is in
// the request at all.
type wildcardOutcome uint8

const (
	wildcardNone    wildcardOutcome = iota
	wildcardPresent                 // true exactly when the key is present: Null false
	wildcardAbsent                  // true exactly when the key is absent: Null true
	wildcardAlways                  // always true: the key is redundant
	wildcardNever                   // never true: the statement never applies
)

// wildcardCondition classifies a condition entry whose operator is
// StringLike or StringNotLike (any qualifier, with or without IfExists) and
// whose values include a run of stars. With K absent, IfExists and
// ForAllValues yield true, ForAnyValue false, a plain positive operator false
// and a plain negated one true; with K present, every value matches "*", so
// a positive test holds and a negated one fails
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-logic-multiple-context-keys-or-values.html).
// TestWildcardConditionOutcomes checks the table against the evaluation
// engine.
func wildcardCondition(op iam.Operator, e *iam.ConditionEntry) wildcardOutcome {
	if op.Base != "StringLike" && op.Base != "StringNotLike" {
		return wildcardNone
	}
	star := false
	for _, v := range e.Values {
		if allStars(v.Text) {
			star = true
			break
		}
	}
	if !star {
		return wildcardNone
	}
	// absent: the outcome when the key is missing; present: when it has
	// values (all of which match "*").
	var absent, present bool
	switch {
	case op.IfExists, op.Qualifier == iam.ForAllValues:
		absent = true
	case op.Qualifier == iam.ForAnyValue:
		absent = false
	default:
		absent = op.Negated
	}
	present = !op.Negated
	switch {
	case absent && present:
		return wildcardAlways
	case !absent && !present:
		return wildcardNever
	case present:
		return wildcardPresent
	}
	return wildcardAbsent
}

// allStars reports whether s is one or more '*'.
func allStars(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] != '*' {
			return false
		}
	}
	return true
}

// wildcardRule builds the check of one outcome.
func wildcardRule(code, title, doc, hint string, want wildcardOutcome, message, bad, good string) *lint.Rule {
	anchor := map[wildcardOutcome]string{
		wildcardPresent: "#access-analyzer-reference-policy-checks-suggestion-equivalent-to-null-false",
		wildcardAbsent:  "#access-analyzer-reference-policy-checks-suggestion-equivalent-to-null-true",
		wildcardAlways:  "#access-analyzer-reference-policy-checks-suggestion-redundant-key-due-to-wildcard-in-condition",
		wildcardNever:   "#access-analyzer-reference-policy-checks-suggestion-redundant-statement-due-to-wildcard-in-condition",
	}[want]
	return &lint.Rule{
		Code: code, Severity: diag.Suggestion, Title: title, Doc: doc, Hint: hint, Source: srcAA,
		URLs: []string{aaChecks + anchor, operatorsDoc, "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-logic-multiple-context-keys-or-values.html"},
		Bad:  bad, Good: good,
		Run: func(p *lint.Pass) {
			for _, st := range p.Policy.Statements {
				conditionEntries(st, func(b *iam.ConditionBlock, e *iam.ConditionEntry) {
					if wildcardCondition(b.Operator, e) == want {
						p.Reportf(e.Key.Range, e.Key.Path, message, e.Key.Value, b.Operator.Name, e.Key.Value)
					}
				})
			}
		},
	}
}

// The checks of conditions that test a key against "*".
var (
	EquivalentToNullFalse = wildcardRule("EQUIVALENT_TO_NULL_FALSE", "wildcard condition that only tests that the key is present",
		`"StringLike": {"KEY": "*"} matches every value KEY can have, so it only
tests that the request has the key; so does ForAnyValue:StringLike with "*".
"Null": {"KEY": "false"} says that directly, and keeps working when the key's
values are not strings.`,
		`write "Null": {"KEY": "false"}`, wildcardPresent,
		`%s compared with "*" under %s only tests that the key is present: write "Null": {"%s": "false"}`,
		policy(`{"Effect": "Allow", "Action": "ec2:RunInstances", "Resource": "*", "Condition": {"StringLike": {"aws:RequestTag/team": "*"}}}`),
		policy(`{"Effect": "Allow", "Action": "ec2:RunInstances", "Resource": "*", "Condition": {"Null": {"aws:RequestTag/team": "false"}}}`))
	EquivalentToNullTrue = wildcardRule("EQUIVALENT_TO_NULL_TRUE", "wildcard condition that only tests that the key is absent",
		`"StringNotLike": {"KEY": "*"} fails for every value KEY can have, so it holds
only when the request does not have the key (a negated operator on a missing
key is true); so do StringNotLikeIfExists and ForAllValues:StringNotLike with
"*". "Null": {"KEY": "true"} says that directly.`,
		`write "Null": {"KEY": "true"}`, wildcardAbsent,
		`%s compared with "*" under %s only tests that the key is absent: write "Null": {"%s": "true"}`,
		policy(`{"Effect": "Deny", "Action": "ec2:RunInstances", "Resource": "*", "Condition": {"StringNotLike": {"aws:RequestTag/team": "*"}}}`),
		policy(`{"Effect": "Deny", "Action": "ec2:RunInstances", "Resource": "*", "Condition": {"Null": {"aws:RequestTag/team": "true"}}}`))
	RedundantKeyDueToWildcardInCondition = wildcardRule("REDUNDANT_KEY_DUE_TO_WILDCARD_IN_CONDITION", "wildcard condition that always holds",
		`"StringLikeIfExists": {"KEY": "*"} holds whether the request has the key or
not, and so does ForAllValues:StringLike (or ForAnyValue:StringLikeIfExists)
with "*": the key limits nothing. Remove it, or write the values it was meant
to allow.`,
		"remove the key, or list the values it should allow", wildcardAlways,
		`%s compared with "*" under %s always holds: remove %s or list the values it should allow`,
		policy(`{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {"StringLikeIfExists": {"aws:PrincipalTag/team": "*"}}}`),
		policy(`{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {"StringLikeIfExists": {"aws:PrincipalTag/team": "blue-*"}}}`))
	RedundantStatementDueToWildcardInCondition = wildcardRule("REDUNDANT_STATEMENT_DUE_TO_WILDCARD_IN_CONDITION", "wildcard condition that never holds",
		`ForAnyValue:StringNotLike with "*" needs a request value that does not match
"*", and there is none; without the key, ForAnyValue is false. The condition
never holds, so the statement never applies.`,
		"remove the statement, or test the values it was meant to exclude", wildcardNever,
		`%s compared with "*" under %s never holds, so this statement never applies: remove it or test other values of %s`,
		policy(`{"Effect": "Deny", "Action": "ec2:CreateTags", "Resource": "*", "Condition": {"ForAnyValue:StringNotLike": {"aws:TagKeys": "*"}}}`),
		policy(`{"Effect": "Deny", "Action": "ec2:CreateTags", "Resource": "*", "Condition": {"ForAnyValue:StringNotLike": {"aws:TagKeys": "team-*"}}}`))
)
