package iamrules

import (
	"strconv"
	"strings"

	"github.com/leastpriv/leastpriv/diag"
	"github.com/leastpriv/leastpriv/iam"
	"github.com/leastpriv/leastpriv/lint"
)

// RedundantConditionValueNum reports several values for a numeric
// less-than or greater-than comparison.
var RedundantConditionValueNum = &lint.Rule{
	Code:     "REDUNDANT_CONDITION_VALUE_NUM",
	Severity: diag.Suggestion,
	Title:    "several values for a numeric comparison",
	Doc: `The values of a key are ORed: NumericLessThan with ["2700", "3600"] is the same
as NumericLessThan "3600". Keep the single value that says what is meant.`,
	Hint:   "keep only the greatest (LessThan) or least (GreaterThan) value",
	Source: srcAA,
	URLs:   []string{aaChecks, operatorsDoc},
	Bad:    policy(`{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {"NumericLessThan": {"aws:MultiFactorAuthAge": ["2700", "3600"]}}}`),
	Good:   policy(`{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {"NumericLessThan": {"aws:MultiFactorAuthAge": "3600"}}}`),
	Run: func(p *lint.Pass) {
		for _, st := range p.Policy.Statements {
			conditionEntries(st, func(b *iam.ConditionBlock, e *iam.ConditionEntry) {
				base := b.Operator.Base
				if b.Operator.Family != iam.NumericFamily || len(e.Values) < 2 || !(strings.Contains(base, "LessThan") || strings.Contains(base, "GreaterThan")) {
					return
				}
				less := strings.Contains(base, "LessThan")
				best := ""
				var bestV float64
				for _, v := range e.Values {
					f, err := strconv.ParseFloat(v.Text, 64)
					if err != nil {
						return
					}
					if best == "" || less && f > bestV || !less && f < bestV {
						best, bestV = v.Text, f
					}
				}
				p.Reportf(e.Range, e.ValueKey, "%s with %d values is the same as %s %q", base, len(e.Values), base, best)
			})
		}
	},
}
