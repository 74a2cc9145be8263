package extract

import (
	"fmt"
	"sort"
	"strings"

	"github.com/leastpriv/leastpriv/diag"
	"github.com/leastpriv/leastpriv/iam"
	"github.com/leastpriv/leastpriv/internal/jsonpos"
	"github.com/leastpriv/leastpriv/lint"
)

// isTemplate reports whether v is a CloudFormation template: an object with
// a Resources object whose entries have a "Type" of the form "AWS::...".
func isTemplate(v *jsonpos.Value) bool {
	res := v.Get("Resources")
	if res == nil || res.Kind != jsonpos.Object {
		return false
	}
	for _, m := range res.Members {
		if t := m.Value.Get("Type"); t != nil && t.Kind == jsonpos.String && strings.Contains(t.Text, "::") {
			return true
		}
	}
	return v.Get("AWSTemplateFormatVersion") != nil
}

// A docSpec says where a resource type keeps a policy document.
type docSpec struct {
	path      []string // property path; "*" iterates over a list
	typ       iam.Type
	container lint.Container
}

// templateDocs lists the CloudFormation resource types that hold policies.
var templateDocs = map[string][]docSpec{
	"AWS::IAM::Policy":                    {{[]string{"PolicyDocument"}, iam.Identity, lint.DefaultContainer}},
	"AWS::IAM::ManagedPolicy":             {{[]string{"PolicyDocument"}, iam.Identity, lint.ManagedPolicy}},
	"AWS::IAM::RolePolicy":                {{[]string{"PolicyDocument"}, iam.Identity, lint.RoleInline}},
	"AWS::IAM::UserPolicy":                {{[]string{"PolicyDocument"}, iam.Identity, lint.UserInline}},
	"AWS::IAM::GroupPolicy":               {{[]string{"PolicyDocument"}, iam.Identity, lint.GroupInline}},
	"AWS::IAM::Role":                      {{[]string{"AssumeRolePolicyDocument"}, iam.Trust, lint.RoleTrust}, {[]string{"Policies", "*", "PolicyDocument"}, iam.Identity, lint.RoleInline}},
	"AWS::IAM::User":                      {{[]string{"Policies", "*", "PolicyDocument"}, iam.Identity, lint.UserInline}},
	"AWS::IAM::Group":                     {{[]string{"Policies", "*", "PolicyDocument"}, iam.Identity, lint.GroupInline}},
	"AWS::S3::BucketPolicy":               {{[]string{"PolicyDocument"}, iam.Resource, lint.BucketPolicy}},
	"AWS::SQS::QueuePolicy":               {{[]string{"PolicyDocument"}, iam.Resource, lint.QueuePolicy}},
	"AWS::SNS::TopicPolicy":               {{[]string{"PolicyDocument"}, iam.Resource, lint.TopicPolicy}},
	"AWS::KMS::Key":                       {{[]string{"KeyPolicy"}, iam.Resource, lint.KeyPolicy}},
	"AWS::SecretsManager::ResourcePolicy": {{[]string{"ResourcePolicy"}, iam.Resource, lint.SecretPolicy}},
	"AWS::ECR::Repository":                {{[]string{"RepositoryPolicyText"}, iam.Resource, lint.RepositoryPolicy}},
	"AWS::Logs::ResourcePolicy":           {{[]string{"PolicyDocument"}, iam.Resource, lint.NoQuota}},
	"AWS::SSO::PermissionSet":             {{[]string{"InlinePolicy"}, iam.Identity, lint.ManagedPolicy}},
	"AWS::Organizations::Policy":          {{[]string{"Content"}, iam.SCP, lint.DefaultContainer}},
}

