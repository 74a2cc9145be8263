package cli

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/leastpriv/leastpriv/diag"
	"github.com/leastpriv/leastpriv/lint"
)

func TestParseLintConfig(t *testing.T) {
	src := `version: 1
type: identity
container: role
fail-on: warning
disable: [RESOURCE_STAR, SERVICE_WILDCARD]
ignore:
  - code: PASS_ROLE_WITH_STAR_IN_RESOURCE
    sid: [Deploy, Build]
    reason: reviewed
  - codes: [INVALID_ACTION]
    paths: ["docs/*.md", vendor/]
    reason: vendored pages
`
	cfg, diags := parseLintConfig("c.yaml", []byte(src))
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	if cfg.Type != "identity" || cfg.Container != "role" || cfg.FailOn != "warning" {
		t.Errorf("settings %+v", cfg)
	}
	if diff := cmp.Diff([]string{"RESOURCE_STAR", "SERVICE_WILDCARD"}, cfg.Disable); diff != "" {
		t.Errorf("disable (-want +got):\n%s", diff)
	}
	if len(cfg.Lint.Ignores) != 2 {
		t.Fatalf("%d ignores", len(cfg.Lint.Ignores))
	}
	ig := cfg.Lint.Ignores[1]
	if diff := cmp.Diff([]string{"docs/*.md", "vendor/"}, ig.Paths); diff != "" || ig.Reason != "vendored pages" || ig.Range.Start.Line != 10 || ig.Range.Start.Column != 5 {
		t.Errorf("ignore %+v at %v (-want +got paths):\n%s", ig, ig.Range, diff)
	}

	for _, c := range []struct{ src, want string }{
		{"ignore: x\n", "c.yaml:1:9: ignore must be a list of entries"},
		{"ignor: []\n", `c.yaml:1:1: unknown key "ignor" (want version, type, container, fail-on, disable, ignore)`},
		{"version: 2\n", `c.yaml:1:10: unknown configuration version "2" (want 1)`},
		{"ignore:\n  - code: [X, {a: b}]\n    reason: r\n", "c.yaml:2:15: code must be a string"},
		{"- a\n", "c.yaml:1:1: the configuration must be a mapping of keys to values"},
		{"a: [\n", "c.yaml:1:1: not valid YAML: line 1: did not find expected node content"},
	} {
		_, diags := parseLintConfig("c.yaml", []byte(c.src))
		var got []string
		for _, d := range diags {
			got = append(got, d.Range.String()+": "+d.Message)
		}
		if len(got) == 0 || got[0] != c.want {
			t.Errorf("parseLintConfig(%q) = %q, want %q", c.src, got, c.want)
		}
	}
}

// FuzzLintConfig: arbitrary files never panic, and every problem has a
// position inside the file.
func FuzzLintConfig(f *testing.F) {
	f.Add([]byte("ignore:\n  - code: X\n    reason: y\n"))
	f.Add([]byte("version: 1\nfail-on: none\ndisable: A\n"))
	f.Add([]byte("ignore: [{sid: [a, b], paths: x/}]\n"))
	f.Add([]byte("a: &x [*x]\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		cfg, diags := parseLintConfig("c.yaml", src)
		for _, d := range diags {
			if d.Range.Start.Offset < 0 || d.Range.Start.Offset > len(src) || d.Code != lint.CodeConfigError {
				t.Errorf("bad diagnostic %v", d)
			}
		}
		if cfg == nil && len(diags) == 0 {
			t.Error("nil configuration without a diagnostic")
		}
	})
}

func testReport() *report {
	r := diag.Range{File: "dir/p.json", Start: diag.Pos{Offset: 10, Line: 2, Column: 3}, End: diag.Pos{Offset: 24, Line: 2, Column: 17}}
	findings := diag.List{
		{Range: r, Path: "/Statement/0/Action/0", Code: "PASS_ROLE_WITH_STAR_IN_RESOURCE", Severity: diag.SecurityWarning,
			Message: "iam:PassRole, on every role: 100% bad", Detail: "name the roles",
			Related: []diag.Related{{Range: r, Message: "here"}}},
		{Range: r, Code: "REDUNDANT_ACTION", Severity: diag.Suggestion, Message: "line\nbreak"},
	}
	var s summary
	sev := diag.SecurityWarning
	s.Files, s.Policies = 1, 1
	s.count(findings, &sev)
	return &report{Tool: "leastpriv lint", Findings: findings, Summary: s, Rules: catalogue()}
}

