package eval

import (
	"fmt"
	"strings"

	"github.com/leastpriv/leastpriv/diag"
	"github.com/leastpriv/leastpriv/iam"
	"github.com/leastpriv/leastpriv/internal/jsonpos"
)

// A Scenario is one request of the scenario format of "leastpriv simulate",
// with every policy that applies to it, compiled.
//
//	{
//	  "name": "optional label, echoed back",
//	  "action": "s3:GetObject",
//	  "principal": {"arn": "...", "tags": {...}, "identityPolicies": [...],
//	                "permissionsBoundary": {...}, "sessionPolicies": [...],
//	                "canonicalUser": "...", "federatedBy": "..."},
//	  "resource": {"arn": "...", "account": "...", "policy": {...}, "tags": {...}},
//	  "context": {"aws:SourceIp": "203.0.113.7", "aws:TagKeys": ["env", "cost"]},
//	  "organization": {"managementAccount": "...", "scps": [[...], ...], "rcps": [[...], ...]}
//	}
//
// Policies are labelled by their place in the scenario
// ("identityPolicies[0]", "scps[1][0]") and keep their source positions.
type Scenario struct {
	Name    string
	Request Request
	Set     Set
}

// ScenarioError is an invalid scenario: its name (when it could be read)
// and the diagnostics.
type ScenarioError struct {
	Name  string
	Diags diag.List
}

func (e *ScenarioError) Error() string {
	return diag.ErrorList(e.Diags).Error()
}

// ParseScenario parses one scenario document. line and offset are the
// position of src within file (for a line of a .jsonl file), so that
// diagnostics and reasons point into the file; use 1 and 0 for a whole file.
func ParseScenario(file string, src []byte, line, offset int) (*Scenario, error) {
	v, diags := jsonpos.Parse(file, src, jsonpos.Options{MaxSize: 16 << 20})
	if v == nil {
		shiftDiags(diags, line, offset)
		return nil, &ScenarioError{Diags: diags}
	}
	shiftValue(v, line-1, offset)
	return ScenarioFromValue(v)
}

func shiftPos(p *diag.Pos, line, offset int) {
	p.Line += line
	p.Offset += offset
}

func shiftDiags(l diag.List, line, offset int) {
	for i := range l {
		shiftPos(&l[i].Range.Start, line-1, offset)
		shiftPos(&l[i].Range.End, line-1, offset)
	}
}

// shiftValue moves every position of the tree by line lines and offset bytes.
func shiftValue(v *jsonpos.Value, line, offset int) {
	if line == 0 && offset == 0 {
		return
	}
	shiftPos(&v.Range.Start, line, offset)
	shiftPos(&v.Range.End, line, offset)
	for _, e := range v.Elems {
		shiftValue(e, line, offset)
	}
	for i := range v.Members {
		m := &v.Members[i]
		shiftPos(&m.KeyRange.Start, line, offset)
		shiftPos(&m.KeyRange.End, line, offset)
		shiftValue(m.Value, line, offset)
	}
}

// decoder accumulates the diagnostics of one scenario.
type decoder struct {
	diags diag.List
}

func (d *decoder) errorf(v *jsonpos.Value, format string, args ...any) {
	d.diags.Addf(v.Range, v.Path, diag.Error, "INVALID_SCENARIO", format, args...)
}

// object checks that v is an object with only the given members and returns
// them by name.
func (d *decoder) object(v *jsonpos.Value, what string, names ...string) map[string]*jsonpos.Value {
	if v.Kind != jsonpos.Object {
		d.errorf(v, "%s must be an object, found %s", what, v.Describe())
		return nil
	}
	out := map[string]*jsonpos.Value{}
	for _, m := range v.Members {
		known := false
		for _, n := range names {
			if m.Key == n {
				known = true
			}
		}
		switch {
		case !known:
			d.diags.Addf(m.KeyRange, m.Value.Path, diag.Error, "INVALID_SCENARIO", "unknown member %q in %s (want %s)", m.Key, what, strings.Join(names, ", "))
		case out[m.Key] != nil:
			d.diags.Addf(m.KeyRange, m.Value.Path, diag.Error, "INVALID_SCENARIO", "duplicate member %q in %s", m.Key, what)
		default:
			out[m.Key] = m.Value
		}
	}
	return out
}

