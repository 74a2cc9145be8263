package jsonpos

import (
	"fmt"
	"strconv"
	"unicode/utf8"

	"github.com/leastpriv/leastpriv/diag"
)

// The diagnostic codes this package reports. JSON_SYNTAX_ERROR is IAM Access
// Analyzer's code; the other two are leastpriv's own.
const (
	CodeSyntax   = "JSON_SYNTAX_ERROR"  // not RFC 8259 JSON, or not exactly one value
	CodeTooDeep  = "NESTING_TOO_DEEP"   // arrays and objects nested beyond Options.MaxDepth
	CodeTooLarge = "DOCUMENT_TOO_LARGE" // the document is over Options.MaxSize bytes
)

// Default limits. Policy documents nest about six levels deep and are at most
// a few tens of kilobytes.
const (
	DefaultMaxDepth = 64
	DefaultMaxSize  = 1 << 20
)

// Options tune [Parse]. The zero value is ready to use.
type Options struct {
	// MaxDepth bounds how deeply arrays and objects nest (the top-level
	// array or object is depth 1). 0 means DefaultMaxDepth.
	MaxDepth int
	// MaxSize bounds the document size in bytes. 0 means DefaultMaxSize;
	// a negative value means no limit.
	MaxSize int
}

// Parse parses src, the whole content of file, as one JSON value. On success
// it returns the value and no diagnostics. On failure it returns nil and
// exactly one error diagnostic, positioned at the offending byte.
//
// Parse does not allocate per byte: strings without escapes and number
// literals share one copy of src, and values are allocated in blocks.
func Parse(file string, src []byte, opts Options) (*Value, diag.List) {
	return new(Parser).Parse(file, src, opts)
}

// A Parser parses documents one after another, reusing its memory. The tree
// that [Parser.Parse] returns is valid only until the next call of Parse on
// the same Parser: use it for trees that are converted and dropped, as
// iam.Parse does. The zero value is ready to use; a Parser is not safe for
// concurrent use.
type Parser struct {
	p parser
}

// maxRetained bounds the memory a Parser keeps between documents, in values.
const maxRetained = 1 << 16

// Parse is like the package-level [Parse], but the returned tree lives only
// until the next call.
func (ps *Parser) Parse(file string, src []byte, opts Options) (*Value, diag.List) {
	maxSize := opts.MaxSize
	if maxSize == 0 {
		maxSize = DefaultMaxSize
	}
	if maxSize > 0 && len(src) > maxSize {
		d := diag.Diagnostic{
			Range:    diag.Range{File: file, Start: diag.Pos{Line: 1, Column: 1}, End: diag.Pos{Line: 1, Column: 1}},
			Code:     CodeTooLarge,
			Severity: diag.Error,
			Message:  fmt.Sprintf("document is %d bytes, over the limit of %d bytes", len(src), maxSize),
			Detail:   "policy documents are at most a few tens of kilobytes; check that this is the right file",
		}
		return nil, diag.List{d}
	}
	p := &ps.p
	p.values.reset()
	p.valuePtrs.reset()
	p.members.reset()
	p.file, p.src, p.str = file, src, string(src)
	p.pos, p.line, p.lineStart, p.depth, p.err = 0, 1, 0, 0, nil
	p.maxDepth = opts.MaxDepth
	if p.maxDepth <= 0 {
		p.maxDepth = DefaultMaxDepth
	}
	p.plain = true
	v := p.parseDocument()
	if v != nil {
		p.setPaths(v)
	}
	p.src, p.str = nil, ""
	if p.err != nil {
		return nil, diag.List{*p.err}
	}
	return v, nil
}

type parser struct {
	file      string
	src       []byte
	str       string // src as a string: substrings of it cost nothing
	pos       int
	line      int // line of pos
	lineStart int // offset of the first byte of line
	maxDepth  int
	depth     int

	values    arena[Value]
	valuePtrs arena[*Value]
	members   arena[Member]
	elems     []*Value // scratch stack of array elements being parsed
	membs     []Member // scratch stack of object members being parsed
	buf       []byte   // scratch for decoding escaped strings
	pathBuf   []byte   // scratch for building JSON Pointers
	pathOffs  []int    // scratch: start and end of each pointer in pathBuf
	err       *diag.Diagnostic
	// plain stays true while every string and member name is written
	// without escapes and holds only ASCII (see Parser.Plain).
	plain bool
}

