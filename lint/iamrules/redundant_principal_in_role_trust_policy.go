package iamrules

import (
	"strings"

	"github.com/leastpriv/leastpriv/diag"
	"github.com/leastpriv/leastpriv/iam"
	"github.com/leastpriv/leastpriv/lint"
)

// sessionRole returns the role ARN ("arn:P:iam::A:role/R") an assumed-role
// session ARN ("arn:P:sts::A:assumed-role/R/SESSION") belongs to, without the
// role's path, which session ARNs do not carry; ok is false for other values.
func sessionRole(v string) (role string, ok bool) {
	a := splitARN(v)
	if a.N < 6 || a.Prefix != "arn" || a.Service != "sts" || a.Region != "" {
		return "", false
	}
	rest, ok := strings.CutPrefix(a.Resource, "assumed-role/")
	if !ok {
		return "", false
	}
	name, session, ok := strings.Cut(rest, "/")
	if !ok || name == "" || session == "" {
		return "", false
	}
	return "arn:" + a.Partition + ":iam::" + a.Account + ":role/" + name, true
}

// roleWithoutPath returns a role ARN without its path ("arn:aws:iam::A:role/p/R" is
// "arn:aws:iam::A:role/R"), or ok false for other values.
func roleWithoutPath(v string) (string, bool) {
	a := splitARN(v)
	if a.N < 6 || a.Prefix != "arn" || a.Service != "iam" || a.Region != "" {
		return "", false
	}
	rest, ok := strings.CutPrefix(a.Resource, "role/")
	if !ok || rest == "" {
		return "", false
	}
	if i := strings.LastIndexByte(rest, '/'); i >= 0 {
		rest = rest[i+1:]
	}
	return "arn:" + a.Partition + ":iam::" + a.Account + ":role/" + rest, true
}

// RedundantPrincipalInRoleTrustPolicy reports assumed-role sessions named
// beside their role.
var RedundantPrincipalInRoleTrustPolicy = &lint.Rule{
	Code:     "REDUNDANT_PRINCIPAL_IN_ROLE_TRUST_POLICY",
	Severity: diag.Suggestion,
	Title:    "assumed-role session named beside its own role",
	Doc: `A role trust policy that names a role ("arn:aws:iam::ACCOUNT:role/NAME")
already trusts every session of that role. Naming one of its sessions as well
("arn:aws:sts::ACCOUNT:assumed-role/NAME/SESSION") changes nothing; remove
the session principal.`,
	Hint:        "remove the assumed-role principal",
	Source:      srcAA,
	URLs:        []string{aaChecks + "#access-analyzer-reference-policy-checks-suggestion-redundant-principal-in-role-trust-policy", principalDoc + "#principal-role-session"},
	Bad:         `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": ["arn:aws:iam::111122223333:role/ci", "arn:aws:sts::111122223333:assumed-role/ci/build-42"]}, "Action": "sts:AssumeRole"}]}`,
	Good:        `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:role/ci"}, "Action": "sts:AssumeRole"}]}`,
	ExampleType: iam.Trust,
	Types:       []iam.Type{iam.Trust},
	Run: func(p *lint.Pass) {
		for _, st := range p.Policy.Statements {
			if st.Principal == nil || st.Principal.Not {
				continue
			}
			for _, e := range st.Principal.Entries {
				if e.Kind != iam.AWSPrincipal || len(e.Values) < 2 {
					continue
				}
				for i := range e.Values {
					v := &e.Values[i]
					role, ok := sessionRole(v.Value)
					if !ok || hasWildcard(v.Value) {
						continue
					}
					for j := range e.Values {
						if r, ok := roleWithoutPath(e.Values[j].Value); ok && r == role && !hasWildcard(e.Values[j].Value) {
							p.Reportf(v.Range, v.Path, "%s is a session of %s, which this statement already trusts", v.Value, e.Values[j].Value)
							break
						}
					}
				}
			}
		}
	},
}
