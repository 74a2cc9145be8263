package access

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/leastpriv/leastpriv/catalog"
)

func TestMeasure(t *testing.T) {
	c := catalog.Default()
	type want struct {
		Actions, Broad, Score int
		Levels                string
	}
	tests := []struct {
		name  string
		stmts string
		want  want
	}{
		{"one read on one object", `{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/k"}`,
			want{1, 0, 2, "Read 1"}},
		{"everywhere doubles", `{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}`,
			want{1, 1, 4, "Read 1"}},
		{"a condition does not double", `{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {"Bool": {"aws:SecureTransport": "true"}}}`,
			want{1, 0, 2, "Read 1"}},
		{"levels weigh", `{"Effect": "Allow", "Action": ["s3:ListBucket", "s3:PutObject", "s3:PutBucketPolicy", "s3:PutObjectTagging"], "Resource": "arn:aws:s3:::b*"}`,
			want{4, 0, 1 + 3 + 5 + 2, "List 1, Write 1, Permissions management 1, Tagging 1"}},
		{"union, each action once", `{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/k"}, {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}`,
			want{1, 1, 4, "Read 1"}},
		{"resources that do not apply count nothing", `{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "arn:aws:s3:::b"}`,
			want{0, 0, 0, "none"}},
		{"denies are not subtracted", `{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}, {"Effect": "Deny", "Action": "s3:GetObject", "Resource": "*"}`,
			want{1, 1, 4, "Read 1"}},
		{"NotResource is everywhere", `{"Effect": "Allow", "Action": "sts:GetCallerIdentity", "NotResource": "arn:aws:s3:::b"}`,
			want{1, 1, 4, "Read 1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := Measure(c, mustParse(t, `{"Version": "2012-10-17", "Statement": [`+tt.stmts+`]}`))
			got := want{s.Actions, s.Broad, s.Score, s.Levels.String()}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Measure (-want +got):\n%s", diff)
			}
			n := 0
			for _, svc := range s.ServiceNames() {
				n += s.Services[svc].Total()
			}
			if n != s.Actions {
				t.Errorf("services hold %d actions, total %d", n, s.Actions)
			}
		})
	}
}

func TestMeasureSeveralPolicies(t *testing.T) {
	c := catalog.Default()
	a := mustParse(t, `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}`)
	b := mustParse(t, `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:GetObject", "sqs:SendMessage"], "Resource": "*"}]}`)
	s := Measure(c, a, b)
	if s.Actions != 2 || s.ServiceNames()[0] != "s3" || s.ServiceNames()[1] != "sqs" {
		t.Errorf("Measure(a, b) = %+v", s)
	}
	if got := CompareSizes(Measure(c, a), s); got != "+1 actions (Write +1), score +6" {
		t.Errorf("CompareSizes = %q", got)
	}
	if got := CompareSizes(s, s); got != "0 actions, score 0" {
		t.Errorf("CompareSizes of equal sizes = %q", got)
	}
	if got := Measure(c).String(); got != "0 actions (none), score 0" {
		t.Errorf("empty Size = %q", got)
	}
}
