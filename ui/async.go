package ui

import (
	"context"
	"fmt"
	"log/slog"
	"runtime/debug"
	"sync"
	"time"

	"fyne.io/fyne/v2"
)

// do runs f on the UI goroutine later and returns at once. It is the one
// use of fyne.Do, and only async calls it: screens hand their background
// work to their window's async instead. It is a variable so that tests,
// whose driver has no UI goroutine of its own, can queue f for the test's
// goroutine instead (see uiQueue in the tests).
var do = fyne.Do

// async owns the background work of one window (or of the app): every
// goroutine the UI starts is started here, and every result reaches the
// widgets through here. Functions given to it that take a context run off
// the UI goroutine and should return once that context is done; functions
// without one run on the UI goroutine.
//
//   - goThen(a, name, work, then) runs work off the UI goroutine, then
//     then(result) on it.
//   - goFor(a, tk, name, work, then) does the same, but drops the result
//     if the screen has moved past tk (see generation).
//   - Every(name, d, fn) runs fn every d; EveryUntil(done, name, d, fn)
//     also stops once done is closed (a ticker for the length of one
//     task); Loop(name, fn) runs fn once, for loops with their own rhythm.
//   - Post(name, fn) runs fn on the UI goroutine.
//   - awake(ctx) waits while the app is dormant (see activity); Every and
//     EveryUntil do so by themselves, and loops with their own rhythm call
//     it before each round of periodic work.
//   - Close cancels the context of all of them and waits until they ended.
//
// A panic in any of them is logged as event=ui_panic with the name as its
// action and shown in a dialog, like a panic in a handler (see guard); the
// app keeps running. A periodic or looping function that panicked is not
// run again.
//
// Close can't deadlock although it waits on the UI goroutine: no
// goroutine of an async ever waits for the UI goroutine unless it also
// watches its context. Results go through do, which only queues (fyne.Do,
// not fyne.DoAndWait: in Fyne 2.6+ it puts f on an unbounded queue), so a
// goroutine that has a result ends without waiting for it to be shown;
// what still waits on the queue after Close is dropped when its turn comes.
// The loops that ask the UI goroutine for something (the dashboard's
// style, the probe) wait on the answer or ctx.Done, and Close cancels ctx
// before it waits. What a work function calls must end soon after its
// context does (the engine's tasks and load tests do), or be short (a
// journal read, a file export, a GC): Close waits for it.
type async struct {
	ctx    context.Context // canceled by Close
	cancel context.CancelFunc
	log    *slog.Logger // where panics are logged
	show   func(error)  // shows a recovered panic; UI goroutine; nil shows nothing
	active *activity    // the app's; periodic work waits while it is dormant; nil never waits

	mu     sync.Mutex
	closed bool // set by Close: nothing starts and nothing is delivered after it
	wg     sync.WaitGroup

	// afterResult, if set, is called on the UI goroutine after each result
	// of goThen or goFor was shown (shown) or dropped as stale (!shown);
	// for tests.
	afterResult func(name string, shown bool)
}

// newAsync returns an async whose work runs under a child of parent. log
// receives the panics, and show (if not nil) shows them on screen.
func newAsync(parent context.Context, log *slog.Logger, show func(error)) *async {
	ctx, cancel := context.WithCancel(parent)
	return &async{ctx: ctx, cancel: cancel, log: log, show: show}
}

// goThen runs work off the UI goroutine, then then with its result on the
// UI goroutine, unless a was closed in between. name tells the logs which
// work a panic came from.
func goThen[T any](a *async, name string, work func(ctx context.Context) T, then func(T)) {
	goFor(a, ticket{}, name, work, then)
}

// goFor is goThen for a result that belongs to what tk stands for: if its
// generation moved on before the result arrives (another row was picked,
// the rows were reloaded), the result is dropped instead of shown. tk
// must come from generation.next, on the UI goroutine.
func goFor[T any](a *async, tk ticket, name string, work func(ctx context.Context) T, then func(T)) {
	a.start(name, func(ctx context.Context) {
		v := work(ctx)
		a.Post(name, func() {
			shown := tk.current()
			if shown {
				then(v)
			}
			if a.afterResult != nil {
				a.afterResult(name, shown)
			}
		})
	})
}

// Every runs fn off the UI goroutine every d until a is closed.
func (a *async) Every(name string, d time.Duration, fn func(ctx context.Context)) {
	a.EveryUntil(nil, name, d, fn)
}

