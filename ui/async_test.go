package ui

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	gotoken "go/token"
	"log/slog"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"go.uber.org/goleak"

	"vigia/engine"
)

// goid is the calling goroutine's number, read from its stack header.
func goid() string {
	b := make([]byte, 64)
	b = b[:runtime.Stack(b, false)]
	f := strings.Fields(string(b))
	return f[1] // "goroutine 7 [running]:"
}

// lockedBuffer is a bytes.Buffer safe for concurrent use, for logs.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// pump runs queued UI work on the test's goroutine, which stands for the UI
// goroutine, until cond holds.
func pump(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.After(10 * time.Second)
	for !cond() {
		select {
		case f := <-uiQueue:
			f()
		case <-time.After(5 * time.Millisecond):
		case <-deadline:
			t.Fatalf("timed out waiting for %s", what)
		}
	}
}

// drain runs what is queued for the UI goroutine now.
func drain() {
	for {
		select {
		case f := <-uiQueue:
			f()
		default:
			return
		}
	}
}

// closeWithin closes a, failing the test if Close takes longer than d.
func closeWithin(t *testing.T, a *async, d time.Duration) {
	t.Helper()
	done := make(chan struct{})
	go func() { a.Close(); close(done) }()
	select {
	case <-done:
	case <-time.After(d):
		t.Fatalf("Close did not return within %v", d)
	}
}

func newTestAsync(t *testing.T) (*async, *lockedBuffer, chan error) {
	t.Helper()
	var logs lockedBuffer
	shown := make(chan error, 16)
	a := newAsync(context.Background(), slog.New(slog.NewJSONHandler(&logs, nil)), func(err error) { shown <- err })
	t.Cleanup(a.Close)
	return a, &logs, shown
}

func TestAsyncThenRunsOnUIGoroutine(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	a, _, _ := newTestAsync(t)
	ui := goid()
	var workOn, thenOn string
	goThen(a, "test", func(context.Context) string {
		workOn = goid()
		return "result"
	}, func(got string) {
		thenOn = goid()
		if got != "result" {
			t.Errorf("then got %q, want result", got)
		}
	})
	pump(t, "then", func() bool { return thenOn != "" })
	if workOn == ui {
		t.Error("work ran on the UI goroutine")
	}
	if thenOn != ui {
		t.Errorf("then ran on goroutine %s, want the UI goroutine %s", thenOn, ui)
	}
	a.Close()
}

func TestAsyncDropsStaleResults(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	a, _, _ := newTestAsync(t)
	type delivery struct {
		name  string
		shown bool
	}
	var got []delivery
	a.afterResult = func(name string, shown bool) { got = append(got, delivery{name, shown}) }
	var g generation
	var shown []string
	release := make(chan struct{})
	run := func(tk ticket, name string) {
		goFor(a, tk, name, func(context.Context) string { <-release; return name }, func(s string) { shown = append(shown, s) })
	}
	run(g.next(), "first")
	run(g.next(), "second") // picked after the first: the first is stale
	run(ticket{}, "always") // the zero ticket is always current
	close(release)
	pump(t, "three results", func() bool { return len(got) == 3 })
	want := map[string]bool{"first": false, "second": true, "always": true}
	for _, d := range got {
		if d.shown != want[d.name] {
			t.Errorf("%s: got shown %v, want %v", d.name, d.shown, want[d.name])
		}
	}
	if strings.Contains(strings.Join(shown, ","), "first") || len(shown) != 2 {
		t.Errorf("got %v shown, want second and always", shown)
	}

	// A result delivered after its generation moved on is dropped, even if
	// its work ended before.
	tk := g.next()
	done := make(chan struct{})
	goFor(a, tk, "late", func(context.Context) int { defer close(done); return 1 }, func(int) { t.Error("a stale result was shown") })
	<-done
	g.next()
	pump(t, "the late result", func() bool { return len(got) == 4 })
	if got[3].shown {
		t.Error("the late result counts as shown")
	}
}

