package iamrules

import (
	"fmt"
	"testing"

	"github.com/leastpriv/leastpriv/eval"
	"github.com/leastpriv/leastpriv/iam"
)

// TestWildcardConditionOutcomes checks wildcardCondition against the
// evaluation engine: for every StringLike / StringNotLike operator (each set
// qualifier, with and without IfExists) tested against "*", the condition
// decides as the outcome says for a request without the key, with one value
// and with two.
func TestWildcardConditionOutcomes(t *testing.T) {
	seen := map[wildcardOutcome]bool{}
	for _, q := range []string{"", "ForAllValues:", "ForAnyValue:"} {
		for _, base := range []string{"StringLike", "StringNotLike"} {
			for _, ifExists := range []string{"", "IfExists"} {
				name := q + base + ifExists
				src := fmt.Sprintf(`{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {%q: {"aws:TagKeys": ["x", "*"]}}}]}`, name)
				pol, ds := iam.Parse("p.json", []byte(src), iam.ParseOptions{Type: iam.Identity})
				if ds.HasErrors() {
					t.Fatalf("%s: %v", name, ds)
				}
				b := pol.Statements[0].Condition.Blocks[0]
				got := wildcardCondition(b.Operator, b.Entries[0])
				seen[got] = true
				compiled, cds := eval.Compile(pol, "p")
				if cds.HasErrors() {
					t.Fatalf("%s: %v", name, cds)
				}
				decide := func(ctx map[string][]string) bool {
					res, err := eval.Decide(&eval.Set{Identity: []*eval.Policy{compiled}}, &eval.Request{
						Action: "s3:GetObject", Principal: eval.Principal{ARN: "arn:aws:iam::111122223333:user/alice"},
						Resource: "arn:aws:s3:::b/k", ResourceAccount: "111122223333", Context: ctx})
					if err != nil {
						t.Fatalf("%s: %v", name, err)
					}
					return res.Decision == eval.Allow
				}
				absent := decide(nil)
				one := decide(map[string][]string{"aws:TagKeys": {"a"}})
				two := decide(map[string][]string{"aws:TagKeys": {"a", "b"}})
				if one != two {
					t.Fatalf("%s: one value %v, two values %v", name, one, two)
				}
				want := map[[2]bool]wildcardOutcome{
					{false, true}: wildcardPresent, {true, false}: wildcardAbsent,
					{true, true}: wildcardAlways, {false, false}: wildcardNever,
				}[[2]bool{absent, one}]
				if got != want {
					t.Errorf("%s: wildcardCondition = %d, engine says %d (absent %v, present %v)", name, got, want, absent, one)
				}
			}
		}
	}
	for _, o := range []wildcardOutcome{wildcardPresent, wildcardAbsent, wildcardAlways, wildcardNever} {
		if !seen[o] {
			t.Errorf("outcome %d never produced", o)
		}
	}
	// Values without a run of stars, and other operators, are not wildcard
	// conditions.
	for _, src := range []string{`{"StringLike": {"aws:TagKeys": "a*"}}`, `{"StringEquals": {"aws:TagKeys": "*"}}`, `{"ArnLike": {"aws:SourceArn": "*"}}`} {
		pol, _ := iam.Parse("p.json", []byte(`{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": `+src+`}]}`), iam.ParseOptions{})
		b := pol.Statements[0].Condition.Blocks[0]
		if got := wildcardCondition(b.Operator, b.Entries[0]); got != wildcardNone {
			t.Errorf("%s: %d, want none", src, got)
		}
	}
}
