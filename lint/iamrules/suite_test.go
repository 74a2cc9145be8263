package iamrules

import (
	"os"
	"path/filepath"
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
