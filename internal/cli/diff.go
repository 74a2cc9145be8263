package cli

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"regexp"
	"slices"
	"strings"

	"github.com/leastpriv/leastpriv/access"
	"github.com/leastpriv/leastpriv/catalog"
	"github.com/leastpriv/leastpriv/compare"
	"github.com/leastpriv/leastpriv/diag"
	"github.com/leastpriv/leastpriv/eval"
	"github.com/leastpriv/leastpriv/iam"
	"github.com/spf13/cobra"
)

// formatMarkdown is Markdown output, for release notes.
const formatMarkdown outputFormat = "markdown"

func newDiffCmd(env *Env) *cobra.Command {
	var (
		pf          policyFlags
		vars        varFlags
		oldFiles    []string
		newFiles    []string
		failOnNew   bool
		catalogFrom string
	)
	cmd := &cobra.Command{
		Use:   "diff OLD NEW | --old FILE... --new FILE... | --catalog-from RELEASE|FILE POLICY...",
		Short: "Compare what two policies allow: a changelog of the access NEW adds and removes",
		Long: `Diff compares what OLD allows with what NEW allows, action by action over
the whole catalog, and prints the difference grouped by service and access
level:

  added         NEW allows the action, OLD allows it on no resource
  wider         NEW allows it on resources OLD does not
  looser        same resources, but NEW's conditions, principals or
                missing denies are not provably within OLD's (the answer
                depends on the request: conditional)

  future        NEW's wildcards or NotAction match actions outside the
                catalog (actions AWS adds later) that OLD does not allow
  deny-removed  OLD denies the action (somewhere, sometimes) and NEW does
                not: what other policies allow (identity policies, a
                resource policy, the account's root user) is no longer
                blocked
  removed       OLD allows the action, NEW does not
  narrower      NEW allows it, but on fewer resources or under tighter
                conditions
  deny-added    NEW denies what OLD did not

The first five are new access. "check no-new-access", like Access Analyzer,
compares only what the policies themselves let through, so it counts a
deny-removed only in resource-based policies (where the Deny also blocked
the resource's own account); the JSON output marks those changes "grants"
and says "newGrants". Wildcards, NotAction, NotResource, Deny
statements, conditions and policy variables are taken into account, and
resource patterns are compared exactly. The comparison is sound: "no
change in access" and the absence of new access are only reported when they
hold; what cannot be proven is reported as new access with its cause. New
access that exists only under conditions (it depends on the request) is
marked "(conditional)" and shown with its conditions. Both sides also get a
size: actions per access level and a permissiveness score (see "leastpriv
explain --size").

Resource names are read as AWS documents them: an ARN format's placeholder
holds no ':' unless its value can (S3 object keys, IAM paths, API Gateway
resource paths...). Since a '*' that ends a component of a pattern may match
across colons, "arn:aws:ec2:*:*:instance/*" would also match a volume whose
ID were "x:instance/y". Changes that exist only if a resource name held such
an undocumented ':' are listed apart, after the others, under "Only if a
resource name contains ':'" (Markdown: a section of that name; JSON:
"colonOnly": true, "colonExample" such a name), each with an example name.
They are kept because the comparison is sound: --fail-on-new-access, "new
access" and "check no-new-access" count them. The sizes and "leastpriv
explain" count what the main list does.

Each side may be several policies (their union), all of the --type given.
Placeholders of shell-style templates such as ${MY_PREFIX} are bound with
--var MY_PREFIX=value before comparing; unbound ones are reported.

With --catalog-from, diff instead reports wildcard drift: for every
wildcard (and NotAction) of the policies, the actions it matches in the
embedded catalog that an older action list lacks. RELEASE names an embedded
release of the catalog's source (see the error message for the list); a
FILE holds one service:Action per line.

Exit codes: 0, or 3 with --fail-on-new-access when NEW may allow anything
OLD does not (or, with --catalog-from, when a wildcard of an Allow statement
matches new actions); 2 for bad input.`,
		Example: `  leastpriv diff old/policy.json new/policy.json
  leastpriv diff v1.json v2.json -o markdown >> RELEASE_NOTES.md
  leastpriv diff --fail-on-new-access approved.json policy.json
  leastpriv diff --var MY_PREFIX=acme least-privilege.json broad.json
  leastpriv diff --old a.json --old b.json --new merged.json -o json
  leastpriv diff --catalog-from 0.21.202608251 policy.json`,
		RunE: func(cmd *cobra.Command, args []string) error {
			out := outputFormat(cmd.Flags().Lookup("output").Value.String())
			if err := vars.parse(); err != nil {
				return err
			}
			opts, err := pf.options()
			if err != nil {
				return err
			}
			c := catalog.Default()
			if catalogFrom != "" {
				if len(oldFiles) > 0 || len(newFiles) > 0 {
					return usageErrorf("--catalog-from takes policies as arguments, not --old or --new")
				}
				return runDrift(env, c, catalogFrom, args, opts, &vars, out, failOnNew)
			}
			switch {
			case len(oldFiles) == 0 && len(newFiles) == 0 && len(args) == 2:
				oldFiles, newFiles = args[:1], args[1:]
			case len(args) > 0 && (len(oldFiles) > 0 || len(newFiles) > 0):
				return usageErrorf("give OLD and NEW either as two arguments or with --old and --new, not both")
			case len(oldFiles) == 0 || len(newFiles) == 0:
				return usageErrorf("diff needs OLD and NEW: two arguments, or --old and --new (got %d arguments)", len(args))
			}
			ld := newLoader(env, opts, &vars)
			olds := ld.load(oldFiles)
			news := ld.load(newFiles)
			if err := ld.finish(); err != nil {
				return err
			}
			r := compare.Diff(c, olds, news)
			bw := bufio.NewWriter(env.Stdout)
			sides := [2]sideInfo{{"OLD", oldFiles, olds}, {"NEW", newFiles, news}}
			switch out {
			case formatJSON:
				err = writeJSON(bw, toJSONDiff(r, sides))
			case formatMarkdown:
				writeDiffMarkdown(bw, r, sides)
			default:
				writeDiffText(bw, r, sides)
			}
			if err == nil {
				err = bw.Flush()
			}
			if err != nil {
				return err
			}
			if failOnNew && r.NewAccess() {
				return errFindings
			}
			return nil
		},
	}
	pf.register(cmd, false)
	vars.register(cmd)
	addOutputFlag(cmd, formatText, formatMarkdown, formatJSON)
	cmd.Flags().StringArrayVar(&oldFiles, "old", nil, "an OLD policy `FILE` (directory, or - for stdin); repeatable")
	cmd.Flags().StringArrayVar(&newFiles, "new", nil, "a NEW policy `FILE` (directory, or - for stdin); repeatable")
	cmd.Flags().BoolVar(&failOnNew, "fail-on-new-access", false, "exit with code 3 when NEW may allow anything OLD does not (changes only if a name contains ':' included)")
	cmd.Flags().StringVar(&catalogFrom, "catalog-from", "", "report wildcard drift against an older catalog: an embedded `RELEASE` or a FILE of actions")
	_ = cmd.RegisterFlagCompletionFunc("catalog-from", func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return compare.EmbeddedReleases(), cobra.ShellCompDirectiveDefault
	})
	return cmd
}

