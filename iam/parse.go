package iam

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/leastpriv/leastpriv/diag"
	"github.com/leastpriv/leastpriv/internal/jsonpos"
)

// DefaultMaxSize is the document size cap of [Parse] unless
// ParseOptions.MaxSize says otherwise. Real policy documents are at most
// 32 KiB (KMS key policies).
const DefaultMaxSize = 1 << 20

// ParseOptions control [Parse] and [ParseValue].
type ParseOptions struct {
	// Type is the kind of document; it decides the Principal and Resource
	// rules, the Sid rules and the character set.
	Type Type
	// Legacy accepts what AWS still accepts in policies stored before its
	// parser became strict: a repeated Effect (the last one wins) and
	// repeated Action, NotAction, Resource or NotResource elements (their
	// values are merged), each reported as a warning.
	// https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_policies.html#troubleshoot_policies-syntax-errors
	Legacy bool
	// MaxSize caps the document size in bytes: 0 means DefaultMaxSize, a
	// negative value means no cap.
	MaxSize int
	// MaxDepth caps the nesting of arrays and objects: 0 means
	// jsonpos.DefaultMaxDepth (64).
	MaxDepth int
}

// Parse parses src, the content of file, as a policy document of type
// opts.Type. It returns nil only when src is not JSON; otherwise it returns
// the best policy it can build, with every problem found (not just the
// first) in the diagnostics. The policy is fit for use only when the
// diagnostics hold no errors.
func Parse(file string, src []byte, opts ParseOptions) (*Policy, diag.List) {
	maxSize := opts.MaxSize
	if maxSize == 0 {
		maxSize = DefaultMaxSize
	}
	jp := jsonParsers.Get().(*jsonpos.Parser)
	defer jsonParsers.Put(jp)
	v, diags := jp.Parse(file, src, jsonpos.Options{MaxSize: maxSize, MaxDepth: opts.MaxDepth})
	if v == nil {
		return nil, diags
	}
	// The policy copies what it needs from the tree, which dies here. A
	// document of plain ASCII strings has no character to report.
	return parseValue(v, opts, jp.Plain())
}

var jsonParsers = sync.Pool{New: func() any { return new(jsonpos.Parser) }}

// ParseValue builds a policy from a JSON tree, which jsonpos.Parse or
// another front end (YAML, Terraform plan JSON) produced. The file name of
// positions is taken from v.Range.File. See [Parse] for the result. A tree
// built by hand needs Kind, Text, Elems, Members (each with a non-nil Value),
// Range and Path set; ParseValue returns nil for a nil tree.
func ParseValue(v *jsonpos.Value, opts ParseOptions) (*Policy, diag.List) {
	return parseValue(v, opts, false)
}

// parseValue is ParseValue; plain reports that every string of the tree is
// known to hold only characters IAM accepts (see jsonpos.Parser.Plain).
func parseValue(v *jsonpos.Value, opts ParseOptions, plain bool) (*Policy, diag.List) {
	if v == nil {
		return nil, nil
	}
	p := &parser{opts: opts}
	pol := &Policy{File: v.Range.File, Type: opts.Type, Range: v.Range}
	if !plain {
		p.checkChars(v)
	}
	if v.Kind != jsonpos.Object {
		p.errorf(v.Range, v.Path, CodeWrongType, "a policy document is a JSON object, found %s", v.Describe())
		return pol, p.diags
	}
	p.policy(pol, v)
	return pol, p.diags
}

type parser struct {
	opts     ParseOptions
	diags    diag.List
	strs     []String // block the String slices of the policy are cut from
	strBlock int
}

// strings returns a slice of n Strings (with no spare capacity) cut from a
// block: a policy's many short lists then cost a few allocations, not one
// each. Blocks grow geometrically, so small policies stay small.
func (p *parser) strings(n int) []String {
	if len(p.strs) < n {
		p.strBlock = min(max(2*p.strBlock, 16), 1024)
		p.strs = make([]String, max(n, p.strBlock))
	}
	s := p.strs[:n:n]
	p.strs = p.strs[n:]
	return s
}