// EveryUntil is Every that also stops once done is closed, for a ticker
// that lasts as long as one task does (a nil done never closes). While the
// app is dormant the ticker stops; fn runs at once when it wakes, then
// every d again.
func (a *async) EveryUntil(done <-chan struct{}, name string, d time.Duration, fn func(ctx context.Context)) {
	a.start(name, func(ctx context.Context) {
		t := time.NewTicker(d)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-done:
				return
			case <-t.C:
			}
			if wake := a.active.asleep(); wake != nil {
				t.Stop()
				if !a.awaitWake(ctx, done, wake) {
					return
				}
				t.Reset(d)
			}
			fn(ctx)
		}
	})
}

// awake waits while the app is dormant, and reports whether it is awake
// (false: ctx ended first). Loops with their own rhythm call it before
// each round of periodic work.
func (a *async) awake(ctx context.Context) bool {
	wake := a.active.asleep()
	return wake == nil || a.awaitWake(ctx, nil, wake)
}

// awaitWake waits until wake is closed (true), or ctx or done ends first.
func (a *async) awaitWake(ctx context.Context, done, wake <-chan struct{}) bool {
	select {
	case <-wake:
		return true
	case <-ctx.Done():
		return false
	case <-done:
		return false
	}
}

// Loop runs fn off the UI goroutine; fn must return once ctx is done.
func (a *async) Loop(name string, fn func(ctx context.Context)) {
	a.start(name, fn)
}

// Post runs fn on the UI goroutine, unless a is closed by then. It returns
// at once, and may be called from any goroutine.
func (a *async) Post(name string, fn func()) {
	do(func() {
		if a.isClosed() { // the window is gone: its widgets must not change
			return
		}
		defer a.catch(name)
		fn()
	})
}

// Close cancels the context of a's work and waits until every goroutine of
// a has ended. Results still on their way are dropped. It is idempotent;
// see async for why it can't deadlock on the UI goroutine.
func (a *async) Close() {
	a.mu.Lock()
	a.closed = true
	a.mu.Unlock()
	a.cancel()
	a.wg.Wait()
}

func (a *async) isClosed() bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.closed
}

// start runs fn on a goroutine of a's, unless a is closed. The check and
// the WaitGroup's Add are under mu, so that no Add can race Close's Wait.
func (a *async) start(name string, fn func(ctx context.Context)) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.closed {
		return
	}
	a.wg.Go(func() {
		defer a.catch(name)
		fn(a.ctx)
	})
}

// catch recovers a panic of the function named name, logs it with its
// stack and shows it on the UI goroutine. It must be deferred directly.
func (a *async) catch(name string) {
	v := recover()
	if v == nil {
		return
	}
	err := &handlerPanic{value: v, stack: debug.Stack()}
	a.log.Error("handler panicked", "event", "ui_panic", "action", name, "panic", fmt.Sprint(v), "stack", string(err.stack))
	if a.show == nil {
		return
	}
	// Not through Post: a show that panicked would be shown again, forever.
	do(func() {
		if !a.isClosed() {
			a.show(err)
		}
	})
}

// generation counts what a part of a screen has been asked to show, so
// that a result read in the background shows only if what asked for it
// still does: a slow log tail must not overwrite the detail of a row picked
// after it. Its zero value is ready; it is used on the UI goroutine only.
type generation struct{ n uint64 }

// next moves g on, which makes every ticket taken before stale, and returns
// the ticket of the new generation.
func (g *generation) next() ticket {
	g.n++
	return g.ticket()
}

// ticket returns the ticket of the current generation, for a result that
// doesn't move g on by itself (a periodic refresh).
func (g *generation) ticket() ticket { return ticket{g: g, n: g.n} }

// ticket is one generation of a generation. The zero ticket is always
// current.
type ticket struct {
	g *generation
	n uint64
}

// current reports whether no newer generation was begun since t; UI
// goroutine.
func (t ticket) current() bool { return t.g == nil || t.g.n == t.n }

