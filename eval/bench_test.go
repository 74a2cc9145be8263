package eval

import (
	"bytes"
	"context"
	"encoding/json"
	"math/rand/v2"
	"regexp"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/leastpriv/leastpriv/catalog"
	"github.com/leastpriv/leastpriv/iam"
	"github.com/leastpriv/leastpriv/internal/corpus"
)

// The benchmark mix of issue 4: every current AWS managed policy as an
// identity policy, 20 requests each (random catalog actions, "*" and
// realistic ARNs built from the action's resource types).
//
//	go test ./eval -run '^$' -bench 'Managed' -benchtime 3x -cpu 1,2

type mixCase struct {
	set *Set
	req *Request
}

var placeholder = regexp.MustCompile(`\$\{[^}]*\}`)

// realisticARN fills a catalog ARN format with plausible values.
func realisticARN(format string) string {
	return placeholder.ReplaceAllStringFunc(format, func(p string) string {
		switch p {
		case "${Partition}":
			return "aws"
		case "${Region}":
			return "us-east-1"
		case "${Account}":
			return "123456789012"
		}
		return "example-1"
	})
}

// managedParsed parses every managed policy as an identity policy.
func managedParsed(tb testing.TB) []*iam.Policy {
	var out []*iam.Policy
	for _, p := range corpus.Managed(tb) {
		pol, diags := iam.Parse(p.Name, p.Doc, iam.ParseOptions{Type: iam.Identity})
		if diags.HasErrors() {
			tb.Logf("%s: skipped: %v", p.Name, diags.Err())
			continue
		}
		out = append(out, pol)
	}
	return out
}

// managedMix builds perPolicy requests per managed policy. With focused
// set, every other request uses an action that one of the policy's Action
// patterns matches, so that allows and conditions are exercised too.
func managedMix(tb testing.TB, perPolicy int, focused bool) []mixCase {
	parsed := managedParsed(tb)
	cat := catalog.Default()
	acts := cat.Actions()
	r := rand.New(rand.NewPCG(1, 2))
	var out []mixCase
	for _, p := range parsed {
		cp, diags := Compile(p, p.File)
		if diags.HasErrors() {
			tb.Fatalf("%s: %v", p.File, diags.Err())
		}
		set := &Set{Identity: []*Policy{cp}}
		var named []*catalog.Action
		if focused {
			for _, st := range p.Statements {
				if st.Action != nil && !st.Action.Not {
					for _, v := range st.Action.Values {
						named = append(named, cat.Match(v.Value).Actions(cat)...)
					}
				}
			}
		}
		for i := range perPolicy {
			a := acts[r.IntN(len(acts))]
			if len(named) > 0 && i%2 == 0 {
				a = named[r.IntN(len(named))]
			}
			req := &Request{Action: a.String(), Principal: Principal{ARN: "arn:aws:iam::123456789012:user/bench"}, Resource: "*"}
			if len(a.Resources) > 0 && i%3 != 0 {
				rt := a.Resources[r.IntN(len(a.Resources))].Type
				fs := rt.ARNFormats()
				req.Resource = realisticARN(fs[r.IntN(len(fs))])
				if arn, err := ParseARN(req.Resource); err != nil || arn.Account == "" {
					req.ResourceAccount = "123456789012"
				}
			}
			if i%4 == 1 {
				req.Context = map[string][]string{"aws:SourceIp": {"203.0.113.7"}, "aws:RequestedRegion": {"us-east-1"}}
			}
			if _, err := prepare(req); err != nil {
				continue // an ARN format the catalog writes oddly
			}
			out = append(out, mixCase{set, req})
		}
	}
	return out
}

// reportCPU adds the CPU time per operation, which on a loaded machine is
// the honest figure (wall-clock time also counts other processes).
func reportCPU(b *testing.B, cpu0 time.Duration, ops int, unit string) {
	if cpu := cpuTime() - cpu0; cpu > 0 {
		b.ReportMetric(float64(ops)/cpu.Seconds(), unit+"/cpu-s")
	}
}

func BenchmarkCompileManaged(b *testing.B) {
	parsed := managedParsed(b)
	b.ReportAllocs()
	runs := 0
	cpu0 := cpuTime()
	for b.Loop() {
		for _, p := range parsed {
			if _, d := Compile(p, p.File); d.HasErrors() {
				b.Fatal(d.Err())
			}
		}
		runs++
	}
	if cpu := cpuTime() - cpu0; cpu > 0 {
		b.ReportMetric(float64(cpu.Milliseconds())/float64(runs), "cpu-ms/op")
	}
	b.ReportMetric(float64(len(parsed)), "policies")
}

