package cli

import (
	"bufio"
	"fmt"

	"github.com/leastpriv/leastpriv/access"

	"github.com/leastpriv/leastpriv/diag"
	"github.com/leastpriv/leastpriv/iam"
	"github.com/spf13/cobra"
)

// policyFlags are the flags every command that reads policies shares.
type policyFlags struct {
	files  []string
	typ    string
	legacy bool
}

func (f *policyFlags) register(cmd *cobra.Command, fileFlag bool) {
	if fileFlag {
		cmd.Flags().StringArrayVarP(&f.files, "policy", "p", nil, "policy `FILE`, directory (recursive, *.json) or - for stdin; repeatable")
	}
	cmd.Flags().StringVar(&f.typ, "type", "identity", "policy `TYPE`: identity|resource|trust|scp|rcp|boundary|session")
	cmd.Flags().BoolVar(&f.legacy, "legacy", false, "accept old stored policies as AWS does (last Effect wins, repeated Action/Resource merged), with a warning")
	_ = cmd.RegisterFlagCompletionFunc("type", cobra.FixedCompletions([]string{"identity", "resource", "trust", "scp", "rcp", "boundary", "session"}, cobra.ShellCompDirectiveNoFileComp))
}

func (f *policyFlags) options() (iam.ParseOptions, error) {
	t, ok := iam.ParseType(f.typ)
	if !ok {
		return iam.ParseOptions{}, usageErrorf("unknown policy type %q (want identity, resource, trust, scp, rcp, boundary or session)", f.typ)
	}
	return iam.ParseOptions{Type: t, Legacy: f.legacy}, nil
}

// loadPolicies reads and parses every input. Diagnostics (warnings included)
// are printed to stderr as they are found; documents with errors are left
// out of the result and make bad true, so the caller can finish its work on
// the others and then exit with code 2.
func loadPolicies(env *Env, args []string, f *policyFlags) (ps []*iam.Policy, bad bool, err error) {
	opts, err := f.options()
	if err != nil {
		return nil, false, err
	}
	if len(args) == 0 {
		return nil, false, usageErrorf("no policy given (name a file, a directory or - for stdin)")
	}
	ins, err := readInputs(env, args, jsonInputs)
	if err != nil {
		return nil, false, err
	}
	for _, in := range ins {
		p, diags := iam.Parse(in.Name, in.Data, opts)
		diags.Sort()
		if len(diags) > 0 {
			if err := diags.Print(env.Stderr); err != nil {
				return nil, false, err
			}
		}
		if diags.HasErrors() || p == nil {
			bad = true
			continue
		}
		ps = append(ps, p)
	}
	return ps, bad, nil
}

// printDiag prints one diagnostic to stderr.
func printDiag(env *Env, d diag.Diagnostic) {
	fmt.Fprintln(env.Stderr, d.String())
}

// finishPolicies ends a command that went through policies: it flushes the
// text written to bw, writes {"policies": policies} when JSON was asked
// for, reports actions that matched nothing, and returns the exit status:
// bad input (2) before unmatched actions (3).
func finishPolicies[T any](env *Env, bw *bufio.Writer, out outputFormat, policies []T, un []access.Unmatched, bad bool) error {
	if err := bw.Flush(); err != nil {
		return err
	}
	if out == formatJSON {
		if policies == nil {
			policies = []T{}
		}
		if err := writeJSON(env.Stdout, struct {
			Policies []T `json:"policies"`
		}{policies}); err != nil {
			return err
		}
	}
	ferr := reportUnmatched(env, un)
	if bad {
		return errInputReported
	}
	return ferr
}
