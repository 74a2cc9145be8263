package iamrules

import (
	"github.com/leastpriv/leastpriv/diag"
	"github.com/leastpriv/leastpriv/iam"
	"github.com/leastpriv/leastpriv/lint"
)

// NullWithQualifier reports Null with ForAllValues or ForAnyValue.
var NullWithQualifier = &lint.Rule{
	Code:     "NULL_WITH_QUALIFIER",
	Severity: diag.Suggestion,
	Title:    "Null operator with ForAllValues or ForAnyValue",
	Doc: `Null tests whether a key is present. With ForAllValues it always returns true,
with ForAnyValue always false: the qualifier makes the condition meaningless.`,
	Hint:   "use Null without a qualifier",
	Source: srcAA,
	URLs:   []string{aaChecks, multiValueDoc},
	Bad:    policy(`{"Effect": "Allow", "Action": "ec2:CreateTags", "Resource": "*", "Condition": {"ForAllValues:Null": {"aws:TagKeys": "false"}}}`),
	Good:   policy(`{"Effect": "Allow", "Action": "ec2:CreateTags", "Resource": "*", "Condition": {"Null": {"aws:TagKeys": "false"}}}`),
	Run: func(p *lint.Pass) {
		for _, st := range p.Policy.Statements {
			if st.Condition == nil {
				continue
			}
			for _, b := range st.Condition.Blocks {
				if b.Operator.Family == iam.NullFamily && b.Operator.Qualifier != iam.NoQualifier {
					p.Reportf(b.OpRange, b.Path, "%s: Null with %s always evaluates the same way", b.Operator.Name, b.Operator.Qualifier)
				}
			}
		}
	},
}
