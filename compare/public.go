package compare

import (
	"fmt"
	"slices"
	"strings"

	"github.com/leastpriv/leastpriv/catalog"
	"github.com/leastpriv/leastpriv/iam"
	"github.com/leastpriv/leastpriv/internal/glob"
)

// A ResourceType is a kind of resource whose resource-based policy
// NoPublicAccess can check.
type ResourceType struct {
	// Name is the short name used on the command line ("s3-bucket").
	Name string
	// AccessAnalyzer is Access Analyzer's name for it ("AWS::S3::Bucket").
	AccessAnalyzer string
	// Services are the service prefixes whose actions the policy governs.
	Services []string
	// Trust is set for role trust policies (the actions are sts:AssumeRole*).
	Trust bool
}

// ResourceTypes lists the resource types of Access Analyzer's
// CheckNoPublicAccess
// (https://docs.aws.amazon.com/access-analyzer/latest/APIReference/API_CheckNoPublicAccess.html).
var ResourceTypes = []ResourceType{
	{"s3-bucket", "AWS::S3::Bucket", []string{"s3"}, false},
	{"s3-access-point", "AWS::S3::AccessPoint", []string{"s3"}, false},
	{"s3-directory-bucket", "AWS::S3Express::DirectoryBucket", []string{"s3express"}, false},
	{"s3express-access-point", "AWS::S3Express::AccessPoint", []string{"s3express"}, false},
	{"s3-glacier", "AWS::S3::Glacier", []string{"glacier"}, false},
	{"s3-outposts-bucket", "AWS::S3Outposts::Bucket", []string{"s3-outposts"}, false},
	{"s3-outposts-access-point", "AWS::S3Outposts::AccessPoint", []string{"s3-outposts"}, false},
	{"s3-table-bucket", "AWS::S3Tables::TableBucket", []string{"s3tables"}, false},
	{"s3-table", "AWS::S3Tables::Table", []string{"s3tables"}, false},
	{"kms-key", "AWS::KMS::Key", []string{"kms"}, false},
	{"sqs-queue", "AWS::SQS::Queue", []string{"sqs"}, false},
	{"sns-topic", "AWS::SNS::Topic", []string{"sns"}, false},
	{"lambda", "AWS::Lambda::Function", []string{"lambda"}, false},
	{"iam-trust", "AWS::IAM::AssumeRolePolicyDocument", []string{"sts"}, true},
	{"secretsmanager-secret", "AWS::SecretsManager::Secret", []string{"secretsmanager"}, false},
	{"dynamodb-table", "AWS::DynamoDB::Table", []string{"dynamodb"}, false},
	{"dynamodb-stream", "AWS::DynamoDB::Stream", []string{"dynamodb"}, false},
	{"efs-filesystem", "AWS::EFS::FileSystem", []string{"elasticfilesystem"}, false},
	{"opensearch-domain", "AWS::OpenSearchService::Domain", []string{"es"}, false},
	{"kinesis-stream", "AWS::Kinesis::Stream", []string{"kinesis"}, false},
	{"kinesis-stream-consumer", "AWS::Kinesis::StreamConsumer", []string{"kinesis"}, false},
	{"api-gateway", "AWS::ApiGateway::RestApi", []string{"execute-api"}, false},
	{"codeartifact-domain", "AWS::CodeArtifact::Domain", []string{"codeartifact"}, false},
	{"backup-vault", "AWS::Backup::BackupVault", []string{"backup"}, false},
	{"cloudtrail-dashboard", "AWS::CloudTrail::Dashboard", []string{"cloudtrail"}, false},
	{"cloudtrail-event-data-store", "AWS::CloudTrail::EventDataStore", []string{"cloudtrail"}, false},
}

// LookupResourceType finds a resource type by short name or Access
// Analyzer name, ignoring case.
func LookupResourceType(name string) (ResourceType, bool) {
	for _, t := range ResourceTypes {
		if strings.EqualFold(name, t.Name) || strings.EqualFold(name, t.AccessAnalyzer) {
			return t, true
		}
	}
	return ResourceType{}, false
}

