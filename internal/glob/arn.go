package glob

// The Resource dialect of IAM policies, as expressions: what a Resource
// pattern can match, and the ARNs a resource type's ARN format stands for.
// The evaluation engine matches Resource elements this way; the comparison
// (package compare) and the catalog-based summaries (package access) decide
// with these expressions which resources and resource types a pattern can
// reach, so all three read patterns alike. Use them with Options{Sep: ':'}.

import (
	"strings"

	"github.com/leastpriv/leastpriv/internal/policyvar"
)

// ResourceExprs converts one Resource pattern to the glob dialect of the
// Resource element, as the engine matches it
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html):
// '*' and '?' stay within a colon-separated segment, except a '*' that ends
// a segment ("it can expand to match beyond the colon boundaries"), and a
// pattern that is just "*" matches everything. A variable is an opaque
// value. Whether a '*' right before a variable ends its segment depends on
// the variable's value (does it start with ':'?), so over reads it as
// crossing colons and under as staying within the segment; otherwise the
// two are equal.
func ResourceExprs(s string, vars bool) (over, under Expr) {
	type tok struct {
		kind byte // 'l', '*', '?', 'v'
		text string
	}
	var toks []tok
	for _, p := range policyvar.Split(s, vars) {
		switch p.Kind {
		case policyvar.Glob:
			start := 0
			for i := 0; i < len(p.Text); i++ {
				if c := p.Text[i]; c == '*' || c == '?' {
					if i > start {
						toks = append(toks, tok{'l', p.Text[start:i]})
					}
					toks = append(toks, tok{c, ""})
					start = i + 1
				}
			}
			if start < len(p.Text) {
				toks = append(toks, tok{'l', p.Text[start:]})
			}
		case policyvar.Escape:
			toks = append(toks, tok{'l', p.Text})
		case policyvar.Variable:
			id := p.Key
			if p.HasDefault {
				id += ", '" + p.Default + "'"
			}
			toks = append(toks, tok{'v', id})
		}
	}
	if len(toks) == 1 && toks[0].kind == '*' {
		e := Expr{{Kind: AnyRun}}
		return e, e
	}
	for i, t := range toks {
		switch t.kind {
		case 'l':
			over = append(over, Token{Kind: Literal, Text: t.text})
			under = append(under, Token{Kind: Literal, Text: t.text})
		case 'v':
			over = append(over, Token{Kind: Var, Text: t.text})
			under = append(under, Token{Kind: Var, Text: t.text})
		case '?':
			over = append(over, Token{Kind: AnyChar, InSegment: true})
			under = append(under, Token{Kind: AnyChar, InSegment: true})
		case '*':
			final, unsure := false, false
			switch {
			case i == len(toks)-1:
				final = true
			case toks[i+1].kind == 'l':
				final = strings.HasPrefix(toks[i+1].text, ":")
			case toks[i+1].kind == 'v':
				unsure = true
			}
			over = append(over, Token{Kind: AnyRun, InSegment: !final && !unsure})
			under = append(under, Token{Kind: AnyRun, InSegment: !final})
		}
	}
	return over, under
}

// ARNFormatExpr turns an ARN format's ${Placeholder}s (and any '*') into
// stars: a placeholder may stand for any text, except that the first five
// components of an ARN (arn, partition, service, region, account) hold no
// colon.
func ARNFormatExpr(f string) Expr {
	var e Expr
	colons := 0
	star := func() { e = append(e, Token{Kind: AnyRun, InSegment: colons < 5}) }
	lit := func(s string) {
		for s != "" {
			i := strings.IndexByte(s, '*')
			text := s
			if i >= 0 {
				text = s[:i]
			}
			if text != "" {
				e = append(e, Token{Kind: Literal, Text: text})
				colons += strings.Count(text, ":")
			}
			if i < 0 {
				return
			}
			star()
			s = s[i+1:]
		}
	}
	for {
		i := strings.Index(f, "${")
		if i < 0 {
			lit(f)
			return e
		}
		j := strings.IndexByte(f[i:], '}')
		if j < 0 {
			lit(f)
			return e
		}
		lit(f[:i])
		star()
		f = f[i+j+1:]
	}
}
