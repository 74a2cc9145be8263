package iamrules

import (
	"math/rand/v2"
	"testing"

	"github.com/leastpriv/leastpriv/catalog"
	"github.com/leastpriv/leastpriv/iam"
	"github.com/leastpriv/leastpriv/lint"
)

// TestValueIndexSmall checks that short lists, compared value by value,
// cover exactly what the same lists indexed by maps cover.
func TestValueIndexSmall(t *testing.T) {
	c := catalog.Default()
	pool := []string{"s3:GetObject", "S3:getobject", "s3:Get*", "s3:PutObject", "s3:NoSuch", "s3:nosuch", "ec2:*", "*", "iam:PassRole", "arn:aws:s3:::b/*", "arn:aws:s3:::b/k", "ARN:aws:s3:::B/k"}
	r := rand.New(rand.NewPCG(1, 2))
	list := func() ([]iam.String, []lint.ActionRef) {
		n := r.IntN(6)
		vals := make([]iam.String, n)
		refs := make([]lint.ActionRef, n)
		for i := range vals {
			vals[i] = iam.String{Value: pool[r.IntN(len(pool))]}
			refs[i] = lint.ActionRef{Value: &vals[i], Resolved: lint.ResolveAction(c, vals[i].Value)}
		}
		return vals, refs
	}
	defer func(n int) { smallList = n }(smallList)
	for range 3000 {
		av, ar := list()
		bv, br := list()
		for _, actions := range []bool{true, false} {
			var got [2]bool
			for k, limit := range []int{8, -1} {
				smallList = limit
				var ra, rb []lint.ActionRef
				if actions {
					ra, rb = ar, br
				}
				a, b := newValueIndex(av, ra, actions), newValueIndex(bv, rb, actions)
				got[k] = b.coversAll(&a)
			}
			if got[0] != got[1] {
				t.Fatalf("%v covers %v (actions %v): compared one by one %v, through maps %v", bv, av, actions, got[0], got[1])
			}
		}
	}
}