func (d *decoder) str(v *jsonpos.Value, what string) string {
	if v == nil {
		return ""
	}
	if v.Kind != jsonpos.String {
		d.errorf(v, "%s must be a string, found %s", what, v.Describe())
		return ""
	}
	return v.Text
}

func (d *decoder) tags(v *jsonpos.Value, what string) map[string]string {
	if v == nil {
		return nil
	}
	out := map[string]string{}
	if v.Kind != jsonpos.Object {
		d.errorf(v, "%s must be an object of strings, found %s", what, v.Describe())
		return nil
	}
	for _, m := range v.Members {
		if _, dup := out[m.Key]; dup {
			d.diags.Addf(m.KeyRange, m.Value.Path, diag.Error, "INVALID_SCENARIO", "duplicate tag %q", m.Key)
		}
		out[m.Key] = d.str(m.Value, "tag value")
	}
	return out
}

func (d *decoder) policy(v *jsonpos.Value, typ iam.Type, label string) *Policy {
	if v.Kind != jsonpos.Object {
		d.errorf(v, "%s must be a policy document (a JSON object), found %s", label, v.Describe())
		return nil
	}
	p, diags := iam.ParseValue(v, iam.ParseOptions{Type: typ})
	errs := diags.Errors()
	if len(errs) > 0 {
		for _, e := range errs {
			e.Message = label + ": " + e.Message
			d.diags.Add(e)
		}
		return nil
	}
	cp, cd := Compile(p, label)
	for _, e := range cd.Errors() {
		e.Message = label + ": " + e.Message
		d.diags.Add(e)
	}
	return cp
}

func (d *decoder) policies(v *jsonpos.Value, typ iam.Type, label string) []*Policy {
	if v == nil {
		return nil
	}
	if v.Kind != jsonpos.Array {
		d.errorf(v, "%s must be an array of policy documents, found %s", label, v.Describe())
		return nil
	}
	out := []*Policy{}
	for i, e := range v.Elems {
		if p := d.policy(e, typ, fmt.Sprintf("%s[%d]", label, i)); p != nil {
			out = append(out, p)
		}
	}
	return out
}

func (d *decoder) levels(v *jsonpos.Value, typ iam.Type, label string) [][]*Policy {
	if v == nil {
		return nil
	}
	if v.Kind != jsonpos.Array {
		d.errorf(v, "%s must be an array of levels (each an array of policies), found %s", label, v.Describe())
		return nil
	}
	out := [][]*Policy{}
	for i, e := range v.Elems {
		out = append(out, d.policies(e, typ, fmt.Sprintf("%s[%d]", label, i)))
	}
	return out
}

