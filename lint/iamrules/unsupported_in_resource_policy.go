package iamrules

import (
	"strings"

	"github.com/leastpriv/leastpriv/diag"
	"github.com/leastpriv/leastpriv/iam"
	"github.com/leastpriv/leastpriv/internal/glob"
	"github.com/leastpriv/leastpriv/lint"
)

// resourceKind returns what the resource policy of p is attached to, when
// its container says (--container bucket, a template's AWS::S3::BucketPolicy).
func resourceKind(p *lint.Pass) (lint.ResourceKind, bool) {
	if p.Input == nil {
		return lint.ResourceKind{}, false
	}
	return lint.ResourceKindOf(p.Input.Container)
}

// serviceCanBe reports whether the service field of an action or ARN
// pattern (with '*' and '?', and placeholders) can name service.
func serviceCanBe(field, service string) bool {
	return glob.MatchFold(lint.Pattern(field), service)
}

// UnsupportedActionInPolicy reports actions of another service in the
// policy of a resource.
var UnsupportedActionInPolicy = &lint.Rule{
	Code:     "UNSUPPORTED_ACTION_IN_POLICY",
	Severity: diag.Error,
	Title:    "action of another service in a resource's policy",
	Doc: `A resource policy controls access to the resource it is attached to, so its
actions must be that resource's service's: KMS actions in an S3 bucket policy,
or S3 actions in a queue policy, never apply (the service rejects most such
policies). The resource is known from the container: --container
bucket|key|queue|topic|secret|repository|function, or the template resource
that holds the policy (AWS::S3::BucketPolicy, aws_sqs_queue_policy, ...).`,
	Hint:             "remove the action, or move it to a policy of that service's resource or to an identity policy",
	Source:           srcAA,
	URLs:             []string{aaChecks, "https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_identity-vs-resource.html"},
	Bad:              `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": ["s3:GetObject", "kms:Decrypt"], "Resource": "arn:aws:s3:::reports/*"}]}`,
	Good:             `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::reports/*"}]}`,
	ExampleType:      iam.Resource,
	ExampleContainer: lint.BucketPolicy,
	Types:            []iam.Type{iam.Resource},
	Run: func(p *lint.Pass) {
		kind, ok := resourceKind(p)
		if !ok {
			return
		}
		for _, st := range p.Policy.Statements {
			if st.Action == nil || st.Action.Not {
				continue
			}
			for _, v := range st.Action.Values {
				svc, _, found := strings.Cut(v.Value, ":")
				if !found || p.Placeholder(v.Range) || serviceCanBe(svc, kind.Service) {
					continue
				}
				p.Reportf(v.Range, v.Path, "%s is not a %s action: the policy of an %s cannot grant or deny it", v.Value, kind.Service, kind.Type)
			}
		}
	},
}

// UnsupportedResourceARNInPolicy reports resource ARNs of another service
// in the policy of a resource.
var UnsupportedResourceARNInPolicy = &lint.Rule{
	Code:     "UNSUPPORTED_RESOURCE_ARN_IN_POLICY",
	Severity: diag.Error,
	Title:    "resource ARN of another service in a resource's policy",
	Doc: `A resource policy applies to the resource it is attached to (and, for S3,
its objects): its Resource element can only name that service's resources.
A KMS key ARN in an S3 bucket policy matches nothing. The resource is known
from the container (--container, or the template resource that holds the
policy).`,
	Hint:             `name the resource the policy is attached to, or "*"`,
	Source:           srcAA,
	URLs:             []string{aaChecks, resourceDoc},
	Bad:              `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "s3:GetObject", "Resource": ["arn:aws:s3:::reports/*", "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"]}]}`,
	Good:             `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::reports/*"}]}`,
	ExampleType:      iam.Resource,
	ExampleContainer: lint.BucketPolicy,
	Types:            []iam.Type{iam.Resource},
	Run: func(p *lint.Pass) {
		kind, ok := resourceKind(p)
		if !ok {
			return
		}
		arnValues(p, func(v *iamString, a arn) {
			if a.N < 3 || p.Placeholder(v.Range) || serviceCanBe(a.Service, kind.Service) {
				return
			}
			p.Reportf(v.Range, v.Path, "%s is a resource of service %s, not %s: the policy of an %s cannot name it", v.Value, a.Service, kind.Service, kind.Type)
		})
	},
}
