package catalog

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/leastpriv/leastpriv/internal/glob"
)

// naiveMatch is the reference for Match: IAM matches the pattern against
// "service:Name" as a whole, case-insensitively; a pattern without ':' other
// than "*" matches nothing.
func naiveMatch(c *Catalog, pattern string) []int {
	if pattern != "*" && !strings.Contains(pattern, ":") {
		return nil
	}
	var ids []int
	for _, a := range c.Actions() {
		if glob.MatchFold(pattern, a.String()) {
			ids = append(ids, a.ID)
		}
	}
	return ids
}

func TestMatch(t *testing.T) {
	c := Default()
	tests := []struct {
		pattern string
		want    int // number of actions, when known independently
	}{
		{"*", 22091},
		{"s3:*", 180},
		{"S3:*", 180},
		{"s3:Get*", 63}, // npx iam-expand 's3:Get*' | wc -l (data-components.md §A.3)
		{"s3:get*", 63},
		{"s3:Get**", 63},
		{"*:get*", -1},
		{"s3:GetObject*", -1},
		{"s3:zzz*", 0},
		{"s3:Get*?", -1},
		{"*:Get*", -1},
		{"iam:*AccessKey*", -1},
		{"s?:GetObject", -1},
		{"s3:GetObject", 1},
		{"s3:GETOBJECT", 1},
		{"s3:GetObject?", -1},
		{"s3:GetObject*", -1},
		{"*:*", 22091},
		{"**", 0},
		{"*:", 0},
		{":*", 0},
		{"Code*", 0},
		{"", 0},
		{"s3", 0},
		{"s3:", 0},
		{"s3:*:*", 0},
		{"nosuch:*", 0},
		{"ec2:Describe*", -1},
		{"ec2*:*", -1},
		{"*3:Get*", -1},
		{"s3:*Object", -1},
		{"*:*Tag*", -1},
		{"*-*:List*", -1},
		{"s3:Get*Acl", -1},
		{"s3:??????", -1},
		{"?3:*", -1},
		{"*:?", 0},
	}
	for _, tt := range tests {
		t.Run(tt.pattern, func(t *testing.T) {
			got := c.Match(tt.pattern).IDs()
			want := naiveMatch(c, tt.pattern)
			if diff := cmp.Diff(want, got, cmp.Comparer(func(a, b []int) bool { return slices.Equal(a, b) })); diff != "" {
				t.Errorf("Match(%q) (-naive +got):\n%s", tt.pattern, diff)
			}
			if tt.want >= 0 && len(got) != tt.want {
				t.Errorf("Match(%q) has %d actions, want %d", tt.pattern, len(got), tt.want)
			}
		})
	}
}

// TestMatchRandom compares Match with the reference on patterns made from
// real action names by replacing and inserting wildcards.
func TestMatchRandom(t *testing.T) {
	c := Default()
	r := rand.New(rand.NewPCG(1, 2))
	acts := c.Actions()
	for i := 0; i < 300; i++ {
		p := mutate(r, acts[r.IntN(len(acts))].String())
		if got, want := c.Match(p).IDs(), naiveMatch(c, p); !slices.Equal(got, want) {
			t.Errorf("Match(%q) = %d actions, reference %d", p, len(got), len(want))
		}
	}
}

func mutate(r *rand.Rand, s string) string {
	b := []byte(s)
	for n := r.IntN(4); n >= 0; n-- {
		i := r.IntN(len(b) + 1)
		switch r.IntN(5) {
		case 0: // replace a run with '*'
			j := min(len(b), i+r.IntN(6))
			b = slices.Replace(b, i, j, '*')
		case 1:
			if i < len(b) {
				b[i] = '?'
			}
		case 2:
			b = slices.Insert(b, i, '*')
		case 3:
			if i < len(b) {
				b[i] ^= 0x20 // flip case (or punctuation)
			}
		case 4:
			b = b[:i] // truncate
		}
	}
	return string(b)
}

func FuzzMatch(f *testing.F) {
	for _, p := range []string{"*", "s3:Get*", "*:Get*", "iam:*AccessKey*", "s?:GetObject", "Code*", "a*:*b", "*?:?*"} {
		f.Add(p)
	}
	c := Default()
	f.Fuzz(func(t *testing.T, p string) {
		if len(p) > 64 {
			return
		}
		if got, want := c.Match(p).IDs(), naiveMatch(c, p); !slices.Equal(got, want) {
			t.Errorf("Match(%q) = %d actions, reference %d", p, len(got), len(want))
		}
	})
}

func TestMatchInto(t *testing.T) {
	c := Default()
	var dst Set // the zero Set grows as needed
	for _, p := range []string{"s3:Get*", "sts:*", "s3:GetObject", "nosuch:*"} {
		c.MatchInto(&dst, p)
	}
	want := c.Match("s3:Get*").Union(c.Match("sts:*"))
	if !dst.Equal(want) {
		t.Errorf("MatchInto accumulated %d actions, want %d", dst.Len(), want.Len())
	}
	dst.Clear()
	if !dst.IsEmpty() {
		t.Error("Clear left actions in the set")
	}
}
