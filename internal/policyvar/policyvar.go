// Package policyvar splits IAM policy strings into literal text and policy
// variables, the one grammar the evaluation engine, the semantic comparison
// and the linter must agree on
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html):
//
//	${key}              the value of the single-valued context key (names are case-insensitive)
//	${key, 'default'}   the default when the key is absent
//	${*} ${?} ${$}      a literal '*', '?' or '$'
//
// Variables are recognised only in policies whose Version is 2012-10-17; in
// other policies the text is literal. A "${" without a well-formed closing
// part is literal text (the linter reports it).
package policyvar

import "strings"

// Kind says what a Part is.
type Kind byte

// The part kinds.
const (
	Glob     Kind = 'g' // policy text, where '*' and '?' are wildcards
	Escape   Kind = 'x' // ${*}, ${?} or ${$}: Text is the literal character
	Variable Kind = 'v' // a context key: Text as written, Key lower-cased
)

// A Part is one piece of a split policy string.
type Part struct {
	Kind       Kind
	Text       string // Glob and Escape: the text; Variable: the key as written
	Key        string // Variable: the key in lower case
	Default    string // Variable: the default value, if HasDefault
	HasDefault bool
}

// Split splits s. With vars false (policies without Version 2012-10-17) or
// no "${" in s, the whole string is one Glob part.
func Split(s string, vars bool) []Part {
	if !vars || !strings.Contains(s, "${") {
		return []Part{{Kind: Glob, Text: s}}
	}
	var parts []Part
	start := 0
	for i := 0; i < len(s); {
		j := strings.Index(s[i:], "${")
		if j < 0 {
			break
		}
		j += i
		v, n, ok := Parse(s[j:])
		if !ok {
			i = j + 2
			continue
		}
		if j > start {
			parts = append(parts, Part{Kind: Glob, Text: s[start:j]})
		}
		parts = append(parts, v)
		i = j + n
		start = i
	}
	if start < len(s) {
		parts = append(parts, Part{Kind: Glob, Text: s[start:]})
	}
	return parts
}

// HasVariable reports whether parts hold a context-key variable (escapes do
// not count).
func HasVariable(parts []Part) bool {
	for _, p := range parts {
		if p.Kind == Variable {
			return true
		}
	}
	return false
}

// Parse parses a variable or escape at the start of s ("${...}") and returns
// it with the number of bytes it spans; ok is false when s does not start
// with a well-formed one.
func Parse(s string) (p Part, n int, ok bool) {
	if !strings.HasPrefix(s, "${") {
		return Part{}, 0, false
	}
	end := strings.IndexByte(s, '}')
	if end < 0 {
		return Part{}, 0, false
	}
	body := s[2:end]
	// A default value is quoted and may itself contain '}': find the quote.
	if k := strings.IndexByte(body, ','); k >= 0 {
		name := strings.TrimSpace(body[:k])
		rest := strings.TrimLeft(s[2+k+1:], " ")
		if len(rest) < 2 || rest[0] != '\'' {
			return Part{}, 0, false
		}
		q := strings.IndexByte(rest[1:], '\'')
		if q < 0 {
			return Part{}, 0, false
		}
		def := rest[1 : 1+q]
		after := strings.TrimLeft(rest[1+q+1:], " ")
		if !strings.HasPrefix(after, "}") || !ValidName(name) {
			return Part{}, 0, false
		}
		n := len(s) - len(after) + 1
		return Part{Kind: Variable, Text: name, Key: strings.ToLower(name), Default: def, HasDefault: true}, n, true
	}
	switch body {
	case "*", "?", "$":
		return Part{Kind: Escape, Text: body}, end + 1, true
	}
	name := strings.TrimSpace(body)
	if !ValidName(name) {
		return Part{}, 0, false
	}
	return Part{Kind: Variable, Text: name, Key: strings.ToLower(name)}, end + 1, true
}

// ValidName reports whether name can be a context key in a variable:
// non-empty, with no spaces, quotes, braces, commas or wildcards.
func ValidName(name string) bool {
	if name == "" {
		return false
	}
	for i := 0; i < len(name); i++ {
		switch c := name[i]; {
		case c <= ' ', c == '{', c == '}', c == '\'', c == '"', c == '*', c == '?', c == '$', c == ',', c >= 0x7f:
			return false
		}
	}
	return true
}
