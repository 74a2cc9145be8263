package cli

// This file is the printer of findings (a diag.List) shared by the commands
// that report them: text for people, versioned JSON for programs, SARIF 2.1.0
// for code scanning, and GitHub Actions workflow commands for annotations.

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/leastpriv/leastpriv/diag"
	"github.com/leastpriv/leastpriv/internal/sarif"
	"github.com/leastpriv/leastpriv/lint"
)

// formatGitHub prints GitHub Actions annotations (::error file=...::msg).
const formatGitHub outputFormat = "github"

// A report is what a findings printer needs.
type report struct {
	Tool     string       // command name, for SARIF ("leastpriv lint")
	Findings diag.List    // sorted
	Summary  summary      // counts
	Rules    []lint.Entry // the codes the tool can report, for SARIF's rule table
	// Sources returns the text of a linted file, or nil. SARIF and GitHub
	// annotations count columns in characters; findings count bytes.
	Sources func(file string) []byte
}

// summary counts what a run looked at and found.
type summary struct {
	Files       int `json:"files"`
	Policies    int `json:"policies"`
	ActionLists int `json:"actionLists,omitempty"`
	NoPolicy    int `json:"filesWithoutPolicy,omitempty"`
	Invalid     int `json:"invalidPolicies"`
	Unreadable  int `json:"unreadableFiles,omitempty"`
	// InputErrors say why each unreadable file or argument could not be
	// read (also printed on standard error).
	InputErrors  []string       `json:"inputErrors,omitempty"`
	Findings     int            `json:"findings"`
	BySeverity   map[string]int `json:"bySeverity"`
	Suppressed   int            `json:"suppressed"`
	FailOn       string         `json:"failOn"`
	FailingCount int            `json:"failing"`
}

// writeFindings prints r in format f to w.
func writeFindings(w io.Writer, f outputFormat, r *report) error {
	switch f {
	case formatJSON:
		return writeJSONReport(w, r)
	case formatSARIF:
		return writeJSON(w, sarifLog(r))
	case formatGitHub:
		return writeGitHub(w, r.Findings, r.Sources)
	}
	return writeText(w, r.Findings)
}

// writeText prints one finding per line as file:line:col: SEVERITY CODE:
// message, with the fix hint and related locations indented below. The
// lines go out through a buffer as they are made: a run over thousands of
// files does not build its whole output in memory.
func writeText(w io.Writer, l diag.List) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	var b []byte
	for _, d := range l {
		b = appendRange(b[:0], d.Range)
		b = append(b, ": "...)
		b = append(b, findingType(d.Severity)...)
		if d.Code != "" {
			b = append(b, ' ')
			b = append(b, d.Code...)
		}
		b = append(b, ": "...)
		b = append(b, d.Message...)
		b = append(b, '\n')
		if d.Detail != "" {
			b = append(b, "\thint: "...)
			b = append(b, d.Detail...)
			b = append(b, '\n')
		}
		for _, r := range d.Related {
			b = append(b, '\t')
			b = appendRange(b, r.Range)
			b = append(b, ": "...)
			b = append(b, r.Message...)
			b = append(b, '\n')
		}
		if _, err := bw.Write(b); err != nil {
			return err
		}
	}
	return bw.Flush()
}

// appendRange appends r as diag.Range.String formats it.
func appendRange(b []byte, r diag.Range) []byte {
	switch {
	case r.File != "" && r.Start.IsValid():
		b = append(b, r.File...)
		b = append(b, ':')
		return appendPos(b, r.Start)
	case r.File != "":
		return append(b, r.File...)
	case r.Start.IsValid():
		return appendPos(b, r.Start)
	}
	return append(b, '-')
}

// appendPos appends a valid p as diag.Pos.String formats it.
func appendPos(b []byte, p diag.Pos) []byte {
	b = strconv.AppendInt(b, int64(p.Line), 10)
	b = append(b, ':')
	return strconv.AppendInt(b, int64(p.Column), 10)
}

// findingTypes are the finding types of the four severities.
var findingTypes = [...]string{diag.Error.FindingType(), diag.SecurityWarning.FindingType(), diag.Warning.FindingType(), diag.Suggestion.FindingType()}