func (p *parser) add(r diag.Range, path string, sev diag.Severity, code, detail, format string, args ...any) *diag.Diagnostic {
	p.diags = append(p.diags, diag.Diagnostic{
		Range: r, Path: path, Code: code, Severity: sev, Detail: detail,
		Message: fmt.Sprintf(format, args...),
	})
	return &p.diags[len(p.diags)-1]
}

func (p *parser) errorf(r diag.Range, path, code, format string, args ...any) *diag.Diagnostic {
	return p.add(r, path, diag.Error, code, "", format, args...)
}

// iamStored reports whether documents of the type are stored by IAM, STS or
// Organizations and so limited to IAM's character set. Resource policies
// belong to each service, with their own rules.
func (p *parser) iamStored() bool { return p.opts.Type != Resource }

// checkChars reports, once per string, characters outside IAM's set:
// "Policy documents can contain only the following Unicode characters:
// horizontal tab (U+0009), linefeed (U+000A), carriage return (U+000D), and
// characters in the range U+0020 to U+00FF."
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html).
// Other control characters are errors in every policy type; characters above
// U+00FF are errors in IAM-stored types and warnings in resource policies.
func (p *parser) checkChars(v *jsonpos.Value) {
	switch v.Kind {
	case jsonpos.String:
		p.checkString(v.Text, v.Escaped, v.Range, v.Path, "string")
	case jsonpos.Array:
		for _, e := range v.Elems {
			p.checkChars(e)
		}
	case jsonpos.Object:
		for i := range v.Members {
			m := &v.Members[i]
			p.checkString(m.Key, m.KeyEscaped, m.KeyRange, m.Value.Path, "key")
			p.checkChars(m.Value)
		}
	}
}

func (p *parser) checkString(s string, escaped bool, r diag.Range, path, what string) {
	i := 0
	for i < len(s) && s[i] >= 0x20 && s[i] < 0x80 {
		i++
	}
	for i < len(s) {
		c, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case c == '\t' || c == '\n' || c == '\r' || c >= 0x20 && c <= 0xFF:
			i += size
			continue
		case c < 0x20:
			d := p.errorf(charRange(r, s, escaped, i, size), path, CodeInvalidChar,
				"%s holds control character U+%04X", what, c)
			d.Detail = "IAM policies may hold only tab, line feed and carriage return as control characters; remove it"
		default:
			sev := diag.Error
			detail := "IAM policy documents may hold only tab, line feed, carriage return and characters U+0020 to U+00FF; replace it (it may be a look-alike of an ASCII letter)"
			if !p.iamStored() {
				sev = diag.Warning
				detail = "characters above U+00FF rarely belong in a policy; check for a look-alike of an ASCII letter"
			}
			p.add(charRange(r, s, escaped, i, size), path, sev, CodeInvalidChar, detail,
				"%s holds character %q (U+%04X), outside the IAM character set", what, c, c)
		}
		return
	}
}

// charRange returns the range of the character at byte i of the decoded
// string s whose quoted source text spans r: exact when the source had no
// escapes, else the whole string.
func charRange(r diag.Range, s string, escaped bool, i, size int) diag.Range {
	if escaped || r.End.Offset-r.Start.Offset != len(s)+2 || r.Start.Line != r.End.Line || !r.Start.IsValid() {
		return r
	}
	start := r.Start
	start.Offset += 1 + i
	start.Column += 1 + i
	end := start
	end.Offset += size
	end.Column += size
	return diag.Range{File: r.File, Start: start, End: end}
}

// A field is one known element of an object and where it occurs.
type field struct {
	m    *jsonpos.Member   // first occurrence, or nil
	dups []*jsonpos.Member // later occurrences that legacy mode merges
	// near is set when a key that is likely a misspelling of the name
	// (same up to case, or a close typo) was present and reported; the
	// element is then not also reported missing.
	near bool
}

