package compare

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/leastpriv/leastpriv/catalog"
	"github.com/leastpriv/leastpriv/eval"
	"github.com/leastpriv/leastpriv/iam"
	"github.com/leastpriv/leastpriv/internal/glob"
)

// This file cross-checks the comparison with the evaluation engine: for
// generated pairs of policies, whenever NoNewAccess passes, no sampled
// request is allowed by NEW and denied by OLD according to eval.Decide; and
// whenever Diff reports nothing NEW grants for an action (no Added, Wider or
// Looser change for it, and no Future change for actions outside the
// catalog), no sampled request for that action is.

type gen struct {
	r *rand.Rand
	// resource makes statements of resource-based policies (with a
	// Principal).
	resource bool
}

func (g *gen) pick(xs ...string) string { return xs[g.r.IntN(len(xs))] }
func (g *gen) chance(p float64) bool    { return g.r.Float64() < p }

var (
	propActionPatterns = []string{"s3:GetObject", "s3:Get*", "s3:*", "s3:PutObject", "s3:ListBucket", "s3:List*", "ec2:DescribeInstances",
		"ec2:Describe*", "iam:PassRole", "sqs:SendMessage", "*", "s3:G?tObject", "kms:Decrypt", "S3:getobject", "s3:GetFutureThing", "kms:*"}
	propResources = []string{"*", "arn:aws:s3:::b/*", "arn:aws:s3:::b/k", "arn:aws:s3:::*", "arn:aws:s3:::b", "arn:aws:s3:::b*",
		"arn:aws:s3:::b/${aws:username}/*", "arn:aws:iam::111122223333:role/r*", "arn:aws:iam::*:role/*", "arn:aws:sqs:*:111122223333:*",
		"arn:aws:sqs:us-east-1:111122223333:q", "arn:aws:kms:*:*:key/*", "arn:aws:s3:::b/${*}", "arn:aws:s3:::b/a?", "arn:*:s3:::b/*",
		"arn:aws:s3:::*/k", "arn:aws:kms:us-east-1:111122223333:key/k1", "arn:aws:s3:::b/${aws:PrincipalTag/team, 'shared'}/*",
		"arn:aws:s3:::b:k", "arn:aws:s3:::b?k", "arn:aws:s3:::b*k", "arn:aws:s3:::b/x:y/k", "arn:aws:s3:::b/*/k", "arn:aws:s3:::b/x?y/k",
		"arn:aws:s3:::b/*${aws:username}",
		// Patterns that reach names only with a ':' that AWS does not
		// document (a queue, a key, a bucket), or one it does (an IAM path).
		"arn:aws:sqs:*:111122223333:q:*", "arn:aws:kms:*:*:key/k1:*", "arn:aws:s3:::b:*", "arn:aws:iam::*:role/p:*",
		"arn:aws:ec2:*:*:instance/*"}
	propConditions = []string{
		`{"StringEquals": {"aws:PrincipalTag/team": "blue"}}`,
		`{"StringEquals": {"aws:PrincipalTag/team": ["blue", "red"]}}`,
		`{"StringNotEquals": {"aws:PrincipalTag/team": "red"}}`,
		`{"StringNotEquals": {"aws:PrincipalTag/team": ["blue", "red"]}}`,
		`{"StringLike": {"s3:prefix": "home/*"}}`,
		`{"StringLike": {"s3:prefix": "home/a*"}}`,
		`{"StringEquals": {"s3:prefix": "home/a"}}`,
		`{"StringEqualsIfExists": {"s3:prefix": "home/a"}}`,
		`{"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}}`,
		`{"IpAddress": {"aws:SourceIp": "10.1.0.0/16"}}`,
		`{"NotIpAddress": {"aws:SourceIp": "10.1.0.0/16"}}`,
		`{"NumericLessThan": {"s3:max-keys": "10"}}`,
		`{"NumericLessThanEquals": {"s3:max-keys": "5"}}`,
		`{"NumericGreaterThan": {"s3:max-keys": "4"}}`,
		`{"Bool": {"aws:SecureTransport": "true"}}`,
		`{"Bool": {"aws:SecureTransport": "false"}}`,
		`{"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}}`,
		`{"Bool": {"aws:MultiFactorAuthPresent": "true"}}`,
		`{"Null": {"aws:MultiFactorAuthPresent": "true"}}`,
		`{"Null": {"s3:prefix": "false"}}`,
		`{"ForAnyValue:StringEquals": {"aws:TagKeys": ["env", "cost"]}}`,
		`{"ForAllValues:StringEquals": {"aws:TagKeys": ["env"]}}`,
		`{"ForAllValues:StringLike": {"aws:TagKeys": ["e*", "c*"]}}`,
		`{"StringEquals": {"aws:PrincipalTag/team": "${aws:username}"}}`,
		`{"ArnLike": {"aws:SourceArn": "arn:aws:sns:*:111122223333:*"}}`,
		`{"ArnLike": {"aws:SourceArn": "arn:aws:sns:us-east-1:111122223333:t*"}}`,
		`{"StringEqualsIgnoreCase": {"aws:PrincipalTag/team": "BLUE"}}`,
		`{"DateLessThan": {"aws:CurrentTime": "2030-01-01T00:00:00Z"}}`,
		`{"DateLessThan": {"aws:CurrentTime": "2020-01-01"}}`,
		`{"StringLike": {"s3:prefix": "home/${aws:username}/*"}}`,
		`{"ForAllValues:StringNotEquals": {"aws:TagKeys": ["owner"]}}`,
		`{"ForAnyValue:StringNotLike": {"aws:TagKeys": ["e*"]}}`,
		`{"StringNotEqualsIfExists": {"aws:PrincipalTag/team": "red"}}`,
		`{"NumericGreaterThanEquals": {"s3:max-keys": "5"}}`,
		`{"ArnLike": {"aws:PrincipalArn": "arn:aws:iam::111122223333:user/*"}}`,
		`{"Null": {"aws:PrincipalTag/team": "false"}}`,
	}
	propRequestActions = []string{"s3:GetObject", "s3:PutObject", "s3:ListBucket", "s3:GetBucketPolicy", "ec2:DescribeInstances", "iam:PassRole",
		"sqs:SendMessage", "kms:Decrypt", "s3:ListAllMyBuckets", "s3:GetFutureThing", "ec2:DescribeFutureThings", "kms:FutureOp"}
	propRequestResources = []string{"*", "arn:aws:s3:::b/k", "arn:aws:s3:::b/alice/x", "arn:aws:s3:::b/shared/x", "arn:aws:s3:::b/blue/x",
		"arn:aws:s3:::b/*", "arn:aws:s3:::b", "arn:aws:s3:::bc", "arn:aws:s3:::c/k", "arn:aws:s3:::b/a1", "arn:aws:s3:::b/a:b",
		"arn:aws:s3:::b:k", "arn:aws:s3:::bxk", "arn:aws:s3:::b/x:y/k", "arn:aws:s3:::b/xzy/k",
		"arn:aws-cn:s3:::b/k", "arn:aws:iam::111122223333:role/r1", "arn:aws:iam::444455556666:role/x",
		"arn:aws:sqs:us-east-1:111122223333:q", "arn:aws:sqs:eu-west-1:111122223333:other", "arn:aws:kms:us-east-1:111122223333:key/k1",
		"arn:aws:kms:us-east-1:111122223333:key/k2", "arn:aws:ec2:us-east-1:111122223333:instance/i-1",
		"arn:aws:s3:::b/alice", "arn:aws:s3:::b/x:alice",
		// Names with a ':' where AWS documents none (outside the precise
		// reading), and in an IAM path, where it does.
		"arn:aws:sqs:us-east-1:111122223333:q:x", "arn:aws:kms:us-east-1:111122223333:key/k1:x", "arn:aws:s3:::b:x",
		"arn:aws:iam::111122223333:role/p:x/r1", "arn:aws:ec2:us-east-1:111122223333:instance/i-1:x"}
)

