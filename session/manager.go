package session

import (
	"cmp"
	"context"
	"log/slog"
	"slices"
	"sync"
	"time"

	"vigia/logging"
)

// Options configures a Manager. The zero value works.
type Options struct {
	// Logger is the application's logger; each session's logger derives
	// from it. Nil means slog.Default().
	Logger *slog.Logger

	// Hook receives the outcome of every task run in the manager's
	// sessions. Nil means none.
	Hook Hook

	// Now is the clock; nil means time.Now. It exists so tests can set it.
	Now func() time.Time

	// OnStart, if set, is called with each session as it starts, after its
	// session_start record (the engine writes it to the journal).
	OnStart func(*Session)

	// EndAttrs, if set, adds attributes to a session's event=session_end
	// record, such as its metrics summary. It runs once per session, in End.
	EndAttrs func(*Session) []slog.Attr
}

// Manager starts, ends and lists sessions. Its methods are safe for
// concurrent use.
type Manager struct {
	opts Options

	mu       sync.Mutex
	sessions map[string]*Session
}

// NewManager returns a Manager.
func NewManager(opts Options) *Manager {
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	return &Manager{opts: opts, sessions: make(map[string]*Session)}
}

// Start begins a session, logs event=session_start, and returns it with a
// copy of ctx that carries it.
func (m *Manager) Start(ctx context.Context) (*Session, context.Context) {
	id := newID()
	s := &Session{
		id:     id,
		start:  m.opts.Now(),
		logger: logging.WithSession(m.opts.Logger, id),
		hook:   m.opts.Hook,
		now:    m.opts.Now,
	}
	m.mu.Lock()
	m.sessions[id] = s
	m.mu.Unlock()
	s.logger.Info("session started", "event", "session_start")
	if m.opts.OnStart != nil {
		m.opts.OnStart(s)
	}
	return s, NewContext(ctx, s)
}

// End ends s and logs event=session_end with its duration and counts. Ending
// a session twice, or one this manager did not start, does nothing; End
// reports whether it ended s now.
func (m *Manager) End(s *Session) bool {
	if s == nil {
		return false
	}
	m.mu.Lock()
	_, ok := m.sessions[s.id]
	delete(m.sessions, s.id)
	m.mu.Unlock()
	if !ok {
		return false
	}
	ended := false
	s.endOnce.Do(func() {
		ended = true
		s.end = m.opts.Now()
		s.ended.Store(true)
		c := s.Counts()
		attrs := []slog.Attr{
			slog.String("event", "session_end"),
			slog.Float64("duration_ms", durationMS(s.end.Sub(s.start))),
			slog.Int64("tasks", c.Tasks), slog.Int64("errors", c.Errors), slog.Int64("panics", c.Panics),
			slog.Int64("canceled", c.Canceled), slog.Int64("cached", c.Cached), slog.Int64("actions", c.Actions),
		}
		if m.opts.EndAttrs != nil {
			attrs = append(attrs, m.opts.EndAttrs(s)...)
		}
		s.logger.LogAttrs(context.Background(), slog.LevelInfo, "session ended", attrs...)
	})
	return ended
}

// EndAll ends every session still open, as on quit.
func (m *Manager) EndAll() {
	for _, s := range m.List() {
		m.End(s)
	}
}

// List returns the open sessions, oldest first.
func (m *Manager) List() []*Session {
	m.mu.Lock()
	out := make([]*Session, 0, len(m.sessions))
	for _, s := range m.sessions {
		out = append(out, s)
	}
	m.mu.Unlock()
	slices.SortFunc(out, func(a, b *Session) int {
		if c := a.start.Compare(b.start); c != 0 {
			return c
		}
		return cmp.Compare(a.id, b.id)
	})
	return out
}

// Get returns the open session with the given ID.
func (m *Manager) Get(id string) (*Session, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	s, ok := m.sessions[id]
	return s, ok
}

// durationMS is d in milliseconds with microsecond precision.
func durationMS(d time.Duration) float64 {
	return float64(d.Microseconds()) / 1000
}
