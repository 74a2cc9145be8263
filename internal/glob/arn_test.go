package glob

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestARNFormatExprs(t *testing.T) {
	seg := Token{Kind: AnyRun, InSegment: true}
	any := Token{Kind: AnyRun}
	lit := func(s string) Token { return Token{Kind: Literal, Text: s} }
	tests := []struct {
		format         string
		precise, sound []Expr
	}{
		// A volume ID holds no colon; in the sound reading it may.
		{"arn:${Partition}:ec2:${Region}:${Account}:volume/${VolumeId}",
			[]Expr{{lit("arn:"), seg, lit(":ec2:"), seg, lit(":"), seg, lit(":volume/"), seg}},
			[]Expr{{lit("arn:"), seg, lit(":ec2:"), seg, lit(":"), seg, lit(":volume/"), any}}},
		// S3 object keys may hold any text; bucket names no colon.
		{"arn:${Partition}:s3:::${BucketName}/${ObjectName}",
			[]Expr{{lit("arn:"), seg, lit(":s3:::"), seg, lit("/"), any}},
			[]Expr{{lit("arn:"), seg, lit(":s3:::"), any, lit("/"), any}}},
		// A function is named with or without a qualifier.
		{"arn:${Partition}:lambda:${Region}:${Account}:function:${FunctionName}",
			[]Expr{{lit("arn:"), seg, lit(":lambda:"), seg, lit(":"), seg, lit(":function:"), seg},
				{lit("arn:"), seg, lit(":lambda:"), seg, lit(":"), seg, lit(":function:"), seg, lit(":"), seg}},
			[]Expr{{lit("arn:"), seg, lit(":lambda:"), seg, lit(":"), seg, lit(":function:"), any}}},
		// IAM names a log group NAME:* (a literal star).
		{"arn:${Partition}:logs:${Region}:${Account}:log-group:${LogGroupName}",
			[]Expr{{lit("arn:"), seg, lit(":logs:"), seg, lit(":"), seg, lit(":log-group:"), seg},
				{lit("arn:"), seg, lit(":logs:"), seg, lit(":"), seg, lit(":log-group:"), seg, lit(":*")}},
			[]Expr{{lit("arn:"), seg, lit(":logs:"), seg, lit(":"), seg, lit(":log-group:"), any}}},
		// A placeholder's name is looked up in the format's own service:
		// ObjectName of MediaStore is not an S3 key.
		{"arn:${Partition}:mediastore:${Region}:${Account}:container/${ContainerName}/${ObjectPath}",
			[]Expr{{lit("arn:"), seg, lit(":mediastore:"), seg, lit(":"), seg, lit(":container/"), seg, lit("/"), seg}},
			[]Expr{{lit("arn:"), seg, lit(":mediastore:"), seg, lit(":"), seg, lit(":container/"), any, lit("/"), any}}},
		// A '*' of a format is an unnamed placeholder.
		{"arn:${Partition}:amplifybackend:${Region}:${Account}:/backend/${AppId}/api/*",
			[]Expr{{lit("arn:"), seg, lit(":amplifybackend:"), seg, lit(":"), seg, lit(":/backend/"), seg, lit("/api/"), seg}},
			[]Expr{{lit("arn:"), seg, lit(":amplifybackend:"), seg, lit(":"), seg, lit(":/backend/"), any, lit("/api/"), any}}},
		{"*", []Expr{{seg}}, []Expr{{seg}}},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.precise, ARNFormatExprs(tt.format, Precise)); diff != "" {
			t.Errorf("%s, precise (-want +got):\n%s", tt.format, diff)
		}
		if diff := cmp.Diff(tt.sound, ARNFormatExprs(tt.format, Sound)); diff != "" {
			t.Errorf("%s, sound (-want +got):\n%s", tt.format, diff)
		}
	}
}

