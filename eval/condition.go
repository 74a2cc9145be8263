package eval

import (
	"bytes"
	"fmt"
	"github.com/leastpriv/leastpriv/internal/ascii"
	"net/netip"
	"strings"
	"time"

	"github.com/leastpriv/leastpriv/diag"
	"github.com/leastpriv/leastpriv/iam"
)

// opCode is a base condition operator, with negation folded out: every
// negated operator is the negation of a positive one
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html).
type opCode uint8

const (
	opStringEquals opCode = iota + 1
	opStringEqualsIgnoreCase
	opStringLike
	opNumericEquals
	opNumericLessThan
	opNumericLessThanEquals
	opNumericGreaterThan
	opNumericGreaterThanEquals
	opDateEquals
	opDateLessThan
	opDateLessThanEquals
	opDateGreaterThan
	opDateGreaterThanEquals
	opBool
	opBinaryEquals
	opIPAddress
	opArnLike
	opNull
)

type opInfo struct {
	code    opCode
	negated bool
	vars    bool // policy variables are substituted in values
}

// operators maps every base operator name IAM documents to its meaning.
// ArnEquals and ArnLike are the same operator, as are their negations.
var operators = map[string]opInfo{
	"StringEquals":              {opStringEquals, false, true},
	"StringNotEquals":           {opStringEquals, true, true},
	"StringEqualsIgnoreCase":    {opStringEqualsIgnoreCase, false, true},
	"StringNotEqualsIgnoreCase": {opStringEqualsIgnoreCase, true, true},
	"StringLike":                {opStringLike, false, true},
	"StringNotLike":             {opStringLike, true, true},
	"NumericEquals":             {opNumericEquals, false, false},
	"NumericNotEquals":          {opNumericEquals, true, false},
	"NumericLessThan":           {opNumericLessThan, false, false},
	"NumericLessThanEquals":     {opNumericLessThanEquals, false, false},
	"NumericGreaterThan":        {opNumericGreaterThan, false, false},
	"NumericGreaterThanEquals":  {opNumericGreaterThanEquals, false, false},
	"DateEquals":                {opDateEquals, false, false},
	"DateNotEquals":             {opDateEquals, true, false},
	"DateLessThan":              {opDateLessThan, false, false},
	"DateLessThanEquals":        {opDateLessThanEquals, false, false},
	"DateGreaterThan":           {opDateGreaterThan, false, false},
	"DateGreaterThanEquals":     {opDateGreaterThanEquals, false, false},
	"Bool":                      {opBool, false, true},
	"BinaryEquals":              {opBinaryEquals, false, false},
	"IpAddress":                 {opIPAddress, false, false},
	"NotIpAddress":              {opIPAddress, true, false},
	"ArnEquals":                 {opArnLike, false, true},
	"ArnLike":                   {opArnLike, false, true},
	"ArnNotEquals":              {opArnLike, true, true},
	"ArnNotLike":                {opArnLike, true, true},
	"Null":                      {opNull, false, false},
}

// A cond is one compiled condition key test: an operator block's key and
// values. A statement's conds are ANDed; a cond's values are ORed.
type cond struct {
	op        opInfo
	qualifier iam.SetQualifier
	ifExists  bool
	key       string // lower case
	name      string // operator as written, for messages
	keyRaw    string
	vals      []cvalue
	rng       diag.Range
}

// A cvalue is one compiled condition value.
type cvalue struct {
	raw    string
	tpl    template // for operators that take variables
	static bool     // no context-key variable: the fields below are set
	str    string
	glob   pattern
	arn    arnPattern
	num    decimal
	date   time.Time
	ip     netip.Prefix
	bin    []byte
	null   bool
}

