package logging

import (
	"context"
	"io"
	"log/slog"
	"strconv"
	"sync"
	"time"
	"unicode/utf8"
)

// consoleTimeFormat is the seed's asctime with milliseconds.
const consoleTimeFormat = "2006-01-02 15:04:05.000"

// consoleHandler writes one human-readable line per record in the seed's
// shape: "2026-11-27 20:43:25.123 - vigia.session.<id> - INFO - message k=v".
// Control characters are escaped, so a message or value can never start a
// line of its own.
type consoleHandler struct {
	mu      *sync.Mutex // shared by every handler derived from one root
	w       io.Writer
	level   slog.Leveler
	name    string
	session bool     // the records have their session: a "session" attribute collides
	prefix  string   // open groups, joined by dots, with a trailing dot
	attrs   []byte   // attributes added by WithAttrs, already formatted
	keys    []string // dotted keys used by attrs and the open groups
}

func newConsoleHandler(w io.Writer, level slog.Leveler) *consoleHandler {
	return &consoleHandler{mu: new(sync.Mutex), w: w, level: level, name: rootName}
}

var bufPool = sync.Pool{New: func() any { b := make([]byte, 0, 512); return &b }}

func (h *consoleHandler) Enabled(_ context.Context, l slog.Level) bool {
	return l >= h.level.Level()
}

// withName returns h writing the logger name name, escaped like a message:
// a name can come from outside (a session id) and must not forge a line.
func (h *consoleHandler) withName(name string) *consoleHandler {
	return h.withIdentity(name, "")
}

// withIdentity returns the root h writing the logger's name and, when
// session is not empty, session=<id> first after the message, outside any
// group.
func (h *consoleHandler) withIdentity(name, session string) *consoleHandler {
	c := *h
	c.name = string(appendEscaped(nil, name, false))
	c.session = session != ""
	if c.session {
		c.attrs = append([]byte(" "+sessionKey+"="), appendEscaped(nil, session, true)...)
	}
	return &c
}

func (h *consoleHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	if len(attrs) == 0 {
		return h
	}
	c := *h
	c.attrs = append([]byte(nil), h.attrs...)
	set := keySet{top: true, session: h.session, pre: h.keys}
	for _, a := range attrs {
		c.attrs = appendTextAttr(c.attrs, &set, h.prefix, a)
	}
	c.keys = set.keys()
	c.session = set.session
	return &c
}

func (h *consoleHandler) WithGroup(name string) slog.Handler {
	if name == "" {
		return h
	}
	c := *h
	set := keySet{top: true, session: h.session, pre: h.keys}
	c.prefix = h.prefix + set.claimKey(h.prefix, name) + "."
	c.keys = set.keys()
	return &c
}

func (h *consoleHandler) Handle(_ context.Context, r slog.Record) error {
	bp := bufPool.Get().(*[]byte)
	b := (*bp)[:0]
	if !r.Time.IsZero() {
		b = appendTimeConsole(b, r.Time)
		b = append(b, " - "...)
	}
	b = append(b, h.name...)
	b = append(b, " - "...)
	b = append(b, r.Level.String()...)
	b = append(b, " - "...)
	b = appendEscaped(b, r.Message, false)
	b = append(b, h.attrs...)
	if r.NumAttrs() > 0 {
		set := keySet{top: true, session: h.session, pre: h.keys}
		r.Attrs(func(a slog.Attr) bool {
			b = appendTextAttr(b, &set, h.prefix, a)
			return true
		})
	}
	b = append(b, '\n')
	h.mu.Lock()
	_, err := h.w.Write(b)
	h.mu.Unlock()
	*bp = b
	if cap(b) <= 64<<10 {
		bufPool.Put(bp)
	}
	return err
}

// appendTextAttr appends " key=value" for a, flattening groups into dotted
// keys under the names set gives them, and skipping what slog says to skip
// (empty attributes, groups without visible members).
func appendTextAttr(b []byte, set *keySet, prefix string, a slog.Attr) []byte {
	a.Value = a.Value.Resolve()
	if !visible(a) {
		return b
	}
	if a.Value.Kind() == slog.KindGroup {
		p := prefix
		if a.Key != "" {
			p = prefix + set.claim(prefix, a) + "."
		}
		for _, g := range a.Value.Group() {
			b = appendTextAttr(b, set, p, g)
		}
		return b
	}
	key := set.claim(prefix, a)
	b = append(b, ' ')
	if prefix != "" {
		key = prefix + key
	}
	b = appendEscaped(b, key, true)
	b = append(b, '=')
	return appendTextValue(b, a.Value)
}

func appendTextValue(b []byte, v slog.Value) []byte {
	switch v.Kind() {
	case slog.KindString:
		return appendEscaped(b, v.String(), true)
	case slog.KindInt64:
		return strconv.AppendInt(b, v.Int64(), 10)
	case slog.KindUint64:
		return strconv.AppendUint(b, v.Uint64(), 10)
	case slog.KindFloat64:
		return strconv.AppendFloat(b, v.Float64(), 'g', -1, 64)
	case slog.KindBool:
		return strconv.AppendBool(b, v.Bool())
	case slog.KindDuration:
		return append(b, v.Duration().String()...)
	case slog.KindTime:
		return v.Time().AppendFormat(b, time.RFC3339Nano)
	default:
		if err, ok := v.Any().(error); ok {
			return appendEscaped(b, err.Error(), true)
		}
		return appendEscaped(b, v.String(), true)
	}
}

// appendEscaped appends s so that it stays on one line and cannot carry
// terminal escape sequences. With quote set, a value that is empty or holds
// spaces, '=' or '"' is quoted, so "k=v" pairs can be parsed back.
func appendEscaped(b []byte, s string, quote bool) []byte {
	if quote && needsQuote(s) {
		return strconv.AppendQuote(b, s)
	}
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c < 0x7f {
			b = append(b, c)
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b = append(b, `\x`...)
			b = append(b, hexDigits[c>>4], hexDigits[c&0xf])
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) || r == 0x2028 || r == 0x2029 || isBidi(r):
			q := strconv.QuoteRune(r) // 'x' with escapes
			b = append(b, q[1:len(q)-1]...)
		default:
			b = append(b, s[i:i+size]...)
		}
		i += size
	}
	return b
}

const hexDigits = "0123456789abcdef"

// isBidi reports whether r is a bidirectional control: the embeddings and
// overrides U+202A–U+202E, the isolates U+2066–U+2069, and the marks
// U+200E (LRM), U+200F (RLM) and U+061C (ALM). A terminal or viewer acts on
// them, so a logged value could make a line read differently from what it
// holds ("Trojan Source"); the marks are escaped too, since they reorder
// neutral characters such as '=' and digits around them and are invisible
// anyway. Every output shows them as \u escapes.
func isBidi(r rune) bool {
	return r >= 0x202a && r <= 0x202e || r >= 0x2066 && r <= 0x2069 || r == 0x200e || r == 0x200f || r == 0x061c
}

func needsQuote(s string) bool {
	if s == "" {
		return true
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c <= ' ' || c == '=' || c == '"' || c == 0x7f || c >= 0x80 {
			// Non-ASCII is quoted only when it is not clean printable UTF-8.
			if c >= 0x80 {
				r, size := utf8.DecodeRuneInString(s[i:])
				if r == utf8.RuneError || (r >= 0x80 && r < 0xa0) || r == 0x2028 || r == 0x2029 || isBidi(r) {
					return true
				}
				i += size - 1
				continue
			}
			return true
		}
	}
	return false
}
