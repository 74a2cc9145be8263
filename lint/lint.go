// Package lint checks AWS IAM policies offline, as IAM Access Analyzer's
// ValidatePolicy, Parliament and Cloudsplaining do, in one pass.
//
// A [Rule] is a plain value: a stable code (Access Analyzer's issue code where
// the check is the same), a severity, documentation with a Bad and a Good
// example, and a Run function that inspects one parsed policy through a
// [Pass]. Suites are explicit slices of rules (package iamrules holds the IAM
// suite); [Validate] rejects badly declared ones.
//
// A [Linter] parses each [Input] with iam.Parse, runs the rules that apply to
// the policy's type, applies the suppressions of a [Config], and returns the
// findings sorted by position:
//
//	l := &lint.Linter{Catalog: catalog.Default(), Rules: iamrules.Suite}
//	res := l.Lint(&lint.Input{File: "policy.json", Src: src, Type: iam.Identity})
//	res.Diags.Print(os.Stdout)
//
// Findings of the parser (JSON_SYNTAX_ERROR, MISSING_EFFECT, ...) and of the
// rules are the same [diag.Diagnostic] type, so every output format handles
// both.
package lint

import (
	"fmt"
	"github.com/leastpriv/leastpriv/internal/ascii"
	"hash/maphash"
	"runtime"
	"strconv"
	"strings"
	"sync"

	"github.com/leastpriv/leastpriv/catalog"
	"github.com/leastpriv/leastpriv/diag"
	"github.com/leastpriv/leastpriv/iam"
	"github.com/leastpriv/leastpriv/internal/jsonpos"
)

func sprintf(format string, args ...any) string {
	if len(args) == 0 {
		return format
	}
	return fmt.Sprintf(format, args...)
}

// An Input is one policy to lint.
type Input struct {
	// File names the document in positions.
	File string
	// Src is the text the policy is parsed from. For a policy found inside a
	// larger document it is the whole document with every byte outside the
	// policy blanked (newlines kept), so that positions are the document's.
	Src []byte
	// Value, when set, is a JSON tree built by a front end (for example
	// from CloudFormation YAML) and is parsed instead of Src.
	Value *jsonpos.Value
	// Type is the policy type; with DetectType it is only the default,
	// replaced by trust or resource when statements name principals.
	Type       iam.Type
	DetectType bool
	// Legacy parses as AWS does policies stored before its stricter parser.
	Legacy bool
	// Container says where the policy is stored, for size quotas.
	Container Container
	// Name says where in the file the policy was found ("code block at
	// line 12", "Resources.AppRole.Properties.Policies[0]"); empty for a
	// whole-file policy.
	Name string
	// Placeholders are the ranges of template placeholders and intrinsic
	// functions inside the policy, sorted by offset.
	Placeholders []diag.Range
	// Diags are findings of the front end that extracted the policy; they
	// are reported, and suppressed, with the policy's own.
	Diags diag.List
	// ActionsOnly marks a synthetic policy holding the action names a page
	// mentions in prose: only rules with ActionNames set run on it.
	ActionsOnly bool
	// Remap, when set, maps ranges of Src to ranges of the original file
	// (Src was decoded from it: HTML entities, a JSON string).
	Remap func(diag.Range) diag.Range
}

// A Result is the outcome of linting one input.
type Result struct {
	Input  *Input
	Policy *iam.Policy // nil when the document could not be parsed at all
	// Diags are the findings that were not suppressed, sorted.
	Diags diag.List
	// Invalid reports that the parser or front end found an error: the
	// policy is not a valid document (IAM would reject it).
	Invalid bool
	// Suppressed counts findings removed by the configuration.
	Suppressed int
}

// A Linter lints inputs with a suite of rules. Its fields must not change
// while it is in use; then it is safe for concurrent use.
type Linter struct {
	Catalog *catalog.Catalog
	Rules   []*Rule
	// Config holds suppressions; nil suppresses nothing.
	Config *Config
	// Disabled lists codes whose findings are not reported (rules are not
	// run, parser findings are dropped).
	Disabled map[string]bool

	// memos hold what is worth remembering across policies: the
	// resolution of Action values ("s3:GetObject", "ec2:Describe*"), which
	// recur in many policies, and what rules compute from values alone (see
	// Pass.SharedMemo). Each Lint call takes one memo for itself, so lookups
	// are plain map reads, without locks; concurrent calls use different
	// memos (as many as calls ever ran at once). Unlike a sync.Pool, the
	// list keeps them across garbage collections.
	mu    sync.Mutex
	memos []*memo
}

