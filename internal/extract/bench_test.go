package extract

import (
	"testing"

	"github.com/leastpriv/leastpriv/internal/corpus"
)

// BenchmarkFileManaged extracts every current AWS managed policy from its
// file, as `leastpriv lint DIR` does before linting: deciding that the file
// is a policy and finding its placeholders (policy variables, example
// account IDs).
func BenchmarkFileManaged(b *testing.B) {
	ps := corpus.Managed(b)
	total := 0
	for _, p := range ps {
		total += len(p.Doc)
	}
	b.SetBytes(int64(total))
	b.ReportAllocs()
	for b.Loop() {
		for _, p := range ps {
			File(p.Name+".json", p.Doc, Options{})
		}
	}
}
