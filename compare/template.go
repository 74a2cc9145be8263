package compare

import "strings"

// A tpart is one part of a policy string that may hold policy variables
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html),
// split exactly as the evaluation engine splits it: glob text ('g', where
// '*' and '?' are wildcards), an escaped literal ('x', from ${*}, ${?} or
// ${$}) or a variable ('v').
type tpart struct {
	kind byte
	text string // 'g', 'x': the text; 'v': the key as written
	id   string // 'v': identity of the value (lower-case key and default)
}

// splitTemplate splits s. Variables are recognised only when vars is set
// (policies whose Version is 2012-10-17); a "${" without a well-formed
// closing part is literal text.
func splitTemplate(s string, vars bool) []tpart {
	if !vars || !strings.Contains(s, "${") {
		return []tpart{{kind: 'g', text: s}}
	}
	var parts []tpart
	start := 0
	for i := 0; i < len(s); {
		j := strings.Index(s[i:], "${")
		if j < 0 {
			break
		}
		j += i
		v, n, ok := parseVariable(s[j:])
		if !ok {
			i = j + 2
			continue
		}
		if j > start {
			parts = append(parts, tpart{kind: 'g', text: s[start:j]})
		}
		parts = append(parts, v)
		i = j + n
		start = i
	}
	if start < len(s) {
		parts = append(parts, tpart{kind: 'g', text: s[start:]})
	}
	return parts
}

// parseVariable parses "${key}", "${key, 'default'}" or an escape at the
// start of s and returns it with the number of bytes it spans.
func parseVariable(s string) (tpart, int, bool) {
	end := strings.IndexByte(s, '}')
	if end < 0 {
		return tpart{}, 0, false
	}
	body := s[2:end]
	if k := strings.IndexByte(body, ','); k >= 0 {
		name := strings.TrimSpace(body[:k])
		rest := strings.TrimLeft(s[2+k+1:], " ")
		if len(rest) < 2 || rest[0] != '\'' {
			return tpart{}, 0, false
		}
		q := strings.IndexByte(rest[1:], '\'')
		if q < 0 {
			return tpart{}, 0, false
		}
		def := rest[1 : 1+q]
		after := strings.TrimLeft(rest[1+q+1:], " ")
		if !strings.HasPrefix(after, "}") || !validVarName(name) {
			return tpart{}, 0, false
		}
		n := len(s) - len(after) + 1
		return tpart{kind: 'v', text: name, id: strings.ToLower(name) + ", '" + def + "'"}, n, true
	}
	switch body {
	case "*", "?", "$":
		return tpart{kind: 'x', text: body}, end + 1, true
	}
	name := strings.TrimSpace(body)
	if !validVarName(name) {
		return tpart{}, 0, false
	}
	return tpart{kind: 'v', text: name, id: strings.ToLower(name)}, end + 1, true
}

func validVarName(name string) bool {
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

// hasVars reports whether parts hold a variable.
func hasVars(parts []tpart) bool {
	for _, p := range parts {
		if p.kind == 'v' {
			return true
		}
	}
	return false
}
