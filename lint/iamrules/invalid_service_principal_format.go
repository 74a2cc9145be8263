package iamrules

import (
	"regexp"
	"strings"

	"github.com/leastpriv/leastpriv/diag"
	"github.com/leastpriv/leastpriv/iam"
	"github.com/leastpriv/leastpriv/lint"
)

// InvalidServicePrincipalFormat reports condition values that should be
// service principals and are not.
var InvalidServicePrincipalFormat = &lint.Rule{
	Code:     "INVALID_SERVICE_PRINCIPAL_FORMAT",
	Severity: diag.Error,
	Title:    "condition value is not a service principal",
	Doc: `Some condition keys hold a service principal, "service-name.amazonaws.com":
iam:PassedToService, iam:AWSServiceName, aws:PrincipalServiceName,
aws:PrincipalServiceNamesList. kms:ViaService includes the Region:
"service-name.REGION.amazonaws.com". A bare service prefix ("lambda") or a
service name never matches.`,
	Hint:   "write the service principal, such as lambda.amazonaws.com",
	Source: srcAA,
	URLs:   []string{aaChecks, principalDoc + "#principal-services"},
	Bad:    policy(`{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "arn:aws:iam::111122223333:role/app", "Condition": {"StringEquals": {"iam:PassedToService": "lambda"}}}`),
	Good:   policy(`{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "arn:aws:iam::111122223333:role/app", "Condition": {"StringEquals": {"iam:PassedToService": "lambda.amazonaws.com"}}}`),
	Run: func(p *lint.Pass) {
		for _, st := range p.Policy.Statements {
			conditionEntries(st, func(b *iam.ConditionBlock, e *iam.ConditionEntry) {
				re := servicePrincipalKeys[strings.ToLower(e.Key.Value)]
				if re == nil || b.Operator.Family != iam.StringFamily {
					return
				}
				for _, v := range e.Values {
					if wild(v.Text) || p.Placeholder(v.Range) || re().MatchString(v.Text) {
						continue
					}
					p.Reportf(v.Range, v.Path, "%q is not a service principal as %s expects", v.Text, e.Key.Value)
				}
			})
		}
	},
}

var (
	servicePrincipalRE = lazyRegexp(`^[a-z0-9][a-z0-9.-]*\.amazonaws\.com(\.cn)?$`)
	viaServiceRE       = lazyRegexp(`^[a-z0-9-]+\.[a-z]{2}(-[a-z]+)+-\d+\.amazonaws\.com(\.cn)?$`)
	// servicePrincipalKeys maps lower-case keys to the format of their
	// values.
	servicePrincipalKeys = map[string]func() *regexp.Regexp{
		"iam:passedtoservice":           servicePrincipalRE,
		"iam:awsservicename":            servicePrincipalRE,
		"aws:principalservicename":      servicePrincipalRE,
		"aws:principalservicenameslist": servicePrincipalRE,
		"kms:viaservice":                viaServiceRE,
	}
)