// fields matches the members of obj against the element names, reporting
// unknown elements, keys that differ only by case and, unless merge says
// the element may repeat, duplicate keys. The result is indexed like names.
func (p *parser) fields(obj *jsonpos.Value, names []string, where string, merge func(string) bool, out []field) {
members:
	for i := range obj.Members {
		m := &obj.Members[i]
		for k, n := range names {
			if m.Key != n {
				continue
			}
			f := &out[k]
			if f.m == nil {
				f.m = m
				continue members
			}
			if merge != nil && merge(n) {
				f.dups = append(f.dups, m)
			} else {
				p.duplicate(m, f.m, n)
			}
			continue members
		}
		for k, n := range names {
			if strings.EqualFold(m.Key, n) {
				out[k].near = true
				if obj.Get(n) != nil {
					d := p.errorf(m.KeyRange, m.Value.Path, CodeDuplicateCase,
						"element %q differs only by case from %q", m.Key, n)
					d.Detail = fmt.Sprintf("element names are case-sensitive; remove %q or merge it into %q", m.Key, n)
					d.Related = []diag.Related{{Range: obj.Members[indexOf(obj, n)].KeyRange, Message: fmt.Sprintf("%q is here", n)}}
				} else {
					d := p.errorf(m.KeyRange, m.Value.Path, CodeInvalidElem, "unknown element %q in %s", m.Key, where)
					d.Detail = fmt.Sprintf("did you mean %q? element names are case-sensitive", n)
				}
				continue members
			}
		}
		d := p.errorf(m.KeyRange, m.Value.Path, CodeInvalidElem, "unknown element %q in %s", m.Key, where)
		if s := suggest(m.Key, names); s != "" {
			d.Detail = fmt.Sprintf("did you mean %q?", s)
			out[slices.Index(names, s)].near = true
		} else {
			d.Detail = "the elements of " + where + " are " + strings.Join(names, ", ")
		}
	}
}

func indexOf(obj *jsonpos.Value, key string) int {
	for i := range obj.Members {
		if obj.Members[i].Key == key {
			return i
		}
	}
	return -1
}

// duplicate reports that m repeats the key of first.
func (p *parser) duplicate(m, first *jsonpos.Member, what string) {
	d := p.errorf(m.KeyRange, m.Value.Path, CodeDuplicateKey, "duplicate key %q at %s, first at %s",
		what, m.KeyRange.Start, first.KeyRange.Start)
	d.Detail = "IAM rejects repeated keys; keep one of them"
	d.Related = []diag.Related{{Range: first.KeyRange, Message: fmt.Sprintf("first %q is here", what)}}
}

// checkType reports a null or a value of the wrong kind for element name and
// reports whether v has one of the kinds.
func (p *parser) checkType(v *jsonpos.Value, name, want string, kinds ...jsonpos.Kind) bool {
	for _, k := range kinds {
		if v.Kind == k {
			return true
		}
	}
	if v.Kind == jsonpos.Null {
		d := p.errorf(v.Range, v.Path, CodeNull, "%s is null", name)
		d.Detail = "IAM does not accept null; give " + want + " or remove the element"
		return false
	}
	p.errorf(v.Range, v.Path, CodeWrongType, "%s must be %s, found %s", name, want, v.Describe())
	return false
}

func str(v *jsonpos.Value) String {
	return String{Value: v.Text, Range: v.Range, Path: v.Path, Escaped: v.Escaped}
}

var policyElements = []string{"Version", "Id", "Statement"}

const (
	fVersion = iota
	fID
	fStatement
)

