package compare

import (
	"encoding/json"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/leastpriv/leastpriv/catalog"
	"github.com/leastpriv/leastpriv/eval"
	"github.com/leastpriv/leastpriv/iam"
	"github.com/leastpriv/leastpriv/internal/glob"
)

func matchesExpr(e glob.Expr, s string) bool {
	ans, _ := glob.Included(glob.Union(glob.LiteralExpr(s)), []glob.Lang{glob.Union(e)}, resOpts)
	return ans == glob.Yes
}

// reasonsOf lists "Label: description" of a check's reasons.
func reasonsOf(r CheckResult) []string {
	out := []string{}
	for _, rs := range r.Reasons {
		out = append(out, rs.Statement.Label+": "+rs.Description)
	}
	return out
}

func TestNoNewAccess(t *testing.T) {
	const keep = `{"Sid": "Deny", "Effect": "Deny", "Action": "s3:PutObject", "Resource": "arn:aws:s3:::vendor-audit/*"}`
	ref := `{"Sid": "Data", "Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"], "Resource": "arn:aws:s3:::vendor-*/*"}, ` + keep
	tests := []struct {
		name   string
		policy string
		want   []string
	}{
		{"same", ref, []string{}},
		{"narrower", `{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::vendor-logs/*"}`, []string{}},
		{"new action", `{"Sid": "X", "Effect": "Allow", "Action": "s3:DeleteObject", "Resource": "arn:aws:s3:::vendor-logs/*"}`,
			[]string{"X: allows s3:DeleteObject, which the reference does not allow"}},
		{"wider resources", `{"Sid": "X", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::*/*"}`,
			[]string{"X: allows s3:GetObject on resources the reference does not allow (such as arn:aws:s3:::example/example)"}},
		{"denied by the reference", `{"Sid": "X", "Effect": "Allow", "Action": "s3:PutObject", "Resource": "arn:aws:s3:::vendor-*/*"}, {"Effect": "Deny", "Action": "s3:PutObject", "Resource": "arn:aws:s3:::vendor-audit/x"}`,
			[]string{"X: allows s3:PutObject on requests the reference denies (ref.json:1:160: Deny)"}},
		// The reference's Deny blocks nothing the policy allows (Diff
		// reports it as deny-removed).
		{"deny dropped", `{"Sid": "X", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::vendor-*/*"}, {"Effect": "Deny", "Action": "s3:PutObject", "Resource": "arn:aws:s3:::vendor-audit/x"}`,
			[]string{}},
		{"larger deny", `{"Sid": "X", "Effect": "Allow", "Action": "s3:PutObject", "Resource": "arn:aws:s3:::vendor-*/*"},
			{"Effect": "Deny", "Action": "s3:Put*", "Resource": "arn:aws:s3:::vendor-a*"}`, []string{}},
		{"conditional", `{"Sid": "X", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::vendor-*/*", "Condition": {"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}}}`,
			[]string{}},
		{"condition dropped", `{"Sid": "X", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::vendor-*/*"}, {"Sid": "Y", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}}}`,
			[]string{"Y: allows s3:GetObject on resources the reference does not allow (such as *)"}},
		{"future actions", `{"Sid": "X", "Effect": "Allow", "Action": "s3:GetObjec?", "Resource": "arn:aws:s3:::vendor-*/*"}`,
			[]string{"X: allows s3:GetObjec? including actions outside the catalog the reference does not allow"}},
	}
	c := catalog.Default()
	refP := policy(t, "ref.json", iam.Identity, ref)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := tt.policy
			if !strings.Contains(src, `"Deny"`) {
				src += ", " + keep
			}
			p := policy(t, "policy.json", iam.Identity, src)
			r := NoNewAccess(c, []*iam.Policy{refP}, []*iam.Policy{p})
			if diff := cmp.Diff(tt.want, reasonsOf(r)); diff != "" {
				t.Errorf("reasons (-want +got):\n%s", diff)
			}
			if r.Pass != (len(tt.want) == 0) || (r.Result == "PASS") != r.Pass {
				t.Errorf("Pass = %v, Result %q, with %d reasons", r.Pass, r.Result, len(tt.want))
			}
			// The check agrees with Diff.
			if d := Diff(c, []*iam.Policy{refP}, []*iam.Policy{p}); d.NewGrants() == r.Pass {
				t.Errorf("Diff.NewGrants() = %v, check Pass = %v", d.NewGrants(), r.Pass)
			}
		})
	}
	t.Run("conditions", func(t *testing.T) {
		refC := policy(t, "ref.json", iam.Identity, `{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {"IpAddress": {"aws:SourceIp": "10.1.0.0/16"}}}`)
		wide := policy(t, "wide.json", iam.Identity, `{"Sid": "W", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}}}`)
		r := NoNewAccess(c, []*iam.Policy{refC}, []*iam.Policy{wide})
		want := []string{"W: allows s3:GetObject under conditions or principals not provably within the reference's (conditional on IpAddress aws:SourceIp = 10.0.0.0/8)"}
		if diff := cmp.Diff(want, reasonsOf(r)); diff != "" {
			t.Errorf("reasons (-want +got):\n%s", diff)
		}
		if r := NoNewAccess(c, []*iam.Policy{wide}, []*iam.Policy{refC}); !r.Pass {
			t.Errorf("a smaller range is within a larger one: %v", reasonsOf(r))
		}
	})
	// In a resource-based policy a Deny also blocks the resource owner's
	// account, which needs no Allow: dropping it is new access.
	t.Run("resource policy deny", func(t *testing.T) {
		allow := `{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::444455556666:role/r"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}`
		refR := policy(t, "ref.json", iam.Resource, allow+`, {"Sid": "Lock", "Effect": "Deny", "Principal": "*", "Action": "s3:DeleteObject", "Resource": "arn:aws:s3:::b/*"}`)
		polR := policy(t, "policy.json", iam.Resource, allow)
		r := NoNewAccess(c, []*iam.Policy{refR}, []*iam.Policy{polR})
		want := []string{"Lock: the reference denies s3:DeleteObject here and the policy does not: callers of the resource's own account (its root user needs no Allow) are no longer blocked"}
		if diff := cmp.Diff(want, reasonsOf(r)); diff != "" {
			t.Errorf("reasons (-want +got):\n%s", diff)
		}
		d := Diff(c, []*iam.Policy{refR}, []*iam.Policy{polR})
		if got := summary(d); !d.NewGrants() || len(got) != 1 || got[0] != "deny-removed s3:DeleteObject [deny]" || !d.Changes[0].OwnerAccess {
			t.Errorf("Diff: %v, NewGrants %v", got, d.NewGrants())
		}
	})
	t.Run("principals", func(t *testing.T) {
		refR := policy(t, "ref.json", iam.Resource, `{"Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}`)
		pub := policy(t, "pub.json", iam.Resource, `{"Sid": "P", "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}`)
		r := NoNewAccess(c, []*iam.Policy{refR}, []*iam.Policy{pub})
		want := []string{"P: allows s3:GetObject under conditions or principals not provably within the reference's (conditional on principal *)"}
		if diff := cmp.Diff(want, reasonsOf(r)); diff != "" {
			t.Errorf("reasons (-want +got):\n%s", diff)
		}
		if r := NoNewAccess(c, []*iam.Policy{pub}, []*iam.Policy{refR}); !r.Pass {
			t.Errorf("an account is within everyone: %v", reasonsOf(r))
		}
	})
}

