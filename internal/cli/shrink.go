package cli

import (
	"bufio"
	"fmt"
	"io"
	"slices"
	"strings"
	"unsafe"

	"github.com/leastpriv/leastpriv/access"
	"github.com/leastpriv/leastpriv/catalog"
	"github.com/leastpriv/leastpriv/iam"
	"github.com/spf13/cobra"
)

func newShrinkCmd(env *Env) *cobra.Command {
	var (
		pf      policyFlags
		rewrite bool
		verbose bool
	)
	cmd := &cobra.Command{
		Use:   "shrink [ACTION...|-] | --policy FILE...",
		Short: "Find the shortest list of action patterns that matches exactly the same actions",
		Long: `Shrink takes actions or action patterns and prints the shortest list of
patterns ("*", "svc:*", "svc:Prefix*" or exact names) that matches exactly
the same set of actions in the embedded catalog: never one action more.
For each wildcard it prints what the wildcard covers.

"-" reads actions from standard input, separated by white space or commas,
so the output of expand can be piped in.

With --policy it shrinks the Action (or NotAction) list of every statement;
--rewrite prints the policies with the shrunk lists. Actions unknown to the
catalog are kept as written and reported.`,
		Example: `  leastpriv shrink s3:GetObject s3:GetObjectAcl s3:GetObjectVersion
  leastpriv expand 's3:Get*' | leastpriv shrink -
  leastpriv shrink --policy policy.json
  leastpriv shrink --policy policy.json --rewrite > smaller.json`,
		ValidArgsFunction: completeActionPatterns,
		RunE: func(cmd *cobra.Command, args []string) error {
			out := outputFormat(cmd.Flags().Lookup("output").Value.String())
			c := catalog.Default()
			if len(pf.files) > 0 {
				if len(args) > 0 {
					return usageErrorf("give actions or --policy, not both")
				}
				return shrinkPolicies(env, c, &pf, out, rewrite, verbose)
			}
			if rewrite {
				return usageErrorf("--rewrite needs --policy")
			}
			patterns, err := actionArgs(env, args)
			if err != nil {
				return err
			}
			if len(patterns) == 0 {
				return usageErrorf("no action given (for example: leastpriv shrink s3:GetObject s3:GetObjectAcl)")
			}
			set, un := access.ExpandPatterns(c, patterns)
			sh := access.Shrink(c, set)
			if out == formatJSON {
				if err := writeJSON(env.Stdout, struct {
					Count     int             `json:"count"`
					Patterns  []jsonPattern   `json:"patterns"`
					Unmatched []jsonUnmatched `json:"unmatched"`
				}{set.Len(), toJSONPatterns(sh), toJSONUnmatched(un)}); err != nil {
					return err
				}
			} else if err := writeShrunk(env.Stdout, sh, "", verbose); err != nil {
				return err
			}
			return reportUnmatched(env, un)
		},
	}
	pf.register(cmd, true)
	addOutputFlag(cmd, formatText, formatJSON)
	cmd.Flags().BoolVar(&rewrite, "rewrite", false, "with --policy: print the policies with their action lists shrunk")
	cmd.Flags().BoolVarP(&verbose, "verbose", "v", false, "list every action each wildcard covers")
	return cmd
}

// actionArgs returns the arguments, with "-" replaced by the actions read
// from stdin.
func actionArgs(env *Env, args []string) ([]string, error) {
	var out []string
	for _, a := range args {
		if a != "-" {
			out = append(out, a)
			continue
		}
		data, err := readLimited(env.Stdin, "<stdin>")
		if err != nil {
			return nil, inputError(err)
		}
		// data is never written again: view it as a string instead of
		// copying it (a pattern list can be megabytes).
		out = appendWords(out, unsafe.String(unsafe.SliceData(data), len(data)))
	}
	return out, nil
}

// appendWords appends the words of s, separated by white space, commas,
// quotes or brackets (so a JSON array of actions also reads), to out.
func appendWords(out []string, s string) []string {
	out = slices.Grow(out, strings.Count(s, "\n")+1)
	start := -1
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case ' ', '\t', '\n', '\r', ',', '"', '[', ']':
			if start >= 0 {
				out = append(out, s[start:i])
				start = -1
			}
		default:
			if start < 0 {
				start = i
			}
		}
	}
	if start >= 0 {
		out = append(out, s[start:])
	}
	return out
}

type jsonPattern struct {
	Pattern string   `json:"pattern"`
	Count   int      `json:"count"`
	Covers  []string `json:"covers"`
}

