package catalog

import (
	"fmt"
	"github.com/leastpriv/leastpriv/internal/ascii"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Header is the first line of a catalog in the current format.
const Header = "leastpriv-catalog 1"

// A SyntaxError reports where Load found a malformed catalog.
type SyntaxError struct {
	Line, Column int // 1-based; Column counts bytes
	Msg          string
}

func (e *SyntaxError) Error() string {
	return fmt.Sprintf("catalog:%d:%d: %s", e.Line, e.Column, e.Msg)
}

// Load decodes a catalog in the format of data/aws.txt (described in the
// package documentation). The catalog's strings share data's memory. Errors
// are *SyntaxError values.
func Load(data string) (*Catalog, error) {
	ct, prov, err := decodeContents(data)
	if err != nil {
		return nil, err
	}
	c := &Catalog{
		prov:     prov,
		data:     data,
		dataHash: sync.OnceValue(func() string { return hashString(data) }),
		names:    namesOf(ct.ordered, ct.actions),
		contents: func() *contents { return ct },
	}
	return c, nil
}

// decodeContents decodes and checks every record of data.
func decodeContents(data string) (*contents, Provenance, error) {
	d := &decoder{data: data}
	ct, err := d.decode()
	if err != nil {
		return nil, Provenance{}, err
	}
	return ct, d.prov, nil
}

// Counts of the records (and references) the N record declares.
type counts struct {
	services, resourceTypes, keys, globalKeys, actions, actionResources, keyRefs int
}

// decoding stages, in the order records must appear.
const (
	stageHeader = iota
	stageProvenance
	stageGlobals
	stageServices
	stagePrefixes
)

// stages of a service block
const (
	blockService = iota
	blockKeys
	blockResources
	blockActions
)

type decoder struct {
	data string
	off  int // offset of the next line
	line int // current line number
	text string
	// fields of the current line and their byte offsets in it
	f    [8]string
	fcol [8]int
	nf   int

	stage, block int
	declared     counts
	haveCounts   bool
	prov         Provenance
	provSeen     map[string]bool

	services []Service
	rts      []ResourceType
	keys     []ConditionKey
	globals  []ConditionKey
	acts     []Action
	ares     []ActionResource
	refs     []*ConditionKey
	svcPtrs  []*Service
	rtPtrs   []*ResourceType
	keyPtrs  []*ConditionKey
	actPtrs  []*Action
	globPtrs []*ConditionKey
	prefixes []prefixRecord

	cur *Service
	// Lists already resolved in the current service, by their text: identical
	// lists share one slice (of 10,604 key lists in the AWS catalog, 1,843
	// differ).
	keyLists map[string][]*ConditionKey
	resLists map[string][]ActionResource
	// where the current service's records start in actPtrs, rtPtrs, keyPtrs
	actStart, rtStart, keyStart int
}

type prefixRecord struct {
	line     int
	prefix   string
	services string
}

func (d *decoder) errf(field int, format string, args ...any) error {
	col := 1
	if field >= 0 && field < d.nf {
		col = d.fcol[field] + 1
	}
	return &SyntaxError{Line: max(d.line, 1), Column: col, Msg: fmt.Sprintf(format, args...)}
}

// next reads the next line into d.text; it reports false at the end.
func (d *decoder) next() (bool, error) {
	if d.off >= len(d.data) {
		return false, nil
	}
	d.line++
	rest := d.data[d.off:]
	i := strings.IndexByte(rest, '\n')
	if i < 0 {
		d.text = rest
		d.nf = 0
		return false, d.errf(-1, "missing newline at end of data")
	}
	d.text = rest[:i]
	d.off += i + 1
	return true, nil
}

// split splits d.text into tab-separated fields; it fails if there are fewer
// than min. Field max-1, the last, extends to the end of the line.
func (d *decoder) split(min, max int) error {
	s := d.text
	d.nf = 0
	off := 0
	for {
		i := -1
		if d.nf < max-1 {
			i = strings.IndexByte(s, '\t')
		}
		if i < 0 {
			d.f[d.nf], d.fcol[d.nf] = s, off
			d.nf++
			break
		}
		d.f[d.nf], d.fcol[d.nf] = s[:i], off
		d.nf++
		s = s[i+1:]
		off += i + 1
	}
	if d.nf < min {
		return d.errf(d.nf-1, "%s record has %d fields, want at least %d", d.kindName(), d.nf, min)
	}
	return nil
}

func (d *decoder) kindName() string {
	if d.text == "" {
		return "empty"
	}
	return strconv.Quote(d.text[:1])
}

func (d *decoder) decode() (*contents, error) {
	ok, err := d.next()
	if err != nil {
		return nil, err
	}
	if !ok || d.text != Header {
		if strings.HasPrefix(d.text, "leastpriv-catalog ") {
			return nil, d.errf(-1, "unsupported catalog format %q (this build reads %q)", d.text, Header)
		}
		return nil, d.errf(-1, "not a leastpriv catalog: first line must be %q", Header)
	}
	for {
		ok, err := d.next()
		if err != nil {
			return nil, err
		}
		if !ok {
			break
		}
		if strings.HasPrefix(d.text, "#") {
			continue
		}
		if len(d.text) < 2 || d.text[1] != '\t' {
			d.nf = 0
			return nil, d.errf(-1, "malformed record: want a record kind letter and a tab")
		}
		switch d.text[0] {
		case 'P':
			err = d.provenance()
		case 'N':
			err = d.counts()
		case 'G':
			err = d.global()
		case 'S':
			err = d.service()
		case 'K':
			err = d.key()
		case 'R':
			err = d.resourceType()
		case 'A':
			err = d.action()
		case 'U':
			err = d.prefix()
		default:
			d.nf = 0
			err = d.errf(-1, "unknown record kind %q", d.text[:1])
		}
		if err != nil {
			return nil, err
		}
	}
	if !d.haveCounts {
		d.nf = 0
		return nil, d.errf(-1, "missing N record")
	}
	return d.finish()
}

func (d *decoder) setStage(s int) error {
	if s < d.stage {
		return d.errf(0, "%s record out of order", d.kindName())
	}
	if s > stageProvenance && !d.haveCounts {
		return d.errf(0, "%s record before the N record", d.kindName())
	}
	d.stage = s
	return nil
}

func (d *decoder) provenance() error {
	if err := d.split(3, 3); err != nil {
		return err
	}
	if d.haveCounts {
		return d.errf(0, "P record after the N record")
	}
	if err := d.setStage(stageProvenance); err != nil {
		return err
	}
	field, v := d.f[1], d.f[2]
	if d.provSeen[field] {
		return d.errf(1, "duplicate provenance field %q", field)
	}
	if d.provSeen == nil {
		d.provSeen = make(map[string]bool)
	}
	d.provSeen[field] = true
	switch field {
	case "package":
		d.prov.Package = v
	case "version":
		d.prov.Version = v
	case "date":
		t, err := time.Parse(time.RFC3339Nano, v)
		if err != nil {
			return d.errf(2, "bad date: %v", err)
		}
		d.prov.DataDate = t
	case "integrity":
		d.prov.TarballIntegrity = v
	case "sha256":
		d.prov.TarballSHA256 = v
	default:
		return d.errf(1, "unknown provenance field %q", field)
	}
	return nil
}

// maxRecords bounds each count so that a corrupt N record cannot make the
// decoder allocate without limit (the real catalog is 100 times smaller).
const maxRecords = 1 << 22

func (d *decoder) counts() error {
	if err := d.split(8, 8); err != nil {
		return err
	}
	if d.haveCounts {
		return d.errf(0, "duplicate N record")
	}
	names := [...]string{"services", "resourcetypes", "keys", "globalkeys", "actions", "actionresources", "keyrefs"}
	ptrs := [...]*int{&d.declared.services, &d.declared.resourceTypes, &d.declared.keys, &d.declared.globalKeys, &d.declared.actions, &d.declared.actionResources, &d.declared.keyRefs}
	for i, name := range names {
		k, v, ok := strings.Cut(d.f[i+1], "=")
		if !ok || k != name {
			return d.errf(i+1, "want %s=COUNT", name)
		}
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 || n > maxRecords || (v != "0" && v[0] == '0') {
			return d.errf(i+1, "bad count %q", v)
		}
		*ptrs[i] = n
	}
	d.haveCounts = true
	d.stage = stageProvenance
	n := d.declared
	d.services = make([]Service, 0, n.services)
	d.svcPtrs = make([]*Service, 0, n.services)
	d.rts = make([]ResourceType, 0, n.resourceTypes)
	d.rtPtrs = make([]*ResourceType, 0, n.resourceTypes)
	d.keys = make([]ConditionKey, 0, n.keys)
	d.keyPtrs = make([]*ConditionKey, 0, n.keys)
	d.globals = make([]ConditionKey, 0, n.globalKeys)
	d.globPtrs = make([]*ConditionKey, 0, n.globalKeys)
	d.acts = make([]Action, 0, n.actions)
	d.actPtrs = make([]*Action, 0, n.actions)
	d.ares = make([]ActionResource, 0, n.actionResources)
	d.refs = make([]*ConditionKey, 0, n.keyRefs)
	return nil
}

// tooMany reports a record beyond the count the N record declared. Appending
// past the preallocated capacity would move the arrays that earlier records
// already point into.
func (d *decoder) tooMany(what string, declared int) error {
	return d.errf(0, "more %s than the N record declares (%d)", what, declared)
}

// keyName checks a condition key name.
func (d *decoder) keyName(field int) (start, end int, err error) {
	name := d.f[field]
	i := strings.IndexByte(name, ':')
	if i <= 0 || i == len(name)-1 {
		return 0, 0, d.errf(field, "bad condition key name %q: want prefix:name", name)
	}
	for j := 0; j < len(name); j++ {
		switch c := name[j]; {
		case c <= ' ' || c == 0x7f || c == ',' || c == '(' || c == ')' || c == '*' || c == '?':
			return 0, 0, d.errf(field, "bad condition key name %q: character %q", name, c)
		}
	}
	start, end = placeholder(name)
	if start >= 0 {
		if s2, _ := placeholder(name[end:]); s2 >= 0 {
			return 0, 0, d.errf(field, "condition key %q has more than one placeholder", name)
		}
	}
	return start, end, nil
}

func (d *decoder) global() error {
	if err := d.split(4, 5); err != nil {
		return err
	}
	if err := d.setStage(stageGlobals); err != nil {
		return err
	}
	if len(d.globals) == cap(d.globals) {
		return d.tooMany("global keys", d.declared.globalKeys)
	}
	start, end, err := d.keyName(1)
	if err != nil {
		return err
	}
	name := d.f[1]
	if n := len(d.globals); n > 0 && ascii.CompareFold(d.globals[n-1].Name, name) >= 0 {
		return d.errf(1, "global key %q out of order or duplicate (after %q)", name, d.globals[n-1].Name)
	}
	t, err := ParseKeyType(d.f[2])
	if err != nil {
		return d.errf(2, "%v", err)
	}
	if d.f[3] == "" {
		return d.errf(3, "empty category")
	}
	d.globals = append(d.globals, ConditionKey{
		Name: name, Type: t, Global: true, Category: d.f[3], Description: d.field(4),
		phStart: start, phEnd: end,
	})
	d.globPtrs = append(d.globPtrs, &d.globals[len(d.globals)-1])
	return nil
}

// field returns field i, or "" if the line has fewer fields.
func (d *decoder) field(i int) string {
	if i < d.nf {
		return d.f[i]
	}
	return ""
}

// serviceLess reports whether a+":" sorts before b+":".
func serviceLess(a, b string) bool {
	for i := 0; ; i++ {
		x, y := byte(':'), byte(':')
		if i < len(a) {
			x = a[i]
		}
		if i < len(b) {
			y = b[i]
		}
		if x != y {
			return x < y
		}
		if i >= len(a) && i >= len(b) {
			return false
		}
	}
}

func validPrefix(p string) bool {
	if p == "" {
		return false
	}
	for i := 0; i < len(p); i++ {
		c := p[i]
		if !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-' || c == '.') {
			return false
		}
	}
	return true
}