// fromTemplate extracts the policies of a CloudFormation template.
func fromTemplate(name string, root *jsonpos.Value, opts Options) Result {
	res := Result{Format: CloudFormation}
	resources := root.Get("Resources")
	for _, m := range resources.Members {
		r := m.Value
		t := r.Get("Type")
		props := r.Get("Properties")
		if t == nil || t.Kind != jsonpos.String || props == nil || props.Kind != jsonpos.Object {
			continue
		}
		if t.Text == "AWS::Lambda::Permission" {
			if in := lambdaPermission(name, m.Key, props, opts); in != nil {
				res.Inputs = append(res.Inputs, in)
			}
			continue
		}
		for _, spec := range templateDocs[t.Text] {
			typ, container := spec.typ, spec.container
			switch t.Text {
			case "AWS::IAM::Policy":
				container = inlineContainer(props)
			case "AWS::Organizations::Policy":
				if pt := props.Get("Type"); pt != nil && pt.Text == "RESOURCE_CONTROL_POLICY" {
					typ = iam.RCP
				} else if pt != nil && pt.Text != "SERVICE_CONTROL_POLICY" {
					continue // tag, backup and AI opt-out policies are not IAM policies
				}
			}
			for _, found := range lookupPath(props, spec.path, "Resources."+m.Key+".Properties") {
				if in := templatePolicy(name, found.where, found.v, typ, container, opts, &res); in != nil {
					res.Inputs = append(res.Inputs, in)
				}
			}
		}
	}
	if len(res.Inputs) == 0 {
		p := root.Range.Start
		res.Diags = append(res.Diags, diag.Diagnostic{Range: diag.Range{File: name, Start: p, End: p}, Code: CodeNoPolicy, Severity: diag.Warning,
			Message: "no IAM policy found in this template",
			Detail:  "leastpriv reads the policies of AWS::IAM::*, S3, SQS, SNS, KMS, Secrets Manager, ECR, Logs and Organizations resources and Lambda permissions"})
	}
	return res
}

// inlineContainer returns the strictest quota of the identities an
// AWS::IAM::Policy attaches to.
func inlineContainer(props *jsonpos.Value) lint.Container {
	switch {
	case props.Get("Users") != nil:
		return lint.UserInline
	case props.Get("Groups") != nil:
		return lint.GroupInline
	case props.Get("Roles") != nil:
		return lint.RoleInline
	}
	return lint.DefaultContainer
}

type located struct {
	where string
	v     *jsonpos.Value
}

// lookupPath follows a property path; "*" iterates over an array.
func lookupPath(v *jsonpos.Value, path []string, where string) []located {
	if v == nil {
		return nil
	}
	if len(path) == 0 {
		return []located{{where, v}}
	}
	if path[0] == "*" {
		if v.Kind != jsonpos.Array {
			return nil
		}
		var out []located
		for i, e := range v.Elems {
			out = append(out, lookupPath(e, path[1:], fmt.Sprintf("%s[%d]", where, i))...)
		}
		return out
	}
	return lookupPath(v.Get(path[0]), path[1:], where+"."+path[0])
}

// templatePolicy turns a policy document of a template into an input: an
// object (intrinsic functions become placeholders), or a string holding JSON.
func templatePolicy(name, where string, v *jsonpos.Value, typ iam.Type, container lint.Container, opts Options, res *Result) *lint.Input {
	in := &lint.Input{File: name, Type: typ, Legacy: opts.Legacy, Container: container, Name: where}
	if opts.TypeFixed {
		in.Type = opts.Type
	}
	if container == lint.DefaultContainer && opts.Container != lint.DefaultContainer {
		in.Container = opts.Container
	}
	if v.Kind == jsonpos.Object && len(v.Members) == 1 && isIntrinsic(v.Members[0].Key) {
		res.Diags = append(res.Diags, diag.Diagnostic{Range: v.Range, Path: v.Path, Code: CodeNotStatic, Severity: diag.Suggestion,
			Message: fmt.Sprintf("%s is computed by %s and is not linted", where, v.Members[0].Key),
			Detail:  "write the document as an object, with intrinsic functions only in its values"})
		return nil
	}
	if v.Kind == jsonpos.String {
		// A document written as JSON text: parse it at the string's place.
		in.Src = []byte(v.Text)
		at := v.Range
		in.Remap = func(diag.Range) diag.Range { return at }
		return in
	}
	r := &resolver{}
	in.Value = r.resolve(v)
	in.Placeholders = r.placeholders
	return in
}

