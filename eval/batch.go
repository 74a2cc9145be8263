package eval

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"runtime"
	"strings"
	"sync"

	"github.com/leastpriv/leastpriv/diag"
	"github.com/leastpriv/leastpriv/iam"
)

// An Output is the machine-readable result of one scenario: one line of
// "leastpriv simulate --scenarios -o json". Fields may be added, never
// renamed.
type Output struct {
	Name     string         `json:"name"`
	Decision string         `json:"decision,omitempty"`
	Reasons  []ReasonOutput `json:"reasons,omitempty"`
	Error    string         `json:"error,omitempty"`
}

// A ReasonOutput is a Reason in JSON form.
type ReasonOutput struct {
	Kind      string `json:"kind"`             // "matched" or "missing"
	Type      string `json:"type"`             // identity, resource, trust, boundary, session, scp, rcp
	Level     *int   `json:"level,omitempty"`  // organization level of an SCP or RCP
	Policy    string `json:"policy,omitempty"` // the policy's label
	Effect    string `json:"effect,omitempty"`
	Sid       string `json:"sid,omitempty"`
	Statement *int   `json:"statement,omitempty"`
	Position  string `json:"position,omitempty"`  // file:line:col of the statement
	Principal string `json:"principal,omitempty"` // how a Principal element named the caller
	Message   string `json:"message,omitempty"`
}

// NewOutput builds the output for a decided (or failed) scenario.
func NewOutput(name string, res Result, err error) Output {
	o := Output{Name: name}
	if err != nil {
		o.Error = err.Error()
		return o
	}
	o.Decision = res.Decision.String()
	o.Reasons = []ReasonOutput{}
	for _, r := range res.Reasons {
		ro := ReasonOutput{Kind: r.Kind.String(), Type: r.Type.String()}
		if r.Type == iam.SCP || r.Type == iam.RCP {
			ro.Level = new(r.Level)
		}
		if r.Kind == Missing {
			ro.Message = r.Message
		} else {
			ro.Policy, ro.Effect, ro.Sid = r.Policy, r.Effect.String(), r.Sid
			ro.Statement = new(r.Statement)
			ro.Position = r.Range.String()
			ro.Principal = r.Principal
		}
		o.Reasons = append(o.Reasons, ro)
	}
	return o
}

