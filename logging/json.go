package logging

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"math"
	"strconv"
	"time"
	"unicode/utf8"
)

// jsonHandler writes one JSON object per line:
// {"time":"…","level":"INFO","msg":"…","logger":"…","session":"…",…}.
// It does what slog.JSONHandler does, with the work of WithAttrs done once
// and times formatted by hand: the file path is the hot path of every task.
// Unlike slog.JSONHandler it never writes a key twice in one object: see
// keySet for the rule, which the console and the ring follow too.
type jsonHandler struct {
	w       io.Writer // takes each record in one Write, safe for concurrent use
	head    []byte    // ,"logger":…,"session":…: always top-level, whatever groups are open
	session bool      // the records have their session: a "session" attribute collides
	pre     []byte    // attributes from WithAttrs, encoded, groups opened
	open    int       // groups opened in pre
	pending []string  // groups named but not opened: they have no attributes yet
	keys    []string  // keys used in pre at the innermost level (the last group, or the top)
}

func newJSONHandler(w io.Writer) *jsonHandler {
	return &jsonHandler{w: w}
}

// withIdentity returns the root h writing the logger's name and, when
// session is not empty, its session as top-level fields of every record.
func (h *jsonHandler) withIdentity(name, session string) *jsonHandler {
	c := *h
	c.head = appendKey(nil, loggerKey)
	c.head = appendJSONString(c.head, name)
	c.session = session != ""
	if c.session {
		c.head = appendKey(c.head, sessionKey)
		c.head = appendJSONString(c.head, session)
	}
	return &c
}

func (h *jsonHandler) Enabled(context.Context, slog.Level) bool { return true }

// top reports whether the records' attributes go to the top level.
func (h *jsonHandler) top() bool { return h.open == 0 && len(h.pending) == 0 }

func (h *jsonHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	if !anyVisible(attrs) {
		return h
	}
	c := *h
	c.pre = append([]byte(nil), h.pre...)
	set := keySet{top: h.top(), session: h.session, pre: h.keys}
	for _, g := range h.pending {
		c.pre = appendKey(c.pre, g)
		c.pre = append(c.pre, '{')
		c.open++
		set = keySet{} // a new level
	}
	c.pending = nil
	for _, a := range attrs {
		c.pre = appendJSONAttr(c.pre, &set, a)
	}
	c.keys = set.keys()
	if set.top {
		c.session = set.session
	}
	return &c
}

func (h *jsonHandler) WithGroup(name string) slog.Handler {
	if name == "" {
		return h
	}
	c := *h
	if len(h.pending) == 0 {
		// The group's name is a key of the level it opens in; a group
		// inside a pending one opens in a level of its own.
		set := keySet{top: h.top(), session: h.session, pre: h.keys}
		name = set.claimKey("", name)
	}
	c.pending = append(append([]string(nil), h.pending...), name)
	c.keys = nil
	return &c
}

func (h *jsonHandler) Handle(_ context.Context, r slog.Record) error {
	bp := bufPool.Get().(*[]byte)
	b := append((*bp)[:0], '{')
	if !r.Time.IsZero() {
		b = append(b, `"time":"`...)
		b = appendTimeRFC3339Milli(b, r.Time)
		b = append(b, `",`...)
	}
	b = append(b, `"level":"`...)
	b = append(b, r.Level.String()...)
	b = append(b, `","msg":`...)
	b = appendJSONString(b, r.Message)
	b = append(b, h.head...)
	b = append(b, h.pre...)
	open := h.open
	if r.NumAttrs() > 0 {
		set := keySet{top: h.top(), session: h.session, pre: h.keys}
		opened := len(h.pending) == 0
		r.Attrs(func(a slog.Attr) bool {
			if !opened && visible(a) {
				for _, g := range h.pending {
					b = appendKey(b, g)
					b = append(b, '{')
					open++
				}
				opened = true
			}
			b = appendJSONAttr(b, &set, a)
			return true
		})
	}
	for range open {
		b = append(b, '}')
	}
	b = append(b, "}\n"...)
	_, err := h.w.Write(b)
	*bp = b
	if cap(b) <= 64<<10 {
		bufPool.Put(bp)
	}
	return err
}

// visible reports whether a produces output: not empty, and not a group
// without visible members.
func visible(a slog.Attr) bool {
	if a.Value.Kind() == slog.KindGroup {
		return anyVisible(a.Value.Group())
	}
	return !a.Equal(slog.Attr{})
}

func anyVisible(attrs []slog.Attr) bool {
	for _, a := range attrs {
		if a.Value.Kind() == slog.KindLogValuer || visible(a) {
			return true
		}
	}
	return false
}

// appendKey appends `,"key":`, without the comma right after an opening
// brace. An empty b is a fragment that follows "msg", so it gets the comma.
func appendKey(b []byte, key string) []byte {
	if len(b) == 0 || b[len(b)-1] != '{' {
		b = append(b, ',')
	}
	b = appendJSONString(b, key)
	return append(b, ':')
}

