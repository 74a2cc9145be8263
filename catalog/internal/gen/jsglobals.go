package main

import (
	"fmt"
	"strings"
)

// globalsDecl introduces the array literal parseGlobalKeys reads.
const globalsDecl = "export const globalConditionKeys = ["

// parseGlobalKeys reads the global condition keys from iam-data's compiled
// dist/esm/globalConditionKeys.js, which holds them as a JavaScript array
// literal of objects with exactly the string properties key, category, type
// and description:
//
//	export const globalConditionKeys = [
//	    {
//	        key: 'aws:PrincipalArn',
//	        category: 'principal',
//	        type: 'ARN',
//	        description: ''
//	    },
//	    ...
//	];
//
// It accepts white space, comments, trailing commas and single- or
// double-quoted strings without escapes, and rejects anything else, so that a
// change of the file's shape stops the generator instead of being misread.
func parseGlobalKeys(src string) ([]condKey, error) {
	if n := strings.Count(src, globalsDecl); n != 1 {
		return nil, fmt.Errorf("want exactly one %q, found %d", globalsDecl, n)
	}
	start := strings.Index(src, globalsDecl) + len(globalsDecl)
	p := &jsParser{src: src, off: start}
	var keys []condKey
	for {
		tok, err := p.next()
		if err != nil {
			return nil, err
		}
		if tok == "]" {
			break
		}
		if tok != "{" {
			return nil, p.errf("want '{' or ']', found %q", tok)
		}
		k, err := p.object()
		if err != nil {
			return nil, err
		}
		keys = append(keys, k)
		tok, err = p.next()
		if err != nil {
			return nil, err
		}
		if tok == "]" {
			break
		}
		if tok != "," {
			return nil, p.errf("want ',' or ']' after an object, found %q", tok)
		}
	}
	if tok, err := p.next(); err != nil || tok != ";" {
		return nil, p.errf("want ';' after the array")
	}
	if len(keys) == 0 {
		return nil, p.errf("the array is empty")
	}
	return keys, nil
}

type jsParser struct {
	src string
	off int
}

func (p *jsParser) errf(format string, args ...any) error {
	line := 1 + strings.Count(p.src[:min(p.off, len(p.src))], "\n")
	return fmt.Errorf("line %d: %s", line, fmt.Sprintf(format, args...))
}

// object parses the members of one object after its '{'.
func (p *jsParser) object() (condKey, error) {
	var k condKey
	seen := make(map[string]bool)
	for {
		tok, err := p.next()
		if err != nil {
			return k, err
		}
		if tok == "}" {
			break
		}
		name := tok
		var dst *string
		switch name {
		case "key":
			dst = &k.name
		case "category":
			dst = &k.category
		case "type":
			dst = &k.typ
		case "description":
			dst = &k.desc
		default:
			return k, p.errf("unknown property %q (upstream format changed?)", name)
		}
		if seen[name] {
			return k, p.errf("duplicate property %q", name)
		}
		seen[name] = true
		if tok, err := p.next(); err != nil || tok != ":" {
			return k, p.errf("want ':' after %s", name)
		}
		tok, err = p.next()
		if err != nil {
			return k, err
		}
		s, ok := unquote(tok)
		if !ok {
			return k, p.errf("property %s: want a string literal without escapes, found %q", name, tok)
		}
		*dst = s
		tok, err = p.next()
		if err != nil {
			return k, err
		}
		if tok == "}" {
			break
		}
		if tok != "," {
			return k, p.errf("want ',' or '}' after property %s, found %q", name, tok)
		}
	}
	for _, name := range []string{"key", "category", "type", "description"} {
		if !seen[name] {
			return k, p.errf("object without property %q", name)
		}
	}
	return k, nil
}

func unquote(tok string) (string, bool) {
	if len(tok) < 2 || (tok[0] != '\'' && tok[0] != '"') || tok[len(tok)-1] != tok[0] {
		return "", false
	}
	return tok[1 : len(tok)-1], true
}

// next returns the next token: punctuation, an identifier or a whole string
// literal, skipping white space and comments.
func (p *jsParser) next() (string, error) {
	for p.off < len(p.src) {
		c := p.src[p.off]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			p.off++
		case strings.HasPrefix(p.src[p.off:], "//"):
			i := strings.IndexByte(p.src[p.off:], '\n')
			if i < 0 {
				p.off = len(p.src)
			} else {
				p.off += i
			}
		case strings.HasPrefix(p.src[p.off:], "/*"):
			i := strings.Index(p.src[p.off+2:], "*/")
			if i < 0 {
				return "", p.errf("unterminated comment")
			}
			p.off += 2 + i + 2
		case strings.IndexByte("[]{},:;", c) >= 0:
			p.off++
			return string(c), nil
		case c == '\'' || c == '"':
			for i := p.off + 1; i < len(p.src); i++ {
				switch p.src[i] {
				case c:
					tok := p.src[p.off : i+1]
					p.off = i + 1
					return tok, nil
				case '\\', '\n':
					return "", p.errf("string with an escape or a line break")
				}
			}
			return "", p.errf("unterminated string")
		case isIdent(c):
			i := p.off
			for i < len(p.src) && isIdent(p.src[i]) {
				i++
			}
			tok := p.src[p.off:i]
			p.off = i
			return tok, nil
		default:
			return "", p.errf("unexpected character %q", c)
		}
	}
	return "", p.errf("unexpected end of file")
}

func isIdent(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_' || c == '$'
}
