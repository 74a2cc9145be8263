package catalog

import (
	"crypto/sha256"
	"encoding/hex"
	"github.com/leastpriv/leastpriv/internal/ascii"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestEmbedded proves that the embedded data is what zversion.go records and
// that it decodes, with the same provenance in its P records.
func TestEmbedded(t *testing.T) {
	sum := sha256.Sum256([]byte(awsData))
	if got, want := hex.EncodeToString(sum[:]), embeddedProvenance.DataSHA256; got != want {
		t.Fatalf("sha256 of data/aws.txt = %s, zversion.go records %s; run go generate ./catalog", got, want)
	}
	c, err := Load(awsData)
	if err != nil {
		t.Fatalf("Load(embedded): %v", err)
	}
	if diff := cmp.Diff(embeddedProvenance, c.Provenance()); diff != "" {
		t.Errorf("provenance of the decoded data differs from zversion.go (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(embeddedProvenance, Default().Provenance()); diff != "" {
		t.Errorf("Default().Provenance() (-want +got):\n%s", diff)
	}
	first := Default()
	if again := Default(); again != first {
		t.Error("Default() decoded twice")
	}
	// Default reads names first and the rest later: both must be what Load
	// decodes.
	if err := first.names.agrees(c.names); err != nil {
		t.Errorf("name index of Default() differs from Load's: %v", err)
	}
	if err := first.names.describes(c.contents()); err != nil {
		t.Errorf("name index of Default() does not describe Load's contents: %v", err)
	}
	// describes notices a difference.
	other, err := Load(strings.Replace(awsData, "A\ts3:GetObject\tRead", "A\ts3:GetObject\tWrite", 1))
	if err != nil {
		t.Fatal(err)
	}
	if err := first.names.describes(other.contents()); err == nil {
		t.Error("describes accepts contents with another access level for s3:GetObject")
	}
	if got, want := len(first.Services()), len(c.Services()); got != want {
		t.Errorf("Default() has %d services, Load %d", got, want)
	}
}

// TestNamesWithoutContents proves that what the name index answers never
// decodes the rest of the catalog, and answers as the decoded actions do.
func TestNamesWithoutContents(t *testing.T) {
	full := Default()
	c := lazy(awsData, embeddedProvenance)
	c.contents = func() *contents {
		t.Fatal("the catalog's contents were decoded")
		return nil
	}
	if got, want := c.NumActions(), len(full.Actions()); got != want {
		t.Errorf("NumActions() = %d, want %d", got, want)
	}
	if got, want := c.NumServices(), len(full.Services()); got != want {
		t.Errorf("NumServices() = %d, want %d", got, want)
	}
	for _, a := range full.Actions() {
		if got := c.ActionName(a.ID); got != a.String() {
			t.Fatalf("ActionName(%d) = %q, want %q", a.ID, got, a)
		}
		if got := c.ActionLevel(a.ID); got != a.Level {
			t.Fatalf("ActionLevel(%d) = %v, want %v", a.ID, got, a.Level)
		}
		for _, name := range []string{a.String(), strings.ToUpper(a.String()), strings.ToLower(a.String())} {
			if id, ok := c.ActionID(name); !ok || id != a.ID {
				t.Fatalf("ActionID(%q) = %d, %v; want %d, true", name, id, ok, a.ID)
			}
		}
	}
	for _, name := range []string{"", "s3", "s3:", ":GetObject", "s3:GetObjectt", "nosuch:GetObject", "s3:Get*"} {
		if id, ok := c.ActionID(name); ok {
			t.Errorf("ActionID(%q) = %d, true; want false", name, id)
		}
	}
	for _, s := range full.Services() {
		if !c.HasService(strings.ToUpper(s.Prefix)) {
			t.Errorf("HasService(%q) = false", strings.ToUpper(s.Prefix))
		}
	}
	if c.HasService("s4") || c.HasService("") {
		t.Error("HasService of an unknown prefix is true")
	}
	for _, n := range []string{"s3:GetObjet", "s4:GetObject", "lamda", "dynamo", "s3:getobjectacll", "ec2", "nosuchservice:x"} {
		if got, want := c.Suggest(n, 3), full.Suggest(n, 3); !slices.Equal(got, want) {
			t.Errorf("Suggest(%q) = %q, want %q", n, got, want)
		}
	}
	for _, p := range []string{"*", "s3:*", "S3:get*", "*:Get*", "iam:*AccessKey*", "s?:GetObject", "ec2:Describe?pcs", "a*:*", "s3:GetObject"} {
		if got, want := c.Match(p), full.Match(p); !got.Equal(want) {
			t.Errorf("Match(%q): %d actions, want %d", p, got.Len(), want.Len())
		}
	}
}

// TestCounts checks the embedded catalog against figures counted
// independently from the pinned iam-data release (see
// /work/shared/guides/data-components.md §A.1), so that a decoder or generator
// bug that loses records shows up.
func TestCounts(t *testing.T) {
	c := Default()
	type counts struct {
		Services, Actions, ResourceTypes, Keys, GlobalKeys, RCP, WithResources, Templates int
		Levels                                                                            map[string]int
	}
	got := counts{Services: len(c.Services()), Actions: c.NumActions(), GlobalKeys: len(c.GlobalConditionKeys()), Levels: map[string]int{}}
	for _, s := range c.Services() {
		got.ResourceTypes += len(s.ResourceTypes)
		got.Keys += len(s.ConditionKeys)
		if s.RCPSupported {
			got.RCP++
		}
		for _, k := range s.ConditionKeys {
			if k.IsTemplate() && !k.Global {
				got.Templates++
			}
		}
	}
	for _, a := range c.Actions() {
		got.Levels[a.Level.String()]++
		if len(a.Resources) > 0 {
			got.WithResources++
		}
	}
	want := counts{
		Services: 456, Actions: 22091, ResourceTypes: 2334, Keys: 2578, GlobalKeys: 59, RCP: 62,
		WithResources: 15367,
		// Service key entries with a placeholder, not aws: (a Python scan
		// of data/conditionKeys/*.json); 130 distinct names, the patterns of
		// conditionPatterns.json.
		Templates: 134,
		Levels: map[string]int{
			"Read": 5871, "Write": 11357, "List": 3719,
			"Tagging": 719, "Permissions management": 425,
		},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("counts (-want +got):\n%s", diff)
	}
}

// TestInvariants checks the structure every decoded catalog must have.
func TestInvariants(t *testing.T) {
	checkInvariants(t, Default())
}

func checkInvariants(t *testing.T, c *Catalog) {
	t.Helper()
	n := 0
	for i, s := range c.Services() {
		if i > 0 && c.Services()[i-1].Prefix >= s.Prefix {
			t.Errorf("services out of order: %s, %s", c.Services()[i-1].Prefix, s.Prefix)
		}
		if c.Service(strings.ToUpper(s.Prefix)) != s {
			t.Errorf("Service(%q) does not find %s", strings.ToUpper(s.Prefix), s.Prefix)
		}
		for j, a := range s.Actions {
			n++
			if a.Service != s {
				t.Errorf("%s: Service is %v", a, a.Service)
			}
			if j > 0 && (a.ID != s.Actions[j-1].ID+1 || ascii.CompareFold(s.Actions[j-1].Name, a.Name) >= 0) {
				t.Errorf("%s: not after %s", a, s.Actions[j-1])
			}
			if a.String() != s.Prefix+":"+a.Name {
				t.Errorf("String() = %q, want %q", a.String(), s.Prefix+":"+a.Name)
			}
			if c.Actions()[a.ID] != a {
				t.Errorf("%s: Actions()[%d] is %s", a, a.ID, c.Actions()[a.ID])
			}
			if c.Action(strings.ToUpper(a.String())) != a || c.Action(strings.ToLower(a.String())) != a {
				t.Errorf("Action(%q) in other case does not find it", a)
			}
			for _, r := range a.Resources {
				if r.Type.Service != s {
					t.Errorf("%s: resource type %s of service %s", a, r.Type.Name, r.Type.Service)
				}
			}
			for _, k := range a.ConditionKeys {
				if k.Service != s {
					t.Errorf("%s: key %s of service %v", a, k.Name, k.Service)
				}
			}
			if a.Level < List || a.Level > Tagging {
				t.Errorf("%s: level %v", a, a.Level)
			}
		}
		for _, r := range s.ResourceTypes {
			if s.ResourceType(strings.ToUpper(r.Name)) != r || c.ResourceType(s.Prefix, r.Name) != r {
				t.Errorf("ResourceType(%s, %q) does not find it", s.Prefix, r.Name)
			}
		}
		for _, k := range s.ConditionKeys {
			if s.ConditionKey(strings.ToUpper(k.Name)) != k {
				t.Errorf("%s.ConditionKey(%q) does not find it", s.Prefix, k.Name)
			}
			if c.ConditionKey(k.Name) == nil {
				t.Errorf("ConditionKey(%q) = nil", k.Name)
			}
		}
	}
	if n != c.NumActions() || len(c.Actions()) != n {
		t.Errorf("services hold %d actions, NumActions() = %d, len(Actions()) = %d", n, c.NumActions(), len(c.Actions()))
	}
	for i, a := range c.Actions() {
		if a.ID != i {
			t.Errorf("Actions()[%d].ID = %d", i, a.ID)
		}
		if i > 0 && strings.ToLower(c.Actions()[i-1].String()) >= strings.ToLower(a.String()) {
			t.Errorf("IDs not ordered by lower-case name: %s, %s", c.Actions()[i-1], a)
		}
	}
}

type actionView struct {
	Name, Level, Description string
	Resources                []string // "name[*] arn"
	Keys                     []string
}

func viewAction(a *Action) *actionView {
	if a == nil {
		return nil
	}
	v := &actionView{Name: a.String(), Level: a.Level.String(), Description: a.Description}
	for _, r := range a.Resources {
		s := r.Type.Name
		if r.Required {
			s += "*"
		}
		for _, k := range r.ConditionKeys {
			s += " " + k.Name
		}
		v.Resources = append(v.Resources, s+" "+r.Type.ARN)
	}
	for _, k := range a.ConditionKeys {
		v.Keys = append(v.Keys, k.Name)
	}
	return v
}

func TestAction(t *testing.T) {
	c := Default()
	s3keys := []string{"s3:authType", "s3:ResourceAccount", "s3:signatureAge", "s3:signatureversion", "s3:TlsVersion", "s3:x-amz-content-sha256"}
	tests := []struct {
		name string
		want *actionView
	}{
		{"s3:GetObject", &actionView{
			Name: "s3:GetObject", Level: "Read", Description: "Grants permission to retrieve objects from Amazon S3",
			Resources: []string{
				"accesspointobject arn:${Partition}:s3:${Region}:${Account}:accesspoint/${AccessPointName}/object/${ObjectName}",
				"object arn:${Partition}:s3:::${BucketName}/${ObjectName}",
			},
			Keys: []string{"s3:AccessGrantsInstanceArn", "s3:authType", "s3:ExistingObjectTag/<key>", "s3:ResourceAccount", "s3:signatureAge", "s3:signatureversion", "s3:TlsVersion", "s3:x-amz-content-sha256"},
		}},
		{"S3:getobject", &actionView{
			Name: "s3:GetObject", Level: "Read", Description: "Grants permission to retrieve objects from Amazon S3",
			Resources: []string{
				"accesspointobject arn:${Partition}:s3:${Region}:${Account}:accesspoint/${AccessPointName}/object/${ObjectName}",
				"object arn:${Partition}:s3:::${BucketName}/${ObjectName}",
			},
			Keys: []string{"s3:AccessGrantsInstanceArn", "s3:authType", "s3:ExistingObjectTag/<key>", "s3:ResourceAccount", "s3:signatureAge", "s3:signatureversion", "s3:TlsVersion", "s3:x-amz-content-sha256"},
		}},
		{"s3:ListAllMyBuckets", &actionView{
			Name: "s3:ListAllMyBuckets", Level: "List",
			Description: "Grants permission to list all buckets owned by the authenticated sender of the request",
			Keys:        s3keys,
		}},
		{"iam:CreatePolicy", &actionView{
			Name: "iam:CreatePolicy", Level: "Permissions management", Description: "Grants permission to create a new managed policy",
			Resources: []string{"policy* arn:${Partition}:iam::${Account}:policy/${PolicyNameWithPath}"},
			Keys:      []string{"aws:RequestTag/${TagKey}", "aws:TagKeys"},
		}},
		{"iam:PassRole", &actionView{
			Name: "iam:PassRole", Level: "Write", Description: "Grants permission to pass a role to a service",
			Resources: []string{"role* arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}"},
			Keys:      []string{"iam:AssociatedResourceArn", "iam:PassedToService"},
		}},
		{"sts:GetCallerIdentity", &actionView{
			Name: "sts:GetCallerIdentity", Level: "Read",
			Description: "Grants permission to obtain details about the IAM identity whose credentials are used to call the API",
		}},
		{"s3", nil},
		{"s3:", nil},
		{":GetObject", nil},
		{"s3:Get*", nil},
		{"s3:GetObjekt", nil},
		{"nosuch:GetObject", nil},
		{"s3:GetObject:x", nil},
		{"", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, viewAction(c.Action(tt.name))); diff != "" {
				t.Errorf("Action(%q) (-want +got):\n%s", tt.name, diff)
			}
		})
	}

	// Tagging is the primary level of "Tagging, Write".
	if a := c.Action("s3:PutObjectTagging"); a == nil || a.Level != Tagging {
		t.Errorf("s3:PutObjectTagging: got %v", viewAction(a))
	}
	// Required flags and resource-level keys.
	ri := viewAction(c.Action("ec2:RunInstances"))
	var image, group string
	for _, r := range ri.Resources {
		switch strings.Fields(r)[0] {
		case "image*":
			image = r
		case "group":
			group = r
		}
	}
	if !strings.Contains(image, " ec2:ImageID ") || group == "" {
		t.Errorf("ec2:RunInstances resources: %q", ri.Resources)
	}
}