func (p *parser) policy(pol *Policy, v *jsonpos.Value) {
	var fs [3]field
	f := fs[:]
	p.fields(v, policyElements, "the policy", nil, f)
	if m := f[fVersion].m; m != nil && p.checkType(m.Value, "Version", `a string ("2012-10-17")`, jsonpos.String) {
		s := str(m.Value)
		pol.Version = &s
		if s.Value != "2012-10-17" && s.Value != "2008-10-17" {
			d := p.errorf(s.Range, s.Path, CodeInvalidVersion, "invalid Version %q", s.Value)
			d.Detail = `use "2012-10-17", the current version of the policy language`
		}
	}
	if m := f[fID].m; m != nil && p.checkType(m.Value, "Id", "a string", jsonpos.String) {
		s := str(m.Value)
		pol.ID = &s
	}
	m := f[fStatement].m
	if m == nil {
		if !f[fStatement].near {
			d := p.errorf(v.Range, v.Path, CodeMissingStatement, "policy has no Statement")
			d.Detail = `add "Statement": [{"Effect": ..., "Action": ..., "Resource": ...}]`
		}
		return
	}
	pol.StatementKey = m.KeyRange
	sv := m.Value
	switch {
	case sv.Kind == jsonpos.Object:
		pol.Statements = []*Statement{p.statement(sv, 0)}
	case sv.Kind == jsonpos.Array && len(sv.Elems) == 0:
		d := p.errorf(sv.Range, sv.Path, CodeEmptyValue, "Statement is an empty array")
		d.Detail = "a policy needs at least one statement"
		pol.StatementList = true
	case p.checkType(sv, "Statement", "an object or an array of objects", jsonpos.Array):
		pol.StatementList = true
		pol.Statements = make([]*Statement, 0, len(sv.Elems))
		for _, e := range sv.Elems {
			if !p.checkType(e, "a statement", "an object", jsonpos.Object) {
				continue
			}
			pol.Statements = append(pol.Statements, p.statement(e, len(pol.Statements)))
		}
	}
	p.checkSids(pol)
	if pol.legacyUsed() {
		pol.Legacy = true
	}
}

func (pol *Policy) legacyUsed() bool {
	for _, s := range pol.Statements {
		if s.EffectRepeated || s.Action != nil && s.Action.Repeated || s.Resource != nil && s.Resource.Repeated {
			return true
		}
	}
	return false
}

var statementElements = []string{"Sid", "Effect", "Principal", "NotPrincipal", "Action", "NotAction", "Resource", "NotResource", "Condition"}

const (
	fSid = iota
	fEffect
	fPrincipal
	fNotPrincipal
	fAction
	fNotAction
	fResource
	fNotResource
	fCondition
)

// legacyMergeable reports the elements legacy mode lets repeat.
func (p *parser) legacyMergeable(name string) bool {
	if !p.opts.Legacy {
		return false
	}
	switch name {
	case "Effect", "Action", "NotAction", "Resource", "NotResource":
		return true
	}
	return false
}

func (p *parser) statement(v *jsonpos.Value, index int) *Statement {
	st := &Statement{Index: index, Range: v.Range, Path: v.Path}
	var fs [9]field
	f := fs[:]
	p.fields(v, statementElements, "a statement", p.legacyMergeable, f)

	if m := f[fSid].m; m != nil && p.checkType(m.Value, "Sid", "a string", jsonpos.String) {
		s := str(m.Value)
		st.Sid = &s
		p.checkSidChars(s)
	}

	// Effect: in legacy mode the last one wins.
	if ef := f[fEffect]; ef.m != nil {
		m := ef.m
		if len(ef.dups) > 0 {
			last := ef.dups[len(ef.dups)-1]
			d := p.add(last.KeyRange, last.Value.Path, diag.Warning, CodeLegacyMerge,
				"legacy policies only: AWS observes the last Effect element",
				"statement repeats Effect; legacy mode keeps the last one (first at %s)", m.KeyRange.Start)
			d.Related = []diag.Related{{Range: m.KeyRange, Message: "first Effect is here"}}
			m = last
			st.EffectRepeated = true
		}
		ev := m.Value
		if p.checkType(ev, "Effect", `"Allow" or "Deny"`, jsonpos.String) {
			st.EffectRange = ev.Range
			switch ev.Text {
			case "Allow":
				st.Effect = Allow
			case "Deny":
				st.Effect = Deny
			default:
				d := p.errorf(ev.Range, ev.Path, CodeInvalidEffect, "invalid Effect %q", ev.Text)
				d.Detail = `Effect is "Allow" or "Deny", case-sensitive`
			}
		}
	} else if !ef.near {
		d := p.errorf(v.Range, v.Path, CodeMissingEffect, "statement has no Effect")
		d.Detail = `add "Effect": "Allow" or "Effect": "Deny"`
	}

	st.Action = p.pair(v, f[fAction], f[fNotAction], "Action", CodeEmptyAction)
	if st.Action == nil && !f[fAction].near && !f[fNotAction].near && (f[fAction].m == nil && f[fNotAction].m == nil) {
		d := p.errorf(v.Range, v.Path, CodeMissingAction, "statement has no Action or NotAction")
		d.Detail = `add "Action": ["service:Action", ...]`
	}

	st.Resource = p.pair(v, f[fResource], f[fNotResource], "Resource", CodeEmptyResource)
	switch {
	case p.opts.Type == Trust:
		for _, fr := range []field{f[fResource], f[fNotResource]} {
			if fr.m != nil {
				d := p.errorf(fr.m.KeyRange, fr.m.Value.Path, CodeTrustResource, "a role trust policy has no %s element", fr.m.Key)
				d.Detail = "remove it: the resource of a trust policy is the role itself"
			}
		}
	case st.Resource == nil && !f[fResource].near && !f[fNotResource].near && f[fResource].m == nil && f[fNotResource].m == nil:
		d := p.errorf(v.Range, v.Path, CodeMissingResource, "statement has no Resource or NotResource")
		d.Detail = `add "Resource": "*" or the ARNs the statement applies to`
	}

	p.principal(st, v, f[fPrincipal], f[fNotPrincipal])

	if m := f[fCondition].m; m != nil {
		st.Condition = p.condition(m)
	}
	return st
}

