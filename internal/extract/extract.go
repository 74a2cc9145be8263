// Package extract finds the IAM policies inside files: a policy file itself,
// the policies written in a Markdown, HTML or plain-text page (code fences,
// shell heredocs, quoted command arguments, bodies that lost their braces,
// action names listed in prose), the policies of a CloudFormation template
// (JSON or YAML) and of a Terraform plan (terraform show -json).
//
// Each policy becomes a lint.Input whose positions are those of the original
// file: a policy in a page is parsed from a copy of the page with every byte
// outside the policy blanked (newlines kept); a policy decoded from HTML or
// from a JSON string carries a Remap back to the file; a policy in a
// template is a jsonpos tree built from the template's nodes.
//
// Template placeholders (${MY_PREFIX}, <bucket-name>, CloudFormation
// intrinsic functions) are reported as findings and passed to the linter as
// placeholder ranges, so that rules treat them as unknown values.
//
//	res := extract.File("docs/permissions.md", src, extract.Options{Catalog: catalog.Default()})
//	for _, in := range res.Inputs { linter.Lint(in) }
package extract

import (
	"bytes"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/leastpriv/leastpriv/catalog"
	"github.com/leastpriv/leastpriv/diag"
	"github.com/leastpriv/leastpriv/iam"
	"github.com/leastpriv/leastpriv/internal/jsonpos"
	"github.com/leastpriv/leastpriv/lint"
)

// Format is the kind of file policies are extracted from.
type Format uint8

// The formats. Auto decides by file name extension, then by content.
const (
	Auto Format = iota
	JSON
	YAML
	Markdown
	HTML
	Text
	CloudFormation
	Terraform
)

var formatNames = [...]string{"auto", "json", "yaml", "markdown", "html", "text", "cloudformation", "terraform"}

// String returns the name used on the command line ("markdown").
func (f Format) String() string {
	if int(f) < len(formatNames) {
		return formatNames[f]
	}
	return "format(?)"
}

// FormatNames lists the names ParseFormat accepts.
func FormatNames() []string { return formatNames[:] }

// ParseFormat parses a format name, in any case.
func ParseFormat(s string) (Format, bool) {
	for i, n := range formatNames {
		if strings.EqualFold(n, s) {
			return Format(i), true
		}
	}
	return 0, false
}

// Options control extraction.
type Options struct {
	// Format forces the file format; Auto guesses.
	Format Format
	// Type is the type of policies whose type the file does not say (a
	// policy file, a page). Unless TypeFixed, a policy naming principals is
	// re-typed as a trust or resource policy (see lint.DetectType).
	Type      iam.Type
	TypeFixed bool
	// Container is where policies whose container the file does not say
	// are stored, for size quotas.
	Container lint.Container
	// Legacy parses policies in IAM's legacy mode.
	Legacy bool
	// Catalog, when set, lets pages contribute the action names they
	// mention in prose (a bulleted list of "iam:GetUser"), which are then
	// checked as an action list.
	Catalog *catalog.Catalog
}

// A Result is what one file holds.
type Result struct {
	Format Format
	Inputs []*lint.Input
	// Diags are findings about the file as a whole: a template that is not
	// valid YAML, a page without any policy.
	Diags diag.List
}

// Codes of the findings this package reports besides placeholders.
const (
	CodeNoPolicy       = "NO_POLICY_FOUND"       // a page or template holds no policy
	CodeMissingBraces  = "POLICY_WITHOUT_BRACES" // a policy body printed without its outer { }
	CodeTemplateSyntax = "TEMPLATE_SYNTAX_ERROR" // a template is not valid JSON or YAML
	CodeNotStatic      = "POLICY_NOT_STATIC"     // a template computes a policy document
)

// Codes lists every code this package reports, with its severity and title,
// for the rule catalogue.
func Codes() []lint.Entry {
	return []lint.Entry{
		{Code: CodeNoPolicy, Severity: diag.Warning, Title: "the file holds no IAM policy", Source: "extract"},
		{Code: CodeMissingBraces, Severity: diag.Error, Title: "policy body printed without its outer braces", Source: "extract"},
		{Code: CodePlaceholder, Severity: diag.Warning, Title: "template placeholder in a policy", Source: "extract"},
		{Code: CodeShellExpansion, Severity: diag.Error, Title: "IAM policy variable expanded by the shell in an unquoted heredoc", Source: "extract"},
		{Code: CodeTemplateSyntax, Severity: diag.Error, Title: "template is not valid JSON or YAML", Source: "extract"},
		{Code: CodeNotStatic, Severity: diag.Suggestion, Title: "policy document computed by a template function, not linted", Source: "extract"},
	}
}

