package iamrules

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/leastpriv/leastpriv/catalog"
	"github.com/leastpriv/leastpriv/iam"
	"github.com/leastpriv/leastpriv/lint"
	"github.com/leastpriv/leastpriv/lint/linttest"
)

func TestSuiteWellFormed(t *testing.T) {
	if err := lint.Validate(Suite); err != nil {
		t.Fatal(err)
	}
	// Rule codes must not collide with the parser's.
	for _, c := range iam.Codes {
		for _, r := range Suite {
			if r.Code == c.Code {
				t.Errorf("rule %s duplicates a parser code", r.Code)
			}
		}
	}
}

func TestExamples(t *testing.T) {
	c := catalog.Default()
	for _, r := range Suite {
		t.Run(r.Code, func(t *testing.T) {
			for _, p := range linttest.Examples(r, c) {
				t.Error(p)
			}
		})
	}
}

// TestRules runs every rule over its testdata directory, whose policies say
// with "// want" comments which findings they must produce.
func TestRules(t *testing.T) {
	c := catalog.Default()
	for _, r := range Suite {
		t.Run(r.Code, func(t *testing.T) {
			dir := filepath.Join("testdata", r.Code)
			if _, err := os.Stat(dir); err != nil {
				t.Fatalf("rule has no testdata directory %s", dir)
			}
			linttest.Run(t, dir, c, r)
		})
	}
}

// TestCodesStable keeps codes stable: every code in lint/testdata/codes.txt
// (the committed list) must still be reported by some stage, or be an alias
// of a code that is (a rule renamed to Access Analyzer's spelling). New codes
// are added to the list with -update; codes are never removed.
func TestCodesStable(t *testing.T) {
	path := filepath.Join("..", "testdata", "codes.txt")
	current := map[string]bool{}
	var all []string
	for _, e := range lint.Catalogue(Suite) {
		current[e.Code] = true
		all = append(all, e.Code)
		// A renamed code stays known as an alias of the new one.
		for _, a := range e.Aliases {
			current[a] = true
		}
	}
	data, err := os.ReadFile(path)
	if err != nil && !*update {
		t.Fatal(err)
	}
	var listed []string
	for _, l := range strings.Split(string(data), "\n") {
		if l = strings.TrimSpace(l); l != "" && !strings.HasPrefix(l, "#") {
			listed = append(listed, l)
		}
	}
	for _, c := range listed {
		if !current[c] {
			t.Errorf("code %s was removed, or renamed without keeping it as an alias; codes are a compatibility promise", c)
		}
	}
	if *update {
		merged := append(slices.Clone(listed), all...)
		slices.Sort(merged)
		merged = slices.Compact(merged)
		out := "# Every code leastpriv lint has reported (parser and rules; extract codes are in internal/extract).\n# Codes are never removed; a renamed code stays accepted as an alias. Regenerate with: go test ./lint/iamrules -run TestCodesStable -update\n" + strings.Join(merged, "\n") + "\n"
		if err := os.WriteFile(path, []byte(out), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
