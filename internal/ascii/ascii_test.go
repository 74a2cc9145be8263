package ascii

import (
	"strings"
	"testing"
)

func TestFold(t *testing.T) {
	tests := []struct {
		a, b  string
		equal bool
		cmp   int
	}{
		{"s3:GetObject", "S3:getobject", true, 0},
		{"iam:ListAccessKeys", "IAM:listaccesskeys", true, 0},
		{"a", "b", false, -1},
		{"B", "a", false, 1},
		{"ab", "AB", true, 0},
		{"ab", "abc", false, -1},
		{"abc", "AB", false, 1},
		{"", "", true, 0},
		{"k", "\u212a", false, -1}, // the Kelvin sign folds to 'k' only in Unicode
		{"[", "a", false, -1},      // '[' sorts after 'Z' but before 'a'
		{"@", "A", false, -1},
	}
	for _, tt := range tests {
		if got := EqualFold(tt.a, tt.b); got != tt.equal {
			t.Errorf("EqualFold(%q, %q) = %v, want %v", tt.a, tt.b, got, tt.equal)
		}
		if got := CompareFold(tt.a, tt.b); got != tt.cmp {
			t.Errorf("CompareFold(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.cmp)
		}
		if got := CompareFold(tt.b, tt.a); got != -tt.cmp {
			t.Errorf("CompareFold(%q, %q) = %d, want %d", tt.b, tt.a, got, -tt.cmp)
		}
	}
}

func TestLower(t *testing.T) {
	for _, s := range []string{"", "abc", "ABC", "s3:GetObject", "Ünïcode ÄB", "\u212a"} {
		want := strings.Map(func(r rune) rune {
			if 'A' <= r && r <= 'Z' {
				return r + 'a' - 'A'
			}
			return r
		}, s)
		if got := ToLower(s); got != want {
			t.Errorf("ToLower(%q) = %q, want %q", s, got, want)
		}
	}
	if s := "lower"; ToLower(s) != s {
		t.Error("ToLower changed a lower-case string")
	}
	if !HasPrefixFold("S3:GetObject", "s3:get") || HasPrefixFold("s3", "s3:") {
		t.Error("HasPrefixFold")
	}
}