// File extracts the policies of one file. name is used in positions.
func File(name string, src []byte, opts Options) Result {
	f := opts.Format
	if f == Auto {
		f = guessFormat(name, src)
	}
	switch f {
	case JSON:
		return fromJSON(name, src, opts)
	case YAML, CloudFormation:
		if f == CloudFormation && looksJSON(src) {
			return fromJSON(name, src, opts)
		}
		return fromYAML(name, src, opts)
	case Terraform:
		return fromJSON(name, src, opts)
	case HTML:
		text, orig := htmlText(src)
		res := fromText(name, text, opts, remapper(name, src, orig))
		res.Format = HTML
		return res
	default:
		res := fromText(name, src, opts, nil)
		res.Format = f
		return res
	}
}

func looksJSON(src []byte) bool {
	t := bytes.TrimLeft(src, " \t\r\n\ufeff")
	return len(t) > 0 && (t[0] == '{' || t[0] == '[')
}

// guessFormat decides a file's format from its extension, and for unknown
// extensions and standard input from its first bytes.
func guessFormat(name string, src []byte) Format {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".json":
		return JSON
	case ".yaml", ".yml":
		return YAML
	case ".template":
		if looksJSON(src) {
			return JSON
		}
		return YAML
	case ".md", ".markdown", ".mdx":
		return Markdown
	case ".html", ".htm", ".xhtml":
		return HTML
	case ".txt", ".text", ".sh", ".bash", ".rst", ".adoc":
		return Text
	}
	if looksJSON(src) {
		return JSON
	}
	t := bytes.TrimLeft(src, " \t\r\n\ufeff")
	if bytes.HasPrefix(bytes.ToLower(t), []byte("<!doctype html")) || bytes.HasPrefix(bytes.ToLower(t), []byte("<html")) {
		return HTML
	}
	if bytes.Contains(src, []byte("AWSTemplateFormatVersion")) || bytes.HasPrefix(t, []byte("Resources:")) {
		return YAML
	}
	return Text
}

// remapper returns a Remap for ranges of text decoded from src, where
// orig[i] is the src offset of text byte i.
func remapper(name string, src []byte, orig []int) func(diag.Range) diag.Range {
	var lines *diag.Lines
	return func(r diag.Range) diag.Range {
		if r.File != name {
			return r
		}
		if lines == nil {
			lines = diag.NewLines(src)
		}
		at := func(off int) int {
			if off < 0 {
				off = 0
			}
			if off >= len(orig) {
				off = len(orig) - 1
			}
			return orig[off]
		}
		start, end := at(r.Start.Offset), at(r.End.Offset)
		if end < start {
			end = start
		}
		return diag.Range{File: r.File, Start: lines.Pos(start), End: lines.Pos(end)}
	}
}

// blank returns a copy of text with every byte outside [s, e) replaced by a
// space, except line breaks, so that offsets, lines and columns are kept.
func blank(text []byte, s, e int) []byte {
	out := make([]byte, len(text))
	for i, c := range text {
		if (i < s || i >= e) && c != '\n' {
			c = ' '
		}
		out[i] = c
	}
	return out
}

// fromText extracts the policies written in a page.
func fromText(name string, text []byte, opts Options, remap func(diag.Range) diag.Range) Result {
	res := Result{Format: Text}
	lines := diag.NewLines(text)
	heredocs := findHeredocs(text)
	spans := findPolicies(text)
	for _, s := range spans {
		in := &lint.Input{
			File:       name,
			Type:       opts.Type,
			DetectType: !opts.TypeFixed,
			Legacy:     opts.Legacy,
			Container:  opts.Container,
			Name:       fmt.Sprintf("policy at line %d", lines.Pos(s.start).Line),
			Remap:      remap,
		}
		var hd *heredoc
		for i := range heredocs {
			if heredocs[i].start <= s.start && s.end <= heredocs[i].end {
				hd = &heredocs[i]
			}
		}
		addPlaceholders(in, name, text, s.start, s.end, hd, lines)
		if s.braceless {
			in.Src, in.Remap = braced(name, text, s.start, s.end, remap)
			first := lineEnd(text, s.start)
			in.Diags = append(in.Diags, diag.Diagnostic{
				Range: lines.Range(name, s.start, first), Code: CodeMissingBraces, Severity: diag.Error,
				Message: "policy body is not enclosed in { }: the page lost the policy's outer braces",
				Detail:  "the policy cannot be used as printed; wrap it in { } and check that no other lines were lost",
			})
			// Src has the "{" inserted before the body: shift what was
			// found in page coordinates.
			for i := range in.Diags {
				in.Diags[i].Range = shiftRange(in.Diags[i].Range, s.start, 1)
			}
			for i := range in.Placeholders {
				in.Placeholders[i] = shiftRange(in.Placeholders[i], s.start, 1)
			}
		} else if s.open {
			// End the text where the object was cut, so that the parser
			// reports the missing end right there.
			in.Src = blank(text[:s.end], s.start, s.end)
		} else {
			in.Src = blank(text, s.start, s.end)
		}
		res.Inputs = append(res.Inputs, in)
	}
	if opts.Catalog != nil {
		if in := mentions(name, text, spans, opts.Catalog, remap); in != nil {
			res.Inputs = append(res.Inputs, in)
		}
	}
	if len(res.Inputs) == 0 {
		d := diag.Diagnostic{Range: lines.Range(name, 0, 0), Code: CodeNoPolicy, Severity: diag.Warning,
			Message: "no IAM policy found in this file",
			Detail:  `policies are found as JSON objects with a "Statement" member; check the file and its format (--input-format)`}
		if remap != nil {
			d.Range = remap(d.Range)
		}
		res.Diags = append(res.Diags, d)
	}
	return res
}

