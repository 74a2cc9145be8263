package iamrules

import (
	"testing"

	"github.com/leastpriv/leastpriv/internal/corpus"
)

// refCountChars is the plain definition of countChars: one pass over the
// bytes, tracking strings.
func refCountChars(src []byte, whitespace, bytes bool) int {
	n := 0
	inString := false
	for i := 0; i < len(src); i++ {
		c := src[i]
		switch {
		case inString:
			if c == '\\' && i+1 < len(src) {
				n++
				i++
				c = src[i]
			} else if c == '"' {
				inString = false
			}
		case c == '"':
			inString = true
		case !whitespace && (c == ' ' || c == '\t' || c == '\n' || c == '\r'):
			continue
		}
		if bytes || c&0xC0 != 0x80 {
			n++
		}
	}
	return n
}

// TestCountChars compares countChars with its plain definition on edge cases
// and on every managed policy, in each counting mode.
func TestCountChars(t *testing.T) {
	docs := [][]byte{
		[]byte(``), []byte(` `), []byte(`{}`), []byte(`{ "a" : "b c" }`),
		[]byte("{\n\t\"k\": \"J\u00fcrgen \\\" x\",\r\n \"q\": \"\\\\\", \"r\": 1 }"),
		[]byte(`{"unterminated": "a b`), []byte(`"\\\\\"" " "`), []byte(`{"a":"\"" , "b" : "\\" }`),
	}
	if !testing.Short() {
		for _, p := range corpus.Managed(t) {
			docs = append(docs, p.Doc)
		}
	}
	for _, d := range docs {
		for _, ws := range []bool{false, true} {
			for _, b := range []bool{false, true} {
				if got, want := countChars(d, ws, b), refCountChars(d, ws, b); got != want {
					t.Errorf("countChars(%.60q, whitespace=%v, bytes=%v) = %d, want %d", d, ws, b, got, want)
				}
			}
		}
	}
}
