package compare

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/leastpriv/leastpriv/catalog"
	"github.com/leastpriv/leastpriv/iam"
)

var update = flag.Bool("update", false, "rewrite golden files in testdata")

// policy parses a policy of type typ from its statements (JSON, without
// the surrounding array).
func policy(t testing.TB, name string, typ iam.Type, stmts string) *iam.Policy {
	t.Helper()
	src := `{"Version": "2012-10-17", "Statement": [` + stmts + `]}`
	p, diags := iam.Parse(name, []byte(src), iam.ParseOptions{Type: typ})
	if diags.HasErrors() {
		t.Fatalf("%s: %v\n%s", name, diags, src)
	}
	return p
}

// summary lists the changes as "kind action [reason kinds]".
func summary(r *Result) []string {
	out := []string{}
	for _, ch := range r.Changes {
		var ks []string
		for _, rs := range ch.Reasons {
			ks = append(ks, rs.Kind.String())
		}
		s := ch.Kind.String() + " " + ch.Name()
		if len(ks) > 0 {
			s += " [" + strings.Join(ks, ",") + "]"
		}
		if ch.ColonOnly {
			s += " colon-only"
		}
		out = append(out, s)
	}
	return out
}

func TestDiff(t *testing.T) {
	const (
		get    = `"Effect": "Allow", "Action": "s3:GetObject"`
		getPut = `"Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"]`
	)
	tests := []struct {
		name     string
		typ      iam.Type
		old, new string
		want     []string
	}{
		{"identical", iam.Identity, `{` + get + `, "Resource": "*"}`, `{` + get + `, "Resource": "*"}`, []string{}},
		{"action added", iam.Identity, `{` + get + `, "Resource": "*"}`, `{` + getPut + `, "Resource": "*"}`, []string{"added s3:PutObject [resources]"}},
		{"action removed", iam.Identity, `{` + getPut + `, "Resource": "*"}`, `{` + get + `, "Resource": "*"}`, []string{"removed s3:PutObject [resources]"}},
		{"statements split and reordered", iam.Identity,
			`{` + getPut + `, "Resource": "arn:aws:s3:::b/*"}`,
			`{"Effect": "Allow", "Action": "s3:PutObject", "Resource": "arn:aws:s3:::b/*"}, {` + get + `, "Resource": "arn:aws:s3:::b/*"}`, []string{}},
		{"resources wider", iam.Identity, `{` + get + `, "Resource": "arn:aws:s3:::b/*"}`, `{` + get + `, "Resource": "arn:aws:s3:::*"}`, []string{"wider s3:GetObject [resources]"}},
		{"p-* within *", iam.Identity, `{` + get + `, "Resource": "arn:aws:s3:::*"}`, `{` + get + `, "Resource": "arn:aws:s3:::p-*"}`, []string{"narrower s3:GetObject [resources]"}},
		{"union of resources", iam.Identity,
			`{` + get + `, "Resource": ["arn:aws:s3:::b/a*", "arn:aws:s3:::b/?*"]}`, `{` + get + `, "Resource": "arn:aws:s3:::b/*"}`, []string{"wider s3:GetObject [resources]"}},
		{"union covers", iam.Identity,
			`{` + get + `, "Resource": ["arn:aws:s3:::b/", "arn:aws:s3:::b/?*", "arn:aws:s3:::b/:*"]}`, `{` + get + `, "Resource": "arn:aws:s3:::b/*"}`, []string{}},
		{"union misses a colon", iam.Identity,
			`{` + get + `, "Resource": ["arn:aws:s3:::b/", "arn:aws:s3:::b/?*"]}`, `{` + get + `, "Resource": "arn:aws:s3:::b/*"}`, []string{"wider s3:GetObject [resources]"}},
		{"star inside a segment stops at colons", iam.Identity,
			`{` + get + `, "Resource": "arn:aws:s3:::b/*/k"}`, `{` + get + `, "Resource": "arn:aws:s3:::b/x:y/k"}`, []string{"wider s3:GetObject [resources]"}},
		{"question mark stops at colons", iam.Identity,
			`{` + get + `, "Resource": "arn:aws:s3:::b/x?k"}`, `{` + get + `, "Resource": "arn:aws:s3:::b/x:k"}`, []string{"wider s3:GetObject [resources]"}},
		// A bucket name holds no colon: NEW allows no real bucket (the
		// precise reading: OLD's is removed), and "b:k" only if one did.
		{"question mark stops at colons, a bucket name holds none", iam.Identity,
			`{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::b?k"}`, `{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::b:k"}`,
			[]string{"removed s3:ListBucket [resources]", "wider s3:ListBucket [resources] colon-only"}},
		// The example: a volume ID holds no colon, so the
		// instance pattern gives only the actions that take an instance;
		// the others exist only if a volume ID held ":instance/...".
		{"volume actions on instances", iam.Identity,
			`{"Effect": "Allow", "Action": "ec2:DescribeInstances", "Resource": "*"}`,
			`{"Effect": "Allow", "Action": "ec2:*Volume", "Resource": "arn:aws:ec2:*:*:instance/*"}, {"Effect": "Allow", "Action": "ec2:DescribeInstances", "Resource": "*"}`,
			[]string{"added ec2:AttachVolume [resources]", "added ec2:DetachVolume [resources]", "future ec2:*Volume [actions]",
				"added ec2:CreateVolume [resources] colon-only", "added ec2:DeleteVolume [resources] colon-only",
				"added ec2:ImportVolume [resources] colon-only", "added ec2:ModifyVolume [resources] colon-only"}},
		{"volume actions move from instances to volumes", iam.Identity,
			`{"Effect": "Allow", "Action": "ec2:*Volume", "Resource": "arn:aws:ec2:*:*:instance/*"}`, `{"Effect": "Allow", "Action": "ec2:*Volume", "Resource": "arn:aws:ec2:*:*:volume/*"}`,
			[]string{"wider ec2:AttachVolume [resources]", "added ec2:CreateVolume [resources]", "added ec2:DeleteVolume [resources]",
				"wider ec2:DetachVolume [resources]", "added ec2:ImportVolume [resources]", "added ec2:ModifyVolume [resources]", "future ec2:*Volume [actions]"}},
		{"removed only if a name holds a colon", iam.Identity,
			`{"Effect": "Allow", "Action": "ec2:CreateVolume", "Resource": "arn:aws:ec2:*:*:instance/*"}, {"Effect": "Allow", "Action": "ec2:DescribeInstances", "Resource": "*"}`,
			`{"Effect": "Allow", "Action": "ec2:DescribeInstances", "Resource": "*"}`,
			[]string{"removed ec2:CreateVolume [resources] colon-only"}},
		{"deny removed only if a name holds a colon", iam.Identity,
			`{"Effect": "Allow", "Action": "ec2:DescribeInstances", "Resource": "*"}, {"Effect": "Deny", "Action": "ec2:DeleteVolume", "Resource": "arn:aws:ec2:*:*:instance/*"}`,
			`{"Effect": "Allow", "Action": "ec2:DescribeInstances", "Resource": "*"}`,
			[]string{"deny-removed ec2:DeleteVolume [deny] colon-only"}},
		{"star ending a segment crosses colons", iam.Identity,
			`{` + get + `, "Resource": "arn:aws:s3:::b/*"}`, `{` + get + `, "Resource": "arn:aws:s3:::b/x:y/k"}`, []string{"narrower s3:GetObject [resources]"}},
		{"resource not applicable to the action", iam.Identity,
			`{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"}`, `{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "arn:aws:s3:::b"}`, []string{"removed s3:ListAllMyBuckets [resources]"}},
		{"NotResource narrower", iam.Identity,
			`{` + get + `, "NotResource": "arn:aws:s3:::secret/*"}`, `{` + get + `, "Resource": "arn:aws:s3:::public/*"}`, []string{"narrower s3:GetObject [resources]"}},
		{"NotResource wider", iam.Identity,
			`{` + get + `, "Resource": "arn:aws:s3:::public/*"}`, `{` + get + `, "NotResource": "arn:aws:s3:::secret/*"}`, []string{"wider s3:GetObject [resources]"}},
		{"NotAction", iam.Identity,
			`{"Effect": "Allow", "NotAction": "s3:*", "Resource": "arn:aws:sqs:*:*:*"}`,
			`{"Effect": "Allow", "NotAction": ["s3:*", "sqs:Send*"], "Resource": "arn:aws:sqs:*:*:*"}`,
			[]string{"removed sqs:SendMessage [resources]"}},
		{"same variable", iam.Identity,
			`{` + get + `, "Resource": "arn:aws:s3:::b/${aws:username}/*"}`, `{` + get + `, "Resource": "arn:aws:s3:::b/${aws:username}/*"}`, []string{}},
		{"variable within star", iam.Identity,
			`{` + get + `, "Resource": "arn:aws:s3:::b/*"}`, `{` + get + `, "Resource": "arn:aws:s3:::b/${aws:username}/*"}`, []string{"narrower s3:GetObject [resources]"}},
		{"star not within variable", iam.Identity,
			`{` + get + `, "Resource": "arn:aws:s3:::b/${aws:username}/*"}`, `{` + get + `, "Resource": "arn:aws:s3:::b/*"}`, []string{"wider s3:GetObject [resources]"}},
		{"condition values subset", iam.Identity,
			`{` + get + `, "Resource": "*", "Condition": {"StringEquals": {"aws:PrincipalTag/team": ["blue", "red"]}}}`,
			`{` + get + `, "Resource": "*", "Condition": {"StringEquals": {"aws:PrincipalTag/team": "blue"}}}`,
			[]string{"narrower s3:GetObject [conditions]"}},
		{"condition values superset", iam.Identity,
			`{` + get + `, "Resource": "*", "Condition": {"StringEquals": {"aws:PrincipalTag/team": "blue"}}}`,
			`{` + get + `, "Resource": "*", "Condition": {"StringEquals": {"aws:PrincipalTag/team": ["blue", "red"]}}}`,
			[]string{"looser s3:GetObject [conditions]"}},
		{"condition dropped", iam.Identity,
			`{` + get + `, "Resource": "*", "Condition": {"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}}}`, `{` + get + `, "Resource": "*"}`,
			[]string{"looser s3:GetObject [conditions]"}},
		{"negated condition: more excluded is tighter", iam.Identity,
			`{` + get + `, "Resource": "*", "Condition": {"StringNotEquals": {"aws:RequestedRegion": "eu-west-1"}}}`,
			`{` + get + `, "Resource": "*", "Condition": {"StringNotEquals": {"aws:RequestedRegion": ["eu-west-1", "us-east-1"]}}}`,
			[]string{"narrower s3:GetObject [conditions]"}},
		{"IP range inside", iam.Identity,
			`{` + get + `, "Resource": "*", "Condition": {"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}}}`,
			`{` + get + `, "Resource": "*", "Condition": {"IpAddress": {"aws:SourceIp": ["10.1.0.0/16", "10.2.3.4"]}}}`, []string{"narrower s3:GetObject [conditions]"}},
		{"numeric bound", iam.Identity,
			`{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*", "Condition": {"NumericLessThan": {"s3:max-keys": "10"}}}`,
			`{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*", "Condition": {"NumericLessThanEquals": {"s3:max-keys": "9.5"}}}`, []string{"narrower s3:ListBucket [conditions]"}},
		{"StringLike within StringLike", iam.Identity,
			`{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*", "Condition": {"StringLike": {"s3:prefix": "home/*"}}}`,
			`{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*", "Condition": {"StringLike": {"s3:prefix": ["home/a/*", "home/b"]}}}`, []string{"narrower s3:ListBucket [conditions]"}},
		{"ArnLike", iam.Identity,
			`{` + get + `, "Resource": "*", "Condition": {"ArnLike": {"aws:SourceArn": "arn:aws:sns:*:111122223333:*"}}}`,
			`{` + get + `, "Resource": "*", "Condition": {"ArnEquals": {"aws:SourceArn": "arn:aws:sns:us-east-1:111122223333:t"}}}`, []string{"narrower s3:GetObject [conditions]"}},
		{"deny only in OLD: removes the action", iam.Identity,
			`{"Effect": "Allow", "Action": "s3:*Object", "Resource": "*"}, {"Effect": "Deny", "Action": "s3:DeleteObject", "Resource": "*"}`,
			`{"Effect": "Allow", "Action": "s3:*Object", "Resource": "*"}`, []string{"added s3:DeleteObject [deny]"}},
		{"conditional deny only in OLD", iam.Identity,
			`{` + get + `, "Resource": "*"}, {"Effect": "Deny", "Action": "s3:GetObject", "Resource": "*", "Condition": {"Bool": {"aws:SecureTransport": "false"}}}`,
			`{` + get + `, "Resource": "*"}`, []string{"looser s3:GetObject [deny]"}},
		{"deny only in OLD, of actions neither side allows", iam.Identity,
			`{` + get + `, "Resource": "*"}, {"Effect": "Deny", "Action": "iam:Create*Key", "Resource": "*"}`,
			`{` + get + `, "Resource": "*"}`, []string{"deny-removed iam:CreateAccessKey [deny]", "deny-removed iam:Create*Key [deny]"}},
		{"deny only in NEW", iam.Identity,
			`{` + get + `, "Resource": "*"}`,
			`{` + get + `, "Resource": "*"}, {"Effect": "Deny", "Action": "iam:CreateAccessKey", "Resource": "*"}`, []string{"deny-added iam:CreateAccessKey [deny]"}},
		{"same deny on both sides", iam.Identity,
			`{` + get + `, "Resource": "*"}, {"Effect": "Deny", "Action": "s3:*", "Resource": "*", "Condition": {"Bool": {"aws:SecureTransport": "false"}}}`,
			`{"Effect": "Deny", "Action": ["s3:*", "sqs:*"], "Resource": "*", "Condition": {"Bool": {"aws:SecureTransport": "false"}}}, {` + get + `, "Resource": "*"}`,
			summaryOfDenyAdded(t, "sqs:*")},
		{"deny OLD has, contradicted by NEW's condition", iam.Identity,
			`{` + get + `, "Resource": "*"}, {"Effect": "Deny", "Action": "s3:GetObject", "Resource": "*", "Condition": {"StringNotEquals": {"aws:PrincipalTag/team": "blue"}}}`,
			`{` + get + `, "Resource": "*", "Condition": {"StringEquals": {"aws:PrincipalTag/team": "blue"}}}`,
			[]string{"deny-removed s3:GetObject [deny]"}},
		{"deny OLD has on other resources", iam.Identity,
			`{` + get + `, "Resource": "*"}, {"Effect": "Deny", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::secret/*"}`,
			`{` + get + `, "Resource": "arn:aws:s3:::public/*"}, {"Effect": "Deny", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::secret/*"}`,
			[]string{"narrower s3:GetObject [resources]"}},
		{"MFA: Null and Bool contradict", iam.Identity,
			`{` + get + `, "Resource": "*"}, {"Effect": "Deny", "Action": "s3:GetObject", "Resource": "*", "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}}}`,
			`{` + get + `, "Resource": "*", "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}}}`,
			[]string{"deny-removed s3:GetObject [deny]"}},
		{"unknown future actions", iam.Identity,
			`{"Effect": "Allow", "Action": "s3:GetObjectTagging", "Resource": "*"}`, `{"Effect": "Allow", "Action": "s3:GetObjectTaggin?", "Resource": "*"}`,
			[]string{"future s3:GetObjectTaggin? [actions]"}},
		{"wildcards within wildcards", iam.Identity,
			`{"Effect": "Allow", "Action": "s3:Get*", "Resource": "*"}`, `{"Effect": "Allow", "Action": "s3:GetObject*", "Resource": "*"}`,
			summaryOfRemoved(t, "s3:Get*", "s3:GetObject*")},
		{"principal wider", iam.Resource,
			`{` + get + `, "Principal": {"AWS": "111122223333"}, "Resource": "arn:aws:s3:::b/*"}`, `{` + get + `, "Principal": "*", "Resource": "arn:aws:s3:::b/*"}`,
			[]string{"looser s3:GetObject [conditions]"}},
		{"same resources with a variable after a star", iam.Identity,
			`{` + get + `, "Resource": "arn:aws:s3:::b/*${aws:username}"}`, `{` + get + `, "Resource": "arn:aws:s3:::b/*${aws:username}"}`, []string{}},
		{"same NotResource with a variable", iam.Identity,
			`{` + get + `, "NotResource": ["arn:aws:s3:::b/${aws:username}/*", "arn:aws:s3:::c/*"]}`,
			`{` + get + `, "NotResource": ["arn:aws:s3:::c/*", "arn:aws:s3:::b/${aws:username}/*"]}`, []string{}},
		{"same deny with a variable", iam.Identity,
			`{` + get + `, "Resource": "*"}, {"Effect": "Deny", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*${aws:username}"}`,
			`{` + get + `, "Resource": "*"}, {"Effect": "Deny", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*${aws:username}"}`, []string{}},
		{"principal account covers its root", iam.Resource,
			`{` + get + `, "Principal": {"AWS": "111122223333"}, "Resource": "arn:aws:s3:::b/*"}`, `{` + get + `, "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Resource": "arn:aws:s3:::b/*"}`,
			[]string{"narrower s3:GetObject [conditions]"}},
	}
	c := catalog.Default()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := Diff(c, []*iam.Policy{policy(t, "old.json", tt.typ, tt.old)}, []*iam.Policy{policy(t, "new.json", tt.typ, tt.new)})
			if diff := cmp.Diff(tt.want, summary(r)); diff != "" {
				t.Errorf("changes (-want +got):\n%s", diff)
			}
			newAccess, newGrants := false, false
			for _, w := range tt.want {
				k, _, _ := strings.Cut(w, " ")
				newGrants = newGrants || k == "added" || k == "wider" || k == "looser" || k == "future"
				newAccess = newAccess || newGrants || k == "deny-removed"
			}
			if r.NewAccess() != newAccess || r.NewGrants() != newGrants {
				t.Errorf("NewAccess() = %v, NewGrants() = %v; want %v, %v", r.NewAccess(), r.NewGrants(), newAccess, newGrants)
			}
		})
	}
}

