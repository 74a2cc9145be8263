package extract

import (
	"math/rand/v2"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// The expressions the scanners of scan.go replace.
var (
	dollarBraceRE = regexp.MustCompile(`\$\{([^{}"\n]*)\}`)
	dollarNameRE  = regexp.MustCompile(`\$([A-Za-z_][A-Za-z0-9_]*)`)
	angleRE       = regexp.MustCompile(`<([A-Za-z][A-Za-z0-9 _.:/-]{0,48})>`)
	mustacheRE    = regexp.MustCompile(`\{\{[^{}\n]{1,64}\}\}`)
	iamVarRE      = regexp.MustCompile(`^(?:[a-z0-9.-]+:[A-Za-z][A-Za-z0-9/_.:-]*|[*?$])(?:, '[^']*')?$`)
	exampleAcctRE = regexp.MustCompile(`\b(111122223333|123456789012|444455556666|777788889999)\b`)
)

// scanText returns random text made of the pieces placeholders are made of,
// so that near misses are frequent: unclosed braces, long runs, quotes,
// line feeds, account IDs next to word characters.
func scanText(r *rand.Rand) string {
	pieces := []string{"$", "{", "}", "${", "}}", "{{", "<", ">", "a", "Z", "_", "0", "9", " ", "\n", `"`, "'", ":", "/", ".", "-", ",",
		"aws:username", "MY_PREFIX", "bucket-name", ", '", "*", "?", "é", "111122223333", "123456789012", "444455556666",
		"777788889999", "12345678901", "x", "\xff", "\xe2\x82", strings.Repeat("a", 47), strings.Repeat("b", 48), strings.Repeat("c", 63), strings.Repeat("d", 64)}
	var b strings.Builder
	for n := r.IntN(30); n > 0; n-- {
		b.WriteString(pieces[r.IntN(len(pieces))])
	}
	return b.String()
}

// TestScanners compares each scanner with the expression it replaces, on
// 150,000 random texts and on hand-picked ones.
func TestScanners(t *testing.T) {
	scanners := []struct {
		name string
		re   *regexp.Regexp
		scan func([]byte) [][2]int
	}{
		{"dollarBraces", dollarBraceRE, dollarBraces},
		{"dollarNames", dollarNameRE, dollarNames},
		{"angles", angleRE, angles},
		{"mustaches", mustacheRE, mustaches},
		{"exampleAccounts", exampleAcctRE, exampleAccounts},
	}
	texts := []string{"", "${}", "${a}${b}", "${${x}", "$${x}", "${\"x}", "${x\n}", "$a$b_c9$_ $9", "<a>", "<a<b>", "<" + strings.Repeat("a", 49) + ">",
		"<" + strings.Repeat("a", 50) + ">", "{{x}}", "{{}}", "{{{x}}}", "{{" + strings.Repeat("x", 64) + "}}", "{{" + strings.Repeat("x", 65) + "}}",
		"{{x}", "111122223333", "a111122223333", "1111222233334", "_123456789012 444455556666-777788889999"}
	r := rand.New(rand.NewPCG(9, 10))
	for range 150_000 {
		texts = append(texts, scanText(r))
	}
	for _, text := range texts {
		b := []byte(text)
		for _, sc := range scanners {
			var want [][2]int
			for _, m := range sc.re.FindAllIndex(b, -1) {
				want = append(want, [2]int{m[0], m[1]})
			}
			if got := sc.scan(b); !slices.Equal(got, want) {
				t.Fatalf("%s(%q) = %v, want %v", sc.name, text, got, want)
			}
		}
		for _, m := range dollarBraceRE.FindAllSubmatchIndex(b, -1) {
			inner := text[m[2]:m[3]]
			if got, want := isIAMVariable(inner), iamVarRE.MatchString(inner); got != want {
				t.Fatalf("isIAMVariable(%q) = %v, want %v", inner, got, want)
			}
		}
	}
	for _, v := range []string{"aws:username", "aws:PrincipalTag/team", "saml:sub", "*", "?", "$", "aws:TagKeys, 'none'", "aws:x, ''", "aws:x, 'a'b'",
		"aws:x,'a'", "AWS:x", "aws:", ":x", "aws:9x", "a.b-c:D/e_f.g:h-i", "**", "*, 'x'", "aws:x, 'y', 'z'", "MY_PREFIX", ""} {
		if got, want := isIAMVariable(v), iamVarRE.MatchString(v); got != want {
			t.Errorf("isIAMVariable(%q) = %v, want %v", v, got, want)
		}
	}
}
