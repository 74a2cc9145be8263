package cli

import (
	"fmt"
	"strings"

	"github.com/leastpriv/leastpriv/diag"
	"github.com/leastpriv/leastpriv/lint"
	"gopkg.in/yaml.v3"
)

// defaultConfigFile is read from the current directory when --config is not
// given.
const defaultConfigFile = ".leastpriv.yaml"

// lintConfig is the content of a .leastpriv.yaml file:
//
//	version: 1
//	type: identity            # default policy type (--type)
//	container: managed        # default size-quota container (--container)
//	fail-on: security-warning # --fail-on
//	disable: [RESOURCE_STAR]  # codes never reported (--disable)
//	ignore:                   # reviewed findings; every entry needs a reason
//	                          # (paths are relative to this file's directory)
//	  - code: PASS_ROLE_WITH_STAR_IN_RESOURCE   # or codes: [...]
//	    path: policies/deploy.json              # or paths: [...]
//	    sid: DeployRoles                        # or sids: [...]
//	    reason: the deploy role passes only roles the deployment creates
//
// Flags given on the command line win over the file.
type lintConfig struct {
	Type      string
	Container string
	FailOn    string
	Disable   []string
	Lint      *lint.Config
}

// parseLintConfig parses a configuration file. Problems are diagnostics with
// positions in the file, code CONFIG_ERROR; the configuration is nil only
// when the file is not YAML at all.
func parseLintConfig(file string, src []byte) (*lintConfig, diag.List) {
	cfg := &lintConfig{Lint: &lint.Config{File: file}}
	var diags diag.List
	lines := diag.NewLines(src)
	at := func(n *yaml.Node) diag.Range {
		if n == nil || n.Line == 0 {
			return lines.Range(file, 0, 0)
		}
		off := offsetOf(src, n.Line, n.Column)
		return lines.Range(file, off, off)
	}
	bad := func(n *yaml.Node, format string, args ...any) {
		diags.Add(diag.Diagnostic{Range: at(n), Code: lint.CodeConfigError, Severity: diag.Error, Message: fmt.Sprintf(format, args...)})
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(src, &doc); err != nil {
		line := 1
		var n int
		if _, e := fmt.Sscanf(strings.TrimPrefix(err.Error(), "yaml: "), "line %d:", &n); e == nil && n > 0 {
			line = n
		}
		bad(&yaml.Node{Line: line, Column: 1}, "not valid YAML: %s", strings.TrimPrefix(err.Error(), "yaml: "))
		return nil, diags
	}
	if len(doc.Content) == 0 {
		return cfg, nil
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		bad(root, "the configuration must be a mapping of keys to values")
		return nil, diags
	}
	str := func(n *yaml.Node, what string) (string, bool) {
		if n.Kind != yaml.ScalarNode {
			bad(n, "%s must be a string", what)
			return "", false
		}
		return n.Value, true
	}
	strs := func(n *yaml.Node, what string) []string {
		switch n.Kind {
		case yaml.ScalarNode:
			return []string{n.Value}
		case yaml.SequenceNode:
			var out []string
			for _, e := range n.Content {
				if s, ok := str(e, what); ok {
					out = append(out, s)
				}
			}
			return out
		}
		bad(n, "%s must be a string or a list of strings", what)
		return nil
	}
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		switch k.Value {
		case "version":
			if v.Value != "1" {
				bad(v, "unknown configuration version %q (want 1)", v.Value)
			}
		case "type":
			cfg.Type, _ = str(v, "type")
		case "container":
			cfg.Container, _ = str(v, "container")
		case "fail-on":
			cfg.FailOn, _ = str(v, "fail-on")
		case "disable":
			cfg.Disable = strs(v, "disable")
		case "ignore":
			if v.Kind != yaml.SequenceNode {
				bad(v, "ignore must be a list of entries")
				continue
			}
			for _, e := range v.Content {
				if e.Kind != yaml.MappingNode {
					bad(e, "an ignore entry must be a mapping (code, path, sid, reason)")
					continue
				}
				ig := &lint.Ignore{Range: at(e)}
				for j := 0; j+1 < len(e.Content); j += 2 {
					ek, ev := e.Content[j], e.Content[j+1]
					switch ek.Value {
					case "code", "codes":
						ig.Codes = append(ig.Codes, strs(ev, ek.Value)...)
					case "path", "paths":
						ig.Paths = append(ig.Paths, strs(ev, ek.Value)...)
					case "sid", "sids":
						ig.Sids = append(ig.Sids, strs(ev, ek.Value)...)
					case "reason":
						ig.Reason, _ = str(ev, "reason")
					default:
						bad(ek, "unknown key %q in ignore entry (want code, path, sid, reason)", ek.Value)
					}
				}
				cfg.Lint.Ignores = append(cfg.Lint.Ignores, ig)
			}
		default:
			bad(k, "unknown key %q (want version, type, container, fail-on, disable, ignore)", k.Value)
		}
	}
	return cfg, diags
}

// offsetOf converts a 1-based line and character column to a byte offset.
func offsetOf(src []byte, line, col int) int {
	off := 0
	for l := 1; l < line && off < len(src); off++ {
		if src[off] == '\n' {
			l++
		}
	}
	for c := 1; c < col && off < len(src) && src[off] != '\n'; c++ {
		off++
		for off < len(src) && src[off]&0xC0 == 0x80 {
			off++
		}
	}
	return off
}