// varFlags is --var NAME=VALUE: values for shell-style placeholders.
type varFlags struct {
	raw   []string
	names []string
	vals  map[string]string
}

func (v *varFlags) register(cmd *cobra.Command) {
	cmd.Flags().StringArrayVar(&v.raw, "var", nil, "bind the placeholder ${`NAME=VALUE`} in the policies before reading them; repeatable")
}

var placeholderName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

func (v *varFlags) parse() error {
	v.vals = map[string]string{}
	for _, r := range v.raw {
		name, val, ok := strings.Cut(r, "=")
		if !ok || !placeholderName.MatchString(name) {
			return usageErrorf("--var %q: want NAME=VALUE, NAME made of letters, digits and '_' (IAM policy variables such as ${aws:username} are not placeholders)", r)
		}
		if _, dup := v.vals[name]; dup {
			return usageErrorf("--var %s given twice", name)
		}
		v.vals[name] = val
		v.names = append(v.names, name)
	}
	return nil
}

// placeholderRE finds shell-style placeholders: ${NAME} without a colon,
// which IAM would read as a variable no request has.
var placeholderRE = regexp.MustCompile(`\$\{([A-Za-z_][A-Za-z0-9_]*)\}`)

// A loader reads the policies of the sides of a comparison: parse
// diagnostics and engine errors (malformed condition values) are printed,
// placeholders bound, and unbound ones reported.
type loader struct {
	env   *Env
	opts  iam.ParseOptions
	vars  *varFlags
	used  map[string]bool
	stdin bool // "-" was read
	bad   bool
	err   error
}

