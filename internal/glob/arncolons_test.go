package glob_test

import (
	"strings"
	"testing"

	"github.com/leastpriv/leastpriv/catalog"
	"github.com/leastpriv/leastpriv/internal/glob"
)

// TestColonPlaceholders: every entry names a placeholder that a catalog
// ARN format of that service component holds in its resource part, once,
// with an AWS documentation source and forms that hold a colon.
func TestColonPlaceholders(t *testing.T) {
	c := catalog.Default()
	// service component + placeholder -> used in the resource part
	inCatalog := map[string]bool{}
	for _, s := range c.Services() {
		for _, rt := range s.ResourceTypes {
			for _, f := range rt.ARNFormats() {
				parts := strings.SplitN(f, ":", 6)
				if len(parts) < 6 {
					continue
				}
				rest := parts[5]
				for {
					i := strings.Index(rest, "${")
					if i < 0 {
						break
					}
					j := strings.IndexByte(rest[i:], '}')
					if j < 0 {
						break
					}
					inCatalog[parts[2]+" "+rest[i+2:i+j]] = true
					rest = rest[i+j+1:]
				}
			}
		}
	}
	seen := map[string]bool{}
	for _, p := range glob.ColonPlaceholders {
		k := p.Service + " " + p.Placeholder
		if seen[k] {
			t.Errorf("%s: listed twice", k)
		}
		seen[k] = true
		if !inCatalog[k] {
			t.Errorf("%s: no ARN format of the catalog holds ${%s} in the resource part of a %s ARN", k, p.Placeholder, p.Service)
		}
		if !strings.HasPrefix(p.Source, "https://docs.aws.amazon.com/") || p.Why == "" {
			t.Errorf("%s: source %q, why %q: want AWS documentation and a reason", k, p.Source, p.Why)
		}
		if len(p.Forms) == 0 {
			t.Errorf("%s: no form", k)
		}
		for _, f := range p.Forms {
			if !strings.Contains(f, ":") && f != "**" && !strings.Contains(f, "**") {
				t.Errorf("%s: form %q holds no colon", k, f)
			}
		}
	}
}
