package cli

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/leastpriv/leastpriv/access"
	"github.com/leastpriv/leastpriv/catalog"
	"github.com/leastpriv/leastpriv/iam"
	"github.com/spf13/cobra"
)

func newExplainCmd(env *Env) *cobra.Command {
	var (
		pf      policyFlags
		actions bool
		size    bool
		vars    varFlags
	)
	cmd := &cobra.Command{
		Use:   "explain [FILE...] | --policy FILE...",
		Short: "Summarise what a policy grants: per service, access levels, resources and conditions",
		Long: `Explain summarises a policy the way the IAM console's policy summary does:
for every service it allows (and, separately, explicitly denies), the access
levels granted — "Full access", or Full/Limited per level (List, Read, Write,
Permissions management, Tagging) with counts — the resources and the
conditions.

Wildcards and NotAction are expanded against the embedded catalog, and an
action counts only where one of its statement's resources can apply to it:
"lambda:List*" on a function ARN grants lambda:ListTags but not
lambda:ListFunctions, which accepts only "*". Such actions are listed as
granting nothing. Patterns are matched as IAM matches them (a '*' that ends
a component may match across colons) against the ARNs of the catalog read
as AWS documents them: a name holds no ':' unless it can (S3 object keys and
IAM paths can, volume IDs cannot), so "ec2:*Volume" on
"arn:aws:ec2:*:*:instance/*" grants ec2:AttachVolume and ec2:DetachVolume,
not ec2:CreateVolume. "leastpriv diff" counts and compares the same way.
Actions unknown to the catalog are reported.

The summary line gives a permissiveness score, so two policies can be
compared at a glance: the sum over the actions allowed of a weight per level
(List 1, Read 2, Tagging 2, Write 3, Permissions management 5), doubled for
actions allowed on every resource without condition. --size adds the count
of actions per service and level. "leastpriv diff" shows the same figures
for both sides.

Shell-style placeholders of documentation pages (${MY_PREFIX}: no colon, so
no request ever has such a variable) are reported and read as unknown text,
which can stand for any part of an ARN; --var MY_PREFIX=value binds them
first, as "leastpriv diff" does.`,
		Example: `  leastpriv explain examples/policy.json
  leastpriv explain --policy policy.json --actions
  leastpriv explain --size policy.json
  leastpriv explain --var MY_PREFIX=acme least-privilege.json
  leastpriv explain --policy bucket-policy.json --type resource -o json
  cat policy.json | leastpriv explain -`,
		RunE: func(cmd *cobra.Command, args []string) error {
			out := outputFormat(cmd.Flags().Lookup("output").Value.String())
			if err := vars.parse(); err != nil {
				return err
			}
			files := append(append([]string{}, pf.files...), args...)
			ps, bad, err := loadPolicies(env, files, &pf)
			if err != nil {
				return err
			}
			ld := newLoader(env, iam.ParseOptions{}, &vars)
			for _, p := range ps {
				if err := ld.bind(p).Print(env.Stderr); err != nil {
					return err
				}
			}
			if err := ld.finish(); err != nil {
				return err
			}
			c := catalog.Default()
			var js []jsonExplain
			var un []access.Unmatched
			bw := bufio.NewWriter(env.Stdout)
			for i, p := range ps {
				sum := access.Summarize(c, p)
				sz := access.Measure(c, p)
				un = append(un, sum.Unmatched...)
				if out == formatJSON {
					j := toJSONExplain(p, sum)
					jsz := toJSONSize(sz)
					j.Size = &jsz
					js = append(js, j)
					continue
				}
				if i > 0 {
					bw.WriteByte('\n')
				}
				writeExplain(bw, p, sum, sz, actions)
				if size {
					writeSize(bw, c, sz)
				}
			}
			return finishPolicies(env, bw, out, js, un, bad)
		},
	}
	pf.register(cmd, true)
	addOutputFlag(cmd, formatText, formatJSON)
	cmd.Flags().BoolVar(&actions, "actions", false, "list the actions granted under each service")
	cmd.Flags().BoolVar(&size, "size", false, "also print the number of actions allowed per service and access level")
	vars.register(cmd)
	return cmd
}

func writeExplain(w io.Writer, p *iam.Policy, sum access.Summary, sz access.Size, listActions bool) {
	fmt.Fprintf(w, "%s: %s policy, %s\n", p.File, p.Type, plural(len(p.Statements), "statement"))
	fmt.Fprintf(w, "Allows %s in %s (%s); permissiveness score %d (%d actions on every resource without condition)\n",
		plural(sum.Allowed.Total(), "action"), plural(len(sum.Allow), "service"), sum.Allowed, sz.Score, sz.Broad)
	writeSection(w, "Allow", sum.Allow, listActions)
	writeSection(w, "Explicit deny", sum.Deny, listActions)
	if len(sum.NotApplicable) > 0 {
		fmt.Fprintln(w, "\nMatched, but no resource of the statement can apply to them (no effect):")
		for _, na := range sum.NotApplicable {
			names := actionNames(na.Actions)
			more := ""
			if len(names) > 8 {
				more = fmt.Sprintf(", ... (%d more)", len(names)-8)
				names = names[:8]
			}
			fmt.Fprintf(w, "  %s (%s, %s): %s%s\n", access.StatementLabel(na.Statement), na.Statement.Effect, na.Statement.Range,
				strings.Join(names, ", "), more)
		}
	}
	if len(sum.Unmatched) > 0 {
		fmt.Fprintln(w, "\nNot in the catalog (see the messages on standard error):")
		for _, u := range sum.Unmatched {
			fmt.Fprintf(w, "  %s\n", u.Pattern)
		}
	}
}