// TestNoNewAccessAccessAnalyzerSample is the sample "Check for access to a
// S3 bucket" of Access Analyzer's custom policy checks
// (github.com/aws-samples/iam-access-analyzer-custom-policy-check-samples,
// identity-policies/check-access-to-sensitive-resource/s3-bucket.md): the
// reference allows everything but bucket actions on one bucket, and its
// candidate policies with their documented answers.
func TestNoNewAccessAccessAnalyzerSample(t *testing.T) {
	bucketActions := []string{"s3:CreateBucket", "s3:DeleteBucket", "s3:DeleteBucketPolicy", "s3:DeleteBucketWebsite", "s3:GetAccelerateConfiguration",
		"s3:GetBucketAcl", "s3:GetBucketPolicy", "s3:GetBucketTagging", "s3:ListBucket", "s3:PutBucketAcl", "s3:PutBucketPolicy", "s3:PutBucketTagging"}
	acts, _ := json.Marshal(bucketActions)
	ref := policy(t, "reference.json", iam.Identity, `{"Effect": "Allow", "Action": "*", "Resource": "*"},
		{"Effect": "Deny", "Action": `+string(acts)+`, "Resource": "arn:aws:s3:::my-sensitive-bucket"}`)
	tests := []struct {
		name, policy string
		pass         bool
	}{
		{"other bucket", `{"Effect": "Allow", "Action": ["s3:DeleteBucket", "s3:DeleteBucketPolicy", "s3:PutBucketPolicy"], "Resource": "arn:aws:s3:::my-not-sensitive-bucket"}`, true},
		{"denies the bucket itself", `{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}, {"Effect": "Deny", "Action": "*", "Resource": "arn:aws:s3:::my-sensitive-bucket"}`, true},
		{"the bucket", `{"Effect": "Allow", "Action": "s3:DeleteBucketPolicy", "Resource": "arn:aws:s3:::my-sensitive-bucket"}`, false},
		{"a wildcard covering the bucket", `{"Effect": "Allow", "Action": "s3:PutBucketPolicy", "Resource": "arn:aws:s3:*:*:*sensitive*"}`, false},
		{"every bucket", `{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}`, false},
	}
	c := catalog.Default()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := NoNewAccess(c, []*iam.Policy{ref}, []*iam.Policy{policy(t, "candidate.json", iam.Identity, tt.policy)})
			if r.Pass != tt.pass {
				t.Errorf("%s, want PASS = %v: %v", r.Result, tt.pass, reasonsOf(r))
			}
		})
	}
}

