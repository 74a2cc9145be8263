package iamrules

import (
	"github.com/leastpriv/leastpriv/diag"
	"github.com/leastpriv/leastpriv/lint"
)

// RedundantResource reports resource ARNs already matched by another entry
// of the same element.
var RedundantResource = &lint.Rule{
	Code:     "REDUNDANT_RESOURCE",
	Severity: diag.Suggestion,
	Title:    "resource already matched by another pattern of the same element",
	Doc: `A Resource or NotResource entry is redundant when another entry of the same
list matches every ARN it matches, such as "arn:aws:iam::111122223333:role/jane-admin"
beside "arn:aws:iam::111122223333:role/jane*". In resource ARNs a '*' also
matches ':' and '/', so "arn:aws:lambda:*:*:layer:x-*" covers
"arn:aws:lambda:*:*:layer:x-*:*". Decide whether the policy is meant for the
listed resources or for every resource the pattern matches, and keep one.`,
	Hint:   "remove the redundant ARN, or the pattern that covers it",
	Source: srcAA,
	URLs:   []string{aaChecks, resourceDoc},
	Bad:    policy(`{"Effect": "Allow", "Action": "iam:GetRole", "Resource": ["arn:aws:iam::111122223333:role/jane-admin", "arn:aws:iam::111122223333:role/jane*"]}`),
	Good:   policy(`{"Effect": "Allow", "Action": "iam:GetRole", "Resource": ["arn:aws:iam::111122223333:role/jane-admin", "arn:aws:iam::111122223333:role/jane-s3only"]}`),
	Run: func(p *lint.Pass) {
		for _, st := range p.Policy.Statements {
			if st.Resource == nil {
				continue
			}
			vals := st.Resource.Values
			first := make(map[string]int, len(vals))
			var wild []int
			for k, w := range vals {
				if hasWildcard(w.Value) {
					wild = append(wild, k)
				}
			}
			for i, v := range vals {
				if j, ok := first[v.Value]; ok {
					p.Report(diag.Diagnostic{Range: v.Range, Path: v.Path,
						Message: sprintf("%s is listed twice", v.Value),
						Related: []diag.Related{{Range: vals[j].Range, Message: "first listed here"}}})
					continue
				}
				first[v.Value] = i
				for _, k := range wild {
					w := vals[k]
					if k == i || w.Value == v.Value {
						continue
					}
					if covers(w.Value, v.Value, false) && !(k > i && covers(v.Value, w.Value, false)) {
						p.Report(diag.Diagnostic{Range: v.Range, Path: v.Path,
							Message: sprintf("%s is redundant: %s already matches it", v.Value, w.Value),
							Related: []diag.Related{{Range: w.Range, Message: w.Value + " is here"}}})
						break
					}
				}
			}
		}
	},
}
