package catalog_test

import (
	"fmt"

	"github.com/leastpriv/leastpriv/catalog"
)

func Example() {
	c := catalog.Default()

	a := c.Action("s3:getobject")
	fmt.Println(a, a.Level)
	for _, r := range a.Resources {
		fmt.Println(" ", r.Type.Name, r.Type.ARN)
	}

	for _, a := range c.Match("iam:*AccessKey*").Actions(c) {
		fmt.Println(a)
	}

	k := c.ConditionKey("aws:ResourceTag/team")
	fmt.Println(k.Name, k.Type, k.Global)

	fmt.Println(c.Suggest("s3:GetObjet", 1))
	// Output:
	// s3:GetObject Read
	//   accesspointobject arn:${Partition}:s3:${Region}:${Account}:accesspoint/${AccessPointName}/object/${ObjectName}
	//   object arn:${Partition}:s3:::${BucketName}/${ObjectName}
	// iam:CreateAccessKey
	// iam:DeleteAccessKey
	// iam:GetAccessKeyLastUsed
	// iam:ListAccessKeys
	// iam:UpdateAccessKey
	// aws:ResourceTag/${TagKey} String true
	// [s3:GetObject]
}

func ExampleSet() {
	c := catalog.Default()
	reads := c.Match("s3:Get*")
	notReads := reads.Complement(c) // what NotAction: "s3:Get*" allows
	fmt.Println(reads.Len(), notReads.Len()+reads.Len() == c.NumActions())
	both := reads.Intersect(c.Match("s3:*Acl"))
	for _, a := range both.Actions(c) {
		fmt.Println(a)
	}
	// Output:
	// 63 true
	// s3:GetBucketAcl
	// s3:GetObjectAcl
	// s3:GetObjectVersionAcl
}
