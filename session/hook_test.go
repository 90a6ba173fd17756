package session

import (
	"context"
	"errors"
	"log/slog"
	"strings"
	"testing"
	"time"

	"vigia/logging"
)

func TestHookCalledOncePerTaskWithItsReport(t *testing.T) {
	f := newFixture(t)
	s, ctx := f.m.Start(context.Background())

	type step struct {
		task    Task
		advance time.Duration
		fn      func(context.Context) (int, error)
	}
	steps := []step{
		{Task{Name: "model:gpt", Model: "gpt"}, 10 * time.Millisecond, func(context.Context) (int, error) { return 1, nil }},
		{Task{Name: "fetch"}, 20 * time.Millisecond, func(context.Context) (int, error) { return 0, errBoom }},
		{Task{Name: "model:llama", Model: "llama"}, 30 * time.Millisecond, panicString},
		{Task{Name: "stream"}, 40 * time.Millisecond, func(context.Context) (int, error) { return 0, context.Canceled }},
	}
	var errs []error
	var starts []time.Time
	for _, st := range steps {
		starts = append(starts, f.clock.Now())
		_, err := Run(ctx, st.task, func(ctx context.Context) (int, error) {
			f.clock.Advance(st.advance)
			return st.fn(ctx)
		})
		errs = append(errs, err)
	}

	want := []Report{
		{Session: s, Task: Task{Name: "model:gpt", Model: "gpt"}, Start: starts[0], Duration: 10 * time.Millisecond, Outcome: OutcomeOK, Err: errs[0]},
		{Session: s, Task: Task{Name: "fetch"}, Start: starts[1], Duration: 20 * time.Millisecond, Outcome: OutcomeError, Err: errs[1]},
		{Session: s, Task: Task{Name: "model:llama", Model: "llama"}, Start: starts[2], Duration: 30 * time.Millisecond, Outcome: OutcomePanic, Err: errs[2]},
		{Session: s, Task: Task{Name: "stream"}, Start: starts[3], Duration: 40 * time.Millisecond, Outcome: OutcomeCanceled, Err: errs[3]},
	}
	got := f.hooks.all()
	if len(got) != len(want) {
		t.Fatalf("hook called %d times, want %d", len(got), len(want))
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("report %d = %+v, want %+v", i, got[i], want[i])
		}
	}
	if errs[0] != nil || !errors.Is(errs[1], errBoom) || !errors.Is(errs[3], context.Canceled) {
		t.Errorf("Run errors = %v, want nil, boom, a panic, context canceled", errs)
	}
	var pe *PanicError
	if !errors.As(got[2].Err, &pe) {
		t.Errorf("panic report Err = %v (%T), want a *PanicError", got[2].Err, got[2].Err)
	}
}

// The hook runs right after the task's record is logged: a metrics view that
// reacts to the hook finds the record already in the ring.
func TestHookRunsAfterTaskRecord(t *testing.T) {
	logs := newLogs(t, logging.Options{})
	var seen []string
	hook := func(r Report) {
		es := eventsIn(logs, "task")
		if len(es) == 0 {
			seen = append(seen, "")
			return
		}
		v, _ := es[len(es)-1].Attr("task")
		seen = append(seen, v.String())
	}
	m := NewManager(Options{Logger: logs.Logger(), Hook: hook})
	_, ctx := m.Start(context.Background())
	for _, name := range []string{"one", "two"} {
		_, _ = Run(ctx, Task{Name: name}, func(context.Context) (int, error) { return 0, nil })
	}
	if want := []string{"one", "two"}; strings.Join(seen, ",") != strings.Join(want, ",") {
		t.Errorf("newest task record seen by the hook = %q, want %q", seen, want)
	}
}

func TestHookPanicIsRecoveredAndLogged(t *testing.T) {
	tests := []struct {
		name    string
		fn      func(context.Context) (int, error)
		wantRes int
		wantOut Outcome
	}{
		{"after an ok task", func(context.Context) (int, error) { return 42, nil }, 42, OutcomeOK},
		{"after an error", func(context.Context) (int, error) { return 0, errBoom }, 0, OutcomeError},
		{"after a panicking task", panicString, 0, OutcomePanic},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			logs := newLogs(t, logging.Options{})
			calls := 0
			m := NewManager(Options{Logger: logs.Logger(), Hook: func(Report) {
				calls++
				brokenHook()
			}})
			s, ctx := m.Start(context.Background())

			var (
				res int
				err error
			)
			func() {
				defer func() {
					if v := recover(); v != nil {
						t.Fatalf("a hook's panic escaped Run: %v", v)
					}
				}()
				res, err = Run(ctx, Task{Name: "t"}, tt.fn)
			}()

			if res != tt.wantRes {
				t.Errorf("Run result = %d, want %d", res, tt.wantRes)
			}
			if got, _ := outcomeOf(err); got != tt.wantOut {
				t.Errorf("Run error = %v, outcome %q, want outcome %q", err, got, tt.wantOut)
			}
			if calls != 1 {
				t.Errorf("hook called %d times, want 1", calls)
			}
			if got := s.Counts().Tasks; got != 1 {
				t.Errorf("Counts().Tasks = %d, want 1", got)
			}
			if n := len(eventsIn(logs, "task")); n != 1 {
				t.Errorf("got %d event=task records, want 1", n)
			}

			hp := eventsIn(logs, "hook_panic")
			if len(hp) != 1 {
				t.Fatalf("got %d event=hook_panic records, want 1", len(hp))
			}
			e := hp[0]
			if e.Level != slog.LevelError {
				t.Errorf("hook_panic level = %v, want ERROR", e.Level)
			}
			if e.Session != s.ID() {
				t.Errorf("hook_panic session = %q, want %q", e.Session, s.ID())
			}
			if got := attrString(t, e, "panic"); got != "metrics exploded" {
				t.Errorf("panic = %q, want %q", got, "metrics exploded")
			}
			if got := attrString(t, e, "stack"); !strings.Contains(got, "session.brokenHook") {
				t.Errorf("stack does not name session.brokenHook:\n%s", got)
			}

			// The hook stays in place and keeps being called.
			_, _ = Run(ctx, Task{Name: "again"}, func(context.Context) (int, error) { return 1, nil })
			if calls != 2 {
				t.Errorf("hook called %d times after a second task, want 2", calls)
			}
		})
	}
}

func brokenHook() { panic("metrics exploded") }
