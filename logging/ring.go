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
	Session string // the record's session (see WithSession), if it has one
	Message string

	ctx *ringContext // the handler's attributes and groups, shared
	rec slog.Record  // for its attributes
}

// ringContext is what a ringHandler adds to its records: made once per
// WithAttrs or WithGroup, shared by every entry.
type ringContext struct {
	attrs   []slog.Attr // flattened, keys unique, session first
	keys    []string    // every dotted key used: attrs' and the open groups'
	prefix  string      // the open groups, for the record's attributes
	session bool        // the records have their session: a "session" attribute collides
}

var noContext = &ringContext{}

// Attrs returns the entry's attributes, resolved, with the keys of nested
// groups joined by '.': {"req": {"id": 1}} is "req.id". The session, when
// the logger has one, comes first. Keys are unique, by the rule the JSON
// file and the console follow (a taken key is renamed attr.<key>).
func (e Entry) Attrs() []slog.Attr {
	c := e.ctx
	if c == nil {
		c = noContext
	}
	if e.rec.NumAttrs() == 0 {
		return c.attrs
	}
	return e.appendAttrs(make([]slog.Attr, 0, len(c.attrs)+e.rec.NumAttrs()))
}

// appendAttrs appends Attrs to dst.
func (e Entry) appendAttrs(dst []slog.Attr) []slog.Attr {
	c := e.ctx
	if c == nil {
		c = noContext
	}
	dst = append(dst, c.attrs...)
	if e.rec.NumAttrs() == 0 {
		return dst
	}
	set := keySet{top: true, session: c.session, pre: c.keys}
	e.rec.Attrs(func(a slog.Attr) bool {
		dst = appendFlat(dst, &set, c.prefix, a)
		return true
	})
	return dst
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
	for _, a := range e.Attrs() { // flat, with unique keys already
		b = append(b, ' ')
		b = appendEscaped(b, a.Key, true)
		b = append(b, '=')
		b = appendTextValue(b, a.Value)
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

// add adds e and returns its Seq.
func (r *Ring) add(e Entry) uint64 {
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
	seq := r.seq
	r.mu.Unlock()
	return seq
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
	session string // the records' session: WithSession's, or a "session" attribute's
	ctx     *ringContext
}

func (h *ringHandler) Enabled(_ context.Context, l slog.Level) bool {
	return l >= h.level.Level()
}

// withIdentity returns the root h naming its records' logger and, when
// session is not empty, their session: a top-level attribute, first,
// whatever groups are open later.
func (h *ringHandler) withIdentity(name, session string) *ringHandler {
	c := *h
	c.name = name
	c.session = session
	c.ctx = noContext
	if session != "" {
		c.ctx = &ringContext{attrs: []slog.Attr{slog.String(sessionKey, session)}, session: true}
	}
	return &c
}

func (h *ringHandler) context() *ringContext {
	if h.ctx == nil {
		return noContext
	}
	return h.ctx
}

func (h *ringHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	if len(attrs) == 0 {
		return h
	}
	old := h.context()
	c := *h
	ctx := *old
	ctx.attrs = append([]slog.Attr(nil), old.attrs...)
	set := keySet{top: true, session: old.session, pre: old.keys}
	for _, a := range attrs {
		ctx.attrs = appendFlat(ctx.attrs, &set, old.prefix, a)
	}
	ctx.keys = set.keys()
	if set.session && !old.session {
		// A "session" string attribute on a logger without a session: the
		// records' session, kept under its own key.
		for _, a := range ctx.attrs[len(old.attrs):] {
			if a.Key == sessionKey {
				c.session = a.Value.String()
				break
			}
		}
	}
	ctx.session = set.session
	c.ctx = &ctx
	return &c
}

func (h *ringHandler) WithGroup(name string) slog.Handler {
	if name == "" {
		return h
	}
	old := h.context()
	c := *h
	ctx := *old
	set := keySet{top: true, session: old.session, pre: old.keys}
	ctx.prefix = old.prefix + set.claimKey(old.prefix, name) + "."
	ctx.keys = set.keys()
	c.ctx = &ctx
	return &c
}

func (h *ringHandler) Handle(_ context.Context, r slog.Record) error {
	h.keep(r)
	return nil
}

// keep adds r to the ring and returns its entry, which owns its
// attributes: a sink may keep it too.
func (h *ringHandler) keep(r slog.Record) Entry {
	e := h.entry(r)
	if r.NumAttrs() > 0 {
		// Clone: the caller may reuse the record's attribute storage.
		e.rec = r.Clone()
	}
	e.Seq = h.ring.add(e)
	return e
}

// entry is r as the ring keeps it, its attributes still r's own: to be
// read before r's caller returns, or cloned.
func (h *ringHandler) entry(r slog.Record) Entry {
	ctx := h.context()
	e := Entry{Time: r.Time, Level: r.Level, Logger: h.name, Session: h.session, Message: r.Message, ctx: ctx,
		rec: r} // r has no attribute storage to clone when it has no attributes
	if r.NumAttrs() > 0 {
		if !ctx.session && ctx.prefix == "" {
			r.Attrs(func(a slog.Attr) bool {
				s, ok := sessionAttr(a)
				if ok {
					e.Session = s
				}
				return !ok
			})
		}
	}
	return e
}

// sessionAttr returns the session a top-level attribute gives a record of a
// logger without one: the first "session" string attribute's value, found
// in a itself or in the group it inlines (keySet.claim's rule).
func sessionAttr(a slog.Attr) (string, bool) {
	if a.Key == sessionKey {
		if v := a.Value.Resolve(); v.Kind() == slog.KindString {
			return v.String(), true
		}
		return "", false
	}
	if a.Key == "" {
		if v := a.Value.Resolve(); v.Kind() == slog.KindGroup {
			for _, g := range v.Group() {
				if s, ok := sessionAttr(g); ok {
					return s, true
				}
			}
		}
	}
	return "", false
}

// appendFlat appends a, resolved, with groups folded into dotted keys under
// the names set gives them.
func appendFlat(dst []slog.Attr, set *keySet, prefix string, a slog.Attr) []slog.Attr {
	a.Value = a.Value.Resolve()
	if !visible(a) {
		return dst
	}
	if a.Value.Kind() == slog.KindGroup {
		p := prefix
		if a.Key != "" {
			p = prefix + set.claim(prefix, a) + "."
		}
		for _, g := range a.Value.Group() {
			dst = appendFlat(dst, set, p, g)
		}
		return dst
	}
	a.Key = prefix + set.claim(prefix, a)
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
