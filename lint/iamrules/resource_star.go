package iamrules

import (
	"strings"

	"github.com/leastpriv/leastpriv/catalog"
	"github.com/leastpriv/leastpriv/diag"
	"github.com/leastpriv/leastpriv/lint"
)

// ResourceStar reports "Resource": "*" on actions that can be limited to
// resources.
var ResourceStar = &lint.Rule{
	Code:     "RESOURCE_STAR",
	Severity: diag.Warning,
	Title:    `"Resource": "*" on actions that can be scoped to resources`,
	Doc: `"Resource": "*" grants the statement's actions on every resource of the
account, including the ones other teams own. Most actions can be limited to
resources of given types (a role, a function, a bucket); only those that cannot
(List and Describe calls, account settings) need "*". The finding names the
resource types the statement's actions accept, so the statement can be split
into a "*" part for the actions that need it and a scoped part for the others.`,
	Hint:   "move the actions that accept resource ARNs to a statement that names those resources",
	Source: srcParl,
	URLs:   []string{resourceDoc, sarDoc, parliamentURL},
	Bad:    policy(`{"Effect": "Allow", "Action": ["lambda:InvokeFunction"], "Resource": "*"}`),
	Good:   policy(`{"Effect": "Allow", "Action": ["lambda:ListFunctions"], "Resource": "*"}`),
	Types:  identityTypes,
	Run: func(p *lint.Pass) {
		for _, st := range p.Policy.Statements {
			if !allows(st) || st.Action == nil || st.Action.Not {
				continue
			}
			var star *iamString
			for i, r := range resources(st) {
				if r.Value == "*" {
					star = &st.Resource.Values[i]
				}
			}
			if star == nil {
				continue
			}
			scoped, byService := scopable(p.Catalog, p.Applies(st))
			if scoped == 0 {
				continue
			}
			p.Reportf(star.Range, star.Path, `"Resource": "*" covers %d actions that can be scoped to resources: %s`, scoped, byService)
		}
	},
}

// scopable counts the actions of s that accept resource ARNs and describes
// the resource types they accept, by service (at most five services).
func scopable(c *catalog.Catalog, s catalog.Set) (int, string) {
	n := 0
	type svc struct {
		prefix string
		types  []string
	}
	var svcs []*svc
	var cur *svc
	for _, a := range s.Actions(c) {
		if len(a.Resources) == 0 {
			continue
		}
		n++
		if cur == nil || cur.prefix != a.Service.Prefix {
			cur = &svc{prefix: a.Service.Prefix}
			svcs = append(svcs, cur)
		}
		for _, r := range a.Resources {
			cur.types = append(cur.types, r.Type.Name)
		}
	}
	var parts []string
	for i, s := range svcs {
		if i == 5 {
			parts = append(parts, sprintf("%d more services", len(svcs)-5))
			break
		}
		t := uniq(s.types)
		if len(t) > 4 {
			t = append(t[:4], "...")
		}
		parts = append(parts, s.prefix+" ("+strings.Join(t, ", ")+")")
	}
	return n, strings.Join(parts, ", ")
}
