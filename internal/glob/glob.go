// Package glob matches IAM-style wildcard patterns, where '*' matches any run
// of characters (including none) and '?' matches exactly one character.
//
// Matching never backtracks exponentially: a pattern is split at its stars
// into literal segments, and each segment is placed at its leftmost possible
// position, which is correct for this pattern language. The cost is
// O(len(pattern) × len(subject)) in the worst case and linear for a fixed
// pattern, so adversarial patterns such as "*a*a*a*a*b" are harmless.
//
// Case folding, when asked for, is ASCII-only: IAM action names and service
// prefixes are ASCII, and AWS documents their case-insensitivity only for those.
package glob

import (
	"github.com/leastpriv/leastpriv/internal/ascii"
	"strings"
	"unicode/utf8"
)

// A Pattern is a compiled glob. The zero value matches only the empty string.
type Pattern struct {
	raw  string
	fold bool
	// segs are the literal parts between stars, in order; a segment may hold
	// '?' which matches any one character.
	segs []string
	// leadStar and trailStar tell whether the pattern starts or ends with '*'.
	leadStar, trailStar bool
	wild                bool // pattern holds '*' or '?'
	hasQ                bool // some segment holds '?'
}

// Compile prepares pattern for repeated matching. If fold is true, ASCII
// letters match regardless of case.
func Compile(pattern string, fold bool) Pattern {
	p := Pattern{raw: pattern, fold: fold}
	if strings.IndexByte(pattern, '*') < 0 {
		p.segs = []string{pattern}
		p.hasQ = strings.IndexByte(pattern, '?') >= 0
		p.wild = p.hasQ
		return p
	}
	p.wild = true
	p.leadStar = pattern[0] == '*'
	p.trailStar = pattern[len(pattern)-1] == '*'
	for _, s := range strings.Split(pattern, "*") {
		if s == "" {
			continue
		}
		if strings.IndexByte(s, '?') >= 0 {
			p.hasQ = true
		}
		p.segs = append(p.segs, s)
	}
	return p
}

// String returns the pattern as written.
func (p Pattern) String() string { return p.raw }

// HasWildcard reports whether the pattern holds '*' or '?'.
func (p Pattern) HasWildcard() bool { return p.wild }

// HasWildcard reports whether s holds '*' or '?'.
func HasWildcard(s string) bool { return strings.ContainsAny(s, "*?") }

// Literal returns the pattern's text before its first wildcard.
func (p Pattern) Literal() string {
	if i := strings.IndexAny(p.raw, "*?"); i >= 0 {
		return p.raw[:i]
	}
	return p.raw
}

// Match reports whether s matches the whole pattern.
func (p Pattern) Match(s string) bool {
	if !p.wild {
		if p.fold {
			return ascii.EqualFold(p.raw, s)
		}
		return p.raw == s
	}
	if len(p.segs) == 0 { // only stars
		return true
	}
	segs := p.segs
	// Anchor the first segment at the start.
	if !p.leadStar {
		n, ok := p.matchAt(segs[0], s)
		if !ok {
			return false
		}
		s = s[n:]
		segs = segs[1:]
		if len(segs) == 0 && !p.trailStar {
			return s == ""
		}
	}
	// Anchor the last segment at the end.
	var last string
	if !p.trailStar && len(segs) > 0 {
		last = segs[len(segs)-1]
		segs = segs[:len(segs)-1]
	}
	for _, seg := range segs {
		i, n := p.find(seg, s)
		if i < 0 {
			return false
		}
		s = s[i+n:]
	}
	if last == "" {
		return true
	}
	return p.matchSuffix(last, s)
}

// Match reports whether s matches pattern, case-sensitively.
func Match(pattern, s string) bool { return Compile(pattern, false).Match(s) }

// MatchFold reports whether s matches pattern, ignoring ASCII case.
func MatchFold(pattern, s string) bool { return Compile(pattern, true).Match(s) }

