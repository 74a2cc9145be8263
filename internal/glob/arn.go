package glob

// The Resource dialect of IAM policies, as expressions: what a Resource
// pattern can match, and the ARNs a resource type's ARN format stands for.
// The evaluation engine matches Resource elements this way; the comparison
// (package compare) and the catalog-based summaries (package access) decide
// with these expressions which resources and resource types a pattern can
// reach, so all three read patterns alike. Use them with Options{Sep: ':'}.
//
// An ARN format has two readings (ARNReading). In the precise one, which
// the summaries and the comparison's main answer use, a ${Placeholder}
// holds no ':' unless AWS documents that its value can (ColonPlaceholders).
// That matters because a '*' that ends a component of a pattern may match
// across colons: "arn:aws:ec2:*:*:instance/*" would match the volume
// "arn:aws:ec2:r:a:volume/x:instance/y" if a volume ID could be
// "x:instance/y". In the sound reading, which the comparison keeps for its
// guarantee, a placeholder of the resource part holds any text.

import (
	"slices"
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

// An ARNReading says what the ${Placeholder}s of an ARN format may hold.
// In both readings the first five components of an ARN (arn, partition,
// service, region, account) hold no colon.
type ARNReading uint8

// The readings.
const (
	// Precise: a placeholder holds no colon, unless AWS documents that its
	// value can ([ColonPlaceholders]: S3 object keys, IAM paths, API
	// Gateway resource paths, ...). A format's '*' (an unnamed rest, as in
	// "/backend/${AppId}/api/*") holds no colon either. This is the
	// reading of what real requests name.
	Precise ARNReading = iota
	// Sound: a placeholder in the resource part may hold any text, colons
	// included. It contains the precise reading; what a policy allows only
	// under it, it allows only if a resource name holds a colon that AWS
	// does not document.
	Sound
)

func (r ARNReading) String() string {
	if r == Sound {
		return "sound"
	}
	return "precise"
}

// ARNFormatExprs turns an ARN format's ${Placeholder}s (and any '*') into
// stars, read as r says. The sound reading is one expression; the precise
// one has a variant per documented form of the values of its placeholders
// that hold ':' (ColonPlaceholders): "function:${FunctionName}" is
// "function:*" and "function:*:*" with stars that stay within a segment.
func ARNFormatExprs(f string, r ARNReading) []Expr {
	out := []Expr{nil}
	add := func(alts []Expr) {
		next := make([]Expr, 0, len(out)*len(alts))
		for _, e := range out {
			for _, a := range alts {
				next = append(next, appendExpr(slices.Clip(e), a))
			}
		}
		out = next
	}
	colons := 0
	service := ""
	var prefix strings.Builder // the literal text so far, for the service
	hole := func(name string) {
		switch {
		case colons < 5:
			add([]Expr{{{Kind: AnyRun, InSegment: true}}})
		case r == Sound:
			add([]Expr{{{Kind: AnyRun}}})
		default:
			add(colonForms(service, name))
		}
		prefix.WriteByte(0)
	}
	lit := func(s string) {
		for s != "" {
			i := strings.IndexByte(s, '*')
			text := s
			if i >= 0 {
				text = s[:i]
			}
			if text != "" {
				add([]Expr{{{Kind: Literal, Text: text}}})
				for _, c := range []byte(text) {
					prefix.WriteByte(c)
					if c != ':' {
						continue
					}
					if colons++; colons == 3 {
						if fs := strings.Split(prefix.String(), ":"); len(fs) >= 3 {
							service = fs[2]
						}
					}
				}
			}
			if i < 0 {
				return
			}
			hole("")
			s = s[i+1:]
		}
	}
	for f != "" {
		i := strings.Index(f, "${")
		j := -1
		if i >= 0 {
			j = strings.IndexByte(f[i:], '}')
		}
		if i < 0 || j < 0 {
			lit(f)
			break
		}
		lit(f[:i])
		hole(f[i+2 : i+j])
		f = f[i+j+1:]
	}
	return out
}

// appendExpr appends b to a, merging adjacent literals.
func appendExpr(a, b Expr) Expr {
	for _, t := range b {
		if n := len(a); n > 0 && t.Kind == Literal && a[n-1].Kind == Literal {
			a = append(a[:n-1:n-1], Token{Kind: Literal, Text: a[n-1].Text + t.Text})
			continue
		}
		a = append(a, t)
	}
	return a
}

// ARNFormatLang returns the ARNs the formats stand for, read as r says, as
// a language that absorbs policy variables ([Lang.AbsorbVars]): a
// variable's value may be any text of an ARN.
func ARNFormatLang(formats []string, r ARNReading) Lang {
	l := Lang{AbsorbVars: true}
	for _, f := range formats {
		l.Exprs = append(l.Exprs, ARNFormatExprs(f, r)...)
	}
	return l
}
