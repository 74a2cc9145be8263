package cli

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/leastpriv/leastpriv/catalog"
	"github.com/leastpriv/leastpriv/diag"
	"github.com/leastpriv/leastpriv/iam"
	"github.com/leastpriv/leastpriv/internal/extract"
	"github.com/leastpriv/leastpriv/lint"
	"github.com/leastpriv/leastpriv/lint/iamrules"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// lintInputs are the files lint reads from directories.
var lintInputs = inputOptions{exts: []string{".json", ".yaml", ".yml", ".template", ".md", ".markdown", ".html", ".htm", ".txt"}}

type lintFlags struct {
	format      *outputFormat
	failOn      string
	typ         string
	container   string
	inputFormat string
	config      string
	noConfig    bool
	disable     []string
	legacy      bool
	listRules   bool
	explain     string
	jobs        int
}

func newLintCmd(env *Env) *cobra.Command {
	var f lintFlags
	cmd := &cobra.Command{
		Use:   "lint [flags] FILE|DIR|-...",
		Short: "Check policies offline for errors, risks and waste, as Access Analyzer, Parliament and Cloudsplaining do",
		Long: `lint parses every policy strictly and runs leastpriv's rules over it: the
checks of IAM Access Analyzer's ValidatePolicy that can be decided offline
(with Access Analyzer's issue codes: INVALID_ACTION, REDUNDANT_ACTION,
PASS_ROLE_WITH_STAR_IN_RESOURCE, ...), Parliament's checks (unknown actions and
condition keys, resource mismatches, Resource "*"), Cloudsplaining's risk
categories (privilege escalation, credentials exposure, data exfiltration,
resource exposure, service wildcards), trust-policy checks and size quotas.

Inputs are policy files, directories (read recursively) and - for standard
input. Policies are also found inside documents: Markdown, HTML and text pages
(JSON in code fences, shell heredocs, action names listed in prose),
CloudFormation templates (JSON or YAML) and Terraform plans (terraform show
-json). Every finding points at the line and column of the original file.
Template placeholders (${MY_PREFIX}, <bucket>, intrinsic functions) are
reported and treated as unknown values.

Output: text (file:line:col: SEVERITY CODE: message, with a fix hint), json
(versioned), sarif (SARIF 2.1.0 for code scanning) or github (workflow
annotations). A summary goes to standard error.

Exit status: 0 when no finding reaches --fail-on, 3 when one does, 2 when an
input is not a valid policy or cannot be read (the other inputs are still
linted).

Findings can be suppressed in .leastpriv.yaml (read from the current directory,
or --config): every ignore needs a reason, and ignores that match nothing are
reported. Run 'leastpriv lint --list-rules' for every code and
'leastpriv lint --explain CODE' for one rule's documentation.`,
		Example: `  leastpriv lint examples/permissions.md
  leastpriv lint --type trust trust-policy.json
  leastpriv lint --format sarif policies/ > lint.sarif
  leastpriv lint --fail-on warning --format github docs/permissions.md
  terraform show -json plan.out | leastpriv lint --input-format terraform -
  leastpriv lint --explain PASS_ROLE_WITH_STAR_IN_RESOURCE`,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runLint(env, cmd.Flags(), args, &f)
		},
	}
	fl := cmd.Flags()
	f.format = addOutputFlag(cmd, formatText, formatJSON, formatSARIF, formatGitHub)
	fl.SetNormalizeFunc(func(_ *pflag.FlagSet, name string) pflag.NormalizedName {
		if name == "format" {
			name = "output"
		}
		return pflag.NormalizedName(name)
	})
	fl.StringVar(&f.failOn, "fail-on", "security-warning", "exit with code 3 when a finding is at least this `SEVERITY`: error|security-warning|warning|suggestion|none")
	fl.StringVarP(&f.typ, "type", "t", "auto", "policy `TYPE`: auto|identity|resource|trust|scp|rcp|boundary|session (auto: identity, or trust/resource when statements name principals)")
	fl.StringVar(&f.container, "container", "default", "where identity policies are stored, for size quotas: "+strings.Join(lint.ContainerNames(), "|"))
	fl.StringVar(&f.inputFormat, "input-format", "auto", "input `FORMAT`: "+strings.Join(extract.FormatNames(), "|"))
	fl.StringVar(&f.config, "config", "", "configuration `FILE` (default: "+defaultConfigFile+" in the current directory, if present)")
	fl.BoolVar(&f.noConfig, "no-config", false, "do not read "+defaultConfigFile)
	fl.StringSliceVar(&f.disable, "disable", nil, "`CODES` not to report (comma-separated)")
	fl.BoolVar(&f.legacy, "legacy", false, "accept old stored policies as AWS does (repeated Effect/Action/Resource)")
	fl.BoolVar(&f.listRules, "list-rules", false, "list every code lint reports (parser checks, rules, document extraction)")
	fl.StringVar(&f.explain, "explain", "", "print the documentation of one `CODE`")
	fl.IntVarP(&f.jobs, "jobs", "j", 0, "lint with `N` goroutines (default: one per CPU)")
	for name, vals := range map[string][]string{
		"type":         {"auto", "identity", "resource", "trust", "scp", "rcp", "boundary", "session"},
		"container":    lint.ContainerNames(),
		"input-format": extract.FormatNames(),
		"fail-on":      {"error", "security-warning", "warning", "suggestion", "none"},
	} {
		_ = cmd.RegisterFlagCompletionFunc(name, cobra.FixedCompletions(vals, cobra.ShellCompDirectiveNoFileComp))
	}
	return cmd
}

