package session

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"vigia/logging"
)

var errBoom = errors.New("boom")

func TestRunOutcomes(t *testing.T) {
	past := time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name string
		// ctx derives the context Run gets from the session's; nil keeps it.
		ctx        func(t *testing.T, ctx context.Context) context.Context
		fn         func(context.Context) (int, error)
		wantCalled bool
		wantRes    int
		wantErr    error // matched with errors.Is; nil means no error
		wantPanic  bool  // the error is a *PanicError
		wantMsg    string
		wantOut    Outcome
		wantLevel  slog.Level
		wantKeys   []string
		wantCounts Counts
	}{
		{
			name:       "ok",
			fn:         func(context.Context) (int, error) { return 42, nil },
			wantCalled: true,
			wantRes:    42,
			wantMsg:    "Task fetch took 0.000 seconds",
			wantOut:    OutcomeOK,
			wantLevel:  slog.LevelInfo,
			wantKeys:   []string{"session", "event", "task", "duration_ms", "outcome"},
			wantCounts: Counts{Tasks: 1},
		},
		{
			name:       "error",
			fn:         func(context.Context) (int, error) { return 0, fmt.Errorf("fetch page: %w", errBoom) },
			wantCalled: true,
			wantErr:    errBoom,
			wantMsg:    "Task fetch took 0.000 seconds (error)",
			wantOut:    OutcomeError,
			wantLevel:  slog.LevelError,
			wantKeys:   []string{"session", "event", "task", "duration_ms", "outcome", "error"},
			wantCounts: Counts{Tasks: 1, Errors: 1},
		},
		{
			name:       "panic",
			fn:         func(context.Context) (int, error) { panic("kaboom") },
			wantCalled: true,
			wantPanic:  true,
			wantMsg:    "Task fetch took 0.000 seconds (panic)",
			wantOut:    OutcomePanic,
			wantLevel:  slog.LevelError,
			wantKeys:   []string{"session", "event", "task", "duration_ms", "outcome", "error", "stack"},
			wantCounts: Counts{Tasks: 1, Panics: 1},
		},
		{
			name:       "fn returns an error wrapping context.Canceled",
			fn:         func(context.Context) (int, error) { return 0, fmt.Errorf("stream: %w", context.Canceled) },
			wantCalled: true,
			wantErr:    context.Canceled,
			wantMsg:    "Task fetch took 0.000 seconds (canceled)",
			wantOut:    OutcomeCanceled,
			wantLevel:  slog.LevelInfo,
			wantKeys:   []string{"session", "event", "task", "duration_ms", "outcome", "error"},
			wantCounts: Counts{Tasks: 1, Canceled: 1},
		},
		{
			name: "ctx canceled before the call",
			ctx: func(t *testing.T, ctx context.Context) context.Context {
				ctx, cancel := context.WithCancel(ctx)
				cancel()
				return ctx
			},
			fn:         func(context.Context) (int, error) { return 42, nil },
			wantCalled: false,
			wantErr:    context.Canceled,
			wantMsg:    "Task fetch took 0.000 seconds (canceled)",
			wantOut:    OutcomeCanceled,
			wantLevel:  slog.LevelInfo,
			wantKeys:   []string{"session", "event", "task", "duration_ms", "outcome", "error"},
			wantCounts: Counts{Tasks: 1, Canceled: 1},
		},
		{
			name: "ctx past its deadline before the call",
			ctx: func(t *testing.T, ctx context.Context) context.Context {
				ctx, cancel := context.WithDeadline(ctx, past)
				t.Cleanup(cancel)
				return ctx
			},
			fn:         func(context.Context) (int, error) { return 42, nil },
			wantCalled: false,
			wantErr:    context.DeadlineExceeded,
			wantMsg:    "Task fetch took 0.000 seconds (error)",
			wantOut:    OutcomeError,
			wantLevel:  slog.LevelError,
			wantKeys:   []string{"session", "event", "task", "duration_ms", "outcome", "error"},
			wantCounts: Counts{Tasks: 1, Errors: 1},
		},
		{
			name:       "fn returns an error wrapping context.DeadlineExceeded",
			fn:         func(context.Context) (int, error) { return 0, fmt.Errorf("call model: %w", context.DeadlineExceeded) },
			wantCalled: true,
			wantErr:    context.DeadlineExceeded,
			wantMsg:    "Task fetch took 0.000 seconds (error)",
			wantOut:    OutcomeError,
			wantLevel:  slog.LevelError,
			wantKeys:   []string{"session", "event", "task", "duration_ms", "outcome", "error"},
			wantCounts: Counts{Tasks: 1, Errors: 1},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t)
			s, ctx := f.m.Start(context.Background())
			if tt.ctx != nil {
				ctx = tt.ctx(t, ctx)
			}
			called := false
			res, err := Run(ctx, Task{Name: "fetch"}, func(ctx context.Context) (int, error) {
				called = true
				return tt.fn(ctx)
			})

			if called != tt.wantCalled {
				t.Errorf("fn called = %v, want %v", called, tt.wantCalled)
			}
			if res != tt.wantRes {
				t.Errorf("Run result = %d, want %d", res, tt.wantRes)
			}
			var pe *PanicError
			switch {
			case tt.wantPanic:
				if !errors.As(err, &pe) {
					t.Errorf("Run error = %v (%T), want a *PanicError", err, err)
				}
			case tt.wantErr == nil:
				if err != nil {
					t.Errorf("Run error = %v, want nil", err)
				}
			default:
				if !errors.Is(err, tt.wantErr) {
					t.Errorf("Run error = %v, want one wrapping %v", err, tt.wantErr)
				}
			}

			e := f.one(t, "task")
			if e.Message != tt.wantMsg {
				t.Errorf("message = %q, want %q", e.Message, tt.wantMsg)
			}
			if e.Level != tt.wantLevel {
				t.Errorf("level = %v, want %v", e.Level, tt.wantLevel)
			}
			if got := attrKeys(e); !slices.Equal(got, tt.wantKeys) {
				t.Errorf("attribute keys = %v, want %v", got, tt.wantKeys)
			}
			if got := attrString(t, e, "task"); got != "fetch" {
				t.Errorf("task = %q, want %q", got, "fetch")
			}
			if got := attrString(t, e, "outcome"); got != string(tt.wantOut) {
				t.Errorf("outcome = %q, want %q", got, tt.wantOut)
			}
			if got := attrFloat(t, e, "duration_ms"); got != 0 {
				t.Errorf("duration_ms = %v, want 0 (the clock did not move)", got)
			}
			if err != nil {
				if got := attrString(t, e, "error"); got != err.Error() {
					t.Errorf("error = %q, want %q", got, err.Error())
				}
			}
			if e.Logger != "vigia.session."+s.ID() || e.Session != s.ID() {
				t.Errorf("record logger, session = %q, %q, want %q, %q", e.Logger, e.Session, "vigia.session."+s.ID(), s.ID())
			}

			if got := s.Counts(); got != tt.wantCounts {
				t.Errorf("Counts() = %+v, want %+v", got, tt.wantCounts)
			}

			reports := f.hooks.all()
			if len(reports) != 1 {
				t.Fatalf("hook called %d times, want 1", len(reports))
			}
			r := reports[0]
			if want := (Task{Name: "fetch"}); r.Session != s || r.Task != want || r.Outcome != tt.wantOut || r.Err != err {
				t.Errorf("Report = {Session: %p, Task: %+v, Outcome: %q, Err: %v}, want {%p, %+v, %q, %v}",
					r.Session, r.Task, r.Outcome, r.Err, s, want, tt.wantOut, err)
			}
		})
	}
}

