package glob

// This file decides language inclusion between unions of glob patterns:
// is every string that matches one pattern set also matched by another?
// Policies need it to prove that one resource list is within another
// ("arn:aws:s3:::p-*" is within "arn:aws:s3:::*") and that one set of
// condition values is within another.
//
// The languages are regular, so inclusion is decidable: the procedure
// explores, breadth first, the product of the subset automata of every
// pattern involved, over an alphabet made of the literal characters the
// patterns mention plus one character standing for all others, and looks
// for a reachable state where the left language accepts and none of the
// right ones does. Reaching one yields the shortest counterexample string.

import (
	mbits "math/bits"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"
)

// TokenKind is the kind of one element of an [Expr].
type TokenKind uint8

// The token kinds.
const (
	// Literal is text matched exactly (or ignoring ASCII case with
	// Options.Fold).
	Literal TokenKind = iota
	// AnyChar ('?') matches any one character.
	AnyChar
	// AnyRun ('*') matches any run of characters, including none.
	AnyRun
	// Var is an opaque value, such as a policy variable: a string that is
	// unknown but the same wherever the same Var occurs (Text names it).
	// It is matched only by the same Var or by an AnyRun that may cross
	// separators, since the value could be any text.
	Var
)

// A Token is one element of an [Expr].
type Token struct {
	Kind TokenKind
	// Text is the literal text of a Literal, and the identity of a Var.
	Text string
	// InSegment restricts AnyChar and AnyRun to characters other than
	// Options.Sep: the wildcard stays within one separator-delimited
	// segment.
	InSegment bool
}

// An Expr is a general glob: a sequence of tokens, matched as a whole.
type Expr []Token

// ParseExpr converts an IAM-style glob ('*' any run, '?' any one
// character, everything else literal) into an Expr.
func ParseExpr(s string) Expr {
	var e Expr
	start := 0
	for i := 0; i < len(s); i++ {
		if s[i] != '*' && s[i] != '?' {
			continue
		}
		if i > start {
			e = append(e, Token{Kind: Literal, Text: s[start:i]})
		}
		if s[i] == '*' {
			e = append(e, Token{Kind: AnyRun})
		} else {
			e = append(e, Token{Kind: AnyChar})
		}
		start = i + 1
	}
	if start < len(s) {
		e = append(e, Token{Kind: Literal, Text: s[start:]})
	}
	return e
}

// LiteralExpr returns the Expr matching exactly s, where '*' and '?' are
// ordinary characters.
func LiteralExpr(s string) Expr {
	if s == "" {
		return Expr{}
	}
	return Expr{{Kind: Literal, Text: s}}
}

// String renders e in IAM glob syntax; a Var is written ${Text}, an
// in-segment wildcard as the plain one (the rendering is for people).
func (e Expr) String() string {
	var b strings.Builder
	for _, t := range e {
		switch t.Kind {
		case Literal:
			b.WriteString(t.Text)
		case AnyChar:
			b.WriteByte('?')
		case AnyRun:
			b.WriteByte('*')
		case Var:
			b.WriteString("${" + t.Text + "}")
		}
	}
	return b.String()
}

// A Lang is a set of strings: the union of its Exprs' languages, or, when
// Not is set, every string outside that union. The zero Lang is empty; a
// Lang with Not and no Exprs holds every string.
type Lang struct {
	Exprs []Expr
	Not   bool
	// AbsorbVars makes a Var of the other languages of a question stand
	// for any part of these expressions' strings: where these expressions
	// are at any position, reading a Var may take them to any later
	// position (the variable's value is the text in between). Set it on
	// languages of names that a policy variable's value can equal, such as
	// the ARNs a resource type's formats stand for: "arn:aws:iam::${v}:
	// role/x" can name a role of account 111122223333 (v = 111122223333),
	// though no placeholder of the format reads a Var.
	AbsorbVars bool
}

// Everything is the Lang of all strings.
var Everything = Lang{Not: true}

// Union returns the Lang of the strings in any of es.
func Union(es ...Expr) Lang { return Lang{Exprs: es} }

// Options configure inclusion.
type Options struct {
	// Sep is the separator that InSegment wildcards do not match; 0 when
	// none is used.
	Sep rune
	// Fold makes literals match ignoring ASCII case.
	Fold bool
	// MaxStates bounds the exploration; 0 means DefaultMaxStates. When it
	// is exceeded the answer is Unknown.
	MaxStates int
}

