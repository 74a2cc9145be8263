package eval

// rcpServices lists the services whose resources resource control policies
// govern, from the Organizations RCP page
// (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps.html,
// "List of AWS services that support RCPs").
var rcpServices = map[string]bool{
	"s3":             true,
	"sts":            true,
	"kms":            true,
	"sqs":            true,
	"secretsmanager": true,
}

// rcpSupported reports whether RCPs apply to the service's resources.
var rcpSupported = func(service string) bool { return rcpServices[service] }
