package eval

import (
	"math/big"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
)

func TestGlob(t *testing.T) {
	tests := []struct {
		pat, s string
		want   bool
	}{
		{"*", "", true},
		{"*", "anything:at/all", true},
		{"a*", "a", true},
		{"a*c", "abbbc", true},
		{"a*c", "abbb", false},
		{"a?c", "abc", true},
		{"a?c", "ac", false},
		{"a?c", "aéc", true},
		{"*a*a*a*b", strings.Repeat("a", 5000), false},
		{"home/*/x", "home/a/b/x", true},
		{"", "", true},
		{"", "a", false},
		{"abc", "ABC", false},
		{"*.txt", "a.txt.bak", false},
		{"?*", "", false},
		{"*?", "x", true},
	}
	for _, tt := range tests {
		p := compileGlobString(tt.pat)
		if got := p.match(tt.s); got != tt.want {
			t.Errorf("glob %q match %q = %v, want %v", tt.pat, tt.s, got, tt.want)
		}
	}
}

// TestThreeWildcardRules pins the three different '*' rules of IAM on the
// documented example.
func TestThreeWildcardRules(t *testing.T) {
	pat := "arn:aws:someservice:*:111122223333:finance/*"
	val := "arn:aws:someservice:us-east-2:999999999999:store/abc:111122223333:finance/document.txt"
	glob := compileGlobString(pat)
	if !glob.match(val) {
		t.Error("StringLike: want match (a '*' matches colons)")
	}
	ap := compileArnPattern(globTokens(pat))
	if ap.match(val) {
		t.Error("ArnLike: want no match (the six components are matched separately)")
	}
	rp := compileResource(pat, true)
	if !rp.match(val, nil) {
		t.Error("Resource: want match (a segment-final '*' may cross colons)")
	}
}

func TestResourcePattern(t *testing.T) {
	tests := []struct {
		pat, res string
		want     bool
	}{
		{"*", "*", true},
		{"*", "arn:aws:s3:::b", true},
		{"arn:aws:s3:::*", "*", false},
		{"arn:aws:s3:::b/*", "arn:aws:s3:::b/k/l", true},
		{"arn:aws:s3:::b/*", "arn:aws:s3:::b", false},
		{"arn:aws:s3:::b/*/test/*", "arn:aws:s3:::b//test/object.jpg", true},
		{"arn:aws:s3:::b/*/test/*", "arn:aws:s3:::b/1/test/", true},
		{"arn:aws:s3:::b/*/test/*", "arn:aws:s3:::b/test/object.jpg", false},
		{"arn:aws:s3:::b/*/test/*", "arn:aws:s3:::b/1/2/test.jpg", false},
		{"arn:aws:ec2:*", "arn:aws:ec2:us-east-1:1:instance/i", true},
		{"arn:aws:ec2:*:*:instance/*", "arn:aws:ec2:us-east-1:1:instance/i", true},
		{"arn:aws:ec2:*:*:instance/*", "arn:aws:ec2:us-east-1:1:volume/v", false},
		{"arn:aws:logs:r:1:log-group:*-prod", "arn:aws:logs:r:1:log-group:a:b-prod", false},
		{"arn:aws:logs:r:1:log-group:*-prod", "arn:aws:logs:r:1:log-group:ab-prod", true},
		{"arn:aws:logs:r:1:log-group:g:*", "arn:aws:logs:r:1:log-group:g:log-stream:s", true},
		{"arn:aws:s3:::b?", "arn:aws:s3:::b:", false},
		{"arn:aws:iam::1:user/b?b", "arn:aws:iam::1:user/bob", true},
		{"arn:aws:s3:::b/k", "arn:aws:s3:::b/K", false},
		{"arn:aws:s3:::b/${*}", "arn:aws:s3:::b/*", true},
		{"arn:aws:s3:::b/${*}", "arn:aws:s3:::b/x", false},
	}
	for _, tt := range tests {
		rp := compileResource(tt.pat, true)
		if got := rp.match(tt.res, mapLookup(nil)); got != tt.want {
			t.Errorf("resource %q vs %q = %v, want %v", tt.pat, tt.res, got, tt.want)
		}
	}
}

