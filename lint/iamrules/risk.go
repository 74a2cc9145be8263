package iamrules

import (
	"slices"
	"sync"

	"github.com/leastpriv/leastpriv/catalog"
	"github.com/leastpriv/leastpriv/diag"
	"github.com/leastpriv/leastpriv/lint"
)

// riskRule builds a Cloudsplaining-style risk category: Allow statements that
// grant, on every resource, actions of a set.
func riskRule(code string, sev diag.Severity, title, doc, hint string, set func(*catalog.Catalog) catalog.Set, what string, bad, good string) *lint.Rule {
	var cache, idsCache sync.Map
	return &lint.Rule{
		Code: code, Severity: sev, Title: title, Doc: doc, Hint: hint, Source: srcCS,
		URLs: []string{cloudsplaining, "https://cloudsplaining.readthedocs.io/en/latest/glossary/"},
		Bad:  bad, Good: good, Types: identityTypes,
		Run: func(p *lint.Pass) {
			riskySet := memoIDSet(&cache, p.Catalog, set)
			risky := memoIDs(&idsCache, p.Catalog, func(c *catalog.Catalog) catalog.Set { return riskySet })
			var hit []int // reused from statement to statement
			for _, st := range p.Policy.Statements {
				if !allows(st) || st.Action == nil || !unconstrained(st) {
					continue
				}
				hit = hit[:0]
				first := -1
				add := func(id int) {
					hit = append(hit, id)
					if first < 0 || id < first {
						first = id
					}
				}
				if st.Action.Not {
					applies := p.Applies(st)
					if applies.Len() < len(risky) {
						for id := range applies.All() {
							if riskySet.Has(id) {
								add(id)
							}
						}
					} else {
						for _, id := range risky {
							if applies.Has(id) {
								add(id)
							}
						}
					}
				} else {
					refs := p.Actions(st)
					for i := range refs {
						if a := refs[i].Action; a != nil {
							if riskySet.Has(a.ID) {
								add(a.ID)
							}
							continue
						}
						for _, id := range refs[i].IDs {
							if riskySet.Has(id) {
								add(id)
							}
						}
					}
				}
				if first < 0 {
					continue
				}
				r, path := actionValue(p, st, first)
				slices.Sort(hit)
				p.Reportf(r, path, "%s on every resource: %s", what, names(p.Catalog, slices.Compact(hit), 6))
			}
		},
	}
}

// memoIDs returns the sorted IDs of the set build computes for c, computed
// once per catalog (catalogs are immutable).
func memoIDs(m *sync.Map, c *catalog.Catalog, build func(*catalog.Catalog) catalog.Set) []int {
	if v, ok := m.Load(c); ok {
		return v.([]int)
	}
	v, _ := m.LoadOrStore(c, build(c).IDs())
	return v.([]int)
}

// namedSet returns a set function for a list of action names.
func namedSet(list []string) func(*catalog.Catalog) catalog.Set {
	return func(c *catalog.Catalog) catalog.Set {
		var s catalog.Set
		for _, n := range list {
			if a := c.Action(n); a != nil {
				s.Add(a.ID)
			}
		}
		return s
	}
}

// levelSet returns a set function for the actions of an access level.
func levelSet(l catalog.AccessLevel) func(*catalog.Catalog) catalog.Set {
	return func(c *catalog.Catalog) catalog.Set {
		var s catalog.Set
		for _, a := range c.Actions() {
			if a.Level == l {
				s.Add(a.ID)
			}
		}
		return s
	}
}

// The risk categories.
var (
	CredentialsExposure = riskRule("CREDENTIALS_EXPOSURE", diag.SecurityWarning, "actions that return credentials, on every resource",
		`Some actions return credentials: access keys (iam:CreateAccessKey), temporary
credentials (sts:AssumeRole, sts:GetSessionToken), passwords (ec2:GetPasswordData,
redshift:GetClusterCredentials), registry tokens (ecr:GetAuthorizationToken).
Granted on every resource, they hand out the permissions of whatever they
return. Limit them to the resources the software needs.`,
		"limit these actions to named resources", namedSet(credentialActions), "actions that return credentials",
		policy(`{"Effect": "Allow", "Action": "iam:CreateAccessKey", "Resource": "*"}`),
		policy(`{"Effect": "Allow", "Action": "iam:CreateAccessKey", "Resource": "arn:aws:iam::111122223333:user/ci-bot"}`))
	DataExfiltration = riskRule("DATA_EXFILTRATION", diag.Warning, "actions that read stored data, on every resource",
		`s3:GetObject, ssm:GetParameter*, secretsmanager:GetSecretValue read the data and
secrets stored in the account. Granted on every resource, they read every
bucket, parameter and secret, including other applications' ones. Name the
buckets, parameter paths and secrets the software reads.`,
		"limit these actions to the buckets, parameters and secrets the software reads", namedSet(exfiltrationActions), "actions that read stored data",
		policy(`{"Effect": "Allow", "Action": "secretsmanager:GetSecretValue", "Resource": "*"}`),
		policy(`{"Effect": "Allow", "Action": "secretsmanager:GetSecretValue", "Resource": "arn:aws:secretsmanager:*:111122223333:secret:app/*"}`))
	ResourceExposure = riskRule("RESOURCE_EXPOSURE", diag.SecurityWarning, "permissions-management actions on every resource",
		`Actions of the "Permissions management" access level write policies, ACLs and
grants (s3:PutBucketPolicy, kms:CreateGrant, iam:AttachRolePolicy,
lambda:AddPermission): they decide who else can use a resource, including
principals outside the account. Granted on every resource, they let the
principal expose any resource of the account.`,
		"limit permissions-management actions to the resources the software owns", levelSet(catalog.PermissionsManagement), "permissions-management actions",
		policy(`{"Effect": "Allow", "Action": "s3:PutBucketPolicy", "Resource": "*"}`),
		policy(`{"Effect": "Allow", "Action": "s3:PutBucketPolicy", "Resource": "arn:aws:s3:::app-logs"}`))
	InfrastructureModification = riskRule("INFRASTRUCTURE_MODIFICATION", diag.Suggestion, "write actions on every resource",
		`Actions of the "Write" access level create, change and delete resources.
Granted on every resource, they let the principal change infrastructure it does
not own. This is common and often intended for deployment tools; the finding is
a suggestion to limit writes to the software's own resources (by name prefix or
tag).`,
		"limit write actions to the software's own resources (name prefix, aws:ResourceTag)", levelSet(catalog.Write), "write actions",
		policy(`{"Effect": "Allow", "Action": "ec2:TerminateInstances", "Resource": "*"}`),
		policy(`{"Effect": "Allow", "Action": "ec2:DescribeInstances", "Resource": "*"}`))
)
