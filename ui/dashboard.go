package ui

import (
	"context"
	"fmt"
	"image"
	"image/color"
	"maps"
	"math"
	"slices"
	"strings"
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"vigia/cache"
	"vigia/charts"
	"vigia/journal"
	"vigia/metrics"
	"vigia/session"
)

// Stats is what the dashboard reads (*engine.Engine).
type Stats interface {
	SessionSummary(id string) metrics.Summary
	SessionSeries(id string) []metrics.Point
	AllSummary() metrics.Summary
	AllSeries() []metrics.Point
	Samples() []metrics.Sample
	CacheStats() cache.Stats
	ClearCache()
	FreeMemory() (before, after metrics.MemoryUsage, took time.Duration)
}

// Scopes of the dashboard.
const (
	scopeSession = "This session"
	scopeAll     = "All sessions"
)

// cardView shows one cardData as a compact stat panel, as Grafana's: the
// title, the value, its change and a sparkline. What the figure means is
// behind the ⓘ button (Fyne has no tooltips).
type cardView struct {
	title, value, delta *widget.Label
	info                *widget.Button
	help                string // what info shows; UI goroutine
	spark               *canvas.Image
	box                 fyne.CanvasObject
}

// dashboard is the tab of metric cards and charts. A loop of the window's
// async refreshes it while it is visible: within a second of new figures,
// else every idleEvery, or quietEvery once nothing new came for a while
// (see run); charts render off the UI goroutine and
// only when what they show changed.
//
// At 900×640 (the smallest default window) the scope, the GC and cache
// buttons, the six cards and the model-usage chart show without scrolling;
// below them come the LLM section, when an LLM call ran in the scope, and
// the charts over time.
type dashboard struct {
	w *sessionWindow

	scope    *widget.RadioGroup
	cards    []*cardView
	usage    *canvas.Image
	latency  *canvas.Image
	memory   *canvas.Image
	gc       *widget.Button
	gcResult *widget.Label
	gcBox    *fyne.Container // the last GC's result; hidden until the first
	cache    *widget.Label
	clear    *widget.Button
	errors   *fyne.Container

	// The LLM section: hidden while no LLM call ran in the scope.
	llmBox   *fyne.Container
	llmTitle *widget.Label
	llmCards []*cardView
	llmChart *canvas.Image // TTFT and TPOT over time

	helpPopUp *widget.PopUp     // the card help shown last; UI goroutine
	scroll    *container.Scroll // the tab's content, once built

	visible atomic.Bool
	all     atomic.Bool
	shownAt atomic.Int64 // when the tab first showed, Unix ns; 0 before
	// past holds the summary of the past session the dashboard shows; nil
	// for this session or all sessions.
	past      atomic.Pointer[metrics.Summary]
	pastLabel string                // the scope option of the past session; UI goroutine only
	pastSum   metrics.Summary       // its figures; UI goroutine only
	kick      chan struct{}         // asks for a refresh now (scope changed, tab opened)
	scopeGen  generation            // moves on with every scope change; UI goroutine only
	keys      map[string]charts.Key // what each image shows; refresh goroutine only
	renders   atomic.Int64          // charts rendered, for tests and the budget script
	last      shownKey              // what the last refresh showed; refresh goroutine only
	quiet     atomic.Bool           // the last refresh changed nothing on screen; for tests
	drawn     drawnView             // what the last refresh drew for; UI goroutine only
	loc       *time.Location        // the zone of the charts' time labels; nil for local; tests fix it

	errorRows []string // what the errors table shows; UI goroutine only
}

const (
	sparkW, sparkH = 160, 28  // a sparkline's size until its card is laid out
	chartW, chartH = 420, 220 // the charts over time; the usage chart's height
	usageMinW      = 240      // the usage chart grows to the width left by the side panel
	cardMinW       = 136      // a card is at least this wide: six fit in 900 px
	sideW          = 270      // the panel of GC result, cache and errors
	helpW          = 300      // the width of a card's help popup
)

// Image names, the keys of dashboard.keys and of a refresh's images.
const (
	imgUsage   = "usage"
	imgLatency = "latency"
	imgMemory  = "memory"
	imgLLM     = "llm"
)

