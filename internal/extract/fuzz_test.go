package extract

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/leastpriv/leastpriv/catalog"
)

// FuzzFile feeds arbitrary bytes, in every format, to extraction and the
// linter. Oracle: no panic, and every finding lies inside the file with a
// line and column that match its offset (checked by lintFile).
func FuzzFile(f *testing.F) {
	f.Add(uint8(0), []byte(cfnYAML))
	f.Add(uint8(1), []byte(cfnJSON))
	f.Add(uint8(0), []byte(tfPlan))
	f.Add(uint8(4), []byte("<pre>{&quot;Statement&quot;: [{&quot;Effect&quot;: 1}]}</pre>"))
	f.Add(uint8(5), []byte("cat <<EOF\n{\"Version\": \"2012-10-17\", \"Statement\": {\"Effect\": \"Allow\", \"Action\": \"s3:*\", \"Resource\": \"${X}\"}}\nEOF\n"))
	f.Add(uint8(5), []byte("  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n"))
	f.Add(uint8(3), []byte("- iam:GetUser\n- ec2:DescribeVpcs\n"))
	if seeds, err := filepath.Glob(filepath.Join("..", "..", "..", "shared", "seeds", "*.txt")); err == nil {
		for _, s := range seeds {
			if b, err := os.ReadFile(s); err == nil {
				f.Add(uint8(5), b)
			}
		}
	}
	c := catalog.Default()
	f.Fuzz(func(t *testing.T, format uint8, src []byte) {
		if len(src) > 1<<16 {
			return
		}
		fm := Format(int(format) % len(formatNames))
		lintFile(t, "fuzz.txt", src, Options{Format: fm, Catalog: c})
	})
}