// matchAt reports whether seg matches a prefix of s, and the prefix's length
// in bytes.
func (p Pattern) matchAt(seg, s string) (int, bool) {
	i, j := 0, 0
	for i < len(seg) {
		if j >= len(s) {
			return 0, false
		}
		c := seg[i]
		if c == '?' {
			_, w := utf8.DecodeRuneInString(s[j:])
			j += w
			i++
			continue
		}
		if !p.eq(c, s[j]) {
			return 0, false
		}
		i++
		j++
	}
	return j, true
}

// find returns the leftmost index in s where seg matches, and the length of
// the match, or -1.
func (p Pattern) find(seg, s string) (int, int) {
	if !p.hasQ && !p.fold {
		i := strings.Index(s, seg)
		return i, len(seg)
	}
	for i := 0; i < len(s); {
		if n, ok := p.matchAt(seg, s[i:]); ok {
			return i, n
		}
		if s[i] < utf8.RuneSelf {
			i++
		} else {
			_, w := utf8.DecodeRuneInString(s[i:])
			i += w
		}
	}
	if seg == "" {
		return len(s), 0
	}
	return -1, 0
}

// matchSuffix reports whether seg matches a suffix of s.
func (p Pattern) matchSuffix(seg, s string) bool {
	if !strings.ContainsRune(seg, '?') {
		if len(seg) > len(s) {
			return false
		}
		tail := s[len(s)-len(seg):]
		if p.fold {
			return ascii.EqualFold(seg, tail)
		}
		return seg == tail
	}
	// With '?', the suffix length in bytes depends on the characters matched:
	// try each start position from the right (a '?' may match a multi-byte
	// character).
	for i := len(s); i >= 0; i-- {
		if i < len(s) && !utf8.RuneStart(s[i]) {
			continue
		}
		if n, ok := p.matchAt(seg, s[i:]); ok && i+n == len(s) {
			return true
		}
	}
	return false
}

func (p Pattern) eq(a, b byte) bool {
	if a == b {
		return true
	}
	if !p.fold {
		return false
	}
	return ascii.Lower(a) == ascii.Lower(b)
}

// Intersects reports whether some string matches both patterns p and q. Both
// are globs in this package's syntax; fold makes ASCII letters match
// regardless of case. '?' stands for one byte here, which is exact for ASCII
// subjects such as ARNs and action names. The cost is O(len(p) × len(q)).
func Intersects(p, q string, fold bool) bool {
	// Reachability over position pairs (i, j): p[:i] and q[:j] can both
	// produce a common string.
	n, m := len(p), len(q)
	seen := make([]bool, (n+1)*(m+1))
	stack := []int{0}
	seen[0] = true
	push := func(i, j int) {
		k := i*(m+1) + j
		if !seen[k] {
			seen[k] = true
			stack = append(stack, k)
		}
	}
	for len(stack) > 0 {
		k := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		i, j := k/(m+1), k%(m+1)
		if i == n && j == m {
			return true
		}
		if i < n && p[i] == '*' {
			push(i+1, j) // the star of p matches nothing more
			if j < m {
				push(i, j+1) // it absorbs the next thing q produces (a star's output included)
			}
		}
		if j < m && q[j] == '*' {
			push(i, j+1)
			if i < n && p[i] != '*' {
				push(i+1, j)
			}
		}
		if i < n && j < m && p[i] != '*' && q[j] != '*' {
			a, b := p[i], q[j]
			if a == '?' || b == '?' || a == b || (fold && ascii.Lower(a) == ascii.Lower(b)) {
				push(i+1, j+1)
			}
		}
	}
	return false
}

// FromTemplate returns s with every "${...}" (an ARN format placeholder such
// as "${BucketName}", or a policy variable) replaced by "*", so the template
// can be matched as a pattern.
func FromTemplate(s string) string {
	if !strings.Contains(s, "${") {
		return s
	}
	var b strings.Builder
	for {
		i := strings.Index(s, "${")
		if i < 0 {
			break
		}
		j := strings.IndexByte(s[i:], '}')
		if j < 0 {
			break
		}
		b.WriteString(s[:i])
		b.WriteByte('*')
		s = s[i+j+1:]
	}
	b.WriteString(s)
	return b.String()
}
