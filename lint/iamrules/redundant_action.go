package iamrules

import (
	"strings"

	"github.com/leastpriv/leastpriv/diag"
	"github.com/leastpriv/leastpriv/lint"
)

// RedundantAction reports actions already matched by a wildcard of the same
// element.
var RedundantAction = &lint.Rule{
	Code:     "REDUNDANT_ACTION",
	Severity: diag.Suggestion,
	Title:    "action already matched by another pattern of the same element",
	Doc: `An action (or pattern) in an Action or NotAction list is redundant when
another entry of the same list matches everything it matches: "apigateway:GET"
beside "apigateway:*", "iam:GetCredentialReport" beside "iam:Get*". Removing it
changes nothing. A long list of actions next to the wildcard that covers them
usually means the wildcard was added as a shortcut: the list then documents
permissions the policy does not limit to. Coverage is decided on the patterns
themselves, so it also holds for actions AWS adds later. Exact duplicates are
reported as DUPLICATE_ACTION.`,
	Hint:   "remove the redundant entry, or replace the wildcard by the actions needed",
	Source: srcAA,
	URLs:   []string{aaChecks, actionDoc},
	Bad:    policy(`{"Effect": "Allow", "Action": ["iam:Get*", "iam:GetCredentialReport"], "Resource": "*"}`),
	Good:   policy(`{"Effect": "Allow", "Action": ["iam:Get*", "iam:GenerateCredentialReport"], "Resource": "*"}`),
	Run: func(p *lint.Pass) {
		for _, st := range p.Policy.Statements {
			if st.Action == nil {
				continue
			}
			vals := st.Action.Values
			refs := p.Actions(st)
			// Wildcards by service prefix; those with a wildcard in the
			// prefix can cover anything.
			var anyPrefix []int
			var byPrefix map[string][]int
			for k := range vals {
				if !refs[k].Wild {
					continue
				}
				pre := refs[k].Prefix
				if hasWildcard(pre) {
					anyPrefix = append(anyPrefix, k)
				} else {
					if byPrefix == nil {
						byPrefix = map[string][]int{}
					}
					byPrefix[strings.ToLower(pre)] = append(byPrefix[strings.ToLower(pre)], k)
				}
			}
			if len(anyPrefix) == 0 && len(byPrefix) == 0 {
				continue
			}
			for i, v := range vals {
				pre := refs[i].Prefix
				var cands []int
				if byPrefix != nil {
					cands = byPrefix[strings.ToLower(pre)]
				}
				if refs[i].Wild && hasWildcard(pre) {
					cands = nil // only a prefix wildcard can cover a prefix wildcard
				}
				for n := range len(cands) + len(anyPrefix) {
					k := 0
					if n < len(cands) {
						k = cands[n]
					} else {
						k = anyPrefix[n-len(cands)]
					}
					w := vals[k]
					if k == i || strings.EqualFold(v.Value, w.Value) {
						continue
					}
					if covers(w.Value, v.Value, true) && !(k > i && covers(v.Value, w.Value, true)) {
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
