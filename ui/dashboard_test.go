package ui

import (
	"errors"
	"image"
	"image/color"
	"math"
	"math/rand/v2"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"vigia/journal"
	"vigia/metrics"
)

// dashEnd is the time of the dashboards these tests show: after the real
// clock, so that the window's session began long before it.
var dashEnd = time.Date(2030, 1, 2, 12, 0, 0, 0, time.UTC)

// collectorStats is an engine's Stats whose figures come from one
// collector on the test's clock, and whose memory samples are fixed.
type collectorStats struct {
	Stats   // the engine's: cache, GC
	c       atomic.Pointer[metrics.Collector]
	samples []metrics.Sample
}

func (s *collectorStats) SessionSummary(string) metrics.Summary { return s.c.Load().Summary() }
func (s *collectorStats) SessionSeries(string) []metrics.Point  { return s.c.Load().Series() }
func (s *collectorStats) AllSummary() metrics.Summary           { return s.c.Load().Summary() }
func (s *collectorStats) AllSeries() []metrics.Point            { return s.c.Load().Series() }
func (s *collectorStats) Samples() []metrics.Sample             { return s.samples }

// testClock is a collector's clock that the test sets.
type testClock struct{ ns atomic.Int64 }

func (c *testClock) set(t time.Time) { c.ns.Store(t.UnixNano()) }
func (c *testClock) now() time.Time  { return time.Unix(0, c.ns.Load()) }
func (c *testClock) collector() *metrics.Collector {
	return metrics.NewCollectorWithOptions(metrics.CollectorOptions{Now: c.now})
}

// tenMinutes returns ten minutes of tasks up to dashEnd: three models, a
// few errors and cache hits, memory growing slowly; and, with llm, an LLM
// call every third second (TTFT 160–200 ms, TPOT 20 ms, 120 → 40 tokens).
func tenMinutes(llm bool) *collectorStats {
	var clock testClock
	c := clock.collector()
	start := dashEnd.Add(-10 * time.Minute)
	rnd := rand.New(rand.NewPCG(1, 2))
	s := &collectorStats{}
	s.c.Store(c)
	for i := range 600 {
		at := start.Add(time.Duration(i) * time.Second)
		clock.set(at.Add(500 * time.Millisecond))
		for range 3 {
			c.RecordRequest("language", time.Duration(8+rnd.IntN(6))*time.Millisecond, nil)
		}
		if i%2 == 0 {
			c.RecordRequest("sentiment", time.Duration(20+rnd.IntN(30))*time.Millisecond, nil)
		}
		if i%9 == 0 {
			c.RecordRequest("chaos", 5*time.Millisecond, errors.New("simulated"))
		}
		c.RecordCacheHit("language")
		if llm && i%3 == 0 {
			ttft := time.Duration(160+rnd.IntN(40)) * time.Millisecond
			c.RecordRequest("gpt-4o-mini", ttft+39*20*time.Millisecond, nil)
			c.RecordLLM("gpt-4o-mini", metrics.LLMSample{TTFT: ttft, TPOT: 20 * time.Millisecond, E2E: ttft + 39*20*time.Millisecond, TokensIn: 120, TokensOut: 40})
		}
		s.samples = append(s.samples, metrics.Sample{Time: at, RSS: uint64(150<<20 + i<<14), HeapInUse: uint64(40<<20 + (i%60)<<17)})
	}
	clock.set(dashEnd)
	return s
}

// dashWindow opens a window whose dashboard reads stats, on the app's
// light theme, at size, with the dashboard showing and refreshed once.
// stats may be nil for the engine's own. Its clock stands at dashEnd.
func dashWindow(t *testing.T, stats *collectorStats, size fyne.Size) (*harness, *sessionWindow) {
	t.Helper()
	h, w, _ := dashWindowClock(t, stats, size)
	return h, w
}

// dashWindowClock is dashWindow that returns the dashboard's clock, for
// the test to move.
func dashWindowClock(t *testing.T, stats *collectorStats, size fyne.Size) (*harness, *sessionWindow, *testClock) {
	t.Helper()
	return dashWindowMem(t, stats, size, nil)
}