// Plain reports whether every string and member name of the document the
// last call of Parse parsed was written without escape sequences and holds
// only ASCII characters (raw control characters are syntax errors): its
// decoded text is the source text, all of it in U+0020 to U+007F. Consumers
// that check the characters of every string can then skip the check.
func (ps *Parser) Plain() bool { return ps.p.plain }

func (p *parser) newValue() *Value { return &p.values.alloc(1)[0] }

// An arena hands out slices from blocks that grow geometrically, so that at
// most half of the last block is wasted and small documents stay small.
// After reset it hands out the same blocks again, not cleared: callers
// overwrite every element they get. (Clearing pointerful memory while the
// garbage collector marks costs more than the parse itself.)
type arena[T any] struct {
	blocks [][]T
	cur    int // block in use
	used   int // elements of blocks[cur] handed out
	total  int // elements in all blocks
}

func (a *arena[T]) alloc(n int) []T {
	for a.cur < len(a.blocks) {
		b := a.blocks[a.cur]
		if a.used+n <= len(b) {
			s := b[a.used : a.used+n : a.used+n]
			a.used += n
			return s
		}
		a.cur++
		a.used = 0
	}
	size := 16
	if k := len(a.blocks); k > 0 {
		size = min(2*len(a.blocks[k-1]), 1024)
	}
	size = max(size, n)
	a.blocks = append(a.blocks, make([]T, size))
	a.total += size
	a.cur, a.used = len(a.blocks)-1, n
	return a.blocks[a.cur][:n:n]
}

func (a *arena[T]) reset() {
	if a.total > maxRetained {
		*a = arena[T]{}
	}
	a.cur, a.used = 0, 0
}

// at returns the position of offset, which must lie on the current line.
func (p *parser) at(offset int) diag.Pos {
	return diag.Pos{Offset: offset, Line: p.line, Column: offset - p.lineStart + 1}
}

func (p *parser) rangeOf(start, end int) diag.Range {
	return diag.Range{File: p.file, Start: p.at(start), End: p.at(end)}
}

// fail records the first error, spanning [start, end) of the current line.
func (p *parser) fail(start, end int, code, detail, format string, args ...any) {
	r := p.rangeOf(start, end)
	// The offending bytes may include a raw line feed.
	for i := start; i < end && i < len(p.src); i++ {
		if p.src[i] == '\n' {
			r.End = diag.Pos{Offset: end, Line: r.Start.Line + 1, Column: end - i}
		}
	}
	p.failRange(r, code, detail, format, args...)
}

// failRange records the first error, spanning r.
func (p *parser) failRange(r diag.Range, code, detail, format string, args ...any) {
	if p.err != nil {
		return
	}
	p.err = &diag.Diagnostic{
		Range:    r,
		Code:     code,
		Severity: diag.Error,
		Message:  fmt.Sprintf(format, args...),
		Detail:   detail,
	}
}

// syntaxError reports "expected <what>, found <the next token>" at the
// current position, recognising the common non-JSON habits.
func (p *parser) syntaxError(what string) {
	i := p.pos
	if i >= len(p.src) {
		p.fail(i, i, CodeSyntax, "", "expected %s, found end of input", what)
		return
	}
	end := i + 1
	detail := ""
	c := p.src[i]
	found := describeByte(p.src[i:])
	switch {
	case c == '/' && i+1 < len(p.src) && (p.src[i+1] == '/' || p.src[i+1] == '*'):
		found, detail, end = "a comment", "JSON has no comments; remove it", i+2
	case c == '\'':
		found, detail = "a single quote", "JSON strings use double quotes (\")"
	case c >= 0x80:
		_, size := utf8.DecodeRune(p.src[i:])
		end = i + size
	case isIdentByte(c) && (c < '0' || c > '9'):
		j := i
		for j < len(p.src) && isIdentByte(p.src[j]) && j-i < 32 {
			j++
		}
		word := p.str[i:j]
		end = j
		found = strconv.Quote(word)
		switch word {
		case "NaN", "Infinity":
			detail = "NaN and Infinity are not JSON numbers; write the value as a string"
		case "True", "False", "Null", "TRUE", "FALSE", "NULL", "None", "nil":
			detail = "JSON literals are lower case: true, false, null"
		default:
			detail = "strings must be quoted with double quotes"
		}
	}
	p.fail(i, end, CodeSyntax, detail, "expected %s, found %s", what, found)
}

func isIdentByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_'
}

// describeByte names the token starting at b for messages.
func describeByte(b []byte) string {
	c := b[0]
	switch {
	case c == '"':
		return "a string"
	case c == '-' || c >= '0' && c <= '9':
		return "a number"
	case c == '{' || c == '}' || c == '[' || c == ']' || c == ':' || c == ',':
		return "'" + string(c) + "'"
	case c < 0x20 || c == 0x7f:
		return fmt.Sprintf("control character U+%04X", c)
	case c < 0x80:
		return "'" + string(c) + "'"
	}
	r, size := utf8.DecodeRune(b)
	if r == utf8.RuneError && size <= 1 {
		return fmt.Sprintf("invalid UTF-8 byte 0x%02x", c)
	}
	return fmt.Sprintf("%q (U+%04X)", r, r)
}

func (p *parser) skipSpace() {
	for p.pos < len(p.src) {
		switch p.src[p.pos] {
		case ' ', '\t', '\r':
			p.pos++
		case '\n':
			p.pos++
			p.line++
			p.lineStart = p.pos
		default:
			return
		}
	}
}

func (p *parser) parseDocument() *Value {
	if len(p.src) >= 3 && p.src[0] == 0xEF && p.src[1] == 0xBB && p.src[2] == 0xBF {
		p.fail(0, 3, CodeSyntax,
			"JSON text must not start with a byte order mark (RFC 8259 section 8.1); save the file as UTF-8 without BOM",
			"document starts with a UTF-8 byte order mark (BOM)")
		return nil
	}
	p.skipSpace()
	v := p.parseValue("a JSON value")
	if p.err != nil {
		return nil
	}
	p.skipSpace()
	if p.pos < len(p.src) {
		detail := "a document holds exactly one JSON value; remove what follows it"
		if v.Kind == String && p.src[p.pos] == ':' {
			detail = "the document seems to be missing its opening '{'"
		}
		p.fail(p.pos, p.pos+1, CodeSyntax, detail,
			"expected end of input after the top-level %s, found %s", v.Kind, describeByte(p.src[p.pos:]))
		return nil
	}
	return v
}

// parseValue parses the value at p.pos (after white space). what says what
// was expected there, for the error message.
func (p *parser) parseValue(what string) *Value {
	if p.pos >= len(p.src) {
		p.syntaxError(what)
		return nil
	}
	switch c := p.src[p.pos]; {
	case c == '"':
		startPos := p.at(p.pos)
		s, esc, ok := p.parseString()
		if !ok {
			return nil
		}
		v := p.newValue()
		*v = Value{Kind: String, Text: s, Escaped: esc, Range: diag.Range{File: p.file, Start: startPos, End: p.at(p.pos)}}
		return v
	case c == '{':
		return p.parseObject()
	case c == '[':
		return p.parseArray()
	case c == '-' || c >= '0' && c <= '9':
		return p.parseNumber()
	case c == 't':
		return p.parseLiteral("true", Bool, what)
	case c == 'f':
		return p.parseLiteral("false", Bool, what)
	case c == 'n':
		return p.parseLiteral("null", Null, what)
	}
	p.syntaxError(what)
	return nil
}

func (p *parser) parseLiteral(lit string, kind Kind, what string) *Value {
	end := p.pos + len(lit)
	if end > len(p.src) || p.str[p.pos:end] != lit || end < len(p.src) && isIdentByte(p.src[end]) {
		p.syntaxError(what)
		return nil
	}
	v := p.newValue()
	*v = Value{Kind: kind, Text: lit, Range: p.rangeOf(p.pos, end)}
	p.pos = end
	return v
}

