package compare

import (
	"runtime"
	"slices"
	"strings"
	"sync"
	"weak"

	"github.com/leastpriv/leastpriv/catalog"
	"github.com/leastpriv/leastpriv/iam"
	"github.com/leastpriv/leastpriv/internal/glob"
)

// resources is a statement's Resource or NotResource element as languages
// of resource strings: over holds at least every resource the element can
// match in any request, under at most those it matches in every request.
// They differ only where policy variables make the exact set depend on the
// request.
type resources struct {
	over, under glob.Lang
	// all is set when the element matches every resource whatever the
	// request (Resource absent, or a pattern made of stars only).
	all bool
	// texts are the patterns as written, NotResource ones prefixed "not ".
	texts []string
	// svcs are the exprServices of over's expressions.
	svcs []string
	// sig identifies the element as read: two statements with the same sig
	// match the same resources in every request, even where policy
	// variables make that set depend on the request (over and under then
	// differ, but the two statements' sets move together).
	sig string
}

// sameResources reports whether statements a and b match the same
// resources in every request.
func sameResources(a, b *stmt) bool {
	return a.res.all && b.res.all || a.res.sig != "" && a.res.sig == b.res.sig
}

// resourceExprs converts one Resource pattern to the glob dialect of the
// Resource element, as the engine matches it
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html):
// '*' and '?' stay within a colon-separated segment, except a '*' that ends
// a segment ("it can expand to match beyond the colon boundaries"), and a
// pattern that is just "*" matches everything. A variable is an opaque
// value. Whether a '*' right before a variable ends its segment depends on
// the variable's value (does it start with ':'?), so over reads it as
// crossing colons and under as staying within the segment; otherwise the
// two are equal.
func resourceExprs(s string, vars bool) (over, under glob.Expr) {
	type tok struct {
		kind byte // 'l', '*', '?', 'v'
		text string
	}
	var toks []tok
	for _, p := range splitTemplate(s, vars) {
		switch p.kind {
		case 'g':
			start := 0
			for i := 0; i < len(p.text); i++ {
				if c := p.text[i]; c == '*' || c == '?' {
					if i > start {
						toks = append(toks, tok{'l', p.text[start:i]})
					}
					toks = append(toks, tok{c, ""})
					start = i + 1
				}
			}
			if start < len(p.text) {
				toks = append(toks, tok{'l', p.text[start:]})
			}
		case 'x':
			toks = append(toks, tok{'l', p.text})
		case 'v':
			toks = append(toks, tok{'v', p.id})
		}
	}
	if len(toks) == 1 && toks[0].kind == '*' {
		e := glob.Expr{{Kind: glob.AnyRun}}
		return e, e
	}
	for i, t := range toks {
		switch t.kind {
		case 'l':
			over = append(over, glob.Token{Kind: glob.Literal, Text: t.text})
			under = append(under, glob.Token{Kind: glob.Literal, Text: t.text})
		case 'v':
			over = append(over, glob.Token{Kind: glob.Var, Text: t.text})
			under = append(under, glob.Token{Kind: glob.Var, Text: t.text})
		case '?':
			over = append(over, glob.Token{Kind: glob.AnyChar, InSegment: true})
			under = append(under, glob.Token{Kind: glob.AnyChar, InSegment: true})
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
			over = append(over, glob.Token{Kind: glob.AnyRun, InSegment: !final && !unsure})
			under = append(under, glob.Token{Kind: glob.AnyRun, InSegment: !final})
		}
	}
	return over, under
}

// allStars reports whether s is made of stars only ("*", "**"): it
// matches every resource.
func allStars(s string) bool { return s != "" && strings.Trim(s, "*") == "" }

// compileResources compiles a Resource or NotResource element (nil when
// absent, as in trust policies: every resource).
func compileResources(l *iam.List, vars bool) resources {
	if l == nil {
		return resources{over: glob.Everything, under: glob.Everything, all: true}
	}
	var r resources
	var overs, unders []glob.Expr
	anyVars, templated := false, false
	for _, v := range l.Values {
		o, u := resourceExprs(v.Value, vars)
		overs, unders = append(overs, o), append(unders, u)
		if vars && hasVars(splitTemplate(v.Value, vars)) {
			anyVars = true
		}
		templated = templated || vars && strings.Contains(v.Value, "${")
		if !l.Not && allStars(v.Value) {
			r.all = true
		}
		if l.Not {
			r.texts = append(r.texts, "not "+v.Value)
		} else {
			r.texts = append(r.texts, v.Value)
		}
	}
	sig := slices.Clone(r.texts)
	slices.Sort(sig)
	r.sig = strings.Join(slices.Compact(sig), "\x00")
	if templated {
		r.sig = "${}\x00" + r.sig
	}
	if !l.Not {
		r.over, r.under = glob.Union(overs...), glob.Union(unders...)
		r.svcs = exprServices(r.over)
		return r
	}
	r.svcs = exprServices(glob.Union(unders...))
	// NotResource: the complement. Over the requests, every resource no
	// pattern matches; a pattern with a variable matches nothing in the
	// symbolic alphabet without that variable, so the complement of any
	// reading over-approximates. A NotResource value that cannot be
	// resolved makes the statement not apply, so with variables nothing is
	// certainly covered.
	r.over = glob.Lang{Exprs: unders, Not: true}
	if !anyVars {
		r.under = glob.Lang{Exprs: overs, Not: true}
	}
	return r
}

