package iamrules

import (
	"strings"

	"github.com/leastpriv/leastpriv/catalog"
	"github.com/leastpriv/leastpriv/diag"
	"github.com/leastpriv/leastpriv/iam"
	"github.com/leastpriv/leastpriv/lint"
)

// StringLikeOperatorWithARNConditionKeys reports StringLike and StringNotLike
// on keys whose values are ARNs.
var StringLikeOperatorWithARNConditionKeys = &lint.Rule{
	Code:     "STRING_LIKE_OPERATOR_WITH_ARN_CONDITION_KEYS",
	Severity: diag.SecurityWarning,
	Title:    "string pattern operator (StringLike) on a condition key whose values are ARNs",
	Doc: `StringLike matches the whole ARN as one string: a '*' crosses the colons
between its fields, so "arn:aws:iam::111122223333:role/*" also matches
"arn:aws:iam::111122223333:role/x:anything", and a pattern written for one
field can match text in the next. ArnLike compares the six fields of the ARN
one by one, so a wildcard stays in its field. Use ArnLike (ArnNotLike instead
of StringNotLike) for keys of type ARN: aws:PrincipalArn, aws:SourceArn and
the service keys the catalog types as ARN. TYPE_MISMATCH reports the other
string operators on ARN keys only when they do not fit at all.`,
	Hint:   "use ArnLike (or ArnNotLike)",
	Source: srcAA,
	URLs:   []string{aaChecks + "#access-analyzer-reference-policy-checks-security-warning-string-like-operator-with-arn-condition-keys", operatorsDoc + "#Conditions_ARN"},
	Bad:    policy(`{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {"StringLike": {"aws:PrincipalArn": "arn:aws:iam::111122223333:role/app-*"}}}`),
	Good:   policy(`{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {"ArnLike": {"aws:PrincipalArn": "arn:aws:iam::111122223333:role/app-*"}}}`),
	Run: func(p *lint.Pass) {
		for _, st := range p.Policy.Statements {
			conditionEntries(st, func(b *iam.ConditionBlock, e *iam.ConditionEntry) {
				op := b.Operator
				if op.Base != "StringLike" && op.Base != "StringNotLike" {
					return
				}
				k := knownKey(p, e.Key.Value)
				if k == nil || k.Type.Elem() != catalog.ARN {
					return
				}
				p.Reportf(b.OpRange, b.Path, "%s compares ARN key %s as one string: use %s", op.Name, e.Key.Value, arnOperator(op))
			})
		}
	},
}

// arnOperator returns the ARN operator that does what a StringLike or
// StringNotLike operator was meant to, keeping its qualifier and IfExists.
func arnOperator(op iam.Operator) string {
	return strings.Replace(op.Name, op.Base, "Arn"+strings.TrimPrefix(op.Base, "String"), 1)
}