func isIntrinsic(key string) bool {
	return key == "Ref" || key == "Condition" || strings.HasPrefix(key, "Fn::")
}

// A resolver replaces CloudFormation intrinsic functions by placeholder
// strings ("${BucketName}", "arn:aws:s3:::${Bucket}/*"), dropping
// AWS::NoValue, and records their ranges.
type resolver struct {
	placeholders []diag.Range
}

func (r *resolver) resolve(v *jsonpos.Value) *jsonpos.Value {
	switch v.Kind {
	case jsonpos.Object:
		if len(v.Members) == 1 && isIntrinsic(v.Members[0].Key) {
			if v.Members[0].Key == "Fn::If" {
				if b := ifBranch(v.Members[0].Value); b != nil {
					return r.resolve(b)
				}
			}
			r.placeholders = append(r.placeholders, v.Range)
			return &jsonpos.Value{Kind: jsonpos.String, Text: render(v), Range: v.Range, Path: v.Path}
		}
		out := *v
		out.Members = make([]jsonpos.Member, 0, len(v.Members))
		for _, m := range v.Members {
			if noValue(m.Value) {
				continue
			}
			m.Value = r.resolve(m.Value)
			out.Members = append(out.Members, m)
		}
		return &out
	case jsonpos.Array:
		out := *v
		out.Elems = make([]*jsonpos.Value, 0, len(v.Elems))
		for _, e := range v.Elems {
			if noValue(e) {
				continue
			}
			out.Elems = append(out.Elems, r.resolve(e))
		}
		return &out
	}
	return v
}

// ifBranch returns the first branch of an Fn::If that is not AWS::NoValue.
func ifBranch(args *jsonpos.Value) *jsonpos.Value {
	if args.Kind != jsonpos.Array || len(args.Elems) != 3 {
		return nil
	}
	for _, b := range args.Elems[1:] {
		if !noValue(b) {
			return b
		}
	}
	return nil
}

func noValue(v *jsonpos.Value) bool {
	if v.Kind != jsonpos.Object || len(v.Members) != 1 {
		return false
	}
	m := v.Members[0]
	return m.Key == "Ref" && m.Value.Kind == jsonpos.String && m.Value.Text == "AWS::NoValue"
}

// render writes an intrinsic function as the text it stands for, with
// "${...}" for what is known only at deployment.
func render(v *jsonpos.Value) string {
	switch v.Kind {
	case jsonpos.String, jsonpos.Number, jsonpos.Bool:
		return v.Text
	case jsonpos.Object:
		if len(v.Members) != 1 {
			return "${...}"
		}
		key, arg := v.Members[0].Key, v.Members[0].Value
		switch key {
		case "Ref":
			return "${" + arg.Text + "}"
		case "Fn::Sub":
			s := arg
			if arg.Kind == jsonpos.Array && len(arg.Elems) > 0 {
				s = arg.Elems[0]
			}
			// ${!Literal} is a literal "${Literal}" (an IAM variable).
			return strings.ReplaceAll(s.Text, "${!", "${")
		case "Fn::GetAtt":
			if arg.Kind == jsonpos.Array {
				var parts []string
				for _, e := range arg.Elems {
					parts = append(parts, render(e))
				}
				return "${" + strings.Join(parts, ".") + "}"
			}
			return "${" + arg.Text + "}"
		case "Fn::Join":
			if arg.Kind == jsonpos.Array && len(arg.Elems) == 2 && arg.Elems[1].Kind == jsonpos.Array {
				var parts []string
				for _, e := range arg.Elems[1].Elems {
					parts = append(parts, render(e))
				}
				return strings.Join(parts, arg.Elems[0].Text)
			}
		}
		return "${" + key + "}"
	}
	return "${...}"
}