// A memo caches resolutions and shared values for the policies one
// goroutine lints.
type memo struct {
	refs map[string]*Resolved // Action value as written
	// byID holds the resolutions of the values written exactly as the
	// catalog spells an action, by action ID, once the memo has met
	// enough distinct values to use the catalog's exact-name index.
	byID   []*Resolved
	exact  *exactNames
	shared map[MemoKey]any
	// sets are the words of the action sets of policies linted before,
	// reused once a policy is done (rules do not keep sets beyond their
	// policy).
	sets []catalog.Set
}

// Bounds of the memos, so that a long-running process linting many
// different policies keeps a few megabytes at most.
const (
	maxRefs   = 1 << 16
	maxShared = 1 << 18
	maxSets   = 64
)

// getMemo takes a memo for one Lint call; putMemo gives it back.
func (l *Linter) getMemo() *memo {
	l.mu.Lock()
	defer l.mu.Unlock()
	if n := len(l.memos); n > 0 {
		m := l.memos[n-1]
		l.memos = l.memos[:n-1]
		return m
	}
	return &memo{refs: map[string]*Resolved{}, shared: map[MemoKey]any{}}
}

func (l *Linter) putMemo(m *memo) {
	l.mu.Lock()
	l.memos = append(l.memos, m)
	l.mu.Unlock()
}

// resolve returns the catalog resolution of an Action value, memoised.
//
// Most values name one action exactly as the catalog spells it
// ("s3:GetObject"). A memo that has met many distinct values looks those up
// in the catalog's exact-name index and keeps their resolutions by action
// ID: a lookup in one map that every memo shares, instead of a binary
// search in the service's actions and an entry in a growing map of its
// own. The resolution is the same: that of the catalog's name, which is
// the value.
func (m *memo) resolve(c *catalog.Catalog, value string) *Resolved {
	if m.exact != nil {
		if id, ok := m.exact.lookup(value); ok {
			r := m.byID[id]
			if r == nil {
				r = resolveExact(c, id)
				m.byID[id] = r
			}
			return r
		}
	}
	if r, ok := m.refs[value]; ok {
		return r
	}
	r := resolveAction(c, value, c.Match)
	if len(m.refs) < maxRefs {
		m.refs[value] = r
	}
	if len(m.refs) == exactAfter && m.exact == nil {
		if m.exact = exactNamesOf(c); m.exact != nil {
			m.byID = make([]*Resolved, c.NumActions())
		}
	}
	return r
}

// exactAfter is the number of distinct values after which a memo switches
// to the exact-name index: building the index costs a millisecond or two
// once per process, which a run over a few policies would not win back. (A
// variable for tests.)
var exactAfter = 2048

// exactNames maps the action names, as the catalog spells them
// ("s3:GetObject"), to the actions' IDs: every name that resolves to its
// own action, which is every name unless two actions of a service differ
// only by case.
//
// It is a hash table of its own, smaller than a map[string]int32 and so
// mostly in cache: each slot holds an action ID plus one, 0 for none, and
// the top bits of the name's hash, which rule out most other names without
// reading them.
type exactNames struct {
	c     *catalog.Catalog
	seed  maphash.Seed
	slots []uint32 // (hash >> 48) << 16 | (id + 1); a power of two long
}

// lookup returns the ID of the action named exactly s.
func (x *exactNames) lookup(s string) (int, bool) {
	h := maphash.String(x.seed, s)
	tag := uint32(h>>48) << 16
	mask := uint64(len(x.slots) - 1)
	for i := h & mask; ; i = (i + 1) & mask {
		e := x.slots[i]
		if e == 0 {
			return 0, false
		}
		if e&0xffff0000 == tag {
			id := int(e&0xffff) - 1
			if x.c.ActionName(id) == s {
				return id, true
			}
		}
	}
}

// exactIndexes memoises one exactNames per catalog; catalogs are immutable.
var exactIndexes sync.Map // *catalog.Catalog -> func() *exactNames

func exactNamesOf(c *catalog.Catalog) *exactNames {
	f, ok := exactIndexes.Load(c)
	if !ok {
		f, _ = exactIndexes.LoadOrStore(c, sync.OnceValue(func() *exactNames { return buildExactNames(c) }))
	}
	return f.(func() *exactNames)()
}

