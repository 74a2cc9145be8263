package catalog

import (
	"errors"
	"fmt"
	"github.com/leastpriv/leastpriv/internal/ascii"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync/atomic"
)

// nameIndex is the part of a catalog that matching and listing actions need:
// the services' prefixes and the actions' names and access levels, by ID. The
// embedded catalog builds it with one pass over the data (scanNames) and
// decodes the rest (resource types, condition keys, descriptions: most of the
// data and of the memory) only when a caller asks for it; so commands that
// only match patterns, such as `leastpriv expand`, never pay for the rest.
type nameIndex struct {
	services []serviceNames  // in data order (Service.idx)
	sorted   []*serviceNames // by prefix, as Catalog.Services
	byPrefix map[string]*serviceNames
	names    []string      // "service:Name" by action ID
	levels   []AccessLevel // by action ID
}

// serviceNames is one service of a nameIndex: its actions have the IDs
// first..first+n-1.
type serviceNames struct {
	prefix   string
	idx      int // position in the data, as Service.idx
	first, n int
	// lower holds the names of the service's actions (without the prefix) in
	// ASCII lower case, built on the first wildcard match in the service.
	lower atomic.Pointer[[]string]
}

// name returns the name, without the prefix, of the service's i-th action.
func (ix *nameIndex) name(s *serviceNames, i int) string {
	return ix.names[s.first+i][len(s.prefix)+1:]
}

// lookup returns the ID of the action named "service:Name", ignoring ASCII
// case.
func (ix *nameIndex) lookup(name string) (int, bool) {
	prefix, act, ok := strings.Cut(name, ":")
	if !ok {
		return 0, false
	}
	s := ix.service(prefix)
	if s == nil {
		return 0, false
	}
	return ix.lookupIn(s, act)
}

// lookupIn returns the ID of the service's action with the given name
// (without the prefix), ignoring ASCII case.
func (ix *nameIndex) lookupIn(s *serviceNames, name string) (int, bool) {
	i := sort.Search(s.n, func(i int) bool { return ascii.CompareFold(ix.name(s, i), name) >= 0 })
	if i < s.n && ascii.CompareFold(ix.name(s, i), name) == 0 {
		return s.first + i, true
	}
	return 0, false
}

// service returns the service with the given prefix, ignoring ASCII case.
func (ix *nameIndex) service(prefix string) *serviceNames {
	if s, ok := ix.byPrefix[prefix]; ok {
		return s
	}
	var buf [64]byte
	if len(prefix) > len(buf) {
		return nil // longer than any prefix
	}
	b := buf[:len(prefix)]
	for i := range b {
		b[i] = ascii.Lower(prefix[i])
	}
	return ix.byPrefix[string(b)] // no allocation: the compiler converts in place
}

// lowerNames returns the names of s's actions, without the prefix, in ASCII
// lower case.
func (ix *nameIndex) lowerNames(s *serviceNames) []string {
	if l := s.lower.Load(); l != nil {
		return *l
	}
	size := 0
	for i := range s.n {
		size += len(ix.name(s, i))
	}
	var b strings.Builder
	b.Grow(size)
	names := make([]string, s.n)
	for i := range s.n {
		n := ix.name(s, i)
		start := b.Len()
		for j := 0; j < len(n); j++ {
			b.WriteByte(ascii.Lower(n[j]))
		}
		names[i] = b.String()[start:]
	}
	// Another goroutine may have built the same names meanwhile: keep the
	// first.
	s.lower.CompareAndSwap(nil, &names)
	return *s.lower.Load()
}

// finish builds the sorted list and the prefix map of the services.
func (ix *nameIndex) finish() {
	ix.sorted = make([]*serviceNames, len(ix.services))
	ix.byPrefix = make(map[string]*serviceNames, len(ix.services))
	for i := range ix.services {
		s := &ix.services[i]
		s.idx = i
		ix.sorted[i] = s
		ix.byPrefix[s.prefix] = s
	}
	slices.SortFunc(ix.sorted, func(a, b *serviceNames) int { return strings.Compare(a.prefix, b.prefix) })
}

