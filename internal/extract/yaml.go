package extract

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/leastpriv/leastpriv/diag"
	"github.com/leastpriv/leastpriv/internal/jsonpos"
	"gopkg.in/yaml.v3"
)

// fromYAML extracts the policies of a YAML file: a CloudFormation template,
// or any YAML document whose mappings hold policy objects.
func fromYAML(name string, src []byte, opts Options) Result {
	res := Result{Format: YAML}
	v, d := yamlTree(name, src)
	if d != nil {
		res.Diags = append(res.Diags, *d)
		return res
	}
	if v == nil {
		res.Diags = append(res.Diags, noPolicy(name, src))
		return res
	}
	if isTemplate(v) {
		r := fromTemplate(name, v, opts)
		r.Format = CloudFormation
		return r
	}
	r := fromTree(name, v, opts)
	r.Format = YAML
	if len(r.Inputs) == 0 {
		r.Diags = append(r.Diags, noPolicy(name, src))
	}
	return r
}

func noPolicy(name string, src []byte) diag.Diagnostic {
	return diag.Diagnostic{Range: diag.NewLines(src).Range(name, 0, 0), Code: CodeNoPolicy, Severity: diag.Warning,
		Message: "no IAM policy found in this file",
		Detail:  `policies are found as objects with a "Statement" member; check the file and its format (--input-format)`}
}

// yamlTree parses a YAML document into a jsonpos tree with the document's
// positions. Scalars become strings (CloudFormation hands them to IAM as
// text), and short-form intrinsic functions (!Ref, !Sub, ...) become their
// long form ({"Ref": ...}, {"Fn::Sub": ...}). It returns nil for an empty
// document.
func yamlTree(name string, src []byte) (*jsonpos.Value, *diag.Diagnostic) {
	var doc yaml.Node
	if err := yaml.Unmarshal(src, &doc); err != nil {
		line := 1
		msg := err.Error()
		var n int
		if _, scanErr := fmt.Sscanf(strings.TrimPrefix(msg, "yaml: "), "line %d:", &n); scanErr == nil && n > 0 {
			line = n
		}
		c := &yamlConv{name: name, src: src, starts: lineStarts(src)}
		p := c.pos(line, 1)
		return nil, &diag.Diagnostic{Range: diag.Range{File: name, Start: p, End: p}, Code: CodeTemplateSyntax, Severity: diag.Error,
			Message: "not valid YAML: " + strings.TrimPrefix(msg, "yaml: "),
			Detail:  "fix the YAML syntax; policies in it cannot be found until it parses"}
	}
	if len(doc.Content) == 0 {
		return nil, nil
	}
	c := &yamlConv{name: name, src: src, starts: lineStarts(src)}
	v := c.value(doc.Content[0], "", 0)
	return v, nil
}

type yamlConv struct {
	name   string
	src    []byte
	starts []int
}

func lineStarts(src []byte) []int {
	s := []int{0}
	for i, c := range src {
		if c == '\n' {
			s = append(s, i+1)
		}
	}
	return s
}

// offset converts a yaml.v3 line and column (1-based, columns counted in
// characters) to a byte offset.
func (c *yamlConv) offset(line, col int) int {
	if line < 1 {
		return 0
	}
	if line > len(c.starts) {
		return len(c.src)
	}
	off := c.starts[line-1]
	for k := 1; k < col && off < len(c.src) && c.src[off] != '\n'; k++ {
		_, size := utf8.DecodeRune(c.src[off:])
		off += size
	}
	return off
}

func (c *yamlConv) pos(line, col int) diag.Pos {
	off := c.offset(line, col)
	return diag.Pos{Offset: off, Line: line, Column: off - c.starts[max(line-1, 0)] + 1}
}

