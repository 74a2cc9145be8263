package compare

import (
	"strings"

	"github.com/leastpriv/leastpriv/iam"
)

// principals is who a statement applies to, as far as comparisons need:
// everyone, or a list of named entries. Statements without a Principal
// element (identity policies and the like) apply to everyone the policy
// is attached to.
type principals struct {
	all  bool
	none bool // NotPrincipal "*": nobody
	// not is set for NotPrincipal: everyone except the entries.
	not     bool
	entries []principal
}

// A principal is one value of a Principal element. Entries of kind AWS
// are compared as written, except that an account ID stands for the
// account in every partition ("123456789012" covers
// "arn:aws:iam::123456789012:root"); service principals compare ignoring
// case; "*" under a key covers every value of that key.
type principal struct {
	kind  iam.PrincipalKind
	value string
}

func compilePrincipals(p *iam.Principal) principals {
	if p == nil {
		return principals{all: true}
	}
	ps := principals{not: p.Not, all: p.Star}
	for _, e := range p.Entries {
		for _, v := range e.Values {
			if e.Kind == iam.AWSPrincipal && v.Value == "*" {
				ps.all = true
			}
			ps.entries = append(ps.entries, principal{kind: e.Kind, value: v.Value})
		}
	}
	if ps.not && ps.all {
		return principals{none: true}
	}
	return ps
}

// covers reports whether entry q names at least every caller p names.
func (q principal) covers(p principal) bool {
	if q.kind != p.kind {
		return false
	}
	if q.value == "*" && q.kind != iam.CanonicalUserPrincipal {
		return true
	}
	if q.kind == iam.ServicePrincipal {
		return strings.EqualFold(q.value, p.value)
	}
	if q.value == p.value {
		return true
	}
	if q.kind == iam.AWSPrincipal && isAccountID(q.value) {
		// The account ID form covers the root ARN of that account.
		if rest, ok := strings.CutPrefix(p.value, "arn:"); ok {
			parts := strings.SplitN(rest, ":", 5)
			return len(parts) == 5 && parts[1] == "iam" && parts[2] == "" && parts[3] == q.value && parts[4] == "root"
		}
	}
	return false
}

// within reports, soundly, whether every caller p applies to is one q
// applies to (over-approximating p and under-approximating q).
func (p principals) within(q principals) bool {
	if p.none || q.all && !q.not {
		return true
	}
	if q.none {
		return false
	}
	if p.not || q.not {
		// NotPrincipal: only the same exclusions compare.
		if p.not && q.not {
			return sameEntries(p.entries, q.entries)
		}
		return false
	}
	if p.all {
		return false
	}
	for _, e := range p.entries {
		ok := false
		for _, f := range q.entries {
			if f.covers(e) {
				ok = true
				break
			}
		}
		if !ok {
			return false
		}
	}
	return true
}

func sameEntries(a, b []principal) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// String renders the principals for reports.
func (p principals) String() string {
	if p.all && !p.not {
		return "*"
	}
	if p.none {
		return "nobody"
	}
	var parts []string
	for _, e := range p.entries {
		parts = append(parts, e.kind.String()+":"+e.value)
	}
	s := strings.Join(parts, ", ")
	if p.not {
		return "everyone except " + s
	}
	return s
}

func isAccountID(s string) bool {
	if len(s) != 12 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
