package iamrules

import (
	"github.com/leastpriv/leastpriv/diag"
	"github.com/leastpriv/leastpriv/lint"
)

// EmptySidValue reports statements whose Sid is the empty string.
var EmptySidValue = &lint.Rule{
	Code:     "EMPTY_SID_VALUE",
	Severity: diag.Suggestion,
	Title:    `Sid is an empty string`,
	Doc: `The Sid element is optional, but when it is present it names the statement:
reviews, diffs and configuration ignores refer to statements by it. An empty
"Sid": "" names nothing. Give the statement a name of letters and digits, or
remove the element.`,
	Hint:   `give the statement a name ("Sid": "ReadReports") or remove "Sid"`,
	Source: srcAA,
	URLs:   []string{aaChecks, "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_sid.html"},
	Bad:    policy(`{"Sid": "", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::reports/*"}`),
	Good:   policy(`{"Sid": "ReadReports", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::reports/*"}`),
	Run: func(p *lint.Pass) {
		for _, st := range p.Policy.Statements {
			if st.Sid != nil && st.Sid.Value == "" && !p.Placeholder(st.Sid.Range) {
				p.Reportf(st.Sid.Range, st.Sid.Path, "statement %d has an empty Sid", st.Index+1)
			}
		}
	},
}
