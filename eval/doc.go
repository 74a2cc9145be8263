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
// [ParseScenario] reads the scenario format of "leastpriv simulate";
// [RunBatch] evaluates a stream of scenarios in parallel and emits results
// in input order with bounded memory.
//
// # Where AWS is silent
//
// Each choice below is pinned by a case of testdata/conformance that says so:
//
//   - A Resource '*' that is not last in its colon-separated segment stays
//     within that segment (AWS: wildcards match "within the individual
//     segments"); a segment-final '*' may cross colons.
//   - A NotResource value whose policy variable has no value voids the
//     statement ("If AWS cannot resolve a variable this might cause the
//     entire statement to be invalid").
//   - A Principal "*" grant in a resource policy reaches the caller directly,
//     like naming its own ARN: boundaries and session policies do not limit
//     it (AWS documents this for "*" with an aws:PrincipalArn condition).
//   - The root user cannot have identity policies or a boundary, and a
//     service principal none either: giving them is an error.
//   - RCPs apply to services the catalog marks as supporting them, and to
//     services the catalog does not know (they can only deny).
//   - A role session's aws:PrincipalArn is the role ARN without its path,
//     which the session ARN does not carry; pass the full ARN in context when
//     a policy tests the path.
//   - The SQS actions whose cross-account permissions "don't apply" are
//     allowed only to principals of the queue's account: anonymous callers
//     and service principals are outside it too.
//   - A key ARN does not say whether AWS manages the key, and RCPs "do not
//     apply to AWS managed keys": leave "rcps" out of a scenario about one.
//   - An ArnLike or ArnEquals value without the six ARN components is an
//     error, in a policy or in the request, rather than a silent mismatch.
//   - A federated user session created by the root user (principal
//     federatedBy) has the root user's full access, narrowed by its session
//     policies.
//
// The differential test against @cloud-copilot/iam-simulate lists where that
// tool decides otherwise and the AWS text that settles each case.
//
// # Parity with the IAM policy simulator
//
// AWS's policy simulator (access_policies_testing-policies.html) covers a
// subset of what this engine decides: it does not simulate resource-based
// policies for roles, cross-account requests, session policies or more than
// one permissions boundary, and it reads request context only from its
// input. The engine evaluates identity, resource, trust, key, boundary,
// session, SCP and RCP policies together, same- and cross-account; like the
// simulator it makes no real request, so context keys it cannot derive
// (aws:SourceIp, aws:PrincipalOrgID, aws:CurrentTime, ...) are missing
// unless a scenario gives them. When AWS is used as an oracle, use the
// simulator only inside its envelope.
package eval
