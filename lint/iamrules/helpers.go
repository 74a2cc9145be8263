package iamrules

import (
	"fmt"
	"slices"
	"strings"

	"github.com/leastpriv/leastpriv/catalog"
	"github.com/leastpriv/leastpriv/diag"
	"github.com/leastpriv/leastpriv/iam"
	"github.com/leastpriv/leastpriv/lint"
)

// References cited by several rules.
const (
	aaChecks       = "https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html"
	actionDoc      = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html"
	resourceDoc    = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html"
	conditionDoc   = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition.html"
	operatorsDoc   = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html"
	multiValueDoc  = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html"
	variablesDoc   = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html"
	globalKeysDoc  = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html"
	principalDoc   = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html"
	arnDoc         = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html"
	sarDoc         = "https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html"
	passRoleDoc    = "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html"
	slrDoc         = "https://docs.aws.amazon.com/IAM/latest/UserGuide/using-service-linked-roles.html"
	notActionDoc   = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notaction.html"
	notResourceDoc = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notresource.html"
	versionDoc     = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_version.html"
	quotasDoc      = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html"
	parliamentURL  = "https://github.com/duo-labs/parliament"
	cloudsplaining = "https://github.com/salesforce/cloudsplaining"
	rhinoPrivesc   = "https://rhinosecuritylabs.com/aws/aws-privilege-escalation-methods-mitigation/"
	scpSyntaxDoc   = "https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_syntax.html"
	rcpDoc         = "https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps.html"
	trustDoc       = "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-user_externalid.html"
	oidcDoc        = "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-idp_oidc.html"
)

// Sources of rules.
const (
	srcAA    = "IAM Access Analyzer"
	srcParl  = "Parliament"
	srcCS    = "Cloudsplaining"
	srcOwn   = "leastpriv"
	pathPfx  = "/Statement"
	allTypes = ""
)

// Policy types for rules that judge what a policy grants: a permissions
// boundary, SCP or RCP grants nothing, so they get none of these findings.
var (
	grantTypes    = []iam.Type{iam.Identity, iam.Resource, iam.Trust, iam.Session}
	identityTypes = []iam.Type{iam.Identity, iam.Session}
)

// Examples share this frame.
func policy(stmts ...string) string {
	return `{"Version": "2012-10-17", "Statement": [` + strings.Join(stmts, ", ") + `]}`
}

// allows reports whether st is an Allow statement.
func allows(st *iam.Statement) bool { return st.Effect == iam.Allow }

// hasCondition reports whether st tests any of the keys (case-insensitive).
func hasCondition(st *iam.Statement, keys ...string) bool {
	if st.Condition == nil {
		return false
	}
	for _, b := range st.Condition.Blocks {
		for _, e := range b.Entries {
			for _, k := range keys {
				if strings.EqualFold(e.Key.Value, k) {
					return true
				}
			}
		}
	}
	return false
}

// resources returns the statement's Resource values (nil for NotResource or
// no Resource).
func resources(st *iam.Statement) []iam.String {
	if st.Resource == nil || st.Resource.Not {
		return nil
	}
	return st.Resource.Values
}

// starResource returns the first Resource value that matches every resource
// of the kind probe stands for ("*", "arn:aws:iam::*:role/*"), or nil.
// Placeholders are not wildcards here: a template that fills in a prefix
// limits the resources.
func starResource(st *iam.Statement, probe string) *iam.String {
	for i, r := range resources(st) {
		if r.Value == "*" || globMatch(r.Value, probe, false) {
			return &st.Resource.Values[i]
		}
	}
	return nil
}

// Probe ARNs stand for "any resource of this kind": a resource pattern that
// matches one matches all of them.
const (
	probeRole   = "arn:aws:iam::123456789012:role/zz-leastpriv-probe/zz"
	probeUser   = "arn:aws:iam::123456789012:user/zz-leastpriv-probe/zz"
	probeAny    = "arn:aws:zz-probe:us-east-1:123456789012:zz-probe/zz"
	probeGroup  = "arn:aws:iam::123456789012:group/zz-leastpriv-probe/zz"
	probePolicy = "arn:aws:iam::123456789012:policy/zz-leastpriv-probe/zz"
)

// unconstrained reports whether st applies to every resource: Resource "*"
// (or an equivalent pattern) or NotResource.
func unconstrained(st *iam.Statement) bool {
	if st.Resource == nil {
		return true
	}
	if st.Resource.Not {
		return true
	}
	return starResource(st, probeAny) != nil
}

// actionValue returns the first value of st's Action list whose matched
// set holds id; for NotAction, the NotAction element's key range.
func actionValue(p *lint.Pass, st *iam.Statement, id int) (diag.Range, string) {
	if st.Action.Not {
		return st.Action.Key, st.Action.Path
	}
	for _, r := range p.Actions(st) {
		if r.Has(id) {
			return r.Value.Range, r.Value.Path
		}
	}
	return st.Action.Range, st.Action.Path
}

// names returns the names of the actions with the given sorted IDs, at
// most max of them, with "and N more" when cut.
func names(c *catalog.Catalog, ids []int, max int) string {
	acts := c.Actions()
	var b []string
	for i, id := range ids {
		if i == max {
			b = append(b, fmt.Sprintf("and %d more", len(ids)-max))
			break
		}
		b = append(b, acts[id].String())
	}
	return strings.Join(b, ", ")
}

// list joins words as "a, b and c".
func list(words []string) string {
	switch len(words) {
	case 0:
		return ""
	case 1:
		return words[0]
	}
	return strings.Join(words[:len(words)-1], ", ") + " and " + words[len(words)-1]
}

