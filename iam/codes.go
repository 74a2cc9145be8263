package iam

import (
	"github.com/leastpriv/leastpriv/diag"
	"github.com/leastpriv/leastpriv/internal/jsonpos"
)

// The diagnostic codes of policy parsing. Where IAM Access Analyzer's
// ValidatePolicy has a check for the same problem, the code is Access
// Analyzer's issue code (see [CodeInfo.AccessAnalyzer]); the others are
// leastpriv's own, in the same style.
//
// Access Analyzer reports some of these problems as suggestions (an empty
// Action array, an empty Condition object, ...); the parser rejects them,
// because an empty NotAction or NotResource list matches everything and an
// empty list anywhere else is almost always a generation bug. [Codes] gives
// the severity the parser uses.
const (
	CodeJSONSyntax    = jsonpos.CodeSyntax   // JSON_SYNTAX_ERROR
	CodeTooDeep       = jsonpos.CodeTooDeep  // NESTING_TOO_DEEP
	CodeTooLarge      = jsonpos.CodeTooLarge // DOCUMENT_TOO_LARGE
	CodeWrongType     = "DATA_TYPE_MISMATCH"
	CodeNull          = "NULL_VALUE"
	CodeEmptyValue    = "EMPTY_VALUE"
	CodeInvalidChar   = "INVALID_CHARACTER"
	CodeDuplicateKey  = "DUPLICATE_KEY"
	CodeDuplicateCase = "DUPLICATE_KEYS_WITH_DIFFERENT_CASE"
	CodeLegacyMerge   = "LEGACY_DUPLICATE_ELEMENT"
	CodeInvalidElem   = "INVALID_POLICY_ELEMENT"

	CodeInvalidVersion   = "INVALID_VERSION"
	CodeMissingStatement = "MISSING_STATEMENT"
	CodeMissingEffect    = "MISSING_EFFECT"
	CodeInvalidEffect    = "INVALID_EFFECT"
	CodeMissingAction    = "MISSING_ACTION"
	CodeMissingResource  = "MISSING_RESOURCE"
	CodeMissingPrincipal = "MISSING_PRINCIPAL"
	CodeCombination      = "UNSUPPORTED_ELEMENT_COMBINATION"
	CodeEmptyAction      = "EMPTY_ARRAY_ACTION"
	CodeEmptyResource    = "EMPTY_ARRAY_RESOURCE"

	CodeUnsupportedPrincipal = "UNSUPPORTED_PRINCIPAL"
	CodeSCPPrincipal         = "SCP_SYNTAX_ERROR_PRINCIPAL"
	CodeRCPPrincipal         = "RCP_SYNTAX_ERROR_PRINCIPAL"
	CodeTrustNotPrincipal    = "ROLE_TRUST_POLICY_SYNTAX_ERROR_NOTPRINCIPAL"
	CodeTrustResource        = "ROLE_TRUST_POLICY_SYNTAX_ERROR_RESOURCE"
	CodeAllowNotPrincipal    = "ALLOW_WITH_NOT_PRINCIPAL"
	CodePrincipalFormat      = "INVALID_PRINCIPAL_FORMAT"
	CodePrincipalKey         = "INVALID_PRINCIPAL_KEY"
	CodeEmptyPrincipal       = "EMPTY_ARRAY_PRINCIPAL"
	CodeEmptyPrincipalObject = "EMPTY_OBJECT_PRINCIPAL"

	CodeUnsupportedSid  = "UNSUPPORTED_SID"
	CodeUniqueSids      = "UNIQUE_SIDS_REQUIRED"
	CodeUniqueSidsAdvis = "UNIQUE_SIDS_RECOMMENDED"

	CodeInvalidOperator     = "INVALID_CONDITION_OPERATOR"
	CodeNullIfExists        = "NULL_WITH_IF_EXISTS"
	CodeEmptyCondition      = "EMPTY_OBJECT_CONDITION"
	CodeEmptyCondArray      = "EMPTY_ARRAY_CONDITION"
	CodeEmptyCondArrayAll   = "EMPTY_ARRAY_CONDITION_FORALLVALUES"
	CodeEmptyCondArrayAny   = "EMPTY_ARRAY_CONDITION_FORANYVALUE"
	CodeEmptyCondArrayIfExs = "EMPTY_ARRAY_CONDITION_IFEXISTS"
)

// CodeInfo documents one diagnostic code.
type CodeInfo struct {
	Code     string
	Severity diag.Severity // as the parser reports it
	// AccessAnalyzer is true for IAM Access Analyzer ValidatePolicy issue
	// codes (https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html).
	AccessAnalyzer bool
	Summary        string
	// Aliases are codes this parser reported for the same problem before it
	// adopted Access Analyzer's spelling; tools that name codes (lint's
	// configuration, --disable, --explain) accept them.
	Aliases []string
}

