package iamrules

import (
	"maps"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/leastpriv/leastpriv/catalog"
	"github.com/leastpriv/leastpriv/internal/glob"
	"github.com/leastpriv/leastpriv/lint"
)

// typesOfRef is typesOf as first written, without the index's precomputed
// globs: every format of a candidate type is split and compared field by
// field, with glob.Intersects.
func typesOfRef(c *catalog.Catalog, value string) map[*catalog.ResourceType]bool {
	pat := lint.Instance(value)
	if pat == "*" {
		return nil
	}
	meets := func(rt *catalog.ResourceType) bool {
		ra := splitARN(pat)
		for _, f := range rt.ARNFormats() {
			g := lint.Pattern(f)
			ga := splitARN(g)
			if ra.N < 6 || ga.N < 6 {
				if glob.Intersects(g, pat, false) {
					return true
				}
				continue
			}
			field := func(a, b string) bool { return glob.Intersects(a, b, false) }
			if field(ga.Service, ra.Service) && field(ga.Partition, ra.Partition) && field(ga.Region, ra.Region) &&
				field(ga.Account, ra.Account) && field(ga.Resource, ra.Resource) {
				return true
			}
		}
		return false
	}
	out := map[*catalog.ResourceType]bool{}
	a := splitARN(pat)
	types := everyType(c)
	if a.N >= 3 && !wild(a.Service) {
		types = candidates(c, a.Service)
	}
	for _, rt := range types {
		if meets(rt) {
			out[rt] = true
		}
	}
	return out
}

func everyType(c *catalog.Catalog) []*catalog.ResourceType {
	var out []*catalog.ResourceType
	for _, s := range c.Services() {
		out = append(out, s.ResourceTypes...)
	}
	return out
}

var candidateCache = map[string][]*catalog.ResourceType{}

// candidates returns the types with a format of the given service, or of a
// placeholder service.
func candidates(c *catalog.Catalog, service string) []*catalog.ResourceType {
	key := strings.ToLower(service)
	if l, ok := candidateCache[key]; ok {
		return l
	}
	var out []*catalog.ResourceType
	for _, rt := range everyType(c) {
		for _, f := range rt.ARNFormats() {
			if fa := splitARN(f); fa.N >= 6 && (strings.EqualFold(fa.Service, service) || wild(fa.Service)) {
				out = append(out, rt)
				break
			}
		}
	}
	candidateCache[key] = out
	return out
}

// matchFormatsRef is matchFormats with glob.Intersects.
func matchFormatsRef(c *catalog.Catalog, a arn) []*format {
	var out []*format
	res := lint.Instance(a.Resource)
	for _, f := range indexFor(c).byService[strings.ToLower(a.Service)] {
		if glob.Intersects(lint.Pattern(f.Resource), res, false) {
			out = append(out, f)
		}
	}
	return out
}

// arnSamples returns resource values to check ARN matching on: every ARN
// format of the catalog with its placeholders filled in several ways, and
// mutations of them (other services, Regions, accounts, wildcards, cut
// fields, changed resource paths).
func arnSamples(c *catalog.Catalog) []string {
	r := rand.New(rand.NewPCG(5, 6))
	fills := []string{"x", "*", "my-name", "a/b", "?", "${aws:username}", "abc*", "*def", ""}
	var out []string
	for _, s := range c.Services() {
		for _, rt := range s.ResourceTypes {
			for _, f := range rt.ARNFormats() {
				v := fillPlaceholders(f, func() string { return fills[r.IntN(len(fills))] })
				out = append(out, v, mutateARN(r, v))
			}
		}
	}
	out = append(out, "*", "arn:*", "arn:aws:*", "arn:aws:s3:::*", "arn:aws:*:*:*:*", "arn:*:ec2:*:*:instance/*",
		"arn:aws:s3:::bucket", "arn:aws:s3:::bucket/*", "arn:aws:iam::111122223333:roles/app", "arn:aws:ec2", "arn:aws:${Svc}:::x",
		"arn:aws:execute-api:us-east-1:111122223333:api/stage/GET/*", "arn:aws:iam::*:role/*", "not-an-arn")
	return out
}

func fillPlaceholders(f string, fill func() string) string {
	var b strings.Builder
	for {
		i := strings.Index(f, "${")
		j := strings.IndexByte(f[max(i, 0):], '}')
		if i < 0 || j < 0 {
			break
		}
		b.WriteString(f[:i])
		switch name := f[i+2 : i+j]; name {
		case "Partition":
			b.WriteString([]string{"aws", "aws", "*", "aws-cn"}[len(b.String())%4])
		case "Region":
			b.WriteString([]string{"us-east-1", "*", "", "eu-west-3"}[len(b.String())%4])
		case "Account":
			b.WriteString([]string{"111122223333", "*", ""}[len(b.String())%3])
		default:
			b.WriteString(fill())
		}
		f = f[i+j+1:]
	}
	b.WriteString(f)
	return b.String()
}

func mutateARN(r *rand.Rand, v string) string {
	fs := strings.SplitN(v, ":", 6)
	switch r.IntN(6) {
	case 0:
		if len(fs) > 2 {
			fs[2] = []string{"s3", "ec2", "iam", "*", "lambda", "S3"}[r.IntN(6)]
		}
	case 1:
		fs = fs[:r.IntN(len(fs))+1]
	case 2:
		if len(fs) == 6 {
			fs[5] = strings.ToUpper(fs[5])
		}
	case 3:
		if len(fs) == 6 && len(fs[5]) > 0 {
			i := r.IntN(len(fs[5]))
			fs[5] = fs[5][:i] + "*" + fs[5][i:]
		}
	case 4:
		if len(fs) == 6 {
			fs[5] = "other/" + fs[5]
		}
	case 5:
		if len(fs) > 3 {
			fs[3] = "*"
		}
	}
	return strings.Join(fs, ":")
}

// TestTypesOf compares typesOf and matchFormats, which use the index's
// precomputed globs and meet, with plain implementations over
// glob.Intersects, on samples of every ARN format of the catalog.
func TestTypesOf(t *testing.T) {
	c := catalog.Default()
	samples := arnSamples(c)
	for _, v := range samples {
		got, want := typesOf(c, v), typesOfRef(c, v)
		if (got == nil) != (want == nil) || !maps.Equal(got, want) {
			t.Fatalf("typesOf(%q) = %v, want %v", v, typeNames(got), typeNames(want))
		}
		if !strings.HasPrefix(v, "arn:") {
			continue
		}
		a := splitARN(v)
		if a.N < 6 {
			continue
		}
		if got, want := matchFormats(c, a), matchFormatsRef(c, a); !slices.Equal(got, want) {
			t.Fatalf("matchFormats(%q) = %d formats, want %d", v, len(got), len(want))
		}
	}
}

func typeNames(m map[*catalog.ResourceType]bool) []string {
	var out []string
	for rt := range m {
		out = append(out, rt.Service.Prefix+":"+rt.Name)
	}
	slices.Sort(out)
	return out
}