// lookup returns the catalog action for a name, or nil.
func lookup(c *catalog.Catalog, name string) *catalog.Action { return c.Action(name) }

// grantsAction reports whether st applies to the action named name.
func grantsAction(p *lint.Pass, st *iam.Statement, name string) bool {
	a := lookup(p.Catalog, name)
	return a != nil && p.Grants(st, a.ID)
}

// conditionEntries calls f for every condition entry of st.
func conditionEntries(st *iam.Statement, f func(b *iam.ConditionBlock, e *iam.ConditionEntry)) {
	if st.Condition == nil {
		return
	}
	for _, b := range st.Condition.Blocks {
		for _, e := range b.Entries {
			f(b, e)
		}
	}
}

// keyPrefix returns the part of a condition key before the colon.
func keyPrefix(key string) string {
	p, _, _ := strings.Cut(key, ":")
	return strings.ToLower(p)
}

// uniq sorts and deduplicates s.
func uniq(s []string) []string {
	slices.Sort(s)
	return slices.Compact(s)
}

func sprintf(format string, args ...any) string { return fmt.Sprintf(format, args...) }

// countServices returns how many services the actions of s belong to.
func countServices(p *lint.Pass, s catalog.Set) int {
	n := 0
	var last *catalog.Service
	for _, a := range s.Actions(p.Catalog) {
		if a.Service != last {
			n++
			last = a.Service
		}
	}
	return n
}

// covers reports whether every string pattern a matches is also matched by
// pattern b ('*' any run, '?' one character). It decides by matching a's
// text against b, where a's '*' can only be absorbed by a '*' of b and a's
// '?' by a '?' or '*' of b: sound (never claims coverage that does not
// hold), and exact for the patterns policies use.
func covers(b, a string, fold bool) bool {
	wb := indexWildcard(b)
	if wb < 0 {
		return !hasWildcard(a) && (a == b || fold && strings.EqualFold(a, b))
	}
	// b's literal prefix must be a literal prefix of a.
	if len(a) < wb || !literalEq(b[:wb], a[:wb], fold) {
		return false
	}
	if b[wb] == '*' && wb == len(b)-1 {
		return true // "prefix*" covers everything that starts with prefix
	}
	// And its literal suffix a literal suffix of a.
	lb := lastIndexWildcard(b)
	suf := b[lb+1:]
	if len(a)-wb < len(suf) || !literalEq(suf, a[len(a)-len(suf):], fold) {
		return false
	}
	// Every literal run of b between stars must appear in a, in order: a
	// cheap necessary condition that rejects most pairs of unrelated ARNs.
	if !fold {
		rest := a[wb:]
		for seg := range strings.SplitSeq(b[wb:lb+1], "*") {
			if seg == "" || strings.IndexByte(seg, '?') >= 0 {
				continue
			}
			i := strings.Index(rest, seg)
			if i < 0 {
				return false
			}
			rest = rest[i+len(seg):]
		}
	}
	return coversDP(b, a, fold)
}

// literalEq reports whether x (from a pattern, without wildcards) equals y
// and y holds no wildcard.
func literalEq(x, y string, fold bool) bool {
	if hasWildcard(y) {
		return false
	}
	return x == y || fold && strings.EqualFold(x, y)
}

// coversDP decides covers by dynamic programming over suffixes: row i of
// the table says, for each j, whether b[i:] covers a[j:].
func coversDP(b, a string, fold bool) bool {
	n, m := len(b), len(a)
	var buf [2 * 257]bool
	var next, cur []bool
	if m+1 <= 257 {
		next, cur = buf[:m+1], buf[257:257+m+1]
	} else {
		next, cur = make([]bool, m+1), make([]bool, m+1)
	}
	// Row n: the empty pattern covers only the empty string.
	for j := range next {
		next[j] = j == m
	}
	for i := n - 1; i >= 0; i-- {
		c := b[i]
		for j := m; j >= 0; j-- {
			var ok bool
			switch {
			case c == '*':
				// Skip the star, or let it absorb a[j] (any symbol).
				ok = next[j] || j < m && cur[j+1]
			case j == m:
				ok = false
			case c == '?':
				ok = a[j] != '*' && next[j+1]
			default:
				ok = a[j] != '*' && a[j] != '?' && eqByte(c, a[j], fold) && next[j+1]
			}
			cur[j] = ok
		}
		next, cur = cur, next
	}
	return next[0]
}

// globMatch reports whether pattern matches the literal string s, without
// allocating.
func globMatch(pattern, s string, fold bool) bool {
	if hasWildcard(s) {
		return false
	}
	return covers(pattern, s, fold)
}

func eqByte(x, y byte, fold bool) bool {
	if x == y {
		return true
	}
	if !fold {
		return false
	}
	if 'A' <= x && x <= 'Z' {
		x += 'a' - 'A'
	}
	if 'A' <= y && y <= 'Z' {
		y += 'a' - 'A'
	}
	return x == y
}

type iamString = iam.String

// aliases returns the earlier code of a rule as a list, or nil.
func aliases(code string) []string {
	if code == "" {
		return nil
	}
	return []string{code}
}

// hasWildcard reports whether s holds '*' or '?' (faster than
// strings.ContainsAny for the short strings of policies).
func hasWildcard(s string) bool { return indexWildcard(s) >= 0 }

// indexWildcard returns the index of the first '*' or '?' of s, or -1.
func indexWildcard(s string) int {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c == '*' || c == '?' {
			return i
		}
	}
	return -1
}

// lastIndexWildcard returns the index of the last '*' or '?' of s, or -1.
func lastIndexWildcard(s string) int {
	for i := len(s) - 1; i >= 0; i-- {
		if c := s[i]; c == '*' || c == '?' {
			return i
		}
	}
	return -1
}
