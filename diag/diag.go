// Package diag defines source positions and the diagnostics reported against
// them. Parse errors, lint findings and evaluation errors all use these types,
// so every output format (text, JSON, SARIF, GitHub annotations) handles all of
// them the same way.
//
// A [Diagnostic] points at a [Range] of a document and, like IAM Access
// Analyzer's ValidatePolicy findings, also carries a JSON Pointer path to the
// element it is about. Severities are Access Analyzer's four finding types.
//
//	var l diag.List
//	l.Add(diag.Diagnostic{Range: r, Code: "MISSING_EFFECT", Severity: diag.Error, Message: "statement has no Effect"})
//	l.Sort()
//	l.Print(os.Stderr) // policy.json:3:5: error: statement has no Effect [MISSING_EFFECT]
package diag

import (
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
)

// A Pos is a position in a source document.
type Pos struct {
	Offset int // byte offset, starting at 0
	Line   int // line, starting at 1; 0 means unknown
	Column int // column in bytes, starting at 1
}

// IsValid reports whether p holds a known position.
func (p Pos) IsValid() bool { return p.Line > 0 }

// String returns "line:column", or "-" for an unknown position.
func (p Pos) String() string {
	if !p.IsValid() {
		return "-"
	}
	return strconv.Itoa(p.Line) + ":" + strconv.Itoa(p.Column)
}

// A Range is the half-open span [Start, End) of one document.
type Range struct {
	File       string
	Start, End Pos
}

// String returns "file:line:col" (the go/token convention), omitting the
// parts that are unknown.
func (r Range) String() string {
	switch {
	case r.File != "" && r.Start.IsValid():
		return r.File + ":" + r.Start.String()
	case r.File != "":
		return r.File
	case r.Start.IsValid():
		return r.Start.String()
	}
	return "-"
}

// Contains reports whether q lies within r (same file, by byte offsets).
func (r Range) Contains(q Range) bool {
	return r.File == q.File && r.Start.Offset <= q.Start.Offset && q.End.Offset <= r.End.Offset
}

// Severity is how serious a diagnostic is. The four values are IAM Access
// Analyzer's finding types, most serious first.
type Severity uint8

// The severities, most serious first. The zero value is Error, so a
// diagnostic built without thought about severity fails closed.
const (
	Error Severity = iota
	SecurityWarning
	Warning
	Suggestion
)

var severityNames = [...]string{"error", "security-warning", "warning", "suggestion"}

// String returns the lower-case, kebab-case name ("security-warning").
func (s Severity) String() string {
	if int(s) < len(severityNames) {
		return severityNames[s]
	}
	return "severity(" + strconv.Itoa(int(s)) + ")"
}

// FindingType returns Access Analyzer's name for s ("SECURITY_WARNING").
func (s Severity) FindingType() string {
	return strings.ToUpper(strings.ReplaceAll(s.String(), "-", "_"))
}

// AtLeast reports whether s is as serious as t or more.
func (s Severity) AtLeast(t Severity) bool { return s <= t }

// ParseSeverity accepts either spelling ("security-warning",
// "SECURITY_WARNING"), in any case.
func ParseSeverity(s string) (Severity, error) {
	norm := strings.ToLower(strings.ReplaceAll(strings.TrimSpace(s), "_", "-"))
	for i, n := range severityNames {
		if n == norm {
			return Severity(i), nil
		}
	}
	return 0, fmt.Errorf("unknown severity %q (want one of %s)", s, strings.Join(severityNames[:], ", "))
}

// MarshalText implements encoding.TextMarshaler.
func (s Severity) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler.
func (s *Severity) UnmarshalText(b []byte) error {
	v, err := ParseSeverity(string(b))
	if err != nil {
		return err
	}
	*s = v
	return nil
}

// Related is a secondary location that helps explain a diagnostic, such as
// the first occurrence of a duplicated key.
type Related struct {
	Range   Range  `json:"range"`
	Message string `json:"message"`
}

// A Diagnostic is one finding about a range of a document.
type Diagnostic struct {
	Range    Range     `json:"range"`
	Path     string    `json:"path,omitempty"` // JSON Pointer (RFC 6901), e.g. "/Statement/0/Action/1"
	Code     string    `json:"code"`           // stable code, e.g. "JSON_SYNTAX_ERROR"
	Severity Severity  `json:"severity"`
	Message  string    `json:"message"`          // one line, lower case, no final period
	Detail   string    `json:"detail,omitempty"` // how to fix it
	URL      string    `json:"url,omitempty"`
	Related  []Related `json:"related,omitempty"`
}

