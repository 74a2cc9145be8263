package extract

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/leastpriv/leastpriv/catalog"
	"github.com/leastpriv/leastpriv/diag"
	"github.com/leastpriv/leastpriv/iam"
	"github.com/leastpriv/leastpriv/lint"
	"github.com/leastpriv/leastpriv/lint/iamrules"
)

var update = flag.Bool("update", false, "rewrite golden files")

// lintFile extracts the policies of a file and lints them with the whole
// suite, returning every finding (file-level ones included), sorted.
func lintFile(t testing.TB, name string, src []byte, opts Options) (diag.List, Result) {
	t.Helper()
	if opts.Catalog == nil {
		opts.Catalog = catalog.Default()
	}
	res := File(name, src, opts)
	l := &lint.Linter{Catalog: opts.Catalog, Rules: iamrules.Suite}
	all := append(diag.List(nil), res.Diags...)
	for _, r := range l.LintAll(res.Inputs, 1) {
		all = append(all, r.Diags...)
	}
	all.Sort()
	for _, d := range all {
		if d.Range.File != name {
			t.Errorf("finding in file %q, want %q: %v", d.Range.File, name, d)
		}
		if d.Range.Start.Offset < 0 || d.Range.End.Offset > len(src) || d.Range.Start.Offset > d.Range.End.Offset {
			t.Errorf("finding range %d-%d outside the file (%d bytes): %v", d.Range.Start.Offset, d.Range.End.Offset, len(src), d)
		}
		if want := diag.NewLines(src).Pos(d.Range.Start.Offset); want != d.Range.Start {
			t.Errorf("finding position %v does not match its offset (want %v): %v", d.Range.Start, want, d)
		}
	}
	return all, res
}

// brief formats findings as "line:col CODE" for compact expectations.
func brief(l diag.List, codes ...string) []string {
	var out []string
	for _, d := range l {
		if len(codes) > 0 && !contains(codes, d.Code) {
			continue
		}
		out = append(out, fmt.Sprintf("%s %s", d.Range.Start, d.Code))
	}
	return out
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// seedsDir returns ../shared/seeds relative to the module root.
func seedsDir(t *testing.T) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("module root (go.mod) not found")
		}
		dir = parent
	}
	seeds := filepath.Join(dir, "..", "shared", "seeds")
	if _, err := os.Stat(seeds); err != nil {
		t.Fatalf("seeds not found: %v (tests read them from ../shared/seeds relative to the module root)", err)
	}
	return seeds
}

func readSeed(t *testing.T, prefix string) (string, []byte) {
	t.Helper()
	m, err := filepath.Glob(filepath.Join(seedsDir(t), prefix+"_*.txt"))
	if err != nil || len(m) != 1 {
		t.Fatalf("seed %s: %v %v", prefix, m, err)
	}
	src, err := os.ReadFile(m[0])
	if err != nil {
		t.Fatal(err)
	}
	return filepath.Base(m[0]), src
}

