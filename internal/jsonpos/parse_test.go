package jsonpos

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
	"github.com/leastpriv/leastpriv/diag"
)

// errString renders the single diagnostic of a failed parse for comparison.
func errString(l diag.List) string {
	if len(l) == 0 {
		return ""
	}
	var b strings.Builder
	for i, d := range l {
		if i > 0 {
			b.WriteString("\n")
		}
		b.WriteString(d.Range.Start.String() + "-" + d.Range.End.String() + ": " + d.Message + " [" + d.Code + "]")
	}
	return b.String()
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name, src string
		want      string
	}{
		{"empty", ``, `1:1-1:1: expected a JSON value, found end of input [JSON_SYNTAX_ERROR]`},
		{"only space", " \n\t ", `2:3-2:3: expected a JSON value, found end of input [JSON_SYNTAX_ERROR]`},
		{"two objects", `{} {}`, `1:4-1:5: expected end of input after the top-level object, found '{' [JSON_SYNTAX_ERROR]`},
		{"trailing garbage", "{\"a\":1}\nx", `2:1-2:2: expected end of input after the top-level object, found 'x' [JSON_SYNTAX_ERROR]`},
		{"missing open brace", "  \"Version\": \"2012-10-17\",", `1:12-1:13: expected end of input after the top-level string, found ':' [JSON_SYNTAX_ERROR]`},
		{"bom", "\xef\xbb\xbf{}", `1:1-1:4: document starts with a UTF-8 byte order mark (BOM) [JSON_SYNTAX_ERROR]`},
		{"line comment", "{\n  // c\n}", `2:3-2:5: expected a member name in double quotes, found a comment [JSON_SYNTAX_ERROR]`},
		{"block comment", `[1 /* c */]`, `1:4-1:6: expected ',' or ']' after an array element, found a comment [JSON_SYNTAX_ERROR]`},
		{"trailing comma object", `{"a": 1,}`, `1:8-1:9: trailing comma before '}' [JSON_SYNTAX_ERROR]`},
		{"trailing comma array", "[1,\n 2,\n]", `2:3-2:4: trailing comma before ']' [JSON_SYNTAX_ERROR]`},
		{"single quotes value", `{"a": 'b'}`, `1:7-1:8: expected a value after ':', found a single quote [JSON_SYNTAX_ERROR]`},
		{"single quotes key", `{'a': 1}`, `1:2-1:3: expected a member name in double quotes, found a single quote [JSON_SYNTAX_ERROR]`},
		{"unquoted key", `{Effect: 1}`, `1:2-1:8: expected a member name in double quotes, found "Effect" [JSON_SYNTAX_ERROR]`},
		{"NaN", `[NaN]`, `1:2-1:5: expected an array element, found "NaN" [JSON_SYNTAX_ERROR]`},
		{"Infinity", `[-Infinity]`, `1:3-1:11: expected a digit after '-', found "Infinity" [JSON_SYNTAX_ERROR]`},
		{"True", `[True]`, `1:2-1:6: expected an array element, found "True" [JSON_SYNTAX_ERROR]`},
		{"truex", `[truex]`, `1:2-1:7: expected an array element, found "truex" [JSON_SYNTAX_ERROR]`},
		{"leading zero", `[012]`, `1:2-1:4: number has a leading zero [JSON_SYNTAX_ERROR]`},
		{"hex", `[0x10]`, `1:2-1:4: hexadecimal numbers are not JSON [JSON_SYNTAX_ERROR]`},
		{"plus sign", `[+1]`, `1:2-1:3: expected an array element, found '+' [JSON_SYNTAX_ERROR]`},
		{"bare dot", `[.5]`, `1:2-1:3: expected an array element, found '.' [JSON_SYNTAX_ERROR]`},
		{"no fraction digits", `[1.]`, `1:4-1:5: expected a digit after the decimal point, found ']' [JSON_SYNTAX_ERROR]`},
		{"no exponent digits", `[1e+]`, `1:5-1:6: expected a digit in the exponent, found ']' [JSON_SYNTAX_ERROR]`},
		{"missing colon", `{"a" 1}`, `1:6-1:7: expected ':' after member name, found a number [JSON_SYNTAX_ERROR]`},
		{"missing comma", "{\"a\": 1\n \"b\": 2}", `2:2-2:3: expected ',' or '}' after an object member, found a string [JSON_SYNTAX_ERROR]`},
		{"missing value", `{"a": }`, `1:7-1:8: expected a value after ':', found '}' [JSON_SYNTAX_ERROR]`},
		{"unclosed object", "{\"a\": 1", `1:8-1:8: expected ',' or '}' after an object member, found end of input [JSON_SYNTAX_ERROR]`},
		{"unclosed array", "[1, 2", `1:6-1:6: expected ',' or ']' after an array element, found end of input [JSON_SYNTAX_ERROR]`},
		{"unclosed string", `{"abc`, `1:2-1:3: string is never closed [JSON_SYNTAX_ERROR]`},
		{"raw newline in string", "[\"a\nb\"]", `1:4-2:1: string holds raw control character U+000A [JSON_SYNTAX_ERROR]`},
		{"raw tab in string", "[\"a\tb\"]", `1:4-1:5: string holds raw control character U+0009 [JSON_SYNTAX_ERROR]`},
		{"bad escape", `["a\x"]`, `1:4-1:6: invalid escape sequence "\\x" in string [JSON_SYNTAX_ERROR]`},
		{"short unicode escape", `["\u12"]`, `1:3-1:8: invalid \u escape in string [JSON_SYNTAX_ERROR]`},
		{"lone high surrogate", `["\ud800"]`, `1:3-1:9: lone UTF-16 surrogate \uD800 in string [JSON_SYNTAX_ERROR]`},
		{"high surrogate then letter", `["\ud800\u0041"]`, `1:3-1:9: lone UTF-16 surrogate \uD800 in string [JSON_SYNTAX_ERROR]`},
		{"lone low surrogate", `["x\uDC00"]`, `1:4-1:10: lone UTF-16 surrogate \uDC00 in string [JSON_SYNTAX_ERROR]`},
		{"invalid utf8", "[\"a\xffb\"]", `1:4-1:5: string holds invalid UTF-8 byte 0xff [JSON_SYNTAX_ERROR]`},
		{"invalid utf8 after escape", "[\"\\n\xc3\"]", `1:5-1:6: string holds invalid UTF-8 byte 0xc3 [JSON_SYNTAX_ERROR]`},
		{"overlong utf8", "[\"\xc0\xaf\"]", `1:3-1:4: string holds invalid UTF-8 byte 0xc0 [JSON_SYNTAX_ERROR]`},
		{"utf8 surrogate bytes", "[\"\xed\xa0\x80\"]", `1:3-1:4: string holds invalid UTF-8 byte 0xed [JSON_SYNTAX_ERROR]`},
		{"invalid utf8 outside string", "[\xff]", `1:2-1:3: expected an array element, found invalid UTF-8 byte 0xff [JSON_SYNTAX_ERROR]`},
		{"non-ascii outside string", "[é]", `1:2-1:4: expected an array element, found 'é' (U+00E9) [JSON_SYNTAX_ERROR]`},
		{"form feed is not white space", "[\f1]", `1:2-1:3: expected an array element, found control character U+000C [JSON_SYNTAX_ERROR]`},
		{"nbsp is not white space", "[\u00a01]", `1:2-1:4: expected an array element, found '\u00a0' (U+00A0) [JSON_SYNTAX_ERROR]`},
		{"depth", strings.Repeat("[", 65) + strings.Repeat("]", 65), `1:65-1:66: arrays and objects nest more than 64 levels deep [NESTING_TOO_DEEP]`},
		{"depth bomb", strings.Repeat("[", 100000), `1:65-1:66: arrays and objects nest more than 64 levels deep [NESTING_TOO_DEEP]`},
		{"depth objects", strings.Repeat(`{"a":`, 70), `1:321-1:322: arrays and objects nest more than 64 levels deep [NESTING_TOO_DEEP]`},
		{"size", `"` + strings.Repeat("a", DefaultMaxSize) + `"`, `1:1-1:1: document is 1048578 bytes, over the limit of 1048576 bytes [DOCUMENT_TOO_LARGE]`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, diags := Parse("f.json", []byte(tt.src), Options{})
			if v != nil {
				t.Errorf("Parse returned a value with errors")
			}
			if diff := cmp.Diff(tt.want, errString(diags)); diff != "" {
				t.Errorf("diagnostics (-want +got):\n%s", diff)
			}
			for _, d := range diags {
				if d.Severity != diag.Error || d.Range.File != "f.json" {
					t.Errorf("diagnostic %v: want severity error in f.json", d)
				}
			}
		})
	}
}