// String formats d as "file:line:col: severity: message [CODE]".
func (d Diagnostic) String() string {
	var b strings.Builder
	b.WriteString(d.Range.String())
	b.WriteString(": ")
	b.WriteString(d.Severity.String())
	b.WriteString(": ")
	b.WriteString(d.Message)
	if d.Code != "" {
		b.WriteString(" [")
		b.WriteString(d.Code)
		b.WriteByte(']')
	}
	return b.String()
}

// Error implements error, so a single diagnostic can be returned as one.
func (d Diagnostic) Error() string { return d.String() }

// A List is an ordered set of diagnostics; its zero value is ready to use.
type List []Diagnostic

// Add appends d to l.
func (l *List) Add(d Diagnostic) { *l = append(*l, d) }

// Addf appends a diagnostic built from its parts.
func (l *List) Addf(r Range, path string, sev Severity, code, format string, args ...any) {
	*l = append(*l, Diagnostic{Range: r, Path: path, Severity: sev, Code: code, Message: fmt.Sprintf(format, args...)})
}

// Compare orders diagnostics by file, position, severity, code and message.
func Compare(a, b Diagnostic) int {
	if c := strings.Compare(a.Range.File, b.Range.File); c != 0 {
		return c
	}
	if c := a.Range.Start.Offset - b.Range.Start.Offset; c != 0 {
		return c
	}
	if c := int(a.Severity) - int(b.Severity); c != 0 {
		return c
	}
	if c := strings.Compare(a.Code, b.Code); c != 0 {
		return c
	}
	return strings.Compare(a.Message, b.Message)
}

// Sort orders l by [Compare]; equal diagnostics keep their order.
func (l List) Sort() { slices.SortStableFunc(l, Compare) }

// HasErrors reports whether l holds a diagnostic of severity Error.
func (l List) HasErrors() bool {
	for _, d := range l {
		if d.Severity == Error {
			return true
		}
	}
	return false
}

// Count returns how many diagnostics are at least as serious as min.
func (l List) Count(min Severity) int {
	n := 0
	for _, d := range l {
		if d.Severity.AtLeast(min) {
			n++
		}
	}
	return n
}

// Errors returns the diagnostics of severity Error.
func (l List) Errors() List {
	var out List
	for _, d := range l {
		if d.Severity == Error {
			out = append(out, d)
		}
	}
	return out
}

// Err returns an error equivalent to the Error-severity diagnostics of l, or
// nil when there are none. The error unwraps to each diagnostic.
func (l List) Err() error {
	errs := l.Errors()
	if len(errs) == 0 {
		return nil
	}
	return ErrorList(errs)
}

// Print writes one line per diagnostic, in the order of l, and for each
// diagnostic its related locations indented below it.
func (l List) Print(w io.Writer) error {
	var b strings.Builder
	for _, d := range l {
		b.WriteString(d.String())
		b.WriteByte('\n')
		for _, r := range d.Related {
			b.WriteString("\t")
			b.WriteString(r.Range.String())
			b.WriteString(": ")
			b.WriteString(r.Message)
			b.WriteByte('\n')
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// ErrorList is a List used as an error.
type ErrorList List

// Error returns the first diagnostic and how many more there are.
func (e ErrorList) Error() string {
	switch len(e) {
	case 0:
		return "no errors"
	case 1:
		return e[0].String()
	}
	return fmt.Sprintf("%s (and %d more errors)", e[0], len(e)-1)
}

// Unwrap returns the diagnostics as errors, for errors.As and errors.Is.
func (e ErrorList) Unwrap() []error {
	out := make([]error, len(e))
	for i, d := range e {
		out[i] = d
	}
	return out
}

// AsList extracts the diagnostics carried by err: an ErrorList, a List or a
// single Diagnostic anywhere in its chain. It returns nil if there are none.
func AsList(err error) List {
	var el ErrorList
	if errors.As(err, &el) {
		return List(el)
	}
	var d Diagnostic
	if errors.As(err, &d) {
		return List{d}
	}
	return nil
}
