package eval

import (
	"fmt"
	"strings"
)

// An ARN is a parsed Amazon Resource Name:
// arn:partition:service:region:account-id:resource. The resource part may
// itself hold colons and slashes.
type ARN struct {
	Partition, Service, Region, Account, Resource string
}

// String returns the ARN text.
func (a ARN) String() string {
	return "arn:" + a.Partition + ":" + a.Service + ":" + a.Region + ":" + a.Account + ":" + a.Resource
}

// ParseARN parses s. It requires the "arn:" prefix, at least six
// colon-separated components, a partition, a service and a resource; region
// and account may be empty (S3 bucket ARNs have neither). '*' and '?' in s
// are ordinary characters: a request names one resource.
func ParseARN(s string) (ARN, error) {
	var cut [5]int
	n := 0
	for i := 0; i < len(s) && n < 5; i++ {
		if s[i] == ':' {
			cut[n] = i
			n++
		}
	}
	if !strings.HasPrefix(s, "arn:") {
		return ARN{}, fmt.Errorf("invalid ARN %q: does not start with \"arn:\"", s)
	}
	if n < 5 {
		return ARN{}, fmt.Errorf("invalid ARN %q: want arn:partition:service:region:account:resource", s)
	}
	a := ARN{
		Partition: s[cut[0]+1 : cut[1]],
		Service:   s[cut[1]+1 : cut[2]],
		Region:    s[cut[2]+1 : cut[3]],
		Account:   s[cut[3]+1 : cut[4]],
		Resource:  s[cut[4]+1:],
	}
	switch {
	case a.Partition == "":
		return ARN{}, fmt.Errorf("invalid ARN %q: empty partition", s)
	case a.Service == "":
		return ARN{}, fmt.Errorf("invalid ARN %q: empty service", s)
	case a.Resource == "":
		return ARN{}, fmt.Errorf("invalid ARN %q: empty resource", s)
	}
	return a, nil
}

// splitARN returns the six components of s, or false when s has fewer than
// five colons. It does not allocate.
func splitARN(s string) (parts [6]string, ok bool) {
	k, start := 0, 0
	for i := 0; i < len(s) && k < 5; i++ {
		if s[i] == ':' {
			parts[k] = s[start:i]
			k++
			start = i + 1
		}
	}
	if k < 5 {
		return parts, false
	}
	parts[5] = s[start:]
	return parts, true
}

// A resourcePattern matches the Resource and NotResource element's values
// against a request's resource ARN, by the rule of
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html:
// wildcards match within the segments of an ARN (the parts separated by
// colons), except that "if the * wildcard is the last character of a resource
// ARN segment, it can expand to match beyond the colon boundaries".
//
// So the pattern is cut at its colons into segments. A segment that does not
// end in '*' matches exactly one colon-separated segment of the request; a
// segment ending in '*' ("open") matches a prefix of one request segment and
// then any number of whole following segments.
type resourcePattern struct {
	raw  string
	tpl  template
	kind byte // 'a' any ("*"), 'e' exact, 'p' prefix (one trailing star), 's' segments, 'v' has variables
	text string
	segs []segment // for 's'
}

type segment struct {
	glob pattern // the segment's glob; for an open segment, without its final star
	open bool
}

func compileResource(raw string, vars bool) resourcePattern {
	r := resourcePattern{raw: raw, tpl: parseTemplate(raw, vars)}
	if !r.tpl.static() {
		r.kind = 'v'
		return r
	}
	r.setTokens(r.tpl.staticTokens())
	return r
}

// setTokens compiles the static form from tokens.
func (r *resourcePattern) setTokens(toks []token) {
	stars, quests := 0, 0
	var lit strings.Builder
	for _, t := range toks {
		switch t.kind {
		case '*':
			stars++
		case '?':
			quests++
		default:
			lit.WriteString(t.text)
		}
	}
	switch {
	case len(toks) == 1 && toks[0].kind == '*':
		r.kind = 'a'
	case stars == 0 && quests == 0:
		r.kind, r.text = 'e', lit.String()
	case stars == 1 && quests == 0 && toks[len(toks)-1].kind == '*':
		r.kind, r.text = 'p', lit.String()
	default:
		r.kind, r.segs = 's', segmentTokens(toks)
	}
}

