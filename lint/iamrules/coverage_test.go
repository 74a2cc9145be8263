package iamrules

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/leastpriv/leastpriv/diag"
	"github.com/leastpriv/leastpriv/lint"
)

// guideCodes returns the issue codes of the Access Analyzer table of the
// project guide (../shared/guides/anchors-and-user-needs.md, section 4.1).
func guideCodes(t *testing.T) []string {
	t.Helper()
	path := filepath.Join("..", "..", "..", "shared", "guides", "anchors-and-user-needs.md")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (the guide is read from ../shared relative to the module root)", err)
	}
	text := string(data)
	start := strings.Index(text, "### 4.1")
	end := strings.Index(text, "### 4.2")
	if start < 0 || end < start {
		t.Fatal("section 4.1 of the guide not found")
	}
	row := regexp.MustCompile("(?m)^\\| *[0-9]+ *\\| *`([A-Z_]+)`")
	var codes []string
	for _, m := range row.FindAllStringSubmatch(text[start:end], -1) {
		codes = append(codes, m[1])
	}
	if len(codes) < 100 {
		t.Fatalf("found %d codes in section 4.1, want the full table", len(codes))
	}
	return codes
}

// TestAccessAnalyzerCoverage checks every ValidatePolicy issue code of the
// guide: it is reported by the parser or a rule (as its code or an alias),
// or Unchecked says why not. Unchecked names only codes of the guide that
// nothing reports.
func TestAccessAnalyzerCoverage(t *testing.T) {
	canon := lint.Canonical(lint.Catalogue(Suite))
	inGuide := map[string]bool{}
	var missing []string
	for _, code := range guideCodes(t) {
		inGuide[code] = true
		_, known := canon(code)
		_, skipped := Unchecked[code]
		switch {
		case known && skipped:
			t.Errorf("%s is reported, but Unchecked says it is not", code)
		case !known && !skipped:
			missing = append(missing, code)
		}
	}
	if len(missing) > 0 {
		t.Errorf("Access Analyzer codes neither reported nor listed in Unchecked: %v", missing)
	}
	for _, codes := range newerChecks {
		for _, code := range codes {
			inGuide[code] = true
		}
	}
	for code, reason := range Unchecked {
		if !inGuide[code] {
			t.Errorf("Unchecked lists %s, which is not an Access Analyzer code of the guide or of newerChecks", code)
		}
		if strings.TrimSpace(reason) == "" {
			t.Errorf("Unchecked gives no reason for %s", code)
		}
	}
}