// lambdaPermission turns an AWS::Lambda::Permission into the resource policy
// statement Lambda adds to the function's policy.
func lambdaPermission(name, id string, props *jsonpos.Value, opts Options) *lint.Input {
	action, principal, fn := props.Get("Action"), props.Get("Principal"), props.Get("FunctionName")
	if action == nil || principal == nil || fn == nil {
		return nil
	}
	r := &resolver{}
	str := func(s string, at diag.Range) *jsonpos.Value {
		return &jsonpos.Value{Kind: jsonpos.String, Text: s, Range: at}
	}
	p := r.resolve(principal)
	kind := "AWS"
	if strings.HasSuffix(p.Text, ".amazonaws.com") || strings.HasSuffix(p.Text, ".amazonaws.com.cn") {
		kind = "Service"
	}
	var principalV *jsonpos.Value
	if p.Text == "*" {
		principalV = p
	} else {
		principalV = &jsonpos.Value{Kind: jsonpos.Object, Range: p.Range, Members: []jsonpos.Member{{Key: kind, KeyRange: p.Range, Value: p}}}
	}
	stmt := &jsonpos.Value{Kind: jsonpos.Object, Range: props.Range, Members: []jsonpos.Member{
		{Key: "Effect", KeyRange: props.Range, Value: str("Allow", props.Range)},
		{Key: "Principal", KeyRange: principal.Range, Value: principalV},
		{Key: "Action", KeyRange: action.Range, Value: r.resolve(action)},
		{Key: "Resource", KeyRange: fn.Range, Value: r.resolve(fn)},
	}}
	var cond []jsonpos.Member
	if sa := props.Get("SourceArn"); sa != nil {
		cond = append(cond, jsonpos.Member{Key: "ArnLike", KeyRange: sa.Range, Value: &jsonpos.Value{Kind: jsonpos.Object, Range: sa.Range,
			Members: []jsonpos.Member{{Key: "aws:SourceArn", KeyRange: sa.Range, Value: r.resolve(sa)}}}})
	}
	if sa := props.Get("SourceAccount"); sa != nil {
		cond = append(cond, jsonpos.Member{Key: "StringEquals", KeyRange: sa.Range, Value: &jsonpos.Value{Kind: jsonpos.Object, Range: sa.Range,
			Members: []jsonpos.Member{{Key: "aws:SourceAccount", KeyRange: sa.Range, Value: r.resolve(sa)}}}})
	}
	if len(cond) > 0 {
		stmt.Members = append(stmt.Members, jsonpos.Member{Key: "Condition", KeyRange: props.Range, Value: &jsonpos.Value{Kind: jsonpos.Object, Range: props.Range, Members: cond}})
	}
	doc := &jsonpos.Value{Kind: jsonpos.Object, Range: props.Range, Members: []jsonpos.Member{
		{Key: "Version", KeyRange: props.Range, Value: str("2012-10-17", props.Range)},
		{Key: "Statement", KeyRange: props.Range, Value: &jsonpos.Value{Kind: jsonpos.Array, Range: props.Range, Elems: []*jsonpos.Value{stmt}}},
	}}
	setPaths(doc, "")
	sort.Slice(r.placeholders, func(i, j int) bool { return r.placeholders[i].Start.Offset < r.placeholders[j].Start.Offset })
	return &lint.Input{File: name, Value: doc, Type: iam.Resource, Legacy: opts.Legacy, Container: lint.FunctionPolicy,
		Name: "Resources." + id + " (Lambda permission)", Placeholders: r.placeholders}
}

// fromTree extracts the policy objects nested anywhere in a document tree
// that is not a template (a YAML file of policies, say).
func fromTree(name string, v *jsonpos.Value, opts Options) Result {
	var res Result
	var walk func(v *jsonpos.Value, where string)
	walk = func(v *jsonpos.Value, where string) {
		switch v.Kind {
		case jsonpos.Object:
			if v.Get("Statement") != nil {
				if in := templatePolicy(name, where, v, opts.Type, opts.Container, opts, &res); in != nil {
					in.DetectType = !opts.TypeFixed
					res.Inputs = append(res.Inputs, in)
				}
				return
			}
			for _, m := range v.Members {
				walk(m.Value, strings.TrimPrefix(where+"."+m.Key, "."))
			}
		case jsonpos.Array:
			for i, e := range v.Elems {
				walk(e, fmt.Sprintf("%s[%d]", where, i))
			}
		}
	}
	walk(v, "")
	return res
}
