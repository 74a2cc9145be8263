// Package iam parses, checks and formats AWS IAM policy documents: identity,
// resource, trust, service control (SCP), resource control (RCP),
// permissions-boundary and session policies.
//
// [Parse] is strict. It accepts only RFC 8259 JSON and only what IAM accepts:
// duplicate keys at any level, keys that differ only by case, unknown or
// misspelled elements, wrong types, null, empty arrays and strings where IAM
// forbids them, conflicting or missing elements, invalid Version and Effect
// values, Principal elements the policy type does not allow, unknown
// condition operators and characters outside IAM's character set are all
// reported, each as a [diag.Diagnostic] with its position, its JSON Pointer
// and a code from [Codes] (IAM Access Analyzer's code where it has the same
// check). Parse reports every problem it finds and still returns the best
// policy it can build. ParseOptions.Legacy reproduces what AWS does with
// policies stored before its parser became strict.
//
// Every node of the resulting [Policy] keeps the source range of its value,
// so that linters and evaluators can point at the exact text.
//
// Policies embedded in other documents (CloudFormation templates, Terraform
// plans, scenario files) are parsed in two steps: their own reader builds a
// jsonpos.Value tree with the positions it knows, and [ParseValue] checks it.
//
// [Format] prints a policy in canonical form; Parse(Format(p)) gives back p,
// and Format is idempotent.
package iam
