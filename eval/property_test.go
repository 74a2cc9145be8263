package eval

import (
	"encoding/json"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/leastpriv/leastpriv/iam"
)

// Metamorphic properties over generated scenarios: each transforms a
// scenario in a way that must not change (or may only narrow) the decision.

const propertyRuns = 1500

// decideDoc decides a scenario document; ok is false when it is invalid for
// the engine (a request value a condition cannot read).
func decideDoc(t *testing.T, doc map[string]any) (Decision, bool) {
	t.Helper()
	sc, _ := decodeGenerated(t, doc)
	res, err := sc.Decide()
	if err != nil {
		return 0, false
	}
	return res.Decision, true
}

// clone deep-copies a JSON document.
func clone(doc map[string]any) map[string]any {
	b, err := json.Marshal(doc)
	if err != nil {
		panic(err)
	}
	var out map[string]any
	if err := json.Unmarshal(b, &out); err != nil {
		panic(err)
	}
	return out
}

// policies returns every policy document in a scenario, for in-place edits.
func policies(doc map[string]any) []map[string]any {
	var out []map[string]any
	add := func(v any) {
		if m, ok := v.(map[string]any); ok {
			out = append(out, m)
		}
	}
	addList := func(v any) {
		if l, ok := v.([]any); ok {
			for _, x := range l {
				add(x)
			}
		}
	}
	p := doc["principal"].(map[string]any)
	addList(p["identityPolicies"])
	add(p["permissionsBoundary"])
	addList(p["sessionPolicies"])
	add(doc["resource"].(map[string]any)["policy"])
	if o, ok := doc["organization"].(map[string]any); ok {
		for _, k := range []string{"scps", "rcps"} {
			if lv, ok := o[k].([]any); ok {
				for _, l := range lv {
					addList(l)
				}
			}
		}
	}
	return out
}

func statements(p map[string]any) []any {
	switch s := p["Statement"].(type) {
	case []any:
		return s
	case map[string]any:
		return []any{s}
	}
	return nil
}

// typedPolicies returns every policy document of a scenario with its type,
// for adding statements.
func typedPolicies(doc map[string]any) []typedPolicy {
	var out []typedPolicy
	add := func(v any, typ iam.Type) {
		if m, ok := v.(map[string]any); ok {
			out = append(out, typedPolicy{m, typ})
		}
	}
	addList := func(v any, typ iam.Type) {
		if l, ok := v.([]any); ok {
			for _, x := range l {
				add(x, typ)
			}
		}
	}
	p := doc["principal"].(map[string]any)
	addList(p["identityPolicies"], iam.Identity)
	add(p["permissionsBoundary"], iam.Boundary)
	addList(p["sessionPolicies"], iam.Session)
	r := doc["resource"].(map[string]any)
	if arn, _ := r["arn"].(string); isRoleARN(arn) {
		add(r["policy"], iam.Trust)
	} else {
		add(r["policy"], iam.Resource)
	}
	if o, ok := doc["organization"].(map[string]any); ok {
		for k, typ := range map[string]iam.Type{"scps": iam.SCP, "rcps": iam.RCP} {
			if lv, ok := o[k].([]any); ok {
				for _, l := range lv {
					addList(l, typ)
				}
			}
		}
	}
	return out
}

type typedPolicy struct {
	doc map[string]any
	typ iam.Type
}

// addStatement appends a generated statement with the given effect to one
// policy of the scenario (chosen by g), or to a new identity-based policy.
func addStatement(g *generator, doc map[string]any, effect string) {
	pols := typedPolicies(doc)
	if n := g.r.IntN(len(pols) + 1); n < len(pols) {
		tp := pols[n]
		principal := tp.typ == iam.Resource || tp.typ == iam.Trust || tp.typ == iam.RCP
		st := g.stmt(tp.typ, principal, tp.typ != iam.Trust, effect == "Allow", 99)
		st["Effect"] = effect
		if _, ok := st["NotPrincipal"]; ok && effect == "Allow" {
			delete(st, "NotPrincipal")
			st["Principal"] = "*"
		}
		tp.doc["Statement"] = append(statements(tp.doc), st)
		return
	}
	p := doc["principal"].(map[string]any)
	ids, _ := p["identityPolicies"].([]any)
	pol := g.policyDoc(iam.Identity, false)
	for _, s := range statements(pol) {
		s.(map[string]any)["Effect"] = effect
	}
	p["identityPolicies"] = append(ids, pol)
}

// TestPropertyAddingDenyNeverAllows adds a Deny statement to any policy of
// a scenario (identity, resource, trust, boundary, session, SCP, RCP): an
// explicit deny can only narrow.
func TestPropertyAddingDenyNeverAllows(t *testing.T) {
	counts := map[Decision]int{}
	for i := range uint64(propertyRuns) {
		g := newGenerator(i, 1)
		doc := g.scenario()
		before, ok := decideDoc(t, doc)
		if !ok {
			continue
		}
		after := clone(doc)
		addStatement(g, after, "Deny")
		got, ok := decideDoc(t, after)
		if !ok {
			continue
		}
		counts[before]++
		if before != Allow && got == Allow {
			t.Fatalf("seed %d: adding a Deny turned %s into Allow", i, before)
		}
		if before == ExplicitDeny && got != ExplicitDeny {
			t.Fatalf("seed %d: adding a Deny turned ExplicitDeny into %s", i, got)
		}
	}
	for _, d := range []Decision{Allow, ImplicitDeny, ExplicitDeny} {
		if counts[d] < 20 {
			t.Errorf("only %d scenarios started from %s; the property proves little", counts[d], d)
		}
	}
}

