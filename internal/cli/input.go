package cli

import (
	"bytes"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// An input is one document read from a file or standard input.
type input struct {
	Name string // the path as given (or found under a directory), "<stdin>" for "-"
	Data []byte
}

// maxInputSize bounds what is read from any one file or from stdin. Parsers
// apply their own, smaller, caps per document; this only keeps a mistaken
// argument (a disk image, /dev/zero) from exhausting memory.
const maxInputSize = 64 << 20

// inputOptions says which files a directory walk picks up.
type inputOptions struct {
	// exts are the file name extensions (with dot, lower case) read from
	// directories. Files named explicitly are always read.
	exts []string
}

var jsonInputs = inputOptions{exts: []string{".json"}}

// readInputs reads every argument: a file, a directory (recursively, files
// with one of opts.exts, in lexical order, skipping hidden directories) or "-"
// for stdin. Errors name the argument and are input errors (exit code 2).
func readInputs(env *Env, args []string, opts inputOptions) ([]input, error) {
	var out []input
	stdinUsed := false
	for _, arg := range args {
		if arg == "-" {
			if stdinUsed {
				return nil, usageErrorf("standard input (-) given more than once")
			}
			stdinUsed = true
			data, err := readLimited(env.Stdin, "<stdin>")
			if err != nil {
				return nil, inputError(err)
			}
			out = append(out, input{Name: "<stdin>", Data: data})
			continue
		}
		st, err := os.Stat(arg)
		if err != nil {
			return nil, inputError(fmt.Errorf("cannot read %s: %w", arg, unwrapPathError(err)))
		}
		if !st.IsDir() {
			in, err := readFile(arg)
			if err != nil {
				return nil, err
			}
			out = append(out, in)
			continue
		}
		var found []string
		err = filepath.WalkDir(arg, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			name := d.Name()
			if d.IsDir() {
				if path != arg && strings.HasPrefix(name, ".") {
					return filepath.SkipDir
				}
				return nil
			}
			if d.Type().IsRegular() && slices.Contains(opts.exts, strings.ToLower(filepath.Ext(name))) {
				found = append(found, path)
			}
			return nil
		})
		if err != nil {
			return nil, inputError(fmt.Errorf("cannot read directory %s: %w", arg, unwrapPathError(err)))
		}
		if len(found) == 0 {
			return nil, inputError(fmt.Errorf("directory %s holds no %s files", arg, strings.Join(opts.exts, " or ")))
		}
		slices.Sort(found)
		for _, p := range found {
			in, err := readFile(p)
			if err != nil {
				return nil, err
			}
			out = append(out, in)
		}
	}
	return out, nil
}

func readFile(path string) (input, error) {
	f, err := os.Open(path)
	if err != nil {
		return input{}, inputError(fmt.Errorf("cannot read %s: %w", path, unwrapPathError(err)))
	}
	defer f.Close()
	data, err := readLimited(f, path)
	if err != nil {
		return input{}, inputError(err)
	}
	return input{Name: path, Data: data}, nil
}

func readLimited(r io.Reader, name string) ([]byte, error) {
	// Size the buffer from the file when it tells its size (a regular file or
	// a redirected stdin), so large inputs are not copied while growing.
	size := 512
	if f, ok := r.(*os.File); ok {
		if st, err := f.Stat(); err == nil && st.Mode().IsRegular() && st.Size() < maxInputSize {
			size = int(st.Size()) + bytes.MinRead // ReadFrom wants MinRead spare bytes
		}
	}
	buf := bytes.NewBuffer(make([]byte, 0, size))
	_, err := buf.ReadFrom(io.LimitReader(r, maxInputSize+1))
	data := buf.Bytes()
	if err != nil {
		return nil, fmt.Errorf("cannot read %s: %w", name, unwrapPathError(err))
	}
	if len(data) > maxInputSize {
		return nil, fmt.Errorf("%s: larger than %d MiB; is this really a policy document?", name, maxInputSize>>20)
	}
	return data, nil
}

// unwrapPathError drops the *fs.PathError wrapper whose path we already print.
func unwrapPathError(err error) error {
	if pe, ok := err.(*fs.PathError); ok {
		return pe.Err
	}
	return err
}
