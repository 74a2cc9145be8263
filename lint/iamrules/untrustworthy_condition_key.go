package iamrules

import (
	"strings"

	"github.com/leastpriv/leastpriv/diag"
	"github.com/leastpriv/leastpriv/iam"
	"github.com/leastpriv/leastpriv/lint"
)

// callerSuppliedKeys are global keys whose value the caller writes in an
// HTTP header of its own choosing; AWS's global keys page warns against
// using them to control access.
var callerSuppliedKeys = []struct{ key, source string }{
	{"aws:Referer", globalKeysDoc + "#condition-keys-referer"},
	{"aws:UserAgent", globalKeysDoc + "#condition-keys-useragent"},
}

// UntrustworthyConditionKey reports conditions on keys the caller controls.
var UntrustworthyConditionKey = &lint.Rule{
	Code:     "UNTRUSTWORTHY_CONDITION_KEY",
	Severity: diag.SecurityWarning,
	Title:    "condition on a key the caller can set to anything",
	Doc: `aws:Referer and aws:UserAgent are copied from HTTP headers that the caller
writes: any client can send any Referer or User-Agent. A condition on them
does not control who gets access (an Allow can be met by anyone who knows the
value) nor keep anyone out (a Deny can be dodged by sending another value).
Use keys AWS sets itself: aws:SourceVpce, aws:SourceIp, aws:PrincipalOrgID,
or, for a CloudFront distribution, an origin access control and aws:SourceArn.`,
	Hint:   "use a key AWS sets itself (aws:SourceVpce, aws:SourceIp, aws:PrincipalOrgID, aws:SourceArn)",
	Source: srcAA,
	URLs:   []string{aaChecks + "#access-analyzer-reference-policy-checks-security-warning-untrustworthy-condition-key", callerSuppliedKeys[0].source, callerSuppliedKeys[1].source},
	Bad:    policy(`{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {"StringLike": {"aws:Referer": "https://www.example.com/*"}}}`),
	Good:   policy(`{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {"StringEquals": {"aws:SourceVpce": "vpce-1a2b3c4d"}}}`),
	Run: func(p *lint.Pass) {
		for _, st := range p.Policy.Statements {
			conditionEntries(st, func(_ *iam.ConditionBlock, e *iam.ConditionEntry) {
				for _, k := range callerSuppliedKeys {
					if strings.EqualFold(e.Key.Value, k.key) {
						p.Reportf(e.Key.Range, e.Key.Path, "%s comes from a header the caller writes: it can be set to any value", e.Key.Value)
					}
				}
			})
		}
	},
}