func newLoader(env *Env, opts iam.ParseOptions, vars *varFlags) *loader {
	return &loader{env: env, opts: opts, vars: vars, used: map[string]bool{}}
}

func (l *loader) load(files []string) []*iam.Policy {
	if l.err != nil {
		return nil
	}
	if slices.Contains(files, "-") {
		if l.stdin {
			l.err = usageErrorf("standard input (-) given for more than one side")
			return nil
		}
		l.stdin = true
	}
	ins, err := readInputs(l.env, files, jsonInputs)
	if err != nil {
		l.err = err
		return nil
	}
	var out []*iam.Policy
	for _, in := range ins {
		p, diags := iam.Parse(in.Name, in.Data, l.opts)
		if p != nil && !diags.HasErrors() {
			diags = append(diags, l.bind(p)...)
			if _, cd := eval.Compile(p, in.Name); cd.HasErrors() {
				diags = append(diags, cd.Errors()...)
			}
		}
		diags.Sort()
		if err := diags.Print(l.env.Stderr); err != nil {
			l.err = err
			return nil
		}
		if diags.HasErrors() || p == nil {
			l.bad = true
			continue
		}
		out = append(out, p)
	}
	return out
}

// finish reports --var values no policy used, and returns the error that
// stops the command, if any.
func (l *loader) finish() error {
	if l.err != nil {
		return l.err
	}
	for _, n := range l.vars.names {
		if !l.used[n] {
			fmt.Fprintf(l.env.Stderr, "leastpriv: warning: --var %s: no policy holds ${%s}\n", n, n)
		}
	}
	if l.bad {
		return errInputReported
	}
	return nil
}

// bind substitutes --var values for placeholders in every string of p
// that the comparison reads, reports each binding on stderr, and returns
// warnings for placeholders left unbound.
func (l *loader) bind(p *iam.Policy) diag.List {
	var diags diag.List
	counts := map[string]int{}
	warned := map[string]bool{}
	sub := func(s string, rng diag.Range, path string) string {
		if !strings.Contains(s, "${") {
			return s
		}
		return placeholderRE.ReplaceAllStringFunc(s, func(m string) string {
			name := m[2 : len(m)-1]
			if v, ok := l.vars.vals[name]; ok {
				counts[name]++
				l.used[name] = true
				return v
			}
			if !warned[name] {
				warned[name] = true
				diags.Addf(rng, path, diag.Warning, "UNBOUND_PLACEHOLDER",
					"${%s} looks like a template placeholder, not an IAM policy variable; it is read as an unknown value (bind it with --var %s=VALUE)", name, name)
			}
			return m
		})
	}
	list := func(ls *iam.List) {
		if ls == nil {
			return
		}
		for i := range ls.Values {
			v := &ls.Values[i]
			v.Value = sub(v.Value, v.Range, v.Path)
		}
	}
	for _, st := range p.Statements {
		list(st.Action)
		list(st.Resource)
		if st.Principal != nil {
			for _, e := range st.Principal.Entries {
				for i := range e.Values {
					v := &e.Values[i]
					v.Value = sub(v.Value, v.Range, v.Path)
				}
			}
		}
		if st.Condition != nil {
			for _, b := range st.Condition.Blocks {
				for _, e := range b.Entries {
					e.Key.Value = sub(e.Key.Value, e.Key.Range, e.Key.Path)
					for i := range e.Values {
						v := &e.Values[i]
						v.Text = sub(v.Text, v.Range, v.Path)
					}
				}
			}
		}
	}
	for _, n := range l.vars.names {
		if counts[n] > 0 {
			fmt.Fprintf(l.env.Stderr, "leastpriv: %s: ${%s} = %q (%s)\n", p.File, n, l.vars.vals[n], plural(counts[n], "place"))
		}
	}
	return diags
}