// buildExactNames builds the index of c, or returns nil when c has too many
// actions for its slots.
func buildExactNames(c *catalog.Catalog) *exactNames {
	n := c.NumActions()
	if n >= 1<<16-1 {
		return nil
	}
	x := &exactNames{c: c, seed: maphash.MakeSeed()}
	size := 1
	for size < 2*n {
		size *= 2
	}
	x.slots = make([]uint32, size)
	mask := uint64(size - 1)
	for _, svc := range c.Services() {
		if c.Service(svc.Prefix) != svc {
			continue
		}
		for i, a := range svc.Actions {
			key := c.ActionName(a.ID)
			p := len(svc.Prefix)
			if len(key) != p+1+len(a.Name) || key[:p] != svc.Prefix || key[p] != ':' || key[p+1:] != a.Name || hasWildcard(key) ||
				i > 0 && ascii.EqualFold(svc.Actions[i-1].Name, a.Name) ||
				i+1 < len(svc.Actions) && ascii.EqualFold(svc.Actions[i+1].Name, a.Name) {
				continue
			}
			h := maphash.String(x.seed, key)
			i := h & mask
			for x.slots[i] != 0 {
				i = (i + 1) & mask
			}
			x.slots[i] = uint32(h>>48)<<16 | uint32(a.ID+1)
		}
	}
	return x
}

// resolveExact is resolveAction of the catalog's name of action id, which
// the exact-name index holds: the name resolves to that action, found
// without a search.
func resolveExact(c *catalog.Catalog, id int) *Resolved {
	prefix, name, _ := strings.Cut(c.ActionName(id), ":")
	return &Resolved{Prefix: prefix, Name: name, Service: c.Service(prefix), Action: c.Actions()[id]}
}

func (m *memo) sharedMemo(key MemoKey, compute func() any) any {
	if v, ok := m.shared[key]; ok {
		return v
	}
	v := compute()
	if len(m.shared) < maxShared {
		m.shared[key] = v
	}
	return v
}

// Lint parses in and runs every rule that applies to its type.
func (l *Linter) Lint(in *Input) Result {
	res := Result{Input: in}
	pol, pdiags := l.parse(in)
	res.Policy = pol
	// Findings of the front end and the parser say whether the input is a
	// valid document; rule findings say what is wrong with a valid one.
	input := append(append(diag.List(nil), in.Diags...), pdiags...)
	var findings diag.List
	if pol != nil && !hasErrors(pdiags) {
		findings = l.run(pol, in)
	}
	input = l.finish(in, pol, input, &res)
	findings = l.finish(in, pol, findings, &res)
	res.Invalid = hasErrors(input)
	all := findings // most policies have no input findings: no copy
	if len(input) > 0 {
		all = append(input, findings...)
	}
	all.Sort()
	res.Diags = all
	return res
}

// finish remaps, drops disabled codes and applies suppressions.
func (l *Linter) finish(in *Input, pol *iam.Policy, ds diag.List, res *Result) diag.List {
	if in.Remap != nil {
		for i := range ds {
			ds[i].Range = in.Remap(ds[i].Range)
			for j := range ds[i].Related {
				ds[i].Related[j].Range = in.Remap(ds[i].Related[j].Range)
			}
		}
	}
	if len(l.Disabled) > 0 {
		kept := ds[:0]
		for _, d := range ds {
			if !l.Disabled[d.Code] {
				kept = append(kept, d)
			}
		}
		ds = kept
	}
	if l.Config != nil {
		var n int
		ds, n = l.Config.Filter(in.File, pol, ds)
		res.Suppressed += n
	}
	return ds
}

func hasErrors(l diag.List) bool {
	for _, d := range l {
		if d.Severity == diag.Error {
			return true
		}
	}
	return false
}

// parse parses the input, detecting its type when asked.
func (l *Linter) parse(in *Input) (*iam.Policy, diag.List) {
	opts := iam.ParseOptions{Type: in.Type, Legacy: in.Legacy}
	do := func() (*iam.Policy, diag.List) {
		if in.Value != nil {
			return iam.ParseValue(in.Value, opts)
		}
		return iam.Parse(in.File, in.Src, opts)
	}
	pol, ds := do()
	if in.DetectType && pol != nil {
		if t := DetectType(pol, in.Type); t != opts.Type {
			opts.Type = t
			in.Type = t
			pol, ds = do()
		}
	}
	return pol, ds
}