func sparkName(i int) string    { return fmt.Sprint("spark", i) }
func llmSparkName(i int) string { return fmt.Sprint("llmspark", i) }

func newDashboard(w *sessionWindow) *dashboard {
	d := &dashboard{w: w, kick: make(chan struct{}, 1), keys: map[string]charts.Key{}}
	d.scope = widget.NewRadioGroup([]string{L(scopeSession), L(scopeAll)}, nil)
	d.scope.Horizontal = true
	d.scope.SetSelected(L(scopeSession)) // the zero scope: not the person's choice
	d.scope.OnChanged = d.onScopeChanged
	for range 6 {
		d.cards = append(d.cards, d.newCardView())
	}
	for range 4 {
		d.llmCards = append(d.llmCards, d.newCardView())
	}
	d.usage = newChartImage(usageMinW, chartH)
	d.latency = newChartImage(chartW, chartH)
	d.memory = newChartImage(chartW, chartH)
	d.llmChart = newChartImage(chartW, chartH)
	d.gc = &widget.Button{Text: L("Free memory (GC)"), Icon: theme.DeleteIcon(), OnTapped: d.onFreeMemory}
	d.gcResult = &widget.Label{Wrapping: fyne.TextWrapWord}
	d.gcBox = container.NewVBox(boldLabel(L("Memory")), d.gcResult)
	d.gcBox.Hide()
	d.cache = &widget.Label{Wrapping: fyne.TextWrapWord}
	d.clear = &widget.Button{Text: L("Clear cache"), OnTapped: d.onClearCache}
	d.errors = container.New(layout.NewFormLayout())
	d.llmTitle = boldLabel("")
	llm := make([]fyne.CanvasObject, len(d.llmCards))
	for i, c := range d.llmCards {
		llm[i] = c.box
	}
	d.llmBox = container.NewVBox(
		widget.NewSeparator(),
		d.llmTitle,
		container.New(&cardGrid{minWidth: cardMinW, max: len(llm)}, llm...),
		container.New(&cellWrap{}, titled(L("Time to first token and per output token"), d.llmChart)),
	)
	d.llmBox.Hide()
	return d
}

// newCardView makes an empty card. Its labels are themed with less padding
// than the app's: with the theme's, the padding took half of a card.
func (d *dashboard) newCardView() *cardView {
	cv := &cardView{
		title: &widget.Label{TextStyle: fyne.TextStyle{Bold: true}, SizeName: theme.SizeNameCaptionText, Truncation: fyne.TextTruncateEllipsis},
		value: &widget.Label{SizeName: theme.SizeNameHeadingText, Truncation: fyne.TextTruncateEllipsis},
		delta: &widget.Label{SizeName: theme.SizeNameCaptionText, Truncation: fyne.TextTruncateEllipsis}, // whole in the help
		spark: newChartImage(40, sparkH),
	}
	cv.info = &widget.Button{Icon: theme.InfoIcon(), Importance: widget.LowImportance, OnTapped: func() { d.onCardHelp(cv) }}
	body := container.NewVBox(container.NewBorder(nil, nil, nil, cv.info, cv.title), cv.value, cv.delta, cv.spark)
	// A card's content ends on its lower edge: the sparkline would hide it.
	body = container.New(layout.NewCustomPaddedLayout(0, 3, 0, 0), body)
	cv.box = widget.NewCard("", "", container.NewThemeOverride(body, compactTheme{}))
	return cv
}

// set shows c; only what changed is touched, as every Refresh repaints.
func (cv *cardView) set(c cardData) {
	setText(cv.title, c.Title)
	setText(cv.value, c.Value)
	imp := map[deltaSign]widget.Importance{deltaNeutral: widget.MediumImportance, deltaGood: widget.SuccessImportance, deltaBad: widget.DangerImportance}[c.Sign]
	if cv.delta.Text != c.Delta || cv.delta.Importance != imp {
		cv.delta.Text, cv.delta.Importance = c.Delta, imp
		cv.delta.Refresh()
	}
	cv.help = c.Help
}

func newChartImage(w, h float32) *canvas.Image {
	img := canvas.NewImageFromImage(image.NewNRGBA(image.Rect(0, 0, 1, 1)))
	img.FillMode = canvas.ImageFillContain
	img.ScaleMode = canvas.ImageScaleSmooth
	img.SetMinSize(fyne.NewSize(w, h))
	return img
}

