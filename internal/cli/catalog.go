package cli

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/leastpriv/leastpriv/catalog"
	"github.com/leastpriv/leastpriv/internal/glob"
	"github.com/spf13/cobra"
)

func newCatalogCmd(env *Env) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "catalog",
		Short: "Query the embedded AWS catalog of services, actions, resource types and condition keys",
		Long: `The catalog commands query the AWS catalog compiled into leastpriv: every
service prefix, action (access level, resource types with their ARN formats,
condition keys), resource type and condition key, as the Service Authorization
Reference documents them. 'leastpriv version' says which release of the data
it is. Names are matched ignoring case.`,
		Example: `  leastpriv catalog services
  leastpriv catalog actions s3 --access-level Write
  leastpriv catalog actions 's3:Get*'
  leastpriv catalog show s3:GetObject
  leastpriv catalog show s3
  leastpriv catalog keys s3
  leastpriv catalog keys aws:ResourceTag/team`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return cmd.Help()
		},
	}
	cmd.AddCommand(
		newCatalogServicesCmd(env),
		newCatalogActionsCmd(env),
		newCatalogShowCmd(env),
		newCatalogKeysCmd(env),
	)
	return cmd
}

func newCatalogServicesCmd(env *Env) *cobra.Command {
	var out *outputFormat
	cmd := &cobra.Command{
		Use:   "services",
		Short: "List the AWS services: prefix, name and number of actions",
		Long: `Services lists every service of the catalog, sorted by prefix: its prefix (the
part of an action name before the colon), its name and its number of actions.`,
		Example: `  leastpriv catalog services
  leastpriv catalog services | grep -i bedrock
  leastpriv catalog services -o json`,
		Args: cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			c := catalog.Default()
			if *out == formatJSON {
				type service struct {
					Prefix       string `json:"prefix"`
					Name         string `json:"name"`
					Actions      int    `json:"actions"`
					RCPSupported bool   `json:"rcpSupported"`
				}
				list := []service{}
				for _, s := range c.Services() {
					list = append(list, service{s.Prefix, s.Name, len(s.Actions), s.RCPSupported})
				}
				return writeJSON(env.Stdout, list)
			}
			tw := newTable(env.Stdout)
			for _, s := range c.Services() {
				fmt.Fprintf(tw, "%s\t%s\t%d\n", s.Prefix, s.Name, len(s.Actions))
			}
			return tw.Flush()
		},
	}
	out = addOutputFlag(cmd, formatText, formatJSON)
	return cmd
}

func newCatalogActionsCmd(env *Env) *cobra.Command {
	var (
		out    *outputFormat
		levels []string
	)
	cmd := &cobra.Command{
		Use:   "actions [SERVICE | PATTERN]...",
		Short: "List actions of services or matching patterns, one a line",
		Long: `Actions prints the actions of the given services, or those an action pattern
matches ('*' and '?' anywhere, case ignored), one a line, in catalog order.
Without arguments it lists every action.

--access-level keeps the actions of the given levels (List, Read, Write,
Permissions-management, Tagging; repeat the flag or separate with commas).

An unknown service or action, or a pattern that matches nothing, is an error
(exit code 2) with suggestions.`,
		Example: `  leastpriv catalog actions s3 --access-level Write
  leastpriv catalog actions 's3:Get*'
  leastpriv catalog actions ec2 iam --access-level permissions-management
  leastpriv catalog actions 'iam:*AccessKey*' -o json`,
		ValidArgsFunction: completeActionPatterns,
		RunE: func(_ *cobra.Command, args []string) error {
			c := catalog.Default()
			keep, err := parseLevels(levels)
			if err != nil {
				return err
			}
			set := catalog.NewSet(c)
			if len(args) == 0 {
				set = c.Match("*")
			}
			for _, arg := range args {
				m, err := matchArg(c, arg)
				if err != nil {
					return err
				}
				set.UnionWith(m)
			}
			var acts []*catalog.Action
			for _, a := range set.Actions(c) {
				if keep == nil || keep[a.Level] {
					acts = append(acts, a)
				}
			}
			if *out == formatJSON {
				type action struct {
					Action      string              `json:"action"`
					AccessLevel catalog.AccessLevel `json:"accessLevel"`
					Description string              `json:"description"`
				}
				list := []action{}
				for _, a := range acts {
					list = append(list, action{a.String(), a.Level, a.Description})
				}
				return writeJSON(env.Stdout, list)
			}
			bw := bufio.NewWriterSize(env.Stdout, 64<<10)
			for _, a := range acts {
				bw.WriteString(a.String())
				bw.WriteByte('\n')
			}
			return bw.Flush()
		},
	}
	out = addOutputFlag(cmd, formatText, formatJSON)
	cmd.Flags().StringSliceVar(&levels, "access-level", nil, "keep only actions of these `LEVELS`: List|Read|Write|Permissions-management|Tagging")
	_ = cmd.RegisterFlagCompletionFunc("access-level", completeLevels)
	return cmd
}