// pair parses an element that comes as Name or NotName (Action, Resource).
func (p *parser) pair(stmt *jsonpos.Value, pos, neg field, name, emptyCode string) *List {
	if pos.m != nil && neg.m != nil {
		d := p.errorf(neg.m.KeyRange, neg.m.Value.Path, CodeCombination, "statement has both %s and Not%s", name, name)
		d.Detail = fmt.Sprintf("use either %s or Not%s", name, name)
		d.Related = []diag.Related{{Range: pos.m.KeyRange, Message: name + " is here"}}
	}
	f, not := pos, false
	if f.m == nil {
		f, not = neg, true
	}
	if f.m == nil {
		return nil
	}
	elem := name
	if not {
		elem = "Not" + name
	}
	l := &List{Not: not, Key: f.m.KeyRange, Range: f.m.Value.Range, Path: f.m.Value.Path}
	l.Values, l.Single = p.stringList(f.m.Value, elem, emptyCode)
	if len(f.dups) > 0 { // legacy mode
		for _, m := range f.dups {
			vals, _ := p.stringList(m.Value, elem, emptyCode)
			l.Values = append(l.Values, vals...)
			d := p.add(m.KeyRange, m.Value.Path, diag.Warning, CodeLegacyMerge,
				fmt.Sprintf("legacy policies only: AWS combines all %s elements of a statement; write one list", elem),
				"statement repeats %s; legacy mode merges the lists (first at %s)", elem, f.m.KeyRange.Start)
			d.Related = []diag.Related{{Range: f.m.KeyRange, Message: "first " + elem + " is here"}}
		}
		l.Single = false
		l.Repeated = true
	}
	return l
}

// stringList parses a string or a non-empty array of non-empty strings.
func (p *parser) stringList(v *jsonpos.Value, name, emptyCode string) ([]String, bool) {
	switch v.Kind {
	case jsonpos.String:
		if v.Text == "" {
			p.errorf(v.Range, v.Path, CodeEmptyValue, "%s is an empty string", name)
			return nil, true
		}
		out := p.strings(1)
		out[0] = str(v)
		return out, true
	case jsonpos.Array:
		if len(v.Elems) == 0 {
			d := p.errorf(v.Range, v.Path, emptyCode, "%s is an empty array", name)
			if strings.HasPrefix(name, "Not") {
				d.Detail = "an empty " + name + " would match everything; list values or remove the element"
			} else {
				d.Detail = "list at least one value or remove the statement"
			}
			return nil, false
		}
		out := p.strings(len(v.Elems))[:0]
		for _, e := range v.Elems {
			if e.Kind != jsonpos.String {
				p.checkType(e, "an element of "+name, "a string", jsonpos.String)
				continue
			}
			if e.Text == "" {
				p.errorf(e.Range, e.Path, CodeEmptyValue, "%s holds an empty string", name)
				continue
			}
			out = append(out, str(e))
		}
		return out, false
	}
	p.checkType(v, name, "a string or an array of strings", jsonpos.String, jsonpos.Array)
	return nil, false
}

