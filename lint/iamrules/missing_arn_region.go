package iamrules

import (
	"github.com/leastpriv/leastpriv/diag"
	"github.com/leastpriv/leastpriv/lint"
)

// MissingARNRegion reports ARNs without a Region for resource types whose
// ARNs have one.
var MissingARNRegion = &lint.Rule{
	Code:     "MISSING_ARN_REGION",
	Severity: diag.Error,
	Title:    "resource ARN lacks the Region its resource type requires",
	Doc: `Most resource types have a Region in their ARN ("arn:aws:lambda:us-east-1:...").
An empty Region field matches no such resource. Use "*" to match every Region.`,
	Hint:   "add the Region code, or * for any Region",
	Source: srcAA,
	URLs:   []string{aaChecks, arnDoc},
	Bad:    policy(`{"Effect": "Allow", "Action": "lambda:InvokeFunction", "Resource": "arn:aws:lambda::111122223333:function:app"}`),
	Good:   policy(`{"Effect": "Allow", "Action": "lambda:InvokeFunction", "Resource": "arn:aws:lambda:*:111122223333:function:app"}`),
	Run: func(p *lint.Pass) {
		arnValues(p, func(v *iamString, a arn) {
			if a.N < 6 || a.Region != "" || wild(a.Service) {
				return
			}
			fs := matchingFormats(p, a)
			if len(fs) == 0 {
				return
			}
			for _, f := range fs {
				if f.Region == "" {
					return
				}
			}
			p.Reportf(v.Range, v.Path, "resource ARN %s has no Region, but %s ARNs of this kind (%s) have one", v.Value, a.Service, fs[0].Type.Name)
		})
	},
}
