package cli

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// A lintReader reads the arguments of lint. Unlike readInputs, which stops at
// the first problem, it reports a file that cannot be read and goes on with
// the others, so that one bad file in a directory does not hide the findings
// of the rest: lint's summary counts the files it could not read and the exit
// status is 2.
type lintReader struct {
	env       *Env
	opts      inputOptions
	stdinUsed bool
	// Errors are the problems met so far, one per file or argument; Notes
	// are things skipped on purpose that the user should know about.
	Errors []error
	Notes  []string
}

// read reads one argument: "-" for standard input, a file, or a directory
// (recursively: files with one of opts.exts, in lexical order; hidden
// directories are skipped; symbolic links to files are followed, links to
// directories are not, and are noted).
func (r *lintReader) read(arg string) ([]input, error) {
	if arg == "-" {
		if r.stdinUsed {
			return nil, usageErrorf("standard input (-) given more than once")
		}
		r.stdinUsed = true
		data, err := readLimited(r.env.Stdin, "<stdin>")
		if err != nil {
			r.Errors = append(r.Errors, err)
			return nil, nil
		}
		return []input{{Name: "<stdin>", Data: data}}, nil
	}
	st, err := os.Stat(arg)
	if err != nil {
		r.Errors = append(r.Errors, fmt.Errorf("cannot read %s: %w", arg, unwrapPathError(err)))
		return nil, nil
	}
	if !st.IsDir() {
		return r.file(arg), nil
	}
	var found []string
	failed := len(r.Errors)
	walkErr := filepath.WalkDir(arg, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			// An unreadable directory (or entry): report it, go on with
			// its siblings.
			r.Errors = append(r.Errors, fmt.Errorf("cannot read %s: %w", path, unwrapPathError(err)))
			if d != nil && d.IsDir() && path != arg {
				return fs.SkipDir
			}
			return nil
		}
		name := d.Name()
		if d.IsDir() {
			if path != arg && strings.HasPrefix(name, ".") {
				return fs.SkipDir
			}
			return nil
		}
		wanted := slices.Contains(r.opts.exts, strings.ToLower(filepath.Ext(name)))
		switch {
		case d.Type().IsRegular():
			if wanted {
				found = append(found, path)
			}
		case d.Type()&fs.ModeSymlink != 0:
			target, err := os.Stat(path)
			switch {
			case err != nil:
				if wanted {
					r.Errors = append(r.Errors, fmt.Errorf("cannot read %s: %w", path, unwrapPathError(err)))
				}
			case target.Mode().IsRegular():
				if wanted {
					found = append(found, path)
				}
			case target.IsDir():
				// Not followed: links can make cycles.
				r.Notes = append(r.Notes, fmt.Sprintf("%s is a symbolic link to a directory, not followed", path))
			}
		case wanted:
			r.Notes = append(r.Notes, fmt.Sprintf("%s is a %s, not read", path, kindOf(d.Type())))
		}
		return nil
	})
	if walkErr != nil {
		r.Errors = append(r.Errors, fmt.Errorf("cannot read directory %s: %w", arg, unwrapPathError(walkErr)))
	}
	if len(found) == 0 && len(r.Errors) == failed {
		r.Errors = append(r.Errors, fmt.Errorf("directory %s holds no %s files", arg, strings.Join(r.opts.exts, " or ")))
		return nil, nil
	}
	slices.Sort(found)
	var out []input
	for _, p := range found {
		out = append(out, r.file(p)...)
	}
	return out, nil
}

// file reads one file, recording the error if it cannot be read.
func (r *lintReader) file(path string) []input {
	in, err := readFile(path)
	if err != nil {
		if ee, ok := err.(*ExitError); ok && ee.Err != nil {
			err = ee.Err
		}
		r.Errors = append(r.Errors, err)
		return nil
	}
	return []input{in}
}

// kindOf names a file mode for messages.
func kindOf(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "directory"
	case m&fs.ModeNamedPipe != 0:
		return "named pipe"
	case m&fs.ModeSocket != 0:
		return "socket"
	case m&fs.ModeDevice != 0:
		return "device"
	}
	return "special file"
}
