package iamrules

import (
	"strings"

	"github.com/leastpriv/leastpriv/diag"
	"github.com/leastpriv/leastpriv/iam"
	"github.com/leastpriv/leastpriv/lint"
)

// MissingPairedConditionKeys reports keys that are only safe together with
// another key.
var MissingPairedConditionKeys = &lint.Rule{
	Code:     "MISSING_PAIRED_CONDITION_KEYS",
	Severity: diag.SecurityWarning,
	Title:    "condition key used without the key it should be paired with",
	Doc: `Some keys are only meaningful together with another: aws:VpcSourceIp compares
the private address a request came from, and private addresses repeat across
VPCs, so it should be paired with aws:SourceVpc (or aws:SourceVpce) to say which
VPC.`,
	Hint:   "add the paired key to the same Condition",
	Source: srcAA,
	URLs:   []string{aaChecks, globalKeysDoc},
	Bad:    policy(`{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {"IpAddress": {"aws:VpcSourceIp": "10.0.0.0/16"}}}`),
	Good:   policy(`{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {"IpAddress": {"aws:VpcSourceIp": "10.0.0.0/16"}, "StringEquals": {"aws:SourceVpc": "vpc-1a2b3c4d"}}}`),
	Run: func(p *lint.Pass) {
		for _, st := range p.Policy.Statements {
			conditionEntries(st, func(_ *iam.ConditionBlock, e *iam.ConditionEntry) {
				for _, pair := range pairedKeys {
					if strings.EqualFold(e.Key.Value, pair.key) && !hasCondition(st, pair.with...) {
						p.Reportf(e.Key.Range, e.Key.Path, "%s is used without %s", e.Key.Value, strings.Join(pair.with, " or "))
					}
				}
			})
		}
	},
}

var pairedKeys = []struct {
	key  string
	with []string
}{
	{"aws:VpcSourceIp", []string{"aws:SourceVpc", "aws:SourceVpce"}},
}
