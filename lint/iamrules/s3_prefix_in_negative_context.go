package iamrules

import (
	"strings"

	"github.com/leastpriv/leastpriv/diag"
	"github.com/leastpriv/leastpriv/iam"
	"github.com/leastpriv/leastpriv/lint"
)

// S3PrefixInNegativeContext reports s3:prefix conditions that try to keep
// callers out of a prefix by matching it.
var S3PrefixInNegativeContext = &lint.Rule{
	Code:     "S3_PREFIX_IN_NEGATIVE_CONTEXT",
	Severity: diag.SecurityWarning,
	Title:    "s3:prefix tested to exclude a prefix, which a shorter prefix evades",
	Doc: `s3:prefix is the prefix a ListBucket request asks for, not the keys it lists:
a request for "priv" (or no prefix at all) lists the objects under "private/"
too. A Deny statement that matches s3:prefix against the prefixes to hide
(StringLike "private/*"), or an Allow that excludes them (StringNotLike),
is evaded by asking for a shorter prefix. Say what may be listed instead:
allow s3:ListBucket with StringLike on the permitted prefixes, or deny it with
StringNotLike on them (a request without the prefix, or with a shorter one,
is then denied).`,
	Hint:   "allow the permitted prefixes with StringLike, or deny with StringNotLike on them",
	Source: srcAA,
	URLs:   []string{aaChecks + "#access-analyzer-reference-policy-checks-security-warning-s3-prefix-in-negative-context", "https://docs.aws.amazon.com/AmazonS3/latest/userguide/amazon-s3-policy-keys.html"},
	Bad:    policy(`{"Effect": "Deny", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::b", "Condition": {"StringLike": {"s3:prefix": "private/*"}}}`),
	Good:   policy(`{"Effect": "Deny", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::b", "Condition": {"StringNotLike": {"s3:prefix": ["public/", "public/*"]}}}`),
	Run: func(p *lint.Pass) {
		for _, st := range p.Policy.Statements {
			conditionEntries(st, func(b *iam.ConditionBlock, e *iam.ConditionEntry) {
				if b.Operator.Family != iam.StringFamily || !strings.EqualFold(e.Key.Value, "s3:prefix") {
					return
				}
				if (st.Effect == iam.Deny) == b.Operator.Negated {
					return
				}
				how := "a Deny that matches"
				if b.Operator.Negated {
					how = "an Allow that excludes"
				}
				p.Reportf(e.Key.Range, e.Key.Path, "%s s3:prefix values is evaded by listing with a shorter prefix", how)
			})
		}
	},
}
