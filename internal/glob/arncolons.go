package glob

import "strings"

// A ColonPlaceholder is an ARN format placeholder whose value AWS documents
// may contain a colon: the precise reading ([Precise]) lets it hold any
// text; every other placeholder holds none.
type ColonPlaceholder struct {
	// Service is the service component of the ARN formats concerned ("s3"
	// in arn:${Partition}:s3:::${BucketName}/${ObjectName}), which is not
	// always the prefix of the catalog service that lists the format.
	Service string
	// Placeholder is the name between "${" and "}".
	Placeholder string
	// Forms are the documented shapes of the values that hold ':', in a
	// small glob syntax: '*' is text without ':', "**" any text, "\\*" a
	// literal '*', every other character itself ("*:*" is NAME:QUALIFIER,
	// "aws:cloudtrail" that one name). Values without ':' are always
	// included.
	Forms []string
	// Why says what the value is and how its documentation admits ':'.
	Why string
	// Source is the AWS documentation that says so.
	Source string
}

// ColonPlaceholders lists the placeholders of the catalog's ARN formats
// whose values AWS documents may contain ':': free-form keys and paths,
// names whose documented pattern includes ':', timestamps and embedded
// ARNs. It is curated, not derived: the AWS documentation of each resource
// name was read for the placeholders whose names suggest free text (keys,
// paths, topics, names of IoT things), structured values (ARNs, URIs,
// timestamps) and the resources of IAM and S3. A placeholder missing from
// it that can hold ':' makes the precise reading miss requests on such
// names; the sound reading ([Sound]) still covers them, and the comparison
// (package compare) reports what only the sound reading finds as
// reachable "only if a resource name contains ':'".
//
// Values that merely sit between literal colons of a format
// (log-group:${LogGroupName}:log-stream:${LogStreamName}) need no entry.
// Placeholders whose documentation excludes ':' or confines it to encoded
// forms are left out, for instance ${UrlEncodedResourceARN} (percent-
// encoded), ${LogStreamName} ("':' and '*' are not allowed"), the names of
// Step Functions resources (':' excluded) and ${ConsumerCreationTimpstamp}
// of Kinesis (seconds since the epoch).
var ColonPlaceholders = []ColonPlaceholder{
	{"s3", "ObjectName", []string{"**"}, "object keys are any UTF-8 text; ':' is among the characters that \"might require special handling\"",
		"https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-keys.html"},
	{"s3-outposts", "ObjectName", []string{"**"}, "object keys, as in S3",
		"https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-keys.html"},
	{"iam", "RoleNameWithPath", []string{"**"}, "a path may hold any ASCII character from '!' to '~'",
		"https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html"},
	{"iam", "UserNameWithPath", []string{"**"}, "a path may hold any ASCII character from '!' to '~'",
		"https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateUser.html"},
	{"iam", "GroupNameWithPath", []string{"**"}, "a path may hold any ASCII character from '!' to '~'",
		"https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateGroup.html"},
	{"iam", "PolicyNameWithPath", []string{"**"}, "a path may hold any ASCII character from '!' to '~'",
		"https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreatePolicy.html"},
	{"iam", "InstanceProfileNameWithPath", []string{"**"}, "a path may hold any ASCII character from '!' to '~'",
		"https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateInstanceProfile.html"},
	{"iam", "CertificateNameWithPath", []string{"**"}, "a path may hold any ASCII character from '!' to '~'",
		"https://docs.aws.amazon.com/IAM/latest/APIReference/API_UploadServerCertificate.html"},
	{"iam", "MfaTokenIdWithPath", []string{"**"}, "a path may hold any ASCII character from '!' to '~'",
		"https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateVirtualMFADevice.html"},
	{"execute-api", "ApiSpecificResourcePath", []string{"**"}, "the resource path of the API Gateway method called (URL path text, where ':' is allowed)",
		"https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-control-access-using-iam-policies-to-invoke-api.html"},
	{"vpc-lattice", "RequestPath", []string{"**"}, "the HTTP path of the request to a VPC Lattice service",
		"https://docs.aws.amazon.com/vpc-lattice/latest/ug/auth-policies.html"},
	{"logs", "LogGroupName", []string{`*:\*`}, "IAM names a log group ...:log-group:NAME:* for most actions (LogGroup.arn \"includes a trailing :* ... Use this version ... in IAM policies\")",
		"https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_LogGroup.html"},
	{"lambda", "FunctionName", []string{"*:*"}, "actions on a function can name it \"by function, version, or alias ARN\" (function:NAME:QUALIFIER)",
		"https://docs.aws.amazon.com/lambda/latest/dg/lambda-api-permissions-ref.html"},
	{"lambda", "LayerName", []string{"*:*"}, "\"actions related to layer usage and permissions act on a version of a layer\" (layer:NAME:VERSION)",
		"https://docs.aws.amazon.com/lambda/latest/dg/lambda-api-permissions-ref.html"},
	{"dynamodb", "StreamLabel", []string{"*:*:*"}, "\"a timestamp, in ISO 8601 format\" (2015-05-11T21:21:33.291)",
		"https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_streams_Stream.html"},
	{"glue", "DatabaseName", []string{"aws:cloudtrail"}, "CloudTrail Lake federation \"creates a managed database named aws:cloudtrail\"",
		"https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_EnableFederation.html"},
	{"glue", "ConnectionName", []string{"aws:s3tables"}, "AWS's managed policy for SageMaker Studio projects names the connection aws:s3tables",
		"https://docs.aws.amazon.com/aws-managed-policy/latest/reference/SageMakerStudioProjectProvisioningRolePolicy.html"},
	{"rds", "SnapshotName", []string{"awsbackup:*"}, "AWS Backup names the snapshots it creates awsbackup:job-... (its managed policy grants on snapshot:awsbackup:*)",
		"https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AWSBackupServiceRolePolicyForBackup.html"},
	{"rds", "ClusterSnapshotName", []string{"awsbackup:*"}, "AWS Backup names the cluster snapshots it creates awsbackup:job-... (same policy, cluster-snapshot:awsbackup:*)",
		"https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AWSBackupServiceRolePolicyForBackup.html"},
	{"cloudformation", "StackSetTarget", []string{"*:*"}, "AWS's managed policy for Systems Manager grants on stackset-target/AWS-QuickSetup-SSM*:*",
		"https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AmazonSSMServiceRolePolicy.html"},
	{"arc-region-switch", "ResourceId", []string{"*:*"}, "AWS's managed policy for Resilience Hub reads plan executions on plan/*:*",
		"https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AWSResilienceHubResilienceTestingPolicy.html"},
	{"a4b", "ResourceId", []string{"*:*"}, "AWS's managed policies for Alexa for Business name devices device/*/*:DEVICE-TYPE",
		"https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AlexaForBusinessPolyDelegatedAccessPolicy.html"},
	{"iot", "ThingName", []string{"**"}, "pattern [a-zA-Z0-9:_-]+",
		"https://docs.aws.amazon.com/iot/latest/apireference/API_ThingAttribute.html"},
	{"iot", "ThingTypeName", []string{"**"}, "pattern [a-zA-Z0-9:_-]+",
		"https://docs.aws.amazon.com/iot/latest/apireference/API_ThingAttribute.html"},
	{"iot", "ThingGroupName", []string{"**"}, "pattern [a-zA-Z0-9:_-]+",
		"https://docs.aws.amazon.com/iot/latest/apireference/API_ThingDocument.html"},
	{"iot", "BillingGroupName", []string{"**"}, "pattern [a-zA-Z0-9:_-]+",
		"https://docs.aws.amazon.com/iot/latest/apireference/API_CreateBillingGroup.html"},
	{"greengrass", "ThingName", []string{"**"}, "an AWS IoT thing name, pattern [a-zA-Z0-9:_-]+",
		"https://docs.aws.amazon.com/iot/latest/apireference/API_ThingAttribute.html"},
	{"greengrass", "CoreDeviceThingName", []string{"**"}, "an AWS IoT thing name, pattern [a-zA-Z0-9:_-]+",
		"https://docs.aws.amazon.com/iot/latest/apireference/API_ThingAttribute.html"},
	{"iot", "ClientId", []string{"**"}, "MQTT client IDs are UTF-8 text (SendDirectMessage: pattern ^[^$].*)",
		"https://docs.aws.amazon.com/iot/latest/apireference/API_iotdata_SendDirectMessage.html"},
	{"iot", "TopicName", []string{"**"}, "MQTT topic names are UTF-8 text",
		"https://docs.aws.amazon.com/iot/latest/developerguide/topics.html"},
	{"iot", "TopicFilter", []string{"**"}, "MQTT topic filters are UTF-8 text",
		"https://docs.aws.amazon.com/iot/latest/developerguide/topics.html"},
	{"cloudwatch", "AlarmName", []string{"**"}, "UTF-8 text without control characters (no pattern)",
		"https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html"},
	{"cloudwatch", "InsightRuleName", []string{"**"}, "pattern [\\x20-\\x7E]+",
		"https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutInsightRule.html"},
	{"codeartifact", "PackageName", []string{"**"}, "pattern [^#/\\s]+ (anything but '#', '/' and white space)",
		"https://docs.aws.amazon.com/codeartifact/latest/APIReference/API_PackageSummary.html"},
	{"codeartifact", "PackageNamespace", []string{"**"}, "pattern [^#/\\s]+",
		"https://docs.aws.amazon.com/codeartifact/latest/APIReference/API_PackageSummary.html"},
	{"mediaconvert", "CertificateArn", []string{"arn:*:acm:*:*:certificate/*"}, "an ACM certificate ARN",
		"https://docs.aws.amazon.com/mediaconvert/latest/apireference/certificates.html"},
	{"mgh", "ConnectionArn", []string{"arn:**"}, "an ARN",
		"https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsmigrationhub.html"},
	{"profile", "Uri", []string{"**"}, "the URI of the integration's source, such as an AppFlow flow ARN",
		"https://docs.aws.amazon.com/customerprofiles/latest/APIReference/API_PutIntegration.html"},
}

