package iamrules

import (
	"strings"

	"github.com/leastpriv/leastpriv/diag"
	"github.com/leastpriv/leastpriv/iam"
	"github.com/leastpriv/leastpriv/lint"
)

// varProblem is what is wrong with one policy variable.
type varProblem uint8

const (
	varOK varProblem = iota
	varMissingBrace
	varEmpty
	varSpace
	varMissingQuote
	varSymbol
)

// validVarName reports whether name matches
// ^[A-Za-z0-9.-]+:[A-Za-z0-9/_.:@+=-]+$ (a condition key), without a regular
// expression.
func validVarName(name string) bool {
	i := strings.IndexByte(name, ':')
	if i <= 0 || i == len(name)-1 {
		return false
	}
	for k := 0; k < len(name); k++ {
		c := name[k]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9', c == '.', c == '-':
		case k > i && (c == '/' || c == '_' || c == ':' || c == '@' || c == '+' || c == '='):
		case k == i:
		default:
			return false
		}
	}
	return true
}

// checkVariables calls f for each policy variable of s with its problem.
func checkVariables(s string, f func(v string, pr varProblem)) {
	for {
		i := strings.Index(s, "${")
		if i < 0 {
			return
		}
		j := strings.IndexByte(s[i:], '}')
		if j < 0 {
			f(s[i:], varMissingBrace)
			return
		}
		v := s[i : i+j+1]
		inner := v[2 : len(v)-1]
		s = s[i+j+1:]
		name, def, hasDef := strings.Cut(inner, ",")
		switch {
		case inner == "":
			f(v, varEmpty)
		case inner == "*" || inner == "?" || inner == "$":
		case hasDef && !(strings.HasPrefix(def, " '") && strings.HasSuffix(def, "'") && len(def) >= 3):
			f(v, varMissingQuote)
		case strings.ContainsAny(name, " \t"):
			f(v, varSpace)
		case !validVarName(name):
			f(v, varSymbol)
		}
	}
}

// variableValues calls f for every value that holds "${" where IAM replaces
// variables: Resource and NotResource values, and values of String and ARN
// condition operators. Values holding placeholders are skipped.
func variableValues(p *lint.Pass, f func(value string, r diag.Range, path string)) {
	for _, st := range p.Policy.Statements {
		if st.Resource != nil {
			for i := range st.Resource.Values {
				if v := &st.Resource.Values[i]; strings.Contains(v.Value, "${") && !p.Placeholder(v.Range) {
					f(v.Value, v.Range, v.Path)
				}
			}
		}
		conditionEntries(st, func(b *iam.ConditionBlock, e *iam.ConditionEntry) {
			if b.Operator.Family != iam.StringFamily && b.Operator.Family != iam.ARNFamily {
				return
			}
			for i := range e.Values {
				v := &e.Values[i]
				if strings.Contains(v.Text, "${") && !p.Placeholder(v.Range) {
					f(v.Text, v.Range, v.Path)
				}
			}
		})
	}
}

// variableRule builds the rule for one kind of malformed variable.
func variableRule(kind varProblem, code, title, doc, hint, msg, bad, good string) *lint.Rule {
	return &lint.Rule{
		Code: code, Severity: diag.Error, Title: title, Doc: doc, Hint: hint, Source: srcAA,
		URLs: []string{aaChecks, variablesDoc}, Bad: bad, Good: good,
		Run: func(p *lint.Pass) {
			variableValues(p, func(value string, r diag.Range, path string) {
				checkVariables(value, func(tok string, pr varProblem) {
					if pr == kind {
						p.Reportf(r, path, msg, tok)
					}
				})
			})
		},
	}
}

const varDoc = `Policy variables are written ${prefix:key}, optionally with a default value
after a comma and a space, in single quotes: ${aws:PrincipalTag/team, 'none'}.
`

// The policy variable syntax checks.
var (
	MissingBraceInVariable = variableRule(varMissingBrace, "MISSING_BRACE_IN_VARIABLE", "policy variable without its closing brace",
		varDoc+`A variable without its closing "}" is not replaced.`, "add } after the variable name",
		"policy variable %s has no closing }",
		policy(`{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::home/${aws:username/*"}`),
		policy(`{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::home/${aws:username}/*"}`))
	EmptyVariable = variableRule(varEmpty, "EMPTY_VARIABLE", "empty policy variable",
		varDoc+`"${}" names no variable.`, "name a variable inside ${ }, or remove it",
		"policy variable %s is empty",
		policy(`{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::home/${}/*"}`),
		policy(`{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::home/${aws:username}/*"}`))
	UnsupportedSpaceInVariable = variableRule(varSpace, "UNSUPPORTED_SPACE_IN_VARIABLE", "space in a policy variable name",
		varDoc+`The variable's name may not contain spaces (its default value may).`, "remove the space from the variable name",
		"policy variable %s has a space in its name",
		policy(`{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::home/${aws: username}/*"}`),
		policy(`{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::home/${aws:username}/*"}`))
	MissingQuoteInVariable = variableRule(varMissingQuote, "MISSING_QUOTE_IN_VARIABLE", "policy variable default value not in single quotes",
		varDoc+`A default value must follow ", " and be enclosed in single quotes.`, "write the default as , 'value'",
		"default value of policy variable %s must be written , 'value'",
		policy(`{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::home/${aws:userid, anonymous}/*"}`),
		policy(`{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::home/${aws:userid, 'anonymous'}/*"}`))
	UnsupportedSymbolInVariable = variableRule(varSymbol, "UNSUPPORTED_SYMBOL_IN_VARIABLE", "policy variable name is not a condition key",
		varDoc+`The name must be a condition key ("aws:username", "aws:PrincipalTag/team"),
or one of the escapes ${*}, ${?} and ${$}. Anything else (a shell or template
variable such as ${MY_PREFIX} that was not substituted) is not replaced by IAM.`,
		"use a condition key as the variable name, or substitute the template variable",
		"policy variable %s is not a condition key",
		policy(`{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::home/${username}/*"}`),
		policy(`{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::home/${aws:username}/*"}`))
)
