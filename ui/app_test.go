package ui

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"vigia/cache"
	"vigia/config"
	"vigia/engine"
	"vigia/logging"
	"vigia/metrics"
	"vigia/models"
	"vigia/telemetry"
)

// Test models: upper works, boom panics, wait blocks until canceled.
type testModel struct {
	name string
	run  func(ctx context.Context, in models.Input) (models.Result, error)
}

func (m testModel) Name() string        { return m.name }
func (m testModel) Description() string { return "Test model " + m.name + "." }
func (m testModel) Params() []models.Param {
	return []models.Param{{Name: "times", Kind: models.Int, Default: "1", Min: 1, Max: 3, Help: "repeat"}}
}
func (m testModel) Cacheable(models.Values) bool { return false }
func (m testModel) Run(ctx context.Context, in models.Input) (models.Result, error) {
	return m.run(ctx, in)
}

func testModels() *models.Registry {
	return models.NewRegistry(
		testModel{"upper", func(_ context.Context, in models.Input) (models.Result, error) {
			return models.Result{Text: strings.Repeat(strings.ToUpper(in.Text), in.Params.Int("times"))}, nil
		}},
		testModel{"boom", func(context.Context, models.Input) (models.Result, error) { panic("kaboom") }},
		testModel{"wait", func(ctx context.Context, _ models.Input) (models.Result, error) {
			<-ctx.Done()
			return models.Result{}, ctx.Err()
		}},
		testModel{"chaos", func(ctx context.Context, _ models.Input) (models.Result, error) {
			select {
			case <-ctx.Done():
				return models.Result{}, ctx.Err()
			case <-time.After(time.Millisecond):
				return models.Result{Text: "ok"}, nil
			}
		}},
	)
}

// uiQueue stands in for the UI goroutine: work that the app hands to do()
// waits here until the test's goroutine runs it, as the real driver would
// run it on its own.
var uiQueue = make(chan func(), 4096)

func TestMain(m *testing.M) {
	do = func(f func()) {
		select {
		case uiQueue <- f:
		default: // a test that stopped pumping: drop, as a closed window would
		}
	}
	os.Exit(m.Run())
}

type harness struct {
	app       *App
	eng       *engine.Engine
	dir       string
	done      chan struct{} // one value per finished task or load test
	refreshed chan struct{} // a value after a dashboard refresh
}

func newHarness(t *testing.T, details string) *harness {
	t.Helper()
	return newHarnessWith(t, details, testModels())
}

// newHarnessWith is newHarness with the models reg.
func newHarnessWith(t *testing.T, details string, reg *models.Registry) *harness {
	t.Helper()
	dir := t.TempDir()
	eng := engine.New(engine.Config{Logging: logging.Options{Dir: dir, Console: io.Discard}, Models: reg,
		JournalPath: filepath.Join(dir, "data", "sessions.jsonl")})
	t.Cleanup(func() { _ = eng.Close() })
	settings, err := config.Load(filepath.Join(dir, "settings.json"))
	if err != nil {
		t.Fatal(err)
	}
	a := New(context.Background(), test.NewTempApp(t), Deps{
		Sessions: eng.Sessions(), Logs: eng.Logs(), Tasks: eng, Stats: eng, History: eng, Version: "test", Settings: settings, ErrorDetails: details,
		Memory: func() (uint64, bool) { return 123 << 20, true },
	})
	closeOnCleanup(t, a)
	return &harness{app: a, eng: eng, dir: dir, done: make(chan struct{}, 16), refreshed: make(chan struct{}, 1)}
}

// closeOnCleanup closes a's windows when the test ends and waits for their
// loops: a test app never closes its windows, and a loop outliving its
// test would read the global translations another test may be loading.
func closeOnCleanup(t *testing.T, a *App) {
	t.Cleanup(func() {
		var open []*sessionWindow
		for w := range a.windows {
			open = append(open, w)
		}
		a.quitNow() // closing a window waits for its goroutines
		for _, w := range open {
			w.async.Close() // a no-op for a window closed already
		}
	})
}

// open opens a session window and returns it.
func (h *harness) open(t *testing.T) *sessionWindow {
	t.Helper()
	before := map[*sessionWindow]bool{}
	for w := range h.app.windows {
		before[w] = true
	}
	h.app.OpenSession()
	for w := range h.app.windows {
		if !before[w] {
			w.afterTask = func() { h.done <- struct{}{} }
			w.afterRefresh = func() {
				select {
				case h.refreshed <- struct{}{}:
				default:
				}
			}
			return w
		}
	}
	t.Fatal("no new window")
	return nil
}