// sideInfo names one side of a comparison.
type sideInfo struct {
	label    string
	files    []string
	policies []*iam.Policy
}

func (s sideInfo) names() string {
	var ns []string
	for _, p := range s.policies {
		ns = append(ns, p.File)
	}
	if len(ns) == 0 {
		return strings.Join(s.files, ", ")
	}
	return strings.Join(ns, ", ")
}

var changeVerbs = map[compare.ChangeKind]string{
	compare.Added: "adds", compare.Wider: "widens", compare.Looser: "loosens", compare.Future: "may match",
	compare.DenyRemoved: "no longer denies", compare.Removed: "removes", compare.Narrower: "narrows", compare.DenyAdded: "denies",
}

// diffHeadline says in one sentence what changed, and in another what
// changed only if a resource name held an undocumented ':'.
func diffHeadline(r *compare.Result) string {
	if len(r.Changes) == 0 {
		return "No change in access."
	}
	counts := func(count func(compare.ChangeKind) int) []string {
		var parts []string
		add := func(k compare.ChangeKind, format, noun string) {
			if n := count(k); n > 0 {
				parts = append(parts, fmt.Sprintf(format, plural(n, noun)))
			}
		}
		add(compare.Added, "%s added", "action")
		add(compare.Wider, "%s on wider resources", "action")
		add(compare.Looser, "%s under looser or conditional terms", "action")
		add(compare.Future, "%s that may match future actions", "pattern")
		add(compare.DenyRemoved, "%s no longer denied", "action")
		add(compare.Removed, "%s removed", "action")
		add(compare.Narrower, "%s narrowed", "action")
		add(compare.DenyAdded, "%s newly denied", "action")
		return parts
	}
	parts, colon := counts(r.Count), counts(r.CountColonOnly)
	var s string
	switch {
	case len(parts) == 0 && r.NewAccess():
		s = "NEW may grant access OLD does not, but only if a resource name contains ':': " + strings.Join(colon, ", ") + "."
	case len(parts) == 0:
		s = "No change in access, unless a resource name contains ':': " + strings.Join(colon, ", ") + "."
	default:
		lead := "NEW grants no access OLD does not"
		if r.PreciseNewAccess() {
			lead = "NEW may grant access OLD does not"
		}
		s = lead + ": " + strings.Join(parts, ", ") + "."
		if len(colon) > 0 {
			s += " Only if a resource name contains ':': " + strings.Join(colon, ", ") + "."
		}
	}
	return s
}

// colonHeading introduces the changes that exist only if a resource name
// held an undocumented ':'.
const colonHeading = "Only if a resource name contains ':'"

// colonNote explains them.
const colonNote = "These changes exist only if a resource name held a ':' where AWS documents none " +
	"(in a volume ID, a bucket name...), as in the example names: not expected of real requests, " +
	"listed because the comparison is sound."

func sizeLine(s access.Size) string {
	return fmt.Sprintf("%s (%s), score %d (%d on every resource without condition)",
		plural(s.Actions, "action"), s.Levels, s.Score, s.Broad)
}

// changeService returns the display name of a change's service.
func changeService(ch *compare.Change) string {
	if ch.Action != nil {
		return ch.Action.Service.Name + " (" + ch.Action.Service.Prefix + ")"
	}
	return "Actions outside the catalog"
}

func changeLevel(ch *compare.Change) string {
	if ch.Action != nil {
		return ch.Action.Level.String()
	}
	return "any level"
}

// example returns a counterexample resource worth showing to people: the
// automaton's shortest ones leave ARN placeholders empty ("arn::s3:::").
func example(ch *compare.Change) string {
	for _, r := range ch.Reasons {
		if r.Kind == compare.ReasonResources && r.Example != "" && r.Example != "*" && !strings.HasPrefix(r.Example, "arn::") {
			return r.Example
		}
	}
	return ""
}

// changeDetail describes a change after the action name, in words, and
// for a ColonOnly change the name that shows the colon.
func changeDetail(ch *compare.Change, md bool) string {
	d := changeWords(ch, md)
	if ch.ColonOnly && ch.ColonExample != "" {
		ex := ch.ColonExample
		if md {
			ex = "`" + ex + "`"
		}
		d += ", only if a name such as " + ex + " exists"
	}
	return d
}