func (d *dashboard) content() fyne.CanvasObject {
	cards := make([]fyne.CanvasObject, len(d.cards))
	for i, c := range d.cards {
		cards[i] = c.box
	}
	side := container.NewVBox(
		d.gcBox,
		boldLabel(L("Cache")), d.cache,
		boldLabel(L("Errors by type")), d.errors,
	)
	// The usage chart keeps its height and takes the width the side panel
	// leaves; it is rendered at the size it has on screen.
	usage := container.NewBorder(nil, nil, nil, container.New(fixedWidth(sideW), side),
		container.NewVBox(boldLabel(L("Model usage")), d.usage))
	overTime := container.New(&cellWrap{},
		titled(L("Response time over time"), d.latency),
		titled(L("Memory over time"), d.memory),
	)
	d.scroll = container.NewVScroll(container.New(afterLayout{layout.NewVBoxLayout(), d.onLayout},
		container.New(&toolbarLayout{}, d.scope, container.NewHBox(d.gc, d.clear)),
		container.New(&cardGrid{minWidth: cardMinW, max: len(cards)}, cards...),
		usage,
		d.llmBox,
		overTime,
	))
	return d.scroll
}

func titled(title string, o fyne.CanvasObject) fyne.CanvasObject {
	return container.NewBorder(widget.NewLabelWithStyle(title, fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), nil, nil, nil, o)
}

// onCardHelp shows what a card's figure means, with its whole change (the
// card may cut it), in a popup under its ⓘ button.
func (d *dashboard) onCardHelp(cv *cardView) {
	defer d.w.guard("card_help")
	if d.w.ctx != nil {
		session.Track(d.w.ctx, "card_help", cv.title.Text)
	}
	c := fyne.CurrentApp().Driver().CanvasForObject(cv.info)
	if c == nil {
		return
	}
	// The lines are cut here: a wrapping label measures its height at the
	// width it had last, which a new popup does not know yet.
	width := min(float32(helpW), c.Size().Width-2*theme.Padding()) - 2*theme.InnerPadding()
	body := container.NewVBox(
		boldLabel(cv.title.Text+" · "+cv.value.Text),
		&widget.Label{Text: wrapLines(cv.delta.Text, width), Importance: cv.delta.Importance},
		widget.NewLabel(wrapLines(cv.help, width)),
	)
	if d.helpPopUp != nil {
		d.helpPopUp.Hide()
	}
	d.helpPopUp = widget.NewPopUp(body, c)
	d.helpPopUp.ShowAtRelativePosition(fyne.NewPos(0, cv.info.Size().Height), cv.info)
}

// wrapLines breaks s at spaces into lines at most width wide in the
// theme's text.
func wrapLines(s string, width float32) string {
	var b strings.Builder
	line := ""
	for _, word := range strings.Fields(s) {
		next := word
		if line != "" {
			next = line + " " + word
		}
		if line != "" && fyne.MeasureText(next, theme.TextSize(), fyne.TextStyle{}).Width > width {
			b.WriteString(line + "\n")
			next = word
		}
		line = next
	}
	b.WriteString(line)
	return b.String()
}

func (d *dashboard) onScopeChanged(s string) {
	defer d.w.guard("dashboard_scope")
	if d.w.ctx != nil {
		session.Track(d.w.ctx, "dashboard_scope", s)
	}
	d.all.Store(s == L(scopeAll))
	if s != "" && s == d.pastLabel {
		sum := d.pastSum
		d.past.Store(&sum)
	} else {
		d.past.Store(nil)
	}
	d.scopeGen.next() // a refresh begun before shows the old scope: see refresh
	d.refreshSoon()
}

// showPast adds a past session to the scopes and selects it: the cards and
// the model-usage chart then show its figures from the journal (a crashed
// session's last known ones). UI goroutine.
func (d *dashboard) showPast(s journal.Session) {
	if s.Summary == nil {
		return
	}
	id := session.Short(s.ID)
	d.pastLabel = fmt.Sprintf(L("Past session %s"), id)
	if s.Crashed {
		d.pastLabel = fmt.Sprintf(L("Crashed session %s (last known)"), id)
	}
	d.pastSum = s.Summary.Metrics()
	d.scope.Options = []string{L(scopeSession), L(scopeAll), d.pastLabel}
	d.scope.Selected = "" // a new option with the same label still applies
	d.scope.SetSelected(d.pastLabel)
}

