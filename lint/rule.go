package lint

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/leastpriv/leastpriv/diag"
	"github.com/leastpriv/leastpriv/iam"
)

// A Rule is one check over a parsed policy. Rules are plain values; a suite
// is an explicit slice of them (see package iamrules). Everything a user sees
// about a rule — its code, title, documentation and examples — lives in the
// value, next to the code that implements it.
type Rule struct {
	// Code is the stable identifier printed with every finding. Where the
	// rule does what an IAM Access Analyzer ValidatePolicy check does, it is
	// that check's issue code ("REDUNDANT_ACTION"); otherwise it is
	// leastpriv's own, in the same UPPER_SNAKE style. Codes are never
	// reused; a code renamed (to follow Access Analyzer's spelling) stays
	// known as one of the rule's Aliases.
	Code string
	// Aliases are earlier codes of the rule. Configuration files, --disable
	// and --explain accept them for the current code.
	Aliases []string
	// Severity is the default severity of the rule's findings, one of Access
	// Analyzer's four finding types.
	Severity diag.Severity
	// Title is one line, lower case, no final period.
	Title string
	// Doc explains in plain text why the finding matters and how to fix it.
	Doc string
	// Hint is the default fix hint printed under each finding; a finding may
	// carry a more specific one.
	Hint string
	// Source names the tool whose check this rule reproduces ("IAM Access
	// Analyzer", "Parliament", "Cloudsplaining") or "leastpriv".
	Source string
	// URLs are references: AWS documentation first.
	URLs []string
	// Bad is a policy document that must trigger the rule; Good is a similar
	// document that must not. Tests lint both. They are parsed as ExampleType.
	Bad, Good   string
	ExampleType iam.Type
	// ExampleContainer is the container the examples are linted as.
	ExampleContainer Container
	// Types are the policy types the rule applies to; empty means all.
	Types []iam.Type
	// ActionNames marks rules that check only action names; they also run
	// on the lists of action names that pages mention in prose.
	ActionNames bool
	// Run reports the rule's findings for one policy through the Pass.
	Run func(*Pass)
}

// URL returns the rule's first reference, or "".
func (r *Rule) URL() string {
	if len(r.URLs) == 0 {
		return ""
	}
	return r.URLs[0]
}

// AppliesTo reports whether the rule runs on policies of type t.
func (r *Rule) AppliesTo(t iam.Type) bool {
	return len(r.Types) == 0 || slices.Contains(r.Types, t)
}

// isCode reports whether s is an UPPER_SNAKE code.
func isCode(s string) bool {
	if s == "" || s[0] == '_' || s[len(s)-1] == '_' {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_') {
			return false
		}
	}
	return !strings.Contains(s, "__")
}

// Validate reports every problem with the declaration of the rules in suite:
// invalid or duplicate codes, a missing title, documentation, examples or Run
// function, an unknown severity, a title that is not one lower-case line.
// It is called by tests and by the command line at start-up, as
// go/analysis's Validate is.
func Validate(suite []*Rule) error {
	var errs []error
	seen := map[string]bool{}
	for i, r := range suite {
		if r == nil {
			errs = append(errs, fmt.Errorf("rule %d is nil", i))
			continue
		}
		name := r.Code
		if name == "" {
			name = fmt.Sprintf("rule %d", i)
		}
		bad := func(format string, args ...any) {
			errs = append(errs, fmt.Errorf("%s: %s", name, fmt.Sprintf(format, args...)))
		}
		if !isCode(r.Code) {
			bad("code %q is not UPPER_SNAKE_CASE", r.Code)
		}
		if seen[r.Code] {
			bad("duplicate code")
		}
		seen[r.Code] = true
		for _, a := range r.Aliases {
			if !isCode(a) {
				bad("alias %q is not UPPER_SNAKE_CASE", a)
			}
			if seen[a] {
				bad("alias %s duplicates a code or alias", a)
			}
			seen[a] = true
		}
		if r.Severity > diag.Suggestion {
			bad("unknown severity %d", r.Severity)
		}
		switch {
		case r.Title == "":
			bad("no title")
		case strings.ContainsAny(r.Title, "\n"), strings.HasSuffix(r.Title, "."):
			bad("title must be one line without a final period")
		case r.Title[0] >= 'A' && r.Title[0] <= 'Z' && !startsWithAcronym(r.Title):
			bad("title must start in lower case")
		}
		if strings.TrimSpace(r.Doc) == "" {
			bad("no documentation")
		}
		if r.Source == "" {
			bad("no source")
		}
		if strings.TrimSpace(r.Bad) == "" {
			bad("no Bad example")
		}
		if strings.TrimSpace(r.Good) == "" {
			bad("no Good example")
		}
		if r.Run == nil {
			bad("no Run function")
		}
		for _, u := range r.URLs {
			if !strings.HasPrefix(u, "https://") {
				bad("reference %q is not an https URL", u)
			}
		}
		if len(r.Types) > 0 && !r.AppliesTo(r.ExampleType) {
			bad("example type %s is not one of the rule's types", r.ExampleType)
		}
	}
	return errors.Join(errs...)
}

