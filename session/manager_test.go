package session

import (
	"context"
	"log/slog"
	"slices"
	"testing"
	"time"

	"github.com/google/uuid"

	"vigia/logging"
)

func TestStartGivesUUIDv7(t *testing.T) {
	f := newFixture(t)
	before := time.Now().Truncate(time.Millisecond)
	s, _ := f.m.Start(context.Background())
	// google/uuid keeps IDs increasing by bumping a sub-millisecond counter,
	// which a burst of IDs can carry into the next millisecond.
	after := time.Now().Add(5 * time.Millisecond)

	id, err := uuid.Parse(s.ID())
	if err != nil {
		t.Fatalf("uuid.Parse(%q) = %v, want nil", s.ID(), err)
	}
	if got := id.Version(); got != 7 {
		t.Errorf("version = %d, want 7", got)
	}
	if got := id.Variant(); got != uuid.RFC4122 {
		t.Errorf("variant = %v, want %v", got, uuid.RFC4122)
	}
	if id.String() != s.ID() {
		t.Errorf("ID() = %q, want the canonical form %q", s.ID(), id.String())
	}
	sec, nsec := id.Time().UnixTime()
	if ts := time.Unix(sec, nsec); ts.Before(before) || ts.After(after) {
		t.Errorf("ID time = %v, want within [%v, %v]", ts, before, after)
	}
	if got := s.ShortID(); len(got) != 8 || got != s.ID()[len(s.ID())-8:] {
		t.Errorf("ShortID() = %q, want the 8 last characters of %q", got, s.ID())
	}
	if !s.Start().Equal(clockStart) {
		t.Errorf("Start() = %v, want the injected clock's %v", s.Start(), clockStart)
	}
}

func TestIDsSortInStartOrder(t *testing.T) {
	f := newFixture(t)
	var ids []string
	seen := map[string]bool{}
	for range 200 {
		s, _ := f.m.Start(context.Background())
		ids = append(ids, s.ID())
		seen[s.ID()] = true
	}
	if len(seen) != len(ids) {
		t.Errorf("got %d distinct IDs in %d sessions, want all distinct", len(seen), len(ids))
	}
	for i := 1; i < len(ids); i++ {
		if ids[i-1] >= ids[i] {
			t.Errorf("ID %d %q >= ID %d %q, want strictly increasing", i-1, ids[i-1], i, ids[i])
		}
	}
}

func TestStartContextCarriesSession(t *testing.T) {
	type key struct{}
	f := newFixture(t)
	parent := context.WithValue(context.Background(), key{}, "kept")
	s, ctx := f.m.Start(parent)

	got, ok := FromContext(ctx)
	if !ok || got != s {
		t.Errorf("FromContext(ctx) = %p, %v, want %p, true", got, ok, s)
	}
	if ctx.Value(key{}) != "kept" {
		t.Errorf("ctx lost the parent's values")
	}
	if got, ok := FromContext(context.Background()); ok || got != nil {
		t.Errorf("FromContext(Background) = %p, %v, want nil, false", got, ok)
	}
	if Logger(ctx) != s.Logger() {
		t.Errorf("Logger(ctx) is not the session's logger")
	}
	if Logger(context.Background()) != slog.Default() {
		t.Errorf("Logger(Background) is not slog.Default()")
	}

	// A second session in a derived context hides the first.
	s2, ctx2 := f.m.Start(ctx)
	if got, _ := FromContext(ctx2); got != s2 {
		t.Errorf("FromContext(ctx2) = %p, want the newer session %p", got, s2)
	}
	if got := NewContext(context.Background(), s); got.Value(key{}) != nil {
		t.Errorf("NewContext kept values it was not given")
	} else if g, _ := FromContext(got); g != s {
		t.Errorf("FromContext(NewContext(s)) = %p, want %p", g, s)
	}
}

func TestSessionLogger(t *testing.T) {
	f := newFixture(t)
	s, _ := f.m.Start(context.Background())
	s.Logger().Warn("disk almost full", "free_mb", 12)

	var e logging.Entry
	for _, x := range f.logs.Ring().Snapshot() {
		if x.Message == "disk almost full" {
			e = x
		}
	}
	if e.Logger != "vigia.session."+s.ID() || e.Session != s.ID() {
		t.Errorf("record logger, session = %q, %q, want %q, %q", e.Logger, e.Session, "vigia.session."+s.ID(), s.ID())
	}
}