// catalogue lists every code lint reports.
func catalogue() []lint.Entry { return lint.Catalogue(iamrules.Suite, extract.Codes()) }

func runLint(env *Env, fl *pflag.FlagSet, args []string, f *lintFlags) error {
	if err := lint.Validate(iamrules.Suite); err != nil {
		return fmt.Errorf("rule suite: %w", err)
	}
	if f.listRules {
		return listRules(env.Stdout, *f.format)
	}
	if f.explain != "" {
		return explainRule(env.Stdout, f.explain)
	}
	if len(args) == 0 {
		return usageErrorf("no input given (name files, directories, or - for standard input)")
	}

	cfg, err := loadLintConfig(env, f)
	if err != nil {
		return err
	}
	settings, err := lintSettings(fl, f, cfg)
	if err != nil {
		return err
	}

	cat := catalog.Default()
	linter := &lint.Linter{Catalog: cat, Rules: iamrules.Suite, Disabled: settings.disabled}
	if cfg != nil {
		linter.Config = cfg.Lint
	}

	var sum summary
	var fileDiags diag.List
	var inputs []*lint.Input
	var linted []string
	reader := &lintReader{env: env, opts: lintInputs}
	sources := map[string][]byte{}
	for _, arg := range args {
		seen := len(reader.Errors)
		ins, err := reader.read(arg)
		if err != nil {
			return err
		}
		// A file that cannot be read is reported at once and counted; the
		// other files are still linted.
		for _, e := range reader.Errors[seen:] {
			fmt.Fprintf(env.Stderr, "leastpriv: %v\n", e)
			sum.Unreadable++
			sum.InputErrors = append(sum.InputErrors, e.Error())
		}
		for _, in := range ins {
			sources[in.Name] = in.Data
			sum.Files++
			linted = append(linted, in.Name)
			res := extract.File(in.Name, in.Data, extract.Options{
				Format: settings.format, Type: settings.typ, TypeFixed: settings.typeFixed,
				Container: settings.container, Legacy: f.legacy, Catalog: cat,
			})
			named := in.Name == arg || arg == "-"
			for _, d := range res.Diags {
				if d.Code == extract.CodeNoPolicy {
					sum.NoPolicy++
					if !named {
						continue // a page found by walking a directory
					}
				}
				if d.Severity == diag.Error {
					sum.Invalid++
				}
				fileDiags = append(fileDiags, d)
			}
			for _, li := range res.Inputs {
				if li.ActionsOnly {
					sum.ActionLists++
				} else {
					sum.Policies++
				}
			}
			inputs = append(inputs, res.Inputs...)
		}
	}

	for _, n := range reader.Notes {
		fmt.Fprintf(env.Stderr, "leastpriv: note: %s\n", n)
	}

	var findings diag.List
	for _, d := range fileDiags {
		if settings.disabled[d.Code] {
			continue
		}
		if linter.Config != nil {
			kept, n := linter.Config.Filter(d.Range.File, nil, diag.List{d})
			sum.Suppressed += n
			findings = append(findings, kept...)
			continue
		}
		findings = append(findings, d)
	}
	linter.LintEach(inputs, f.jobs, func(_ int, r lint.Result) {
		findings = append(findings, r.Diags...)
		sum.Suppressed += r.Suppressed
		if r.Invalid {
			sum.Invalid++
		}
	})
	if linter.Config != nil {
		findings = append(findings, linter.Config.Unused(linted)...)
	}
	findings.Sort()
	sum.count(findings, settings.failOn)

	r := &report{Tool: "leastpriv lint", Findings: findings, Summary: sum, Rules: catalogue(),
		Sources: func(file string) []byte { return sources[file] }}
	if err := writeFindings(env.Stdout, *f.format, r); err != nil {
		return err
	}
	if *f.format == formatText || *f.format == formatGitHub {
		fmt.Fprintln(env.Stderr, sum.line())
	}
	switch {
	case sum.Invalid > 0 || sum.Unreadable > 0:
		return errInputReported
	case sum.FailingCount > 0:
		return errFindings
	}
	return nil
}