// TestPropertyAddingAllowNeverDenies adds an Allow statement to any policy:
// an Allow can only widen, and never lifts an explicit deny.
func TestPropertyAddingAllowNeverDenies(t *testing.T) {
	for i := range uint64(propertyRuns) {
		g := newGenerator(i, 7)
		doc := g.scenario()
		before, ok := decideDoc(t, doc)
		if !ok {
			continue
		}
		after := clone(doc)
		addStatement(g, after, "Allow")
		got, ok := decideDoc(t, after)
		if !ok {
			continue
		}
		if before == Allow && got != Allow {
			t.Fatalf("seed %d: adding an Allow turned Allow into %s", i, got)
		}
		if before == ExplicitDeny && got != ExplicitDeny {
			t.Fatalf("seed %d: adding an Allow lifted an explicit deny (%s)", i, got)
		}
	}
}

func TestPropertyOrderIrrelevant(t *testing.T) {
	for i := range uint64(propertyRuns) {
		g := newGenerator(i, 2)
		doc := g.scenario()
		before, ok := decideDoc(t, doc)
		if !ok {
			continue
		}
		after := clone(doc)
		r := rand.New(rand.NewPCG(i, 3))
		for _, p := range policies(after) {
			st := statements(p)
			r.Shuffle(len(st), func(a, b int) { st[a], st[b] = st[b], st[a] })
			p["Statement"] = st
		}
		pr := after["principal"].(map[string]any)
		lists := []any{pr["identityPolicies"], pr["sessionPolicies"]}
		if o, ok := after["organization"].(map[string]any); ok {
			for _, k := range []string{"scps", "rcps"} {
				if lv, ok := o[k].([]any); ok {
					lists = append(lists, lv...) // the policies of each level, not the levels
				}
			}
		}
		for _, l := range lists {
			if l, ok := l.([]any); ok {
				r.Shuffle(len(l), func(a, b int) { l[a], l[b] = l[b], l[a] })
			}
		}
		if got, _ := decideDoc(t, after); got != before {
			t.Fatalf("seed %d: reordering statements and policies changed %s into %s", i, before, got)
		}
	}
}

func TestPropertyBoundaryAloneNeverGrants(t *testing.T) {
	for i := range uint64(propertyRuns) {
		g := newGenerator(i, 4)
		doc := g.scenario()
		p := doc["principal"].(map[string]any)
		if !strings.HasPrefix(p["arn"].(string), "arn:") || strings.HasSuffix(p["arn"].(string), ":root") {
			continue // only IAM users, roles and sessions have boundaries
		}
		delete(p, "identityPolicies")
		delete(doc["resource"].(map[string]any), "policy")
		allowAll := map[string]any{"Version": "2012-10-17", "Statement": map[string]any{"Effect": "Allow", "Action": "*", "Resource": "*"}}
		p["permissionsBoundary"] = allowAll
		if got, ok := decideDoc(t, doc); ok && got == Allow {
			t.Fatalf("seed %d: a permissions boundary alone granted the request", i)
		}
	}
}

func TestPropertySplittingStatements(t *testing.T) {
	splits := 0
	for i := range uint64(propertyRuns) {
		g := newGenerator(i, 5)
		doc := g.scenario()
		before, ok := decideDoc(t, doc)
		if !ok {
			continue
		}
		after := clone(doc)
		for _, p := range policies(after) {
			var out []any
			for _, s := range statements(p) {
				st := s.(map[string]any)
				// Action and Resource values are ORed: a statement with
				// several is the union of statements with fewer. (NotAction
				// and NotResource lists are not: they exclude together.)
				key := "Action"
				if _, ok := st["Action"].([]any); !ok || (g.chance(0.5) && len(listOf(st["Resource"])) > 1) {
					key = "Resource"
				}
				vals := listOf(st[key])
				if len(vals) < 2 {
					out = append(out, st)
					continue
				}
				a, b := clone(st), clone(st)
				a[key], b[key] = vals[:1], vals[1:]
				delete(b, "Sid")
				out = append(out, a, b)
				splits++
			}
			p["Statement"] = out
		}
		if got, _ := decideDoc(t, after); got != before {
			t.Fatalf("seed %d: splitting statements changed %s into %s", i, before, got)
		}
	}
	if splits < propertyRuns/2 {
		t.Errorf("only %d statements split; the property proves little", splits)
	}
}

func listOf(v any) []any {
	l, _ := v.([]any)
	return l
}

func TestPropertyActionCase(t *testing.T) {
	flip := func(s string) string {
		b := []byte(s)
		for i, c := range b {
			switch {
			case 'a' <= c && c <= 'z':
				b[i] = c - 32
			case 'A' <= c && c <= 'Z':
				b[i] = c + 32
			}
		}
		return string(b)
	}
	for i := range uint64(propertyRuns) {
		g := newGenerator(i, 6)
		doc := g.scenario()
		before, ok := decideDoc(t, doc)
		if !ok {
			continue
		}
		after := clone(doc)
		after["action"] = flip(after["action"].(string))
		for _, p := range policies(after) {
			for _, s := range statements(p) {
				st := s.(map[string]any)
				for _, k := range []string{"Action", "NotAction"} {
					if l, ok := st[k].([]any); ok {
						for j := range l {
							l[j] = flip(l[j].(string))
						}
					}
				}
			}
		}
		if got, _ := decideDoc(t, after); got != before {
			t.Fatalf("seed %d: changing the case of action names changed %s into %s", i, before, got)
		}
	}
}
