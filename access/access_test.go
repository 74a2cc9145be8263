package access

import (
	"math/rand/v2"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/leastpriv/leastpriv/catalog"
	"github.com/leastpriv/leastpriv/iam"
)

func mustParse(t testing.TB, src string) *iam.Policy {
	t.Helper()
	p, diags := iam.Parse("test.json", []byte(src), iam.ParseOptions{Type: iam.Identity})
	if diags.HasErrors() {
		t.Fatalf("parse: %v", diags.Err())
	}
	return p
}

func TestShrinkCases(t *testing.T) {
	c := catalog.Default()
	tests := []struct {
		name string
		in   []string
		want []string
	}{
		{"single action", []string{"s3:getobject"}, []string{"s3:GetObject"}},
		{"a whole prefix", []string{"s3:Get*"}, []string{"s3:Get*"}},
		{"prefix spelled by its members", actionNames(c.Match("sts:Get*")), []string{"sts:Get*"}},
		{"whole service", []string{"lambda:*", "lambda:GetFunction"}, []string{"lambda:*"}},
		{"redundant actions beside a service wildcard (seed 000)", []string{"apigateway:*", "apigateway:GET", "apigateway:PUT"}, []string{"apigateway:*"}},
		{"everything", []string{"*:*"}, []string{"*"}},
		{"exact name that is also a prefix", []string{"s3:GetObject", "s3:GetObjectAcl"}, []string{"s3:GetObject", "s3:GetObjectAcl"}},
		{"nothing", []string{"s3:NoSuchThing"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			set, _ := ExpandPatterns(c, tt.in)
			got := Shrink(c, set).Patterns()
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Shrink(%v) (-want +got):\n%s", tt.in, diff)
			}
		})
	}
}

func actionNames(s catalog.Set) []string {
	var out []string
	for _, a := range s.Actions(catalog.Default()) {
		out = append(out, a.String())
	}
	return out
}

// TestShrinkExact checks the central promise on random sets: the shrunk
// patterns match exactly the input actions, never one more.
func TestShrinkExact(t *testing.T) {
	c := catalog.Default()
	r := rand.New(rand.NewPCG(1, 2))
	svcs := c.Services()
	for i := range 300 {
		set := catalog.NewSet(c)
		// A few services, each with a random density of chosen actions.
		for range 1 + r.IntN(3) {
			s := svcs[r.IntN(len(svcs))]
			p := r.Float64()
			for _, a := range s.Actions {
				if r.Float64() < p {
					set.Add(a.ID)
				}
			}
		}
		sh := Shrink(c, set)
		got := catalog.NewSet(c)
		covered := 0
		for _, p := range sh {
			m := c.Match(p.Text)
			if m.Len() != len(p.Covers) {
				t.Fatalf("case %d: pattern %q matches %d actions, claims %d", i, p.Text, m.Len(), len(p.Covers))
			}
			covered += len(p.Covers)
			got.UnionWith(m)
		}
		if !got.Equal(set) {
			t.Fatalf("case %d: shrunk patterns %v match %d actions, want exactly the %d given", i, sh.Patterns(), got.Len(), set.Len())
		}
		if covered != set.Len() {
			t.Fatalf("case %d: patterns overlap: cover %d for %d actions", i, covered, set.Len())
		}
	}
}

// TestShrinkMinimal checks, by brute force over every candidate prefix
// pattern, that no shorter list of such patterns matches the same set. It
// uses services small enough for an exhaustive search.
func TestShrinkMinimal(t *testing.T) {
	c := catalog.Default()
	r := rand.New(rand.NewPCG(3, 4))
	checked := 0
	for _, s := range c.Services() {
		if len(s.Actions) < 3 || len(s.Actions) > 9 {
			continue
		}
		for range 4 {
			set := catalog.NewSet(c)
			for _, a := range s.Actions {
				if r.IntN(2) == 0 {
					set.Add(a.ID)
				}
			}
			if set.Len() == 0 {
				continue
			}
			got := len(Shrink(c, set))
			if want := bruteMinimal(c, s, set); got != want {
				t.Errorf("%s %v: Shrink gives %d patterns, a cover of %d exists", s.Prefix, actionNames(set), got, want)
			}
			checked++
		}
		if checked > 60 {
			break
		}
	}
	if checked < 20 {
		t.Fatalf("only %d cases checked", checked)
	}
}