// setVisible tells the refresh loop whether the tab is showing.
func (d *dashboard) setVisible(on bool) {
	d.visible.Store(on)
	if on {
		d.shownAt.CompareAndSwap(0, d.w.now().UnixNano())
		d.refreshSoon()
	}
}

func (d *dashboard) refreshSoon() {
	select {
	case d.kick <- struct{}{}:
	default:
	}
}

// idleEvery is the dashboard's rhythm while its figures stand still, for
// quietAfter after new ones came: what changes then is memory and the time (the changes over the last minute,
// the sparklines' buckets), and each refresh that changes something costs
// a repaint of the whole window (with Mesa's software GL, about what the
// rest of the idle app costs in 5 s). It is the sparklines' step: they
// change at most that often without new data, and the memory card, its
// sparkline and the memory chart (3 points of memChartEvery) change with
// them, in one repaint.
const idleEvery = metrics.SeriesWindow / sparkBuckets

// quietEvery is the dashboard's rhythm once no new data arrived for
// quietAfter (or none since it first showed): then all that moves is time,
// the sparklines' buckets and the memory chart drifting left at a 15th of
// their width a minute, and memory's wobble of a megabyte or so, and a
// refresh every idleEvery bought that drift with a repaint of the whole
// window four times a minute. A task's figures still show within the
// loop's second, and a move of memory of memMove or more too.
const (
	quietEvery = time.Minute
	quietAfter = time.Minute
)

// run refreshes the dashboard while it is visible, until ctx ends. Every
// second it reads the scope's summary and the cache's counters, which cost
// little; it refreshes when they changed (a task ended), else once every
// idleEvery of the clock, or every quietEvery once nothing new arrived for
// quietAfter. A kick (the tab showed, the scope changed, an
// image was resized) refreshes at once. While the app is dormant it waits,
// and refreshes at once on waking. The window's async runs it.
func (d *dashboard) run(ctx context.Context) {
	t := time.NewTicker(time.Second)
	defer t.Stop()
	var shown dataKey // the figures of the last refresh
	var shownRSS uint64
	var at time.Time     // its time on the dashboard's clock; zero before the first
	var dataAt time.Time // when new figures last came after the first refresh; zero: none yet
	for {
		kicked := false
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		case <-d.kick:
			kicked = true
		}
		if !d.w.async.awake(ctx) { // nobody looks while the app is dormant
			return
		}
		if !d.visible.Load() {
			continue
		}
		f := d.read()
		now := d.w.now()
		if !at.IsZero() && f.key() != shown {
			dataAt = now
		}
		every := quietEvery
		if !dataAt.IsZero() && now.Sub(dataAt) < quietAfter {
			every = idleEvery
		}
		if !kicked && !at.IsZero() && f.key() == shown && !memMoved(shownRSS, f.rss) && sameSlot(now, at, every) {
			continue
		}
		d.refreshFrom(ctx, f)
		shown, shownRSS, at = f.key(), f.rss, now
	}
}

// sameSlot reports whether a and b lie in the same every-long slot of the
// clock.
func sameSlot(a, b time.Time, every time.Duration) bool {
	return a.Truncate(every).Equal(b.Truncate(every))
}

// figures is what a refresh reads first, off the UI goroutine: the scope
// and its summary, and the cache's counters.
type figures struct {
	all   bool
	past  *metrics.Summary // the past session shown; nil for a live scope
	sum   metrics.Summary
	cache cache.Stats
	rss   uint64 // the resident memory in bytes; 0 when unknown
}

// memMove is how far resident memory must move from what the last refresh
// showed to count as new data: a move that far (after a load test, a GC)
// refreshes the memory card within a second, so that it agrees with the
// status bar, while the megabyte or so an idle process wobbles by waits
// for the idle rhythm. Measured from the last refresh, not in fixed bands,
// so that a wobble across a band's edge refreshes nothing.
const memMove = 8 << 20

