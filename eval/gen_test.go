package eval

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/leastpriv/leastpriv/iam"
)

// A generator builds random but well-formed policies and requests from a
// small vocabulary, so that matches, conditions and principals actually
// interact (type-directed generation, as Cedar's DRT does).
type generator struct {
	r *rand.Rand
}

func newGenerator(a, b uint64) *generator { return &generator{r: rand.New(rand.NewPCG(a, b))} }

func (g *generator) pick(xs ...string) string { return xs[g.r.IntN(len(xs))] }
func (g *generator) chance(p float64) bool    { return g.r.Float64() < p }

var (
	genActions = []string{"s3:GetObject", "s3:PutObject", "s3:ListBucket", "s3:ListAllMyBuckets", "ec2:RunInstances", "ec2:DescribeInstances",
		"iam:PassRole", "sts:AssumeRole", "kms:Decrypt", "sqs:SendMessage", "lambda:InvokeFunction", "sqs:DeleteQueue", "kms:RetireGrant"}
	genActionPatterns = []string{"s3:GetObject", "S3:getobject", "s3:*", "s3:Get*", "s3:?etObject", "s3:List*", "*", "*:Get*", "ec2:*",
		"ec2:Describe*", "iam:PassRole", "sts:Assume*", "kms:*", "sqs:SendMessage", "lambda:Invoke?unction", "e?2:RunInstances", "s3:PutObject", "sqs:*"}
	genResources = []string{"*", "arn:aws:s3:::b/*", "arn:aws:s3:::b/k", "arn:aws:s3:::*", "arn:aws:s3:::b", "arn:aws:ec2:*", "arn:aws:ec2:*:*:instance/*",
		"arn:aws:s3:::b/${aws:username}/*", "arn:aws:s3:::b/${aws:PrincipalTag/team, 'shared'}/*", "arn:aws:s3:::b/${*}",
		"arn:aws:kms:us-east-1:111122223333:key/*", "arn:aws:iam::111122223333:role/r*", "arn:aws:iam::*:role/*",
		"arn:aws:sqs:us-east-1:111122223333:q", "arn:aws:sqs:*:111122223333:*", "arn:aws:lambda:us-east-1:*:function:f-?", "arn:aws:s3:::b/k?"}
	genRequestResources = []string{"*", "arn:aws:s3:::b/k", "arn:aws:s3:::b", "arn:aws:s3:::b/alice/x", "arn:aws:s3:::b/shared/x", "arn:aws:s3:::b/blue/x",
		"arn:aws:s3:::b/*", "arn:aws:s3:::c/k", "arn:aws:ec2:us-east-1:111122223333:instance/i-1", "arn:aws:kms:us-east-1:111122223333:key/k1",
		"arn:aws:iam::111122223333:role/r1", "arn:aws:iam::111122223333:role/aws-service-role/x.amazonaws.com/AWSServiceRoleForX",
		"arn:aws:sqs:us-east-1:111122223333:q", "arn:aws:lambda:us-east-1:111122223333:function:f-1", "arn:aws:logs:us-east-1:111122223333:log-group:a:b"}
	genCallers = []string{"arn:aws:iam::111122223333:user/alice", "arn:aws:iam::111122223333:user/bob", "arn:aws:sts::111122223333:assumed-role/r1/s",
		"arn:aws:sts::444455556666:assumed-role/r2/s", "arn:aws:iam::444455556666:user/eve", "arn:aws:sts::111122223333:federated-user/fed",
		"arn:aws:iam::111122223333:root", "arn:aws:iam::444455556666:root", "lambda.amazonaws.com", "anonymous",
		"arn:aws:sts::111122223333:assumed-role/AWSServiceRoleForX/x", "arn:aws:iam::999999999999:user/admin", "cognito-identity.amazonaws.com"}
	genPrincipalValues = []string{"*", "111122223333", "444455556666", "arn:aws:iam::111122223333:root", "arn:aws:iam::444455556666:root",
		"arn:aws:iam::111122223333:user/alice", "arn:aws:iam::444455556666:user/eve", "arn:aws:iam::111122223333:role/r1",
		"arn:aws:iam::444455556666:role/path/r2", "arn:aws:sts::111122223333:assumed-role/r1/s", "arn:aws:sts::111122223333:federated-user/fed",
		"AROAEXAMPLEUNIQUEID", "arn:aws:iam::111122223333:user/*"}
	genConditions = []string{
		`{"StringEquals": {"aws:PrincipalTag/team": "blue"}}`,
		`{"StringEquals": {"aws:PrincipalTag/team": "${aws:ResourceTag/team}"}}`,
		`{"StringNotEquals": {"aws:RequestedRegion": ["us-east-1", "eu-west-1"]}}`,
		`{"StringLike": {"s3:prefix": "home/*"}}`,
		`{"StringNotLike": {"aws:userid": "AIDA*"}}`,
		`{"StringEqualsIgnoreCase": {"aws:username": "ALICE"}}`,
		`{"StringEqualsIfExists": {"aws:RequestedRegion": "us-east-1"}}`,
		`{"IpAddress": {"aws:SourceIp": ["203.0.113.0/24", "2001:db8::/32"]}}`,
		`{"NotIpAddress": {"aws:SourceIp": "203.0.113.0/24"}}`,
		`{"NumericLessThan": {"s3:max-keys": 10}}`,
		`{"NumericGreaterThanEqualsIfExists": {"s3:max-keys": "5.5"}}`,
		`{"DateGreaterThan": {"aws:CurrentTime": "2020-01-01T00:00:00Z"}}`,
		`{"DateLessThan": {"aws:CurrentTime": "1600000000"}}`,
		`{"Bool": {"aws:SecureTransport": false}}`,
		`{"BoolIfExists": {"aws:MultiFactorAuthPresent": "true"}}`,
		`{"Null": {"aws:TokenIssueTime": "true"}}`,
		`{"Null": {"aws:SourceIp": "false"}}`,
		`{"ArnLike": {"aws:PrincipalArn": "arn:aws:iam::111122223333:*"}}`,
		`{"ArnNotEquals": {"aws:SourceArn": "arn:aws:sns:*:111122223333:t"}}`,
		`{"ForAllValues:StringEquals": {"aws:TagKeys": ["env", "cost"]}}`,
		`{"ForAnyValue:StringLike": {"aws:TagKeys": "e*"}}`,
		`{"ForAllValues:StringNotLike": {"aws:TagKeys": "key1*"}}`,
		`{"StringEquals": {"aws:PrincipalAccount": "111122223333", "aws:ResourceAccount": "111122223333"}}`,
		`{"BinaryEquals": {"k": "QUJD"}}`,
		`{"StringLike": {"aws:PrincipalArn": "arn:aws:*:${aws:PrincipalAccount}:*"}}`,
	}
)