func (g *gen) statement(allowOnly bool) map[string]any {
	s := map[string]any{"Effect": "Allow"}
	if !allowOnly && g.chance(0.3) {
		s["Effect"] = "Deny"
	}
	var acts []string
	for range 1 + g.r.IntN(3) {
		acts = append(acts, g.pick(propActionPatterns...))
	}
	if g.chance(0.1) {
		s["NotAction"] = acts
	} else {
		s["Action"] = acts
	}
	if g.resource {
		var p any
		switch g.r.IntN(6) {
		case 0:
			p = "*"
		case 1:
			p = map[string]any{"AWS": "*"}
		case 2:
			p = map[string]any{"AWS": g.pick("111122223333", "arn:aws:iam::111122223333:root")}
		case 3:
			p = map[string]any{"AWS": []string{"arn:aws:iam::111122223333:user/alice", g.pick("arn:aws:iam::111122223333:user/bob", "arn:aws:iam::111122223333:role/r1")}}
		case 4:
			p = map[string]any{"Service": g.pick("lambda.amazonaws.com", "Lambda.amazonaws.com", "s3.amazonaws.com")}
		default:
			p = map[string]any{"AWS": "arn:aws:iam::111122223333:user/alice"}
		}
		if s["Effect"] == "Deny" && g.chance(0.2) {
			s["NotPrincipal"] = map[string]any{"AWS": []string{"arn:aws:iam::111122223333:user/alice", "arn:aws:iam::111122223333:root"}}
		} else {
			s["Principal"] = p
		}
	}
	var res []string
	for range 1 + g.r.IntN(2) {
		res = append(res, g.pick(propResources...))
	}
	if g.chance(0.1) {
		s["NotResource"] = res
	} else {
		s["Resource"] = res
	}
	if g.chance(0.4) {
		cond := map[string]any{}
		for range 1 + g.r.IntN(2) {
			var c map[string]map[string]any
			if err := json.Unmarshal([]byte(g.pick(propConditions...)), &c); err != nil {
				panic(err)
			}
			for op, kv := range c {
				m, _ := cond[op].(map[string]any)
				if m == nil {
					m = map[string]any{}
					cond[op] = m
				}
				for k, v := range kv {
					m[k] = v
				}
			}
		}
		s["Condition"] = cond
	}
	return s
}