func BenchmarkDecideManaged(b *testing.B) {
	mix := managedMix(b, 20, false)
	b.ReportAllocs()
	n := 0
	start, cpu0 := time.Now(), cpuTime()
	for b.Loop() {
		for _, c := range mix {
			if _, err := Decide(c.set, c.req); err != nil {
				b.Fatal(err)
			}
		}
		n += len(mix)
	}
	b.ReportMetric(float64(n)/time.Since(start).Seconds(), "decisions/s")
	reportCPU(b, cpu0, n, "decisions")
	b.ReportMetric(float64(len(mix)), "requests")
}

// BenchmarkDecideManagedParallel measures scaling with cores (run with
// -cpu 1,2,...): each operation decides the whole mix, split across
// GOMAXPROCS goroutines.
func BenchmarkDecideManagedParallel(b *testing.B) {
	mix := managedMix(b, 20, false)
	var n atomic.Int64
	start, cpu0 := time.Now(), cpuTime()
	for b.Loop() {
		var next atomic.Int64
		var wg sync.WaitGroup
		for range runtime.GOMAXPROCS(0) {
			wg.Go(func() {
				for {
					i := int(next.Add(256)) - 256
					if i >= len(mix) {
						return
					}
					for _, c := range mix[i:min(i+256, len(mix))] {
						if _, err := Decide(c.set, c.req); err != nil {
							b.Error(err)
							return
						}
					}
				}
			})
		}
		wg.Wait()
		n.Add(int64(len(mix)))
	}
	b.ReportMetric(float64(n.Load())/time.Since(start).Seconds(), "decisions/s")
	reportCPU(b, cpu0, int(n.Load()), "decisions")
}

// TestManagedAgainstReference runs the managed-policy mix through both
// evaluators: real policies, with their real wildcards and conditions.
func TestManagedAgainstReference(t *testing.T) {
	if testing.Short() {
		t.Skip("slow: the reference evaluator on every managed policy")
	}
	mix := managedMix(t, 6, true)
	allow := 0
	for _, c := range mix {
		got, gerr := Decide(c.set, c.req)
		want, werr := referenceDecide(c.set, c.req)
		if (gerr != nil) != (werr != nil) {
			t.Fatalf("%s %s: engine error %v, reference error %v", c.set.Identity[0].Label, c.req.Action, gerr, werr)
		}
		if diff := cmp.Diff(summarize(want), summarize(got)); diff != "" {
			t.Fatalf("%s %s on %s (-reference +engine):\n%s", c.set.Identity[0].Label, c.req.Action, c.req.Resource, diff)
		}
		if got.Decision == Allow {
			allow++
		}
	}
	if allow < len(mix)/10 || allow == len(mix) {
		t.Fatalf("%d of %d requests allowed: the mix does not exercise both outcomes", allow, len(mix))
	}
	t.Logf("%d requests, %d allowed", len(mix), allow)
}

// BenchmarkRunBatch measures the scenario pipeline of "leastpriv simulate
// --scenarios" (decode, parse and compile each scenario's policies, decide,
// keep order) on generated scenarios; run with -cpu 1,2 to see the scaling
// with workers.
func BenchmarkRunBatch(b *testing.B) {
	var in bytes.Buffer
	n := 0
	for i := range uint64(2000) {
		g := newGenerator(i, 99)
		line, err := json.Marshal(g.scenario())
		if err != nil {
			b.Fatal(err)
		}
		in.Write(line)
		in.WriteByte('\n')
		n++
	}
	data := in.Bytes()
	b.SetBytes(int64(len(data)))
	total := 0
	start, cpu0 := time.Now(), cpuTime()
	for b.Loop() {
		err := RunBatch(context.Background(), bytes.NewReader(data), BatchOptions{File: "bench.jsonl"}, func(BatchResult) error { return nil })
		if err != nil {
			b.Fatal(err)
		}
		total += n
	}
	b.ReportMetric(float64(total)/time.Since(start).Seconds(), "scenarios/s")
	reportCPU(b, cpu0, total, "scenarios")
}
