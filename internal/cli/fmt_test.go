package cli

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestWriteFileAtomic checks that fmt -w keeps a file's permissions, writes
// through symbolic links, and leaves no temporary file behind.
func TestWriteFileAtomic(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "policy.json")
	if err := os.WriteFile(target, []byte("old"), 0o640); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(target, 0o640); err != nil { // not subject to umask
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link.json")
	if err := os.Symlink("policy.json", link); err != nil {
		t.Skipf("symlinks unavailable: %v", err)
	}
	if err := writeFileAtomic(link, []byte("new\n")); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(target)
	if err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(target)
	if err != nil {
		t.Fatal(err)
	}
	lst, err := os.Lstat(link)
	if err != nil {
		t.Fatal(err)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	type result struct {
		Data      string
		Mode      os.FileMode
		LinkStays bool
		Files     []string
	}
	got := result{string(data), st.Mode().Perm(), lst.Mode()&os.ModeSymlink != 0, names}
	want := result{"new\n", 0o640, true, []string{"link.json", "policy.json"}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("after writeFileAtomic (-want +got):\n%s", diff)
	}

	if err := writeFileAtomic(filepath.Join(dir, "missing.json"), nil); err == nil {
		t.Errorf("writeFileAtomic on a missing file: no error")
	}
}