// changeWords describes a change after the action name, in words.
func changeWords(ch *compare.Change, md bool) string {
	q := func(s string) string {
		if md {
			return "`" + s + "`"
		}
		return s
	}
	qs := func(rs []string) string {
		if len(rs) == 0 {
			return "(no resource)"
		}
		out := make([]string, 0, len(rs))
		for i, r := range rs {
			if i == 4 {
				out = append(out, fmt.Sprintf("... (%d more)", len(rs)-4))
				break
			}
			out = append(out, q(r))
		}
		return strings.Join(out, ", ")
	}
	var b strings.Builder
	switch ch.Kind {
	case compare.Added, compare.Removed:
		g := ch.New
		if ch.Kind == compare.Removed {
			g = ch.Old
		}
		b.WriteString("on " + qs(g.Resources))
		if !g.Unconditional && len(g.Conditions) > 0 {
			b.WriteString(" when " + strings.Join(g.Conditions, " or "))
		}
	case compare.Wider, compare.Narrower:
		if slices.Equal(ch.New.Resources, ch.Old.Resources) {
			b.WriteString("on " + qs(ch.New.Resources))
		} else {
			b.WriteString("to " + qs(ch.New.Resources) + " (was " + qs(ch.Old.Resources) + ")")
		}
		if ex := example(ch); ex != "" && ch.Kind == compare.Wider {
			b.WriteString(", e.g. " + q(ex))
		}
		if conditionsChanged(ch) || !slices.Equal(ch.New.Principals, ch.Old.Principals) {
			b.WriteString(": " + scopeText(ch))
		}
	case compare.Looser:
		b.WriteString("on " + qs(ch.New.Resources) + ": ")
		var why []string
		for _, r := range ch.Reasons {
			switch r.Kind {
			case compare.ReasonDeny:
				why = append(why, "OLD denies some of it ("+r.Other.String()+")")
			case compare.ReasonConditions:
				why = append(why, scopeText(ch))
			case compare.ReasonUnknown:
				why = append(why, "too complex to compare")
			}
		}
		b.WriteString(strings.Join(dedupe(why), "; "))
	case compare.DenyRemoved, compare.DenyAdded:
		g, other := ch.Old, "NEW"
		if ch.Kind == compare.DenyAdded {
			g, other = ch.New, "OLD"
		}
		var sts []string
		for _, st := range g.Statements {
			sts = append(sts, st.String())
		}
		b.WriteString("on " + qs(g.Resources))
		if !g.Unconditional && len(g.Conditions) > 0 {
			b.WriteString(" when " + strings.Join(g.Conditions, " or "))
		}
		b.WriteString(" (" + strings.Join(sts, ", ") + "; " + other + " has no Deny as large")
		if ch.Kind == compare.DenyRemoved {
			b.WriteString(": what other policies allow is no longer blocked")
		}
		b.WriteString(")")
	case compare.Future:
		var sts []string
		for _, s := range ch.New.Statements {
			sts = append(sts, s.Label)
		}
		b.WriteString("may match actions outside the catalog, which OLD does not allow (" + strings.Join(dedupe(sts), ", ") + ")")
		for _, r := range ch.Reasons {
			if r.Kind == compare.ReasonDeny {
				b.WriteString("; OLD denies some of them (" + r.Other.String() + ")")
				break
			}
		}
	}
	return b.String()
}

// scopeText shows how conditions and principals changed.
func scopeText(ch *compare.Change) string {
	var parts []string
	if conditionsChanged(ch) || slices.Equal(ch.New.Principals, ch.Old.Principals) {
		parts = append(parts, conditionsText(ch.New)+" (was "+conditionsText(ch.Old)+")")
	}
	if !slices.Equal(ch.New.Principals, ch.Old.Principals) {
		parts = append(parts, "principals "+strings.Join(ch.New.Principals, " or ")+" (was "+strings.Join(ch.Old.Principals, " or ")+")")
	}
	return strings.Join(parts, "; ")
}

