package catalog

import "testing"

// BenchmarkLoad decodes the embedded catalog: every record, with its
// references resolved.
func BenchmarkLoad(b *testing.B) {
	b.SetBytes(int64(len(awsData)))
	for b.Loop() {
		if _, err := Load(awsData); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDefaultNames is what Default costs on first use: the name index,
// all that matching and listing actions need.
func BenchmarkDefaultNames(b *testing.B) {
	b.SetBytes(int64(len(awsData)))
	for b.Loop() {
		c := lazy(awsData, embeddedProvenance)
		if c.NumActions() == 0 {
			b.Fatal("no actions")
		}
	}
}

// BenchmarkDefault is what the embedded catalog costs ready for every query:
// the name index, the rest of the contents decoded (and checked against the
// index), and the condition key index that ConditionKey builds on its first
// call.
func BenchmarkDefault(b *testing.B) {
	for b.Loop() {
		c := lazy(awsData, embeddedProvenance)
		if c.ConditionKey("aws:ResourceTag/x") == nil {
			b.Fatal("no key")
		}
	}
}

func BenchmarkMatch(b *testing.B) {
	c := Default()
	for _, p := range []string{"*", "s3:*", "s3:Get*", "s3:GetObject", "*:Get*", "iam:*AccessKey*", "s?:GetObject", "ec2:*Instance*"} {
		b.Run(p, func(b *testing.B) {
			for b.Loop() {
				c.Match(p)
			}
		})
	}
}

func BenchmarkAction(b *testing.B) {
	c := Default()
	for b.Loop() {
		if c.Action("EC2:runinstances") == nil {
			b.Fatal("not found")
		}
	}
}

func BenchmarkConditionKey(b *testing.B) {
	c := Default()
	for _, k := range []string{"aws:SourceIp", "s3:ExistingObjectTag/team", "token.actions.githubusercontent.com/org:sub"} {
		b.Run(k, func(b *testing.B) {
			for b.Loop() {
				c.ConditionKey(k)
			}
		})
	}
}

func BenchmarkSuggest(b *testing.B) {
	c := Default()
	for _, n := range []string{"s3:GetObjet", "s4:GetObject", "lamda"} {
		b.Run(n, func(b *testing.B) {
			for b.Loop() {
				c.Suggest(n, 3)
			}
		})
	}
}
