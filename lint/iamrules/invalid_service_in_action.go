package iamrules

import (
	"strings"

	"github.com/leastpriv/leastpriv/diag"
	"github.com/leastpriv/leastpriv/lint"
)

// InvalidServiceInAction reports actions whose service prefix does not exist.
var InvalidServiceInAction = &lint.Rule{
	Code:     "INVALID_SERVICE_IN_ACTION",
	Severity: diag.Error,
	Title:    "service prefix of an action does not exist",
	Doc: `The part before the colon is not a service prefix IAM knows ("s3", "ec2",
"lambda"), so the action matches nothing. Service prefixes often differ from
product names: CloudWatch Logs is "logs", EventBridge is "events". An action
without a colon is reported too.`,
	Hint:        "use the service prefix of the Service Authorization Reference",
	Source:      srcAA,
	URLs:        []string{aaChecks, sarDoc},
	Bad:         policy(`{"Effect": "Allow", "Action": "cloudwatchlogs:PutLogEvents", "Resource": "*"}`),
	Good:        policy(`{"Effect": "Allow", "Action": "logs:PutLogEvents", "Resource": "*"}`),
	ActionNames: true,
	Run: func(p *lint.Pass) {
		for _, st := range p.Policy.Statements {
			for _, r := range p.Actions(st) {
				if r.Prefix == "*" || r.Service != nil || hasWildcard(r.Prefix) || p.Placeholder(r.Value.Range) {
					continue
				}
				if r.Name == "" {
					p.ReportHint(r.Value.Range, r.Value.Path, `write actions as "service:Action"`, "%q is not of the form service:action", r.Value.Value)
					continue
				}
				p.ReportHint(r.Value.Range, r.Value.Path, suggestService(p, r.Prefix, r.Name), "service %q of %s does not exist", r.Prefix, r.Value.Value)
			}
		}
	},
}

// suggestService suggests services close to an unknown prefix, as
// "prefix:Name" when the service has the action.
func suggestService(p *lint.Pass, prefix, name string) string {
	var out []string
	for _, s := range suggest(p, prefix) {
		if svc := p.Catalog.Service(s); svc != nil && !hasWildcard(name) {
			if a := svc.Action(name); a != nil {
				out = append(out, a.String())
				continue
			}
		}
		out = append(out, "service "+s)
	}
	if len(out) == 0 {
		return ""
	}
	return "did you mean " + strings.Join(out, " or ") + "?"
}
