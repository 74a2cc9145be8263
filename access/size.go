package access

import (
	"slices"
	"strconv"
	"strings"

	"github.com/leastpriv/leastpriv/catalog"
	"github.com/leastpriv/leastpriv/iam"
)

// LevelWeights are the weights of the access levels in a [Size] score:
// reading the list of resources weighs least, changing permissions most.
var LevelWeights = map[catalog.AccessLevel]int{
	catalog.List:                  1,
	catalog.Read:                  2,
	catalog.Tagging:               2,
	catalog.Write:                 3,
	catalog.PermissionsManagement: 5,
}

// A Size says how much a set of policies allows, so that two can be
// compared at a glance: the number of actions allowed, per access level
// and per service, and a single permissiveness score.
//
// An action counts when an Allow statement matches it and one of the
// statement's resources can apply to it (as in [Summarize]); Deny
// statements are not subtracted. The score is the sum, over the actions
// allowed, of the weight of the action's level ([LevelWeights]), doubled
// when some statement allows the action on every resource ("*", a
// NotResource, or no Resource element) without a condition: "s3:*" on
// "*" scores far more than "s3:GetObject" on one bucket.
type Size struct {
	Actions  int
	Levels   Counts
	Services map[string]Counts // by service prefix
	// Broad is the number of actions allowed on every resource without
	// condition.
	Broad int
	Score int
}

// String returns "95 actions (List 10, Read 40, Write 45), score 310".
func (s Size) String() string {
	n := strconv.Itoa(s.Actions) + " action"
	if s.Actions != 1 {
		n += "s"
	}
	return n + " (" + s.Levels.String() + "), score " + strconv.Itoa(s.Score)
}

// ServiceNames returns the service prefixes of s.Services, sorted.
func (s Size) ServiceNames() []string {
	names := make([]string, 0, len(s.Services))
	for k := range s.Services {
		names = append(names, k)
	}
	slices.Sort(names)
	return names
}

// Measure returns the Size of the policies taken together (the union of
// what they allow).
func Measure(c *catalog.Catalog, ps ...*iam.Policy) Size {
	allowed, broad := allowedActions(c, ps)
	s := Size{Levels: Counts{}, Services: map[string]Counts{}}
	for _, a := range allowed.Actions(c) {
		s.Actions++
		s.Levels[a.Level]++
		sc := s.Services[a.Service.Prefix]
		if sc == nil {
			sc = Counts{}
			s.Services[a.Service.Prefix] = sc
		}
		sc[a.Level]++
		w := LevelWeights[a.Level]
		if broad.Has(a.ID) {
			s.Broad++
			w *= 2
		}
		s.Score += w
	}
	return s
}

// AllowedActions returns the actions the policies' Allow statements grant,
// as Measure counts them: those an Allow statement matches and one of its
// resources can apply to ([ResourceApplies], in the precise reading of the
// ARN formats), Deny statements not subtracted.
func AllowedActions(c *catalog.Catalog, ps ...*iam.Policy) catalog.Set {
	allowed, _ := allowedActions(c, ps)
	return allowed
}

// allowedActions returns AllowedActions, and those of them some statement
// allows on every resource without condition.
func allowedActions(c *catalog.Catalog, ps []*iam.Policy) (allowed, broad catalog.Set) {
	allowed, broad = catalog.NewSet(c), catalog.NewSet(c)
	for _, p := range ps {
		ap := policyApplier(p)
		for _, st := range p.Statements {
			if st.Effect != iam.Allow {
				continue
			}
			sa := ExpandStatement(c, st)
			unconditional := st.Condition == nil || len(st.Condition.Blocks) == 0
			everywhere := st.Resource == nil || st.Resource.Not || slices.ContainsFunc(st.Resource.Values, func(v iam.String) bool { return allStars(v.Value) })
			for _, a := range sa.Actions.Actions(c) {
				if _, ok := ap.resources(st, a); !ok {
					continue
				}
				allowed.Add(a.ID)
				if unconditional && everywhere {
					broad.Add(a.ID)
				}
			}
		}
	}
	return allowed, broad
}

// CompareSizes describes how b differs from a in one line: "+12 actions
// (Write +3, List +9), score +40".
func CompareSizes(a, b Size) string {
	var parts []string
	for _, l := range Levels {
		if d := b.Levels[l] - a.Levels[l]; d != 0 {
			parts = append(parts, l.String()+" "+signed(d))
		}
	}
	detail := ""
	if len(parts) > 0 {
		detail = " (" + strings.Join(parts, ", ") + ")"
	}
	return signed(b.Actions-a.Actions) + " actions" + detail + ", score " + signed(b.Score-a.Score)
}

func signed(n int) string {
	if n > 0 {
		return "+" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}