type doc struct {
	Version   string           `json:"Version,omitempty"`
	Statement []map[string]any `json:"Statement"`
}

func clone(d doc) doc {
	b, _ := json.Marshal(d)
	var out doc
	_ = json.Unmarshal(b, &out)
	return out
}

// pair returns OLD and NEW: NEW is often a mutation of OLD that should not
// add access, so that "no new access" answers are frequent.
func (g *gen) pair() (doc, doc) {
	old := doc{Version: "2012-10-17"}
	for range 1 + g.r.IntN(4) {
		old.Statement = append(old.Statement, g.statement(false))
	}
	if g.chance(0.1) {
		old.Version = ""
	}
	nw := clone(old)
	switch g.r.IntN(8) {
	case 0: // identical
	case 1: // drop a statement
		i := g.r.IntN(len(nw.Statement))
		nw.Statement = slices.Delete(nw.Statement, i, i+1)
	case 2: // narrow a resource
		st := nw.Statement[g.r.IntN(len(nw.Statement))]
		if _, ok := st["Resource"]; ok {
			st["Resource"] = []string{g.pick(propResources...)}
		}
	case 3: // add a condition
		st := nw.Statement[g.r.IntN(len(nw.Statement))]
		var c map[string]any
		_ = json.Unmarshal([]byte(g.pick(propConditions...)), &c)
		if old, ok := st["Condition"].(map[string]any); ok {
			for k, v := range old {
				if _, dup := c[k]; !dup {
					c[k] = v
				}
			}
		}
		st["Condition"] = c
	case 4: // add a deny
		st := g.statement(false)
		st["Effect"] = "Deny"
		nw.Statement = append(nw.Statement, st)
	case 5: // split a statement's actions (or, for resource policies, narrow a principal)
		i := g.r.IntN(len(nw.Statement))
		st := nw.Statement[i]
		if acts, ok := st["Action"].([]any); ok && len(acts) > 1 {
			st2 := clone(doc{Statement: []map[string]any{st}}).Statement[0]
			st["Action"] = acts[:1]
			st2["Action"] = acts[1:]
			nw.Statement = append(nw.Statement, st2)
		}
	case 7: // allow more, on names that hold a ':' AWS does not document
		st := g.statement(true)
		delete(st, "NotResource")
		st["Resource"] = []string{g.pick("arn:aws:sqs:*:111122223333:q:*", "arn:aws:kms:*:*:key/k1:*", "arn:aws:s3:::b:*", "arn:aws:ec2:*:*:instance/*")}
		nw.Statement = append(nw.Statement, st)
	default: // unrelated
		nw = doc{Version: "2012-10-17"}
		for range 1 + g.r.IntN(4) {
			nw.Statement = append(nw.Statement, g.statement(false))
		}
	}
	if g.chance(0.1) {
		// Policy variables are read only in Version 2012-10-17: the same
		// text means something else in the other version.
		if nw.Version == "" {
			nw.Version = "2012-10-17"
		} else {
			nw.Version = ""
		}
	}
	if len(nw.Statement) == 0 {
		st := map[string]any{"Effect": "Deny", "Action": "*", "Resource": "*"}
		if g.resource {
			st["Principal"] = "*"
		}
		nw.Statement = append(nw.Statement, st)
	}
	return old, nw
}

