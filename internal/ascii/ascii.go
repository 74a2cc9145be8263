// Package ascii holds the ASCII-only case folding that IAM names need.
//
// IAM compares action names, service prefixes and condition key names
// ignoring case
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html),
// and these names are ASCII. Folding only ASCII letters keeps comparisons
// exact where Unicode folding would not be (strings.EqualFold folds the
// Kelvin sign K to 'k'), and keeps them allocation-free.
package ascii

// Lower returns c in lower case if it is an ASCII upper-case letter.
func Lower(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// EqualFold reports whether a and b are equal under ASCII case folding.
func EqualFold(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := 0; i < len(a); i++ {
		if a[i] != b[i] && Lower(a[i]) != Lower(b[i]) {
			return false
		}
	}
	return true
}

// CompareFold compares a and b byte-wise in ASCII lower case, as
// strings.Compare compares them.
func CompareFold(a, b string) int {
	n := min(len(a), len(b))
	for i := 0; i < n; i++ {
		x, y := a[i], b[i]
		if x == y {
			continue
		}
		x, y = Lower(x), Lower(y)
		if x != y {
			if x < y {
				return -1
			}
			return 1
		}
	}
	switch {
	case len(a) < len(b):
		return -1
	case len(a) > len(b):
		return 1
	}
	return 0
}

// HasPrefixFold reports whether s begins with prefix, ignoring ASCII case.
func HasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && EqualFold(s[:len(prefix)], prefix)
}

// ToLower returns s with its ASCII letters in lower case; s itself when it
// has none in upper case.
func ToLower(s string) string {
	for i := 0; i < len(s); i++ {
		if 'A' <= s[i] && s[i] <= 'Z' {
			b := []byte(s)
			for j := i; j < len(b); j++ {
				b[j] = Lower(b[j])
			}
			return string(b)
		}
	}
	return s
}