func conditionsChanged(ch *compare.Change) bool {
	return !slices.Equal(ch.New.Conditions, ch.Old.Conditions) || ch.New.Unconditional != ch.Old.Unconditional
}

func conditionsText(g compare.Grant) string {
	if len(g.Conditions) == 0 {
		return "no condition"
	}
	s := strings.Join(g.Conditions, " or ")
	if g.Unconditional {
		s += " (and unconditionally elsewhere)"
	}
	return s
}

func dedupe(s []string) []string {
	var out []string
	for _, x := range s {
		if !slices.Contains(out, x) {
			out = append(out, x)
		}
	}
	return out
}

func writeDiffText(w io.Writer, r *compare.Result, sides [2]sideInfo) {
	for i, s := range sides {
		size := r.Old
		if i == 1 {
			size = r.New
		}
		fmt.Fprintf(w, "%s: %s: %s\n", s.label, s.names(), sizeLine(size))
	}
	fmt.Fprintf(w, "Size change: %s\n\n", access.CompareSizes(r.Old, r.New))
	fmt.Fprintln(w, diffHeadline(r))
	svc, level := "", ""
	colon := false
	for i := range r.Changes {
		ch := &r.Changes[i]
		if ch.ColonOnly && !colon {
			colon, svc, level = true, "", ""
			fmt.Fprintf(w, "\n%s:\n%s\n", colonHeading, colonNote)
		}
		if s := changeService(ch); s != svc {
			svc, level = s, ""
			fmt.Fprintf(w, "\n%s\n", s)
		}
		indent := "  "
		if ch.Action != nil {
			if l := changeLevel(ch); l != level {
				level = l
				fmt.Fprintf(w, "  %s\n", l)
			}
			indent = "    "
		}
		fmt.Fprintf(w, "%s%-12s  %s %s%s\n", indent, ch.Kind, ch.Name(), changeDetail(ch, false), conditionalMark(ch, " (conditional)"))
	}
}

// conditionalMark returns mark for new access that exists only under
// conditions (looser changes say so by their kind).
func conditionalMark(ch *compare.Change, mark string) string {
	if ch.Conditional && ch.Kind.NewAccess() && ch.Kind != compare.Looser {
		return mark
	}
	return ""
}

func writeDiffMarkdown(w io.Writer, r *compare.Result, sides [2]sideInfo) {
	fmt.Fprintf(w, "## Permission changes\n\n")
	fmt.Fprintf(w, "%s\n\n", diffHeadline(r))
	fmt.Fprintf(w, "| | policies | actions | %s | score |\n|---|---|---|%s---|\n", levelsHeader(), strings.Repeat("---|", len(access.Levels)))
	for i, s := range sides {
		size := r.Old
		if i == 1 {
			size = r.New
		}
		var cells []string
		for _, l := range access.Levels {
			cells = append(cells, fmt.Sprint(size.Levels[l]))
		}
		fmt.Fprintf(w, "| %s | %s | %d | %s | %d |\n", s.label, mdEscape(s.names()), size.Actions, strings.Join(cells, " | "), size.Score)
	}
	svc, h := "", "###"
	for i := range r.Changes {
		ch := &r.Changes[i]
		if ch.ColonOnly && h == "###" {
			svc, h = "", "####"
			fmt.Fprintf(w, "\n### %s\n\n%s\n", mdEscape(strings.ReplaceAll(colonHeading, "':'", "`:`")), mdEscape(strings.ReplaceAll(colonNote, "':'", "`:`")))
		}
		if s := changeService(ch); s != svc {
			svc = s
			if ch.Action != nil {
				fmt.Fprintf(w, "\n%s %s (`%s`)\n\n", h, ch.Action.Service.Name, ch.Action.Service.Prefix)
			} else {
				fmt.Fprintf(w, "\n%s %s\n\n", h, s)
			}
		}
		if ch.Kind == compare.Future {
			fmt.Fprintf(w, "- `%s` %s%s\n", ch.Name(), mdEscape(changeDetail(ch, true)), conditionalMark(ch, " (conditional)"))
			continue
		}
		fmt.Fprintf(w, "- %s `%s` %s (%s%s)\n", changeVerbs[ch.Kind], ch.Name(), mdEscape(changeDetail(ch, true)), changeLevel(ch), conditionalMark(ch, ", conditional"))
	}
}

