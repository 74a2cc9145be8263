package iamrules

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/leastpriv/leastpriv/catalog"
	"github.com/leastpriv/leastpriv/diag"
	"github.com/leastpriv/leastpriv/iam"
	"github.com/leastpriv/leastpriv/lint"
)

// privescRef is PRIVILEGE_ESCALATION's Run as first written: every method
// looks for the statement that grants each of its actions, with no pass
// over the policy first.
func privescRef(p *lint.Pass) {
	ids := privescIDs(p.Catalog).ids
	for k, m := range privescMethods {
		var rel []diag.Related
		var first *diag.Diagnostic
		limited := false
		ok := ids[k] != nil
		for j, name := range m.Actions {
			if !ok {
				break
			}
			id := ids[k][j]
			st := grantingStatement(p, id)
			if st == nil {
				ok = false
				break
			}
			if !unconstrained(st) {
				limited = true
			}
			r, path := actionValue(p, st, id)
			if first == nil {
				first = &diag.Diagnostic{Range: r, Path: path}
			} else {
				rel = append(rel, diag.Related{Range: r, Message: name + " is granted here"})
			}
		}
		if !ok || first == nil {
			continue
		}
		scope := ""
		if limited {
			scope = " (on the resources the statements name)"
		}
		verb := "let"
		if len(m.Actions) == 1 {
			verb = "lets"
		}
		first.Message = sprintf("privilege escalation (%s): %s %s the principal %s%s", m.Name, strings.Join(m.Actions, " + "), verb, m.What, scope)
		first.Related = rel
		first.URL = m.Source
		p.Report(*first)
	}
}

// TestPrivilegeEscalationPrefilter compares the rule with privescRef on
// random policies made of the methods' actions, wildcards that match them,
// other actions, NotAction, Deny statements and scoped resources.
func TestPrivilegeEscalationPrefilter(t *testing.T) {
	c := catalog.Default()
	var pool []string
	for _, m := range privescMethods {
		pool = append(pool, m.Actions...)
	}
	pool = append(pool, "iam:*", "iam:Pass*", "iam:Create*", "lambda:*", "*", "ec2:Run*", "s3:GetObject", "sts:*", "iam:passrole", "iam:Get*")
	ref := *PrivilegeEscalation
	ref.Run = privescRef
	r := rand.New(rand.NewPCG(13, 14))
	for n := range 3000 {
		var sts []string
		for range 1 + r.IntN(4) {
			var acts []string
			for range 1 + r.IntN(5) {
				acts = append(acts, fmt.Sprintf("%q", pool[r.IntN(len(pool))]))
			}
			effect, key, res := "Allow", "Action", `"*"`
			if r.IntN(6) == 0 {
				effect = "Deny"
			}
			if r.IntN(6) == 0 {
				key = "NotAction"
			}
			if r.IntN(4) == 0 {
				res = `"arn:aws:iam::111122223333:role/app"`
			}
			sts = append(sts, fmt.Sprintf(`{"Effect": %q, %q: [%s], "Resource": %s}`, effect, key, strings.Join(acts, ", "), res))
		}
		src := `{"Version": "2012-10-17", "Statement": [` + strings.Join(sts, ", ") + `]}`
		in := &lint.Input{File: fmt.Sprintf("p%d.json", n), Src: []byte(src), Type: iam.Identity}
		got := (&lint.Linter{Catalog: c, Rules: []*lint.Rule{PrivilegeEscalation}}).Lint(in)
		want := (&lint.Linter{Catalog: c, Rules: []*lint.Rule{&ref}}).Lint(in)
		if diff := cmp.Diff(want.Diags, got.Diags); diff != "" {
			t.Fatalf("%s: findings differ (-want +got):\n%s", src, diff)
		}
	}
}
