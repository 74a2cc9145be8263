package extract

import (
	"bytes"
	"unicode/utf8"
)

// The scanners below find placeholders in a policy's text. Each does what a
// regular expression's FindAllIndex did (the expression is in its comment;
// TestScanners compares them on generated text), in one pass over the bytes
// instead of a run of the regexp machine over every JSON file that holds a
// '$' or a '<'. Matches are [start, end) offsets, leftmost first, not
// overlapping.

// dollarBraces finds `\$\{[^{}"\n]*\}`: "${", then anything but braces,
// quotes and line feeds, then "}".
func dollarBraces(b []byte) [][2]int {
	var out [][2]int
	for i := 0; ; {
		j := bytes.Index(b[i:], []byte("${"))
		if j < 0 {
			return out
		}
		start := i + j
		k := start + 2
		for k < len(b) && b[k] != '{' && b[k] != '}' && b[k] != '"' && b[k] != '\n' {
			k++
		}
		if k < len(b) && b[k] == '}' {
			out = append(out, [2]int{start, k + 1})
			i = k + 1
			continue
		}
		i = start + 1
	}
}

// dollarNames finds `\$[A-Za-z_][A-Za-z0-9_]*`.
func dollarNames(b []byte) [][2]int {
	var out [][2]int
	for i := 0; ; {
		j := bytes.IndexByte(b[i:], '$')
		if j < 0 {
			return out
		}
		start := i + j
		k := start + 1
		if k < len(b) && (isLetter(b[k]) || b[k] == '_') {
			k++
			for k < len(b) && (isLetter(b[k]) || isDigit(b[k]) || b[k] == '_') {
				k++
			}
			out = append(out, [2]int{start, k})
			i = k
			continue
		}
		i = start + 1
	}
}

// angles finds `<[A-Za-z][A-Za-z0-9 _.:/-]{0,48}>`. The class holds no '>',
// so the greedy repetition cannot give anything back: the run of class
// bytes after the letter must be at most 48 long and end at a '>'.
func angles(b []byte) [][2]int {
	var out [][2]int
	for i := 0; ; {
		j := bytes.IndexByte(b[i:], '<')
		if j < 0 {
			return out
		}
		start := i + j
		k := start + 1
		if k < len(b) && isLetter(b[k]) {
			k++
			run := k
			for k < len(b) && k-run <= 48 && angleClass(b[k]) {
				k++
			}
			if k-run <= 48 && k < len(b) && b[k] == '>' {
				out = append(out, [2]int{start, k + 1})
				i = k + 1
				continue
			}
		}
		i = start + 1
	}
}

func angleClass(c byte) bool {
	return isLetter(c) || isDigit(c) || c == ' ' || c == '_' || c == '.' || c == ':' || c == '/' || c == '-'
}

// mustaches finds `\{\{[^{}\n]{1,64}\}\}`: as for angles, the run between
// the braces is what it is, 1 to 64 characters (as the regexp package counts
// them: a byte that is not UTF-8 is one) followed by "}}".
func mustaches(b []byte) [][2]int {
	var out [][2]int
	for i := 0; ; {
		j := bytes.Index(b[i:], []byte("{{"))
		if j < 0 {
			return out
		}
		start := i + j
		k, n := start+2, 0
		for k < len(b) && n <= 64 && b[k] != '{' && b[k] != '}' && b[k] != '\n' {
			if b[k] < utf8.RuneSelf {
				k++
			} else {
				_, size := utf8.DecodeRune(b[k:])
				k += size
			}
			n++
		}
		if n >= 1 && n <= 64 && k+1 < len(b) && b[k] == '}' && b[k+1] == '}' {
			out = append(out, [2]int{start, k + 2})
			i = k + 2
			continue
		}
		i = start + 1
	}
}

// exampleAccounts finds `\b(111122223333|123456789012|444455556666|777788889999)\b`.
func exampleAccounts(b []byte) [][2]int {
	var out [][2]int
	for i := 0; i+12 <= len(b); i++ {
		switch b[i] {
		case '1', '4', '7':
		default:
			continue
		}
		switch string(b[i : i+12]) {
		case "111122223333", "123456789012", "444455556666", "777788889999":
		default:
			continue
		}
		if i > 0 && isWordByte(b[i-1]) || i+12 < len(b) && isWordByte(b[i+12]) {
			continue
		}
		out = append(out, [2]int{i, i + 12})
		i += 11
	}
	return out
}

// isWordByte reports whether c is an ASCII word character, as \b sees it.
func isWordByte(c byte) bool { return isLetter(c) || isDigit(c) || c == '_' }

// isIAMVariable reports whether the text between "${" and "}" names an IAM
// policy variable: `^(?:[a-z0-9.-]+:[A-Za-z][A-Za-z0-9/_.:-]*|[*?$])(?:, '[^']*')?$`
// ("aws:username", "saml:sub", "*", a default value "aws:TagKeys, 'none'").
func isIAMVariable(s string) bool {
	// The optional default value: ", '...'" at the end, without quotes
	// inside.
	if j := len(s) - 1; j >= 0 && s[j] == '\'' {
		if k := lastIndex(s[:j], ", '"); k >= 0 && indexByte(s[k+3:j], '\'') < 0 {
			if isIAMVariableName(s[:k]) {
				return true
			}
		}
	}
	return isIAMVariableName(s)
}

// isIAMVariableName is the part of isIAMVariable before the default value.
func isIAMVariableName(s string) bool {
	if s == "*" || s == "?" || s == "$" {
		return true
	}
	i := 0
	for i < len(s) && (s[i] >= 'a' && s[i] <= 'z' || isDigit(s[i]) || s[i] == '.' || s[i] == '-') {
		i++
	}
	if i == 0 || i == len(s) || s[i] != ':' {
		return false
	}
	i++
	if i == len(s) || !isLetter(s[i]) {
		return false
	}
	for i++; i < len(s); i++ {
		if c := s[i]; !(isLetter(c) || isDigit(c) || c == '/' || c == '_' || c == '.' || c == ':' || c == '-') {
			return false
		}
	}
	return true
}

func lastIndex(s, sub string) int {
	for i := len(s) - len(sub); i >= 0; i-- {
		if s[i:i+len(sub)] == sub {
			return i
		}
	}
	return -1
}

func indexByte(s string, c byte) int {
	for i := 0; i < len(s); i++ {
		if s[i] == c {
			return i
		}
	}
	return -1
}