// newerChecks are the checks of Access Analyzer's current check reference
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html,
// as published in the awsdocs/iam-user-guide repository, which prints each
// check's issue code and finding type) with their finding types. The guide's
// table was derived from the 2023 page; this one holds every code of the
// current page, so that a check AWS adds is noticed when the table is
// refreshed.
var newerChecks = map[diag.Severity][]string{
	diag.Error: {
		"ARN_ACCOUNT_NOT_ALLOWED", "ARN_REGION_NOT_ALLOWED", "DATA_TYPE_MISMATCH", "DUPLICATE_KEYS_WITH_DIFFERENT_CASE",
		"INVALID_ACTION", "INVALID_ARN_ACCOUNT", "INVALID_ARN_PREFIX", "INVALID_ARN_REGION", "INVALID_ARN_RESOURCE",
		"INVALID_ARN_SERVICE_CASE", "INVALID_CONDITION_DATA_TYPE", "INVALID_CONDITION_KEY_FORMAT",
		"INVALID_CONDITION_MULTIPLE_BOOLEAN", "INVALID_CONDITION_OPERATOR", "INVALID_EFFECT", "INVALID_GLOBAL_CONDITION_KEY",
		"INVALID_PARTITION", "INVALID_POLICY_ELEMENT", "INVALID_PRINCIPAL_FORMAT", "INVALID_PRINCIPAL_KEY", "INVALID_REGION",
		"INVALID_SERVICE", "INVALID_SERVICE_CONDITION_KEY", "INVALID_SERVICE_IN_ACTION", "INVALID_VARIABLE_FOR_OPERATOR",
		"INVALID_VERSION", "JSON_SYNTAX_ERROR", "MISSING_ACTION", "MISSING_ARN_FIELD", "MISSING_ARN_REGION", "MISSING_EFFECT",
		"MISSING_PRINCIPAL", "MISSING_QUALIFIER", "MISSING_RESOURCE", "MISSING_STATEMENT", "NULL_WITH_IF_EXISTS",
		"SCP_SYNTAX_ERROR_ACTION_WILDCARD", "SCP_SYNTAX_ERROR_PRINCIPAL", "UNIQUE_SIDS_REQUIRED", "UNSUPPORTED_ACTION_IN_POLICY",
		"UNSUPPORTED_ELEMENT_COMBINATION", "UNSUPPORTED_GLOBAL_CONDITION_KEY", "UNSUPPORTED_PRINCIPAL",
		"UNSUPPORTED_RESOURCE_ARN_IN_POLICY", "UNSUPPORTED_SID", "UNSUPPORTED_WILDCARD_IN_PRINCIPAL", "MISSING_BRACE_IN_VARIABLE",
		"MISSING_QUOTE_IN_VARIABLE", "UNSUPPORTED_SPACE_IN_VARIABLE", "EMPTY_VARIABLE", "VARIABLE_UNSUPPORTED_IN_ELEMENT",
		"VARIABLE_UNSUPPORTED_IN_VERSION", "PRIVATE_IP_ADDRESS", "PRIVATE_NOT_IP_ADDRESS", "POLICY_SIZE_EXCEEDS_SCP_QUOTA",
		"INVALID_SERVICE_PRINCIPAL_FORMAT", "MISSING_TAG_KEY_IN_CONDITION", "INVALID_VPC_FORMAT", "INVALID_VPCE_FORMAT",
		"FEDERATED_PRINCIPAL_NOT_SUPPORTED", "UNSUPPORTED_ACTION_FOR_CONDITION_KEY", "UNSUPPORTED_CONDITION_KEY_FOR_SERVICE_PRINCIPAL",
		"ROLE_TRUST_POLICY_SYNTAX_ERROR_NOTPRINCIPAL", "ROLE_TRUST_POLICY_UNSUPPORTED_WILDCARD_IN_PRINCIPAL",
		"ROLE_TRUST_POLICY_SYNTAX_ERROR_RESOURCE", "TYPE_MISMATCH_IP_RANGE", "MISSING_ACTION_FOR_CONDITION_KEY",
		"INVALID_FEDERATED_PRINCIPAL_SYNTAX_IN_ROLE_TRUST_POLICY", "MISMATCHED_ACTION_FOR_PRINCIPAL",
		"MISSING_ACTION_FOR_ROLES_ANYWHERE_TRUST_POLICY", "POLICY_SIZE_EXCEEDS_RCP_QUOTA", "RCP_SYNTAX_ERROR_PRINCIPAL",
		"RCP_SYNTAX_ERROR_ALLOW", "RCP_SYNTAX_ERROR_NOTACTION", "RCP_SYNTAX_ERROR_ACTION", "MISSING_ARN_ACCOUNT",
		"INVALID_KMS_KEY_VALUE", "VARIABLE_USAGE_TOO_PERMISSIVE", "WILDCARD_USAGE_TOO_PERMISSIVE",
	},
	diag.Warning: {
		"CREATE_SLR_WITH_NOT_RESOURCE", "CREATE_SLR_WITH_STAR_IN_ACTION_AND_NOT_RESOURCE",
		"CREATE_SLR_WITH_NOT_ACTION_AND_NOT_RESOURCE", "CREATE_SLR_WITH_STAR_IN_RESOURCE",
		"CREATE_SLR_WITH_STAR_IN_ACTION_AND_RESOURCE", "CREATE_SLR_WITH_STAR_IN_RESOURCE_AND_NOT_ACTION",
		"DEPRECATED_GLOBAL_CONDITION_KEY", "INVALID_DATE_VALUE", "INVALID_ROLE_REFERENCE", "INVALID_USER_REFERENCE",
		"MISSING_VERSION", "UNIQUE_SIDS_RECOMMENDED", "WILDCARD_WITHOUT_LIKE_OPERATOR",
		"POLICY_SIZE_EXCEEDS_IDENTITY_POLICY_QUOTA", "POLICY_SIZE_EXCEEDS_RESOURCE_POLICY_QUOTA", "TYPE_MISMATCH",
		"TYPE_MISMATCH_BOOLEAN", "TYPE_MISMATCH_DATE", "TYPE_MISMATCH_NUMBER", "TYPE_MISMATCH_STRING",
		"SPECIFIC_GITHUB_REPO_AND_BRANCH_RECOMMENDED", "POLICY_SIZE_EXCEEDS_ROLE_TRUST_POLICY_QUOTA",
		"RCP_MISSING_RELATED_PRINCIPAL_CONDITION_KEY", "RCP_MISSING_RELATED_SERVICE_PRINCIPAL_CONDITION_KEY",
		"RCP_MISSING_SERVICE_CONDITION_KEY_NULL_CHECK", "USE_CONDITION_KEY_ONLY_WITH_SUPPORTED_SERVICES",
	},
	diag.SecurityWarning: {
		"UNTRUSTWORTHY_CONDITION_KEY", "ALLOW_WITH_NOT_PRINCIPAL", "FORALLVALUES_WITH_SINGLE_VALUED_KEY",
		"PASS_ROLE_WITH_NOT_RESOURCE", "PASS_ROLE_WITH_STAR_IN_ACTION_AND_NOT_RESOURCE",
		"PASS_ROLE_WITH_NOT_ACTION_AND_NOT_RESOURCE", "PASS_ROLE_WITH_STAR_IN_RESOURCE",
		"PASS_ROLE_WITH_STAR_IN_ACTION_AND_RESOURCE", "PASS_ROLE_WITH_STAR_IN_RESOURCE_AND_NOT_ACTION",
		"MISSING_PAIRED_CONDITION_KEYS", "DENY_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE",
		"DENY_NOTACTION_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE", "RESTRICT_ACCESS_TO_SERVICE_PRINCIPAL",
		"MISSING_CONDITION_KEY_FOR_OIDC_PRINCIPAL", "MISSING_GITHUB_REPO_CONDITION_KEY",
		"STRING_LIKE_OPERATOR_WITH_ARN_CONDITION_KEYS", "DYNAMODB_ATTRIBUTES_WITHOUT_SELECT", "S3_PREFIX_IN_NEGATIVE_CONTEXT",
		"FORANYVALUE_WITH_AUDIENCE_CLAIM_TYPE",
	},
	diag.Suggestion: {
		"EMPTY_ARRAY_ACTION", "EMPTY_ARRAY_CONDITION", "EMPTY_ARRAY_CONDITION_FORALLVALUES",
		"EMPTY_ARRAY_CONDITION_FORANYVALUE", "EMPTY_ARRAY_CONDITION_IFEXISTS", "EMPTY_ARRAY_PRINCIPAL", "EMPTY_ARRAY_RESOURCE",
		"EMPTY_OBJECT_CONDITION", "EMPTY_OBJECT_PRINCIPAL", "EMPTY_SID_VALUE", "EQUIVALENT_TO_NULL_FALSE",
		"EQUIVALENT_TO_NULL_TRUE", "IMPROVE_IP_RANGE", "NULL_WITH_QUALIFIER", "PRIVATE_IP_ADDRESS_SUBSET",
		"PRIVATE_NOT_IP_ADDRESS_SUBSET", "REDUNDANT_ACTION", "REDUNDANT_CONDITION_VALUE_NUM", "REDUNDANT_RESOURCE",
		"REDUNDANT_STATEMENT", "WILDCARD_IN_SERVICE_NAME", "ALLOW_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE",
		"ALLOW_NOTACTION_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE", "RECOMMENDED_CONDITION_KEY_FOR_SERVICE_PRINCIPAL",
		"IRRELEVANT_CONDITION_KEY_IN_POLICY", "REDUNDANT_KEY_DUE_TO_WILDCARD_IN_CONDITION",
		"REDUNDANT_PRINCIPAL_IN_ROLE_TRUST_POLICY", "REDUNDANT_STATEMENT_DUE_TO_WILDCARD_IN_CONDITION",
		"CONFIRM_AUDIENCE_CLAIM_TYPE",
	},
}