// parseLevels parses --access-level values; nil means every level.
func parseLevels(values []string) (map[catalog.AccessLevel]bool, error) {
	if len(values) == 0 {
		return nil, nil
	}
	keep := make(map[catalog.AccessLevel]bool)
	for _, v := range values {
		l, err := catalog.ParseAccessLevel(strings.TrimSpace(v))
		if err != nil {
			return nil, usageErrorf("--access-level: %v", err)
		}
		keep[l] = true
	}
	return keep, nil
}

// matchArg returns the actions of a "catalog actions" argument: a service
// prefix, an action name or a pattern.
func matchArg(c *catalog.Catalog, arg string) (catalog.Set, error) {
	if !strings.Contains(arg, ":") && !glob.HasWildcard(arg) {
		s := c.Service(arg)
		if s == nil {
			return catalog.Set{}, unknownName(c, "service", arg)
		}
		return c.Match(s.Prefix + ":*"), nil
	}
	m := c.Match(arg)
	if !m.IsEmpty() {
		return m, nil
	}
	if !glob.HasWildcard(arg) {
		return m, unknownName(c, "action", arg)
	}
	if !strings.Contains(arg, ":") && arg != "*" {
		return m, inputError(fmt.Errorf("pattern %q matches nothing: an action pattern needs a service prefix and a colon (service:action)", arg))
	}
	return m, inputError(fmt.Errorf("pattern %q matches no action", arg))
}

// unknownName is the input error for a service, action or key the catalog
// does not know, with suggestions.
func unknownName(c *catalog.Catalog, what, name string) error {
	msg := fmt.Sprintf("unknown %s %q", what, name)
	if sug := c.Suggest(name, 3); len(sug) > 0 {
		msg += " (did you mean " + strings.Join(sug, ", ") + "?)"
	}
	return inputError(errors.New(msg))
}

func newCatalogShowCmd(env *Env) *cobra.Command {
	var out *outputFormat
	cmd := &cobra.Command{
		Use:   "show SERVICE:ACTION | SERVICE",
		Short: "Show an action (access level, resource types, condition keys) or a service",
		Long: `Show prints what the catalog knows about one action: its access level,
description, the resource types it can be scoped to (with their ARN formats,
whether each is required, and the condition keys of each), and the condition
keys it supports. An action without resource types accepts only "Resource": "*".

Given a service prefix, it prints the service: its name, its actions per access
level, its resource types with their ARN formats, and how many condition keys
it has ('leastpriv catalog keys SERVICE' lists them).`,
		Example: `  leastpriv catalog show s3:GetObject
  leastpriv catalog show iam:passrole -o json
  leastpriv catalog show lambda`,
		Args:              cobra.ExactArgs(1),
		ValidArgsFunction: completeNames,
		RunE: func(_ *cobra.Command, args []string) error {
			c := catalog.Default()
			name := args[0]
			if glob.HasWildcard(name) {
				return usageErrorf("show takes one action or service, not a pattern; list matches with: leastpriv catalog actions %q", name)
			}
			if strings.Contains(name, ":") {
				a := c.Action(name)
				if a == nil {
					return unknownName(c, "action", name)
				}
				if *out == formatJSON {
					return writeJSON(env.Stdout, actionJSON(a))
				}
				return showAction(env.Stdout, a)
			}
			s := c.Service(name)
			if s == nil {
				return unknownName(c, "service", name)
			}
			if *out == formatJSON {
				return writeJSON(env.Stdout, serviceJSON(s))
			}
			return showService(env.Stdout, s)
		},
	}
	out = addOutputFlag(cmd, formatText, formatJSON)
	return cmd
}