// findingType is s.FindingType(), without building the string again.
func findingType(s diag.Severity) string {
	if int(s) < len(findingTypes) {
		return findingTypes[s]
	}
	return s.FindingType()
}

// summaryLine is the one-line text summary printed on standard error.
func (s *summary) line() string {
	var parts []string
	for _, sev := range []diag.Severity{diag.Error, diag.SecurityWarning, diag.Warning, diag.Suggestion} {
		if n := s.BySeverity[sev.String()]; n > 0 {
			name := strings.ReplaceAll(sev.String(), "-", " ")
			if n > 1 {
				name += "s"
			}
			parts = append(parts, fmt.Sprintf("%d %s", n, name))
		}
	}
	found := "no findings"
	if len(parts) > 0 {
		found = strings.Join(parts, ", ")
	}
	out := fmt.Sprintf("%s, %s: %s", plural(s.Files, "file"), plural(s.Policies, "policy"), found)
	if s.ActionLists > 0 {
		out = fmt.Sprintf("%s, %s, %s: %s", plural(s.Files, "file"), plural(s.Policies, "policy"), plural(s.ActionLists, "action list"), found)
	}
	var extra []string
	if s.Invalid > 0 {
		extra = append(extra, fmt.Sprintf("%d invalid", s.Invalid))
	}
	if s.NoPolicy > 0 {
		extra = append(extra, fmt.Sprintf("%s without a policy", plural(s.NoPolicy, "file")))
	}
	if s.Unreadable > 0 {
		extra = append(extra, fmt.Sprintf("%d unreadable", s.Unreadable))
	}
	if s.Suppressed > 0 {
		extra = append(extra, fmt.Sprintf("%d suppressed", s.Suppressed))
	}
	if len(extra) > 0 {
		out += " (" + strings.Join(extra, ", ") + ")"
	}
	return out
}

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	if strings.HasSuffix(what, "y") {
		return fmt.Sprintf("%d %sies", n, what[:len(what)-1])
	}
	return fmt.Sprintf("%d %ss", n, what)
}

// jsonFinding is the JSON form of one finding. It is a compatibility
// promise: fields are added, never renamed or removed.
type jsonFinding struct {
	File      string        `json:"file"`
	Line      int           `json:"line"`
	Column    int           `json:"column"`
	EndLine   int           `json:"endLine"`
	EndColumn int           `json:"endColumn"`
	Offset    int           `json:"offset"`
	EndOffset int           `json:"endOffset"`
	Path      string        `json:"path,omitempty"`
	Code      string        `json:"code"`
	Severity  string        `json:"severity"` // Access Analyzer's finding type: ERROR, SECURITY_WARNING, ...
	Message   string        `json:"message"`
	Hint      string        `json:"hint,omitempty"`
	URL       string        `json:"url,omitempty"`
	Related   []jsonRelated `json:"related,omitempty"`
}

type jsonRelated struct {
	File    string `json:"file"`
	Line    int    `json:"line"`
	Column  int    `json:"column"`
	Message string `json:"message"`
}

// writeJSONReport writes the JSON form of r, one finding at a time, so that
// a run with thousands of findings does not build its whole output in
// memory. The layout is that of json.MarshalIndent with two spaces.
func writeJSONReport(w io.Writer, r *report) error {
	bw := bufio.NewWriter(w)
	head, err := marshalIndent(struct {
		Version int     `json:"version"`
		Tool    string  `json:"tool"`
		Summary summary `json:"summary"`
	}{1, r.Tool, r.Summary}, "")
	if err != nil {
		return err
	}
	// Reopen the object after "summary" to append the findings.
	bw.Write(head[:len(head)-2])
	bw.WriteString(",\n  \"findings\": [")
	var b []byte
	for i, d := range r.Findings {
		if i > 0 {
			bw.WriteByte(',')
		}
		bw.WriteString("\n    ")
		b = appendJSONFinding(b[:0], jsonFindingOf(d))
		bw.Write(b)
	}
	if len(r.Findings) > 0 {
		bw.WriteString("\n  ")
	}
	bw.WriteString("]\n}\n")
	return bw.Flush()
}

