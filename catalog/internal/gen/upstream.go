package main

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path"
	"regexp"
	"slices"
	"strings"
	"time"
)

// A pkg is the tarball's files, keyed by their path without the "package/"
// directory npm puts everything in.
type pkg struct {
	files   map[string][]byte
	license []byte
}

// maxUnpacked bounds the tarball's unpacked size (the pinned release unpacks
// to 11 MB).
const maxUnpacked = 256 << 20

func readPackage(tgz []byte) (*pkg, error) {
	zr, err := gzip.NewReader(bytes.NewReader(tgz))
	if err != nil {
		return nil, fmt.Errorf("tarball: %w", err)
	}
	tr := tar.NewReader(zr)
	p := &pkg{files: make(map[string][]byte)}
	total := 0
	for {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("tarball: %w", err)
		}
		if h.Typeflag != tar.TypeReg {
			continue
		}
		name, ok := strings.CutPrefix(h.Name, "package/")
		if !ok || name == "" || path.Clean(name) != name || strings.HasPrefix(name, "../") {
			return nil, fmt.Errorf("tarball: unexpected entry %q", h.Name)
		}
		total += int(h.Size)
		if h.Size < 0 || total > maxUnpacked {
			return nil, fmt.Errorf("tarball: unpacks to more than %d bytes", maxUnpacked)
		}
		b, err := io.ReadAll(tr)
		if err != nil {
			return nil, fmt.Errorf("tarball: %s: %w", h.Name, err)
		}
		if _, dup := p.files[name]; dup {
			return nil, fmt.Errorf("tarball: duplicate entry %q", h.Name)
		}
		p.files[name] = b
	}
	if err := zr.Close(); err != nil {
		return nil, fmt.Errorf("tarball: %w", err)
	}
	return p, nil
}

// The generator's model of the catalog, normalised and ready to encode.
type model struct {
	pkgName, version string
	updatedAt        time.Time
	updatedAtText    string
	tarballIntegrity string
	tarballSHA256    string
	globals          []condKey // sorted by lower-case name
	services         []*service
	prefixes         []keyPrefix
}

type condKey struct {
	name, typ, category, desc string
}

type service struct {
	prefix, name string
	rcp          bool
	keys         []condKey
	resources    []resType
	actions      []action
}

type resType struct {
	name string
	keys []string
	arn  string
}

type action struct {
	name, level, desc string
	keys              []string
	res               []actRes
}

type actRes struct {
	name     string
	required bool
	keys     []string
}

type keyPrefix struct {
	prefix   string
	services []string
}

