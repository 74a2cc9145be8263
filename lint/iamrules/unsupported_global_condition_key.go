package iamrules

import (
	"strings"

	"github.com/leastpriv/leastpriv/diag"
	"github.com/leastpriv/leastpriv/iam"
	"github.com/leastpriv/leastpriv/lint"
)

// UnsupportedGlobalConditionKey reports aws:ARN.
var UnsupportedGlobalConditionKey = &lint.Rule{
	Code:     "UNSUPPORTED_GLOBAL_CONDITION_KEY",
	Severity: diag.Error,
	Title:    "aws:ARN is not a supported condition key",
	Doc: `aws:ARN is not supported in policies. To compare the ARN of the principal
making the request use aws:PrincipalArn; for the resource making a
service-to-service request use aws:SourceArn.`,
	Hint:   "use aws:PrincipalArn or aws:SourceArn",
	Source: srcAA,
	URLs:   []string{aaChecks, globalKeysDoc},
	Bad:    policy(`{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*", "Condition": {"ArnLike": {"aws:ARN": "arn:aws:iam::111122223333:role/*"}}}`),
	Good:   policy(`{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*", "Condition": {"ArnLike": {"aws:PrincipalArn": "arn:aws:iam::111122223333:role/*"}}}`),
	Run: func(p *lint.Pass) {
		for _, st := range p.Policy.Statements {
			conditionEntries(st, func(_ *iam.ConditionBlock, e *iam.ConditionEntry) {
				if strings.EqualFold(e.Key.Value, "aws:ARN") {
					p.Reportf(e.Key.Range, e.Key.Path, "condition key %s is not supported; use aws:PrincipalArn or aws:SourceArn", e.Key.Value)
				}
			})
		}
	},
}
