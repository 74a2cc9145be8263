package compare

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/leastpriv/leastpriv/eval"
	"github.com/leastpriv/leastpriv/iam"
	"github.com/leastpriv/leastpriv/internal/glob"
)

func TestResourceExprs(t *testing.T) {
	tests := []struct {
		pattern     string
		vars        bool
		over, under string // rendered; in-segment wildcards marked with '~'
	}{
		{"*", false, "*", "*"},
		{"arn:aws:s3:::b/*", false, "arn:aws:s3:::b/*", "arn:aws:s3:::b/*"},
		{"arn:aws:s3:::b/*/k", false, "arn:aws:s3:::b/~*/k", "arn:aws:s3:::b/~*/k"},
		{"arn:aws:iam::*:role/a?", false, "arn:aws:iam::*:role/a~?", "arn:aws:iam::*:role/a~?"},
		{"arn:aws:s3:::b/${aws:username}/*", true, "arn:aws:s3:::b/@${aws:username}/*", "arn:aws:s3:::b/@${aws:username}/*"},
		{"arn:aws:s3:::b/${aws:username}/*", false, "arn:aws:s3:::b/${aws:username}/*", "arn:aws:s3:::b/${aws:username}/*"},
		{"arn:aws:s3:::b/*${aws:username}", true, "arn:aws:s3:::b/*@${aws:username}", "arn:aws:s3:::b/~*@${aws:username}"},
		{"arn:aws:s3:::b/${*}", true, "arn:aws:s3:::b/*", "arn:aws:s3:::b/*"},
		{"arn:aws:s3:::b/${Team, 'x'}", true, "arn:aws:s3:::b/@${team, 'x'}", "arn:aws:s3:::b/@${team, 'x'}"},
	}
	render := func(e glob.Expr) string {
		var b strings.Builder
		for _, tk := range e {
			if tk.InSegment {
				b.WriteByte('~')
			}
			if tk.Kind == glob.Var {
				b.WriteByte('@')
			}
			b.WriteString(glob.Expr{tk}.String())
		}
		return b.String()
	}
	for _, tt := range tests {
		o, u := glob.ResourceExprs(tt.pattern, tt.vars)
		if diff := cmp.Diff([]string{tt.over, tt.under}, []string{render(o), render(u)}); diff != "" {
			t.Errorf("glob.ResourceExprs(%q, %v) (-want +got):\n%s", tt.pattern, tt.vars, diff)
		}
	}
	// "${" without a closing part stays literal.
	if o, _ := glob.ResourceExprs("a${b", true); render(o) != "a${b" {
		t.Errorf("unclosed variable: %q", render(o))
	}
}

// FuzzResourceDialect checks the Resource dialect against the engine: a
// resource the engine matches is in the pattern's language, and one the
// language holds the engine matches (without policy variables, over and
// under are the exact language).
func FuzzResourceDialect(f *testing.F) {
	f.Add("arn:aws:s3:::b/*", "arn:aws:s3:::b/x:y")
	f.Add("arn:aws:*:*:1:*b", "arn:aws:s3:x:1:ab")
	f.Add("arn:a?:s3:::*/k", "arn:ab:s3:::x:y/k")
	f.Fuzz(func(t *testing.T, pattern, resource string) {
		const alphabet = "ab:*?/"
		mapTo := func(s, alpha string) string {
			var b strings.Builder
			for i := 0; i < len(s) && i < 12; i++ {
				b.WriteByte(alpha[int(s[i])%len(alpha)])
			}
			return b.String()
		}
		p := "arn:" + mapTo(pattern, alphabet)
		r := "arn:" + mapTo(resource, "ab:/x")
		if _, err := eval.ParseARN(r); err != nil {
			return
		}
		doc, _ := json.Marshal(map[string]any{"Statement": []any{map[string]any{"Effect": "Allow", "Action": "foo:Bar", "Resource": p}}})
		pol, diags := iam.Parse("p.json", doc, iam.ParseOptions{Type: iam.Identity})
		if diags.HasErrors() {
			t.Skip()
		}
		cp, _ := eval.Compile(pol, "p.json")
		res, err := eval.Decide(&eval.Set{Identity: []*eval.Policy{cp}}, &eval.Request{Action: "foo:Bar",
			Principal: eval.Principal{ARN: "arn:aws:iam::111122223333:user/u"}, Resource: r, ResourceAccount: "111122223333"})
		if err != nil {
			return
		}
		o, u := glob.ResourceExprs(p, false)
		inO, inU := matchesExpr(o, r), matchesExpr(u, r)
		if allowed := res.Decision == eval.Allow; allowed != inO || allowed != inU {
			t.Fatalf("pattern %q, resource %q: engine allows %v, over holds it %v, under %v", p, r, allowed, inO, inU)
		}
	})
}