func TestService(t *testing.T) {
	c := Default()
	s := c.Service("S3")
	if s == nil || s.Prefix != "s3" || s.Name != "Amazon S3" || !s.RCPSupported {
		t.Fatalf("Service(S3) = %+v", s)
	}
	if c.Service("s3 ") != nil || c.Service("") != nil || c.Service("s3:GetObject") != nil {
		t.Error("Service accepted a malformed prefix")
	}
	if c.Service("iam").RCPSupported {
		t.Error("iam reported as supporting RCPs")
	}
	r := c.ResourceType("S3", "Object")
	if r == nil || r.ARN != "arn:${Partition}:s3:::${BucketName}/${ObjectName}" {
		t.Errorf("ResourceType(S3, Object) = %+v", r)
	}
	if c.ResourceType("nosuch", "object") != nil || c.ResourceType("s3", "nosuch") != nil {
		t.Error("ResourceType found a type that does not exist")
	}
	// A type with two ARN formats.
	bot := c.ResourceType("lex", "bot alias")
	if bot == nil {
		t.Fatal(`ResourceType(lex, "bot alias") = nil`)
	}
	want := []string{
		"arn:${Partition}:lex:${Region}:${Account}:bot-alias/${BotId}/${BotAliasId}",
		"arn:${Partition}:lex:${Region}:${Account}:bot:${BotName}:${BotAlias}",
	}
	if diff := cmp.Diff(want, bot.ARNFormats()); diff != "" {
		t.Errorf("ARNFormats (-want +got):\n%s", diff)
	}
}