// probe measures how long work handed to the UI goroutine waits before it
// runs: every interval it queues a no-op and times it, and every window it
// reports the longest wait seen, until ctx ends. A long wait is a frozen
// window; the dashboard budget script reads these reports. awake, if not
// nil, is called before each window begins and may wait (the app's async
// waits while the app is dormant); false ends the probe. A window once
// begun runs to its end and reports, whatever awake would say meanwhile:
// a spell of work shorter than a window, or one that ends just after a
// window began, is reported all the same. It returns when ctx ends;
// App.StartProbe runs it on the app's async.
func probe(ctx context.Context, interval, window time.Duration, awake func(context.Context) bool, report func(max time.Duration, n int)) {
	t := time.NewTicker(interval)
	defer t.Stop()
	var worst time.Duration
	var n int
	since := time.Now()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		if n == 0 && awake != nil {
			if !awake(ctx) {
				return
			}
			// The window begins now, however long awake waited.
			since = time.Now()
		}
		start := time.Now()
		ran := make(chan struct{})
		do(func() { close(ran) })
		select {
		case <-ran:
		case <-ctx.Done():
			return
		}
		worst = max(worst, time.Since(start))
		n++
		if time.Since(since) >= window {
			report(worst, n)
			worst, n, since = 0, 0, time.Now()
		}
	}
}

// gate is a condition that goroutines wait on: open, they pass; shut, they
// wait until it opens. Its methods are safe for concurrent use.
type gate struct {
	mu     sync.Mutex
	opened chan struct{} // closed when the gate opens; nil while it is open
}

func newGate(open bool) *gate {
	g := &gate{}
	g.set(open)
	return g
}

// set opens or shuts g.
func (g *gate) set(open bool) {
	g.mu.Lock()
	defer g.mu.Unlock()
	switch {
	case open && g.opened != nil:
		close(g.opened)
		g.opened = nil
	case !open && g.opened == nil:
		g.opened = make(chan struct{})
	}
}

// shut returns nil while g is open and, while it is shut, a channel closed
// when it opens (as activity.asleep does; async.awaitWake waits on it).
func (g *gate) shut() <-chan struct{} {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.opened
}

// busy tells whether the app is at work: a task or a load test runs in
// one of its windows. Its gate is open while any runs and for linger after
// the last one ended, so that what follows a run (the last results, the
// refreshes they bring) still counts. Its methods are safe for concurrent
// use.
type busy struct {
	mu     sync.Mutex
	n      int           // the runs under way
	linger time.Duration // how long the gate stays open after the last run
	gen    int           // counts the runs begun: a linger's end is stale once another began
	g      *gate
}

func newBusy() *busy { return &busy{g: newGate(false)} }

// shut returns nil while the app is at work and, while it is not, a
// channel closed when it is again (see gate.shut).
func (b *busy) shut() <-chan struct{} { return b.g.shut() }

// setLinger sets how long the gate stays open after the last run ended.
func (b *busy) setLinger(d time.Duration) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.linger = d
}

// begin counts a run under way and opens the gate; the function it returns
// ends the run (calls after the first do nothing).
func (b *busy) begin() (end func()) {
	b.mu.Lock()
	b.n++
	b.gen++
	b.g.set(true)
	b.mu.Unlock()
	var once sync.Once
	return func() { once.Do(b.end) }
}

func (b *busy) end() {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.n--; b.n > 0 {
		return
	}
	gen := b.gen
	time.AfterFunc(b.linger, func() {
		b.mu.Lock()
		defer b.mu.Unlock()
		if b.n == 0 && b.gen == gen {
			b.g.set(false)
		}
	})
}

// premade runs build on a goroutine of its own once ready is closed, and
// returns a function that waits for its result: the first window's
// content, made while the UI goroutine makes the window itself
// (newSessionWindow). It is the one goroutine of the UI outside an async:
// the UI goroutine waits for it before anything else, so it needs no
// context, no queue and no owner. A panic of build's is raised again by
// the function it returns, on the UI goroutine, as if build had run there:
// the app's recovery (app.runGUI) reports it.
func premade(ready <-chan struct{}, build func() fyne.CanvasObject) func() fyne.CanvasObject {
	type result struct {
		o     fyne.CanvasObject
		panic any
		stack []byte
	}
	done := make(chan result, 1)
	go func() {
		var r result
		defer func() {
			if v := recover(); v != nil {
				r = result{panic: v, stack: debug.Stack()}
			}
			done <- r
		}()
		<-ready
		r.o = build()
	}()
	return func() fyne.CanvasObject {
		r := <-done
		if r.panic != nil {
			panic(fmt.Sprintf("%v (while making the window's content: %s)", r.panic, r.stack))
		}
		return r.o
	}
}