// DefaultMaxStates is the exploration bound when Options.MaxStates is 0.
const DefaultMaxStates = 1 << 16

// Answer is the result of an inclusion test.
type Answer uint8

// The answers.
const (
	No Answer = iota
	Yes
	Unknown // the exploration exceeded its bound
)

func (a Answer) String() string {
	switch a {
	case Yes:
		return "yes"
	case No:
		return "no"
	}
	return "unknown"
}

// Included reports whether every string of a is in at least one of in:
// L(a) ⊆ L(in[0]) ∪ L(in[1]) ∪ .... When the answer is No, witness is a
// shortest string of a outside every language of in (a Var is written
// ${Text}).
//
// Differences and intersections reduce to this form: L(a) \ L(d) ⊆ L(b)
// is Included(a, b, d), and L(a) ∩ L(b) = ∅ is Included(a, ¬b).
func Included(a Lang, in []Lang, o Options) (ans Answer, witness string) {
	langs := make([]Lang, 0, 1+len(in))
	langs = append(langs, a)
	langs = append(langs, in...)
	m := newMachine(langs, o)
	return m.run()
}

// IntersectsLang reports whether some string is in both a and b (Yes, with
// such a string as witness), none is (No), or the bound was exceeded.
func IntersectsLang(a, b Lang, o Options) (Answer, string) {
	return intersectsLang(a, b, o, true)
}

// Overlaps is IntersectsLang without the witness, which costs a second
// search.
func Overlaps(a, b Lang, o Options) Answer {
	ans, _ := intersectsLang(a, b, o, false)
	return ans
}

func intersectsLang(a, b Lang, o Options, witness bool) (Answer, string) {
	if !a.Not && !b.Not {
		// Unions: some pair of expressions must intersect, which a product
		// of the two automata (no subset construction) decides.
		for _, x := range a.Exprs {
			for _, y := range b.Exprs {
				if w, ok := intersectExprs(x, y, a.AbsorbVars, b.AbsorbVars, o, witness); ok {
					return Yes, w
				}
			}
		}
		return No, ""
	}
	nb := b
	nb.Not = !b.Not
	ans, w := Included(a, []Lang{nb}, o)
	switch ans {
	case Yes:
		return No, ""
	case No:
		return Yes, w
	}
	return Unknown, ""
}

// Contains reports whether every string matching the IAM-style glob q also
// matches p (L(q) ⊆ L(p)); fold makes ASCII letters match regardless of
// case. '?' stands for one character (rune). An undecided answer (beyond
// DefaultMaxStates, possible only for long runs of '?' after a '*') is
// reported as false.
func Contains(p, q string, fold bool) bool {
	ans, _ := Included(Union(ParseExpr(q)), []Lang{Union(ParseExpr(p))}, Options{Fold: fold})
	return ans == Yes
}

// A step is one position of a compiled expression.
type step struct {
	kind  TokenKind
	r     rune // Literal: the (folded) character
	v     int  // Var: its symbol index
	inSeg bool
}

// A symbol of the explored alphabet: a character, or a Var (isVar).
type symbol struct {
	r     rune
	v     int
	isVar bool
}

type exprInfo struct {
	steps  []step
	off    int    // first bit of the expression's positions
	univ   []bool // univ[i]: from position i every continuation is accepted
	absorb bool   // Lang.AbsorbVars
}

type machine struct {
	o      Options
	langs  []Lang
	exprs  [][]exprInfo // per lang
	owner  []*exprInfo  // per bit: its expression
	pos    []int        // per bit: its position in the expression
	nbits  int
	words  int
	vars   []string
	other  rune
	hasSep bool
}

func fold(r rune, f bool) rune {
	if f && 'A' <= r && r <= 'Z' {
		return r + 'a' - 'A'
	}
	return r
}