func TestConditionKey(t *testing.T) {
	c := Default()
	type view struct {
		Name, Type, Service string
		Global              bool
	}
	tests := []struct {
		name string
		want *view
	}{
		{"aws:SourceIp", &view{"aws:SourceIp", "IPAddress", "", true}},
		{"AWS:sourceip", &view{"aws:SourceIp", "IPAddress", "", true}},
		{"aws:ResourceTag/env", &view{"aws:ResourceTag/${TagKey}", "String", "", true}},
		{"aws:PrincipalTag/team/sub", &view{"aws:PrincipalTag/${TagKey}", "String", "", true}},
		{"aws:ResourceTag/", nil},
		{"aws:TagKeys", &view{"aws:TagKeys", "ArrayOfString", "", true}},
		{"aws:NoSuchKey", nil},
		{"s3:ExistingObjectTag/x", &view{"s3:ExistingObjectTag/<key>", "String", "s3", false}},
		{"s3:x-amz-acl", &view{"s3:x-amz-acl", "String", "s3", false}},
		{"iam:PassedToService", &view{"iam:PassedToService", "String", "iam", false}},
		{"kms:EncryptionContext:purpose", &view{"kms:EncryptionContext:${EncryptionContextKey}", "String", "kms", false}},
		{"events:Metadata/x/Matcher", &view{"events:Metadata/${MetadataKey}/Matcher", "String", "events", false}},
		{"events:Metadata/x", &view{"events:Metadata/${MetadataKey}", "ArrayOfString", "events", false}},
		// Federation providers' keys belong to sts.
		{"saml:aud", &view{"saml:aud", "String", "sts", false}},
		{"token.actions.githubusercontent.com:actor", &view{"token.actions.githubusercontent.com:actor", "String", "sts", false}},
		{"token.actions.githubusercontent.com/org:actor", &view{"token.actions.githubusercontent.com/${SubPath}:actor", "String", "sts", false}},
		{"agent.acme.buildkite.dev:build_branch", &view{"agent.${Domain}.buildkite.dev:build_branch", "String", "sts", false}},
		// A key of the global list documented by its service: the service's
		// entry, marked global.
		{"ec2:SourceInstanceArn", &view{"ec2:SourceInstanceARN", "ARN", "ec2", true}},
		// Listed by q and qbusiness as ArrayOfString; identitystore's own
		// entry wins.
		{"identitystore:UserId", &view{"identitystore:UserId", "String", "identitystore", true}},
		{"s3:nosuch", nil},
		{"nosuch:key", nil},
		{"", nil},
		{"s3", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			k := c.ConditionKey(tt.name)
			var got *view
			if k != nil {
				got = &view{Name: k.Name, Type: k.Type.String(), Global: k.Global}
				if k.Service != nil {
					got.Service = k.Service.Prefix
				}
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("ConditionKey(%q) (-want +got):\n%s", tt.name, diff)
			}
		})
	}
	if ks := c.KeyPrefixServices("SAML"); len(ks) != 1 || ks[0].Prefix != "sts" {
		t.Errorf("KeyPrefixServices(SAML) = %v", ks)
	}
	if ks := c.KeyPrefixServices("s3"); ks != nil {
		t.Errorf("KeyPrefixServices(s3) = %v, want nil", ks)
	}
}

