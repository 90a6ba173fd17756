package session

import (
	"context"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/google/uuid"
)

// Session is one window's (or one CLI run's) session.
type Session struct {
	id     string
	start  time.Time
	logger *slog.Logger
	hook   Hook
	now    func() time.Time

	tasks, errors, panics, canceled, cached, actions atomic.Int64

	endOnce sync.Once
	end     time.Time // set once by Manager.End
	ended   atomic.Bool
}

// End returns when the session ended, and whether it has.
func (s *Session) End() (time.Time, bool) {
	if !s.ended.Load() {
		return time.Time{}, false
	}
	return s.end, true
}

// ID returns the session's UUIDv7 in its canonical text form. IDs sort in
// the order sessions started.
func (s *Session) ID() string { return s.id }

// ShortID returns the ID's short form (see Short), for titles and columns.
func (s *Session) ShortID() string { return Short(s.id) }

// Short returns the short form of a session ID: its last 8 characters,
// which are random in a UUIDv7. The first 8 are the top of its timestamp,
// the same for every session started within about a minute, so two windows
// opened together would show the same. An ID of 8 characters or fewer is
// its own short form.
func Short(id string) string {
	if len(id) <= 8 {
		return id
	}
	return id[len(id)-8:]
}

// Start returns when the session started.
func (s *Session) Start() time.Time { return s.start }

// Logger returns the session's logger, named "vigia.session.<id>", whose
// records carry session=<id>.
func (s *Session) Logger() *slog.Logger { return s.logger }

// Counts are what a session has done so far.
type Counts struct {
	Tasks    int64 // tasks run, whatever their outcome
	Errors   int64 // tasks that returned an error
	Panics   int64 // tasks that panicked
	Canceled int64 // tasks canceled through their context
	Cached   int64 // tasks answered from a cache
	Actions  int64 // user actions tracked
}

// Counts returns the session's counts.
func (s *Session) Counts() Counts {
	return Counts{
		Tasks:    s.tasks.Load(),
		Errors:   s.errors.Load(),
		Panics:   s.panics.Load(),
		Canceled: s.canceled.Load(),
		Cached:   s.cached.Load(),
		Actions:  s.actions.Load(),
	}
}

type ctxKey struct{}

// NewContext returns a copy of ctx that carries s.
func NewContext(ctx context.Context, s *Session) context.Context {
	return context.WithValue(ctx, ctxKey{}, s)
}

// FromContext returns the session ctx carries, if any.
func FromContext(ctx context.Context) (*Session, bool) {
	s, ok := ctx.Value(ctxKey{}).(*Session)
	return s, ok
}

// Logger returns the logger of the session in ctx, or slog.Default() when
// ctx carries none.
func Logger(ctx context.Context) *slog.Logger {
	if s, ok := FromContext(ctx); ok {
		return s.logger
	}
	return slog.Default()
}

func newID() string {
	id, err := uuid.NewV7()
	if err != nil {
		// NewV7 fails only when the system's random source does; a random
		// v4 (which panics in the same case) is no better, so say it.
		panic("session: no random source for a session id: " + err.Error())
	}
	return id.String()
}

// Track logs a user action, as the seed's log_user_interaction: one INFO
// record with event=user_action, action and details, through the session's
// logger.
func Track(ctx context.Context, action, details string) {
	s, ok := FromContext(ctx)
	l := slog.Default()
	if ok {
		s.actions.Add(1)
		l = s.logger
	}
	l.LogAttrs(ctx, slog.LevelInfo, "User Action: "+action,
		slog.String("event", "user_action"), slog.String("action", action), slog.String("details", details))
}
