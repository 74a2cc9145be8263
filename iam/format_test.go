package iam

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/leastpriv/leastpriv/diag"
	"github.com/leastpriv/leastpriv/internal/jsonpos"
)

// typeOfFile reads the policy type from a test file name: "trust-oidc.json"
// is a trust policy.
func typeOfFile(t testing.TB, path string) Type {
	name, _, _ := strings.Cut(filepath.Base(path), "-")
	typ, ok := ParseType(name)
	if !ok {
		t.Fatalf("%s: file name does not start with a policy type", path)
	}
	return typ
}

// TestFormat formats each testdata/format/TYPE-NAME.json and compares the
// result with TYPE-NAME.golden.
func TestFormat(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "format", "*.json"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no format test inputs: %v", err)
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			opts := ParseOptions{Type: typeOfFile(t, f)}
			p, diags := Parse(f, src, opts)
			if len(diags) != 0 {
				t.Fatalf("parse: %v", diags)
			}
			out := Format(p)
			golden(t, strings.TrimSuffix(f, ".json")+".golden", string(out))
			checkRoundTrip(t, p, nil, opts)
		})
	}
}

// TestFormatCanonicalIsFixedPoint checks that a document already in
// canonical form is printed byte for byte as it is.
func TestFormatCanonicalIsFixedPoint(t *testing.T) {
	src, err := os.ReadFile(filepath.Join("testdata", "format", "identity-canonical.json"))
	if err != nil {
		t.Fatal(err)
	}
	p, diags := Parse("p.json", src, ParseOptions{})
	if len(diags) != 0 {
		t.Fatal(diags)
	}
	if diff := cmp.Diff(string(src), string(Format(p))); diff != "" {
		t.Errorf("canonical input changed (-want +got):\n%s", diff)
	}
}

// astOptions compare policies while ignoring where they came from: ranges
// and whether strings were written with escapes.
var astOptions = cmp.Options{
	cmpopts.IgnoreTypes(diag.Range{}),
	cmpopts.IgnoreFields(Policy{}, "File"),
	cmpopts.IgnoreFields(String{}, "Escaped"),
	cmpopts.IgnoreFields(Value{}, "Escaped"),
}

// checkRoundTrip verifies the formatting contract for a policy parsed
// without errors: the canonical text parses back to the same policy, and
// formatting that policy again gives the same text.
//
// The warnings of p (diags) other than legacy merges come back too.
func checkRoundTrip(t testing.TB, p *Policy, diags diag.List, opts ParseOptions) {
	t.Helper()
	out := Format(p)
	opts.Legacy = false
	q, qdiags := Parse("formatted.json", out, opts)
	var wantCodes, gotCodes []string
	for _, d := range diags {
		if d.Code != CodeLegacyMerge {
			wantCodes = append(wantCodes, d.Code)
		}
	}
	for _, d := range qdiags {
		gotCodes = append(gotCodes, d.Code)
	}
	slices.Sort(wantCodes)
	slices.Sort(gotCodes)
	if qdiags.HasErrors() || !slices.Equal(wantCodes, gotCodes) {
		t.Fatalf("canonical form parses with %v, want codes %v\n%s", qdiags, wantCodes, out)
	}
	want := p
	if p.Legacy {
		// The canonical form of a legacy document writes each merged
		// list once: it is no longer legacy.
		want = clearLegacy(p)
	}
	if diff := cmp.Diff(want, q, astOptions); diff != "" {
		t.Fatalf("Parse(Format(p)) differs from p (-want +got):\n%s\n%s", diff, out)
	}
	if out2 := Format(q); !bytes.Equal(out, out2) {
		t.Fatalf("Format is not idempotent:\n%s\nthen\n%s", out, out2)
	}
}

// clearLegacy returns a copy of p as its canonical form parses: without the
// legacy flags.
func clearLegacy(p *Policy) *Policy {
	c := *p
	c.Legacy = false
	c.Statements = nil
	for _, s := range p.Statements {
		s2 := *s
		s2.EffectRepeated = false
		s2.Action = unmerge(s.Action)
		s2.Resource = unmerge(s.Resource)
		c.Statements = append(c.Statements, &s2)
	}
	return &c
}

// unmerge returns l as its canonical form parses: one array, whose values
// have the paths of its elements.
func unmerge(l *List) *List {
	if l == nil || !l.Repeated {
		return l
	}
	c := *l
	c.Repeated = false
	c.Values = slices.Clone(l.Values)
	for i := range c.Values {
		c.Values[i].Path = jsonpos.IndexPointer(c.Path, i)
	}
	return &c
}

