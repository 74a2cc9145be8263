package catalog

import (
	"fmt"
	"github.com/leastpriv/leastpriv/internal/ascii"
	"strings"
)

// A Service is an AWS service as IAM knows it: a prefix ("s3") and the
// actions, resource types and condition keys documented under it.
type Service struct {
	Prefix string // lower case, as in the catalog: "s3"
	Name   string // "Amazon S3"
	// RCPSupported reports whether the service supports resource control
	// policies.
	RCPSupported bool

	Actions       []*Action       // sorted by name (ASCII case-insensitively); IDs are consecutive
	ResourceTypes []*ResourceType // sorted by name (ASCII case-insensitively)
	// ConditionKeys are the keys the service documents, sorted by name
	// (ASCII case-insensitively). They include the global keys it supports
	// ("aws:ResourceTag/${TagKey}", with the service's own description) and
	// keys of other prefixes that its actions use.
	ConditionKeys []*ConditionKey

	idx int // position in the catalog's data, for per-service lazy indexes
}

func (s *Service) String() string { return s.Prefix }

// An Action is one IAM action, such as s3:GetObject.
type Action struct {
	ID          int // index in Catalog.Actions, ordered by lower-case "service:name"
	Service     *Service
	Name        string // "GetObject", spelled as in the catalog
	Description string
	// Level is the access level the IAM console shows first: "Tagging,
	// Write" is Tagging and "Permissions management, Write" is
	// PermissionsManagement.
	Level AccessLevel
	// Resources are the resource types the action can be scoped to. An action
	// with no Resources accepts only Resource "*".
	Resources []ActionResource
	// ConditionKeys are the keys the action supports whatever the resource.
	ConditionKeys []*ConditionKey

	full string // "s3:GetObject"
}

// String returns "service:Name", such as "s3:GetObject", spelled as in the
// catalog.
func (a *Action) String() string { return a.full }

// An ActionResource is one resource type an action can be scoped to.
type ActionResource struct {
	Type *ResourceType
	// Required reports whether the action always applies to a resource of
	// this type (an asterisk in the Service Authorization Reference).
	Required bool
	// ConditionKeys are the keys the action supports for this resource type.
	ConditionKeys []*ConditionKey
}

// A ResourceType is a kind of resource of a service, such as an S3 object.
type ResourceType struct {
	Service *Service
	Name    string // "object", spelled as in the catalog (may hold spaces and '/')
	// ARN is the ARN format, such as "arn:${Partition}:s3:::${BucketName}/${ObjectName}".
	// A few types have several formats, separated by ", "; see ARNFormats.
	ARN           string
	ConditionKeys []*ConditionKey
}

// ARNFormats returns the type's ARN formats, one element per format.
func (r *ResourceType) ARNFormats() []string { return strings.Split(r.ARN, ", ") }

// A ConditionKey is a condition context key. A Name that holds a placeholder
// ("${TagKey}", "<key>") is a template that stands for every key with
// non-empty text in its place; see Matches.
type ConditionKey struct {
	Name string // "s3:ExistingObjectTag/<key>", spelled as in the catalog
	Type KeyType
	// Global reports whether the key is one of AWS's global condition keys
	// (every "aws:" key, and the few service-prefixed keys such as
	// ec2:SourceInstanceArn that AWS lists among them).
	Global      bool
	Description string
	// Category is the group of a key in the global list ("principal",
	// "session", "network", "resource", "request"); empty for service keys.
	Category string
	// Service is the service that documents the key; nil for the entries of
	// the global list.
	Service *Service

	// phStart and phEnd delimit the placeholder in Name; phStart < 0 when
	// there is none.
	phStart, phEnd int
}

func (k *ConditionKey) String() string { return k.Name }

// IsTemplate reports whether the key's name holds a placeholder.
func (k *ConditionKey) IsTemplate() bool { return k.phStart >= 0 }

// Matches reports whether name is this key: equal ignoring ASCII case, or,
// for a template, equal outside the placeholder with non-empty text in its
// place ("aws:ResourceTag/env" matches "aws:ResourceTag/${TagKey}").
func (k *ConditionKey) Matches(name string) bool {
	if ascii.EqualFold(k.Name, name) {
		return true
	}
	if k.phStart < 0 {
		return false
	}
	pre, suf := k.Name[:k.phStart], k.Name[k.phEnd:]
	return len(name) > len(pre)+len(suf) &&
		ascii.EqualFold(name[:len(pre)], pre) &&
		ascii.EqualFold(name[len(name)-len(suf):], suf)
}

// placeholder returns the span of the placeholder in a key name ("${X}" or
// "<x>"), or -1, -1. Names with more than one placeholder are rejected by the
// decoder.
func placeholder(name string) (start, end int) {
	if i := strings.Index(name, "${"); i >= 0 {
		if j := strings.IndexByte(name[i:], '}'); j > 0 {
			return i, i + j + 1
		}
	}
	if i := strings.IndexByte(name, '<'); i >= 0 {
		if j := strings.IndexByte(name[i:], '>'); j > 0 {
			return i, i + j + 1
		}
	}
	return -1, -1
}