func (p *parser) parseNumber() *Value {
	src := p.src
	start := p.pos
	i := start
	if src[i] == '-' {
		i++
	}
	digits := func(what string) bool {
		j := i
		for i < len(src) && src[i] >= '0' && src[i] <= '9' {
			i++
		}
		if i == j {
			p.pos = i
			p.syntaxError(what)
			return false
		}
		return true
	}
	switch {
	case i < len(src) && src[i] == '0':
		i++
		if i < len(src) && src[i] >= '0' && src[i] <= '9' {
			p.fail(start, i+1, CodeSyntax, "write the number without leading zeros, or quote it as a string",
				"number has a leading zero")
			return nil
		}
		if i < len(src) && (src[i] == 'x' || src[i] == 'X') {
			p.fail(start, i+1, CodeSyntax, "JSON numbers are decimal; quote the value as a string",
				"hexadecimal numbers are not JSON")
			return nil
		}
	default:
		if !digits("a digit after '-'") {
			return nil
		}
	}
	if i < len(src) && src[i] == '.' {
		i++
		if !digits("a digit after the decimal point") {
			return nil
		}
	}
	if i < len(src) && (src[i] == 'e' || src[i] == 'E') {
		i++
		if i < len(src) && (src[i] == '+' || src[i] == '-') {
			i++
		}
		if !digits("a digit in the exponent") {
			return nil
		}
	}
	v := p.newValue()
	*v = Value{Kind: Number, Text: p.str[start:i], Range: p.rangeOf(start, i)}
	p.pos = i
	return v
}