func TestParseLimits(t *testing.T) {
	deep := strings.Repeat("[", 10) + strings.Repeat("]", 10)
	if _, d := Parse("", []byte(deep), Options{MaxDepth: 10}); len(d) != 0 {
		t.Errorf("depth 10 with MaxDepth 10: %v", d)
	}
	if _, d := Parse("", []byte(deep), Options{MaxDepth: 9}); errString(d) != "1:10-1:11: arrays and objects nest more than 9 levels deep [NESTING_TOO_DEEP]" {
		t.Errorf("depth 10 with MaxDepth 9: %v", d)
	}
	if _, d := Parse("", []byte(`"abc"`), Options{MaxSize: 5}); len(d) != 0 {
		t.Errorf("5 bytes with MaxSize 5: %v", d)
	}
	if _, d := Parse("", []byte(`"abcd"`), Options{MaxSize: 5}); len(d) != 1 || d[0].Code != CodeTooLarge {
		t.Errorf("6 bytes with MaxSize 5: %v", d)
	}
	big := []byte(`"` + strings.Repeat("a", 2*DefaultMaxSize) + `"`)
	if _, d := Parse("", big, Options{MaxSize: -1}); len(d) != 0 {
		t.Errorf("2 MiB with no limit: %v", d)
	}
}

