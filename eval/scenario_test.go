package eval

import (
	"context"
	"fmt"
	"io"
	"runtime"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestScenarioErrors(t *testing.T) {
	tests := []struct {
		name, src, want string
	}{
		{"not json", `{"action": `, "JSON_SYNTAX_ERROR"},
		{"not object", `[1]`, "a scenario must be an object"},
		{"unknown member", `{"action": "s3:GetObject", "principal": {"arn": "anonymous"}, "resource": {"arn": "*"}, "extra": 1}`, `unknown member "extra"`},
		{"no action", `{"principal": {"arn": "anonymous"}, "resource": {"arn": "*"}}`, `no "action"`},
		{"no resource", `{"action": "s3:GetObject", "principal": {"arn": "anonymous"}}`, `no "resource"`},
		{"bad principal", `{"action": "s3:GetObject", "principal": {"arn": "alice"}, "resource": {"arn": "*"}}`, `invalid principal "alice"`},
		{"bad account", `{"action": "s3:GetObject", "principal": {"arn": "arn:aws:iam::12:user/a"}, "resource": {"arn": "*"}}`, `not 12 digits`},
		{"s3 without account", `{"action": "s3:GetObject", "principal": {"arn": "anonymous"}, "resource": {"arn": "arn:aws:s3:::b/k"}}`, `has no account`},
		{"wildcard action", `{"action": "s3:Get*", "principal": {"arn": "anonymous"}, "resource": {"arn": "*"}}`, `without wildcards`},
		{"bad policy", `{"action": "s3:GetObject", "principal": {"arn": "arn:aws:iam::111122223333:user/a", "identityPolicies": [{"Statement": {"Effect": "Maybe", "Action": "*", "Resource": "*"}}]}, "resource": {"arn": "*"}}`, `identityPolicies[0]: `},
		{"bad condition value", `{"action": "s3:GetObject", "principal": {"arn": "arn:aws:iam::111122223333:user/a", "identityPolicies": [{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {"DateLessThan": {"aws:CurrentTime": "soon"}}}}]}, "resource": {"arn": "*"}}`, `"soon" is not a date`},
		{"empty NotAction", `{"action": "s3:GetObject", "principal": {"arn": "arn:aws:iam::111122223333:user/a", "identityPolicies": [{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "NotAction": [], "Resource": "*"}}]}, "resource": {"arn": "*"}}`, `NotAction is an empty array`},
		{"empty Resource", `{"action": "s3:GetObject", "principal": {"arn": "arn:aws:iam::111122223333:user/a", "identityPolicies": [{"Version": "2012-10-17", "Statement": {"Effect": "Deny", "Action": "*", "NotResource": []}}]}, "resource": {"arn": "*"}}`, `empty array`},
		{"context object", `{"action": "s3:GetObject", "principal": {"arn": "anonymous"}, "resource": {"arn": "*"}, "context": {"k": {}}}`, `must be a string or an array`},
		{"context dup", `{"action": "s3:GetObject", "principal": {"arn": "anonymous"}, "resource": {"arn": "*"}, "context": {"aws:SourceIp": "1.1.1.1", "AWS:SOURCEIP": "1.1.1.2"}}`, `given twice`},
		{"session for user", `{"action": "s3:GetObject", "principal": {"arn": "arn:aws:iam::111122223333:user/a", "sessionPolicies": []}, "resource": {"arn": "*"}}`, ``},
	}
	for _, src := range []string{
		`{"action": "s3:GetObject", "principal": {"arn": "arn:aws:iam::111122223333:root", "identityPolicies": [{"Version": "2012-10-17", "Statement": {"Effect": "Deny", "Action": "*", "Resource": "*"}}]}, "resource": {"arn": "*"}}`,
		`{"action": "s3:GetObject", "principal": {"arn": "lambda.amazonaws.com", "permissionsBoundary": {"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "*", "Resource": "*"}}}, "resource": {"arn": "*", "account": "111122223333"}}`,
	} {
		sc, err := ParseScenario("s.json", []byte(src), 1, 0)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := sc.Decide(); err == nil || !strings.Contains(err.Error(), "apply only to IAM users, roles and their sessions") {
			t.Errorf("Decide error = %v, want policies a caller cannot have rejected", err)
		}
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sc, err := ParseScenario("s.json", []byte(tt.src), 3, 100)
			if tt.want == "" {
				if err != nil {
					t.Fatal(err)
				}
				if _, err := sc.Decide(); err == nil || !strings.Contains(err.Error(), "session policies apply only") {
					t.Fatalf("Decide error = %v, want session policy error", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error = %v, want it to contain %q", err, tt.want)
			}
			if !strings.HasPrefix(err.Error(), "s.json:3:") {
				t.Errorf("error %q is not positioned on line 3 of s.json", err)
			}
		})
	}
}

func TestRequestValueErrors(t *testing.T) {
	src := `{"action": "s3:GetObject", "principal": {"arn": "arn:aws:iam::111122223333:user/a", "identityPolicies": [{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}}}}]}, "resource": {"arn": "*"}, "context": {"aws:SourceIp": "not-an-ip"}}`
	sc, err := ParseScenario("s.json", []byte(src), 1, 0)
	if err != nil {
		t.Fatal(err)
	}
	_, err = sc.Decide()
	if err == nil || !strings.Contains(err.Error(), `request value "not-an-ip" is not an IP address`) {
		t.Fatalf("Decide error = %v, want a malformed request value error (never a silent false)", err)
	}
}

func FuzzScenario(f *testing.F) {
	for _, c := range loadConformance(f) {
		f.Add(c.src)
	}
	f.Add([]byte(`{"action": "s3:GetObject", "principal": {"arn": "arn:aws:iam::111122223333:user/a"}, "resource": {"arn": "*"}}`))
	f.Add([]byte(`{"action": "s3:GetObject", "principal": {"arn": "arn:aws:sts::111122223333:assumed-role/r/s", "identityPolicies": [{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "s3:*", "Resource": "arn:aws:s3:::b/${aws:username}/*", "Condition": {"ForAnyValue:StringLike": {"aws:TagKeys": "a*"}}}}], "sessionPolicies": []}, "resource": {"arn": "arn:aws:s3:::b/k", "account": "111122223333"}, "context": {"aws:TagKeys": ["ab"]}}`))
	f.Fuzz(func(t *testing.T, src []byte) {
		sc, err := ParseScenario("f.json", src, 1, 0)
		if err != nil {
			return
		}
		res, err := sc.Decide()
		if err != nil {
			return
		}
		if res.Decision > ExplicitDeny {
			t.Fatalf("invalid decision %d", res.Decision)
		}
	})
}

func TestRunBatchOrder(t *testing.T) {
	var in strings.Builder
	want := []string{}
	for i := range 500 {
		switch i % 5 {
		case 3:
			fmt.Fprintf(&in, "{\"name\": \"n%d\", \"action\": \"s3:GetObject\"}\n", i)
			want = append(want, fmt.Sprintf("n%d error", i))
		case 4:
			in.WriteString("\n   \n")
			fmt.Fprintf(&in, `{"name": "n%d", "action": "s3:GetObject", "principal": {"arn": "arn:aws:iam::111122223333:user/a", "identityPolicies": [{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "s3:*", "Resource": "*"}}]}, "resource": {"arn": "*"}}`+"\r\n", i)
			want = append(want, fmt.Sprintf("n%d Allow", i))
		default:
			fmt.Fprintf(&in, `{"name": "n%d", "action": "s3:GetObject", "principal": {"arn": "arn:aws:iam::111122223333:user/a"}, "resource": {"arn": "*"}}`+"\n", i)
			want = append(want, fmt.Sprintf("n%d ImplicitDeny", i))
		}
	}
	var got []string
	lines := map[string]int{}
	err := RunBatch(context.Background(), strings.NewReader(in.String()), BatchOptions{File: "b.jsonl", Workers: 4}, func(r BatchResult) error {
		if r.Err != nil {
			got = append(got, r.Name+" error")
		} else {
			got = append(got, r.Name+" "+r.Result.Decision.String())
		}
		lines[r.Name] = r.Line
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatalf("batch results (-want +got):\n%s", diff)
	}
	// Line numbers count blank lines: n4 is on line 7 (lines 5 and 6 are blank).
	if lines["n4"] != 7 || lines["n0"] != 1 {
		t.Errorf("lines: n0 %d, n4 %d; want 1 and 7", lines["n0"], lines["n4"])
	}
}

// TestRunBatchStreams checks that results come out before the input ends,
// so memory does not grow with the input.
func TestRunBatchStreams(t *testing.T) {
	pr, pw := io.Pipe()
	got := make(chan string, 10)
	done := make(chan error, 1)
	go func() {
		done <- RunBatch(context.Background(), pr, BatchOptions{Workers: 2}, func(r BatchResult) error {
			got <- r.Result.Decision.String()
			return nil
		})
	}()
	line := `{"action": "s3:GetObject", "principal": {"arn": "arn:aws:iam::111122223333:root"}, "resource": {"arn": "*"}}` + "\n"
	if _, err := io.WriteString(pw, line); err != nil {
		t.Fatal(err)
	}
	if d := <-got; d != "Allow" {
		t.Fatalf("first result %s, want Allow", d)
	}
	pw.Close()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}

// TestRunBatchLongLine checks that an over-long line is one invalid
// scenario, reported in its place, and that the batch goes on.
func TestRunBatchLongLine(t *testing.T) {
	ok := `{"name": "ok", "action": "s3:GetObject", "principal": {"arn": "arn:aws:iam::111122223333:root"}, "resource": {"arn": "*"}}`
	for _, tail := range []string{"\n", ""} { // the long line ends the input, or not
		in := ok + "\n" + strings.Repeat("x", 300) + "\n" + ok + "\n" + strings.Repeat("y", 300) + tail
		var got []string
		err := RunBatch(context.Background(), strings.NewReader(in), BatchOptions{File: "f", MaxLine: 200}, func(r BatchResult) error {
			if r.Err != nil {
				got = append(got, fmt.Sprintf("%d %v", r.Line, r.Err))
			} else {
				got = append(got, fmt.Sprintf("%d %s", r.Line, r.Result.Decision))
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		want := []string{"1 Allow", "2 f:2:1: scenario line longer than 200 bytes", "3 Allow", "4 f:4:1: scenario line longer than 200 bytes"}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("results (-want +got):\n%s", diff)
		}
	}
}

func TestRunBatchEmitError(t *testing.T) {
	var in strings.Builder
	for range 200 {
		in.WriteString(`{"action": "s3:GetObject", "principal": {"arn": "arn:aws:iam::111122223333:root"}, "resource": {"arn": "*"}}` + "\n")
	}
	n := 0
	err := RunBatch(context.Background(), strings.NewReader(in.String()), BatchOptions{Workers: 3}, func(BatchResult) error {
		n++
		if n == 5 {
			return io.ErrShortWrite
		}
		return nil
	})
	if err != io.ErrShortWrite || n != 5 {
		t.Fatalf("err = %v after %d results, want io.ErrShortWrite after 5", err, n)
	}
}

// decideSrc parses and decides one scenario, failing the test on an error.
func decideSrc(t *testing.T, src string) Result {
	t.Helper()
	sc, err := ParseScenario("s.json", []byte(src), 1, 0)
	if err != nil {
		t.Fatalf("parse: %v\n%s", err, src)
	}
	res, err := sc.Decide()
	if err != nil {
		t.Fatalf("decide: %v\n%s", err, src)
	}
	return res
}

// allowIf is a scenario for user alice whose only policy allows s3:GetObject
// under the given Condition element; extra is spliced into the scenario.
func allowIf(cond, resource, extra string) string {
	return `{"action": "s3:GetObject", "principal": {"arn": "arn:aws:iam::111122223333:user/alice", "tags": {"team": "blue"}, "identityPolicies": [` +
		`{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": ` + cond + `}}]}, ` +
		`"resource": ` + resource + extra + `}`
}

// TestScenarioContract pins the documented defaults of the scenario format
// (issue 4, "Contract details").
func TestScenarioContract(t *testing.T) {
	tests := []struct {
		name, src string
		want      Decision
	}{
		{"resource.account defaults to the ARN's account",
			allowIf(`{"StringEquals": {"aws:ResourceAccount": "111122223333"}}`, `{"arn": "arn:aws:sqs:us-east-1:111122223333:q"}`, ``), Allow},
		{"the ARN's account decides cross-account",
			allowIf(`{"Null": {"aws:SourceIp": "true"}}`, `{"arn": "arn:aws:sqs:us-east-1:444455556666:q"}`, ``), ImplicitDeny},
		{"resource.account overrides the ARN's account",
			allowIf(`{"StringEquals": {"aws:ResourceAccount": "111122223333"}}`, `{"arn": "arn:aws:sqs:us-east-1:444455556666:q", "account": "111122223333"}`, ``), Allow},
		{"resource \"*\" belongs to the caller's account",
			allowIf(`{"StringEquals": {"aws:ResourceAccount": "111122223333"}}`, `{"arn": "*"}`, ``), Allow},
		{"derived principal tag",
			allowIf(`{"StringEquals": {"aws:PrincipalTag/team": "blue"}}`, `{"arn": "*"}`, ``), Allow},
		{"context overrides a derived key",
			allowIf(`{"StringEquals": {"aws:PrincipalTag/team": "blue"}}`, `{"arn": "*"}`, `, "context": {"aws:principaltag/TEAM": "red"}`), ImplicitDeny},
		{"context overrides aws:PrincipalArn",
			allowIf(`{"ArnLike": {"aws:PrincipalArn": "arn:aws:iam::111122223333:user/ops/*"}}`, `{"arn": "*"}`, `, "context": {"aws:PrincipalArn": "arn:aws:iam::111122223333:user/ops/alice"}`), Allow},
		{"context extends the derived keys",
			allowIf(`{"StringEquals": {"aws:PrincipalOrgID": "o-1"}}`, `{"arn": "*"}`, `, "context": {"aws:PrincipalOrgID": "o-1"}`), Allow},
		{"keys the engine cannot derive are missing",
			allowIf(`{"Null": {"aws:PrincipalOrgID": "true", "aws:MultiFactorAuthPresent": "true", "aws:SourceVpce": "true", "aws:TokenIssueTime": "true", "aws:SourceIp": "true", "aws:CurrentTime": "true", "aws:userid": "true"}}`, `{"arn": "*"}`, ``), Allow},
		{"context values may be numbers and booleans",
			allowIf(`{"NumericLessThan": {"s3:max-keys": 10}, "Bool": {"aws:SecureTransport": true}}`, `{"arn": "*"}`, `, "context": {"s3:max-keys": 5, "aws:SecureTransport": true}`), Allow},
		{"an organization without scps applies no SCP",
			allowIf(`{"Null": {"aws:SourceIp": "true"}}`, `{"arn": "*"}`, `, "organization": {"managementAccount": "999999999999", "rcps": [[{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"}}]]}`), Allow},
		{"a level without policies allows nothing",
			allowIf(`{"Null": {"aws:SourceIp": "true"}}`, `{"arn": "*"}`, `, "organization": {"managementAccount": "999999999999", "scps": [[]]}`), ImplicitDeny},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := decideSrc(t, tt.src).Decision; got != tt.want {
				t.Errorf("decision %s, want %s", got, tt.want)
			}
		})
	}
}

// TestMalformedValuesAreErrors checks that unknown operators and values an
// operator cannot read are errors, in the policy or in the request, never a
// silent false.
func TestMalformedValuesAreErrors(t *testing.T) {
	policyErrors := []struct{ cond, want string }{
		{`{"StringEqualz": {"aws:username": "a"}}`, `unknown condition operator "StringEqualz"`},
		{`{"ArnLike": {"aws:SourceArn": "arn:aws:sns"}}`, `"arn:aws:sns" is not an ARN`},
		{`{"ArnNotEquals": {"aws:SourceArn": "*"}}`, `"*" is not an ARN`},
		{`{"Bool": {"aws:SecureTransport": "yes"}}`, `"yes" is not true or false`},
		{`{"NumericEquals": {"s3:max-keys": "${aws:username}"}}`, `is not a number`},
		{`{"DateLessThan": {"aws:CurrentTime": "tomorrow"}}`, `is not a date`},
		{`{"IpAddress": {"aws:SourceIp": "10.0.0.0/40"}}`, `not an IP address or CIDR block`},
		{`{"BinaryEquals": {"k": "%%%"}}`, `is not base64`},
		{`{"Null": {"aws:SourceIp": "maybe"}}`, `is not true or false`},
	}
	for _, tt := range policyErrors {
		_, err := ParseScenario("s.json", []byte(allowIf(tt.cond, `{"arn": "*"}`, ``)), 1, 0)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: error %v, want %q", tt.cond, err, tt.want)
		}
	}
	requestErrors := []struct{ cond, ctx, want string }{
		{`{"Bool": {"aws:SecureTransport": "true"}}`, `{"aws:SecureTransport": "yes"}`, `"yes" is not true or false`},
		{`{"ArnLike": {"aws:SourceArn": "arn:aws:sns:*:*:t"}}`, `{"aws:SourceArn": "t"}`, `"t" is not an ARN`},
		{`{"ArnNotLike": {"aws:SourceArn": "arn:aws:sns:*:*:t"}}`, `{"aws:SourceArn": "t"}`, `"t" is not an ARN`},
		{`{"NumericLessThan": {"s3:max-keys": "10"}}`, `{"s3:max-keys": "ten"}`, `"ten" is not a number`},
		// Every value of a set is read, whatever the outcome of the others.
		{`{"ForAnyValue:NumericEquals": {"k": "1"}}`, `{"k": ["1", "x"]}`, `"x" is not a number`},
		{`{"ForAllValues:NumericEquals": {"k": "1"}}`, `{"k": ["2", "x"]}`, `"x" is not a number`},
		{`{"DateGreaterThan": {"aws:CurrentTime": "2020-01-01"}}`, `{"aws:CurrentTime": "now"}`, `"now" is not a date`},
	}
	for _, tt := range requestErrors {
		sc, err := ParseScenario("s.json", []byte(allowIf(tt.cond, `{"arn": "*"}`, `, "context": `+tt.ctx)), 1, 0)
		if err != nil {
			t.Fatalf("%s: %v", tt.cond, err)
		}
		if _, err := sc.Decide(); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s with %s: error %v, want %q", tt.cond, tt.ctx, err, tt.want)
		}
		if _, err := referenceDecide(&sc.Set, &sc.Request); err == nil {
			t.Errorf("%s with %s: the reference evaluator accepts it", tt.cond, tt.ctx)
		}
	}
}

