package eval

import (
	"strings"
	"unicode/utf8"
)

// A pattern is a compiled glob: literal runs, '?' (one character) and '*'
// (any run). Text substituted from a policy variable is always literal, so
// patterns are built from tokens rather than re-parsed from a string.
//
// Matching places each star-free chunk at its leftmost possible position,
// which is correct for this pattern language and never backtracks: the cost
// is O(len(pattern) × len(subject)) in the worst case.
type pattern struct {
	chunks              []chunk // the parts between stars, in order
	leadStar, trailStar bool
	wild                bool   // holds '*' or '?'
	lit                 string // the whole pattern when !wild
}

// A chunk is a star-free run: literal text where each '?' position is marked.
type chunk struct {
	text string // literal text, with 0 bytes standing for nothing (see qs)
	qs   []int  // byte offsets in text where a '?' stands (a placeholder byte)
}

// A token is one element of a pattern source: literal text, or a wildcard.
type token struct {
	kind byte // 'l' literal, '*' star, '?' one character
	text string
}

// globTokens splits s into tokens, treating '*' and '?' as wildcards.
func globTokens(s string) []token {
	var out []token
	start := 0
	for i := 0; i < len(s); i++ {
		if s[i] == '*' || s[i] == '?' {
			if i > start {
				out = append(out, token{kind: 'l', text: s[start:i]})
			}
			out = append(out, token{kind: s[i]})
			start = i + 1
		}
	}
	if start < len(s) {
		out = append(out, token{kind: 'l', text: s[start:]})
	}
	return out
}

// compileGlob builds a pattern from tokens.
func compileGlob(toks []token) pattern {
	var p pattern
	var cur chunk
	var b strings.Builder
	flush := func() {
		if b.Len() > 0 || len(cur.qs) > 0 {
			cur.text = b.String()
			p.chunks = append(p.chunks, cur)
		}
		cur = chunk{}
		b.Reset()
	}
	for i, t := range toks {
		switch t.kind {
		case 'l':
			b.WriteString(t.text)
		case '?':
			p.wild = true
			cur.qs = append(cur.qs, b.Len())
			b.WriteByte(0)
		case '*':
			p.wild = true
			if i == 0 {
				p.leadStar = true
			}
			if i == len(toks)-1 {
				p.trailStar = true
			}
			flush()
		}
	}
	flush()
	if !p.wild {
		if len(p.chunks) > 0 {
			p.lit = p.chunks[0].text
		}
		p.chunks = nil
	}
	return p
}

// compileGlobString compiles s with '*' and '?' as wildcards.
func compileGlobString(s string) pattern { return compileGlob(globTokens(s)) }

// match reports whether s matches the whole pattern, case-sensitively.
func (p *pattern) match(s string) bool {
	if !p.wild {
		return p.lit == s
	}
	chunks := p.chunks
	if len(chunks) == 0 {
		return true // only stars
	}
	if !p.leadStar {
		n, ok := chunks[0].prefix(s)
		if !ok {
			return false
		}
		s = s[n:]
		chunks = chunks[1:]
		if len(chunks) == 0 {
			return p.trailStar || s == ""
		}
	}
	var last *chunk
	if !p.trailStar {
		last = &chunks[len(chunks)-1]
		chunks = chunks[:len(chunks)-1]
	}
	for i := range chunks {
		at, n := chunks[i].find(s)
		if at < 0 {
			return false
		}
		s = s[at+n:]
	}
	if last == nil {
		return true
	}
	return last.suffix(s)
}

// prefix reports whether c matches a prefix of s and its length in bytes.
func (c *chunk) prefix(s string) (int, bool) {
	if len(c.qs) == 0 {
		if strings.HasPrefix(s, c.text) {
			return len(c.text), true
		}
		return 0, false
	}
	j, q := 0, 0
	for i := 0; i < len(c.text); i++ {
		if q < len(c.qs) && c.qs[q] == i {
			q++
			if j >= len(s) {
				return 0, false
			}
			_, w := utf8.DecodeRuneInString(s[j:])
			j += w
			continue
		}
		if j >= len(s) || s[j] != c.text[i] {
			return 0, false
		}
		j++
	}
	return j, true
}

// find returns the leftmost offset in s where c matches, and the match length.
func (c *chunk) find(s string) (int, int) {
	if len(c.qs) == 0 {
		return strings.Index(s, c.text), len(c.text)
	}
	for i := 0; i <= len(s); {
		if n, ok := c.prefix(s[i:]); ok {
			return i, n
		}
		if i == len(s) {
			break
		}
		_, w := utf8.DecodeRuneInString(s[i:])
		i += w
	}
	return -1, 0
}

// suffix reports whether c matches a suffix of s.
func (c *chunk) suffix(s string) bool {
	if len(c.qs) == 0 {
		return strings.HasSuffix(s, c.text)
	}
	for i := len(s); i >= 0; i-- {
		if i < len(s) && !utf8.RuneStart(s[i]) {
			continue
		}
		if n, ok := c.prefix(s[i:]); ok && i+n == len(s) {
			return true
		}
	}
	return false
}
