package iamrules

// Unchecked lists IAM Access Analyzer ValidatePolicy issue codes that no
// stage of leastpriv lint reports, with the reason. Every other code of
// Access Analyzer's 2023 check reference (and of the newer checks the project
// guide lists) is reported by the parser or by a rule of Suite, under that
// code or with that code as an alias; a test keeps this list and the guide in
// step. 'leastpriv lint --explain CODE' prints the reason.
var Unchecked = map[string]string{
	"DEPRECATED_GLOBAL_CONDITION_KEY": `Access Analyzer documents two checks of the same key, aws:ARN: this
general warning and the error UNSUPPORTED_GLOBAL_CONDITION_KEY, without saying
when it reports which. leastpriv reports every aws:ARN condition as
UNSUPPORTED_GLOBAL_CONDITION_KEY (IAM does not supply the key, so the
condition never matches).`,
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
