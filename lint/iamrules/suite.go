// Package iamrules is leastpriv's suite of lint rules for AWS IAM policies:
// IAM Access Analyzer's ValidatePolicy checks that can be decided offline
// (with Access Analyzer's issue codes), Parliament's and Cloudsplaining's
// checks and risk categories, trust-policy checks and size quotas. One file
// per rule; Suite lists them all.
//
//	l := &lint.Linter{Catalog: catalog.Default(), Rules: iamrules.Suite}
package iamrules

import "github.com/leastpriv/leastpriv/lint"

// Suite is every IAM rule, in documentation order: action names, resources,
// statements, conditions, principals and trust, risk categories, policy
// types and sizes.
var Suite = []*lint.Rule{
	// Actions.
	InvalidServiceInAction,
	InvalidAction,
	WildcardInServiceName,
	DuplicateAction,
	RedundantAction,
	SCPActionWildcard,
	RCPUnsupportedService,
	UnsupportedActionInPolicy,

	// Resources.
	InvalidARNPrefix,
	MissingARNField,
	InvalidARNServiceCase,
	InvalidPartition,
	InvalidARNRegion,
	InvalidARNAccount,
	InvalidARNResource,
	MissingARNRegion,
	ARNRegionNotAllowed,
	ARNAccountNotAllowed,
	ResourceMismatch,
	UnsupportedResourceARNInPolicy,
	RedundantResource,
	ResourceStar,

	// Statements and the policy.
	MissingVersion,
	OldVersion,
	EmptySidValue,
	RedundantStatement,
	NotActionWithAllow,
	NotResourceWithAllow,
	RCPAllowStatement,

	// Conditions.
	InvalidConditionKeyFormat,
	InvalidGlobalConditionKey,
	UnsupportedGlobalConditionKey,
	InvalidService,
	InvalidServiceConditionKey,
	MissingTagKeyInCondition,
	UnknownConditionForAction,
	TypeMismatch,
	TypeMismatchBoolean,
	TypeMismatchNumber,
	TypeMismatchDate,
	TypeMismatchIPRange,
	TypeMismatchString,
	InvalidDateValue,
	InvalidConditionDataType,
	InvalidConditionMultipleBoolean,
	WildcardWithoutLikeOperator,
	NullWithQualifier,
	MissingQualifier,
	ForAllValuesWithSingleValuedKey,
	ForAnyValueWithSingleValuedKey,
	RedundantConditionValueNum,
	PrivateIPAddress,
	PrivateNotIPAddress,
	PrivateIPAddressSubset,
	PrivateNotIPAddressSubset,
	ImproveIPRange,
	InvalidRegion,
	InvalidVPCFormat,
	InvalidVPCEFormat,
	InvalidServicePrincipalFormat,
	MissingPairedConditionKeys,
	BadPatternForMFA,
	AllowWithUnsupportedTagConditionKey,
	AllowNotActionWithUnsupportedTagConditionKey,
	DenyWithUnsupportedTagConditionKey,
	DenyNotActionWithUnsupportedTagConditionKey,

	// Policy variables.
	InvalidVariableForOperator,
	MissingBraceInVariable,
	EmptyVariable,
	UnsupportedSpaceInVariable,
	MissingQuoteInVariable,
	UnsupportedSymbolInVariable,
	VariableUnsupportedInElement,
	VariableUnsupportedInVersion,

	// Principals and trust.
	InvalidRoleReference,
	InvalidUserReference,
	UnsupportedWildcardInPrincipal,
	AssumableByAnyPrincipal,
	CrossAccountTrustWithoutExternalID,
	OIDCTrustMissingAudience,
	OIDCTrustMissingSubject,
	SpecificGitHubRepoAndBranchRecommended,
	MissingActionForRolesAnywhereTrustPolicy,
	PublicAccess,

	// Sensitive actions (Access Analyzer).
	PassRoleWithStarInResource,
	PassRoleWithStarInActionAndResource,
	PassRoleWithNotResource,
	PassRoleWithStarInActionAndNotResource,
	PassRoleWithNotActionAndNotResource,
	PassRoleWithStarInResourceAndNotAction,
	CreateSLRWithStarInResource,
	CreateSLRWithStarInActionAndResource,
	CreateSLRWithNotResource,
	CreateSLRWithStarInActionAndNotResource,
	CreateSLRWithNotActionAndNotResource,
	CreateSLRWithStarInResourceAndNotAction,

	// Risk categories (Cloudsplaining).
	AdminAccess,
	PrivilegeEscalation,
	CredentialsExposure,
	ResourceExposure,
	DataExfiltration,
	ServiceWildcard,
	InfrastructureModification,

	// Sizes.
	PolicySizeExceedsIdentityPolicyQuota,
	PolicySizeExceedsSCPQuota,
	PolicySizeExceedsRCPQuota,
	PolicySizeExceedsTrustPolicyQuota,
	PolicySizeExceedsResourcePolicyQuota,
}