// TestNewerChecks checks every code of Access Analyzer's current check
// reference: a rule or the parser reports it (as its code or an alias), or
// Unchecked says why not; and a rule that reports it under Access Analyzer's
// code gives it Access Analyzer's finding type, unless severityDeviations
// says why not.
func TestNewerChecks(t *testing.T) {
	canon := lint.Canonical(lint.Catalogue(Suite))
	rules := map[string]*lint.Rule{}
	for _, r := range Suite {
		rules[r.Code] = r
	}
	for sev, codes := range newerChecks {
		for _, code := range codes {
			_, known := canon(code)
			_, skipped := Unchecked[code]
			switch {
			case known && skipped:
				t.Errorf("%s is reported, but Unchecked says it is not", code)
			case !known && !skipped:
				t.Errorf("Access Analyzer check %s is neither reported nor listed in Unchecked", code)
			}
			r := rules[code]
			if r == nil {
				continue
			}
			why, deviates := severityDeviations[code]
			switch {
			case r.Severity != sev && !deviates:
				t.Errorf("%s: severity %s, Access Analyzer's finding type is %s", code, r.Severity.FindingType(), sev.FindingType())
			case r.Severity == sev && deviates:
				t.Errorf("%s: severityDeviations explains a deviation that is gone", code)
			case deviates && strings.TrimSpace(why) == "":
				t.Errorf("%s: severityDeviations gives no reason", code)
			}
		}
	}
}

// severityDeviations are the rules that report an Access Analyzer code with
// another severity than Access Analyzer's finding type, and why.
var severityDeviations = map[string]string{
	"POLICY_SIZE_EXCEEDS_RESOURCE_POLICY_QUOTA": "an error: the service rejects a resource policy over its quota (the rule's documentation says so)",
}
