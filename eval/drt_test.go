package eval

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// checkAgainstReference decides one generated scenario with both evaluators
// and fails on any difference in decision, deciding statements or errors.
func checkAgainstReference(t testing.TB, a, b uint64) {
	g := newGenerator(a, b)
	sc, src := decodeGenerated(t, g.scenario())
	got, gerr := sc.Decide()
	want, werr := referenceDecide(&sc.Set, &sc.Request)
	if (gerr != nil) != (werr != nil) {
		t.Fatalf("seed %d,%d: engine error %v, reference error %v\n%s", a, b, gerr, werr, src)
	}
	if gerr != nil {
		return
	}
	if diff := cmp.Diff(summarize(want), summarize(got)); diff != "" {
		t.Fatalf("seed %d,%d: engine and reference disagree (-reference +engine):\n%s\n%s", a, b, diff, src)
	}
}

// TestDifferential runs the engine against the reference evaluator on a
// fixed set of generated scenarios; FuzzDifferential explores further.
func TestDifferential(t *testing.T) {
	n := uint64(3000)
	if testing.Short() {
		n = 300
	}
	for i := range n {
		checkAgainstReference(t, i, i*7919+1)
	}
}

func FuzzDifferential(f *testing.F) {
	for i := range uint64(20) {
		f.Add(i, i*31+7)
	}
	f.Fuzz(func(t *testing.T, a, b uint64) { checkAgainstReference(t, a, b) })
}

// TestGeneratorCoverage guards the generator: the fixed seeds must reach
// every decision and many reasons, or the differential test proves little.
func TestGeneratorCoverage(t *testing.T) {
	counts := map[string]int{}
	for i := range uint64(3000) {
		g := newGenerator(i, i*7919+1)
		sc, _ := decodeGenerated(t, g.scenario())
		res, err := sc.Decide()
		if err != nil {
			counts["error"]++
			continue
		}
		counts[res.Decision.String()]++
		for _, r := range res.Reasons {
			counts[compactReasonKind(r)]++
		}
	}
	for _, k := range []string{"Allow", "ExplicitDeny", "ImplicitDeny", "missing identity", "missing boundary", "missing session",
		"missing scp", "missing rcp", "missing resource", "missing trust", "Allow resource", "Deny resource", "Allow trust",
		"Deny scp", "Deny rcp", "Allow boundary", "Deny session"} {
		if counts[k] < 5 {
			t.Errorf("generated scenarios reach %q only %d times; widen the generator", k, counts[k])
		}
	}
}

func compactReasonKind(r Reason) string {
	if r.Kind == Missing {
		return "missing " + r.Type.String()
	}
	return r.Effect.String() + " " + r.Type.String()
}