func TestWriteFindings(t *testing.T) {
	r := testReport()
	var text bytes.Buffer
	if err := writeFindings(&text, formatText, r); err != nil {
		t.Fatal(err)
	}
	wantText := "dir/p.json:2:3: SECURITY_WARNING PASS_ROLE_WITH_STAR_IN_RESOURCE: iam:PassRole, on every role: 100% bad\n" +
		"\thint: name the roles\n\tdir/p.json:2:3: here\n" +
		"dir/p.json:2:3: SUGGESTION REDUNDANT_ACTION: line\nbreak\n"
	if diff := cmp.Diff(wantText, text.String()); diff != "" {
		t.Errorf("text (-want +got):\n%s", diff)
	}

	var gh bytes.Buffer
	if err := writeFindings(&gh, formatGitHub, r); err != nil {
		t.Fatal(err)
	}
	wantGH := "::error file=dir/p.json,line=2,col=3,endLine=2,endColumn=17,title=PASS_ROLE_WITH_STAR_IN_RESOURCE (SECURITY_WARNING)::iam:PassRole, on every role: 100%25 bad%0Ahint: name the roles\n" +
		"::notice file=dir/p.json,line=2,col=3,endLine=2,endColumn=17,title=REDUNDANT_ACTION (SUGGESTION)::line%0Abreak\n"
	if diff := cmp.Diff(wantGH, gh.String()); diff != "" {
		t.Errorf("github (-want +got):\n%s", diff)
	}
	if got := r.Summary.line(); got != "1 file, 1 policy: 1 security warning, 1 suggestion" {
		t.Errorf("summary %q", got)
	}

	var js bytes.Buffer
	if err := writeFindings(&js, formatJSON, r); err != nil {
		t.Fatal(err)
	}
	var out struct {
		Version  int `json:"version"`
		Findings []struct {
			Code, Severity, Path, Hint string
			Line, Column, EndColumn    int
		} `json:"findings"`
		Summary struct{ Failing int } `json:"summary"`
	}
	if err := json.Unmarshal(js.Bytes(), &out); err != nil {
		t.Fatal(err)
	}
	if out.Version != 1 || len(out.Findings) != 2 || out.Findings[0].Severity != "SECURITY_WARNING" || out.Findings[0].Column != 3 || out.Findings[0].EndColumn != 17 || out.Summary.Failing != 1 {
		t.Errorf("json %+v", out)
	}
}

func TestSARIF(t *testing.T) {
	var buf bytes.Buffer
	if err := writeFindings(&buf, formatSARIF, testReport()); err != nil {
		t.Fatal(err)
	}
	var log struct {
		Schema  string `json:"$schema"`
		Version string `json:"version"`
		Runs    []struct {
			Tool struct {
				Driver struct {
					Name  string
					Rules []struct {
						ID                   string
						Help                 struct{ Text, Markdown string }
						DefaultConfiguration struct{ Level string }
					}
				}
			}
			Results []struct {
				RuleID    string
				RuleIndex int
				Level     string
				Message   struct{ Text string }
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct{ URI string }
						Region           struct{ StartLine, StartColumn, EndColumn, ByteOffset, ByteLength int }
					}
				}
			}
		}
	}
	if err := json.Unmarshal(buf.Bytes(), &log); err != nil {
		t.Fatal(err)
	}
	if log.Version != "2.1.0" || !strings.Contains(log.Schema, "sarif-2.1.0") || len(log.Runs) != 1 {
		t.Fatalf("log header %q %q", log.Version, log.Schema)
	}
	run := log.Runs[0]
	if run.Tool.Driver.Name != "leastpriv" || len(run.Tool.Driver.Rules) != len(catalogue()) {
		t.Errorf("driver %q with %d rules, want %d", run.Tool.Driver.Name, len(run.Tool.Driver.Rules), len(catalogue()))
	}
	for _, res := range run.Results {
		rule := run.Tool.Driver.Rules[res.RuleIndex]
		if rule.ID != res.RuleID {
			t.Errorf("result %s points at rule %s", res.RuleID, rule.ID)
		}
		if rule.Help.Text == "" {
			t.Errorf("rule %s has no help", rule.ID)
		}
	}
	r0 := run.Results[0]
	reg := r0.Locations[0].PhysicalLocation.Region
	if r0.Level != "error" || r0.Locations[0].PhysicalLocation.ArtifactLocation.URI != "dir/p.json" || reg.StartLine != 2 || reg.StartColumn != 3 || reg.EndColumn != 17 || reg.ByteOffset != 10 || reg.ByteLength != 14 {
		t.Errorf("result %+v", r0)
	}
	if run.Results[1].Level != "note" {
		t.Errorf("suggestion level %q", run.Results[1].Level)
	}
}