// dashWindowMem is dashWindowClock with mem, when not nil, as the app's
// resident memory.
func dashWindowMem(t *testing.T, stats *collectorStats, size fyne.Size, mem func() (uint64, bool)) (*harness, *sessionWindow, *testClock) {
	t.Helper()
	h := newHarness(t, DetailsType)
	if mem != nil {
		h.app.deps.Memory = mem
	}
	h.app.fyne.Settings().SetTheme(ThemeFor(ThemeLight))
	if stats != nil {
		stats.Stats = h.eng
		h.app.deps.Stats = stats
	}
	w := h.open(t)
	d := w.dash
	clock := &testClock{}
	clock.set(dashEnd)
	w.now = clock.now // before the tab shows: the refresh loop reads it only then
	d.loc = time.UTC
	d.shownAt.Store(dashEnd.Add(-5 * time.Minute).UnixNano())
	w.win.Resize(size)
	w.showTab(atDashboard)
	// Two refreshes: the first draws at the default sizes, the second at
	// the sizes the images took on screen. The clock stands still and so
	// do the figures: only a kick refreshes.
	h.waitRefresh(t)
	d.refreshSoon()
	h.waitRefresh(t)
	return h, w, clock
}

// TestDashboardAtOnce: at the default window size and at 1280×800, the
// six cards, the model-usage chart and the Free memory button are all on
// screen without scrolling, with or without the LLM section; golden
// screenshots in testdata/ (Fyne writes what it saw to testdata/failed/).
func TestDashboardAtOnce(t *testing.T) {
	for _, c := range []struct {
		size fyne.Size
		llm  bool
		file string
	}{
		{defaultWindow, false, "dashboard_900x640.png"},
		{largeWindow, false, "dashboard_1280x800.png"},
		{defaultWindow, true, "dashboard_llm_900x640.png"},
		{largeWindow, true, "dashboard_llm_1280x800.png"},
	} {
		t.Run(c.file, func(t *testing.T) {
			_, w := dashWindow(t, tenMinutes(c.llm), c.size)
			d := w.dash
			if d.llmBox.Visible() != c.llm {
				t.Errorf("LLM section visible %v, want %v", d.llmBox.Visible(), c.llm)
			}
			fixStatusBar(w)
			checkAtOnce(t, w, c.size) // lays the window out
			test.AssertImageMatches(t, c.file, w.win.Canvas().Capture())
		})
	}
}

// TestDashboardAtOnceSpanish: in Spanish, with a crashed session's scope
// (the widest), the scope and the buttons take two rows at 900 px, and the
// cards, the usage chart and the GC button still show without scrolling.
func TestDashboardAtOnceSpanish(t *testing.T) {
	t.Setenv("LANGUAGE", "")
	SetupLanguage("es")
	t.Cleanup(func() { SetupLanguage("en") }) // after the window closed: its loops read the translations
	h, w := dashWindow(t, tenMinutes(true), defaultWindow)
	sum := journal.Summary{Requests: 10, ModelUsage: map[string]int64{"chaos": 10}}
	w.dash.showPast(journal.Session{ID: "01900000-0000-7000-8000-000000000000", Crashed: true, Summary: &sum})
	h.waitRefresh(t)
	checkAtOnce(t, w, defaultWindow)
	drv := fyne.CurrentApp().Driver()
	gc, scope := drv.AbsolutePositionForObject(w.dash.gc).Y, drv.AbsolutePositionForObject(w.dash.scope).Y+w.dash.scope.Size().Height
	if gc < scope {
		t.Errorf("the GC button (at %.0f) is not under the scope, which ends at %.0f", gc, scope)
	}
}

// checkAtOnce checks that the six cards, the model-usage chart and the
// Free memory button of w's dashboard show whole at size, unscrolled.
func checkAtOnce(t *testing.T, w *sessionWindow, size fyne.Size) {
	t.Helper()
	settle(w)
	d := w.dash
	// The viewport of the dashboard's scroll, in window coordinates.
	drv := fyne.CurrentApp().Driver()
	top := drv.AbsolutePositionForObject(d.scroll).Y
	bottom := top + d.scroll.Size().Height
	if bottom > size.Height || d.scroll.Size().Width > size.Width {
		t.Fatalf("the dashboard is %v and ends at %.0f, out of the %v window", d.scroll.Size(), bottom, size)
	}
	if min := w.win.Content().MinSize(); min.Width > size.Width {
		t.Errorf("the window's content needs %v, wider than %v", min, size)
	}
	objs := map[string]fyne.CanvasObject{"model-usage chart": d.usage, "Free memory (GC) button": d.gc}
	for _, cv := range d.cards {
		objs[cv.title.Text] = cv.box
	}
	for name, o := range objs {
		y := drv.AbsolutePositionForObject(o).Y
		if !o.Visible() || y < top || y+o.Size().Height > bottom-menuBarRoom || o.Size().Height == 0 {
			t.Errorf("%s spans %.0f to %.0f; the dashboard shows %.0f to %.0f (less %d for the menu bar)",
				name, y, y+o.Size().Height, top, bottom, menuBarRoom)
		}
	}
	if got := d.scroll.Offset.Y; got != 0 {
		t.Errorf("the dashboard is scrolled by %.0f", got)
	}
}