// startsWithAcronym reports whether s starts with a word in capitals or a
// policy element name ("NotAction", "IP range", "ARN"), which titles may.
func startsWithAcronym(s string) bool {
	w, _, _ := strings.Cut(s, " ")
	if len(w) >= 2 && w[1] >= 'A' && w[1] <= 'Z' {
		return true
	}
	for _, e := range []string{"Action", "NotAction", "Resource", "NotResource", "Principal", "NotPrincipal", "Condition", "Sid", "Version", "Null", "Region", "Numeric", "Date", "BinaryEquals", "IpAddress", "NotIpAddress", "ForAllValues", "ForAnyValue", "Bool", "Deny", "Allow"} {
		if w == e {
			return true
		}
	}
	return false
}

// An Entry describes one code of the catalogue that `leastpriv lint
// --list-rules` prints: a rule's, the parser's or a front end's.
type Entry struct {
	Code     string        `json:"code"`
	Severity diag.Severity `json:"severity"`
	Title    string        `json:"title"`
	// Source is "rule", "parser", "extract" or "config": which stage
	// reports the code.
	Source string `json:"source"`
	// Anchor names the tool whose check the code reproduces.
	Anchor string `json:"anchor,omitempty"`
	URL    string `json:"url,omitempty"`
	// Aliases are other codes that name the same check: the rule's earlier
	// codes, or Access Analyzer's issue code where the parser's differs.
	// They are accepted wherever a code is (configuration, --disable,
	// --explain).
	Aliases []string `json:"aliases,omitempty"`
	// Doc and Hint are a rule's documentation and default fix hint.
	Doc  string `json:"doc,omitempty"`
	Hint string `json:"hint,omitempty"`
}

// Canonical returns a function that maps a code or an alias of entries to
// the code, and reports whether it is known.
func Canonical(entries []Entry) func(code string) (string, bool) {
	m := make(map[string]string, len(entries))
	for _, e := range entries {
		m[e.Code] = e.Code
		for _, a := range e.Aliases {
			m[a] = e.Code
		}
	}
	return func(code string) (string, bool) {
		c, ok := m[code]
		return c, ok
	}
}

// Catalogue lists every code leastpriv lint can report: the parser's codes,
// the suite's rules, the extra entries (front ends) and the configuration's
// own codes, sorted by code.
func Catalogue(suite []*Rule, extra ...[]Entry) []Entry {
	var out []Entry
	for _, c := range iam.Codes {
		e := Entry{Code: c.Code, Severity: c.Severity, Title: c.Summary, Source: "parser", Aliases: c.Aliases}
		if c.AccessAnalyzer {
			e.Anchor = "IAM Access Analyzer"
			e.URL = AccessAnalyzerURL(c.Code)
		}
		out = append(out, e)
	}
	for _, r := range suite {
		out = append(out, Entry{Code: r.Code, Severity: r.Severity, Title: r.Title, Source: "rule", Anchor: r.Source, URL: r.URL(),
			Aliases: r.Aliases, Doc: strings.TrimSpace(r.Doc), Hint: r.Hint})
	}
	for _, x := range extra {
		out = append(out, x...)
	}
	out = append(out,
		Entry{Code: CodeConfigError, Severity: diag.Error, Title: "the configuration file cannot be used", Source: "config"},
		Entry{Code: CodeUnusedIgnore, Severity: diag.Warning, Title: "an ignore entry of the configuration matched no finding", Source: "config"},
		Entry{Code: CodeInternalError, Severity: diag.Error, Title: "a rule failed on a policy (a bug in leastpriv)", Source: "rule"},
	)
	slices.SortStableFunc(out, func(a, b Entry) int { return strings.Compare(a.Code, b.Code) })
	return out
}

// AccessAnalyzerURL returns the address of the documentation of an IAM
// Access Analyzer policy check, given its issue code.
func AccessAnalyzerURL(code string) string {
	return "https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html"
}
