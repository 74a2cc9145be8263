package glob

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestContains(t *testing.T) {
	tests := []struct {
		p, q string
		fold bool
		want bool
	}{
		{"*", "anything", false, true},
		{"*", "*", false, true},
		{"arn:aws:s3:::*", "arn:aws:s3:::p-*", false, true},
		{"arn:aws:s3:::p-*", "arn:aws:s3:::*", false, false},
		{"a*", "a", false, true},
		{"a*", "ab*", false, true},
		{"ab*", "a*", false, false},
		{"a?c", "abc", false, true},
		{"a?c", "a??c", false, false},
		{"*a*", "*a*a*", false, true},
		{"*a*a*", "*a*", false, false},
		{"*", "", false, true},
		{"", "", false, true},
		{"", "*", false, false},
		{"?*", "*?", false, true},
		{"*?", "?*", false, true},
		{"??", "?", false, false},
		{"a*b*c", "a*c", false, false},
		{"a*c", "a*b*c", false, true},
		{"s3:get*", "S3:GetObject", true, true},
		{"s3:get*", "S3:GetObject", false, false},
		{"S3:*", "s3:Get*", true, true},
		{"*:*", "*", false, false},
		{"*", "*:*", false, true},
		{"a*", "*", false, false},
		{"*x", "*", false, false},
		{"a*a", "a", false, false},
		{"a*a", "aa*", false, false},
		{"a*a", "a*aa", false, true},
	}
	for _, tt := range tests {
		if got := Contains(tt.p, tt.q, tt.fold); got != tt.want {
			t.Errorf("Contains(%q, %q, fold=%v) = %v, want %v", tt.p, tt.q, tt.fold, got, tt.want)
		}
	}
}

// seg builds an Expr in the Resource-element dialect: '*' and '?' stay in
// a ':'-separated segment, except a '*' that ends a segment.
func seg(s string) Expr {
	var e Expr
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '*':
			final := i == len(s)-1 || s[i+1] == ':'
			e = append(e, Token{Kind: AnyRun, InSegment: !final})
		case '?':
			e = append(e, Token{Kind: AnyChar, InSegment: true})
		case '$':
			j := strings.IndexByte(s[i:], '}')
			e = append(e, Token{Kind: Var, Text: s[i+2 : i+j]})
			i += j
		default:
			e = append(e, Token{Kind: Literal, Text: s[i : i+1]})
		}
	}
	return e
}

func TestIncluded(t *testing.T) {
	segs := Options{Sep: ':'}
	tests := []struct {
		name    string
		a       Lang
		in      []Lang
		o       Options
		want    Answer
		witness string
	}{
		{"segment star within segment", Union(seg("a*b")), []Lang{Union(seg("a*"))}, segs, Yes, ""},
		{"segment star does not cross", Union(seg("a*")), []Lang{Union(seg("a*b:c"))}, segs, No, "a"},
		{"in-segment star misses colons", Union(seg("*")), []Lang{Union(seg("*b"))}, segs, No, ""},
		{"final star crosses", Union(seg("x:y:z")), []Lang{Union(seg("x:*"))}, segs, Yes, ""},
		{"middle star crosses too", Union(seg("arn:aws:iam::1:2:role/r")), []Lang{Union(seg("arn:aws:iam::*:role/r"))}, segs, Yes, ""},
		{"question mark not a colon", Union(seg("a:b")), []Lang{Union(seg("a?b"))}, segs, No, "a:b"},
		{"union needed", Union(seg("a*")), []Lang{Union(seg("a"), seg("a?*"))}, Options{}, Yes, ""},
		{"union not enough", Union(seg("a*")), []Lang{Union(seg("ab*"), seg("a"))}, Options{}, No, "ax"},
		{"difference", Union(ParseExpr("b/*")), []Lang{Union(ParseExpr("b/public/*")), {Exprs: []Expr{ParseExpr("b/public/*")}, Not: true}}, Options{}, Yes, ""},
		{"complement left", Lang{Exprs: []Expr{ParseExpr("a*")}, Not: true}, []Lang{Union(ParseExpr("b*"))}, Options{}, No, ""},
		{"complement covered", Lang{Exprs: []Expr{ParseExpr("a*")}, Not: true}, []Lang{Union(ParseExpr("?*")), Union(ParseExpr(""))}, Options{}, Yes, ""},
		{"everything", Everything, []Lang{Union(ParseExpr("*"))}, Options{}, Yes, ""},
		{"empty left", Lang{}, nil, Options{}, Yes, ""},
		{"nothing right", Union(ParseExpr("")), nil, Options{}, No, ""},
		{"var same", Union(seg("b/${u}/*")), []Lang{Union(seg("b/${u}/*"))}, segs, Yes, ""},
		{"var other", Union(seg("b/${u}/*")), []Lang{Union(seg("b/${v}/*"))}, segs, No, "b/${u}/"},
		{"var under final star", Union(seg("b/${u}")), []Lang{Union(seg("b/*"))}, segs, Yes, ""},
		{"var not under segment star", Union(seg("b/${u}x")), []Lang{Union(seg("b/*x"))}, segs, No, "b/${u}x"},
		{"var not under ?", Union(seg("${u}")), []Lang{Union(seg("?"))}, segs, No, "${u}"},
		{"literal not under var", Union(seg("b/x")), []Lang{Union(seg("b/${u}"))}, segs, No, "b/x"},
		{"fold", Union(ParseExpr("S3:GETOBJECT")), []Lang{Union(ParseExpr("s3:get*"))}, Options{Fold: true}, Yes, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, w := Included(tt.a, tt.in, tt.o)
			if got != tt.want {
				t.Fatalf("Included = %v (witness %q), want %v", got, w, tt.want)
			}
			if tt.witness != "" && w != tt.witness {
				t.Errorf("witness = %q, want %q", w, tt.witness)
			}
			if got == No && !strings.Contains(tt.name, "var") {
				checkWitness(t, tt.a, tt.in, tt.o, w)
			}
		})
	}
}

