package session

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime/debug"
	"strconv"
	"time"
)

// Outcome is how a task ended.
type Outcome string

// Outcomes of a task.
const (
	OutcomeOK       Outcome = "ok"       // fn returned no error
	OutcomeError    Outcome = "error"    // fn returned an error (a deadline included)
	OutcomePanic    Outcome = "panic"    // fn panicked
	OutcomeCanceled Outcome = "canceled" // the context was canceled
	OutcomeCached   Outcome = "cached"   // fn succeeded with a cached result (see MarkCached)
)

// task is what Run shares with its fn through the context.
type task struct {
	cached bool
	attrs  []slog.Attr // added to the task's record by AddTaskAttrs
	detail any         // handed to the Hook (SetTaskDetail)
}

type taskKey struct{}

// MarkCached records that the task running with ctx was answered from a
// cache: if it then succeeds, its outcome is OutcomeCached. Outside Run it
// does nothing.
func MarkCached(ctx context.Context) {
	if t, ok := ctx.Value(taskKey{}).(*task); ok {
		t.cached = true
	}
}

// AddTaskAttrs adds attributes to the event=task record of the task running
// with ctx, after its own (an LLM call's ttft_ms, tokens_out…). Call it from
// the task's goroutine, before the task returns. Outside Run it does
// nothing.
func AddTaskAttrs(ctx context.Context, attrs ...slog.Attr) {
	if t, ok := ctx.Value(taskKey{}).(*task); ok {
		t.attrs = append(t.attrs, attrs...)
	}
}

// SetTaskDetail hands v to the outcome Hook of the task running with ctx,
// as Report.Detail: what the hook counts beyond the outcome and duration
// (an LLM call's figures, for the metrics). Call it from the task's
// goroutine, before the task returns. Outside Run it does nothing.
func SetTaskDetail(ctx context.Context, v any) {
	if t, ok := ctx.Value(taskKey{}).(*task); ok {
		t.detail = v
	}
}

// Task is what Run runs: a name for the logs and, for a model's task, the
// model it runs.
type Task struct {
	// Name is the task record's task attribute and is in its message
	// ("Task model:sentiment took 0.002 seconds"). A model's task is named
	// "model:" and the model's name.
	Name string
	// Model is the model the task runs: the record's model attribute, and
	// what the outcome hook counts the task under. Empty for a task that
	// runs no model; the record then has no model attribute.
	Model string
}

// Report describes one finished task, for a Hook.
type Report struct {
	Session  *Session // nil when the context carried no session
	Task     Task     // what was given to Run
	Start    time.Time
	Duration time.Duration
	Outcome  Outcome
	Err      error // nil when Outcome is OutcomeOK or OutcomeCached
	Detail   any   // what the task gave SetTaskDetail; nil when nothing
}

// Hook receives the report of every task. It runs on the task's goroutine
// right after the task's record is logged, possibly from many goroutines at
// once: it must be safe for concurrent use and quick. A panic in a hook is
// recovered and logged.
type Hook func(Report)

// PanicError is the error Run returns for a task that panicked. It keeps the
// panic value and the stack of the panicking goroutine.
type PanicError struct {
	Value any    // what was passed to panic
	Stack []byte // the goroutine's stack at the panic, as runtime/debug.Stack
}

func (e *PanicError) Error() string { return fmt.Sprintf("panic: %v", e.Value) }

// PanicValue returns the value passed to panic. Packages that must not import
// session (metrics) recognise a panic through this method.
func (e *PanicError) PanicValue() any { return e.Value }

// PanicStack returns the stack at the panic. Other packages' panic errors
// (the cache's) offer the same two methods, and Run treats them alike.
func (e *PanicError) PanicStack() []byte { return e.Stack }

// Unwrap returns the panic value when it is an error.
func (e *PanicError) Unwrap() error {
	err, _ := e.Value.(error)
	return err
}

// Run runs fn as task t, the seed's monitor_performance and
// safe_execution in one: it times fn, recovers a panic into a *PanicError,
// logs one event=task record with task (t.Name), model (t.Model, when set),
// duration_ms and outcome through the session's logger (a panic's stack at
// ERROR), and reports to the session's Hook. A panic never escapes Run.
//
// If ctx is already done fn is not called. fn should itself honour ctx; an
// error from fn that wraps context.Canceled counts as OutcomeCanceled.
func Run[T any](ctx context.Context, t Task, fn func(context.Context) (T, error)) (T, error) {
	s, _ := FromContext(ctx)
	now := time.Now
	if s != nil {
		now = s.now
	}
	start := now()
	var (
		res T
		err error
	)
	shared := &task{}
	if err = ctx.Err(); err == nil {
		tctx := context.WithValue(ctx, taskKey{}, shared)
		res, err = call(tctx, fn, func(err error) { finish(ctx, s, t, start, now().Sub(start), err, false, shared) })
	}
	d := now().Sub(start)
	finish(ctx, s, t, start, d, err, shared.cached, shared)
	return res, err
}

