package iamrules

import (
	"slices"
	"sync"

	"github.com/leastpriv/leastpriv/catalog"
	"strings"

	"github.com/leastpriv/leastpriv/diag"
	"github.com/leastpriv/leastpriv/iam"
	"github.com/leastpriv/leastpriv/lint"
)

// PrivilegeEscalation reports combinations of permissions that let a
// principal give itself more permissions.
var PrivilegeEscalation = &lint.Rule{
	Code:     "PRIVILEGE_ESCALATION",
	Severity: diag.SecurityWarning,
	Title:    "permissions that allow privilege escalation",
	Doc: `Some permissions, alone or together, let a principal obtain permissions it was
not given: iam:CreateAccessKey on other users, iam:PassRole with
lambda:CreateFunction and lambda:InvokeFunction (run code as any role),
iam:CreatePolicyVersion, iam:Attach*Policy and iam:Put*Policy on itself, and
about thirty more known methods (Rhino Security Labs' catalogue, Pacu, Bishop
Fox). A policy that grants one of these combinations is, in effect, as powerful
as the most privileged role or user the principal can reach. Each finding names
the method, its source and the actions that make it up, with their positions.
When the statements limit the resources, the escalation is limited to those
resources (for example roles with a given prefix), which may still include
privileged ones the principal can create. Deny statements without conditions
are taken into account; other conditions are not.`,
	Hint:   "remove one of the actions, or limit it to resources that cannot lead to more privileges",
	Source: srcCS,
	URLs:   []string{rhinoPrivesc, cloudsplaining, srcPacu},
	Bad:    policy(`{"Effect": "Allow", "Action": ["iam:PassRole", "lambda:CreateFunction", "lambda:InvokeFunction"], "Resource": "*"}`),
	Good:   policy(`{"Effect": "Allow", "Action": ["lambda:CreateFunction", "lambda:InvokeFunction"], "Resource": "*"}`),
	Types:  identityTypes,
	Run: func(p *lint.Pass) {
		ix := privescIDs(p.Catalog)
		ids := ix.ids
		// Which of the methods' actions some statement grants, found with
		// one pass over the statements' actions: most policies grant none,
		// and their methods are then ruled out without looking for the
		// statement that grants each action.
		var granted [2]uint64
		mark := func(b int) { granted[b>>6] |= 1 << (b & 63) }
		for _, st := range p.Policy.Statements {
			if st.Action == nil {
				continue
			}
			refs := p.Actions(st)
			if st.Action.Not {
				// Grants every action that no value matches.
				for b, id := range ix.list {
					if !slices.ContainsFunc(refs, func(r lint.ActionRef) bool { return r.Has(id) }) {
						mark(b)
					}
				}
				continue
			}
			for i := range refs {
				if a := refs[i].Action; a != nil {
					if ix.set.Has(a.ID) {
						mark(ix.bitOf[a.ID])
					}
					continue
				}
				if len(refs[i].IDs) > 0 {
					for b, id := range ix.list {
						if refs[i].Set.Has(id) {
							mark(b)
						}
					}
				}
			}
		}
		for k, m := range privescMethods {
			var rel []diag.Related
			var first *diag.Diagnostic
			limited := false
			ok := ids[k] != nil
			for j := range m.Actions {
				if b := ix.bit[k][j]; ok && granted[b>>6]&(1<<(b&63)) == 0 {
					ok = false
				}
			}
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
	},
}

// grantingStatement returns the first Allow statement that applies to the
// action, unless a Deny statement without conditions denies it on every
// resource.
func grantingStatement(p *lint.Pass, id int) *iam.Statement {
	var found *iam.Statement
	for _, st := range p.Policy.Statements {
		if st.Action == nil || !p.Grants(st, id) {
			continue
		}
		if st.Effect == iam.Deny && st.Condition == nil && unconstrained(st) {
			return nil
		}
		if found == nil && allows(st) {
			found = st
		}
	}
	return found
}

// privescIDCache memoises privescIDs per catalog.
var privescIDCache sync.Map

// privescIndex holds the action IDs of each method (nil when the catalog
// lacks one of its actions), the distinct IDs, and each action's place in
// that list.
type privescIndex struct {
	ids   [][]int
	list  []int       // at most 128
	bit   [][]int     // like ids: the index in list
	bitOf map[int]int // the index in list of an ID
	set   catalog.Set // the IDs of list
}

func privescIDs(c *catalog.Catalog) *privescIndex {
	if v, ok := privescIDCache.Load(c); ok {
		return v.(*privescIndex)
	}
	ix := &privescIndex{ids: make([][]int, len(privescMethods)), bit: make([][]int, len(privescMethods))}
	for k, m := range privescMethods {
		ids := make([]int, len(m.Actions))
		bits := make([]int, len(m.Actions))
		for j, name := range m.Actions {
			a := c.Action(name)
			if a == nil {
				ids = nil
				break
			}
			ids[j] = a.ID
			b := slices.Index(ix.list, a.ID)
			if b < 0 {
				b = len(ix.list)
				ix.list = append(ix.list, a.ID)
			}
			bits[j] = b
		}
		ix.ids[k], ix.bit[k] = ids, bits
	}
	if len(ix.list) > 128 {
		panic("privilege escalation: more than 128 distinct actions")
	}
	ix.bitOf = map[int]int{}
	for b, id := range ix.list {
		ix.bitOf[id] = b
		ix.set.Add(id)
	}
	v, _ := privescIDCache.LoadOrStore(c, ix)
	return v.(*privescIndex)
}
