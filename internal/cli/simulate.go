package cli

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"

	"github.com/leastpriv/leastpriv/catalog"
	"github.com/leastpriv/leastpriv/eval"
	"github.com/leastpriv/leastpriv/iam"
	"github.com/spf13/cobra"
)

// defaultPrincipal is the caller of quick questions when --principal is not
// given: an IAM user, so that nothing but the given policies applies.
const defaultPrincipal = "arn:aws:iam::123456789012:user/simulated"

func newSimulateCmd(env *Env) *cobra.Command {
	var (
		policies, resPolicies, boundaries, sessions []string
		action, resource, principal, resAccount     string
		contextKVs                                  []string
		scenarios, service                          string
		workers                                     int
	)
	cmd := &cobra.Command{
		Use:   "simulate --policy FILE... --action ACTION --resource ARN | --scenarios FILE.jsonl | --policy FILE --actions-from-catalog SERVICE",
		Short: "Decide AWS requests offline: Allow, ExplicitDeny or ImplicitDeny, and the statements that decided",
		Long: `Simulate evaluates requests against policies with AWS's policy evaluation
logic, offline: identity-based and resource-based policies (same-account union,
cross-account intersection), permissions boundaries, session policies, SCPs and
RCPs level by level, role trust and KMS key policies, and the root user.

Quick questions: --policy names identity-based policies (repeatable),
--action and --resource the request, --context adds request context keys
(KEY=VALUE, repeat a key for several values). --principal sets the caller
(default ` + defaultPrincipal + `); --resource-policy,
--boundary and --session-policy add those policy types.

Scenarios: --scenarios FILE.jsonl (or - for stdin) reads one scenario per
line and writes one result per scenario, in order (-o json: one JSON object
a line; -o text: the decision explained with the file:line:col of the
deciding statements). Scenarios are decided in parallel and streamed, so
memory stays bounded on any number of them. An invalid scenario yields
{"name": ..., "error": ...} on its line; the batch goes on and the exit code
is 2 at the end. A scenario is one JSON object:

  {"name": "echoed back",
   "action": "s3:GetObject",
   "principal": {"arn": "user, role, role session, federated user, root ARN,
                         service principal, or \"anonymous\"",
                 "tags": {}, "identityPolicies": [], "permissionsBoundary": {},
                 "sessionPolicies": [], "federatedBy": "IAM user ARN"},
   "resource": {"arn": "ARN, or \"*\"", "account": "12 digits", "policy": {},
                "tags": {}},
   "context": {"aws:SourceIp": "203.0.113.7", "aws:TagKeys": ["a", "b"]},
   "organization": {"managementAccount": "12 digits",
                    "scps": [[root policies], [OU policies], [account policies]],
                    "rcps": [[...], ...]}}

resource.account defaults to the ARN's account (give it for S3); "*" and "?"
in a request ARN are literal; sessionPolicies present, even empty, makes the
caller a session; resource.policy is the bucket or key policy, or the trust
policy for sts:AssumeRole*; each organization level lists every policy
attached there (FullAWSAccess included), and an absent scps or rcps means
none applies. The engine derives aws:PrincipalArn, aws:PrincipalAccount,
aws:username, aws:PrincipalType, aws:PrincipalTag/*, aws:ResourceTag/* and
aws:ResourceAccount; context overrides and extends them, and is the only
source of keys such as aws:PrincipalOrgID or aws:MultiFactorAuthPresent.

Matrix: --actions-from-catalog SERVICE prints the decision for every action
of the service in the embedded catalog, on --resource (default "*": the
request names the literal resource "*", which only Resource "*" and
wildcards that match it cover).`,
		Example: `  leastpriv simulate --policy examples/policy.json --action s3:GetObject --resource arn:aws:s3:::bucket/key
  leastpriv simulate --policy p.json --action ec2:RunInstances --resource '*' --context aws:RequestedRegion=eu-west-1
  leastpriv simulate --scenarios requests.jsonl -o json
  leastpriv simulate --policy p.json --actions-from-catalog s3`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			out := outputFormat(cmd.Flags().Lookup("output").Value.String())
			switch {
			case scenarios != "":
				if len(policies)+len(resPolicies)+len(boundaries)+len(sessions) > 0 || action != "" || service != "" {
					return usageErrorf("--scenarios carries its own policies and requests: do not combine it with --policy, --action or --actions-from-catalog")
				}
				return runScenarios(cmd, env, scenarios, workers, out)
			case service != "" && action != "":
				return usageErrorf("give --action or --actions-from-catalog, not both")
			case service == "" && action == "":
				return usageErrorf("give --action (with --resource), --actions-from-catalog SERVICE, or --scenarios FILE")
			}
			set, err := loadSet(env, policies, resPolicies, boundaries, sessions, resource)
			if err != nil {
				return err
			}
			ctx, err := parseContext(contextKVs)
			if err != nil {
				return err
			}
			if resAccount == "" {
				// Quick questions default the owner of an ARN without an
				// account (S3) to the caller's account.
				if a, err := eval.ParseARN(resource); err == nil && a.Account == "" {
					if p, err := eval.ParseARN(principal); err == nil {
						resAccount = p.Account
					}
				}
			}
			base := eval.Request{
				Principal:       eval.Principal{ARN: principal},
				Resource:        resource,
				ResourceAccount: resAccount,
				Context:         ctx,
			}
			if service != "" {
				return runMatrix(env, set, base, service, out)
			}
			if resource == "" {
				return usageErrorf("--action needs --resource (an ARN, or '*' for actions that accept only \"*\")")
			}
			base.Action = action
			if catalog.Default().Action(action) == nil {
				return inputError(fmt.Errorf("unknown action %q: not in the embedded AWS catalog", action))
			}
			res, err := eval.Decide(set, &base)
			if err != nil {
				return inputError(err)
			}
			if out == formatJSON {
				return writeJSON(env.Stdout, eval.NewOutput("", res, nil))
			}
			fmt.Fprintf(env.Stdout, "%s on %s by %s: ", action, resource, principal)
			return eval.Explain(env.Stdout, res)
		},
	}
	f := cmd.Flags()
	f.StringArrayVarP(&policies, "policy", "p", nil, "identity-based policy `FILE` (or directory, or - for stdin); repeatable")
	f.StringArrayVar(&resPolicies, "resource-policy", nil, "resource-based `FILE` (bucket or key policy; the trust policy for sts:AssumeRole*)")
	f.StringArrayVar(&boundaries, "boundary", nil, "permissions boundary `FILE`")
	f.StringArrayVar(&sessions, "session-policy", nil, "session policy `FILE` (the caller is then a session); repeatable")
	f.StringVar(&action, "action", "", "the request's `ACTION`, such as s3:GetObject")
	f.StringVar(&resource, "resource", "", "the request's resource `ARN`, or '*' for actions that accept only \"*\"")
	f.StringVar(&resAccount, "resource-account", "", "the `ACCOUNT` owning the resource (default: the ARN's, else the caller's)")
	f.StringVar(&principal, "principal", defaultPrincipal, "the caller's `ARN` (user, role session, federated user, root, service principal or anonymous)")
	f.StringArrayVar(&contextKVs, "context", nil, "request context `KEY=VALUE`; repeat a key for several values")
	f.StringVar(&scenarios, "scenarios", "", "scenario `FILE` (.jsonl, one scenario a line; - for stdin)")
	f.StringVar(&service, "actions-from-catalog", "", "decide every action of `SERVICE` (a catalog prefix such as s3)")
	f.IntVar(&workers, "workers", 0, "goroutines deciding scenarios (default: one per CPU)")
	addOutputFlag(cmd, formatText, formatJSON)
	return cmd
}