// TestAsyncCloseCancelsAndWaits: Close cancels every goroutine's context
// and returns only once all ended; nothing starts or is delivered after it.
func TestAsyncCloseCancelsAndWaits(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	a, _, _ := newTestAsync(t)
	var ended atomic.Int32
	var ticks atomic.Int32
	started := make(chan struct{}, 2)
	a.Loop("loop", func(ctx context.Context) {
		started <- struct{}{}
		<-ctx.Done()
		time.Sleep(20 * time.Millisecond) // Close must wait for this too
		ended.Add(1)
	})
	a.Every("every", time.Millisecond, func(context.Context) { ticks.Add(1) })
	goThen(a, "work", func(ctx context.Context) error {
		started <- struct{}{}
		<-ctx.Done()
		ended.Add(1)
		return ctx.Err()
	}, func(error) { t.Error("a result was delivered after Close") })
	<-started
	<-started
	for ticks.Load() == 0 {
		time.Sleep(time.Millisecond)
	}
	closeWithin(t, a, 5*time.Second)
	if n := ended.Load(); n != 2 {
		t.Errorf("Close returned with %d of 2 goroutines ended", n)
	}
	after := ticks.Load()
	a.Loop("late", func(context.Context) { t.Error("a loop started after Close") })
	goThen(a, "late", func(context.Context) int { t.Error("work started after Close"); return 0 }, func(int) {})
	a.Post("late", func() { t.Error("a function posted after Close ran") })
	drain()
	time.Sleep(10 * time.Millisecond)
	if ticks.Load() != after {
		t.Error("Every still ticks after Close")
	}
	a.Close() // idempotent
}

// TestAsyncCloseDoesNotWaitForTheUI: Close returns on the UI goroutine
// although results are queued for it and a loop asks it for something:
// nothing of an async waits for the UI goroutine without its context.
func TestAsyncCloseDoesNotWaitForTheUI(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	a, _, _ := newTestAsync(t)
	worked := make(chan struct{})
	goThen(a, "result", func(context.Context) int { close(worked); return 1 }, func(int) { t.Error("then ran after Close") })
	asked := make(chan struct{})
	a.Loop("ask", func(ctx context.Context) { // as the dashboard asks for its style
		answer := make(chan int, 1)
		a.Post("ask", func() { answer <- 1 })
		close(asked)
		select {
		case <-answer:
		case <-ctx.Done():
		}
	})
	<-worked
	<-asked
	// Nobody runs the queue: this goroutine is the UI goroutine, in Close.
	a.Close()
	drain() // what was queued is dropped
}

// TestAsyncRecoversPanics: a panic in work, in then, in a loop or in a
// posted function is logged as event=ui_panic with its action and shown;
// the app goes on, and a loop that panicked is not run again.
func TestAsyncRecoversPanics(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	a, logs, shown := newTestAsync(t)
	var everyRuns atomic.Int32
	start := []func(){
		func() { goThen(a, "panic_work", func(context.Context) int { panic("in work") }, func(int) {}) },
		func() {
			goThen(a, "panic_then", func(context.Context) int { return 1 }, func(int) { panic("in then") })
		},
		func() { a.Post("panic_post", func() { panic("in post") }) },
		func() {
			a.Every("panic_every", time.Millisecond, func(context.Context) { everyRuns.Add(1); panic("in every") })
		},
	}
	for _, s := range start {
		s()
	}
	var got []error
	pump(t, "four dialogs", func() bool {
		select {
		case err := <-shown:
			got = append(got, err)
		default:
		}
		return len(got) == len(start)
	})
	values := map[string]bool{}
	for _, err := range got {
		var hp *handlerPanic
		if !errors.As(err, &hp) {
			t.Errorf("shown %T, want a *handlerPanic", err)
			continue
		}
		values[fmt.Sprint(hp.PanicValue())] = true
		if !strings.Contains(string(hp.PanicStack()), "goroutine") {
			t.Errorf("%v: no stack", hp.PanicValue())
		}
	}
	for _, v := range []string{"in work", "in then", "in post", "in every"} {
		if !values[v] {
			t.Errorf("no dialog for the panic %q: %v", v, values)
		}
	}
	for _, action := range []string{"panic_work", "panic_then", "panic_post", "panic_every"} {
		if !strings.Contains(logs.String(), `"event":"ui_panic","action":"`+action+`"`) {
			t.Errorf("no ui_panic record for %s in:\n%s", action, logs.String())
		}
	}
	time.Sleep(20 * time.Millisecond)
	if n := everyRuns.Load(); n != 1 {
		t.Errorf("the panicking periodic function ran %d times, want once", n)
	}
	// The async still works.
	ok := false
	goThen(a, "after", func(context.Context) bool { return true }, func(b bool) { ok = b })
	pump(t, "a result after the panics", func() bool { return ok })
	closeWithin(t, a, 5*time.Second)
}

