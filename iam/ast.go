package iam

import (
	"strings"

	"github.com/leastpriv/leastpriv/diag"
)

// Type is the kind of policy document. It decides which elements are allowed
// or required (Principal, Resource) and which size quota applies.
type Type uint8

// The policy types.
const (
	Identity Type = iota // identity-based policy (user, group, role; managed or inline)
	Resource             // resource-based policy (bucket policy, key policy, queue policy, ...)
	Trust                // role trust policy (a resource policy for sts:AssumeRole*)
	SCP                  // service control policy
	RCP                  // resource control policy
	Boundary             // permissions boundary (an identity policy that never grants)
	Session              // session policy passed to AssumeRole / GetFederationToken
)

var typeNames = [...]string{"identity", "resource", "trust", "scp", "rcp", "boundary", "session"}

// String returns the lower-case name used on the command line ("identity").
func (t Type) String() string {
	if int(t) < len(typeNames) {
		return typeNames[t]
	}
	return "type(?)"
}

// Types lists every policy type, in declaration order.
func Types() []Type { return []Type{Identity, Resource, Trust, SCP, RCP, Boundary, Session} }

// ParseType parses a policy type name as printed by String, in any case.
func ParseType(s string) (Type, bool) {
	for i, n := range typeNames {
		if strings.EqualFold(n, s) {
			return Type(i), true
		}
	}
	return 0, false
}

// Effect is a statement's Effect.
type Effect uint8

// The effects.
const (
	Allow Effect = iota + 1
	Deny
)

// String returns "Allow" or "Deny".
func (e Effect) String() string {
	switch e {
	case Allow:
		return "Allow"
	case Deny:
		return "Deny"
	}
	return ""
}

// A Policy is one parsed policy document. Every node keeps the source range of
// its value; Path fields are JSON Pointers into the document.
type Policy struct {
	File  string     // name used in positions
	Type  Type       // the type it was parsed as
	Range diag.Range // the whole top-level object

	Version *String // nil when absent (2008-10-17 semantics)
	ID      *String // the optional "Id" element

	// Statements in document order. StatementList reports whether
	// "Statement" was written as an array (true) or a single object.
	Statements    []*Statement
	StatementList bool
	StatementKey  diag.Range // the "Statement" key

	// Legacy is set when the document was parsed in legacy mode and relied on
	// it (duplicate Effect/Action/Resource keys were merged).
	Legacy bool
}

// VersionValue returns the Version string, or "" when absent.
func (p *Policy) VersionValue() string {
	if p.Version == nil {
		return ""
	}
	return p.Version.Value
}

// A String is a JSON string value with its position. Value is the decoded
// text (escapes resolved); Range covers the quoted source text.
type String struct {
	Value string
	Range diag.Range
	Path  string
	// Escaped reports that the source wrote the string with escape
	// sequences ("s3:\u002a"), so Value differs from the text between
	// the quotes.
	Escaped bool
}

// A Statement is one element of the Statement list.
type Statement struct {
	Index int // position in Policy.Statements
	Range diag.Range
	Path  string // "/Statement/0", or "/Statement" for a single object

	Sid    *String
	Effect Effect
	// EffectRange is the range of the Effect value.
	EffectRange diag.Range
	// EffectRepeated is set when legacy mode kept the last of several
	// Effect elements.
	EffectRepeated bool

	// Principal is nil when neither Principal nor NotPrincipal is present.
	Principal *Principal
	// Action holds Action or NotAction (Action.Not); never nil in a
	// statement returned without errors.
	Action *List
	// Resource holds Resource or NotResource; nil when absent (trust policies).
	Resource *List
	// Condition is nil when absent.
	Condition *Condition
}

// A List is the value of Action, NotAction, Resource or NotResource: one string
// or an array of strings.
type List struct {
	Not      bool       // NotAction / NotResource
	Key      diag.Range // the element name ("Action")
	Range    diag.Range // the value (string or array)
	Path     string     // JSON Pointer of the value
	Values   []String   // in document order, never empty after a clean parse
	Single   bool       // written as a bare string rather than an array
	Repeated bool       // legacy mode merged several occurrences of the key
}

// Name returns the element name as written in policies ("NotAction").
func (l *List) Name(base string) string {
	if l.Not {
		return "Not" + base
	}
	return base
}

