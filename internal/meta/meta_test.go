package meta

import (
	"encoding/json"
	"os/exec"
	"strings"
	"testing"
)

type pkg struct {
	ImportPath string
	Name       string
	Doc        string
	Deps       []string
	GoFiles    []string
}

// goList runs `go list -json` on the module's packages.
func goList(t *testing.T, args ...string) []pkg {
	t.Helper()
	cmd := exec.Command("go", append([]string{"list", "-json"}, args...)...)
	cmd.Dir = "../.."
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	var ps []pkg
	dec := json.NewDecoder(strings.NewReader(string(out)))
	for dec.More() {
		var p pkg
		if err := dec.Decode(&p); err != nil {
			t.Fatal(err)
		}
		ps = append(ps, p)
	}
	if len(ps) < 5 {
		t.Fatalf("go list found only %d packages", len(ps))
	}
	return ps
}

// TestPackageDocs: every package says what it is for, in a doc comment that
// starts with "Package <name>" (or "Command" for main packages).
func TestPackageDocs(t *testing.T) {
	for _, p := range goList(t, "./...") {
		if len(p.GoFiles) == 0 {
			continue
		}
		want := "Package " + p.Name + " "
		if p.Name == "main" {
			want = "Command "
		}
		if !strings.HasPrefix(p.Doc, strings.TrimSpace(want)) {
			t.Errorf("%s: package doc is %q, want it to start with %q", p.ImportPath, p.Doc, want)
		}
	}
}

// TestOfflineDeps: the library packages that promise to work offline import
// no networking and no cloud SDK. Only the live checker and the recording
// proxy may (and the CLI, through them).
func TestOfflineDeps(t *testing.T) {
	offline := []string{"diag", "iam", "catalog", "access", "lint", "lint/iamrules", "eval", "compare", "internal/jsonpos", "internal/glob", "internal/extract", "internal/policyvar", "internal/textdist"}
	// "net" itself opens sockets; net/netip only parses addresses.
	bad := []string{"net/http", "crypto/tls", "github.com/aws/aws-sdk-go-v2", "github.com/cloudflare"}
	var args []string
	for _, o := range offline {
		args = append(args, "github.com/leastpriv/leastpriv/"+o)
	}
	for _, p := range goList(t, args...) {
		for _, d := range p.Deps {
			for _, b := range bad {
				if d == "net" || d == b || strings.HasPrefix(d, b+"/") {
					t.Errorf("%s imports %s (through its dependencies); offline packages must not", p.ImportPath, d)
				}
			}
		}
	}
}
