package policyvar

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestSplit(t *testing.T) {
	tests := []struct {
		in   string
		vars bool
		want []Part
	}{
		{"arn:aws:s3:::b/${aws:username}/*", true, []Part{
			{Kind: Glob, Text: "arn:aws:s3:::b/"},
			{Kind: Variable, Text: "aws:username", Key: "aws:username"},
			{Kind: Glob, Text: "/*"},
		}},
		{"arn:aws:s3:::b/${aws:username}/*", false, []Part{{Kind: Glob, Text: "arn:aws:s3:::b/${aws:username}/*"}}},
		{"${aws:PrincipalTag/team, 'company-wide'}", true, []Part{
			{Kind: Variable, Text: "aws:PrincipalTag/team", Key: "aws:principaltag/team", Default: "company-wide", HasDefault: true},
		}},
		{"${aws:x, 'a}b'}", true, []Part{{Kind: Variable, Text: "aws:x", Key: "aws:x", Default: "a}b", HasDefault: true}}},
		{"a${*}b${?}${$}", true, []Part{
			{Kind: Glob, Text: "a"}, {Kind: Escape, Text: "*"}, {Kind: Glob, Text: "b"}, {Kind: Escape, Text: "?"}, {Kind: Escape, Text: "$"},
		}},
		// Malformed variables are literal text.
		{"x${aws:username", true, []Part{{Kind: Glob, Text: "x${aws:username"}}},
		{"${}", true, []Part{{Kind: Glob, Text: "${}"}}},
		{"${a, default}", true, []Part{{Kind: Glob, Text: "${a, default}"}}},
		{"${a b}", true, []Part{{Kind: Glob, Text: "${a b}"}}},
	}
	for _, tt := range tests {
		got := Split(tt.in, tt.vars)
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("Split(%q, %v) (-want +got):\n%s", tt.in, tt.vars, diff)
		}
	}
	if !HasVariable(Split("${aws:username}", true)) || HasVariable(Split("${*}", true)) {
		t.Error("HasVariable wrong")
	}
}

// FuzzSplit: splitting never panics, and the glob and escape parts appear
// in the input in order.
func FuzzSplit(f *testing.F) {
	f.Add("arn:aws:s3:::b/${aws:username, 'x'}/${*}")
	f.Fuzz(func(t *testing.T, s string) {
		rest := s
		for _, p := range Split(s, true) {
			text := p.Text
			if p.Kind == Escape {
				text = "${" + p.Text + "}"
			}
			if p.Kind == Variable {
				continue
			}
			i := indexOf(rest, text)
			if i < 0 {
				t.Fatalf("part %q not found in order in %q", text, s)
			}
			rest = rest[i+len(text):]
		}
	})
}

func indexOf(s, sub string) int {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return i
		}
	}
	return -1
}
