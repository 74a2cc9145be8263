package cli

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/leastpriv/leastpriv/access"
	"github.com/leastpriv/leastpriv/catalog"
	"github.com/leastpriv/leastpriv/diag"
	"github.com/leastpriv/leastpriv/iam"
	"github.com/spf13/cobra"
)

func newExpandCmd(env *Env) *cobra.Command {
	var (
		pf      policyFlags
		level   string
		rewrite bool
	)
	cmd := &cobra.Command{
		Use:   "expand [PATTERN...] | --policy FILE...",
		Short: "List the concrete AWS actions behind action patterns or a policy's statements",
		Long: `Expand prints the concrete actions of the embedded AWS catalog that action
patterns match. Matching ignores case; '*' and '?' work anywhere, including in
the service prefix.

With --policy it expands the Action of every statement, and inverts NotAction
against the catalog (every catalog action except those listed). With
--rewrite it prints each policy with its action lists expanded, NotAction
turned into the equivalent Action list.

"-" reads patterns from standard input, separated by white space or commas.

Patterns and policy actions that match no catalog action are reported on
standard error, with suggestions, and make the exit code 3.`,
		Example: `  leastpriv expand 's3:Get*'
  leastpriv expand '*' | wc -l
  leastpriv expand - < patterns.txt
  leastpriv expand 'iam:*AccessKey*' 'sts:Get*' -o json
  leastpriv expand ec2:Describe* --access-level List
  leastpriv expand --policy policy.json
  leastpriv expand --policy policy.json --rewrite > expanded.json`,
		ValidArgsFunction: completeActionPatterns,
		RunE: func(cmd *cobra.Command, args []string) error {
			out := cmd.Flags().Lookup("output").Value.String()
			var lv catalog.AccessLevel
			if level != "" {
				l, err := catalog.ParseAccessLevel(level)
				if err != nil {
					return usageErrorf("%v", err)
				}
				lv = l
			}
			c := catalog.Default()
			if len(pf.files) > 0 {
				if len(args) > 0 {
					return usageErrorf("give patterns or --policy, not both")
				}
				return expandPolicies(env, c, &pf, outputFormat(out), lv, rewrite)
			}
			if rewrite {
				return usageErrorf("--rewrite needs --policy")
			}
			patterns, err := actionArgs(env, args)
			if err != nil {
				return err
			}
			if len(patterns) == 0 {
				return usageErrorf("no pattern given (for example: leastpriv expand 's3:Get*')")
			}
			return expandPatterns(env, c, patterns, outputFormat(out), lv)
		},
	}
	pf.register(cmd, true)
	addOutputFlag(cmd, formatText, formatJSON)
	cmd.Flags().StringVar(&level, "access-level", "", "keep only actions of this `LEVEL`: List|Read|Write|Permissions-management|Tagging")
	cmd.Flags().BoolVar(&rewrite, "rewrite", false, "with --policy: print the policies with their action lists expanded")
	_ = cmd.RegisterFlagCompletionFunc("access-level", completeLevels)
	return cmd
}

// filterLevel returns the names of the actions in s, in ID order, keeping
// only those of level lv when lv is set. It reads only the catalog's name
// index.
func filterLevel(c *catalog.Catalog, s catalog.Set, lv catalog.AccessLevel) []string {
	out := make([]string, 0, s.Len())
	for id := range s.All() {
		if lv == 0 || c.ActionLevel(id) == lv {
			out = append(out, c.ActionName(id))
		}
	}
	return out
}

type jsonUnmatched struct {
	Pattern     string   `json:"pattern"`
	Position    string   `json:"position,omitempty"`
	Reason      string   `json:"reason"`
	Suggestions []string `json:"suggestions,omitempty"`
}

func toJSONUnmatched(us []access.Unmatched) []jsonUnmatched {
	out := []jsonUnmatched{}
	for _, u := range us {
		j := jsonUnmatched{Pattern: u.Pattern, Reason: u.Reason, Suggestions: u.Suggestions}
		if u.Value != nil {
			j.Position = u.Value.Range.String()
		}
		out = append(out, j)
	}
	return out
}

func actionNames(acts []*catalog.Action) []string {
	out := make([]string, len(acts))
	for i, a := range acts {
		out[i] = a.String()
	}
	return out
}

func expandPatterns(env *Env, c *catalog.Catalog, patterns []string, out outputFormat, lv catalog.AccessLevel) error {
	set, un := access.ExpandPatterns(c, patterns)
	acts := filterLevel(c, set, lv)
	if out == formatJSON {
		type pat struct {
			Pattern string   `json:"pattern"`
			Count   int      `json:"count"`
			Actions []string `json:"actions"`
		}
		res := struct {
			Patterns  []pat           `json:"patterns"`
			Count     int             `json:"count"`
			Actions   []string        `json:"actions"`
			Unmatched []jsonUnmatched `json:"unmatched"`
		}{Count: len(acts), Actions: acts, Unmatched: toJSONUnmatched(un)}
		for _, p := range patterns {
			pa := filterLevel(c, c.Match(p), lv)
			res.Patterns = append(res.Patterns, pat{Pattern: p, Count: len(pa), Actions: pa})
		}
		if err := writeJSON(env.Stdout, res); err != nil {
			return err
		}
	} else if err := writeLines(env.Stdout, acts); err != nil {
		return err
	}
	return reportUnmatched(env, un)
}

