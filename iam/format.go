package iam

import (
	"github.com/leastpriv/leastpriv/internal/jsonpos"
)

// Format returns the canonical text of p, as printed by "leastpriv fmt":
//
//   - the policy's elements in the order Version, Id, Statement;
//   - each statement's elements in the order Sid, Effect, Principal or
//     NotPrincipal, Action or NotAction, Resource or NotResource, Condition;
//   - two-space indentation, one array element per line, a space after ':',
//     a final newline;
//   - every value, and the order of values, principal types, condition
//     operators and condition keys, kept as written; a bare string stays a
//     bare string, an array stays an array (also with one element), and a
//     Statement written as a single object stays one;
//   - numbers and booleans in conditions kept bare, exactly as written;
//   - strings re-encoded canonically (see jsonpos.AppendQuote): escapes only
//     where JSON needs them or where a character would be invisible.
//
// Parsing the result gives back p, except for positions and paths, and
// formatting is idempotent. Format expects a policy parsed without errors;
// elements that failed to parse are left out.
func Format(p *Policy) []byte {
	w := &writer{buf: make([]byte, 0, 1024)}
	w.open('{')
	if p.Version != nil {
		w.key("Version")
		w.str(p.Version.Value)
	}
	if p.ID != nil {
		w.key("Id")
		w.str(p.ID.Value)
	}
	if len(p.Statements) > 0 || p.StatementList {
		w.key("Statement")
		if p.StatementList || len(p.Statements) != 1 {
			w.open('[')
			for _, s := range p.Statements {
				w.item()
				w.statement(s)
			}
			w.close(']')
		} else {
			w.statement(p.Statements[0])
		}
	}
	w.close('}')
	w.buf = append(w.buf, '\n')
	return w.buf
}

// writer prints indented JSON. first records, per open container, whether
// no element has been written yet.
type writer struct {
	buf   []byte
	first []bool
}

func (w *writer) newline() {
	w.buf = append(w.buf, '\n')
	for range w.first {
		w.buf = append(w.buf, ' ', ' ')
	}
}

func (w *writer) open(c byte) {
	w.buf = append(w.buf, c)
	w.first = append(w.first, true)
}

func (w *writer) close(c byte) {
	empty := w.first[len(w.first)-1]
	w.first = w.first[:len(w.first)-1]
	if !empty {
		w.newline()
	}
	w.buf = append(w.buf, c)
}

// item starts an element of the innermost container.
func (w *writer) item() {
	if w.first[len(w.first)-1] {
		w.first[len(w.first)-1] = false
	} else {
		w.buf = append(w.buf, ',')
	}
	w.newline()
}

func (w *writer) key(k string) {
	w.item()
	w.buf = jsonpos.AppendQuote(w.buf, k)
	w.buf = append(w.buf, ':', ' ')
}

func (w *writer) str(s string) { w.buf = jsonpos.AppendQuote(w.buf, s) }

func (w *writer) strings(vals []String, single bool) {
	if single && len(vals) == 1 {
		w.str(vals[0].Value)
		return
	}
	w.open('[')
	for _, v := range vals {
		w.item()
		w.str(v.Value)
	}
	w.close(']')
}

func (w *writer) statement(s *Statement) {
	w.open('{')
	if s.Sid != nil {
		w.key("Sid")
		w.str(s.Sid.Value)
	}
	if s.Effect != 0 {
		w.key("Effect")
		w.str(s.Effect.String())
	}
	if pr := s.Principal; pr != nil {
		if pr.Not {
			w.key("NotPrincipal")
		} else {
			w.key("Principal")
		}
		if pr.Star {
			w.str("*")
		} else {
			w.open('{')
			for _, e := range pr.Entries {
				w.key(e.Kind.String())
				w.strings(e.Values, e.Single)
			}
			w.close('}')
		}
	}
	if l := s.Action; l != nil {
		w.key(l.Name("Action"))
		w.strings(l.Values, l.Single)
	}
	if l := s.Resource; l != nil {
		w.key(l.Name("Resource"))
		w.strings(l.Values, l.Single)
	}
	if c := s.Condition; c != nil {
		w.key("Condition")
		w.open('{')
		for _, b := range c.Blocks {
			w.key(b.Operator.Name)
			w.open('{')
			for _, e := range b.Entries {
				w.key(e.Key.Value)
				if e.Single && len(e.Values) == 1 {
					w.value(e.Values[0])
					continue
				}
				w.open('[')
				for _, v := range e.Values {
					w.item()
					w.value(v)
				}
				w.close(']')
			}
			w.close('}')
		}
		w.close('}')
	}
	w.close('}')
}

func (w *writer) value(v Value) {
	if v.Kind == StringValue {
		w.str(v.Text)
		return
	}
	w.buf = append(w.buf, v.Text...)
}