// loadLintConfig reads --config, or .leastpriv.yaml when present. Problems
// are printed and reported as bad input.
func loadLintConfig(env *Env, f *lintFlags) (*lintConfig, error) {
	if f.noConfig && f.config != "" {
		return nil, usageErrorf("--config and --no-config are mutually exclusive")
	}
	name := f.config
	if name == "" && !f.noConfig {
		if _, err := os.Stat(defaultConfigFile); err == nil {
			name = defaultConfigFile
		}
	}
	if name == "" {
		return nil, nil
	}
	src, err := os.ReadFile(name)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, inputError(fmt.Errorf("cannot read configuration %s: %w", name, fs.ErrNotExist))
		}
		return nil, inputError(fmt.Errorf("cannot read configuration %s: %w", name, unwrapPathError(err)))
	}
	cfg, diags := parseLintConfig(name, src)
	if cfg != nil {
		cfg.Lint.Dir = filepath.Dir(name)
		canon := lint.Canonical(catalogue())
		diags = append(diags, cfg.Lint.Check(func(c string) bool { _, ok := canon(c); return ok })...)
		// Codes may be given by an alias (an earlier code, or Access
		// Analyzer's spelling of a parser code): match by the current one.
		for _, ig := range cfg.Lint.Ignores {
			for i, c := range ig.Codes {
				if cc, ok := canon(c); ok {
					ig.Codes[i] = cc
				}
			}
		}
		for i, c := range cfg.Disable {
			cc, ok := canon(c)
			if !ok {
				diags.Add(diag.Diagnostic{Range: diag.Range{File: name}, Code: lint.CodeConfigError, Severity: diag.Error,
					Message: fmt.Sprintf("disable names unknown code %q", c)})
				continue
			}
			cfg.Disable[i] = cc
		}
	}
	if len(diags) > 0 {
		diags.Sort()
		if err := writeText(env.Stderr, diags); err != nil {
			return nil, err
		}
		return nil, errInputReported
	}
	return cfg, nil
}

// lintRun holds the settings of one run, from flags and configuration.
type lintRun struct {
	typ       iam.Type
	typeFixed bool
	container lint.Container
	format    extract.Format
	failOn    *diag.Severity
	disabled  map[string]bool
}

func lintSettings(fl *pflag.FlagSet, f *lintFlags, cfg *lintConfig) (*lintRun, error) {
	s := &lintRun{disabled: map[string]bool{}}
	pick := func(flag, fromFlag, fromConfig string) string {
		if !fl.Changed(flag) && fromConfig != "" {
			return fromConfig
		}
		return fromFlag
	}
	var ct, co, fo string
	if cfg != nil {
		ct, co, fo = cfg.Type, cfg.Container, cfg.FailOn
		for _, c := range cfg.Disable {
			s.disabled[c] = true
		}
	}
	typ := pick("type", f.typ, ct)
	if typ != "auto" {
		t, ok := iam.ParseType(typ)
		if !ok {
			return nil, usageErrorf("unknown policy type %q (want auto, identity, resource, trust, scp, rcp, boundary or session)", typ)
		}
		s.typ, s.typeFixed = t, true
	}
	c, ok := lint.ParseContainer(pick("container", f.container, co))
	if !ok {
		return nil, usageErrorf("unknown container %q (want %s)", pick("container", f.container, co), strings.Join(lint.ContainerNames(), ", "))
	}
	s.container = c
	ifmt, ok := extract.ParseFormat(f.inputFormat)
	if !ok {
		return nil, usageErrorf("unknown input format %q (want %s)", f.inputFormat, strings.Join(extract.FormatNames(), ", "))
	}
	s.format = ifmt
	if v := pick("fail-on", f.failOn, fo); v != "none" {
		sev, err := diag.ParseSeverity(v)
		if err != nil {
			return nil, usageErrorf("--fail-on: %v", err)
		}
		s.failOn = &sev
	}
	canon := lint.Canonical(catalogue())
	for _, c := range f.disable {
		cc, ok := canon(strings.TrimSpace(c))
		if !ok {
			return nil, usageErrorf("--disable: unknown code %q (see leastpriv lint --list-rules)", strings.TrimSpace(c))
		}
		s.disabled[cc] = true
	}
	return s, nil
}