// memMoved reports whether resident memory moved by memMove or more from
// shown to now (0: unknown).
func memMoved(shown, now uint64) bool {
	return max(shown, now)-min(shown, now) >= memMove
}

// dataKey is what of figures tells that new data arrived: equal keys, and
// a refresh would show the same but for memory (see memMoved) and the
// time.
type dataKey struct {
	all                bool
	past               *metrics.Summary
	requests, llmCalls int64
	cache              cache.Stats
}

func (f figures) key() dataKey {
	return dataKey{all: f.all, past: f.past, requests: f.sum.TotalRequests, llmCalls: f.sum.LLM.Calls, cache: f.cache}
}

// read reads the figures of the dashboard's scope.
func (d *dashboard) read() figures {
	stats := d.w.app.deps.Stats
	f := figures{all: d.all.Load(), past: d.past.Load(), cache: stats.CacheStats()}
	if mem := d.w.app.deps.Memory; mem != nil {
		if rss, ok := mem(); ok {
			f.rss = rss
		}
	}
	switch {
	case f.past != nil:
		f.sum = *f.past
	case f.all:
		f.sum = stats.AllSummary()
	default:
		f.sum = stats.SessionSummary(d.w.sess.ID())
	}
	return f
}

// shownKey is what a refresh puts on screen, but for the chart images
// (those have their own keys): equal keys mean nothing changed.
type shownKey struct {
	cards         [10]struct{ value, delta string } // the six cards, then the LLM ones
	cache         cache.Stats
	total, errors int64
}

// chartView is what the refresh loop needs from the UI goroutine.
type chartView struct {
	style charts.Style
	scale float32
	scope ticket               // the scope when the refresh began
	sizes map[string]fyne.Size // of the images, on screen; zero until laid out
}

// refresh gathers the figures, renders what changed and hands the results
// to the UI goroutine; it gives up when ctx ends.
func (d *dashboard) refresh(ctx context.Context) { d.refreshFrom(ctx, d.read()) }

