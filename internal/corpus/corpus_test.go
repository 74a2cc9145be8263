package corpus

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestManaged(t *testing.T) {
	ps := Managed(t)
	// The pinned package holds 1,594 policies (counted with node when it was
	// pinned); a different number means the extraction is wrong.
	if len(ps) != 1594 {
		t.Errorf("got %d policies, want 1594", len(ps))
	}
	seen := map[string]bool{}
	for i, p := range ps {
		if i > 0 && ps[i-1].Name >= p.Name {
			t.Fatalf("not sorted at %d: %q >= %q", i, ps[i-1].Name, p.Name)
		}
		if seen[p.Name] {
			t.Errorf("duplicate %s", p.Name)
		}
		seen[p.Name] = true
		if !strings.HasPrefix(p.ARN, "arn:aws:iam::aws:policy/") || !strings.HasSuffix(p.ARN, "/"+p.Name) {
			t.Errorf("%s: odd ARN %q", p.Name, p.ARN)
		}
		if !json.Valid(p.Doc) {
			t.Errorf("%s: document is not valid JSON", p.Name)
		}
	}
	// A known policy, spot-checked against its published form.
	for _, p := range ps {
		if p.Name == "AWSDenyAll" {
			want := "{\n    \"Version\": \"2012-10-17\",\n    \"Statement\": [\n        {\n            \"Sid\": \"DenyAll\",\n            \"Effect\": \"Deny\",\n            \"Action\": [\n                \"*\"\n            ],\n            \"Resource\": \"*\"\n        }\n    ]\n}\n"
			if string(p.Doc) != want {
				t.Errorf("AWSDenyAll document:\n%s\nwant:\n%s", p.Doc, want)
			}
		}
	}
}
