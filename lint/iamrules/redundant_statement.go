package iamrules

import (
	"github.com/leastpriv/leastpriv/catalog"
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
		// and conditions can cover one another: chain the statements of
		// each signature, and compare statement i with the others of its
		// chain, in document order.
		next := make([]int, len(sts)) // next statement of the chain, or -1
		head := make([]int, len(sts)) // first statement of the chain
		size := make([]int, len(sts)) // by head: statements in the chain
		last := make(map[string]int, 4)
		for i, st := range sts {
			sig := signature(st)
			next[i], head[i] = -1, i
			if j, ok := last[sig]; ok {
				next[j], head[i] = i, head[j]
			}
			last[sig] = i
			size[head[i]]++
		}
		// Index only the statements that share their signature.
		idx := make([]stmtIndex, len(sts))
		for i, st := range sts {
			if size[head[i]] > 1 {
				idx[i] = indexStatement(p, st)
			}
		}
		for i, a := range sts {
			if size[head[i]] < 2 {
				continue
			}
			for k := head[i]; k >= 0; k = next[k] {
				b := sts[k]
				if i == k || !coversStatement(p, &idx[k], &idx[i]) {
					continue
				}
				same := coversStatement(p, &idx[i], &idx[k])
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
	if st.Condition == nil && st.Principal == nil && !st.Action.Not && st.Resource != nil && !st.Resource.Not {
		// The common case, without building a string.
		return st.Effect.String()
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

// A valueIndex answers "is this value covered by the list?" quickly: known
// actions by identity, other values without wildcards by text, and the
// list's patterns.
type valueIndex struct {
	fold     bool
	acts     map[*catalog.Action]bool
	exact    map[string]bool
	wild     []string
	values   []iam.String
	resolved []*catalog.Action // per value: the catalog action, or nil
}

// smallList is the length up to which a valueIndex compares values one by
// one instead of building maps.
var smallList = 8

func newValueIndex(vals []iam.String, refs []lint.ActionRef, fold bool) valueIndex {
	ix := valueIndex{fold: fold, values: vals}
	small := len(vals) <= smallList
	if refs != nil {
		ix.resolved = make([]*catalog.Action, len(vals))
		if !small {
			ix.acts = make(map[*catalog.Action]bool, len(vals))
		}
	}
	for i, v := range vals {
		switch {
		case hasWildcard(v.Value):
			ix.wild = append(ix.wild, v.Value)
		case refs != nil && refs[i].Action != nil:
			ix.resolved[i] = refs[i].Action
			if !small {
				ix.acts[refs[i].Action] = true
			}
		case small:
			// Compared one by one in has.
		default:
			if ix.exact == nil {
				ix.exact = make(map[string]bool, len(vals))
			}
			k := v.Value
			if fold {
				k = strings.ToLower(k)
			}
			ix.exact[k] = true
		}
	}
	return ix
}

// has reports whether the list holds, written without wildcards, the
// catalog action a (when not nil) or else the value x, for lists short
// enough to have no maps.
func (ix *valueIndex) has(a *catalog.Action, x string) bool {
	for j, v := range ix.values {
		switch {
		case ix.resolved != nil && ix.resolved[j] != nil:
			if ix.resolved[j] == a {
				return true
			}
		case a != nil || hasWildcard(v.Value):
		case ix.fold && strings.EqualFold(v.Value, x), !ix.fold && v.Value == x:
			return true
		}
	}
	return false
}

// coversAll reports whether every value of xs is covered by the list.
func (ix *valueIndex) coversAll(xs *valueIndex) bool {
	small := len(ix.values) <= smallList
	for i, x := range xs.values {
		var a *catalog.Action
		if xs.resolved != nil {
			a = xs.resolved[i]
		}
		if small {
			if !hasWildcard(x.Value) && ix.has(a, x.Value) {
				continue
			}
		} else if a != nil && ix.acts[a] {
			continue
		}
		if !small && ix.exact != nil && a == nil {
			k := x.Value
			if ix.fold {
				k = strings.ToLower(k)
			}
			if ix.exact[k] {
				continue
			}
		}
		ok := false
		for _, w := range ix.wild {
			if covers(w, x.Value, ix.fold) {
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

// stmtIndex indexes a statement's actions (on first use) and resources.
type stmtIndex struct {
	st                                  *iam.Statement
	actionNot, resourceNot, hasResource bool
	actionsDone                         bool
	actions, resources                  valueIndex
}

func indexStatement(p *lint.Pass, st *iam.Statement) stmtIndex {
	ix := stmtIndex{st: st}
	if st.Action != nil {
		ix.actionNot = st.Action.Not
	}
	if st.Resource != nil {
		ix.hasResource = true
		ix.resourceNot = st.Resource.Not
		ix.resources = newValueIndex(st.Resource.Values, nil, false)
	}
	return ix
}

// actionIndex returns the index of the statement's actions.
func (ix *stmtIndex) actionIndex(p *lint.Pass) *valueIndex {
	if !ix.actionsDone {
		ix.actionsDone = true
		if ix.st.Action != nil {
			ix.actions = newValueIndex(ix.st.Action.Values, p.Actions(ix.st), true)
		}
	}
	return &ix.actions
}

// coversStatement reports whether statement b grants (or denies) everything
// a does; the caller has checked that their signatures are equal.
func coversStatement(p *lint.Pass, b, a *stmtIndex) bool {
	// Actions first: they are mostly known actions, compared by identity,
	// which rejects most pairs at once; resources are patterns.
	if a.actionNot {
		// b excludes a subset of what a excludes.
		if !a.actionIndex(p).coversAll(b.actionIndex(p)) {
			return false
		}
	} else if !b.actionIndex(p).coversAll(a.actionIndex(p)) {
		return false
	}
	if a.hasResource {
		if a.resourceNot {
			return a.resources.coversAll(&b.resources)
		}
		return b.resources.coversAll(&a.resources)
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