// restrictingKeys are the condition keys that confine a statement to
// callers of known accounts, organizations, services or networks, when a
// positive test gives them specific values (the keys Access Analyzer
// reports as the conditions of external-access findings,
// https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-filter-keys.html).
// aws:SourceIp is not among them: an address range can be anyone's.
var restrictingKeys = []string{
	"aws:principalaccount", "aws:principalarn", "aws:principalorgid", "aws:principalorgpaths",
	"aws:sourceaccount", "aws:sourcearn", "aws:sourceowner", "aws:sourcevpc", "aws:sourcevpce",
	"aws:sourceorgid", "aws:sourceorgpaths", "aws:userid", "aws:principalservicename",
	"kms:calleraccount", "s3:dataaccesspointaccount", "s3:dataaccesspointarn",
}

// ownerVariables are policy variables that stand for the resource owner,
// so a test against them is bounded.
var ownerVariables = []string{"${aws:resourceaccount}", "${aws:resourceorgid}", "${aws:resourceorgpaths}"}

// boundedValue reports whether a condition value names specific accounts,
// organizations, endpoints or principals rather than a pattern anyone can
// meet.
func boundedValue(key, v string) bool {
	lv := strings.ToLower(v)
	for _, ov := range ownerVariables {
		if strings.HasPrefix(lv, ov) {
			return true
		}
	}
	if strings.Contains(v, "${") {
		return false
	}
	switch key {
	case "aws:principalarn", "aws:sourcearn", "s3:dataaccesspointarn":
		// The account component must be literal.
		parts := strings.SplitN(v, ":", 6)
		return len(parts) == 6 && isAccountID(parts[4])
	case "aws:principalorgpaths", "aws:sourceorgpaths":
		org, _, _ := strings.Cut(v, "/")
		return strings.HasPrefix(org, "o-") && !glob.HasWildcard(org)
	}
	return v != "" && !glob.HasWildcard(v)
}

// restricts reports whether condition c (in an Allow statement) confines
// the caller to a bounded set: a positive test without IfExists of a
// restricting key, every value bounded.
func restricts(c *cond) bool {
	if c.negated || c.ifExists || c.qual == iam.ForAllValues || !slices.Contains(restrictingKeys, c.key) {
		return false
	}
	if c.kind != kString && c.kind != kFold {
		return false
	}
	for _, v := range c.raw {
		if !boundedValue(c.key, v) {
			return false
		}
	}
	return len(c.raw) > 0
}

// excludesOutsiders reports whether condition c of a Deny statement makes
// it deny every caller outside a bounded set: a negated test of a
// restricting key with bounded values.
func excludesOutsiders(c *cond) bool {
	if !c.negated || c.qual != iam.NoQualifier || !slices.Contains(restrictingKeys, c.key) || (c.kind != kString && c.kind != kFold) {
		return false
	}
	for _, v := range c.raw {
		if !boundedValue(c.key, v) {
			return false
		}
	}
	return len(c.raw) > 0
}

// webIdentity are the identity providers anyone can get a token from.
var webIdentity = []string{"cognito-identity.amazonaws.com", "accounts.google.com", "graph.facebook.com", "www.amazon.com"}

// publicPrincipal reports whether the statement's principals include
// callers anyone can be, and describes them.
func publicPrincipal(s *stmt) (string, bool) {
	p := s.princ
	switch {
	case p.none:
		return "", false
	case p.not:
		return "everyone but " + p.String() + " (NotPrincipal)", true
	case p.all:
		return "everyone (Principal \"*\")", true
	}
	for _, e := range p.entries {
		switch e.kind {
		case iam.ServicePrincipal, iam.FederatedPrincipal:
			if e.value == "*" {
				return e.kind.String() + " \"*\"", true
			}
		}
		if e.kind != iam.FederatedPrincipal {
			continue
		}
		// A web identity provider: anyone with an account there, unless a
		// condition names the application (aud) or the subject (sub).
		host := e.value
		if strings.HasPrefix(host, "arn:") {
			_, rest, ok := strings.Cut(host, ":oidc-provider/")
			if !ok {
				continue // SAML providers are the account's own
			}
			host = rest
		} else if !slices.Contains(webIdentity, strings.ToLower(host)) {
			continue
		}
		if !webIdentityBound(s, strings.ToLower(host)) {
			return "anyone with an identity from " + e.value, true
		}
	}
	return "", false
}