// TestSeeds lints the five real vendor pages and compares every finding with
// a golden file (testdata/seeds/NNN.golden; -update rewrites them).
func TestSeeds(t *testing.T) {
	for _, n := range []string{"000", "001", "002", "003", "004"} {
		t.Run(n, func(t *testing.T) {
			name, src := readSeed(t, n)
			all, _ := lintFile(t, name, src, Options{Type: iam.Identity})
			var b strings.Builder
			for _, d := range all {
				fmt.Fprintf(&b, "%s: %s %s: %s\n", d.Range, d.Severity.FindingType(), d.Code, d.Message)
			}
			golden := filepath.Join("testdata", "seeds", n+".golden")
			if *update {
				if err := os.WriteFile(golden, []byte(b.String()), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(string(want), b.String()); diff != "" {
				t.Errorf("findings changed (-want +got):\n%s", diff)
			}
		})
	}
}

// TestSeedExpectations states what each seed must show, independently of
// the golden files.
func TestSeedExpectations(t *testing.T) {
	type expect struct {
		seed string
		// want lists "line:col CODE" findings that must be present.
		want []string
		// count gives the exact number of findings of some codes.
		count map[string]int
		// message substrings that must appear in some finding.
		messages []string
	}
	apigatewayRedundant := func(first, col int) []string {
		var out []string
		for l := first; l < first+13; l++ {
			out = append(out, fmt.Sprintf("%d:%d REDUNDANT_ACTION", l, col))
		}
		return out
	}
	cases := []expect{
		{
			seed:  "000",
			want:  append(apigatewayRedundant(24, 1), "71:1 PRIVILEGE_ESCALATION", "76:1 PASS_ROLE_WITH_STAR_IN_RESOURCE", "71:1 CREDENTIALS_EXPOSURE"),
			count: map[string]int{"REDUNDANT_ACTION": 13, "INVALID_ACTION": 0, "INVALID_SERVICE_IN_ACTION": 0, "PASS_ROLE_WITH_STAR_IN_RESOURCE": 1, "JSON_SYNTAX_ERROR": 0},
			messages: []string{
				"apigateway:GET is redundant: apigateway:* already matches it",
				"privilege escalation (CreateAccessKey)",
				"privilege escalation (PassExistingRoleToNewLambdaThenInvoke): iam:PassRole + lambda:CreateFunction + lambda:InvokeFunction",
				"iam:PassRole is allowed on every role (*)",
			},
		},
		{
			seed:  "001",
			want:  append(apigatewayRedundant(17, 9), "64:9 PRIVILEGE_ESCALATION", "69:9 PASS_ROLE_WITH_STAR_IN_RESOURCE"),
			count: map[string]int{"REDUNDANT_ACTION": 13, "INVALID_ACTION": 0, "INVALID_SERVICE_IN_ACTION": 0},
			messages: []string{
				"privilege escalation (CreateAccessKey): iam:CreateAccessKey",
				"actions that return credentials on every resource: iam:CreateAccessKey",
				"privilege escalation (PassExistingRoleToNewLambdaThenInvoke): iam:PassRole + lambda:CreateFunction + lambda:InvokeFunction",
				"iam:PassRole is allowed on every role (*)",
				"apigateway:GET is redundant: apigateway:* already matches it",
			},
		},
		{
			seed: "002",
			want: []string{"91:1 DUPLICATE_ACTION", "32:1 SERVICE_WILDCARD", "36:1 SERVICE_WILDCARD", "63:35 PLACEHOLDER", "32:1 PASS_ROLE_WITH_STAR_IN_ACTION_AND_RESOURCE"},
			count: map[string]int{
				"PLACEHOLDER": 12, "DUPLICATE_ACTION": 1, "INVALID_ACTION": 0, "INVALID_SERVICE_IN_ACTION": 0,
				// The ${MY_PREFIX} values are placeholders, not malformed IAM variables.
				"UNSUPPORTED_SYMBOL_IN_VARIABLE": 0,
			},
			messages: []string{
				"lambda:GetFunctionConfiguration is listed twice (first at line 89)",
				"iam:* allows every action of service iam",
				"s3:* allows every action of service s3",
				"shell variable ${MY_PREFIX} is substituted when the heredoc is written",
				"privilege escalation (PassExistingRoleToNewLambdaThenInvoke): iam:PassRole + lambda:CreateFunction + lambda:InvokeFunction let the principal create a function that runs with a privileged role, and invoke it (on the resources the statements name)",
			},
		},
		{
			seed:  "003",
			want:  []string{"27:3 POLICY_WITHOUT_BRACES", "29:15 JSON_SYNTAX_ERROR"},
			count: map[string]int{"POLICY_WITHOUT_BRACES": 1, "JSON_SYNTAX_ERROR": 1},
		},
		{
			seed:  "004",
			count: map[string]int{"INVALID_ACTION": 0, "INVALID_SERVICE_IN_ACTION": 0, "NO_POLICY_FOUND": 0},
		},
	}
	for _, c := range cases {
		t.Run(c.seed, func(t *testing.T) {
			name, src := readSeed(t, c.seed)
			all, _ := lintFile(t, name, src, Options{Type: iam.Identity})
			got := map[string]bool{}
			for _, s := range brief(all) {
				got[s] = true
			}
			for _, w := range c.want {
				if !got[w] {
					t.Errorf("missing finding %s", w)
				}
			}
			n := map[string]int{}
			for _, d := range all {
				n[d.Code]++
			}
			for code, want := range c.count {
				if n[code] != want {
					t.Errorf("%d findings %s, want %d", n[code], code, want)
				}
			}
			for _, m := range c.messages {
				found := false
				for _, d := range all {
					if strings.Contains(d.Message, m) {
						found = true
					}
				}
				if !found {
					t.Errorf("no finding says %q", m)
				}
			}
		})
	}
}

// TestSeed004ActionList checks that the action names a page lists in prose
// are extracted, at their positions, as one action list.
func TestSeed004ActionList(t *testing.T) {
	name, src := readSeed(t, "004")
	res := File(name, src, Options{Catalog: catalog.Default(), Type: iam.Identity})
	if len(res.Inputs) != 1 || !res.Inputs[0].ActionsOnly {
		t.Fatalf("got %d inputs, want one action list", len(res.Inputs))
	}
	p, ds := iam.ParseValue(res.Inputs[0].Value, iam.ParseOptions{})
	if ds.HasErrors() {
		t.Fatal(ds)
	}
	acts := p.Statements[0].Action.Values
	var got []string
	for _, a := range acts {
		got = append(got, fmt.Sprintf("%s@%s", a.Value, a.Range.Start))
		if string(src[a.Range.Start.Offset:a.Range.End.Offset]) != a.Value {
			t.Errorf("range of %s holds %q", a.Value, src[a.Range.Start.Offset:a.Range.End.Offset])
		}
	}
	if len(got) < 25 || !strings.HasPrefix(got[0], "iam:GetUser@") {
		t.Errorf("action list = %v", got)
	}
}

// TestExample lints the repository's example page (examples/permissions.md),
// which the README's first command runs: its findings are pinned in
// testdata/examples/permissions.golden (-update rewrites it).
func TestExample(t *testing.T) {
	src, err := os.ReadFile(filepath.Join("..", "..", "examples", "permissions.md"))
	if err != nil {
		t.Fatal(err)
	}
	all, _ := lintFile(t, "examples/permissions.md", src, Options{Type: iam.Identity})
	var b strings.Builder
	for _, d := range all {
		fmt.Fprintf(&b, "%s: %s %s: %s\n", d.Range, d.Severity.FindingType(), d.Code, d.Message)
	}
	golden := filepath.Join("testdata", "examples", "permissions.golden")
	if *update {
		if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(golden, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(string(want), b.String()); diff != "" {
		t.Errorf("findings changed (-want +got):\n%s", diff)
	}
	// The page shows each kind of defect the vendor pages have.
	for _, code := range []string{"INVALID_ACTION", "REDUNDANT_ACTION", "DUPLICATE_ACTION", "SERVICE_WILDCARD",
		"PASS_ROLE_WITH_STAR_IN_RESOURCE", "PRIVILEGE_ESCALATION", "CREDENTIALS_EXPOSURE", "RESOURCE_MISMATCH",
		"PLACEHOLDER", "SHELL_EXPANDS_POLICY_VARIABLE", "MISSING_GITHUB_REPO_CONDITION_KEY", "POLICY_WITHOUT_BRACES"} {
		if !strings.Contains(b.String(), " "+code+": ") {
			t.Errorf("the example page shows no %s", code)
		}
	}
}

// TestSeedUnknownActions checks, for every action name of every seed (in a
// policy or listed in prose), that it is reported as unknown exactly when
// the catalog has no action it names: every unknown action of the seeds is
// found, at its place, and no known one is. The repository's example page,
// which has unknown actions, shows that the check sees them.
func TestSeedUnknownActions(t *testing.T) {
	for _, n := range []string{"000", "001", "002", "003", "004"} {
		t.Run(n, func(t *testing.T) {
			name, src := readSeed(t, n)
			checked, _ := checkUnknownActions(t, name, src)
			if n != "003" && checked == 0 {
				t.Error("no action names checked")
			}
		})
	}
	t.Run("example", func(t *testing.T) {
		src, err := os.ReadFile(filepath.Join("..", "..", "examples", "permissions.md"))
		if err != nil {
			t.Fatal(err)
		}
		if _, unknown := checkUnknownActions(t, "examples/permissions.md", src); unknown == 0 {
			t.Error("the example page has unknown actions, none was checked")
		}
	})
}

// checkUnknownActions lints a page and checks that each action name of its
// policies and action lists is reported as unknown (INVALID_ACTION or
// INVALID_SERVICE_IN_ACTION, at the name) exactly when the catalog matches
// no action with it. It returns how many names it checked and how many were
// unknown.
func checkUnknownActions(t *testing.T, name string, src []byte) (checked, unknown int) {
	t.Helper()
	c := catalog.Default()
	all, res := lintFile(t, name, src, Options{Type: iam.Identity})
	reported := map[int]bool{}
	for _, d := range all {
		if d.Code == "INVALID_ACTION" || d.Code == "INVALID_SERVICE_IN_ACTION" {
			reported[d.Range.Start.Offset] = true
		}
	}
	for _, in := range res.Inputs {
		var p *iam.Policy
		if in.Value != nil {
			p, _ = iam.ParseValue(in.Value, iam.ParseOptions{})
		} else {
			p, _ = iam.Parse(in.File, in.Src, iam.ParseOptions{})
		}
		if p == nil {
			continue
		}
		for _, st := range p.Statements {
			if st.Action == nil {
				continue
			}
			for _, a := range st.Action.Values {
				if a.Value == "*" || strings.Contains(a.Value, "${") || in.Placeholders != nil && overlaps(in.Placeholders, a.Range) {
					continue
				}
				r := a.Range
				if in.Remap != nil {
					r = in.Remap(r)
				}
				checked++
				isUnknown := c.Match(a.Value).Len() == 0
				if isUnknown {
					unknown++
				}
				if isUnknown != reported[r.Start.Offset] {
					t.Errorf("%s at %s: unknown to the catalog = %v, reported = %v", a.Value, r.Start, isUnknown, reported[r.Start.Offset])
				}
			}
		}
	}
	return checked, unknown
}

func overlaps(rs []diag.Range, r diag.Range) bool {
	for _, x := range rs {
		if x.Start.Offset < r.End.Offset && r.Start.Offset < x.End.Offset {
			return true
		}
	}
	return false
}
