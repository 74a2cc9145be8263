// Package cli implements the leastpriv command line: one cobra command per
// subcommand, each a small function over the public packages (iam, catalog,
// lint, eval, ...). It owns flags, input reading, output formats and exit
// codes; library packages never print or exit.
//
// Exit codes: 0 success, 1 internal error, 2 usage or bad input, 3 findings.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strings"

	"github.com/spf13/cobra"
	"golang.org/x/term"
)

// Exit codes returned by Main.
const (
	ExitOK       = 0
	ExitInternal = 1
	ExitInput    = 2
	ExitFindings = 3
)

// Env is everything a command may touch outside its arguments. Tests build
// their own; StdEnv returns the process's.
type Env struct {
	Stdin          io.Reader
	Stdout, Stderr io.Writer
	Getenv         func(string) string
	// IsTerminal reports whether the given writer is an interactive terminal
	// (progress bars and colour are shown only then).
	IsTerminal func(w io.Writer) bool
}

// StdEnv returns the process's real environment.
func StdEnv() Env {
	return Env{
		Stdin:  os.Stdin,
		Stdout: os.Stdout,
		Stderr: os.Stderr,
		Getenv: os.Getenv,
		IsTerminal: func(w io.Writer) bool {
			f, ok := w.(*os.File)
			return ok && term.IsTerminal(int(f.Fd()))
		},
	}
}

// ExitError carries an exit code through error returns.
type ExitError struct {
	Code int
	Err  error // may be nil when the command already printed everything
}

func (e *ExitError) Error() string {
	if e.Err == nil {
		return fmt.Sprintf("exit status %d", e.Code)
	}
	return e.Err.Error()
}

func (e *ExitError) Unwrap() error { return e.Err }

// usageErrorf reports a usage error (exit code 2).
func usageErrorf(format string, args ...any) error {
	return &ExitError{Code: ExitInput, Err: fmt.Errorf(format, args...)}
}

// inputError marks err as bad input (exit code 2).
func inputError(err error) error {
	if err == nil {
		return nil
	}
	return &ExitError{Code: ExitInput, Err: err}
}

// errInputReported is returned when bad input was already reported to the
// user in full; Main prints nothing more and exits 2.
var errInputReported = &ExitError{Code: ExitInput}

// errFindings is returned when findings at or above the failure threshold
// were printed; Main exits 3.
var errFindings = &ExitError{Code: ExitFindings}

// Main runs the command line args and returns the process exit code.
func Main(ctx context.Context, args []string, env Env) int {
	// A command runs for milliseconds and builds one large, long-lived
	// structure (the catalog, about 4 MB): collecting garbage at the default
	// pace spends a third of a short run marking it again and again. Four
	// times the live heap is plenty for every command; GOGC still wins.
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(400)
	}
	if env.Getenv == nil {
		env.Getenv = func(string) string { return "" }
	}
	if env.IsTerminal == nil {
		env.IsTerminal = func(io.Writer) bool { return false }
	}
	if env.Stdin == nil {
		env.Stdin = strings.NewReader("")
	}
	root := newRootCmd(&env)
	root.SetArgs(args)
	root.SetIn(env.Stdin)
	root.SetOut(env.Stdout)
	root.SetErr(env.Stderr)
	err := root.ExecuteContext(ctx)
	if err == nil {
		return ExitOK
	}
	var ee *ExitError
	if errors.As(err, &ee) {
		if ee.Err != nil {
			fmt.Fprintf(env.Stderr, "leastpriv: %v\n", ee.Err)
		}
		return ee.Code
	}
	// Errors that cobra raises itself (unknown command or flag, wrong number
	// of arguments) are usage errors.
	if isCobraUsageError(err) {
		fmt.Fprintf(env.Stderr, "leastpriv: %v\nRun 'leastpriv --help' for usage.\n", err)
		return ExitInput
	}
	fmt.Fprintf(env.Stderr, "leastpriv: %v\n", err)
	return ExitInternal
}

// flagError wraps errors from flag parsing so they map to exit code 2.
type flagError struct{ err error }

func (e flagError) Error() string { return e.err.Error() }
func (e flagError) Unwrap() error { return e.err }

func isCobraUsageError(err error) bool {
	var fe flagError
	if errors.As(err, &fe) {
		return true
	}
	msg := err.Error()
	for _, p := range []string{"unknown command", "unknown flag", "unknown shorthand flag", "accepts ", "requires at least", "requires at most", "invalid argument", "flag needs an argument", "required flag", "if any flags in the group"} {
		if strings.Contains(msg, p) {
			return true
		}
	}
	return false
}

func newRootCmd(env *Env) *cobra.Command {
	root := &cobra.Command{
		Use:   "leastpriv",
		Short: "Find the cloud permissions software needs, and check that a policy grants exactly that",
		Long: `leastpriv answers one question exactly: which cloud permissions does this
software need, and does this policy grant exactly that?

It works offline on an AWS catalog compiled into the binary: it parses and
formats policies strictly, expands and shrinks wildcards, and explains what a
policy grants.`,
		Example: `  leastpriv explain --policy examples/policy.json
  leastpriv expand 's3:Get*'
  leastpriv catalog show s3:GetObject
  leastpriv fmt policy.json`,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return flagError{err} })
	root.CompletionOptions.HiddenDefaultCmd = false
	for _, c := range commands(env) {
		root.AddCommand(c)
	}
	root.InitDefaultCompletionCmd()
	for _, c := range root.Commands() {
		if c.Name() == "completion" {
			c.Example = `  source <(leastpriv completion bash)
  leastpriv completion zsh > "${fpath[1]}/_leastpriv"
  leastpriv completion fish > ~/.config/fish/completions/leastpriv.fish`
			for _, sub := range c.Commands() {
				sub.Example = "  leastpriv completion " + sub.Name() + " --help"
			}
		}
	}
	return root
}

// commands lists every subcommand, in help order. Add new commands here.
func commands(env *Env) []*cobra.Command {
	return []*cobra.Command{
		newExplainCmd(env),
		newFmtCmd(env),
		newLintCmd(env),
		newExpandCmd(env),
		newShrinkCmd(env),
		newSimulateCmd(env),
		newDiffCmd(env),
		newCheckCmd(env),
		newCatalogCmd(env),
		newVersionCmd(env),
	}
}