func writeLines(w io.Writer, lines []string) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	for _, l := range lines {
		bw.WriteString(l)
		bw.WriteByte('\n')
	}
	return bw.Flush()
}

// reportUnmatched prints patterns that match nothing and returns errFindings
// if there are any.
func reportUnmatched(env *Env, un []access.Unmatched) error {
	for _, u := range un {
		if u.Value != nil {
			printDiag(env, unmatchedDiag(u))
			continue
		}
		msg := fmt.Sprintf("leastpriv: %q matches no action: %s", u.Pattern, u.Reason)
		if len(u.Suggestions) > 0 {
			msg += " (did you mean " + strings.Join(u.Suggestions, ", ") + "?)"
		}
		fmt.Fprintln(env.Stderr, msg)
	}
	if len(un) > 0 {
		return errFindings
	}
	return nil
}

// unmatchedDiag turns an unmatched policy action into a diagnostic with
// Access Analyzer's codes for unknown services and actions.
func unmatchedDiag(u access.Unmatched) diag.Diagnostic {
	code := "INVALID_ACTION"
	if strings.HasPrefix(u.Reason, "unknown service") {
		code = "INVALID_SERVICE_IN_ACTION"
	}
	d := diag.Diagnostic{Range: u.Value.Range, Path: u.Value.Path, Code: code, Severity: diag.Error,
		Message: fmt.Sprintf("%q matches no action in the catalog: %s", u.Pattern, u.Reason)}
	if len(u.Suggestions) > 0 {
		d.Message += "; did you mean " + strings.Join(u.Suggestions, ", ") + "?"
	}
	return d
}

func expandPolicies(env *Env, c *catalog.Catalog, pf *policyFlags, out outputFormat, lv catalog.AccessLevel, rewrite bool) error {
	ps, bad, err := loadPolicies(env, pf.files, pf)
	if err != nil {
		return err
	}
	type jsonStatement struct {
		Index     int             `json:"index"`
		Sid       string          `json:"sid,omitempty"`
		Effect    string          `json:"effect"`
		NotAction bool            `json:"notAction"`
		Count     int             `json:"count"`
		Actions   []string        `json:"actions"`
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
		e := access.Expand(c, p)
		un = append(un, e.Unmatched()...)
		jp := jsonPolicy{File: p.File}
		for _, sa := range e.Statements {
			st := sa.Statement
			acts := filterLevel(c, sa.Actions, lv)
			if rewrite {
				rewriteActions(st, acts)
			}
			js := jsonStatement{Index: st.Index, Effect: st.Effect.String(), NotAction: st.Action != nil && st.Action.Not,
				Count: len(acts), Actions: acts, Unmatched: toJSONUnmatched(sa.Unmatched)}
			if st.Sid != nil {
				js.Sid = st.Sid.Value
			}
			jp.Statements = append(jp.Statements, js)
			if out == formatText && !rewrite {
				kind := "Action"
				if js.NotAction {
					kind = "NotAction, inverted"
				}
				fmt.Fprintf(bw, "# %s: %s (%s, %s): %d actions\n", st.Range, access.StatementLabel(st), st.Effect, kind, len(acts))
				for _, a := range acts {
					bw.WriteString(a)
					bw.WriteByte('\n')
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

// rewriteActions replaces st's action element with the concrete list; a
// NotAction becomes the equivalent Action. Values keep the element's range so
// positions in later messages still point at the original element.
func rewriteActions(st *iam.Statement, acts []string) {
	if st.Action == nil {
		return
	}
	r := st.Action.Range
	vals := make([]iam.String, len(acts))
	for i, a := range acts {
		vals[i] = iam.String{Value: a, Range: r}
	}
	st.Action.Not = false
	st.Action.Values = vals
	st.Action.Single = false
}

func completeLevels(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
	return []string{"List", "Read", "Write", "Permissions-management", "Tagging"}, cobra.ShellCompDirectiveNoFileComp
}

// completeActionPatterns completes service prefixes, then action names.
func completeActionPatterns(_ *cobra.Command, _ []string, toComplete string) ([]string, cobra.ShellCompDirective) {
	c := catalog.Default()
	svc, _, ok := strings.Cut(toComplete, ":")
	var out []string
	if !ok {
		for _, s := range c.Services() {
			if strings.HasPrefix(s.Prefix, strings.ToLower(toComplete)) {
				out = append(out, s.Prefix+":")
			}
		}
		return out, cobra.ShellCompDirectiveNoSpace | cobra.ShellCompDirectiveNoFileComp
	}
	// The name index answers without decoding the rest of the catalog.
	for id := range c.Match(svc + ":*").All() {
		name := c.ActionName(id)
		if len(name) >= len(toComplete) && strings.EqualFold(name[:len(toComplete)], toComplete) {
			out = append(out, name)
		}
	}
	return out, cobra.ShellCompDirectiveNoFileComp
}