func (p *parser) principal(st *Statement, stmt *jsonpos.Value, pos, neg field) {
	t := p.opts.Type
	for _, f := range []field{pos, neg} {
		if f.m == nil {
			continue
		}
		switch t {
		case Identity, Boundary, Session:
			d := p.errorf(f.m.KeyRange, f.m.Value.Path, CodeUnsupportedPrincipal, "%s is not allowed in %s", f.m.Key, typeArticle(t))
			d.Detail = "the principal of " + typeArticle(t) + " is whoever it is attached to; remove the element"
		case SCP:
			d := p.errorf(f.m.KeyRange, f.m.Value.Path, CodeSCPPrincipal, "%s is not allowed in a service control policy", f.m.Key)
			d.Detail = "SCPs apply to the principals of the accounts they are attached to; use a condition on aws:PrincipalArn instead"
		}
	}
	switch t {
	case Identity, Boundary, Session, SCP:
		// Reported above; still parse the value so its errors show.
	case Trust, RCP:
		if neg.m != nil {
			// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html
			code := CodeTrustNotPrincipal
			if t == RCP {
				code = CodeRCPPrincipal
			}
			d := p.errorf(neg.m.KeyRange, neg.m.Value.Path, code, "NotPrincipal is not allowed in %s", typeArticle(t))
			d.Detail = "use Principal, with a condition on aws:PrincipalArn for exceptions"
		}
	}
	if pos.m != nil && neg.m != nil {
		d := p.errorf(neg.m.KeyRange, neg.m.Value.Path, CodeCombination, "statement has both Principal and NotPrincipal")
		d.Detail = "use either Principal or NotPrincipal"
		d.Related = []diag.Related{{Range: pos.m.KeyRange, Message: "Principal is here"}}
	}
	f := pos
	if f.m == nil {
		f = neg
	}
	if f.m == nil {
		if (t == Resource || t == Trust || t == RCP) && !pos.near && !neg.near {
			d := p.errorf(stmt.Range, stmt.Path, CodeMissingPrincipal, "statement has no Principal")
			d.Detail = fmt.Sprintf(`%s needs a Principal, such as {"AWS": "arn:aws:iam::123456789012:root"}`, typeArticle(t))
			if t == RCP {
				d.Detail = `RCP statements need "Principal": "*"`
			}
		}
		return
	}
	pr := &Principal{Not: f.m == neg.m, Key: f.m.KeyRange, Range: f.m.Value.Range, Path: f.m.Value.Path}
	st.Principal = pr
	if pr.Not && st.Effect == Allow {
		d := p.errorf(f.m.KeyRange, f.m.Value.Path, CodeAllowNotPrincipal, "NotPrincipal cannot be used with \"Effect\": \"Allow\"")
		d.Detail = "AWS supports NotPrincipal only with Deny; an Allow would grant everyone else, including anonymous users"
	}
	v := f.m.Value
	switch v.Kind {
	case jsonpos.String:
		if v.Text == "*" {
			pr.Star = true
			return
		}
		code := CodePrincipalFormat
		if t == RCP {
			code = CodeRCPPrincipal
		}
		d := p.errorf(v.Range, v.Path, code, "%s string must be \"*\", found %q", f.m.Key, v.Text)
		d.Detail = `write named principals as a map: {"AWS": ["arn:aws:iam::123456789012:root"]}`
		return
	case jsonpos.Object:
	default:
		p.checkType(v, f.m.Key, `"*" or an object`, jsonpos.String, jsonpos.Object)
		return
	}
	if t == RCP && !pr.Not { // a NotPrincipal is reported above
		// https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps_syntax.html
		d := p.errorf(v.Range, v.Path, CodeRCPPrincipal, "the Principal of a resource control policy must be \"*\"")
		d.Detail = `write "Principal": "*" and narrow with conditions`
	}
	if len(v.Members) == 0 {
		d := p.errorf(v.Range, v.Path, CodeEmptyPrincipalObject, "%s is an empty object", f.m.Key)
		d.Detail = `name at least one principal, e.g. {"AWS": "arn:aws:iam::123456789012:root"}`
		return
	}
	for i := range v.Members {
		m := &v.Members[i]
		kind, ok := ParsePrincipalKind(m.Key)
		if !ok {
			d := p.errorf(m.KeyRange, m.Value.Path, CodePrincipalKey, "unknown principal type %q", m.Key)
			if s := suggest(m.Key, principalKindNames[1:]); s != "" {
				d.Detail = fmt.Sprintf("did you mean %q? principal types are case-sensitive", s)
			} else {
				d.Detail = "principal types are AWS, Service, Federated and CanonicalUser"
			}
			continue
		}
		if j := indexOf(v, m.Key); j < i {
			p.duplicate(m, &v.Members[j], m.Key)
			continue
		}
		e := &PrincipalEntry{Kind: kind, Key: m.KeyRange, Path: m.Value.Path}
		e.Values, e.Single = p.stringList(m.Value, f.m.Key+" "+m.Key, CodeEmptyPrincipal)
		pr.Entries = append(pr.Entries, e)
	}
}

