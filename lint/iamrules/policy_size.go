package iamrules

import (
	"bytes"
	"strings"
	"unicode/utf8"

	"github.com/leastpriv/leastpriv/diag"
	"github.com/leastpriv/leastpriv/iam"
	"github.com/leastpriv/leastpriv/lint"
)

// policySize returns the size of the policy as its quota counts it:
// characters without whitespace outside strings (IAM), every character
// (Organizations), or bytes (resource policies). A policy whose text is no
// longer than the quota is within it, and its length is returned uncounted.
func policySize(p *lint.Pass, q lint.Quota) int {
	var src []byte
	if r := p.Policy.Range; p.Input != nil && p.Input.Src != nil && r.Start.Offset < r.End.Offset && r.End.Offset <= len(p.Input.Src) {
		src = p.Input.Src[r.Start.Offset:r.End.Offset]
	} else {
		src = iam.Format(p.Policy)
		if q.Whitespace {
			// A tree built from YAML has no source text: count it
			// minified, which is how tools upload it.
			return countChars(src, false, q.Bytes)
		}
	}
	if len(src) <= q.Limit {
		// No count exceeds the document's length in bytes: the policy is
		// within the quota whatever is counted (most policies are).
		return len(src)
	}
	return countChars(src, q.Whitespace, q.Bytes)
}

// countChars counts the characters (or bytes) of a JSON document, with or
// without the whitespace outside strings. Characters are counted as UTF-8
// sequences: every byte that does not continue a sequence. Escapes count as
// written ("\n" is two characters).
func countChars(src []byte, whitespace, bytes bool) int {
	n := len(src)
	if !bytes {
		n = utf8.RuneCount(src)
	}
	if whitespace {
		return n
	}
	return n - whitespaceOutsideStrings(src)
}

// whitespaceOutsideStrings counts the spaces, tabs and line breaks of src
// that are not inside a JSON string. Strings are skipped with IndexByte.
func whitespaceOutsideStrings(src []byte) int {
	ws := 0
	for i := 0; i < len(src); {
		switch src[i] {
		case ' ', '\t', '\n', '\r':
			ws++
		case '"':
			// Find the closing quote: one not preceded by an odd number of
			// backslashes.
			j := i + 1
			for {
				k := bytes.IndexByte(src[j:], '"')
				if k < 0 {
					return ws // an unterminated string runs to the end
				}
				j += k
				b := 0
				for m := j - 1; m > i && src[m] == '\\'; m-- {
					b++
				}
				j++
				if b%2 == 0 {
					break
				}
			}
			i = j
			continue
		}
		i++
	}
	return ws
}

// sizeRule builds the size check of one family of policy types.
func sizeRule(code, alias string, sev diag.Severity, types []iam.Type, exampleType iam.Type, exampleContainer lint.Container, title, doc, source string, bad, good string) *lint.Rule {
	return &lint.Rule{
		Code: code, Aliases: aliases(alias), Severity: sev, Title: title, Doc: doc, Source: source,
		Hint: "split the policy into several policies, or shorten it ('leastpriv shrink' replaces action lists by patterns)",
		URLs: []string{aaChecks, quotasDoc, "https://docs.aws.amazon.com/organizations/latest/userguide/orgs_reference_limits.html"},
		Bad:  bad, Good: good, Types: types, ExampleType: exampleType, ExampleContainer: exampleContainer,
		Run: func(p *lint.Pass) {
			var c lint.Container
			if p.Input != nil {
				c = p.Input.Container
			}
			q, ok := lint.QuotaFor(c, p.Policy.Type)
			if !ok {
				return
			}
			n := policySize(p, q)
			if n <= q.Limit {
				return
			}
			unit := "characters"
			switch {
			case q.Bytes:
				unit = "bytes"
			case !q.Whitespace:
				unit = "characters without whitespace"
			}
			r := p.Policy.Range
			r.End = r.Start
			r.End.Offset++
			r.End.Column++
			p.Report(diag.Diagnostic{Range: r, URL: q.Source,
				Message: sprintf("policy is %d %s, over the %d of a %s", n, unit, q.Limit, q.Name)})
		},
	}
}