// Field validation, one expression per field, as x/net/publicsuffix's
// generator does: a release that breaks one fails here, not in users' hands.
var (
	prefixRE       = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*$`)
	serviceNameRE  = regexp.MustCompile(`^\S(?:[^\x00-\x1f\x7f]*\S)?$`)
	actionNameRE   = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_-]*$`)
	resourceNameRE = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9 _./-]*$`)
	arnRE          = regexp.MustCompile(`^arn:[^\s,()]+$`)
	// A condition key: "prefix:name", with at most one placeholder ("${X}"
	// or "<x>"), checked separately.
	keyRE         = regexp.MustCompile(`^[A-Za-z0-9$][A-Za-z0-9._/${}<>-]*:[A-Za-z0-9._/:${}<>-]+$`)
	placeholderRE = regexp.MustCompile(`\$\{[A-Za-z0-9_]+\}|<[A-Za-z0-9_-]+>`)
	categoryRE    = regexp.MustCompile(`^[a-z]+$`)
	descRE        = regexp.MustCompile(`^[^\x00-\x1f\x7f]*$`)
	keyPrefixRE   = regexp.MustCompile(`^[A-Za-z0-9.${}/_-]+$`)
)

// The condition key types the catalog knows (catalog.KeyType).
var keyTypes = []string{
	"String", "ArrayOfString", "Numeric", "ArrayOfNumeric", "Date", "ArrayOfDate",
	"Bool", "ArrayOfBool", "ARN", "ArrayOfARN", "IPAddress", "ArrayOfIPAddress",
	"Binary", "ArrayOfBinary",
}

// accessLevels maps iam-data's access levels to the catalog's primary level
// (catalog.AccessLevel's String form). The console shows "Tagging" and
// "Permissions management" for the combined values.
var accessLevels = map[string]string{
	"List":                          "List",
	"Read":                          "Read",
	"Write":                         "Write",
	"Tagging, Write":                "Tagging",
	"Permissions management, Write": "Permissions management",
	"Tagging":                       "Tagging",
	"Permissions management":        "Permissions management",
}

// problems collects validation failures, so that one run reports many.
type problems struct {
	list []string
}

const maxProblems = 40

func (p *problems) addf(format string, args ...any) {
	p.list = append(p.list, fmt.Sprintf(format, args...))
}

func (p *problems) err() error {
	if len(p.list) == 0 {
		return nil
	}
	list := p.list
	more := ""
	if len(list) > maxProblems {
		more = fmt.Sprintf("\n(and %d more)", len(list)-maxProblems)
		list = list[:maxProblems]
	}
	return errors.New("invalid upstream data:\n\t" + strings.Join(list, "\n\t") + more)
}

// object decodes a JSON object whose members must be exactly required plus
// any of optional, none null.
func (p *problems) object(where string, raw json.RawMessage, required, optional []string) map[string]json.RawMessage {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(raw, &m); err != nil || m == nil {
		p.addf("%s: want a JSON object: %v", where, errOr(err, "null"))
		return nil
	}
	for _, r := range required {
		if _, ok := m[r]; !ok {
			p.addf("%s: missing field %q", where, r)
		}
	}
	for k, v := range m {
		if !slices.Contains(required, k) && !slices.Contains(optional, k) {
			p.addf("%s: unknown field %q (upstream format changed?)", where, k)
		}
		if string(v) == "null" {
			p.addf("%s: field %q is null", where, k)
		}
	}
	return m
}

func errOr(err error, s string) any {
	if err != nil {
		return err
	}
	return s
}

// decode unmarshals m[field] into v, recording a problem on failure.
func (p *problems) decode(where string, m map[string]json.RawMessage, field string, v any) {
	raw, ok := m[field]
	if !ok || string(raw) == "null" {
		return
	}
	if err := json.Unmarshal(raw, v); err != nil {
		p.addf("%s: field %q: %v", where, field, err)
	}
}

func (p *pkg) json(name string, v any) error {
	b, ok := p.files[name]
	if !ok {
		return fmt.Errorf("tarball: missing %s", name)
	}
	if err := json.Unmarshal(b, v); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	return nil
}

// normDesc collapses white space, as the Service Authorization Reference's
// HTML does when shown.
func normDesc(s string) string { return strings.Join(strings.Fields(s), " ") }

func lowerLess(a, b string) int { return strings.Compare(strings.ToLower(a), strings.ToLower(b)) }

// serviceOrder compares prefixes as "prefix:" strings, the order of action
// IDs.
func serviceOrder(a, b *service) int { return strings.Compare(a.prefix+":", b.prefix+":") }

// catalog reads, validates and normalises the package's data.
func (p *pkg) catalog() (*model, error) {
	var meta struct {
		Name, Version, UpdatedAt, License string
	}
	if err := p.json("package.json", &meta); err != nil {
		return nil, err
	}
	if meta.Name != pinPackage || meta.Version != pinVersion {
		return nil, fmt.Errorf("package.json: package is %s@%s, want %s@%s", meta.Name, meta.Version, pinPackage, pinVersion)
	}
	if meta.License != "MIT" {
		return nil, fmt.Errorf("package.json: licence is %q, want MIT; review before using the data", meta.License)
	}
	updated, err := time.Parse(time.RFC3339Nano, meta.UpdatedAt)
	if err != nil {
		return nil, fmt.Errorf("package.json: updatedAt: %w", err)
	}
	lic, ok := p.files["LICENSE.txt"]
	if !ok || !bytes.Contains(lic, []byte("MIT License")) {
		return nil, errors.New("tarball: LICENSE.txt is missing or not the MIT licence")
	}
	p.license = lic
	m := &model{pkgName: meta.Name, version: meta.Version, updatedAt: updated.UTC(), updatedAtText: meta.UpdatedAt}

	var pr problems
	src, ok := p.files["dist/esm/globalConditionKeys.js"]
	if !ok {
		return nil, errors.New("tarball: missing dist/esm/globalConditionKeys.js")
	}
	globals, err := parseGlobalKeys(string(src))
	if err != nil {
		return nil, fmt.Errorf("dist/esm/globalConditionKeys.js: %w", err)
	}
	m.globals = p.normGlobals(&pr, globals)

	var prefixes []string
	var names map[string]string
	var rcp []string
	for _, f := range []struct {
		name string
		v    any
	}{{"data/services.json", &prefixes}, {"data/serviceNames.json", &names}, {"data/rcpSupportedServices.json", &rcp}} {
		if err := p.json(f.name, f.v); err != nil {
			return nil, err
		}
	}
	known := make(map[string]bool)
	for _, s := range prefixes {
		if !prefixRE.MatchString(s) {
			pr.addf("data/services.json: bad service prefix %q", s)
		}
		if known[s] {
			pr.addf("data/services.json: duplicate service %q", s)
		}
		known[s] = true
	}
	for s := range names {
		if !known[s] {
			pr.addf("data/serviceNames.json: service %q is not in services.json", s)
		}
	}
	for _, s := range rcp {
		if !known[s] {
			pr.addf("data/rcpSupportedServices.json: service %q is not in services.json", s)
		}
	}
	// Every per-service file must belong to a listed service.
	for name := range p.files {
		dir, base := path.Split(name)
		switch dir {
		case "data/actions/", "data/resourceTypes/", "data/conditionKeys/":
			if s, ok := strings.CutSuffix(base, ".json"); !ok || !known[s] {
				pr.addf("%s: not a file of a listed service", name)
			}
		}
	}
	if err := pr.err(); err != nil {
		return nil, err // the per-service files cannot be trusted to exist
	}
	for _, prefix := range prefixes {
		s := &service{prefix: prefix, name: names[prefix], rcp: slices.Contains(rcp, prefix)}
		if !serviceNameRE.MatchString(s.name) {
			pr.addf("data/serviceNames.json: service %q: bad name %q", prefix, s.name)
		}
		if err := p.readService(&pr, s, m.globals); err != nil {
			return nil, err
		}
		m.services = append(m.services, s)
	}
	slices.SortFunc(m.services, serviceOrder)

	if err := p.readPrefixes(&pr, m, known); err != nil {
		return nil, err
	}
	if err := p.checkPatterns(&pr, m, known); err != nil {
		return nil, err
	}
	return m, pr.err()
}

// normGlobals validates the global keys and spells their tag keys as the
// Service Authorization Reference does: "aws:ResourceTag/tag-key" becomes
// "aws:ResourceTag/${TagKey}", the name under which services list it.
func (p *pkg) normGlobals(pr *problems, globals []condKey) []condKey {
	seen := make(map[string]bool)
	var out []condKey
	for _, g := range globals {
		where := fmt.Sprintf("dist/esm/globalConditionKeys.js: key %q", g.name)
		if strings.Contains(g.name, "/") {
			base, ok := strings.CutSuffix(g.name, "/tag-key")
			if !ok || strings.Contains(base, "/") {
				pr.addf("%s: a global key with '/' must end in /tag-key", where)
			}
			g.name = base + "/${TagKey}"
		}
		checkKey(pr, where, g.name)
		if !slices.Contains(keyTypes, g.typ) {
			pr.addf("%s: unknown type %q", where, g.typ)
		}
		if !categoryRE.MatchString(g.category) {
			pr.addf("%s: bad category %q", where, g.category)
		}
		g.desc = normDesc(g.desc)
		if !descRE.MatchString(g.desc) {
			pr.addf("%s: bad description %q", where, g.desc)
		}
		lk := strings.ToLower(g.name)
		if seen[lk] {
			pr.addf("%s: duplicate", where)
			continue
		}
		seen[lk] = true
		out = append(out, g)
	}
	slices.SortFunc(out, func(a, b condKey) int { return lowerLess(a.name, b.name) })
	return out
}

func checkKey(pr *problems, where, name string) {
	if !keyRE.MatchString(name) {
		pr.addf("%s: bad condition key name %q", where, name)
		return
	}
	rest := placeholderRE.ReplaceAllString(name, "")
	if n := len(placeholderRE.FindAllString(name, -1)); n > 1 || strings.ContainsAny(rest, "${}<>") {
		pr.addf("%s: condition key %q must hold at most one well-formed placeholder", where, name)
	}
}

func (p *pkg) readService(pr *problems, s *service, globals []condKey) error {
	var rawKeys, rawTypes, rawActions map[string]json.RawMessage
	base := s.prefix + ".json"
	for _, f := range []struct {
		dir string
		v   *map[string]json.RawMessage
	}{{"data/conditionKeys/", &rawKeys}, {"data/resourceTypes/", &rawTypes}, {"data/actions/", &rawActions}} {
		if err := p.json(f.dir+base, f.v); err != nil {
			return err
		}
	}

	// Condition keys.
	keyByLower := make(map[string]string)
	for id, raw := range rawKeys {
		where := fmt.Sprintf("data/conditionKeys/%s: %q", base, id)
		o := pr.object(where, raw, []string{"key", "description", "type"}, nil)
		var k condKey
		pr.decode(where, o, "key", &k.name)
		pr.decode(where, o, "type", &k.typ)
		pr.decode(where, o, "description", &k.desc)
		k.desc = normDesc(k.desc)
		if id != strings.ToLower(k.name) {
			pr.addf("%s: key is %q, want the lower case of the entry's name", where, k.name)
		}
		checkKey(pr, where, k.name)
		if !slices.Contains(keyTypes, k.typ) {
			pr.addf("%s: unknown type %q", where, k.typ)
		}
		if !descRE.MatchString(k.desc) {
			pr.addf("%s: bad description %q", where, k.desc)
		}
		keyByLower[id] = k.name
		s.keys = append(s.keys, k)
	}
	slices.SortFunc(s.keys, func(a, b condKey) int { return lowerLess(a.name, b.name) })
	// resolve returns a key list in canonical spelling, sorted, without
	// duplicates.
	resolve := func(where string, list []string) []string {
		var out []string
		for _, k := range list {
			name, ok := keyByLower[strings.ToLower(k)]
			if !ok {
				pr.addf("%s: condition key %q is not in data/conditionKeys/%s", where, k, base)
				continue
			}
			out = append(out, name)
		}
		slices.SortFunc(out, lowerLess)
		return slices.Compact(out)
	}

	// Resource types.
	typeByLower := make(map[string]string)
	for id, raw := range rawTypes {
		where := fmt.Sprintf("data/resourceTypes/%s: %q", base, id)
		o := pr.object(where, raw, []string{"key", "arn"}, []string{"conditionKeys"})
		var r resType
		var keys []string
		pr.decode(where, o, "key", &r.name)
		pr.decode(where, o, "arn", &r.arn)
		pr.decode(where, o, "conditionKeys", &keys)
		if id != strings.ToLower(r.name) {
			pr.addf("%s: key is %q, want the lower case of the entry's name", where, r.name)
		}
		if !resourceNameRE.MatchString(r.name) || strings.HasSuffix(r.name, " ") {
			pr.addf("%s: bad resource type name %q", where, r.name)
		}
		for _, arn := range strings.Split(r.arn, ", ") {
			if !arnRE.MatchString(arn) {
				pr.addf("%s: bad ARN format %q", where, arn)
			}
		}
		r.keys = resolve(where, keys)
		typeByLower[id] = r.name
		s.resources = append(s.resources, r)
	}
	slices.SortFunc(s.resources, func(a, b resType) int { return lowerLess(a.name, b.name) })

	// Actions.
	for id, raw := range rawActions {
		where := fmt.Sprintf("data/actions/%s: %q", base, id)
		o := pr.object(where, raw, []string{"name", "description", "accessLevel", "resourceTypes", "conditionKeys", "dependentActions"}, []string{"scenarios"})
		var a action
		var level string
		var keys, deps []string
		var res []json.RawMessage
		var scenarios []json.RawMessage
		pr.decode(where, o, "name", &a.name)
		pr.decode(where, o, "description", &a.desc)
		pr.decode(where, o, "accessLevel", &level)
		pr.decode(where, o, "conditionKeys", &keys)
		pr.decode(where, o, "dependentActions", &deps)
		pr.decode(where, o, "resourceTypes", &res)
		pr.decode(where, o, "scenarios", &scenarios)
		a.desc = normDesc(a.desc)
		if id != strings.ToLower(a.name) {
			pr.addf("%s: key is %q, want the lower case of the action's name", where, a.name)
		}
		if !actionNameRE.MatchString(a.name) {
			pr.addf("%s: bad action name %q", where, a.name)
		}
		if !descRE.MatchString(a.desc) {
			pr.addf("%s: bad description %q", where, a.desc)
		}
		var ok bool
		if a.level, ok = accessLevels[level]; !ok {
			pr.addf("%s: unknown access level %q", where, level)
		}
		if len(deps) > 0 {
			pr.addf("%s: dependentActions is no longer empty; extend the catalog format to carry it", where)
		}
		a.keys = resolve(where, keys)
		byName := make(map[string]int)
		for i, rr := range res {
			rwhere := fmt.Sprintf("%s: resourceTypes[%d]", where, i)
			ro := pr.object(rwhere, rr, []string{"name", "required", "conditionKeys", "dependentActions"}, nil)
			var ar actRes
			var rkeys, rdeps []string
			pr.decode(rwhere, ro, "name", &ar.name)
			pr.decode(rwhere, ro, "required", &ar.required)
			pr.decode(rwhere, ro, "conditionKeys", &rkeys)
			pr.decode(rwhere, ro, "dependentActions", &rdeps)
			if len(rdeps) > 0 {
				pr.addf("%s: dependentActions is no longer empty; extend the catalog format to carry it", rwhere)
			}
			name, ok := typeByLower[strings.ToLower(ar.name)]
			if !ok {
				pr.addf("%s: resource type %q is not in data/resourceTypes/%s", rwhere, ar.name, base)
				continue
			}
			ar.name = name
			ar.keys = resolve(rwhere, rkeys)
			// The same type listed twice (a few actions do) is one
			// entry: required if either says so, with both key lists.
			if j, dup := byName[name]; dup {
				prev := &a.res[j]
				prev.required = prev.required || ar.required
				prev.keys = resolve(rwhere, append(slices.Clone(prev.keys), ar.keys...))
				continue
			}
			byName[name] = len(a.res)
			a.res = append(a.res, ar)
		}
		slices.SortFunc(a.res, func(x, y actRes) int { return lowerLess(x.name, y.name) })
		// Scenarios (alternative resource sets of a few actions, such as
		// ec2:RunInstances) are not carried; check that they name known
		// types, so a change of their shape is noticed.
		for i, sc := range scenarios {
			swhere := fmt.Sprintf("%s: scenarios[%d]", where, i)
			so := pr.object(swhere, sc, []string{"name", "resourceTypes"}, nil)
			var srs []json.RawMessage
			pr.decode(swhere, so, "resourceTypes", &srs)
			for j, sr := range srs {
				sro := pr.object(fmt.Sprintf("%s: resourceTypes[%d]", swhere, j), sr, []string{"name", "required"}, nil)
				var n string
				pr.decode(swhere, sro, "name", &n)
				if _, ok := typeByLower[strings.ToLower(n)]; !ok {
					pr.addf("%s: resource type %q is not in data/resourceTypes/%s", swhere, n, base)
				}
			}
		}
		s.actions = append(s.actions, a)
	}
	slices.SortFunc(s.actions, func(a, b action) int { return lowerLess(a.name, b.name) })
	return nil
}

// readPrefixes reads unassociatedConditions.json: condition key prefixes that
// are not service prefixes, and the services that document their keys.
func (p *pkg) readPrefixes(pr *problems, m *model, known map[string]bool) error {
	var raw map[string][]string
	if err := p.json("data/unassociatedConditions.json", &raw); err != nil {
		return err
	}
	for prefix, svcs := range raw {
		where := fmt.Sprintf("data/unassociatedConditions.json: %q", prefix)
		if !keyPrefixRE.MatchString(prefix) {
			pr.addf("%s: bad prefix", where)
		}
		if known[prefix] {
			pr.addf("%s: is a service prefix", where)
		}
		if len(svcs) == 0 {
			pr.addf("%s: no services", where)
		}
		for _, s := range svcs {
			if !known[s] {
				pr.addf("%s: unknown service %q", where, s)
			}
		}
		svcs = slices.Clone(svcs)
		slices.Sort(svcs)
		m.prefixes = append(m.prefixes, keyPrefix{prefix, slices.Compact(svcs)})
	}
	slices.SortFunc(m.prefixes, func(a, b keyPrefix) int { return strings.Compare(a.prefix, b.prefix) })
	return nil
}

// checkPatterns checks conditionPatterns.json against the templates: each
// pattern must be its template with the placeholder replaced by ".+?", the
// template must be a key of the group's services, and every templated
// service key must have a pattern. The catalog then needs no pattern records:
// a key with a placeholder is a template (see package catalog).
func (p *pkg) checkPatterns(pr *problems, m *model, known map[string]bool) error {
	var raw map[string]map[string]string
	if err := p.json("data/conditionPatterns.json", &raw); err != nil {
		return err
	}
	byPrefix := make(map[string]*service)
	for _, s := range m.services {
		byPrefix[s.prefix] = s
	}
	covered := make(map[string]bool) // "service\x00lower key"
	for group, pats := range raw {
		where := fmt.Sprintf("data/conditionPatterns.json: %q", group)
		var owners []string
		if known[group] {
			owners = []string{group}
		} else {
			for _, kp := range m.prefixes {
				if kp.prefix == group {
					owners = kp.services
				}
			}
		}
		if owners == nil {
			pr.addf("%s: neither a service nor an unassociated prefix", where)
			continue
		}
		for pat, tmpl := range pats {
			loc := placeholderRE.FindStringIndex(tmpl)
			if loc == nil {
				pr.addf("%s: template %q has no placeholder", where, tmpl)
				continue
			}
			if want := tmpl[:loc[0]] + ".+?" + tmpl[loc[1]:]; pat != want {
				pr.addf("%s: pattern %q is not its template %q with .+? for the placeholder", where, pat, tmpl)
			}
			found := false
			for _, o := range owners {
				if byPrefix[o] == nil {
					continue // an unknown service, reported already
				}
				for _, k := range byPrefix[o].keys {
					if strings.EqualFold(k.name, tmpl) {
						found = true
						covered[o+"\x00"+strings.ToLower(k.name)] = true
					}
				}
			}
			if !found {
				pr.addf("%s: template %q is not a condition key of %v", where, tmpl, owners)
			}
		}
	}
	for _, s := range m.services {
		for _, k := range s.keys {
			if strings.HasPrefix(strings.ToLower(k.name), "aws:") || !placeholderRE.MatchString(k.name) {
				continue
			}
			// A key of another service (ec2:ResourceTag/${TagKey} listed
			// by ec2-instance-connect) is covered by that service's pattern.
			kp, _, _ := strings.Cut(k.name, ":")
			if kp != s.prefix && known[kp] {
				continue
			}
			if !covered[s.prefix+"\x00"+strings.ToLower(k.name)] {
				pr.addf("data/conditionKeys/%s.json: templated key %q has no pattern in conditionPatterns.json", s.prefix, k.name)
			}
		}
	}
	return nil
}
