package iamrules

import (
	"strings"

	"github.com/leastpriv/leastpriv/diag"
	"github.com/leastpriv/leastpriv/iam"
	"github.com/leastpriv/leastpriv/lint"
)

// UnknownConditionForAction reports service condition keys that no action of
// the statement supports.
var UnknownConditionForAction = &lint.Rule{
	Code:     "UNKNOWN_CONDITION_FOR_ACTION",
	Severity: diag.Warning,
	Title:    "condition key supported by no action of the statement",
	Doc: `A service condition key is in the request context only for the actions that
support it: s3:prefix for s3:ListBucket, ec2:InstanceType for ec2:RunInstances.
When no action of the statement supports the key, the condition never matches
(an Allow grants nothing; a Deny with a negated operator denies everything).
Global "aws:" keys are not checked here.`,
	Hint:   "move the condition to the actions that support the key ('leastpriv catalog show ACTION')",
	Source: srcParl,
	URLs:   []string{sarDoc, conditionDoc, parliamentURL},
	Bad:    policy(`{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {"StringLike": {"s3:prefix": "home/*"}}}`),
	Good:   policy(`{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*", "Condition": {"StringLike": {"s3:prefix": "home/*"}}}`),
	Run: func(p *lint.Pass) {
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
			if !complete {
				continue
			}
			acts := p.Applies(st).Actions(p.Catalog)
			conditionEntries(st, func(_ *iam.ConditionBlock, e *iam.ConditionEntry) {
				name := e.Key.Value
				k := knownKey(p, name)
				if k == nil || k.Global || strings.EqualFold(keyPrefix(name), "aws") {
					return
				}
				for _, a := range acts {
					if supportsKey(a, name) {
						return
					}
				}
				p.Reportf(e.Key.Range, e.Key.Path, "no action of this statement supports condition key %s", name)
			})
		}
	},
}
