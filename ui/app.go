package ui

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	fyneapp "fyne.io/fyne/v2/app"

	"vigia/assets"
	"vigia/config"
	"vigia/engine"
	"vigia/logging"
	"vigia/models"
	"vigia/session"
	"vigia/telemetry"
)

// Logs is what the UI needs of the logging system (*logging.System).
type Logs interface {
	SetDebug(on bool) error
	Debug() bool
	AppLogPath() string
	Problem() error
	Ring() *logging.Ring
}

// Tasks is what the UI needs of the engine (*engine.Engine).
type Tasks interface {
	ModelList() []models.Model
	Prepare(model string, raw map[string]string) (models.Model, models.Values, error)
	// RunTimed runs a task and tells how long it took and whether the
	// cache answered it.
	RunTimed(ctx context.Context, m models.Model, vals models.Values, text string) (models.Result, engine.Ran, error)
	PrepareLoad(names []string, raw map[string]string) ([]engine.Target, error)
	Load(ctx context.Context, spec engine.LoadSpec, progress func(engine.Progress)) engine.Progress
}

// busyTasks is Tasks that counts its runs in a busy.
type busyTasks struct {
	Tasks
	b *busy
}

func (t busyTasks) RunTimed(ctx context.Context, m models.Model, vals models.Values, text string) (models.Result, engine.Ran, error) {
	defer t.b.begin()()
	return t.Tasks.RunTimed(ctx, m, vals, text)
}

func (t busyTasks) Load(ctx context.Context, spec engine.LoadSpec, progress func(engine.Progress)) engine.Progress {
	defer t.b.begin()()
	return t.Tasks.Load(ctx, spec, progress)
}

// Deps are the app's services.
type Deps struct {
	Sessions *session.Manager
	Logs     Logs
	Tasks    Tasks
	Stats    Stats   // for the dashboard
	History  History // for the Sessions tab; nil hides history
	Version  string  // the app's version, in exports, bundles and the About dialog
	Build    int     // the build number, from FyneApp.toml as Version
	// Settings is Vigía's settings file, as main loaded it: the Settings
	// form edits its saved settings, and the windows remember their state
	// in it (size, last model, debug mode). Nil keeps both in memory only.
	Settings *config.File
	// ErrorDetails is how much an error dialog shows outside debug mode,
	// the level in force (flag, variable, saved or default): DetailsFull,
	// DetailsStacktrace, DetailsType (the default when empty) or DetailsNone.
	ErrorDetails string
	// Memory returns the process's resident memory in bytes, for the status
	// bar; nil hides it.
	Memory func() (uint64, bool)
	// Telemetry tells how the OpenTelemetry export goes: the spans, log
	// records and metric points it dropped so far, by signal, and whether
	// exports fail now: the status bar says so while they do. Nil when
	// there is no export.
	Telemetry func() telemetry.Status
	// FontsWarmed, if not nil, is closed once WarmFonts returned. A window
	// makes its widgets only once it is closed, so that a font face is
	// never parsed twice at once. The first window (FirstWindow) is shown
	// at once, empty, which makes its X window and GL context, while its
	// widgets are made and laid out on a goroutine of their own as soon
	// as the fonts are warm.
	FontsWarmed <-chan struct{}
	// FirstWindow, if not nil, is the window the first session opens in,
	// made by NewFirstWindow before the fonts were parsed.
	FirstWindow fyne.Window
	// Dormant, if not nil, hears when the app turns dormant (no window of
	// it has had the focus for a minute) and awake again, so that the
	// caller can slow its memory sampler meanwhile; see activity.
	Dormant func(dormant bool)
}

// App is Vigía's desktop app: one window per session.
type App struct {
	ctx  context.Context
	fyne fyne.App
	deps Deps

	windows map[*sessionWindow]struct{} // touched on the UI goroutine only
	first   fyne.Window                 // Deps.FirstWindow until the first session takes it
	quit    bool

	stopping     chan struct{} // closed once the app begins to quit
	stoppingOnce sync.Once

	bg      *async    // the app's own goroutines (the UI probe); closed when it stops
	debugOn *gate     // open while debug mode is on (the UI probe waits on it)
	working *busy     // whether a task or load test runs (the UI probe waits for one)
	active  *activity // whether a window of the app has the focus; see activity
}

// Stopping returns a channel closed when the app begins to quit (Quit, or
// the last window closed), so that the caller can bound the shutdown.
func (a *App) Stopping() <-chan struct{} { return a.stopping }

// beginStop tells the caller the app is quitting, before the windows wait
// for their work to end: the caller's watchdog then bounds that wait too.
func (a *App) beginStop() {
	a.stoppingOnce.Do(func() { close(a.stopping) })
}

func (a *App) stop() {
	a.beginStop()
	a.bg.Close()
	a.fyne.Quit()
}

