package eval

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/leastpriv/leastpriv/iam"
	"github.com/leastpriv/leastpriv/internal/jsonpos"
	"github.com/rogpeppe/go-internal/txtar"
)

// The conformance corpus (testdata/conformance/*.txtar) encodes the AWS
// documentation: each archive member is one case, a JSON object with
//
//	"doc":      the URL of the AWS page,
//	"says":     the sentence of that page the case encodes (or "note" when
//	            AWS is silent and the case pins our documented choice),
//	"scenario": a scenario in the "leastpriv simulate" format,
//	"decision": the expected decision,
//	"reasons":  the expected reasons, in compact form (see compactReason).
//
// The cases are data, kept apart from the unit tests so that they are never
// tuned to the engine.

// compactReason renders a reason as "Allow identity identityPolicies[0]#1",
// with " principal=exact" for statements that name principals, or as
// "missing boundary" for a policy type that lacked an Allow ("missing scp
// level 1" for an organization level).
func compactReason(r Reason) string {
	if r.Kind == Missing {
		if r.Type == iam.SCP || r.Type == iam.RCP {
			return fmt.Sprintf("missing %s level %d", r.Type, r.Level)
		}
		return "missing " + r.Type.String()
	}
	s := fmt.Sprintf("%s %s %s#%d", r.Effect, r.Type, r.Policy, r.Statement)
	if r.Principal != "" {
		s += " principal=" + r.Principal
	}
	return s
}

type conformanceCase struct {
	file, name string
	doc, says  string
	note       string
	scenario   *jsonpos.Value
	src        []byte // the scenario's source text
	decision   string
	reasons    []string
}

func loadConformance(t testing.TB) []conformanceCase {
	t.Helper()
	files, err := filepath.Glob("testdata/conformance/*.txtar")
	if err != nil || len(files) == 0 {
		t.Fatalf("no conformance files: %v", err)
	}
	var out []conformanceCase
	for _, f := range files {
		ar, err := txtar.ParseFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range ar.Files {
			label := filepath.Base(f) + "/" + m.Name
			v, diags := jsonpos.Parse(label, m.Data, jsonpos.Options{})
			if v == nil {
				t.Fatalf("%s: %v", label, diags.Err())
			}
			c := conformanceCase{file: f, name: m.Name}
			for _, mem := range v.Members {
				switch mem.Key {
				case "doc":
					c.doc = mem.Value.Text
				case "says":
					c.says = mem.Value.Text
				case "note":
					c.note = mem.Value.Text
				case "scenario":
					c.scenario = mem.Value
					c.src = m.Data[mem.Value.Range.Start.Offset:mem.Value.Range.End.Offset]
				case "decision":
					c.decision = mem.Value.Text
				case "reasons":
					for _, e := range mem.Value.Elems {
						c.reasons = append(c.reasons, e.Text)
					}
				default:
					t.Fatalf("%s: unknown member %q", label, mem.Key)
				}
			}
			if !strings.HasPrefix(c.doc, "https://docs.aws.amazon.com/") {
				t.Errorf("%s: doc %q is not an AWS documentation URL", label, c.doc)
			}
			if c.says == "" && c.note == "" {
				t.Errorf("%s: a case must quote the AWS sentence it encodes (says) or explain AWS's silence (note)", label)
			}
			if c.scenario == nil || c.decision == "" {
				t.Fatalf("%s: needs scenario and decision", label)
			}
			out = append(out, c)
		}
	}
	return out
}

func TestConformance(t *testing.T) {
	for _, c := range loadConformance(t) {
		t.Run(strings.TrimSuffix(filepath.Base(c.file), ".txtar")+"/"+c.name, func(t *testing.T) {
			sc, err := ScenarioFromValue(c.scenario)
			if err != nil {
				t.Fatalf("scenario: %v", err)
			}
			res, err := sc.Decide()
			if err != nil {
				t.Fatalf("decide: %v", err)
			}
			var got []string
			for _, r := range res.Reasons {
				got = append(got, compactReason(r))
				if r.Kind == Matched && !r.Range.Start.IsValid() {
					t.Errorf("reason %s has no source position", compactReason(r))
				}
			}
			if res.Decision.String() != c.decision {
				t.Errorf("decision = %s, want %s\nAWS: %s %s", res.Decision, c.decision, c.says, c.doc)
			}
			if diff := cmp.Diff(c.reasons, got); diff != "" {
				t.Errorf("reasons (-want +got):\n%s", diff)
			}
			// The reference evaluator must agree on every conformance case.
			ref, err := referenceDecide(&sc.Set, &sc.Request)
			if err != nil {
				t.Fatalf("reference: %v", err)
			}
			if diff := cmp.Diff(summarize(res), summarize(ref)); diff != "" {
				t.Errorf("engine vs reference (-engine +reference):\n%s", diff)
			}
		})
	}
}

// TestChecklist keeps testdata/conformance/checklist.txt, the map from the
// semantics checklist to the corpus, complete: every case it names exists,
// every case is named, and every item names cases or says why it has none.
func TestChecklist(t *testing.T) {
	cases := map[string]bool{}
	for _, c := range loadConformance(t) {
		cases[strings.TrimSuffix(filepath.Base(c.file), ".txtar")+"/"+strings.TrimSuffix(c.name, ".json")] = false
	}
	data, err := os.ReadFile("testdata/conformance/checklist.txt")
	if err != nil {
		t.Fatal(err)
	}
	items := 0
	for i, line := range strings.Split(string(data), "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		item, rest, ok := strings.Cut(line, " => ")
		if !ok || !strings.HasPrefix(item, "§2.") {
			t.Errorf("checklist.txt:%d: want \"§2.N item => cases\" or \"§2.N item => - why\"", i+1)
			continue
		}
		items++
		if why, ok := strings.CutPrefix(rest, "- "); ok {
			if len(strings.Fields(why)) < 3 {
				t.Errorf("checklist.txt:%d: %q names no cases and does not say why", i+1, item)
			}
			continue
		}
		for _, c := range strings.Fields(rest) {
			if _, ok := cases[c]; !ok {
				t.Errorf("checklist.txt:%d: no conformance case %q", i+1, c)
			}
			cases[c] = true
		}
	}
	for c, used := range cases {
		if !used {
			t.Errorf("conformance case %s is not in checklist.txt", c)
		}
	}
	if items < 60 {
		t.Errorf("checklist.txt has %d items; the guide's §2 has more", items)
	}
}