// shiftRange moves the offsets of r at or after from by n bytes (lines and
// columns are recomputed by the input's Remap).
func shiftRange(r diag.Range, from, n int) diag.Range {
	if r.Start.Offset >= from {
		r.Start.Offset += n
	}
	if r.End.Offset >= from {
		r.End.Offset += n
	}
	return r
}

// braced returns the text to parse for a policy body [s, e) that lost its
// braces: the blanked page with "{" and "}" put around the body, and a Remap
// that maps positions back (the opening brace maps to the body's start, the
// closing one to its end).
func braced(name string, text []byte, s, e int, outer func(diag.Range) diag.Range) ([]byte, func(diag.Range) diag.Range) {
	src := make([]byte, 0, len(text)+2)
	b := blank(text, s, e)
	src = append(src, b[:s]...)
	src = append(src, '{')
	src = append(src, b[s:e]...)
	src = append(src, '}')
	src = append(src, b[e:]...)
	orig := make([]int, len(src)+1)
	for i := range orig {
		switch {
		case i <= s:
			orig[i] = i
		case i <= e+1:
			orig[i] = i - 1
		default:
			orig[i] = i - 2
		}
	}
	inner := remapper(name, text, orig)
	return src, func(r diag.Range) diag.Range {
		r = inner(r)
		if outer != nil {
			r = outer(r)
		}
		return r
	}
}

// fromJSON extracts the policies of a JSON file: the file itself when it is a
// policy, the policies of a CloudFormation template or Terraform plan, or the
// policy objects nested anywhere in another JSON document.
func fromJSON(name string, src []byte, opts Options) Result {
	res := Result{Format: JSON}
	whole := func() Result {
		in := &lint.Input{File: name, Src: src, Type: opts.Type, DetectType: !opts.TypeFixed, Legacy: opts.Legacy, Container: opts.Container}
		addPlaceholders(in, name, src, 0, len(src), nil, nil)
		res.Inputs = append(res.Inputs, in)
		return res
	}
	// A policy file is by far the most common input: decide cheaply.
	if !bytes.Contains(src, []byte(`"Resources"`)) && !bytes.Contains(src, []byte(`"format_version"`)) && bytes.Contains(src, statementKey) {
		if first := firstKeyIsPolicyKey(src); first {
			return whole()
		}
	}
	v, errs := jsonpos.Parse(name, src, jsonpos.Options{MaxSize: -1})
	if len(errs) > 0 {
		// Let the policy parser report the syntax error.
		return whole()
	}
	if v.Kind == jsonpos.Object && v.Get("Statement") != nil {
		return whole()
	}
	if isTemplate(v) {
		return fromTemplate(name, v, opts)
	}
	if isPlan(v) {
		return fromPlan(name, src, v, opts)
	}
	spans := policyObjects(v)
	if len(spans) == 0 {
		return whole()
	}
	lines := diag.NewLines(src)
	for _, s := range spans {
		res.Inputs = append(res.Inputs, &lint.Input{
			File: name, Src: blank(src, s.start, s.end), Type: opts.Type, DetectType: !opts.TypeFixed,
			Legacy: opts.Legacy, Container: opts.Container,
			Name: fmt.Sprintf("policy at line %d", lines.Pos(s.start).Line),
		})
	}
	return res
}

// firstKeyIsPolicyKey reports whether the first key of the top-level object
// is one of a policy's elements.
func firstKeyIsPolicyKey(src []byte) bool {
	t := bytes.TrimLeft(src, " \t\r\n")
	if len(t) == 0 || t[0] != '{' {
		return false
	}
	t = bytes.TrimLeft(t[1:], " \t\r\n")
	for _, k := range []string{`"Version"`, `"Statement"`, `"Id"`} {
		if bytes.HasPrefix(t, []byte(k)) {
			return true
		}
	}
	return false
}

// addPlaceholders reports the placeholders of text[s:e] on in.
func addPlaceholders(in *lint.Input, name string, text []byte, s, e int, hd *heredoc, lines *diag.Lines) {
	hits := findPlaceholders(text, s, e, hd)
	if len(hits) == 0 {
		return
	}
	if lines == nil {
		lines = diag.NewLines(text)
	}
	for _, h := range hits {
		r := lines.Range(name, h.start, h.end)
		if !h.notPlaceholder {
			in.Placeholders = append(in.Placeholders, r)
		}
		d := h.diag
		d.Range = r
		in.Diags = append(in.Diags, d)
	}
}