func (g *gen) context() map[string][]string {
	ctx := map[string][]string{}
	if g.chance(0.6) {
		ctx["aws:PrincipalTag/team"] = []string{g.pick("blue", "red", "green", "alice")}
	}
	if g.chance(0.6) {
		ctx["s3:prefix"] = []string{g.pick("home/a", "home/b", "x", "home/", "home/alice/x")}
		if g.chance(0.2) {
			ctx["s3:prefix"] = append(ctx["s3:prefix"], g.pick("home/a", "y"))
		}
	}
	if g.chance(0.6) {
		ctx["aws:SourceIp"] = []string{g.pick("10.1.2.3", "10.2.0.1", "192.168.0.1")}
	}
	if g.chance(0.5) {
		ctx["s3:max-keys"] = []string{g.pick("3", "5", "7", "12")}
	}
	if g.chance(0.6) {
		ctx["aws:SecureTransport"] = []string{g.pick("true", "false")}
	}
	if g.chance(0.5) {
		ctx["aws:MultiFactorAuthPresent"] = []string{g.pick("true", "false")}
	}
	if g.chance(0.5) {
		ctx["aws:TagKeys"] = []string{}
		for _, k := range []string{"env", "cost", "owner"} {
			if g.chance(0.5) {
				ctx["aws:TagKeys"] = append(ctx["aws:TagKeys"], k)
			}
		}
	}
	if g.chance(0.5) {
		ctx["aws:SourceArn"] = []string{g.pick("arn:aws:sns:us-east-1:111122223333:topic", "arn:aws:sns:us-east-1:444455556666:t1", "arn:aws:sqs:us-east-1:111122223333:q")}
	}
	if g.chance(0.5) {
		ctx["aws:CurrentTime"] = []string{g.pick("2019-06-01T00:00:00Z", "2025-06-01T00:00:00Z", "2031-01-01T00:00:00Z")}
	}
	return ctx
}

func parseDoc(t *testing.T, name string, d doc) *iam.Policy {
	return parseDocType(t, name, d, iam.Identity)
}

func parseDocType(t *testing.T, name string, d doc, typ iam.Type) *iam.Policy {
	t.Helper()
	b, err := json.Marshal(d)
	if err != nil {
		t.Fatal(err)
	}
	p, diags := iam.Parse(name, b, iam.ParseOptions{Type: typ})
	if diags.HasErrors() {
		t.Fatalf("generated policy does not parse: %v\n%s", diags, b)
	}
	return p
}

// universeCheck memoises whether a resource is one an action can be
// requested on, per the catalog (every resource for actions outside it),
// in the sound reading of the ARN formats and in the precise one.
type universeCheck struct {
	c    *catalog.Catalog
	us   *universes
	memo map[[3]string]bool
}

func (u *universeCheck) holds(action, res string) bool { return u.holdsIn(action, res, glob.Sound) }