func levelsHeader() string {
	var ls []string
	for _, l := range access.Levels {
		ls = append(ls, l.String())
	}
	return strings.Join(ls, " | ")
}

// mdEscape escapes the characters of text outside code spans that
// Markdown would read as formatting.
func mdEscape(s string) string {
	var b strings.Builder
	code := false
	for _, r := range s {
		if r == '`' {
			code = !code
		}
		if !code && strings.ContainsRune(`*_|<>[]`, r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

type jsonSize struct {
	Actions  int                       `json:"actions"`
	Levels   map[string]int            `json:"levels"`
	Services map[string]map[string]int `json:"services"`
	Broad    int                       `json:"broad"`
	Score    int                       `json:"score"`
}

func toJSONSize(s access.Size) jsonSize {
	j := jsonSize{Actions: s.Actions, Levels: levelMap(s.Levels), Services: map[string]map[string]int{}, Broad: s.Broad, Score: s.Score}
	for k, v := range s.Services {
		j.Services[k] = levelMap(v)
	}
	return j
}

func levelMap(c access.Counts) map[string]int {
	m := map[string]int{}
	for _, l := range access.Levels {
		m[l.String()] = c[l]
	}
	return m
}

type jsonSide struct {
	Files []string `json:"files"`
	Size  jsonSize `json:"size"`
}

type jsonChange struct {
	Kind        string `json:"kind"`
	Service     string `json:"service"`
	Action      string `json:"action,omitempty"`
	Pattern     string `json:"pattern,omitempty"`
	Level       string `json:"level,omitempty"`
	Conditional bool   `json:"conditional"`
	Grants      bool   `json:"grants"`
	// ColonOnly: the change exists only if a resource name held a ':'
	// AWS does not document for it, such as ColonExample.
	ColonOnly    bool             `json:"colonOnly"`
	ColonExample string           `json:"colonExample,omitempty"`
	Old          compare.Grant    `json:"old"`
	New          compare.Grant    `json:"new"`
	Reasons      []compare.Reason `json:"reasons"`
}

type jsonDiff struct {
	Old jsonSide `json:"old"`
	New jsonSide `json:"new"`
	// NewAccess and NewGrants count every change; the precise ones leave
	// out those that exist only if a resource name held an undocumented
	// ':' (colonOnly).
	NewAccess        bool           `json:"newAccess"`
	NewGrants        bool           `json:"newGrants"`
	PreciseNewAccess bool           `json:"preciseNewAccess"`
	PreciseNewGrants bool           `json:"preciseNewGrants"`
	Counts           map[string]int `json:"counts"`
	ColonOnlyCounts  map[string]int `json:"colonOnlyCounts"`
	Unchanged        int            `json:"unchanged"`
	Changes          []jsonChange   `json:"changes"`
}

func toJSONDiff(r *compare.Result, sides [2]sideInfo) jsonDiff {
	side := func(s sideInfo, size access.Size) jsonSide {
		js := jsonSide{Files: []string{}, Size: toJSONSize(size)}
		for _, p := range s.policies {
			js.Files = append(js.Files, p.File)
		}
		return js
	}
	j := jsonDiff{Old: side(sides[0], r.Old), New: side(sides[1], r.New), NewAccess: r.NewAccess(), NewGrants: r.NewGrants(),
		PreciseNewAccess: r.PreciseNewAccess(), PreciseNewGrants: r.PreciseNewGrants(), Counts: map[string]int{}, ColonOnlyCounts: map[string]int{},
		Unchanged: r.Unchanged, Changes: []jsonChange{}}
	for _, k := range []compare.ChangeKind{compare.Added, compare.Wider, compare.Looser, compare.Future, compare.DenyRemoved, compare.Removed, compare.Narrower, compare.DenyAdded} {
		j.Counts[k.String()] = r.Count(k)
		j.ColonOnlyCounts[k.String()] = r.CountColonOnly(k)
	}
	for _, ch := range r.Changes {
		jc := jsonChange{Kind: ch.Kind.String(), Service: ch.Service(), Pattern: ch.Pattern, Conditional: ch.Conditional, Grants: ch.Grants(),
			ColonOnly: ch.ColonOnly, ColonExample: ch.ColonExample, Old: ch.Old, New: ch.New, Reasons: ch.Reasons}
		if ch.Action != nil {
			jc.Action, jc.Level = ch.Action.String(), ch.Action.Level.String()
		}
		if jc.Reasons == nil {
			jc.Reasons = []compare.Reason{}
		}
		j.Changes = append(j.Changes, jc)
	}
	return j
}

// runDrift implements diff --catalog-from.
func runDrift(env *Env, c *catalog.Catalog, from string, files []string, opts iam.ParseOptions, vars *varFlags, out outputFormat, failOnNew bool) error {
	if len(files) == 0 {
		return usageErrorf("--catalog-from needs the policies to check as arguments")
	}
	var list *compare.ActionList
	if slices.Contains(compare.EmbeddedReleases(), strings.TrimPrefix(from, "iam-data@")) {
		l, err := compare.EmbeddedActionList(c, from)
		if err != nil {
			return err
		}
		list = l
	} else {
		data, err := os.ReadFile(from)
		if err != nil {
			return usageErrorf("--catalog-from %s: neither an embedded release (%s) nor a readable file: %v",
				from, strings.Join(compare.EmbeddedReleases(), ", "), unwrapPathError(err))
		}
		l, err := compare.ParseActionList(from, data)
		if err != nil {
			return inputError(err)
		}
		list = l
	}
	ld := newLoader(env, opts, vars)
	ps := ld.load(files)
	if err := ld.finish(); err != nil {
		return err
	}
	entries := compare.Drift(c, list, ps)
	grants := false
	for _, e := range entries {
		grants = grants || e.Statement.Effect == "Allow"
	}
	bw := bufio.NewWriter(env.Stdout)
	var err error
	switch out {
	case formatJSON:
		type jsonEntry struct {
			Statement compare.StatementRef `json:"statement"`
			Line      int                  `json:"line"`
			Column    int                  `json:"column"`
			Pattern   string               `json:"pattern"`
			New       []string             `json:"newActions"`
		}
		js := struct {
			Catalog string      `json:"catalog"`
			From    string      `json:"from"`
			Actions int         `json:"fromActions"`
			Entries []jsonEntry `json:"drift"`
		}{c.Provenance().Package + " " + c.Provenance().Version, list.Source, list.Len(), []jsonEntry{}}
		for _, e := range entries {
			js.Entries = append(js.Entries, jsonEntry{e.Statement, e.Value.Range.Start.Line, e.Value.Range.Start.Column, e.Pattern, actionNames(e.New)})
		}
		err = writeJSON(bw, js)
	default:
		md := out == formatMarkdown
		if md {
			fmt.Fprintf(bw, "## Wildcard drift since %s\n\n", list.Source)
		} else {
			fmt.Fprintf(bw, "Wildcards matched against %s (%s) and the embedded catalog %s %s (%s)\n",
				list.Source, plural(list.Len(), "action"), c.Provenance().Package, c.Provenance().Version, plural(c.NumActions(), "action"))
		}
		if len(entries) == 0 {
			fmt.Fprintln(bw, "No wildcard matches an action the older list lacks.")
		}
		for _, e := range entries {
			verb := "grants"
			if e.Statement.Effect == "Deny" {
				verb = "denies"
			}
			if md {
				fmt.Fprintf(bw, "- `%s` (%s, %s) now also %s %s\n", e.Pattern, e.Statement.Label, e.Value.Range, verb, mdList(e.New))
				continue
			}
			fmt.Fprintf(bw, "%s: %s (%s) now also %s %s:\n", e.Value.Range, e.Pattern, e.Statement.Label, verb, plural(len(e.New), "action"))
			for _, a := range e.New {
				fmt.Fprintf(bw, "  %s (%s)\n", a, a.Level)
			}
		}
	}
	if err == nil {
		err = bw.Flush()
	}
	if err != nil {
		return err
	}
	if failOnNew && grants {
		return errFindings
	}
	return nil
}

func mdList(acts []*catalog.Action) string {
	var parts []string
	for _, a := range acts {
		parts = append(parts, "`"+a.String()+"` ("+a.Level.String()+")")
	}
	return strings.Join(parts, ", ")
}
