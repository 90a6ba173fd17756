package ui

import (
	"fmt"
	"image/color"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"go.uber.org/goleak"

	"vigia/models"
)

// TestFirstFrameTextStyles: what a new window shows uses only the text
// styles of firstFrameStyles, those WarmFonts parses ahead: another style
// would parse its own font faces before the first frame. The harness's
// model has a parameter, so its help line is among the texts.
func TestFirstFrameTextStyles(t *testing.T) {
	h := newHarness(t, DetailsType)
	w := h.open(t)
	styles := map[fyne.TextStyle]string{}
	walkObjects(w.win.Content(), func(o fyne.CanvasObject) bool {
		if !o.Visible() {
			return false // not painted, so never measured by the renderer either
		}
		if x, ok := o.(*canvas.Text); ok && x.Text != "" {
			styles[x.TextStyle] = x.Text
		}
		return true
	})
	if _, ok := styles[fyne.TextStyle{}]; !ok {
		t.Fatal("no regular text found: the walk missed the window's content")
	}
	for st, text := range styles {
		if !slices.Contains(firstFrameStyles, st) {
			t.Errorf("%q is in style %+v, not one of the first frame's %+v", text, st, firstFrameStyles)
		}
	}
}

// TestWarmFonts: a window opens once the fonts are warm, and WarmFonts
// leaves no goroutine behind.
func TestWarmFonts(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	test.NewTempApp(t)
	WarmFonts()
}

// TestWindowWaitsForFonts: the first window makes its widgets only once
// Deps.FontsWarmed is closed, and meanwhile it is shown, empty, so that
// its X window and GL context are made while the fonts are parsed. It is
// Deps.FirstWindow, titled for its session; a second session gets a window
// of its own.
func TestWindowWaitsForFonts(t *testing.T) {
	h := newHarness(t, DetailsType)
	warmed := make(chan struct{})
	first := &orderWindow{Window: h.app.fyne.NewWindow("Vigía"), warmed: warmed}
	// The fonts turn warm once the empty window is shown, not before:
	// whatever the machine's load, the content can only be made after.
	first.onShow = func() { close(warmed) }
	h.app.deps.FontsWarmed = warmed
	h.app.first = first // as New takes Deps.FirstWindow
	w := h.open(t)
	if w.win != first {
		t.Fatalf("the first session's window is %T, not Deps.FirstWindow", w.win)
	}
	if want := fmt.Sprintf(L("Vigía — session %s"), w.sess.ShortID()); first.Title() != want {
		t.Errorf("title %q, want %q", first.Title(), want)
	}
	if want := []string{"show, fonts cold", "content, fonts warm", "show, fonts warm"}; !slices.Equal(first.calls, want) {
		t.Errorf("calls %q, want %q", first.calls, want)
	}
	if second := h.open(t); second.win == first {
		t.Error("the second session reused the first window")
	}
}

// TestFirstWindowContentMadeBesideIt: the first window's content is made
// and laid out off the UI goroutine while Show makes the window, not after
// Show returned; the UI goroutine then sets it, with the Escape key bound
// on the window's canvas.
func TestFirstWindowContentMadeBesideIt(t *testing.T) {
	described := make(chan struct{})
	var once sync.Once
	reg := models.NewRegistry(describedModel{testModel: testModel{name: "upper"}, asked: func() { once.Do(func() { close(described) }) }})
	h := newHarnessWith(t, DetailsType, reg)
	warmed := make(chan struct{})
	first := &blockingShowWindow{Window: h.app.fyne.NewWindow("Vigía"), warmed: warmed, described: described}
	h.app.deps.FontsWarmed = warmed
	h.app.first = first
	placeholder := canvas.NewRectangle(color.Black) // as GLFW's driver fills a new window
	first.SetContent(placeholder)
	w := h.open(t)
	if first.placeholderShown {
		t.Error("the empty window's placeholder was visible when it was shown: it would be painted for nothing")
	}
	if !first.madeDuringShow {
		t.Fatal("the content was not made while Show ran")
	}
	if w.win.Content() == nil || w.win.Content().Size().Width == 0 {
		t.Fatal("the window has no laid-out content")
	}
	if w.work == nil || w.work.model.Selected != "upper" {
		t.Fatal("the workspace was not made, or its model not selected")
	}
	if w.win.Canvas().OnTypedKey() == nil {
		t.Error("no key handler on the window's canvas: Esc would not cancel a task")
	}
	if r, ok := w.win.Content().(*windowRoot); !ok || r.pinned {
		t.Errorf("the window's content is %T, pinned %v: want an unpinned windowRoot, whose minimum is its content's", w.win.Content(), ok && r.pinned)
	}
}

// longDescribed is a model whose description wraps into several lines.
type longDescribed struct {
	testModel
	asked func()
}