// settle lays w out as a real window does over its next frames, which lay
// out again what changed its minimum size (a label's new text, a row that
// wrapped); the test driver does not.
func settle(w *sessionWindow) {
	for range 2 {
		w.win.Content().Refresh()
	}
}

// menuBarRoom is what the main menu takes from the top of a real window on
// Linux, where Fyne draws it inside the window (the test driver does not):
// what is checked to fit must fit with it.
const menuBarRoom = 30

// TestDashboardLLMSection: the LLM section is hidden while no LLM call ran
// in the scope, and shows once one did: its cards in words, and the TTFT
// and TPOT chart drawn.
func TestDashboardLLMSection(t *testing.T) {
	var clock testClock
	clock.set(dashEnd.Add(-3 * time.Minute))
	none := clock.collector()
	none.RecordRequest("upper", time.Millisecond, nil)
	// Two minutes of LLM calls: 180 ms to the first token, 20 ms a token
	// after it, 120 tokens in and 35 out; 10 calls a minute, then 20.
	llm := clock.collector()
	for i := range 120 {
		clock.set(dashEnd.Add(time.Duration(i-120)*time.Second + 100*time.Millisecond))
		if i%6 == 0 || i >= 60 && i%3 == 0 {
			llm.RecordLLM("gpt-4o-mini", metrics.LLMSample{TTFT: 180 * time.Millisecond, TPOT: 20 * time.Millisecond,
				E2E: 180*time.Millisecond + 34*20*time.Millisecond, TokensIn: 120, TokensOut: 35})
		}
	}
	clock.set(dashEnd)
	stats := &collectorStats{}
	stats.c.Store(none)

	h, w := dashWindow(t, stats, defaultWindow)
	d := w.dash
	if d.llmBox.Visible() {
		t.Error("the LLM section shows without any LLM call")
	}
	if d.keys[imgLLM] != 0 {
		t.Error("the LLM chart was drawn without any LLM call")
	}

	stats.c.Store(llm)
	for i := 0; !d.llmBox.Visible(); i++ { // a refresh begun before may land first
		if i == 3 {
			t.Fatal("the LLM section is hidden after LLM calls")
		}
		d.refreshSoon()
		h.waitRefresh(t)
	}
	if got, want := d.llmTitle.Text, "LLM calls: 30"; got != want {
		t.Errorf("got the section's title %q, want %q", got, want)
	}
	want := []struct{ title, value, delta string }{
		{"TTFT p50", `^1(79|80|81) ms$`, `^\+0\.00 ms in the last minute$`},
		{"TTFT p95", `^1(79|80|81) ms$`, `^\+0\.00 ms in the last minute$`},
		{"Output tokens/s", `^4[01] tok/s$`, `^\+0\.0 tok/s in the last minute$`},
		{"Tokens in → out", `^3,600 → 1,050$`, `^\+700 out in the last minute$`},
	}
	for i, w := range want {
		cv := d.llmCards[i]
		if cv.title.Text != w.title || !regexp.MustCompile(w.value).MatchString(cv.value.Text) {
			t.Errorf("LLM card %d shows %q %q, want %q %s", i, cv.title.Text, cv.value.Text, w.title, w.value)
		}
		if !regexp.MustCompile(w.delta).MatchString(cv.delta.Text) {
			t.Errorf("LLM card %s: got the change %q, want %s", w.title, cv.delta.Text, w.delta)
		}
	}
	if d.keys[imgLLM] == 0 {
		t.Fatal("the LLM chart was not drawn")
	}
	img := d.llmChart.Image
	if b := img.Bounds(); b.Dx() != chartW || b.Dy() != chartH {
		t.Errorf("the LLM chart is %v, want %dx%d", b, chartW, chartH)
	}
	// Its two lines are drawn: pixels of the first two palette colours.
	v := d.currentView()
	for i, col := range v.style.Palette[:2] {
		if n := countNear(img, col); n < 50 {
			t.Errorf("series %d of the LLM chart has %d pixels, want a line", i, n)
		}
	}

	// A scope without LLM calls hides it again.
	stats.c.Store(none)
	for i := 0; d.llmBox.Visible(); i++ {
		if i == 3 {
			t.Fatal("the LLM section stayed after the scope lost its LLM calls")
		}
		d.refreshSoon()
		h.waitRefresh(t)
	}
}

