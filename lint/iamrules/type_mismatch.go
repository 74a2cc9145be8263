package iamrules

import (
	"github.com/leastpriv/leastpriv/diag"
	"github.com/leastpriv/leastpriv/iam"
	"github.com/leastpriv/leastpriv/lint"
)

// TypeMismatch reports condition operators of a type the key does not have.
var TypeMismatch = &lint.Rule{
	Code:     "TYPE_MISMATCH",
	Severity: diag.Warning,
	Title:    "condition operator does not fit the key's type",
	Doc: `Each condition key has a type (String, Numeric, Date, Bool, ARN, IP address,
Binary) and must be tested with an operator of that type: aws:CurrentTime with
DateGreaterThan, aws:SecureTransport with Bool, aws:SourceIp with IpAddress. A
String operator on a date compares text, not time, and rarely does what was
meant. String operators on ARN keys are accepted. Null fits every key.`,
	Hint:   "use an operator of the key's type",
	Source: srcAA,
	URLs:   []string{aaChecks, operatorsDoc},
	Bad:    policy(`{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*", "Condition": {"StringEquals": {"aws:MultiFactorAuthPresent": "true"}}}`),
	Good:   policy(`{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*", "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}}}`),
	Run: func(p *lint.Pass) {
		for _, st := range p.Policy.Statements {
			conditionEntries(st, func(b *iam.ConditionBlock, e *iam.ConditionEntry) {
				f := b.Operator.Family
				if f == iam.NullFamily || f == 0 {
					return
				}
				k := knownKey(p, e.Key.Value)
				if k == nil {
					return
				}
				want := familyFor(k.Type)
				if want == 0 || want == f || f == iam.StringFamily && want == iam.ARNFamily {
					return
				}
				p.Reportf(b.OpRange, b.Path, "%s is a %s operator, but %s has type %s: use a %s operator", b.Operator.Name, familyName(f), e.Key.Value, k.Type, familyName(want))
			})
		}
	},
}