// TestARNReadings: the precise reading is within the sound one, and a
// name with a colon where AWS documents none is in the sound one only.
func TestARNReadings(t *testing.T) {
	o := Options{Sep: ':'}
	formats := []string{"arn:${Partition}:ec2:${Region}:${Account}:volume/${VolumeId}", "arn:${Partition}:s3:::${BucketName}/${ObjectName}",
		"arn:${Partition}:lambda:${Region}:${Account}:function:${FunctionName}", "arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}"}
	for _, f := range formats {
		p, s := ARNFormatLang([]string{f}, Precise), ARNFormatLang([]string{f}, Sound)
		if ans, w := Included(p, []Lang{s}, o); ans != Yes {
			t.Errorf("%s: precise reading not within the sound one: %v %q", f, ans, w)
		}
	}
	tests := []struct {
		format, name   string
		precise, sound bool
	}{
		{formats[0], "arn:aws:ec2:us-east-1:111122223333:volume/vol-1", true, true},
		{formats[0], "arn:aws:ec2:us-east-1:111122223333:volume/x:instance/y", false, true},
		{formats[0], "arn:aws:ec2:us-east-1:111122223333:extra:volume/vol-1", false, false}, // the account holds no colon
		{formats[1], "arn:aws:s3:::b/x:y", true, true},
		{formats[1], "arn:aws:s3:::b:x/y", false, true},
		{formats[2], "arn:aws:lambda:us-east-1:111122223333:function:f:prod", true, true},
		{formats[2], "arn:aws:lambda:us-east-1:111122223333:function:f:1:2", false, true},
		{formats[3], "arn:aws:iam::111122223333:role/p:q/r", true, true},
	}
	for _, tt := range tests {
		for _, c := range []struct {
			r    ARNReading
			want bool
		}{{Precise, tt.precise}, {Sound, tt.sound}} {
			ans, _ := Included(Union(LiteralExpr(tt.name)), []Lang{ARNFormatLang([]string{tt.format}, c.r)}, o)
			if got := ans == Yes; got != c.want {
				t.Errorf("%s in the %v reading of %s: %v, want %v", tt.name, c.r, tt.format, got, c.want)
			}
		}
	}
}

func TestFormExpr(t *testing.T) {
	seg := Token{Kind: AnyRun, InSegment: true}
	tests := []struct {
		form string
		want Expr
	}{
		{"*:*", Expr{seg, {Kind: Literal, Text: ":"}, seg}},
		{"**", Expr{{Kind: AnyRun}}},
		{`*:\*`, Expr{seg, {Kind: Literal, Text: ":*"}}},
		{"aws:cloudtrail", Expr{{Kind: Literal, Text: "aws:cloudtrail"}}},
		{"arn:**", Expr{{Kind: Literal, Text: "arn:"}, {Kind: AnyRun}}},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, formExpr(tt.form)); diff != "" {
			t.Errorf("formExpr(%q) (-want +got):\n%s", tt.form, diff)
		}
	}
}

// TestAbsorbVars: a Lang with AbsorbVars meets an expression with a
// variable when some value of the variable makes them meet (checked by
// substituting every short value); the product search of IntersectsLang
// and the subset construction of Included agree.
func TestAbsorbVars(t *testing.T) {
	o := Options{Sep: ':'}
	r := rand.New(rand.NewPCG(7, 11))
	alphabet := []string{"a", "b", ":", "ab", "a:"}
	randExpr := func(vars bool) Expr {
		var e Expr
		n := 1 + r.IntN(5)
		usedVar := false
		for range n {
			switch k := r.IntN(6); {
			case k == 0:
				e = append(e, Token{Kind: AnyRun, InSegment: r.IntN(2) == 0})
			case k == 1:
				e = append(e, Token{Kind: AnyChar, InSegment: true})
			case k == 2 && vars && !usedVar:
				e = append(e, Token{Kind: Var, Text: "v"})
				usedVar = true
			default:
				e = append(e, Token{Kind: Literal, Text: alphabet[r.IntN(len(alphabet))]})
			}
		}
		return e
	}
	// values are the variable's values tried by substitution.
	var values []string
	absorbed := 0
	strs([]rune("ab:"), 3, func(s string) bool { values = append(values, s); return true })
	for i := range 3000 {
		x, y := randExpr(true), randExpr(false)
		a, b := Union(x), Lang{Exprs: []Expr{y}, AbsorbVars: true}
		got, w := IntersectsLang(a, b, o)
		if in, _ := Included(a, []Lang{{Exprs: b.Exprs, Not: true, AbsorbVars: true}}, o); (in == No) != (got == Yes) {
			t.Fatalf("case %d: %v and %v: IntersectsLang %v (%q), Included in the complement %v", i, x, y, got, w, in)
		}
		// By substitution: the variable occurs at most once in x.
		want := false
		for _, v := range values {
			sx := Expr{}
			for _, tok := range x {
				if tok.Kind == Var {
					tok = Token{Kind: Literal, Text: v}
				}
				sx = append(sx, tok)
			}
			if ans, _ := IntersectsLang(Union(sx), Union(y), o); ans == Yes {
				want = true
				break
			}
		}
		if !strings.Contains(x.String(), "${") {
			if want != (got == Yes) {
				t.Fatalf("case %d: %v and %v: %v, want %v", i, x, y, got, want)
			}
			continue
		}
		// With a variable, substitution by short values can only find
		// fewer meetings than any value could.
		if want && got != Yes {
			t.Fatalf("case %d: %v and %v meet with a value of the variable, IntersectsLang says %v", i, x, y, got)
		}
		if want {
			if plain, _ := IntersectsLang(a, Union(y), o); plain == No {
				absorbed++ // only absorption finds it
			}
		}
	}
	if absorbed < 50 {
		t.Errorf("only %d cases need the absorption of a variable: the generator no longer exercises it", absorbed)
	}
}