// wait runs queued UI work on the test's goroutine until a task or load
// test has finished.
func (h *harness) wait(t *testing.T) {
	t.Helper()
	h.waitOn(t, h.done)
}

// waitRefresh runs queued UI work until the dashboard has refreshed.
func (h *harness) waitRefresh(t *testing.T) {
	t.Helper()
	select { // a refresh that happened before now does not count
	case <-h.refreshed:
	default:
	}
	h.waitOn(t, h.refreshed)
}

func (h *harness) waitOn(t *testing.T, ch <-chan struct{}) {
	t.Helper()
	deadline := time.After(30 * time.Second)
	for {
		select {
		case <-ch:
			return
		case f := <-uiQueue:
			f()
		case <-deadline:
			t.Fatal("the task never finished")
		}
	}
}

func (h *harness) events(name string) []logging.Entry {
	var out []logging.Entry
	for _, e := range h.eng.Logs().Ring().Snapshot() {
		if v, ok := e.Attr("event"); ok && v.String() == name {
			out = append(out, e)
		}
	}
	return out
}

// TestOpenTracksNoAction: opening a window selects its first model and
// the dashboard's scope, which is not the person's doing: no user_action
// record, and nothing written to the settings.
func TestOpenTracksNoAction(t *testing.T) {
	h := newHarness(t, DetailsType)
	w := h.open(t)
	if w.work.model.Selected == "" || w.dash.scope.Selected == "" {
		t.Fatalf("model %q, scope %q: want both selected", w.work.model.Selected, w.dash.scope.Selected)
	}
	if got := h.events("user_action"); len(got) != 0 {
		a, _ := got[0].Attr("action")
		t.Errorf("%d user_action records on opening a window (first: %s), want none", len(got), a)
	}
	if got := h.app.stateString(stateLastModel, ""); got != "" {
		t.Errorf("opening a window remembered the model %q, want nothing saved", got)
	}
	w.dash.scope.SetSelected(L(scopeAll))
	if got := h.events("user_action"); len(got) != 1 {
		t.Errorf("%d user_action records after choosing a scope, want 1", len(got))
	}
}

func TestRunTaskShowsResult(t *testing.T) {
	h := newHarness(t, DetailsType)
	w := h.open(t)
	if want := "Vigía — session " + w.sess.ShortID(); w.win.Title() != want {
		t.Errorf("got title %q, want %q", w.win.Title(), want)
	}
	if w.win.Canvas().Focused() != w.work.input {
		t.Error("the input does not have the focus when the window opens")
	}
	w.work.model.SetSelected("upper")
	test.Type(w.work.input, "hola")
	test.Tap(w.work.run)
	h.wait(t)
	if w.work.result.Text != "HOLA" || !strings.HasPrefix(w.work.status.Text, "Done in ") {
		t.Errorf("got result %q status %q, want HOLA and Done in …", w.work.result.Text, w.work.status.Text)
	}
	if got := h.events("task"); len(got) != 1 || got[0].Session != w.sess.ID() {
		t.Errorf("got %d task records, want 1 in session %s", len(got), w.sess.ID())
	}
	acts := map[string]bool{}
	for _, e := range h.events("user_action") {
		a, _ := e.Attr("action")
		acts[a.String()] = true
	}
	if !acts["run"] || !acts["select_model"] {
		t.Errorf("got tracked actions %v, want run and select_model", acts)
	}
	if h.app.stateString(stateLastModel, "") != "upper" {
		t.Error("the last model was not remembered")
	}
	if !strings.Contains(w.memory.Text, "Memory 123 MB") {
		t.Errorf("status bar memory got %q", w.memory.Text)
	}
}

func TestInvalidParamIsRefused(t *testing.T) {
	h := newHarness(t, DetailsType)
	w := h.open(t)
	w.work.model.SetSelected("upper")
	var entry *widget.Entry
	for _, o := range test.LaidOutObjects(w.work.params) {
		if e, ok := o.(*widget.Entry); ok {
			entry = e
		}
	}
	if entry == nil {
		t.Fatal("no entry for the times parameter")
	}
	test.Type(entry, "9")
	if entry.Validate() == nil {
		t.Error("the entry accepts times=9 (max 3)")
	}
	test.Type(w.work.input, "x")
	test.Tap(w.work.run)
	if !strings.Contains(w.lastDialog, "times=9 must be between 1 and 3") {
		t.Errorf("got dialog %q, want the parameter's error", w.lastDialog)
	}
	if len(h.events("task")) != 0 {
		t.Error("a task ran with an invalid parameter")
	}
}