// appendJSONAttr appends a under the key set gives it; a group's members
// go into a set of their own, an inlined group's (empty key) into set.
func appendJSONAttr(b []byte, set *keySet, a slog.Attr) []byte {
	a.Value = a.Value.Resolve()
	if !visible(a) {
		return b
	}
	if a.Value.Kind() == slog.KindGroup {
		if a.Key == "" { // an empty key inlines the group
			for _, g := range a.Value.Group() {
				b = appendJSONAttr(b, set, g)
			}
			return b
		}
		b = appendKey(b, set.claim("", a))
		b = append(b, '{')
		var inner keySet
		for _, g := range a.Value.Group() {
			b = appendJSONAttr(b, &inner, g)
		}
		return append(b, '}')
	}
	b = appendKey(b, set.claim("", a))
	return appendJSONValue(b, a.Value)
}

func appendJSONValue(b []byte, v slog.Value) []byte {
	switch v.Kind() {
	case slog.KindString:
		return appendJSONString(b, v.String())
	case slog.KindInt64:
		return strconv.AppendInt(b, v.Int64(), 10)
	case slog.KindUint64:
		return strconv.AppendUint(b, v.Uint64(), 10)
	case slog.KindFloat64:
		f := v.Float64()
		if math.IsNaN(f) || math.IsInf(f, 0) {
			return appendJSONString(b, strconv.FormatFloat(f, 'g', -1, 64))
		}
		return strconv.AppendFloat(b, f, 'g', -1, 64)
	case slog.KindBool:
		return strconv.AppendBool(b, v.Bool())
	case slog.KindDuration:
		return strconv.AppendInt(b, int64(v.Duration()), 10) // nanoseconds, as slog.JSONHandler
	case slog.KindTime:
		b = append(b, '"')
		b = v.Time().AppendFormat(b, time.RFC3339Nano)
		return append(b, '"')
	default:
		x := v.Any()
		if err, ok := x.(error); ok {
			if _, isMarshaler := x.(json.Marshaler); !isMarshaler {
				return appendJSONString(b, err.Error())
			}
		}
		j, err := json.Marshal(x)
		if err != nil {
			return appendJSONString(b, "!ERROR:"+err.Error())
		}
		return append(b, j...)
	}
}

// jsonSafe marks the ASCII bytes that go into a JSON string as they are.
var jsonSafe = func() (t [utf8.RuneSelf]bool) {
	for c := 0x20; c < utf8.RuneSelf; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

// appendJSONString appends s as a JSON string. Invalid UTF-8 becomes
// U+FFFD, so the output is valid JSON whatever s holds, and no control
// character (C0 or C1), line separator or bidirectional control (isBidi)
// is written raw: a terminal or pager showing the file shows them escaped.
func appendJSONString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if jsonSafe[c] {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i++
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' || r < 0xa0 || isBidi(r) {
			// Line separators, C1 controls such as U+009B (CSI), which a
			// terminal showing the file could act on, and bidirectional
			// controls, which reorder what a viewer shows.
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', hexDigits[r>>12], hexDigits[r>>8&0xf], hexDigits[r>>4&0xf], hexDigits[r&0xf])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// appendTimeRFC3339Milli appends t in UTC as 2006-01-02T15:04:05.000Z.
func appendTimeRFC3339Milli(b []byte, t time.Time) []byte {
	return append(appendDateTimeMilli(b, t.UTC(), 'T'), 'Z')
}

// appendTimeConsole appends t in its own zone as 2006-01-02 15:04:05.000.
func appendTimeConsole(b []byte, t time.Time) []byte {
	return appendDateTimeMilli(b, t, ' ')
}

// appendDateTimeMilli appends date, sep, time and milliseconds: by hand,
// since time.AppendFormat parses its layout on every call.
func appendDateTimeMilli(b []byte, t time.Time, sep byte) []byte {
	year, month, day := t.Date()
	hour, min, sec := t.Clock()
	b = appendInt4(b, year)
	b = append(b, '-')
	b = append2(b, int(month))
	b = append(b, '-')
	b = append2(b, day)
	b = append(b, sep)
	b = append2(b, hour)
	b = append(b, ':')
	b = append2(b, min)
	b = append(b, ':')
	b = append2(b, sec)
	b = append(b, '.')
	return append3(b, t.Nanosecond()/1e6)
}

func appendInt4(b []byte, n int) []byte {
	if n < 0 || n > 9999 {
		return strconv.AppendInt(b, int64(n), 10)
	}
	return append(b, byte('0'+n/1000), byte('0'+n/100%10), byte('0'+n/10%10), byte('0'+n%10))
}

func append2(b []byte, n int) []byte { return append(b, byte('0'+n/10), byte('0'+n%10)) }

func append3(b []byte, n int) []byte {
	return append(b, byte('0'+n/100), byte('0'+n/10%10), byte('0'+n%10))
}
