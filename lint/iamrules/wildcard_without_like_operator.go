package iamrules

import (
	"strings"

	"github.com/leastpriv/leastpriv/diag"
	"github.com/leastpriv/leastpriv/iam"
	"github.com/leastpriv/leastpriv/lint"
)

// WildcardWithoutLikeOperator reports * and ? in values of string operators
// that compare exactly.
var WildcardWithoutLikeOperator = &lint.Rule{
	Code:     "WILDCARD_WITHOUT_LIKE_OPERATOR",
	Severity: diag.Warning,
	Title:    "wildcard in a value of an exact string operator",
	Doc: `StringEquals, StringNotEquals and their IgnoreCase forms compare exactly: a
'*' or '?' in the value is a literal character. To match a pattern use
StringLike or StringNotLike.`,
	Hint:   "use StringLike (or StringNotLike)",
	Source: srcAA,
	URLs:   []string{aaChecks, operatorsDoc},
	Bad:    policy(`{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*", "Condition": {"StringEquals": {"aws:PrincipalTag/job": "admin-*"}}}`),
	Good:   policy(`{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*", "Condition": {"StringLike": {"aws:PrincipalTag/job": "admin-*"}}}`),
	Run: func(p *lint.Pass) {
		for _, st := range p.Policy.Statements {
			conditionEntries(st, func(b *iam.ConditionBlock, e *iam.ConditionEntry) {
				if b.Operator.Family != iam.StringFamily || strings.Contains(b.Operator.Base, "Like") {
					return
				}
				for _, v := range e.Values {
					t := escapedWildcards.Replace(v.Text)
					if hasWildcard(t) && !p.Placeholder(v.Range) {
						p.Reportf(v.Range, v.Path, "%s compares exactly, so the wildcard in %q is a literal character", b.Operator.Name, v.Text)
					}
				}
			})
		}
	},
}

// escapedWildcards removes the ${*} and ${?} escapes, which are literal.
var escapedWildcards = strings.NewReplacer("${*}", "", "${?}", "")