func newMachine(langs []Lang, o Options) *machine {
	if o.MaxStates <= 0 {
		o.MaxStates = DefaultMaxStates
	}
	m := &machine{o: o, langs: langs}
	chars := map[rune]bool{}
	varIdx := map[string]int{}
	for _, l := range langs {
		var infos []exprInfo
		for _, e := range l.Exprs {
			var steps []step
			for _, t := range e {
				switch t.Kind {
				case Literal:
					for _, r := range t.Text {
						r = fold(r, o.Fold)
						chars[r] = true
						steps = append(steps, step{kind: Literal, r: r})
					}
				case AnyChar, AnyRun:
					if t.Kind == AnyRun && len(steps) > 0 {
						// Collapse runs of stars with the same reach: "**" is "*".
						if last := steps[len(steps)-1]; last.kind == AnyRun && last.inSeg == t.InSegment {
							continue
						}
					}
					steps = append(steps, step{kind: t.Kind, inSeg: t.InSegment && o.Sep != 0})
				case Var:
					i, ok := varIdx[t.Text]
					if !ok {
						i = len(m.vars)
						varIdx[t.Text] = i
						m.vars = append(m.vars, t.Text)
					}
					steps = append(steps, step{kind: Var, v: i})
				}
			}
			info := exprInfo{steps: steps, off: m.nbits, univ: make([]bool, len(steps)+1), absorb: l.AbsorbVars}
			// Position i is universal when it and every later step are
			// stars that match everything: any continuation is accepted.
			for i := len(steps) - 1; i >= 0; i-- {
				info.univ[i] = steps[i].kind == AnyRun && !steps[i].inSeg && (i == len(steps)-1 || info.univ[i+1])
			}
			m.nbits += len(steps) + 1
			infos = append(infos, info)
		}
		m.exprs = append(m.exprs, infos)
	}
	m.words = (m.nbits + 63) / 64
	m.owner = make([]*exprInfo, m.nbits)
	m.pos = make([]int, m.nbits)
	for li := range m.exprs {
		for ei := range m.exprs[li] {
			e := &m.exprs[li][ei]
			for i := 0; i <= len(e.steps); i++ {
				m.owner[e.off+i] = e
				m.pos[e.off+i] = i
			}
		}
	}
	if o.Sep != 0 {
		chars[fold(o.Sep, o.Fold)] = true
		m.hasSep = true
	}
	// One character different from every literal and the separator stands
	// for all the others.
	m.other = -1
	for _, r := range "xyzqjkw0123456789_-.~!#%&+=^|" {
		if !chars[r] {
			m.other = r
			break
		}
	}
	for r := rune(0xE000); m.other < 0; r++ {
		if !chars[r] {
			m.other = r
		}
	}
	return m
}

func sortSymbols(s []symbol) {
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && s[j].r < s[j-1].r; j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
}

type bits []uint64

func (b bits) set(i int)      { b[i>>6] |= 1 << (uint(i) & 63) }
func (b bits) has(i int) bool { return b[i>>6]&(1<<(uint(i)&63)) != 0 }

// addClosed adds position i of e and every position reachable by skipping
// stars.
func (m *machine) addClosed(b bits, e *exprInfo, i int) {
	for {
		b.set(e.off + i)
		if i < len(e.steps) && e.steps[i].kind == AnyRun {
			i++
			continue
		}
		return
	}
}

func (m *machine) start() bits {
	b := make(bits, m.words)
	for li := range m.exprs {
		for ei := range m.exprs[li] {
			m.addClosed(b, &m.exprs[li][ei], 0)
		}
	}
	return b
}

// next returns the state after reading sym from cur.
func (m *machine) next(cur bits, sym symbol) bits {
	b := make(bits, m.words)
	sep := fold(m.o.Sep, m.o.Fold)
	var absorbed *exprInfo // the last expression that absorbed sym
	for w, word := range cur {
		for word != 0 {
			bit := w<<6 | mbits.TrailingZeros64(word)
			word &= word - 1
			e, i := m.owner[bit], m.pos[bit]
			if sym.isVar && e.absorb {
				// The variable's value is the text of steps i..j-1 for
				// any j ≥ i. Bits come in increasing order: the first
				// position of e reached covers every later one.
				if absorbed != e {
					absorbed = e
					for j := i; j <= len(e.steps); j++ {
						b.set(e.off + j)
					}
				}
				continue
			}
			if i == len(e.steps) {
				continue
			}
			st := e.steps[i]
			switch st.kind {
			case Literal:
				if !sym.isVar && sym.r == st.r {
					m.addClosed(b, e, i+1)
				}
			case AnyChar:
				if !sym.isVar && !(st.inSeg && sym.r == sep) {
					m.addClosed(b, e, i+1)
				}
			case AnyRun:
				if sym.isVar {
					if !st.inSeg {
						m.addClosed(b, e, i)
					}
				} else if !(st.inSeg && sym.r == sep) {
					m.addClosed(b, e, i)
				}
			case Var:
				if sym.isVar && sym.v == st.v {
					m.addClosed(b, e, i+1)
				}
			}
		}
	}
	return b
}

