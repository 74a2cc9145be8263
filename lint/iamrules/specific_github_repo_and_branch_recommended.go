package iamrules

import (
	"strings"

	"github.com/leastpriv/leastpriv/diag"
	"github.com/leastpriv/leastpriv/iam"
	"github.com/leastpriv/leastpriv/lint"
)

const (
	githubSub = "token.actions.githubusercontent.com:sub"
	githubRef = "token.actions.githubusercontent.com:ref"
)

// SpecificGitHubRepoAndBranchRecommended reports GitHub Actions trusts whose
// subject condition has a wildcard that the branch condition does not make
// up for.
var SpecificGitHubRepoAndBranchRecommended = &lint.Rule{
	Code:     "SPECIFIC_GITHUB_REPO_AND_BRANCH_RECOMMENDED",
	Severity: diag.Warning,
	Title:    "wildcard in the GitHub Actions subject condition of a trust",
	Doc: `A role that GitHub Actions assumes through OpenID Connect should name the
repository and branch whose workflows may use it: a wildcard in
token.actions.githubusercontent.com:sub ("repo:octo/*", "repo:octo/app:*")
lets other repositories, branches, pull requests or environments assume the
role. Name them in the subject ("repo:octo/app:ref:refs/heads/main"); when the
subject does not carry the branch (it names an environment), test the branch
with token.actions.githubusercontent.com:ref. A wildcard is accepted after the
repository name when a condition on :ref limits the branch.`,
	Hint:        `name the repository and branch: "repo:OWNER/REPO:ref:refs/heads/BRANCH"`,
	Source:      srcAA,
	URLs:        []string{aaChecks, oidcDoc},
	Bad:         `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Federated": "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"}, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": {"StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"}, "StringLike": {"token.actions.githubusercontent.com:sub": "repo:octo/*"}}}]}`,
	Good:        `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Federated": "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"}, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": {"StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com", "token.actions.githubusercontent.com:sub": "repo:octo/app:ref:refs/heads/main"}}}]}`,
	ExampleType: iam.Trust,
	Types:       []iam.Type{iam.Trust},
	Run: func(p *lint.Pass) {
		for _, st := range p.Policy.Statements {
			if !allows(st) {
				continue
			}
			ref := hasCondition(st, githubRef)
			conditionEntries(st, func(b *iam.ConditionBlock, e *iam.ConditionEntry) {
				if !strings.EqualFold(e.Key.Value, githubSub) || b.Operator.Negated || b.Operator.Family != iam.StringFamily {
					return
				}
				for _, v := range e.Values {
					if !hasWildcard(v.Text) || p.Placeholder(v.Range) {
						continue
					}
					if ref && repoNamed(v.Text) {
						continue // the branch is tested by :ref
					}
					p.Reportf(v.Range, v.Path, "%s %q lets workflows of more repositories or branches than one assume this role", githubSub, v.Text)
				}
			})
		}
	},
}

// repoNamed reports whether a GitHub subject pattern names one repository
// without a wildcard: "repo:OWNER/REPO:" followed by anything.
func repoNamed(sub string) bool {
	rest, ok := strings.CutPrefix(sub, "repo:")
	if !ok {
		return false
	}
	repo, _, ok := strings.Cut(rest, ":")
	return ok && strings.Count(repo, "/") == 1 && !hasWildcard(repo) && !strings.HasPrefix(repo, "/") && !strings.HasSuffix(repo, "/")
}