func (d *decoder) service() error {
	if err := d.split(4, 4); err != nil {
		return err
	}
	if err := d.setStage(stageServices); err != nil {
		return err
	}
	d.endService()
	if len(d.services) == cap(d.services) {
		return d.tooMany("services", d.declared.services)
	}
	prefix := d.f[1]
	if !validPrefix(prefix) {
		return d.errf(1, "bad service prefix %q: want lower-case letters, digits, '-' and '.'", prefix)
	}
	if n := len(d.services); n > 0 && !serviceLess(d.services[n-1].Prefix, prefix) {
		return d.errf(1, "service %q out of order or duplicate (after %q)", prefix, d.services[n-1].Prefix)
	}
	var rcp bool
	switch d.f[2] {
	case "-":
	case "rcp":
		rcp = true
	default:
		return d.errf(2, "unknown service flags %q (want - or rcp)", d.f[2])
	}
	d.services = append(d.services, Service{Prefix: prefix, Name: d.f[3], RCPSupported: rcp, idx: len(d.services)})
	d.cur = &d.services[len(d.services)-1]
	d.svcPtrs = append(d.svcPtrs, d.cur)
	d.block = blockService
	d.actStart, d.rtStart, d.keyStart = len(d.actPtrs), len(d.rtPtrs), len(d.keyPtrs)
	if d.keyLists == nil {
		d.keyLists = make(map[string][]*ConditionKey)
		d.resLists = make(map[string][]ActionResource)
	}
	clear(d.keyLists)
	clear(d.resLists)
	return nil
}

