package iam

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/leastpriv/leastpriv/diag"
)

var update = flag.Bool("update", false, "rewrite golden files")

// lines renders diagnostics without the file name, one per line, with their
// related locations.
func lines(l diag.List) []string {
	var out []string
	for _, d := range l {
		s := fmt.Sprintf("%s: %s: %s [%s]", d.Range.Start, d.Severity, d.Message, d.Code)
		for _, r := range d.Related {
			s += fmt.Sprintf(" (related %s: %s)", r.Range.Start, r.Message)
		}
		out = append(out, s)
	}
	return out
}

// stmt wraps statement fields in a policy.
func stmt(fields string) string {
	return `{"Version": "2012-10-17", "Statement": [{` + fields + `}]}`
}

const allow = `"Effect": "Allow", `

// TestParseBadInput has one case per row of the policy-JSON table of
// iam-semantics-and-reliability.md section 6 (and more): each malformed input
// gets a precise diagnostic.
var badInputCases = []struct {
	name   string
	src    string
	typ    Type
	legacy bool
	want   []string
}{
	// Duplicates.
	{name: "duplicate Effect", src: stmt(`"Effect": "Deny", "Action": "s3:*", "Resource": "*", "Effect": "Allow"`),
		want: []string{`1:95: error: duplicate key "Effect" at 1:95, first at 1:42 [DUPLICATE_KEY] (related 1:42: first "Effect" is here)`}},
	{name: "duplicate Effect legacy", legacy: true, src: stmt(`"Effect": "Deny", "Action": "s3:*", "Resource": "*", "Effect": "Allow"`),
		want: []string{`1:95: warning: statement repeats Effect; legacy mode keeps the last one (first at 1:42) [LEGACY_DUPLICATE_ELEMENT] (related 1:42: first Effect is here)`}},
	{name: "duplicate Action", src: stmt(allow + `"Action": "s3:GetObject", "Resource": "*", "Action": ["s3:PutObject"]`),
		want: []string{`1:104: error: duplicate key "Action" at 1:104, first at 1:61 [DUPLICATE_KEY] (related 1:61: first "Action" is here)`}},
	{name: "duplicate Action legacy", legacy: true, src: stmt(allow + `"Action": "s3:GetObject", "Resource": "*", "Action": ["s3:PutObject"]`),
		want: []string{`1:104: warning: statement repeats Action; legacy mode merges the lists (first at 1:61) [LEGACY_DUPLICATE_ELEMENT] (related 1:61: first Action is here)`}},
	{name: "duplicate Resource", src: stmt(allow + `"Action": "s3:*", "Resource": "a", "Resource": "b"`),
		want: []string{`1:96: error: duplicate key "Resource" at 1:96, first at 1:79 [DUPLICATE_KEY] (related 1:79: first "Resource" is here)`}},
	{name: "duplicate Sid even in legacy mode", legacy: true, src: stmt(`"Sid": "A", "Sid": "B", ` + allow + `"Action": "s3:*", "Resource": "*"`),
		want: []string{`1:54: error: duplicate key "Sid" at 1:54, first at 1:42 [DUPLICATE_KEY] (related 1:42: first "Sid" is here)`}},
	{name: "duplicate Statement", src: `{"Statement": [], "Statement": []}`,
		want: []string{`1:15: error: Statement is an empty array [EMPTY_VALUE]`,
			`1:19: error: duplicate key "Statement" at 1:19, first at 1:2 [DUPLICATE_KEY] (related 1:2: first "Statement" is here)`}},
	{name: "Effect and effect", src: stmt(`"Effect": "Allow", "effect": "Deny", "Action": "s3:*", "Resource": "*"`),
		want: []string{`1:61: error: element "effect" differs only by case from "Effect" [DUPLICATE_KEYS_WITH_DIFFERENT_CASE] (related 1:42: "Effect" is here)`}},
	{name: "effect only", src: stmt(`"effect": "Allow", "Action": "s3:*", "Resource": "*"`),
		want: []string{`1:42: error: unknown element "effect" in a statement [INVALID_POLICY_ELEMENT]`}},
	{name: "version lower case", src: `{"version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "s3:*", "Resource": "*"}}`,
		want: []string{`1:2: error: unknown element "version" in the policy [INVALID_POLICY_ELEMENT]`}},
	{name: "duplicate condition operator", src: stmt(allow + `"Action": "s3:*", "Resource": "*", "Condition": {"Bool": {"aws:SecureTransport": "true"}, "Bool": {"aws:ViaAWSService": "false"}}`),
		want: []string{`1:151: error: duplicate key "Bool" at 1:151, first at 1:110 [DUPLICATE_KEY] (related 1:110: first "Bool" is here)`}},
	{name: "duplicate condition key", src: stmt(allow + `"Action": "s3:*", "Resource": "*", "Condition": {"StringEquals": {"aws:PrincipalTag/a": "x", "aws:PrincipalTag/a": "y"}}`),
		want: []string{`1:154: error: duplicate key "aws:PrincipalTag/a" at 1:154, first at 1:127 [DUPLICATE_KEY] (related 1:127: first "aws:PrincipalTag/a" is here)`}},
	{name: "condition keys differing by case", src: stmt(allow + `"Action": "s3:*", "Resource": "*", "Condition": {"IpAddress": {"aws:SourceIp": "10.0.0.0/8", "aws:sourceip": "192.168.0.0/16"}}`),
		want: []string{`1:154: error: condition key "aws:sourceip" repeats "aws:SourceIp" (condition keys are case-insensitive) [DUPLICATE_KEYS_WITH_DIFFERENT_CASE] (related 1:124: "aws:SourceIp" is here)`}},
	{name: "duplicate principal type", typ: Resource, src: stmt(allow + `"Principal": {"AWS": "arn:aws:iam::111122223333:root", "AWS": "*"}, "Action": "s3:*", "Resource": "*"`),
		want: []string{`1:116: error: duplicate key "AWS" at 1:116, first at 1:75 [DUPLICATE_KEY] (related 1:75: first "AWS" is here)`}},
	{name: "Condtion", src: stmt(allow + `"Action": "s3:*", "Resource": "*", "Condtion": {"Bool": {"aws:SecureTransport": "true"}}`),
		want: []string{`1:96: error: unknown element "Condtion" in a statement [INVALID_POLICY_ELEMENT]`}},
	{name: "Resources", src: stmt(allow + `"Action": "s3:*", "Resources": "*"`),
		want: []string{`1:79: error: unknown element "Resources" in a statement [INVALID_POLICY_ELEMENT]`}},
	{name: "unknown top-level element", src: `{"Version": "2012-10-17", "Statment": []}`,
		want: []string{`1:27: error: unknown element "Statment" in the policy [INVALID_POLICY_ELEMENT]`}},
	{name: "two top-level objects", src: `{"Statement": {}} {}`,
		want: []string{`1:19: error: expected end of input after the top-level object, found '{' [JSON_SYNTAX_ERROR]`}},
	{name: "trailing garbage", src: stmt(allow+`"Action": "s3:*", "Resource": "*"`) + ",",
		want: []string{`1:97: error: expected end of input after the top-level object, found ',' [JSON_SYNTAX_ERROR]`}},
	{name: "bom", src: "\ufeff" + stmt(allow+`"Action": "s3:*", "Resource": "*"`),
		want: []string{`1:1: error: document starts with a UTF-8 byte order mark (BOM) [JSON_SYNTAX_ERROR]`}},
	{name: "line comment", src: "{\n  // allow all\n  \"Statement\": []\n}",
		want: []string{`2:3: error: expected a member name in double quotes, found a comment [JSON_SYNTAX_ERROR]`}},
	{name: "block comment", src: `{"Statement": /* x */ []}`,
		want: []string{`1:15: error: expected a value after ':', found a comment [JSON_SYNTAX_ERROR]`}},
	{name: "trailing comma", src: stmt(allow + `"Action": ["s3:*",], "Resource": "*"`),
		want: []string{`1:78: error: trailing comma before ']' [JSON_SYNTAX_ERROR]`}},
	{name: "single quotes", src: stmt(allow + `"Action": 's3:*', "Resource": "*"`),
		want: []string{`1:71: error: expected a value after ':', found a single quote [JSON_SYNTAX_ERROR]`}},
	{name: "NaN", src: stmt(allow + `"Action": "s3:*", "Resource": "*", "Condition": {"NumericLessThan": {"s3:max-keys": NaN}}`),
		want: []string{`1:145: error: expected a value after ':', found "NaN" [JSON_SYNTAX_ERROR]`}},
	{name: "invalid UTF-8", src: stmt(allow + "\"Action\": \"s3:Get\xffObject\", \"Resource\": \"*\""),
		want: []string{`1:78: error: string holds invalid UTF-8 byte 0xff [JSON_SYNTAX_ERROR]`}},
	{name: "lone surrogate", src: stmt(allow + `"Action": "s3:Get\udc00", "Resource": "*"`),
		want: []string{`1:78: error: lone UTF-16 surrogate \uDC00 in string [JSON_SYNTAX_ERROR]`}},
	{name: "raw control character", src: stmt(allow + "\"Action\": \"s3:Get\x01\", \"Resource\": \"*\""),
		want: []string{`1:78: error: string holds raw control character U+0001 [JSON_SYNTAX_ERROR]`}},
	{name: "escaped NUL", src: stmt(allow + `"Action": "s3:GetObject\u0000", "Resource": "*"`),
		want: []string{`1:71: error: string holds control character U+0000 [INVALID_CHARACTER]`}},
	{name: "escaped NUL in a resource policy", typ: Resource, src: stmt(allow + `"Principal": "*", "Action": "s3:GetObject\u0000", "Resource": "*"`),
		want: []string{`1:89: error: string holds control character U+0000 [INVALID_CHARACTER]`}},
	{name: "escaped tab is fine", src: stmt(allow + `"Action": "s3:*", "Resource": "*", "Condition": {"StringEquals": {"aws:UserAgent": "a\tb"}}`)},
	{name: "Cyrillic e", src: stmt(allow + `"Action": "s3:GetObjеct", "Resource": "*"`),
		want: []string{`1:81: error: string holds character 'е' (U+0435), outside the IAM character set [INVALID_CHARACTER]`}},
	{name: "Cyrillic e escaped", src: stmt(allow + `"Action": "s3:GetObj\u0435ct", "Resource": "*"`),
		want: []string{`1:71: error: string holds character 'е' (U+0435), outside the IAM character set [INVALID_CHARACTER]`}},
	{name: "Cyrillic e in a key", src: stmt(allow + `"Action": "s3:*", "Resource": "*", "Condition": {"StringEquals": {"aws:usеrname": "x"}}`),
		want: []string{`1:134: error: key holds character 'е' (U+0435), outside the IAM character set [INVALID_CHARACTER]`}},
	{name: "Cyrillic e in a resource policy", typ: Resource, src: stmt(allow + `"Principal": "*", "Action": "s3:GetObjеct", "Resource": "*"`),
		want: []string{`1:99: warning: string holds character 'е' (U+0435), outside the IAM character set [INVALID_CHARACTER]`}},
	{name: "no-break space is in the IAM set", src: stmt(allow + "\"Action\": \"s3:Get\u00a0Object\", \"Resource\": \"*\"")},
	{name: "escaped star", src: stmt(allow + `"Action": "s3:\u002a", "Resource": "*"`)},

	// null, types, empty values.
	{name: "null Effect", src: stmt(`"Effect": null, "Action": "s3:*", "Resource": "*"`),
		want: []string{`1:52: error: Effect is null [NULL_VALUE]`}},
	{name: "null Statement", src: `{"Statement": null}`,
		want: []string{`1:15: error: Statement is null [NULL_VALUE]`}},
	{name: "null in Action array", src: stmt(allow + `"Action": ["s3:*", null], "Resource": "*"`),
		want: []string{`1:80: error: an element of Action is null [NULL_VALUE]`}},
	{name: "null condition value", src: stmt(allow + `"Action": "s3:*", "Resource": "*", "Condition": {"Null": {"aws:TokenIssueTime": null}}`),
		want: []string{`1:141: error: condition key "aws:TokenIssueTime" is null [NULL_VALUE]`}},
	{name: "null Version", src: `{"Version": null, "Statement": {"Effect": "Allow", "Action": "s3:*", "Resource": "*"}}`,
		want: []string{`1:13: error: Version is null [NULL_VALUE]`}},
	{name: "Statement string", src: `{"Statement": "x"}`,
		want: []string{`1:15: error: Statement must be an object or an array of objects, found string [DATA_TYPE_MISMATCH]`}},
	{name: "Statement array of strings", src: `{"Statement": ["x"]}`,
		want: []string{`1:16: error: a statement must be an object, found string [DATA_TYPE_MISMATCH]`}},
	{name: "Action number", src: stmt(allow + `"Action": 5, "Resource": "*"`),
		want: []string{`1:71: error: Action must be a string or an array of strings, found number 5 [DATA_TYPE_MISMATCH]`}},
	{name: "Resource object", src: stmt(allow + `"Action": "s3:*", "Resource": {}`),
		want: []string{`1:91: error: Resource must be a string or an array of strings, found object [DATA_TYPE_MISMATCH]`}},
	{name: "nested array in Action", src: stmt(allow + `"Action": [["s3:*"]], "Resource": "*"`),
		want: []string{`1:72: error: an element of Action must be a string, found array [DATA_TYPE_MISMATCH]`}},
	{name: "Effect boolean", src: stmt(`"Effect": true, "Action": "s3:*", "Resource": "*"`),
		want: []string{`1:52: error: Effect must be "Allow" or "Deny", found boolean true [DATA_TYPE_MISMATCH]`}},
	{name: "top level array", src: `[{"Effect": "Allow"}]`,
		want: []string{`1:1: error: a policy document is a JSON object, found array [DATA_TYPE_MISMATCH]`}},
	{name: "empty Action array", src: stmt(allow + `"Action": [], "Resource": "*"`),
		want: []string{`1:71: error: Action is an empty array [EMPTY_ARRAY_ACTION]`}},
	{name: "empty NotAction array", src: stmt(allow + `"NotAction": [], "Resource": "*"`),
		want: []string{`1:74: error: NotAction is an empty array [EMPTY_ARRAY_ACTION]`}},
	{name: "empty Statement array", src: `{"Version": "2012-10-17", "Statement": []}`,
		want: []string{`1:40: error: Statement is an empty array [EMPTY_VALUE]`}},
	{name: "empty Resource string", src: stmt(allow + `"Action": "s3:*", "Resource": ""`),
		want: []string{`1:91: error: Resource is an empty string [EMPTY_VALUE]`}},
	{name: "empty NotResource array", src: stmt(allow + `"Action": "s3:*", "NotResource": []`),
		want: []string{`1:94: error: NotResource is an empty array [EMPTY_ARRAY_RESOURCE]`}},
	{name: "empty string in Action array", src: stmt(allow + `"Action": ["s3:*", ""], "Resource": "*"`),
		want: []string{`1:80: error: Action holds an empty string [EMPTY_VALUE]`}},
	{name: "empty Condition", src: stmt(allow + `"Action": "s3:*", "Resource": "*", "Condition": {}`),
		want: []string{`1:109: error: Condition is an empty object [EMPTY_OBJECT_CONDITION]`}},
	{name: "empty operator block", src: stmt(allow + `"Action": "s3:*", "Resource": "*", "Condition": {"Bool": {}}`),
		want: []string{`1:118: error: condition operator "Bool" has no condition keys [EMPTY_OBJECT_CONDITION]`}},
	{name: "empty condition values", src: stmt(allow + `"Action": "s3:*", "Resource": "*", "Condition": {"ForAllValues:StringEquals": {"aws:TagKeys": []}}`),
		want: []string{`1:155: error: condition key "aws:TagKeys" has an empty array of values [EMPTY_ARRAY_CONDITION_FORALLVALUES]`}},
	{name: "empty principal object", typ: Resource, src: stmt(allow + `"Principal": {}, "Action": "s3:*", "Resource": "*"`),
		want: []string{`1:74: error: Principal is an empty object [EMPTY_OBJECT_PRINCIPAL]`}},
	{name: "empty principal array", typ: Resource, src: stmt(allow + `"Principal": {"AWS": []}, "Action": "s3:*", "Resource": "*"`),
		want: []string{`1:82: error: Principal AWS is an empty array [EMPTY_ARRAY_PRINCIPAL]`}},
	{name: "Action and NotAction", src: stmt(allow + `"Action": "s3:*", "NotAction": "iam:*", "Resource": "*"`),
		want: []string{`1:79: error: statement has both Action and NotAction [UNSUPPORTED_ELEMENT_COMBINATION] (related 1:61: Action is here)`}},
	{name: "neither Action nor NotAction", src: stmt(allow + `"Resource": "*"`),
		want: []string{`1:41: error: statement has no Action or NotAction [MISSING_ACTION]`}},
	{name: "Resource and NotResource", src: stmt(allow + `"Action": "s3:*", "Resource": "*", "NotResource": "arn:aws:s3:::b"`),
		want: []string{`1:96: error: statement has both Resource and NotResource [UNSUPPORTED_ELEMENT_COMBINATION] (related 1:79: Resource is here)`}},
	{name: "Principal and NotPrincipal", typ: Resource, src: stmt(`"Effect": "Deny", "Principal": "*", "NotPrincipal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "s3:*", "Resource": "*"`),
		want: []string{`1:78: error: statement has both Principal and NotPrincipal [UNSUPPORTED_ELEMENT_COMBINATION] (related 1:60: Principal is here)`}},
	{name: "missing Effect", src: stmt(`"Action": "s3:*", "Resource": "*"`),
		want: []string{`1:41: error: statement has no Effect [MISSING_EFFECT]`}},
	{name: "invalid Effect", src: stmt(`"Effect": "allow", "Action": "s3:*", "Resource": "*"`),
		want: []string{`1:52: error: invalid Effect "allow" [INVALID_EFFECT]`}},
	{name: "missing Statement", src: `{"Version": "2012-10-17"}`,
		want: []string{`1:1: error: policy has no Statement [MISSING_STATEMENT]`}},
	{name: "Principal in identity policy", src: stmt(allow + `"Principal": "*", "Action": "s3:*", "Resource": "*"`),
		want: []string{`1:61: error: Principal is not allowed in an identity policy [UNSUPPORTED_PRINCIPAL]`}},
	{name: "Principal in boundary", typ: Boundary, src: stmt(allow + `"Principal": "*", "Action": "s3:*", "Resource": "*"`),
		want: []string{`1:61: error: Principal is not allowed in a permissions boundary [UNSUPPORTED_PRINCIPAL]`}},
	{name: "NotPrincipal in session policy", typ: Session, src: stmt(`"Effect": "Deny", "NotPrincipal": "*", "Action": "s3:*", "Resource": "*"`),
		want: []string{`1:60: error: NotPrincipal is not allowed in a session policy [UNSUPPORTED_PRINCIPAL]`}},
	{name: "Principal in SCP", typ: SCP, src: stmt(`"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*"`),
		want: []string{`1:60: error: Principal is not allowed in a service control policy [SCP_SYNTAX_ERROR_PRINCIPAL]`}},
	{name: "missing Principal in resource policy", typ: Resource, src: stmt(allow + `"Action": "s3:*", "Resource": "*"`),
		want: []string{`1:41: error: statement has no Principal [MISSING_PRINCIPAL]`}},
	{name: "missing Principal in trust policy", typ: Trust, src: stmt(allow + `"Action": "sts:AssumeRole"`),
		want: []string{`1:41: error: statement has no Principal [MISSING_PRINCIPAL]`}},
	{name: "NotPrincipal with Allow", typ: Resource, src: stmt(allow + `"NotPrincipal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "s3:*", "Resource": "*"`),
		want: []string{`1:61: error: NotPrincipal cannot be used with "Effect": "Allow" [ALLOW_WITH_NOT_PRINCIPAL]`}},
	{name: "NotPrincipal in trust policy", typ: Trust, src: stmt(`"Effect": "Deny", "NotPrincipal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "sts:AssumeRole"`),
		want: []string{`1:60: error: NotPrincipal is not allowed in a role trust policy [ROLE_TRUST_POLICY_SYNTAX_ERROR_NOTPRINCIPAL]`}},
	{name: "Resource in trust policy", typ: Trust, src: stmt(allow + `"Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole", "Resource": "*"`),
		want: []string{`1:136: error: a role trust policy has no Resource element [ROLE_TRUST_POLICY_SYNTAX_ERROR_RESOURCE]`}},
	{name: "principal string not star", typ: Resource, src: stmt(allow + `"Principal": "arn:aws:iam::111122223333:root", "Action": "s3:*", "Resource": "*"`),
		want: []string{`1:74: error: Principal string must be "*", found "arn:aws:iam::111122223333:root" [INVALID_PRINCIPAL_FORMAT]`}},
	{name: "principal type lower case", typ: Resource, src: stmt(allow + `"Principal": {"aws": "*"}, "Action": "s3:*", "Resource": "*"`),
		want: []string{`1:75: error: unknown principal type "aws" [INVALID_PRINCIPAL_KEY]`}},
	{name: "RCP principal not star", typ: RCP, src: stmt(`"Effect": "Deny", "Principal": {"AWS": "*"}, "Action": "s3:*", "Resource": "*"`),
		want: []string{`1:73: error: the Principal of a resource control policy must be "*" [RCP_SYNTAX_ERROR_PRINCIPAL]`}},
	{name: "RCP principal string not star", typ: RCP, src: stmt(`"Effect": "Deny", "Principal": "arn:aws:iam::111122223333:root", "Action": "s3:*", "Resource": "*"`),
		want: []string{`1:73: error: Principal string must be "*", found "arn:aws:iam::111122223333:root" [RCP_SYNTAX_ERROR_PRINCIPAL]`}},
	{name: "RCP NotPrincipal", typ: RCP, src: stmt(`"Effect": "Deny", "NotPrincipal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "s3:*", "Resource": "*"`),
		want: []string{`1:60: error: NotPrincipal is not allowed in a resource control policy [RCP_SYNTAX_ERROR_PRINCIPAL]`}},
	{name: "Version 2012-10-18", src: `{"Version": "2012-10-18", "Statement": {"Effect": "Allow", "Action": "s3:*", "Resource": "*"}}`,
		want: []string{`1:13: error: invalid Version "2012-10-18" [INVALID_VERSION]`}},
	{name: "Version number", src: `{"Version": 2012, "Statement": {"Effect": "Allow", "Action": "s3:*", "Resource": "*"}}`,
		want: []string{`1:13: error: Version must be a string ("2012-10-17"), found number 2012 [DATA_TYPE_MISMATCH]`}},
	{name: "Version missing is fine", src: `{"Statement": {"Effect": "Allow", "Action": "s3:*", "Resource": "*"}}`},
	{name: "Sid with dash", src: stmt(`"Sid": "read-only", ` + allow + `"Action": "s3:*", "Resource": "*"`),
		want: []string{`1:49: error: Sid "read-only" holds '-', which IAM does not accept [UNSUPPORTED_SID]`}},
	{name: "Sid with space in resource policy", typ: Resource, src: stmt(`"Sid": "read only", ` + allow + `"Principal": "*", "Action": "s3:*", "Resource": "*"`),
		want: []string{`1:49: warning: Sid "read only" holds ' ', which IAM does not accept [UNSUPPORTED_SID]`}},
	{name: "duplicate Sids", src: `{"Statement": [{"Sid": "A", "Effect": "Allow", "Action": "s3:*", "Resource": "*"}, {"Sid": "A", "Effect": "Deny", "Action": "s3:*", "Resource": "*"}]}`,
		want: []string{`1:92: error: Sid "A" is used by an earlier statement (at 1:24) [UNIQUE_SIDS_REQUIRED] (related 1:24: first use of the Sid)`}},
	{name: "duplicate Sids in resource policy", typ: Resource, src: `{"Statement": [{"Sid": "A", "Effect": "Allow", "Principal": "*", "Action": "s3:*", "Resource": "*"}, {"Sid": "A", "Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*"}]}`,
		want: []string{`1:110: warning: Sid "A" is used by an earlier statement (at 1:24) [UNIQUE_SIDS_RECOMMENDED] (related 1:24: first use of the Sid)`}},
	{name: "unknown operator", src: stmt(allow + `"Action": "s3:*", "Resource": "*", "Condition": {"StringEqual": {"aws:username": "x"}}`),
		want: []string{`1:110: error: unknown condition operator "StringEqual" [INVALID_CONDITION_OPERATOR]`}},
	{name: "operator case", src: stmt(allow + `"Action": "s3:*", "Resource": "*", "Condition": {"stringequals": {"aws:username": "x"}}`),
		want: []string{`1:110: error: unknown condition operator "stringequals" [INVALID_CONDITION_OPERATOR]`}},
	{name: "NullIfExists", src: stmt(allow + `"Action": "s3:*", "Resource": "*", "Condition": {"NullIfExists": {"aws:username": "true"}}`),
		want: []string{`1:110: error: condition operator "NullIfExists": Null cannot take the IfExists suffix [NULL_WITH_IF_EXISTS]`}},
	{name: "bad set prefix", src: stmt(allow + `"Action": "s3:*", "Resource": "*", "Condition": {"ForAllValue:StringEquals": {"aws:TagKeys": "x"}}`),
		want: []string{`1:110: error: unknown set operator "ForAllValue" in condition operator "ForAllValue:StringEquals" [INVALID_CONDITION_OPERATOR]`}},
	{name: "condition value object", src: stmt(allow + `"Action": "s3:*", "Resource": "*", "Condition": {"StringEquals": {"aws:username": {"a": "b"}}}`),
		want: []string{`1:143: error: condition key "aws:username" must be a string, number or boolean, or an array of them, found object [DATA_TYPE_MISMATCH]`}},
	{name: "condition value nested array", src: stmt(allow + `"Action": "s3:*", "Resource": "*", "Condition": {"StringEquals": {"aws:username": ["a", ["b"]]}}`),
		want: []string{`1:149: error: a value of condition key "aws:username" must be a string, number or boolean, found array [DATA_TYPE_MISMATCH]`}},
	{name: "condition scalars", src: stmt(allow + `"Action": "s3:*", "Resource": "*", "Condition": {"Bool": {"aws:SecureTransport": true}, "NumericLessThan": {"s3:max-keys": 10}}`)},
	{name: "Condition array", src: stmt(allow + `"Action": "s3:*", "Resource": "*", "Condition": [{"Bool": {"aws:SecureTransport": true}}]`),
		want: []string{`1:109: error: Condition must be an object, found array [DATA_TYPE_MISMATCH]`}},
	{name: "depth bomb", src: strings.Repeat("[", 100000),
		want: []string{`1:65: error: arrays and objects nest more than 64 levels deep [NESTING_TOO_DEEP]`}},
	{name: "document over the size cap", src: stmt(allow + `"Action": "s3:*", "Resource": "*", "Sid": "` + strings.Repeat("a", DefaultMaxSize) + `"`),
		want: []string{`1:1: error: document is 1048683 bytes, over the limit of 1048576 bytes [DOCUMENT_TOO_LARGE]`}},
}

