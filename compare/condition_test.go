package compare

import (
	"encoding/json"
	"testing"

	"github.com/leastpriv/leastpriv/catalog"
	"github.com/leastpriv/leastpriv/eval"
	"github.com/leastpriv/leastpriv/iam"
)

// conds compiles a Condition element written as JSON.
func conds(t *testing.T, js string) []cond {
	t.Helper()
	if js == "" {
		return nil
	}
	var raw map[string]any
	if err := json.Unmarshal([]byte(js), &raw); err != nil {
		t.Fatal(err)
	}
	p := policy(t, "c.json", iam.Identity, `{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": `+js+`}`)
	cs := compileConds(p.Statements[0].Condition, true)
	markSingle(catalog.Default(), cs)
	return cs
}

func TestImplies(t *testing.T) {
	tests := []struct {
		a, b string
		want bool
	}{
		{``, ``, true},
		{`{"StringEquals": {"k:a": "x"}}`, ``, true},
		{``, `{"StringEquals": {"k:a": "x"}}`, false},
		{`{"StringEquals": {"k:a": "x"}}`, `{"StringEquals": {"K:A": ["x", "y"]}}`, true},
		{`{"StringEquals": {"k:a": ["x", "y"]}}`, `{"StringEquals": {"k:a": "x"}}`, false},
		{`{"StringEquals": {"k:a": "x"}}`, `{"StringEquals": {"k:b": "x"}}`, false},
		{`{"StringEquals": {"k:a": "x*"}}`, `{"StringLike": {"k:a": "x*"}}`, true},
		{`{"StringLike": {"k:a": "x*"}}`, `{"StringEquals": {"k:a": "x*"}}`, false},
		{`{"StringLike": {"k:a": "x/y*"}}`, `{"StringLike": {"k:a": "x/*"}}`, true},
		{`{"StringNotEquals": {"k:a": ["x", "y"]}}`, `{"StringNotEquals": {"k:a": "x"}}`, true},
		{`{"StringNotEquals": {"k:a": "x"}}`, `{"StringNotEquals": {"k:a": ["x", "y"]}}`, false},
		{`{"StringEquals": {"k:a": "x"}}`, `{"StringEqualsIfExists": {"k:a": "x"}}`, true},
		{`{"StringEqualsIfExists": {"k:a": "x"}}`, `{"StringEquals": {"k:a": "x"}}`, false},
		{`{"ForAnyValue:StringEquals": {"k:a": "x"}}`, `{"StringEquals": {"k:a": "x"}}`, false},
		{`{"ForAllValues:StringEquals": {"k:a": "x"}}`, `{"ForAllValues:StringEquals": {"k:a": ["x", "y"]}}`, true},
		{`{"StringEqualsIgnoreCase": {"k:a": "X"}}`, `{"StringEqualsIgnoreCase": {"k:a": ["x"]}}`, true},
		{`{"StringEqualsIgnoreCase": {"k:a": "X"}}`, `{"StringEquals": {"k:a": "X"}}`, false},
		{`{"NumericLessThan": {"k:n": "5"}}`, `{"NumericLessThanEquals": {"k:n": "5"}}`, true},
		{`{"NumericLessThanEquals": {"k:n": "5"}}`, `{"NumericLessThan": {"k:n": "5"}}`, false},
		{`{"NumericEquals": {"k:n": ["1", "2.0"]}}`, `{"NumericLessThan": {"k:n": "3"}}`, true},
		{`{"NumericGreaterThan": {"k:n": "1"}}`, `{"NumericGreaterThanEquals": {"k:n": "0.5"}}`, true},
		{`{"NumericGreaterThan": {"k:n": "1"}}`, `{"NumericLessThan": {"k:n": "10"}}`, false},
		{`{"DateLessThan": {"aws:CurrentTime": "2020-01-01T00:00:00Z"}}`, `{"DateLessThan": {"aws:CurrentTime": "1600000000"}}`, true},
		{`{"IpAddress": {"aws:SourceIp": "10.1.0.0/16"}}`, `{"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}}`, true},
		{`{"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}}`, `{"IpAddress": {"aws:SourceIp": "10.1.0.0/16"}}`, false},
		{`{"NotIpAddress": {"aws:SourceIp": "10.0.0.0/8"}}`, `{"NotIpAddress": {"aws:SourceIp": "10.1.0.0/16"}}`, true},
		{`{"Bool": {"aws:SecureTransport": "TRUE"}}`, `{"Bool": {"aws:SecureTransport": "true"}}`, true},
		{`{"Null": {"k:a": "true"}}`, `{"Null": {"k:a": ["true", "false"]}}`, true},
		{`{"ArnEquals": {"aws:SourceArn": "arn:aws:sns:us-east-1:1:t"}}`, `{"ArnLike": {"aws:SourceArn": "arn:aws:sns:*:1:*"}}`, true},
		{`{"ArnLike": {"aws:SourceArn": "arn:aws:sns:*:1:*"}}`, `{"StringLike": {"aws:SourceArn": "arn:aws:sns:*"}}`, true},
		{`{"StringLike": {"aws:SourceArn": "arn:aws:sns:*"}}`, `{"ArnLike": {"aws:SourceArn": "arn:aws:sns:*:1:*"}}`, false},
		{`{"StringEquals": {"k:a": "${aws:username}"}}`, `{"StringEquals": {"k:a": ["${aws:username}", "x"]}}`, true},
		{`{"StringEquals": {"k:a": "${aws:username}"}}`, `{"StringEquals": {"k:a": "alice"}}`, false},
		{`{"StringEquals": {"k:a": "x", "k:b": "y"}}`, `{"StringEquals": {"k:b": "y"}}`, true},
		{`{"BinaryEquals": {"k:b": "QUJD"}}`, `{"BinaryEquals": {"k:b": ["QUJD", "eA=="]}}`, true},
		{`{"NumericLessThan": {"k:n": "ten"}}`, `{"NumericLessThan": {"k:n": "11"}}`, false},
	}
	for _, tt := range tests {
		if got := implies(conds(t, tt.a), conds(t, tt.b)); got != tt.want {
			t.Errorf("implies(%s, %s) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
}

func TestDisjoint(t *testing.T) {
	tests := []struct {
		a, b string
		want bool
	}{
		{`{"StringEquals": {"k:a": "x"}}`, `{"StringNotEquals": {"k:a": ["x", "y"]}}`, true},
		{`{"StringEquals": {"k:a": ["x", "z"]}}`, `{"StringNotEquals": {"k:a": ["x", "y"]}}`, false},
		{`{"StringEqualsIfExists": {"k:a": "x"}}`, `{"StringNotEquals": {"k:a": "x"}}`, false},
		{`{"Bool": {"aws:SecureTransport": "true"}}`, `{"Bool": {"aws:SecureTransport": "false"}}`, true},
		// A key the catalog does not document may carry both values.
		{`{"Bool": {"k:b": "true"}}`, `{"Bool": {"k:b": "false"}}`, false},
		{`{"Bool": {"aws:MultiFactorAuthPresent": "true"}}`, `{"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}}`, true},
		{`{"BoolIfExists": {"aws:MultiFactorAuthPresent": "true"}}`, `{"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}}`, false},
		{`{"Null": {"k:a": "true"}}`, `{"StringEquals": {"k:a": "x"}}`, true},
		{`{"Null": {"k:a": "true"}}`, `{"StringNotEquals": {"k:a": "x"}}`, false},
		{`{"Null": {"k:a": "true"}}`, `{"Null": {"k:a": "false"}}`, true},
		{`{"StringEquals": {"k:a": "x"}}`, `{"StringEquals": {"k:a": "y"}}`, false},
		{`{"ForAnyValue:StringEquals": {"k:a": "x"}}`, `{"ForAnyValue:StringNotEquals": {"k:a": "x"}}`, false},
	}
	for _, tt := range tests {
		if got := disjoint(conds(t, tt.a), conds(t, tt.b)); got != tt.want {
			t.Errorf("disjoint(%s, %s) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
		if got := disjoint(conds(t, tt.b), conds(t, tt.a)); got != tt.want {
			t.Errorf("disjoint(%s, %s) = %v, want %v (swapped)", tt.b, tt.a, got, tt.want)
		}
	}
}

func TestPrincipalsWithin(t *testing.T) {
	ps := func(js string) principals {
		t.Helper()
		if js == "" {
			return compilePrincipals(nil)
		}
		p := policy(t, "p.json", iam.Resource, `{"Effect": "Deny", `+js+`, "Action": "s3:GetObject", "Resource": "*"}`)
		return compilePrincipals(p.Statements[0].Principal)
	}
	tests := []struct {
		a, b string
		want bool
	}{
		{`"Principal": {"AWS": "111122223333"}`, `"Principal": "*"`, true},
		{`"Principal": "*"`, `"Principal": {"AWS": "*"}`, true},
		{`"Principal": "*"`, `"Principal": {"AWS": "111122223333"}`, false},
		{`"Principal": {"AWS": "arn:aws:iam::111122223333:root"}`, `"Principal": {"AWS": "111122223333"}`, true},
		{`"Principal": {"AWS": "111122223333"}`, `"Principal": {"AWS": "arn:aws:iam::111122223333:root"}`, false},
		{`"Principal": {"AWS": "arn:aws:iam::111122223333:role/r"}`, `"Principal": {"AWS": "111122223333"}`, false},
		{`"Principal": {"Service": "Lambda.amazonaws.com"}`, `"Principal": {"Service": ["s3.amazonaws.com", "lambda.amazonaws.com"]}`, true},
		{`"Principal": {"Service": "lambda.amazonaws.com"}`, `"Principal": {"AWS": "*"}`, true},
		{`"Principal": {"Federated": "accounts.google.com"}`, `"Principal": {"Federated": "*"}`, true},
		{`"NotPrincipal": {"AWS": "111122223333"}`, `"NotPrincipal": {"AWS": "111122223333"}`, true},
		{`"NotPrincipal": {"AWS": "111122223333"}`, `"Principal": {"AWS": "111122223333"}`, false},
		{``, `"Principal": {"AWS": "111122223333"}`, false},
		{`"Principal": {"AWS": "111122223333"}`, ``, true},
	}
	for _, tt := range tests {
		if got := ps(tt.a).within(ps(tt.b)); got != tt.want {
			t.Errorf("(%s).within(%s) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
}

// condFamilies are operators with policy values and request values to try,
// for FuzzConditionReasoning.
var condFamilies = []struct {
	ops       []string
	values    []string // policy values
	requested []string // request values
}{
	{[]string{"StringEquals", "StringNotEquals", "StringLike", "StringNotLike", "StringEqualsIgnoreCase", "StringNotEqualsIgnoreCase"},
		[]string{"a", "ab", "a*", "*b", "A", "?", "${aws:username}", "b${aws:username}"}, []string{"a", "ab", "A", "b", "alice", "balice", "*"}},
	{[]string{"NumericEquals", "NumericNotEquals", "NumericLessThan", "NumericLessThanEquals", "NumericGreaterThan", "NumericGreaterThanEquals"},
		[]string{"1", "2", "2.5", "-1", "3"}, []string{"1", "2", "2.5", "0", "3", "-1"}},
	{[]string{"DateLessThan", "DateGreaterThanEquals", "DateEquals", "DateNotEquals"},
		[]string{"2020-01-01T00:00:00Z", "2021-06-01", "1600000000"}, []string{"2019-12-31T00:00:00Z", "2020-01-01T00:00:00Z", "2022-01-01T00:00:00Z"}},
	{[]string{"IpAddress", "NotIpAddress"}, []string{"10.0.0.0/8", "10.1.0.0/16", "10.1.2.3", "192.168.0.0/16"}, []string{"10.1.2.3", "10.2.0.1", "192.168.1.1"}},
	{[]string{"Bool"}, []string{"true", "false", "TRUE"}, []string{"true", "false"}},
	{[]string{"ArnLike", "ArnNotLike", "ArnEquals", "ArnNotEquals"},
		[]string{"arn:a:s:r:1:x*", "arn:a:s:*:1:x", "arn:*:s:r:1:*", "arn:a:s:r:1:x"}, []string{"arn:a:s:r:1:xy", "arn:a:s:r:1:x", "arn:a:s:q:1:x", "arn:a:s:r:2:x"}},
	{[]string{"Null"}, []string{"true", "false"}, nil},
}

// FuzzConditionReasoning checks the comparison's reasoning about
// conditions against the engine: for two conditions on one key (any
// operator family, set qualifier and IfExists) and a request, when the
// first implies the second, a request that passes the first passes the
// second; when they contradict, no request passes both.
func FuzzConditionReasoning(f *testing.F) {
	f.Add([]byte{0, 0, 1, 0, 0, 2, 1, 0}, []byte{1, 2})
	f.Add([]byte{3, 1, 0, 0, 0, 3, 1, 2}, []byte{0})
	f.Add([]byte{0, 1, 3, 0, 6, 0, 0, 0}, []byte{})
	f.Add([]byte{1, 2, 0, 1, 1, 3, 0, 1}, []byte{4, 0})
	f.Add([]byte{4, 0, 0, 0, 0, 0, 0, 4, 0, 0, 0, 0, 1, 0, 1}, []byte{1}) // Bool true, Bool false of a single-valued key
	cat := catalog.Default()
	f.Fuzz(func(t *testing.T, spec, request []byte) {
		at := func(i int) int {
			if i < len(spec) {
				return int(spec[i])
			}
			return 0
		}
		cond := func(o int) (string, []string) {
			fam := condFamilies[at(o)%len(condFamilies)]
			op := fam.ops[at(o+1)%len(fam.ops)]
			switch at(o+2) % 4 {
			case 1:
				op = "ForAnyValue:" + op
			case 2:
				op = "ForAllValues:" + op
			}
			if at(o+3)%3 == 1 && op != "Null" {
				op += "IfExists"
			}
			var vals []string
			for i := range 1 + at(o+4)%2 {
				vals = append(vals, fam.values[(at(o+5)+i*at(o+6))%len(fam.values)])
			}
			return op, vals
		}
		opA, valsA := cond(0)
		opB, valsB := cond(7)
		// The key: one the catalog does not know, or a single-valued one
		// (the request then has at most one value).
		key := "k:v"
		if at(14)%2 == 1 {
			key = "aws:SecureTransport"
		}
		// The request: the key absent, or one to three values of the
		// families of the two conditions.
		var ctx map[string][]string
		if len(request) > 0 {
			var req []string
			for i, b := range request {
				if i == 3 {
					break
				}
				fam := condFamilies[at(i*7%14)%len(condFamilies)]
				if len(fam.requested) > 0 {
					req = append(req, fam.requested[int(b)%len(fam.requested)])
				}
			}
			if key != "k:v" && len(req) > 1 {
				return
			}
			ctx = map[string][]string{key: req}
		}
		evalCond := func(op string, vals []string) (*iam.Policy, bool, bool) {
			doc, _ := json.Marshal(map[string]any{"Version": "2012-10-17", "Statement": []any{map[string]any{"Effect": "Allow", "Action": "foo:Bar", "Resource": "*",
				"Condition": map[string]any{op: map[string]any{key: vals}}}}})
			p, diags := iam.Parse("p.json", doc, iam.ParseOptions{Type: iam.Identity})
			if diags.HasErrors() {
				return nil, false, false
			}
			cp, _ := eval.Compile(p, "p.json")
			if cp == nil {
				return nil, false, false
			}
			res, err := eval.Decide(&eval.Set{Identity: []*eval.Policy{cp}}, &eval.Request{Action: "foo:Bar",
				Principal: eval.Principal{ARN: "arn:aws:iam::111122223333:user/alice"}, Resource: "*", Context: ctx})
			if err != nil {
				return nil, false, false // a request value the operator cannot read
			}
			return p, res.Decision == eval.Allow, true
		}
		pa, inA, okA := evalCond(opA, valsA)
		pb, inB, okB := evalCond(opB, valsB)
		if !okA || !okB {
			return
		}
		ca := compileConds(pa.Statements[0].Condition, true)
		cb := compileConds(pb.Statements[0].Condition, true)
		markSingle(cat, ca)
		markSingle(cat, cb)
		if implies(ca, cb) && inA && !inB {
			t.Fatalf("%s %q implies %s %q, but the request %v passes the first only", opA, valsA, opB, valsB, ctx)
		}
		if disjoint(ca, cb) && inA && inB {
			t.Fatalf("%s %q and %s %q contradict, but the request %v passes both", opA, valsA, opB, valsB, ctx)
		}
	})
}
