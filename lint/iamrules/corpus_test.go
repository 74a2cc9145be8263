package iamrules

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/leastpriv/leastpriv/catalog"
	"github.com/leastpriv/leastpriv/diag"
	"github.com/leastpriv/leastpriv/iam"
	"github.com/leastpriv/leastpriv/internal/corpus"
	"github.com/leastpriv/leastpriv/lint"
)

var update = flag.Bool("update", false, "rewrite golden files")

// corpusInputs returns one input per current AWS managed policy.
func corpusInputs(tb testing.TB) []*lint.Input {
	ps := corpus.Managed(tb)
	ins := make([]*lint.Input, len(ps))
	for i, p := range ps {
		ins[i] = &lint.Input{File: p.Name, Src: p.Doc, Type: iam.Identity}
	}
	return ins
}

// TestManagedPolicies lints every current AWS managed policy with every rule:
// none may fail to parse, and the findings, counted by code, must match the
// committed summary (lint/testdata/managed-policies.golden; -update rewrites
// it after a reviewed change of rules, catalog or corpus).
func TestManagedPolicies(t *testing.T) {
	ins := corpusInputs(t)
	l := &lint.Linter{Catalog: catalog.Default(), Rules: Suite}
	results := l.LintAll(ins, 0)
	byCode := map[string]int{}
	policies := map[string]int{}
	bySeverity := map[diag.Severity]int{}
	for _, r := range results {
		if r.Invalid {
			t.Errorf("%s does not parse: %v", r.Input.File, r.Diags.Errors())
		}
		seen := map[string]bool{}
		for _, d := range r.Diags {
			byCode[d.Code]++
			bySeverity[d.Severity]++
			if !seen[d.Code] {
				seen[d.Code] = true
				policies[d.Code]++
			}
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "# leastpriv lint over the %d current AWS managed policies (corpus %s@%s)\n", len(ins), corpus.Source.Name, corpus.Source.Version)
	fmt.Fprintf(&b, "# severity findings\n")
	for _, s := range []diag.Severity{diag.Error, diag.SecurityWarning, diag.Warning, diag.Suggestion} {
		fmt.Fprintf(&b, "%-16s %6d\n", s.FindingType(), bySeverity[s])
	}
	fmt.Fprintf(&b, "# code findings policies\n")
	codes := make([]string, 0, len(byCode))
	for c := range byCode {
		codes = append(codes, c)
	}
	sort.Strings(codes)
	for _, c := range codes {
		fmt.Fprintf(&b, "%-58s %6d %5d\n", c, byCode[c], policies[c])
	}
	golden := filepath.Join("..", "testdata", "managed-policies.golden")
	if *update {
		if err := os.WriteFile(golden, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if diff := cmp.Diff(string(want), b.String()); diff != "" {
		t.Errorf("managed-policy findings changed (-want +got):\n%s", diff)
	}
}

// BenchmarkLintManagedPolicies lints the whole corpus with every rule, one
// policy after another on one goroutine. Report: ns/op is the whole corpus.
func BenchmarkLintManagedPolicies(b *testing.B) {
	ins := corpusInputs(b)
	l := &lint.Linter{Catalog: catalog.Default(), Rules: Suite}
	l.Lint(ins[0]) // build the catalog's indexes outside the timer
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		for _, in := range ins {
			l.Lint(in)
		}
	}
	b.ReportMetric(float64(len(ins)), "policies/op")
}

// BenchmarkLintManagedPoliciesCold is BenchmarkLintManagedPolicies with a new
// Linter for each pass, as one run of 'leastpriv lint' has: no action
// resolution or shared value is remembered from an earlier pass (the
// catalog's own indexes are built once, outside the timer).
func BenchmarkLintManagedPoliciesCold(b *testing.B) {
	ins := corpusInputs(b)
	(&lint.Linter{Catalog: catalog.Default(), Rules: Suite}).Lint(ins[0])
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		l := &lint.Linter{Catalog: catalog.Default(), Rules: Suite}
		for _, in := range ins {
			l.Lint(in)
		}
	}
	b.ReportMetric(float64(len(ins)), "policies/op")
}

// BenchmarkLintManagedPoliciesColdParallel is BenchmarkLintManagedPoliciesCold
// on every CPU, as 'leastpriv lint' runs: a new Linter for each pass, whose
// goroutines fill their memos as they go, and only the findings kept
// (LintEach).
func BenchmarkLintManagedPoliciesColdParallel(b *testing.B) {
	ins := corpusInputs(b)
	(&lint.Linter{Catalog: catalog.Default(), Rules: Suite}).Lint(ins[0])
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		l := &lint.Linter{Catalog: catalog.Default(), Rules: Suite}
		var findings []diag.List
		l.LintEach(ins, 0, func(_ int, r lint.Result) { findings = append(findings, r.Diags) })
	}
	b.ReportMetric(float64(len(ins)), "policies/op")
}

// BenchmarkLintManagedPoliciesParallel is the same with LintAll on every CPU.
func BenchmarkLintManagedPoliciesParallel(b *testing.B) {
	ins := corpusInputs(b)
	l := &lint.Linter{Catalog: catalog.Default(), Rules: Suite}
	l.Lint(ins[0])
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		l.LintAll(ins, 0)
	}
}

// BenchmarkLintPolicy lints one policy at a time, reporting the median over
// the corpus as median-ns/policy.
func BenchmarkLintPolicy(b *testing.B) {
	ins := corpusInputs(b)
	l := &lint.Linter{Catalog: catalog.Default(), Rules: Suite}
	l.Lint(ins[0])
	times := make([]float64, len(ins))
	b.ResetTimer()
	for b.Loop() {
		for i, in := range ins {
			start := nanotime()
			l.Lint(in)
			times[i] = float64(nanotime() - start)
		}
	}
	slices.Sort(times)
	b.ReportMetric(times[len(times)/2], "median-ns/policy")
	b.ReportMetric(times[len(times)*99/100], "p99-ns/policy")
}
