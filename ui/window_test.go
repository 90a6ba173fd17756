package ui

import (
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
	var walk func(fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		if !o.Visible() {
			return // not painted, so never measured by the renderer either
		}
		switch x := o.(type) {
		case *canvas.Text:
			if x.Text != "" {
				styles[x.TextStyle] = x.Text
			}
		case *fyne.Container:
			for _, c := range x.Objects {
				walk(c)
			}
		case fyne.Widget:
			for _, c := range test.WidgetRenderer(x).Objects() {
				walk(c)
			}
		}
	}
	walk(w.win.Content())
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
// Deps.FontsWarmed is closed.
func TestWindowWaitsForFonts(t *testing.T) {
	h := newHarness(t, DetailsType)
	warmed := make(chan struct{})
	h.app.deps.FontsWarmed = warmed
	opened := make(chan struct{})
	go func() {
		defer close(opened)
		time.Sleep(50 * time.Millisecond)
		close(warmed)
	}()
	start := time.Now()
	h.open(t)
	if took := time.Since(start); took < 50*time.Millisecond {
		t.Errorf("the window opened after %v, before the fonts were warm", took)
	}
	<-opened
}
