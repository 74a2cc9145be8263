package cli

import (
	"testing"

	"github.com/spf13/cobra"
)

// TestHelp checks that every command a user can run has a short
// description, a long one and examples in its help.
func TestHelp(t *testing.T) {
	env := Env{}
	root := newRootCmd(&env)
	var walk func(c *cobra.Command)
	n := 0
	walk = func(c *cobra.Command) {
		if c.Hidden || c.Name() == "help" {
			return
		}
		n++
		if c.Short == "" {
			t.Errorf("%q has no Short description", c.CommandPath())
		}
		if c.Example == "" {
			t.Errorf("%q has no Example", c.CommandPath())
		}
		if c.Runnable() && c.Long == "" {
			t.Errorf("%q has no Long description", c.CommandPath())
		}
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)
	if n < 8 {
		t.Errorf("only %d commands found", n)
	}
}
