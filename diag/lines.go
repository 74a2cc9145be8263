package diag

import "sort"

// Lines maps the byte offsets of one document to line and column positions.
// Build it once per document; lookups are O(log lines).
type Lines struct {
	starts []int // byte offset of the first byte of each line
	size   int
}

// NewLines indexes the line starts of src. A line ends after '\n'.
func NewLines(src []byte) *Lines {
	starts := make([]int, 1, 64)
	for i, c := range src {
		if c == '\n' {
			starts = append(starts, i+1)
		}
	}
	return &Lines{starts: starts, size: len(src)}
}

// Pos returns the position of the byte at offset. Offsets past the end are
// clamped to the end of the document.
func (l *Lines) Pos(offset int) Pos {
	if offset < 0 {
		offset = 0
	}
	if offset > l.size {
		offset = l.size
	}
	i := sort.Search(len(l.starts), func(i int) bool { return l.starts[i] > offset }) - 1
	return Pos{Offset: offset, Line: i + 1, Column: offset - l.starts[i] + 1}
}

// Range returns the range [start, end) of file.
func (l *Lines) Range(file string, start, end int) Range {
	return Range{File: file, Start: l.Pos(start), End: l.Pos(end)}
}

// NumLines returns the number of lines (a final line without '\n' counts).
func (l *Lines) NumLines() int { return len(l.starts) }