func TestParseBadInput(t *testing.T) {
	tests := badInputCases
	names := map[string]bool{}
	for _, tt := range tests {
		if names[tt.name] {
			t.Fatalf("duplicate test name %q", tt.name)
		}
		names[tt.name] = true
		t.Run(tt.name, func(t *testing.T) {
			p, diags := Parse("p.json", []byte(tt.src), ParseOptions{Type: tt.typ, Legacy: tt.legacy})
			diags.Sort()
			want := append([]string(nil), tt.want...)
			if diff := cmp.Diff(sortedLines(want), lines(diags)); diff != "" {
				t.Errorf("diagnostics (-want +got):\n%s", diff)
			}
			for _, d := range diags {
				if d.Range.File != "p.json" || d.Range.Start.Offset > len(tt.src) || d.Range.End.Offset > len(tt.src) {
					t.Errorf("diagnostic %v: bad range %+v", d, d.Range)
				}
				if d.Severity == diag.Error && d.Code != CodeJSONSyntax && d.Code != CodeTooDeep && d.Code != CodeTooLarge && d.Path == "" && d.Range.Start.Offset != 0 {
					t.Errorf("diagnostic %v has no JSON Pointer", d)
				}
			}
			if p == nil && !strings.Contains(strings.Join(tt.want, "\n"), "JSON_SYNTAX_ERROR") && !strings.Contains(strings.Join(tt.want, "\n"), "NESTING_TOO_DEEP") && !strings.Contains(strings.Join(tt.want, "\n"), "DOCUMENT_TOO_LARGE") {
				t.Errorf("Parse returned no policy for valid JSON")
			}
		})
	}
}