// A node is a Value without positions, for comparing trees.
type node struct {
	Kind    Kind
	Path    string
	Text    string
	Escaped bool
	Elems   []node
	Keys    []string
	Members []node
}

func toNode(v *Value) node {
	n := node{Kind: v.Kind, Path: v.Path, Text: v.Text, Escaped: v.Escaped}
	for _, e := range v.Elems {
		n.Elems = append(n.Elems, toNode(e))
	}
	for _, m := range v.Members {
		n.Keys = append(n.Keys, m.Key)
		n.Members = append(n.Members, toNode(m.Value))
	}
	return n
}

func TestParseValues(t *testing.T) {
	tests := []struct {
		src  string
		want node
	}{
		{`null`, node{Kind: Null, Text: "null"}},
		{` true `, node{Kind: Bool, Text: "true"}},
		{"\r\n\tfalse\n", node{Kind: Bool, Text: "false"}},
		{`-0.50e+007`, node{Kind: Number, Text: "-0.50e+007"}},
		{`12345678901234567890123`, node{Kind: Number, Text: "12345678901234567890123"}},
		{`1e400`, node{Kind: Number, Text: "1e400"}},
		{`""`, node{Kind: String, Text: ""}},
		{`"s3:GetObject"`, node{Kind: String, Text: "s3:GetObject"}},
		{`"s3:\u002a"`, node{Kind: String, Text: "s3:*", Escaped: true}},
		{`"\"\\\/\b\f\n\r\t\u00e9\uD83D\uDE00x"`, node{Kind: String, Text: "\"\\/\b\f\n\r\t\u00e9\U0001F600x", Escaped: true}},
		{`"é€😀"`, node{Kind: String, Text: "é€😀"}},
		{`"\u0000"`, node{Kind: String, Text: "\x00", Escaped: true}},
		{`[]`, node{Kind: Array}},
		{`{}`, node{Kind: Object}},
		{`[1, "a", [true]]`, node{Kind: Array, Elems: []node{
			{Kind: Number, Path: "/0", Text: "1"},
			{Kind: String, Path: "/1", Text: "a"},
			{Kind: Array, Path: "/2", Elems: []node{{Kind: Bool, Path: "/2/0", Text: "true"}}},
		}}},
		{`{"Effect": "Deny", "Effect": "Allow", "effect": null, "a/b~": {"": 1}}`, node{Kind: Object,
			Keys: []string{"Effect", "Effect", "effect", "a/b~"},
			Members: []node{
				{Kind: String, Path: "/Effect", Text: "Deny"},
				{Kind: String, Path: "/Effect", Text: "Allow"},
				{Kind: Null, Path: "/effect", Text: "null"},
				{Kind: Object, Path: "/a~1b~0", Keys: []string{""}, Members: []node{{Kind: Number, Path: "/a~1b~0/", Text: "1"}}},
			}}},
	}
	for _, tt := range tests {
		v, diags := Parse("f.json", []byte(tt.src), Options{})
		if len(diags) != 0 {
			t.Errorf("Parse(%q): %v", tt.src, diags)
			continue
		}
		if diff := cmp.Diff(tt.want, toNode(v)); diff != "" {
			t.Errorf("Parse(%q) (-want +got):\n%s", tt.src, diff)
		}
		checkPositions(t, "f.json", []byte(tt.src), v)
	}
}