type mapLookup map[string][]string

func (m mapLookup) values(k string) ([]string, bool) { v, ok := m[k]; return v, ok }

func TestTemplate(t *testing.T) {
	l := mapLookup{"aws:username": {"al*ce"}, "aws:tagkeys": {"a", "b"}}
	tests := []struct {
		in      string
		vars    bool
		want    string
		ok      bool
		hasVars bool
	}{
		{"plain", true, "plain", true, false},
		{"a/${aws:username}/b", true, "a/al*ce/b", true, true},
		{"a/${AWS:UserName}", true, "a/al*ce", true, true},
		{"a/${aws:username}", false, "a/${aws:username}", true, false},
		{"${aws:missing, 'def'}", true, "def", true, true},
		{"${aws:missing,'d,e}f'}", true, "d,e}f", true, true},
		{"${aws:missing}", true, "", false, true},
		{"${aws:TagKeys}", true, "", false, true},
		{"${*}${?}${$}", true, "*?$", true, false},
		{"${unterminated", true, "${unterminated", true, false},
		{"${}", true, "${}", true, false},
		{"${a b}", true, "${a b}", true, false},
		{"x${*", true, "x${*", true, false},
	}
	for _, tt := range tests {
		tp := parseTemplate(tt.in, tt.vars)
		got, ok := tp.literal(l)
		if got != tt.want || ok != tt.ok || tp.hasVars != tt.hasVars {
			t.Errorf("template %q (vars %v) = %q, %v, hasVars %v; want %q, %v, %v", tt.in, tt.vars, got, ok, tp.hasVars, tt.want, tt.ok, tt.hasVars)
		}
	}
	// Substituted text is literal: al*ce does not match "alice".
	rp := compileResource("arn:aws:s3:::b/${aws:username}", true)
	if rp.match("arn:aws:s3:::b/alice", l) || !rp.match("arn:aws:s3:::b/al*ce", l) {
		t.Error("a substituted value must be matched literally")
	}
}

func TestParseARN(t *testing.T) {
	tests := []struct {
		in   string
		want ARN
		err  string
	}{
		{"arn:aws:s3:::b/k", ARN{"aws", "s3", "", "", "b/k"}, ""},
		{"arn:aws:logs:r:1:log-group:a:b", ARN{"aws", "logs", "r", "1", "log-group:a:b"}, ""},
		{"arn:aws-cn:iam::1:role/x", ARN{"aws-cn", "iam", "", "1", "role/x"}, ""},
		{"arn:aws:s3:::", ARN{}, "empty resource"},
		{"arn::s3:::b", ARN{}, "empty partition"},
		{"arn:aws::::b", ARN{}, "empty service"},
		{"arn:aws:s3", ARN{}, "want arn:partition"},
		{"urn:aws:s3:::b", ARN{}, "does not start"},
		{"", ARN{}, "does not start"},
	}
	for _, tt := range tests {
		got, err := ParseARN(tt.in)
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("ParseARN(%q) error = %v, want %q", tt.in, err, tt.err)
			}
			continue
		}
		if err != nil {
			t.Errorf("ParseARN(%q): %v", tt.in, err)
			continue
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("ParseARN(%q) (-want +got):\n%s", tt.in, diff)
		}
		if got.String() != tt.in {
			t.Errorf("ParseARN(%q).String() = %q", tt.in, got.String())
		}
	}
}