// DetectType guesses a policy's type from its content: a policy whose
// statements name principals is a trust policy when every action is an
// sts:AssumeRole* (or session tagging) action, and a resource policy
// otherwise. Policies without principals keep def.
func DetectType(p *iam.Policy, def iam.Type) iam.Type {
	hasPrincipal := false
	trustOnly := true
	for _, st := range p.Statements {
		if st.Principal != nil {
			hasPrincipal = true
		}
		if st.Action == nil || st.Action.Not {
			trustOnly = false
			continue
		}
		for _, a := range st.Action.Values {
			if !isTrustAction(a.Value) {
				trustOnly = false
			}
		}
	}
	if !hasPrincipal || def != iam.Identity {
		return def
	}
	if trustOnly {
		return iam.Trust
	}
	return iam.Resource
}

func isTrustAction(a string) bool {
	a = strings.ToLower(a)
	return strings.HasPrefix(a, "sts:assumerole") || a == "sts:tagsession" || a == "sts:setsourceidentity" || a == "sts:setcontext"
}

// CodeInternalError reports a rule that failed on a policy (a bug).
const CodeInternalError = "INTERNAL_ERROR"

// run applies the rules to a parsed policy.
func (l *Linter) run(pol *iam.Policy, in *Input) (out diag.List) {
	m := l.getMemo()
	defer l.putMemo(m)
	c := l.Catalog
	p := &Pass{Policy: pol, Catalog: c, Input: in, facts: &facts{}, out: &out,
		resolve: func(v string) *Resolved { return m.resolve(c, v) }, shared: m.sharedMemo, sets: &m.sets}
	defer func() {
		// The policy is done: its action sets are free for the next one.
		for i, done := range p.facts.grantedDone {
			if done && len(m.sets) < maxSets {
				m.sets = append(m.sets, p.facts.granted[i])
			}
		}
	}()
	defer func() {
		// A rule that fails on some input must not take the others down:
		// report the failure as a finding of that policy.
		if e := recover(); e != nil {
			out.Add(diag.Diagnostic{Range: pol.Range, Code: CodeInternalError, Severity: diag.Error,
				Message: fmt.Sprintf("rule %s failed on this policy: %v", p.Rule.Code, e),
				Detail:  "this is a bug in leastpriv; please report it with the policy"})
		}
	}()
	for _, r := range l.Rules {
		if !r.AppliesTo(pol.Type) || l.Disabled[r.Code] || in.ActionsOnly && !r.ActionNames {
			continue
		}
		p.Rule = r
		r.Run(p)
	}
	return out
}

// LintAll lints every input, using up to workers goroutines (GOMAXPROCS
// when workers <= 0), and returns the results in input order.
func (l *Linter) LintAll(ins []*Input, workers int) []Result {
	out := make([]Result, len(ins))
	l.LintEach(ins, workers, func(i int, r Result) { out[i] = r })
	return out
}

// LintEach lints every input, using up to workers goroutines (GOMAXPROCS
// when workers <= 0), and calls f with each result and its input's index as
// soon as it is ready, from one goroutine at a time but in no particular
// order. Callers that keep only the findings keep memory low: a Result holds
// the parsed policy.
func (l *Linter) LintEach(ins []*Input, workers int, f func(int, Result)) {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	workers = min(workers, len(ins))
	if workers <= 1 {
		for i, in := range ins {
			f(i, l.Lint(in))
		}
		return
	}
	var (
		wg   sync.WaitGroup
		mu   sync.Mutex
		next = make(chan int, workers)
	)
	for range workers {
		wg.Go(func() {
			for i := range next {
				r := l.Lint(ins[i])
				mu.Lock()
				f(i, r)
				mu.Unlock()
			}
		})
	}
	for i := range ins {
		next <- i
	}
	close(next)
	wg.Wait()
}

// StatementIndex returns the index of the statement a JSON Pointer points
// into ("/Statement/3/Action/0" is 3; "/Statement/Action" of a single
// statement object is 0), or -1.
func StatementIndex(path string) int {
	rest, ok := strings.CutPrefix(path, "/Statement")
	if !ok {
		return -1
	}
	if rest == "" {
		return 0
	}
	rest = rest[1:]
	seg, _, _ := strings.Cut(rest, "/")
	n, err := strconv.Atoi(seg)
	if err != nil {
		// A single statement object: the segment is an element name.
		return 0
	}
	return n
}
