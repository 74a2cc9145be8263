package iamrules

import (
	"strings"

	"github.com/leastpriv/leastpriv/catalog"
	"github.com/leastpriv/leastpriv/diag"
	"github.com/leastpriv/leastpriv/lint"
)

// ResourceMismatch reports actions that cannot apply to any resource of their
// statement, and resources no action of the statement applies to.
var ResourceMismatch = &lint.Rule{
	Code:     "RESOURCE_MISMATCH",
	Severity: diag.Warning,
	Title:    "action and resource of a statement do not fit together",
	Doc: `Each action applies to resources of certain types: iam:PassRole to roles,
s3:GetObject to objects ("arn:aws:s3:::bucket/key"), s3:ListBucket to buckets
("arn:aws:s3:::bucket"); actions without resource types (s3:ListAllMyBuckets,
ec2:Describe*) apply only to "Resource": "*". An action whose statement names
no resource of a type it applies to is granted nowhere, and a resource that no
action of its statement applies to grants nothing: the statement does not do
what its author meant. The classic case is s3:GetObject on the bucket ARN
instead of "bucket/*". Placeholders and wildcards count as matching anything
that fits.`,
	Hint:   "give each action the resources of the types it applies to ('leastpriv catalog show ACTION'), in a separate statement if needed",
	Source: srcParl,
	URLs:   []string{sarDoc, resourceDoc, parliamentURL},
	Bad:    policy(`{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::my-bucket"}`),
	Good:   policy(`{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::my-bucket/*"}`),
	Types:  grantTypes,
	Run: func(p *lint.Pass) {
		ix := indexFor(p.Catalog)
		for _, st := range p.Policy.Statements {
			if st.Action == nil || st.Action.Not || st.Resource == nil || st.Resource.Not {
				continue
			}
			res := resources(st)
			types := make([]map[*catalog.ResourceType]bool, len(res))
			star := false
			for i, r := range res {
				if r.Value == "*" {
					star = true
					break
				}
				types[i] = resourceTypes(p, r.Value)
			}
			if star {
				continue
			}
			// Actions (written without wildcards) that fit no resource.
			for _, ref := range p.Actions(st) {
				a := ref.Action
				if a == nil {
					continue
				}
				if !fitsAny(a, types) {
					p.ReportHint(ref.Value.Range, ref.Value.Path, resourceHint(a), "%s does not apply to %s", a, describeResources(res))
				}
			}
			// Resources no action of the statement applies to (when the
			// catalog knows some action of it).
			known := false
			for _, ref := range p.Actions(st) {
				if !ref.Empty() {
					known = true
					break
				}
			}
			for i, r := range res {
				if !known {
					break
				}
				if !strings.HasPrefix(r.Value, "arn:") {
					continue
				}
				a := splitARN(lint.Instance(r.Value))
				if a.N < 6 || wild(a.Service) || len(ix.byService[strings.ToLower(a.Service)]) == 0 {
					// Unknown services are INVALID_ARN_RESOURCE's business.
					continue
				}
				ok := false
				for rt := range types[i] {
					if p.GrantsAny(st, ix.actions[rt]) {
						ok = true
						break
					}
				}
				if !ok {
					p.Reportf(r.Range, r.Path, "no action of this statement applies to %s", r.Value)
				}
			}
		}
	},
}

// resourceTypes returns the resource types a Resource value can name
// (placeholders count as wildcards), memoised per policy. A nil map means
// every type (the value is not an ARN with a known service).
func resourceTypes(p *lint.Pass, value string) map[*catalog.ResourceType]bool {
	return p.SharedMemo(lint.MemoKey{Kind: "resource types", A: value}, func() any {
		return typesOf(p.Catalog, value)
	}).(map[*catalog.ResourceType]bool)
}

// typesOf computes resourceTypes.
func typesOf(c *catalog.Catalog, value string) map[*catalog.ResourceType]bool {
	pat := lint.Instance(value)
	if pat == "*" {
		return nil
	}
	out := map[*catalog.ResourceType]bool{}
	ix := indexFor(c)
	g := newARNGlob(pat)
	// A literal service field decides the candidates, even after a
	// wildcard partition ("arn:*:ec2:..."), as everyone reads it.
	if g.N >= 3 && !wild(g.Service) {
		for _, f := range formatsFor(c, g.Service) {
			if !out[f.Type] && f.matches(&g) {
				out[f.Type] = true
			}
		}
		return out
	}
	for rt, tf := range ix.forms {
		if typeMatches(tf, &g) {
			out[rt] = true
		}
	}
	return out
}

// fitsAny reports whether action a applies to a resource of one of the
// statement's resources' types (nil: every type).
func fitsAny(a *catalog.Action, types []map[*catalog.ResourceType]bool) bool {
	for _, ts := range types {
		if ts == nil {
			return true
		}
		for _, r := range a.Resources {
			if ts[r.Type] {
				return true
			}
		}
	}
	return false
}

func describeResources(res []iamString) string {
	if len(res) == 1 {
		return res[0].Value
	}
	return sprintf("any of the statement's %d resources", len(res))
}

// resourceHint says which resources an action applies to.
func resourceHint(a *catalog.Action) string {
	if len(a.Resources) == 0 {
		return sprintf(`%s cannot be limited to resources: grant it in a statement with "Resource": "*"`, a)
	}
	var fs []string
	for _, r := range a.Resources {
		fs = append(fs, r.Type.Name+" ("+r.Type.ARN+")")
		if len(fs) == 3 {
			break
		}
	}
	return sprintf("%s applies to %s", a, list(fs))
}