func TestPanickingTaskShowsDialog(t *testing.T) {
	for _, c := range []struct {
		debug      bool
		wantStack  bool
		wantInText string
	}{
		{false, false, "Error type: *session.PanicError"},
		{true, true, "panic: kaboom"},
	} {
		h := newHarness(t, DetailsType)
		w := h.open(t)
		if c.debug {
			test.Tap(w.debug)
		}
		w.work.model.SetSelected("boom")
		test.Type(w.work.input, "x")
		test.Tap(w.work.run)
		h.wait(t)
		top := w.win.Canvas().Overlays().Top()
		if top == nil {
			t.Fatalf("debug=%v: no dialog after a panicking task", c.debug)
		}
		if !strings.Contains(w.lastDialog, "The task crashed") || !strings.Contains(w.lastDialog, c.wantInText) {
			t.Errorf("debug=%v: got dialog %q, want the plain message and %q", c.debug, w.lastDialog, c.wantInText)
		}
		stack, copyBtn := false, false
		for _, o := range test.LaidOutObjects(top) {
			if e, ok := o.(*widget.Entry); ok && strings.Contains(e.Text, "goroutine") {
				stack = true
			}
			if b, ok := o.(*widget.Button); ok && b.Text == "Copy details" {
				copyBtn = true
			}
		}
		if stack != c.wantStack || copyBtn != c.wantStack {
			t.Errorf("debug=%v: got stack %v copy %v, want %v", c.debug, stack, copyBtn, c.wantStack)
		}
		if n := len(h.events("task")); n != 1 {
			t.Errorf("got %d task records, want 1", n)
		}
	}
}

func TestErrorDetailLevels(t *testing.T) {
	err := errors.New("connection reset by peer")
	for level, want := range map[string][]string{
		DetailsNone:       {"The task failed."},
		DetailsType:       {"The task failed.", "Error type: *errors.errorString", "connection reset"},
		DetailsStacktrace: {"The task failed.", "connection reset"},
		DetailsFull:       {"connection reset by peer", "Error type: *errors.errorString"},
	} {
		text, _ := errorDetail(err, level)
		for _, w := range want {
			if !strings.Contains(text, w) {
				t.Errorf("level %s: got %q, want %q in it", level, text, w)
			}
		}
		if level == DetailsNone && strings.Contains(text, "connection") {
			t.Errorf("level none shows the error's text: %q", text)
		}
	}
	if text, _ := errorDetail(models.ErrEmptyInput, DetailsNone); text != "Type or paste some text first." {
		t.Errorf("empty input got %q", text)
	}
}

func TestCancelTask(t *testing.T) {
	h := newHarness(t, DetailsType)
	w := h.open(t)
	w.work.model.SetSelected("wait")
	test.Type(w.work.input, "x")
	test.Tap(w.work.run)
	if w.work.run.Disabled() != true || w.work.cancel.Disabled() {
		t.Error("Run stays enabled or Cancel disabled while a task runs")
	}
	w.work.input.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape}) // Esc with the input focused
	h.wait(t)
	if !strings.HasPrefix(w.work.status.Text, "Canceled after ") {
		t.Errorf("got status %q, want Canceled after …", w.work.status.Text)
	}
	if o, _ := h.events("task")[0].Attr("outcome"); o.String() != "canceled" {
		t.Errorf("got outcome %v, want canceled", o)
	}
}

func TestDebugModeOpensDebugLog(t *testing.T) {
	h := newHarness(t, DetailsType)
	w := h.open(t)
	test.Tap(w.debug)
	if _, err := os.Stat(filepath.Join(h.dir, "debug.log")); err != nil {
		t.Errorf("debug.log after turning debug mode on: %v", err)
	}
	if w.level.Text != "DEBUG · debug.log open" || !h.app.stateBool(stateDebug) {
		t.Errorf("got level %q, remembered %v", w.level.Text, h.app.stateBool(stateDebug))
	}
	test.Tap(w.debug)
	if h.eng.Logs().Debug() {
		t.Error("debug mode stays on")
	}
}