func TestFederatedBy(t *testing.T) {
	fed := func(by, extra string) string {
		return `{"action": "s3:GetObject", "principal": {"arn": "arn:aws:sts::111122223333:federated-user/fed", "federatedBy": "` + by + `"` + extra + `}, "resource": {"arn": "*"}}`
	}
	for _, tt := range []struct{ src, want string }{
		{`{"action": "s3:GetObject", "principal": {"arn": "arn:aws:iam::111122223333:user/alice", "federatedBy": "arn:aws:iam::111122223333:user/bob"}, "resource": {"arn": "*"}}`, `applies only to federated user sessions`},
		{fed("arn:aws:iam::444455556666:user/alice", ``), `belongs to the account of the user who federated`},
		{fed("arn:aws:iam::111122223333:role/r", ``), `only an IAM user or the account root user`},
		{fed("alice", ``), `invalid federatedBy`},
	} {
		if _, err := ParseScenario("s.json", []byte(tt.src), 1, 0); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: error %v, want %q", tt.src, err, tt.want)
		}
	}
	// A session the root user federated has no identity-based policies.
	sc, err := ParseScenario("s.json", []byte(fed("arn:aws:iam::111122223333:root", `, "sessionPolicies": [], "identityPolicies": [{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "*", "Resource": "*"}}]`)), 1, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := sc.Decide(); err == nil || !strings.Contains(err.Error(), "the root user federated it") {
		t.Errorf("root-federated session with identity policies: error %v", err)
	}
}