func TestFormatLegacy(t *testing.T) {
	src := `{"Statement": {"Effect": "Deny", "Action": "s3:GetObject", "Resource": "*", "Effect": "Allow", "Action": "s3:PutObject"}}`
	p, diags := Parse("p.json", []byte(src), ParseOptions{Legacy: true})
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	want := `{
  "Statement": {
    "Effect": "Allow",
    "Action": [
      "s3:GetObject",
      "s3:PutObject"
    ],
    "Resource": "*"
  }
}
`
	if diff := cmp.Diff(want, string(Format(p))); diff != "" {
		t.Errorf("legacy document (-want +got):\n%s", diff)
	}
	checkRoundTrip(t, p, diags, ParseOptions{Legacy: true})
}

// checkPositions verifies that every diagnostic and every node of p points
// into src, at the line and column diag.Lines computes, and that the source
// text of every string node decodes to its value.
func checkPositions(t testing.TB, src []byte, p *Policy, diags diag.List) {
	t.Helper()
	lines := diag.NewLines(src)
	checkRange := func(what string, r diag.Range) {
		if r.Start.Offset < 0 || r.End.Offset > len(src) || r.Start.Offset > r.End.Offset {
			t.Fatalf("%s: range %+v..%+v outside the %d-byte source", what, r.Start, r.End, len(src))
		}
		if r.Start != lines.Pos(r.Start.Offset) || r.End != lines.Pos(r.End.Offset) {
			t.Fatalf("%s: range %+v..%+v, want %+v..%+v", what, r.Start, r.End, lines.Pos(r.Start.Offset), lines.Pos(r.End.Offset))
		}
	}
	for _, d := range diags {
		checkRange("diagnostic "+d.String(), d.Range)
		for _, r := range d.Related {
			checkRange("related location of "+d.String(), r.Range)
		}
	}
	if p == nil {
		return
	}
	checkString := func(s String) {
		checkRange(s.Path, s.Range)
		v, d := jsonpos.Parse("", src[s.Range.Start.Offset:s.Range.End.Offset], jsonpos.Options{MaxSize: -1})
		if len(d) != 0 || v.Kind != jsonpos.String || v.Text != s.Value {
			t.Fatalf("%s: source text %q does not decode to %q", s.Path, src[s.Range.Start.Offset:s.Range.End.Offset], s.Value)
		}
	}
	checkRange("policy", p.Range)
	if p.Version != nil {
		checkString(*p.Version)
	}
	for _, s := range p.Statements {
		checkRange(s.Path, s.Range)
		if !p.Range.Contains(s.Range) {
			t.Fatalf("%s: statement outside the policy", s.Path)
		}
		if s.Sid != nil {
			checkString(*s.Sid)
		}
		for _, l := range []*List{s.Action, s.Resource} {
			if l == nil {
				continue
			}
			for _, v := range l.Values {
				checkString(v)
				if !s.Range.Contains(v.Range) {
					t.Fatalf("%s: value outside its statement", v.Path)
				}
			}
		}
		if s.Principal != nil {
			for _, e := range s.Principal.Entries {
				for _, v := range e.Values {
					checkString(v)
				}
			}
		}
		if s.Condition != nil {
			for _, b := range s.Condition.Blocks {
				checkRange(b.Path, b.Range)
				for _, e := range b.Entries {
					checkString(e.Key)
					for _, v := range e.Values {
						checkRange(v.Path, v.Range)
						if v.Kind == StringValue {
							checkString(String{Value: v.Text, Range: v.Range, Path: v.Path})
						} else if string(src[v.Range.Start.Offset:v.Range.End.Offset]) != v.Text {
							t.Fatalf("%s: literal %q is not its source text", v.Path, v.Text)
						}
					}
				}
			}
		}
	}
}

// FuzzParse: Parse never panics; diagnostics and nodes point into the source;
// a policy without errors survives Format and re-parse unchanged, and
// formatting is idempotent.
func FuzzParse(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "format", "*.json"))
	seeds, _ := filepath.Glob(filepath.Join("..", "testdata", "seeds", "*.json"))
	for _, file := range append(files, seeds...) {
		if src, err := os.ReadFile(file); err == nil {
			f.Add(src, uint8(typeOrIdentity(file)), false)
		}
	}
	for _, tt := range badInputCases {
		if len(tt.src) < 4096 {
			f.Add([]byte(tt.src), uint8(tt.typ), tt.legacy)
		}
	}
	f.Fuzz(func(t *testing.T, src []byte, typ uint8, legacy bool) {
		opts := ParseOptions{Type: Type(typ % uint8(len(Types()))), Legacy: legacy}
		p, diags := Parse("f.json", src, opts)
		checkPositions(t, src, p, diags)
		if p == nil {
			if !diags.HasErrors() {
				t.Fatal("no policy and no error")
			}
			return
		}
		if diags.HasErrors() {
			Format(p) // must not panic on a partial tree
			return
		}
		checkRoundTrip(t, p, diags, opts)
	})
}

func typeOrIdentity(file string) Type {
	name, _, _ := strings.Cut(filepath.Base(file), "-")
	typ, _ := ParseType(name)
	return typ
}