// stmt returns a random statement as JSON. principal says whether the
// policy type takes a Principal; resource whether it takes a Resource.
func (g *generator) stmt(typ iam.Type, principal, resource, allowOnly bool, sid int) map[string]any {
	s := map[string]any{}
	if g.chance(0.3) {
		s["Sid"] = fmt.Sprintf("S%d", sid)
	}
	effect := "Allow"
	if !allowOnly && g.chance(0.3) {
		effect = "Deny"
	}
	s["Effect"] = effect
	acts := []string{}
	for range 1 + g.r.IntN(3) {
		acts = append(acts, g.pick(genActionPatterns...))
	}
	if g.chance(0.15) {
		s["NotAction"] = acts
	} else {
		s["Action"] = acts
	}
	if resource {
		res := []string{}
		for range 1 + g.r.IntN(2) {
			res = append(res, g.pick(genResources...))
		}
		if g.chance(0.1) {
			s["NotResource"] = res
		} else {
			s["Resource"] = res
		}
	}
	if principal {
		switch {
		case typ == iam.RCP:
			s["Principal"] = "*"
		case effect == "Deny" && typ == iam.Resource && g.chance(0.15):
			vals := []string{}
			for range 1 + g.r.IntN(3) {
				vals = append(vals, g.pick(genPrincipalValues[1:]...))
			}
			s["NotPrincipal"] = map[string]any{"AWS": vals}
		case g.chance(0.25):
			s["Principal"] = "*"
		default:
			p := map[string]any{}
			vals := []string{}
			for range 1 + g.r.IntN(2) {
				vals = append(vals, g.pick(genPrincipalValues...))
			}
			p["AWS"] = vals
			if g.chance(0.2) {
				p["Service"] = g.pick("lambda.amazonaws.com", "x.amazonaws.com")
			}
			if g.chance(0.1) {
				p["Federated"] = "cognito-identity.amazonaws.com"
			}
			s["Principal"] = p
		}
	}
	if g.chance(0.35) {
		cond := map[string]any{}
		for range 1 + g.r.IntN(2) {
			var c map[string]any
			if err := json.Unmarshal([]byte(g.pick(genConditions...)), &c); err != nil {
				panic(err)
			}
			for k, v := range c {
				cond[k] = v
			}
		}
		s["Condition"] = cond
	}
	return s
}

