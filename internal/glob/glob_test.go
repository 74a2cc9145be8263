package glob

import (
	"github.com/leastpriv/leastpriv/internal/ascii"
	"strings"
	"testing"
	"unicode/utf8"
)

// ref is a deliberately simple recursive matcher over runes, used as the
// oracle for the compiled matcher.
func ref(p, s []rune, fold bool) bool {
	if len(p) == 0 {
		return len(s) == 0
	}
	switch p[0] {
	case '*':
		for i := 0; i <= len(s); i++ {
			if ref(p[1:], s[i:], fold) {
				return true
			}
		}
		return false
	case '?':
		return len(s) > 0 && ref(p[1:], s[1:], fold)
	}
	if len(s) == 0 {
		return false
	}
	a, b := p[0], s[0]
	if fold && a < utf8.RuneSelf && b < utf8.RuneSelf {
		a, b = rune(ascii.Lower(byte(a))), rune(ascii.Lower(byte(b)))
	}
	return a == b && ref(p[1:], s[1:], fold)
}

func TestMatch(t *testing.T) {
	tests := []struct {
		pattern, s string
		fold, want bool
	}{
		{"s3:GetObject", "s3:GetObject", false, true},
		{"s3:GetObject", "S3:getobject", false, false},
		{"s3:GetObject", "S3:getobject", true, true},
		{"s3:Get*", "s3:GetObject", true, true},
		{"s3:Get*", "s3:Get", true, true},
		{"s3:Get*", "s3:Put", true, false},
		{"*", "", false, true},
		{"", "", false, true},
		{"", "a", false, false},
		{"iam:*AccessKey*", "iam:CreateAccessKey", true, true},
		{"iam:*AccessKey*", "iam:ListAccessKeys", true, true},
		{"iam:*AccessKey*", "iam:CreateRole", true, false},
		{"s3:?etObject", "s3:GetObject", false, true},
		{"s3:?etObject", "s3:etObject", false, false},
		{"a?c", "aéc", false, true},
		{"ab*ba", "aba", false, false},
		{"ab*ba", "abba", false, true},
		{"*a*a*a*a*b", strings.Repeat("a", 10000), false, false},
		{"arn:aws:s3:::B/*/test/*", "arn:aws:s3:::B/1/2/test/3/object.jpg", false, true},
		{"arn:aws:s3:::B/*/test/*", "arn:aws:s3:::B//test/object.jpg", false, true},
		{"arn:aws:s3:::B/*/test/*", "arn:aws:s3:::B/1-test/object.jpg", false, false},
		{"arn:aws:s3:::B/*/test/*", "arn:aws:s3:::B/test/object.jpg", false, false},
		{"K", "\u212a", true, false}, // Kelvin sign is not an ASCII K
	}
	for _, tt := range tests {
		if got := Compile(tt.pattern, tt.fold).Match(tt.s); got != tt.want {
			t.Errorf("Compile(%q, %v).Match(%q) = %v, want %v", tt.pattern, tt.fold, tt.s, got, tt.want)
		}
		if len(tt.s) > 100 {
			continue // the reference is exponential on adversarial input
		}
		if got := ref([]rune(tt.pattern), []rune(tt.s), tt.fold); got != tt.want {
			t.Errorf("reference disagrees on %q %q: %v", tt.pattern, tt.s, got)
		}
	}
}

func FuzzMatch(f *testing.F) {
	f.Add("a*b?c", "axxbyc", false)
	f.Add("*?*", "é", true)
	f.Add("S3:*", "s3:get", true)
	f.Fuzz(func(t *testing.T, p, s string, fold bool) {
		if len(p) > 64 || len(s) > 64 || !utf8.ValidString(p) || !utf8.ValidString(s) {
			return
		}
		got := Compile(p, fold).Match(s)
		want := ref([]rune(p), []rune(s), fold)
		if got != want {
			t.Fatalf("Match(%q, %q, fold=%v) = %v, reference says %v", p, s, fold, got, want)
		}
	})
}

func BenchmarkAdversarial(b *testing.B) {
	p := Compile("*a*a*a*a*a*b", false)
	s := strings.Repeat("a", 10<<10)
	for b.Loop() {
		p.Match(s)
	}
}

func TestIntersects(t *testing.T) {
	tests := []struct {
		p, q string
		want bool
	}{
		{"arn:aws:s3:::b/*", "arn:*:s3:::*/*", true},
		{"arn:aws:s3:::b", "arn:*:s3:::*/*", false},
		// As plain globs these intersect ("arn:aws:s3:::ec2:r:a:instance/x"
		// matches both); ARN-aware comparison splits components first.
		{"arn:aws:s3:::*", "arn:*:ec2:*:*:instance/*", true},
		{"arn:aws:s3:::*", "arn:aws:ec2:*", false},
		{"*", "anything", true},
		{"a*", "*b", true},
		{"a?c", "abc", true},
		{"a?c", "ac", false},
		{"", "", true},
		{"", "*", true},
		{"", "?", false},
		{"arn:aws:lambda:*:*:function:acme-*", "arn:*:lambda:*:*:function:*", true},
		{"arn:aws:lambda:*:*:function:acme-*", "arn:*:lambda:*:*:layer:*", true}, // '*' may cross ':' and '/'
		{"x*y*z", "*q*", true},
		{"abc", "abd", false},
	}
	for _, tt := range tests {
		if got := Intersects(tt.p, tt.q, false); got != tt.want {
			t.Errorf("Intersects(%q, %q) = %v, want %v", tt.p, tt.q, got, tt.want)
		}
		if got := Intersects(tt.q, tt.p, false); got != tt.want {
			t.Errorf("Intersects(%q, %q) = %v, want %v (symmetry)", tt.q, tt.p, got, tt.want)
		}
	}
}

// FuzzIntersects checks Intersects against brute force: when a concrete
// string built from p's literal skeleton matches q, the patterns intersect;
// and a claimed intersection is never contradicted by a string that matches
// both being impossible to find among small candidates when both patterns are
// star-free.
func FuzzIntersects(f *testing.F) {
	f.Add("a*b", "?b", "ab")
	f.Fuzz(func(t *testing.T, p, q, s string) {
		if len(p) > 20 || len(q) > 20 || len(s) > 20 {
			return
		}
		got := Intersects(p, q, false)
		if Match(p, s) && Match(q, s) && !got {
			t.Fatalf("%q matches both %q and %q, but Intersects says no", s, p, q)
		}
		if !strings.ContainsAny(p+q, "*?") {
			if want := p == q; got != want {
				t.Fatalf("Intersects(%q, %q) = %v for literals", p, q, got)
			}
		}
	})
}

func TestFromTemplate(t *testing.T) {
	tests := map[string]string{
		"arn:${Partition}:s3:::${BucketName}/${ObjectName}": "arn:*:s3:::*/*",
		"arn:aws:s3:::b":                 "arn:aws:s3:::b",
		"arn:aws:s3:::${aws:username}/x": "arn:aws:s3:::*/x",
		"arn:aws:s3:::${unclosed":        "arn:aws:s3:::${unclosed",
	}
	for in, want := range tests {
		if got := FromTemplate(in); got != want {
			t.Errorf("FromTemplate(%q) = %q, want %q", in, got, want)
		}
	}
}
