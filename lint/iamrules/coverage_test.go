package iamrules

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/leastpriv/leastpriv/lint"
)

// guideCodes returns the issue codes of the Access Analyzer table of the
// project guide (../shared/guides/anchors-and-user-needs.md, section 4.1).
func guideCodes(t *testing.T) []string {
	t.Helper()
	path := filepath.Join("..", "..", "..", "shared", "guides", "anchors-and-user-needs.md")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (the guide is read from ../shared relative to the module root)", err)
	}
	text := string(data)
	start := strings.Index(text, "### 4.1")
	end := strings.Index(text, "### 4.2")
	if start < 0 || end < start {
		t.Fatal("section 4.1 of the guide not found")
	}
	row := regexp.MustCompile("(?m)^\\| *[0-9]+ *\\| *`([A-Z_]+)`")
	var codes []string
	for _, m := range row.FindAllStringSubmatch(text[start:end], -1) {
		codes = append(codes, m[1])
	}
	if len(codes) < 100 {
		t.Fatalf("found %d codes in section 4.1, want the full table", len(codes))
	}
	return codes
}

// TestAccessAnalyzerCoverage checks every ValidatePolicy issue code of the
// guide: it is reported by the parser or a rule (as its code or an alias),
// or Unchecked says why not. Unchecked names only codes of the guide that
// nothing reports.
func TestAccessAnalyzerCoverage(t *testing.T) {
	canon := lint.Canonical(lint.Catalogue(Suite))
	inGuide := map[string]bool{}
	var missing []string
	for _, code := range guideCodes(t) {
		inGuide[code] = true
		_, known := canon(code)
		_, skipped := Unchecked[code]
		switch {
		case known && skipped:
			t.Errorf("%s is reported, but Unchecked says it is not", code)
		case !known && !skipped:
			missing = append(missing, code)
		}
	}
	if len(missing) > 0 {
		t.Errorf("Access Analyzer codes neither reported nor listed in Unchecked: %v", missing)
	}
	for code, reason := range Unchecked {
		if !inGuide[code] {
			t.Errorf("Unchecked lists %s, which is not an Access Analyzer code of the guide", code)
		}
		if strings.TrimSpace(reason) == "" {
			t.Errorf("Unchecked gives no reason for %s", code)
		}
	}
}
