// Command extract writes the managed-policy corpus (see package corpus) as one
// JSON file per policy, for tools outside Go:
//
//	go run ./internal/corpus/extract -o /tmp/managed
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/leastpriv/leastpriv/internal/corpus"
)

func main() {
	out := flag.String("o", "", "directory to write <PolicyName>.json files into (created if missing)")
	flag.Parse()
	if *out == "" || flag.NArg() > 0 {
		fmt.Fprintln(os.Stderr, "usage: extract -o DIR")
		os.Exit(2)
	}
	ps, err := corpus.Load()
	if err != nil {
		fmt.Fprintln(os.Stderr, "extract:", err)
		os.Exit(1)
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		fmt.Fprintln(os.Stderr, "extract:", err)
		os.Exit(1)
	}
	for _, p := range ps {
		if err := os.WriteFile(filepath.Join(*out, p.Name+".json"), p.Doc, 0o644); err != nil {
			fmt.Fprintln(os.Stderr, "extract:", err)
			os.Exit(1)
		}
	}
	fmt.Printf("%d policies, %d bytes, in %s\n", len(ps), corpus.TotalBytes(ps), *out)
}
