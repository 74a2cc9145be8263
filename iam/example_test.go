package iam_test

import (
	"fmt"
	"os"

	"github.com/leastpriv/leastpriv/iam"
)

func ExampleParse() {
	src := []byte(`{
  "Version": "2012-10-17",
  "Statement": [{
    "Effect": "Allow",
    "Action": ["s3:GetObject"],
    "Resources": "arn:aws:s3:::bucket/*"
  }]
}`)
	_, diags := iam.Parse("policy.json", src, iam.ParseOptions{Type: iam.Identity})
	diags.Print(os.Stdout)
	fmt.Println(diags[0].Detail)
	// Output:
	// policy.json:6:5: error: unknown element "Resources" in a statement [INVALID_POLICY_ELEMENT]
	// did you mean "Resource"?
}

func ExampleFormat() {
	src := []byte(`{"Statement": {"Resource": "*", "Action": "s3:Get\u002a", "Effect": "Allow"}, "Version": "2012-10-17"}`)
	p, diags := iam.Parse("policy.json", src, iam.ParseOptions{})
	if diags.HasErrors() {
		diags.Print(os.Stderr)
		return
	}
	os.Stdout.Write(iam.Format(p))
	// Output:
	// {
	//   "Version": "2012-10-17",
	//   "Statement": {
	//     "Effect": "Allow",
	//     "Action": "s3:Get*",
	//     "Resource": "*"
	//   }
	// }
}