func TestParseRanges(t *testing.T) {
	src := "{\n  \"Statement\": [\n    {\"Effect\": \"Allow\"}\n  ],\n  \"n\": -1.5\n}\n"
	v, diags := Parse("p.json", []byte(src), Options{})
	if len(diags) != 0 {
		t.Fatal(diags)
	}
	type span struct{ Path, Start, End string }
	var got []span
	var walk func(v *Value)
	walk = func(v *Value) {
		got = append(got, span{v.Path, v.Range.Start.String(), v.Range.End.String()})
		for _, e := range v.Elems {
			walk(e)
		}
		for _, m := range v.Members {
			got = append(got, span{"key " + m.Key, m.KeyRange.Start.String(), m.KeyRange.End.String()})
			walk(m.Value)
		}
	}
	walk(v)
	want := []span{
		{"", "1:1", "6:2"},
		{"key Statement", "2:3", "2:14"},
		{"/Statement", "2:16", "4:4"},
		{"/Statement/0", "3:5", "3:24"},
		{"key Effect", "3:6", "3:14"},
		{"/Statement/0/Effect", "3:16", "3:23"},
		{"key n", "5:3", "5:6"},
		{"/n", "5:8", "5:12"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("ranges (-want +got):\n%s", diff)
	}
}

// checkPositions verifies the invariants every parsed tree keeps: positions
// agree with diag.Lines, children lie inside their parent in order, and the
// source text of every value parses to an equal value.
func checkPositions(t *testing.T, file string, src []byte, root *Value) {
	t.Helper()
	lines := diag.NewLines(src)
	checkPos := func(what string, p diag.Pos) {
		if want := lines.Pos(p.Offset); p != want {
			t.Errorf("%s: position %+v, want %+v", what, p, want)
		}
	}
	var walk func(v *Value, parent diag.Range)
	walk = func(v *Value, parent diag.Range) {
		r := v.Range
		checkPos(v.Path+" start", r.Start)
		checkPos(v.Path+" end", r.End)
		if r.File != file || !parent.Contains(r) || r.Start.Offset >= r.End.Offset {
			t.Errorf("%s: range %v..%v not inside parent %v..%v", v.Path, r.Start, r.End, parent.Start, parent.End)
			return
		}
		sub, diags := Parse(file, src[r.Start.Offset:r.End.Offset], Options{MaxSize: -1})
		if len(diags) != 0 || !Equal(v, sub) {
			t.Errorf("%s: source text %q does not re-parse to the same value: %v", v.Path, src[r.Start.Offset:r.End.Offset], diags)
		}
		prev := r.Start.Offset
		for _, e := range v.Elems {
			if e.Range.Start.Offset <= prev {
				t.Errorf("%s: element out of order", e.Path)
			}
			prev = e.Range.End.Offset
			walk(e, r)
		}
		for _, m := range v.Members {
			checkPos(v.Path+" key start", m.KeyRange.Start)
			if m.KeyRange.Start.Offset <= prev || m.Value.Range.Start.Offset <= m.KeyRange.End.Offset {
				t.Errorf("%s: member %q out of order", v.Path, m.Key)
			}
			prev = m.Value.Range.End.Offset
			walk(m.Value, r)
		}
	}
	walk(root, diag.Range{File: file, End: diag.Pos{Offset: len(src)}})
}

// tokens returns the token sequence encoding/json sees in src, with numbers
// as their literal text.
func stdTokens(src []byte) ([]any, error) {
	dec := json.NewDecoder(bytes.NewReader(src))
	dec.UseNumber()
	var out []any
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return nil, err
		}
		if n, ok := tok.(json.Number); ok {
			tok = string(n)
		}
		if d, ok := tok.(json.Delim); ok {
			tok = string(d)
		}
		out = append(out, tok)
	}
}

