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
		o, u := glob.ResourceExprs(v.Value, vars)
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
// on, from the catalog: the ARN formats of its resource types, and "*"
// when no resource type is required (or there is none: such actions
// accept only "*"). It is read in one of two ways (glob.ARNReading): the
// sound reading, where a ${Placeholder} of the resource part may hold any
// text, and the precise one, where it holds no ':' unless AWS documents
// that it can. The engine decides in the sound reading, and again in the
// precise one what it finds there, so that changes that exist only if a
// resource name holds an undocumented ':' are told apart (Change.ColonOnly).
type universe struct {
	id   int
	lang glob.Lang // absorbs policy variables (glob.Lang.AbsorbVars)
	svcs []string  // exprServices of lang
	// star is set when the action takes only "*".
	star bool

	// formats and required are what the universe is made of, to build
	// the precise reading on first use (most comparisons need it for few
	// actions).
	formats  []string
	required bool
	precise  *universe // see (*universes).precise
}

// universes interns the universes of actions by resource-type list. They
// are built on first use and shared by every comparison over the same
// catalog (a catalog is immutable).
type universes struct {
	mu    sync.Mutex
	byKey map[string]*universe
	byAct map[int]*universe
	n     int // universes built, for ids
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

// of returns the universe of action a in the sound reading; precise
// returns the precise one.
func (us *universes) of(a *catalog.Action) *universe {
	us.mu.Lock()
	defer us.mu.Unlock()
	if u, ok := us.byAct[a.ID]; ok {
		return u
	}
	var b strings.Builder
	required := false
	var formats []string
	for _, r := range a.Resources {
		b.WriteString(r.Type.ARN)
		b.WriteByte('\n')
		if r.Required {
			required = true
		}
		formats = append(formats, r.Type.ARNFormats()...)
	}
	if !required {
		b.WriteString("*")
	}
	k := b.String()
	u, ok := us.byKey[k]
	if !ok {
		u = us.build(formats, required, glob.Sound)
		us.byKey[k] = u
	}
	us.byAct[a.ID] = u
	return u
}

func (us *universes) build(formats []string, required bool, r glob.ARNReading) *universe {
	u := &universe{id: us.n, star: len(formats) == 0, formats: formats, required: required}
	us.n++
	u.lang = glob.ARNFormatLang(formats, r)
	if !required {
		u.lang.Exprs = append(u.lang.Exprs, glob.LiteralExpr("*"))
	}
	u.svcs = exprServices(u.lang)
	return u
}

// precise returns sound universe u in the precise reading: u itself when
// both readings are the same strings.
func (us *universes) precise(u *universe) *universe {
	us.mu.Lock()
	defer us.mu.Unlock()
	if u.precise == nil {
		p := us.build(u.formats, u.required, glob.Precise)
		p.precise = p
		u.precise = p
		if slices.EqualFunc(p.lang.Exprs, u.lang.Exprs, slices.Equal) {
			u.precise = u
		}
	}
	return u.precise
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
		out := glob.Lang{Exprs: make([]glob.Expr, 0, len(l.Exprs)), AbsorbVars: l.AbsorbVars}
		for i, e := range l.Exprs {
			if ls[i] == "" || slices.Contains(other, "") || slices.Contains(other, ls[i]) {
				out.Exprs = append(out.Exprs, e)
			}
		}
		return out
	}
	return keep(a, as, bs), keep(b, bs, as)
}