// endService closes the current service block, cutting its slices from the
// shared arrays.
func (d *decoder) endService() {
	s := d.cur
	if s == nil {
		return
	}
	s.Actions = d.serviceActions()
	s.ResourceTypes = d.serviceResourceTypes()
	s.ConditionKeys = d.serviceKeys()
	d.cur = nil
}

// clip returns s[lo:hi:hi], or nil when it is empty.
func clip[T any](s []T, lo, hi int) []T {
	if lo == hi {
		return nil
	}
	return s[lo:hi:hi]
}

func (d *decoder) inService(block int) error {
	if d.stage != stageServices || d.cur == nil {
		return d.errf(0, "%s record outside a service block", d.kindName())
	}
	if block < d.block {
		return d.errf(0, "%s record out of order (want K, then R, then A records)", d.kindName())
	}
	d.block = block
	return nil
}

func (d *decoder) key() error {
	if err := d.split(3, 4); err != nil {
		return err
	}
	if err := d.inService(blockKeys); err != nil {
		return err
	}
	if len(d.keys) == cap(d.keys) {
		return d.tooMany("condition keys", d.declared.keys)
	}
	start, end, err := d.keyName(1)
	if err != nil {
		return err
	}
	name := d.f[1]
	if ks := d.serviceKeys(); len(ks) > 0 && ascii.CompareFold(ks[len(ks)-1].Name, name) >= 0 {
		return d.errf(1, "condition key %q out of order or duplicate (after %q)", name, ks[len(ks)-1].Name)
	}
	t, err := ParseKeyType(d.f[2])
	if err != nil {
		return d.errf(2, "%v", err)
	}
	global := ascii.HasPrefixFold(name, "aws:") || findKey(d.globPtrs, name) != nil
	d.keys = append(d.keys, ConditionKey{
		Name: name, Type: t, Global: global, Description: d.field(3), Service: d.cur,
		phStart: start, phEnd: end,
	})
	d.keyPtrs = append(d.keyPtrs, &d.keys[len(d.keys)-1])
	return nil
}

