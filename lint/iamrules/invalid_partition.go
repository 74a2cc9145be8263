package iamrules

import (
	"github.com/leastpriv/leastpriv/diag"
	"github.com/leastpriv/leastpriv/lint"
)

// InvalidPartition reports ARN partitions that do not exist.
var InvalidPartition = &lint.Rule{
	Code:     "INVALID_PARTITION",
	Severity: diag.Error,
	Title:    "partition of a resource ARN does not exist",
	Doc: `The second field of an ARN is the partition: "aws" for commercial Regions,
"aws-cn" for China, "aws-us-gov" for GovCloud (and the isolated partitions).
Anything else matches no resource. "${AWS::Partition}" and wildcards are
accepted.`,
	Hint:   `use "aws", "aws-cn" or "aws-us-gov"`,
	Source: srcAA,
	URLs:   []string{aaChecks, arnDoc},
	Bad:    policy(`{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:amazon:s3:::my-bucket"}`),
	Good:   policy(`{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::my-bucket"}`),
	Run: func(p *lint.Pass) {
		arnValues(p, func(v *iamString, a arn) {
			if a.N >= 2 && !wild(a.Partition) && !partitions[a.Partition] {
				p.Reportf(v.Range, v.Path, "partition %q of resource ARN %s does not exist", a.Partition, v.Value)
			}
		})
	},
}