func (u *universeCheck) holdsIn(action, res string, r glob.ARNReading) bool {
	k := [3]string{action, res, r.String()}
	if v, ok := u.memo[k]; ok {
		return v
	}
	v := true
	if a := u.c.Action(action); a != nil {
		un := u.us.of(a)
		if r == glob.Precise {
			un = u.us.precise(un)
		}
		ans, _ := glob.Included(glob.Union(glob.LiteralExpr(res)), []glob.Lang{un.lang}, resOpts)
		v = ans == glob.Yes
	}
	u.memo[k] = v
	return v
}

// propertyPairs is the number of generated pairs per policy type;
// LEASTPRIV_PROPERTY_PAIRS=3000 runs a longer campaign (FuzzDiffSound
// explores further seeds).
func propertyPairs(def int) int {
	if n, err := strconv.Atoi(os.Getenv("LEASTPRIV_PROPERTY_PAIRS")); err == nil && n > 0 {
		return n
	}
	return def
}

// TestSoundAgainstEngine runs NoNewAccess and Diff on generated pairs and
// checks every claim they make against the engine.
func TestSoundAgainstEngine(t *testing.T) {
	// Most pairs take a few milliseconds; the few whose patterns reach
	// every action of the catalog ("arn:*:s3:::b/*" crosses colons) take a
	// few hundred.
	t.Run("identity", func(t *testing.T) {
		soundAgainstEngine(t, &gen{r: rand.New(rand.NewPCG(1, 2))}, iam.Identity, propertyPairs(200))
	})
	// Resource-based policies, evaluated alone for callers of the resource's
	// account: a policy naming the caller (or everyone) allows directly;
	// one naming the account defers to identity policies (none here).
	t.Run("resource", func(t *testing.T) {
		soundAgainstEngine(t, &gen{r: rand.New(rand.NewPCG(3, 4)), resource: true}, iam.Resource, propertyPairs(100))
	})
}

func soundAgainstEngine(t *testing.T, g *gen, typ iam.Type, iters int) {
	pc := newPairChecker(typ)
	var st pairStats
	for it := range iters {
		od, nd := g.pair()
		if msg := pc.check(g, od, nd, &st); msg != "" {
			t.Fatalf("iteration %d: %s", it, msg)
		}
	}
	t.Logf("%d pairs, %d pass no-new-access, %d fail only if a name holds a ':', %d claimed requests checked (%d by the precise reading alone)",
		iters, st.passes, st.colonOnly, st.checked, st.preciseChecked)
	if st.preciseChecked == 0 {
		t.Errorf("no request checked a claim of the precise reading alone: the generator no longer exercises ColonOnly changes")
	}
	if st.passes < iters/5 {
		t.Errorf("only %d of %d pairs pass no-new-access: the generator no longer exercises PASS", st.passes, iters)
	}
	if st.partial < iters/10 {
		t.Errorf("only %d of %d pairs have new access for some sampled actions but not all: the generator no longer exercises Diff's per-action claims", st.partial, iters)
	}
}

var (
	identityCallers = []string{"arn:aws:iam::111122223333:user/alice", "arn:aws:iam::111122223333:user/bob"}
	resourceCallers = []string{"arn:aws:iam::111122223333:user/alice", "arn:aws:iam::111122223333:user/bob", "arn:aws:iam::111122223333:root",
		"arn:aws:sts::111122223333:assumed-role/r1/s", "lambda.amazonaws.com", "arn:aws:iam::444455556666:user/eve"}
)

type pairChecker struct {
	c       *catalog.Catalog
	typ     iam.Type
	callers []string
	u       *universeCheck
}

func newPairChecker(typ iam.Type) *pairChecker {
	c := catalog.Default()
	callers := identityCallers
	if typ == iam.Resource {
		callers = resourceCallers
	}
	return &pairChecker{c: c, typ: typ, callers: callers, u: &universeCheck{c: c, us: universesOf(c), memo: map[[3]string]bool{}}}
}