func toJSONPatterns(sh access.Shrunk) []jsonPattern {
	out := []jsonPattern{}
	for _, p := range sh {
		out = append(out, jsonPattern{Pattern: p.Text, Count: len(p.Covers), Covers: actionNames(p.Covers)})
	}
	return out
}

// writeShrunk prints one pattern a line; after each wildcard, a comment with
// what it covers (the first few actions, or all of them when verbose).
func writeShrunk(w io.Writer, sh access.Shrunk, indent string, verbose bool) error {
	bw := bufio.NewWriter(w)
	width := 0
	for _, p := range sh {
		width = max(width, len(p.Text))
	}
	const shown = 4
	for _, p := range sh {
		if !p.IsWildcard() {
			fmt.Fprintf(bw, "%s%s\n", indent, p.Text)
			continue
		}
		names := actionNames(p.Covers)
		for i, n := range names {
			names[i] = n[strings.IndexByte(n, ':')+1:]
		}
		if p.Text == "*" {
			fmt.Fprintf(bw, "%s%-*s  # every action in the catalog (%d)\n", indent, width, p.Text, len(names))
			continue
		}
		list := names
		more := ""
		if !verbose && len(list) > shown {
			more = fmt.Sprintf(", ... (%d more)", len(list)-shown)
			list = list[:shown]
		}
		fmt.Fprintf(bw, "%s%-*s  # %d: %s%s\n", indent, width, p.Text, len(names), strings.Join(list, ", "), more)
	}
	return bw.Flush()
}

func shrinkPolicies(env *Env, c *catalog.Catalog, pf *policyFlags, out outputFormat, rewrite, verbose bool) error {
	ps, bad, err := loadPolicies(env, pf.files, pf)
	if err != nil {
		return err
	}
	type jsonStatement struct {
		Index     int             `json:"index"`
		Sid       string          `json:"sid,omitempty"`
		NotAction bool            `json:"notAction"`
		Before    int             `json:"before"`
		After     int             `json:"after"`
		Patterns  []jsonPattern   `json:"patterns"`
		Kept      []string        `json:"kept"`
		Unmatched []jsonUnmatched `json:"unmatched"`
	}
	type jsonPolicy struct {
		File       string          `json:"file"`
		Statements []jsonStatement `json:"statements"`
	}
	var res []jsonPolicy
	var un []access.Unmatched
	bw := bufio.NewWriter(env.Stdout)
	for _, p := range ps {
		jp := jsonPolicy{File: p.File}
		for _, st := range p.Statements {
			if st.Action == nil {
				continue
			}
			sa := access.ExpandStatement(c, st)
			un = append(un, sa.Unmatched...)
			sh := access.Shrink(c, sa.Listed)
			// Values that match nothing in the catalog are kept verbatim: the
			// catalog may be older than the policy.
			var kept []string
			for _, u := range sa.Unmatched {
				kept = append(kept, u.Pattern)
			}
			before := len(st.Action.Values)
			js := jsonStatement{Index: st.Index, NotAction: st.Action.Not, Before: before, After: len(sh) + len(kept),
				Patterns: toJSONPatterns(sh), Kept: append([]string{}, kept...), Unmatched: toJSONUnmatched(sa.Unmatched)}
			if st.Sid != nil {
				js.Sid = st.Sid.Value
			}
			jp.Statements = append(jp.Statements, js)
			if rewrite {
				replaceActions(st, append(sh.Patterns(), kept...))
				continue
			}
			if out == formatText {
				fmt.Fprintf(bw, "# %s: %s: %s, %d values -> %d\n", st.Range, access.StatementLabel(st), st.Action.Name("Action"), before, js.After)
				if err := writeShrunk(bw, sh, "", verbose); err != nil {
					return err
				}
				for _, k := range kept {
					fmt.Fprintf(bw, "%s  # kept: not in the catalog\n", k)
				}
			}
		}
		if rewrite && out == formatText {
			bw.Write(iam.Format(p))
		}
		res = append(res, jp)
	}
	return finishPolicies(env, bw, out, res, un, bad)
}

// replaceActions sets st's action element (Action or NotAction, which it
// stays) to the given values.
func replaceActions(st *iam.Statement, vals []string) {
	r := st.Action.Range
	out := make([]iam.String, len(vals))
	for i, v := range vals {
		out[i] = iam.String{Value: v, Range: r}
	}
	st.Action.Single = len(out) == 1 && st.Action.Single
	st.Action.Values = out
}