// symbols returns the symbols worth reading from cur: the literal
// characters its positions expect, the separator, one character standing
// for every other one (they all lead to the same state), and the
// variables.
func (m *machine) symbols(cur bits, buf []symbol) []symbol {
	buf = buf[:0]
	for w, word := range cur {
		for word != 0 {
			bit := w<<6 | mbits.TrailingZeros64(word)
			word &= word - 1
			e, i := m.owner[bit], m.pos[bit]
			if i < len(e.steps) && e.steps[i].kind == Literal {
				r := e.steps[i].r
				dup := false
				for _, s := range buf {
					if s.r == r {
						dup = true
						break
					}
				}
				if !dup {
					buf = append(buf, symbol{r: r})
				}
			}
		}
	}
	sortSymbols(buf)
	if m.hasSep {
		sep := fold(m.o.Sep, m.o.Fold)
		dup := false
		for _, s := range buf {
			if s.r == sep {
				dup = true
			}
		}
		if !dup {
			buf = append(buf, symbol{r: sep})
		}
	}
	buf = append(buf, symbol{r: m.other})
	for i := range m.vars {
		buf = append(buf, symbol{v: i, isVar: true})
	}
	return buf
}

// langState summarises one language in a state: whether it accepts now,
// whether it accepts every continuation, whether it can never accept again.
func (m *machine) langState(b bits, li int) (accept, all, none bool) {
	none = true
	for ei := range m.exprs[li] {
		e := &m.exprs[li][ei]
		lo, hi := e.off, e.off+len(e.steps)
		for i := lo; i <= hi; i++ {
			if b[i>>6] == 0 {
				i |= 63 // skip an empty word
				continue
			}
			if !b.has(i) {
				continue
			}
			none = false
			if i == hi {
				accept = true
			}
			if e.univ[i-lo] {
				all = true
			}
		}
	}
	if m.langs[li].Not {
		return !accept, none, all
	}
	return accept, all, none
}

func (m *machine) run() (Answer, string) {
	type node struct {
		b      bits
		parent int
		sym    symbol
	}
	start := m.start()
	var syms []symbol
	nodes := []node{{b: start, parent: -1}}
	seen := map[string]bool{key(start): true}
	for qi := 0; qi < len(nodes); qi++ {
		cur := nodes[qi].b
		inA, _, deadA := m.langState(cur, 0)
		if deadA {
			continue // no continuation is in the left language
		}
		covered, bad := false, inA
		for li := 1; li < len(m.langs); li++ {
			acc, all, _ := m.langState(cur, li)
			if all {
				covered = true
				break
			}
			if acc {
				bad = false
			}
		}
		if covered {
			continue
		}
		if bad {
			return No, m.witness(func(i int) (int, symbol) { return nodes[i].parent, nodes[i].sym }, qi)
		}
		syms = m.symbols(cur, syms)
		for _, sym := range syms {
			nb := m.next(cur, sym)
			k := key(nb)
			if seen[k] {
				continue
			}
			if len(nodes) >= m.o.MaxStates {
				return Unknown, ""
			}
			seen[k] = true
			nodes = append(nodes, node{b: nb, parent: qi, sym: sym})
		}
	}
	return Yes, ""
}

func (m *machine) witness(up func(int) (int, symbol), i int) string {
	var syms []symbol
	for i > 0 {
		p, s := up(i)
		syms = append(syms, s)
		i = p
	}
	var b strings.Builder
	for j := len(syms) - 1; j >= 0; j-- {
		s := syms[j]
		if s.isVar {
			b.WriteString("${" + m.vars[s.v] + "}")
			continue
		}
		if s.r < utf8.RuneSelf {
			b.WriteByte(byte(s.r))
		} else {
			b.WriteRune(s.r)
		}
	}
	return b.String()
}

func key(b bits) string {
	buf := make([]byte, 0, len(b)*8)
	for _, w := range b {
		buf = append(buf, byte(w), byte(w>>8), byte(w>>16), byte(w>>24), byte(w>>32), byte(w>>40), byte(w>>48), byte(w>>56))
	}
	return string(buf)
}

// flatten compiles an Expr to steps (without the shared alphabet of a
// machine: Literal steps keep their rune, Var steps the index of their text
// in *vars), appending to buf.
func flatten(buf []step, e Expr, o Options, vars *[]string) []step {
	for _, t := range e {
		switch t.Kind {
		case Literal:
			for _, r := range t.Text {
				buf = append(buf, step{kind: Literal, r: fold(r, o.Fold)})
			}
		case AnyChar, AnyRun:
			buf = append(buf, step{kind: t.Kind, inSeg: t.InSegment && o.Sep != 0})
		case Var:
			i := slices.Index(*vars, t.Text)
			if i < 0 {
				i = len(*vars)
				*vars = append(*vars, t.Text)
			}
			buf = append(buf, step{kind: Var, v: i})
		}
	}
	return buf
}