// TestDiffVersions: policy variables are read only in policies of Version
// 2012-10-17; the same text elsewhere is literal, and means something else.
func TestDiffVersions(t *testing.T) {
	doc := func(name, version, stmt string) *iam.Policy {
		t.Helper()
		v := ""
		if version != "" {
			v = `"Version": "` + version + `", `
		}
		p, diags := iam.Parse(name, []byte(`{`+v+`"Statement": [`+stmt+`]}`), iam.ParseOptions{Type: iam.Identity})
		if diags.HasErrors() {
			t.Fatal(diags)
		}
		return p
	}
	const (
		cond = `{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {"StringEquals": {"aws:PrincipalTag/owner": "${aws:username}"}}}`
		res  = `{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/${aws:username}/*"}`
		esc  = `{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/${*}"}`
	)
	tests := []struct {
		name, stmt string
		want       []string // Diff(literal, variable), then the reverse
	}{
		{"condition", cond, []string{"looser s3:GetObject [conditions]", "looser s3:GetObject [conditions]"}},
		{"resource", res, []string{"wider s3:GetObject [resources]", "wider s3:GetObject [resources]"}},
		// "${*}" is a literal star in 2012-10-17 and the glob "${" "*" "}"
		// before: neither holds the other.
		{"escape", esc, []string{"wider s3:GetObject [resources]", "wider s3:GetObject [resources]"}},
	}
	c := catalog.Default()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lit := doc("literal.json", "2008-10-17", tt.stmt)
			vars := doc("vars.json", "2012-10-17", tt.stmt)
			got := append(summary(Diff(c, []*iam.Policy{lit}, []*iam.Policy{vars})), summary(Diff(c, []*iam.Policy{vars}, []*iam.Policy{lit}))...)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("changes (-want +got):\n%s", diff)
			}
			if r := NoNewAccess(c, []*iam.Policy{lit}, []*iam.Policy{vars}); r.Pass {
				t.Errorf("NoNewAccess passes: the variable is not the literal text")
			}
		})
	}
}

