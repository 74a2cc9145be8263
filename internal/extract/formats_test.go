package extract

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/leastpriv/leastpriv/diag"
	"github.com/leastpriv/leastpriv/iam"
	"github.com/leastpriv/leastpriv/lint"
)

// TestFormats extracts policies from each kind of file and checks where the
// findings land. Expected findings are "line:col CODE", for the codes listed.
func TestFormats(t *testing.T) {
	tests := []struct {
		name     string
		file     string
		format   Format
		src      string
		codes    []string
		want     []string
		inputs   int
		wantType iam.Type
	}{
		{
			name:   "markdown code fence",
			file:   "perms.md",
			src:    "# Permissions\n\nUse this policy:\n\n```json\n{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"s3:GetObjects\", \"Resource\": \"*\"}]\n}\n```\n",
			codes:  []string{"INVALID_ACTION"},
			want:   []string{"8:47 INVALID_ACTION"},
			inputs: 1,
		},
		{
			name:   "minified JSON in a shell command line",
			file:   "setup.sh",
			src:    "aws iam create-policy --policy-name x --policy-document '{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"iam:PassRole\",\"Resource\":\"*\"}]}'\n",
			codes:  []string{"PASS_ROLE_WITH_STAR_IN_RESOURCE"},
			want:   []string{"1:122 PASS_ROLE_WITH_STAR_IN_RESOURCE"},
			inputs: 1,
		},
		{
			name:   "unquoted heredoc with a shell variable and an IAM variable",
			file:   "install.txt",
			src:    "cat <<EOF > p.json\n{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"s3:GetObject\",\n \"Resource\": [\"arn:aws:s3:::${BUCKET}/*\", \"arn:aws:s3:::home/${aws:username}/*\"]}]}\nEOF\n",
			codes:  []string{"PLACEHOLDER", "SHELL_EXPANDS_POLICY_VARIABLE", "UNSUPPORTED_SYMBOL_IN_VARIABLE"},
			want:   []string{"3:29 PLACEHOLDER", "3:62 SHELL_EXPANDS_POLICY_VARIABLE"},
			inputs: 1,
		},
		{
			name:   "quoted heredoc keeps IAM variables",
			file:   "install.txt",
			src:    "cat <<'EOF' > p.json\n{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"s3:GetObject\",\n \"Resource\": [\"arn:aws:s3:::home/${aws:username}/*\"]}]}\nEOF\n",
			codes:  []string{"PLACEHOLDER", "SHELL_EXPANDS_POLICY_VARIABLE"},
			want:   nil,
			inputs: 1,
		},
		{
			name:   "angle-bracket placeholder and example account",
			file:   "doc.md",
			src:    "```\n{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"iam:GetRole\", \"Resource\": \"arn:aws:iam::123456789012:role/<role-name>\"}]}\n```\n",
			codes:  []string{"PLACEHOLDER", "INVALID_ARN_RESOURCE"},
			want:   []string{"2:112 PLACEHOLDER", "2:130 PLACEHOLDER"},
			inputs: 1,
		},
		{
			name:   "policy body without braces",
			file:   "page.txt",
			src:    "Policy Document:\n\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"s3:GetObjects\", \"Resource\": \"*\"}]\n\nThat is all.\n",
			codes:  []string{"POLICY_WITHOUT_BRACES", "INVALID_ACTION", "JSON_SYNTAX_ERROR"},
			want:   []string{"3:3 POLICY_WITHOUT_BRACES", "4:47 INVALID_ACTION"},
			inputs: 1,
		},
		{
			name:   "unbalanced object cut by prose",
			file:   "page.md",
			src:    "Policy:\n{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"s3:GetObject\", \"Resource\": \"*\"}]\nThen attach it.\n",
			codes:  []string{"JSON_SYNTAX_ERROR"},
			want:   []string{"4:80 JSON_SYNTAX_ERROR"},
			inputs: 1,
		},
		{
			name:   "HTML page with entities and highlighting",
			file:   "page.html",
			src:    "<html><body><p>Attach:</p>\n<pre><code>{\n  <span class=\"s\">&quot;Version&quot;</span>: &quot;2012-10-17&quot;,\n  &quot;Statement&quot;: [{&quot;Effect&quot;: &quot;Allow&quot;, &quot;Action&quot;: &quot;s3:GetObjects&quot;, &quot;Resource&quot;: &quot;*&quot;}]\n}</code></pre></body></html>\n",
			codes:  []string{"INVALID_ACTION"},
			want:   []string{"4:87 INVALID_ACTION"},
			inputs: 1,
		},
		{
			name:   "action names in prose",
			file:   "page.md",
			src:    "The tool needs:\n\n- `iam:GetUser`\n- `iam:GetUsers`\n\nIt tests aws:SourceIp and reads https://example.com/x:Y and arn:aws:s3:::b.\n",
			codes:  []string{"INVALID_ACTION", "INVALID_SERVICE_IN_ACTION"},
			want:   []string{"4:4 INVALID_ACTION"},
			inputs: 1,
		},
		{
			name:   "page without policy",
			file:   "readme.md",
			src:    "# Nothing here\n",
			codes:  []string{"NO_POLICY_FOUND"},
			want:   []string{"1:1 NO_POLICY_FOUND"},
			inputs: 0,
		},
		{
			name:   "JSON file holding policies under other keys",
			file:   "out.json",
			src:    "{\"PolicyVersion\": {\"Document\": {\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"s3:GetObjects\", \"Resource\": \"*\"}]}}}\n",
			codes:  []string{"INVALID_ACTION"},
			want:   []string{"1:102 INVALID_ACTION"},
			inputs: 1,
		},
		{
			name:     "trust policy detected from its principals",
			file:     "trust.json",
			src:      "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Principal\": {\"AWS\": \"*\"}, \"Action\": \"sts:AssumeRole\"}]}\n",
			codes:    []string{"ASSUMABLE_BY_ANY_PRINCIPAL", "MISSING_RESOURCE"},
			want:     []string{"1:61 ASSUMABLE_BY_ANY_PRINCIPAL"},
			inputs:   1,
			wantType: iam.Trust,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			all, res := lintFile(t, tt.file, []byte(tt.src), Options{Format: tt.format, Type: iam.Identity})
			if diff := cmp.Diff(tt.want, brief(all, tt.codes...)); diff != "" {
				t.Errorf("findings (-want +got):\n%s\nall: %v", diff, all)
			}
			if len(res.Inputs) != tt.inputs {
				t.Errorf("%d inputs, want %d", len(res.Inputs), tt.inputs)
			}
			if tt.wantType != 0 && len(res.Inputs) > 0 && res.Inputs[0].Type != tt.wantType {
				t.Errorf("type %v, want %v", res.Inputs[0].Type, tt.wantType)
			}
		})
	}
}

