package compare

import (
	"encoding/json"
	"testing"

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
	return compileConds(p.Statements[0].Condition, true)
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
