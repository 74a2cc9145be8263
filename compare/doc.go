// Package compare compares what IAM policies allow, offline and soundly:
// [Diff] lists, action by action, what one set of policies allows that
// another does not (and the reverse), and the checks [NoNewAccess],
// [AccessNotGranted] and [NoPublicAccess] answer PASS or FAIL with the
// semantics of IAM Access Analyzer's custom policy checks
// (https://docs.aws.amazon.com/access-analyzer/latest/APIReference/API_CheckNoNewAccess.html,
// https://docs.aws.amazon.com/access-analyzer/latest/APIReference/API_CheckAccessNotGranted.html,
// https://docs.aws.amazon.com/access-analyzer/latest/APIReference/API_CheckNoPublicAccess.html):
// "If the result is PASS, no new access is allowed by the updated policy.
// If the result is FAIL, the updated policy might allow new access." [Drift]
// tells which actions a policy's wildcards match now that they did not in
// an older catalog.
//
// # What is compared
//
// A side is a set of policies of one type; it allows a request when one of
// its Allow statements matches it and none of its Deny statements does. A
// request is an action, a resource, a principal and a request context. For
// every action of the catalog (22,000, handled as bitsets), the engine
// collects each side's statements that match the action (wildcards and
// NotAction expanded against the catalog) and whose resources can match
// one of the action's resources: its ARN formats in the catalog, plus "*"
// for actions with no required resource type. Then it decides
// containment, twice:
//
//   - in the sound reading of the ARN formats, where a ${Placeholder} of
//     the resource part stands for any text (those of the partition,
//     region and account hold no colon), which the guarantee rests on;
//   - and, for what it finds there, in the precise reading, where a
//     placeholder holds no colon unless AWS documents that its value can
//     (glob.ColonPlaceholders: S3 object keys, IAM paths, ...). A '*' that
//     ends a component of a pattern matches across colons, so
//     "arn:aws:ec2:*:*:instance/*" would match a volume whose ID were
//     "x:instance/y"; volume IDs hold no colon. What only the sound reading
//     finds is reported as such (Change.ColonOnly, CheckReason.ColonOnly,
//     with an example name): no real request is expected to get it, but
//     NewAccess, NewGrants and the checks count it. Diff's other changes,
//     Result.Unchanged and the sizes (access.Measure) are those of the
//     precise reading, so that they agree with "leastpriv explain".
//
// Containment is decided this way:
//
//   - Resources are languages of strings. Resource patterns are read as
//     the engine reads them (package eval): '*' and '?' stay within a
//     colon-separated segment except a '*' that ends one; NotResource is
//     a complement; a policy variable is an opaque value, equal only to
//     itself among patterns, and to any part of an ARN of the catalog
//     ("arn:aws:iam::${aws:PrincipalAccount}:role/x" names roles).
//     Inclusion of unions, complements and differences of such patterns
//     is decided exactly by an automaton (internal/glob), which also
//     yields a counterexample ("arn:aws:s3:::other").
//   - Conditions are compared per key: one condition implies another when
//     the keys, set qualifiers and negation agree, the key-missing case
//     implies, and the values are included (string and ARN patterns as
//     languages, numbers and dates as intervals, IP ranges as prefixes,
//     IgnoreCase and Bool under ASCII folding); a statement's conditions
//     imply another's when each of the latter follows from one of the
//     former. Two conditions contradict when one tests values the other
//     excludes, or Null says a key is absent that the other needs.
//   - Principals compare by value ("*" covers all; an account ID covers the
//     account's root ARN; service principals ignore case).
//   - Deny statements of the side that must be no larger are taken away
//     only where they apply to every request of the statement at hand
//     (conditions implied); those of the other side must be matched by an
//     equal or larger deny, or provably miss the statement's requests.
//
// Every step over-approximates the side that must be included and
// under-approximates the other, so "no new access" is only ever answered
// when it holds (like Zelkova, the answer may be "not proven", never a
// wrong PASS). What cannot be proven is reported with its cause: wider
// resources (with an example), conditions or principals that depend on
// the request ("conditional"), a deny the other side has, or patterns too
// complex for the automaton's bound.
//
// For Diff, a Deny statement of OLD that NEW does not match with a Deny at
// least as large is new access too (DenyRemoved), even where neither side
// allows anything: a policy's Deny statements also block what other
// policies allow (another identity policy, a resource policy, the account's
// root user), and dropping a guardrail such as "deny iam:* without MFA" is
// a change reviewers must see. NoNewAccess, like Access Analyzer, compares
// only what the policies themselves let through (Result.NewGrants): an
// identity policy's reference may be "allow everything but these actions on
// these resources", which a policy without that Deny passes as long as it
// allows none of them. (A resource-based policy's Deny also blocks the
// resource owner's account, which needs no Allow: dropping it is new
// access for NoNewAccess too.)
//
// Actions outside the catalog are compared symbolically: an Allow
// statement's wildcards, NotAction and unknown names must lie within the
// action patterns of statements of the other side that cover its
// resources, conditions and principals. So "s3:Get*" against a list of
// every s3:Get action of today is new access (a Future change): it grants
// what AWS adds tomorrow.
//
// # Assumptions
//
// Requests name resources in the action's formats from the catalog, or
// "*" (as the IAM console's policy summary assumes); which names hold a
// colon is a curated list (glob.ColonPlaceholders), so a name with a colon
// it misses moves a change to the ColonOnly ones, never out of the
// result; a condition key the
// catalog documents as single-valued carries at most one value in a
// request. Comparisons are per policy type: give both sides policies of
// the same type (several identity policies of one principal are a union).
// Cross-account and organization-level interplay (an SCP limiting an
// identity policy) is not modelled: compare SCPs with SCPs. Principals
// compare as written: a role is not within its account (naming the role
// grants in the same account without an identity policy, naming the
// account does not), where Access Analyzer would say it is.
//
// The property tests cross-check every claim against the evaluation
// engine: for generated pairs of policies, no request a Diff or
// NoNewAccess claim covers is allowed by NEW and denied by OLD according
// to eval.Decide (in the sound reading; and, for an action whose only new
// access is ColonOnly, no request on a name of the precise reading); the
// example names of ColonOnly changes are in the sound reading only; no
// request AccessNotGranted rules out is allowed; and no outsider is
// allowed anything by a policy NoPublicAccess passes. FuzzDiffSound and
// FuzzConditionReasoning extend them. TestMeasureAgreesWithDiff checks
// that, for every AWS managed policy, the actions access.Measure counts
// are those Diff finds the policy adds to nothing in the precise reading.
package compare