func TestParseValues(t *testing.T) {
	for _, s := range []string{"10", "-1.50", ".5", "5.", "+3", "007"} {
		if _, err := parseDecimal(s); err != nil {
			t.Errorf("parseDecimal(%q): %v", s, err)
		}
	}
	for _, s := range []string{"", "-", ".", "1e3", "0x10", "ten", "NaN", "1.2.3", " 1"} {
		if _, err := parseDecimal(s); err == nil {
			t.Errorf("parseDecimal(%q): want error", s)
		}
	}
	cmps := []struct {
		a, b string
		want int
	}{{"10", "9", 1}, {"-0", "0", 0}, {"1.50", "1.5", 0}, {"-2", "-10", 1}, {"12345678901234567890", "12345678901234567891", -1}, {"0.1", "0.09", 1}}
	for _, c := range cmps {
		a, _ := parseDecimal(c.a)
		b, _ := parseDecimal(c.b)
		if got := a.cmp(b); got != c.want {
			t.Errorf("cmp(%s, %s) = %d, want %d", c.a, c.b, got, c.want)
		}
	}
	dates := map[string]time.Time{
		"2020-04-01T00:00:00Z":      time.Date(2020, 4, 1, 0, 0, 0, 0, time.UTC),
		"2020-04-01T02:00:00+02:00": time.Date(2020, 4, 1, 0, 0, 0, 0, time.UTC),
		"2020-04-01":                time.Date(2020, 4, 1, 0, 0, 0, 0, time.UTC),
		"2020-04-01T00:00:00.5Z":    time.Date(2020, 4, 1, 0, 0, 0, 5e8, time.UTC),
		"1585699200":                time.Date(2020, 4, 1, 0, 0, 0, 0, time.UTC),
	}
	for s, want := range dates {
		got, err := parseDate(s)
		if err != nil || !got.Equal(want) {
			t.Errorf("parseDate(%q) = %v, %v; want %v", s, got, err, want)
		}
	}
	for _, s := range []string{"", "yesterday", "2020-13-01", "2020-04-01T25:00:00Z", "1.5"} {
		if _, err := parseDate(s); err == nil {
			t.Errorf("parseDate(%q): want error", s)
		}
	}
	cidrs := map[string]string{"203.0.113.0/24": "203.0.113.0/24", "203.0.113.7": "203.0.113.7/32", "2001:DB8::/32": "2001:db8::/32", "::1": "::1/128", "10.1.2.3/8": "10.0.0.0/8"}
	for s, want := range cidrs {
		got, err := parseCIDR(s)
		if err != nil || got.String() != want {
			t.Errorf("parseCIDR(%q) = %v, %v; want %s", s, got, err, want)
		}
	}
	for _, s := range []string{"", "10.0.0.0/33", "300.1.1.1", "fe80::1%eth0", "1.2.3.4/", "x"} {
		if _, err := parseCIDR(s); err == nil {
			t.Errorf("parseCIDR(%q): want error", s)
		}
	}
}

func FuzzParseARN(f *testing.F) {
	for _, s := range []string{"arn:aws:s3:::b/k", "arn:aws:logs:r:1:log-group:a:b", "arn:::::", "arn:aws:s3"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		a, err := ParseARN(s)
		if err != nil {
			return
		}
		if a.String() != s {
			t.Fatalf("round trip: %q -> %q", s, a.String())
		}
		parts, ok := splitARN(s)
		if !ok || parts[5] != a.Resource || parts[2] != a.Service {
			t.Fatalf("splitARN disagrees with ParseARN on %q", s)
		}
	})
}

func FuzzDecimal(f *testing.F) {
	for _, s := range []string{"10", "-1.5", ".5", "007.100", "1e3"} {
		f.Add(s, "3")
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		da, errA := parseDecimal(a)
		db, errB := parseDecimal(b)
		if errA != nil || errB != nil {
			return
		}
		ra, ok1 := new(big.Rat).SetString(strings.TrimPrefix(fixDot(a), "+"))
		rb, ok2 := new(big.Rat).SetString(strings.TrimPrefix(fixDot(b), "+"))
		if !ok1 || !ok2 {
			t.Fatalf("big.Rat rejects %q or %q that parseDecimal accepts", a, b)
		}
		if got, want := da.cmp(db), ra.Cmp(rb); got != want {
			t.Fatalf("cmp(%q, %q) = %d, big.Rat says %d", a, b, got, want)
		}
	})
}

