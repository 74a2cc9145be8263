package diag

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestRangeString(t *testing.T) {
	tests := []struct {
		r    Range
		want string
	}{
		{Range{File: "p.json", Start: Pos{Offset: 10, Line: 2, Column: 3}}, "p.json:2:3"},
		{Range{File: "p.json"}, "p.json"},
		{Range{Start: Pos{Line: 1, Column: 1}}, "1:1"},
		{Range{}, "-"},
	}
	for _, tt := range tests {
		if got := tt.r.String(); got != tt.want {
			t.Errorf("%+v.String() = %q, want %q", tt.r, got, tt.want)
		}
	}
}

func TestSeverity(t *testing.T) {
	for _, s := range []Severity{Error, SecurityWarning, Warning, Suggestion} {
		for _, spelling := range []string{s.String(), s.FindingType(), strings.ToUpper(s.String())} {
			got, err := ParseSeverity(spelling)
			if err != nil || got != s {
				t.Errorf("ParseSeverity(%q) = %v, %v; want %v", spelling, got, err, s)
			}
		}
	}
	if got := SecurityWarning.FindingType(); got != "SECURITY_WARNING" {
		t.Errorf("FindingType = %q", got)
	}
	if _, err := ParseSeverity("critical"); err == nil {
		t.Error("ParseSeverity accepted an unknown severity")
	}
	if !Error.AtLeast(Warning) || Suggestion.AtLeast(Warning) || !Warning.AtLeast(Warning) {
		t.Error("AtLeast orders severities wrongly")
	}
	var s Severity
	if err := s.UnmarshalText([]byte("warning")); err != nil || s != Warning {
		t.Errorf("UnmarshalText = %v, %v", s, err)
	}
}

func d(file string, off, line, col int, sev Severity, code, msg string) Diagnostic {
	return Diagnostic{Range: Range{File: file, Start: Pos{off, line, col}}, Severity: sev, Code: code, Message: msg}
}

func TestListSortPrintErr(t *testing.T) {
	l := List{
		d("b.json", 5, 1, 6, Warning, "W", "second file"),
		d("a.json", 20, 2, 3, Error, "E2", "later"),
		d("a.json", 4, 1, 5, Suggestion, "S", "same place, less serious"),
		d("a.json", 4, 1, 5, Error, "E1", "same place, more serious"),
	}
	l[1].Related = []Related{{Range: Range{File: "a.json", Start: Pos{1, 1, 2}}, Message: "first here"}}
	l.Sort()
	var b strings.Builder
	if err := l.Print(&b); err != nil {
		t.Fatal(err)
	}
	want := `a.json:1:5: error: same place, more serious [E1]
a.json:1:5: suggestion: same place, less serious [S]
a.json:2:3: error: later [E2]
	a.json:1:2: first here
b.json:1:6: warning: second file [W]
`
	if diff := cmp.Diff(want, b.String()); diff != "" {
		t.Errorf("Print (-want +got):\n%s", diff)
	}
	if !l.HasErrors() || l.Count(Warning) != 3 || len(l.Errors()) != 2 {
		t.Errorf("HasErrors/Count/Errors wrong: %v %d %d", l.HasErrors(), l.Count(Warning), len(l.Errors()))
	}
	err := l.Err()
	if err == nil || err.Error() != "a.json:1:5: error: same place, more serious [E1] (and 1 more errors)" {
		t.Fatalf("Err() = %v", err)
	}
	wrapped := fmt.Errorf("loading: %w", err)
	if got := AsList(wrapped); len(got) != 2 || got[1].Code != "E2" {
		t.Errorf("AsList = %v", got)
	}
	var one Diagnostic
	if !errors.As(wrapped, &one) || one.Code != "E1" {
		t.Errorf("errors.As found %v", one)
	}
	if (List{d("x", 0, 1, 1, Warning, "W", "w")}).Err() != nil {
		t.Error("a list of warnings is not an error")
	}
	if AsList(errors.New("plain")) != nil {
		t.Error("AsList of a plain error")
	}
}

func TestLines(t *testing.T) {
	src := []byte("ab\ncd\n\nxyz")
	l := NewLines(src)
	tests := []struct {
		off  int
		want Pos
	}{
		{0, Pos{0, 1, 1}},
		{2, Pos{2, 1, 3}}, // the '\n' ends line 1
		{3, Pos{3, 2, 1}},
		{6, Pos{6, 3, 1}},
		{7, Pos{7, 4, 1}},
		{10, Pos{10, 4, 4}}, // end of input
		{99, Pos{10, 4, 4}}, // clamped
		{-1, Pos{0, 1, 1}},
	}
	for _, tt := range tests {
		if got := l.Pos(tt.off); got != tt.want {
			t.Errorf("Pos(%d) = %+v, want %+v", tt.off, got, tt.want)
		}
	}
	if l.NumLines() != 4 {
		t.Errorf("NumLines = %d", l.NumLines())
	}
	r := l.Range("f", 3, 5)
	if r.String() != "f:2:1" || r.End.Column != 3 {
		t.Errorf("Range = %+v", r)
	}
	outer, inner := l.Range("f", 0, 10), l.Range("f", 3, 5)
	if !outer.Contains(inner) || inner.Contains(outer) {
		t.Error("Contains wrong")
	}
}
