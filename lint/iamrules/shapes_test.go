package iamrules

import (
	"math/rand/v2"
	"regexp"
	"testing"
)

// TestShapes compares the hand-written matchers of Region codes and policy
// variable names with the regular expressions they replace, on known values
// and random strings over the characters that matter.
func TestShapes(t *testing.T) {
	regionRE := regexp.MustCompile(`^[a-z]{2}(-gov|-iso[a-z]?|-isob)?-[a-z]+-[0-9]{1,2}$`)
	varRE := regexp.MustCompile(`^[A-Za-z0-9.-]+:[A-Za-z0-9/_.:@+=-]+$`)
	known := []string{"us-east-1", "us-gov-west-1", "us-iso-east-1", "us-isob-east-1", "eu-isoe-west-1", "ap-southeast-10",
		"us-east-100", "US-east-1", "us-east", "us--1", "u-east-1", "use-east-1", "us-gov-1", "us-isobb-east-1", "-east-1", "",
		"aws:username", "aws:PrincipalTag/team", "s3:prefix", ":x", "x:", "a b:c", "saml:sub@x.com", "aws:a:b", "a.b-c:d/e_f.g:h@i+j=k-l"}
	r := rand.New(rand.NewPCG(3, 4))
	const chars = "abgovisAZ09-:/_.@+= x"
	for range 200000 {
		b := make([]byte, r.IntN(12))
		for i := range b {
			b[i] = chars[r.IntN(len(chars))]
		}
		known = append(known, string(b))
	}
	// Near-Region strings: the parts of the pattern, some left out or
	// doubled.
	parts := []string{"us", "u", "usa", "-gov", "-iso", "-isob", "-isoe", "-isobb", "-", "-east", "east", "-1", "-12", "-123", "1", ""}
	for range 100000 {
		var b []byte
		for range 1 + r.IntN(5) {
			b = append(b, parts[r.IntN(len(parts))]...)
		}
		known = append(known, string(b))
	}
	for _, s := range known {
		if got, want := regionShape(s), regionRE.MatchString(s); got != want {
			t.Errorf("regionShape(%q) = %v, want %v", s, got, want)
		}
		if got, want := validVarName(s), varRE.MatchString(s); got != want {
			t.Errorf("validVarName(%q) = %v, want %v", s, got, want)
		}
	}
}