// Package-level panicking functions, so that their names show in stacks.
var (
	nilMap     map[string]int
	outOfRange = 7
	nilCounts  *Counts
)

type codeError struct{ code int }

func (e *codeError) Error() string { return fmt.Sprintf("code %d", e.code) }

func panicString(context.Context) (int, error) { panic("kaboom") }

func panicWrappedError(context.Context) (int, error) {
	panic(fmt.Errorf("load %s: %w", "gpt", io.ErrUnexpectedEOF))
}

func panicCodeError(context.Context) (int, error) { panic(&codeError{code: 7}) }

func writeNilMap(context.Context) (int, error) {
	nilMap["x"] = 1
	return 1, nil
}

func indexOutOfRange(context.Context) (int, error) {
	s := []int{1, 2, 3}
	return s[outOfRange], nil
}

func derefNil(context.Context) (int, error) { return int(nilCounts.Tasks), nil }

func panicNil(context.Context) (int, error) { panic(nil) }

func panicCanceled(context.Context) (int, error) {
	panic(fmt.Errorf("abort: %w", context.Canceled))
}

func TestRunRecoversPanics(t *testing.T) {
	tests := []struct {
		name      string
		fn        func(context.Context) (int, error)
		funcName  string // must appear in the stack
		wantMsg   string // PanicError.Error() contains it
		check     func(t *testing.T, pe *PanicError)
		wantWraps bool // Unwrap returns the panic value as an error
	}{
		{
			name: "string", fn: panicString, funcName: "session.panicString", wantMsg: "panic: kaboom",
			check: func(t *testing.T, pe *PanicError) {
				if pe.Value != "kaboom" {
					t.Errorf("Value = %#v, want %q", pe.Value, "kaboom")
				}
			},
		},
		{
			name: "error made by fmt.Errorf", fn: panicWrappedError, funcName: "session.panicWrappedError",
			wantMsg: "panic: load gpt: unexpected EOF", wantWraps: true,
			check: func(t *testing.T, pe *PanicError) {
				if !errors.Is(pe, io.ErrUnexpectedEOF) {
					t.Errorf("errors.Is(%v, io.ErrUnexpectedEOF) = false, want true", pe)
				}
			},
		},
		{
			name: "custom error type", fn: panicCodeError, funcName: "session.panicCodeError",
			wantMsg: "panic: code 7", wantWraps: true,
			check: func(t *testing.T, pe *PanicError) {
				var ce *codeError
				if !errors.As(pe, &ce) || ce.code != 7 {
					t.Errorf("errors.As(%v, *codeError) gave %v, want code 7", pe, ce)
				}
			},
		},
		{
			name: "write to a nil map", fn: writeNilMap, funcName: "session.writeNilMap",
			wantMsg: "assignment to entry in nil map", wantWraps: true,
			check: func(t *testing.T, pe *PanicError) {
				var re runtime.Error
				if !errors.As(pe, &re) {
					t.Errorf("errors.As(%v, runtime.Error) = false, want true", pe)
				}
			},
		},
		{
			name: "index out of range", fn: indexOutOfRange, funcName: "session.indexOutOfRange",
			wantMsg: "index out of range [7] with length 3", wantWraps: true,
			check: func(t *testing.T, pe *PanicError) {
				var re runtime.Error
				if !errors.As(pe, &re) {
					t.Errorf("errors.As(%v, runtime.Error) = false, want true", pe)
				}
			},
		},
		{
			name: "nil pointer dereference", fn: derefNil, funcName: "session.derefNil",
			wantMsg: "nil pointer dereference", wantWraps: true,
			check: func(t *testing.T, pe *PanicError) {
				var re runtime.Error
				if !errors.As(pe, &re) {
					t.Errorf("errors.As(%v, runtime.Error) = false, want true", pe)
				}
			},
		},
		{
			// A panic is a panic even when its value wraps context.Canceled.
			name: "error wrapping context.Canceled", fn: panicCanceled, funcName: "session.panicCanceled",
			wantMsg: "panic: abort: context canceled", wantWraps: true,
			check: func(t *testing.T, pe *PanicError) {
				if !errors.Is(pe, context.Canceled) {
					t.Errorf("errors.Is(%v, context.Canceled) = false, want true", pe)
				}
			},
		},
		{
			name: "panic(nil)", fn: panicNil, funcName: "session.panicNil",
			wantMsg: "panic called with nil argument", wantWraps: true,
			check: func(t *testing.T, pe *PanicError) {
				var pn *runtime.PanicNilError
				if !errors.As(pe, &pn) {
					t.Errorf("errors.As(%v, *runtime.PanicNilError) = false, want true", pe)
				}
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t)
			s, ctx := f.m.Start(context.Background())

			var (
				res int
				err error
			)
			func() {
				defer func() {
					if v := recover(); v != nil {
						t.Fatalf("Run let a panic escape: %v", v)
					}
				}()
				res, err = Run(ctx, Task{Name: "explode"}, tt.fn)
			}()

			if res != 0 {
				t.Errorf("Run result = %d, want 0", res)
			}
			var pe *PanicError
			if !errors.As(err, &pe) {
				t.Fatalf("Run error = %v (%T), want a *PanicError", err, err)
			}
			if !strings.Contains(pe.Error(), tt.wantMsg) {
				t.Errorf("Error() = %q, want it to contain %q", pe.Error(), tt.wantMsg)
			}
			if !strings.HasPrefix(pe.Error(), "panic: ") {
				t.Errorf("Error() = %q, want it to start with %q", pe.Error(), "panic: ")
			}
			if got := pe.PanicValue(); got != pe.Value {
				t.Errorf("PanicValue() = %#v, want Value %#v", got, pe.Value)
			}
			if got := pe.Unwrap() != nil; got != tt.wantWraps {
				t.Errorf("Unwrap() != nil is %v, want %v", got, tt.wantWraps)
			}
			if tt.wantWraps && pe.Unwrap() != pe.Value {
				t.Errorf("Unwrap() = %v, want the panic value %v", pe.Unwrap(), pe.Value)
			}
			tt.check(t, pe)

			stack := string(pe.Stack)
			if !strings.Contains(stack, tt.funcName) {
				t.Errorf("Stack does not name %s:\n%s", tt.funcName, stack)
			}
			if !strings.HasPrefix(stack, "goroutine ") {
				t.Errorf("Stack = %.60q..., want a runtime/debug.Stack trace starting with \"goroutine \"", stack)
			}

			e := f.one(t, "task")
			if e.Level != slog.LevelError {
				t.Errorf("level = %v, want ERROR", e.Level)
			}
			if got := attrString(t, e, "outcome"); got != string(OutcomePanic) {
				t.Errorf("outcome = %q, want %q", got, OutcomePanic)
			}
			if got := attrString(t, e, "error"); got != pe.Error() {
				t.Errorf("error = %q, want %q", got, pe.Error())
			}
			if got := attrString(t, e, "stack"); got != stack {
				t.Errorf("logged stack differs from PanicError.Stack:\n%s\nwant\n%s", got, stack)
			}
			if got := s.Counts(); got != (Counts{Tasks: 1, Panics: 1}) {
				t.Errorf("Counts() = %+v, want %+v", got, Counts{Tasks: 1, Panics: 1})
			}
		})
	}
}

