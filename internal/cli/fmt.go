package cli

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"

	"github.com/leastpriv/leastpriv/iam"
	"github.com/spf13/cobra"
)

func newFmtCmd(env *Env) *cobra.Command {
	var (
		pf          policyFlags
		write, list bool
	)
	cmd := &cobra.Command{
		Use:   "fmt [-w] [-l] [--type TYPE] [--legacy] [FILE|DIR|-]...",
		Short: "Check policies strictly and print them in canonical form",
		Long: `fmt parses each policy strictly and prints it in canonical form: elements in
the order Version, Id, Statement and, in each statement, Sid, Effect,
Principal, Action, Resource, Condition; two-space indentation; one array
element per line. Values and their order are kept, a bare string stays a bare
string, numbers and booleans stay as written; escapes are normalised (only
what JSON needs, plus invisible characters such as U+00A0 as \u00a0).

With no flag, fmt prints the canonical form of its one input (standard input
when no argument is given). With -w it rewrites every file that is not in
canonical form, atomically and keeping its permissions; with -l it lists
those files. Directories are read recursively (*.json).

Any policy that does not parse is reported on standard error as
file:line:col: error: message [CODE]; the other inputs are still processed
and fmt exits with code 2. --type selects the rules (Principal is required in
resource and trust policies and forbidden in identity policies); --legacy
accepts repeated Effect/Action/Resource elements as AWS does for old stored
policies, and writes them merged.`,
		Example: `  leastpriv fmt policy.json
  leastpriv fmt -w policies/
  leastpriv fmt -l --type resource bucket-policies/
  cat policy.json | leastpriv fmt --legacy`,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runFmt(env, args, &pf, write, list)
		},
	}
	cmd.Flags().BoolVarP(&write, "write", "w", false, "rewrite files that are not in canonical form")
	cmd.Flags().BoolVarP(&list, "list", "l", false, "list files that are not in canonical form")
	pf.register(cmd, false)
	return cmd
}

func runFmt(env *Env, args []string, pf *policyFlags, write, list bool) error {
	opts, err := pf.options()
	if err != nil {
		return err
	}
	if len(args) == 0 {
		args = []string{"-"}
	}
	for _, a := range args {
		if a == "-" && write {
			return usageErrorf("cannot use -w with standard input")
		}
	}
	ins, err := readInputs(env, args, jsonInputs)
	if err != nil {
		return err
	}
	if !write && !list && len(ins) > 1 {
		return usageErrorf("fmt prints one policy, got %d; use -w to rewrite them or -l to list the ones not in canonical form", len(ins))
	}
	bad := false
	for _, in := range ins {
		p, diags := iam.Parse(in.Name, in.Data, opts)
		diags.Sort()
		if err := diags.Print(env.Stderr); err != nil {
			return err
		}
		if p == nil || diags.HasErrors() {
			bad = true
			continue
		}
		out := iam.Format(p)
		changed := !bytes.Equal(out, in.Data)
		if list && changed {
			if _, err := fmt.Fprintln(env.Stdout, in.Name); err != nil {
				return err
			}
		}
		if write && changed {
			if err := writeFileAtomic(in.Name, out); err != nil {
				return inputError(err)
			}
		}
		if !write && !list {
			if _, err := env.Stdout.Write(out); err != nil {
				return err
			}
		}
	}
	if bad {
		return errInputReported
	}
	return nil
}

// writeFileAtomic replaces the file at path (following symbolic links) with
// data: it writes a temporary file in the same directory with the same
// permissions and renames it over the original, so that a crash leaves
// either the old or the new content, never a mix.
func writeFileAtomic(path string, data []byte) error {
	target, err := filepath.EvalSymlinks(path)
	if err != nil {
		return fmt.Errorf("cannot rewrite %s: %w", path, unwrapPathError(err))
	}
	st, err := os.Stat(target)
	if err != nil {
		return fmt.Errorf("cannot rewrite %s: %w", path, unwrapPathError(err))
	}
	f, err := os.CreateTemp(filepath.Dir(target), "."+filepath.Base(target)+".*.tmp")
	if err != nil {
		return fmt.Errorf("cannot rewrite %s: %w", path, unwrapPathError(err))
	}
	tmp := f.Name()
	_, err = f.Write(data)
	if err == nil {
		err = f.Chmod(st.Mode().Perm())
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, target)
	}
	if err != nil {
		os.Remove(tmp)
		return fmt.Errorf("cannot rewrite %s: %w", path, unwrapPathError(err))
	}
	return nil
}
