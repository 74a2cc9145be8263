package compare

import "github.com/leastpriv/leastpriv/internal/policyvar"

// A tpart is one part of a policy string that may hold policy variables,
// split exactly as the evaluation engine splits it (package policyvar): glob
// text ('g', where '*' and '?' are wildcards), an escaped literal ('x', from
// ${*}, ${?} or ${$}) or a variable ('v').
type tpart struct {
	kind byte
	text string // 'g', 'x': the text; 'v': the key as written
	id   string // 'v': identity of the value (lower-case key and default)
}

// splitTemplate splits s. Variables are recognised only when vars is set
// (policies whose Version is 2012-10-17).
func splitTemplate(s string, vars bool) []tpart {
	ps := policyvar.Split(s, vars)
	out := make([]tpart, len(ps))
	for i, p := range ps {
		out[i] = tpart{kind: byte(p.Kind), text: p.Text}
		if p.Kind == policyvar.Variable {
			out[i].id = p.Key
			if p.HasDefault {
				out[i].id += ", '" + p.Default + "'"
			}
		}
	}
	return out
}

// hasVars reports whether parts hold a variable.
func hasVars(parts []tpart) bool {
	for _, p := range parts {
		if p.kind == 'v' {
			return true
		}
	}
	return false
}