// TestNoNewAccessAccessAnalyzerResourceSample is the sample "Check that a
// resource policy only grants access to specific principals for all
// actions" (resource-policies/check-who-is-granted-access/s3-all-actions.md
// in the same repository).
func TestNoNewAccessAccessAnalyzerResourceSample(t *testing.T) {
	const (
		roles   = `["arn:aws:iam::111111111111:role/MyPrivilegedRole", "arn:aws:iam::111111111111:role/MyPrivilegedRole2"]`
		bucket  = `["arn:aws:s3:::my-sensitive-bucket", "arn:aws:s3:::my-sensitive-bucket/*"]`
		objects = `"arn:aws:s3:::my-sensitive-bucket/*"`
	)
	ref := policy(t, "reference.json", iam.Resource, `{"Effect": "Allow", "Principal": {"AWS": `+roles+`}, "Action": "s3:*", "Resource": `+bucket+`},
		{"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "s3:*", "Resource": `+bucket+`, "Condition": {"ArnLike": {"aws:PrincipalArn": `+roles+`}}}`)
	tests := []struct {
		name, policy string
		pass         bool
	}{
		{"privileged role by condition", `{"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "s3:GetObject", "Resource": ` + objects + `,
			"Condition": {"ArnLike": {"aws:PrincipalArn": "arn:aws:iam::111111111111:role/MyPrivilegedRole"}}}`, true},
		{"privileged role by principal", `{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111111111111:role/MyPrivilegedRole"}, "Action": "s3:PutObject", "Resource": ` + objects + `}`, true},
		{"public", `{"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "s3:GetObject", "Resource": ` + objects + `}`, false},
		{"other role by principal", `{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111111111111:role/MyOtherRole"}, "Action": "s3:PutObject", "Resource": ` + objects + `}`, false},
		{"other role by condition", `{"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "s3:PutObject", "Resource": ` + objects + `,
			"Condition": {"ArnLike": {"aws:PrincipalArn": "arn:aws:iam::111111111111:role/MyOtherRole"}}}`, false},
	}
	c := catalog.Default()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := NoNewAccess(c, []*iam.Policy{ref}, []*iam.Policy{policy(t, "candidate.json", iam.Resource, tt.policy)})
			if r.Pass != tt.pass {
				t.Errorf("%s, want PASS = %v: %v", r.Result, tt.pass, reasonsOf(r))
			}
		})
	}
}

// TestNoNewAccessAccessAnalyzerTrustSample is the sample "Check that an IAM
// role trust policy only allows access to a set of AWS accounts or
// principals" (resource-policies/role-trust-policies/allowlist-account-principals.md).
// One answer differs from Access Analyzer's, soundly: a trust policy naming
// a role of the same account lets it assume the role without an identity
// policy, one naming the account does not, so the role is not within the
// account (Access Analyzer answers PASS).
func TestNoNewAccessAccessAnalyzerTrustSample(t *testing.T) {
	ref := policy(t, "reference.json", iam.Trust, `{"Effect": "Allow", "Principal": {"AWS": ["111111111111", "222222222222"]}, "Action": "sts:AssumeRole"},
		{"Effect": "Allow", "Principal": "*", "NotAction": "sts:AssumeRole"}`)
	tests := []struct {
		name, policy string
		pass         bool
	}{
		{"allowlisted account", `{"Effect": "Allow", "Principal": {"AWS": "111111111111"}, "Action": "sts:AssumeRole"}`, true},
		{"role of an allowlisted account (Access Analyzer: PASS)", `{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::222222222222:role/MyRole"}, "Action": "sts:AssumeRole"}`, false},
		{"web identity", `{"Effect": "Allow", "Principal": {"Federated": "arn:aws:iam::111111111111:oidc-provider/MyProvider"}, "Action": "sts:AssumeRoleWithWebIdentity"}`, true},
		{"service principal", `{"Effect": "Allow", "Principal": {"Service": "glue.amazonaws.com"}, "Action": "sts:AssumeRole"}`, false},
		{"other account", `{"Effect": "Allow", "Principal": {"AWS": "333333333333"}, "Action": "sts:AssumeRole"}`, false},
		{"role of another account", `{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::333333333333:role/NotMyRole"}, "Action": "sts:AssumeRole"}`, false},
	}
	c := catalog.Default()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := NoNewAccess(c, []*iam.Policy{ref}, []*iam.Policy{policy(t, "candidate.json", iam.Trust, tt.policy)})
			if r.Pass != tt.pass {
				t.Errorf("%s, want PASS = %v: %v", r.Result, tt.pass, reasonsOf(r))
			}
		})
	}
}

