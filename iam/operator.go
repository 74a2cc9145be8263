package iam

import (
	"fmt"
	"strings"

	"github.com/leastpriv/leastpriv/internal/textdist"
)

// baseOperator describes one base condition operator.
type baseOperator struct {
	name    string
	family  OperatorFamily
	negated bool
}

// baseOperators are the condition operators of
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html.
var baseOperators = []baseOperator{
	{"StringEquals", StringFamily, false},
	{"StringNotEquals", StringFamily, true},
	{"StringEqualsIgnoreCase", StringFamily, false},
	{"StringNotEqualsIgnoreCase", StringFamily, true},
	{"StringLike", StringFamily, false},
	{"StringNotLike", StringFamily, true},
	{"NumericEquals", NumericFamily, false},
	{"NumericNotEquals", NumericFamily, true},
	{"NumericLessThan", NumericFamily, false},
	{"NumericLessThanEquals", NumericFamily, false},
	{"NumericGreaterThan", NumericFamily, false},
	{"NumericGreaterThanEquals", NumericFamily, false},
	{"DateEquals", DateFamily, false},
	{"DateNotEquals", DateFamily, true},
	{"DateLessThan", DateFamily, false},
	{"DateLessThanEquals", DateFamily, false},
	{"DateGreaterThan", DateFamily, false},
	{"DateGreaterThanEquals", DateFamily, false},
	{"Bool", BoolFamily, false},
	{"BinaryEquals", BinaryFamily, false},
	{"IpAddress", IPFamily, false},
	{"NotIpAddress", IPFamily, true},
	{"ArnEquals", ARNFamily, false},
	{"ArnLike", ARNFamily, false},
	{"ArnNotEquals", ARNFamily, true},
	{"ArnNotLike", ARNFamily, true},
	{"Null", NullFamily, false},
}

// BaseOperators returns the names of the base condition operators (without
// set qualifier or IfExists), in documentation order.
func BaseOperators() []string {
	out := make([]string, len(baseOperators))
	for i, b := range baseOperators {
		out[i] = b.name
	}
	return out
}

func lookupBase(name string) (baseOperator, bool) {
	for _, b := range baseOperators {
		if b.name == name {
			return b, true
		}
	}
	return baseOperator{}, false
}

// An OperatorError says why a condition operator name is invalid. Code is
// CodeInvalidOperator or CodeNullIfExists.
type OperatorError struct {
	Name    string
	Code    string
	Message string
	Hint    string // how to fix it, or ""
}

func (e *OperatorError) Error() string { return e.Message }

// ParseOperator parses a condition operator name such as
// "ForAnyValue:StringNotLikeIfExists". Names are case-sensitive. The error,
// when not nil, is an *OperatorError.
func ParseOperator(name string) (Operator, error) {
	op := Operator{Name: name}
	rest := name
	if q, after, ok := strings.Cut(name, ":"); ok {
		switch q {
		case "ForAllValues":
			op.Qualifier = ForAllValues
		case "ForAnyValue":
			op.Qualifier = ForAnyValue
		default:
			e := &OperatorError{Name: name, Code: CodeInvalidOperator,
				Message: fmt.Sprintf("unknown set operator %q in condition operator %q", q, name),
				Hint:    `the set operators are "ForAllValues:" and "ForAnyValue:"`}
			if s := suggest(q, []string{"ForAllValues", "ForAnyValue"}); s != "" {
				e.Hint = fmt.Sprintf("did you mean %q?", s+":"+after)
			}
			return op, e
		}
		rest = after
	}
	base := rest
	if b, ok := strings.CutSuffix(rest, "IfExists"); ok {
		op.IfExists = true
		base = b
	}
	b, ok := lookupBase(base)
	if !ok {
		e := &OperatorError{Name: name, Code: CodeInvalidOperator,
			Message: fmt.Sprintf("unknown condition operator %q", name),
			Hint:    "see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html"}
		if s := suggest(base, BaseOperators()); s != "" {
			full := s
			if op.IfExists {
				full += "IfExists"
			}
			if op.Qualifier != NoQualifier {
				full = op.Qualifier.String() + ":" + full
			}
			e.Hint = fmt.Sprintf("did you mean %q? operator names are case-sensitive", full)
		}
		return op, e
	}
	if b.family == NullFamily && op.IfExists {
		return op, &OperatorError{Name: name, Code: CodeNullIfExists,
			Message: fmt.Sprintf("condition operator %q: Null cannot take the IfExists suffix", name),
			Hint:    "use \"Null\": it already tests whether the key exists"}
	}
	op.Base, op.Family, op.Negated = b.name, b.family, b.negated
	return op, nil
}

// String returns the operator name as written in the policy.
func (o Operator) String() string { return o.Name }

// suggest returns the candidate closest to s, ignoring case, when it is close
// enough to be a likely typo, or "".
func suggest(s string, candidates []string) string {
	limit := 2
	if len(s) >= 12 {
		limit = 3
	}
	return textdist.Closest(s, candidates, min(limit, len(s)-1))
}
