package iamrules

// A privescMethod is a known way to escalate privileges with a set of IAM
// permissions that a single policy can grant. The list is data: each entry
// names its source.
type privescMethod struct {
	Name    string   // the name the source uses
	Actions []string // every one is needed
	What    string   // what the permissions let the principal do
	Source  string
}

const (
	srcRhino     = rhinoPrivesc
	srcPacu      = "https://github.com/RhinoSecurityLabs/pacu/blob/master/pacu/modules/iam__privesc_scan/main.py"
	srcBishopFox = "https://bishopfox.com/blog/privilege-escalation-in-aws"
	srcHackingTC = "https://hackingthe.cloud/aws/exploitation/iam_privilege_escalation/"
)

// privescMethods are the single-policy privilege-escalation methods checked by
// PRIVILEGE_ESCALATION: Rhino Security Labs' 21 methods (also in Parliament's
// and Cloudsplaining's checks), the additions of Pacu's iam__privesc_scan,
// and paths documented by Bishop Fox and Hacking the Cloud.
var privescMethods = []privescMethod{
	{"CreateNewPolicyVersion", []string{"iam:CreatePolicyVersion"}, "create a new default version of a policy attached to itself, with any permissions", srcRhino},
	{"SetExistingDefaultPolicyVersion", []string{"iam:SetDefaultPolicyVersion"}, "make an older, more permissive version of a policy the default", srcRhino},
	{"CreateEC2WithExistingInstanceProfile", []string{"iam:PassRole", "ec2:RunInstances"}, "start an instance with a privileged role and use its credentials", srcRhino},
	{"CreateAccessKey", []string{"iam:CreateAccessKey"}, "create access keys for other IAM users, including administrators", srcRhino},
	{"CreateLoginProfile", []string{"iam:CreateLoginProfile"}, "set a console password for users that have none and sign in as them", srcRhino},
	{"UpdateLoginProfile", []string{"iam:UpdateLoginProfile"}, "change other users' console passwords and sign in as them", srcRhino},
	{"AttachUserPolicy", []string{"iam:AttachUserPolicy"}, "attach AdministratorAccess to itself", srcRhino},
	{"AttachGroupPolicy", []string{"iam:AttachGroupPolicy"}, "attach AdministratorAccess to a group it belongs to", srcRhino},
	{"AttachRolePolicy", []string{"iam:AttachRolePolicy", "sts:AssumeRole"}, "attach AdministratorAccess to a role it can assume", srcRhino},
	{"PutUserPolicy", []string{"iam:PutUserPolicy"}, "write an inline policy with any permissions on itself", srcRhino},
	{"PutGroupPolicy", []string{"iam:PutGroupPolicy"}, "write an inline policy with any permissions on its group", srcRhino},
	{"PutRolePolicy", []string{"iam:PutRolePolicy", "sts:AssumeRole"}, "write an inline policy with any permissions on a role it can assume", srcRhino},
	{"AddUserToGroup", []string{"iam:AddUserToGroup"}, "add itself to an administrators group", srcRhino},
	{"UpdateRolePolicyToAssumeIt", []string{"iam:UpdateAssumeRolePolicy", "sts:AssumeRole"}, "rewrite a privileged role's trust policy and assume it", srcRhino},
	{"PassExistingRoleToNewLambdaThenInvoke", []string{"iam:PassRole", "lambda:CreateFunction", "lambda:InvokeFunction"}, "create a function that runs with a privileged role, and invoke it", srcRhino},
	{"PassExistingRoleToNewLambdaThenTriggerWithDynamo", []string{"iam:PassRole", "lambda:CreateFunction", "lambda:CreateEventSourceMapping"}, "create a function with a privileged role and have an event source run it", srcRhino},
	{"EditExistingLambdaFunctionWithRole", []string{"lambda:UpdateFunctionCode"}, "replace the code of functions that run with privileged roles", srcRhino},
	{"PassExistingRoleToNewGlueDevEndpoint", []string{"iam:PassRole", "glue:CreateDevEndpoint"}, "create a Glue development endpoint with a privileged role and log in to it", srcRhino},
	{"UpdateExistingGlueDevEndpoint", []string{"glue:UpdateDevEndpoint"}, "add its SSH key to a Glue endpoint that has a privileged role", srcRhino},
	{"PassExistingRoleToCloudFormation", []string{"iam:PassRole", "cloudformation:CreateStack"}, "create a stack that acts with a privileged role", srcRhino},
	{"PassExistingRoleToNewDataPipeline", []string{"iam:PassRole", "datapipeline:CreatePipeline", "datapipeline:PutPipelineDefinition"}, "create a pipeline that runs commands with a privileged role", srcRhino},
	{"PassExistingRoleToNewLambdaThenInvokeCrossAccount", []string{"iam:PassRole", "lambda:CreateFunction", "lambda:AddPermission"}, "create a function with a privileged role and let another account invoke it", srcPacu},
	{"AddExistingLambdaLayerToLambdaFunctionWithRole", []string{"lambda:UpdateFunctionConfiguration"}, "attach a layer with its own code to functions that run with privileged roles", srcPacu},
	{"PassRoleToNewSageMakerJupyterNotebook", []string{"iam:PassRole", "sagemaker:CreateNotebookInstance", "sagemaker:CreatePresignedNotebookInstanceUrl"}, "create a notebook with a privileged role and open it", srcPacu},
	{"AccessExistingSageMakerJupyterNotebook", []string{"sagemaker:CreatePresignedNotebookInstanceUrl"}, "open notebooks that run with privileged roles", srcPacu},
	{"PassExistingRoleToNewCodeStarProject", []string{"iam:PassRole", "codestar:CreateProject"}, "create a CodeStar project that acts with a privileged role", srcPacu},
	{"PassRoleToNewECSTask", []string{"iam:PassRole", "ecs:RegisterTaskDefinition", "ecs:RunTask"}, "run a container task with a privileged role", srcBishopFox},
	{"PassRoleToNewCodeBuildProject", []string{"iam:PassRole", "codebuild:CreateProject", "codebuild:StartBuild"}, "run a build with a privileged service role", srcBishopFox},
	{"PassRoleToNewGlueJob", []string{"iam:PassRole", "glue:CreateJob", "glue:StartJobRun"}, "run a Glue job with a privileged role", srcHackingTC},
	{"SendCommandToInstanceWithRole", []string{"ssm:SendCommand"}, "run commands on instances and read their role credentials", srcHackingTC},
	{"StartSessionOnInstanceWithRole", []string{"ssm:StartSession"}, "open a shell on instances and use their role credentials", srcHackingTC},
}