type pairStats struct {
	passes    int // pairs where NoNewAccess passes
	partial   int // pairs where Diff finds new access, but not for every action sampled
	checked   int // requests checked against a claim
	colonOnly int // pairs whose new access is all ColonOnly
	// preciseChecked counts requests checked against a claim of the
	// precise reading alone (an action with ColonOnly new access).
	preciseChecked int
}

// check compares OLD and NEW and returns a description of the first claim
// the engine contradicts, or "".
func (pc *pairChecker) check(g *gen, od, nd doc, st *pairStats) string {
	c := pc.c
	// Identity policies: a side is sometimes two policies (their union).
	olds, news := []doc{od}, []doc{nd}
	if pc.typ == iam.Identity {
		olds, news = g.split(od), g.split(nd)
	}
	ops, err := parseDocs("old", olds, pc.typ)
	if err != nil {
		return err.Error()
	}
	nps, err := parseDocs("new", news, pc.typ)
	if err != nil {
		return err.Error()
	}
	r := Diff(c, ops, nps)
	chk := NoNewAccess(c, ops, nps)
	ob, _ := json.MarshalIndent(olds, "", " ")
	nb, _ := json.MarshalIndent(news, "", " ")
	if chk.Pass == r.NewGrants() {
		return fmt.Sprintf("NoNewAccess says %s, Diff.NewGrants() = %v\nOLD %s\nNEW %s\nchanges: %s\nreasons: %v", chk.Result, r.NewGrants(), ob, nb, describe(r), chk.Reasons)
	}
	// Diff's claims: the policies themselves allow no more for an action
	// without a change that Grants (a dropped Deny of an identity policy
	// blocks nothing OLD allows), and no more outside the catalog without
	// one for a pattern; and on resources named as AWS documents (the
	// precise reading), no more without such a change that is not
	// ColonOnly.
	newAccess, preciseNew := map[string]bool{}, map[string]bool{}
	future := false
	for _, ch := range r.Changes {
		switch {
		case !ch.Grants():
		case ch.Action == nil:
			future = true // actions outside the catalog
		default:
			newAccess[strings.ToLower(ch.Action.String())] = true
			if !ch.ColonOnly {
				preciseNew[strings.ToLower(ch.Action.String())] = true
			}
		}
		if ch.ColonOnly && ch.ColonExample != "" && ch.Action != nil {
			// The example is a name in the sound reading only.
			if act := ch.Action.String(); !pc.u.holdsIn(act, ch.ColonExample, glob.Sound) || pc.u.holdsIn(act, ch.ColonExample, glob.Precise) {
				return fmt.Sprintf("ColonOnly %s %s: example %s is not a name of the sound reading only", ch.Kind, act, ch.ColonExample)
			}
		}
	}
	claimed := func(act string) bool {
		if c.Action(act) == nil {
			return !future
		}
		return !newAccess[strings.ToLower(act)]
	}
	claimedPrecisely := func(act string) bool {
		if c.Action(act) == nil {
			return !future
		}
		return !preciseNew[strings.ToLower(act)]
	}
	// The check agrees with Diff in the precise reading too: its reasons
	// are all ColonOnly exactly when Diff's grants are.
	colonOnlyCheck := !chk.Pass && !slices.ContainsFunc(chk.Reasons, func(r CheckReason) bool { return !r.ColonOnly })
	if colonOnlyCheck != (r.NewGrants() && !r.PreciseNewGrants()) {
		return fmt.Sprintf("NoNewAccess reasons all ColonOnly: %v; Diff NewGrants %v, PreciseNewGrants %v\nOLD %s\nNEW %s\nchanges: %s\nreasons: %v",
			colonOnlyCheck, r.NewGrants(), r.PreciseNewGrants(), ob, nb, describe(r), chk.Reasons)
	}
	if colonOnlyCheck {
		st.colonOnly++
	}
	if chk.Pass {
		st.passes++
	} else if slices.ContainsFunc(propRequestActions, claimed) {
		st.partial++
	}
	set := func(ps []*iam.Policy) (*eval.Set, string) {
		var cs []*eval.Policy
		for _, p := range ps {
			cp, diags := eval.Compile(p, p.File)
			if cp == nil {
				return nil, fmt.Sprintf("compile %s: %v", p.File, diags)
			}
			cs = append(cs, cp)
		}
		if pc.typ == iam.Resource {
			return &eval.Set{Resource: cs[0]}, ""
		}
		return &eval.Set{Identity: cs}, ""
	}
	oset, msg := set(ops)
	if msg != "" {
		return msg
	}
	nset, msg := set(nps)
	if msg != "" {
		return msg
	}
	for _, act := range propRequestActions {
		sound, precise := claimed(act), claimedPrecisely(act)
		if !sound && !precise {
			continue
		}
		for _, res := range propRequestResources {
			// A claim in the sound reading covers its universe; one in the
			// precise reading only names as AWS documents them.
			if !(sound && pc.u.holds(act, res)) && !(precise && pc.u.holdsIn(act, res, glob.Precise)) {
				continue
			}
			if !sound {
				st.preciseChecked++
			}
			for range 3 {
				req := &eval.Request{
					Action:          act,
					Principal:       eval.Principal{ARN: g.pick(pc.callers...)},
					Resource:        res,
					ResourceAccount: "111122223333",
					Context:         g.context(),
				}
				ro, err1 := eval.Decide(oset, req)
				rn, err2 := eval.Decide(nset, req)
				if err1 != nil || err2 != nil {
					continue // a context value a condition cannot read
				}
				st.checked++
				if rn.Decision == eval.Allow && ro.Decision != eval.Allow {
					claim := "Diff claims no new access for " + act
					switch {
					case chk.Pass:
						claim = "NoNewAccess passes"
					case !sound:
						claim = "Diff claims new access for " + act + " only if a resource name holds a ':' AWS does not document"
					}
					return fmt.Sprintf("%s, but NEW allows and OLD denies\nrequest: %s by %s on %s, context %v\nOLD %s\nNEW %s\nchanges: %s",
						claim, act, req.Principal.ARN, res, req.Context, ob, nb, describe(r))
				}
			}
		}
	}
	return ""
}

