package iamrules

import (
	"strings"

	"github.com/leastpriv/leastpriv/diag"
	"github.com/leastpriv/leastpriv/iam"
	"github.com/leastpriv/leastpriv/lint"
)

// BadPatternForMFA reports MFA checks that miss requests without the key.
var BadPatternForMFA = &lint.Rule{
	Code:     "BAD_PATTERN_FOR_MFA",
	Severity: diag.Warning,
	Title:    "MFA condition that misses requests made with long-term keys",
	Doc: `aws:MultiFactorAuthPresent is absent from requests signed with long-term access
keys. A Deny with "Bool": {"aws:MultiFactorAuthPresent": "false"} therefore does
not deny them; use BoolIfExists, which treats the absent key as a match. An
Allow with "Bool": ... "true" is right as written.`,
	Hint:   `use "BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}`,
	Source: srcParl,
	URLs:   []string{"https://repost.aws/knowledge-center/mfa-iam-user-aws-cli", globalKeysDoc, parliamentURL},
	Bad:    policy(`{"Effect": "Deny", "Action": "*", "Resource": "*", "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "false"}}}`),
	Good:   policy(`{"Effect": "Deny", "Action": "*", "Resource": "*", "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}}}`),
	Run: func(p *lint.Pass) {
		for _, st := range p.Policy.Statements {
			if st.Effect != iam.Deny {
				continue
			}
			conditionEntries(st, func(b *iam.ConditionBlock, e *iam.ConditionEntry) {
				if b.Operator.Family != iam.BoolFamily || b.Operator.IfExists || !strings.EqualFold(e.Key.Value, "aws:MultiFactorAuthPresent") {
					return
				}
				for _, v := range e.Values {
					if strings.EqualFold(v.Text, "false") {
						p.Reportf(b.OpRange, b.Path, "Deny with %s on aws:MultiFactorAuthPresent does not apply to requests made with long-term keys, which lack the key", b.Operator.Name)
						return
					}
				}
			})
		}
	},
}