// refreshFrom is refresh with the figures read.
func (d *dashboard) refreshFrom(ctx context.Context, f figures) {
	vc := make(chan chartView, 1)
	d.w.async.Post("dashboard_style", func() { vc <- d.currentView() })
	var v chartView
	select {
	case v = <-vc:
	case <-ctx.Done(): // Close waits for this loop: never wait on the UI goroutine alone
		return
	}
	stats := d.w.app.deps.Stats
	sum, cs, past := f.sum, f.cache, f.past
	var pts []metrics.Point
	switch {
	case past != nil: // the journal keeps no per-second series
	case f.all:
		pts = stats.AllSeries()
	default:
		pts = stats.SessionSeries(d.w.sess.ID())
	}
	samples := stats.Samples()
	now := d.w.now().Truncate(time.Second)
	in := cardInput{Sum: sum, Points: pts, Samples: samples, Now: now, SeriesStart: d.w.sess.Start()}
	if len(samples) > 0 {
		if f.all {
			in.SeriesStart = samples[0].Time // the process's start
		}
		if shown := d.shownAt.Load(); shown != 0 {
			in.MemoryStart = time.Unix(0, max(shown, samples[0].Time.UnixNano()))
		}
	}
	cards := in.cards()
	llm := in.llmCards()
	if past != nil {
		for i := range cards[:len(cards)-1] { // memory stays this process's
			cards[i].Delta, cards[i].Sign, cards[i].Spark = L("from the sessions journal"), deltaNeutral, nil
		}
		for i := range llm {
			llm[i].Delta, llm[i].Sign, llm[i].Spark = L("from the sessions journal"), deltaNeutral, nil
		}
	}

	// px rounds as Fyne does when it makes an image's texture: an image of
	// another size is scaled (Catmull-Rom, on the UI goroutine) each time
	// it changes.
	px := func(n float32) int { return int(math.Round(float64(n * v.scale))) }
	// size is the size to draw image name at: its size on screen, or def
	// until it is laid out.
	size := func(name string, def fyne.Size) (int, int) {
		if s := v.sizes[name]; s.Width > 0 && s.Height > 0 {
			return px(s.Width), px(s.Height)
		}
		return px(def.Width), px(def.Height)
	}
	imgs := map[string]image.Image{}
	// render draws an image only when its key (data, size, style) changed.
	render := func(name string, key charts.Key, f func() image.Image) {
		if d.keys[name] == key {
			return
		}
		d.keys[name] = key
		imgs[name] = f()
		d.renders.Add(1)
	}
	sparks := func(cds []cardData, name func(int) string) {
		for i, c := range cds {
			w, h := size(name(i), fyne.NewSize(sparkW, sparkH))
			render(name(i), charts.SparklineKey(c.Spark, w, h, v.style), func() image.Image {
				return charts.Sparkline(c.Spark, w, h, v.style)
			})
		}
	}
	sparks(cards, sparkName)
	bars := charts.BarsFromSummary(sum)
	uw, uh := size(imgUsage, fyne.NewSize(chartW, chartH))
	render(imgUsage, charts.ModelUsageKey(bars, uw, uh, v.style), func() image.Image {
		img, err := charts.ModelUsage(bars, uw, uh, v.style)
		d.logChartError("model usage", err)
		return img
	})
	cw, ch := size(imgLatency, fyne.NewSize(chartW, chartH))
	p50, p95 := charts.LatencySeries(pts)
	lat := []charts.Series{{Name: "p50", Points: p50}, {Name: "p95", Points: p95}}
	notKept := v.style
	if past != nil {
		notKept.NoData = L("Response times over time are not recorded for past sessions")
	}
	render(imgLatency, charts.LinesKey("", lat, cw, ch, notKept, "ms"), func() image.Image {
		img, err := charts.Lines("", lat, cw, ch, notKept, "ms")
		d.logChartError("response time", err)
		return img
	})
	// Memory is sampled every second; its chart follows every memChartEvery,
	// which loses nothing at 15 minutes: while the figures stand still,
	// the chart changes only every idleEvery (see run).
	rss, heap := charts.MemorySeries(thin(samples, now, memChartEvery))
	mem := []charts.Series{{Name: "RSS", Points: rss}, {Name: L("Go heap"), Points: heap}}
	mw, mh := size(imgMemory, fyne.NewSize(chartW, chartH))
	render(imgMemory, charts.LinesKey("", mem, mw, mh, v.style, "MB"), func() image.Image {
		img, err := charts.Lines("", mem, mw, mh, v.style, "MB")
		d.logChartError("memory", err)
		return img
	})
	// The LLM section is drawn only while it shows.
	if llm != nil {
		sparks(llm, llmSparkName)
		ttft, tpot := charts.LLMSeries(pts)
		lines := []charts.Series{{Name: "TTFT", Points: ttft}, {Name: "TPOT", Points: tpot}}
		st := v.style
		if past != nil {
			st = notKept
		}
		lw, lh := size(imgLLM, fyne.NewSize(chartW, chartH))
		render(imgLLM, charts.LinesKey("", lines, lw, lh, st, "ms"), func() image.Image {
			img, err := charts.Lines("", lines, lw, lh, st, "ms")
			d.logChartError("llm", err)
			return img
		})
		cards = append(cards, llm...)
	}
	var k shownKey
	for i := range min(len(cards), len(k.cards)) {
		k.cards[i].value, k.cards[i].delta = cards[i].Value, cards[i].Delta
	}
	k.cache, k.total, k.errors = cs, sum.TotalRequests, sum.Errors
	d.quiet.Store(len(imgs) == 0 && k == d.last)
	d.last = k
	// The status bar's memory is this refresh's, shown in its repaint
	// (refreshMemory leaves it to the dashboard while it shows).
	resident := f.rss
	if len(samples) > 0 {
		resident = samples[len(samples)-1].RSS // the memory card's
	}
	d.w.async.Post("dashboard_show", func() {
		if resident > 0 {
			d.w.showMemory(resident, now)
		}
		if !v.scope.current() {
			// The scope changed while this refresh gathered the old one's
			// figures: the refresh the change kicked shows the new ones. The
			// images still go up, as the keys say they are on screen; that
			// refresh replaces them.
			d.setImages(imgs)
			return
		}
		d.show(cards, imgs, sum, cs)
	})
}

