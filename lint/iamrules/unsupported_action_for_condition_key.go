package iamrules

import (
	"slices"
	"strings"

	"github.com/leastpriv/leastpriv/diag"
	"github.com/leastpriv/leastpriv/iam"
	"github.com/leastpriv/leastpriv/lint"
)

// UnsupportedActionForConditionKey reports service condition keys that
// actions of the statement do not support.
var UnsupportedActionForConditionKey = &lint.Rule{
	Code:     "UNSUPPORTED_ACTION_FOR_CONDITION_KEY",
	Aliases:  []string{"UNKNOWN_CONDITION_FOR_ACTION"},
	Severity: diag.Error,
	Title:    "condition key not supported by actions of the statement",
	Doc: `A service condition key is in the request context only for the actions that
support it: s3:prefix for s3:ListBucket, ec2:InstanceType for ec2:RunInstances.
For the other actions of the statement the condition is not evaluated as
meant: the key is missing, so an Allow never grants them and a Deny with a
negated operator always denies them. Move those actions to a statement
without the condition.

Two cases are reported. When no action of the statement supports the key (its
wildcards expanded), the condition never holds for anything it applies to
(Parliament's UNKNOWN_CONDITION_FOR_ACTION, this rule's earlier code). When
some actions support it, the actions written without wildcards that do not
are listed, as Access Analyzer does; this case is not reported for IfExists
operators, which say that requests without the key are meant to pass, nor for
Null, which tests whether the key is there. Global "aws:" keys are not
checked here (the tag keys have their own checks).`,
	Hint:   "move these actions to a statement without this condition ('leastpriv catalog show ACTION' lists an action's keys)",
	Source: srcAA,
	URLs:   []string{aaChecks + "#access-analyzer-reference-policy-checks-error-unsupported-action-for-condition-key", sarDoc, conditionDoc, parliamentURL},
	Bad:    policy(`{"Effect": "Allow", "Action": ["s3:ListBucket", "s3:GetObject"], "Resource": "*", "Condition": {"StringLike": {"s3:prefix": "home/*"}}}`),
	Good:   policy(`{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*", "Condition": {"StringLike": {"s3:prefix": "home/*"}}}`, `{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/home/*"}`),
	Run: func(p *lint.Pass) {
		var ids []int // reused across keys
		for _, st := range p.Policy.Statements {
			if st.Action == nil || st.Action.Not || st.Condition == nil {
				continue
			}
			refs := p.Actions(st)
			complete := true
			for _, r := range refs {
				if r.Empty() {
					complete = false
				}
			}
			conditionEntries(st, func(b *iam.ConditionBlock, e *iam.ConditionEntry) {
				name := e.Key.Value
				k := knownKey(p, name)
				if k == nil || k.Global || strings.EqualFold(keyPrefix(name), "aws") {
					return
				}
				if complete && !appliesToKey(p, st, name) {
					p.Reportf(e.Key.Range, e.Key.Path, "no action of this statement supports condition key %s", name)
					return
				}
				if b.Operator.IfExists || b.Operator.Family == iam.NullFamily {
					return
				}
				ids = ids[:0]
				for _, r := range refs {
					if r.Action != nil && !supportsKey(r.Action, name) {
						ids = append(ids, r.Action.ID)
					}
				}
				if len(ids) == 0 {
					return
				}
				slices.Sort(ids)
				ids = slices.Compact(ids)
				verb, them := "does", "it"
				if len(ids) > 1 {
					verb, them = "do", "them"
				}
				p.Reportf(e.Key.Range, e.Key.Path, "%s %s not support condition key %s: requests for %s never carry the key", names(p.Catalog, ids, 5), verb, name, them)
			})
		}
	},
}

// appliesToKey reports whether some action the statement applies to
// supports condition key name.
func appliesToKey(p *lint.Pass, st *iam.Statement, name string) bool {
	refs := p.Actions(st)
	wild := false
	for _, r := range refs {
		if r.Action != nil {
			if supportsKey(r.Action, name) {
				return true
			}
		} else {
			wild = true
		}
	}
	if !wild {
		return false
	}
	for _, a := range p.Applies(st).Actions(p.Catalog) {
		if supportsKey(a, name) {
			return true
		}
	}
	return false
}