// ourTokens returns the same token sequence from a parsed tree.
func ourTokens(v *Value, out []any) []any {
	switch v.Kind {
	case Null:
		return append(out, nil)
	case Bool:
		return append(out, v.Text == "true")
	case Number, String:
		return append(out, v.Text)
	case Array:
		out = append(out, "[")
		for _, e := range v.Elems {
			out = ourTokens(e, out)
		}
		return append(out, "]")
	}
	out = append(out, "{")
	for _, m := range v.Members {
		out = append(out, m.Key)
		out = ourTokens(m.Value, out)
	}
	return append(out, "}")
}

// documentedDifference reports whether src is valid for encoding/json but
// rejected by design here: invalid UTF-8, lone surrogate escapes, and nesting
// beyond DefaultMaxDepth.
func documentedDifference(src []byte, d diag.List) bool {
	if len(d) != 1 {
		return false
	}
	switch {
	case d[0].Code == CodeTooDeep:
		return true
	case strings.Contains(d[0].Message, "invalid UTF-8"):
		return !utf8.Valid(src)
	case strings.Contains(d[0].Message, "lone UTF-16 surrogate"):
		return true
	}
	return false
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{
		`{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:*"], "Resource": "*"}]}`,
		`[1, -0.5e10, true, false, null, "a\u00e9\n", {}, []]`,
		`{"a": {"b": [1, 2, {"c": "d"}]}, "a": 2}`,
		"\xef\xbb\xbf{}", `{"a": 1,}`, `["\ud800"]`, "[\"\xff\"]", `01`, `{} {}`, ` "x" `,
		strings.Repeat("[", 70) + strings.Repeat("]", 70),
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		v, diags := Parse("f", src, Options{})
		valid := json.Valid(src)
		if (v != nil) != (len(diags) == 0) || len(diags) > 1 {
			t.Fatalf("Parse returned value %v with %d diagnostics", v != nil, len(diags))
		}
		if v == nil {
			d := diags[0]
			if d.Range.Start.Offset < 0 || d.Range.End.Offset > len(src) || d.Range.Start.Offset > d.Range.End.Offset {
				t.Fatalf("diagnostic range %+v..%+v outside the %d-byte source", d.Range.Start, d.Range.End, len(src))
			}
			lines := diag.NewLines(src)
			if lp := lines.Pos(d.Range.Start.Offset); lp != d.Range.Start {
				t.Fatalf("diagnostic start %+v, want %+v", d.Range.Start, lp)
			}
			if lp := lines.Pos(d.Range.End.Offset); lp != d.Range.End {
				t.Fatalf("diagnostic end %+v, want %+v", d.Range.End, lp)
			}
			if valid && !documentedDifference(src, diags) {
				t.Fatalf("encoding/json accepts %q, we reject it: %v", src, diags)
			}
			return
		}
		if !valid {
			t.Fatalf("encoding/json rejects %q, we accept it", src)
		}
		want, err := stdTokens(src)
		if err != nil {
			t.Fatalf("encoding/json tokens: %v", err)
		}
		if diff := cmp.Diff(want, ourTokens(v, nil)); diff != "" {
			t.Fatalf("tokens differ from encoding/json (-want +got):\n%s", diff)
		}
		checkPositions(t, "f", src, v)
	})
}