func TestSecondSessionAndClose(t *testing.T) {
	h := newHarness(t, DetailsType)
	w1 := h.open(t)
	w1.onNewSession()
	if len(h.app.windows) != 2 {
		t.Fatalf("got %d windows, want 2", len(h.app.windows))
	}
	var w2 *sessionWindow
	for w := range h.app.windows {
		if w != w1 {
			w2 = w
		}
	}
	if w2.sess.ID() == w1.sess.ID() {
		t.Error("the second window shares the first's session")
	}
	w2.win.Close()
	w1.win.Close()
	if ends := h.events("session_end"); len(ends) != 2 {
		t.Errorf("got %d session_end records, want 2", len(ends))
	}
	if len(h.eng.Sessions().List()) != 0 {
		t.Error("sessions left open")
	}
}

func TestLoadTestRunsAndCancels(t *testing.T) {
	h := newHarness(t, DetailsType)
	w := h.open(t)
	p := w.load
	p.models.SetSelected([]string{"chaos"})
	p.requests.SetText("200")
	p.concurrency.SetText("4")
	test.Tap(p.start)
	h.wait(t)
	if p.progress.Value != 1 || !strings.Contains(p.status.Text, "Finished: 200 of 200 requests") {
		t.Errorf("got progress %v status %q", p.progress.Value, p.status.Text)
	}
	p.models.SetSelected([]string{"wait"})
	p.requests.SetText("1000")
	test.Tap(p.start)
	time.Sleep(50 * time.Millisecond)
	test.Tap(p.cancel)
	h.wait(t)
	if !strings.Contains(p.status.Text, "Canceled:") {
		t.Errorf("got status %q, want Canceled", p.status.Text)
	}
	p.requests.SetText("0")
	test.Tap(p.start)
	if !strings.Contains(w.lastDialog, "Requests must be a whole number") {
		t.Errorf("got dialog %q for 0 requests", w.lastDialog)
	}
}