func countNear(img image.Image, c color.Color) int {
	r0, g0, b0, _ := c.RGBA()
	n := 0
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, b, _ := img.At(x, y).RGBA()
			if absDiff(r, r0) < 0x1800 && absDiff(g, g0) < 0x1800 && absDiff(b, b0) < 0x1800 {
				n++
			}
		}
	}
	return n
}

func absDiff(a, b uint32) uint32 {
	if a > b {
		return a - b
	}
	return b - a
}

// TestDashboardCardHelp: a card's ⓘ opens a popup with what its figure
// means and its whole change.
func TestDashboardCardHelp(t *testing.T) {
	_, w := dashWindow(t, nil, defaultWindow)
	d := w.dash
	cv := d.cards[5]
	test.Tap(cv.info)
	if d.helpPopUp == nil || !d.helpPopUp.Visible() {
		t.Fatal("no help popup")
	}
	var texts []string
	var walk func(fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		switch x := o.(type) {
		case *widget.Label:
			texts = append(texts, x.Text)
		case *fyne.Container:
			for _, c := range x.Objects {
				walk(c)
			}
		}
	}
	walk(d.helpPopUp.Content)
	unwrap := func(s string) string { return strings.ReplaceAll(s, "\n", " ") }
	if len(texts) != 3 || texts[0] != "Memory (RSS) · "+cv.value.Text || unwrap(texts[1]) != cv.delta.Text || unwrap(texts[2]) != cv.help || cv.help == "" {
		t.Errorf("the popup says %q", texts)
	}
	if !strings.Contains(texts[2], "\n") {
		t.Errorf("the help %q is not cut into lines", texts[2])
	}
	if s := d.helpPopUp.Content.Size(); s.Width > helpW || s.Height < 60 {
		t.Errorf("the popup's text is %v", s)
	}
}

// TestDashboardRefreshRendersOnce: with the tab showing, a refresh that
// finds the same data renders nothing, the LLM section included.
func TestDashboardRefreshRendersOnce(t *testing.T) {
	h, w := dashWindow(t, tenMinutes(true), largeWindow)
	d := w.dash
	before := d.renders.Load()
	d.refreshSoon()
	h.waitRefresh(t)
	if n := d.renders.Load() - before; n != 0 {
		t.Errorf("an unchanged refresh rendered %d images, want 0", n)
	}
	// A narrower window draws the usage chart and the sparklines again, at
	// their new sizes, once.
	w.win.Resize(defaultWindow)
	for i := 0; d.renders.Load()-before < 11 && i < 3; i++ { // a refresh begun before the resize may land first
		d.refreshSoon()
		h.waitRefresh(t)
	}
	d.refreshSoon()
	h.waitRefresh(t)
	if n := d.renders.Load() - before; n != 11 {
		t.Errorf("refreshes after a resize rendered %d images, want 11 (10 sparklines and the usage chart)", n)
	}
	if got, want := d.usage.Image.Bounds().Dx(), int(d.usage.Size().Width); got != want {
		t.Errorf("the usage chart is %d px wide on a %d px place", got, want)
	}
}

// fixStatusBar replaces the texts of the status bar that change from one
// run to the next (the session ID, the log file's path) with fixed ones,
// for golden screenshots.
func fixStatusBar(w *sessionWindow) {
	walkObjects(w.win.Content(), func(o fyne.CanvasObject) bool {
		x, ok := o.(*widget.Label)
		if !ok {
			return true
		}
		switch x.Text {
		case w.sess.ID():
			x.SetText("01900000-0000-7000-8000-000000000000")
		case w.app.deps.Logs.AppLogPath():
			x.SetText("/home/ana/.local/state/vigia/app.log")
		}
		return false
	})
}

// countRefreshes counts the refreshes of w's dashboard that reached the
// screen from now on; the harness still hears of each.
func countRefreshes(w *sessionWindow) *atomic.Int64 {
	var n atomic.Int64
	after := w.afterRefresh
	w.afterRefresh = func() {
		n.Add(1)
		after()
	}
	return &n
}

