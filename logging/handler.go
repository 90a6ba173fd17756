package logging

import (
	"context"
	"errors"
	"log/slog"
	"unicode/utf8"

	"vigia/redact"
)

const (
	rootName   = "vigia"
	sessionKey = "session"
	loggerKey  = "logger"
)

// op is one WithAttrs or WithGroup call, kept so that a renamed handler can
// rebuild its children from the roots.
type op struct {
	group string
	attrs []slog.Attr
}

// handler is the root of the tree: it redacts once, then fans each record
// out to the console, the JSON files and the ring, and flushes the files at
// once for WARN and above.
type handler struct {
	sys     *System
	name    string
	session string // "" for a logger without a session
	ops     []op

	console *consoleHandler // nil when the console is off
	json    slog.Handler    // nil for the problem reporter, which must not touch the files
	ring    slog.Handler
}

var _ slog.Handler = (*handler)(nil)

func (h *handler) Enabled(_ context.Context, l slog.Level) bool {
	return l >= h.sys.level.Level()
}

func (h *handler) Handle(ctx context.Context, r slog.Record) error {
	r = redactRecord(r)
	var consoleErr, jsonErr error
	if h.console != nil {
		consoleErr = h.console.Handle(ctx, r)
	}
	if h.json != nil {
		jsonErr = h.json.Handle(ctx, r)
	}
	e := h.ring.(*ringHandler).keep(r)
	if h.json != nil && r.Level >= slog.LevelWarn {
		h.sys.flush()
	}
	var sinkErr error
	if h.json != nil { // the records app.log has: not the problem reporter's
		if s := h.sys.sink.Load(); s != nil && s.h.Enabled(ctx, r.Level) {
			if s.e != nil {
				sinkErr = s.e.HandleEntry(ctx, e)
			} else {
				sinkErr = s.h.Handle(ctx, e.Record())
			}
		}
	}
	if consoleErr == nil && jsonErr == nil && sinkErr == nil {
		return nil
	}
	return errors.Join(consoleErr, jsonErr, sinkErr)
}

// Record is the entry as a sink gets it (System.SetSink): a flat record
// whose first attribute is the logger's name ("logger"), then the session,
// then every attribute, the handler's and the record's, resolved, with
// groups folded into dotted keys ("req.id") and each key once, by the rule
// of app.log (keySet): what Attrs returns. As in app.log, an error value is
// its text and invalid UTF-8 is U+FFFD, byte by byte: an OTLP exporter
// refuses a whole batch for one string that is not UTF-8 (a cache key
// holds a binary hash).
func (e Entry) Record() slog.Record {
	msg, attrs := e.Fields(nil)
	out := slog.NewRecord(e.Time, e.Level, msg, e.rec.PC)
	out.AddAttrs(attrs...)
	return out
}

// Fields is Record's message and attributes, the attributes appended to
// buf: for a sink that makes records of its own from them, reusing buf,
// without the slog.Record in between. Record's rules hold: the logger's
// name first, keys unique, text valid UTF-8, errors as their text.
func (e Entry) Fields(buf []slog.Attr) (msg string, attrs []slog.Attr) {
	attrs = append(buf, slog.String(loggerKey, validUTF8(e.Logger)))
	n := len(attrs)
	attrs = e.appendAttrs(attrs)
	for i := n; i < len(attrs); i++ {
		attrs[i].Value = validValue(attrs[i].Value)
	}
	return validUTF8(e.Message), attrs
}

// validValue returns v with its text valid UTF-8, at any depth of the
// trees of maps and slices redaction makes; an error becomes its text.
func validValue(v slog.Value) slog.Value {
	switch v.Kind() {
	case slog.KindString:
		if s := v.String(); !utf8.ValidString(s) {
			return slog.StringValue(validUTF8(s))
		}
	case slog.KindAny:
		switch x := v.Any().(type) {
		case error:
			return slog.StringValue(validUTF8(x.Error()))
		case map[string]any, []any, string:
			return slog.AnyValue(validTree(x))
		}
	}
	return v
}

