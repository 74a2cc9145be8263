package extract

import (
	"github.com/leastpriv/leastpriv/catalog"
	"github.com/leastpriv/leastpriv/diag"
	"github.com/leastpriv/leastpriv/iam"
	"github.com/leastpriv/leastpriv/internal/jsonpos"
	"github.com/leastpriv/leastpriv/lint"
)

// mentionRE finds "service:Action" tokens in prose: a lower-case service
// prefix, a colon, and an action name starting with a capital or a
// wildcard. Condition keys ("aws:SourceIp") and ARNs ("arn:aws:...") are
// ruled out afterwards.
var mentionRE = lazyRegexp(`(^|[^A-Za-z0-9_:/.-])([a-z][a-z0-9-]{1,40}):([A-Z*][A-Za-z0-9*?]*)`)

// mentions collects the action names a page mentions outside its policies
// (a bulleted "minimum permissions" list) as one synthetic action list, so
// that the action-name rules can check them. It returns nil when there are
// none. Only prefixes the catalog knows count, and names that are condition
// keys of the service are skipped.
func mentions(name string, text []byte, spans []span, c *catalog.Catalog, remap func(diag.Range) diag.Range) *lint.Input {
	lines := diag.NewLines(text)
	var values []*jsonpos.Value
	inSpan := func(off int) bool {
		for _, s := range spans {
			if s.start <= off && off < s.end {
				return true
			}
		}
		return false
	}
	for _, m := range mentionRE().FindAllSubmatchIndex(text, -1) {
		start, end := m[4], m[7]
		if inSpan(start) {
			continue
		}
		// "ec2:ResourceTag/..." and "s3:prefix" are keys; "x:Y.z" a file
		// name or a URL.
		if end < len(text) && (text[end] == '/' || text[end] == '.' && end+1 < len(text) && isLetter(text[end+1])) {
			continue
		}
		prefix := string(text[m[4]:m[5]])
		svc := c.Service(prefix)
		if svc == nil {
			continue
		}
		tok := string(text[start:end])
		if svc.ConditionKey(tok) != nil {
			continue
		}
		r := lines.Range(name, start, end)
		values = append(values, &jsonpos.Value{Kind: jsonpos.String, Text: tok, Range: r})
	}
	if len(values) == 0 {
		return nil
	}
	first := values[0].Range
	str := func(s string) *jsonpos.Value {
		return &jsonpos.Value{Kind: jsonpos.String, Text: s, Range: first}
	}
	actions := &jsonpos.Value{Kind: jsonpos.Array, Range: first, Elems: values}
	stmt := &jsonpos.Value{Kind: jsonpos.Object, Range: first, Members: []jsonpos.Member{
		{Key: "Effect", KeyRange: first, Value: str("Allow")},
		{Key: "Action", KeyRange: first, Value: actions},
		{Key: "Resource", KeyRange: first, Value: str("*")},
	}}
	doc := &jsonpos.Value{Kind: jsonpos.Object, Range: first, Members: []jsonpos.Member{
		{Key: "Version", KeyRange: first, Value: str("2012-10-17")},
		{Key: "Statement", KeyRange: first, Value: &jsonpos.Value{Kind: jsonpos.Array, Range: first, Elems: []*jsonpos.Value{stmt}}},
	}}
	setPaths(doc, "")
	return &lint.Input{
		File:        name,
		Value:       doc,
		Type:        iam.Identity,
		Name:        "actions named in the text",
		ActionsOnly: true,
		Remap:       remap,
	}
}

// setPaths fills in the JSON Pointers of a tree built by hand.
func setPaths(v *jsonpos.Value, path string) {
	v.Path = path
	for i, e := range v.Elems {
		setPaths(e, jsonpos.IndexPointer(path, i))
	}
	for _, m := range v.Members {
		setPaths(m.Value, jsonpos.Pointer(path, m.Key))
	}
}
