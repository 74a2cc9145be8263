package iamrules

import (
	"strings"

	"github.com/leastpriv/leastpriv/diag"
	"github.com/leastpriv/leastpriv/iam"
	"github.com/leastpriv/leastpriv/lint"
)

// vpcIDShape reports whether s is prefix followed by 8 or 17 letters and
// digits ("vpc-1a2b3c4d", "vpce-0123456789abcdef0").
func vpcIDShape(s, prefix string) bool {
	rest, ok := strings.CutPrefix(s, prefix)
	if !ok || len(rest) != 8 && len(rest) != 17 {
		return false
	}
	for i := 0; i < len(rest); i++ {
		c := rest[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9') {
			return false
		}
	}
	return true
}

// vpcRule builds the check of the values of one VPC identifier key.
func vpcRule(code, key, prefix, title, what, bad, good string) *lint.Rule {
	return &lint.Rule{
		Code: code, Severity: diag.Error, Title: title, Source: srcAA,
		Doc: sprintf(`%s is the ID of the %s a request comes through; %s IDs are
%q followed by 8 or 17 letters and digits. A value of another shape
("vpc-main", a name, an ARN, a %s ID) equals no request's: with StringEquals
the statement never applies, with StringNotEquals it applies to every
request.`, key, what, what, prefix, map[string]string{"vpc-": "VPC endpoint", "vpce-": "VPC"}[prefix]),
		Hint: sprintf("write the %s ID (%s followed by 8 or 17 characters)", what, prefix),
		URLs: []string{aaChecks, globalKeysDoc},
		Bad:  bad, Good: good,
		Run: func(p *lint.Pass) {
			for _, st := range p.Policy.Statements {
				conditionEntries(st, func(b *iam.ConditionBlock, e *iam.ConditionEntry) {
					if !strings.EqualFold(e.Key.Value, key) || b.Operator.Family == iam.NullFamily {
						return
					}
					for _, v := range e.Values {
						if wild(v.Text) || p.Placeholder(v.Range) || vpcIDShape(v.Text, prefix) {
							continue
						}
						p.Reportf(v.Range, v.Path, "%q is not a %s ID (%s followed by 8 or 17 letters and digits)", v.Text, what, prefix)
					}
				})
			}
		},
	}
}

// The VPC identifier checks.
var (
	InvalidVPCFormat = vpcRule("INVALID_VPC_FORMAT", "aws:SourceVpc", "vpc-", "aws:SourceVpc value is not a VPC ID", "VPC",
		policy(`{"Effect": "Deny", "Action": "s3:*", "Resource": "*", "Condition": {"StringNotEquals": {"aws:SourceVpc": "vpc-main"}}}`),
		policy(`{"Effect": "Deny", "Action": "s3:*", "Resource": "*", "Condition": {"StringNotEquals": {"aws:SourceVpc": "vpc-1a2b3c4d"}}}`))
	InvalidVPCEFormat = vpcRule("INVALID_VPCE_FORMAT", "aws:SourceVpce", "vpce-", "aws:SourceVpce value is not a VPC endpoint ID", "VPC endpoint",
		policy(`{"Effect": "Deny", "Action": "s3:*", "Resource": "*", "Condition": {"StringNotEquals": {"aws:SourceVpce": "vpc-1a2b3c4d"}}}`),
		policy(`{"Effect": "Deny", "Action": "s3:*", "Resource": "*", "Condition": {"StringNotEquals": {"aws:SourceVpce": "vpce-0123456789abcdef0"}}}`))
)