func TestLogProblemBanner(t *testing.T) {
	parent := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(parent, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	eng := engine.New(engine.Config{Logging: logging.Options{Dir: filepath.Join(parent, "logs"), Console: io.Discard}, Models: testModels()})
	defer eng.Close()
	a := New(context.Background(), test.NewTempApp(t), Deps{Sessions: eng.Sessions(), Logs: eng.Logs(), Tasks: eng, Stats: eng})
	closeOnCleanup(t, a)
	a.OpenSession()
	var w *sessionWindow
	for x := range a.windows {
		w = x
	}
	var texts []string
	for _, o := range test.LaidOutObjects(w.banner) {
		if l, ok := o.(*widget.Label); ok {
			texts = append(texts, l.Text)
		}
	}
	if len(texts) != 1 || !strings.Contains(texts[0], "can't be written") {
		t.Errorf("got banner texts %q, want one about the log directory", texts)
	}
}

// TestStateSavedOnce: what a window remembers (size, last model, debug
// mode) is written to Vigía's settings file, and an unchanged value writes
// nothing (the file keeps its inode: every write replaces it by a rename),
// as this runs on the UI goroutine; a new value does.
func TestStateSavedOnce(t *testing.T) {
	h := newHarness(t, DetailsType)
	path := h.app.deps.Settings.Path()
	w := h.open(t)
	w.work.model.SetSelected("upper")
	inode := func() uint64 {
		fi, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		return fi.Sys().(*syscall.Stat_t).Ino
	}
	before := inode()
	w.work.model.SetSelected("boom")
	if inode() == before {
		t.Error("a new last model was not written")
	}
	before = inode()
	w.work.onModelChanged("boom") // as a new window re-selects it
	h.open(t)
	if inode() != before {
		t.Error("remembering an unchanged value rewrote the file")
	}
	reloaded, err := config.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if v, _ := reloaded.State(stateLastModel); v != "boom" {
		t.Errorf("reloaded last model %v, want boom", v)
	}
	if matches, _ := filepath.Glob(filepath.Join(filepath.Dir(path), ".*.tmp")); len(matches) != 0 {
		t.Errorf("temporary files left: %v", matches)
	}
}

// TestStateFromFile: a new window takes its size from the file, and a
// value of the wrong type (edited by hand) falls back to the default.
func TestStateFromFile(t *testing.T) {
	h := newHarness(t, DetailsType)
	f := h.app.deps.Settings
	_ = f.SetState(stateWindowWidth, 1000)
	_ = f.SetState(stateWindowHeight, "tall")
	_ = f.SetState(stateLastModel, 7.0)
	w := h.open(t)
	if got := w.win.Canvas().Size(); got.Width != 1000 || got.Height != 640 {
		t.Errorf("got size %v, want 1000×640", got)
	}
	if got := w.work.model.Selected; got == "" {
		t.Error("no model selected")
	}
	w.win.Resize(fyne.NewSize(800, 500))
	w.win.Close()
	reloaded, err := config.Load(f.Path())
	if err != nil {
		t.Fatal(err)
	}
	width, _ := reloaded.State(stateWindowWidth)
	height, _ := reloaded.State(stateWindowHeight)
	if width != 800.0 || height != 500.0 {
		t.Errorf("after closing, remembered %v×%v, want 800×500", width, height)
	}
}

// TestLoadPanelMarkup pins the load-test panel's layout: golden markup in
// testdata/ (on a mismatch Fyne writes what it saw to testdata/failed/).
func TestLoadPanelMarkup(t *testing.T) {
	h := newHarness(t, DetailsType)
	w := h.open(t)
	win := test.NewTempWindow(t, w.load.content())
	win.Resize(fyne.NewSize(800, 560))
	test.AssertRendersToMarkup(t, "loadpanel.xml", win.Canvas())
}

// TestDashboard: after tasks, the dashboard's cards and charts show them;
// an unchanged refresh renders nothing; the scope switch merges sessions.
func TestDashboard(t *testing.T) {
	h := newHarness(t, DetailsType)
	w := h.open(t)
	w.work.model.SetSelected("upper")
	for _, text := range []string{"a", "b", "c"} {
		w.work.input.SetText(text)
		test.Tap(w.work.run)
		h.wait(t)
	}
	w.work.model.SetSelected("boom")
	test.Tap(w.work.run)
	h.wait(t)

	d := w.dash
	frozen := time.Now()
	w.now = func() time.Time { return frozen }
	w.showTab(2)
	h.waitRefresh(t)
	if got := d.cards[0].value.Text; got != "4" {
		t.Errorf("Total requests card got %q, want 4", got)
	}
	if got := d.cards[1].value.Text; got != "25.00 %" {
		t.Errorf("Error rate card got %q, want 25.00 %%", got)
	}
	if d.cards[1].delta.Importance != widget.MediumImportance {
		t.Errorf("error rate delta with no previous minute coloured %v", d.cards[1].delta.Importance)
	}
	if b := d.usage.Image.Bounds(); b.Dx() < chartW || b.Dy() < chartH {
		t.Errorf("model usage image is %v, want at least %dx%d", b, chartW, chartH)
	}
	found := false
	for _, o := range d.errors.Objects {
		if l, ok := o.(*widget.Label); ok && l.Text == "panic" {
			found = true
		}
	}
	if !found {
		t.Error("errors by type lack the panic")
	}

	// A second session's task shows in "All sessions" only.
	w.onNewSession()
	var w2 *sessionWindow
	for x := range h.app.windows {
		if x != w {
			w2 = x
		}
	}
	w2.afterTask = func() { h.done <- struct{}{} }
	w2.work.model.SetSelected("upper")
	w2.work.input.SetText("z")
	test.Tap(w2.work.run)
	h.wait(t)
	d.scope.SetSelected(scopeAll)
	for i := 0; d.cards[0].value.Text != "5"; i++ { // a refresh begun before the switch may land first
		if i == 5 {
			t.Fatalf("all sessions got %q requests, want 5", d.cards[0].value.Text)
		}
		h.waitRefresh(t)
	}

	test.Tap(d.gc)
	h.wait(t)
	if !strings.Contains(d.gcResult.Text, "→") {
		t.Errorf("GC result got %q", d.gcResult.Text)
	}
	test.Tap(d.clear)
	if !strings.Contains(strings.Join(actions(h), ","), "clear_cache") {
		t.Error("Clear cache was not tracked")
	}
}

func actions(h *harness) []string {
	var out []string
	for _, e := range h.events("user_action") {
		a, _ := e.Attr("action")
		out = append(out, a.String())
	}
	return out
}

func TestProbe(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	reports := make(chan int, 1)
	go probe(ctx, time.Millisecond, 20*time.Millisecond, nil, func(worst time.Duration, n int) {
		select {
		case reports <- n:
		default:
		}
	})
	defer cancel()
	if !pumpFor(10*time.Second, func() bool { return len(reports) > 0 }) {
		t.Fatal("no probe report")
	}
	if n := <-reports; n < 1 {
		t.Errorf("got a report of %d probes", n)
	}
}

// TestProbeFinishesItsWindow: awake is asked before a window begins, not
// before each probe, so a window begun runs to its end and reports though
// the app stopped working right after it began; then none begins.
func TestProbeFinishesItsWindow(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var asked atomic.Int64
	awake := func(ctx context.Context) bool {
		if asked.Add(1) == 1 {
			return true
		}
		<-ctx.Done() // idle from now on
		return false
	}
	reports := make(chan int, 4)
	go probe(ctx, time.Millisecond, 20*time.Millisecond, awake, func(worst time.Duration, n int) { reports <- n })
	if !pumpFor(10*time.Second, func() bool { return len(reports) > 0 }) {
		t.Fatal("no report of the window begun")
	}
	if n := <-reports; n < 2 {
		t.Errorf("the window reported %d probes, want it to run to its end", n)
	}
	if got := asked.Load(); got > 2 {
		t.Errorf("awake asked %d times, want once a window", got)
	}
	pumpFor(100*time.Millisecond, nil)
	if len(reports) != 0 {
		t.Errorf("%d more reports with awake waiting", len(reports))
	}
}

// TestDashboardRendersOnlyChanges drives refreshes itself (the tab stays
// hidden, so the window's loop stays idle): a refresh with the same data
// renders nothing; new data re-renders only what shows it.
func TestDashboardRendersOnlyChanges(t *testing.T) {
	h := newHarness(t, DetailsType)
	w := h.open(t)
	d := w.dash
	frozen := time.Now()
	w.now = func() time.Time { return frozen }
	refresh := func() int64 {
		before := d.renders.Load()
		done := make(chan struct{})
		go func() { d.refresh(context.Background()); close(done) }()
		h.waitRefresh(t)
		<-done
		return d.renders.Load() - before
	}
	if n := refresh(); n != 9 {
		t.Errorf("first refresh rendered %d images, want 9 (6 sparklines, 3 charts)", n)
	}
	if n := refresh(); n != 0 {
		t.Errorf("an unchanged refresh rendered %d images, want 0", n)
	}
	if !d.quiet.Load() {
		t.Error("an unchanged refresh is not marked quiet: the idle dashboard would refresh every second")
	}
	w.work.model.SetSelected("upper")
	w.work.input.SetText("x")
	test.Tap(w.work.run)
	h.wait(t)
	if n := refresh(); n == 0 || n == 9 {
		t.Errorf("a refresh after one task rendered %d images, want some, not all", n)
	}
	if d.quiet.Load() {
		t.Error("a refresh that showed a new task is marked quiet")
	}
}

// TestDashboardMarkup pins the dashboard's layout with fixed figures:
// golden markup in testdata/.
func TestDashboardMarkup(t *testing.T) {
	h := newHarness(t, DetailsType)
	w := h.open(t)
	d := w.dash
	now := time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)
	sum := metrics.Summary{TotalRequests: 1000, Errors: 110, ErrorRate: 0.11, AvgResponseTime: 51 * time.Millisecond,
		P95: 69 * time.Millisecond, ModelUsage: map[string]int64{"chaos": 1000},
		ErrorsByType: map[string]int64{"http_5xx": 51, "chaos.SimulatedError": 49, "panic": 10}}
	samples := []metrics.Sample{{Time: now.Add(-30 * time.Second), RSS: 150 << 20}, {Time: now, RSS: 175 << 20}}
	d.show(buildCards(sum, nil, samples, now), nil, sum, cache.Stats{Hits: 5, Misses: 2, Size: 2, AvgLoadTime: 7 * time.Millisecond})
	win := test.NewTempWindow(t, d.content())
	win.Resize(fyne.NewSize(1300, 900))
	test.AssertRendersToMarkup(t, "dashboard.xml", win.Canvas())
}