// pumpFor runs queued UI work on the test's goroutine for d, or until
// until (if not nil) returns true; it reports whether until did.
func pumpFor(d time.Duration, until func() bool) bool {
	deadline := time.After(d)
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	for {
		if until != nil && until() {
			return true
		}
		select {
		case f := <-uiQueue:
			f()
		case <-tick.C:
		case <-deadline:
			return until != nil && until()
		}
	}
}

// TestDashboardIdle: while the figures and the clock's slot stay the same,
// the refresh loop does nothing: no refresh, so no round trip to the UI
// goroutine, no render and no widget touched. With no new figures since it
// showed, its slot is quietEvery: the next idleEvery slot refreshes
// nothing, the next quietEvery slot once (memory and the time move on). A
// new task shows within a second, without waiting for the slot, and for
// quietAfter after it the slot is idleEvery, then quietEvery again.
func TestDashboardIdle(t *testing.T) {
	stats := tenMinutes(false)
	_, w, clock := dashWindowClock(t, stats, defaultWindow)
	d := w.dash
	n := countRefreshes(w)
	renders := d.renders.Load()
	pumpFor(2500*time.Millisecond, nil) // two ticks of the loop at least
	if got := n.Load(); got != 0 {
		t.Errorf("an idle dashboard refreshed %d times in 2.5 s, want 0", got)
	}
	if got := d.renders.Load() - renders; got != 0 {
		t.Errorf("an idle dashboard rendered %d images, want 0", got)
	}

	clock.set(dashEnd.Add(idleEvery))
	pumpFor(2500*time.Millisecond, nil)
	if got := n.Load(); got != 0 {
		t.Errorf("with nothing new since it showed, the next %v slot refreshed %d times, want 0 (its slot is %v)", idleEvery, got, quietEvery)
	}
	clock.set(dashEnd.Add(quietEvery))
	if !pumpFor(3*time.Second, func() bool { return n.Load() > 0 }) {
		t.Fatal("no refresh in the next quiet slot of the clock")
	}
	pumpFor(1500*time.Millisecond, nil)
	if got := n.Load(); got != 1 {
		t.Errorf("the next quiet slot refreshed %d times, want 1", got)
	}

	// A new task: its figures show at the loop's next tick, not at a slot
	// (the clock stands still, so no slot comes).
	n.Store(0)
	stats.c.Load().RecordRequest("language", 9*time.Millisecond, nil)
	if !pumpFor(10*time.Second, func() bool { return d.cards[0].value.Text == "2,768" }) {
		t.Fatalf("the new task's total does not show: %q", d.cards[0].value.Text)
	}
	// New figures came: for quietAfter, every idleEvery slot refreshes.
	n.Store(0)
	clock.set(dashEnd.Add(quietEvery + idleEvery))
	if !pumpFor(3*time.Second, func() bool { return n.Load() > 0 }) {
		t.Fatalf("no refresh in the next %v slot after new figures", idleEvery)
	}
	// Then quiet again: the slots after quietAfter are quietEvery long.
	clock.set(dashEnd.Add(quietEvery + quietAfter + time.Second))
	if !pumpFor(3*time.Second, func() bool { return n.Load() > 1 }) {
		t.Fatal("no refresh in the slot where the dashboard turned quiet")
	}
	n.Store(0)
	clock.set(dashEnd.Add(quietEvery + quietAfter + idleEvery + time.Second))
	pumpFor(2500*time.Millisecond, nil)
	if got := n.Load(); got != 0 {
		t.Errorf("quiet again, an %v slot refreshed %d times, want 0", idleEvery, got)
	}
}

// TestDashboardMemoryMoves: a move of resident memory of memMove or more
// from what the dashboard shows (after a load test, a GC) refreshes it
// within its second, without waiting for the idle rhythm, so that the
// memory card agrees with the status bar; a wobble does not, even across a
// multiple of memMove.
func TestDashboardMemoryMoves(t *testing.T) {
	var rss atomic.Uint64
	rss.Store(200<<20 - 256<<10) // just under a multiple of 8 MB
	_, w, _ := dashWindowMem(t, tenMinutes(false), defaultWindow, func() (uint64, bool) { return rss.Load(), true })
	n := countRefreshes(w)
	for range 5 { // half a megabyte up and down, across 200 MB
		rss.Store(200<<20 + 256<<10)
		pumpFor(500*time.Millisecond, nil)
		rss.Store(200<<20 - 256<<10)
		pumpFor(500*time.Millisecond, nil)
	}
	if got := n.Load(); got != 0 {
		t.Errorf("a wobble of half a megabyte refreshed %d times in 5 s, want 0", got)
	}
	rss.Store(265 << 20)
	if !pumpFor(3*time.Second, func() bool { return n.Load() > 0 }) {
		t.Fatal("a move of 65 MB did not refresh the dashboard within 3 s")
	}
}