// TestAsyncOwnsEveryGoroutine: no UI file but async.go starts a goroutine
// or hands work to the UI goroutine itself (Fyne's Do, or do, its test
// seam): background work goes through the window's async, which owns it
// and drops stale results.
func TestAsyncOwnsEveryGoroutine(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := gotoken.NewFileSet()
	checked := 0
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") || name == "async.go" {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		checked++
		var visit func(n ast.Node) bool
		visit = func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.GoStmt:
				t.Errorf("%s: a go statement: start it with the window's async", fset.Position(n.Pos()))
			case *ast.SelectorExpr:
				if x, ok := n.X.(*ast.Ident); ok && x.Name == "fyne" && strings.HasPrefix(n.Sel.Name, "Do") {
					t.Errorf("%s: fyne.%s outside async.go: use the window's async", fset.Position(n.Pos()), n.Sel.Name)
				}
				ast.Inspect(n.X, visit) // n.Sel is a field or method name, never the package's do
				return false
			case *ast.Ident:
				if n.Name == "do" && n.Obj == nil { // the package's do, not a local one
					t.Errorf("%s: do outside async.go: use the window's async (Post, goThen)", fset.Position(n.Pos()))
				}
			}
			return true
		}
		ast.Inspect(f, visit)
	}
	if checked < 10 {
		t.Errorf("checked %d files, want the UI's sources", checked)
	}
}

// TestStartProbe: the app's probe reports through its async and ends when
// the app stops.
func TestStartProbe(t *testing.T) {
	h := newHarness(t, DetailsType)
	if err := h.app.deps.Logs.SetDebug(true); err != nil { // the probe reports to the debug log
		t.Fatal(err)
	}
	h.app.debugOn.set(true)
	defer h.app.working.begin()() // it probes while the app is at work
	reports := make(chan int, 1)
	h.app.StartProbe(time.Millisecond, 20*time.Millisecond, func(_ time.Duration, n int) {
		select {
		case reports <- n:
		default:
		}
	})
	got := 0
	pump(t, "a probe report", func() bool {
		select {
		case got = <-reports:
		default:
		}
		return got > 0
	})
	// On the UI goroutine, with a probe perhaps waiting for it: stopping
	// the app closes its async, which waits for the probe.
	h.app.quitNow()
	if !h.app.bg.isClosed() {
		t.Error("the app's async is open after it stopped")
	}
}

// TestProbeOnlyInDebugMode: the UI probe's reports are for the debug log,
// so it probes only while debug mode is on: with it off, it hands nothing
// to the UI goroutine; turned on, reports come; turned off again, they
// stop.
func TestProbeOnlyInDebugMode(t *testing.T) {
	h := newHarness(t, DetailsType)
	w := h.open(t)
	if h.app.deps.Logs.Debug() {
		t.Fatal("the harness starts in debug mode")
	}
	defer h.app.working.begin()() // it probes while the app is at work
	var reports atomic.Int64
	h.app.StartProbe(time.Millisecond, 5*time.Millisecond, func(time.Duration, int) { reports.Add(1) })
	pumpFor(300*time.Millisecond, nil)
	if n := reports.Load(); n != 0 {
		t.Fatalf("%d probe reports with debug mode off, want none", n)
	}
	w.onDebugChanged(true)
	if !pumpFor(10*time.Second, func() bool { return reports.Load() >= 3 }) {
		t.Fatalf("%d probe reports within 10 s of debug mode on, want 3 or more", reports.Load())
	}
	w.onDebugChanged(false)
	pumpFor(100*time.Millisecond, nil) // a probe under way may still report
	n := reports.Load()
	pumpFor(300*time.Millisecond, nil)
	if got := reports.Load(); got != n {
		t.Errorf("%d probe reports in 300 ms after debug mode went off, want none", got-n)
	}
}