func (c *yamlConv) posAt(off int) diag.Pos {
	lo, hi := 0, len(c.starts)-1
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if c.starts[mid] <= off {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	return diag.Pos{Offset: off, Line: lo + 1, Column: off - c.starts[lo] + 1}
}

// scalarEnd returns the end offset of the scalar starting at off.
func (c *yamlConv) scalarEnd(n *yaml.Node, off int) int {
	src := c.src
	switch n.Style {
	case yaml.DoubleQuotedStyle:
		for i := off + 1; i < len(src); i++ {
			if src[i] == '\\' {
				i++
			} else if src[i] == '"' {
				return i + 1
			}
		}
	case yaml.SingleQuotedStyle:
		for i := off + 1; i < len(src); i++ {
			if src[i] == '\'' {
				if i+1 < len(src) && src[i+1] == '\'' {
					i++
					continue
				}
				return i + 1
			}
		}
	case yaml.LiteralStyle, yaml.FoldedStyle:
		return min(off+1, len(src))
	default:
		if strings.HasPrefix(string(src[off:min(len(src), off+len(n.Value))]), n.Value) {
			return off + len(n.Value)
		}
		e := off
		for e < len(src) && src[e] != '\n' && src[e] != '#' {
			e++
		}
		return e
	}
	return len(src)
}

// intrinsics maps short-form tags to their long-form keys.
var intrinsics = map[string]string{
	"!Ref": "Ref", "!Condition": "Condition",
	"!Sub": "Fn::Sub", "!GetAtt": "Fn::GetAtt", "!Join": "Fn::Join", "!If": "Fn::If", "!Select": "Fn::Select",
	"!Split": "Fn::Split", "!FindInMap": "Fn::FindInMap", "!ImportValue": "Fn::ImportValue", "!Base64": "Fn::Base64",
	"!Cidr": "Fn::Cidr", "!GetAZs": "Fn::GetAZs", "!Equals": "Fn::Equals", "!Not": "Fn::Not", "!And": "Fn::And",
	"!Or": "Fn::Or", "!Transform": "Fn::Transform", "!ToJsonString": "Fn::ToJsonString", "!Length": "Fn::Length",
}

func (c *yamlConv) value(n *yaml.Node, path string, depth int) *jsonpos.Value {
	if n.Kind == yaml.AliasNode && n.Alias != nil && depth < 32 {
		return c.value(n.Alias, path, depth+1)
	}
	start := c.offset(n.Line, n.Column)
	v := &jsonpos.Value{Path: path}
	if fn, ok := intrinsics[n.Tag]; ok {
		inner := *n
		inner.Tag = ""
		if n.Kind == yaml.ScalarNode {
			inner.Tag = "!!str"
		}
		arg := c.value(&inner, jsonpos.Pointer(path, fn), depth+1)
		if fn == "Fn::GetAtt" && arg.Kind == jsonpos.String {
			// !GetAtt Res.Attr is the long form ["Res", "Attr"].
			r, a, _ := strings.Cut(arg.Text, ".")
			arg = &jsonpos.Value{Kind: jsonpos.Array, Range: arg.Range, Path: arg.Path, Elems: []*jsonpos.Value{
				{Kind: jsonpos.String, Text: r, Range: arg.Range}, {Kind: jsonpos.String, Text: a, Range: arg.Range}}}
		}
		v.Kind = jsonpos.Object
		v.Members = []jsonpos.Member{{Key: fn, KeyRange: arg.Range, Value: arg}}
		v.Range = diag.Range{File: c.name, Start: c.posAt(start), End: arg.Range.End}
		return v
	}
	switch n.Kind {
	case yaml.DocumentNode:
		if len(n.Content) > 0 {
			return c.value(n.Content[0], path, depth+1)
		}
		v.Kind = jsonpos.Null
	case yaml.MappingNode:
		v.Kind = jsonpos.Object
		end := start
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, val := n.Content[i], n.Content[i+1]
			if k.Tag == "!!merge" {
				continue
			}
			ks := c.offset(k.Line, k.Column)
			kr := diag.Range{File: c.name, Start: c.posAt(ks), End: c.posAt(c.scalarEnd(k, ks))}
			cv := c.value(val, jsonpos.Pointer(path, k.Value), depth+1)
			v.Members = append(v.Members, jsonpos.Member{Key: k.Value, KeyRange: kr, Value: cv})
			end = max(end, cv.Range.End.Offset)
		}
		v.Range = diag.Range{File: c.name, Start: c.posAt(start), End: c.posAt(end)}
	case yaml.SequenceNode:
		v.Kind = jsonpos.Array
		end := start
		for i, e := range n.Content {
			cv := c.value(e, jsonpos.IndexPointer(path, i), depth+1)
			v.Elems = append(v.Elems, cv)
			end = max(end, cv.Range.End.Offset)
		}
		v.Range = diag.Range{File: c.name, Start: c.posAt(start), End: c.posAt(end)}
	default:
		v.Text = n.Value
		switch {
		case n.Tag == "!!null" && n.Style == 0:
			v.Kind = jsonpos.Null
			v.Text = "null"
		default:
			v.Kind = jsonpos.String
		}
		v.Range = diag.Range{File: c.name, Start: c.posAt(start), End: c.posAt(c.scalarEnd(n, start))}
	}
	return v
}