func TestAccessNotGranted(t *testing.T) {
	pol := `{"Sid": "Data", "Effect": "Allow", "Action": "s3:*Object", "Resource": "arn:aws:s3:::data/*"},
		{"Sid": "Keep", "Effect": "Deny", "Action": "s3:DeleteObject", "Resource": "arn:aws:s3:::data/audit/*"},
		{"Sid": "List", "Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*", "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}}}`
	tests := []struct {
		name               string
		actions, resources []string
		want               []string
	}{
		{"absent action", []string{"iam:PassRole"}, nil, []string{}},
		{"present action", []string{"s3:GetObject"}, nil, []string{"Data: allows s3:GetObject on resources such as arn:aws:s3:::data/example"}},
		{"pattern", []string{"s3:Delete*"}, nil, []string{"Data: allows s3:DeleteObject, s3:Delete* (actions outside the catalog) on resources such as arn:aws:s3:::data/example"}},
		{"conditional", []string{"s3:ListAllMyBuckets"}, nil,
			[]string{"List: allows s3:ListAllMyBuckets on resources such as * when Bool aws:MultiFactorAuthPresent = true"}},
		{"other resources", nil, []string{"arn:aws:s3:::other/*"}, []string{}},
		{"resource only", nil, []string{"arn:aws:s3:::data/x"},
			[]string{"Data: allows s3:DeleteObject, s3:GetObject, s3:PutObject, s3:ReplicateObject, s3:RestoreObject and 1 more on resources such as arn:aws:s3:::data/x"}},
		{"denied", []string{"s3:DeleteObject"}, []string{"arn:aws:s3:::data/audit/*"}, []string{}},
		{"partly denied", []string{"s3:DeleteObject"}, []string{"arn:aws:s3:::data/a*"},
			[]string{"Data: allows s3:DeleteObject on resources such as arn:aws:s3:::data/a"}},
		{"action not applicable to the resource", []string{"s3:ListAllMyBuckets"}, []string{"arn:aws:s3:::data/x"}, []string{}},
		{"pattern", []string{"s3:List*"}, nil,
			[]string{"Data: allows s3:List* (actions outside the catalog)", // s3:List...Object
				"List: allows s3:ListAllMyBuckets on resources such as * when Bool aws:MultiFactorAuthPresent = true"}},
	}
	c := catalog.Default()
	p := policy(t, "policy.json", iam.Identity, pol)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := AccessNotGranted(c, []*iam.Policy{p}, tt.actions, tt.resources)
			if diff := cmp.Diff(tt.want, reasonsOf(r)); diff != "" {
				t.Errorf("reasons (-want +got):\n%s", diff)
			}
			if r.Pass != (len(tt.want) == 0) {
				t.Errorf("Pass = %v", r.Pass)
			}
		})
	}
}

// TestAccessNotGrantedExactNames: a statement that names catalog actions
// only matches no action outside the catalog, whatever pattern is checked.
func TestAccessNotGrantedExactNames(t *testing.T) {
	c := catalog.Default()
	p := policy(t, "policy.json", iam.Identity, `{"Effect": "Allow", "Action": ["s3:GetObject", "s3:ListBucket"], "Resource": "*"},
		{"Effect": "Deny", "Action": "s3:GetObject", "Resource": "*"}`)
	if r := AccessNotGranted(c, []*iam.Policy{p}, []string{"s3:Get*"}, nil); !r.Pass {
		t.Errorf("s3:GetObject is denied and nothing else matches s3:Get*: %v", reasonsOf(r))
	}
	if r := AccessNotGranted(c, []*iam.Policy{p}, []string{"s3:List*"}, nil); r.Pass {
		t.Error("s3:ListBucket is allowed")
	}
}