// FuzzConditionValues checks the value languages of the string, ARN and
// Bool operators against the engine: a request value passes a positive
// condition exactly when it is in the condition's language.
func FuzzConditionValues(f *testing.F) {
	f.Add(uint8(0), "a*", "ab")
	f.Add(uint8(2), "arn:a:b:*:1:x*", "arn:a:b:c:d:1:xy")
	f.Add(uint8(3), "AB", "ab")
	f.Fuzz(func(t *testing.T, op uint8, value, request string) {
		ops := []string{"StringLike", "StringEquals", "ArnLike", "StringEqualsIgnoreCase", "ArnEquals", "Bool"}
		name := ops[int(op)%len(ops)]
		mapTo := func(s, alpha string) string {
			var b strings.Builder
			for i := 0; i < len(s) && i < 14; i++ {
				b.WriteByte(alpha[int(s[i])%len(alpha)])
			}
			return b.String()
		}
		v := mapTo(value, "aAb:*?1")
		r := mapTo(request, "aAb:1x*")
		if name == "Bool" {
			v, r = []string{"true", "false", "TRUE"}[len(value)%3], []string{"true", "false", "True", "x"}[len(request)%4]
		}
		doc, _ := json.Marshal(map[string]any{"Version": "2012-10-17", "Statement": []any{map[string]any{"Effect": "Allow", "Action": "foo:Bar", "Resource": "*",
			"Condition": map[string]any{name: map[string]any{"k:v": v}}}}})
		pol, diags := iam.Parse("p.json", doc, iam.ParseOptions{Type: iam.Identity})
		if diags.HasErrors() {
			t.Skip()
		}
		cp, _ := eval.Compile(pol, "p.json")
		if cp == nil {
			t.Skip()
		}
		res, err := eval.Decide(&eval.Set{Identity: []*eval.Policy{cp}}, &eval.Request{Action: "foo:Bar",
			Principal: eval.Principal{ARN: "arn:aws:iam::111122223333:user/u"}, Resource: "*", Context: map[string][]string{"k:v": {r}}})
		if err != nil {
			return
		}
		c := compileConds(pol.Statements[0].Condition, true)[0]
		opts := glob.Options{Sep: ':'}
		if c.kind == kFold || c.kind == kBool {
			opts = glob.Options{Fold: true}
		}
		ans, _ := glob.Included(glob.Union(glob.LiteralExpr(r)), []glob.Lang{c.lang}, opts)
		if allowed := res.Decision == eval.Allow; allowed != (ans == glob.Yes) {
			t.Fatalf("%s %q, request value %q: engine allows %v, language holds it %v", name, v, r, allowed, ans)
		}
	})
}

func TestARNService(t *testing.T) {
	tests := []struct {
		pattern string
		svc     string
		ok      bool
	}{
		{"arn:aws:s3:::b/*", "s3", true},
		{"arn:a?s:s3:::b", "s3", true},      // '?' stays in the partition
		{"arn:*:s3:::b/*", "", false},       // a '*' ending a segment crosses colons
		{"arn:aws:s3*:::b", "", false},      // wildcard in the service
		{"arn:aws:${aws:x}:::b", "", false}, // a variable may hold colons
		{"*", "", false},
		{"arn:aws", noService, true}, // literal, no service component
	}
	for _, tt := range tests {
		o, _ := glob.ResourceExprs(tt.pattern, true)
		if svc, ok := arnService(o); svc != tt.svc || ok != tt.ok {
			t.Errorf("arnService(%q) = %q, %v; want %q, %v", tt.pattern, svc, ok, tt.svc, tt.ok)
		}
	}
	// ARN formats of the catalog: placeholders in the partition stay there.
	if svc, ok := arnService(glob.ARNFormatExprs("arn:${Partition}:s3:::${BucketName}/${ObjectName}", glob.Sound)[0]); svc != "s3" || !ok {
		t.Errorf("format: %q, %v", svc, ok)
	}
	if _, ok := arnService(glob.LiteralExpr("*")); !ok {
		t.Error(`the resource "*" has no service component`)
	}
}

// TestMayMeet: dropping expressions by service never changes whether two
// unions intersect.
func TestMayMeet(t *testing.T) {
	pats := []string{"arn:aws:s3:::b/*", "arn:*:s3:::b/*", "arn:aws:sqs:*:1:q", "*", "arn:aws:iam::*:role/*", "arn:aws:s3:::*"}
	formats := []glob.Expr{glob.ARNFormatExprs("arn:${Partition}:s3:::${BucketName}/${ObjectName}", glob.Sound)[0], glob.ARNFormatExprs("arn:${Partition}:sqs:${Region}:${Account}:${QueueName}", glob.Sound)[0],
		glob.LiteralExpr("*"), glob.ARNFormatExprs("arn:${Partition}:ec2:${Region}:${Account}:instance/${InstanceId}", glob.Sound)[0]}
	for i := range 1 << len(pats) {
		for j := range 1 << len(formats) {
			var a, b glob.Lang
			for k, p := range pats {
				if i&(1<<k) != 0 {
					o, _ := glob.ResourceExprs(p, false)
					a.Exprs = append(a.Exprs, o)
				}
			}
			for k, f := range formats {
				if j&(1<<k) != 0 {
					b.Exprs = append(b.Exprs, f)
				}
			}
			want, _ := glob.IntersectsLang(a, b, resOpts)
			a2, b2 := mayMeet(a, exprServices(a), b, exprServices(b))
			got, _ := glob.IntersectsLang(a2, b2, resOpts)
			if got != want {
				t.Fatalf("%v and %v: intersect %v, after mayMeet %v", a.Exprs, b.Exprs, want, got)
			}
		}
	}
}