// typeArticle names a policy type with its article, for messages.
func typeArticle(t Type) string {
	switch t {
	case Identity:
		return "an identity policy"
	case Resource:
		return "a resource policy"
	case Trust:
		return "a role trust policy"
	case SCP:
		return "a service control policy"
	case RCP:
		return "a resource control policy"
	case Boundary:
		return "a permissions boundary"
	case Session:
		return "a session policy"
	}
	return "a policy"
}

func (p *parser) condition(m *jsonpos.Member) *Condition {
	v := m.Value
	c := &Condition{Key: m.KeyRange, Range: v.Range, Path: v.Path}
	if !p.checkType(v, "Condition", "an object", jsonpos.Object) {
		return c
	}
	if len(v.Members) == 0 {
		d := p.errorf(v.Range, v.Path, CodeEmptyCondition, "Condition is an empty object")
		d.Detail = "remove the empty Condition element"
		return c
	}
	for i := range v.Members {
		om := &v.Members[i]
		if j := indexOf(v, om.Key); j < i {
			p.duplicate(om, &v.Members[j], om.Key)
			continue
		}
		op, err := ParseOperator(om.Key)
		if err != nil {
			oe := err.(*OperatorError)
			d := p.errorf(om.KeyRange, om.Value.Path, oe.Code, "%s", oe.Message)
			d.Detail = oe.Hint
		}
		b := &ConditionBlock{Operator: op, OpRange: om.KeyRange, Range: om.Value.Range, Path: om.Value.Path}
		c.Blocks = append(c.Blocks, b)
		bv := om.Value
		if !p.checkType(bv, fmt.Sprintf("condition operator %q", om.Key), "an object of condition keys", jsonpos.Object) {
			continue
		}
		if len(bv.Members) == 0 {
			d := p.errorf(bv.Range, bv.Path, CodeEmptyCondition, "condition operator %q has no condition keys", om.Key)
			d.Detail = "add a condition key or remove the operator"
			continue
		}
		for k := range bv.Members {
			km := &bv.Members[k]
			if km.Key == "" {
				p.errorf(km.KeyRange, km.Value.Path, CodeEmptyValue, "condition key is an empty string")
				continue
			}
			if j := indexOf(bv, km.Key); j < k {
				p.duplicate(km, &bv.Members[j], km.Key)
				continue
			}
			if j := indexFold(bv, km.Key); j < k {
				first := &bv.Members[j]
				d := p.errorf(km.KeyRange, km.Value.Path, CodeDuplicateCase,
					"condition key %q repeats %q (condition keys are case-insensitive)", km.Key, first.Key)
				d.Detail = "merge the values into one key"
				d.Related = []diag.Related{{Range: first.KeyRange, Message: fmt.Sprintf("%q is here", first.Key)}}
				continue
			}
			b.Entries = append(b.Entries, p.conditionEntry(km, op))
		}
	}
	return c
}