// currentView reads the theme and scale; UI goroutine.
func (d *dashboard) currentView() chartView {
	dark := fyne.CurrentApp().Settings().ThemeVariant() == theme.VariantDark
	st := charts.DefaultStyle(dark)
	st.Background = theme.Color(theme.ColorNameBackground)
	st.Foreground = theme.Color(theme.ColorNameForeground)
	st.Grid = theme.Color(theme.ColorNameSeparator)
	st.Error = theme.Color(theme.ColorNameError)
	st.Palette = append([]color.Color{theme.Color(theme.ColorNamePrimary)}, st.Palette[1:]...)
	st.FontSize = float64(theme.TextSize()) * 0.75
	st.NoData = L("No data yet")
	st.Location = d.loc
	st.Numbers = num().Charts()
	scale := d.w.win.Canvas().Scale()
	st.Scale = scale
	d.drawn = d.drawnNow()
	return chartView{style: st, scale: scale, scope: d.scopeGen.ticket(), sizes: d.drawn.sizes}
}

// drawnView is what the images of a refresh were drawn for, but for the
// data: their sizes on screen, the scale and the theme.
type drawnView struct {
	sizes  map[string]fyne.Size
	scale  float32
	colors [4]color.NRGBA // the theme's that the charts take
}

// drawnNow returns the drawnView of the dashboard as it is; UI goroutine.
func (d *dashboard) drawnNow() drawnView {
	sizes := map[string]fyne.Size{imgUsage: d.usage.Size(), imgLatency: d.latency.Size(), imgMemory: d.memory.Size(), imgLLM: d.llmChart.Size()}
	for i, c := range d.cards {
		sizes[sparkName(i)] = c.spark.Size()
	}
	for i, c := range d.llmCards {
		sizes[llmSparkName(i)] = c.spark.Size()
	}
	v := drawnView{sizes: sizes, scale: d.w.win.Canvas().Scale()}
	for i, n := range []fyne.ThemeColorName{theme.ColorNameBackground, theme.ColorNameForeground, theme.ColorNamePrimary, theme.ColorNameSeparator} {
		v.colors[i] = color.NRGBAModel.Convert(theme.Color(n)).(color.NRGBA)
	}
	return v
}

// onLayout asks for a refresh when the images no longer have the size,
// scale or theme they were drawn for (the window was resized, the LLM
// section showed, the theme changed): the refresh loop learns it without
// asking the UI goroutine every second. UI goroutine.
func (d *dashboard) onLayout() {
	if d.drawn.sizes == nil {
		return // nothing drawn yet
	}
	now := d.drawnNow()
	if now.scale != d.drawn.scale || now.colors != d.drawn.colors || !maps.Equal(now.sizes, d.drawn.sizes) {
		d.refreshSoon()
	}
}

// show puts a refresh on screen; UI goroutine. cards holds the six cards,
// then the LLM section's when it shows.
func (d *dashboard) show(cards []cardData, imgs map[string]image.Image, sum metrics.Summary, cs cache.Stats) {
	// Only what changed is touched: every Refresh repaints.
	for i, c := range cards {
		if i < len(d.cards) {
			d.cards[i].set(c)
		} else if j := i - len(d.cards); j < len(d.llmCards) {
			d.llmCards[j].set(c)
		}
	}
	llm := len(cards) > len(d.cards)
	if llm {
		setText(d.llmTitle, fmt.Sprintf(L("LLM calls: %s"), num().Int(sum.LLM.Calls)))
	}
	if llm != d.llmBox.Visible() {
		if llm {
			d.llmBox.Show()
		} else {
			d.llmBox.Hide()
		}
		if d.scroll != nil {
			d.scroll.Content.Refresh() // lay the section out now, not at the next frame
		}
	}
	d.setImages(imgs)
	n := num()
	setText(d.cache, fmt.Sprintf(L("%s hits, %s misses (hit ratio %s)\n%s entries, %s evicted, %s expired\naverage load %s"),
		n.Int(int64(cs.Hits)), n.Int(int64(cs.Misses)), n.Percent(cs.HitRatio(), 1), n.Int(int64(cs.Size)), n.Int(int64(cs.Evictions)), n.Int(int64(cs.Expirations)), n.Millis(cs.AvgLoadTime)))
	types := slices.SortedFunc(maps.Keys(sum.ErrorsByType), func(a, b string) int {
		if c := sum.ErrorsByType[b] - sum.ErrorsByType[a]; c != 0 {
			return int(c)
		}
		return strings.Compare(a, b)
	})
	var rows []string
	for _, k := range types {
		rows = append(rows, k, n.Int(sum.ErrorsByType[k]))
	}
	if len(rows) == 0 && sum.Errors > 0 {
		rows = []string{L("not recorded for past sessions"), n.Int(sum.Errors)}
	}
	if len(rows) == 0 {
		rows = []string{L("none"), ""}
	}
	if !slices.Equal(rows, d.errorRows) {
		d.errorRows = rows
		d.errors.Objects = nil
		for _, r := range rows {
			d.errors.Add(widget.NewLabel(r))
		}
		d.errors.Refresh()
	}
	d.w.sess.Logger().Debug("dashboard refreshed", "event", "dashboard_refresh",
		"scope", d.scope.Selected, "requests", sum.TotalRequests, "errors", sum.Errors, "charts_rendered", d.renders.Load())
	if d.w.afterRefresh != nil {
		d.w.afterRefresh()
	}
}