// TestProbeOnlyWhileWorking: in debug mode, the UI probe probes while a
// task or load test runs (through the app's Tasks) and for a window after
// the last one ended, and not while the app is idle: then a probe every
// interval would wake it for nothing.
func TestProbeOnlyWhileWorking(t *testing.T) {
	h := newHarness(t, DetailsType)
	w := h.open(t)
	w.onDebugChanged(true)
	var reports atomic.Int64
	const window = 50 * time.Millisecond
	h.app.StartProbe(time.Millisecond, window, func(time.Duration, int) { reports.Add(1) })
	pumpFor(300*time.Millisecond, nil)
	if n := reports.Load(); n != 0 {
		t.Fatalf("%d probe reports while the app was idle, want none", n)
	}

	// A task that runs until it is cancelled.
	m, vals, err := h.app.deps.Tasks.Prepare("wait", nil)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	ran := make(chan struct{})
	go func() {
		defer close(ran)
		_, _, _ = h.app.deps.Tasks.RunTimed(ctx, m, vals, "x")
	}()
	if !pumpFor(10*time.Second, func() bool { return reports.Load() >= 3 }) {
		t.Fatalf("%d probe reports within 10 s of a task running, want 3 or more", reports.Load())
	}
	cancel()
	<-ran
	// It stops once the window under way when the task ended is over.
	if !pumpFor(10*time.Second, func() bool { return h.app.working.shut() != nil }) {
		t.Fatal("the app still counts as at work 10 s after its only task ended")
	}
	pumpFor(10*window, nil) // the window under way may still report
	n := reports.Load()
	pumpFor(300*time.Millisecond, nil)
	if got := reports.Load(); got != n {
		t.Errorf("%d probe reports in 300 ms once the app was idle again, want none", got-n)
	}

	// A task that ends at once is reported too: the probe runs on until
	// the window under way when it ended is over.
	m, vals, err = h.app.deps.Tasks.Prepare("upper", map[string]string{"times": "1"})
	if err != nil {
		t.Fatal(err)
	}
	n = reports.Load()
	if _, _, err := h.app.deps.Tasks.RunTimed(context.Background(), m, vals, "x"); err != nil {
		t.Fatal(err)
	}
	if !pumpFor(10*time.Second, func() bool { return reports.Load() > n }) {
		t.Error("no probe report after a task that ended at once")
	}

	// A load test counts too.
	targets, err := h.app.deps.Tasks.PrepareLoad([]string{"chaos"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	n = reports.Load()
	done := make(chan struct{})
	go func() {
		defer close(done)
		h.app.deps.Tasks.Load(context.Background(), engine.LoadSpec{Targets: targets, Text: "x", Requests: 200, Concurrency: 1}, nil)
	}()
	if !pumpFor(10*time.Second, func() bool { return reports.Load() > n }) {
		t.Error("no probe report while a load test ran")
	}
	<-done
}

// TestBusy: the gate is open while runs are under way and for the linger
// after the last one ended; a run begun during the linger keeps it open
// past the first linger's end; ending a run twice counts once.
func TestBusy(t *testing.T) {
	b := newBusy()
	const linger = 100 * time.Millisecond
	b.setLinger(linger)
	if b.shut() == nil {
		t.Fatal("open before any run")
	}
	end1 := b.begin()
	end2 := b.begin()
	end1()
	end1() // a second call does nothing
	time.Sleep(2 * linger)
	if b.shut() != nil {
		t.Fatal("shut while a run is under way")
	}
	end2()
	if b.shut() != nil {
		t.Fatal("shut at once after the last run, want open for the linger")
	}
	time.Sleep(linger / 2)
	end3 := b.begin() // within the linger
	end3()
	time.Sleep(linger * 3 / 4) // past the first linger's end, within the second's
	if b.shut() != nil {
		t.Error("shut by an earlier linger while a later one runs")
	}
	deadline := time.Now().Add(5 * time.Second)
	for b.shut() == nil && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	if b.shut() == nil {
		t.Error("still open 5 s after the last run ended")
	}
}
