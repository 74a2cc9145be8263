package iam

import (
	"testing"

	"github.com/leastpriv/leastpriv/internal/corpus"
)

// TestManagedPolicies parses every current AWS managed policy as an identity
// policy: AWS stores them, so each must parse without a diagnostic, and its
// canonical form must round-trip.
func TestManagedPolicies(t *testing.T) {
	ps := corpus.Managed(t)
	if len(ps) < 1500 {
		t.Fatalf("corpus holds %d policies, want the ~1,600 managed policies", len(ps))
	}
	for _, mp := range ps {
		p, diags := Parse(mp.Name, mp.Doc, ParseOptions{Type: Identity})
		if len(diags) > 0 {
			t.Errorf("%s: %d diagnostics, first: %v", mp.Name, len(diags), diags[0])
			continue
		}
		checkPositions(t, mp.Doc, p, diags)
		checkRoundTrip(t, p, diags, ParseOptions{Type: Identity})
	}
}

func BenchmarkParse(b *testing.B) {
	ps := corpus.Managed(b)
	total := 0
	for _, p := range ps {
		total += len(p.Doc)
	}
	b.SetBytes(int64(total))
	b.ReportAllocs()
	for b.Loop() {
		for _, p := range ps {
			if _, diags := Parse(p.Name, p.Doc, ParseOptions{Type: Identity}); len(diags) > 0 {
				b.Fatal(diags[0])
			}
		}
	}
}