// exprLen is an upper bound of the number of steps of e.
func exprLen(e Expr) int {
	n := 0
	for _, t := range e {
		if t.Kind == Literal {
			n += len(t.Text)
		} else {
			n++
		}
	}
	return n
}

// A searchNode is a pair of positions reached by intersectExprs, with the
// symbol read to reach it from its parent: a character, a variable
// (-2-index) or none (-1).
type searchNode struct {
	k, parent, sym int32
}

// A search looks for a pair of paths through two flattened expressions
// that read the same string: a reachability question over pairs of
// positions. Its buffers are reused: summaries and comparisons ask
// hundreds of thousands of small questions.
type search struct {
	steps  []step
	vars   []string
	a, b   []step
	ax, ay bool
	n, m   int
	sep    rune
	seen   []uint64
	nodes  []searchNode
	stack  []int32
	succ   []move
}

// A move is a pair of positions one step away, and the symbol read.
type move struct {
	i, j int
	sym  int32
}

var searchPool = sync.Pool{New: func() any { return new(search) }}

// intersectExprs reports whether some string matches both x and y, and
// (if witness is set) one such string, by a search over pairs of
// positions. ax (ay) says whether x (y) absorbs the other's Vars
// (Lang.AbsorbVars).
func intersectExprs(x, y Expr, ax, ay bool, o Options, witness bool) (string, bool) {
	s := searchPool.Get().(*search)
	defer searchPool.Put(s)
	s.vars = s.vars[:0]
	s.steps = slices.Grow(s.steps[:0], exprLen(x)+exprLen(y))
	s.steps = flatten(s.steps, x, o, &s.vars)
	n := len(s.steps)
	s.steps = flatten(s.steps, y, o, &s.vars)
	s.a, s.b = s.steps[:n:n], s.steps[n:]
	s.n, s.m = n, len(s.b)
	s.ax, s.ay = ax, ay
	s.sep = fold(o.Sep, o.Fold)
	// A depth-first search without parents answers; only a Yes needs the
	// breadth-first one that keeps them, for the witness.
	if !s.reach() {
		return "", false
	}
	if !witness {
		return "", true
	}
	return s.witness(), true
}

func (s *search) clearSeen() {
	words := ((s.n+1)*(s.m+1) + 63) / 64
	s.seen = slices.Grow(s.seen[:0], words)[:words]
	clear(s.seen)
}

// mark records position pair k and reports whether it is new.
func (s *search) mark(k int) bool {
	if s.seen[k>>6]&(1<<(uint(k)&63)) != 0 {
		return false
	}
	s.seen[k>>6] |= 1 << (uint(k) & 63)
	return true
}

// reach reports whether the end of both expressions can be reached: a
// depth-first search over the moves of (*search).moves, written out for
// speed (summaries ask it hundreds of thousands of times).
func (s *search) reach() bool {
	s.clearSeen()
	a, b, n, m, sep := s.a, s.b, s.n, s.m, s.sep
	w := m + 1
	seen := s.seen
	stack := append(s.stack[:0], 0)
	defer func() { s.stack = stack[:0] }()
	seen[0] = 1
	end := n*w + m
	push := func(i, j int) {
		k := i*w + j
		if seen[k>>6]&(1<<(uint(k)&63)) == 0 {
			seen[k>>6] |= 1 << (uint(k) & 63)
			stack = append(stack, int32(k))
		}
	}
	for len(stack) > 0 {
		k := int(stack[len(stack)-1])
		stack = stack[:len(stack)-1]
		if k == end {
			return true
		}
		i, j := k/w, k%w
		if i < n && a[i].kind == AnyRun {
			push(i+1, j)
		}
		if j < m && b[j].kind == AnyRun {
			push(i, j+1)
		}
		if i < n && a[i].kind == Var && s.ay {
			for j2 := j; j2 <= m; j2++ {
				push(i+1, j2)
			}
		}
		if j < m && b[j].kind == Var && s.ax {
			for i2 := i; i2 <= n; i2++ {
				push(i2, j+1)
			}
		}
		if i == n || j == m {
			continue
		}
		sa, sb := a[i], b[j]
		ni, nj := i+1, j+1
		if sa.kind == AnyRun {
			ni = i
		}
		if sb.kind == AnyRun {
			nj = j
		}
		switch {
		case sa.kind == Var || sb.kind == Var:
			v, other := sa, sb
			if sb.kind == Var {
				v, other = sb, sa
			}
			if (other.kind == Var && other.v == v.v) || (other.kind == AnyRun && !other.inSeg) {
				push(ni, nj)
			}
		case sa.kind == Literal && sb.kind == Literal:
			if sa.r == sb.r {
				push(ni, nj)
			}
		case sa.kind == Literal:
			if !(sb.inSeg && sa.r == sep) {
				push(ni, nj)
			}
		case sb.kind == Literal:
			if !(sa.inSeg && sb.r == sep) {
				push(ni, nj)
			}
		default:
			push(ni, nj) // two wildcards read a common character
		}
	}
	return false
}