// A panic after fn has set its named result must not leak that result.
func TestRunPanicReturnsZeroResult(t *testing.T) {
	f := newFixture(t)
	_, ctx := f.m.Start(context.Background())
	res, err := Run(ctx, Task{Name: "late"}, func(context.Context) (res []string, err error) {
		res = []string{"partial"}
		panic("late")
	})
	if res != nil {
		t.Errorf("Run result = %v, want nil", res)
	}
	var pe *PanicError
	if !errors.As(err, &pe) || pe.Value != "late" {
		t.Errorf("Run error = %v, want a *PanicError of %q", err, "late")
	}
}

func TestRunGenericResult(t *testing.T) {
	type page struct {
		URL   string
		Bytes int
	}
	f := newFixture(t)
	_, ctx := f.m.Start(context.Background())

	s, err := Run(ctx, Task{Name: "string"}, func(context.Context) (string, error) { return "hola", nil })
	if s != "hola" || err != nil {
		t.Errorf("Run[string] = %q, %v, want %q, nil", s, err, "hola")
	}
	p, err := Run(ctx, Task{Name: "struct"}, func(context.Context) (page, error) { return page{"https://x", 3}, nil })
	if p != (page{"https://x", 3}) || err != nil {
		t.Errorf("Run[page] = %+v, %v, want %+v, nil", p, err, page{"https://x", 3})
	}
	pp, err := Run(ctx, Task{Name: "pointer"}, func(context.Context) (*page, error) { panic("no page") })
	if pp != nil || err == nil {
		t.Errorf("Run[*page] after a panic = %v, %v, want nil and an error", pp, err)
	}
	m, err := Run(ctx, Task{Name: "map"}, func(context.Context) (map[string]int, error) { return map[string]int{"a": 1}, nil })
	if m["a"] != 1 || err != nil {
		t.Errorf("Run[map] = %v, %v, want map[a:1], nil", m, err)
	}
}

