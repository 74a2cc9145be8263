package iam

import (
	"fmt"
	"go/ast"
	goparser "go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/leastpriv/leastpriv/diag"
	"github.com/leastpriv/leastpriv/internal/jsonpos"
)

func TestParseOperator(t *testing.T) {
	tests := []struct {
		name string
		want Operator
		code string // error code, or "" for success
	}{
		{"StringEquals", Operator{Base: "StringEquals", Family: StringFamily}, ""},
		{"StringNotLikeIfExists", Operator{Base: "StringNotLike", Family: StringFamily, IfExists: true, Negated: true}, ""},
		{"ForAnyValue:StringEqualsIgnoreCase", Operator{Base: "StringEqualsIgnoreCase", Family: StringFamily, Qualifier: ForAnyValue}, ""},
		{"ForAllValues:StringNotEqualsIfExists", Operator{Base: "StringNotEquals", Family: StringFamily, Qualifier: ForAllValues, IfExists: true, Negated: true}, ""},
		{"NumericLessThanEquals", Operator{Base: "NumericLessThanEquals", Family: NumericFamily}, ""},
		{"NumericNotEquals", Operator{Base: "NumericNotEquals", Family: NumericFamily, Negated: true}, ""},
		{"DateGreaterThan", Operator{Base: "DateGreaterThan", Family: DateFamily}, ""},
		{"BoolIfExists", Operator{Base: "Bool", Family: BoolFamily, IfExists: true}, ""},
		{"BinaryEquals", Operator{Base: "BinaryEquals", Family: BinaryFamily}, ""},
		{"NotIpAddress", Operator{Base: "NotIpAddress", Family: IPFamily, Negated: true}, ""},
		{"ArnLike", Operator{Base: "ArnLike", Family: ARNFamily}, ""},
		{"ArnNotEqualsIfExists", Operator{Base: "ArnNotEquals", Family: ARNFamily, IfExists: true, Negated: true}, ""},
		{"Null", Operator{Base: "Null", Family: NullFamily}, ""},
		{"NullIfExists", Operator{}, CodeNullIfExists},
		{"stringequals", Operator{}, CodeInvalidOperator},
		{"StringEqual", Operator{}, CodeInvalidOperator},
		{"ForAllValue:StringEquals", Operator{}, CodeInvalidOperator},
		{"ForAnyValue:", Operator{}, CodeInvalidOperator},
		{"IfExists", Operator{}, CodeInvalidOperator},
		{"", Operator{}, CodeInvalidOperator},
		{"StringEqualsIfExistsIfExists", Operator{}, CodeInvalidOperator},
	}
	for _, tt := range tests {
		got, err := ParseOperator(tt.name)
		if tt.code != "" {
			oe, ok := err.(*OperatorError)
			if !ok || oe.Code != tt.code {
				t.Errorf("ParseOperator(%q): error %v, want code %s", tt.name, err, tt.code)
			}
			continue
		}
		tt.want.Name = tt.name
		if err != nil {
			t.Errorf("ParseOperator(%q): %v", tt.name, err)
			continue
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("ParseOperator(%q) (-want +got):\n%s", tt.name, diff)
		}
	}
}

// TestCodes checks the code table: every Code constant of codes.go is listed
// once, and every code the bad-input table produces is documented.
func TestCodes(t *testing.T) {
	listed := map[string]bool{}
	for _, c := range Codes {
		if listed[c.Code] {
			t.Errorf("code %s listed twice", c.Code)
		}
		listed[c.Code] = true
		if c.Summary == "" {
			t.Errorf("code %s has no summary", c.Code)
		}
	}
	f, err := goparser.ParseFile(token.NewFileSet(), "codes.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, decl := range f.Decls {
		gd, ok := decl.(*ast.GenDecl)
		if !ok || gd.Tok != token.CONST {
			continue
		}
		for _, spec := range gd.Specs {
			vs := spec.(*ast.ValueSpec)
			if !strings.HasPrefix(vs.Names[0].Name, "Code") || len(vs.Values) != 1 {
				continue
			}
			n++
			var code string
			switch v := vs.Values[0].(type) {
			case *ast.BasicLit:
				code, _ = strconv.Unquote(v.Value)
			case *ast.SelectorExpr: // jsonpos.CodeSyntax and friends
				code = map[string]string{"CodeSyntax": CodeJSONSyntax, "CodeTooDeep": CodeTooDeep, "CodeTooLarge": CodeTooLarge}[v.Sel.Name]
			}
			if !listed[code] {
				t.Errorf("constant %s (%q) is not in Codes", vs.Names[0].Name, code)
			}
		}
	}
	if n != len(Codes) {
		t.Errorf("codes.go declares %d codes, Codes lists %d", n, len(Codes))
	}
	for _, tt := range badInputCases {
		_, diags := Parse("p.json", []byte(tt.src), ParseOptions{Type: tt.typ, Legacy: tt.legacy})
		for _, d := range diags {
			if !listed[d.Code] {
				t.Errorf("%s: code %s is not in Codes", tt.name, d.Code)
			}
		}
	}
}

