package ui

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"go.uber.org/goleak"
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
	h.app.deps.FontsWarmed = warmed
	h.app.first = first // as New takes Deps.FirstWindow
	opened := make(chan struct{})
	go func() {
		defer close(opened)
		time.Sleep(50 * time.Millisecond)
		close(warmed)
	}()
	start := time.Now()
	w := h.open(t)
	if took := time.Since(start); took < 50*time.Millisecond {
		t.Errorf("the window opened after %v, before the fonts were warm", took)
	}
	<-opened
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

// orderWindow records the order of Show and SetContent, and whether the
// fonts were warm at each.
type orderWindow struct {
	fyne.Window
	warmed <-chan struct{}
	calls  []string
}

func (o *orderWindow) note(what string) {
	select {
	case <-o.warmed:
		o.calls = append(o.calls, what+", fonts warm")
	default:
		o.calls = append(o.calls, what+", fonts cold")
	}
}

func (o *orderWindow) Show() { o.note("show"); o.Window.Show() }

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