// fn gets the very context given to Run, with its session and values.
func TestRunPassesContext(t *testing.T) {
	type key struct{}
	f := newFixture(t)
	s, ctx := f.m.Start(context.Background())
	ctx = context.WithValue(ctx, key{}, "v")
	_, err := Run(ctx, Task{Name: "ctx"}, func(ctx context.Context) (struct{}, error) {
		if got, ok := FromContext(ctx); !ok || got != s {
			t.Errorf("FromContext in fn = %p, %v, want %p, true", got, ok, s)
		}
		if got := ctx.Value(key{}); got != "v" {
			t.Errorf("ctx.Value in fn = %v, want %q", got, "v")
		}
		return struct{}{}, nil
	})
	if err != nil {
		t.Fatalf("Run error = %v, want nil", err)
	}
}

// TestRunTaskAttributes: the record's task and model attributes are the
// Task's Name and Model as given, never parsed from each other (the lnav
// format and the README rely on both).
func TestRunTaskAttributes(t *testing.T) {
	tests := []struct {
		name string
		task Task // want task = task.Name, and model = task.Model, absent when empty
	}{
		{"model task", Task{Name: "model:gpt-4o", Model: "gpt-4o"}},
		{"colons in the model", Task{Name: "model:llama3:8b", Model: "llama3:8b"}},
		{"model named like a task", Task{Name: "model:model:x", Model: "model:x"}},
		{"no model", Task{Name: "fetch"}},
		{"name is not parsed", Task{Name: "model:gpt"}},
		{"model without the prefix", Task{Name: "summarize the page", Model: "summarize"}},
		{"empty", Task{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t)
			_, ctx := f.m.Start(context.Background())
			if _, err := Run(ctx, tt.task, func(context.Context) (int, error) { return 1, nil }); err != nil {
				t.Fatalf("Run error = %v, want nil", err)
			}
			e := f.one(t, "task")
			if got := attrString(t, e, "task"); got != tt.task.Name {
				t.Errorf("task = %q, want %q", got, tt.task.Name)
			}
			v, ok := e.Attr("model")
			switch {
			case tt.task.Model == "" && ok:
				t.Errorf("model = %q, want no model attribute", v.String())
			case tt.task.Model != "" && (!ok || v.String() != tt.task.Model):
				t.Errorf("model = %q (present %v), want %q", v.String(), ok, tt.task.Model)
			}
			if want := "Task " + tt.task.Name + " took "; !strings.HasPrefix(e.Message, want) {
				t.Errorf("message = %q, want it to start with %q", e.Message, want)
			}
			reports := f.hooks.all()
			if len(reports) != 1 || reports[0].Task != tt.task {
				t.Errorf("hook reports = %+v, want one with Task %+v", reports, tt.task)
			}
		})
	}
}