// summaryOfRemoved is the expected summary when NEW's pattern is within
// OLD's: OLD's catalog actions NEW does not match are removed.
func summaryOfRemoved(t *testing.T, oldPat, newPat string) []string {
	c := catalog.Default()
	gone := c.Match(oldPat).Difference(c.Match(newPat))
	out := []string{}
	for _, a := range gone.Actions(c) {
		out = append(out, "removed "+a.String())
	}
	r := &Result{}
	for _, a := range gone.Actions(c) {
		r.Changes = append(r.Changes, Change{Kind: Removed, Action: a, Reasons: []Reason{{Kind: ReasonResources}}})
	}
	sortChanges(r.Changes)
	if len(out) == 0 {
		t.Fatalf("%s and %s match the same actions", oldPat, newPat)
	}
	return summary(r)
}

// summaryOfDenyAdded is the expected summary when NEW denies the actions
// of pattern on top of what both sides deny.
func summaryOfDenyAdded(t *testing.T, pattern string) []string {
	c := catalog.Default()
	r := &Result{}
	for _, a := range c.Match(pattern).Actions(c) {
		r.Changes = append(r.Changes, Change{Kind: DenyAdded, Action: a, Reasons: []Reason{{Kind: ReasonDeny}}})
	}
	sortChanges(r.Changes)
	return summary(r)
}