func indexFold(obj *jsonpos.Value, key string) int {
	for i := range obj.Members {
		if strings.EqualFold(obj.Members[i].Key, key) {
			return i
		}
	}
	return -1
}

func (p *parser) conditionEntry(km *jsonpos.Member, op Operator) *ConditionEntry {
	v := km.Value
	e := &ConditionEntry{
		Key:      String{Value: km.Key, Range: km.KeyRange, Path: v.Path, Escaped: km.KeyEscaped},
		Range:    v.Range,
		ValueKey: v.Path,
	}
	name := func() string { return fmt.Sprintf("condition key %q", km.Key) } // for messages only
	const want = "a string, number or boolean, or an array of them"
	switch v.Kind {
	case jsonpos.String, jsonpos.Number, jsonpos.Bool:
		e.Single = true
		e.Values = []Value{condValue(v)}
	case jsonpos.Array:
		if len(v.Elems) == 0 {
			code := CodeEmptyCondArray
			switch {
			case op.Qualifier == ForAllValues:
				code = CodeEmptyCondArrayAll
			case op.Qualifier == ForAnyValue:
				code = CodeEmptyCondArrayAny
			case op.IfExists:
				code = CodeEmptyCondArrayIfExs
			}
			d := p.errorf(v.Range, v.Path, code, "%s has an empty array of values", name())
			d.Detail = "list at least one value or remove the key"
			return e
		}
		e.Values = make([]Value, 0, len(v.Elems))
		for _, el := range v.Elems {
			if k := el.Kind; k != jsonpos.String && k != jsonpos.Number && k != jsonpos.Bool {
				p.checkType(el, "a value of "+name(), "a string, number or boolean", jsonpos.String, jsonpos.Number, jsonpos.Bool)
				continue
			}
			e.Values = append(e.Values, condValue(el))
		}
	default:
		p.checkType(v, name(), want, jsonpos.String, jsonpos.Number, jsonpos.Bool, jsonpos.Array)
	}
	return e
}

func condValue(v *jsonpos.Value) Value {
	k := StringValue
	switch v.Kind {
	case jsonpos.Number:
		k = NumberValue
	case jsonpos.Bool:
		k = BoolValue
	}
	return Value{Text: v.Text, Kind: k, Range: v.Range, Path: v.Path, Escaped: v.Escaped}
}

// checkSidChars applies IAM's Sid rule: ASCII letters and digits only
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_sid.html).
// Other services accept more, so resource policies get a warning.
func (p *parser) checkSidChars(s String) {
	for i := 0; i < len(s.Value); i++ {
		c := s.Value[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' {
			continue
		}
		sev := diag.Error
		if !p.iamStored() {
			sev = diag.Warning
		}
		r, _ := utf8.DecodeRuneInString(s.Value[i:])
		p.add(s.Range, s.Path, sev, CodeUnsupportedSid, "IAM accepts only ASCII letters and digits in a Sid; remove the other characters",
			"Sid %q holds %q, which IAM does not accept", s.Value, r)
		return
	}
}

// checkSids reports statements that repeat a Sid.
func (p *parser) checkSids(pol *Policy) {
	seen := make(map[string]*String, len(pol.Statements))
	for _, st := range pol.Statements {
		if st.Sid == nil || st.Sid.Value == "" {
			continue
		}
		first, ok := seen[st.Sid.Value]
		if !ok {
			seen[st.Sid.Value] = st.Sid
			continue
		}
		sev, code := diag.Error, CodeUniqueSids
		if !p.iamStored() {
			sev, code = diag.Warning, CodeUniqueSidsAdvis
		}
		d := p.add(st.Sid.Range, st.Sid.Path, sev, code, "give every statement its own Sid",
			"Sid %q is used by an earlier statement (at %s)", st.Sid.Value, first.Range.Start)
		d.Related = []diag.Related{{Range: first.Range, Message: "first use of the Sid"}}
	}
}