func TestKeyMatches(t *testing.T) {
	tests := []struct {
		key, name string
		want      bool
	}{
		{"aws:ResourceTag/${TagKey}", "aws:ResourceTag/env", true},
		{"aws:ResourceTag/${TagKey}", "AWS:resourcetag/Env", true},
		{"aws:ResourceTag/${TagKey}", "aws:ResourceTag/", false},
		{"aws:ResourceTag/${TagKey}", "aws:ResourceTag/${TagKey}", true},
		{"aws:ResourceTag/${TagKey}", "aws:RequestTag/env", false},
		{"events:Metadata/${MetadataKey}/Matcher", "events:Metadata/a/Matcher", true},
		{"events:Metadata/${MetadataKey}/Matcher", "events:Metadata//Matcher", false},
		{"events:Metadata/${MetadataKey}/Matcher", "events:Metadata/Matcher", false},
		{"s3:x-amz-acl", "S3:X-AMZ-ACL", true},
		{"s3:x-amz-acl", "s3:x-amz-acl2", false},
	}
	for _, tt := range tests {
		s, e := placeholder(tt.key)
		k := &ConditionKey{Name: tt.key, phStart: s, phEnd: e}
		if got := k.Matches(tt.name); got != tt.want {
			t.Errorf("%s.Matches(%q) = %v, want %v", tt.key, tt.name, got, tt.want)
		}
	}
}