// ScenarioFromValue decodes a scenario from a JSON tree.
func ScenarioFromValue(v *jsonpos.Value) (*Scenario, error) {
	d := &decoder{}
	sc := &Scenario{}
	top := d.object(v, "a scenario", "name", "action", "principal", "resource", "context", "organization")
	if top == nil {
		return nil, &ScenarioError{Diags: d.diags}
	}
	sc.Name = d.str(top["name"], "name")
	r := &sc.Request
	if a := top["action"]; a == nil {
		d.errorf(v, "scenario has no \"action\"")
	} else {
		r.Action = d.str(a, "action")
	}
	if p := top["principal"]; p == nil {
		d.errorf(v, "scenario has no \"principal\"")
	} else if m := d.object(p, "principal", "arn", "tags", "identityPolicies", "permissionsBoundary", "sessionPolicies", "canonicalUser", "federatedBy"); m != nil {
		if m["arn"] == nil {
			d.errorf(p, "principal has no \"arn\"")
		}
		r.Principal.ARN = d.str(m["arn"], "principal.arn")
		r.Principal.Tags = d.tags(m["tags"], "principal.tags")
		r.Principal.CanonicalUser = d.str(m["canonicalUser"], "principal.canonicalUser")
		r.Principal.FederatedBy = d.str(m["federatedBy"], "principal.federatedBy")
		sc.Set.Identity = d.policies(m["identityPolicies"], iam.Identity, "identityPolicies")
		if b := m["permissionsBoundary"]; b != nil {
			sc.Set.Boundary = d.policy(b, iam.Boundary, "permissionsBoundary")
		}
		if s := m["sessionPolicies"]; s != nil {
			sc.Set.Sessioned = true
			sc.Set.Session = d.policies(s, iam.Session, "sessionPolicies")
		}
	}
	if rv := top["resource"]; rv == nil {
		d.errorf(v, "scenario has no \"resource\" (use {\"arn\": \"*\"} for actions that accept only \"*\")")
	} else if m := d.object(rv, "resource", "arn", "account", "policy", "tags"); m != nil {
		if m["arn"] == nil {
			d.errorf(rv, "resource has no \"arn\" (use \"*\" for actions that accept only \"*\")")
		}
		r.Resource = d.str(m["arn"], "resource.arn")
		r.ResourceAccount = d.str(m["account"], "resource.account")
		r.ResourceTags = d.tags(m["tags"], "resource.tags")
		if p := m["policy"]; p != nil {
			typ := iam.Resource
			if isRoleARN(r.Resource) {
				typ = iam.Trust
			}
			sc.Set.Resource = d.policy(p, typ, "resource.policy")
		}
	}
	if c := top["context"]; c != nil {
		sc.Request.Context = d.context(c)
	}
	if o := top["organization"]; o != nil {
		if m := d.object(o, "organization", "managementAccount", "scps", "rcps"); m != nil {
			org := &Organization{ManagementAccount: d.str(m["managementAccount"], "organization.managementAccount")}
			org.SCPs = d.levels(m["scps"], iam.SCP, "scps")
			org.RCPs = d.levels(m["rcps"], iam.RCP, "rcps")
			sc.Set.Organization = org
		}
	}
	if len(d.diags) == 0 {
		// Validate the request now, so that errors carry a position.
		if _, err := prepare(&sc.Request); err != nil {
			d.errorf(v, "%v", err)
		}
	}
	if len(d.diags) > 0 {
		return nil, &ScenarioError{Name: sc.Name, Diags: d.diags}
	}
	return sc, nil
}

// isRoleARN reports whether s is an IAM role ARN (whose resource policy is
// its trust policy).
func isRoleARN(s string) bool {
	a, err := ParseARN(s)
	return err == nil && a.Service == "iam" && strings.HasPrefix(a.Resource, "role/")
}

// context decodes the context object: each key maps to a string or an array
// of strings; numbers and booleans are taken as their text.
func (d *decoder) context(v *jsonpos.Value) map[string][]string {
	if v.Kind != jsonpos.Object {
		d.errorf(v, "context must be an object, found %s", v.Describe())
		return nil
	}
	out := map[string][]string{}
	seen := map[string]bool{}
	for _, m := range v.Members {
		lk := strings.ToLower(m.Key)
		if seen[lk] {
			d.diags.Addf(m.KeyRange, m.Value.Path, diag.Error, "INVALID_SCENARIO", "context key %q given twice (key names are case-insensitive)", m.Key)
			continue
		}
		seen[lk] = true
		switch m.Value.Kind {
		case jsonpos.String, jsonpos.Number, jsonpos.Bool:
			out[m.Key] = []string{m.Value.Text}
		case jsonpos.Array:
			vals := []string{}
			for _, e := range m.Value.Elems {
				switch e.Kind {
				case jsonpos.String, jsonpos.Number, jsonpos.Bool:
					vals = append(vals, e.Text)
				default:
					d.errorf(e, "context values must be strings, found %s", e.Describe())
				}
			}
			out[m.Key] = vals
		default:
			d.errorf(m.Value, "context value of %q must be a string or an array of strings, found %s", m.Key, m.Value.Describe())
		}
	}
	return out
}

// Decide decides the scenario's request.
func (sc *Scenario) Decide() (Result, error) { return Decide(&sc.Set, &sc.Request) }
