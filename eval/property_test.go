package eval

import (
	"encoding/json"
	"math/rand/v2"
	"strings"
	"testing"
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

func TestPropertyAddingDenyNeverAllows(t *testing.T) {
	for i := range uint64(propertyRuns) {
		g := newGenerator(i, 1)
		doc := g.scenario()
		before, ok := decideDoc(t, doc)
		if !ok {
			continue
		}
		after := clone(doc)
		p := after["principal"].(map[string]any)
		ids, _ := p["identityPolicies"].([]any)
		deny := g.policyDoc(0, false)
		for _, s := range statements(deny) {
			s.(map[string]any)["Effect"] = "Deny"
		}
		p["identityPolicies"] = append(ids, deny)
		got, ok := decideDoc(t, after)
		if !ok {
			continue
		}
		if before != Allow && got == Allow {
			t.Fatalf("seed %d: adding a Deny turned %s into Allow", i, before)
		}
		if before == ExplicitDeny && got != ExplicitDeny {
			t.Fatalf("seed %d: adding a Deny turned ExplicitDeny into %s", i, got)
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
		if ids, ok := pr["identityPolicies"].([]any); ok {
			r.Shuffle(len(ids), func(a, b int) { ids[a], ids[b] = ids[b], ids[a] })
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
				acts, isList := st["Action"].([]any)
				if !isList || len(acts) < 2 {
					out = append(out, st)
					continue
				}
				a, b := clone(st), clone(st)
				a["Action"], b["Action"] = acts[:1], acts[1:]
				delete(b, "Sid")
				out = append(out, a, b)
			}
			p["Statement"] = out
		}
		if got, _ := decideDoc(t, after); got != before {
			t.Fatalf("seed %d: splitting statements changed %s into %s", i, before, got)
		}
	}
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