const cfnYAML = `AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  Bucket:
    Type: String
Resources:
  AppRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal: {AWS: "*"}
            Action: sts:AssumeRole
      Policies:
        - PolicyName: app
          PolicyDocument:
            Version: 2012-10-17
            Statement:
              - Effect: Allow
                Action:
                  - s3:GetObjects
                  - iam:PassRole
                Resource: !Sub "arn:aws:s3:::${Bucket}/*"
              - Effect: Allow
                Action: lambda:InvokeFunction
                Resource: !GetAtt Fn.Arn
  Perm:
    Type: AWS::Lambda::Permission
    Properties:
      Action: lambda:InvokeFunction
      FunctionName: !Ref Fn
      Principal: "*"
`

func TestCloudFormationYAML(t *testing.T) {
	all, res := lintFile(t, "template.yaml", []byte(cfnYAML), Options{})
	if res.Format != CloudFormation {
		t.Errorf("format %v, want cloudformation", res.Format)
	}
	var names []string
	for _, in := range res.Inputs {
		names = append(names, in.Name+" "+in.Type.String())
	}
	want := []string{
		"Resources.AppRole.Properties.AssumeRolePolicyDocument trust",
		"Resources.AppRole.Properties.Policies[0].PolicyDocument identity",
		"Resources.Perm (Lambda permission) resource",
	}
	if diff := cmp.Diff(want, names); diff != "" {
		t.Errorf("inputs (-want +got):\n%s", diff)
	}
	got := brief(all, "INVALID_ACTION", "ASSUMABLE_BY_ANY_PRINCIPAL", "PUBLIC_ACCESS", "RESOURCE_MISMATCH", "UNSUPPORTED_SYMBOL_IN_VARIABLE", "INVALID_ARN_PREFIX")
	wantF := []string{"13:13 ASSUMABLE_BY_ANY_PRINCIPAL", "22:21 INVALID_ACTION", "23:21 RESOURCE_MISMATCH", "24:27 RESOURCE_MISMATCH", "33:18 PUBLIC_ACCESS"}
	if diff := cmp.Diff(wantF, got); diff != "" {
		t.Errorf("findings (-want +got):\n%s\nall: %v", diff, all)
	}
}