// TestStatusBarMemory: the status bar's memory follows the dashboard's
// rule, as each change repaints the window: within a slot of the clock, a
// wobble across a megabyte changes nothing and a move of memMove shows;
// the next slot shows memory as it is. While the dashboard shows, its
// refresh sets the label, in the same repaint as its cards, and the status
// bar's own tick leaves it alone.
func TestStatusBarMemory(t *testing.T) {
	const mb = 1 << 20
	var rss atomic.Uint64
	rss.Store(199*mb + 4*mb/10) // 199.4 MB
	h := newHarness(t, DetailsType)
	h.app.deps.Memory = func() (uint64, bool) { return rss.Load(), true }
	w := h.open(t)
	clock := &testClock{}
	clock.set(dashEnd)
	w.now = clock.now
	want := func(when, text string) {
		t.Helper()
		if w.memory.Text != text {
			t.Errorf("%s: the status bar reads %q, want %q", when, w.memory.Text, text)
		}
	}
	w.refreshMemory() // a new slot of the clock: what the window opened with is old
	want("first tick", "Memory 199 MB")

	rss.Store(199*mb + 6*mb/10) // 199.6 MB: "200 MB" by itself
	clock.set(dashEnd.Add(idleEvery - time.Second))
	w.refreshMemory()
	want("a wobble in the same slot", "Memory 199 MB")

	clock.set(dashEnd.Add(idleEvery))
	w.refreshMemory()
	want("the next slot", "Memory 200 MB")

	rss.Store(265 * mb)
	w.refreshMemory()
	want("a move of 65 MB in the same slot", "Memory 265 MB")

	w.showTab(atDashboard)
	h.waitRefresh(t)
	rss.Store(150 * mb)
	w.refreshMemory()
	want("the status bar's tick while the dashboard shows", "Memory 265 MB")
	n := countRefreshes(w)
	if !pumpFor(5*time.Second, func() bool { return n.Load() > 0 && w.memory.Text == "Memory 150 MB" }) {
		t.Errorf("the dashboard's refresh after a move of 115 MB left the status bar at %q", w.memory.Text)
	}
}

// TestDashboardImagesAtScreenSize: every image is drawn at the size it has
// on screen, in pixels as Fyne rounds them, so that Fyne scales none of
// them (a Catmull-Rom scaling each time one changes); the charts over time
// get their own height exactly. A resize redraws them without being asked.
func TestDashboardImagesAtScreenSize(t *testing.T) {
	_, w := dashWindow(t, tenMinutes(true), largeWindow)
	d := w.dash
	check := func(when string) {
		t.Helper()
		imgs := map[string]*canvas.Image{imgUsage: d.usage, imgLatency: d.latency, imgMemory: d.memory, imgLLM: d.llmChart}
		for i, cv := range d.cards {
			imgs[sparkName(i)] = cv.spark
		}
		for i, cv := range d.llmCards {
			imgs[llmSparkName(i)] = cv.spark
		}
		for name, img := range imgs {
			s := img.Size()
			want := image.Pt(int(math.Round(float64(s.Width))), int(math.Round(float64(s.Height))))
			if got := img.Image.Bounds().Size(); got != want {
				t.Errorf("%s: %s is drawn at %v for a %v place", when, name, got, s)
			}
		}
		if got := d.latency.Size().Height; got != chartH {
			t.Errorf("%s: the response-time chart is %v tall, want %d", when, got, chartH)
		}
	}
	check("at 1280×800")
	n := countRefreshes(w)
	w.win.Resize(defaultWindow) // no kick from the test: the layout asks
	if !pumpFor(5*time.Second, func() bool {
		return n.Load() > 0 && d.cards[0].spark.Image.Bounds().Dx() == int(math.Round(float64(d.cards[0].spark.Size().Width)))
	}) {
		t.Fatal("the resize did not redraw the sparklines")
	}
	check("at 900×640")
}
