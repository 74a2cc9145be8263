package cli

// This file holds the package's TestMain and the testscript harness that runs
// every testdata/script/*.txtar file against the real command line.
//
// Writing a script (see https://pkg.go.dev/github.com/rogpeppe/go-internal/testscript):
//
//	# fmt rewrites a policy in canonical form.
//	exec leastpriv fmt policy.json
//	cmp stdout want.json
//
//	# A broken policy is bad input: exit code 2.
//	! exec leastpriv fmt broken.json
//	exitcode 2
//	stderr '^broken.json:1:12: error: .* \[JSON_SYNTAX_ERROR\]$'
//
// Rules: call the tool with "exec leastpriv" (RequireExplicitExec), give every
// archive member a unique name (RequireUniqueNames), and follow every
// "! exec leastpriv" with "exitcode N" to pin the exact exit code
// (0 ok, 1 internal error, 2 usage or bad input, 3 findings). "exitcode" reads
// the code of the most recent "exec leastpriv" and fails when there was none
// since the previous "exitcode".
//
// Run one script with: go test ./internal/cli -run TestScript/fmt_basic
// Rewrite cmp'd expectations in place with: go test ./internal/cli -run TestScript -update
//
// The -update flag is shared by every golden-file test of this package: use
// *update rather than declaring another flag.

import (
	"context"
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

var update = flag.Bool("update", false, "rewrite golden files and testscript expectations in place")

// exitCodeEnv names the file, set per script, where the leastpriv wrapper
// records its exit code for the exitcode command.
const exitCodeEnv = "LEASTPRIV_TEST_EXITCODE_FILE"

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"leastpriv": func() {
			code := Main(context.Background(), os.Args[1:], StdEnv())
			if f := os.Getenv(exitCodeEnv); f != "" {
				if err := os.WriteFile(f, []byte(strconv.Itoa(code)), 0o666); err != nil {
					os.Stderr.WriteString("leastpriv test wrapper: " + err.Error() + "\n")
					os.Exit(125)
				}
			}
			os.Exit(code)
		},
	})
}

func TestScript(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:                 filepath.Join("testdata", "script"),
		UpdateScripts:       *update,
		RequireExplicitExec: true,
		RequireUniqueNames:  true,
		Setup: func(env *testscript.Env) error {
			env.Setenv(exitCodeEnv, filepath.Join(env.WorkDir, ".leastpriv-exitcode"))
			return nil
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"exitcode": cmdExitCode,
		},
	})
}

// cmdExitCode implements "exitcode N": the most recent "exec leastpriv"
// exited with code N.
func cmdExitCode(ts *testscript.TestScript, neg bool, args []string) {
	if neg {
		ts.Fatalf("unsupported: ! exitcode")
	}
	if len(args) != 1 {
		ts.Fatalf("usage: exitcode N")
	}
	want, err := strconv.Atoi(args[0])
	if err != nil {
		ts.Fatalf("exitcode: %v", err)
	}
	f := ts.Getenv(exitCodeEnv)
	data, err := os.ReadFile(f)
	if err != nil {
		ts.Fatalf("exitcode: no exec leastpriv since the last exitcode check: %v", err)
	}
	_ = os.Remove(f)
	got, err := strconv.Atoi(strings.TrimSpace(string(data)))
	if err != nil {
		ts.Fatalf("exitcode: corrupt exit code file: %v", err)
	}
	if got != want {
		ts.Fatalf("leastpriv exited with code %d, want %d", got, want)
	}
}