func newTable(w io.Writer) *tabwriter.Writer {
	return tabwriter.NewWriter(w, 0, 8, 2, ' ', 0)
}

func showAction(w io.Writer, a *catalog.Action) error {
	tw := newTable(w)
	fmt.Fprintf(tw, "%s\n", a)
	fmt.Fprintf(tw, "  Service:\t%s (%s)\n", a.Service.Name, a.Service.Prefix)
	fmt.Fprintf(tw, "  Access level:\t%s\n", a.Level)
	fmt.Fprintf(tw, "  Description:\t%s\n", a.Description)
	if len(a.Resources) == 0 {
		fmt.Fprintf(tw, "  Resource types:\tnone (the action accepts only \"Resource\": \"*\")\n")
	} else {
		fmt.Fprintf(tw, "  Resource types:\n")
		for _, r := range a.Resources {
			name := r.Type.Name
			if r.Required {
				name += " (required)"
			}
			for i, arn := range r.Type.ARNFormats() {
				if i > 0 {
					name = ""
				}
				fmt.Fprintf(tw, "    %s\t%s\n", name, arn)
			}
			if len(r.ConditionKeys) > 0 {
				fmt.Fprintf(tw, "    \tcondition keys: %s\n", keyNames(r.ConditionKeys))
			}
		}
	}
	if len(a.ConditionKeys) == 0 {
		fmt.Fprintf(tw, "  Condition keys:\tnone\n")
	} else {
		fmt.Fprintf(tw, "  Condition keys:\n")
		for _, k := range a.ConditionKeys {
			fmt.Fprintf(tw, "    %s\t%s\n", k.Name, k.Type)
		}
	}
	return tw.Flush()
}

func keyNames(keys []*catalog.ConditionKey) string {
	names := make([]string, len(keys))
	for i, k := range keys {
		names[i] = k.Name
	}
	return strings.Join(names, ", ")
}

func showService(w io.Writer, s *catalog.Service) error {
	tw := newTable(w)
	fmt.Fprintf(tw, "%s\n", s.Prefix)
	fmt.Fprintf(tw, "  Name:\t%s\n", s.Name)
	counts := levelCounts(s)
	var parts []string
	for _, l := range catalog.AccessLevels() {
		if n := counts[l]; n > 0 {
			parts = append(parts, fmt.Sprintf("%s %d", l, n))
		}
	}
	fmt.Fprintf(tw, "  Actions:\t%d (%s)\n", len(s.Actions), strings.Join(parts, ", "))
	rcp := "no"
	if s.RCPSupported {
		rcp = "yes"
	}
	fmt.Fprintf(tw, "  Resource control policies:\t%s\n", rcp)
	if len(s.ResourceTypes) == 0 {
		fmt.Fprintf(tw, "  Resource types:\tnone\n")
	} else {
		fmt.Fprintf(tw, "  Resource types:\n")
		for _, r := range s.ResourceTypes {
			name := r.Name
			for i, arn := range r.ARNFormats() {
				if i > 0 {
					name = ""
				}
				fmt.Fprintf(tw, "    %s\t%s\n", name, arn)
			}
		}
	}
	fmt.Fprintf(tw, "  Condition keys:\t%d (leastpriv catalog keys %s)\n", len(s.ConditionKeys), s.Prefix)
	return tw.Flush()
}

func levelCounts(s *catalog.Service) map[catalog.AccessLevel]int {
	counts := make(map[catalog.AccessLevel]int)
	for _, a := range s.Actions {
		counts[a.Level]++
	}
	return counts
}

// The JSON forms of catalog entries. Machine-readable output is a
// compatibility promise: add fields, never rename them.

type keyJSON struct {
	Name        string          `json:"name"`
	Type        catalog.KeyType `json:"type"`
	Global      bool            `json:"global"`
	Service     string          `json:"service,omitempty"`
	Category    string          `json:"category,omitempty"`
	Template    bool            `json:"template,omitempty"`
	Description string          `json:"description,omitempty"`
}