func (g *generator) policyDoc(typ iam.Type, allowOnly bool) map[string]any {
	principal := typ == iam.Resource || typ == iam.Trust || typ == iam.RCP
	resource := typ != iam.Trust
	var st []any
	for i := range 1 + g.r.IntN(4) {
		st = append(st, g.stmt(typ, principal, resource, allowOnly, i))
	}
	doc := map[string]any{"Statement": st}
	if !g.chance(0.1) {
		doc["Version"] = "2012-10-17"
	}
	return doc
}

// scenario returns a random scenario document.
func (g *generator) scenario() map[string]any {
	caller := g.pick(genCallers...)
	action := g.pick(genActions...)
	res := g.pick(genRequestResources...)
	if action == "sts:AssumeRole" && g.chance(0.7) {
		res = g.pick("arn:aws:iam::111122223333:role/r1", "arn:aws:iam::111122223333:role/aws-service-role/x.amazonaws.com/AWSServiceRoleForX")
	}
	p := map[string]any{"arn": caller}
	if g.chance(0.5) {
		p["tags"] = map[string]any{"team": g.pick("blue", "red", "*")}
	}
	// Only IAM users, roles and their sessions have identity-based policies
	// and boundaries (the root user and services have none).
	iamCaller := strings.HasPrefix(caller, "arn:") && !strings.HasSuffix(caller, ":root")
	var ids []any
	for range g.r.IntN(3) {
		if iamCaller || g.chance(0.02) {
			ids = append(ids, g.policyDoc(iam.Identity, false))
		}
	}
	if ids != nil {
		p["identityPolicies"] = ids
	}
	if iamCaller && g.chance(0.3) {
		p["permissionsBoundary"] = g.policyDoc(iam.Boundary, false)
	}
	if (strings.Contains(caller, "assumed-role") || strings.Contains(caller, "federated-user")) && g.chance(0.4) {
		var ss []any
		for range g.r.IntN(2) {
			ss = append(ss, g.policyDoc(iam.Session, false))
		}
		if ss == nil {
			ss = []any{}
		}
		p["sessionPolicies"] = ss
	}
	if strings.Contains(caller, "federated-user") && g.chance(0.5) {
		// Who called GetFederationToken: an IAM user, or the root user
		// (whose sessions have no identity-based policies or boundary).
		_, bounded := p["permissionsBoundary"]
		if ids == nil && !bounded && g.chance(0.3) {
			p["federatedBy"] = "arn:aws:iam::111122223333:root"
		} else {
			p["federatedBy"] = g.pick("arn:aws:iam::111122223333:user/alice", "arn:aws:iam::111122223333:user/bob")
		}
	}
	r := map[string]any{"arn": res}
	if a, err := ParseARN(res); err != nil || a.Account == "" {
		r["account"] = g.pick("111122223333", "444455556666", "999999999999")
	}
	fedBy, _ := p["federatedBy"].(string)
	if g.chance(0.4) || (fedBy != "" && g.chance(0.5)) {
		typ := iam.Resource
		if isRoleARN(res) {
			typ = iam.Trust
		}
		pol := g.policyDoc(typ, false)
		if fedBy != "" && g.chance(0.7) {
			// A grant to the IAM user who federated, for the request.
			st := map[string]any{"Effect": "Allow", "Principal": map[string]any{"AWS": fedBy}, "Action": action}
			if typ != iam.Trust {
				st["Resource"] = "*"
			}
			pol["Statement"] = append(pol["Statement"].([]any), st)
		}
		r["policy"] = pol
	}
	if g.chance(0.4) {
		r["tags"] = map[string]any{"team": g.pick("blue", "red"), "TEAM": "x"}
	}
	sc := map[string]any{"action": g.caseMutate(action), "principal": p, "resource": r}
	ctx := map[string]any{}
	if g.chance(0.5) {
		ctx["aws:SourceIp"] = g.pick("203.0.113.9", "198.51.100.1", "2001:db8::1")
	}
	if g.chance(0.4) {
		ctx["aws:RequestedRegion"] = g.pick("us-east-1", "eu-west-1", "ap-south-1")
	}
	if g.chance(0.3) {
		ctx["aws:TagKeys"] = []string{g.pick("env", "key1", "cost", "owner")}
		if g.chance(0.3) {
			ctx["aws:TagKeys"] = []string{}
		}
	}
	if g.chance(0.3) {
		ctx["s3:prefix"] = g.pick("home/alice", "tmp/")
	}
	if g.chance(0.3) {
		ctx["s3:max-keys"] = g.pick("3", "7", "10", "12.5")
	}
	if g.chance(0.3) {
		ctx["aws:CurrentTime"] = g.pick("2019-06-01T00:00:00Z", "2021-03-04T05:06:07Z", "1700000000")
	}
	if g.chance(0.3) {
		ctx["aws:SecureTransport"] = g.pick("true", "false")
	}
	if g.chance(0.2) {
		ctx["aws:MultiFactorAuthPresent"] = g.pick("true", "false")
	}
	if g.chance(0.2) {
		ctx["aws:TokenIssueTime"] = "2024-01-01T00:00:00Z"
	}
	if g.chance(0.2) {
		ctx["aws:SourceArn"] = g.pick("arn:aws:sns:us-east-1:111122223333:t", "arn:aws:sns:us-east-1:444455556666:t")
	}
	if g.chance(0.1) {
		ctx["k"] = g.pick("QUJD", "QUJE")
	}
	if len(ctx) > 0 {
		sc["context"] = ctx
	}
	if g.chance(0.3) {
		org := map[string]any{"managementAccount": "999999999999"}
		if g.chance(0.7) {
			org["scps"] = g.levels(iam.SCP)
		}
		if g.chance(0.5) {
			org["rcps"] = g.levels(iam.RCP)
		}
		sc["organization"] = org
	}
	return sc
}

