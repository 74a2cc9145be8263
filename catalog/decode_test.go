package catalog

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// small is a valid catalog exercising every record kind. Its services sort
// differently as "prefix:" (a-b, then a) and as prefixes (a, then a-b).
const small = `leastpriv-catalog 1
# a comment
P	package	test-data
P	version	1.2.3
P	date	2026-01-02T03:04:05Z
N	services=2	resourcetypes=2	keys=3	globalkeys=2	actions=3	actionresources=2	keyrefs=2
G	aws:ResourceTag/${TagKey}	String	resource
G	aws:SourceIp	IPAddress	network	The caller's IP address
S	a-b	-	Service A-B
K	a-b:Key	Bool	A key
A	a-b:Do	Write	-	-	Does it
S	a	rcp	Service A
K	a:Size	Numeric
K	aws:ResourceTag/${TagKey}	String	Filters by tag
R	other thing	-	arn:${Partition}:a:::other/${Id}, arn:${Partition}:a:::x
R	thing	aws:ResourceTag/${TagKey}	arn:${Partition}:a:${Region}:${Account}:thing/${Name}
A	a:Get	Read	a:Size	other thing(a:Size),thing*	Gets a thing
A	a:list	List	-	-
U	saml	a a-b
`

func TestLoadSmall(t *testing.T) {
	c, err := Load(small)
	if err != nil {
		t.Fatal(err)
	}
	checkInvariants(t, c)
	var got []string
	for _, s := range c.Services() {
		got = append(got, s.Prefix)
	}
	for _, a := range c.Actions() {
		got = append(got, a.String())
	}
	want := []string{"a", "a-b", "a-b:Do", "a:Get", "a:list"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("services and actions (-want +got):\n%s", diff)
	}
	get := viewAction(c.Action("A:GET"))
	wantGet := &actionView{
		Name: "a:Get", Level: "Read", Description: "Gets a thing",
		Resources: []string{
			"other thing a:Size arn:${Partition}:a:::other/${Id}, arn:${Partition}:a:::x",
			"thing* arn:${Partition}:a:${Region}:${Account}:thing/${Name}",
		},
		Keys: []string{"a:Size"},
	}
	if diff := cmp.Diff(wantGet, get); diff != "" {
		t.Errorf("a:Get (-want +got):\n%s", diff)
	}
	if k := c.ConditionKey("aws:resourcetag/x"); k == nil || k.Service != nil || k.Category != "resource" {
		t.Errorf("ConditionKey(aws:resourcetag/x) = %+v", k)
	}
	if k := c.Service("a").ConditionKey("AWS:ResourceTag/${TagKey}"); k == nil || !k.Global || k.Description != "Filters by tag" {
		t.Errorf("a's aws:ResourceTag key = %+v", k)
	}
	if k := c.ConditionKey("a-b:key"); k == nil || k.Type != Bool || k.Global {
		t.Errorf("ConditionKey(a-b:key) = %+v", k)
	}
	if s := c.KeyPrefixServices("saml"); len(s) != 2 || s[0].Prefix != "a" {
		t.Errorf("KeyPrefixServices(saml) = %v", s)
	}
	p := c.Provenance()
	if p.Package != "test-data" || p.Version != "1.2.3" || p.DataDate.Year() != 2026 || p.DataSHA256 != hashString(small) {
		t.Errorf("Provenance() = %+v", p)
	}
	if got := c.Match("a*:*").Len(); got != 3 {
		t.Errorf("Match(a*:*) has %d actions", got)
	}
	if !c.Service("a").RCPSupported || c.Service("a-b").RCPSupported {
		t.Error("RCP flags")
	}
}

