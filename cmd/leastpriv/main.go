// Command leastpriv answers which cloud permissions software needs, and
// whether a policy grants exactly that. The implementation lives in
// internal/cli; see docs/ and README.md for the manual.
package main

import (
	"context"
	"os"
	"os/signal"

	"github.com/leastpriv/leastpriv/internal/cli"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := cli.Main(ctx, os.Args[1:], cli.StdEnv())
	stop()
	os.Exit(code)
}