// marshalIndent is json.MarshalIndent with two-space indentation and
// without HTML escaping, as writeJSON writes.
func marshalIndent(v any, prefix string) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent(prefix, "  ")
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

// appendJSONFinding appends f as marshalIndent(f, "    ") writes it, without
// reflection: a run over many files prints thousands of findings.
func appendJSONFinding(b []byte, f jsonFinding) []byte {
	const in = "\n      " // the members of a finding
	field := func(name string) {
		b = append(b, in...)
		b = append(b, '"')
		b = append(b, name...)
		b = append(b, `": `...)
	}
	str := func(name, v string) {
		field(name)
		b = appendJSONString(b, v)
		b = append(b, ',')
	}
	num := func(name string, v int) {
		field(name)
		b = strconv.AppendInt(b, int64(v), 10)
		b = append(b, ',')
	}
	b = append(b, '{')
	str("file", f.File)
	num("line", f.Line)
	num("column", f.Column)
	num("endLine", f.EndLine)
	num("endColumn", f.EndColumn)
	num("offset", f.Offset)
	num("endOffset", f.EndOffset)
	if f.Path != "" {
		str("path", f.Path)
	}
	str("code", f.Code)
	str("severity", f.Severity)
	str("message", f.Message)
	if f.Hint != "" {
		str("hint", f.Hint)
	}
	if f.URL != "" {
		str("url", f.URL)
	}
	if len(f.Related) > 0 {
		field("related")
		b = append(b, '[')
		for i, r := range f.Related {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, "\n        {\n          \"file\": "...)
			b = appendJSONString(b, r.File)
			b = append(b, ",\n          \"line\": "...)
			b = strconv.AppendInt(b, int64(r.Line), 10)
			b = append(b, ",\n          \"column\": "...)
			b = strconv.AppendInt(b, int64(r.Column), 10)
			b = append(b, ",\n          \"message\": "...)
			b = appendJSONString(b, r.Message)
			b = append(b, "\n        }"...)
		}
		b = append(b, "\n      ]"...)
	} else {
		b = b[:len(b)-1] // the last member's comma
	}
	return append(b, "\n    }"...)
}

// appendJSONString appends s quoted as encoding/json quotes strings
// without HTML escaping: \" and \\, the short escapes of \b \f \n \r \t,
// \u00XX for the other control characters, \ufffd for each byte that is not
// UTF-8, and \u2028 and \u2029.
func appendJSONString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hex[r&0xF])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

func jsonFindingOf(d diag.Diagnostic) jsonFinding {
	f := jsonFinding{
		File: d.Range.File, Line: d.Range.Start.Line, Column: d.Range.Start.Column,
		EndLine: d.Range.End.Line, EndColumn: d.Range.End.Column,
		Offset: d.Range.Start.Offset, EndOffset: d.Range.End.Offset,
		Path: d.Path, Code: d.Code, Severity: d.Severity.FindingType(), Message: d.Message, Hint: d.Detail, URL: d.URL,
	}
	for _, rel := range d.Related {
		f.Related = append(f.Related, jsonRelated{File: rel.Range.File, Line: rel.Range.Start.Line, Column: rel.Range.Start.Column, Message: rel.Message})
	}
	return f
}

// sarifLevel maps a severity to SARIF's levels; security warnings are
// errors, as code scanning shows them with the most attention.
func sarifLevel(s diag.Severity) sarif.Level {
	switch s {
	case diag.Error, diag.SecurityWarning:
		return sarif.LevelError
	case diag.Warning:
		return sarif.LevelWarning
	}
	return sarif.LevelNote
}

// securitySeverity is the CVSS-like score GitHub uses to rank security
// findings.
func securitySeverity(s diag.Severity) string {
	switch s {
	case diag.Error:
		return "7.0"
	case diag.SecurityWarning:
		return "8.0"
	case diag.Warning:
		return "5.0"
	}
	return "2.0"
}

func toolVersion() string {
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "devel"
}