// Explain writes a plain-words account of a decision: what was decided and
// the statements (with file:line:col) that decided it.
func Explain(w io.Writer, res Result) error {
	var b strings.Builder
	switch res.Decision {
	case Allow:
		b.WriteString("Allow")
		if len(res.Reasons) == 0 {
			b.WriteString(": the account root user has full access\n")
		} else {
			b.WriteString(", allowed by:\n")
		}
	case ExplicitDeny:
		b.WriteString("ExplicitDeny, denied by:\n")
	default:
		b.WriteString("ImplicitDeny")
	}
	for i, r := range res.Reasons {
		if r.Kind == Missing {
			fmt.Fprintf(&b, ": %s\n", r.Message)
			if i+1 < len(res.Reasons) {
				b.WriteString("  (statements that did allow:)\n")
			}
			continue
		}
		fmt.Fprintf(&b, "  %s\n", r)
	}
	if res.Decision == ImplicitDeny && len(res.Reasons) == 0 {
		b.WriteString(": nothing allows the request\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// BatchOptions tune RunBatch.
type BatchOptions struct {
	// File names the input in positions.
	File string
	// Workers is the number of goroutines deciding scenarios; 0 means
	// GOMAXPROCS.
	Workers int
	// MaxLine bounds one scenario line in bytes; 0 means 16 MiB.
	MaxLine int
	// Check, when set, vets a scenario before it is decided (the CLI uses it
	// to reject actions the catalog does not know); its error becomes the
	// scenario's error.
	Check func(*Scenario) error
	// Encode, when set, renders each result on the worker that decided it
	// (so that output formatting scales with the workers too); its output
	// is in BatchResult.Encoded.
	Encode func(*BatchResult) ([]byte, error)
}

// A BatchResult is one decided scenario of a batch.
type BatchResult struct {
	Line   int // 1-based line of the scenario in the input
	Name   string
	Result Result
	Err    error
	// Encoded is the output of BatchOptions.Encode, if set.
	Encoded []byte
}

// RunBatch reads scenarios from r, one JSON object per line (blank lines are
// skipped), decides them on several goroutines, and calls emit with each
// result in input order. Memory stays bounded whatever the input size: at
// most a few scenarios per worker are in flight. An invalid scenario yields
// a result with Err set and the batch goes on; RunBatch returns an error
// only for a failure to read the input, a cancelled context, or an error
// from emit; an over-long line (MaxLine) is an invalid scenario.
func RunBatch(ctx context.Context, r io.Reader, opts BatchOptions, emit func(BatchResult) error) error {
	workers := opts.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	maxLine := opts.MaxLine
	if maxLine <= 0 {
		maxLine = 16 << 20
	}
	type job struct {
		line, offset int
		data         []byte
		out          chan BatchResult
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	jobs := make(chan *job, workers)
	order := make(chan *job, 4*workers)

	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				br := decideLine(opts, j.line, j.offset, j.data)
				if opts.Encode != nil {
					var err error
					if br.Encoded, err = opts.Encode(&br); err != nil && br.Err == nil {
						br.Err = err
					}
				}
				j.out <- br
			}
		}()
	}

	readErr := make(chan error, 1)
	go func() {
		defer close(order)
		defer close(jobs)
		br := bufio.NewReaderSize(r, 64<<10)
		line, offset := 0, 0
		for {
			data, n, err := readLine(br, maxLine)
			if n > 0 || err == nil {
				line++
			}
			var long *lineTooLongError
			if errors.As(err, &long) {
				// An over-long line is one invalid scenario: report it in
				// its place and go on with the next line.
				j := &job{line: line, out: make(chan BatchResult, 1)}
				j.out <- BatchResult{Line: line, Err: fmt.Errorf("%s: %w", diag.Range{File: opts.File, Start: diag.Pos{Line: line, Column: 1}}, err)}
				select {
				case order <- j:
				case <-ctx.Done():
					return
				}
				offset += n
				if long.eof {
					readErr <- nil
					return
				}
				continue
			}
			if err != nil && !errors.Is(err, io.EOF) {
				readErr <- fmt.Errorf("%s:%d: %w", opts.File, line, err)
				return
			}
			trimmed := bytes.TrimRight(data, "\r\n")
			if len(bytes.TrimSpace(trimmed)) > 0 {
				j := &job{line: line, offset: offset, data: trimmed, out: make(chan BatchResult, 1)}
				// Dispatch first, then queue for output: every job the
				// emitter waits for has been handed to a worker.
				select {
				case jobs <- j:
				case <-ctx.Done():
					return
				}
				select {
				case order <- j:
				case <-ctx.Done():
					return
				}
			}
			offset += n
			if err != nil {
				readErr <- nil
				return
			}
		}
	}()

	var emitErr error
	for j := range order {
		res := <-j.out
		if emitErr == nil {
			if err := emit(res); err != nil {
				emitErr = err
				cancel()
			}
		}
	}
	wg.Wait()
	if emitErr != nil {
		return emitErr
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	select {
	case err := <-readErr:
		return err
	default:
		return nil
	}
}

// A lineTooLongError is a scenario line over the size limit; the line has
// been read past (without keeping it) up to its newline, or to the end of
// the input (eof).
type lineTooLongError struct {
	max int
	eof bool
}

func (e *lineTooLongError) Error() string {
	return fmt.Sprintf("scenario line longer than %d bytes", e.max)
}

// readLine reads one line including its newline and returns it with the
// number of bytes consumed. A line longer than max bytes is skipped to its
// end without being kept in memory, and reported as a *lineTooLongError.
func readLine(br *bufio.Reader, max int) ([]byte, int, error) {
	var buf []byte
	n, long := 0, false
	for {
		chunk, err := br.ReadSlice('\n')
		n += len(chunk)
		if !long {
			buf = append(buf, chunk...)
			if len(buf) > max {
				long, buf = true, nil
			}
		}
		if err == bufio.ErrBufferFull {
			continue
		}
		if long && (err == nil || errors.Is(err, io.EOF)) {
			return nil, n, &lineTooLongError{max: max, eof: err != nil}
		}
		return buf, n, err
	}
}

func decideLine(opts BatchOptions, line, offset int, data []byte) BatchResult {
	br := BatchResult{Line: line}
	sc, err := ParseScenario(opts.File, data, line, offset)
	if err != nil {
		var se *ScenarioError
		if errors.As(err, &se) {
			br.Name = se.Name
		}
		br.Err = err
		return br
	}
	br.Name = sc.Name
	if opts.Check != nil {
		if err := opts.Check(sc); err != nil {
			br.Err = fmt.Errorf("%s: %w", diag.Range{File: opts.File, Start: diag.Pos{Line: line, Column: 1}}, err)
			return br
		}
	}
	res, err := sc.Decide()
	if err != nil {
		br.Err = fmt.Errorf("%s: %w", diag.Range{File: opts.File, Start: diag.Pos{Line: line, Column: 1}}, err)
		return br
	}
	br.Result = res
	return br
}

// MarshalJSONLine encodes o as one line of JSON (no HTML escaping).
func (o Output) MarshalJSONLine() ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(o); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