func (m longDescribed) Description() string {
	m.asked()
	return strings.Repeat("A description long enough to wrap into several lines in the sidebar. ", 4)
}

// TestFirstWindowFilledAtItsSize: the first window's content is made at
// the size the window gives it, and the texts that wrap (the model's
// description, its parameters' help, the input's placeholder) are set
// only once it has that size, so that they are wrapped at that width and
// not first at the sidebar's minimum; the sidebar is then laid out again
// for them, so that the content is ready to paint: the description as
// tall as its lines, the parameters below it.
func TestFirstWindowFilledAtItsSize(t *testing.T) {
	var w *sessionWindow
	var sideAtDescription fyne.Size
	reg := models.NewRegistry(longDescribed{testModel: testModel{name: "upper"}, asked: func() {
		if w != nil && w.work != nil && w.work.side != nil {
			sideAtDescription = w.work.side.Size()
		}
	}})
	h := newHarnessWith(t, DetailsType, reg)
	w = h.open(t)
	size := fyne.NewSize(1000, 700)
	root := w.makeContent(size) // as the first window's content is made
	if sideAtDescription.IsZero() {
		t.Fatal("the model's description was set before the sidebar had its size")
	}
	if got := w.work.input.PlaceHolder; got == "" {
		t.Error("the input has no placeholder")
	}
	if root.Size() != size {
		t.Fatalf("content made at %v, want %v", root.Size(), size)
	}
	desc := w.work.desc
	if desc.Size().Width != sideAtDescription.Width {
		t.Errorf("description %v wide, want the sidebar's %v", desc.Size().Width, sideAtDescription.Width)
	}
	if lines := desc.MinSize().Height / fyne.MeasureText("A", theme.TextSize(), fyne.TextStyle{}).Height; lines < 3 {
		t.Fatalf("description %v tall, about %.0f lines: it did not wrap (the test needs it to)", desc.MinSize().Height, lines)
	}
	if got, want := desc.Size().Height, desc.MinSize().Height; got < want {
		t.Errorf("description laid out %v tall, its lines need %v: the sidebar was not laid out again once filled", got, want)
	}
	params := w.work.params
	if top, bottom := params.Position().Y, desc.Position().Y+desc.Size().Height; top < bottom {
		t.Errorf("parameters at y=%v, over the description, which ends at y=%v", top, bottom)
	}
	if len(params.Objects) == 0 || params.Objects[1].Size().Width == 0 {
		t.Error("the parameters' fields were not laid out")
	}
}

// countingLayout counts the layouts of a container.
type countingLayout struct {
	inner   fyne.Layout
	layouts int
}

func (l *countingLayout) Layout(o []fyne.CanvasObject, size fyne.Size) {
	l.layouts++
	l.inner.Layout(o, size)
}

func (l *countingLayout) MinSize(o []fyne.CanvasObject) fyne.Size { return l.inner.MinSize(o) }

// countedLabel counts its refreshes.
type countedLabel struct {
	widget.Label
	refreshes int
}

func (c *countedLabel) Refresh() {
	c.refreshes++
	c.Label.Refresh()
}

// TestWindowRootPinned: a content laid out at the size the window gives it
// and pinned is neither laid out again by SetContent (which lays it out at
// its minimum and then at the window's size) nor refreshed, and it has its
// own minimum back once unpinned; an unpinned one is laid out by
// SetContent as before.
func TestWindowRootPinned(t *testing.T) {
	test.NewTempApp(t)
	for _, pinned := range []bool{true, false} {
		w := test.NewWindow(nil)
		w.Resize(fyne.NewSize(400, 300))
		label := &countedLabel{Label: widget.Label{Text: "A label that wraps, as the model's description does.", Wrapping: fyne.TextWrapWord}}
		label.ExtendBaseWidget(label)
		lay := &countingLayout{inner: layout.NewStackLayout()}
		root := newWindowRoot(container.New(lay, label))
		size := contentSize(w.Canvas().Size(), w.Padded(), 0)
		root.Resize(size)
		root.pinned = pinned
		layouts := lay.layouts
		w.SetContent(root)
		root.Refresh()
		if got := root.Size(); got != size {
			t.Errorf("pinned %v: content size %v after SetContent, want %v", pinned, got, size)
		}
		if relaid := lay.layouts != layouts; relaid == pinned {
			t.Errorf("pinned %v: SetContent laid the content out again: %v", pinned, relaid)
		}
		if refreshed := label.refreshes > 0; refreshed == pinned {
			t.Errorf("pinned %v: the content was refreshed: %v", pinned, refreshed)
		}
		root.pinned = false
		if got, want := root.MinSize(), label.MinSize(); got != want {
			t.Errorf("pinned %v: minimum %v once unpinned, want the content's %v", pinned, got, want)
		}
		w.Close()
	}
}