// colonIndex maps service "\x00" placeholder to the entry of
// ColonPlaceholders.
var colonIndex = func() map[string]*ColonPlaceholder {
	m := make(map[string]*ColonPlaceholder, len(ColonPlaceholders))
	for i, p := range ColonPlaceholders {
		m[p.Service+"\x00"+p.Placeholder] = &ColonPlaceholders[i]
	}
	return m
}()

// colonForms returns the expressions a placeholder (its name without
// "${}") of an ARN format of the service stands for in the precise reading:
// text without ':', and the documented forms of values that hold one.
func colonForms(service, name string) []Expr {
	forms := []Expr{{{Kind: AnyRun, InSegment: true}}}
	if p := colonIndex[service+"\x00"+name]; p != nil && name != "" {
		for _, f := range p.Forms {
			if f == "**" {
				return []Expr{{{Kind: AnyRun}}} // any text: the others are in it
			}
			forms = append(forms, formExpr(f))
		}
	}
	return forms
}

// formExpr parses a form of ColonPlaceholder.Forms.
func formExpr(f string) Expr {
	var e Expr
	for i := 0; i < len(f); i++ {
		switch {
		case strings.HasPrefix(f[i:], "**"):
			e = append(e, Token{Kind: AnyRun})
			i++
		case f[i] == '*':
			e = append(e, Token{Kind: AnyRun, InSegment: true})
		case strings.HasPrefix(f[i:], `\*`):
			e = appendExpr(e, Expr{{Kind: Literal, Text: "*"}})
			i++
		default:
			e = appendExpr(e, Expr{{Kind: Literal, Text: f[i : i+1]}})
		}
	}
	return e
}