// dumpAST prints every node of p with its range and path, for a golden file.
func dumpAST(p *Policy) string {
	var b strings.Builder
	r := func(r diag.Range) string { return r.Start.String() + "-" + r.End.String() }
	str := func(indent, what string, s String) {
		fmt.Fprintf(&b, "%s%s %q %s %s escaped=%v\n", indent, what, s.Value, r(s.Range), s.Path, s.Escaped)
	}
	fmt.Fprintf(&b, "policy %s type=%v legacy=%v statementList=%v statementKey=%s\n", r(p.Range), p.Type, p.Legacy, p.StatementList, r(p.StatementKey))
	if p.Version != nil {
		str("", "version", *p.Version)
	}
	if p.ID != nil {
		str("", "id", *p.ID)
	}
	for _, s := range p.Statements {
		fmt.Fprintf(&b, "statement %d %s %s effect=%v %s\n", s.Index, r(s.Range), s.Path, s.Effect, r(s.EffectRange))
		if s.Sid != nil {
			str("  ", "sid", *s.Sid)
		}
		if pr := s.Principal; pr != nil {
			fmt.Fprintf(&b, "  principal not=%v star=%v key=%s %s %s\n", pr.Not, pr.Star, r(pr.Key), r(pr.Range), pr.Path)
			for _, e := range pr.Entries {
				fmt.Fprintf(&b, "    %v key=%s single=%v %s\n", e.Kind, r(e.Key), e.Single, e.Path)
				for _, v := range e.Values {
					str("      ", "value", v)
				}
			}
		}
		for _, l := range []*List{s.Action, s.Resource} {
			if l == nil {
				continue
			}
			fmt.Fprintf(&b, "  list not=%v key=%s %s %s single=%v repeated=%v\n", l.Not, r(l.Key), r(l.Range), l.Path, l.Single, l.Repeated)
			for _, v := range l.Values {
				str("    ", "value", v)
			}
		}
		if c := s.Condition; c != nil {
			fmt.Fprintf(&b, "  condition key=%s %s %s\n", r(c.Key), r(c.Range), c.Path)
			for _, bl := range c.Blocks {
				o := bl.Operator
				fmt.Fprintf(&b, "    operator %q base=%s family=%d qualifier=%v ifExists=%v negated=%v op=%s %s %s\n",
					o.Name, o.Base, o.Family, o.Qualifier, o.IfExists, o.Negated, r(bl.OpRange), r(bl.Range), bl.Path)
				for _, e := range bl.Entries {
					str("      ", "key", e.Key)
					fmt.Fprintf(&b, "        single=%v %s %s\n", e.Single, r(e.Range), e.ValueKey)
					for _, v := range e.Values {
						fmt.Fprintf(&b, "        value %q kind=%d %s %s escaped=%v\n", v.Text, v.Kind, r(v.Range), v.Path, v.Escaped)
					}
				}
			}
		}
	}
	return b.String()
}

// TestParseAST records every node, range and path of a policy that uses
// every element, in a golden file (ast.golden, rewritten with -update).
func TestParseAST(t *testing.T) {
	src, err := os.ReadFile(filepath.Join("testdata", "ast.json"))
	if err != nil {
		t.Fatal(err)
	}
	p, diags := Parse("ast.json", src, ParseOptions{Type: Resource})
	if len(diags) != 0 {
		t.Fatal(diags)
	}
	checkPositions(t, src, p, nil)
	golden(t, filepath.Join("testdata", "ast.golden"), dumpAST(p))
}

// TestParseValueBuiltTree hands ParseValue a tree built by hand, as a YAML
// reader would: the positions it carries are the ones reported.
func TestParseValueBuiltTree(t *testing.T) {
	at := func(line, col int) diag.Range {
		return diag.Range{File: "template.yaml", Start: diag.Pos{Line: line, Column: col}, End: diag.Pos{Line: line, Column: col + 1}}
	}
	str := func(s, path string, line, col int) *jsonpos.Value {
		return &jsonpos.Value{Kind: jsonpos.String, Text: s, Path: path, Range: at(line, col)}
	}
	stmt := &jsonpos.Value{Kind: jsonpos.Object, Path: "/Statement/0", Range: at(4, 7), Members: []jsonpos.Member{
		{Key: "Effect", KeyRange: at(4, 9), Value: str("Allow", "/Statement/0/Effect", 4, 17)},
		{Key: "Action", KeyRange: at(5, 9), Value: &jsonpos.Value{Kind: jsonpos.Array, Path: "/Statement/0/Action", Range: at(6, 11),
			Elems: []*jsonpos.Value{str("s3:GetObject", "/Statement/0/Action/0", 6, 13)}}},
		{Key: "Resources", KeyRange: at(7, 9), Value: str("*", "/Statement/0/Resources", 7, 20)},
	}}
	root := &jsonpos.Value{Kind: jsonpos.Object, Range: at(1, 1), Members: []jsonpos.Member{
		{Key: "Version", KeyRange: at(2, 3), Value: str("2012-10-17", "/Version", 2, 12)},
		{Key: "Statement", KeyRange: at(3, 3), Value: &jsonpos.Value{Kind: jsonpos.Array, Path: "/Statement", Range: at(4, 5), Elems: []*jsonpos.Value{stmt}}},
	}}
	p, diags := ParseValue(root, ParseOptions{})
	want := []string{`template.yaml:7:9: error: unknown element "Resources" in a statement [INVALID_POLICY_ELEMENT]`}
	var got []string
	for _, d := range diags {
		got = append(got, d.String())
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("diagnostics (-want +got):\n%s", diff)
	}
	if p.File != "template.yaml" || len(p.Statements) != 1 || p.Statements[0].Action.Values[0].Range != at(6, 13) {
		t.Errorf("policy does not carry the tree's positions: %+v", p.Statements[0].Action)
	}
}
