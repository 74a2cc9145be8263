package compare

import (
	"encoding/json"
	"testing"

	"github.com/leastpriv/leastpriv/catalog"
	"github.com/leastpriv/leastpriv/iam"
	"github.com/leastpriv/leastpriv/internal/corpus"
)

// managed returns the named AWS managed policies of the corpus.
func managed(tb testing.TB, names ...string) []*iam.Policy {
	tb.Helper()
	want := map[string]bool{}
	for _, n := range names {
		want[n] = true
	}
	var out []*iam.Policy
	for _, p := range corpus.Managed(tb) {
		if !want[p.Name] {
			continue
		}
		parsed, diags := iam.Parse(p.Name, p.Doc, iam.ParseOptions{Type: iam.Identity})
		if diags.HasErrors() {
			tb.Fatal(diags)
		}
		out = append(out, parsed)
	}
	if len(out) != len(names) {
		tb.Fatalf("found %d of the managed policies %v", len(out), names)
	}
	return out
}

// BenchmarkDiffReadOnlyViewOnly compares two of the largest AWS managed
// policies, both ways (the figure to reach: under 100 ms).
func BenchmarkDiffReadOnlyViewOnly(b *testing.B) {
	c := catalog.Default()
	ps := managed(b, "ReadOnlyAccess", "ViewOnlyAccess")
	ro, vo := ps[0], ps[1]
	if ro.File != "ReadOnlyAccess" {
		ro, vo = vo, ro
	}
	b.ResetTimer()
	var r *Result
	for b.Loop() {
		r = Diff(c, []*iam.Policy{ro}, []*iam.Policy{vo})
	}
	b.ReportMetric(float64(len(r.Changes)), "changes")
}

// TestDiffReadOnlyViewOnly: ViewOnlyAccess lists and describes; most of
// what it grants ReadOnlyAccess grants too, and ReadOnlyAccess reads far
// more.
func TestDiffReadOnlyViewOnly(t *testing.T) {
	c := catalog.Default()
	ps := managed(t, "ReadOnlyAccess", "ViewOnlyAccess")
	ro, vo := ps[0], ps[1]
	if ro.File != "ReadOnlyAccess" {
		ro, vo = vo, ro
	}
	r := Diff(c, []*iam.Policy{ro}, []*iam.Policy{vo})
	if r.Count(Removed) < 1000 {
		t.Errorf("ViewOnlyAccess removes only %d actions of ReadOnlyAccess", r.Count(Removed))
	}
	if r.Old.Actions <= r.New.Actions || r.Old.Score <= r.New.Score {
		t.Errorf("sizes: ReadOnlyAccess %v, ViewOnlyAccess %v", r.Old, r.New)
	}
	if r.Count(Looser) != 0 || r.Count(Wider) != 0 {
		t.Errorf("unconditional policies: ViewOnlyAccess is never looser or wider: %d looser, %d wider", r.Count(Looser), r.Count(Wider))
	}
	// Everything Diff says ViewOnlyAccess adds is an action ReadOnlyAccess
	// does not match.
	for _, ch := range r.Changes {
		if ch.Kind == Added && ch.Action != nil && len(ch.Old.Statements) != 0 {
			t.Errorf("added %s, which ReadOnlyAccess grants: %+v", ch.Action, ch.Old)
		}
	}
}

// vendorPolicy is a typical vendor policy: 50 actions over a few
// services, some scoped to resources, one condition.
func vendorPolicy(tb testing.TB, name string, extra bool) *iam.Policy {
	tb.Helper()
	c := catalog.Default()
	var stmts []map[string]any
	add := func(svc string, n int, res any, cond map[string]any) {
		var acts []string
		for _, a := range c.Service(svc).Actions {
			if len(acts) == n {
				break
			}
			acts = append(acts, a.String())
		}
		st := map[string]any{"Effect": "Allow", "Action": acts, "Resource": res}
		if cond != nil {
			st["Condition"] = cond
		}
		stmts = append(stmts, st)
	}
	add("s3", 15, []string{"arn:aws:s3:::vendor-*", "arn:aws:s3:::vendor-*/*"}, nil)
	add("ec2", 15, "*", map[string]any{"StringEquals": map[string]any{"aws:RequestedRegion": []string{"us-east-1", "eu-west-1"}}})
	add("cloudwatch", 10, "*", nil)
	add("logs", 8, "arn:aws:logs:*:*:log-group:/vendor/*", nil)
	add("sts", 2, "*", nil)
	if extra {
		stmts = append(stmts, map[string]any{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "arn:aws:iam::*:role/vendor-*"})
	}
	src, _ := json.Marshal(map[string]any{"Version": "2012-10-17", "Statement": stmts})
	p, diags := iam.Parse(name, src, iam.ParseOptions{Type: iam.Identity})
	if diags.HasErrors() {
		tb.Fatal(diags)
	}
	return p
}

// BenchmarkNoNewAccessVendor checks a 50-action vendor policy against its
// approved reference (the figure to reach: under 5 ms).
func BenchmarkNoNewAccessVendor(b *testing.B) {
	c := catalog.Default()
	ref := vendorPolicy(b, "reference.json", false)
	pol := vendorPolicy(b, "policy.json", true)
	var r CheckResult
	for b.Loop() {
		r = NoNewAccess(c, []*iam.Policy{ref}, []*iam.Policy{pol})
	}
	if r.Pass {
		b.Fatal("iam:PassRole is new access")
	}
}
