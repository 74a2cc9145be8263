package cli

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"text/tabwriter"
	"unicode/utf8"

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

	// Find the files of every argument, then lint them on f.jobs workers,
	// each reading, extracting and linting one file at a time, so that
	// only findings outlive their file. Problems and results are reported
	// in argument and file order, as if the files had been read one after
	// the other.
	reader := &lintReader{env: env, opts: lintInputs}
	var lintArgs []*lintArg
	var files []*lintFile
	for _, arg := range args {
		a, err := reader.find(arg)
		if err != nil {
			// Report what the arguments before this one met, as reading
			// them one by one would have, and stop.
			for _, a := range lintArgs {
				for _, e := range a.errs {
					fmt.Fprintf(env.Stderr, "leastpriv: %v\n", e)
				}
				for _, lf := range a.files {
					if _, err := lf.read(); err != nil {
						fmt.Fprintf(env.Stderr, "leastpriv: %v\n", err)
					}
				}
			}
			return err
		}
		lintArgs = append(lintArgs, a)
		files = append(files, a.files...)
	}

	// Main collects garbage at four times the live heap. Over many files
	// the heap grows with the memos and the findings, and a page the heap
	// grows into can cost more than marking it again (a fault is about
	// 10 µs on a virtual machine): collect at three times (GOGC still wins).
	if len(files) >= manyFiles && os.Getenv("GOGC") == "" {
		defer debug.SetGCPercent(debug.SetGCPercent(200))
	}
	opts := extract.Options{
		Format: settings.format, Type: settings.typ, TypeFixed: settings.typeFixed,
		Container: settings.container, Legacy: f.legacy, Catalog: cat,
	}
	// SARIF and GitHub annotations count columns in characters: they need
	// the text of files that hold other characters than ASCII.
	keepSources := *f.format == formatSARIF || *f.format == formatGitHub
	results := make([]lintFileResult, len(files))
	eachIndex(len(files), f.jobs, func(i int) {
		results[i] = lintOne(linter, settings, opts, files[i], keepSources)
	})

	var sum summary
	var linted []string
	n := 0
	for i := range results {
		n += len(results[i].fileDiags) + len(results[i].found)
	}
	findings := make(diag.List, 0, n)
	sources := map[string][]byte{}
	k := 0
	for _, a := range lintArgs {
		// A file that cannot be read is reported and counted; the other
		// files are still linted.
		unreadable := func(e error) {
			fmt.Fprintf(env.Stderr, "leastpriv: %v\n", e)
			sum.Unreadable++
			sum.InputErrors = append(sum.InputErrors, e.Error())
		}
		for _, e := range a.errs {
			unreadable(e)
		}
		for range a.files {
			r := &results[k]
			k++
			if r.err != nil {
				unreadable(r.err)
				continue
			}
			sum.Files++
			linted = append(linted, files[k-1].name)
			if r.source != nil {
				sources[files[k-1].name] = r.source
			}
			sum.NoPolicy += r.noPolicy
			sum.Invalid += r.invalid
			sum.Policies += r.policies
			sum.ActionLists += r.actionLists
			sum.Suppressed += r.suppressed
			findings = append(findings, r.fileDiags...)
		}
	}

	for _, n := range reader.Notes {
		fmt.Fprintf(env.Stderr, "leastpriv: note: %s\n", n)
	}

	for i := range results {
		findings = append(findings, results[i].found...)
	}
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

// manyFiles is the number of files from which lint collects garbage more
// often (see runLint).
const manyFiles = 64

// lintFileResult is what linting one file gave.
type lintFileResult struct {
	err error // the file could not be read
	// fileDiags are the findings of extraction that are reported (not
	// disabled or suppressed); found are the findings of the file's
	// policies, in policy order.
	fileDiags, found      diag.List
	suppressed            int
	noPolicy, invalid     int
	policies, actionLists int
	source                []byte // kept for outputs that count characters
}

// lintOne reads, extracts and lints one file.
func lintOne(linter *lint.Linter, settings *lintRun, opts extract.Options, lf *lintFile, keepSource bool) lintFileResult {
	var r lintFileResult
	data, err := lf.read()
	if err != nil {
		r.err = err
		return r
	}
	if keepSource && !isASCII(data) {
		r.source = data
	}
	res := extract.File(lf.name, data, opts)
	for _, d := range res.Diags {
		if d.Code == extract.CodeNoPolicy {
			r.noPolicy++
			if !lf.named {
				continue // a page found by walking a directory
			}
		}
		if d.Severity == diag.Error {
			r.invalid++
		}
		if settings.disabled[d.Code] {
			continue
		}
		if linter.Config != nil {
			kept, n := linter.Config.Filter(d.Range.File, nil, diag.List{d})
			r.suppressed += n
			r.fileDiags = append(r.fileDiags, kept...)
			continue
		}
		r.fileDiags = append(r.fileDiags, d)
	}
	for _, in := range res.Inputs {
		if in.ActionsOnly {
			r.actionLists++
		} else {
			r.policies++
		}
		lr := linter.Lint(in)
		r.found = append(r.found, lr.Diags...)
		r.suppressed += lr.Suppressed
		if lr.Invalid {
			r.invalid++
		}
	}
	return r
}

// isASCII reports whether b holds only ASCII bytes.
func isASCII(b []byte) bool {
	for _, c := range b {
		if c >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// eachIndex calls f(i) for every i in [0, n), on up to workers goroutines
// (GOMAXPROCS when workers <= 0).
func eachIndex(n, workers int, f func(int)) {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	workers = min(workers, n)
	if workers <= 1 {
		for i := range n {
			f(i)
		}
		return
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				f(i)
			}
		})
	}
	wg.Wait()
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
