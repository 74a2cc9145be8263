package lint

import (
	"strings"

	"github.com/leastpriv/leastpriv/iam"
)

// A Container is where a policy is stored, which decides its size quota:
// a customer managed policy, a user's, role's or group's inline policies, a
// role trust policy, an Organizations policy, a resource's policy. The zero
// value means "what the policy type suggests" (see Quota).
type Container uint8

// The containers.
const (
	DefaultContainer Container = iota
	ManagedPolicy              // customer managed policy (also a permissions boundary)
	UserInline                 // inline policies of an IAM user (aggregate)
	RoleInline                 // inline policies of an IAM role (aggregate)
	GroupInline                // inline policies of an IAM group (aggregate)
	RoleTrust                  // a role's trust policy
	OrganizationsSCP           // service control policy
	OrganizationsRCP           // resource control policy
	BucketPolicy               // S3 bucket policy
	KeyPolicy                  // KMS key policy
	QueuePolicy                // SQS queue policy
	SessionPolicy              // inline session policy passed to sts:AssumeRole*
	TopicPolicy                // SNS topic policy (no quota checked)
	SecretPolicy               // Secrets Manager secret policy (no quota checked)
	RepositoryPolicy           // ECR repository policy (no quota checked)
	FunctionPolicy             // Lambda function policy (no quota checked)
	NoQuota                    // no known quota
)

// A Quota is a size limit on policy documents.
type Quota struct {
	Container Container
	Name      string // "customer managed policy"
	Limit     int    // characters (bytes for resource policies)
	// Whitespace reports whether whitespace counts. IAM does not count
	// whitespace; Organizations does.
	Whitespace bool
	// Bytes reports that the limit is in bytes of the document rather
	// than characters.
	Bytes bool
	// Source is AWS's documentation of the limit.
	Source string
}

const (
	iamQuotasURL = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html"
	orgQuotasURL = "https://docs.aws.amazon.com/organizations/latest/userguide/orgs_reference_limits.html"
)

var quotas = map[Container]Quota{
	ManagedPolicy:    {Name: "customer managed policy", Limit: 6144, Source: iamQuotasURL},
	UserInline:       {Name: "user inline policy (aggregate)", Limit: 2048, Source: iamQuotasURL},
	RoleInline:       {Name: "role inline policy (aggregate)", Limit: 10240, Source: iamQuotasURL},
	GroupInline:      {Name: "group inline policy (aggregate)", Limit: 5120, Source: iamQuotasURL},
	RoleTrust:        {Name: "role trust policy", Limit: 2048, Source: iamQuotasURL},
	OrganizationsSCP: {Name: "service control policy", Limit: 5120, Whitespace: true, Source: orgQuotasURL},
	OrganizationsRCP: {Name: "resource control policy", Limit: 5120, Whitespace: true, Source: orgQuotasURL},
	BucketPolicy:     {Name: "S3 bucket policy", Limit: 20 * 1024, Whitespace: true, Bytes: true, Source: "https://docs.aws.amazon.com/AmazonS3/latest/userguide/using-iam-policies.html"},
	KeyPolicy:        {Name: "KMS key policy", Limit: 32 * 1024, Whitespace: true, Bytes: true, Source: "https://docs.aws.amazon.com/kms/latest/developerguide/resource-limits.html"},
	QueuePolicy:      {Name: "SQS queue policy", Limit: 8192, Whitespace: true, Bytes: true, Source: "https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/quotas-policies.html"},
	SessionPolicy:    {Name: "session policy", Limit: 2048, Source: "https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html"},
}

var containerNames = map[Container]string{
	DefaultContainer: "default",
	ManagedPolicy:    "managed",
	UserInline:       "user",
	RoleInline:       "role",
	GroupInline:      "group",
	RoleTrust:        "trust",
	OrganizationsSCP: "scp",
	OrganizationsRCP: "rcp",
	BucketPolicy:     "bucket",
	KeyPolicy:        "key",
	QueuePolicy:      "queue",
	SessionPolicy:    "session",
	TopicPolicy:      "topic",
	SecretPolicy:     "secret",
	RepositoryPolicy: "repository",
	FunctionPolicy:   "function",
	NoQuota:          "none",
}

// String returns the name used on the command line ("managed").
func (c Container) String() string { return containerNames[c] }

// ContainerNames lists the names ParseContainer accepts.
func ContainerNames() []string {
	out := make([]string, 0, len(containerNames))
	for c := DefaultContainer; c <= NoQuota; c++ {
		out = append(out, containerNames[c])
	}
	return out
}

// ParseContainer parses a name returned by String, in any case.
func ParseContainer(s string) (Container, bool) {
	for c, n := range containerNames {
		if strings.EqualFold(n, s) {
			return c, true
		}
	}
	return 0, false
}

// QuotaFor returns the size quota of a policy of type t stored in c; with
// DefaultContainer the type decides (identity policies and boundaries are
// taken to be managed policies). ok is false when no quota is known.
func QuotaFor(c Container, t iam.Type) (q Quota, ok bool) {
	if c == DefaultContainer {
		switch t {
		case iam.Identity, iam.Boundary:
			c = ManagedPolicy
		case iam.Trust:
			c = RoleTrust
		case iam.SCP:
			c = OrganizationsSCP
		case iam.RCP:
			c = OrganizationsRCP
		case iam.Session:
			c = SessionPolicy
		default:
			return Quota{}, false
		}
	}
	q, ok = quotas[c]
	q.Container = c
	return q, ok
}

// A ResourceKind is the resource a resource policy is attached to, as far as
// its container says.
type ResourceKind struct {
	// Service is the service prefix of the actions and resource ARNs the
	// policy may name ("s3").
	Service string
	// Type names the resource in messages, as CloudFormation and Access
	// Analyzer do ("AWS::S3::Bucket").
	Type string
}

var resourceKinds = map[Container]ResourceKind{
	BucketPolicy:     {"s3", "AWS::S3::Bucket"},
	KeyPolicy:        {"kms", "AWS::KMS::Key"},
	QueuePolicy:      {"sqs", "AWS::SQS::Queue"},
	TopicPolicy:      {"sns", "AWS::SNS::Topic"},
	SecretPolicy:     {"secretsmanager", "AWS::SecretsManager::Secret"},
	RepositoryPolicy: {"ecr", "AWS::ECR::Repository"},
	FunctionPolicy:   {"lambda", "AWS::Lambda::Function"},
}

// ResourceKindOf returns the resource a policy stored in c is attached to;
// ok is false for containers that are not one resource's policy.
func ResourceKindOf(c Container) (k ResourceKind, ok bool) {
	k, ok = resourceKinds[c]
	return k, ok
}
