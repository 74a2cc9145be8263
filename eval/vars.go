package eval

import (
	"strings"

	"github.com/leastpriv/leastpriv/internal/policyvar"
)

// A template is a policy string that may hold policy variables, such as
// "arn:aws:s3:::bucket/${aws:username}/*". It is split once, at compile time,
// into parts; values substituted for variables are literal text, never
// wildcards.
//
// Grammar (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html):
//
//	${key}              the value of the single-valued context key (names are case-insensitive)
//	${key, 'default'}   the default when the key is absent
//	${*} ${?} ${$}      a literal '*', '?' or '$'
//
// Variables are recognised only in policies whose Version is 2012-10-17; in
// other policies the text is literal. A "${" without a well-formed closing
// part is literal text (the linter reports it).
type template struct {
	parts   []tpart
	hasVars bool // holds a context-key variable (not just ${*} escapes)
}

// A tpart is one part of a template.
type tpart struct {
	kind   byte   // 'g' glob source ('*' and '?' are wildcards), 'x' exact literal, 'v' variable
	text   string // for 'g' and 'x'; for 'v' the key as written
	key    string // for 'v': lower-cased key
	def    string // for 'v': the default value
	hasDef bool
}

// parseTemplate splits s (see package policyvar, which the comparison and
// the linter share). With vars false the whole string is one glob part.
func parseTemplate(s string, vars bool) template {
	var t template
	for _, p := range policyvar.Split(s, vars) {
		t.parts = append(t.parts, toTpart(p))
		if p.Kind == policyvar.Variable {
			t.hasVars = true
		}
	}
	return t
}

// parseVariable parses a variable at the start of s ("${...}") and returns it
// with the number of bytes it spans.
func parseVariable(s string) (tpart, int, bool) {
	p, n, ok := policyvar.Parse(s)
	return toTpart(p), n, ok
}

func toTpart(p policyvar.Part) tpart {
	return tpart{kind: byte(p.Kind), text: p.Text, key: p.Key, def: p.Default, hasDef: p.HasDefault}
}

// lookup is how templates read request values: the values of a context key
// (lower-cased) and whether the key is present.
type lookup interface {
	values(key string) ([]string, bool)
}

// resolve returns the substituted value of variable v, or false when it has
// no value: the key is absent without a default, or multivalued.
func (v *tpart) resolve(l lookup) (string, bool) {
	vals, ok := l.values(v.key)
	if ok && len(vals) == 1 {
		return vals[0], true
	}
	if ok && len(vals) != 1 {
		// Multivalued keys (and empty sets) cannot be policy variables.
		return "", false
	}
	if v.hasDef {
		return v.def, true
	}
	return "", false
}

// tokens expands t for a request: wildcards from the policy text stay
// wildcards, everything substituted is literal. ok is false when a variable
// has no value.
func (t *template) tokens(l lookup) (toks []token, ok bool) {
	for i := range t.parts {
		p := &t.parts[i]
		switch p.kind {
		case 'g':
			toks = append(toks, globTokens(p.text)...)
		case 'x':
			toks = append(toks, token{kind: 'l', text: p.text})
		case 'v':
			val, ok := p.resolve(l)
			if !ok {
				return nil, false
			}
			toks = append(toks, token{kind: 'l', text: val})
		}
	}
	return toks, true
}

// literal expands t to plain text (for operators without wildcards, where
// '*' and '?' are ordinary characters). ok is false when a variable has no value.
func (t *template) literal(l lookup) (string, bool) {
	if len(t.parts) == 1 && t.parts[0].kind == 'g' {
		return t.parts[0].text, true
	}
	var b strings.Builder
	for i := range t.parts {
		p := &t.parts[i]
		switch p.kind {
		case 'g', 'x':
			b.WriteString(p.text)
		case 'v':
			val, ok := p.resolve(l)
			if !ok {
				return "", false
			}
			b.WriteString(val)
		}
	}
	return b.String(), true
}

// static reports whether t needs no request data (no context-key variables).
func (t *template) static() bool { return !t.hasVars }

// staticTokens returns the tokens of a static template.
func (t *template) staticTokens() []token {
	toks, _ := t.tokens(nil)
	return toks
}
