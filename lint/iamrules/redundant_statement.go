package iamrules

import (
	"slices"
	"strings"

	"github.com/leastpriv/leastpriv/diag"
	"github.com/leastpriv/leastpriv/iam"
	"github.com/leastpriv/leastpriv/lint"
)

// RedundantStatement reports statements that another statement of the same
// policy already makes.
var RedundantStatement = &lint.Rule{
	Code:     "REDUNDANT_STATEMENT",
	Severity: diag.Suggestion,
	Title:    "statement repeats or is covered by another statement",
	Doc: `A statement is redundant when another statement of the policy has the same
effect, principals and conditions and covers all of its actions and resources:
the same statement pasted twice, or a narrow statement beside a broad one. The
duplicate changes nothing today, and a later edit to one copy silently leaves
the other in force.`,
	Hint:   "remove the redundant statement, or merge the two",
	Source: srcAA,
	URLs:   []string{aaChecks, "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_statement.html"},
	Bad: policy(`{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}`,
		`{"Effect": "Allow", "Action": "s3:Get*", "Resource": "arn:aws:s3:::b/*"}`),
	Good: policy(`{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}`,
		`{"Effect": "Allow", "Action": "s3:PutObject", "Resource": "arn:aws:s3:::b/*"}`),
	Run: func(p *lint.Pass) {
		sts := p.Policy.Statements
		if len(sts) < 2 {
			return
		}
		// Only statements with the same effect, element forms, principals
		// and conditions can cover one another.
		sig := make([]string, len(sts))
		for i, st := range sts {
			sig[i] = signature(st)
		}
		for i, a := range sts {
			for k, b := range sts {
				if i == k || sig[i] != sig[k] || !coversStatement(b, a) {
					continue
				}
				same := coversStatement(a, b)
				// Identical statements: report the later one only.
				if same && k > i {
					continue
				}
				r, path := a.Range, a.Path
				if a.Sid != nil {
					r, path = a.Sid.Range, a.Sid.Path
				}
				verb := "is covered by"
				if same {
					verb = "repeats"
				}
				p.Report(diag.Diagnostic{Range: headRange(r, a), Path: path,
					Message: sprintf("statement %d %s statement %d", i+1, verb, k+1),
					Related: []diag.Related{{Range: headRange(b.Range, b), Message: sprintf("statement %d is here", k+1)}}})
				break
			}
		}
	},
}

// signature summarises what two statements must share for one to cover the
// other.
func signature(st *iam.Statement) string {
	if st.Action == nil {
		return "\x00invalid"
	}
	var b strings.Builder
	b.WriteString(st.Effect.String())
	if st.Action.Not {
		b.WriteString("|NotAction")
	}
	switch {
	case st.Resource == nil:
		b.WriteString("|noResource")
	case st.Resource.Not:
		b.WriteString("|NotResource")
	}
	if st.Condition != nil {
		b.WriteString("|")
		b.WriteString(conditionKey(st.Condition))
	}
	if st.Principal != nil {
		b.WriteString("|")
		b.WriteString(principalKey(st.Principal))
	}
	return b.String()
}

// headRange narrows a statement's range to its first line, for reporting.
func headRange(r diag.Range, st *iam.Statement) diag.Range {
	if st.Sid != nil && r == st.Sid.Range {
		return r
	}
	r.End = r.Start
	r.End.Offset++
	r.End.Column++
	return r
}

// coversStatement reports whether statement b grants (or denies) everything
// a does; the caller has checked that their signatures are equal.
func coversStatement(b, a *iam.Statement) bool {
	if a.Action.Not {
		// b excludes a subset of what a excludes.
		if !allCovered(b.Action.Values, a.Action.Values, true) {
			return false
		}
	} else if !allCovered(a.Action.Values, b.Action.Values, true) {
		return false
	}
	if a.Resource != nil {
		if a.Resource.Not {
			return allCovered(b.Resource.Values, a.Resource.Values, false)
		}
		return allCovered(a.Resource.Values, b.Resource.Values, false)
	}
	return true
}

// allCovered reports whether every value of xs is covered by some value of ys.
func allCovered(xs, ys []iam.String, fold bool) bool {
	for _, x := range xs {
		ok := false
		for _, y := range ys {
			if covers(y.Value, x.Value, fold) {
				ok = true
				break
			}
		}
		if !ok {
			return false
		}
	}
	return true
}

func conditionKey(c *iam.Condition) string {
	var parts []string
	for _, b := range c.Blocks {
		for _, e := range b.Entries {
			vals := make([]string, len(e.Values))
			for i, v := range e.Values {
				vals[i] = v.Text
			}
			slices.Sort(vals)
			parts = append(parts, b.Operator.Name+"\x00"+strings.ToLower(e.Key.Value)+"\x00"+strings.Join(vals, "\x01"))
		}
	}
	slices.Sort(parts)
	return strings.Join(parts, "\x02")
}

func principalKey(p *iam.Principal) string {
	var parts []string
	if p.Not {
		parts = append(parts, "Not")
	}
	if p.Star {
		parts = append(parts, "*")
	}
	for _, e := range p.Entries {
		for _, v := range e.Values {
			parts = append(parts, e.Kind.String()+"\x00"+v.Value)
		}
	}
	slices.Sort(parts)
	return strings.Join(parts, "\x01")
}
