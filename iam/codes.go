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
	CodeWrongType     = "WRONG_TYPE"
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
	CodeEmptyCondArrayAll   = "EMPTY_ARRAY_CONDITION_FOR_ALL_VALUES"
	CodeEmptyCondArrayAny   = "EMPTY_ARRAY_CONDITION_FOR_ANY_VALUE"
	CodeEmptyCondArrayIfExs = "EMPTY_ARRAY_CONDITION_IF_EXISTS"
)

// CodeInfo documents one diagnostic code.
type CodeInfo struct {
	Code     string
	Severity diag.Severity // as the parser reports it
	// AccessAnalyzer is true for IAM Access Analyzer ValidatePolicy issue
	// codes (https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html).
	AccessAnalyzer bool
	Summary        string
}

// Codes lists every code the parser reports, in the order of the
// constants. The linter reuses this table for its own documentation.
var Codes = []CodeInfo{
	{CodeJSONSyntax, diag.Error, true, "not strict RFC 8259 JSON (comments, trailing commas, single quotes, NaN, BOM, invalid UTF-8, lone surrogates, trailing data, ...)"},
	{CodeTooDeep, diag.Error, false, "arrays and objects nested beyond the depth limit (64 by default)"},
	{CodeTooLarge, diag.Error, false, "document larger than the size cap (1 MiB by default)"},
	{CodeWrongType, diag.Error, false, "an element has the wrong JSON type (\"Action\": 5, \"Statement\": \"x\", top level not an object)"},
	{CodeNull, diag.Error, false, "null where IAM expects a value (\"Effect\": null)"},
	{CodeEmptyValue, diag.Error, false, "empty string or array where IAM needs a value (\"Resource\": \"\", \"Statement\": [])"},
	{CodeInvalidChar, diag.Error, false, "character outside IAM's set (tab, LF, CR, U+0020-U+00FF), or a control character; a warning in resource policies"},
	{CodeDuplicateKey, diag.Error, false, "the same key twice in one object (in legacy mode: Effect, Action, Resource and their Not forms are merged instead)"},
	{CodeDuplicateCase, diag.Error, true, "keys that differ only by case (Effect and effect; condition keys, which IAM compares case-insensitively)"},
	{CodeLegacyMerge, diag.Warning, false, "legacy mode merged a duplicated Effect (last wins) or Action/Resource list (union), as AWS does for old stored policies"},
	{CodeInvalidElem, diag.Error, true, "unknown element (\"Condtion\", \"Resources\"), or an element the policy type does not allow"},
	{CodeInvalidVersion, diag.Error, true, "Version is not \"2012-10-17\" or \"2008-10-17\""},
	{CodeMissingStatement, diag.Error, true, "no Statement element"},
	{CodeMissingEffect, diag.Error, true, "statement without Effect"},
	{CodeInvalidEffect, diag.Error, true, "Effect is not \"Allow\" or \"Deny\""},
	{CodeMissingAction, diag.Error, true, "statement without Action or NotAction"},
	{CodeMissingResource, diag.Error, true, "statement without Resource or NotResource (all types but trust policies)"},
	{CodeMissingPrincipal, diag.Error, true, "resource, trust or RCP statement without Principal or NotPrincipal"},
	{CodeCombination, diag.Error, true, "both Action and NotAction, Resource and NotResource, or Principal and NotPrincipal"},
	{CodeEmptyAction, diag.Error, true, "Action or NotAction is an empty array (Access Analyzer: suggestion)"},
	{CodeEmptyResource, diag.Error, true, "Resource or NotResource is an empty array (Access Analyzer: suggestion)"},
	{CodeUnsupportedPrincipal, diag.Error, true, "Principal or NotPrincipal in a policy type that has none (identity, boundary, session), or NotPrincipal where unsupported"},
	{CodeSCPPrincipal, diag.Error, true, "Principal or NotPrincipal in a service control policy"},
	{CodeAllowNotPrincipal, diag.Error, true, "NotPrincipal with \"Effect\": \"Allow\" (Access Analyzer: security warning; AWS does not support it)"},
	{CodePrincipalFormat, diag.Error, true, "Principal is a string other than \"*\", or an RCP principal other than \"*\""},
	{CodePrincipalKey, diag.Error, true, "Principal map key other than AWS, Service, Federated, CanonicalUser"},
	{CodeEmptyPrincipal, diag.Error, true, "principal value is an empty array (Access Analyzer: suggestion)"},
	{CodeEmptyPrincipalObject, diag.Error, true, "Principal is an empty object (Access Analyzer: suggestion)"},
	{CodeUnsupportedSid, diag.Error, true, "Sid with characters other than ASCII letters and digits (a warning in resource policies)"},
	{CodeUniqueSids, diag.Error, true, "two statements with the same Sid in an IAM, SCP or RCP policy"},
	{CodeUniqueSidsAdvis, diag.Warning, true, "two statements with the same Sid in a resource policy"},
	{CodeInvalidOperator, diag.Error, true, "unknown condition operator, wrong case, or bad set prefix (ForAllValue:)"},
	{CodeNullIfExists, diag.Error, true, "the Null operator with the IfExists suffix"},
	{CodeEmptyCondition, diag.Error, true, "Condition or an operator block is an empty object (Access Analyzer: suggestion)"},
	{CodeEmptyCondArray, diag.Error, true, "condition key with an empty array of values (Access Analyzer: suggestion)"},
	{CodeEmptyCondArrayAll, diag.Error, true, "as EMPTY_ARRAY_CONDITION, under ForAllValues"},
	{CodeEmptyCondArrayAny, diag.Error, true, "as EMPTY_ARRAY_CONDITION, under ForAnyValue"},
	{CodeEmptyCondArrayIfExs, diag.Error, true, "as EMPTY_ARRAY_CONDITION, with an IfExists operator"},
}
