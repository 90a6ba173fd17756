package ui

import (
	"context"
	"fmt"
	"image"
	"image/color"
	"maps"
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

// cardView shows one cardData.
type cardView struct {
	title, value, delta, help *widget.Label
	spark                     *canvas.Image
}

// dashboard is the tab of metric cards and charts. A loop of the window's
// async refreshes it once a second while it is visible; charts render off
// the UI goroutine and only when what they show changed.
type dashboard struct {
	w *sessionWindow

	scope    *widget.RadioGroup
	cards    []*cardView
	usage    *canvas.Image
	latency  *canvas.Image
	memory   *canvas.Image
	gc       *widget.Button
	gcResult *widget.Label
	cache    *widget.Label
	clear    *widget.Button
	errors   *fyne.Container

	visible atomic.Bool
	all     atomic.Bool
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
	quiet     atomic.Bool           // the last refresh changed nothing on screen
	now       func() time.Time      // the clock; tests stop it

	errorRows []string // what the errors table shows; UI goroutine only
}

const (
	sparkW, sparkH = 160, 36
	chartW, chartH = 420, 220
)

func newDashboard(w *sessionWindow) *dashboard {
	d := &dashboard{w: w, kick: make(chan struct{}, 1), keys: map[string]charts.Key{}, now: time.Now}
	d.scope = widget.NewRadioGroup([]string{L(scopeSession), L(scopeAll)}, d.onScopeChanged)
	d.scope.Horizontal = true
	d.scope.SetSelected(L(scopeSession))
	for range 6 {
		cv := &cardView{
			title: widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
			value: &widget.Label{SizeName: theme.SizeNameHeadingText},
			delta: &widget.Label{Wrapping: fyne.TextWrapWord}, // longer in Spanish
			help:  &widget.Label{Wrapping: fyne.TextWrapWord, SizeName: theme.SizeNameCaptionText},
			spark: newChartImage(sparkW, sparkH),
		}
		d.cards = append(d.cards, cv)
	}
	d.usage = newChartImage(chartW, chartH)
	d.latency = newChartImage(chartW, chartH)
	d.memory = newChartImage(chartW, chartH)
	d.gc = &widget.Button{Text: L("Free memory (GC)"), Icon: theme.DeleteIcon(), OnTapped: d.onFreeMemory}
	d.gcResult = &widget.Label{Wrapping: fyne.TextWrapWord}
	d.cache = &widget.Label{Wrapping: fyne.TextWrapWord}
	d.clear = &widget.Button{Text: L("Clear cache"), OnTapped: d.onClearCache}
	d.errors = container.New(layout.NewFormLayout())
	return d
}

func newChartImage(w, h float32) *canvas.Image {
	img := canvas.NewImageFromImage(image.NewNRGBA(image.Rect(0, 0, 1, 1)))
	img.FillMode = canvas.ImageFillContain
	img.ScaleMode = canvas.ImageScaleSmooth
	img.SetMinSize(fyne.NewSize(w, h))
	return img
}

func (d *dashboard) content() fyne.CanvasObject {
	var cards []fyne.CanvasObject
	for _, c := range d.cards {
		cards = append(cards, widget.NewCard("", "", container.NewVBox(c.title, c.value, c.delta, c.spark, c.help)))
	}
	charts := container.NewGridWrap(fyne.NewSize(chartW, chartH+40),
		titled(L("Model usage"), d.usage),
		titled(L("Response time over time"), d.latency),
		titled(L("Memory over time"), d.memory),
	)
	side := container.NewVBox(
		widget.NewLabelWithStyle(L("Memory"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		d.gc, d.gcResult,
		widget.NewLabelWithStyle(L("Cache"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		d.cache, d.clear,
		widget.NewLabelWithStyle(L("Errors by type"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		d.errors,
	)
	return container.NewVScroll(container.NewVBox(
		d.scope,
		container.NewGridWrap(fyne.NewSize(212, 270), cards...),
		container.NewBorder(nil, nil, nil, container.NewGridWrap(fyne.NewSize(270, 0), side), charts),
	))
}

func titled(title string, o fyne.CanvasObject) fyne.CanvasObject {
	return container.NewBorder(widget.NewLabelWithStyle(title, fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), nil, nil, nil, o)
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
	id := s.ID
	if len(id) > 8 {
		id = id[:8]
	}
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
		d.refreshSoon()
	}
}

func (d *dashboard) refreshSoon() {
	select {
	case d.kick <- struct{}{}:
	default:
	}
}

// run refreshes the dashboard every second while it is visible, until ctx
// ends; every other second while the last refresh changed nothing (an idle
// dashboard costs half as much; a kick always refreshes at once). The
// window's async runs it.
func (d *dashboard) run(ctx context.Context) {
	t := time.NewTicker(time.Second)
	defer t.Stop()
	skipped := false
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if d.quiet.Load() && !skipped {
				skipped = true
				continue
			}
		case <-d.kick:
		}
		skipped = false
		if d.visible.Load() {
			d.refresh(ctx)
		}
	}
}

// shownKey is what a refresh puts on screen, but for the chart images
// (those have their own keys): equal keys mean nothing changed.
type shownKey struct {
	cards         [6]struct{ value, delta string }
	cache         cache.Stats
	total, errors int64
}

// chartView is what the refresh loop needs from the UI goroutine.
type chartView struct {
	style charts.Style
	scale float32
	scope ticket // the scope when the refresh began
}

// refresh gathers the figures, renders what changed and hands the results
// to the UI goroutine; it gives up when ctx ends.
func (d *dashboard) refresh(ctx context.Context) {
	vc := make(chan chartView, 1)
	d.w.async.Post("dashboard_style", func() { vc <- d.currentView() })
	var v chartView
	select {
	case v = <-vc:
	case <-ctx.Done(): // Close waits for this loop: never wait on the UI goroutine alone
		return
	}
	stats := d.w.app.deps.Stats
	id := d.w.sess.ID()
	var sum metrics.Summary
	var pts []metrics.Point
	past := d.past.Load()
	if past != nil {
		sum = *past // the journal keeps no per-second series
	} else if d.all.Load() {
		sum, pts = stats.AllSummary(), stats.AllSeries()
	} else {
		sum, pts = stats.SessionSummary(id), stats.SessionSeries(id)
	}
	samples := stats.Samples()
	cs := stats.CacheStats()
	now := d.now().Truncate(time.Second)
	cards := buildCards(sum, pts, samples, now)
	if past != nil {
		for i := range cards[:len(cards)-1] { // memory stays this process's
			cards[i].Delta, cards[i].Sign, cards[i].Spark = L("from the sessions journal"), deltaNeutral, nil
		}
	}

	px := func(n int) int { return int(float32(n) * v.scale) }
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
	for i, c := range cards {
		render(fmt.Sprint("spark", i), charts.SparklineKey(c.Spark, px(sparkW), px(sparkH), v.style), func() image.Image {
			return charts.Sparkline(c.Spark, px(sparkW), px(sparkH), v.style)
		})
	}
	bars := charts.BarsFromSummary(sum)
	render("usage", charts.ModelUsageKey(bars, px(chartW), px(chartH), v.style), func() image.Image {
		img, err := charts.ModelUsage(bars, px(chartW), px(chartH), v.style)
		d.logChartError("model usage", err)
		return img
	})
	p50, p95 := charts.LatencySeries(pts)
	lat := []charts.Series{{Name: "p50", Points: p50}, {Name: "p95", Points: p95}}
	latStyle := v.style
	if past != nil {
		latStyle.NoData = L("Response times over time are not recorded for past sessions")
	}
	render("latency", charts.LinesKey("", lat, px(chartW), px(chartH), latStyle, "ms"), func() image.Image {
		img, err := charts.Lines("", lat, px(chartW), px(chartH), latStyle, "ms")
		d.logChartError("response time", err)
		return img
	})
	// Memory is sampled every second; its chart follows every memChartEvery,
	// which halves the dashboard's idle cost and loses nothing at 15 minutes.
	rss, heap := charts.MemorySeries(thin(samples, now, memChartEvery))
	mem := []charts.Series{{Name: "RSS", Points: rss}, {Name: L("Go heap"), Points: heap}}
	render("memory", charts.LinesKey("", mem, px(chartW), px(chartH), v.style, "MB"), func() image.Image {
		img, err := charts.Lines("", mem, px(chartW), px(chartH), v.style, "MB")
		d.logChartError("memory", err)
		return img
	})
	var k shownKey
	for i := range min(len(cards), len(k.cards)) {
		k.cards[i].value, k.cards[i].delta = cards[i].Value, cards[i].Delta
	}
	k.cache, k.total, k.errors = cs, sum.TotalRequests, sum.Errors
	d.quiet.Store(len(imgs) == 0 && k == d.last)
	d.last = k
	d.w.async.Post("dashboard_show", func() {
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
	scale := d.w.win.Canvas().Scale()
	st.Scale = scale
	return chartView{style: st, scale: scale, scope: d.scopeGen.ticket()}
}

// show puts a refresh on screen; UI goroutine.
func (d *dashboard) show(cards []cardData, imgs map[string]image.Image, sum metrics.Summary, cs cache.Stats) {
	// Only what changed is touched: every Refresh repaints.
	for i, c := range cards {
		cv := d.cards[i]
		setText(cv.title, c.Title)
		setText(cv.value, c.Value)
		imp := map[deltaSign]widget.Importance{deltaNeutral: widget.MediumImportance, deltaGood: widget.SuccessImportance, deltaBad: widget.DangerImportance}[c.Sign]
		if cv.delta.Text != c.Delta || cv.delta.Importance != imp {
			cv.delta.Text, cv.delta.Importance = c.Delta, imp
			cv.delta.Refresh()
		}
		setText(cv.help, c.Help)
	}
	d.setImages(imgs)
	setText(d.cache, fmt.Sprintf(L("%d hits, %d misses (hit ratio %.1f %%)\n%d entries, %d evicted, %d expired\naverage load %s"),
		cs.Hits, cs.Misses, 100*cs.HitRatio(), cs.Size, cs.Evictions, cs.Expirations, cs.AvgLoadTime.Round(10*time.Microsecond)))
	types := slices.SortedFunc(maps.Keys(sum.ErrorsByType), func(a, b string) int {
		if c := sum.ErrorsByType[b] - sum.ErrorsByType[a]; c != 0 {
			return int(c)
		}
		return strings.Compare(a, b)
	})
	var rows []string
	for _, k := range types {
		rows = append(rows, k, fmt.Sprint(sum.ErrorsByType[k]))
	}
	if len(rows) == 0 && sum.Errors > 0 {
		rows = []string{L("not recorded for past sessions"), fmt.Sprint(sum.Errors)}
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
		setImage(cv.spark, imgs[fmt.Sprint("spark", i)])
	}
	setImage(d.usage, imgs["usage"])
	setImage(d.latency, imgs["latency"])
	setImage(d.memory, imgs["memory"])
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
		d.gcResult.SetText(fmt.Sprintf(L("RSS %s → %s (freed %.1f MB)\nheap %s → %s, in %s"),
			formatMB(before.RSS), formatMB(after.RSS), float64(freed)/(1<<20), formatMB(before.Heap), formatMB(after.Heap), took.Round(time.Millisecond)))
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
