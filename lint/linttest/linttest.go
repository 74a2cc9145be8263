// Package linttest runs lint rules over test policies whose expected findings
// are written next to the lines that trigger them, as go/analysis's
// analysistest does:
//
//	{
//	  "Version": "2012-10-17",
//	  "Statement": [{
//	    "Effect": "Allow",
//	    "Action": ["s3:GetObject", "s3:*"],   // want "s3:GetObject" "covered by s3:\*"
//	    "Resource": "*"
//	  }]
//	}
//
// A "// want" comment holds one or more Go-quoted regular expressions; each
// must match the "CODE: message" of a distinct finding on that line, and
// every finding must be matched by one. The comments (outside JSON strings)
// are replaced by spaces before parsing, so offsets, lines and columns are
// those of the file. A first line "// type: trust" sets the policy type
// (identity by default); "// container: user" sets the size-quota container.
package linttest

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/leastpriv/leastpriv/catalog"
	"github.com/leastpriv/leastpriv/diag"
	"github.com/leastpriv/leastpriv/iam"
	"github.com/leastpriv/leastpriv/lint"
)

// Run lints every *.json file of dir with the rules (the parser always runs)
// and checks the findings against the files' want comments. A missing or
// empty directory fails the test.
func Run(t *testing.T, dir string, c *catalog.Catalog, rules ...*lint.Rule) {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatalf("no test policies in %s", dir)
	}
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range Check(filepath.Base(f), src, c, rules...) {
			t.Errorf("%s", p)
		}
	}
}

// A want is one expected finding.
type want struct {
	line int
	re   *regexp.Regexp
}

// Check lints one annotated policy and returns the mismatches between its
// want comments and the findings, one message each; none means success.
func Check(name string, src []byte, c *catalog.Catalog, rules ...*lint.Rule) []string {
	clean, wants, typ, container, err := prepare(src)
	if err != nil {
		return []string{fmt.Sprintf("%s: %v", name, err)}
	}
	l := &lint.Linter{Catalog: c, Rules: rules}
	res := l.Lint(&lint.Input{File: name, Src: clean, Type: typ, Container: container})
	return compare(name, wants, res.Diags)
}

func compare(name string, wants []want, ds diag.List) []string {
	var problems []string
	used := make([]bool, len(ds))
	for _, w := range wants {
		found := false
		for i, d := range ds {
			if used[i] || d.Range.Start.Line != w.line {
				continue
			}
			if w.re.MatchString(d.Code + ": " + d.Message) {
				used[i] = true
				found = true
				break
			}
		}
		if !found {
			problems = append(problems, fmt.Sprintf("%s:%d: no finding matches %q", name, w.line, w.re))
		}
	}
	for i, d := range ds {
		if !used[i] {
			problems = append(problems, fmt.Sprintf("%s: unexpected finding %s: %s: %s", name, d.Range.Start, d.Code, d.Message))
		}
	}
	return problems
}

var directiveRE = regexp.MustCompile(`^//\s*(type|container):\s*(\S+)\s*$`)

// prepare blanks the comments of src and collects its wants and directives.
func prepare(src []byte) (clean []byte, wants []want, typ iam.Type, container lint.Container, err error) {
	clean = slices.Clone(src)
	line := 1
	inString := false
	for i := 0; i < len(clean); i++ {
		c := clean[i]
		switch {
		case c == '\n':
			line++
			inString = false
		case inString:
			if c == '\\' {
				i++
			} else if c == '"' {
				inString = false
			}
		case c == '"':
			inString = true
		case c == '/' && i+1 < len(clean) && clean[i+1] == '/':
			end := i
			for end < len(clean) && clean[end] != '\n' {
				end++
			}
			comment := string(clean[i:end])
			if m := directiveRE.FindStringSubmatch(comment); m != nil {
				switch m[1] {
				case "type":
					t, ok := iam.ParseType(m[2])
					if !ok {
						return nil, nil, 0, 0, fmt.Errorf("line %d: unknown policy type %q", line, m[2])
					}
					typ = t
				case "container":
					ct, ok := lint.ParseContainer(m[2])
					if !ok {
						return nil, nil, 0, 0, fmt.Errorf("line %d: unknown container %q", line, m[2])
					}
					container = ct
				}
			} else if rest, ok := strings.CutPrefix(strings.TrimSpace(comment[2:]), "want"); ok {
				res, perr := parsePatterns(rest)
				if perr != nil {
					return nil, nil, 0, 0, fmt.Errorf("line %d: %v", line, perr)
				}
				for _, re := range res {
					wants = append(wants, want{line: line, re: re})
				}
			}
			for k := i; k < end; k++ {
				clean[k] = ' '
			}
			i = end - 1
		}
	}
	return clean, wants, typ, container, nil
}

// parsePatterns parses a sequence of Go-quoted regular expressions.
func parsePatterns(s string) ([]*regexp.Regexp, error) {
	var out []*regexp.Regexp
	s = strings.TrimSpace(s)
	for s != "" {
		q, err := strconv.QuotedPrefix(s)
		if err != nil {
			return nil, fmt.Errorf("want: expected a quoted regular expression at %q", s)
		}
		u, _ := strconv.Unquote(q)
		re, err := regexp.Compile(u)
		if err != nil {
			return nil, fmt.Errorf("want: %v", err)
		}
		out = append(out, re)
		s = strings.TrimSpace(s[len(q):])
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("want: no pattern")
	}
	return out, nil
}

// Examples lints the rule's Bad and Good examples: Bad must produce at
// least one finding of the rule and no parser error, Good none of the rule's
// findings and no parser error. It returns the problems, one message each.
func Examples(r *lint.Rule, c *catalog.Catalog) []string {
	var problems []string
	l := &lint.Linter{Catalog: c, Rules: []*lint.Rule{r}}
	for _, ex := range []struct {
		name string
		src  string
		want bool
	}{{"Bad", r.Bad, true}, {"Good", r.Good, false}} {
		res := l.Lint(&lint.Input{File: ex.name, Src: []byte(ex.src), Type: r.ExampleType, Container: r.ExampleContainer})
		got := false
		for _, d := range res.Diags {
			if d.Code == r.Code {
				got = true
			} else if d.Severity == diag.Error && res.Invalid {
				problems = append(problems, fmt.Sprintf("%s example does not parse: %s: %s", ex.name, d.Code, d.Message))
			}
		}
		if got != ex.want {
			if ex.want {
				problems = append(problems, "Bad example does not trigger the rule")
			} else {
				problems = append(problems, "Good example triggers the rule")
			}
		}
	}
	return problems
}