// A universe is the set of resource strings an action can be requested
// on, from the catalog: the ARN formats of its resource types (each
// ${Placeholder} any text), and "*" when no resource type is required (or
// there is none: such actions accept only "*").
type universe struct {
	id   int
	lang glob.Lang
	svcs []string // exprServices of lang
	// star is set when the action takes only "*".
	star bool
}

// universes interns the universes of actions by resource-type list. They
// are built on first use and shared by every comparison over the same
// catalog (a catalog is immutable).
type universes struct {
	mu    sync.Mutex
	byKey map[string]*universe
	byAct map[int]*universe
}

// sharedUniverses maps a weak pointer to a catalog to its *universes; the
// entry goes when the catalog does (catalog.Load makes new ones).
var sharedUniverses sync.Map

func universesOf(c *catalog.Catalog) *universes {
	k := weak.Make(c)
	if us, ok := sharedUniverses.Load(k); ok {
		return us.(*universes)
	}
	us, loaded := sharedUniverses.LoadOrStore(k, &universes{byKey: map[string]*universe{}, byAct: map[int]*universe{}})
	if !loaded {
		runtime.AddCleanup(c, func(k weak.Pointer[catalog.Catalog]) { sharedUniverses.Delete(k) }, k)
	}
	return us.(*universes)
}

func (us *universes) of(a *catalog.Action) *universe {
	us.mu.Lock()
	defer us.mu.Unlock()
	if u, ok := us.byAct[a.ID]; ok {
		return u
	}
	var b strings.Builder
	required := false
	for _, r := range a.Resources {
		b.WriteString(r.Type.ARN)
		b.WriteByte('\n')
		if r.Required {
			required = true
		}
	}
	if !required {
		b.WriteString("*")
	}
	k := b.String()
	u, ok := us.byKey[k]
	if !ok {
		u = &universe{id: len(us.byKey)}
		var es []glob.Expr
		for _, r := range a.Resources {
			for _, f := range r.Type.ARNFormats() {
				es = append(es, formatExpr(f))
			}
		}
		if !required {
			es = append(es, glob.LiteralExpr("*"))
		}
		u.lang = glob.Union(es...)
		u.svcs = exprServices(u.lang)
		u.star = len(a.Resources) == 0
		us.byKey[k] = u
	}
	us.byAct[a.ID] = u
	return u
}

// formatExpr turns an ARN format's ${Placeholder}s (and any '*') into
// stars: a placeholder may stand for any text, except that the first five
// components of an ARN (arn, partition, service, region, account) hold no
// colon.
func formatExpr(f string) glob.Expr {
	var e glob.Expr
	colons := 0
	star := func() { e = append(e, glob.Token{Kind: glob.AnyRun, InSegment: colons < 5}) }
	lit := func(s string) {
		for s != "" {
			i := strings.IndexByte(s, '*')
			text := s
			if i >= 0 {
				text = s[:i]
			}
			if text != "" {
				e = append(e, glob.Token{Kind: glob.Literal, Text: text})
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

// arnService returns the service component of every string e matches
// ("s3" for arn:aws:s3:::b/*, and for the ARN formats of s3 actions), when
// the first three components are fixed by e: the service is literal and no
// wildcard or variable before it can read a colon. A literal string with
// fewer than three colons (such as the resource "*") has the service
// noService. ok is false otherwise.
func arnService(e glob.Expr) (svc string, ok bool) {
	colons := 0
	var b strings.Builder
	literal := true
	for _, t := range e {
		switch {
		case t.Kind == glob.Literal:
			for i := 0; i < len(t.Text); i++ {
				c := t.Text[i]
				if c == ':' {
					colons++
					if colons == 3 {
						return b.String(), true
					}
					continue
				}
				if colons == 2 {
					b.WriteByte(c)
				}
			}
		case (t.Kind == glob.AnyRun || t.Kind == glob.AnyChar) && t.InSegment && colons < 2:
			// Stays within the partition or the "arn" component.
			literal = false
		default:
			return "", false
		}
	}
	if literal {
		return noService, true
	}
	return "", false
}

// noService is the arnService of literal strings that have no service
// component.
const noService = "\x00"

// exprServices returns arnService for every expression of l ("" where
// unknown).
func exprServices(l glob.Lang) []string {
	out := make([]string, len(l.Exprs))
	for i, e := range l.Exprs {
		out[i], _ = arnService(e)
	}
	return out
}

// mayMeet drops from a and b (unions, with their exprServices) the
// expressions that cannot match a string of the other: those whose service
// component differs from that of every expression of the other side. The
// languages intersect exactly when the results do.
func mayMeet(a glob.Lang, as []string, b glob.Lang, bs []string) (glob.Lang, glob.Lang) {
	keep := func(l glob.Lang, ls, other []string) glob.Lang {
		out := glob.Lang{Exprs: make([]glob.Expr, 0, len(l.Exprs))}
		for i, e := range l.Exprs {
			if ls[i] == "" || slices.Contains(other, "") || slices.Contains(other, ls[i]) {
				out.Exprs = append(out.Exprs, e)
			}
		}
		return out
	}
	return keep(a, as, bs), keep(b, bs, as)
}
