package lint_test

import (
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/leastpriv/leastpriv/catalog"
	"github.com/leastpriv/leastpriv/diag"
	"github.com/leastpriv/leastpriv/iam"
	"github.com/leastpriv/leastpriv/lint"
)

// everyAction reports every Action value, so tests can see what a Linter
// ran and where.
var everyAction = &lint.Rule{
	Code: "TEST_ACTION", Severity: diag.Warning, Title: "an action", Doc: "test", Source: "test",
	Bad: `{"Statement": []}`, Good: `{"Statement": []}`,
	Run: func(p *lint.Pass) {
		for _, st := range p.Policy.Statements {
			for _, r := range p.Actions(st) {
				p.Reportf(r.Value.Range, r.Value.Path, "%s matches %d", r.Value.Value, r.Len())
			}
		}
	},
}

func TestValidate(t *testing.T) {
	good := *everyAction
	if err := lint.Validate([]*lint.Rule{&good}); err != nil {
		t.Fatalf("Validate(good) = %v", err)
	}
	bad := []*lint.Rule{
		{Code: "lower_case", Title: "Capitalised title.", Source: "x", Run: func(*lint.Pass) {}},
		{Code: "DUP", Title: "t", Doc: "d", Source: "s", Bad: "b", Good: "g", Run: func(*lint.Pass) {}},
		{Code: "DUP", Title: "t", Doc: "d", Source: "s", Bad: "b", Good: "g", Run: func(*lint.Pass) {}, URLs: []string{"http://insecure"}},
		nil,
	}
	err := lint.Validate(bad)
	if err == nil {
		t.Fatal("Validate(bad) = nil")
	}
	for _, want := range []string{
		`code "lower_case" is not UPPER_SNAKE_CASE`,
		"title must be one line without a final period",
		"no documentation", "no Bad example", "no Good example",
		"DUP: duplicate code",
		`reference "http://insecure" is not an https URL`,
		"rule 3 is nil",
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("Validate error lacks %q:\n%v", want, err)
		}
	}
}