const cfnJSON = `{
  "Resources": {
    "P": {
      "Type": "AWS::IAM::ManagedPolicy",
      "Properties": {
        "PolicyDocument": {
          "Version": "2012-10-17",
          "Statement": [{"Effect": "Allow", "Action": "s3:GetObjects", "Resource": {"Fn::Join": ["", ["arn:aws:s3:::", {"Ref": "B"}, "/*"]]}},
                        {"Fn::If": ["C", {"Effect": "Allow", "Action": "iam:PassRole", "Resource": "*"}, {"Ref": "AWS::NoValue"}]}]
        }
      }
    },
    "Q": {"Type": "AWS::S3::BucketPolicy", "Properties": {"PolicyDocument": {"Fn::Sub": "{}"}}}
  }
}
`

func TestCloudFormationJSON(t *testing.T) {
	all, res := lintFile(t, "template.json", []byte(cfnJSON), Options{})
	if res.Format != CloudFormation || len(res.Inputs) != 1 || res.Inputs[0].Container != lint.ManagedPolicy {
		t.Fatalf("format %v, %d inputs", res.Format, len(res.Inputs))
	}
	got := brief(all, "INVALID_ACTION", "PASS_ROLE_WITH_STAR_IN_RESOURCE", "POLICY_NOT_STATIC", "INVALID_ARN_PREFIX")
	want := []string{"8:55 INVALID_ACTION", "9:72 PASS_ROLE_WITH_STAR_IN_RESOURCE", "13:77 POLICY_NOT_STATIC"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("findings (-want +got):\n%s\nall: %v", diff, all)
	}
}

const tfPlan = `{
  "format_version": "1.2",
  "planned_values": {
    "root_module": {
      "resources": [
        {"address": "aws_iam_policy.app", "type": "aws_iam_policy", "values": {"policy": "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:GetObjects\",\"Resource\":\"*\"}]}"}}
      ],
      "child_modules": [{"resources": [
        {"address": "module.m.aws_iam_role.r", "type": "aws_iam_role", "values": {"assume_role_policy": "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [{\"Effect\": \"Allow\", \"Principal\": \"*\", \"Action\": \"sts:AssumeRole\"}]\n}", "inline_policy": []}}
      ]}]
    }
  }
}
`

func TestTerraformPlan(t *testing.T) {
	all, res := lintFile(t, "plan.json", []byte(tfPlan), Options{})
	if res.Format != Terraform || len(res.Inputs) != 2 {
		t.Fatalf("format %v, %d inputs", res.Format, len(res.Inputs))
	}
	got := brief(all, "INVALID_ACTION", "ASSUMABLE_BY_ANY_PRINCIPAL")
	want := []string{"6:167 INVALID_ACTION", "9:183 ASSUMABLE_BY_ANY_PRINCIPAL"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("findings (-want +got):\n%s\nall: %v", diff, all)
	}
	// The finding's range covers the escaped action in the plan's text.
	for _, d := range all {
		if d.Code == "INVALID_ACTION" {
			if s := tfPlan[d.Range.Start.Offset:d.Range.End.Offset]; s != `\"s3:GetObjects\"` {
				t.Errorf("range holds %q", s)
			}
		}
	}
}

