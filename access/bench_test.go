package access

import (
	"testing"

	"github.com/leastpriv/leastpriv/catalog"
	"github.com/leastpriv/leastpriv/iam"
	"github.com/leastpriv/leastpriv/internal/corpus"
)

// managedPatterns returns every Action and NotAction value of every current
// AWS managed policy, in corpus order (about 59,000).
func managedPatterns(b *testing.B) []string {
	var out []string
	for _, p := range corpus.Managed(b) {
		pol, diags := iam.Parse(p.Name, p.Doc, iam.ParseOptions{Type: iam.Identity})
		if diags.HasErrors() {
			b.Fatalf("%s: %v", p.Name, diags.Err())
		}
		for _, st := range pol.Statements {
			out = append(out, st.Action.Strings()...)
		}
	}
	return out
}

// BenchmarkExpandManagedPatterns expands every action pattern of every
// managed policy, one ExpandPatterns call per pattern (the work of
// `leastpriv expand -` on that list, minus printing).
func BenchmarkExpandManagedPatterns(b *testing.B) {
	c := catalog.Default()
	pats := managedPatterns(b)
	b.ReportMetric(float64(len(pats)), "patterns")
	b.ResetTimer()
	for b.Loop() {
		set, _ := ExpandPatterns(c, pats)
		if set.Len() == 0 {
			b.Fatal("nothing expanded")
		}
	}
}

// BenchmarkExpandStar is `expand '*'` after the catalog is loaded.
func BenchmarkExpandStar(b *testing.B) {
	c := catalog.Default()
	for b.Loop() {
		set, _ := ExpandPatterns(c, []string{"*"})
		if len(set.Actions(c)) != c.NumActions() {
			b.Fatal("wrong count")
		}
	}
}

// BenchmarkShrinkManagedPolicies shrinks the action list of every statement
// of every managed policy.
func BenchmarkShrinkManagedPolicies(b *testing.B) {
	c := catalog.Default()
	var sets []catalog.Set
	for _, p := range corpus.Managed(b) {
		pol, _ := iam.Parse(p.Name, p.Doc, iam.ParseOptions{Type: iam.Identity})
		for _, st := range pol.Statements {
			sets = append(sets, ExpandStatement(c, st).Listed)
		}
	}
	b.ResetTimer()
	for b.Loop() {
		for _, s := range sets {
			Shrink(c, s)
		}
	}
}

// BenchmarkSummarizeManagedPolicies explains every managed policy.
func BenchmarkSummarizeManagedPolicies(b *testing.B) {
	c := catalog.Default()
	var ps []*iam.Policy
	for _, p := range corpus.Managed(b) {
		pol, _ := iam.Parse(p.Name, p.Doc, iam.ParseOptions{Type: iam.Identity})
		ps = append(ps, pol)
	}
	b.ResetTimer()
	for b.Loop() {
		for _, p := range ps {
			Summarize(c, p)
		}
	}
}
