package iamrules

import (
	"strings"

	"github.com/leastpriv/leastpriv/diag"
	"github.com/leastpriv/leastpriv/iam"
	"github.com/leastpriv/leastpriv/lint"
)

// InvalidServiceConditionKey reports service condition keys the service
// does not define.
var InvalidServiceConditionKey = &lint.Rule{
	Code:     "INVALID_SERVICE_CONDITION_KEY",
	Severity: diag.Error,
	Title:    "service condition key does not exist",
	Doc: `The service named by the key's prefix defines no such condition key, so it is
never in the request context: the condition never matches (or, negated, always
does).`,
	Hint:   "use a condition key the service defines ('leastpriv catalog show ACTION' lists them)",
	Source: srcAA,
	URLs:   []string{aaChecks, sarDoc},
	Bad:    policy(`{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*", "Condition": {"StringLike": {"s3:prefixes": "home/*"}}}`),
	Good:   policy(`{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*", "Condition": {"StringLike": {"s3:prefix": "home/*"}}}`),
	Run: func(p *lint.Pass) {
		for _, st := range p.Policy.Statements {
			conditionEntries(st, func(_ *iam.ConditionBlock, e *iam.ConditionEntry) {
				if _, s := resolveKey(p.Catalog, e.Key.Value); s == keyUnknownForSvc && !p.Placeholder(e.Key.Range) && !bareTagKey(p, e.Key.Value) {
					hint := ""
					if sug := suggestKey(p, e.Key.Value); sug != "" {
						hint = "did you mean " + sug + "?"
					}
					prefix, _, _ := strings.Cut(e.Key.Value, ":")
					p.ReportHint(e.Key.Range, e.Key.Path, hint, "%s is not a condition key of service %s", e.Key.Value, strings.ToLower(prefix))
				}
			})
		}
	},
}

// suggestKey returns the known key of the same prefix closest to name, or "".
func suggestKey(p *lint.Pass, name string) string {
	prefix, _, _ := strings.Cut(name, ":")
	var cands []string
	if strings.EqualFold(prefix, "aws") {
		for _, k := range p.Catalog.GlobalConditionKeys() {
			cands = append(cands, k.Name)
		}
	} else if s := p.Catalog.Service(prefix); s != nil {
		for _, k := range s.ConditionKeys {
			cands = append(cands, k.Name)
		}
	}
	best, bestD := "", 4
	for _, c := range cands {
		if d := distance(strings.ToLower(c), strings.ToLower(name)); d < bestD {
			best, bestD = c, d
		}
	}
	return best
}

// distance is the Levenshtein distance, capped for speed by the callers'
// small thresholds.
func distance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
