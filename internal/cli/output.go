package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/spf13/cobra"
)

// outputFormat is the value of an -o/--output flag.
type outputFormat string

// The output formats. Not every command offers every format.
const (
	formatText  outputFormat = "text"
	formatJSON  outputFormat = "json"
	formatSARIF outputFormat = "sarif"
)

// addOutputFlag registers -o/--output on cmd with the allowed formats (the
// first is the default) and returns where the choice is stored.
func addOutputFlag(cmd *cobra.Command, allowed ...outputFormat) *outputFormat {
	v := allowed[0]
	names := make([]string, len(allowed))
	for i, a := range allowed {
		names[i] = string(a)
	}
	cmd.Flags().VarP(&formatValue{v: &v, allowed: allowed}, "output", "o", "output format: "+strings.Join(names, "|"))
	_ = cmd.RegisterFlagCompletionFunc("output", cobra.FixedCompletions(names, cobra.ShellCompDirectiveNoFileComp))
	return &v
}

type formatValue struct {
	v       *outputFormat
	allowed []outputFormat
}

func (f *formatValue) String() string { return string(*f.v) }
func (f *formatValue) Type() string   { return "format" }
func (f *formatValue) Set(s string) error {
	s = strings.ToLower(s)
	if !slices.Contains(f.allowed, outputFormat(s)) {
		names := make([]string, len(f.allowed))
		for i, a := range f.allowed {
			names[i] = string(a)
		}
		return fmt.Errorf("unknown format %q (want %s)", s, strings.Join(names, ", "))
	}
	*f.v = outputFormat(s)
	return nil
}

// writeJSON writes v as indented JSON followed by a newline. Machine-readable
// output is a compatibility promise: add fields, never rename them.
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}