// namesOf builds the name index of decoded contents; services are in data
// order.
func namesOf(services []*Service, actions []*Action) *nameIndex {
	ix := &nameIndex{
		services: make([]serviceNames, len(services)),
		names:    make([]string, len(actions)),
		levels:   make([]AccessLevel, len(actions)),
	}
	for i, a := range actions {
		ix.names[i] = a.full
		ix.levels[i] = a.Level
	}
	first := 0
	for i, s := range services {
		ix.services[i].prefix = s.Prefix
		ix.services[i].first = first
		ix.services[i].n = len(s.Actions)
		first += len(s.Actions)
	}
	ix.finish()
	return ix
}

// scanNames builds the name index of data in one pass, reading only the N, S
// and A records' first fields. It trusts data to be a valid catalog (the
// embedded one, which TestEmbedded decodes in full): it checks only what it
// reads, and Catalog.contents checks that the full decoding agrees.
func scanNames(data string) (*nameIndex, error) {
	ix := &nameIndex{}
	line := 0
	for off := 0; off < len(data); {
		end := strings.IndexByte(data[off:], '\n')
		if end < 0 {
			return nil, errors.New("missing newline at end of data")
		}
		rec := data[off : off+end]
		off += end + 1
		line++
		if len(rec) < 2 || rec[1] != '\t' {
			continue // the header line and comments
		}
		switch rec[0] {
		case 'N':
			for _, f := range strings.Split(rec[2:], "\t") {
				k, v, _ := strings.Cut(f, "=")
				n, err := strconv.Atoi(v)
				if err != nil || n < 0 || n > 1<<24 {
					return nil, fmt.Errorf("line %d: bad count %q", line, f)
				}
				switch k {
				case "services":
					ix.services = make([]serviceNames, 0, n)
				case "actions":
					ix.names = make([]string, 0, n)
					ix.levels = make([]AccessLevel, 0, n)
				}
			}
		case 'S':
			prefix, _, _ := strings.Cut(rec[2:], "\t")
			ix.services = append(ix.services, serviceNames{prefix: prefix, first: len(ix.names)})
		case 'A':
			full, rest, _ := strings.Cut(rec[2:], "\t")
			level, _, _ := strings.Cut(rest, "\t")
			lv, err := ParseAccessLevel(level)
			if err != nil || len(ix.services) == 0 {
				return nil, fmt.Errorf("line %d: malformed A record", line)
			}
			ix.names = append(ix.names, full)
			ix.levels = append(ix.levels, lv)
			ix.services[len(ix.services)-1].n++
		}
	}
	ix.finish()
	return ix, nil
}

// describes reports whether the index holds the services and actions of ct,
// in the same order, without building a second index.
func (ix *nameIndex) describes(ct *contents) error {
	if len(ix.services) != len(ct.ordered) || len(ix.names) != len(ct.actions) {
		return fmt.Errorf("%d services and %d actions, the contents %d and %d",
			len(ix.services), len(ix.names), len(ct.ordered), len(ct.actions))
	}
	for i, s := range ct.ordered {
		n := &ix.services[i]
		if n.prefix != s.Prefix || n.n != len(s.Actions) || len(s.Actions) > 0 && n.first != s.Actions[0].ID {
			return fmt.Errorf("service %d is %s (%d+%d) in the index, %s in the contents", i, n.prefix, n.first, n.n, s.Prefix)
		}
	}
	for i, a := range ct.actions {
		if ix.names[i] != a.full || ix.levels[i] != a.Level {
			return fmt.Errorf("action %d is %s (%s) in the index, %s (%s) in the contents", i, ix.names[i], ix.levels[i], a.full, a.Level)
		}
	}
	return nil
}

// agrees reports whether two name indexes hold the same services and actions.
func (ix *nameIndex) agrees(o *nameIndex) error {
	if len(ix.services) != len(o.services) || len(ix.names) != len(o.names) {
		return fmt.Errorf("%d services and %d actions, want %d and %d",
			len(ix.services), len(ix.names), len(o.services), len(o.names))
	}
	for i := range ix.services {
		a, b := &ix.services[i], &o.services[i]
		if a.prefix != b.prefix || a.first != b.first || a.n != b.n {
			return fmt.Errorf("service %d is %s (%d+%d), want %s (%d+%d)", i, a.prefix, a.first, a.n, b.prefix, b.first, b.n)
		}
	}
	for i := range ix.names {
		if ix.names[i] != o.names[i] || ix.levels[i] != o.levels[i] {
			return fmt.Errorf("action %d is %s (%s), want %s (%s)", i, ix.names[i], ix.levels[i], o.names[i], o.levels[i])
		}
	}
	return nil
}