func writeSection(w io.Writer, title string, ss []access.ServiceSummary, listActions bool) {
	if len(ss) == 0 {
		return
	}
	fmt.Fprintf(w, "\n%s (%s)\n", title, plural(len(ss), "service"))
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "  SERVICE\tACCESS LEVEL\tRESOURCES\tCONDITIONS")
	for _, s := range ss {
		res := append([]string{}, s.Resources...)
		if len(res) == 0 {
			res = []string{"(the role itself)"}
		}
		for i, r := range res {
			if strings.Trim(r, "*") == "" {
				res[i] = "All resources"
			}
		}
		conds := append([]string{}, s.Conditions...)
		if s.Unconditional {
			if len(conds) > 0 {
				conds = append([]string{"(none, in some statements)"}, conds...)
			} else {
				conds = []string{"None"}
			}
		}
		rows := max(len(res), len(conds))
		for i := range rows {
			name, level := "", ""
			if i == 0 {
				name = fmt.Sprintf("%s (%s)", s.Service.Name, s.Service.Prefix)
				level = s.Access()
			}
			fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\n", name, level, at(res, i), at(conds, i))
		}
		if listActions {
			for _, a := range s.Actions {
				fmt.Fprintf(tw, "    %s\t%s\t\t\n", a.Name, a.Level)
			}
		}
	}
	tw.Flush()
}

func at(s []string, i int) string {
	if i < len(s) {
		return s[i]
	}
	return ""
}

type jsonLevel struct {
	Level   string `json:"level"`
	Granted int    `json:"granted"`
	Total   int    `json:"total"`
}

type jsonService struct {
	Service       string      `json:"service"`
	Name          string      `json:"name"`
	Access        string      `json:"access"`
	Levels        []jsonLevel `json:"levels"`
	Actions       []string    `json:"actions"`
	Resources     []string    `json:"resources"`
	Conditions    []string    `json:"conditions"`
	Unconditional bool        `json:"unconditional"`
	Statements    []int       `json:"statements"`
}

type jsonExplain struct {
	File       string          `json:"file"`
	Type       string          `json:"type"`
	Statements int             `json:"statements"`
	Allowed    map[string]int  `json:"allowed"`
	Allow      []jsonService   `json:"allow"`
	Deny       []jsonService   `json:"deny"`
	Unmatched  []jsonUnmatched `json:"unmatched"`
	// NotApplicable lists actions matched by a statement's Action that none
	// of its resources can apply to.
	NotApplicable []jsonNotApplicable `json:"notApplicable"`
	// Size measures the policy (see access.Size).
	Size *jsonSize `json:"size,omitempty"`
}

type jsonNotApplicable struct {
	Statement int      `json:"statement"`
	Sid       string   `json:"sid,omitempty"`
	Effect    string   `json:"effect"`
	Actions   []string `json:"actions"`
}

func toJSONExplain(p *iam.Policy, sum access.Summary) jsonExplain {
	j := jsonExplain{File: p.File, Type: p.Type.String(), Statements: len(p.Statements), Allowed: map[string]int{},
		Allow: toJSONServices(sum.Allow), Deny: toJSONServices(sum.Deny), Unmatched: toJSONUnmatched(sum.Unmatched)}
	for _, l := range access.Levels {
		j.Allowed[l.String()] = sum.Allowed[l]
	}
	j.NotApplicable = []jsonNotApplicable{}
	for _, na := range sum.NotApplicable {
		jn := jsonNotApplicable{Statement: na.Statement.Index, Effect: na.Statement.Effect.String(), Actions: actionNames(na.Actions)}
		if na.Statement.Sid != nil {
			jn.Sid = na.Statement.Sid.Value
		}
		j.NotApplicable = append(j.NotApplicable, jn)
	}
	return j
}

func toJSONServices(ss []access.ServiceSummary) []jsonService {
	out := []jsonService{}
	for _, s := range ss {
		js := jsonService{Service: s.Service.Prefix, Name: s.Service.Name, Access: s.Access(), Actions: actionNames(s.Actions),
			Resources: nonNil(s.Resources), Conditions: nonNil(s.Conditions), Unconditional: s.Unconditional,
			Statements: s.Statements}
		for _, g := range s.Levels {
			js.Levels = append(js.Levels, jsonLevel{Level: g.Level.String(), Granted: g.Granted, Total: g.Total})
		}
		out = append(out, js)
	}
	return out
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// writeSize prints a policy's size: totals, then per service.
func writeSize(w io.Writer, c *catalog.Catalog, s access.Size) {
	fmt.Fprintf(w, "\nSize: %s\n", sizeLine(s))
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "  SERVICE\tACTIONS\tBY LEVEL")
	for _, name := range s.ServiceNames() {
		n := 0
		for _, v := range s.Services[name] {
			n += v
		}
		label := name
		if sv := c.Service(name); sv != nil {
			label = sv.Name + " (" + name + ")"
		}
		fmt.Fprintf(tw, "  %s\t%d\t%s\n", label, n, s.Services[name])
	}
	tw.Flush()
}