// TestTabsBuiltWhenShown: at start the window holds only the workspace's
// widgets; a tab's content joins the window the first time it shows (by
// the menu's Ctrl+3 here) and stays for later visits.
func TestTabsBuiltWhenShown(t *testing.T) {
	h := newHarness(t, DetailsType)
	w := h.open(t)
	inWindow := func(o fyne.CanvasObject) bool {
		found := false
		walkObjects(w.win.Content(), func(c fyne.CanvasObject) bool {
			found = found || c == o
			return true
		})
		return found
	}
	if !inWindow(w.work.run) {
		t.Fatal("the workspace's Run button is not in the window")
	}
	for i, b := range w.bodies[1:] {
		if len(b.box.Objects) != 0 {
			t.Errorf("tab %d was built before it showed", i+1)
		}
	}
	w.showTab(2)
	if !inWindow(w.dash.gc) {
		t.Error("the dashboard's GC button is not in the window after Ctrl+3")
	}
	built := w.bodies[2].box.Objects[0]
	w.showTab(0)
	w.showTab(2)
	if len(w.bodies[2].box.Objects) != 1 || w.bodies[2].box.Objects[0] != built {
		t.Error("showing the dashboard again built it again")
	}
}

// problemLogs is a logging system whose Problem the test sets.
type problemLogs struct {
	Logs
	mu  sync.Mutex
	err error
}