// loadSet parses the policy files of a quick question.
func loadSet(env *Env, policies, resPolicies, boundaries, sessions []string, resource string) (*eval.Set, error) {
	set := &eval.Set{}
	load := func(files []string, typ iam.Type, what string) ([]*eval.Policy, error) {
		if len(files) == 0 {
			return nil, nil
		}
		ins, err := readInputs(env, files, jsonInputs)
		if err != nil {
			return nil, err
		}
		var out []*eval.Policy
		bad := false
		for _, in := range ins {
			p, diags := iam.Parse(in.Name, in.Data, iam.ParseOptions{Type: typ})
			diags.Sort()
			if diags.HasErrors() || p == nil {
				_ = diags.Errors().Print(env.Stderr)
				bad = true
				continue
			}
			cp, cd := eval.Compile(p, in.Name)
			if cd.HasErrors() {
				_ = cd.Errors().Print(env.Stderr)
				bad = true
				continue
			}
			out = append(out, cp)
		}
		if bad {
			return nil, errInputReported
		}
		return out, nil
	}
	var err error
	if set.Identity, err = load(policies, iam.Identity, "identity"); err != nil {
		return nil, err
	}
	resType := iam.Resource
	if strings.Contains(resource, ":iam::") && strings.Contains(resource, ":role/") {
		resType = iam.Trust
	}
	rs, err := load(resPolicies, resType, "resource")
	if err != nil {
		return nil, err
	}
	switch len(rs) {
	case 0:
	case 1:
		set.Resource = rs[0]
	default:
		return nil, usageErrorf("a resource has one resource-based policy: got %d", len(rs))
	}
	bs, err := load(boundaries, iam.Boundary, "boundary")
	if err != nil {
		return nil, err
	}
	switch len(bs) {
	case 0:
	case 1:
		set.Boundary = bs[0]
	default:
		return nil, usageErrorf("a user or role has at most one permissions boundary: got %d", len(bs))
	}
	if set.Session, err = load(sessions, iam.Session, "session"); err != nil {
		return nil, err
	}
	set.Sessioned = len(sessions) > 0
	return set, nil
}

