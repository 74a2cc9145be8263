package lint

import (
	"strings"

	"github.com/leastpriv/leastpriv/catalog"
	"github.com/leastpriv/leastpriv/diag"
	"github.com/leastpriv/leastpriv/iam"
	"github.com/leastpriv/leastpriv/internal/glob"
)

// A Pass is what one rule sees of one policy: the parsed policy, the catalog,
// the input it came from, and Report. Facts that several rules need (the
// actions each statement's patterns match) are computed once per policy and
// shared by every pass over it.
type Pass struct {
	Rule    *Rule
	Policy  *iam.Policy
	Catalog *catalog.Catalog
	Input   *Input

	facts   *facts
	out     *diag.List
	resolve func(string) *Resolved
	shared  func(MemoKey, func() any) any
	// sets are action sets of earlier policies whose words can be reused
	// (cleared) for this one's; nil without a Linter.
	sets *[]catalog.Set
}

// takeSet returns an empty set, reusing the words of a set of an earlier
// policy when one is free.
func (p *Pass) takeSet() catalog.Set {
	if p.sets == nil || len(*p.sets) == 0 {
		return catalog.Set{}
	}
	l := *p.sets
	s := l[len(l)-1]
	*p.sets = l[:len(l)-1]
	s.Clear()
	return s
}

// giveSet makes the words of s free for reuse.
func (p *Pass) giveSet(s catalog.Set) {
	if p.sets != nil {
		*p.sets = append(*p.sets, s)
	}
}

// A MemoKey identifies a value of SharedMemo: the kind of value (one per
// use, "resource types") and the texts it is computed from. A key of parts
// avoids building a string for every lookup.
type MemoKey struct {
	Kind, A, B string
}

// SharedMemo is Memo for values that depend only on the key and the
// catalog, not on the policy: the Linter keeps them across policies (the
// same resource ARNs and patterns recur in many). The value must not be
// changed by its users.
func (p *Pass) SharedMemo(key MemoKey, compute func() any) any {
	if p.shared == nil {
		return p.Memo(key.Kind+"\x00"+key.A+"\x00"+key.B, compute)
	}
	return p.shared(key, compute)
}

// Report records a finding. Code, Severity, Detail and URL default to the
// rule's.
func (p *Pass) Report(d diag.Diagnostic) {
	if d.Code == "" {
		d.Code = p.Rule.Code
		d.Severity = p.Rule.Severity
	}
	if d.Detail == "" {
		d.Detail = p.Rule.Hint
	}
	if d.URL == "" {
		d.URL = p.Rule.URL()
	}
	p.out.Add(d)
}

// Reportf records a finding of the rule at r (JSON Pointer path) with a
// formatted message.
func (p *Pass) Reportf(r diag.Range, path, format string, args ...any) {
	p.Report(diag.Diagnostic{Range: r, Path: path, Message: sprintf(format, args...)})
}

// ReportHint is Reportf with a specific fix hint.
func (p *Pass) ReportHint(r diag.Range, path, hint, format string, args ...any) {
	p.Report(diag.Diagnostic{Range: r, Path: path, Message: sprintf(format, args...), Detail: hint})
}

// Placeholder reports whether r overlaps a placeholder of the input: a
// template variable (${MY_PREFIX}, <bucket-name>) or a CloudFormation
// intrinsic function, whose value is not known until deployment. Rules skip
// checks of exact values on such ranges.
func (p *Pass) Placeholder(r diag.Range) bool {
	if p.Input == nil {
		return false
	}
	for _, ph := range p.Input.Placeholders {
		if ph.File == r.File && ph.Start.Offset < r.End.Offset && r.Start.Offset < ph.End.Offset {
			return true
		}
		if ph.Start.Offset == r.Start.Offset && ph.File == r.File {
			return true
		}
	}
	return false
}

// Pattern returns s with every "${...}" (a policy variable or a template
// placeholder) replaced by "*", for matching against patterns.
func Pattern(s string) string { return glob.FromTemplate(s) }

// Instance returns s with every "${...}" (a template placeholder or a policy
// variable) replaced by a sample name, "x": what a resource ARN looks like
// once deployed, for deciding which resource types it can name. A value that
// is one placeholder as a whole (a CloudFormation !GetAtt of an ARN) is
// unknown and becomes "*".
func Instance(s string) string {
	if strings.HasPrefix(s, "${") && strings.IndexByte(s, '}') == len(s)-1 {
		return "*"
	}
	if !strings.Contains(s, "${") {
		return s
	}
	var b strings.Builder
	for {
		i := strings.Index(s, "${")
		if i < 0 {
			break
		}
		j := strings.IndexByte(s[i:], '}')
		if j < 0 {
			break
		}
		b.WriteString(s[:i])
		b.WriteByte('x')
		s = s[i+j+1:]
	}
	b.WriteString(s)
	return b.String()
}

// Src returns the source text of r, or "" when the input has no source text
// there (a tree built from YAML).
func (p *Pass) Src(r diag.Range) string {
	if p.Input == nil || p.Input.Src == nil || r.Start.Offset < 0 || r.End.Offset > len(p.Input.Src) || r.Start.Offset > r.End.Offset {
		return ""
	}
	return string(p.Input.Src[r.Start.Offset:r.End.Offset])
}