func (p *problemLogs) Problem() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.err
}

func (p *problemLogs) set(err error) {
	p.mu.Lock()
	p.err = err
	p.mu.Unlock()
}

// TestLogProblemBannerLive: the banner follows the log files' problem while
// the window is open, with the exact count of records not written, and
// goes away once the files take records again.
func TestLogProblemBannerLive(t *testing.T) {
	eng := engine.New(engine.Config{Logging: logging.Options{Dir: t.TempDir(), Console: io.Discard}, Models: testModels()})
	defer eng.Close()
	logs := &problemLogs{Logs: eng.Logs()}
	a := New(context.Background(), test.NewTempApp(t), Deps{Sessions: eng.Sessions(), Logs: logs, Tasks: eng, Stats: eng})
	closeOnCleanup(t, a)
	a.OpenSession()
	var w *sessionWindow
	for x := range a.windows {
		w = x
	}
	if w.banner.Visible() {
		t.Fatalf("banner shown with no problem: %q", w.logProblem.Text)
	}
	logs.set(&logging.FileError{Path: "/x/app.log", Err: errors.New("no space left on device"), Dropped: 12176})
	w.refreshLogProblem()
	if !w.banner.Visible() || !strings.Contains(w.logProblem.Text, "Records not written to the file: 12,176.") {
		t.Errorf("got banner visible=%v %q, want the count 12176", w.banner.Visible(), w.logProblem.Text)
	}
	logs.set(nil)
	w.refreshLogProblem()
	if w.banner.Visible() {
		t.Errorf("banner still shown after the problem ended: %q", w.logProblem.Text)
	}
}

// TestTelemetryDropsInStatusBar: while the OpenTelemetry export fails, the
// status bar says how much it dropped; once it succeeds again, nothing.
func TestTelemetryDropsInStatusBar(t *testing.T) {
	eng := engine.New(engine.Config{Logging: logging.Options{Dir: t.TempDir(), Console: io.Discard}, Models: testModels()})
	defer eng.Close()
	var mu sync.Mutex
	var st telemetry.Status
	status := func() telemetry.Status {
		mu.Lock()
		defer mu.Unlock()
		return st
	}
	a := New(context.Background(), test.NewTempApp(t), Deps{Sessions: eng.Sessions(), Logs: eng.Logs(), Tasks: eng, Stats: eng, Telemetry: status})
	closeOnCleanup(t, a)
	a.OpenSession()
	var w *sessionWindow
	for x := range a.windows {
		w = x
	}
	if w.otel.Visible() {
		t.Fatalf("drops shown with the export working: %q", w.otel.Text)
	}
	mu.Lock()
	st = telemetry.Status{Dropped: 1512, Spans: 1500, Logs: 12, Outage: true}
	mu.Unlock()
	w.refreshTelemetry()
	if want := "OpenTelemetry: 1,512 dropped (1,500 spans, 12 log records)"; !w.otel.Visible() || w.otel.Text != want {
		t.Errorf("got visible=%v %q, want %s", w.otel.Visible(), w.otel.Text, want)
	}
	mu.Lock()
	st.Outage = false
	mu.Unlock()
	w.refreshTelemetry()
	if w.otel.Visible() {
		t.Errorf("drops still shown after the export recovered: %q", w.otel.Text)
	}
}