// bruteMinimal returns the size of the smallest cover of set by candidate
// patterns (svc:*, every prefix of every name followed by '*', every exact
// name) that match only actions in set. Sets are bit masks over the
// service's actions (at most 9 here), and a breadth-first search over masks
// finds the fewest patterns whose union is the set.
func bruteMinimal(c *catalog.Catalog, s *catalog.Service, set catalog.Set) int {
	mask := func(m catalog.Set) int {
		b := 0
		for i, a := range s.Actions {
			if m.Has(a.ID) {
				b |= 1 << i
			}
		}
		return b
	}
	target := mask(set)
	cands := map[int]bool{}
	add := func(p string) {
		m := c.Match(p)
		if m.Len() > 0 && m.Difference(set).Len() == 0 {
			cands[mask(m)] = true
		}
	}
	add(s.Prefix + ":*")
	for _, a := range s.Actions {
		add(a.String())
		for i := 1; i <= len(a.Name); i++ {
			add(s.Prefix + ":" + a.Name[:i] + "*")
		}
	}
	dist := map[int]int{0: 0}
	queue := []int{0}
	for len(queue) > 0 {
		m := queue[0]
		queue = queue[1:]
		if m == target {
			return dist[m]
		}
		for cand := range cands {
			n := m | cand
			if _, ok := dist[n]; !ok {
				dist[n] = dist[m] + 1
				queue = append(queue, n)
			}
		}
	}
	return -1
}

func TestExpandNotAction(t *testing.T) {
	c := catalog.Default()
	p := mustParse(t, `{"Version":"2012-10-17","Statement":[
		{"Effect":"Allow","NotAction":["iam:*","s3:DeleteBucket"],"Resource":"*"},
		{"Effect":"Deny","Action":["s3:Delete*","nosuch:Thing","s3:Gett*","s3:GetObjekt"],"Resource":"*"}]}`)
	e := Expand(c, p)
	listed := c.Match("iam:*").Len() + 1
	if got, want := e.Statements[0].Actions.Len(), c.NumActions()-listed; got != want {
		t.Errorf("NotAction expands to %d actions, want %d", got, want)
	}
	if e.Statements[0].Actions.Has(c.Action("iam:PassRole").ID) || e.Statements[0].Actions.Has(c.Action("s3:DeleteBucket").ID) {
		t.Error("NotAction expansion holds an excluded action")
	}
	if !e.Allowed.Has(c.Action("s3:GetObject").ID) {
		t.Error("s3:GetObject should be allowed")
	}
	var got []string
	for _, u := range e.Unmatched() {
		got = append(got, u.Pattern+": "+u.Reason+" at "+u.Value.Range.String())
	}
	want := []string{
		"nosuch:Thing: unknown service nosuch at test.json:3:43",
		"s3:Gett*: the pattern matches no action at test.json:3:58",
		"s3:GetObjekt: unknown action at test.json:3:69",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("unmatched (-want +got):\n%s", diff)
	}
	if s := e.Unmatched()[2].Suggestions; len(s) == 0 || s[0] != "s3:GetObject" {
		t.Errorf("suggestions for s3:GetObjekt = %v, want s3:GetObject first", s)
	}
}

func TestResourceApplies(t *testing.T) {
	c := catalog.Default()
	tests := []struct {
		pattern, action string
		want            bool
	}{
		{"*", "s3:ListAllMyBuckets", true},
		{"arn:aws:s3:::b", "s3:ListAllMyBuckets", false}, // accepts only "*"
		{"arn:aws:s3:::b/*", "s3:GetObject", true},
		{"arn:aws:s3:::b", "s3:GetObject", false}, // a bucket ARN is not an object ARN
		{"arn:aws:s3:::b", "s3:ListBucket", true},
		{"arn:aws:s3:::*", "s3:GetObject", true}, // a segment-final * may cover "b/k"
		{"arn:aws:s3:::*", "ec2:RunInstances", false},
		{"arn:aws:lambda:*:*:function:acme-*", "lambda:InvokeFunction", true},
		{"arn:aws:lambda:*:*:function:acme-*", "lambda:ListFunctions", false},
		{"arn:aws:iam::*:role/x", "iam:PassRole", true},
		{"arn:aws:iam::123456789012:user/x", "iam:PassRole", false},
		// The account's '*' ends its component, so it may match
		// "123456789012:role/p", and an IAM path may hold ':': the role
		// with path /p:user/ and name x.
		{"arn:aws:iam::*:user/x", "iam:PassRole", true},
		// A volume ID holds no colon (the precise reading): only the
		// actions that take an instance.
		{"arn:aws:ec2:*:*:instance/*", "ec2:AttachVolume", true},
		{"arn:aws:ec2:*:*:instance/*", "ec2:CreateVolume", false},
		{"arn:aws:s3:::b/x:y", "s3:GetObject", true}, // object keys may hold ':'
		{"arn:aws:s3:::b:k", "s3:ListBucket", false}, // bucket names may not
		// IAM names a log group log-group:NAME:* for most actions.
		{"arn:aws:logs:*:*:log-group:/aws/x:*", "logs:CreateLogGroup", true},
		{"arn:aws:logs:*:*:log-group:/aws/x:*:*", "logs:DeleteLogGroup", false},
		{"arn:aws:lambda:*:*:function:f:prod", "lambda:InvokeFunction", true}, // an alias
		// A variable stands for its value, which a placeholder can equal.
		{"arn:aws:ec2:${aws:RequestedRegion}:${aws:PrincipalAccount}:instance/*", "ec2:StartInstances", true},
		{"arn:aws:iam::*:user/${aws:username}", "iam:GetUser", true},
		{"arn:aws:iam::123456789012:user/${aws:username}", "iam:GetRole", false},
		{"arn:aws:*", "iam:PassRole", true},
		{"arn:aws", "iam:PassRole", false},
	}
	for _, tt := range tests {
		a := c.Action(tt.action)
		if a == nil {
			t.Fatalf("no action %s in the catalog", tt.action)
		}
		if got := ResourceApplies(tt.pattern, a); got != tt.want {
			t.Errorf("ResourceApplies(%q, %s) = %v, want %v", tt.pattern, tt.action, got, tt.want)
		}
	}
}

