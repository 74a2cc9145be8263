package extract

import (
	"bytes"
	"html"
	"strings"
)

// htmlText turns an HTML page into the text a reader sees, for finding
// policies: tags are removed (block-level tags become line breaks), the
// contents of <script>, <style> and comments are dropped, and character
// references are decoded. orig[i] is the offset in page of text byte i;
// orig has one more entry, for the end.
func htmlText(page []byte) (text []byte, orig []int) {
	text = make([]byte, 0, len(page))
	orig = make([]int, 0, len(page)+1)
	emit := func(b []byte, at int) {
		for _, c := range b {
			text = append(text, c)
			orig = append(orig, at)
		}
	}
	for i := 0; i < len(page); {
		c := page[i]
		switch {
		case c == '<' && bytes.HasPrefix(page[i:], []byte("<!--")):
			j := bytes.Index(page[i+4:], []byte("-->"))
			if j < 0 {
				i = len(page)
			} else {
				i += 4 + j + 3
			}
		case c == '<' && i+1 < len(page) && (isLetter(page[i+1]) || page[i+1] == '/' || page[i+1] == '!' || page[i+1] == '?'):
			j := tagEnd(page, i)
			name := tagName(page[i:j])
			if name == "script" || name == "style" {
				// Skip to the matching end tag.
				end := bytes.Index(bytes.ToLower(page[j:]), []byte("</"+name))
				if end < 0 {
					j = len(page)
				} else {
					j = tagEnd(page, j+end)
				}
			}
			if blockTag(name) {
				emit([]byte{'\n'}, i)
			}
			i = j
		case c == '&':
			j := i + 1
			for j < len(page) && j-i < 12 && (isLetter(page[j]) || isDigit(page[j]) || page[j] == '#') {
				j++
			}
			if j < len(page) && page[j] == ';' && j > i+1 {
				dec := html.UnescapeString(string(page[i : j+1]))
				if dec != string(page[i:j+1]) {
					emit([]byte(dec), i)
					i = j + 1
					continue
				}
			}
			emit(page[i:i+1], i)
			i++
		default:
			text = append(text, c)
			orig = append(orig, i)
			i++
		}
	}
	orig = append(orig, len(page))
	return text, orig
}

// tagEnd returns the offset just past the '>' that closes the tag at i
// (quotes in attribute values are respected), or len(page).
func tagEnd(page []byte, i int) int {
	var quote byte
	for j := i + 1; j < len(page); j++ {
		c := page[j]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '>':
			return j + 1
		}
	}
	return len(page)
}

// tagName returns the lower-case element name of a tag ("pre" for "</PRE>").
func tagName(tag []byte) string {
	i := 1
	if i < len(tag) && tag[i] == '/' {
		i++
	}
	j := i
	for j < len(tag) && (isLetter(tag[j]) || isDigit(tag[j])) {
		j++
	}
	return strings.ToLower(string(tag[i:j]))
}

func blockTag(name string) bool {
	switch name {
	case "br", "p", "div", "li", "ul", "ol", "pre", "tr", "td", "th", "table", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "header", "footer", "blockquote", "dt", "dd", "hr":
		return true
	}
	return false
}

func isLetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }
func isDigit(c byte) bool  { return '0' <= c && c <= '9' }