func toKeyJSON(k *catalog.ConditionKey) keyJSON {
	j := keyJSON{Name: k.Name, Type: k.Type, Global: k.Global, Category: k.Category, Template: k.IsTemplate(), Description: k.Description}
	if k.Service != nil {
		j.Service = k.Service.Prefix
	}
	return j
}

func keysJSON(keys []*catalog.ConditionKey) []keyJSON {
	out := []keyJSON{}
	for _, k := range keys {
		out = append(out, toKeyJSON(k))
	}
	return out
}

type resourceTypeJSON struct {
	Name          string    `json:"name"`
	ARN           string    `json:"arn"`
	ARNFormats    []string  `json:"arnFormats"`
	Required      *bool     `json:"required,omitempty"`
	ConditionKeys []keyJSON `json:"conditionKeys"`
}

type actionJSONView struct {
	Action        string              `json:"action"`
	Service       string              `json:"service"`
	ServiceName   string              `json:"serviceName"`
	Name          string              `json:"name"`
	AccessLevel   catalog.AccessLevel `json:"accessLevel"`
	Description   string              `json:"description"`
	ResourceTypes []resourceTypeJSON  `json:"resourceTypes"`
	ConditionKeys []keyJSON           `json:"conditionKeys"`
}

func actionJSON(a *catalog.Action) actionJSONView {
	v := actionJSONView{
		Action: a.String(), Service: a.Service.Prefix, ServiceName: a.Service.Name, Name: a.Name,
		AccessLevel: a.Level, Description: a.Description,
		ResourceTypes: []resourceTypeJSON{}, ConditionKeys: keysJSON(a.ConditionKeys),
	}
	for _, r := range a.Resources {
		req := r.Required
		v.ResourceTypes = append(v.ResourceTypes, resourceTypeJSON{
			Name: r.Type.Name, ARN: r.Type.ARN, ARNFormats: r.Type.ARNFormats(), Required: &req,
			ConditionKeys: keysJSON(r.ConditionKeys),
		})
	}
	return v
}

type serviceJSONView struct {
	Prefix        string             `json:"prefix"`
	Name          string             `json:"name"`
	RCPSupported  bool               `json:"rcpSupported"`
	Actions       int                `json:"actions"`
	AccessLevels  map[string]int     `json:"accessLevels"`
	ResourceTypes []resourceTypeJSON `json:"resourceTypes"`
	ConditionKeys int                `json:"conditionKeys"`
}

func serviceJSON(s *catalog.Service) serviceJSONView {
	v := serviceJSONView{
		Prefix: s.Prefix, Name: s.Name, RCPSupported: s.RCPSupported, Actions: len(s.Actions),
		AccessLevels: map[string]int{}, ResourceTypes: []resourceTypeJSON{}, ConditionKeys: len(s.ConditionKeys),
	}
	for l, n := range levelCounts(s) {
		v.AccessLevels[l.String()] = n
	}
	for _, r := range s.ResourceTypes {
		v.ResourceTypes = append(v.ResourceTypes, resourceTypeJSON{
			Name: r.Name, ARN: r.ARN, ARNFormats: r.ARNFormats(), ConditionKeys: keysJSON(r.ConditionKeys),
		})
	}
	return v
}

