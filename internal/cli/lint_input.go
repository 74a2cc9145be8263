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
//
// It finds the files of each argument first (reading only standard input);
// lint's workers read each file when they lint it (lintFile.read), so that
// a run over many files never holds them all.
type lintReader struct {
	env       *Env
	opts      inputOptions
	stdinUsed bool
	// Notes are things skipped on purpose that the user should know about.
	Notes []string
}

// A lintArg is one argument of lint: the problems met finding its files,
// and the files.
type lintArg struct {
	errs  []error
	files []*lintFile
}

// A lintFile is one file to lint.
type lintFile struct {
	name string
	// named reports that the file was named on the command line (or is
	// standard input), not found by walking a directory.
	named bool
	data  []byte // standard input, read up front; nil for a file
}

// read returns the content of the file, reading it unless it was read up
// front.
func (f *lintFile) read() ([]byte, error) {
	if f.data != nil {
		return f.data, nil
	}
	in, err := readFile(f.name)
	if err != nil {
		if ee, ok := err.(*ExitError); ok && ee.Err != nil {
			err = ee.Err
		}
		return nil, err
	}
	return in.Data, nil
}

// find finds the files of one argument: "-" for standard input (read now),
// a file, or a directory (recursively: files with one of opts.exts, in
// lexical order; hidden directories are skipped; symbolic links to files
// are followed, links to directories are not, and are noted).
func (r *lintReader) find(arg string) (*lintArg, error) {
	a := &lintArg{}
	if arg == "-" {
		if r.stdinUsed {
			return nil, usageErrorf("standard input (-) given more than once")
		}
		r.stdinUsed = true
		data, err := readLimited(r.env.Stdin, "<stdin>")
		if err != nil {
			a.errs = append(a.errs, err)
			return a, nil
		}
		if data == nil {
			data = []byte{}
		}
		a.files = []*lintFile{{name: "<stdin>", named: true, data: data}}
		return a, nil
	}
	st, err := os.Stat(arg)
	if err != nil {
		a.errs = append(a.errs, fmt.Errorf("cannot read %s: %w", arg, unwrapPathError(err)))
		return a, nil
	}
	if !st.IsDir() {
		a.files = []*lintFile{{name: arg, named: true}}
		return a, nil
	}
	var found []string
	walkErr := filepath.WalkDir(arg, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			// An unreadable directory (or entry): report it, go on with
			// its siblings.
			a.errs = append(a.errs, fmt.Errorf("cannot read %s: %w", path, unwrapPathError(err)))
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
					a.errs = append(a.errs, fmt.Errorf("cannot read %s: %w", path, unwrapPathError(err)))
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
		a.errs = append(a.errs, fmt.Errorf("cannot read directory %s: %w", arg, unwrapPathError(walkErr)))
	}
	if len(found) == 0 && len(a.errs) == 0 {
		a.errs = append(a.errs, fmt.Errorf("directory %s holds no %s files", arg, strings.Join(r.opts.exts, " or ")))
		return a, nil
	}
	slices.Sort(found)
	for _, p := range found {
		a.files = append(a.files, &lintFile{name: p, named: p == arg})
	}
	return a, nil
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