// webIdentityBound reports whether a condition pins the web identity
// token's audience or subject.
func webIdentityBound(s *stmt, host string) bool {
	for i := range s.conds {
		c := &s.conds[i]
		k := c.key
		if !strings.HasPrefix(k, host+":") || c.negated || c.ifExists || c.qual == iam.ForAllValues {
			continue
		}
		claim := strings.TrimPrefix(k, host+":")
		if claim != "sub" && claim != "aud" && claim != "app_id" {
			continue
		}
		if host == "token.actions.githubusercontent.com" && claim == "aud" {
			continue // the same for every GitHub user
		}
		ok := len(c.raw) > 0
		for _, v := range c.raw {
			if v == "" || v == "*" || strings.HasPrefix(v, "*") {
				ok = false
			}
		}
		if ok {
			return true
		}
	}
	return false
}

// NoPublicAccess checks whether a resource-based policy can grant public
// access to a resource of type t, with the semantics of Access Analyzer's
// CheckNoPublicAccess (PASS: it cannot; FAIL: it might). An Allow
// statement grants public access when it covers actions of the resource
// type's service, names callers anyone can be (Principal "*", NotPrincipal,
// a wildcard, or a web identity provider whose audience or subject no
// condition pins), and has no condition that confines the caller to
// specific accounts, organizations, services or network endpoints — unless
// a Deny statement for everyone covering the same actions and resources
// denies every caller outside such a set.
func NoPublicAccess(c *catalog.Catalog, p *iam.Policy, t ResourceType) CheckResult {
	e := newEngine(c)
	s := e.compileSide([]*iam.Policy{p})
	allows, denies := split(s)
	svc := catalog.NewSet(c)
	var svcLangs []glob.Lang
	for _, name := range t.Services {
		if sv := c.Service(name); sv != nil {
			for _, a := range sv.Actions {
				svc.Add(a.ID)
			}
		}
		svcLangs = append(svcLangs, glob.Union(glob.ParseExpr(name+":*")))
	}
	var reasons []CheckReason
	for _, n := range allows {
		acts := n.acts.Intersect(svc)
		looseHit := false
		for _, l := range svcLangs {
			if ans, _ := glob.IntersectsLang(n.actLang, l, actOpts); ans != glob.No && len(n.loose) > 0 {
				looseHit = true
			}
		}
		if acts.IsEmpty() && !looseHit {
			continue
		}
		who, public := publicPrincipal(n)
		if !public || slices.ContainsFunc(n.conds, func(c cond) bool { return restricts(&c) }) {
			continue
		}
		if publicDenied(e, n, acts, denies) {
			continue
		}
		names := acts.Actions(c)
		var an []string
		for _, a := range names {
			an = append(an, a.String())
		}
		if len(an) == 0 {
			an = []string{strings.Join(n.st.Action.Strings(), ", ")}
		}
		d := fmt.Sprintf("allows %s to %s", who, listActions(an, 5))
		if len(n.conds) > 0 {
			d += " under conditions that do not confine the caller (" + condsText(n.conds) + ")"
		} else {
			d += " without a condition"
		}
		reasons = append(reasons, CheckReason{Statement: n.ref(), Description: d})
	}
	return checkResult(len(reasons) == 0,
		"The resource policy does not grant public access for "+t.AccessAnalyzer+".",
		"The resource policy might grant public access for "+t.AccessAnalyzer+".", reasons)
}

// publicDenied reports whether a Deny statement for everyone denies every
// caller outside a bounded set for all of n's actions and resources.
func publicDenied(e *engine, n *stmt, acts catalog.Set, denies []*stmt) bool {
	for _, d := range denies {
		if !(d.princ.all && !d.princ.not) || len(d.conds) == 0 {
			continue
		}
		if !acts.Difference(d.acts).IsEmpty() {
			continue
		}
		if len(n.loose) > 0 {
			var ls []glob.Lang
			for _, l := range n.loose {
				ls = append(ls, l.lang)
			}
			ok := true
			for _, l := range ls {
				if ans, _ := glob.Included(l, []glob.Lang{d.actLang}, actOpts); ans != glob.Yes {
					ok = false
				}
			}
			if !ok {
				continue
			}
		}
		if !e.coversAll(n, d) {
			continue
		}
		all := true
		for i := range d.conds {
			if !excludesOutsiders(&d.conds[i]) {
				all = false
			}
		}
		if all {
			return true
		}
	}
	return false
}