func TestAccessLevel(t *testing.T) {
	var got []string
	for _, l := range AccessLevels() {
		got = append(got, l.String())
		for _, s := range []string{l.String(), strings.ToUpper(l.String()), strings.ReplaceAll(l.String(), " ", "-"), strings.ReplaceAll(l.String(), " ", "")} {
			p, err := ParseAccessLevel(s)
			if err != nil || p != l {
				t.Errorf("ParseAccessLevel(%q) = %v, %v; want %v", s, p, err, l)
			}
		}
		b, err := l.MarshalText()
		var u AccessLevel
		if err != nil || u.UnmarshalText(b) != nil || u != l {
			t.Errorf("%v: text round trip gave %v, %v", l, u, err)
		}
	}
	want := []string{"List", "Read", "Write", "Permissions management", "Tagging"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("levels (-want +got):\n%s", diff)
	}
	for _, s := range []string{"", "permissions", "writes", "admin", "Full"} {
		if _, err := ParseAccessLevel(s); err == nil {
			t.Errorf("ParseAccessLevel(%q) succeeded", s)
		}
	}
	if p, err := ParseAccessLevel("permissions_management"); err != nil || p != PermissionsManagement {
		t.Errorf("ParseAccessLevel(permissions_management) = %v, %v", p, err)
	}
	if _, err := AccessLevel(0).MarshalText(); err == nil {
		t.Error("AccessLevel(0).MarshalText succeeded")
	}
	if s := AccessLevel(9).String(); s != "AccessLevel(9)" {
		t.Errorf("AccessLevel(9).String() = %q", s)
	}
}