// listRules prints the catalogue of codes.
func listRules(w io.Writer, format outputFormat) error {
	entries := catalogue()
	if format == formatJSON {
		return writeJSON(w, struct {
			Version int          `json:"version"`
			Codes   []lint.Entry `json:"codes"`
		}{1, entries})
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "CODE\tSEVERITY\tSTAGE\tSAME AS\tTITLE")
	for _, e := range entries {
		anchor := e.Anchor
		if anchor == "" || anchor == "leastpriv" {
			anchor = "-"
		}
		if e.Source == "parser" && len(e.Aliases) > 0 {
			anchor += " (as " + strings.Join(e.Aliases, ", ") + ")"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", e.Code, e.Severity.FindingType(), e.Source, anchor, e.Title)
	}
	return tw.Flush()
}

// explainRule prints the documentation of one code.
func explainRule(w io.Writer, code string) error {
	code = strings.ToUpper(strings.TrimSpace(code))
	if c, ok := lint.Canonical(catalogue())(code); ok {
		code = c
	}
	for _, r := range iamrules.Suite {
		if r.Code != code {
			continue
		}
		var b strings.Builder
		fmt.Fprintf(&b, "%s (%s): %s\n\n", r.Code, r.Severity.FindingType(), r.Title)
		fmt.Fprintf(&b, "%s\n\n", strings.TrimSpace(r.Doc))
		if r.Hint != "" {
			fmt.Fprintf(&b, "Fix: %s\n\n", r.Hint)
		}
		types := "all policy types"
		if len(r.Types) > 0 {
			var ts []string
			for _, t := range r.Types {
				ts = append(ts, t.String())
			}
			types = strings.Join(ts, ", ") + " policies"
		}
		fmt.Fprintf(&b, "Applies to: %s. Same check as: %s.\n\n", types, r.Source)
		if len(r.Aliases) > 0 {
			fmt.Fprintf(&b, "Earlier code (still accepted in configuration and --disable): %s.\n\n", strings.Join(r.Aliases, ", "))
		}
		fmt.Fprintf(&b, "Bad (%s policy):\n\n%s\n\nGood:\n\n%s\n", r.ExampleType, indent(string(iamFormat(r.Bad, r.ExampleType))), indent(string(iamFormat(r.Good, r.ExampleType))))
		if len(r.URLs) > 0 {
			fmt.Fprintf(&b, "\nReferences:\n")
			for _, u := range r.URLs {
				fmt.Fprintf(&b, "  %s\n", u)
			}
		}
		_, err := io.WriteString(w, b.String())
		return err
	}
	i := slices.IndexFunc(catalogue(), func(e lint.Entry) bool { return e.Code == code })
	if i < 0 {
		if why, ok := iamrules.Unchecked[code]; ok {
			_, err := fmt.Fprintf(w, "%s: an IAM Access Analyzer check that leastpriv does not report.\n\n%s\n", code, why)
			return err
		}
		return usageErrorf("unknown code %q (see leastpriv lint --list-rules)", code)
	}
	e := catalogue()[i]
	_, err := fmt.Fprintf(w, "%s (%s): %s\n\nReported by the %s stage, before the rules run.\n", e.Code, e.Severity.FindingType(), e.Title, e.Source)
	if err == nil && len(e.Aliases) > 0 {
		_, err = fmt.Fprintf(w, "\nIAM Access Analyzer reports this check as %s; leastpriv accepts that code too.\n", strings.Join(e.Aliases, ", "))
	}
	if err == nil && e.URL != "" {
		_, err = fmt.Fprintf(w, "\nReference: %s\n", e.URL)
	}
	return err
}

// iamFormat returns an example policy in canonical form (as written when it
// does not parse).
func iamFormat(src string, t iam.Type) []byte {
	p, ds := iam.Parse("example", []byte(src), iam.ParseOptions{Type: t})
	if p == nil || ds.HasErrors() {
		return []byte(src)
	}
	return iam.Format(p)
}

func indent(s string) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	for i, l := range lines {
		lines[i] = "    " + l
	}
	return strings.Join(lines, "\n")
}