// TestAccessNotGrantedSoundAgainstEngine: whenever the check passes, no
// sampled request for the given actions on the given resources is allowed.
func TestAccessNotGrantedSoundAgainstEngine(t *testing.T) {
	c := catalog.Default()
	g := &gen{r: rand.New(rand.NewPCG(7, 8))}
	u := &universeCheck{c: c, us: universesOf(c), memo: map[[3]string]bool{}}
	iters := propertyPairs(400)
	passes := 0
	for it := range iters {
		d, _ := g.pair()
		p := parseDoc(t, "policy.json", d)
		cp, _ := eval.Compile(p, "policy.json")
		act := g.pick(propRequestActions...)
		var res []string
		if g.chance(0.5) {
			res = []string{g.pick(propResources...)}
		}
		r := AccessNotGranted(c, []*iam.Policy{p}, []string{act}, res)
		if !r.Pass {
			continue
		}
		passes++
		for _, rr := range propRequestResources {
			if !u.holds(act, rr) {
				continue
			}
			if res != nil {
				o, _ := glob.ResourceExprs(res[0], false)
				if !matchesExpr(o, rr) {
					continue
				}
			}
			for range 3 {
				req := &eval.Request{Action: act, Principal: eval.Principal{ARN: "arn:aws:iam::111122223333:user/alice"},
					Resource: rr, ResourceAccount: "111122223333", Context: g.context()}
				dec, err := eval.Decide(&eval.Set{Identity: []*eval.Policy{cp}}, req)
				if err == nil && dec.Decision == eval.Allow {
					t.Fatalf("iteration %d: check passes for %s on %v, but %s on %s is allowed\n%+v", it, act, res, act, rr, d)
				}
			}
		}
	}
	if passes < iters/10 {
		t.Errorf("only %d of %d checks pass: the test exercises little", passes, iters)
	}
}

func TestNoPublicAccess(t *testing.T) {
	tests := []struct {
		name, typ, policy string
		want              []string
	}{
		{"public", "s3-bucket", `{"Sid": "P", "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}`,
			[]string{`P: allows everyone (Principal "*") to s3:GetObject without a condition`}},
		{"other service", "kms-key", `{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "*"}`, []string{}},
		{"account", "s3-bucket", `{"Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "s3:*", "Resource": "*"}`, []string{}},
		{"org condition", "kms-key", `{"Effect": "Allow", "Principal": "*", "Action": "kms:Decrypt", "Resource": "*", "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-1"}}}`, []string{}},
		{"org pattern", "kms-key", `{"Sid": "P", "Effect": "Allow", "Principal": "*", "Action": "kms:Decrypt", "Resource": "*", "Condition": {"StringLike": {"aws:PrincipalOrgID": "o-*"}}}`,
			[]string{`P: allows everyone (Principal "*") to kms:Decrypt under conditions that do not confine the caller (StringLike aws:PrincipalOrgID = o-*)`}},
		{"negated condition", "sqs-queue", `{"Sid": "P", "Effect": "Allow", "Principal": "*", "Action": "sqs:SendMessage", "Resource": "*", "Condition": {"StringNotEquals": {"aws:SourceAccount": "111122223333"}}}`,
			[]string{`P: allows everyone (Principal "*") to sqs:SendMessage under conditions that do not confine the caller (StringNotEquals aws:SourceAccount = 111122223333)`}},
		{"IfExists does not confine", "sns-topic", `{"Sid": "P", "Effect": "Allow", "Principal": "*", "Action": "sns:Publish", "Resource": "*", "Condition": {"StringEqualsIfExists": {"aws:SourceAccount": "111122223333"}}}`,
			[]string{`P: allows everyone (Principal "*") to sns:Publish under conditions that do not confine the caller (StringEqualsIfExists aws:SourceAccount = 111122223333)`}},
		{"source ARN of an account", "sns-topic", `{"Effect": "Allow", "Principal": {"Service": "s3.amazonaws.com"}, "Action": "sns:Publish", "Resource": "*"},
			{"Effect": "Allow", "Principal": "*", "Action": "sns:Publish", "Resource": "*", "Condition": {"ArnLike": {"aws:SourceArn": "arn:aws:cloudwatch:us-east-1:111122223333:alarm:*"}}}`, []string{}},
		{"source ARN of any account", "sns-topic", `{"Sid": "P", "Effect": "Allow", "Principal": "*", "Action": "sns:Publish", "Resource": "*", "Condition": {"ArnLike": {"aws:SourceArn": "arn:aws:s3:::*"}}}`,
			[]string{`P: allows everyone (Principal "*") to sns:Publish under conditions that do not confine the caller (ArnLike aws:SourceArn = arn:aws:s3:::*)`}},
		{"same account variable", "lambda", `{"Effect": "Allow", "Principal": "*", "Action": "lambda:InvokeFunction", "Resource": "*", "Condition": {"StringEquals": {"aws:PrincipalAccount": "${aws:ResourceAccount}"}}}`, []string{}},
		{"deny outside the org", "sqs-queue", `{"Effect": "Allow", "Principal": "*", "Action": "sqs:SendMessage", "Resource": "*"},
			{"Effect": "Deny", "Principal": "*", "Action": "sqs:*", "Resource": "*", "Condition": {"StringNotEquals": {"aws:PrincipalOrgID": "o-1"}}}`, []string{}},
		{"deny too narrow", "sqs-queue", `{"Sid": "P", "Effect": "Allow", "Principal": "*", "Action": "sqs:SendMessage", "Resource": "*"},
			{"Effect": "Deny", "Principal": "*", "Action": "sqs:SendMessage", "Resource": "arn:aws:sqs:*:*:q", "Condition": {"StringNotEquals": {"aws:PrincipalOrgID": "o-1"}}}`,
			[]string{`P: allows everyone (Principal "*") to sqs:SendMessage without a condition`}},
		{"cognito without audience", "iam-trust", `{"Sid": "P", "Effect": "Allow", "Principal": {"Federated": "cognito-identity.amazonaws.com"}, "Action": "sts:AssumeRoleWithWebIdentity"}`,
			[]string{`P: allows anyone with an identity from cognito-identity.amazonaws.com to sts:AssumeRoleWithWebIdentity without a condition`}},
		{"cognito with audience", "iam-trust", `{"Effect": "Allow", "Principal": {"Federated": "cognito-identity.amazonaws.com"}, "Action": "sts:AssumeRoleWithWebIdentity",
			"Condition": {"StringEquals": {"cognito-identity.amazonaws.com:aud": "us-east-1:pool"}}}`, []string{}},
		{"role of another account", "iam-trust", `{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::444455556666:role/ci"}, "Action": "sts:AssumeRole"}`, []string{}},
		{"SAML", "iam-trust", `{"Effect": "Allow", "Principal": {"Federated": "arn:aws:iam::111122223333:saml-provider/okta"}, "Action": "sts:AssumeRoleWithSAML"}`, []string{}},
	}
	c := catalog.Default()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rt, ok := LookupResourceType(tt.typ)
			if !ok {
				t.Fatalf("unknown type %q", tt.typ)
			}
			typ := iam.Resource
			if rt.Trust {
				typ = iam.Trust
			}
			r := NoPublicAccess(c, policy(t, "policy.json", typ, tt.policy), rt)
			if diff := cmp.Diff(tt.want, reasonsOf(r)); diff != "" {
				t.Errorf("reasons (-want +got):\n%s", diff)
			}
		})
	}
	if _, ok := LookupResourceType("aws::s3::bucket"); !ok {
		t.Error("Access Analyzer names are not found ignoring case")
	}
}