func TestRunDurationFromInjectedClock(t *testing.T) {
	tests := []struct {
		name    string
		advance time.Duration
		fail    bool
		wantMS  float64
		wantMsg string
	}{
		{"still", 0, false, 0, "Task t took 0.000 seconds"},
		{"sub-microsecond is dropped", 999 * time.Nanosecond, false, 0, "Task t took 0.000 seconds"},
		{"one and a half ms", 1500 * time.Microsecond, false, 1.5, "Task t took 0.002 seconds"},
		{"microsecond precision", 1234567 * time.Nanosecond, false, 1.234, "Task t took 0.001 seconds"},
		{"seconds", 2*time.Second + 250*time.Millisecond, false, 2250, "Task t took 2.250 seconds"},
		{"a minute, failing", time.Minute, true, 60000, "Task t took 60.000 seconds (error)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t)
			_, ctx := f.m.Start(context.Background())
			f.clock.Advance(time.Hour) // the task starts later than the session
			start := f.clock.Now()
			_, _ = Run(ctx, Task{Name: "t"}, func(context.Context) (int, error) {
				f.clock.Advance(tt.advance)
				if tt.fail {
					return 0, errBoom
				}
				return 1, nil
			})
			e := f.one(t, "task")
			if got := attrFloat(t, e, "duration_ms"); got != tt.wantMS {
				t.Errorf("duration_ms = %v, want %v", got, tt.wantMS)
			}
			if e.Message != tt.wantMsg {
				t.Errorf("message = %q, want %q", e.Message, tt.wantMsg)
			}
			r := f.hooks.all()[0]
			if r.Duration != tt.advance {
				t.Errorf("Report.Duration = %v, want %v", r.Duration, tt.advance)
			}
			if !r.Start.Equal(start) {
				t.Errorf("Report.Start = %v, want %v", r.Start, start)
			}
		})
	}
}