// An AccessLevel is the IAM console's classification of an action. The zero
// AccessLevel is invalid.
type AccessLevel uint8

// The access levels, in the order the IAM console lists them.
const (
	List AccessLevel = iota + 1
	Read
	Write
	PermissionsManagement
	Tagging
)

var levelNames = [...]string{
	List:                  "List",
	Read:                  "Read",
	Write:                 "Write",
	PermissionsManagement: "Permissions management",
	Tagging:               "Tagging",
}

// AccessLevels returns every access level, in the console's order.
func AccessLevels() []AccessLevel {
	return []AccessLevel{List, Read, Write, PermissionsManagement, Tagging}
}

// String returns the console's words: "List", "Read", "Write", "Permissions
// management", "Tagging".
func (l AccessLevel) String() string {
	if l >= List && l <= Tagging {
		return levelNames[l]
	}
	return fmt.Sprintf("AccessLevel(%d)", uint8(l))
}

// ParseAccessLevel parses an access level in any case, with the words of
// "Permissions management" separated by a space, '-' or '_', or joined.
func ParseAccessLevel(s string) (AccessLevel, error) {
	for l := List; l <= Tagging; l++ {
		if s == levelNames[l] {
			return l, nil
		}
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case ' ', '-', '_':
		default:
			b.WriteByte(ascii.Lower(c))
		}
	}
	switch b.String() {
	case "list":
		return List, nil
	case "read":
		return Read, nil
	case "write":
		return Write, nil
	case "permissionsmanagement":
		return PermissionsManagement, nil
	case "tagging":
		return Tagging, nil
	}
	return 0, fmt.Errorf("unknown access level %q (want List, Read, Write, Permissions management or Tagging)", s)
}

// MarshalText returns the String form.
func (l AccessLevel) MarshalText() ([]byte, error) {
	if l < List || l > Tagging {
		return nil, fmt.Errorf("invalid access level %d", uint8(l))
	}
	return []byte(l.String()), nil
}

// UnmarshalText parses text as ParseAccessLevel does.
func (l *AccessLevel) UnmarshalText(text []byte) error {
	v, err := ParseAccessLevel(string(text))
	if err != nil {
		return err
	}
	*l = v
	return nil
}

// A KeyType is the type of a condition key's value, as the Service
// Authorization Reference names it. The zero KeyType is invalid.
type KeyType uint8

// The key types. ArrayOf types are multivalued: the request can carry a set of
// values, tested with ForAnyValue / ForAllValues.
const (
	String KeyType = iota + 1
	ArrayOfString
	Numeric
	ArrayOfNumeric
	Date
	ArrayOfDate
	Bool
	ArrayOfBool
	ARN
	ArrayOfARN
	IPAddress
	ArrayOfIPAddress
	Binary
	ArrayOfBinary
	numKeyTypes
)

var keyTypeNames = [...]string{
	String:           "String",
	ArrayOfString:    "ArrayOfString",
	Numeric:          "Numeric",
	ArrayOfNumeric:   "ArrayOfNumeric",
	Date:             "Date",
	ArrayOfDate:      "ArrayOfDate",
	Bool:             "Bool",
	ArrayOfBool:      "ArrayOfBool",
	ARN:              "ARN",
	ArrayOfARN:       "ArrayOfARN",
	IPAddress:        "IPAddress",
	ArrayOfIPAddress: "ArrayOfIPAddress",
	Binary:           "Binary",
	ArrayOfBinary:    "ArrayOfBinary",
}

// String returns the catalog's spelling ("ArrayOfString").
func (t KeyType) String() string {
	if t >= String && t < numKeyTypes {
		return keyTypeNames[t]
	}
	return fmt.Sprintf("KeyType(%d)", uint8(t))
}

// IsMultiValued reports whether t is an ArrayOf type.
func (t KeyType) IsMultiValued() bool { return t >= String && t < numKeyTypes && t%2 == 0 }

// Elem returns the type of one value: String for ArrayOfString, t itself
// for a single-valued type.
func (t KeyType) Elem() KeyType {
	if t.IsMultiValued() {
		return t - 1
	}
	return t
}

// ParseKeyType parses a key type spelled as String returns it, in any case.
func ParseKeyType(s string) (KeyType, error) {
	for t := String; t < numKeyTypes; t++ {
		if s == keyTypeNames[t] {
			return t, nil
		}
	}
	for t := String; t < numKeyTypes; t++ {
		if ascii.EqualFold(s, keyTypeNames[t]) {
			return t, nil
		}
	}
	return 0, fmt.Errorf("unknown condition key type %q", s)
}

// MarshalText returns the String form.
func (t KeyType) MarshalText() ([]byte, error) {
	if t < String || t >= numKeyTypes {
		return nil, fmt.Errorf("invalid condition key type %d", uint8(t))
	}
	return []byte(t.String()), nil
}

// UnmarshalText parses text as ParseKeyType does.
func (t *KeyType) UnmarshalText(text []byte) error {
	v, err := ParseKeyType(string(text))
	if err != nil {
		return err
	}
	*t = v
	return nil
}