func TestIntersectsLang(t *testing.T) {
	tests := []struct {
		a, b string
		want Answer
	}{
		{"a*", "*b", Yes},
		{"a*", "b*", No},
		{"arn:aws:s3:::*", "arn:*:s3:::*/*", Yes},
		{"a?", "a", No},
	}
	for _, tt := range tests {
		got, w := IntersectsLang(Union(ParseExpr(tt.a)), Union(ParseExpr(tt.b)), Options{})
		if got != tt.want {
			t.Errorf("IntersectsLang(%q, %q) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
		if got == Yes && (!Match(tt.a, w) || !Match(tt.b, w)) {
			t.Errorf("IntersectsLang(%q, %q): witness %q is not in both", tt.a, tt.b, w)
		}
		if old := Intersects(tt.a, tt.b, false); old != (got == Yes) {
			t.Errorf("Intersects(%q, %q) = %v, disagrees with IntersectsLang", tt.a, tt.b, old)
		}
	}
}

func TestIncludedBound(t *testing.T) {
	// Tracking the last n characters after a star needs 2^n states.
	q := "*a" + strings.Repeat("?", 14)
	p := "*b" + strings.Repeat("?", 14)
	got, _ := Included(Union(ParseExpr(q)), []Lang{Union(ParseExpr(p))}, Options{MaxStates: 100})
	if got != Unknown {
		t.Errorf("Included beyond the bound = %v, want unknown", got)
	}
	if Contains(p, q, false) {
		t.Errorf("Contains(%q, %q) = true, want false", p, q)
	}
}

func TestExprString(t *testing.T) {
	e := Expr{{Kind: Literal, Text: "b/"}, {Kind: Var, Text: "aws:username"}, {Kind: Literal, Text: "/"}, {Kind: AnyRun, InSegment: true}, {Kind: AnyChar}}
	if diff := cmp.Diff("b/${aws:username}/*?", e.String()); diff != "" {
		t.Errorf("String (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(Expr{{Kind: Literal, Text: "a"}, {Kind: AnyRun}, {Kind: AnyChar}, {Kind: Literal, Text: "b"}}, ParseExpr("a*?b")); diff != "" {
		t.Errorf("ParseExpr (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(Expr{{Kind: Literal, Text: "a*?"}}, LiteralExpr("a*?")); diff != "" {
		t.Errorf("LiteralExpr (-want +got):\n%s", diff)
	}
}

// refMatch is a plain backtracking matcher of an Expr without Vars, the
// reference for the automaton.
func refMatch(e Expr, s string, o Options) bool {
	var toks []Token
	for _, t := range e {
		if t.Kind == Literal {
			for _, r := range t.Text {
				toks = append(toks, Token{Kind: Literal, Text: string(r)})
			}
			continue
		}
		toks = append(toks, t)
	}
	rs := []rune(s)
	var rec func(i, j int) bool
	rec = func(i, j int) bool {
		if i == len(toks) {
			return j == len(rs)
		}
		t := toks[i]
		okChar := func(r rune) bool { return !(t.InSegment && o.Sep != 0 && r == o.Sep) }
		switch t.Kind {
		case Literal:
			if j < len(rs) && fold(rs[j], o.Fold) == fold([]rune(t.Text)[0], o.Fold) {
				return rec(i+1, j+1)
			}
			return false
		case AnyChar:
			return j < len(rs) && okChar(rs[j]) && rec(i+1, j+1)
		case AnyRun:
			for k := j; ; k++ {
				if rec(i+1, k) {
					return true
				}
				if k == len(rs) || !okChar(rs[k]) {
					return false
				}
			}
		}
		return false
	}
	return rec(0, 0)
}

func inLang(l Lang, s string, o Options) bool {
	m := false
	for _, e := range l.Exprs {
		if refMatch(e, s, o) {
			m = true
			break
		}
	}
	return m != l.Not
}

func checkWitness(t *testing.T, a Lang, in []Lang, o Options, w string) {
	t.Helper()
	if !inLang(a, w, o) {
		t.Errorf("witness %q is not in the left language", w)
	}
	for _, b := range in {
		if inLang(b, w, o) {
			t.Errorf("witness %q is in a right language", w)
		}
	}
}

// fuzzAlphabet maps fuzz bytes to a small alphabet so that brute force
// over short strings means something.
func fuzzPattern(b string, alphabet string) string {
	var out strings.Builder
	for i := 0; i < len(b) && i < 6; i++ {
		out.WriteByte(alphabet[int(b[i])%len(alphabet)])
	}
	return out.String()
}

// strs calls fn for every string over alphabet of length at most n.
func strs(alphabet []rune, n int, fn func(string) bool) bool {
	buf := make([]rune, 0, n)
	var rec func() bool
	rec = func() bool {
		if !fn(string(buf)) {
			return false
		}
		if len(buf) == n {
			return true
		}
		for _, r := range alphabet {
			buf = append(buf, r)
			if !rec() {
				return false
			}
			buf = buf[:len(buf)-1]
		}
		return true
	}
	return rec()
}

func FuzzContains(f *testing.F) {
	f.Add("a*", "ab*", false)
	f.Add("*a*", "*a*a*", false)
	f.Add("?*", "*?", true)
	f.Add("a*b", "A?b", true)
	f.Add("", "*", false)
	f.Fuzz(func(t *testing.T, pb, qb string, fold bool) {
		p := fuzzPattern(pb, "ab*?A")
		q := fuzzPattern(qb, "ab*?A")
		ans, w := Included(Union(ParseExpr(q)), []Lang{Union(ParseExpr(p))}, Options{Fold: fold})
		match := Match
		if fold {
			match = MatchFold
		}
		switch ans {
		case Unknown:
			t.Fatalf("Included(%q ⊆ %q) undecided", q, p)
		case No:
			if !match(q, w) || match(p, w) {
				t.Fatalf("Included(%q ⊆ %q) = no with witness %q, which is not a counterexample", q, p, w)
			}
		case Yes:
			// Brute force over short strings: 4^8 of them at most.
			strs([]rune("abAx"), min(len(p)+len(q)+1, 8), func(s string) bool {
				if match(q, s) && !match(p, s) {
					t.Fatalf("Included(%q ⊆ %q) = yes, but %q matches only %q", q, p, s, q)
				}
				return true
			})
		}
	})
}

// FuzzIncludedSegments checks the segment dialect and unions against the
// backtracking reference.
func FuzzIncludedSegments(f *testing.F) {
	f.Add("a*", "a:*", "*b", false)
	f.Add("a*:b", "a?", "**", true)
	f.Fuzz(func(t *testing.T, ab, bb, cb string, not bool) {
		o := Options{Sep: ':'}
		a := Union(seg(fuzzPattern(ab, "a:*?")))
		in := []Lang{Union(seg(fuzzPattern(bb, "a:*?")), seg(fuzzPattern(cb, "a:*?")))}
		in[0].Not = not
		ans, w := Included(a, in, o)
		switch ans {
		case Unknown:
			t.Fatalf("undecided")
		case No:
			checkWitness(t, a, in, o, w)
		case Yes:
			n := len(ab) + len(bb) + len(cb) + 1
			if n > 8 {
				n = 8
			}
			strs([]rune("a:x"), n, func(s string) bool {
				if inLang(a, s, o) && !inLang(in[0], s, o) {
					t.Fatalf("Included = yes, but %q is a counterexample", s)
				}
				return true
			})
		}
	})
}

func BenchmarkContains(b *testing.B) {
	for b.Loop() {
		Contains("arn:aws:s3:::*", "arn:aws:s3:::p-*/logs/*", false)
	}
}

// FuzzIntersectsLang checks the product search of IntersectsLang against the
// subset construction of Included.
func FuzzIntersectsLang(f *testing.F) {
	f.Add("a*", "*:a", false)
	f.Add("a?:*", "a*", true)
	f.Fuzz(func(t *testing.T, ab, bb string, fold bool) {
		o := Options{Sep: ':', Fold: fold}
		a := Union(seg(fuzzPattern(ab, "aA:*?")))
		b := Union(seg(fuzzPattern(bb, "aA:*?")))
		got, w := IntersectsLang(a, b, o)
		in, _ := Included(a, []Lang{{Exprs: b.Exprs, Not: true}}, o)
		if want := map[Answer]Answer{Yes: No, No: Yes}[in]; got != want {
			t.Fatalf("IntersectsLang(%v, %v) = %v, complement inclusion says %v", a.Exprs[0], b.Exprs[0], got, want)
		}
		if got == Yes && (!inLang(a, w, o) || !inLang(b, w, o)) {
			t.Fatalf("witness %q is not in both %v and %v", w, a.Exprs[0], b.Exprs[0])
		}
	})
}
