package iamrules

import (
	"strings"
	"sync"

	"github.com/leastpriv/leastpriv/catalog"
	"github.com/leastpriv/leastpriv/diag"
	"github.com/leastpriv/leastpriv/iam"
	"github.com/leastpriv/leastpriv/lint"
)

// selectActions memoises, per catalog, the IDs of the actions that support
// dynamodb:Select: the reads that can return whole items.
var selectActions sync.Map // *catalog.Catalog -> []int

func dynamoDBSelectActions(c *catalog.Catalog) []int {
	if v, ok := selectActions.Load(c); ok {
		return v.([]int)
	}
	var ids []int
	if s := c.Service("dynamodb"); s != nil {
		for _, a := range s.Actions {
			if supportsKey(a, "dynamodb:Select") {
				ids = append(ids, a.ID)
			}
		}
	}
	v, _ := selectActions.LoadOrStore(c, ids)
	return v.([]int)
}

// selectsSpecificAttributes reports whether st requires dynamodb:Select to be
// SPECIFIC_ATTRIBUTES (StringEquals, or StringEqualsIfExists so that
// requests without Select, such as writes, still pass).
func selectsSpecificAttributes(st *iam.Statement) bool {
	found := false
	conditionEntries(st, func(b *iam.ConditionBlock, e *iam.ConditionEntry) {
		if b.Operator.Base != "StringEquals" || b.Operator.Qualifier != iam.NoQualifier || !strings.EqualFold(e.Key.Value, "dynamodb:Select") {
			return
		}
		for _, v := range e.Values {
			if v.Text != "SPECIFIC_ATTRIBUTES" {
				return
			}
		}
		found = true
	})
	return found
}

// DynamoDBAttributesWithoutSelect reports Allow statements that limit
// DynamoDB reads to some attributes without requiring a projection.
var DynamoDBAttributesWithoutSelect = &lint.Rule{
	Code:     "DYNAMODB_ATTRIBUTES_WITHOUT_SELECT",
	Severity: diag.SecurityWarning,
	Title:    "condition on dynamodb:Attributes without one on dynamodb:Select",
	Doc: `dynamodb:Attributes holds the attributes a request names: its projection
expression or attributes to get. A read that names none (GetItem, Query or
Scan without a projection) has no attributes to test, and a ForAllValues
condition on an empty set holds: the request returns whole items, every
attribute included. Require "dynamodb:Select": "SPECIFIC_ATTRIBUTES" in the
same statement (StringEqualsIfExists keeps writes, which have no Select,
allowed), as DynamoDB's fine-grained access control examples do.`,
	Hint:   `add "StringEqualsIfExists": {"dynamodb:Select": "SPECIFIC_ATTRIBUTES"}`,
	Source: srcAA,
	URLs:   []string{aaChecks + "#access-analyzer-reference-policy-checks-security-warning-dynamodb-attributes-without-select", "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/specifying-conditions.html"},
	Bad:    policy(`{"Effect": "Allow", "Action": ["dynamodb:GetItem", "dynamodb:Query"], "Resource": "arn:aws:dynamodb:us-east-1:111122223333:table/users", "Condition": {"ForAllValues:StringEquals": {"dynamodb:Attributes": ["id", "name"]}}}`),
	Good:   policy(`{"Effect": "Allow", "Action": ["dynamodb:GetItem", "dynamodb:Query"], "Resource": "arn:aws:dynamodb:us-east-1:111122223333:table/users", "Condition": {"ForAllValues:StringEquals": {"dynamodb:Attributes": ["id", "name"]}, "StringEqualsIfExists": {"dynamodb:Select": "SPECIFIC_ATTRIBUTES"}}}`),
	Run: func(p *lint.Pass) {
		for _, st := range p.Policy.Statements {
			if !allows(st) || st.Condition == nil {
				continue
			}
			conditionEntries(st, func(b *iam.ConditionBlock, e *iam.ConditionEntry) {
				if b.Operator.Family == iam.NullFamily || !strings.EqualFold(e.Key.Value, "dynamodb:Attributes") {
					return
				}
				if !p.GrantsAny(st, dynamoDBSelectActions(p.Catalog)) || selectsSpecificAttributes(st) {
					return
				}
				p.Reportf(e.Key.Range, e.Key.Path, `reads without a projection return every attribute despite this dynamodb:Attributes condition: also require "dynamodb:Select": "SPECIFIC_ATTRIBUTES"`)
			})
		}
	},
}
