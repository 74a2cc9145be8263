package iamrules

import (
	"strings"

	"github.com/leastpriv/leastpriv/catalog"
	"github.com/leastpriv/leastpriv/iam"
	"github.com/leastpriv/leastpriv/lint"
)

// keyStatus is what the catalog says about a condition key name.
type keyStatus uint8

const (
	keyKnown         keyStatus = iota
	keyBadFormat               // no "prefix:name"
	keyUnknownGlobal           // aws: key the catalog does not know
	keyUnknownPrefix           // prefix of no service
	keyUnknownForSvc           // service known, key not
	keyProvider                // a key of an OpenID Connect or SAML provider, not in the catalog
)

// resolveKey looks a condition key up. It returns the key when known. The
// answers are remembered for the policy: most rules look at every key.
func resolveKey(p *lint.Pass, name string) (*catalog.ConditionKey, keyStatus) {
	m := p.Memo("condition keys", func() any { return map[string]keyLookup{} }).(map[string]keyLookup)
	if r, ok := m[name]; ok {
		return r.key, r.status
	}
	k, st := lookupKey(p.Catalog, name)
	m[name] = keyLookup{k, st}
	return k, st
}

type keyLookup struct {
	key    *catalog.ConditionKey
	status keyStatus
}

// lookupKey looks a condition key up in the catalog.
func lookupKey(c *catalog.Catalog, name string) (*catalog.ConditionKey, keyStatus) {
	prefix, rest, ok := strings.Cut(name, ":")
	if !ok || prefix == "" || rest == "" {
		return nil, keyBadFormat
	}
	if k := c.ConditionKey(name); k != nil {
		return k, keyKnown
	}
	if strings.ContainsAny(prefix, "./") {
		// An identity provider's keys ("token.actions.githubusercontent.com:sub",
		// "oidc.eks.REGION.amazonaws.com/id/ID:aud"): the provider names
		// them, so any name is possible.
		return nil, keyProvider
	}
	switch {
	case strings.EqualFold(prefix, "aws"):
		return nil, keyUnknownGlobal
	case c.Service(prefix) == nil && len(c.KeyPrefixServices(prefix)) == 0:
		return nil, keyUnknownPrefix
	}
	return nil, keyUnknownForSvc
}

// knownKey returns the catalog key for name, or nil.
func knownKey(p *lint.Pass, name string) *catalog.ConditionKey {
	k, _ := resolveKey(p, name)
	return k
}

// supportsKey reports whether action a supports condition key name, at the
// action level or for one of its resource types.
func supportsKey(a *catalog.Action, name string) bool {
	for _, k := range a.ConditionKeys {
		if k.Matches(name) {
			return true
		}
	}
	for _, r := range a.Resources {
		for _, k := range r.ConditionKeys {
			if k.Matches(name) {
				return true
			}
		}
		for _, k := range r.Type.ConditionKeys {
			if k.Matches(name) {
				return true
			}
		}
	}
	return false
}

// hasVariable reports whether s holds a policy variable.
func hasVariable(s string) bool { return strings.Contains(s, "${") }

// familyName names an operator family for messages.
func familyName(f iam.OperatorFamily) string {
	switch f {
	case iam.StringFamily:
		return "String"
	case iam.NumericFamily:
		return "Numeric"
	case iam.DateFamily:
		return "Date"
	case iam.BoolFamily:
		return "Bool"
	case iam.BinaryFamily:
		return "Binary"
	case iam.IPFamily:
		return "IP address"
	case iam.ARNFamily:
		return "ARN"
	case iam.NullFamily:
		return "Null"
	}
	return "unknown"
}

// familyFor returns the operator family that fits a key type.
func familyFor(t catalog.KeyType) iam.OperatorFamily {
	switch t.Elem() {
	case catalog.String:
		return iam.StringFamily
	case catalog.Numeric:
		return iam.NumericFamily
	case catalog.Date:
		return iam.DateFamily
	case catalog.Bool:
		return iam.BoolFamily
	case catalog.ARN:
		return iam.ARNFamily
	case catalog.IPAddress:
		return iam.IPFamily
	case catalog.Binary:
		return iam.BinaryFamily
	}
	return 0
}

// bareTagKey reports whether name is a tag key template written without its
// tag key ("aws:ResourceTag"); MISSING_TAG_KEY_IN_CONDITION reports those.
func bareTagKey(p *lint.Pass, name string) bool {
	k := knownKey(p, name+"/x")
	return k != nil && k.IsTemplate()
}