func readSeed(t testing.TB, name string, vars map[string]string) *iam.Policy {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "testdata", "seeds", name))
	if err != nil {
		t.Fatal(err)
	}
	src := string(data)
	for k, v := range vars {
		src = strings.ReplaceAll(src, "${"+k+"}", v)
	}
	p, diags := iam.Parse(name, []byte(src), iam.ParseOptions{Type: iam.Identity})
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	return p
}

// TestSeedsMultiTool: MultiTool's two published policies grant the same.
func TestSeedsMultiTool(t *testing.T) {
	c := catalog.Default()
	r := Diff(c, []*iam.Policy{readSeed(t, "000-multitool.json", nil)}, []*iam.Policy{readSeed(t, "001-multitool.json", nil)})
	if len(r.Changes) != 0 {
		t.Errorf("changes between the two MultiTool policies: %v", summary(r))
	}
	if r.Unchanged == 0 || r.Old.Actions != r.New.Actions || r.Old.Score != r.New.Score {
		t.Errorf("unchanged %d, sizes %v and %v", r.Unchanged, r.Old, r.New)
	}
}

// TestSeedsJets: what Jets' broad baseline policy adds to its
// least-privilege policy, with ${MY_PREFIX} bound to "acme"; the exact
// list is in testdata/jets-broad-vs-least-privilege.golden.
func TestSeedsJets(t *testing.T) {
	c := catalog.Default()
	lp := readSeed(t, "002-jets-least-privilege.json", map[string]string{"MY_PREFIX": "acme"})
	broad := readSeed(t, "002-jets-baseline.json", nil)
	r := Diff(c, []*iam.Policy{lp}, []*iam.Policy{broad})
	var b strings.Builder
	fmt.Fprintf(&b, "# leastpriv compare: 002-jets-least-privilege.json (MY_PREFIX=acme) -> 002-jets-baseline.json\n")
	fmt.Fprintf(&b, "# added %d, wider %d, looser %d, future %d, removed %d, narrower %d, unchanged %d; only if a resource name contains ':' %d\n",
		r.Count(Added), r.Count(Wider), r.Count(Looser), r.Count(Future), r.Count(Removed), r.Count(Narrower), r.Unchanged, len(r.Changes)-countPrecise(r))
	for _, ch := range r.Changes {
		level := ""
		if ch.Action != nil {
			level = ch.Action.Level.String()
		}
		fmt.Fprintf(&b, "%s\t%s\t%s\ton %s", ch.Kind, ch.Name(), level, strings.Join(ch.New.Resources, " "))
		if ch.Kind == Wider {
			fmt.Fprintf(&b, " (was %s)", strings.Join(ch.Old.Resources, " "))
		}
		if ch.ColonOnly {
			fmt.Fprintf(&b, "\tonly if a resource name contains ':', e.g. %s", ch.ColonExample)
		}
		b.WriteByte('\n')
	}
	golden(t, "jets-broad-vs-least-privilege.golden", b.String())
	if r.Count(Removed)+r.Count(Narrower)+r.Count(Looser) != 0 {
		t.Errorf("the broad policy should contain the least-privilege one: %d removed, %d narrower, %d looser", r.Count(Removed), r.Count(Narrower), r.Count(Looser))
	}
	// Reversed: the least-privilege policy adds nothing.
	if rev := Diff(c, []*iam.Policy{broad}, []*iam.Policy{lp}); rev.NewAccess() {
		t.Errorf("least-privilege adds access to the broad policy: %v", summary(rev)[:5])
	}
}