// sortedLines orders expected diagnostics the way diag.List.Sort orders the
// ones they describe: by position (line, then column).
func sortedLines(want []string) []string {
	type keyed struct {
		line, col int
		s         string
	}
	var ks []keyed
	for _, w := range want {
		var l, c int
		fmt.Sscanf(w, "%d:%d:", &l, &c)
		ks = append(ks, keyed{l, c, w})
	}
	for i := 1; i < len(ks); i++ {
		for j := i; j > 0 && (ks[j].line < ks[j-1].line || ks[j].line == ks[j-1].line && ks[j].col < ks[j-1].col); j-- {
			ks[j], ks[j-1] = ks[j-1], ks[j]
		}
	}
	var out []string
	for _, k := range ks {
		out = append(out, k.s)
	}
	return out
}

func TestParseDetails(t *testing.T) {
	// "Did you mean" hints and fix-it details for the common typos.
	tests := []struct {
		src, want string
	}{
		{stmt(allow + `"Action": "s3:*", "Resource": "*", "Condtion": {}`), `did you mean "Condition"?`},
		{stmt(allow + `"Action": "s3:*", "Resources": "*"`), `did you mean "Resource"?`},
		{stmt(`"effect": "Allow", "Action": "s3:*", "Resource": "*"`), `did you mean "Effect"? element names are case-sensitive`},
		{stmt(allow + `"Action": "s3:*", "Resource": "*", "Condition": {"StringEqual": {"a:b": "x"}}`), `did you mean "StringEquals"? operator names are case-sensitive`},
		{stmt(allow + `"Action": "s3:*", "Resource": "*", "Condition": {"ForAnyValues:StringLike": {"a:b": "x"}}`), `did you mean "ForAnyValue:StringLike"?`},
		{"\ufeff{}", "JSON text must not start with a byte order mark (RFC 8259 section 8.1); save the file as UTF-8 without BOM"},
		{`  "Version": "2012-10-17"`, "the document seems to be missing its opening '{'"},
	}
	for _, tt := range tests {
		_, diags := Parse("p.json", []byte(tt.src), ParseOptions{})
		var details []string
		for _, d := range diags {
			details = append(details, d.Detail)
		}
		found := false
		for _, d := range details {
			found = found || d == tt.want
		}
		if !found {
			t.Errorf("Parse(%s): details %q, want one to be %q", tt.src, details, tt.want)
		}
	}
}

