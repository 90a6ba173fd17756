package cache

import (
	"context"
	"log/slog"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

// TestMain fails the run if any test leaves a goroutine behind: every cache a test makes is
// closed, so none should be left.
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

// fakeClock is a clock that moves only when told to.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func newFakeClock() *fakeClock {
	return &fakeClock{now: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)}
}

func (f *fakeClock) Now() time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.now
}

func (f *fakeClock) Advance(d time.Duration) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.now = f.now.Add(d)
}

// newTestCache returns a cache closed when the test ends.
func newTestCache[K comparable, V any](t testing.TB, o Options) *Cache[K, V] {
	t.Helper()
	c := New[K, V](o)
	t.Cleanup(c.Close)
	return c
}

// value returns a loader that returns v and counts its calls in calls.
func value[V any](v V, calls *int) func(context.Context) (V, error) {
	return func(context.Context) (V, error) {
		*calls++
		return v, nil
	}
}

// recorder is a slog.Handler that keeps the records it gets.
type recorder struct {
	mu      sync.Mutex
	attrs   []slog.Attr
	records []slog.Record
}

func (r *recorder) Enabled(context.Context, slog.Level) bool { return true }

func (r *recorder) Handle(_ context.Context, rec slog.Record) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	rec = rec.Clone()
	rec.AddAttrs(r.attrs...)
	r.records = append(r.records, rec)
	return nil
}

func (r *recorder) WithAttrs(attrs []slog.Attr) slog.Handler {
	// Enough for these tests: the cache calls With once, before any record.
	r.attrs = append(r.attrs, attrs...)
	return r
}

func (r *recorder) WithGroup(string) slog.Handler { return r }

func (r *recorder) all() []slog.Record {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]slog.Record(nil), r.records...)
}

// attrs returns the attributes of rec by key, their values resolved.
func attrs(rec slog.Record) map[string]slog.Value {
	m := map[string]slog.Value{}
	rec.Attrs(func(a slog.Attr) bool {
		m[a.Key] = a.Value.Resolve()
		return true
	})
	return m
}
