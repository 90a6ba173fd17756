package session

import (
	"io"
	"log"
	"log/slog"
	"slices"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"

	"vigia/logging"
)

// lumberjack starts one goroutine per Logger the first time it opens a file
// and gives no way to stop it; every other goroutine, the logging System's
// included, must be gone when the tests end.
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m, goleak.IgnoreTopFunction("gopkg.in/natefinch/lumberjack%2ev2.(*Logger).millRun"))
}

// fakeClock is a clock that moves only when told to. It is safe for
// concurrent use.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

var clockStart = time.Date(2026, 11, 27, 20, 43, 25, 0, time.UTC)

func newFakeClock() *fakeClock { return &fakeClock{t: clockStart} }

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// newLogs returns a logging System writing into a temporary directory, with
// the console off; it is closed when the test ends.
func newLogs(t *testing.T, opts logging.Options) *logging.System {
	t.Helper()
	opts.Dir = t.TempDir()
	opts.Console = io.Discard
	sys := logging.New(opts)
	t.Cleanup(func() {
		if err := sys.Close(); err != nil {
			t.Errorf("logging Close() = %v, want nil", err)
		}
	})
	return sys
}

// hookRecorder is a Hook that keeps every report.
type hookRecorder struct {
	mu      sync.Mutex
	reports []Report
}

func (h *hookRecorder) hook(r Report) {
	h.mu.Lock()
	h.reports = append(h.reports, r)
	h.mu.Unlock()
}

func (h *hookRecorder) all() []Report {
	h.mu.Lock()
	defer h.mu.Unlock()
	return slices.Clone(h.reports)
}

// fixture is a manager on a fake clock that logs into a ring and records
// its hook's reports.
type fixture struct {
	logs  *logging.System
	clock *fakeClock
	hooks *hookRecorder
	m     *Manager
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	f := &fixture{logs: newLogs(t, logging.Options{}), clock: newFakeClock(), hooks: &hookRecorder{}}
	f.m = NewManager(Options{Logger: f.logs.Logger(), Hook: f.hooks.hook, Now: f.clock.Now})
	return f
}

// events returns the records in the ring whose event attribute is event,
// oldest first.
func (f *fixture) events(event string) []logging.Entry {
	return eventsIn(f.logs, event)
}

func eventsIn(sys *logging.System, event string) []logging.Entry {
	var out []logging.Entry
	for _, e := range sys.Ring().Snapshot() {
		if v, ok := e.Attr("event"); ok && v.String() == event {
			out = append(out, e)
		}
	}
	return out
}

// one returns the only record with the given event, failing the test when
// there are none or several.
func (f *fixture) one(t *testing.T, event string) logging.Entry {
	t.Helper()
	es := f.events(event)
	if len(es) != 1 {
		t.Fatalf("got %d event=%s records, want 1: %v", len(es), event, es)
	}
	return es[0]
}

func attrKeys(e logging.Entry) []string {
	attrs := e.Attrs()
	keys := make([]string, len(attrs))
	for i, a := range attrs {
		keys[i] = a.Key
	}
	return keys
}

func attrString(t *testing.T, e logging.Entry, key string) string {
	t.Helper()
	v, ok := e.Attr(key)
	if !ok {
		t.Fatalf("record %q has no %s attribute; attrs %v", e.Message, key, e.Attrs())
	}
	if v.Kind() != slog.KindString {
		t.Fatalf("record %q: %s is a %v, want a string", e.Message, key, v.Kind())
	}
	return v.String()
}

func attrFloat(t *testing.T, e logging.Entry, key string) float64 {
	t.Helper()
	v, ok := e.Attr(key)
	if !ok {
		t.Fatalf("record %q has no %s attribute; attrs %v", e.Message, key, e.Attrs())
	}
	if v.Kind() != slog.KindFloat64 {
		t.Fatalf("record %q: %s is a %v, want a float64", e.Message, key, v.Kind())
	}
	return v.Float64()
}

func attrInt(t *testing.T, e logging.Entry, key string) int64 {
	t.Helper()
	v, ok := e.Attr(key)
	if !ok {
		t.Fatalf("record %q has no %s attribute; attrs %v", e.Message, key, e.Attrs())
	}
	if v.Kind() != slog.KindInt64 {
		t.Fatalf("record %q: %s is a %v, want an int64", e.Message, key, v.Kind())
	}
	return v.Int64()
}

// useDefault makes l the default slog logger until the test ends. slog's
// SetDefault also redirects the log package, so its writer and flags are
// put back too. Tests that call it must not run in parallel.
func useDefault(t *testing.T, l *slog.Logger) {
	t.Helper()
	prev, w, flags := slog.Default(), log.Writer(), log.Flags()
	slog.SetDefault(l)
	t.Cleanup(func() {
		slog.SetDefault(prev)
		log.SetOutput(w)
		log.SetFlags(flags)
	})
}
