package extract

import (
	"strconv"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/leastpriv/leastpriv/diag"
	"github.com/leastpriv/leastpriv/iam"
	"github.com/leastpriv/leastpriv/internal/jsonpos"
	"github.com/leastpriv/leastpriv/lint"
)

// isPlan reports whether v is the JSON output of terraform show -json: a
// plan (planned_values) or a state (values).
func isPlan(v *jsonpos.Value) bool {
	return v.Kind == jsonpos.Object && v.Get("format_version") != nil && (v.Get("planned_values") != nil || v.Get("values") != nil)
}

// A tfAttr says which attribute of a Terraform resource type holds a policy.
type tfAttr struct {
	path      []string // "*" iterates over a list
	typ       iam.Type
	container lint.Container
}

// terraformDocs lists the AWS provider resource types that hold policies.
var terraformDocs = map[string][]tfAttr{
	"aws_iam_policy":                   {{[]string{"policy"}, iam.Identity, lint.ManagedPolicy}},
	"aws_iam_role_policy":              {{[]string{"policy"}, iam.Identity, lint.RoleInline}},
	"aws_iam_user_policy":              {{[]string{"policy"}, iam.Identity, lint.UserInline}},
	"aws_iam_group_policy":             {{[]string{"policy"}, iam.Identity, lint.GroupInline}},
	"aws_iam_role":                     {{[]string{"assume_role_policy"}, iam.Trust, lint.RoleTrust}, {[]string{"inline_policy", "*", "policy"}, iam.Identity, lint.RoleInline}},
	"aws_s3_bucket_policy":             {{[]string{"policy"}, iam.Resource, lint.BucketPolicy}},
	"aws_s3_bucket":                    {{[]string{"policy"}, iam.Resource, lint.BucketPolicy}},
	"aws_sqs_queue_policy":             {{[]string{"policy"}, iam.Resource, lint.QueuePolicy}},
	"aws_sqs_queue":                    {{[]string{"policy"}, iam.Resource, lint.QueuePolicy}},
	"aws_sns_topic_policy":             {{[]string{"policy"}, iam.Resource, lint.TopicPolicy}},
	"aws_sns_topic":                    {{[]string{"policy"}, iam.Resource, lint.TopicPolicy}},
	"aws_kms_key":                      {{[]string{"policy"}, iam.Resource, lint.KeyPolicy}},
	"aws_kms_key_policy":               {{[]string{"policy"}, iam.Resource, lint.KeyPolicy}},
	"aws_secretsmanager_secret_policy": {{[]string{"policy"}, iam.Resource, lint.SecretPolicy}},
	"aws_ecr_repository_policy":        {{[]string{"policy"}, iam.Resource, lint.RepositoryPolicy}},
	"aws_organizations_policy":         {{[]string{"content"}, iam.SCP, lint.DefaultContainer}},
}

// fromPlan extracts the policies of a Terraform plan or state in JSON.
func fromPlan(name string, src []byte, v *jsonpos.Value, opts Options) Result {
	res := Result{Format: Terraform}
	root := v.Get("planned_values")
	if root == nil {
		root = v.Get("values")
	}
	var walk func(m *jsonpos.Value)
	walk = func(m *jsonpos.Value) {
		if m == nil || m.Kind != jsonpos.Object {
			return
		}
		if rs := m.Get("resources"); rs != nil && rs.Kind == jsonpos.Array {
			for _, r := range rs.Elems {
				typ, addr, vals := r.Get("type"), r.Get("address"), r.Get("values")
				if typ == nil || vals == nil || vals.Kind != jsonpos.Object {
					continue
				}
				for _, a := range terraformDocs[typ.Text] {
					t := a.typ
					if typ.Text == "aws_organizations_policy" {
						pt := vals.Get("type")
						switch {
						case pt == nil || pt.Text == "SERVICE_CONTROL_POLICY":
						case pt.Text == "RESOURCE_CONTROL_POLICY":
							t = iam.RCP
						default:
							continue
						}
					}
					where := typ.Text
					if addr != nil {
						where = addr.Text
					}
					for _, found := range lookupPath(vals, a.path, where) {
						if found.v.Kind != jsonpos.String || found.v.Text == "" {
							continue
						}
						in := jsonStringPolicy(name, src, found.v)
						in.Type, in.Container, in.Legacy, in.Name = t, a.container, opts.Legacy, found.where
						if opts.TypeFixed {
							in.Type = opts.Type
						}
						res.Inputs = append(res.Inputs, in)
					}
				}
			}
		}
		if rm := m.Get("root_module"); rm != nil {
			walk(rm)
		}
		if cm := m.Get("child_modules"); cm != nil && cm.Kind == jsonpos.Array {
			for _, c := range cm.Elems {
				walk(c)
			}
		}
	}
	walk(root)
	if len(res.Inputs) == 0 {
		res.Diags = append(res.Diags, diag.Diagnostic{Range: diag.NewLines(src).Range(name, 0, 0), Code: CodeNoPolicy, Severity: diag.Warning,
			Message: "no IAM policy found in this Terraform plan",
			Detail:  "leastpriv reads the policy attributes of aws_iam_*, S3, SQS, SNS, KMS, Secrets Manager, ECR and Organizations resources; values known only after apply are not in the plan"})
	}
	return res
}

// jsonStringPolicy returns an input for a policy stored as a JSON string
// value of a JSON file: the decoded text, with a Remap to the escaped text.
func jsonStringPolicy(name string, src []byte, v *jsonpos.Value) *lint.Input {
	lit := src[v.Range.Start.Offset:v.Range.End.Offset]
	text, orig := decodeJSONString(lit, v.Range.Start.Offset)
	return &lint.Input{File: name, Src: text, Remap: remapper(name, src, orig)}
}

// decodeJSONString decodes a JSON string literal (with its quotes) that
// starts at offset base, and returns, for every decoded byte, the offset of
// the source byte it came from (one more entry for the end).
func decodeJSONString(lit []byte, base int) ([]byte, []int) {
	text := make([]byte, 0, len(lit))
	orig := make([]int, 0, len(lit)+1)
	emit := func(b []byte, at int) {
		for _, c := range b {
			text = append(text, c)
			orig = append(orig, base+at)
		}
	}
	end := len(lit) - 1
	for i := 1; i < end; {
		c := lit[i]
		if c != '\\' || i+1 >= end {
			emit(lit[i:i+1], i)
			i++
			continue
		}
		switch e := lit[i+1]; e {
		case 'n':
			emit([]byte{'\n'}, i)
		case 't':
			emit([]byte{'\t'}, i)
		case 'r':
			emit([]byte{'\r'}, i)
		case 'b':
			emit([]byte{'\b'}, i)
		case 'f':
			emit([]byte{'\f'}, i)
		case 'u':
			if i+6 <= end {
				r := hexRune(lit[i+2 : i+6])
				n := 6
				if utf16.IsSurrogate(r) && i+12 <= end && lit[i+6] == '\\' && lit[i+7] == 'u' {
					r = utf16.DecodeRune(r, hexRune(lit[i+8:i+12]))
					n = 12
				}
				emit(utf8.AppendRune(nil, r), i)
				i += n
				continue
			}
			emit(lit[i:i+1], i)
		default:
			emit([]byte{e}, i)
		}
		i += 2
	}
	orig = append(orig, base+end)
	return text, orig
}

func hexRune(b []byte) rune {
	n, err := strconv.ParseUint(string(b), 16, 32)
	if err != nil {
		return utf8.RuneError
	}
	return rune(n)
}