// writeTextRef is writeText as first written, with diag's own formatting.
func writeTextRef(l diag.List) string {
	var b strings.Builder
	for _, d := range l {
		b.WriteString(d.Range.String() + ": " + d.Severity.FindingType())
		if d.Code != "" {
			b.WriteString(" " + d.Code)
		}
		b.WriteString(": " + d.Message + "\n")
		if d.Detail != "" {
			b.WriteString("\thint: " + d.Detail + "\n")
		}
		for _, r := range d.Related {
			b.WriteString("\t" + r.Range.String() + ": " + r.Message + "\n")
		}
	}
	return b.String()
}

// TestWriteText compares writeText with diag's formatting of ranges and
// severities, on findings with and without file names, positions, codes,
// hints and related locations, and with unknown severities.
func TestWriteText(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 12))
	pick := func(s ...string) string { return s[r.IntN(len(s))] }
	rng := func() diag.Range {
		line := r.IntN(3) * r.IntN(100000)
		return diag.Range{File: pick("", "a.json", "dir/ü.md", "<stdin>"),
			Start: diag.Pos{Offset: r.IntN(1000), Line: line, Column: r.IntN(300)}, End: diag.Pos{Line: r.IntN(9)}}
	}
	var l diag.List
	for range 20000 {
		d := diag.Diagnostic{Range: rng(), Code: pick("", "X", "REDUNDANT_ACTION"), Severity: diag.Severity(r.IntN(6)),
			Message: pick("", "m", "line\nbreak", "100% é"), Detail: pick("", "", "hint: %s")}
		for range r.IntN(3) {
			d.Related = append(d.Related, diag.Related{Range: rng(), Message: pick("", "here")})
		}
		l = append(l, d)
	}
	var got bytes.Buffer
	if err := writeText(&got, l); err != nil {
		t.Fatal(err)
	}
	if want := writeTextRef(l); got.String() != want {
		t.Errorf("writeText differs from the reference:\n%s", cmp.Diff(want, got.String()))
	}
}

// TestAppendJSONFinding compares the JSON printer of findings with
// encoding/json (marshalIndent), on findings whose strings hold every
// character encoding/json escapes: quotes, backslashes, control characters,
// bytes that are not UTF-8, U+2028 and U+2029, and HTML's <, > and &, which
// it leaves alone here.
func TestAppendJSONFinding(t *testing.T) {
	r := rand.New(rand.NewPCG(15, 16))
	pieces := []string{"", "a", "é", "\"", "\\", "\n", "\r", "\t", "\b", "\f", "\x00", "\x1f", "\x7f", "\xff", "\xe2\x80", "\u2028", "\u2029", "<", ">", "&", "日本", "/Statement/0", " "}
	str := func() string {
		var b strings.Builder
		for range r.IntN(6) {
			b.WriteString(pieces[r.IntN(len(pieces))])
		}
		return b.String()
	}
	for range 20000 {
		f := jsonFinding{File: str(), Line: r.IntN(1000) - 1, Column: r.IntN(100), EndLine: r.IntN(1000), EndColumn: r.IntN(100),
			Offset: r.IntN(1 << 20), EndOffset: r.IntN(1 << 20), Path: str(), Code: str(), Severity: str(), Message: str(), Hint: str(), URL: str()}
		for range r.IntN(3) {
			f.Related = append(f.Related, jsonRelated{File: str(), Line: r.IntN(100), Column: r.IntN(100), Message: str()})
		}
		if r.IntN(4) == 0 {
			f.Related = []jsonRelated{} // empty, not nil: omitted too
		}
		want, err := marshalIndent(f, "    ")
		if err != nil {
			t.Fatal(err)
		}
		if got := appendJSONFinding(nil, f); string(got) != string(want) {
			t.Fatalf("appendJSONFinding(%+v):\n%s\nencoding/json:\n%s", f, got, want)
		}
	}
}