// repeatReader yields line n times without holding the whole input.
type repeatReader struct {
	line []byte
	n    int
	off  int
}

func (r *repeatReader) Read(p []byte) (int, error) {
	if r.n == 0 {
		return 0, io.EOF
	}
	k := copy(p, r.line[r.off:])
	r.off += k
	if r.off == len(r.line) {
		r.off = 0
		r.n--
	}
	return k, nil
}

// TestRunBatchBoundedMemory streams far more scenario text than the live
// heap may grow by: memory stays bounded whatever the input size.
func TestRunBatchBoundedMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("streams 30 MB of scenarios")
	}
	policy := `{"Version": "2012-10-17", "Statement": [` + strings.Repeat(`{"Effect": "Allow", "Action": ["s3:Get*", "sqs:Send*"], "Resource": "arn:aws:s3:::b/${aws:username}/*"},`, 8) +
		`{"Effect": "Deny", "Action": "iam:*", "Resource": "*"}]}`
	line := []byte(`{"name": "n", "action": "s3:GetObject", "principal": {"arn": "arn:aws:iam::111122223333:user/alice", "identityPolicies": [` + policy + `]}, "resource": {"arn": "arn:aws:s3:::b/alice/k", "account": "111122223333"}}` + "\n")
	n := (30 << 20) / len(line)
	var ms runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&ms)
	base := ms.HeapAlloc
	var peak uint64
	count := 0
	err := RunBatch(context.Background(), &repeatReader{line: line, n: n}, BatchOptions{Workers: 2}, func(r BatchResult) error {
		if r.Err != nil || r.Result.Decision != Allow {
			return fmt.Errorf("line %d: %v %v", r.Line, r.Result.Decision, r.Err)
		}
		count++
		if count%(n/8) == 0 {
			runtime.GC()
			runtime.ReadMemStats(&ms)
			peak = max(peak, ms.HeapAlloc)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if count != n {
		t.Fatalf("%d results for %d scenarios", count, n)
	}
	input := uint64(n * len(line))
	t.Logf("input %d MB in %d scenarios; live heap %d KB before, at most %d KB during", input>>20, n, base>>10, peak>>10)
	// A few scenarios per worker are in flight; anything kept per scenario
	// (its line, its result) would add megabytes here.
	if peak > base+2<<20 {
		t.Errorf("live heap grew from %d KB to %d KB on %d MB of input: memory is not bounded", base>>10, peak>>10, input>>20)
	}
}
