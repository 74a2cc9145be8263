package iamrules

import (
	"slices"
	"strings"

	"github.com/leastpriv/leastpriv/diag"
	"github.com/leastpriv/leastpriv/lint"
)

// InvalidARNResource reports ARNs whose resource field fits none of the
// service's resource types.
var InvalidARNResource = &lint.Rule{
	Code:     "INVALID_ARN_RESOURCE",
	Severity: diag.Error,
	Title:    "resource field of an ARN matches no resource type of the service",
	Doc: `The part of an ARN after the account is the resource, in a format each resource
type defines: "function:NAME" for a Lambda function, "role/NAME" for an IAM role.
A resource field that fits none of the service's formats ("arn:aws:iam::111122223333:roles/app")
matches no resource. Wildcards and placeholders count as matching anything.`,
	Hint:   "write the resource in one of the service's ARN formats; 'leastpriv catalog show ACTION' prints them",
	Source: srcAA,
	URLs:   []string{aaChecks, sarDoc},
	Bad:    policy(`{"Effect": "Allow", "Action": "iam:GetRole", "Resource": "arn:aws:iam::111122223333:roles/app"}`),
	Good:   policy(`{"Effect": "Allow", "Action": "iam:GetRole", "Resource": "arn:aws:iam::111122223333:role/app"}`),
	Run: func(p *lint.Pass) {
		arnValues(p, func(v *iamString, a arn) {
			if a.N < 6 || wild(a.Service) || a.Resource == "" && strings.HasSuffix(v.Value, "*") {
				return
			}
			all := indexFor(p.Catalog).byService[strings.ToLower(a.Service)]
			if len(all) == 0 || len(matchingFormats(p, a)) > 0 {
				return
			}
			var ex []string
			for _, f := range all {
				ex = append(ex, f.Resource)
			}
			ex = uniq(ex)
			more := ""
			if len(ex) > 4 {
				more = sprintf(" and %d more", len(ex)-4)
				ex = ex[:4]
			}
			p.Reportf(v.Range, v.Path, "resource %q of %s fits no %s resource format (%s%s)", a.Resource, v.Value, a.Service, strings.Join(slices.Clip(ex), ", "), more)
		})
	},
}