func TestYAMLSyntaxError(t *testing.T) {
	all, res := lintFile(t, "bad.yaml", []byte("Resources:\n  A: [unclosed\n"), Options{})
	if len(res.Inputs) != 0 || len(all) != 1 || all[0].Code != CodeTemplateSyntax || all[0].Severity.String() != "error" {
		t.Fatalf("got %v", all)
	}
	if !strings.Contains(all[0].Message, "not valid YAML") {
		t.Errorf("message %q", all[0].Message)
	}
}

func TestGuessFormat(t *testing.T) {
	for _, c := range []struct {
		name, src string
		want      Format
	}{
		{"a.json", "{}", JSON},
		{"a.yml", "x: 1", YAML},
		{"a.template", "{\"Resources\": {}}", JSON},
		{"a.template", "Resources: {}", YAML},
		{"a.md", "", Markdown},
		{"a.htm", "", HTML},
		{"<stdin>", "  {\"Version\"", JSON},
		{"<stdin>", "<!DOCTYPE html><html>", HTML},
		{"<stdin>", "AWSTemplateFormatVersion: x", YAML},
		{"<stdin>", "some text", Text},
	} {
		if got := guessFormat(c.name, []byte(c.src)); got != c.want {
			t.Errorf("guessFormat(%q, %q) = %v, want %v", c.name, c.src, got, c.want)
		}
	}
	for _, n := range FormatNames() {
		f, ok := ParseFormat(n)
		if !ok || f.String() != n {
			t.Errorf("ParseFormat(%q) = %v, %v", n, f, ok)
		}
	}
}

// TestResourcePolicyContainers checks that the policies of resources in
// templates and plans know which resource they belong to, so that actions
// and ARNs of other services are reported where they are written.
func TestResourcePolicyContainers(t *testing.T) {
	const tmpl = `Resources:
  Topic:
    Type: AWS::SNS::TopicPolicy
    Properties:
      Topics: [!Ref Events]
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal: {Service: s3.amazonaws.com}
            Action: [sns:Publish, sqs:SendMessage]
            Resource: !Ref Events
`
	all, res := lintFile(t, "template.yaml", []byte(tmpl), Options{})
	if len(res.Inputs) != 1 || res.Inputs[0].Container != lint.TopicPolicy {
		t.Fatalf("inputs %v", res.Inputs)
	}
	if diff := cmp.Diff([]string{"11:35 UNSUPPORTED_ACTION_IN_POLICY"}, brief(all, "UNSUPPORTED_ACTION_IN_POLICY", "UNSUPPORTED_RESOURCE_ARN_IN_POLICY")); diff != "" {
		t.Errorf("template findings (-want +got):\n%s\nall: %v", diff, all)
	}

	const plan = `{"format_version": "1.2", "planned_values": {"root_module": {"resources": [
 {"address": "aws_sqs_queue_policy.q", "type": "aws_sqs_queue_policy", "values": {"policy": "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"sns.amazonaws.com\"},\"Action\":\"sqs:SendMessage\",\"Resource\":\"arn:aws:s3:::jobs\"}]}"}}
]}}}`
	all, res = lintFile(t, "plan.json", []byte(plan), Options{})
	if len(res.Inputs) != 1 || res.Inputs[0].Container != lint.QueuePolicy {
		t.Fatalf("inputs %v", res.Inputs)
	}
	// The finding points at the ARN's opening (escaped) quote in the plan.
	off := strings.Index(plan, `\"arn:aws:s3:::jobs`)
	want := fmt.Sprintf("%s UNSUPPORTED_RESOURCE_ARN_IN_POLICY", diag.NewLines([]byte(plan)).Pos(off))
	if diff := cmp.Diff([]string{want}, brief(all, "UNSUPPORTED_ACTION_IN_POLICY", "UNSUPPORTED_RESOURCE_ARN_IN_POLICY")); diff != "" {
		t.Errorf("plan findings (-want +got):\n%s\nall: %v", diff, all)
	}
}