// New returns the app. ctx is the parent of every session's context.
func New(ctx context.Context, fa fyne.App, deps Deps) *App {
	if deps.Settings == nil {
		deps.Settings = config.NewFile("")
	}
	if deps.ErrorDetails == "" {
		deps.ErrorDetails = DetailsType
	}
	a := &App{ctx: ctx, fyne: fa, deps: deps, windows: make(map[*sessionWindow]struct{}), first: deps.FirstWindow, stopping: make(chan struct{}), working: newBusy()}
	if deps.Tasks != nil {
		a.deps.Tasks = busyTasks{deps.Tasks, a.working}
	}
	a.bg = newAsync(ctx, slog.Default(), nil)
	a.active = newActivity(dormantAfter, a.onDormant)
	a.bg.active = a.active
	lc := fa.Lifecycle()
	lc.SetOnEnteredForeground(a.active.foreground)
	lc.SetOnExitedForeground(a.active.background)
	if a.stateBool(stateDebug) && !deps.Logs.Debug() {
		_ = deps.Logs.SetDebug(true) // debug mode is remembered across runs
	}
	a.debugOn = newGate(deps.Logs.Debug())
	fa.SetIcon(fyne.NewStaticResource("vigia.png", assets.IconPNG))
	return a
}

// onDormant logs that the app turned dormant or woke, and tells the
// caller; activity calls it.
func (a *App) onDormant(dormant bool) {
	if dormant {
		slog.Debug("no window has had the focus for a while: periodic work waits", "event", "ui_dormant", "dormant", true, "after_s", dormantAfter.Seconds())
	} else {
		slog.Debug("a window has the focus again: periodic work resumes", "event", "ui_dormant", "dormant", false)
	}
	if a.deps.Dormant != nil {
		a.deps.Dormant(dormant)
	}
}

// OpenSession starts a session and shows its window. It must be called on
// the UI goroutine (or before the app runs).
func (a *App) OpenSession() fyne.Window {
	w := newSessionWindow(a)
	a.windows[w] = struct{}{}
	w.show()
	w.win.Canvas().Focus(w.work.input)
	return w.win
}

// Quit ends every session and stops the app. It is safe to call from any
// goroutine, as from a signal handler. Stopping is closed at once, not when
// the quit reaches the UI goroutine: Fyne's driver quits on SIGINT and
// SIGTERM by itself too, and when its quit runs first, this one, queued
// behind it, is dropped (the driver drains its queue without running it),
// so the caller's watchdog would never start; and Fyne 2.7's shutdown can
// then hang (seen once in the end-to-end test: a window event queued while
// its loop drained waits for ever).
func (a *App) Quit() {
	a.beginStop()
	a.bg.Post("quit", a.quitNow) // once stopped, there is nothing left to quit
}

// StartProbe runs Probe until the app stops, on a goroutine of the app's:
// report receives the longest wait of work handed to the UI goroutine, and
// the number of probes, every window. It probes only while debug mode is
// on, as its reports are for the debug log, and only while the app is at
// work (a task or a load test runs, or ran since the last window ended),
// as what it measures is how the window keeps up with that work: idle, a
// probe every interval would wake the app, through the UI goroutine, for
// records that say nothing.
func (a *App) StartProbe(interval, window time.Duration, report func(max time.Duration, n int)) {
	// Two probes after the last run, for what the run's end posts to the UI
	// goroutine (its result, the refreshes it brings). The window under way
	// then runs to its end and reports (probe).
	a.working.setLinger(2 * interval)
	awake := func(ctx context.Context) bool {
		worked := false // the app was at work since this wait began
		for {
			if !a.bg.awake(ctx) {
				return false
			}
			if shut := a.debugOn.shut(); shut != nil {
				if !a.bg.awaitWake(ctx, nil, shut) {
					return false
				}
				continue
			}
			if worked {
				return true
			}
			shut := a.working.shut()
			if shut == nil {
				return true
			}
			// However short the run that opens the gate, it counts: the
			// gate may be shut again by the time this goroutine runs.
			if !a.bg.awaitWake(ctx, nil, shut) {
				return false
			}
			worked = true
		}
	}
	a.bg.Loop("ui_probe", func(ctx context.Context) { probe(ctx, interval, window, awake, report) })
}

func (a *App) quitNow() {
	a.quit = true
	a.beginStop()
	for w := range a.windows {
		w.win.Close()
	}
	a.stop()
}

// onWindowClosed ends the window's session; closing the last window quits.
func (a *App) onWindowClosed(w *sessionWindow) {
	delete(a.windows, w)
	last := len(a.windows) == 0 && !a.quit
	if last {
		a.beginStop()
	}
	w.close() // waits for the window's work
	a.deps.Sessions.End(w.sess)
	if last {
		a.stop()
	}
}

// NewFyneApp creates the Fyne application with the given ID, which names
// its storage: the process's one Fyne app, made here so that only this
// package imports Fyne.
func NewFyneApp(id string) fyne.App { return fyneapp.NewWithID(id) }