// Without a session in ctx Run still times, recovers and logs, through
// slog.Default, and calls no hook.
func TestRunWithoutSession(t *testing.T) {
	f := newFixture(t) // its hook must stay silent
	useDefault(t, f.logs.Logger())

	tests := []struct {
		name    string
		ctx     func() context.Context
		fn      func(context.Context) (int, error)
		wantRes int
		wantOut Outcome
	}{
		{"ok", context.Background, func(context.Context) (int, error) { return 3, nil }, 3, OutcomeOK},
		{"error", context.Background, func(context.Context) (int, error) { return 0, errBoom }, 0, OutcomeError},
		{"panic", context.Background, panicString, 0, OutcomePanic},
		{"runtime error", context.Background, writeNilMap, 0, OutcomePanic},
		{"canceled", func() context.Context {
			ctx, cancel := context.WithCancel(context.Background())
			cancel()
			return ctx
		}, func(context.Context) (int, error) { panic("fn called with a canceled context") }, 0, OutcomeCanceled},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var (
				res int
				err error
			)
			func() {
				defer func() {
					if v := recover(); v != nil {
						t.Fatalf("Run without a session panicked: %v", v)
					}
				}()
				res, err = Run(tt.ctx(), Task{Name: "model:gpt", Model: "gpt"}, tt.fn)
			}()
			if res != tt.wantRes {
				t.Errorf("Run result = %d, want %d", res, tt.wantRes)
			}
			if (err == nil) != (tt.wantOut == OutcomeOK) {
				t.Errorf("Run error = %v, want an error only when the outcome is not ok", err)
			}
			es := f.events("task")
			if len(es) != i+1 {
				t.Fatalf("got %d event=task records in the default logger, want %d", len(es), i+1)
			}
			e := es[i]
			if e.Logger != "vigia" || e.Session != "" {
				t.Errorf("record logger, session = %q, %q, want %q, %q", e.Logger, e.Session, "vigia", "")
			}
			if got := attrString(t, e, "outcome"); got != string(tt.wantOut) {
				t.Errorf("outcome = %q, want %q", got, tt.wantOut)
			}
			if got := attrString(t, e, "model"); got != "gpt" {
				t.Errorf("model = %q, want %q", got, "gpt")
			}
			if _, ok := e.Attr("session"); ok {
				t.Errorf("record has a session attribute, want none: %v", e.Attrs())
			}
		})
	}
	if n := len(f.hooks.all()); n != 0 {
		t.Errorf("hook called %d times for tasks without a session, want 0", n)
	}
}

