package iamrules

import (
	"github.com/leastpriv/leastpriv/catalog"
	"strings"

	"github.com/leastpriv/leastpriv/diag"
	"github.com/leastpriv/leastpriv/lint"
)

// DuplicateAction reports an action listed twice in one statement.
var DuplicateAction = &lint.Rule{
	Code:     "DUPLICATE_ACTION",
	Severity: diag.Suggestion,
	Title:    "action listed twice in a statement",
	Doc: `The same action (compared ignoring case, as IAM compares action names)
appears twice in one Action or NotAction list. The duplicate changes nothing;
it usually shows that the list was assembled by hand and not reviewed, and a
later edit to one copy will not do what its author expects.`,
	Hint:   "remove the duplicate",
	Source: srcOwn,
	URLs:   []string{actionDoc},
	Bad:    policy(`{"Effect": "Allow", "Action": ["lambda:GetFunction", "lambda:getfunction"], "Resource": "*"}`),
	Good:   policy(`{"Effect": "Allow", "Action": ["lambda:GetFunction", "lambda:GetFunctionConfiguration"], "Resource": "*"}`),
	Run: func(p *lint.Pass) {
		for _, st := range p.Policy.Statements {
			if st.Action == nil {
				continue
			}
			// Known actions compare by identity; other values by their
			// lower-case text. Short lists (most) are compared pairwise,
			// long ones through maps.
			refs := p.Actions(st)
			vals := st.Action.Values
			var seenAction map[*catalog.Action]int
			var seen map[string]int
			if len(vals) > 16 {
				seenAction = make(map[*catalog.Action]int, len(vals))
			}
			for i, v := range vals {
				j, ok := -1, false
				a := refs[i].Action
				switch {
				case seenAction == nil:
					for k := 0; k < i && !ok; k++ {
						if a != nil && refs[k].Action == a || a == nil && refs[k].Action == nil && strings.EqualFold(vals[k].Value, v.Value) {
							j, ok = k, true
						}
					}
				case a != nil:
					if j, ok = seenAction[a]; !ok {
						seenAction[a] = i
					}
				default:
					if seen == nil {
						seen = map[string]int{}
					}
					k := strings.ToLower(v.Value)
					if j, ok = seen[k]; !ok {
						seen[k] = i
					}
				}
				if ok {
					first := vals[j]
					p.Report(diag.Diagnostic{Range: v.Range, Path: v.Path,
						Message: sprintf("%s is listed twice (first at line %d)", v.Value, first.Range.Start.Line),
						Related: []diag.Related{{Range: first.Range, Message: "first listed here"}}})
				}
			}
		}
	},
}