func TestSummarize(t *testing.T) {
	c := catalog.Default()
	p := mustParse(t, `{"Version":"2012-10-17","Statement":[
		{"Sid":"Read","Effect":"Allow","Action":["s3:Get*","s3:List*"],"Resource":["arn:aws:s3:::b","arn:aws:s3:::b/*"]},
		{"Sid":"All","Effect":"Allow","Action":"sts:*","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":true}}},
		{"Effect":"Deny","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/secret/*"}]}`)
	sum := Summarize(c, p)
	type row struct {
		Service, Access string
		Resources       []string
		Conditions      []string
	}
	var got []row
	for _, s := range sum.Allow {
		got = append(got, row{s.Service.Prefix, s.Access(), s.Resources, s.Conditions})
	}
	sts := c.Service("sts")
	want := []row{
		{"s3", accessOf(c, "s3", append(
			appl(c, "s3:Get*", "arn:aws:s3:::b", "arn:aws:s3:::b/*"),
			appl(c, "s3:List*", "arn:aws:s3:::b", "arn:aws:s3:::b/*")...)),
			[]string{"arn:aws:s3:::b", "arn:aws:s3:::b/*"}, nil},
		{"sts", "Full access", []string{"*"}, []string{"All: Bool aws:SecureTransport = true"}},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("allow rows (-want +got):\n%s", diff)
	}
	if n := sum.Allowed.Total(); n <= len(sts.Actions) {
		t.Errorf("allowed total %d too small", n)
	}
	if len(sum.Deny) != 1 || sum.Deny[0].Service.Prefix != "s3" || len(sum.Deny[0].Actions) != 1 {
		t.Errorf("deny rows: %+v", sum.Deny)
	}
	// s3:ListAllMyBuckets accepts only "*": matched by s3:List* but not granted.
	found := false
	for _, na := range sum.NotApplicable {
		for _, a := range na.Actions {
			if a.String() == "s3:ListAllMyBuckets" {
				found = true
			}
		}
	}
	if !found {
		t.Error("s3:ListAllMyBuckets should be reported as not applicable")
	}
}

// appl returns the actions matching pattern that one of the resources
// applies to, computed directly with ResourceApplies.
func appl(c *catalog.Catalog, pattern string, resources ...string) []*catalog.Action {
	var out []*catalog.Action
	for _, a := range c.Match(pattern).Actions(c) {
		for _, r := range resources {
			if ResourceApplies(r, a) {
				out = append(out, a)
				break
			}
		}
	}
	return out
}

// accessOf computes the console text for a set of actions independently of
// Summarize's bookkeeping.
func accessOf(c *catalog.Catalog, svc string, acts []*catalog.Action) string {
	s := ServiceSummary{Service: c.Service(svc)}
	set := catalog.NewSet(c)
	for _, a := range acts {
		set.Add(a.ID)
	}
	for _, l := range Levels {
		g := LevelGrant{Level: l}
		for _, a := range s.Service.Actions {
			if a.Level == l {
				g.Total++
				if set.Has(a.ID) {
					g.Granted++
				}
			}
		}
		if g.Granted > 0 {
			s.Levels = append(s.Levels, g)
		}
	}
	return s.Access()
}

func TestAccessText(t *testing.T) {
	c := catalog.Default()
	s := ServiceSummary{Service: c.Service("sts"), Levels: []LevelGrant{
		{Level: catalog.Read, Granted: 2, Total: 2},
		{Level: catalog.Write, Granted: 1, Total: 9},
	}}
	if got, want := s.Access(), "Full: Read  Limited: Write (1 of 9)"; got != want {
		t.Errorf("Access() = %q, want %q", got, want)
	}
}
