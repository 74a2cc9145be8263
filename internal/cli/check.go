package cli

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/leastpriv/leastpriv/catalog"
	"github.com/leastpriv/leastpriv/compare"
	"github.com/leastpriv/leastpriv/iam"
	"github.com/spf13/cobra"
)

func newCheckCmd(env *Env) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "check no-new-access|access-not-granted|no-public-access",
		Short: "Offline custom policy checks with IAM Access Analyzer's semantics: PASS or FAIL",
		Long: `Check runs the custom policy checks of IAM Access Analyzer offline, for CI:

  no-new-access       does the policy allow anything the reference does not?
                      (CheckNoNewAccess)
  access-not-granted  does the policy allow none of the given actions and
                      resources? (CheckAccessNotGranted)
  no-public-access    can a resource policy grant public access to a resource
                      of the given type? (CheckNoPublicAccess)

Each prints PASS or FAIL per policy, with the statements responsible for a
FAIL. As with Access Analyzer, FAIL means the policy might allow the access:
the checks are sound (a PASS is only given when it holds) and answer FAIL
when a condition makes the answer depend on the request, or when the access
exists only if a resource name held a ':' where AWS documents none (a '*'
that ends a component of a pattern may match across colons: the volume
"volume/x:instance/y" for "arn:aws:ec2:*:*:instance/*"). Such reasons say
so, with an example name ("colonOnly" in JSON).

Exit codes: 0 when every policy passes, 3 when one fails, 2 for bad input.`,
		Example: `  leastpriv check no-new-access --reference approved.json policy.json
  leastpriv check access-not-granted --actions iam:PassRole,iam:CreateAccessKey policy.json
  leastpriv check no-public-access --type s3-bucket bucket-policy.json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return usageErrorf("name a check: no-new-access, access-not-granted or no-public-access")
		},
	}
	cmd.AddCommand(newCheckNoNewAccessCmd(env), newCheckAccessNotGrantedCmd(env), newCheckNoPublicAccessCmd(env))
	return cmd
}

// A checked policy and its result.
type checkRun struct {
	file   string
	result compare.CheckResult
}

// writeChecks prints the results and returns errFindings when one fails.
func writeChecks(env *Env, check string, runs []checkRun, out outputFormat) error {
	bw := bufio.NewWriter(env.Stdout)
	failed := false
	for _, r := range runs {
		failed = failed || !r.result.Pass
	}
	var err error
	if out == formatJSON {
		type jsonReason struct {
			Description    string `json:"description"`
			StatementIndex int    `json:"statementIndex"`
			StatementID    string `json:"statementId,omitempty"`
			File           string `json:"file"`
			Line           int    `json:"line"`
			Column         int    `json:"column"`
			// ColonOnly: the statement fails the check only if a resource
			// name held a ':' that AWS does not document for it.
			ColonOnly bool `json:"colonOnly,omitempty"`
		}
		type jsonResult struct {
			File    string       `json:"file"`
			Result  string       `json:"result"`
			Message string       `json:"message"`
			Reasons []jsonReason `json:"reasons"`
		}
		js := struct {
			Check   string       `json:"check"`
			Result  string       `json:"result"`
			Results []jsonResult `json:"results"`
		}{Check: check, Result: "PASS", Results: []jsonResult{}}
		if failed {
			js.Result = "FAIL"
		}
		for _, r := range runs {
			jr := jsonResult{File: r.file, Result: r.result.Result, Message: r.result.Message, Reasons: []jsonReason{}}
			for _, rs := range r.result.Reasons {
				st := rs.Statement
				jr.Reasons = append(jr.Reasons, jsonReason{rs.Description, st.Index, st.Sid, st.File, st.Range.Start.Line, st.Range.Start.Column, rs.ColonOnly})
			}
			js.Results = append(js.Results, jr)
		}
		err = writeJSON(bw, js)
	} else {
		writeCheckText(bw, runs)
	}
	if err == nil {
		err = bw.Flush()
	}
	if err != nil {
		return err
	}
	if failed {
		return errFindings
	}
	return nil
}

func writeCheckText(w io.Writer, runs []checkRun) {
	for _, r := range runs {
		fmt.Fprintf(w, "%s: %s: %s\n", r.file, r.result.Result, r.result.Message)
		for _, rs := range r.result.Reasons {
			fmt.Fprintf(w, "  %s (%s): %s\n", rs.Statement.Range, rs.Statement.Label, rs.Description)
		}
	}
}

func newCheckNoNewAccessCmd(env *Env) *cobra.Command {
	var (
		pf   policyFlags
		vars varFlags
		refs []string
	)
	cmd := &cobra.Command{
		Use:   "no-new-access --reference REF.json POLICY...",
		Short: "PASS when the policy allows nothing the reference policy does not",
		Long: `No-new-access compares each POLICY with the reference policy (several
--reference files are taken together) and answers PASS when the policy
provably allows nothing the reference does not, FAIL otherwise, with the
statements that may add access and why: resources the reference does not
allow (with an example), conditions or principals not provably within the
reference's (conditional, with the condition), requests a Deny of the
reference blocks, or wildcards that match actions outside the catalog. This
is Access Analyzer's CheckNoNewAccess
(https://docs.aws.amazon.com/access-analyzer/latest/APIReference/API_CheckNoNewAccess.html),
offline: what each side allows is compared, so a reference may be "allow
everything but these actions on these resources" (Allow * and a Deny), which
a policy passes when it allows none of them, Deny or not. "leastpriv diff"
shows the full comparison, dropped Deny statements included.`,
		Example: `  leastpriv check no-new-access --reference approved.json policy.json
  leastpriv check no-new-access --reference no-sensitive-bucket.json policies/
  leastpriv check no-new-access --reference ref.json --type resource bucket-policy.json -o json`,
		RunE: func(cmd *cobra.Command, args []string) error {
			out := outputFormat(cmd.Flags().Lookup("output").Value.String())
			if len(refs) == 0 {
				return usageErrorf("no-new-access needs --reference")
			}
			if len(args) == 0 {
				return usageErrorf("no policy given (name a file, a directory or - for stdin)")
			}
			if err := vars.parse(); err != nil {
				return err
			}
			opts, err := pf.options()
			if err != nil {
				return err
			}
			ld := newLoader(env, opts, &vars)
			ref := ld.load(refs)
			ps := ld.load(args)
			if err := ld.finish(); err != nil {
				return err
			}
			c := catalog.Default()
			var runs []checkRun
			for _, p := range ps {
				runs = append(runs, checkRun{p.File, compare.NoNewAccess(c, ref, []*iam.Policy{p})})
			}
			return writeChecks(env, "no-new-access", runs, out)
		},
	}
	pf.register(cmd, false)
	vars.register(cmd)
	addOutputFlag(cmd, formatText, formatJSON)
	cmd.Flags().StringArrayVarP(&refs, "reference", "r", nil, "the reference (existing, approved) policy `FILE`; repeatable")
	return cmd
}

func newCheckAccessNotGrantedCmd(env *Env) *cobra.Command {
	var (
		pf        policyFlags
		vars      varFlags
		actions   []string
		resources []string
	)
	cmd := &cobra.Command{
		Use:   "access-not-granted --actions A,B --resources R1,R2 POLICY...",
		Short: "PASS when the policy allows none of the given actions on the given resources",
		Long: `Access-not-granted answers PASS when each POLICY provably allows none of the
given access, FAIL (with the statements that might allow it) otherwise, with
the semantics of Access Analyzer's CheckAccessNotGranted
(https://docs.aws.amazon.com/access-analyzer/latest/APIReference/API_CheckAccessNotGranted.html):
with only --actions, none of the actions on any resource; with only
--resources, no action on any of the resources; with both, none of the
actions on any of the resources. Actions may be patterns ("iam:*AccessKey*");
resources are ARNs or ARN patterns. Deny statements that apply to all of an
Allow statement's requests are taken into account; conditions are assumed
satisfiable, so an Allow under a condition is a FAIL.`,
		Example: `  leastpriv check access-not-granted --actions iam:PassRole policy.json
  leastpriv check access-not-granted --actions 's3:Delete*' --resources 'arn:aws:s3:::prod-*' policy.json
  leastpriv check access-not-granted --resources arn:aws:kms:us-east-1:111122223333:key/k1 policies/`,
		RunE: func(cmd *cobra.Command, args []string) error {
			out := outputFormat(cmd.Flags().Lookup("output").Value.String())
			if len(actions) == 0 && len(resources) == 0 {
				return usageErrorf("access-not-granted needs --actions, --resources or both")
			}
			if len(args) == 0 {
				return usageErrorf("no policy given (name a file, a directory or - for stdin)")
			}
			c := catalog.Default()
			for _, a := range actions {
				svc, name, ok := strings.Cut(a, ":")
				if a != "*" && (!ok || svc == "" || name == "" || strings.Count(a, ":") > 1) {
					return usageErrorf("--actions %q: want service:Action (wildcards allowed)", a)
				}
				if c.Match(a).IsEmpty() && !strings.ContainsAny(a, "*?") {
					fmt.Fprintf(env.Stderr, "leastpriv: warning: --actions %s: not an action of the catalog; checked as written\n", a)
				}
			}
			for _, r := range resources {
				if r != "*" && !strings.HasPrefix(r, "arn:") {
					return usageErrorf("--resources %q: want an ARN (or ARN pattern) or *", r)
				}
			}
			if err := vars.parse(); err != nil {
				return err
			}
			opts, err := pf.options()
			if err != nil {
				return err
			}
			ld := newLoader(env, opts, &vars)
			ps := ld.load(args)
			if err := ld.finish(); err != nil {
				return err
			}
			var runs []checkRun
			for _, p := range ps {
				runs = append(runs, checkRun{p.File, compare.AccessNotGranted(c, []*iam.Policy{p}, actions, resources)})
			}
			return writeChecks(env, "access-not-granted", runs, out)
		},
	}
	pf.register(cmd, false)
	vars.register(cmd)
	addOutputFlag(cmd, formatText, formatJSON)
	cmd.Flags().StringSliceVar(&actions, "actions", nil, "actions that must not be allowed (`A,B`, patterns allowed); repeatable")
	cmd.Flags().StringSliceVar(&resources, "resources", nil, "resources that must not be accessible (`R1,R2`, ARN patterns allowed); repeatable")
	_ = cmd.RegisterFlagCompletionFunc("actions", completeActionPatterns)
	return cmd
}

func newCheckNoPublicAccessCmd(env *Env) *cobra.Command {
	var (
		legacy bool
		vars   varFlags
		typ    string
	)
	var names []string
	for _, t := range compare.ResourceTypes {
		names = append(names, t.Name)
	}
	cmd := &cobra.Command{
		Use:   "no-public-access --type RESOURCE-TYPE POLICY...",
		Short: "PASS when a resource policy cannot grant public access",
		Long: `No-public-access answers, for each resource-based POLICY, PASS when it
cannot grant public access to a resource of the given type and FAIL
otherwise, with the semantics of Access Analyzer's CheckNoPublicAccess
(https://docs.aws.amazon.com/access-analyzer/latest/APIReference/API_CheckNoPublicAccess.html).

An Allow statement grants public access when it covers actions of the
resource's service, names callers anyone can be (Principal "*", NotPrincipal,
a wildcard, or a web identity provider whose audience or subject no
condition pins) and no condition confines the caller to specific accounts,
organizations, services or VPC endpoints (aws:PrincipalOrgID,
aws:PrincipalAccount, aws:SourceAccount, aws:SourceVpce, ... with specific
values) — unless a Deny statement for everyone, covering the same actions
and resources, denies every caller outside such a set. An IP range alone does
not make access private.

Resource types: ` + strings.Join(names, ", ") + `
(Access Analyzer's names, such as AWS::S3::Bucket, work too).`,
		Example: `  leastpriv check no-public-access --type s3-bucket bucket-policy.json
  leastpriv check no-public-access --type kms-key key-policy.json -o json
  leastpriv check no-public-access --type iam-trust trust-policy.json`,
		RunE: func(cmd *cobra.Command, args []string) error {
			out := outputFormat(cmd.Flags().Lookup("output").Value.String())
			if typ == "" {
				return usageErrorf("no-public-access needs --type (one of %s)", strings.Join(names, ", "))
			}
			t, ok := compare.LookupResourceType(typ)
			if !ok {
				return usageErrorf("unknown resource type %q (want one of %s)", typ, strings.Join(names, ", "))
			}
			if len(args) == 0 {
				return usageErrorf("no policy given (name a file, a directory or - for stdin)")
			}
			if err := vars.parse(); err != nil {
				return err
			}
			opts := iam.ParseOptions{Type: iam.Resource, Legacy: legacy}
			if t.Trust {
				opts.Type = iam.Trust
			}
			ld := newLoader(env, opts, &vars)
			ps := ld.load(args)
			if err := ld.finish(); err != nil {
				return err
			}
			c := catalog.Default()
			var runs []checkRun
			for _, p := range ps {
				runs = append(runs, checkRun{p.File, compare.NoPublicAccess(c, p, t)})
			}
			return writeChecks(env, "no-public-access", runs, out)
		},
	}
	cmd.Flags().StringVar(&typ, "type", "", "the resource `TYPE` the policy is attached to: "+strings.Join(names, "|"))
	cmd.Flags().BoolVar(&legacy, "legacy", false, "accept old stored policies as AWS does (last Effect wins, repeated Action/Resource merged), with a warning")
	_ = cmd.RegisterFlagCompletionFunc("type", cobra.FixedCompletions(names, cobra.ShellCompDirectiveNoFileComp))
	vars.register(cmd)
	addOutputFlag(cmd, formatText, formatJSON)
	return cmd
}