// setImages puts up the images a refresh rendered; UI goroutine.
func (d *dashboard) setImages(imgs map[string]image.Image) {
	for i, cv := range d.cards {
		setImage(cv.spark, imgs[sparkName(i)])
	}
	for i, cv := range d.llmCards {
		setImage(cv.spark, imgs[llmSparkName(i)])
	}
	setImage(d.usage, imgs[imgUsage])
	setImage(d.latency, imgs[imgLatency])
	setImage(d.memory, imgs[imgMemory])
	setImage(d.llmChart, imgs[imgLLM])
}

func setText(l *widget.Label, text string) {
	if l.Text != text {
		l.SetText(text)
	}
}

func setImage(c *canvas.Image, img image.Image) {
	if img == nil {
		return
	}
	c.Image = img
	c.Refresh()
}

// logChartError logs a chart that fell back to its empty state because
// go-chart failed; the person sees the empty state, never an error.
func (d *dashboard) logChartError(chart string, err error) {
	if err != nil {
		d.w.sess.Logger().Warn("chart could not be drawn", "event", "chart_error", "chart", chart, "error", err.Error())
	}
}

// memChartEvery is the memory chart's resolution.
const memChartEvery = 5 * time.Second

// thin keeps the samples up to the last multiple of every before now, one
// every every: the chart then changes only every every.
func thin(samples []metrics.Sample, now time.Time, every time.Duration) []metrics.Sample {
	end := now.Truncate(every)
	var out []metrics.Sample
	var last time.Time
	for _, s := range samples {
		if s.Time.After(end) {
			break
		}
		if last.IsZero() || s.Time.Sub(last) >= every {
			out = append(out, s)
			last = s.Time
		}
	}
	return out
}

func (d *dashboard) onFreeMemory() {
	defer d.w.guard("free_memory")
	session.Track(d.w.ctx, "free_memory", "")
	d.gc.Disable()
	d.gcResult.SetText(L("Collecting…"))
	d.gcBox.Show()
	type collected struct {
		before, after metrics.MemoryUsage
		took          time.Duration
	}
	goThen(d.w.async, "free_memory", func(context.Context) collected {
		before, after, took := d.w.app.deps.Stats.FreeMemory()
		return collected{before, after, took}
	}, func(c collected) {
		before, after, took := c.before, c.after, c.took
		d.gc.Enable()
		freed := int64(before.RSS) - int64(after.RSS)
		n := num()
		d.gcResult.SetText(fmt.Sprintf(L("RSS %s → %s (freed %s)\nheap %s → %s, in %s"),
			n.MB(before.RSS, 1), n.MB(after.RSS, 1), n.Decimal(float64(freed)/(1<<20), 1)+" MB", n.MB(before.Heap, 1), n.MB(after.Heap, 1), n.Millis(took.Round(time.Millisecond))))
		d.refreshSoon()
		if d.w.afterTask != nil {
			d.w.afterTask()
		}
	})
}

func (d *dashboard) onClearCache() {
	defer d.w.guard("clear_cache")
	session.Track(d.w.ctx, "clear_cache", "")
	d.w.app.deps.Stats.ClearCache()
	d.refreshSoon()
}
