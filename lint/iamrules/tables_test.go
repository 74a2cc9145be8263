package iamrules

import (
	"strings"
	"testing"

	"github.com/leastpriv/leastpriv/catalog"
)

// TestTables checks the hand-kept tables of the newer Access Analyzer
// checks against the catalog: every entry names what exists, and says where
// AWS documents it.
func TestTables(t *testing.T) {
	c := catalog.Default()
	sample := func(key string) string {
		if strings.HasSuffix(key, "/") {
			return key + "x"
		}
		return key
	}
	for _, s := range sessionSetters {
		a := c.Action(s.action)
		switch {
		case a == nil:
			t.Errorf("sessionSetters: no action %s", s.action)
		case !supportsKey(a, sample(s.key)):
			t.Errorf("sessionSetters: the catalog says %s does not take %s", s.action, s.key)
		}
		if sessionSetter(sample(s.key)) != s.action {
			t.Errorf("sessionSetter(%s) != %s", sample(s.key), s.action)
		}
		if !strings.HasPrefix(s.source, "https://docs.aws.amazon.com/") {
			t.Errorf("sessionSetters: %s has no AWS documentation source", s.key)
		}
	}
	for _, k := range servicePrincipalAbsentKeys {
		ck := c.ConditionKey(sample(k))
		if ck == nil || !ck.Global || ck.Category != "principal" {
			t.Errorf("servicePrincipalAbsentKeys: %s is not a global key about the principal", k)
		}
		if !servicePrincipalAbsentKey(sample(k)) || !servicePrincipalAbsentKey(strings.ToUpper(sample(k))) {
			t.Errorf("servicePrincipalAbsentKey(%s) is false", sample(k))
		}
	}
	for _, k := range append(append([]string(nil), sourceKeys...), "aws:PrincipalIsAWSService") {
		if ck := c.ConditionKey(k); ck == nil || !ck.Global {
			t.Errorf("%s is not a global key of the catalog", k)
		}
	}
	for _, k := range callerSuppliedKeys {
		if ck := c.ConditionKey(k.key); ck == nil || !ck.Global {
			t.Errorf("callerSuppliedKeys: %s is not a global key of the catalog", k.key)
		}
		if !strings.HasPrefix(k.source, "https://docs.aws.amazon.com/") {
			t.Errorf("callerSuppliedKeys: %s has no AWS documentation source", k.key)
		}
	}
	for k, source := range awsOwnedTypes {
		rt := c.ResourceType(k.service, k.name)
		if rt == nil {
			t.Errorf("awsOwnedTypes: no resource type %s %s", k.service, k.name)
			continue
		}
		if a := splitARN(rt.ARNFormats()[0]); a.Account == "" {
			t.Errorf("awsOwnedTypes: %s %s has no account in its ARN format; the entry is not needed", k.service, k.name)
		}
		if !strings.HasPrefix(source, "https://docs.aws.amazon.com/") {
			t.Errorf("awsOwnedTypes: %s %s has no AWS documentation source", k.service, k.name)
		}
	}
	for _, a := range assumeActions {
		if c.Action(a.name) == nil {
			t.Errorf("assumeActions: no action %s", a.name)
		}
	}
	if len(dynamoDBSelectActions(c)) == 0 {
		t.Error("no DynamoDB action takes dynamodb:Select")
	}
	for _, name := range []string{"s3:x-amz-server-side-encryption-aws-kms-key-id", "secretsmanager:KmsKeyArn"} {
		if k := c.ConditionKey(name); k == nil || !kmsKeyARNKey(c, k) {
			t.Errorf("%s is not a KMS key ARN key", name)
		}
	}
	for _, name := range []string{"kms:GrantConstraintSourceArn", "ec2:KmsKeyId", "aws:SourceArn"} {
		if k := c.ConditionKey(name); k == nil || kmsKeyARNKey(c, k) {
			t.Errorf("%s is taken for a KMS key ARN key", name)
		}
	}
}

// TestFederatedShapes checks the classification of Federated principal
// values and of aws:userid values.
func TestFederatedShapes(t *testing.T) {
	for v, want := range map[string]federatedKind{
		"arn:aws:iam::111122223333:saml-provider/corp":                     federatedSAML,
		"arn:aws-cn:iam::111122223333:oidc-provider/oidc.example.com/path": federatedOIDC,
		"arn:aws:iam::*:saml-provider/corp":                                federatedSAML,
		"cognito-identity.amazonaws.com":                                   federatedOIDC,
		"www.amazon.com":                                                   federatedOIDC,
		"arn:aws:iam::111122223333:oidc-provider/":                         federatedInvalid,
		"arn:aws:sts::111122223333:saml-provider/corp":                     federatedInvalid,
		"arn:nope:iam::111122223333:saml-provider/corp":                    federatedInvalid,
		"arn:aws:iam::111122223333:saml-provider":                          federatedInvalid,
		"https://accounts.google.com":                                      federatedInvalid,
		"accounts.google.com/":                                             federatedInvalid,
		"localhost":                                                        federatedInvalid,
		"a..b":                                                             federatedInvalid,
		"":                                                                 federatedInvalid,
		strings.Repeat("a", 64) + ".com":                                   federatedInvalid,
		"arn:aws:iam::111122223333:saml-provider/corp:extra/saml-provider/more": federatedSAML,
	} {
		if got := classifyFederated(v); got != want {
			t.Errorf("classifyFederated(%q) = %d, want %d", v, got, want)
		}
	}
	for _, c := range []struct {
		v         string
		variables bool
		want      bool
	}{
		{"AROA*", false, true}, {"*", false, true}, {"*:*", false, false}, {"?:x", false, false},
		{"AROAX:*", false, false}, {"A*B:x", false, true}, {"**:x", false, true}, {"AIDAX", false, false},
		{"${aws:userid}", true, true}, {"${aws:userid}:x", true, false}, {"x${a:b}:y", true, true},
		{"AROAX:${aws:username}", true, false}, {"${a:b, 'c:d'}", true, true}, {"${a:b, 'c:d'}:e", true, false},
		{"${unclosed:x", true, true}, {"AROA*", true, false},
	} {
		if got := userIDTooBroad(c.v, c.variables); got != c.want {
			t.Errorf("userIDTooBroad(%q, %v) = %v, want %v", c.v, c.variables, got, c.want)
		}
	}
}