// bigPolicy returns an identity policy of about n characters.
func bigPolicy(n int) string {
	var acts []string
	for len(acts)*22 < n {
		acts = append(acts, sprintf(`"s3:GetObjectVersion%04d"`, len(acts)))
	}
	return `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Resource": "*", "Action": [` + join(acts) + `]}]}`
}

func join(s []string) string { return strings.Join(s, ",") }

// The size quota checks.
var (
	PolicySizeExceedsIdentityPolicyQuota = sizeRule("POLICY_SIZE_EXCEEDS_IDENTITY_POLICY_QUOTA", "", diag.Warning,
		[]iam.Type{iam.Identity, iam.Boundary, iam.Session}, iam.Identity, lint.ManagedPolicy,
		"identity policy larger than its IAM quota",
		`IAM limits policy sizes, not counting whitespace: 6,144 characters for a managed
policy, and for the inline policies of one identity together 2,048 (user),
5,120 (group) or 10,240 (role); 2,048 for a session policy. A larger policy is
rejected when it is created. By default a policy is taken to be a managed
policy; --container (or the template that holds it) says otherwise.`, srcAA,
		bigPolicy(6500), policy(`{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}`))
	PolicySizeExceedsSCPQuota = sizeRule("POLICY_SIZE_EXCEEDS_SCP_QUOTA", "", diag.Error,
		[]iam.Type{iam.SCP}, iam.SCP, lint.DefaultContainer,
		"service control policy larger than 5,120 characters",
		`AWS Organizations limits service control policies to 5,120 characters, and
counts whitespace. Minify the document or split it.`, srcAA,
		`{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Resource": "*", "Action": [`+join(repeat(`"s3:DeleteBucketOwnershipControls"`, 160))+`]}]}`,
		`{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "s3:DeleteBucket", "Resource": "*"}]}`)
	PolicySizeExceedsRCPQuota = sizeRule("POLICY_SIZE_EXCEEDS_RCP_QUOTA", "", diag.Error,
		[]iam.Type{iam.RCP}, iam.RCP, lint.DefaultContainer,
		"resource control policy larger than 5,120 characters",
		`AWS Organizations limits resource control policies to 5,120 characters, and
counts whitespace. Minify the document or split it.`, srcAA,
		`{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Principal": "*", "Resource": "*", "Action": [`+join(repeat(`"s3:DeleteBucketOwnershipControls"`, 160))+`]}]}`,
		`{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Principal": "*", "Action": "s3:DeleteBucket", "Resource": "*"}]}`)
	PolicySizeExceedsTrustPolicyQuota = sizeRule("POLICY_SIZE_EXCEEDS_ROLE_TRUST_POLICY_QUOTA", "POLICY_SIZE_EXCEEDS_TRUST_POLICY_QUOTA", diag.Warning,
		[]iam.Type{iam.Trust}, iam.Trust, lint.DefaultContainer,
		"role trust policy larger than 2,048 characters",
		`IAM limits role trust policies to 2,048 characters without whitespace by
default; the quota can be raised to 4,096 (Access Analyzer warns on the default
quota; ignore the finding if yours was raised).`, srcAA,
		`{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": {"AWS": [`+join(repeat(`"arn:aws:iam::111122223333:role/deployment-role-name"`, 50))+`]}}]}`,
		`{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": {"Service": "lambda.amazonaws.com"}}]}`)
	PolicySizeExceedsResourcePolicyQuota = sizeRule("POLICY_SIZE_EXCEEDS_RESOURCE_POLICY_QUOTA", "", diag.Error,
		[]iam.Type{iam.Resource}, iam.Resource, lint.QueuePolicy,
		"resource policy larger than its service's quota",
		`Services limit the size of resource policies: 20 KB for an S3 bucket policy,
32 KB for a KMS key policy, 8,192 bytes for an SQS queue policy. The container
(--container bucket|key|queue, or the template resource) says which applies;
without one, no quota is checked. (Access Analyzer reports this check as a
general warning; leastpriv reports an error, since the service rejects the
policy.)`, srcAA,
		`{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Resource": "*", "Action": [`+join(repeat(`"s3:GetObjectVersionTagging"`, 20000/29))+`]}]}`,
		`{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "s3:GetObject", "Resource": "*"}]}`)
)

func repeat(s string, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = s
	}
	return out
}