// fixDot makes ".5" and "5." acceptable to big.Rat.
func fixDot(s string) string {
	sign := ""
	if strings.HasPrefix(s, "-") || strings.HasPrefix(s, "+") {
		sign, s = s[:1], s[1:]
	}
	if strings.HasPrefix(s, ".") {
		s = "0" + s
	}
	s = strings.TrimSuffix(s, ".")
	return sign + s
}

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2020-04-01T00:00:00Z", "1585699200", "2020-04-01", "-5", "2020-04-01T00:00Z"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := parseDate(s)
		if err != nil {
			return
		}
		if d.IsZero() && s != "0001-01-01" && !strings.HasPrefix(s, "0001-01-01T00:00") {
			// The zero time is reachable only from that date.
			if isInteger(s) {
				return
			}
			t.Fatalf("parseDate(%q) = zero time", s)
		}
	})
}

func FuzzParseCIDR(f *testing.F) {
	for _, s := range []string{"203.0.113.0/24", "2001:db8::/32", "1.2.3.4", "::ffff:1.2.3.4/120"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := parseCIDR(s)
		if err != nil {
			return
		}
		if !p.IsValid() || p.Masked() != p {
			t.Fatalf("parseCIDR(%q) = %v, not a valid masked prefix", s, p)
		}
		if !p.Contains(p.Addr()) {
			t.Fatalf("parseCIDR(%q) = %v does not contain its own address", s, p)
		}
	})
}

func FuzzTemplate(f *testing.F) {
	for _, s := range []string{"a/${aws:username}/b", "${aws:x, 'd'}", "${*}${?}${$}", "${", "${}", "${a,'b'", "x${aws:y}y${*}"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		l := mapLookup{}
		tp := parseTemplate(s, true)
		plain := parseTemplate(s, false)
		if got, ok := plain.literal(l); !ok || got != s {
			t.Fatalf("without variables, template %q = %q", s, got)
		}
		// Rebuilding the source from the parts gives the input back.
		var b strings.Builder
		for _, p := range tp.parts {
			switch p.kind {
			case 'g':
				b.WriteString(p.text)
			case 'x':
				b.WriteString("${" + p.text + "}")
			case 'v':
				b.WriteString("<var>")
			}
		}
		if !tp.hasVars && b.String() != s && !strings.Contains(s, "${") {
			t.Fatalf("template %q rebuilt as %q", s, b.String())
		}
		_, _ = tp.tokens(l)
	})
}

// FuzzResourceMatch checks the compiled Resource matcher against the
// reference matcher.
func FuzzResourceMatch(f *testing.F) {
	f.Add("arn:aws:s3:::b/*", "arn:aws:s3:::b/k")
	f.Add("arn:aws:ec2:*", "arn:aws:ec2:r:1:instance/i")
	f.Add("a*:b?:*c", "ax:by:zc:d")
	f.Add("*:*", "a::b")
	f.Fuzz(func(t *testing.T, pat, res string) {
		if !utf8.ValidString(pat) || !utf8.ValidString(res) || len(pat) > 64 || len(res) > 64 {
			return
		}
		rp := compileResource(pat, false)
		got := rp.match(res, nil)
		p := []rune(pat)
		want := refSegMatch(p, make([]bool, len(p)), []rune(res))
		if got != want {
			t.Fatalf("resource %q vs %q: engine %v, reference %v", pat, res, got, want)
		}
	})
}

// FuzzGlob checks the compiled glob against the reference matcher.
func FuzzGlob(f *testing.F) {
	f.Add("a*b?c", "axxbyc")
	f.Add("*a*a*", "aaaa")
	f.Add("?é*", "xé")
	f.Fuzz(func(t *testing.T, pat, s string) {
		if !utf8.ValidString(pat) || !utf8.ValidString(s) || len(pat) > 64 || len(s) > 64 {
			return
		}
		p := []rune(pat)
		want := refGlob(p, make([]bool, len(p)), []rune(s), 0)
		if g := compileGlobString(pat); g.match(s) != want {
			t.Fatalf("glob %q vs %q: engine %v, reference %v", pat, s, !want, want)
		}
	})
}