// split returns d as one policy, or (sometimes, when it has several
// statements) as two policies that share them out: a side of a comparison
// is the union of its policies.
func (g *gen) split(d doc) []doc {
	if len(d.Statement) < 2 || !g.chance(0.3) {
		return []doc{d}
	}
	a, b := doc{Version: d.Version}, doc{Version: d.Version}
	for _, st := range d.Statement {
		if g.chance(0.5) {
			a.Statement = append(a.Statement, st)
		} else {
			b.Statement = append(b.Statement, st)
		}
	}
	if len(a.Statement) == 0 || len(b.Statement) == 0 {
		return []doc{d}
	}
	return []doc{a, b}
}

func parseDocs(side string, ds []doc, typ iam.Type) ([]*iam.Policy, error) {
	var ps []*iam.Policy
	for i, d := range ds {
		b, err := json.Marshal(d)
		if err != nil {
			return nil, err
		}
		p, diags := iam.Parse(fmt.Sprintf("%s%d.json", side, i+1), b, iam.ParseOptions{Type: typ})
		if diags.HasErrors() {
			return nil, fmt.Errorf("generated policy does not parse: %v\n%s", diags, b)
		}
		ps = append(ps, p)
	}
	return ps, nil
}

// FuzzDiffSound explores further seeds of the generator of
// TestSoundAgainstEngine.
func FuzzDiffSound(f *testing.F) {
	f.Add(uint64(1), false)
	f.Add(uint64(2), true)
	checkers := map[bool]*pairChecker{false: newPairChecker(iam.Identity), true: newPairChecker(iam.Resource)}
	f.Fuzz(func(t *testing.T, seed uint64, resource bool) {
		g := &gen{r: rand.New(rand.NewPCG(seed, 5)), resource: resource}
		od, nd := g.pair()
		if msg := checkers[resource].check(g, od, nd, &pairStats{}); msg != "" {
			t.Fatal(msg)
		}
	})
}

func describe(r *Result) string {
	var b strings.Builder
	for _, ch := range r.Changes {
		fmt.Fprintf(&b, "\n  %s %s %v", ch.Kind, ch.Name(), ch.Reasons)
	}
	return b.String()
}
