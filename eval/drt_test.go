package eval

import (
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/leastpriv/leastpriv/iam"
)

// checkAgainstReference decides one generated scenario with both evaluators
// and fails on any difference in decision, deciding statements or errors.
func checkAgainstReference(t testing.TB, a, b uint64) {
	g := newGenerator(a, b)
	sc, src := decodeGenerated(t, g.scenario())
	got, gerr := sc.Decide()
	want, werr := referenceDecide(&sc.Set, &sc.Request)
	if (gerr != nil) != (werr != nil) {
		t.Fatalf("seed %d,%d: engine error %v, reference error %v\n%s", a, b, gerr, werr, src)
	}
	if gerr != nil {
		return
	}
	if diff := cmp.Diff(summarize(want), summarize(got)); diff != "" {
		t.Fatalf("seed %d,%d: engine and reference disagree (-reference +engine):\n%s\n%s", a, b, diff, src)
	}
}

// TestDifferential runs the engine against the reference evaluator on a
// fixed set of generated scenarios; FuzzDifferential explores further.
func TestDifferential(t *testing.T) {
	n := uint64(3000)
	if testing.Short() {
		n = 300
	}
	for i := range n {
		checkAgainstReference(t, i, i*7919+1)
	}
}

func FuzzDifferential(f *testing.F) {
	for i := range uint64(20) {
		f.Add(i, i*31+7)
	}
	f.Fuzz(func(t *testing.T, a, b uint64) { checkAgainstReference(t, a, b) })
}

// TestGeneratorCoverage guards the generator: the fixed seeds must reach
// every decision and many reasons, or the differential test proves little.
func TestGeneratorCoverage(t *testing.T) {
	counts := map[string]int{}
	for i := range uint64(3000) {
		g := newGenerator(i, i*7919+1)
		sc, _ := decodeGenerated(t, g.scenario())
		res, err := sc.Decide()
		if err != nil {
			counts["error"]++
			continue
		}
		counts[res.Decision.String()]++
		for _, r := range res.Reasons {
			counts[compactReasonKind(r)]++
			if r.Principal != "" {
				counts["principal "+r.Principal]++
			}
		}
	}
	for _, k := range []string{"Allow", "ExplicitDeny", "ImplicitDeny", "missing identity", "missing boundary", "missing session",
		"missing scp", "missing rcp", "missing resource", "missing trust", "Allow resource", "Deny resource", "Allow trust",
		"Deny scp", "Deny rcp", "Allow boundary", "Deny session", "principal account", "principal role", "principal exact",
		"principal wildcard", "principal federating-user"} {
		if counts[k] < 5 {
			t.Errorf("generated scenarios reach %q only %d times; widen the generator", k, counts[k])
		}
	}
}

func compactReasonKind(r Reason) string {
	if r.Kind == Missing {
		return "missing " + r.Type.String()
	}
	return r.Effect.String() + " " + r.Type.String()
}

// FuzzDifferentialPolicy checks the engine against the reference evaluator
// on arbitrary policy text and request strings, where FuzzDifferential
// draws from a fixed vocabulary: the coverage-guided fuzzer explores globs,
// ARNs, variables and condition values at the byte level.
func FuzzDifferentialPolicy(f *testing.F) {
	for _, s := range []struct{ policy, action, resource, key, val string }{
		{`{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "s3:Get*", "Resource": "arn:aws:s3:::b/${aws:username}/*"}}`, "s3:GetObject", "arn:aws:s3:::b/alice/k", "aws:SourceIp", "10.0.0.1"},
		{`{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "NotAction": "iam:*", "Resource": "arn:aws:*:*:111122223333:*"}, {"Effect": "Deny", "Action": "*", "NotResource": "arn:aws:s3:::b*:x", "Condition": {"StringNotLike": {"aws:PrincipalTag/team": "${k}*"}}}]}`, "ec2:RunInstances", "arn:aws:ec2:us-east-1:111122223333:instance/i-1", "k", "a:b"},
		{`{"Statement": {"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {"ForAnyValue:ArnLike": {"aws:SourceArn": "arn:aws:sns:*:1?1122223333:t*"}, "NumericLessThanEquals": {"s3:max-keys": "1.50"}}}}`, "sns:Publish", "*", "aws:SourceArn", "arn:aws:sns:us-east-1:111122223333:topic:x"},
		{`{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "logs:*", "Resource": "arn:aws:logs:*:*:log-group:a*:*", "Condition": {"IpAddressIfExists": {"aws:SourceIp": "10.0.0.0/8"}, "DateLessThan": {"aws:CurrentTime": "${aws:EpochTime}"}}}}`, "logs:PutLogEvents", "arn:aws:logs:us-east-1:111122223333:log-group:ab:log-stream:c", "aws:EpochTime", "1700000000"},
	} {
		f.Add([]byte(s.policy), s.action, s.resource, s.key, s.val)
	}
	f.Fuzz(func(t *testing.T, policy []byte, action, resource, key, val string) {
		if len(policy) > 4096 || len(action)+len(resource)+len(key)+len(val) > 1024 {
			return
		}
		p, diags := iam.Parse("f.json", policy, iam.ParseOptions{Type: iam.Identity})
		if p == nil || diags.HasErrors() {
			return
		}
		cp, cd := Compile(p, "f.json")
		if cd.HasErrors() {
			return
		}
		set := &Set{Identity: []*Policy{cp}}
		req := &Request{
			Action:          action,
			Principal:       Principal{ARN: "arn:aws:iam::111122223333:user/alice", Tags: map[string]string{"team": val}},
			Resource:        resource,
			ResourceAccount: "111122223333",
			ResourceTags:    map[string]string{"team": val},
			Context:         map[string][]string{key: {val}},
		}
		got, gerr := Decide(set, req)
		want, werr := referenceDecide(set, req)
		if (gerr != nil) != (werr != nil) {
			t.Fatalf("engine error %v, reference error %v", gerr, werr)
		}
		if gerr != nil {
			return
		}
		if diff := cmp.Diff(summarize(want), summarize(got)); diff != "" {
			t.Fatalf("engine and reference disagree (-reference +engine):\n%s", diff)
		}
	})
}

// TestDecideConcurrent decides generated scenarios, compiled once, from
// several goroutines at a time (requests come from a shared pool, policies
// are shared): every result must equal the sequential one. Run with -race
// to check for data races too.
func TestDecideConcurrent(t *testing.T) {
	type tc struct {
		sc   *Scenario
		want []string
		err  bool
	}
	var cases []tc
	for i := range uint64(400) {
		sc, _ := decodeGenerated(t, newGenerator(i, 31).scenario())
		res, err := sc.Decide()
		cases = append(cases, tc{sc, summarize(res), err != nil})
	}
	const workers = 8
	errs := make(chan string, workers)
	done := make(chan struct{})
	for w := range workers {
		go func() {
			defer func() { done <- struct{}{} }()
			for round := range 5 {
				for i := range cases {
					c := &cases[(i*(w+1)+round)%len(cases)]
					res, err := c.sc.Decide()
					if (err != nil) != c.err || (err == nil && !cmp.Equal(summarize(res), c.want)) {
						select {
						case errs <- fmt.Sprintf("worker %d: %v %v, want %v", w, summarize(res), err, c.want):
						default:
						}
						return
					}
				}
			}
		}()
	}
	for range workers {
		<-done
	}
	select {
	case e := <-errs:
		t.Fatal(e)
	default:
	}
}