// countPrecise returns the number of changes that are not ColonOnly.
func countPrecise(r *Result) int {
	n := 0
	for _, ch := range r.Changes {
		if !ch.ColonOnly {
			n++
		}
	}
	return n
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update)", err)
	}
	if diff := cmp.Diff(string(want), got); diff != "" {
		t.Errorf("%s (-want +got):\n%s", path, diff)
	}
}

// FuzzDiff runs Diff and the checks on any pair of policies the parser
// accepts: no panic, NoNewAccess passes exactly when Diff finds no new
// grants, and a policy compared with itself changes nothing.
func FuzzDiff(f *testing.F) {
	f.Add([]byte(`{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "s3:Get*", "Resource": "arn:aws:s3:::b/*"}}`),
		[]byte(`{"Statement": [{"Effect": "Deny", "NotAction": "s3:*", "NotResource": "*", "Condition": {"StringLike": {"k:x": "${a}*"}}}]}`))
	f.Add([]byte(`{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "*", "Resource": "arn:*:s3:::${aws:username}?"}}`),
		[]byte(`{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "iam:Pass*", "Resource": "*", "Condition": {"ArnLike": {"iam:PassedToService": "a:b:c:d:e:*"}, "NumericLessThan": {"k:n": "1.5"}}}}`))
	f.Add([]byte(`{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*${aws:username}"},
		{"Effect": "Deny", "Action": "s3:*", "NotResource": "arn:aws:s3:::${aws:PrincipalTag/team}/*"}]}`),
		[]byte(`{"Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*${aws:username}"}]}`))
	c := catalog.Default()
	f.Fuzz(func(t *testing.T, a, b []byte) {
		if len(a) > 1500 || len(b) > 1500 {
			return
		}
		pa, da := iam.Parse("a.json", a, iam.ParseOptions{Type: iam.Identity})
		pb, db := iam.Parse("b.json", b, iam.ParseOptions{Type: iam.Identity})
		if da.HasErrors() || db.HasErrors() {
			return
		}
		r := Diff(c, []*iam.Policy{pa}, []*iam.Policy{pb})
		if chk := NoNewAccess(c, []*iam.Policy{pa}, []*iam.Policy{pb}); chk.Pass == r.NewGrants() {
			t.Fatalf("NoNewAccess says %s, Diff.NewGrants() = %v: %s", chk.Result, r.NewGrants(), describe(r))
		}
		_ = AccessNotGranted(c, []*iam.Policy{pb}, []string{"s3:GetObject", "x:*"}, []string{"arn:aws:s3:::b/*"})
		if same := Diff(c, []*iam.Policy{pa}, []*iam.Policy{pa}); len(same.Changes) != 0 {
			t.Fatalf("a policy differs from itself: %s", describe(same))
		}
		if chk := NoNewAccess(c, []*iam.Policy{pb}, []*iam.Policy{pb}); !chk.Pass {
			t.Fatalf("a policy adds access to itself: %v", chk.Reasons)
		}
	})
}
