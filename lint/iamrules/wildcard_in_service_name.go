package iamrules

import (
	"strings"

	"github.com/leastpriv/leastpriv/diag"
	"github.com/leastpriv/leastpriv/lint"
)

// WildcardInServiceName reports wildcards in the service part of an action
// or of a resource ARN.
var WildcardInServiceName = &lint.Rule{
	Code:     "WILDCARD_IN_SERVICE_NAME",
	Severity: diag.Suggestion,
	Title:    "wildcard in a service name",
	Doc: `A wildcard in the service prefix of an action ("*code*:Get*") or in the
service segment of a resource ARN matches every service whose name fits, today
and in the future: there are more than a dozen services with "code" in their
name. Name the services.`,
	Hint:        "list each service explicitly",
	Source:      srcAA,
	URLs:        []string{aaChecks},
	Bad:         policy(`{"Effect": "Allow", "Action": "code*:List*", "Resource": "*"}`),
	Good:        policy(`{"Effect": "Allow", "Action": ["codebuild:List*", "codecommit:List*"], "Resource": "*"}`),
	ActionNames: true,
	Run: func(p *lint.Pass) {
		for _, st := range p.Policy.Statements {
			for _, r := range p.Actions(st) {
				if r.Prefix != "*" && hasWildcard(r.Prefix) && r.Name != "" {
					m := p.Catalog.Match(r.Prefix + ":*")
					p.Reportf(r.Value.Range, r.Value.Path, "service prefix %q of %s is a wildcard (it matches %d services' actions today)", r.Prefix, r.Value.Value, countServices(p, m))
				}
			}
			for _, v := range resources(st) {
				parts := strings.SplitN(v.Value, ":", 4)
				if len(parts) == 4 && parts[0] == "arn" && parts[2] != "*" && hasWildcard(parts[2]) {
					p.Reportf(v.Range, v.Path, "service segment %q of resource %s is a wildcard", parts[2], v.Value)
				}
			}
		}
	},
}