// The current service's keys, resource types and actions so far.
func (d *decoder) serviceKeys() []*ConditionKey { return clip(d.keyPtrs, d.keyStart, len(d.keyPtrs)) }
func (d *decoder) serviceResourceTypes() []*ResourceType {
	return clip(d.rtPtrs, d.rtStart, len(d.rtPtrs))
}
func (d *decoder) serviceActions() []*Action { return clip(d.actPtrs, d.actStart, len(d.actPtrs)) }

// keyList parses a space-separated list of the current service's condition
// keys, in order and without duplicates; "-" is the empty list.
func (d *decoder) keyList(field int, list string) ([]*ConditionKey, error) {
	if list == "-" {
		return nil, nil
	}
	if list == "" {
		return nil, d.errf(field, "empty condition key list (write -)")
	}
	if l, ok := d.keyLists[list]; ok {
		return l, nil
	}
	text := list
	start := len(d.refs)
	keys := d.serviceKeys()
	prev := ""
	for more := true; more; {
		var name string
		name, list, more = strings.Cut(list, " ")
		if name == "" {
			return nil, d.errf(field, "empty name in condition key list")
		}
		if prev != "" && ascii.CompareFold(prev, name) >= 0 {
			return nil, d.errf(field, "condition key %q out of order or duplicate in list", name)
		}
		prev = name
		k := findKey(keys, name)
		if k == nil {
			return nil, d.errf(field, "condition key %q is not declared by a K record of service %s", name, d.cur.Prefix)
		}
		if len(d.refs) == cap(d.refs) {
			return nil, d.tooMany("condition key references", d.declared.keyRefs)
		}
		d.refs = append(d.refs, k)
	}
	l := clip(d.refs, start, len(d.refs))
	d.keyLists[text] = l
	return l, nil
}

