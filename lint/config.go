package lint

import (
	"fmt"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"

	"github.com/leastpriv/leastpriv/diag"
	"github.com/leastpriv/leastpriv/iam"
	"github.com/leastpriv/leastpriv/internal/glob"
)

// Codes of findings about the configuration itself.
const (
	CodeConfigError  = "CONFIG_ERROR"  // the configuration cannot be used
	CodeUnusedIgnore = "UNUSED_IGNORE" // an ignore entry matched nothing
)

// A Config holds suppressions: findings the project has reviewed and
// accepted. Every ignore carries a reason, and an ignore that suppresses
// nothing is itself reported (see Unused), as staticcheck does for stale
// lint:ignore directives.
type Config struct {
	File string // where the configuration was read from
	// Dir is the directory the paths of ignores are relative to (the
	// configuration file's, as for .gitignore); file names below it are made
	// relative to it before matching. Empty compares file names as given.
	Dir     string
	Ignores []*Ignore
}

// rel returns file relative to c.Dir when it lies below it, else file.
func (c *Config) rel(file string) string {
	if c.Dir == "" || file == "" || strings.HasPrefix(file, "<") {
		return file
	}
	dir, err1 := filepath.Abs(c.Dir)
	abs, err2 := filepath.Abs(file)
	if err1 != nil || err2 != nil {
		return file
	}
	r, err := filepath.Rel(dir, abs)
	if err != nil || r == ".." || strings.HasPrefix(r, ".."+string(filepath.Separator)) {
		return file
	}
	return filepath.ToSlash(r)
}

// An Ignore suppresses the findings that match all of its non-empty
// criteria.
type Ignore struct {
	// Codes are finding codes; empty matches every code.
	Codes []string
	// Paths are patterns over the linted file names, with '/' separators:
	// '*' and '?' as in IAM (a '*' also matches '/'), and a pattern ending in
	// '/' matches every file below that directory. Empty matches every file.
	Paths []string
	// Sids are statement ids (patterns, compared exactly); empty matches
	// every statement, and a non-empty list matches only findings inside a
	// statement with one of these Sids.
	Sids []string
	// Reason says why the findings are accepted. Required.
	Reason string
	// Range is the entry's position in the configuration file.
	Range diag.Range

	used atomic.Int64
}

// Used returns how many findings the ignore has suppressed so far.
func (ig *Ignore) Used() int { return int(ig.used.Load()) }

// matchesFile reports whether the ignore's paths select file.
func (ig *Ignore) matchesFile(file string) bool {
	if len(ig.Paths) == 0 {
		return true
	}
	f := path.Clean(strings.ReplaceAll(file, "\\", "/"))
	for _, p := range ig.Paths {
		p = strings.ReplaceAll(p, "\\", "/")
		if strings.HasSuffix(p, "/") {
			if strings.HasPrefix(f+"/", path.Clean(p)+"/") {
				return true
			}
			continue
		}
		if glob.Match(path.Clean(p), f) {
			return true
		}
	}
	return false
}

func (ig *Ignore) matches(file string, pol *iam.Policy, d diag.Diagnostic) bool {
	if len(ig.Codes) > 0 && !slices.Contains(ig.Codes, d.Code) {
		return false
	}
	if !ig.matchesFile(file) {
		return false
	}
	if len(ig.Sids) > 0 {
		if pol == nil {
			return false
		}
		i := StatementIndex(d.Path)
		if i < 0 || i >= len(pol.Statements) || pol.Statements[i].Sid == nil {
			return false
		}
		sid := pol.Statements[i].Sid.Value
		ok := false
		for _, s := range ig.Sids {
			if glob.Match(s, sid) {
				ok = true
				break
			}
		}
		if !ok {
			return false
		}
	}
	return true
}

// Filter removes the suppressed diagnostics of one file (and policy, which
// may be nil) and counts them. The Linter calls it for every policy; callers
// use it for findings about a file as a whole.
func (c *Config) Filter(file string, pol *iam.Policy, ds diag.List) (diag.List, int) {
	if c == nil || len(c.Ignores) == 0 {
		return ds, 0
	}
	file = c.rel(file)
	kept := ds[:0]
	n := 0
	for _, d := range ds {
		suppressed := false
		for _, ig := range c.Ignores {
			if ig.matches(file, pol, d) {
				ig.used.Add(1)
				suppressed = true
				break
			}
		}
		if suppressed {
			n++
		} else {
			kept = append(kept, d)
		}
	}
	return kept, n
}

// Check validates the configuration: every ignore needs a reason and at
// least one criterion, and its codes must be ones that known accepts.
func (c *Config) Check(known func(code string) bool) diag.List {
	var out diag.List
	for _, ig := range c.Ignores {
		if strings.TrimSpace(ig.Reason) == "" {
			out.Add(diag.Diagnostic{Range: ig.Range, Code: CodeConfigError, Severity: diag.Error,
				Message: "ignore entry has no reason", Detail: `add a "reason:" saying why these findings are accepted`})
		}
		if len(ig.Codes) == 0 && len(ig.Paths) == 0 && len(ig.Sids) == 0 {
			out.Add(diag.Diagnostic{Range: ig.Range, Code: CodeConfigError, Severity: diag.Error,
				Message: "ignore entry matches every finding", Detail: `give at least one of "code", "path" or "sid"`})
		}
		for _, code := range ig.Codes {
			if known != nil && !known(code) {
				out.Add(diag.Diagnostic{Range: ig.Range, Code: CodeConfigError, Severity: diag.Error,
					Message: fmt.Sprintf("ignore entry names unknown code %q", code), Detail: "run 'leastpriv lint --list-rules' for the codes"})
			}
		}
	}
	return out
}

// Unused reports the ignores that suppressed nothing, among those that could
// have: an ignore limited to paths none of the linted files match is not
// reported, since this run did not look at its files.
func (c *Config) Unused(linted []string) diag.List {
	var out diag.List
	for _, ig := range c.Ignores {
		if ig.Used() > 0 {
			continue
		}
		relevant := len(ig.Paths) == 0
		for _, f := range linted {
			if !relevant && ig.matchesFile(c.rel(f)) {
				relevant = true
			}
		}
		if !relevant {
			continue
		}
		out.Add(diag.Diagnostic{Range: ig.Range, Code: CodeUnusedIgnore, Severity: diag.Warning,
			Message: "this ignore entry matched no finding; should it be removed?",
			Detail:  "remove the entry, or correct its code, path or sid"})
	}
	return out
}