// TestNoPublicAccessSoundAgainstEngine: whenever the check passes, no
// outsider (an anonymous caller, or a principal of an unrelated account
// whose own policies allow everything) with request values of its own
// (organization, source account, endpoint, address) is allowed anything
// on the resource.
func TestNoPublicAccessSoundAgainstEngine(t *testing.T) {
	c := catalog.Default()
	g := &gen{r: rand.New(rand.NewPCG(9, 10))}
	u := &universeCheck{c: c, us: universesOf(c), memo: map[[3]string]bool{}}
	principals := []any{"*", map[string]any{"AWS": "*"}, map[string]any{"AWS": "111122223333"},
		map[string]any{"AWS": "arn:aws:iam::444455556666:role/partner"}, map[string]any{"Service": "sns.amazonaws.com"}}
	actions := []string{"sqs:SendMessage", "sqs:*", "s3:GetObject", "s3:*", "s3:List*", "kms:Decrypt", "kms:*", "*"}
	resources := []string{"*", "arn:aws:sqs:us-east-1:111122223333:q", "arn:aws:s3:::b/*", "arn:aws:s3:::b", "arn:aws:kms:us-east-1:111122223333:key/k"}
	allowConds := []string{
		`{"StringEquals": {"aws:PrincipalOrgID": "o-1"}}`,
		`{"StringLike": {"aws:PrincipalOrgID": "o-*"}}`,
		`{"StringEquals": {"aws:SourceAccount": "111122223333"}}`,
		`{"StringEqualsIfExists": {"aws:SourceAccount": "111122223333"}}`,
		`{"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}}`,
		`{"StringEquals": {"aws:SourceVpce": "vpce-1"}}`,
		`{"StringEquals": {"aws:PrincipalAccount": "${aws:ResourceAccount}"}}`,
		`{"ArnLike": {"aws:PrincipalArn": "arn:aws:iam::111122223333:*"}}`,
		`{"ArnLike": {"aws:SourceArn": "arn:aws:sns:*:*:*"}}`,
		`{"Bool": {"aws:SecureTransport": "true"}}`,
	}
	denyConds := []string{
		`{"StringNotEquals": {"aws:PrincipalOrgID": "o-1"}}`,
		`{"StringNotEquals": {"aws:PrincipalAccount": "111122223333"}}`,
		`{"NotIpAddress": {"aws:SourceIp": "10.0.0.0/8"}}`,
		`{"StringNotEqualsIfExists": {"aws:SourceVpce": "vpce-1"}}`,
	}
	types := []string{"sqs-queue", "s3-bucket", "kms-key"}
	requests := map[string][][2]string{
		"sqs-queue": {{"sqs:SendMessage", "arn:aws:sqs:us-east-1:111122223333:q"}, {"sqs:ReceiveMessage", "arn:aws:sqs:us-east-1:111122223333:q"}},
		"s3-bucket": {{"s3:GetObject", "arn:aws:s3:::b/k"}, {"s3:PutObject", "arn:aws:s3:::b/k"}, {"s3:ListBucket", "arn:aws:s3:::b"}},
		"kms-key":   {{"kms:Decrypt", "arn:aws:kms:us-east-1:111122223333:key/k"}, {"kms:Encrypt", "arn:aws:kms:us-east-1:111122223333:key/k"}},
	}
	callers := []string{"anonymous", "arn:aws:iam::999999999999:user/mallory", "arn:aws:iam::999999999999:root"}
	everything := policy(t, "outsider.json", iam.Identity, `{"Effect": "Allow", "Action": "*", "Resource": "*"}`)
	outsider, _ := eval.Compile(everything, "outsider.json")
	cond := func(js string) map[string]any {
		var m map[string]any
		if err := json.Unmarshal([]byte(js), &m); err != nil {
			t.Fatal(err)
		}
		return m
	}
	iters := propertyPairs(300)
	passes, fails, checked := 0, 0, 0
	for it := range iters {
		typ := g.pick(types...)
		svc, _, _ := strings.Cut(requests[typ][0][0], ":")
		action := func() string {
			if a := g.pick(actions...); strings.HasPrefix(a, svc+":") || g.chance(0.3) {
				return a
			}
			return svc + ":*"
		}
		var stmts []any
		for range 1 + g.r.IntN(3) {
			st := map[string]any{"Effect": "Allow", "Principal": principals[g.r.IntN(len(principals))],
				"Action": action(), "Resource": g.pick(resources...)}
			if g.chance(0.5) {
				st["Condition"] = cond(g.pick(allowConds...))
			}
			stmts = append(stmts, st)
		}
		if g.chance(0.4) {
			stmts = append(stmts, map[string]any{"Effect": "Deny", "Principal": "*", "Action": action(), "Resource": g.pick(resources...),
				"Condition": cond(g.pick(denyConds...))})
		}
		src, _ := json.Marshal(map[string]any{"Version": "2012-10-17", "Statement": stmts})
		p, diags := iam.Parse("policy.json", src, iam.ParseOptions{Type: iam.Resource})
		if diags.HasErrors() {
			t.Fatalf("generated policy does not parse: %v\n%s", diags, src)
		}
		rt, _ := LookupResourceType(typ)
		r := NoPublicAccess(c, p, rt)
		if !r.Pass {
			fails++
			continue
		}
		passes++
		cp, _ := eval.Compile(p, "policy.json")
		for _, q := range requests[typ] {
			if !u.holds(q[0], q[1]) {
				t.Fatalf("%s is not a resource of %s", q[1], q[0])
			}
			for _, caller := range callers {
				ctx := map[string][]string{}
				// Values anyone can have: an address in a private range
				// (a VPN's, a NAT's), a topic of their own.
				for k, v := range map[string]string{"aws:PrincipalOrgID": "o-outsider", "aws:SourceAccount": "999999999999", "aws:SourceIp": g.pick("10.1.2.3", "203.0.113.9"),
					"aws:SourceVpce": "vpce-outsider", "aws:SourceArn": "arn:aws:sns:us-east-1:999999999999:t", "aws:SecureTransport": "true"} {
					if g.chance(0.6) {
						ctx[k] = []string{v}
					}
				}
				set := &eval.Set{Resource: cp}
				if strings.Contains(caller, ":user/") {
					set.Identity = []*eval.Policy{outsider} // the root user needs none
				}
				dec, err := eval.Decide(set, &eval.Request{Action: q[0], Principal: eval.Principal{ARN: caller}, Resource: q[1],
					ResourceAccount: "111122223333", Context: ctx})
				if err != nil {
					t.Fatalf("iteration %d: %v", it, err)
				}
				checked++
				if dec.Decision == eval.Allow {
					t.Fatalf("iteration %d: %s passes, but %s may %s on %s with %v\n%s", it, typ, caller, q[0], q[1], ctx, src)
				}
			}
		}
	}
	t.Logf("%d policies: %d pass, %d fail; %d outsider requests checked", iters, passes, fails, checked)
	if passes < iters/5 || fails < iters/5 {
		t.Errorf("%d pass and %d fail of %d: the generator exercises one answer too little", passes, fails, iters)
	}
}