// A Manager without a Hook runs tasks all the same.
func TestRunWithoutHook(t *testing.T) {
	logs := newLogs(t, logging.Options{})
	m := NewManager(Options{Logger: logs.Logger()})
	s, ctx := m.Start(context.Background())
	if _, err := Run(ctx, Task{Name: "t"}, panicString); err == nil {
		t.Error("Run error = nil, want a *PanicError")
	}
	if got := s.Counts(); got != (Counts{Tasks: 1, Panics: 1}) {
		t.Errorf("Counts() = %+v, want %+v", got, Counts{Tasks: 1, Panics: 1})
	}
	if n := len(eventsIn(logs, "hook_panic")); n != 0 {
		t.Errorf("got %d hook_panic records, want 0", n)
	}
}

// Records below the logger's level are skipped, but counts and hooks are not.
func TestRunBelowLevelStillCountsAndReports(t *testing.T) {
	h := &hookRecorder{}
	l := slog.New(slog.NewTextHandler(io.Discard, &slog.HandlerOptions{Level: slog.LevelError + 1}))
	m := NewManager(Options{Logger: l, Hook: h.hook})
	s, ctx := m.Start(context.Background())
	_, _ = Run(ctx, Task{Name: "a"}, func(context.Context) (int, error) { return 1, nil })
	_, _ = Run(ctx, Task{Name: "b"}, func(context.Context) (int, error) { return 0, errBoom })
	if got, want := s.Counts(), (Counts{Tasks: 2, Errors: 1}); got != want {
		t.Errorf("Counts() = %+v, want %+v", got, want)
	}
	if n := len(h.all()); n != 2 {
		t.Errorf("hook called %d times, want 2", n)
	}
}

// TestRunGoexit: a task that calls runtime.Goexit ends its goroutine, but is
// still logged and reported once, as an error.
func TestRunGoexit(t *testing.T) {
	var reports []Report
	logs := logging.New(logging.Options{Dir: t.TempDir(), Console: io.Discard})
	defer logs.Close()
	m := NewManager(Options{Logger: logs.Logger(), Hook: func(r Report) { reports = append(reports, r) }})
	_, ctx := m.Start(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		_, _ = Run(ctx, Task{Name: "exits"}, func(context.Context) (int, error) {
			runtime.Goexit()
			return 0, nil
		})
		t.Error("Run returned after runtime.Goexit")
	}()
	<-done
	if len(reports) != 1 || reports[0].Outcome != OutcomeError || !errors.Is(reports[0].Err, errGoexit) {
		t.Fatalf("got reports %+v, want one error report for Goexit", reports)
	}
}

func TestEndNil(t *testing.T) {
	if NewManager(Options{}).End(nil) {
		t.Error("End(nil) = true, want false")
	}
}