func sarifLog(r *report) *sarif.Log {
	log := sarif.New("leastpriv", toolVersion(), "https://github.com/leastpriv/leastpriv")
	run := &log.Runs[0]
	index := map[string]int{}
	addRule := func(e lint.Entry) {
		if _, ok := index[e.Code]; ok {
			return
		}
		index[e.Code] = len(run.Tool.Driver.Rules)
		help := e.Title
		if e.Doc != "" {
			help = e.Doc
		}
		if e.Hint != "" {
			help += "\n\nFix: " + e.Hint
		}
		if e.URL != "" {
			help += "\n\nReference: " + e.URL
		}
		full := e.Title
		if e.Doc != "" {
			full = strings.Join(strings.Fields(e.Doc), " ")
		}
		tags := []string{"iam", e.Source}
		if e.Severity == diag.SecurityWarning {
			tags = append(tags, "security")
		}
		run.Tool.Driver.Rules = append(run.Tool.Driver.Rules, sarif.Rule{
			ID: e.Code, Name: ruleName(e.Code),
			ShortDescription:     &sarif.Message{Text: e.Title},
			FullDescription:      &sarif.Message{Text: full},
			Help:                 &sarif.Message{Text: help, Markdown: markdownHelp(e)},
			HelpURI:              e.URL,
			DefaultConfiguration: &sarif.Configuration{Level: sarifLevel(e.Severity)},
			Properties:           &sarif.RuleProperties{Tags: tags, SecuritySeverity: securitySeverity(e.Severity), Precision: "high"},
		})
	}
	for _, e := range r.Rules {
		addRule(e)
	}
	cols := newColumnCounter(r.Sources)
	for _, d := range r.Findings {
		d.Range = cols.chars(d.Range)
		d.Related = slices.Clone(d.Related)
		for i := range d.Related {
			d.Related[i].Range = cols.chars(d.Related[i].Range)
		}
		if _, ok := index[d.Code]; !ok {
			addRule(lint.Entry{Code: d.Code, Severity: d.Severity, Title: d.Code, Source: "leastpriv"})
		}
		res := sarif.Result{
			RuleID: d.Code, RuleIndex: index[d.Code], Level: sarifLevel(d.Severity),
			Message:   sarif.Message{Text: d.Message + hintSuffix(d.Detail)},
			Locations: []sarif.Location{sarifLocation(d.Range, d.Path, "")},
			PartialFingerprints: map[string]string{
				"leastpriv/v1": d.Code + ":" + d.Range.File + ":" + d.Path + ":" + d.Message,
			},
		}
		for i, rel := range d.Related {
			loc := sarifLocation(rel.Range, "", rel.Message)
			loc.ID = i + 1
			res.RelatedLocations = append(res.RelatedLocations, loc)
		}
		run.Results = append(run.Results, res)
	}
	// Inputs that could not be read are not results, but a code-scanning
	// upload must not look complete without them.
	inv := sarif.Invocation{ExecutionSuccessful: len(r.Summary.InputErrors) == 0}
	for _, e := range r.Summary.InputErrors {
		inv.ToolExecutionNotifications = append(inv.ToolExecutionNotifications,
			sarif.Notification{Level: sarif.LevelError, Message: sarif.Message{Text: e}})
	}
	run.Invocations = []sarif.Invocation{inv}
	return log
}

func hintSuffix(h string) string {
	if h == "" {
		return ""
	}
	return " (" + h + ")"
}

func sarifLocation(r diag.Range, path, msg string) sarif.Location {
	loc := sarif.Location{PhysicalLocation: sarif.PhysicalLocation{ArtifactLocation: sarif.ArtifactLocation{URI: uriOf(r.File)}}}
	if r.Start.IsValid() {
		reg := &sarif.Region{StartLine: r.Start.Line, StartColumn: r.Start.Column, ByteOffset: r.Start.Offset}
		if r.End.IsValid() && r.End.Offset >= r.Start.Offset {
			reg.EndLine, reg.EndColumn, reg.ByteLength = r.End.Line, r.End.Column, r.End.Offset-r.Start.Offset
		}
		loc.PhysicalLocation.Region = reg
	}
	if path != "" {
		loc.LogicalLocations = []sarif.LogicalLocation{{FullyQualifiedName: path, Kind: "element"}}
	}
	if msg != "" {
		loc.Message = &sarif.Message{Text: msg}
	}
	return loc
}

