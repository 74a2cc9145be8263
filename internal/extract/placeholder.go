package extract

import (
	"bytes"
	"fmt"
	"regexp"
	"sync"

	"github.com/leastpriv/leastpriv/diag"
)

// A heredoc is the body of a shell here-document (cat <<EOF ... EOF).
type heredoc struct {
	start, end int  // the body, from the line after <<WORD to the delimiter line
	quoted     bool // <<'EOF' or <<"EOF": the shell does not expand the body
	delim      string
}

var heredocRE = lazyRegexp(`<<-?[ \t]*(['"]?)([A-Za-z_][A-Za-z0-9_]*)(['"]?)`)

// findHeredocs returns the here-documents of a shell snippet anywhere in
// text.
func findHeredocs(text []byte) []heredoc {
	var out []heredoc
	for off := 0; off < len(text); {
		loc := heredocRE().FindSubmatchIndex(text[off:])
		if loc == nil {
			break
		}
		delim := string(text[off+loc[4] : off+loc[5]])
		quoted := loc[3] > loc[2]
		bodyStart := lineEnd(text, off+loc[1]) + 1
		if bodyStart > len(text) {
			break
		}
		end := -1
		for ls := bodyStart; ls < len(text); {
			le := lineEnd(text, ls)
			if string(bytes.TrimSpace(text[ls:le])) == delim {
				end = ls
				break
			}
			ls = le + 1
		}
		if end < 0 {
			off += loc[1]
			continue
		}
		out = append(out, heredoc{start: bodyStart, end: end, quoted: quoted, delim: delim})
		off = end
	}
	return out
}

// A placeholderHit is one placeholder found in a policy's text.
type placeholderHit struct {
	start, end int
	diag       diag.Diagnostic // without a range
	// notPlaceholder marks a finding whose text is a real value for the
	// rules: an IAM policy variable the shell would expand, an example
	// account ID.
	notPlaceholder bool
}

// CodePlaceholder is the code of findings about template placeholders in a
// policy; CodeShellExpansion is the code for IAM policy variables that a
// shell would expand before IAM sees them.
const (
	CodePlaceholder    = "PLACEHOLDER"
	CodeShellExpansion = "SHELL_EXPANDS_POLICY_VARIABLE"
)

// findPlaceholders finds template placeholders in text[s:e], a policy found
// in a page. hd is the here-document the policy sits in, if any.
func findPlaceholders(text []byte, s, e int, hd *heredoc) []placeholderHit {
	var out []placeholderHit
	body := text[s:e]
	if !mayHavePlaceholder(body) {
		return nil
	}
	expands := hd != nil && !hd.quoted
	for _, m := range dollarBraces(body) {
		inner := string(body[m[0]+2 : m[1]-1])
		tok := string(body[m[0]:m[1]])
		h := placeholderHit{start: s + m[0], end: s + m[1]}
		switch {
		case isIAMVariable(inner):
			if !expands {
				continue
			}
			h.notPlaceholder = true
			h.diag = diag.Diagnostic{Code: CodeShellExpansion, Severity: diag.Error,
				Message: fmt.Sprintf("the shell expands IAM policy variable %s in this unquoted heredoc before IAM sees it", tok),
				Detail:  fmt.Sprintf("quote the heredoc delimiter (<<'%s') so that the policy keeps its variables", hd.delim)}
		case expands:
			h.diag = diag.Diagnostic{Code: CodePlaceholder, Severity: diag.Warning,
				Message: fmt.Sprintf("shell variable %s is substituted when the heredoc is written; linted as an unknown name", tok),
				Detail:  "check the policy with the value substituted, or document which values are safe"}
		case hd != nil:
			h.diag = diag.Diagnostic{Code: CodePlaceholder, Severity: diag.Warning,
				Message: fmt.Sprintf("placeholder %s is not substituted in a quoted heredoc; IAM would read it as an unknown policy variable", tok),
				Detail:  fmt.Sprintf("replace %s with a value, or remove the quotes around the heredoc delimiter", tok)}
		default:
			h.diag = diag.Diagnostic{Code: CodePlaceholder, Severity: diag.Warning,
				Message: fmt.Sprintf("placeholder %s must be replaced before the policy is used; linted as an unknown name", tok),
				Detail:  fmt.Sprintf("replace %s with a value", tok)}
		}
		out = append(out, h)
	}
	for _, m := range dollarNames(body) {
		tok := string(body[m[0]:m[1]])
		h := placeholderHit{start: s + m[0], end: s + m[1]}
		if expands {
			h.diag = diag.Diagnostic{Code: CodePlaceholder, Severity: diag.Warning,
				Message: fmt.Sprintf("shell variable %s is substituted when the heredoc is written; linted as an unknown name", tok),
				Detail:  "check the policy with the value substituted, or document which values are safe"}
		} else {
			h.diag = diag.Diagnostic{Code: CodePlaceholder, Severity: diag.Warning,
				Message: fmt.Sprintf("placeholder %s must be replaced before the policy is used", tok),
				Detail:  fmt.Sprintf("replace %s with a value", tok)}
		}
		out = append(out, h)
	}
	for _, find := range []func([]byte) [][2]int{angles, mustaches} {
		for _, m := range find(body) {
			tok := string(body[m[0]:m[1]])
			out = append(out, placeholderHit{start: s + m[0], end: s + m[1], diag: diag.Diagnostic{
				Code: CodePlaceholder, Severity: diag.Warning,
				Message: fmt.Sprintf("placeholder %s must be replaced before the policy is used; linted as an unknown name", tok),
				Detail:  fmt.Sprintf("replace %s with a value", tok)}})
		}
	}
	for _, m := range exampleAccounts(body) {
		tok := string(body[m[0]:m[1]])
		out = append(out, placeholderHit{start: s + m[0], end: s + m[1], notPlaceholder: true, diag: diag.Diagnostic{
			Code: CodePlaceholder, Severity: diag.Warning,
			Message: fmt.Sprintf("%s is the example account ID of AWS's documentation; replace it with your account ID", tok),
			Detail:  "use your own 12-digit account ID"}})
	}
	return out
}

// mayHavePlaceholder is a cheap filter before the regular expressions: every
// placeholder holds '$', '<' or "{{", or starts like an example account ID.
func mayHavePlaceholder(b []byte) bool {
	if bytes.IndexByte(b, '$') >= 0 || bytes.IndexByte(b, '<') >= 0 || bytes.Contains(b, []byte("{{")) {
		return true
	}
	for _, acct := range []string{"111122223333", "123456789012", "444455556666", "777788889999"} {
		if bytes.Contains(b, []byte(acct)) {
			return true
		}
	}
	return false
}

// lazyRegexp returns a function that compiles expr on its first call:
// compiling every expression when the program starts would cost each command,
// whether it uses them or not.
func lazyRegexp(expr string) func() *regexp.Regexp {
	return sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(expr) })
}