func TestLoadErrors(t *testing.T) {
	// Each case edits the small catalog: old is replaced by new (once).
	tests := []struct {
		name, old, new string
		want           string // the error, "catalog:LINE:COL: message"
	}{
		{"empty", small, "", `catalog:1:1: not a leastpriv catalog: first line must be "leastpriv-catalog 1"`},
		{"version", "leastpriv-catalog 1", "leastpriv-catalog 2", `catalog:1:1: unsupported catalog format "leastpriv-catalog 2" (this build reads "leastpriv-catalog 1")`},
		{"no final newline", "U\tsaml\ta a-b\n", "U\tsaml\ta a-b", `catalog:19:1: missing newline at end of data`},
		{"kind", "# a comment", "X\tfoo", `catalog:2:1: unknown record kind "X"`},
		{"no tab", "# a comment", "Sfoo", `catalog:2:1: malformed record: want a record kind letter and a tab`},
		{"blank line", "# a comment", "", `catalog:2:1: malformed record: want a record kind letter and a tab`},
		{"provenance field", "P\tversion\t1.2.3", "P\tcolour\tblue", `catalog:4:3: unknown provenance field "colour"`},
		{"provenance dup", "P\tversion\t1.2.3", "P\tpackage\tx", `catalog:4:3: duplicate provenance field "package"`},
		{"date", "2026-01-02T03:04:05Z", "yesterday", `catalog:5:8: bad date: parsing time "yesterday" as "2006-01-02T15:04:05.999999999Z07:00": cannot parse "yesterday" as "2006"`},
		{"no N", "N\tservices=2\tresourcetypes=2\tkeys=3\tglobalkeys=2\tactions=3\tactionresources=2\tkeyrefs=2\n", "", `catalog:6:1: "G" record before the N record`},
		{"N field", "keys=3", "keyz=3", `catalog:6:30: want keys=COUNT`},
		{"N count", "keys=3", "keys=-1", `catalog:6:30: bad count "-1"`},
		{"N huge", "keys=3", "keys=99999999999", `catalog:6:30: bad count "99999999999"`},
		{"N short", "\tkeyrefs=2", "", `catalog:6:60: "N" record has 7 fields, want at least 8`},
		{"count mismatch", "services=2", "services=3", `catalog:19:1: the N record declares {services:3 resourceTypes:2 keys:3 globalKeys:2 actions:3 actionResources:2 keyRefs:2}, the data holds {services:2 resourceTypes:2 keys:3 globalKeys:2 actions:3 actionResources:2 keyRefs:2}`},
		{"too many actions", "actions=3", "actions=2", `catalog:18:1: more actions than the N record declares (2)`},
		{"too many refs", "keyrefs=2", "keyrefs=1", `catalog:17:1: more condition key references than the N record declares (1)`},
		{"too many resources", "actionresources=2", "actionresources=1", `catalog:17:1: more action resources than the N record declares (1)`},
		{"global order", "G\taws:SourceIp", "G\taws:Aaa", `catalog:8:3: global key "aws:Aaa" out of order or duplicate (after "aws:ResourceTag/${TagKey}")`},
		{"global type", "IPAddress", "IPv4", `catalog:8:16: unknown condition key type "IPv4"`},
		{"global category", "IPAddress\tnetwork", "IPAddress\t", `catalog:8:26: empty category`},
		{"G after S", "U\tsaml", "G\taws:Zzz\tString\tx\nU\tsaml", `catalog:19:1: "G" record out of order`},
		{"service order", "S\ta\trcp", "S\ta-a\trcp", `catalog:12:3: service "a-a" out of order or duplicate (after "a-b")`},
		{"service prefix", "S\ta\trcp", "S\tA\trcp", `catalog:12:3: bad service prefix "A": want lower-case letters, digits, '-' and '.'`},
		{"service flags", "S\ta\trcp", "S\ta\tscp", `catalog:12:5: unknown service flags "scp" (want - or rcp)`},
		{"K after R", "A\ta:Get", "K\ta:Zzz\tString\nA\ta:Get", `catalog:17:1: "K" record out of order (want K, then R, then A records)`},
		{"K outside service", "S\ta-b\t-\tService A-B\n", "", `catalog:9:1: "K" record outside a service block`},
		{"key name", "K\ta:Size", "K\tSize", `catalog:13:3: bad condition key name "Size": want prefix:name`},
		{"key char", "K\ta:Size", "K\ta:Si*e", `catalog:13:3: bad condition key name "a:Si*e": character '*'`},
		{"two placeholders", "K\ta:Size", "K\ta:${X}/${Y}", `catalog:13:3: condition key "a:${X}/${Y}" has more than one placeholder`},
		{"key order", "K\ta:Size\tNumeric\nK\taws:ResourceTag/${TagKey}", "K\taws:ResourceTag/${TagKey}\tNumeric\nK\ta:Size", `catalog:14:3: condition key "a:Size" out of order or duplicate (after "aws:ResourceTag/${TagKey}")`},
		{"key dup case", "K\ta:Size\tNumeric\n", "K\ta:Size\tNumeric\nK\ta:SIZE\tNumeric\n", `catalog:14:3: condition key "a:SIZE" out of order or duplicate (after "a:Size")`},
		{"resource name", "R\tthing\t", "R\tth,ing\t", `catalog:16:3: bad resource type name "th,ing"`},
		{"resource order", "R\tother thing", "R\tzzz", `catalog:16:3: resource type "thing" out of order or duplicate (after "zzz")`},
		{"resource arn", "arn:${Partition}:a:${Region}", "urn:${Partition}:a:${Region}", `catalog:16:35: bad ARN format "urn:${Partition}:a:${Region}:${Account}:thing/${Name}": want arn:...`},
		{"unknown key ref", "R\tthing\taws:ResourceTag/${TagKey}", "R\tthing\taws:RequestTag/${TagKey}", `catalog:16:9: condition key "aws:RequestTag/${TagKey}" is not declared by a K record of service a`},
		{"empty key list", "R\tthing\taws:ResourceTag/${TagKey}", "R\tthing\t", `catalog:16:9: empty condition key list (write -)`},
		{"key list order", "A\ta:Get\tRead\ta:Size", "A\ta:Get\tRead\taws:ResourceTag/${TagKey} a:Size", `catalog:17:14: condition key "a:Size" out of order or duplicate in list`},
		{"key list empty name", "A\ta:Get\tRead\ta:Size", "A\ta:Get\tRead\ta:Size ", `catalog:17:14: empty name in condition key list`},
		{"action prefix", "A\ta:Get", "A\tb:Get", `catalog:17:3: action "b:Get" does not start with "a:"`},
		{"action name", "A\ta:Get", "A\ta:G*t", `catalog:17:3: bad action name "G*t"`},
		{"action order", "A\ta:list", "A\ta:Aaa", `catalog:18:3: action "a:Aaa" out of order or duplicate (after "a:Get")`},
		{"action dup", "A\ta:list", "A\ta:GET", `catalog:18:3: action "a:GET" out of order or duplicate (after "a:Get")`},
		{"level", "A\ta:Get\tRead", "A\ta:Get\tread", `catalog:17:9: unknown access level "read"`},
		{"level unknown", "A\ta:Get\tRead", "A\ta:Get\tAdmin", `catalog:17:9: unknown access level "Admin"`},
		{"action short", "A\ta:list\tList\t-\t-", "A\ta:list\tList\t-", `catalog:18:15: "A" record has 4 fields, want at least 5`},
		{"resource unknown", "thing*\tGets", "thang*\tGets", `catalog:17:21: resource type "thang" is not declared by an R record of service a`},
		{"resource paren", "other thing(a:Size)", "other thing(a:Size", `catalog:17:21: bad resource type name "other thing(a:Size"`},
		{"resource unbalanced", "other thing(a:Size)", "other thinga:Size)", `catalog:17:21: unbalanced parenthesis in resource entry "other thinga:Size)"`},
		{"resource empty keys", "other thing(a:Size)", "other thing()", `catalog:17:21: empty condition key list (write -)`},
		{"resource dash keys", "other thing(a:Size)", "other thing(-)", `catalog:17:21: empty condition key list in resource entry "other thing(-)"`},
		{"resource order", "other thing(a:Size),thing*", "thing*,other thing(a:Size)", `catalog:17:21: resource type "other thing" out of order or duplicate in list`},
		{"resource list trailing comma", "other thing(a:Size),thing*", "other thing(a:Size),thing*,", `catalog:17:21: bad resource type name ""`},
		{"resource list empty", "\ta:Size\tother thing(a:Size),thing*", "\ta:Size\t", `catalog:17:21: empty resource list (write -)`},
		{"U unknown service", "U\tsaml\ta a-b", "U\tsaml\ta zz", `catalog:19:8: unknown service "zz"`},
		{"U order", "U\tsaml\ta a-b", "U\tsaml\ta\nU\tsaml\ta", `catalog:20:3: key prefix "saml" out of order or duplicate`},
		{"U prefix", "U\tsaml\ta a-b", "U\ts:aml\ta", `catalog:19:3: bad key prefix "s:aml"`},
		{"S after U", "U\tsaml\ta a-b", "U\tsaml\ta a-b\nS\tz\t-\tZ", `catalog:20:1: "S" record out of order`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !strings.Contains(small, tt.old) {
				t.Fatalf("test bug: %q is not in the catalog", tt.old)
			}
			data := strings.Replace(small, tt.old, tt.new, 1)
			c, err := Load(data)
			if err == nil {
				t.Fatalf("Load succeeded (%d actions)", c.NumActions())
			}
			var se *SyntaxError
			if !errors.As(err, &se) {
				t.Errorf("error %T is not a *SyntaxError", err)
			}
			if got := err.Error(); got != tt.want {
				t.Errorf("error:\n got %s\nwant %s", got, tt.want)
			}
		})
	}
}