func TestSessionStartAndEndRecords(t *testing.T) {
	f := newFixture(t)
	s, ctx := f.m.Start(context.Background())

	start := f.one(t, "session_start")
	if start.Message != "session started" || start.Level != slog.LevelInfo {
		t.Errorf("session_start = %q at %v, want %q at INFO", start.Message, start.Level, "session started")
	}
	if start.Logger != "vigia.session."+s.ID() || start.Session != s.ID() {
		t.Errorf("session_start logger, session = %q, %q, want %q, %q", start.Logger, start.Session, "vigia.session."+s.ID(), s.ID())
	}

	// Every count differs, so that no two can be swapped unnoticed.
	canceled, cancel := context.WithCancel(ctx)
	cancel()
	_, _ = Run(ctx, Task{Name: "ok"}, func(context.Context) (int, error) { return 1, nil })
	for range 2 {
		_, _ = Run(ctx, Task{Name: "fail"}, func(context.Context) (int, error) { return 0, errBoom })
	}
	_, _ = Run(ctx, Task{Name: "panic"}, panicString)
	for range 2 {
		_, _ = Run(ctx, Task{Name: "stop"}, func(context.Context) (int, error) { return 0, context.Canceled })
	}
	_, _ = Run(canceled, Task{Name: "late"}, func(context.Context) (int, error) { return 1, nil })
	for _, d := range []string{"w", "x", "y", "z"} {
		Track(ctx, "click", d)
	}
	f.clock.Advance(90*time.Second + 1500*time.Microsecond)

	if n := len(f.events("session_end")); n != 0 {
		t.Fatalf("got %d session_end records before End, want 0", n)
	}
	if !f.m.End(s) {
		t.Fatalf("End(s) = false, want true")
	}
	end := f.one(t, "session_end")
	if end.Message != "session ended" || end.Level != slog.LevelInfo {
		t.Errorf("session_end = %q at %v, want %q at INFO", end.Message, end.Level, "session ended")
	}
	if end.Session != s.ID() {
		t.Errorf("session_end session = %q, want %q", end.Session, s.ID())
	}
	if got := attrFloat(t, end, "duration_ms"); got != 90001.5 {
		t.Errorf("duration_ms = %v, want 90001.5", got)
	}
	for _, c := range []struct {
		key  string
		want int64
	}{
		{"tasks", 7}, {"errors", 2}, {"panics", 1}, {"canceled", 3}, {"cached", 0}, {"actions", 4},
	} {
		if got := attrInt(t, end, c.key); got != c.want {
			t.Errorf("session_end %s = %d, want %d", c.key, got, c.want)
		}
	}
	all := f.logs.Ring().Snapshot()
	if last := all[len(all)-1]; last.Message != "session ended" {
		t.Errorf("last record = %q, want the session_end record", last.Message)
	}
}

func TestEndTwice(t *testing.T) {
	f := newFixture(t)
	s, _ := f.m.Start(context.Background())
	if !f.m.End(s) {
		t.Errorf("first End = false, want true")
	}
	if f.m.End(s) {
		t.Errorf("second End = true, want false")
	}
	if n := len(f.events("session_end")); n != 1 {
		t.Errorf("got %d session_end records, want 1", n)
	}
	if _, ok := f.m.Get(s.ID()); ok {
		t.Errorf("Get(%q) found an ended session", s.ID())
	}
}

func TestEndForeignSession(t *testing.T) {
	f := newFixture(t)
	other := NewManager(Options{Logger: f.logs.Logger(), Now: f.clock.Now})
	s, _ := other.Start(context.Background())
	if f.m.End(s) {
		t.Errorf("End of another manager's session = true, want false")
	}
	if n := len(f.events("session_end")); n != 0 {
		t.Errorf("got %d session_end records, want 0", n)
	}
	if _, ok := other.Get(s.ID()); !ok {
		t.Errorf("the session left its own manager")
	}
	if !other.End(s) {
		t.Errorf("End by its own manager = false, want true")
	}
}

