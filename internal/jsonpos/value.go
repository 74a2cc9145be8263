// Package jsonpos is a small, strict JSON parser that keeps the position of
// every value, in the manner of HCL's json package.
//
// [Parse] accepts exactly RFC 8259 JSON: one value, then only whitespace up to
// the end. It rejects comments, trailing commas, single quotes, NaN and
// Infinity, leading zeros, raw control characters in strings, invalid UTF-8,
// lone UTF-16 surrogate escapes and a leading byte order mark, and it bounds
// the nesting depth and the document size. Its tree keeps what
// encoding/json throws away: object members in document order with
// duplicates, the literal text of numbers, whether a string used escapes, and
// for every value a [diag.Range] and a JSON Pointer (RFC 6901).
//
// Errors are [diag.Diagnostic] values with the codes [CodeSyntax],
// [CodeTooDeep] or [CodeTooLarge]; the parser stops at the first one.
//
// Other front ends (a YAML reader, a Terraform plan reader) may build
// [Value] trees themselves, with whatever positions they know, and hand them
// to consumers such as iam.ParseValue: every field is exported and a tree
// needs nothing but Kind, Text, Elems / Members, Range and Path filled in.
package jsonpos

import (
	"strconv"
	"strings"

	"github.com/leastpriv/leastpriv/diag"
)

// Kind is the JSON type of a [Value].
type Kind uint8

// The kinds. The zero value is not a valid kind.
const (
	Null Kind = iota + 1
	Bool
	Number
	String
	Array
	Object
)

var kindNames = [...]string{"", "null", "boolean", "number", "string", "array", "object"}

// String returns the lower-case name used in messages ("boolean", "object").
func (k Kind) String() string {
	if int(k) < len(kindNames) && k != 0 {
		return kindNames[k]
	}
	return "invalid"
}

// A Value is one JSON value and its position.
type Value struct {
	Kind  Kind
	Range diag.Range // the value's source text (for strings, including the quotes)
	Path  string     // JSON Pointer from the document root; "" for the root

	// Text is the scalar's text: the decoded string, the number literal
	// exactly as written, "true" / "false", or "null". It is empty for arrays
	// and objects.
	Text string
	// Escaped reports that a string was written with escape sequences, so
	// that Text differs from the source between the quotes.
	Escaped bool

	Elems   []*Value // array elements, in order
	Members []Member // object members, in document order, duplicates kept
}

// A Member is one "key": value pair of an object.
type Member struct {
	Key        string     // decoded
	KeyRange   diag.Range // the quoted key
	KeyEscaped bool       // the key was written with escape sequences
	Value      *Value
}

// Get returns the value of the first member of object v named key (compared
// exactly), or nil when there is none or v is not an object.
func (v *Value) Get(key string) *Value {
	if v == nil || v.Kind != Object {
		return nil
	}
	for i := range v.Members {
		if v.Members[i].Key == key {
			return v.Members[i].Value
		}
	}
	return nil
}

// Describe names v for messages: "string", "number 12", "object", ...
// Scalars other than strings include their text.
func (v *Value) Describe() string {
	switch v.Kind {
	case Number, Bool:
		return v.Kind.String() + " " + v.Text
	case Null:
		return "null"
	}
	return v.Kind.String()
}

// Equal reports whether a and b hold the same JSON value, written the same
// way: same kinds, same decoded strings, same number literals, same member
// keys in the same order. Positions, paths and escaping are ignored.
func Equal(a, b *Value) bool {
	if a == nil || b == nil {
		return a == b
	}
	if a.Kind != b.Kind || a.Text != b.Text || len(a.Elems) != len(b.Elems) || len(a.Members) != len(b.Members) {
		return false
	}
	for i := range a.Elems {
		if !Equal(a.Elems[i], b.Elems[i]) {
			return false
		}
	}
	for i := range a.Members {
		if a.Members[i].Key != b.Members[i].Key || !Equal(a.Members[i].Value, b.Members[i].Value) {
			return false
		}
	}
	return true
}

// Pointer returns the JSON Pointer of member key of the value at parent,
// escaping '~' and '/' as RFC 6901 requires.
func Pointer(parent, key string) string {
	if strings.IndexByte(key, '~') < 0 && strings.IndexByte(key, '/') < 0 {
		return parent + "/" + key
	}
	return parent + "/" + pointerEscaper.Replace(key)
}

var pointerEscaper = strings.NewReplacer("~", "~0", "/", "~1")

// IndexPointer returns the JSON Pointer of element i of the array at parent.
func IndexPointer(parent string, i int) string {
	return parent + "/" + strconv.Itoa(i)
}