func TestLinter(t *testing.T) {
	c := catalog.Default()
	src := `{"Version": "2012-10-17", "Statement": [{"Sid": "A", "Effect": "Allow", "Action": ["s3:GetObject", "s3:Get*"], "Resource": "*"}]}`
	l := &lint.Linter{Catalog: c, Rules: []*lint.Rule{everyAction}}
	res := l.Lint(&lint.Input{File: "p.json", Src: []byte(src)})
	var got []string
	for _, d := range res.Diags {
		got = append(got, d.Range.String()+" "+d.Path+" "+d.Message)
	}
	n := c.Match("s3:Get*").Len()
	want := []string{
		"p.json:1:" + strconv.Itoa(strings.Index(src, `"s3:GetObject"`)+1) + " /Statement/0/Action/0 s3:GetObject matches 1",
		"p.json:1:" + strconv.Itoa(strings.Index(src, `"s3:Get*"`)+1) + " /Statement/0/Action/1 s3:Get* matches " + strconv.Itoa(n),
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if res.Invalid {
		t.Error("valid policy reported invalid")
	}

	// A parse error: no rule runs, the input is invalid.
	res = l.Lint(&lint.Input{File: "bad.json", Src: []byte(`{"Statement": [`)})
	if !res.Invalid || len(res.Diags) != 1 || res.Diags[0].Code != "JSON_SYNTAX_ERROR" {
		t.Errorf("bad input: %v %v", res.Invalid, res.Diags)
	}

	// Disabled codes are neither run nor reported.
	l2 := &lint.Linter{Catalog: c, Rules: []*lint.Rule{everyAction}, Disabled: map[string]bool{"TEST_ACTION": true}}
	if res := l2.Lint(&lint.Input{File: "p.json", Src: []byte(src)}); len(res.Diags) != 0 {
		t.Errorf("disabled rule reported %v", res.Diags)
	}

	// ActionsOnly inputs run only ActionNames rules.
	if res := l.Lint(&lint.Input{File: "p.json", Src: []byte(src), ActionsOnly: true}); len(res.Diags) != 0 {
		t.Errorf("action-list input ran a policy rule: %v", res.Diags)
	}

	// LintAll keeps input order, whatever the number of workers.
	var ins []*lint.Input
	for i := range 20 {
		ins = append(ins, &lint.Input{File: "f" + strconv.Itoa(i), Src: []byte(src)})
	}
	for _, w := range []int{1, 3, 0} {
		for i, r := range l.LintAll(ins, w) {
			if r.Input != ins[i] || len(r.Diags) != 2 || r.Diags[0].Range.File != "f"+strconv.Itoa(i) {
				t.Fatalf("workers %d: result %d is for %s", w, i, r.Input.File)
			}
		}
	}
}

func TestDetectType(t *testing.T) {
	for _, c := range []struct {
		src  string
		want iam.Type
	}{
		{`{"Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}`, iam.Identity},
		{`{"Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": ["sts:AssumeRole", "sts:TagSession"]}]}`, iam.Trust},
		{`{"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "*"}]}`, iam.Resource},
	} {
		p, ds := iam.Parse("p", []byte(c.src), iam.ParseOptions{Type: iam.Resource})
		if p == nil {
			t.Fatal(ds)
		}
		if got := lint.DetectType(p, iam.Identity); got != c.want {
			t.Errorf("DetectType(%s) = %v, want %v", c.src, got, c.want)
		}
	}
}

func TestStatementIndex(t *testing.T) {
	for path, want := range map[string]int{
		"/Statement/3/Action/0": 3, "/Statement/Action": 0, "/Statement": 0, "/Version": -1, "": -1, "/Statement/12": 12,
	} {
		if got := lint.StatementIndex(path); got != want {
			t.Errorf("StatementIndex(%q) = %d, want %d", path, got, want)
		}
	}
}

func TestPattern(t *testing.T) {
	for in, want := range map[string]string{
		"arn:aws:s3:::${MY_PREFIX}-*":         "arn:aws:s3:::*-*",
		"arn:aws:s3:::home/${aws:username}/x": "arn:aws:s3:::home/*/x",
		"plain":                               "plain",
		"unclosed ${x":                        "unclosed ${x",
	} {
		if got := lint.Pattern(in); got != want {
			t.Errorf("Pattern(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestQuota(t *testing.T) {
	for _, c := range []struct {
		c     lint.Container
		t     iam.Type
		limit int
		ok    bool
	}{
		{lint.DefaultContainer, iam.Identity, 6144, true},
		{lint.UserInline, iam.Identity, 2048, true},
		{lint.RoleInline, iam.Identity, 10240, true},
		{lint.GroupInline, iam.Identity, 5120, true},
		{lint.DefaultContainer, iam.SCP, 5120, true},
		{lint.DefaultContainer, iam.Trust, 2048, true},
		{lint.DefaultContainer, iam.Resource, 0, false},
		{lint.BucketPolicy, iam.Resource, 20480, true},
		{lint.NoQuota, iam.Identity, 0, false},
	} {
		q, ok := lint.QuotaFor(c.c, c.t)
		if ok != c.ok || q.Limit != c.limit {
			t.Errorf("QuotaFor(%v, %v) = %d, %v; want %d, %v", c.c, c.t, q.Limit, ok, c.limit, c.ok)
		}
	}
	for _, n := range lint.ContainerNames() {
		c, ok := lint.ParseContainer(n)
		if !ok || c.String() != n {
			t.Errorf("ParseContainer(%q) = %v, %v", n, c, ok)
		}
	}
}

func TestConfig(t *testing.T) {
	src := `{"Version": "2012-10-17", "Statement": [
 {"Sid": "Deploy", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"},
 {"Sid": "Other", "Effect": "Allow", "Action": "s3:PutObject", "Resource": "*"}]}`
	cfg := &lint.Config{Ignores: []*lint.Ignore{
		{Codes: []string{"TEST_ACTION"}, Sids: []string{"Dep*"}, Reason: "reviewed"},
		{Codes: []string{"TEST_ACTION"}, Paths: []string{"elsewhere/"}, Reason: "not this run"},
		{Codes: []string{"OTHER"}, Reason: "stale"},
	}}
	l := &lint.Linter{Catalog: catalog.Default(), Rules: []*lint.Rule{everyAction}, Config: cfg}
	res := l.Lint(&lint.Input{File: "policies/p.json", Src: []byte(src)})
	if res.Suppressed != 1 || len(res.Diags) != 1 || !strings.HasPrefix(res.Diags[0].Message, "s3:PutObject") {
		t.Fatalf("suppressed %d, kept %v", res.Suppressed, res.Diags)
	}
	unused := cfg.Unused([]string{"policies/p.json"})
	if len(unused) != 1 || unused[0].Code != lint.CodeUnusedIgnore {
		t.Errorf("Unused = %v, want the stale entry only", unused)
	}
	if got := cfg.Unused([]string{"elsewhere/x.json"}); len(got) != 2 {
		t.Errorf("Unused with elsewhere/ linted = %v, want 2 entries", got)
	}

	check := (&lint.Config{Ignores: []*lint.Ignore{{Codes: []string{"NOPE"}}, {Reason: "x"}}}).Check(func(c string) bool { return c != "NOPE" })
	var msgs []string
	for _, d := range check {
		msgs = append(msgs, d.Message)
	}
	want := []string{"ignore entry has no reason", `ignore entry names unknown code "NOPE"`, "ignore entry matches every finding"}
	if diff := cmp.Diff(want, msgs); diff != "" {
		t.Errorf("Check (-want +got):\n%s", diff)
	}
}

func TestCatalogue(t *testing.T) {
	entries := lint.Catalogue([]*lint.Rule{everyAction}, []lint.Entry{{Code: "EXTRA", Source: "extract"}})
	seen := map[string]string{}
	for i, e := range entries {
		if i > 0 && entries[i-1].Code > e.Code {
			t.Errorf("catalogue not sorted at %s", e.Code)
		}
		seen[e.Code] = e.Source
	}
	for code, src := range map[string]string{"JSON_SYNTAX_ERROR": "parser", "TEST_ACTION": "rule", "EXTRA": "extract", "UNUSED_IGNORE": "config"} {
		if seen[code] != src {
			t.Errorf("catalogue: %s from %q, want %q", code, seen[code], src)
		}
	}
}

// TestAliases checks that a renamed rule keeps its earlier code as an alias,
// that parser codes are reachable by Access Analyzer's spelling, and that
// Validate rejects aliases that collide.
func TestAliases(t *testing.T) {
	renamed := *everyAction
	renamed.Code, renamed.Aliases = "NEW_NAME", []string{"OLD_NAME"}
	canon := lint.Canonical(lint.Catalogue([]*lint.Rule{&renamed}))
	for in, want := range map[string]string{
		"OLD_NAME": "NEW_NAME", "NEW_NAME": "NEW_NAME",
		"DATA_TYPE_MISMATCH": iam.CodeWrongType, "EMPTY_ARRAY_CONDITION_FORALLVALUES": iam.CodeEmptyCondArrayAll,
		"JSON_SYNTAX_ERROR": "JSON_SYNTAX_ERROR",
	} {
		if got, ok := canon(in); !ok || got != want {
			t.Errorf("Canonical(%s) = %s, %v; want %s", in, got, ok, want)
		}
	}
	if _, ok := canon("NO_SUCH_CODE"); ok {
		t.Error("Canonical accepted an unknown code")
	}
	clash := renamed
	clash.Code, clash.Aliases = "OTHER", []string{"NEW_name", "NEW_NAME"}
	err := lint.Validate([]*lint.Rule{&renamed, &clash})
	for _, want := range []string{`alias "NEW_name" is not UPPER_SNAKE_CASE`, "alias NEW_NAME duplicates a code or alias"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Validate = %v, want %q", err, want)
		}
	}
}

func TestRulePanic(t *testing.T) {
	boom := *everyAction
	boom.Code = "BOOM"
	boom.Run = func(p *lint.Pass) { panic("kaboom") }
	l := &lint.Linter{Catalog: catalog.Default(), Rules: []*lint.Rule{everyAction, &boom}}
	res := l.Lint(&lint.Input{File: "p.json", Src: []byte(`{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}`)})
	var codes []string
	for _, d := range res.Diags {
		codes = append(codes, d.Code)
	}
	if diff := cmp.Diff([]string{lint.CodeInternalError, "TEST_ACTION"}, codes); diff != "" || !strings.Contains(res.Diags[0].Message, "rule BOOM failed on this policy: kaboom") {
		t.Errorf("(-want +got):\n%s\n%v", diff, res.Diags)
	}
}
