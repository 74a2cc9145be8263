// Package eval decides AWS IAM requests offline, exactly as AWS documents
// its policy evaluation logic: identity-based policies, resource-based
// policies (same-account union and cross-account intersection), permissions
// boundaries, session policies, service and resource control policies,
// role trust and KMS key policies, and the account root user.
//
// Policies are compiled once ([Compile]) and evaluated many times
// ([Decide]); compiled policies are immutable and safe for concurrent use. A
// [Result] carries the decision and its reasons: every statement that
// matched (policy, Sid, index, source range) and, for an implicit deny, the
// policy type that lacked an Allow.
//
//	pol, diags := eval.Compile(parsed, "policy.json")
//	res, err := eval.Decide(&eval.Set{Identity: []*eval.Policy{pol}}, &eval.Request{
//		Action:    "s3:GetObject",
//		Principal: eval.Principal{ARN: "arn:aws:iam::111122223333:user/alice"},
//		Resource:  "arn:aws:s3:::bucket/key",
//		ResourceAccount: "111122223333",
//	})
//
// Three wildcard rules coexist in IAM and are implemented separately: Action
// patterns are case-insensitive globs; Resource patterns match per
// colon-separated segment, where a segment-final '*' may cross colons;
// ArnLike matches the six ARN components separately; StringLike ignores
// colons. Values substituted for policy variables are always literal.
//
// The package [Scenario] type and [DecodeScenario] read the scenario format
// of "leastpriv simulate"; [RunBatch] evaluates a stream of scenarios in
// parallel and writes results in input order.
package eval