func validResourceName(n string) bool {
	if n == "" || n == "-" {
		return false
	}
	for i := 0; i < len(n); i++ {
		switch c := n[i]; {
		case c < ' ' || c == 0x7f || c == ',' || c == '(' || c == ')' || c == '*' || c == ':':
			return false
		}
	}
	return n[0] != ' ' && n[len(n)-1] != ' '
}

func (d *decoder) resourceType() error {
	if err := d.split(4, 4); err != nil {
		return err
	}
	if err := d.inService(blockResources); err != nil {
		return err
	}
	if len(d.rts) == cap(d.rts) {
		return d.tooMany("resource types", d.declared.resourceTypes)
	}
	name := d.f[1]
	if !validResourceName(name) {
		return d.errf(1, "bad resource type name %q", name)
	}
	if rs := d.serviceResourceTypes(); len(rs) > 0 && ascii.CompareFold(rs[len(rs)-1].Name, name) >= 0 {
		return d.errf(1, "resource type %q out of order or duplicate (after %q)", name, rs[len(rs)-1].Name)
	}
	keys, err := d.keyList(2, d.f[2])
	if err != nil {
		return err
	}
	arn := d.f[3]
	if !strings.HasPrefix(arn, "arn:") {
		return d.errf(3, "bad ARN format %q: want arn:...", arn)
	}
	d.rts = append(d.rts, ResourceType{Service: d.cur, Name: name, ARN: arn, ConditionKeys: keys})
	d.rtPtrs = append(d.rtPtrs, &d.rts[len(d.rts)-1])
	return nil
}

func validActionName(n string) bool {
	if n == "" {
		return false
	}
	for i := 0; i < len(n); i++ {
		c := n[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '_' || c == '.') {
			return false
		}
	}
	return true
}

func (d *decoder) action() error {
	if err := d.split(5, 6); err != nil {
		return err
	}
	if err := d.inService(blockActions); err != nil {
		return err
	}
	if len(d.acts) == cap(d.acts) {
		return d.tooMany("actions", d.declared.actions)
	}
	full := d.f[1]
	prefix, name, ok := strings.Cut(full, ":")
	if !ok || prefix != d.cur.Prefix {
		return d.errf(1, "action %q does not start with %q", full, d.cur.Prefix+":")
	}
	if !validActionName(name) {
		return d.errf(1, "bad action name %q", name)
	}
	if as := d.serviceActions(); len(as) > 0 && ascii.CompareFold(as[len(as)-1].Name, name) >= 0 {
		return d.errf(1, "action %q out of order or duplicate (after %q)", full, as[len(as)-1].full)
	}
	level, err := ParseAccessLevel(d.f[2])
	if err != nil || d.f[2] != level.String() {
		return d.errf(2, "unknown access level %q", d.f[2])
	}
	keys, err := d.keyList(3, d.f[3])
	if err != nil {
		return err
	}
	res, err := d.resources(4, d.f[4])
	if err != nil {
		return err
	}
	d.acts = append(d.acts, Action{
		ID: len(d.acts), Service: d.cur, Name: name, Description: d.field(5), Level: level,
		Resources: res, ConditionKeys: keys, full: full,
	})
	d.actPtrs = append(d.actPtrs, &d.acts[len(d.acts)-1])
	return nil
}

