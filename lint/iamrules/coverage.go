package iamrules

// Unchecked lists IAM Access Analyzer ValidatePolicy issue codes that no
// stage of leastpriv lint reports, with the reason. Every other code of
// Access Analyzer's 2023 check reference, of the newer checks the project
// guide lists, and of Access Analyzer's current check reference (the table
// of coverage_test.go) is reported by the parser or by a rule of Suite, under
// that code or with that code as an alias; tests keep this list, the guide
// and that table in step. 'leastpriv lint --explain CODE' prints the reason.
var Unchecked = map[string]string{
	"DEPRECATED_GLOBAL_CONDITION_KEY": `Access Analyzer documents two checks of the same key, aws:ARN: this
general warning and the error UNSUPPORTED_GLOBAL_CONDITION_KEY, without saying
when it reports which. leastpriv reports every aws:ARN condition as
UNSUPPORTED_GLOBAL_CONDITION_KEY (IAM does not supply the key, so the
condition never matches).`,

	// The parser finds these problems and rejects the policy, under more
	// general codes. The codes are the parser's to change (package iam), as
	// it did for DATA_TYPE_MISMATCH.

	"USE_CONDITION_KEY_ONLY_WITH_SUPPORTED_SERVICES": `Access Analyzer warns when aws:VpceAccount, aws:VpceOrgID or aws:VpceOrgPaths
are used in a statement whose actions include services that do not populate
them. Which services do is written only in the prose of AWS's global keys page
(and grows as services adopt the keys); the embedded catalog lists the keys
among the global keys without saying which services support them, so the
check cannot be decided offline. It needs the catalog to record, per service,
support for these keys.`,
	"IRRELEVANT_CONDITION_KEY_IN_POLICY": `Access Analyzer suggests moving a condition key out of a resource-based policy
when the key is irrelevant for the type of resource the policy is attached to
(its example: s3:ResourceAccount in a bucket or access point policy). The
policy text does not say which resource it is attached to, and Access Analyzer
does not publish which keys it considers irrelevant for which resource type.`,
	"RECOMMENDED_CONDITION_KEY_FOR_SERVICE_PRINCIPAL": `Access Analyzer suggests aws:SourceArn, aws:SourceAccount, aws:SourceOrgID or
aws:SourceOrgPaths instead of another key (its example: aws:Referer) in a
statement for a service principal, without publishing which keys it means.
leastpriv reports every grant to a service principal without one of these
four keys as RESTRICT_ACCESS_TO_SERVICE_PRINCIPAL, and aws:Referer as
UNTRUSTWORTHY_CONDITION_KEY.`,
	"CONFIRM_AUDIENCE_CLAIM_TYPE":          audienceClaim,
	"FORANYVALUE_WITH_AUDIENCE_CLAIM_TYPE": audienceClaim,

	"SCP_SYNTAX_ERROR_ALLOW_CONDITION":  scpRetired,
	"SCP_SYNTAX_ERROR_ALLOW_NOT_ACTION": scpRetired,
	"SCP_SYNTAX_ERROR_ALLOW_RESOURCE":   scpRetired,
	"SCP_SYNTAX_ERROR_NOT_RESOURCE":     scpRetired,
}

const scpRetired = `Retired: service control policies once accepted only "Resource": "*" and
no Condition or NotAction in Allow statements, and no NotResource. AWS
Organizations now supports the full IAM policy language in SCPs, and the
current Access Analyzer check reference no longer lists this check; reporting
it would reject valid SCPs.`

const audienceClaim = `Whether an OpenID Connect provider's aud claim holds one value or several is a
property of the provider, which Access Analyzer reads from its own knowledge of
the provider (the finding names the claim's type). The policy text does not
say it, and the catalog types aud only for the few providers it documents
(accounts.google.com, cognito-identity.amazonaws.com), for which
FOR_ANY_VALUE_WITH_SINGLE_VALUED_KEY reports ForAnyValue.`