func newCatalogKeysCmd(env *Env) *cobra.Command {
	var out *outputFormat
	cmd := &cobra.Command{
		Use:   "keys SERVICE | aws | KEY",
		Short: "List the condition keys of a service, the global keys, or resolve one key",
		Long: `Keys lists the condition keys a service documents, with their types and
descriptions. "aws" lists AWS's global condition keys instead.

Given a key as a policy writes it ("aws:ResourceTag/team",
"s3:ExistingObjectTag/classification"), it prints the catalog key it resolves to:
a key whose name holds a placeholder such as ${TagKey} stands for every key
with text in its place. An unknown service or key is an error (exit code 2).`,
		Example: `  leastpriv catalog keys s3
  leastpriv catalog keys aws
  leastpriv catalog keys aws:ResourceTag/team
  leastpriv catalog keys s3 -o json`,
		Args:              cobra.ExactArgs(1),
		ValidArgsFunction: completeKeyArgs,
		RunE: func(_ *cobra.Command, args []string) error {
			c := catalog.Default()
			name := args[0]
			var keys []*catalog.ConditionKey
			switch {
			case strings.Contains(name, ":"):
				k := c.ConditionKey(name)
				if k == nil {
					return unknownKey(c, name)
				}
				if *out == formatJSON {
					return writeJSON(env.Stdout, toKeyJSON(k))
				}
				return showKey(env.Stdout, k)
			case strings.EqualFold(name, "aws"):
				keys = c.GlobalConditionKeys()
			default:
				s := c.Service(name)
				if s == nil {
					return unknownName(c, "service", name)
				}
				keys = s.ConditionKeys
			}
			if *out == formatJSON {
				return writeJSON(env.Stdout, keysJSON(keys))
			}
			tw := newTable(env.Stdout)
			for _, k := range keys {
				desc := k.Description
				if desc == "" && k.Category != "" {
					desc = "(" + k.Category + ")"
				}
				fmt.Fprintf(tw, "%s\t%s\t%s\n", k.Name, k.Type, desc)
			}
			return tw.Flush()
		},
	}
	out = addOutputFlag(cmd, formatText, formatJSON)
	return cmd
}

func showKey(w io.Writer, k *catalog.ConditionKey) error {
	tw := newTable(w)
	fmt.Fprintf(tw, "%s\n", k.Name)
	fmt.Fprintf(tw, "  Type:\t%s\n", k.Type)
	scope := "service key"
	switch {
	case k.Global && k.Service == nil:
		scope = "global key (" + k.Category + ")"
	case k.Global:
		scope = "global key"
	}
	fmt.Fprintf(tw, "  Scope:\t%s\n", scope)
	if k.Service != nil {
		fmt.Fprintf(tw, "  Documented by:\t%s (%s)\n", k.Service.Name, k.Service.Prefix)
	}
	if k.IsTemplate() {
		fmt.Fprintf(tw, "  Template:\tyes; the placeholder stands for any text\n")
	}
	if k.Description != "" {
		fmt.Fprintf(tw, "  Description:\t%s\n", k.Description)
	}
	return tw.Flush()
}

// unknownKey is the input error for a condition key the catalog does not
// know, with suggestions.
func unknownKey(c *catalog.Catalog, name string) error {
	prefix, _, _ := strings.Cut(name, ":")
	msg := fmt.Sprintf("unknown condition key %q", name)
	sug := c.SuggestConditionKey(name, 3)
	if sug == nil && !strings.EqualFold(prefix, "aws") && c.Service(prefix) == nil && c.KeyPrefixServices(prefix) == nil {
		msg += fmt.Sprintf(": no service has the prefix %q", prefix)
		sug = c.Suggest(prefix, 3)
	}
	if len(sug) > 0 {
		msg += " (did you mean " + strings.Join(sug, ", ") + "?)"
	}
	return inputError(errors.New(msg))
}

// completeNames completes service prefixes (without a space, so that ":"
// and an action can follow), then the service's action names.
func completeNames(_ *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
	if len(args) > 0 {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	if strings.Contains(toComplete, ":") {
		return completeActionPatterns(nil, args, toComplete)
	}
	var out []string
	for _, s := range catalog.Default().Services() {
		if hasPrefixFold(s.Prefix, toComplete) {
			out = append(out, s.Prefix+"\t"+s.Name)
		}
	}
	return out, cobra.ShellCompDirectiveNoSpace | cobra.ShellCompDirectiveNoFileComp
}

// completeKeyArgs completes "aws" and service prefixes.
func completeKeyArgs(_ *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
	if len(args) > 0 {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	var out []string
	if hasPrefixFold("aws", toComplete) {
		out = append(out, "aws\tglobal condition keys")
	}
	for _, s := range catalog.Default().Services() {
		if hasPrefixFold(s.Prefix, toComplete) {
			out = append(out, s.Prefix+"\t"+s.Name)
		}
	}
	return out, cobra.ShellCompDirectiveNoFileComp
}

func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}