func TestParseLegacy(t *testing.T) {
	src := `{"Statement": {"Effect": "Deny", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::a/*",
		"Effect": "Allow", "Action": ["s3:PutObject", "s3:DeleteObject"], "Resource": "arn:aws:s3:::b/*"}}`
	p, diags := Parse("p.json", []byte(src), ParseOptions{Legacy: true})
	if diags.HasErrors() || len(diags) != 3 {
		t.Fatalf("want 3 warnings, got %v", diags)
	}
	s := p.Statements[0]
	got := struct {
		Legacy, EffectRepeated, ActionRepeated, ResourceRepeated, ActionSingle bool
		Effect                                                                 Effect
		Actions, Resources                                                     []string
	}{p.Legacy, s.EffectRepeated, s.Action.Repeated, s.Resource.Repeated, s.Action.Single, s.Effect, s.Action.Strings(), s.Resource.Strings()}
	want := got
	want.Legacy, want.EffectRepeated, want.ActionRepeated, want.ResourceRepeated, want.ActionSingle = true, true, true, true, false
	want.Effect = Allow
	want.Actions = []string{"s3:GetObject", "s3:PutObject", "s3:DeleteObject"}
	want.Resources = []string{"arn:aws:s3:::a/*", "arn:aws:s3:::b/*"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("legacy merge (-want +got):\n%s", diff)
	}
	// The same document without duplicates is not legacy.
	p, diags = Parse("p.json", []byte(stmt(allow+`"Action": "s3:*", "Resource": "*"`)), ParseOptions{Legacy: true})
	if len(diags) != 0 || p.Legacy {
		t.Errorf("clean document in legacy mode: Legacy=%v, %v", p.Legacy, diags)
	}
}