// stringSafe[c] is true for the bytes a string may hold unescaped that need
// no further checks: printable ASCII other than '"' and '\\'.
var stringSafe = func() (t [256]bool) {
	for c := 0x20; c < 0x80; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

// parseString parses the string starting at the '"' at p.pos and returns
// its decoded text and whether it used escapes.
func (p *parser) parseString() (string, bool, bool) {
	src := p.src
	start := p.pos
	i := start + 1
	for {
		for i < len(src) && stringSafe[src[i]] {
			i++
		}
		if i >= len(src) {
			p.fail(start, start+1, CodeSyntax, "add the closing '\"'", "string is never closed")
			return "", false, false
		}
		switch c := src[i]; {
		case c == '"':
			p.pos = i + 1
			return p.str[start+1 : i], false, true
		case c == '\\':
			p.plain = false
			return p.parseEscapedString(start, i)
		case c < 0x20:
			p.fail(i, i+1, CodeSyntax, `control characters must be escaped in JSON strings (\n, \t, \u0000)`,
				"string holds raw control character U+%04X", c)
			return "", false, false
		default: // c >= 0x80
			p.plain = false
			r, size := utf8.DecodeRune(src[i:])
			if r == utf8.RuneError && size <= 1 {
				p.fail(i, i+1, CodeSyntax, "JSON text must be UTF-8; re-encode the file",
					"string holds invalid UTF-8 byte 0x%02x", c)
				return "", false, false
			}
			i += size
		}
	}
}

// parseEscapedString continues parseString from the first backslash at i.
func (p *parser) parseEscapedString(start, i int) (string, bool, bool) {
	src := p.src
	buf := append(p.buf[:0], src[start+1:i]...)
	defer func() { p.buf = buf[:0] }()
	for {
		if i >= len(src) {
			p.fail(start, start+1, CodeSyntax, "add the closing '\"'", "string is never closed")
			return "", false, false
		}
		c := src[i]
		switch {
		case c == '"':
			p.pos = i + 1
			return string(buf), true, true
		case c == '\\':
			if i+1 >= len(src) {
				p.fail(start, start+1, CodeSyntax, "add the closing '\"'", "string is never closed")
				return "", false, false
			}
			e := src[i+1]
			switch e {
			case '"', '\\', '/':
				buf = append(buf, e)
			case 'b':
				buf = append(buf, '\b')
			case 'f':
				buf = append(buf, '\f')
			case 'n':
				buf = append(buf, '\n')
			case 'r':
				buf = append(buf, '\r')
			case 't':
				buf = append(buf, '\t')
			case 'u':
				r, ok := p.hex4(i)
				if !ok {
					return "", false, false
				}
				n := 6
				switch {
				case r >= 0xD800 && r < 0xDC00:
					lo := rune(-1)
					if i+12 <= len(src) && src[i+6] == '\\' && src[i+7] == 'u' {
						lo, ok = p.hex4(i + 6)
						if !ok {
							return "", false, false
						}
					}
					if lo < 0xDC00 || lo > 0xDFFF {
						p.fail(i, i+6, CodeSyntax, `a high surrogate (\uD800-\uDBFF) must be followed by a low one (\uDC00-\uDFFF)`,
							`lone UTF-16 surrogate \u%04X in string`, r)
						return "", false, false
					}
					r = 0x10000 + (r-0xD800)<<10 + (lo - 0xDC00)
					n = 12
				case r >= 0xDC00 && r <= 0xDFFF:
					p.fail(i, i+6, CodeSyntax, `a low surrogate (\uDC00-\uDFFF) must follow a high one (\uD800-\uDBFF)`,
						`lone UTF-16 surrogate \u%04X in string`, r)
					return "", false, false
				}
				buf = utf8.AppendRune(buf, r)
				i += n
				continue
			default:
				end := i + 2
				if e >= 0x80 {
					_, size := utf8.DecodeRune(src[i+1:])
					end = i + 1 + size
				}
				p.fail(i, end, CodeSyntax, `valid escapes are \" \\ \/ \b \f \n \r \t and \uXXXX`,
					"invalid escape sequence %q in string", p.str[i:end])
				return "", false, false
			}
			i += 2
		case c < 0x20:
			p.fail(i, i+1, CodeSyntax, `control characters must be escaped in JSON strings (\n, \t, \u0000)`,
				"string holds raw control character U+%04X", c)
			return "", false, false
		case c < 0x80:
			buf = append(buf, c)
			i++
		default:
			r, size := utf8.DecodeRune(src[i:])
			if r == utf8.RuneError && size <= 1 {
				p.fail(i, i+1, CodeSyntax, "JSON text must be UTF-8; re-encode the file",
					"string holds invalid UTF-8 byte 0x%02x", c)
				return "", false, false
			}
			buf = append(buf, src[i:i+size]...)
			i += size
		}
	}
}

// hex4 decodes the four hex digits of the \u escape at i.
func (p *parser) hex4(i int) (rune, bool) {
	var r rune
	for k := i + 2; k < i+6; k++ {
		if k >= len(p.src) {
			p.fail(i, k, CodeSyntax, `write \u followed by exactly four hex digits`, `incomplete \u escape in string`)
			return 0, false
		}
		c := p.src[k]
		var d byte
		switch {
		case c >= '0' && c <= '9':
			d = c - '0'
		case c >= 'a' && c <= 'f':
			d = c - 'a' + 10
		case c >= 'A' && c <= 'F':
			d = c - 'A' + 10
		default:
			p.fail(i, k+1, CodeSyntax, `write \u followed by exactly four hex digits`, `invalid \u escape in string`)
			return 0, false
		}
		r = r<<4 | rune(d)
	}
	return r, true
}

func (p *parser) enter() bool {
	p.depth++
	if p.depth > p.maxDepth {
		p.fail(p.pos, p.pos+1, CodeTooDeep, "policy documents nest only a few levels deep; check the document's structure",
			"arrays and objects nest more than %d levels deep", p.maxDepth)
		return false
	}
	return true
}

func (p *parser) parseArray() *Value {
	if !p.enter() {
		return nil
	}
	startPos := p.at(p.pos)
	p.pos++ // '['
	base := len(p.elems)
	p.skipSpace()
	if p.pos < len(p.src) && p.src[p.pos] == ']' {
		p.pos++
	} else {
		for {
			e := p.parseValue("an array element")
			if e == nil {
				return nil
			}
			p.elems = append(p.elems, e)
			p.skipSpace()
			if p.pos < len(p.src) && p.src[p.pos] == ',' {
				comma := p.rangeOf(p.pos, p.pos+1)
				p.pos++
				p.skipSpace()
				if p.pos < len(p.src) && p.src[p.pos] == ']' {
					p.failRange(comma, CodeSyntax, "remove the comma", "trailing comma before ']'")
					return nil
				}
				continue
			}
			if p.pos < len(p.src) && p.src[p.pos] == ']' {
				p.pos++
				break
			}
			p.syntaxError("',' or ']' after an array element")
			return nil
		}
	}
	var elems []*Value
	if n := len(p.elems) - base; n > 0 {
		elems = p.valuePtrs.alloc(n)
		copy(elems, p.elems[base:])
		p.elems = p.elems[:base]
	}
	v := p.newValue()
	*v = Value{Kind: Array, Elems: elems, Range: diag.Range{File: p.file, Start: startPos, End: p.at(p.pos)}}
	p.depth--
	return v
}

func (p *parser) parseObject() *Value {
	if !p.enter() {
		return nil
	}
	startPos := p.at(p.pos)
	p.pos++ // '{'
	base := len(p.membs)
	p.skipSpace()
	if p.pos < len(p.src) && p.src[p.pos] == '}' {
		p.pos++
	} else {
		for {
			if p.pos >= len(p.src) || p.src[p.pos] != '"' {
				p.syntaxError("a member name in double quotes")
				return nil
			}
			keyStart := p.at(p.pos)
			key, esc, ok := p.parseString()
			if !ok {
				return nil
			}
			keyRange := diag.Range{File: p.file, Start: keyStart, End: p.at(p.pos)}
			p.skipSpace()
			if p.pos >= len(p.src) || p.src[p.pos] != ':' {
				p.syntaxError("':' after member name")
				return nil
			}
			p.pos++
			p.skipSpace()
			val := p.parseValue("a value after ':'")
			if val == nil {
				return nil
			}
			p.membs = append(p.membs, Member{Key: key, KeyRange: keyRange, KeyEscaped: esc, Value: val})
			p.skipSpace()
			if p.pos < len(p.src) && p.src[p.pos] == ',' {
				comma := p.rangeOf(p.pos, p.pos+1)
				p.pos++
				p.skipSpace()
				if p.pos < len(p.src) && p.src[p.pos] == '}' {
					p.failRange(comma, CodeSyntax, "remove the comma", "trailing comma before '}'")
					return nil
				}
				continue
			}
			if p.pos < len(p.src) && p.src[p.pos] == '}' {
				p.pos++
				break
			}
			p.syntaxError("',' or '}' after an object member")
			return nil
		}
	}
	var membs []Member
	if n := len(p.membs) - base; n > 0 {
		membs = p.members.alloc(n)
		copy(membs, p.membs[base:])
		p.membs = p.membs[:base]
	}
	v := p.newValue()
	*v = Value{Kind: Object, Members: membs, Range: diag.Range{File: p.file, Start: startPos, End: p.at(p.pos)}}
	p.depth--
	return v
}

// setPaths fills in the JSON Pointer of every value below root. All the
// pointers of a document share one string, built in one pass over the tree
// and handed out in a second: one allocation per document, not per value.
func (p *parser) setPaths(root *Value) {
	p.pathBuf, p.pathOffs = p.pathBuf[:0], p.pathOffs[:0]
	p.writePaths(root, 0, 0)
	s := string(p.pathBuf)
	i := 0
	p.assignPaths(root, s, &i)
	if cap(p.pathBuf) > 1<<20 {
		p.pathBuf, p.pathOffs = nil, nil
	}
}

// writePaths appends to p.pathBuf the pointer of each child of v, in
// pre-order, given that v's own pointer is p.pathBuf[start:end].
func (p *parser) writePaths(v *Value, start, end int) {
	for i, e := range v.Elems {
		cs := len(p.pathBuf)
		p.pathBuf = append(p.pathBuf, p.pathBuf[start:end]...)
		p.pathBuf = append(p.pathBuf, '/')
		p.pathBuf = strconv.AppendInt(p.pathBuf, int64(i), 10)
		ce := len(p.pathBuf)
		p.pathOffs = append(p.pathOffs, cs, ce)
		p.writePaths(e, cs, ce)
	}
	for i := range v.Members {
		m := &v.Members[i]
		cs := len(p.pathBuf)
		p.pathBuf = append(p.pathBuf, p.pathBuf[start:end]...)
		p.pathBuf = append(p.pathBuf, '/')
		p.pathBuf = appendToken(p.pathBuf, m.Key)
		ce := len(p.pathBuf)
		p.pathOffs = append(p.pathOffs, cs, ce)
		p.writePaths(m.Value, cs, ce)
	}
}

// assignPaths sets the pointers written by writePaths, in the same order.
func (p *parser) assignPaths(v *Value, s string, i *int) {
	for _, e := range v.Elems {
		e.Path = s[p.pathOffs[*i]:p.pathOffs[*i+1]]
		*i += 2
		p.assignPaths(e, s, i)
	}
	for k := range v.Members {
		m := v.Members[k].Value
		m.Path = s[p.pathOffs[*i]:p.pathOffs[*i+1]]
		*i += 2
		p.assignPaths(m, s, i)
	}
}

// appendToken appends key escaped as a JSON Pointer reference token.
func appendToken(dst []byte, key string) []byte {
	for i := 0; i < len(key); i++ {
		switch c := key[i]; c {
		case '~':
			dst = append(dst, '~', '0')
		case '/':
			dst = append(dst, '~', '1')
		default:
			dst = append(dst, c)
		}
	}
	return dst
}