// credentialActions return credentials or secrets that act as credentials:
// Cloudsplaining's credentials-exposure category.
var credentialActions = []string{
	"iam:CreateAccessKey", "iam:UpdateAccessKey", "iam:CreateLoginProfile", "iam:UpdateLoginProfile",
	"iam:CreateServiceSpecificCredential", "iam:ResetServiceSpecificCredential",
	"sts:AssumeRole", "sts:AssumeRoleWithSAML", "sts:AssumeRoleWithWebIdentity", "sts:GetFederationToken", "sts:GetSessionToken",
	"ec2:GetPasswordData", "ecr:GetAuthorizationToken", "codeartifact:GetAuthorizationToken",
	"redshift:GetClusterCredentials", "redshift:GetClusterCredentialsWithIAM", "rds-db:connect",
	"sso:GetRoleCredentials", "cognito-identity:GetCredentialsForIdentity", "cognito-identity:GetOpenIdToken",
	"cognito-identity:GetOpenIdTokenForDeveloperIdentity", "connect:GetFederationToken",
	"gamelift:GetInstanceAccess", "gamelift:RequestUploadCredentials", "lightsail:GetInstanceAccessDetails",
	"lightsail:GetRelationalDatabaseMasterUserPassword", "lightsail:CreateBucketAccessKey",
	"mediapackage:RotateChannelCredentials", "mediapackage:RotateIngestEndpointCredentials",
	"chime:CreateApiKey", "codepipeline:PollForJobs", "iot:CreateKeysAndCertificate",
}

// exfiltrationActions read data out of the account: Cloudsplaining's
// data-exfiltration category.
var exfiltrationActions = []string{
	"s3:GetObject", "ssm:GetParameter", "ssm:GetParameters", "ssm:GetParametersByPath", "secretsmanager:GetSecretValue",
}