func validTree(v any) any {
	switch x := v.(type) {
	case string:
		return validUTF8(x)
	case map[string]any:
		m := make(map[string]any, len(x))
		for k, e := range x {
			m[validUTF8(k)] = validTree(e)
		}
		return m
	case []any:
		l := make([]any, len(x))
		for i, e := range x {
			l[i] = validTree(e)
		}
		return l
	}
	return v
}

// validUTF8 is s with each byte that is not part of valid UTF-8 replaced
// by U+FFFD, as app.log's encoder does.
func validUTF8(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	b := make([]byte, 0, len(s)+8)
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = utf8.AppendRune(b, utf8.RuneError)
		} else {
			b = append(b, s[i:i+size]...)
		}
		i += size
	}
	return string(b)
}

// redactRecord returns r with secrets in its message and attributes
// replaced. It copies r only when something must change.
func redactRecord(r slog.Record) slog.Record {
	msg := redact.Credentials(r.Message)
	changed := msg != r.Message
	if !changed {
		r.Attrs(func(a slog.Attr) bool {
			_, changed = redactAttr(a)
			return !changed
		})
		if !changed {
			return r
		}
	}
	out := slog.NewRecord(r.Time, r.Level, msg, r.PC)
	r.Attrs(func(a slog.Attr) bool {
		a, _ = redactAttr(a)
		out.AddAttrs(a)
		return true
	})
	return out
}

func (h *handler) WithAttrs(attrs []slog.Attr) slog.Handler {
	if len(attrs) == 0 {
		return h
	}
	attrs = redactAttrs(attrs)
	c := h.clone()
	c.ops = append(c.ops, op{attrs: attrs})
	c.apply(op{attrs: attrs})
	return c
}

func (h *handler) WithGroup(name string) slog.Handler {
	if name == "" {
		return h
	}
	c := h.clone()
	c.ops = append(c.ops, op{group: name})
	c.apply(op{group: name})
	return c
}

func (h *handler) clone() *handler {
	c := *h
	c.ops = append([]op(nil), h.ops...)
	return &c
}

func (h *handler) apply(o op) {
	with := func(x slog.Handler) slog.Handler {
		if o.group != "" {
			return x.WithGroup(o.group)
		}
		return x.WithAttrs(o.attrs)
	}
	if h.console != nil {
		h.console = with(h.console).(*consoleHandler)
	}
	if h.json != nil {
		h.json = with(h.json)
	}
	h.ring = with(h.ring)
}

// withIdentity returns a copy of h whose records carry the logger name and
// session: rebuilt from the roots, so that "logger" and "session" are
// top-level fields, once and first, whatever groups h has open, and then
// h's attributes and groups are applied again in order.
func (h *handler) withIdentity(name, session string) *handler {
	c := &handler{sys: h.sys, name: name, session: session, ops: append([]op(nil), h.ops...)}
	if h.console != nil && h.sys.console != nil {
		c.console = h.sys.console.withIdentity(name, session)
	}
	if h.json != nil {
		c.json = h.sys.json.withIdentity(name, session)
	}
	c.ring = h.sys.ringRoot.withIdentity(name, session)
	for _, o := range c.ops {
		c.apply(o)
	}
	return c
}

// Named returns a logger whose records carry the given logger name, as the
// seed's logging.getLogger(name), and keep l's session. Loggers not made by
// this package get a "logger" attribute instead.
func Named(l *slog.Logger, name string) *slog.Logger {
	if h, ok := l.Handler().(*handler); ok {
		return slog.New(h.withIdentity(name, h.session))
	}
	return l.With(loggerKey, name)
}

// WithSession returns the logger of one session: named
// "vigia.session.<id>", as the seed's get_logger(f"{__name__}.{session_id}"),
// with a top-level "session" field on every record, outside any group l
// has open (a "session" attribute logged through it is renamed, see
// keySet).
func WithSession(l *slog.Logger, id string) *slog.Logger {
	name := rootName + ".session." + id
	if h, ok := l.Handler().(*handler); ok {
		return slog.New(h.withIdentity(name, id))
	}
	return Named(l, name).With(sessionKey, id)
}
