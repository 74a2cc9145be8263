package compare

import (
	"fmt"
	"os"
	"testing"

	"github.com/leastpriv/leastpriv/access"
	"github.com/leastpriv/leastpriv/catalog"
	"github.com/leastpriv/leastpriv/iam"
	"github.com/leastpriv/leastpriv/internal/corpus"
)

// allowOnly returns p without its Deny statements, which access.Measure
// does not subtract.
func allowOnly(p *iam.Policy) *iam.Policy {
	q := *p
	q.Statements = nil
	for _, st := range p.Statements {
		if st.Effect == iam.Allow {
			q.Statements = append(q.Statements, st)
		}
	}
	return &q
}

// measureVersusDiff returns how the actions access.AllowedActions counts
// for p (without its Deny statements) differ from those Diff(nothing, p)
// reports as added in the precise reading, or "".
func measureVersusDiff(c *catalog.Catalog, p *iam.Policy) string {
	p = allowOnly(p)
	r := Diff(c, nil, []*iam.Policy{p})
	added := catalog.NewSet(c)
	for _, ch := range r.Changes {
		switch {
		case ch.Action == nil || ch.ColonOnly:
		case ch.Kind != Added:
			return fmt.Sprintf("%s %s against no policy", ch.Kind, ch.Name())
		default:
			added.Add(ch.Action.ID)
		}
	}
	measured := access.AllowedActions(c, p)
	if added.Equal(measured) && r.New.Actions == measured.Len() {
		return ""
	}
	var b []string
	for _, a := range measured.Difference(added).Actions(c) {
		b = append(b, "measured, not added: "+a.String())
	}
	for _, a := range added.Difference(measured).Actions(c) {
		b = append(b, "added, not measured: "+a.String())
	}
	if len(b) > 5 {
		b = append(b[:5], fmt.Sprintf("... (%d more)", len(b)-5))
	}
	return fmt.Sprintf("Measure %d actions, Diff adds %d: %v", r.New.Actions, added.Len(), b)
}

// TestMeasureAgreesWithDiff: the actions explain and diff's size line
// count (access.Measure) are exactly those Diff finds a policy adds to
// nothing in the precise reading, for every AWS managed policy (every
// tenth with -short; LEASTPRIV_CONSISTENCY_STEP=n checks every n-th): the
// summaries and the comparison read Resource patterns and ARN formats
// alike.
func TestMeasureAgreesWithDiff(t *testing.T) {
	c := catalog.Default()
	step := 1
	if testing.Short() {
		step = 10
	}
	if n, err := fmt.Sscan(os.Getenv("LEASTPRIV_CONSISTENCY_STEP"), &step); n != 1 || err != nil || step < 1 {
		step = max(step, 1)
	}
	checked, failed := 0, 0
	for i, mp := range corpus.Managed(t) {
		if i%step != 0 {
			continue
		}
		p, diags := iam.Parse(mp.Name, mp.Doc, iam.ParseOptions{Type: iam.Identity})
		if diags.HasErrors() {
			t.Fatalf("%s: %v", mp.Name, diags)
		}
		checked++
		if msg := measureVersusDiff(c, p); msg != "" {
			failed++
			if failed <= 10 {
				t.Errorf("%s: %s", mp.Name, msg)
			}
		}
	}
	if failed > 10 {
		t.Errorf("... and %d more policies", failed-10)
	}
	t.Logf("%d managed policies checked", checked)
}

// TestMeasureAgreesWithDiffSeeds: the same for the policies of the seed
// pages, Jets' least-privilege policy among them (which grants
// iam:GetRoleTemplateVersion through "arn:aws:iam::*:role/acme-*": the
// account's '*' ends its component, so it may match "aws:role-template/..."
// and the major version "role/acme-x", which holds no ':').
func TestMeasureAgreesWithDiffSeeds(t *testing.T) {
	c := catalog.Default()
	for _, name := range []string{"000-multitool.json", "001-multitool.json", "002-jets-baseline.json", "002-jets-least-privilege.json"} {
		p := readSeed(t, name, map[string]string{"MY_PREFIX": "acme"})
		if msg := measureVersusDiff(c, p); msg != "" {
			t.Errorf("%s: %s", name, msg)
		}
	}
}