// FuzzLoad checks that Load never panics and that whatever it accepts is a
// well-formed catalog.
func FuzzLoad(f *testing.F) {
	f.Add(small)
	f.Add(Header + "\nN\tservices=0\tresourcetypes=0\tkeys=0\tglobalkeys=0\tactions=0\tactionresources=0\tkeyrefs=0\n")
	f.Add(awsData[:4000])
	f.Fuzz(func(t *testing.T, data string) {
		c, err := Load(data)
		if err != nil {
			var se *SyntaxError
			if !errors.As(err, &se) || se.Line < 1 || se.Column < 1 {
				t.Fatalf("error without a position: %v", err)
			}
			return
		}
		checkInvariants(t, c)
		if n := c.Match("*").Len(); n != c.NumActions() {
			t.Fatalf("Match(*) has %d actions of %d", n, c.NumActions())
		}
	})
}

// TestConcurrentFirstUse builds the lazy indexes (condition keys, lower-case
// names) from several goroutines at once; run with -race.
func TestConcurrentFirstUse(t *testing.T) {
	c, err := Load(small)
	if err != nil {
		t.Fatal(err)
	}
	type result struct {
		k *ConditionKey
		m []int
	}
	done := make(chan result)
	for range 4 {
		go func() { done <- result{c.ConditionKey("aws:ResourceTag/x"), c.Match("a:*E*").IDs()} }()
	}
	first := <-done
	if first.k == nil || len(first.m) != 1 {
		t.Fatalf("first goroutine: %+v", first)
	}
	for range 3 {
		if r := <-done; r.k != first.k || !slices.Equal(r.m, first.m) {
			t.Errorf("goroutines disagree: %+v, %+v", first, r)
		}
	}
}