// Codes lists every code the parser reports, in the order of the
// constants. The linter reuses this table for its own documentation.
var Codes = []CodeInfo{
	{CodeJSONSyntax, diag.Error, true, "not strict RFC 8259 JSON (comments, trailing commas, single quotes, NaN, BOM, invalid UTF-8, lone surrogates, trailing data, ...)", nil},
	{CodeTooDeep, diag.Error, false, "arrays and objects nested beyond the depth limit (64 by default)", nil},
	{CodeTooLarge, diag.Error, false, "document larger than the size cap (1 MiB by default)", nil},
	{CodeWrongType, diag.Error, true, "an element has the wrong JSON type (\"Action\": 5, \"Statement\": \"x\", top level not an object)", []string{"WRONG_TYPE"}},
	{CodeNull, diag.Error, false, "null where IAM expects a value (\"Effect\": null)", nil},
	{CodeEmptyValue, diag.Error, false, "empty string or array where IAM needs a value (\"Resource\": \"\", \"Statement\": [])", nil},
	{CodeInvalidChar, diag.Error, false, "character outside IAM's set (tab, LF, CR, U+0020-U+00FF), or a control character; a warning in resource policies", nil},
	{CodeDuplicateKey, diag.Error, false, "the same key twice in one object (in legacy mode: Effect, Action, Resource and their Not forms are merged instead)", nil},
	{CodeDuplicateCase, diag.Error, true, "keys that differ only by case (Effect and effect; condition keys, which IAM compares case-insensitively)", nil},
	{CodeLegacyMerge, diag.Warning, false, "legacy mode merged a duplicated Effect (last wins) or Action/Resource list (union), as AWS does for old stored policies", nil},
	{CodeInvalidElem, diag.Error, true, "unknown element (\"Condtion\", \"Resources\"), or an element the policy type does not allow", nil},
	{CodeInvalidVersion, diag.Error, true, "Version is not \"2012-10-17\" or \"2008-10-17\"", nil},
	{CodeMissingStatement, diag.Error, true, "no Statement element", nil},
	{CodeMissingEffect, diag.Error, true, "statement without Effect", nil},
	{CodeInvalidEffect, diag.Error, true, "Effect is not \"Allow\" or \"Deny\"", nil},
	{CodeMissingAction, diag.Error, true, "statement without Action or NotAction", nil},
	{CodeMissingResource, diag.Error, true, "statement without Resource or NotResource (all types but trust policies)", nil},
	{CodeMissingPrincipal, diag.Error, true, "resource, trust or RCP statement without Principal or NotPrincipal", nil},
	{CodeCombination, diag.Error, true, "both Action and NotAction, Resource and NotResource, or Principal and NotPrincipal", nil},
	{CodeEmptyAction, diag.Error, true, "Action or NotAction is an empty array (Access Analyzer: suggestion)", nil},
	{CodeEmptyResource, diag.Error, true, "Resource or NotResource is an empty array (Access Analyzer: suggestion)", nil},
	{CodeUnsupportedPrincipal, diag.Error, true, "Principal or NotPrincipal in a policy type that has none (identity, boundary, session), or NotPrincipal where unsupported", nil},
	{CodeSCPPrincipal, diag.Error, true, "Principal or NotPrincipal in a service control policy", nil},
	{CodeRCPPrincipal, diag.Error, true, "a resource control policy's Principal other than \"*\", or a NotPrincipal in one", nil},
	{CodeTrustNotPrincipal, diag.Error, true, "NotPrincipal in a role trust policy", nil},
	{CodeTrustResource, diag.Error, true, "Resource or NotResource in a role trust policy", nil},
	{CodeAllowNotPrincipal, diag.Error, true, "NotPrincipal with \"Effect\": \"Allow\" (Access Analyzer: security warning; AWS does not support it)", nil},
	{CodePrincipalFormat, diag.Error, true, "Principal is a string other than \"*\", or an RCP principal other than \"*\"", nil},
	{CodePrincipalKey, diag.Error, true, "Principal map key other than AWS, Service, Federated, CanonicalUser", nil},
	{CodeEmptyPrincipal, diag.Error, true, "principal value is an empty array (Access Analyzer: suggestion)", nil},
	{CodeEmptyPrincipalObject, diag.Error, true, "Principal is an empty object (Access Analyzer: suggestion)", nil},
	{CodeUnsupportedSid, diag.Error, true, "Sid with characters other than ASCII letters and digits (a warning in resource policies)", nil},
	{CodeUniqueSids, diag.Error, true, "two statements with the same Sid in an IAM, SCP or RCP policy", nil},
	{CodeUniqueSidsAdvis, diag.Warning, true, "two statements with the same Sid in a resource policy", nil},
	{CodeInvalidOperator, diag.Error, true, "unknown condition operator, wrong case, or bad set prefix (ForAllValue:)", nil},
	{CodeNullIfExists, diag.Error, true, "the Null operator with the IfExists suffix", nil},
	{CodeEmptyCondition, diag.Error, true, "Condition or an operator block is an empty object (Access Analyzer: suggestion)", nil},
	{CodeEmptyCondArray, diag.Error, true, "condition key with an empty array of values (Access Analyzer: suggestion)", nil},
	{CodeEmptyCondArrayAll, diag.Error, true, "as EMPTY_ARRAY_CONDITION, under ForAllValues", []string{"EMPTY_ARRAY_CONDITION_FOR_ALL_VALUES"}},
	{CodeEmptyCondArrayAny, diag.Error, true, "as EMPTY_ARRAY_CONDITION, under ForAnyValue", []string{"EMPTY_ARRAY_CONDITION_FOR_ANY_VALUE"}},
	{CodeEmptyCondArrayIfExs, diag.Error, true, "as EMPTY_ARRAY_CONDITION, with an IfExists operator", []string{"EMPTY_ARRAY_CONDITION_IF_EXISTS"}},
}
