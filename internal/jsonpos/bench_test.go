package jsonpos

import (
	"testing"

	"github.com/leastpriv/leastpriv/internal/corpus"
)

// BenchmarkParse parses every current AWS managed policy (the JSON layer
// alone; iam.BenchmarkParse measures the whole policy parse).
func BenchmarkParse(b *testing.B) {
	ps := corpus.Managed(b)
	total := 0
	for _, p := range ps {
		total += len(p.Doc)
	}
	b.Run("fresh", func(b *testing.B) {
		b.SetBytes(int64(total))
		b.ReportAllocs()
		for b.Loop() {
			for _, p := range ps {
				if _, d := Parse(p.Name, p.Doc, Options{}); d != nil {
					b.Fatal(d)
				}
			}
		}
	})
	b.Run("reused", func(b *testing.B) {
		var parser Parser
		b.SetBytes(int64(total))
		b.ReportAllocs()
		for b.Loop() {
			for _, p := range ps {
				if _, d := parser.Parse(p.Name, p.Doc, Options{}); d != nil {
					b.Fatal(d)
				}
			}
		}
	})
}