// uriOf turns a file name into a relative URI (forward slashes).
func uriOf(file string) string {
	f := strings.ReplaceAll(file, "\\", "/")
	return strings.TrimPrefix(f, "./")
}

// ruleName turns INVALID_ACTION into InvalidAction, SARIF's conventional
// rule name form.
func ruleName(code string) string {
	var b strings.Builder
	for _, w := range strings.Split(strings.ToLower(code), "_") {
		if w == "" {
			continue
		}
		b.WriteString(strings.ToUpper(w[:1]) + w[1:])
	}
	return b.String()
}

func markdownHelp(e lint.Entry) string {
	s := "**" + e.Code + "** (" + e.Severity.FindingType() + "): " + e.Title
	if e.Doc != "" {
		s += "\n\n" + e.Doc
	}
	if e.Hint != "" {
		s += "\n\n**Fix:** " + e.Hint
	}
	if e.Anchor != "" {
		s += "\n\nSame check as " + e.Anchor + "."
	}
	if e.URL != "" {
		s += "\n\n[Reference](" + e.URL + ")"
	}
	return s
}

// writeGitHub prints GitHub Actions workflow commands, one annotation per
// finding: errors and security warnings as ::error, warnings as ::warning,
// suggestions as ::notice.
func writeGitHub(w io.Writer, l diag.List, sources func(string) []byte) error {
	var b strings.Builder
	cols := newColumnCounter(sources)
	for _, d := range l {
		d.Range = cols.chars(d.Range)
		cmd := "notice"
		switch d.Severity {
		case diag.Error, diag.SecurityWarning:
			cmd = "error"
		case diag.Warning:
			cmd = "warning"
		}
		props := []string{"file=" + ghProp(uriOf(d.Range.File))}
		if d.Range.Start.IsValid() {
			props = append(props, fmt.Sprintf("line=%d", d.Range.Start.Line), fmt.Sprintf("col=%d", d.Range.Start.Column))
			if d.Range.End.IsValid() {
				props = append(props, fmt.Sprintf("endLine=%d", d.Range.End.Line), fmt.Sprintf("endColumn=%d", d.Range.End.Column))
			}
		}
		props = append(props, "title="+ghProp(d.Code+" ("+d.Severity.FindingType()+")"))
		msg := d.Message
		if d.Detail != "" {
			msg += "\nhint: " + d.Detail
		}
		fmt.Fprintf(&b, "::%s %s::%s\n", cmd, strings.Join(props, ","), ghData(msg))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// ghData escapes a workflow command's message.
func ghData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

// ghProp escapes a workflow command's property value.
func ghProp(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}

// countBySeverity fills the severity counts of s from l.
func (s *summary) count(l diag.List, failOn *diag.Severity) {
	s.BySeverity = map[string]int{}
	for _, d := range l {
		s.BySeverity[d.Severity.String()]++
		if failOn != nil && d.Severity.AtLeast(*failOn) {
			s.FailingCount++
		}
	}
	s.Findings = len(l)
	s.FailOn = "none"
	if failOn != nil {
		s.FailOn = failOn.String()
	}
}

// A columnCounter turns the byte columns of ranges into character (Unicode
// code point) columns, which SARIF ("columnKind": "unicodeCodePoints") and
// GitHub annotations use. Without the file's text, or for ASCII lines, the
// columns are the same.
type columnCounter struct {
	sources func(string) []byte
	file    string
	src     []byte
}

func newColumnCounter(sources func(string) []byte) *columnCounter {
	return &columnCounter{sources: sources}
}

// chars returns r with its columns counted in characters.
func (c *columnCounter) chars(r diag.Range) diag.Range {
	if c.sources == nil || r.File == "" {
		return r
	}
	if r.File != c.file {
		c.file, c.src = r.File, c.sources(r.File)
	}
	r.Start = c.pos(r.Start)
	r.End = c.pos(r.End)
	return r
}

func (c *columnCounter) pos(p diag.Pos) diag.Pos {
	if !p.IsValid() || p.Column <= 1 || p.Offset > len(c.src) || p.Offset < p.Column-1 {
		return p
	}
	line := c.src[p.Offset-(p.Column-1) : p.Offset]
	p.Column = utf8.RuneCount(line) + 1
	return p
}
