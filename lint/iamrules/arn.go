package iamrules

import (
	"regexp"
	"strings"
	"sync"

	"github.com/leastpriv/leastpriv/catalog"
	"github.com/leastpriv/leastpriv/internal/glob"
	"github.com/leastpriv/leastpriv/lint"
)

// An arn is a resource ARN split into its six fields; Resource is everything
// after the fifth colon. N is the number of fields found (at most 6).
type arn struct {
	Prefix, Partition, Service, Region, Account, Resource string
	N                                                     int
}

// splitARN splits s at its first five colons.
func splitARN(s string) arn {
	f := strings.SplitN(s, ":", 6)
	var a arn
	a.N = len(f)
	for i, v := range f {
		switch i {
		case 0:
			a.Prefix = v
		case 1:
			a.Partition = v
		case 2:
			a.Service = v
		case 3:
			a.Region = v
		case 4:
			a.Account = v
		case 5:
			a.Resource = v
		}
	}
	return a
}

// wild reports whether an ARN field holds a wildcard or a placeholder, so
// that its exact value is unknown.
func wild(s string) bool { return strings.ContainsAny(s, "*?") || strings.Contains(s, "${") }

var (
	partitions = map[string]bool{"aws": true, "aws-cn": true, "aws-us-gov": true, "aws-iso": true, "aws-iso-b": true, "aws-iso-e": true, "aws-iso-f": true, "aws-eusc": true}
	regionRE   = regexp.MustCompile(`^[a-z]{2}(-gov|-iso[a-z]?|-isob)?-[a-z]+-[0-9]{1,2}$`)
	accountRE  = regexp.MustCompile(`^[0-9]{12}$`)
)

// validRegion reports whether s has the shape of an AWS Region code
// ("us-east-1", "us-gov-west-1", "eusc-de-east-1").
func validRegion(s string) bool {
	return regionRE.MatchString(s) || strings.HasPrefix(s, "eusc-") && regionRE.MatchString(s[2:])
}

// A format is one ARN format of a resource type, split like an arn.
type format struct {
	Type *catalog.ResourceType
	arn
	glob string // the resource field with ${...} replaced by *
}

// arnIndex holds, for one catalog, the formats of the resource types by ARN
// service namespace ("s3", "execute-api"), each type's formats as globs over
// whole ARNs, and the actions that can be scoped to each type.
type arnIndex struct {
	byService map[string][]format
	globs     map[*catalog.ResourceType][]string
	actions   map[*catalog.ResourceType][]int
}

// arnIndexes memoises one index per catalog; catalogs are immutable.
var arnIndexes sync.Map // *catalog.Catalog -> *arnIndex

func indexFor(c *catalog.Catalog) *arnIndex {
	if v, ok := arnIndexes.Load(c); ok {
		return v.(*arnIndex)
	}
	ix := &arnIndex{byService: map[string][]format{}, globs: map[*catalog.ResourceType][]string{}, actions: map[*catalog.ResourceType][]int{}}
	for _, s := range c.Services() {
		for _, rt := range s.ResourceTypes {
			for _, f := range rt.ARNFormats() {
				ix.globs[rt] = append(ix.globs[rt], lint.Pattern(f))
				a := splitARN(f)
				if a.N < 6 {
					continue
				}
				ix.byService[a.Service] = append(ix.byService[a.Service], format{Type: rt, arn: a, glob: lint.Pattern(a.Resource)})
			}
		}
		for _, a := range s.Actions {
			for _, r := range a.Resources {
				ix.actions[r.Type] = append(ix.actions[r.Type], a.ID)
			}
		}
	}
	v, _ := arnIndexes.LoadOrStore(c, ix)
	return v.(*arnIndex)
}

func formatsFor(c *catalog.Catalog, service string) []format {
	return indexFor(c).byService[strings.ToLower(service)]
}

// typeMatches reports whether resource pattern res (placeholders already
// turned into wildcards) can name a resource of type rt.
func typeMatches(c *catalog.Catalog, rt *catalog.ResourceType, res string) bool {
	for _, g := range indexFor(c).globs[rt] {
		if glob.Intersects(g, res, false) {
			return true
		}
	}
	return false
}

// matchingFormats returns the formats of a's service whose resource field
// can match a's.
func matchingFormats(c *catalog.Catalog, a arn) []format {
	var out []format
	res := lint.Pattern(a.Resource)
	for _, f := range formatsFor(c, a.Service) {
		if glob.Intersects(f.glob, res, false) {
			out = append(out, f)
		}
	}
	return out
}

// arnValues calls f for every Resource or NotResource value of the policy
// that is an ARN to check: not "*", and starting with "arn:".
func arnValues(p *lint.Pass, f func(v *iamString, a arn)) {
	for _, st := range p.Policy.Statements {
		if st.Resource == nil {
			continue
		}
		for i := range st.Resource.Values {
			v := &st.Resource.Values[i]
			if v.Value == "*" || !strings.HasPrefix(v.Value, "arn:") {
				continue
			}
			f(v, splitARN(v.Value))
		}
	}
}
