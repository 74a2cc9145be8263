package iamrules

import (
	"github.com/leastpriv/leastpriv/diag"
	"github.com/leastpriv/leastpriv/lint"
)

// InvalidARNAccount reports ARN account fields that are not account IDs.
var InvalidARNAccount = &lint.Rule{
	Code:     "INVALID_ARN_ACCOUNT",
	Severity: diag.Error,
	Title:    "account field of a resource ARN is not a 12-digit account ID",
	Doc: `The fifth field of an ARN is the 12-digit ID of the account that owns the
resource, or empty for services whose ARNs have no account (S3 buckets).
Account aliases, e-mail addresses and placeholders such as "ACCOUNT_ID" match
nothing. AWS managed policies use "aws" ("arn:aws:iam::aws:policy/...").`,
	Hint:   "write the 12-digit account ID, or * for any account",
	Source: srcAA,
	URLs:   []string{aaChecks, arnDoc},
	Bad:    policy(`{"Effect": "Allow", "Action": "iam:GetRole", "Resource": "arn:aws:iam::ACCOUNT_ID:role/app"}`),
	Good:   policy(`{"Effect": "Allow", "Action": "iam:GetRole", "Resource": "arn:aws:iam::111122223333:role/app"}`),
	Run: func(p *lint.Pass) {
		arnValues(p, func(v *iamString, a arn) {
			if a.N < 6 || a.Account == "" || a.Account == "aws" || wild(a.Account) || accountRE().MatchString(a.Account) {
				return
			}
			p.Reportf(v.Range, v.Path, "account %q of resource ARN %s is not a 12-digit account ID", a.Account, v.Value)
		})
	},
}
