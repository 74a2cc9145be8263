package iamrules

import (
	"github.com/leastpriv/leastpriv/diag"
	"github.com/leastpriv/leastpriv/iam"
	"github.com/leastpriv/leastpriv/lint"
)

// MissingTagKeyInCondition reports tag condition keys written without the
// tag key ("aws:ResourceTag" instead of "aws:ResourceTag/team").
var MissingTagKeyInCondition = &lint.Rule{
	Code:     "MISSING_TAG_KEY_IN_CONDITION",
	Severity: diag.Error,
	Title:    "tag condition key without a tag key",
	Doc: `Tag condition keys name the tag they test: "aws:ResourceTag/owner",
"aws:RequestTag/project", "s3:ExistingObjectTag/classification". Written without
"/tag-key" the key is never in the request context.`,
	Hint:   "append /TAG-KEY to the condition key",
	Source: srcAA,
	URLs:   []string{aaChecks, "https://docs.aws.amazon.com/IAM/latest/UserGuide/access_tags.html"},
	Bad:    policy(`{"Effect": "Allow", "Action": "ec2:StartInstances", "Resource": "*", "Condition": {"StringEquals": {"aws:ResourceTag": "owner"}}}`),
	Good:   policy(`{"Effect": "Allow", "Action": "ec2:StartInstances", "Resource": "*", "Condition": {"StringEquals": {"aws:ResourceTag/owner": "alice"}}}`),
	Run: func(p *lint.Pass) {
		for _, st := range p.Policy.Statements {
			conditionEntries(st, func(_ *iam.ConditionBlock, e *iam.ConditionEntry) {
				name := e.Key.Value
				if knownKey(p, name) != nil {
					return
				}
				if k := knownKey(p, name+"/x"); k != nil && k.IsTemplate() {
					p.Reportf(e.Key.Range, e.Key.Path, "condition key %s needs a tag key: %s/TAG-KEY (%s)", name, name, k.Name)
				}
			})
		}
	},
}