// TestMarkCached: a task that says its answer came from a cache ends as
// OutcomeCached, counted apart; a failure after the mark stays an error.
func TestMarkCached(t *testing.T) {
	var reports []Report
	logs := logging.New(logging.Options{Dir: t.TempDir(), Console: io.Discard})
	defer logs.Close()
	m := NewManager(Options{Logger: logs.Logger(), Hook: func(r Report) { reports = append(reports, r) }})
	s, ctx := m.Start(context.Background())
	_, _ = Run(ctx, Task{Name: "model:x", Model: "x"}, func(ctx context.Context) (int, error) { MarkCached(ctx); return 1, nil })
	_, _ = Run(ctx, Task{Name: "model:x", Model: "x"}, func(ctx context.Context) (int, error) { MarkCached(ctx); return 0, errBoom })
	_, _ = Run(ctx, Task{Name: "model:x", Model: "x"}, func(ctx context.Context) (int, error) { return 1, nil })
	MarkCached(ctx) // outside Run: nothing happens
	want := []Outcome{OutcomeCached, OutcomeError, OutcomeOK}
	for i, r := range reports {
		if r.Outcome != want[i] {
			t.Errorf("report %d got outcome %s, want %s", i, r.Outcome, want[i])
		}
	}
	if c := s.Counts(); c.Cached != 1 || c.Errors != 1 || c.Tasks != 3 {
		t.Errorf("got counts %+v, want 3 tasks, 1 cached, 1 error", c)
	}
	var outcomes []string
	for _, e := range logs.Ring().Snapshot() {
		if v, ok := e.Attr("outcome"); ok {
			outcomes = append(outcomes, v.String())
		}
	}
	if strings.Join(outcomes, ",") != "cached,error,ok" {
		t.Errorf("got logged outcomes %v, want cached,error,ok", outcomes)
	}
}

// TestAddTaskAttrs: attributes a task adds reach its event=task record,
// after the record's own, on success and on failure; outside Run,
// AddTaskAttrs does nothing.
func TestAddTaskAttrs(t *testing.T) {
	for _, fail := range []bool{false, true} {
		f := newFixture(t)
		_, ctx := f.m.Start(context.Background())
		_, _ = Run(ctx, Task{Name: "model:llm", Model: "llm"}, func(ctx context.Context) (int, error) {
			AddTaskAttrs(ctx, slog.Float64("ttft_ms", 180), slog.Int("tokens_out", 350))
			if fail {
				return 0, errors.New("cut")
			}
			return 1, nil
		})
		e := f.one(t, "task")
		if v, ok := e.Attr("ttft_ms"); !ok || v.Float64() != 180 {
			t.Errorf("fail=%v: ttft_ms = %v (present %v), want 180", fail, v, ok)
		}
		if v, ok := e.Attr("tokens_out"); !ok || v.Int64() != 350 {
			t.Errorf("fail=%v: tokens_out = %v (present %v), want 350", fail, v, ok)
		}
	}
	AddTaskAttrs(context.Background(), slog.Int("x", 1)) // no task: nothing, no panic
}

// TestSetTaskDetail: what a task gives SetTaskDetail reaches the Hook's
// Report, on success and on failure; a task that gives nothing reports
// nil; outside Run, SetTaskDetail does nothing.
func TestSetTaskDetail(t *testing.T) {
	var got []any
	m := NewManager(Options{Logger: slog.New(slog.DiscardHandler), Hook: func(r Report) { got = append(got, r.Detail) }})
	_, ctx := m.Start(context.Background())
	for _, detail := range []any{"ok", errors.New("cut"), nil} {
		_, _ = Run(ctx, Task{Name: "model:llm", Model: "llm"}, func(ctx context.Context) (int, error) {
			if detail != nil {
				SetTaskDetail(ctx, detail)
			}
			if err, ok := detail.(error); ok {
				return 0, err
			}
			return 1, nil
		})
	}
	if len(got) != 3 || got[0] != "ok" || got[1] == nil || got[2] != nil {
		t.Errorf("got details %v, want ok, the error, nil", got)
	}
	SetTaskDetail(context.Background(), 1) // no task: nothing, no panic
}
