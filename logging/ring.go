package logging

import (
	"context"
	"log/slog"
	"strings"
	"sync"
	"time"
)

// Entry is one log record as the in-memory ring keeps it. It is a value,
// safe to share read-only; its attributes are flattened only when read, so
// that keeping a record costs the logging path no allocation.
type Entry struct {
	Seq     uint64 // position in the stream of records, starting at 1
	Time    time.Time
	Level   slog.Level
	Logger  string // "vigia" or "vigia.session.<id>"
	Session string // the "session" attribute, if the record has one
	Message string

	pre    []slog.Attr // the handler's attributes, flattened, shared
	prefix string      // the handler's open groups, for rec's attributes
	rec    slog.Record // for its attributes
}

// Attrs returns the entry's attributes, resolved, with the keys of nested
// groups joined by '.': {"req": {"id": 1}} is "req.id".
func (e Entry) Attrs() []slog.Attr {
	n := e.rec.NumAttrs()
	if n == 0 {
		return e.pre
	}
	out := make([]slog.Attr, len(e.pre), len(e.pre)+n)
	copy(out, e.pre)
	e.rec.Attrs(func(a slog.Attr) bool {
		out = appendFlat(out, e.prefix, a)
		return true
	})
	return out
}

// Line formats e like the console does, on one line.
func (e Entry) Line() string {
	b := appendTimeConsole(nil, e.Time)
	b = append(b, " - "...)
	b = appendEscaped(b, e.Logger, false)
	b = append(b, " - "...)
	b = append(b, e.Level.String()...)
	b = append(b, " - "...)
	b = appendEscaped(b, e.Message, false)
	for _, a := range e.Attrs() {
		b = appendTextAttr(b, "", a)
	}
	return string(b)
}

// Ring keeps the last records in memory for a UI to read. Its methods are
// safe for concurrent use; writers never wait on readers.
type Ring struct {
	mu      sync.Mutex
	entries []Entry // circular; len(entries) == capacity once full
	next    int     // index the next entry goes to
	seq     uint64  // Seq of the newest entry
	subs    map[chan struct{}]struct{}
}

// NewRing returns a ring that keeps the last size records; size <= 0 means
// DefaultRingSize.
func NewRing(size int) *Ring {
	if size <= 0 {
		size = DefaultRingSize
	}
	return &Ring{entries: make([]Entry, 0, size), subs: make(map[chan struct{}]struct{})}
}

func (r *Ring) add(e Entry) {
	r.mu.Lock()
	r.seq++
	e.Seq = r.seq
	if len(r.entries) < cap(r.entries) {
		r.entries = append(r.entries, e)
	} else {
		r.entries[r.next] = e
	}
	r.next = (r.next + 1) % cap(r.entries)
	for c := range r.subs {
		select {
		case c <- struct{}{}:
		default: // a wake-up is already pending: the reader will see this entry too
		}
	}
	r.mu.Unlock()
}

// Len returns how many records the ring holds now.
func (r *Ring) Len() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.entries)
}

// Snapshot returns the records held, oldest first.
func (r *Ring) Snapshot() []Entry {
	e, _ := r.Since(0)
	return e
}

// Since returns the records newer than seq that the ring still holds, oldest
// first, and the Seq of the newest record, to pass to the next call.
func (r *Ring) Since(seq uint64) ([]Entry, uint64) {
	r.mu.Lock()
	defer r.mu.Unlock()
	n := len(r.entries)
	if r.seq <= seq {
		return nil, r.seq
	}
	want := r.seq - seq
	if want > uint64(n) {
		want = uint64(n)
	}
	out := make([]Entry, 0, want)
	start := (r.next - int(want) + n) % n
	if len(r.entries) < cap(r.entries) {
		start = n - int(want)
	}
	for i := 0; i < int(want); i++ {
		out = append(out, r.entries[(start+i)%n])
	}
	return out, r.seq
}

// Subscribe returns a channel that receives a value after new records arrive,
// and a function that ends the subscription. Wake-ups coalesce: one value may
// stand for many records, so a reader calls Since and is never flooded.
func (r *Ring) Subscribe() (<-chan struct{}, func()) {
	c := make(chan struct{}, 1)
	r.mu.Lock()
	r.subs[c] = struct{}{}
	r.mu.Unlock()
	var once sync.Once
	return c, func() {
		once.Do(func() {
			r.mu.Lock()
			delete(r.subs, c)
			r.mu.Unlock()
		})
	}
}

// ringHandler turns records into Entries.
type ringHandler struct {
	ring    *Ring
	level   slog.Leveler
	name    string
	session string
	prefix  string
	attrs   []slog.Attr // flattened attributes from WithAttrs
}

func (h *ringHandler) Enabled(_ context.Context, l slog.Level) bool {
	return l >= h.level.Level()
}

func (h *ringHandler) withName(name string) *ringHandler {
	c := *h
	c.name = name
	return &c
}

func (h *ringHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	if len(attrs) == 0 {
		return h
	}
	c := *h
	c.attrs = append([]slog.Attr(nil), h.attrs...)
	for _, a := range attrs {
		if h.prefix == "" && a.Key == sessionKey && a.Value.Kind() == slog.KindString {
			c.session = a.Value.String()
		}
		c.attrs = appendFlat(c.attrs, h.prefix, a)
	}
	return &c
}

func (h *ringHandler) WithGroup(name string) slog.Handler {
	if name == "" {
		return h
	}
	c := *h
	c.prefix = h.prefix + name + "."
	return &c
}

func (h *ringHandler) Handle(_ context.Context, r slog.Record) error {
	e := Entry{Time: r.Time, Level: r.Level, Logger: h.name, Session: h.session, Message: r.Message,
		pre: h.attrs, prefix: h.prefix}
	if r.NumAttrs() > 0 {
		// Clone: the caller may reuse the record's attribute storage.
		e.rec = r.Clone()
		if e.Session == "" && h.prefix == "" {
			r.Attrs(func(a slog.Attr) bool {
				if a.Key == sessionKey && a.Value.Kind() == slog.KindString {
					e.Session = a.Value.String()
					return false
				}
				return true
			})
		}
	}
	h.ring.add(e)
	return nil
}

// appendFlat appends a, resolved, with groups folded into dotted keys.
func appendFlat(dst []slog.Attr, prefix string, a slog.Attr) []slog.Attr {
	a.Value = a.Value.Resolve()
	if a.Equal(slog.Attr{}) {
		return dst
	}
	if a.Value.Kind() == slog.KindGroup {
		p := prefix
		if a.Key != "" {
			p = prefix + a.Key + "."
		}
		for _, g := range a.Value.Group() {
			dst = appendFlat(dst, p, g)
		}
		return dst
	}
	if prefix != "" {
		a.Key = prefix + a.Key
	}
	return append(dst, a)
}

// Attr returns the value of the attribute with the given (dotted) key.
func (e Entry) Attr(key string) (slog.Value, bool) {
	for _, a := range e.Attrs() {
		if a.Key == key {
			return a.Value, true
		}
	}
	return slog.Value{}, false
}

// Contains reports whether s occurs, ignoring case, in the entry's logger,
// message or attribute text: what a search box matches.
func (e Entry) Contains(s string) bool {
	if s == "" {
		return true
	}
	return strings.Contains(strings.ToLower(e.Line()), strings.ToLower(s))
}