// Strings returns the values as plain strings.
func (l *List) Strings() []string {
	if l == nil {
		return nil
	}
	out := make([]string, len(l.Values))
	for i, v := range l.Values {
		out[i] = v.Value
	}
	return out
}

// A Principal is the value of Principal or NotPrincipal.
type Principal struct {
	Not   bool
	Key   diag.Range
	Range diag.Range
	Path  string
	// Star is true for the bare string form "*". Then Entries is empty.
	Star bool
	// Entries in document order, one per key of the map form.
	Entries []*PrincipalEntry
}

// PrincipalKind is a key of the Principal map.
type PrincipalKind uint8

// The principal kinds, as spelled in policies.
const (
	AWSPrincipal PrincipalKind = iota + 1
	ServicePrincipal
	FederatedPrincipal
	CanonicalUserPrincipal
)

var principalKindNames = [...]string{"", "AWS", "Service", "Federated", "CanonicalUser"}

// String returns the key as written in policies ("AWS").
func (k PrincipalKind) String() string {
	if int(k) < len(principalKindNames) {
		return principalKindNames[k]
	}
	return ""
}

// ParsePrincipalKind returns the kind for a Principal map key. Keys are
// case-sensitive, as in IAM.
func ParsePrincipalKind(s string) (PrincipalKind, bool) {
	for i, n := range principalKindNames {
		if i > 0 && n == s {
			return PrincipalKind(i), true
		}
	}
	return 0, false
}

// A PrincipalEntry is one key of the Principal map and its values.
type PrincipalEntry struct {
	Kind   PrincipalKind
	Key    diag.Range
	Values []String
	Single bool // a bare string rather than an array
	Path   string
}

// A Condition is the Condition element: operator blocks in document order.
type Condition struct {
	Key    diag.Range
	Range  diag.Range
	Path   string
	Blocks []*ConditionBlock
}

// A ConditionBlock is one operator and the keys it tests. Several keys in a
// block, and several blocks, are ANDed.
type ConditionBlock struct {
	Operator Operator
	OpRange  diag.Range // the operator name
	Range    diag.Range // the operator's object value
	Path     string
	Entries  []*ConditionEntry
}

// A ConditionEntry is one condition key and its values; the values are ORed
// (for negated operators, each must fail to match).
type ConditionEntry struct {
	Key      String
	Values   []Value
	Single   bool       // a bare scalar rather than an array
	Range    diag.Range // the value (scalar or array)
	ValueKey string     // JSON Pointer of the value
}

// ValueKind is the JSON type a condition value was written as. Policies may
// write numbers and booleans bare; IAM treats them as their text.
type ValueKind uint8

// The value kinds.
const (
	StringValue ValueKind = iota
	NumberValue
	BoolValue
)

// A Value is one condition value. Text is the string form: the decoded
// string, or the number / boolean literal exactly as written.
type Value struct {
	Text    string
	Kind    ValueKind
	Range   diag.Range
	Path    string
	Escaped bool // a string written with escape sequences
}

// SetQualifier is the ForAllValues / ForAnyValue prefix of an operator.
type SetQualifier uint8

// The set qualifiers.
const (
	NoQualifier SetQualifier = iota
	ForAllValues
	ForAnyValue
)

// String returns "ForAllValues", "ForAnyValue" or "".
func (q SetQualifier) String() string {
	switch q {
	case ForAllValues:
		return "ForAllValues"
	case ForAnyValue:
		return "ForAnyValue"
	}
	return ""
}

// OperatorFamily groups the base operators by the type they compare.
type OperatorFamily uint8

// The operator families.
const (
	StringFamily OperatorFamily = iota + 1
	NumericFamily
	DateFamily
	BoolFamily
	BinaryFamily
	IPFamily
	ARNFamily
	NullFamily
)

// An Operator is a parsed condition operator name such as
// "ForAnyValue:StringNotLikeIfExists".
type Operator struct {
	Name      string // as written
	Base      string // the base operator, e.g. "StringNotLike"
	Family    OperatorFamily
	Qualifier SetQualifier
	IfExists  bool
	Negated   bool // StringNot*, NumericNotEquals, DateNotEquals, NotIpAddress, ArnNot*
}