func TestKeyType(t *testing.T) {
	for k := String; k < numKeyTypes; k++ {
		p, err := ParseKeyType(k.String())
		if err != nil || p != k {
			t.Errorf("ParseKeyType(%q) = %v, %v", k, p, err)
		}
		if p, err := ParseKeyType(strings.ToLower(k.String())); err != nil || p != k {
			t.Errorf("ParseKeyType(%q) = %v, %v", strings.ToLower(k.String()), p, err)
		}
		if got, want := k.IsMultiValued(), strings.HasPrefix(k.String(), "ArrayOf"); got != want {
			t.Errorf("%v.IsMultiValued() = %v", k, got)
		}
		if want := strings.TrimPrefix(k.String(), "ArrayOf"); k.Elem().String() != want {
			t.Errorf("%v.Elem() = %v, want %s", k, k.Elem(), want)
		}
	}
	for _, s := range []string{"", "Array", "ArrayOfArrayOfString", "Long"} {
		if _, err := ParseKeyType(s); err == nil {
			t.Errorf("ParseKeyType(%q) succeeded", s)
		}
	}
	if KeyType(0).IsMultiValued() || KeyType(0).String() != "KeyType(0)" {
		t.Error("zero KeyType misbehaves")
	}
}

func TestSuggest(t *testing.T) {
	c := Default()
	tests := []struct {
		name string
		max  int
		want []string
	}{
		{"s3:GetObjet", 1, []string{"s3:GetObject"}},
		{"s3:GetObejct", 1, []string{"s3:GetObject"}}, // swapped letters
		{"s3:getobjects", 1, []string{"s3:GetObject"}},
		{"s4:GetObject", 1, []string{"s3:GetObject"}}, // wrong service
		{"lamda", 1, []string{"lambda"}},
		{"dynamo", 1, []string{"dynamodb"}},
		{"iam:PassRoles", 1, []string{"iam:PassRole"}},
		{"s3:Zzzzzzzzzzzz", 3, nil},
		{"qqqqqqqqqq", 3, nil},
		{"s3:GetObjet", 0, nil},
		{"", 3, nil},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, c.Suggest(tt.name, tt.max)); diff != "" {
			t.Errorf("Suggest(%q, %d) (-want +got):\n%s", tt.name, tt.max, diff)
		}
	}
	if got := c.Suggest("s3:GetObjectAc", 5); len(got) < 2 || got[0] != "s3:GetObjectAcl" {
		t.Errorf("Suggest(s3:GetObjectAc, 5) = %q", got)
	}
}

func TestSuggestConditionKey(t *testing.T) {
	c := Default()
	tests := []struct {
		name string
		want []string
	}{
		{"s3:prefixes", []string{"s3:prefix"}},
		{"aws:SourceIP", []string{"aws:SourceIp"}}, // case differs only
		{"aws:SorceIp", []string{"aws:SourceIp"}},
		{"aws:ResourceTags/team", []string{"aws:ResourceTag/${TagKey}"}},
		{"s3:ExistingObjectTags/x", []string{"s3:ExistingObjectTag/<key>"}},
		{"kms:EncryptionContex:purpose", []string{"kms:EncryptionContext:${EncryptionContextKey}"}},
		{"saml:aux", []string{"saml:aud"}},
		{"iam:PasedToService", []string{"iam:PassedToService"}},
		{"nosuch:key", nil},
		{"nocolon", nil},
	}
	for _, tt := range tests {
		got := c.SuggestConditionKey(tt.name, 1)
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("SuggestConditionKey(%q) (-want +got):\n%s", tt.name, diff)
		}
	}
}