// TestPremadePanic: a panic while the first window's content is made off
// the UI goroutine is raised again on the goroutine that waits for it,
// with its value, where the app's recovery reports it.
func TestPremadePanic(t *testing.T) {
	ready := make(chan struct{})
	close(ready)
	wait := premade(ready, func() fyne.CanvasObject { panic("no theme") })
	defer func() {
		v := recover()
		if s, _ := v.(string); !strings.Contains(s, "no theme") || !strings.Contains(s, "making the window's content") {
			t.Errorf("recovered %v, want the build's panic", v)
		}
	}()
	wait()
	t.Error("wait returned after the build panicked")
}

// TestPremadeHandlerPanicShown: a handler that panics while the first
// window's content is made off the UI goroutine (selecting the last model)
// is logged at once and shown in a dialog once the content is set, on the
// UI goroutine.
func TestPremadeHandlerPanicShown(t *testing.T) {
	h := newHarnessWith(t, DetailsType, models.NewRegistry(paramsPanicModel{testModel{name: "upper"}}))
	warmed := make(chan struct{})
	close(warmed)
	h.app.deps.FontsWarmed = warmed
	h.app.first = h.app.fyne.NewWindow("Vigía")
	w := h.open(t)
	if w.lastDialog == "" {
		t.Error("no dialog for the handler's panic")
	}
	if w.premadeErrs != nil {
		t.Error("the handler's panic is still pending")
	}
	if len(h.events("ui_panic")) == 0 {
		t.Error("no ui_panic record")
	}
}

// describedModel calls asked when its description is read, as the
// workspace does when it selects it.
type describedModel struct {
	testModel
	asked func()
}

func (m describedModel) Description() string { m.asked(); return m.testModel.Description() }

// paramsPanicModel panics when its parameters are asked for.
type paramsPanicModel struct{ testModel }

func (paramsPanicModel) Params() []models.Param { panic("no params") }

// blockingShowWindow's Show closes warmed, as WarmFonts would, and returns
// only once the workspace has read the model's description (or after 10
// s), so that the content is made while Show runs, as the real window's
// Show makes its GL context.
type blockingShowWindow struct {
	fyne.Window
	warmed           chan struct{}
	described        <-chan struct{}
	shown            bool
	placeholderShown bool
	madeDuringShow   bool
}

func (b *blockingShowWindow) Show() {
	if !b.shown {
		b.shown = true
		if o := b.Canvas().Content(); o != nil && o.Visible() {
			b.placeholderShown = true
		}
		select {
		case <-b.described:
			return // made before the window was shown
		default:
		}
		close(b.warmed)
		select {
		case <-b.described:
			b.madeDuringShow = true
		case <-time.After(10 * time.Second):
		}
	}
	b.Window.Show()
}

// orderWindow records the order of Show and SetContent, and whether the
// fonts were warm at each.
type orderWindow struct {
	fyne.Window
	warmed <-chan struct{}
	calls  []string
	onShow func() // if not nil, called once, at the first Show
}

func (o *orderWindow) note(what string) {
	select {
	case <-o.warmed:
		o.calls = append(o.calls, what+", fonts warm")
	default:
		o.calls = append(o.calls, what+", fonts cold")
	}
}

func (o *orderWindow) Show() {
	o.note("show")
	if f := o.onShow; f != nil {
		o.onShow = nil
		f()
	}
	o.Window.Show()
}

func (o *orderWindow) SetContent(c fyne.CanvasObject) { o.note("content"); o.Window.SetContent(c) }

// walkObjects calls visit on o and, while visit returns true, on the
// objects inside it: a container's, and those a widget's renderer draws.
func walkObjects(o fyne.CanvasObject, visit func(fyne.CanvasObject) bool) {
	if !visit(o) {
		return
	}
	switch x := o.(type) {
	case *fyne.Container:
		for _, c := range x.Objects {
			walkObjects(c, visit)
		}
	case fyne.Widget:
		for _, c := range test.WidgetRenderer(x).Objects() {
			walkObjects(c, visit)
		}
	}
}

// TestQuitBeginsStopAtOnce: Quit closes Stopping before its work reaches
// the UI goroutine, so that the caller's shutdown watchdog starts even if
// that work never runs (Fyne's own quit on a signal drops what is queued
// behind it); the quit itself still runs there.
func TestQuitBeginsStopAtOnce(t *testing.T) {
	h := newHarness(t, DetailsType)
	h.open(t)
	h.app.Quit() // the UI queue is not pumped yet
	select {
	case <-h.app.Stopping():
	default:
		t.Fatal("Stopping is not closed until the UI goroutine runs the quit")
	}
	pump(t, "the quit", func() bool { return h.app.quit })
	if len(h.app.windows) != 0 {
		t.Errorf("%d windows still open after the quit", len(h.app.windows))
	}
}
