package iamrules

import (
	"strings"
	"sync"

	"github.com/leastpriv/leastpriv/catalog"
	"github.com/leastpriv/leastpriv/diag"
	"github.com/leastpriv/leastpriv/iam"
	"github.com/leastpriv/leastpriv/lint"
)

// kmsKeyARNKeys memoises, per catalog, the condition keys whose values are
// KMS key ARNs.
var kmsKeyARNKeys sync.Map // *catalog.Catalog -> map[*catalog.ConditionKey]bool

// kmsKeyARNKey reports whether the catalog documents k as holding KMS key
// ARNs: its type is ARN (or ArrayOfARN) and its name or description speaks of
// a KMS key ("s3:x-amz-server-side-encryption-aws-kms-key-id",
// "secretsmanager:KmsKeyArn", "eks:encryptionConfigProviderKeyArns").
func kmsKeyARNKey(c *catalog.Catalog, k *catalog.ConditionKey) bool {
	v, ok := kmsKeyARNKeys.Load(c)
	if !ok {
		m := map[*catalog.ConditionKey]bool{}
		for _, s := range c.Services() {
			for _, key := range s.ConditionKeys {
				if key.Type.Elem() != catalog.ARN {
					continue
				}
				_, name, _ := strings.Cut(key.Name, ":") // not the prefix: kms:GrantConstraintSourceArn is no key ARN
				if strings.Contains(strings.ToLower(name), "kms") || strings.Contains(strings.ToLower(key.Description), "kms key") {
					m[key] = true
				}
			}
		}
		v, _ = kmsKeyARNKeys.LoadOrStore(c, m)
	}
	return v.(map[*catalog.ConditionKey]bool)[k]
}

// kmsKeyARNShape reports whether a condition value can be a KMS key ARN,
// "arn:PARTITION:kms:REGION:ACCOUNT:key/KEY-ID", reading '*' and '?' as
// wildcards (a pattern qualifies when some key ARN matches it).
func kmsKeyARNShape(v string) bool {
	a := splitARN(v)
	if a.N < 6 {
		return hasWildcard(v) && meet(v, "arn:*:kms:*:*:key/*")
	}
	return fieldsMeet(a.Prefix, "arn") && fieldsMeet(a.Service, "kms") && meet(a.Resource, "key/?*")
}

// InvalidKMSKeyValue reports values of KMS key ARN condition keys that are
// not KMS key ARNs.
var InvalidKMSKeyValue = &lint.Rule{
	Code:     "INVALID_KMS_KEY_VALUE",
	Severity: diag.Error,
	Title:    "value of a KMS key ARN condition key is not a key ARN",
	Doc: `Condition keys that carry the KMS key a request uses, as the catalog types
them (ARN keys about KMS keys: s3:x-amz-server-side-encryption-aws-kms-key-id,
secretsmanager:KmsKeyArn, sagemaker:VolumeKmsKeyArn, ...), hold the key's ARN:
"arn:aws:kms:REGION:ACCOUNT:key/KEY-ID". A key ID, an alias name or an alias
ARN ("arn:aws:kms:us-east-1:111122223333:alias/app") never equals it: a
positive condition never matches, a negated one always does. Access Analyzer
does not publish the keys it checks; leastpriv checks the ARN-typed keys whose
name or description names a KMS key.`,
	Hint:   "write the key ARN, arn:aws:kms:REGION:ACCOUNT:key/KEY-ID",
	Source: srcAA,
	URLs:   []string{aaChecks + "#access-analyzer-reference-policy-checks-error-invalid-kms-key-value", "https://docs.aws.amazon.com/kms/latest/developerguide/concepts.html#key-id-key-ARN"},
	Bad:    policy(`{"Effect": "Deny", "Action": "s3:PutObject", "Resource": "arn:aws:s3:::b/*", "Condition": {"StringNotEquals": {"s3:x-amz-server-side-encryption-aws-kms-key-id": "alias/app"}}}`),
	Good:   policy(`{"Effect": "Deny", "Action": "s3:PutObject", "Resource": "arn:aws:s3:::b/*", "Condition": {"StringNotEquals": {"s3:x-amz-server-side-encryption-aws-kms-key-id": "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"}}}`),
	Run: func(p *lint.Pass) {
		for _, st := range p.Policy.Statements {
			conditionEntries(st, func(b *iam.ConditionBlock, e *iam.ConditionEntry) {
				if f := b.Operator.Family; f != iam.StringFamily && f != iam.ARNFamily {
					return
				}
				k := knownKey(p, e.Key.Value)
				if k == nil || !kmsKeyARNKey(p.Catalog, k) {
					return
				}
				for _, v := range e.Values {
					if allStars(v.Text) || strings.Contains(v.Text, "${") || p.Placeholder(v.Range) || kmsKeyARNShape(v.Text) {
						continue
					}
					p.Reportf(v.Range, v.Path, "%q is not a KMS key ARN (arn:PARTITION:kms:REGION:ACCOUNT:key/KEY-ID), which %s holds", v.Text, e.Key.Value)
				}
			})
		}
	},
}