// TestNoNewAccessColonOnly: access that exists only if a resource name
// held a ':' AWS does not document for it still fails the check (it is
// sound), and the reason says so, with such a name.
func TestNoNewAccessColonOnly(t *testing.T) {
	c := catalog.Default()
	ref := policy(t, "ref.json", iam.Identity, `{"Effect": "Allow", "Action": "ec2:DescribeInstances", "Resource": "*"}`)
	tests := []struct {
		name      string
		policy    string
		want      []string
		colonOnly []bool
	}{
		{"issue", `{"Sid": "Vol", "Effect": "Allow", "Action": "ec2:*Volume", "Resource": "arn:aws:ec2:*:*:instance/*"}`,
			[]string{"Vol: allows ec2:AttachVolume, ec2:DetachVolume, which the reference does not allow; allows ec2:*Volume including actions outside the catalog the reference does not allow; " +
				"allows ec2:CreateVolume, ec2:DeleteVolume, ec2:ImportVolume, ec2:ModifyVolume only if a resource name contains ':' (such as arn:aws:ec2:us-east-1:123456789012:volume/example:instance/example), " +
				"which AWS does not document for these names: not expected of real requests, but the check is sound"},
			[]bool{false}},
		{"only colons", `{"Sid": "Vol", "Effect": "Allow", "Action": "ec2:CreateVolume", "Resource": "arn:aws:ec2:*:*:instance/*"}`,
			[]string{"Vol: allows ec2:CreateVolume only if a resource name contains ':' (such as arn:aws:ec2:us-east-1:123456789012:volume/example:instance/example), " +
				"which AWS does not document for these names: not expected of real requests, but the check is sound"},
			[]bool{true}},
		{"object keys may hold colons", `{"Sid": "Obj", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/x:y"}`,
			[]string{"Obj: allows s3:GetObject, which the reference does not allow"}, []bool{false}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := policy(t, "policy.json", iam.Identity, tt.policy)
			r := NoNewAccess(c, []*iam.Policy{ref}, []*iam.Policy{p})
			if r.Pass {
				t.Fatal("the check passes")
			}
			if diff := cmp.Diff(tt.want, reasonsOf(r)); diff != "" {
				t.Errorf("reasons (-want +got):\n%s", diff)
			}
			var got []bool
			for _, rs := range r.Reasons {
				got = append(got, rs.ColonOnly)
			}
			if !slices.Equal(got, tt.colonOnly) {
				t.Errorf("ColonOnly = %v, want %v", got, tt.colonOnly)
			}
			if d := Diff(c, []*iam.Policy{ref}, []*iam.Policy{p}); !d.NewGrants() || d.PreciseNewAccess() == tt.colonOnly[0] {
				t.Errorf("Diff: NewGrants %v, PreciseNewAccess %v", d.NewGrants(), d.PreciseNewAccess())
			}
		})
	}
}