// segmentTokens cuts tokens at the colons of their literal text.
func segmentTokens(toks []token) []segment {
	var segs []segment
	var cur []token
	end := func() {
		s := segment{}
		if n := len(cur); n > 0 && cur[n-1].kind == '*' {
			s.open = true
			cur = cur[:n-1]
		}
		s.glob = compileGlob(cur)
		segs = append(segs, s)
		cur = nil
	}
	for _, t := range toks {
		if t.kind != 'l' {
			cur = append(cur, t)
			continue
		}
		text := t.text
		for {
			i := strings.IndexByte(text, ':')
			if i < 0 {
				break
			}
			if i > 0 {
				cur = append(cur, token{kind: 'l', text: text[:i]})
			}
			end()
			text = text[i+1:]
		}
		if text != "" {
			cur = append(cur, token{kind: 'l', text: text})
		}
	}
	end()
	return segs
}

// match reports whether the request resource matches the pattern. l supplies
// variable values; a pattern whose variable has no value matches nothing
// ("the resource that includes a policy variable with no value will not match
// any resource", reference_policies_variables.html).
func (r *resourcePattern) match(res string, l lookup) bool {
	m, _ := r.matchResolved(res, l)
	return m
}

// matchResolved is match that also reports whether every variable of the
// pattern had a value.
func (r *resourcePattern) matchResolved(res string, l lookup) (matched, resolved bool) {
	switch r.kind {
	case 'a':
		return true, true
	case 'e':
		return res == r.text, true
	case 'p':
		return strings.HasPrefix(res, r.text), true
	case 's':
		return matchSegments(r.segs, res), true
	}
	toks, ok := r.tpl.tokens(l)
	if !ok {
		return false, false
	}
	var c resourcePattern
	c.setTokens(toks)
	return c.match(res, nil), true
}

// matchSegments matches colon-separated segments of s against segs.
func matchSegments(segs []segment, s string) bool {
	var buf [16]string
	rs := buf[:0]
	start := 0
	for i := 0; i < len(s); i++ {
		if s[i] == ':' {
			rs = append(rs, s[start:i])
			start = i + 1
		}
	}
	rs = append(rs, s[start:])
	// reach[j] is true when the segments matched so far can end just before
	// request segment j. Iterate pattern segments.
	var rbuf, nbuf [17]bool
	reach, next := rbuf[:len(rs)+1], nbuf[:len(rs)+1]
	if len(rs)+1 > len(rbuf) {
		reach, next = make([]bool, len(rs)+1), make([]bool, len(rs)+1)
	}
	reach[0] = true
	for _, sg := range segs {
		clear(next)
		any := false
		for j := 0; j < len(rs); j++ {
			if !reach[j] {
				continue
			}
			if !sg.open {
				if sg.glob.match(rs[j]) {
					next[j+1], any = true, true
				}
				continue
			}
			if sg.glob.matchPrefix(rs[j]) {
				for k := j + 1; k <= len(rs); k++ {
					next[k] = true
				}
				any = true
				break // every later start is covered already
			}
		}
		if !any {
			return false
		}
		reach, next = next, reach
	}
	return reach[len(rs)]
}

// matchPrefix reports whether p matches some prefix of s (p followed by '*').
func (p *pattern) matchPrefix(s string) bool {
	if !p.wild {
		return strings.HasPrefix(s, p.lit)
	}
	q := *p
	q.trailStar = true
	return q.match(s)
}

// An arnPattern is an ArnLike / ArnEquals condition value: the six
// colon-delimited components of the policy value and of the request value are
// matched separately, each as a case-sensitive glob
// (reference_policies_elements_condition_operators.html#Conditions_ARN).
type arnPattern struct {
	parts [6]pattern
	ok    bool // the value has six components; otherwise it matches nothing
}

func compileArnPattern(toks []token) arnPattern {
	var ap arnPattern
	var comps [6][]token
	k := 0
	for _, t := range toks {
		if t.kind != 'l' || k == 5 {
			comps[k] = append(comps[k], t)
			continue
		}
		text := t.text
		for k < 5 {
			i := strings.IndexByte(text, ':')
			if i < 0 {
				break
			}
			if i > 0 {
				comps[k] = append(comps[k], token{kind: 'l', text: text[:i]})
			}
			k++
			text = text[i+1:]
		}
		if text != "" {
			comps[k] = append(comps[k], token{kind: 'l', text: text})
		}
	}
	if k < 5 {
		return ap
	}
	ap.ok = true
	for i := range comps {
		ap.parts[i] = compileGlob(comps[i])
	}
	return ap
}

func (ap *arnPattern) match(s string) bool {
	if !ap.ok {
		return false
	}
	parts, ok := splitARN(s)
	if !ok {
		return false
	}
	for i := range parts {
		if !ap.parts[i].match(parts[i]) {
			return false
		}
	}
	return true
}