// parseContext turns KEY=VALUE flags into context values.
func parseContext(kvs []string) (map[string][]string, error) {
	if len(kvs) == 0 {
		return nil, nil
	}
	ctx := map[string][]string{}
	canon := map[string]string{}
	for _, kv := range kvs {
		k, v, ok := strings.Cut(kv, "=")
		if !ok || k == "" {
			return nil, usageErrorf("--context %q: want KEY=VALUE", kv)
		}
		lk := strings.ToLower(k)
		if c, seen := canon[lk]; seen {
			k = c
		}
		canon[lk] = k
		ctx[k] = append(ctx[k], v)
	}
	return ctx, nil
}

// runMatrix decides every action of a service.
func runMatrix(env *Env, set *eval.Set, base eval.Request, service string, out outputFormat) error {
	svc := catalog.Default().Service(service)
	if svc == nil {
		return inputError(fmt.Errorf("unknown service %q: not in the embedded AWS catalog", service))
	}
	if base.Resource == "" {
		base.Resource = "*"
	}
	bw := bufio.NewWriter(env.Stdout)
	tw := tabwriter.NewWriter(bw, 0, 4, 2, ' ', 0)
	if out == formatText {
		fmt.Fprintf(tw, "ACTION\tDECISION\tDECIDED BY\n")
	}
	for _, a := range svc.Actions {
		req := base
		req.Action = a.String()
		res, err := eval.Decide(set, &req)
		if err != nil {
			return inputError(err)
		}
		if out == formatJSON {
			line, err := eval.NewOutput(req.Action, res, nil).MarshalJSONLine()
			if err != nil {
				return err
			}
			bw.Write(line)
			continue
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\n", req.Action, res.Decision, matrixWhy(res))
	}
	if out == formatText {
		if err := tw.Flush(); err != nil {
			return err
		}
	}
	return bw.Flush()
}

// matrixWhy is the short "decided by" column: the first deciding statement
// or the missing policy type.
func matrixWhy(res eval.Result) string {
	if len(res.Reasons) == 0 {
		if res.Decision == eval.Allow {
			return "root user"
		}
		return "-"
	}
	r := res.Reasons[0]
	if r.Kind == eval.Missing {
		return "no Allow in " + r.Type.String() + " policies"
	}
	s := r.Range.String()
	if r.Sid != "" {
		s += " " + r.Sid
	}
	if n := len(res.Reasons) - 1; n > 0 {
		s += fmt.Sprintf(" (+%d)", n)
	}
	return s
}

// runScenarios streams a scenario file through eval.RunBatch.
func runScenarios(cmd *cobra.Command, env *Env, file string, workers int, out outputFormat) error {
	var r io.Reader
	name := file
	if file == "-" {
		r, name = env.Stdin, "<stdin>"
	} else {
		f, err := os.Open(file)
		if err != nil {
			return inputError(fmt.Errorf("cannot read %s: %w", file, unwrapPathError(err)))
		}
		defer f.Close()
		r = f
	}
	cat := catalog.Default()
	check := func(sc *eval.Scenario) error {
		if cat.Action(sc.Request.Action) == nil {
			return fmt.Errorf("unknown action %q: not in the embedded AWS catalog", sc.Request.Action)
		}
		return nil
	}
	// Results are rendered on the workers; the emitter only writes them, in
	// order.
	encode := func(br *eval.BatchResult) ([]byte, error) {
		if out == formatJSON {
			return eval.NewOutput(br.Name, br.Result, br.Err).MarshalJSONLine()
		}
		var b strings.Builder
		label := br.Name
		if label == "" {
			label = fmt.Sprintf("line %d", br.Line)
		}
		if br.Err != nil {
			fmt.Fprintf(&b, "%s: error: %v\n", label, br.Err)
			return []byte(b.String()), nil
		}
		fmt.Fprintf(&b, "%s: ", label)
		err := eval.Explain(&b, br.Result)
		return []byte(b.String()), err
	}
	bw := bufio.NewWriterSize(env.Stdout, 64<<10)
	failed := 0
	err := eval.RunBatch(cmd.Context(), r, eval.BatchOptions{File: name, Workers: workers, Check: check, Encode: encode}, func(br eval.BatchResult) error {
		if br.Err != nil {
			failed++
		}
		_, err := bw.Write(br.Encoded)
		return err
	})
	if ferr := bw.Flush(); err == nil {
		err = ferr
	}
	if err != nil {
		return inputError(err)
	}
	if failed > 0 {
		fmt.Fprintf(env.Stderr, "leastpriv: %d invalid scenario(s)\n", failed)
		return errInputReported
	}
	return nil
}