// compileCondition compiles one block entry, reporting bad operators and
// malformed values as diagnostics.
func compileCondition(b *iam.ConditionBlock, e *iam.ConditionEntry, vars bool, diags *diag.List) (cond, bool) {
	info, ok := operators[b.Operator.Base]
	name := b.Operator.Name
	if name == "" {
		name = b.Operator.Base
	}
	if !ok {
		diags.Addf(b.OpRange, b.Path, diag.Error, "INVALID_CONDITION_OPERATOR", "unknown condition operator %q", name)
		return cond{}, false
	}
	c := cond{op: info, qualifier: b.Operator.Qualifier, ifExists: b.Operator.IfExists, key: ascii.ToLower(e.Key.Value), keyRaw: e.Key.Value, name: name, rng: e.Range}
	if info.code == opNull && c.ifExists {
		diags.Addf(b.OpRange, b.Path, diag.Error, "INVALID_CONDITION_OPERATOR", "the Null operator has no IfExists form")
		return cond{}, false
	}
	if len(e.Values) == 0 {
		diags.Addf(e.Range, e.ValueKey, diag.Error, "INVALID_CONDITION_VALUE", "condition key %q has no values", e.Key.Value)
		return cond{}, false
	}
	good := true
	for _, v := range e.Values {
		cv, err := compileValue(info, v.Text, vars && info.vars)
		if err != nil {
			diags.Addf(v.Range, v.Path, diag.Error, "INVALID_CONDITION_VALUE", "%s: %v", name, err)
			good = false
			continue
		}
		c.vals = append(c.vals, cv)
	}
	return c, good
}

func compileValue(info opInfo, s string, vars bool) (cvalue, error) {
	v := cvalue{raw: s}
	var err error
	switch info.code {
	case opStringEquals, opStringEqualsIgnoreCase, opStringLike, opArnLike, opBool:
		v.tpl = parseTemplate(s, vars)
		v.static = v.tpl.static()
		if v.static {
			v.setStatic(info.code, v.tpl.staticTokens())
			switch info.code {
			case opBool:
				// Bool values are "true" or "false"; a literal value that is
				// neither would silently never match.
				if _, err := parseBool(v.str); err != nil {
					return v, err
				}
			case opArnLike:
				// ARN operators compare "each of the six colon-delimited
				// components of the ARN separately": a value without six
				// components would silently never match.
				if !v.arn.ok {
					return v, fmt.Errorf("%q is not an ARN (want arn:partition:service:region:account-id:resource, wildcards allowed; StringLike matches any text)", s)
				}
			}
		}
		return v, nil
	case opNumericEquals, opNumericLessThan, opNumericLessThanEquals, opNumericGreaterThan, opNumericGreaterThanEquals:
		v.num, err = parseDecimal(s)
	case opDateEquals, opDateLessThan, opDateLessThanEquals, opDateGreaterThan, opDateGreaterThanEquals:
		v.date, err = parseDate(s)
	case opBinaryEquals:
		v.bin, err = parseBinary(s)
	case opIPAddress:
		v.ip, err = parseCIDR(s)
	case opNull:
		v.null, err = parseBool(s)
	}
	v.static = true
	return v, err
}

// setStatic fills the precompiled forms from tokens.
func (v *cvalue) setStatic(code opCode, toks []token) {
	var b strings.Builder
	for _, t := range toks {
		switch t.kind {
		case 'l':
			b.WriteString(t.text)
		default:
			b.WriteByte(t.kind)
		}
	}
	v.str = b.String()
	switch code {
	case opStringLike:
		v.glob = compileGlob(toks)
	case opArnLike:
		v.arn = compileArnPattern(toks)
	}
}