// TestParseTypes checks that a minimal valid document of each policy type
// parses without diagnostics.
func TestParseTypes(t *testing.T) {
	docs := map[Type]string{
		Identity: stmt(allow + `"Action": "s3:GetObject", "Resource": "*"`),
		Resource: stmt(allow + `"Principal": {"AWS": ["arn:aws:iam::111122223333:root"], "Service": "s3.amazonaws.com"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"`),
		Trust:    stmt(allow + `"Principal": {"Federated": "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"}, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": {"StringLike": {"token.actions.githubusercontent.com:sub": "repo:o/r:*"}}`),
		SCP:      stmt(`"Effect": "Deny", "NotAction": ["iam:*"], "Resource": "*", "Condition": {"StringNotEquals": {"aws:RequestedRegion": ["eu-west-1"]}}`),
		RCP:      stmt(`"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*", "Condition": {"BoolIfExists": {"aws:SecureTransport": "false"}}`),
		Boundary: stmt(allow + `"NotAction": "iam:*", "NotResource": "arn:aws:s3:::secret/*"`),
		Session:  stmt(allow + `"Action": ["s3:GetObject"], "Resource": ["*"]`),
	}
	for _, typ := range Types() {
		p, diags := Parse("p.json", []byte(docs[typ]), ParseOptions{Type: typ})
		if len(diags) != 0 {
			t.Errorf("%v: %v", typ, diags)
			continue
		}
		if p.Type != typ {
			t.Errorf("%v: Policy.Type = %v", typ, p.Type)
		}
	}
}

// TestParseSeeds parses the policies copied from the seed documents
// (testdata/seeds at the repository root) and compares the diagnostics with a
// golden file.
func TestParseSeeds(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("..", "testdata", "seeds", "*.json"))
	if err != nil || len(files) != 5 {
		t.Fatalf("want 5 seed policies, got %d (%v)", len(files), err)
	}
	var b strings.Builder
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		name := filepath.Base(f)
		p, diags := Parse(name, src, ParseOptions{Type: Identity})
		fmt.Fprintf(&b, "# %s\n", name)
		if p != nil {
			fmt.Fprintf(&b, "statements: %d\n", len(p.Statements))
		}
		for _, d := range diags {
			fmt.Fprintf(&b, "%s\n", d)
			if d.Detail != "" {
				fmt.Fprintf(&b, "\t%s\n", d.Detail)
			}
		}
	}
	golden(t, filepath.Join("testdata", "seeds.golden"), b.String())
}

func golden(t *testing.T, path, got string) {
	t.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o777); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o666); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if diff := cmp.Diff(string(want), got); diff != "" {
		t.Errorf("%s (-want +got):\n%s", path, diff)
	}
}