func TestListOldestFirst(t *testing.T) {
	tests := []struct {
		name string
		step time.Duration // how far the clock moves between starts
	}{
		{"clock moving", time.Second},
		{"clock still: ties sorted by ID", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t)
			var started []*Session
			for range 6 {
				s, _ := f.m.Start(context.Background())
				started = append(started, s)
				f.clock.Advance(tt.step)
			}
			if got := f.m.List(); !slices.Equal(got, started) {
				t.Errorf("List() = %v, want %v", ids(got), ids(started))
			}
			f.m.End(started[2])
			f.m.End(started[0])
			want := []*Session{started[1], started[3], started[4], started[5]}
			if got := f.m.List(); !slices.Equal(got, want) {
				t.Errorf("List() after two End = %v, want %v", ids(got), ids(want))
			}
		})
	}
}

// List orders by start time, not by ID, when the two disagree (a clock set
// back between two starts).
func TestListOrdersByStartTime(t *testing.T) {
	f := newFixture(t)
	f.clock.Advance(time.Hour)
	late, _ := f.m.Start(context.Background())
	f.clock.Advance(-time.Minute)
	early, _ := f.m.Start(context.Background())
	if got, want := f.m.List(), []*Session{early, late}; !slices.Equal(got, want) {
		t.Errorf("List() = %v, want %v", ids(got), ids(want))
	}
}

func TestEndAll(t *testing.T) {
	f := newFixture(t)
	want := map[string]bool{}
	for range 5 {
		s, _ := f.m.Start(context.Background())
		want[s.ID()] = true
	}
	f.m.EndAll()
	if got := f.m.List(); len(got) != 0 {
		t.Errorf("List() after EndAll = %v, want none", ids(got))
	}
	ends := f.events("session_end")
	if len(ends) != len(want) {
		t.Fatalf("got %d session_end records, want %d", len(ends), len(want))
	}
	for _, e := range ends {
		if !want[e.Session] {
			t.Errorf("session_end for %q, which was not started or ended twice", e.Session)
		}
		delete(want, e.Session)
	}
	f.m.EndAll() // nothing left: no more records
	if n := len(f.events("session_end")); n != len(ends) {
		t.Errorf("second EndAll logged %d more session_end records, want 0", n-len(ends))
	}
}

func TestGet(t *testing.T) {
	f := newFixture(t)
	a, _ := f.m.Start(context.Background())
	b, _ := f.m.Start(context.Background())
	tests := []struct {
		id     string
		want   *Session
		wantOK bool
	}{
		{a.ID(), a, true},
		{b.ID(), b, true},
		{a.ShortID(), nil, false},
		{"", nil, false},
		{"0190a000-0000-7000-8000-000000000000", nil, false},
	}
	for _, tt := range tests {
		if got, ok := f.m.Get(tt.id); got != tt.want || ok != tt.wantOK {
			t.Errorf("Get(%q) = %p, %v, want %p, %v", tt.id, got, ok, tt.want, tt.wantOK)
		}
	}
}

// The zero Options work: slog.Default and the real clock.
func TestManagerZeroOptions(t *testing.T) {
	logs := newLogs(t, logging.Options{})
	useDefault(t, logs.Logger())
	m := NewManager(Options{})

	before := time.Now()
	s, ctx := m.Start(context.Background())
	after := time.Now()
	if s.Start().Before(before) || s.Start().After(after) {
		t.Errorf("Start() = %v, want within [%v, %v]", s.Start(), before, after)
	}
	if _, err := Run(ctx, Task{Name: "t"}, func(context.Context) (int, error) { return 1, nil }); err != nil {
		t.Errorf("Run error = %v, want nil", err)
	}
	if !m.End(s) {
		t.Errorf("End = false, want true")
	}
	for _, ev := range []string{"session_start", "task", "session_end"} {
		es := eventsIn(logs, ev)
		if len(es) != 1 {
			t.Errorf("got %d %s records through slog.Default, want 1", len(es), ev)
			continue
		}
		if es[0].Session != s.ID() {
			t.Errorf("%s session = %q, want %q", ev, es[0].Session, s.ID())
		}
	}
}

func ids(ss []*Session) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = s.ID()
	}
	return out
}