// TestAccessNotGrantedColonOnly: the actions a statement reaches only if a
// resource name held a ':' still fail the check, and are told apart.
func TestAccessNotGrantedColonOnly(t *testing.T) {
	c := catalog.Default()
	p := policy(t, "policy.json", iam.Identity, `{"Sid": "Vol", "Effect": "Allow", "Action": "ec2:*Volume", "Resource": "arn:aws:ec2:*:*:instance/*"}`)
	r := AccessNotGranted(c, []*iam.Policy{p}, []string{"ec2:AttachVolume", "ec2:DeleteVolume"}, nil)
	want := []string{"Vol: allows ec2:AttachVolume on resources such as arn:aws:ec2:us-east-1:123456789012:instance/example; " +
		"allows ec2:DeleteVolume only if a resource name contains ':' (such as arn:aws:ec2:us-east-1:123456789012:volume/example:instance/example), " +
		"which AWS does not document for these names: not expected of real requests, but the check is sound"}
	if diff := cmp.Diff(want, reasonsOf(r)); diff != "" {
		t.Errorf("reasons (-want +got):\n%s", diff)
	}
	r = AccessNotGranted(c, []*iam.Policy{p}, []string{"ec2:DeleteVolume"}, nil)
	if r.Pass || len(r.Reasons) != 1 || !r.Reasons[0].ColonOnly {
		t.Errorf("DeleteVolume alone: %+v", r)
	}
}