func (g *generator) levels(typ iam.Type) []any {
	var out []any
	for range 1 + g.r.IntN(3) {
		var lvl []any
		full := map[string]any{"Version": "2012-10-17", "Statement": map[string]any{"Effect": "Allow", "Action": "*", "Resource": "*"}}
		if typ == iam.RCP {
			full["Statement"].(map[string]any)["Principal"] = "*"
		}
		if g.chance(0.8) {
			lvl = append(lvl, full)
		}
		if g.chance(0.5) {
			extra := g.policyDoc(typ, false)
			if typ == iam.RCP {
				// "Allow" is supported only in RCPFullAWSAccess
				// (orgs_manage_policies_rcps_syntax.html): RCPs deny.
				for _, st := range extra["Statement"].([]any) {
					st.(map[string]any)["Effect"] = "Deny"
				}
			}
			lvl = append(lvl, extra)
		}
		if lvl == nil {
			lvl = []any{}
		}
		out = append(out, lvl)
	}
	return out
}

// caseMutate randomly changes the case of ASCII letters.
func (g *generator) caseMutate(s string) string {
	if !g.chance(0.3) {
		return s
	}
	b := []byte(s)
	for i, c := range b {
		if g.chance(0.5) {
			switch {
			case 'a' <= c && c <= 'z':
				b[i] = c - 32
			case 'A' <= c && c <= 'Z':
				b[i] = c + 32
			}
		}
	}
	return string(b)
}

// decodeGenerated turns a generated scenario document into a Scenario.
func decodeGenerated(t testing.TB, doc map[string]any) (*Scenario, []byte) {
	t.Helper()
	src, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	sc, err := ParseScenario("gen.json", src, 1, 0)
	if err != nil {
		t.Fatalf("generated scenario does not parse: %v\n%s", err, src)
	}
	return sc, src
}
