package extract

import (
	"bytes"

	"github.com/leastpriv/leastpriv/internal/jsonpos"
)

// A span is a policy candidate found in text: bytes [start, end).
type span struct {
	start, end int
	// braceless marks a policy body whose outer braces are missing: the
	// members of a policy object ("Version": ..., "Statement": ...) written
	// without the { } around them.
	braceless bool
	// open marks an object whose braces never balance: the page cut it
	// short. The parser then reports the end of input right after it.
	open bool
}

var statementKey = []byte(`"Statement"`)

// findPolicies finds the policies written in free text (a Markdown, HTML or
// plain-text page, a shell script): JSON objects with a "Statement" member,
// wherever they sit (code fences, heredocs, quoted command arguments), and
// policy bodies that lost their braces. Spans are in order and do not
// overlap.
func findPolicies(text []byte) []span {
	var out []span
	for i := 0; i < len(text); i++ {
		if text[i] != '{' || !objectStart(text, i) {
			continue
		}
		end, balanced := balance(text, i)
		region := text[i:end]
		if !bytes.Contains(region, statementKey) {
			if balanced {
				i = end - 1
			}
			continue
		}
		if balanced {
			if v, errs := jsonpos.Parse("", region, jsonpos.Options{}); len(errs) == 0 {
				for _, s := range policyObjects(v) {
					out = append(out, span{start: i + s.start, end: i + s.end})
				}
				i = end - 1
				continue
			}
		}
		// Not valid JSON (or never closed): the whole region is the
		// candidate, and the parser will say where it breaks.
		out = append(out, span{start: i, end: end, open: !balanced})
		i = end - 1
	}
	return append(out, findBraceless(text, out)...)
}

// objectStart reports whether the '{' at i opens a JSON object: the next
// non-space byte is '"' or '}'. This skips shell ${VAR}, templating {{ }} and
// code blocks.
func objectStart(text []byte, i int) bool {
	if i > 0 && text[i-1] == '$' {
		return false
	}
	for j := i + 1; j < len(text); j++ {
		switch text[j] {
		case ' ', '\t', '\r', '\n':
			continue
		case '"', '}':
			return true
		}
		return false
	}
	return false
}

// balance finds the end of the JSON value that starts with the '{' at
// start. It tracks strings (which end at a newline, so that a stray quote
// cannot swallow the page) and stops, unbalanced, at the first line that is
// prose rather than JSON. It returns the end offset and whether the braces
// balanced.
func balance(text []byte, start int) (end int, ok bool) {
	depth := 0
	inString := false
	lastJSON := start // end of the last byte seen on a JSON-looking line
	for i := start; i < len(text); i++ {
		c := text[i]
		if inString {
			switch c {
			case '\\':
				i++
				lastJSON = min(i+1, len(text))
				continue
			case '"':
				inString = false
				lastJSON = i + 1
				continue
			case '\n':
				// A newline ends a broken string; handle it as a newline.
				inString = false
			default:
				lastJSON = i + 1
				continue
			}
		}
		switch c {
		case '"':
			inString = true
		case '{', '[':
			depth++
		case '}', ']':
			depth--
			if depth == 0 {
				return i + 1, true
			}
			if depth < 0 {
				return i, false
			}
		case '\n':
			if !jsonLine(text, i+1) {
				return lastJSON, false
			}
			continue
		}
		if c != ' ' && c != '\t' && c != '\r' {
			lastJSON = i + 1
		}
	}
	return lastJSON, false
}

// jsonLine reports whether the line starting at i looks like part of a JSON
// document: blank, or starting (after indentation) with punctuation, a
// string, a number or a literal.
func jsonLine(text []byte, i int) bool {
	for i < len(text) && (text[i] == ' ' || text[i] == '\t' || text[i] == '\r') {
		i++
	}
	if i >= len(text) || text[i] == '\n' {
		return true
	}
	switch c := text[i]; {
	case bytes.IndexByte([]byte(`{}[]",:-`), c) >= 0, '0' <= c && c <= '9':
		return true
	}
	for _, lit := range []string{"true", "false", "null"} {
		if bytes.HasPrefix(text[i:], []byte(lit)) {
			return true
		}
	}
	return false
}

// policyObjects returns the outermost objects of v (a parsed JSON document)
// that have a "Statement" member, as offset spans relative to the document.
func policyObjects(v *jsonpos.Value) []span {
	var out []span
	var walk func(v *jsonpos.Value)
	walk = func(v *jsonpos.Value) {
		switch v.Kind {
		case jsonpos.Object:
			if v.Get("Statement") != nil {
				out = append(out, span{start: v.Range.Start.Offset, end: v.Range.End.Offset})
				return
			}
			for _, m := range v.Members {
				walk(m.Value)
			}
		case jsonpos.Array:
			for _, e := range v.Elems {
				walk(e)
			}
		}
	}
	walk(v)
	return out
}

// findBraceless finds "Statement" keys outside the spans already found and
// returns, for each, the block of JSON-looking lines around it: a policy body
// printed without its outer braces.
func findBraceless(text []byte, found []span) []span {
	var out []span
	inside := func(off int) bool {
		for _, s := range found {
			if s.start <= off && off < s.end {
				return true
			}
		}
		for _, s := range out {
			if s.start <= off && off < s.end {
				return true
			}
		}
		return false
	}
	for off := 0; ; {
		j := bytes.Index(text[off:], statementKey)
		if j < 0 {
			break
		}
		at := off + j
		off = at + len(statementKey)
		if inside(at) || !memberKeyAt(text, at) {
			continue
		}
		// Grow the block line by line while lines look like JSON members.
		start := lineStart(text, at)
		for start > 0 {
			prev := lineStart(text, start-1)
			if !memberLine(text, prev) {
				break
			}
			start = prev
		}
		end := lineEnd(text, at)
		for end < len(text) {
			next := end + 1
			if next >= len(text) || !memberLine(text, next) {
				break
			}
			end = lineEnd(text, next)
		}
		// Trim indentation before the first member and blanks after the last.
		for start < end && (text[start] == ' ' || text[start] == '\t') {
			start++
		}
		for end > start && (text[end-1] == ' ' || text[end-1] == '\t' || text[end-1] == '\r') {
			end--
		}
		out = append(out, span{start: start, end: end, braceless: true})
		off = end
	}
	return out
}

// memberKeyAt reports whether the "Statement" at i is an object key: followed
// by optional blanks and a colon.
func memberKeyAt(text []byte, i int) bool {
	j := i + len(statementKey)
	for j < len(text) && (text[j] == ' ' || text[j] == '\t') {
		j++
	}
	return j < len(text) && text[j] == ':'
}

// memberLine reports whether the line starting at i is a non-blank line of a
// JSON object or array body.
func memberLine(text []byte, i int) bool {
	k := i
	for k < len(text) && (text[k] == ' ' || text[k] == '\t' || text[k] == '\r') {
		k++
	}
	if k >= len(text) || text[k] == '\n' {
		return false
	}
	return jsonLine(text, i)
}

func lineStart(text []byte, i int) int {
	for i > 0 && text[i-1] != '\n' {
		i--
	}
	return i
}

func lineEnd(text []byte, i int) int {
	for i < len(text) && text[i] != '\n' {
		i++
	}
	return i
}