// resources parses an action's resource list: "-" or entries separated by
// ',', each "name", "name*", "name(key ...)" or "name*(key ...)".
func (d *decoder) resources(field int, list string) ([]ActionResource, error) {
	if list == "-" {
		return nil, nil
	}
	if list == "" {
		return nil, d.errf(field, "empty resource list (write -)")
	}
	if l, ok := d.resLists[list]; ok {
		return l, nil
	}
	text := list
	start := len(d.ares)
	types := d.serviceResourceTypes()
	prev := ""
	for more := true; more; {
		var entry string
		entry, list, more = strings.Cut(list, ",")
		var keys []*ConditionKey
		if strings.HasSuffix(entry, ")") {
			i := strings.LastIndexByte(entry, '(')
			if i < 0 {
				return nil, d.errf(field, "unbalanced parenthesis in resource entry %q", entry)
			}
			var err error
			if keys, err = d.keyList(field, entry[i+1:len(entry)-1]); err != nil {
				return nil, err
			}
			if keys == nil {
				return nil, d.errf(field, "empty condition key list in resource entry %q", entry)
			}
			entry = entry[:i]
		}
		required := strings.HasSuffix(entry, "*")
		if required {
			entry = entry[:len(entry)-1]
		}
		if !validResourceName(entry) {
			return nil, d.errf(field, "bad resource type name %q", entry)
		}
		if prev != "" && ascii.CompareFold(prev, entry) >= 0 {
			return nil, d.errf(field, "resource type %q out of order or duplicate in list", entry)
		}
		prev = entry
		i, ok := slices.BinarySearchFunc(types, entry, func(r *ResourceType, n string) int { return ascii.CompareFold(r.Name, n) })
		if !ok {
			return nil, d.errf(field, "resource type %q is not declared by an R record of service %s", entry, d.cur.Prefix)
		}
		if len(d.ares) == cap(d.ares) {
			return nil, d.tooMany("action resources", d.declared.actionResources)
		}
		d.ares = append(d.ares, ActionResource{Type: types[i], Required: required, ConditionKeys: keys})
	}
	l := clip(d.ares, start, len(d.ares))
	d.resLists[text] = l
	return l, nil
}

func (d *decoder) prefix() error {
	if err := d.split(3, 3); err != nil {
		return err
	}
	if err := d.setStage(stagePrefixes); err != nil {
		return err
	}
	d.endService()
	p := d.f[1]
	if p == "" || strings.ContainsAny(p, ": ,\x7f") {
		return d.errf(1, "bad key prefix %q", p)
	}
	if n := len(d.prefixes); n > 0 && d.prefixes[n-1].prefix >= p {
		return d.errf(1, "key prefix %q out of order or duplicate", p)
	}
	if d.f[2] == "" {
		return d.errf(2, "empty service list")
	}
	d.prefixes = append(d.prefixes, prefixRecord{line: d.line, prefix: p, services: d.f[2]})
	return nil
}

func (d *decoder) finish() (*contents, error) {
	d.endService()
	// Shared lists make action resources and key references fewer than
	// declared: those two counts are upper bounds.
	got := counts{len(d.services), len(d.rts), len(d.keys), len(d.globals), len(d.acts), d.declared.actionResources, d.declared.keyRefs}
	if got != d.declared {
		d.nf = 0
		return nil, d.errf(-1, "the N record declares %+v, the data holds %+v", d.declared, got)
	}
	c := &contents{
		ordered: d.svcPtrs,
		actions: d.actPtrs,
		globals: d.globPtrs,
	}
	c.services = slices.Clone(d.svcPtrs)
	slices.SortFunc(c.services, func(a, b *Service) int { return strings.Compare(a.Prefix, b.Prefix) })
	byPrefix := make(map[string]*Service, len(d.services))
	for _, s := range c.services {
		byPrefix[s.Prefix] = s
	}
	if len(d.prefixes) > 0 {
		c.keyPrefix = make(map[string][]*Service, len(d.prefixes))
	}
	for _, p := range d.prefixes {
		var list []*Service
		for _, name := range strings.Split(p.services, " ") {
			s := byPrefix[name]
			if s == nil {
				return nil, &SyntaxError{Line: p.line, Column: 4 + len(p.prefix), Msg: fmt.Sprintf("unknown service %q", name)}
			}
			list = append(list, s)
		}
		c.keyPrefix[strings.ToLower(p.prefix)] = list
	}
	c.keys = sync.OnceValue(c.buildKeyIndex)
	return c, nil
}