func TestAppendQuote(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", `""`},
		{"s3:GetObject", `"s3:GetObject"`},
		{"a\"b\\c/d", `"a\"b\\c/d"`},
		{"\b\f\n\r\t\x00\x1f\x7f", `"\b\f\n\r\t\u0000\u001f\u007f"`},
		{"é€😀<>&", `"é€😀<>&"`},
		{"a\u00a0b\u00adc\u2028", `"a\u00a0b\u00adc\u2028"`},
		{"\U000E0001", `"\udb40\udc01"`},
		{"bad\xffutf8", `"bad\ufffdutf8"`},
	}
	for _, tt := range tests {
		got := string(AppendQuote(nil, tt.in))
		if got != tt.want {
			t.Errorf("AppendQuote(%q) = %s, want %s", tt.in, got, tt.want)
		}
		if !utf8.ValidString(tt.in) {
			continue
		}
		v, d := Parse("", []byte(got), Options{})
		if len(d) != 0 || v.Text != tt.in {
			t.Errorf("AppendQuote(%q) = %s does not parse back: %v", tt.in, got, d)
		}
	}
}

// TestParserReuse checks that a reused Parser gives the same trees as fresh
// parses, also after an error and after a larger document.
func TestParserReuse(t *testing.T) {
	docs := []string{
		`{"a": [1, 2, {"b": "c"}], "d": {"e": null}}`,
		`[` + strings.Repeat(`{"k": ["x", "y"]}, `, 500) + `0]`,
		`{"a": 1,}`,
		`{"x": [true]}`,
		`{"a": [1, 2, {"b": "c"}], "d": {"e": null}}`,
	}
	var ps Parser
	for _, d := range docs {
		want, wantDiags := Parse("f", []byte(d), Options{})
		got, gotDiags := ps.Parse("f", []byte(d), Options{})
		if diff := cmp.Diff(wantDiags, gotDiags); diff != "" {
			t.Errorf("diagnostics (-want +got):\n%s", diff)
		}
		if want == nil {
			continue
		}
		if diff := cmp.Diff(toNode(want), toNode(got)); diff != "" {
			t.Errorf("tree (-want +got):\n%s", diff)
		}
	}
}

// TestPlain checks Parser.Plain: true exactly when no string or member name
// uses an escape or a character outside ASCII.
func TestPlain(t *testing.T) {
	for _, tc := range []struct {
		doc   string
		plain bool
	}{
		{`{"a": ["b", 1, true, null, {"c": "d~/\u007f"}]}`, false}, // \u escape
		{`{"a": ["b", 1, true, null, {"c": "d~/` + "\x7f" + `"}]}`, true},
		{`{"a": "x\"y"}`, false},
		{`{"a\\b": 1}`, false},
		{`{"é": 1}`, false},
		{`["naïve"]`, false},
		{`[1, 2.5e3, "plain text, with punctuation: {}[]"]`, true},
		{`"` + strings.Repeat("abcdefgh", 5) + "é" + `"`, false},
		{`"` + strings.Repeat("abcdefgh", 5) + `"`, true},
	} {
		var ps Parser
		if _, d := ps.Parse("f", []byte(tc.doc), Options{}); d != nil {
			t.Fatalf("%s: %v", tc.doc, d)
		}
		if got := ps.Plain(); got != tc.plain {
			t.Errorf("Plain() after %s = %v, want %v", tc.doc, got, tc.plain)
		}
	}
}