// eval evaluates the condition against the request
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_multi-value-conditions.html):
//
//   - a missing key: IfExists → true; ForAllValues → true; ForAnyValue →
//     false; Null tests presence; otherwise positive operators → false and
//     negated operators → true;
//   - for one request value v, the positive test is "v matches some policy
//     value", and a negated operator is the negation of that test;
//   - ForAnyValue: some request value passes; ForAllValues: every request
//     value passes (true for an empty set); without a qualifier, several
//     request values behave as ForAnyValue for positive operators and as
//     "none matches" for negated ones.
func (c *cond) eval(q *request) (bool, error) {
	vals, present := q.values(c.key)
	if c.op.code == opNull {
		for i := range c.vals {
			if c.vals[i].null != present {
				return true, nil
			}
		}
		return false, nil
	}
	if !present {
		switch {
		case c.ifExists:
			return true, nil
		case c.qualifier == iam.ForAllValues:
			return true, nil
		case c.qualifier == iam.ForAnyValue:
			return false, nil
		}
		return c.op.negated, nil
	}
	// Every request value is tested, even after the outcome is known, so
	// that a malformed one is an error whatever its place in the set.
	anyPos, anyTest, allTest := false, false, true
	for _, v := range vals {
		m, err := c.positive(q, v)
		if err != nil {
			return false, err
		}
		t := m != c.op.negated
		anyPos = anyPos || m
		anyTest = anyTest || t
		allTest = allTest && t
	}
	switch c.qualifier {
	case iam.ForAllValues:
		return allTest, nil
	case iam.ForAnyValue:
		return anyTest, nil
	}
	return anyPos != c.op.negated, nil
}

// positive reports whether request value v matches some policy value.
// Request values that cannot be read as the operator's type are errors.
func (c *cond) positive(q *request, v string) (bool, error) {
	switch c.op.code {
	case opNumericEquals, opNumericLessThan, opNumericLessThanEquals, opNumericGreaterThan, opNumericGreaterThanEquals:
		d, err := parseDecimal(v)
		if err != nil {
			return false, c.badValue(err)
		}
		for i := range c.vals {
			if cmpHolds(c.op.code-opNumericEquals, d.cmp(c.vals[i].num)) {
				return true, nil
			}
		}
		return false, nil
	case opDateEquals, opDateLessThan, opDateLessThanEquals, opDateGreaterThan, opDateGreaterThanEquals:
		t, err := parseDate(v)
		if err != nil {
			return false, c.badValue(err)
		}
		for i := range c.vals {
			if cmpHolds(c.op.code-opDateEquals, t.Compare(c.vals[i].date)) {
				return true, nil
			}
		}
		return false, nil
	case opIPAddress:
		a, err := parseIP(v)
		if err != nil {
			return false, c.badValue(err)
		}
		for i := range c.vals {
			if c.vals[i].ip.Contains(a) {
				return true, nil
			}
		}
		return false, nil
	case opBinaryEquals:
		b, err := parseBinary(v)
		if err != nil {
			return false, c.badValue(err)
		}
		for i := range c.vals {
			if bytes.Equal(b, c.vals[i].bin) {
				return true, nil
			}
		}
		return false, nil
	}
	switch c.op.code {
	case opBool:
		if _, err := parseBool(v); err != nil {
			return false, c.badValue(err)
		}
	case opArnLike:
		if _, ok := splitARN(v); !ok {
			return false, c.badValue(fmt.Errorf("%q is not an ARN", v))
		}
	}
	for i := range c.vals {
		cv := &c.vals[i]
		if !cv.static {
			toks, ok := cv.tpl.tokens(q)
			if !ok {
				continue // a variable without a value matches nothing
			}
			var tmp cvalue
			tmp.setStatic(c.op.code, toks)
			cv = &tmp
		}
		var m bool
		switch c.op.code {
		case opStringEquals:
			m = v == cv.str
		case opStringEqualsIgnoreCase:
			m = strings.EqualFold(v, cv.str)
		case opStringLike:
			m = cv.glob.match(v)
		case opBool:
			m = strings.EqualFold(v, cv.str)
		case opArnLike:
			m = cv.arn.match(v)
		}
		if m {
			return true, nil
		}
	}
	return false, nil
}

// cmpHolds reports whether comparison result c satisfies the relation at
// offset rel from the Equals operator (Equals, LessThan, LessThanEquals,
// GreaterThan, GreaterThanEquals).
func cmpHolds(rel opCode, c int) bool {
	switch rel {
	case 0:
		return c == 0
	case 1:
		return c < 0
	case 2:
		return c <= 0
	case 3:
		return c > 0
	}
	return c >= 0
}

func (c *cond) badValue(err error) error {
	return fmt.Errorf("condition %s on %s: request value %v", c.name, c.keyRaw, err)
}