// witness returns a shortest string both expressions read, by a
// breadth-first search that keeps each pair's parent.
func (s *search) witness() string {
	s.clearSeen()
	w := s.m + 1
	s.nodes = append(s.nodes[:0], searchNode{parent: -1, sym: -1})
	s.mark(0)
	end := s.n*w + s.m
	for q := 0; q < len(s.nodes); q++ {
		k := int(s.nodes[q].k)
		if k == end {
			var syms []int32
			for i := q; i > 0; i = int(s.nodes[i].parent) {
				syms = append(syms, s.nodes[i].sym)
			}
			var b strings.Builder
			for i := len(syms) - 1; i >= 0; i-- {
				switch sym := syms[i]; {
				case sym >= 0:
					b.WriteRune(rune(sym))
				case sym <= -2:
					b.WriteString("${" + s.vars[-2-sym] + "}")
				}
			}
			return b.String()
		}
		for _, mv := range s.moves(k/w, k%w) {
			if k2 := mv.i*w + mv.j; s.mark(k2) {
				s.nodes = append(s.nodes, searchNode{int32(k2), int32(q), mv.sym})
			}
		}
	}
	panic("glob: witness of an empty intersection")
}

// charOK reports whether a character step (or star) can read r.
func (s *search) charOK(st step, r rune) bool {
	switch st.kind {
	case Literal:
		return st.r == r
	case AnyChar, AnyRun:
		return !(st.inSeg && r == s.sep)
	}
	return false
}

// moves returns every pair of positions one step from (i, j), with the
// symbol read (a character, -2-index for a variable, -1 for none), in a
// buffer that the next call reuses.
func (s *search) moves(i, j int) []move {
	s.succ = s.succ[:0]
	next := func(i, j int, sym int32) { s.succ = append(s.succ, move{i, j, sym}) }
	a, b, n, m := s.a, s.b, s.n, s.m
	// Skip a star without reading.
	if i < n && a[i].kind == AnyRun {
		next(i+1, j, -1)
	}
	if j < m && b[j].kind == AnyRun {
		next(i, j+1, -1)
	}
	// A variable of one side may stand for any text of the other when
	// the other absorbs variables: from j to any later position.
	if i < n && a[i].kind == Var && s.ay {
		for j2 := j; j2 <= m; j2++ {
			next(i+1, j2, int32(-2-a[i].v))
		}
	}
	if j < m && b[j].kind == Var && s.ax {
		for i2 := i; i2 <= n; i2++ {
			next(i2, j+1, int32(-2-b[j].v))
		}
	}
	if i == n || j == m {
		return s.succ
	}
	sa, sb := a[i], b[j]
	ni, nj := i+1, j+1
	if sa.kind == AnyRun {
		ni = i
	}
	if sb.kind == AnyRun {
		nj = j
	}
	// A symbol both steps read: a variable, or a character.
	if sa.kind == Var || sb.kind == Var {
		v := sa
		other := sb
		if sb.kind == Var {
			v, other = sb, sa
		}
		if (other.kind == Var && other.v == v.v) || (other.kind == AnyRun && !other.inSeg) {
			next(ni, nj, int32(-2-v.v))
		}
		return s.succ
	}
	var r rune = -1
	switch {
	case sa.kind == Literal:
		if s.charOK(sb, sa.r) {
			r = sa.r
		}
	case sb.kind == Literal:
		if s.charOK(sa, sb.r) {
			r = sb.r
		}
	default:
		r = 'x'
		if r == s.sep {
			r = 'y'
		}
	}
	if r >= 0 {
		next(ni, nj, r)
	}
	return s.succ
}