// errGoexit is the error of a task that called runtime.Goexit.
var errGoexit = errors.New("task exited through runtime.Goexit")

// call runs fn and turns a panic into a *PanicError. A task that calls
// runtime.Goexit (t.FailNow in a test, say) can't be stopped from ending its
// goroutine, but is still logged and reported, through onGoexit.
func call[T any](ctx context.Context, fn func(context.Context) (T, error), onGoexit func(error)) (res T, err error) {
	returned := false
	defer func() {
		v := recover()
		switch {
		case v != nil:
			var zero T
			res, err = zero, &PanicError{Value: v, Stack: debug.Stack()}
		case !returned:
			onGoexit(errGoexit)
		}
	}()
	res, err = fn(ctx)
	returned = true
	return res, err
}

// panicked is what a recovered panic's error offers, whichever package
// recovered it.
type panicked interface {
	PanicValue() any
	PanicStack() []byte
}

// OutcomeOf is the outcome Run gives a task that ended with err (nil: ok);
// a cache hit's success is OutcomeCached, which only the task knows. What
// records a task elsewhere (its span) reads its outcome here.
func OutcomeOf(err error) Outcome {
	o, _ := outcomeOf(err)
	return o
}

// outcomeOf classifies err.
func outcomeOf(err error) (Outcome, panicked) {
	var pe panicked
	switch {
	case err == nil:
		return OutcomeOK, nil
	case errors.As(err, &pe):
		return OutcomePanic, pe
	case errors.Is(err, context.Canceled):
		return OutcomeCanceled, nil
	}
	return OutcomeError, nil
}

func finish(ctx context.Context, s *Session, t Task, start time.Time, d time.Duration, err error, cached bool, shared *task) {
	extra := shared.attrs
	outcome, pe := outcomeOf(err)
	if outcome == OutcomeOK && cached {
		outcome = OutcomeCached
	}
	l := slog.Default()
	if s != nil {
		l = s.logger
		s.tasks.Add(1)
		switch outcome {
		case OutcomeError:
			s.errors.Add(1)
		case OutcomePanic:
			s.panics.Add(1)
		case OutcomeCanceled:
			s.canceled.Add(1)
		case OutcomeCached:
			s.cached.Add(1)
		}
	}

	level := slog.LevelInfo
	if outcome == OutcomeError || outcome == OutcomePanic {
		level = slog.LevelError
	}
	if l.Enabled(ctx, level) {
		// A constant capacity keeps the slice on the stack for a task
		// without extras or with an LLM call's few; more grow it.
		attrs := make([]slog.Attr, 0, 16)
		attrs = append(attrs, slog.String("event", "task"), slog.String("task", t.Name))
		if t.Model != "" {
			attrs = append(attrs, slog.String("model", t.Model))
		}
		attrs = append(attrs, slog.Float64("duration_ms", durationMS(d)), slog.String("outcome", string(outcome)))
		if err != nil {
			attrs = append(attrs, slog.String("error", err.Error()))
		}
		if pe != nil {
			attrs = append(attrs, slog.String("stack", string(pe.PanicStack())))
		}
		attrs = append(attrs, extra...)
		l.LogAttrs(ctx, level, taskMessage(t.Name, d, outcome), attrs...)
	}

	if s != nil && s.hook != nil {
		callHook(l, s.hook, Report{Session: s, Task: t, Start: start, Duration: d, Outcome: outcome, Err: err, Detail: shared.detail})
	}
}

// taskMessage is the seed's "Function X took N seconds" line. It is built
// by hand: it is on every task's path.
func taskMessage(name string, d time.Duration, o Outcome) string {
	var buf [96]byte
	b := append(buf[:0], "Task "...)
	b = append(b, name...)
	b = append(b, " took "...)
	b = strconv.AppendFloat(b, d.Seconds(), 'f', 3, 64)
	b = append(b, " seconds"...)
	if o != OutcomeOK {
		b = append(b, " ("...)
		b = append(b, o...)
		b = append(b, ')')
	}
	return string(b)
}

func callHook(l *slog.Logger, h Hook, r Report) {
	defer func() {
		if v := recover(); v != nil {
			l.Error("outcome hook panicked", "event", "hook_panic", "panic", fmt.Sprint(v), "stack", string(debug.Stack()))
		}
	}()
	h(r)
}
