package ui

import (
	"runtime"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// TestAbout: Help › About shows the version and build the app was given
// (main reads both from FyneApp.toml), the Fyne and Go versions and the log
// file; Copy puts the same text on the clipboard.
func TestAbout(t *testing.T) {
	h := newHarness(t, DetailsType)
	h.app.deps.Version, h.app.deps.Build = "9.8.7", 42
	w := h.open(t)
	var about *fyne.MenuItem
	for _, m := range w.win.MainMenu().Items {
		for _, it := range m.Items {
			if it.Label == "About Vigía" {
				about = it
			}
		}
	}
	if about == nil {
		t.Fatal("no About item in the main menu")
	}
	about.Action()
	if w.about == nil {
		t.Fatal("About did not open a dialog")
	}
	text := w.aboutText()
	for _, want := range []string{"Vigía 9.8.7 (build 42)", "Fyne ", runtime.Version(), w.app.deps.Logs.AppLogPath(), w.sess.ID()} {
		if !strings.Contains(text, want) {
			t.Errorf("About says %q, want %q in it", text, want)
		}
	}
	markup := test.RenderToMarkup(w.win.Canvas())
	if !strings.Contains(markup, "9.8.7") {
		t.Error("the About dialog is not on screen")
	}
	btn := findButton(t, w.win.Canvas().Overlays().Top(), "Copy")
	if btn == nil {
		t.Fatal("no Copy button in the About dialog")
	}
	test.Tap(btn)
	if got := fyne.CurrentApp().Clipboard().Content(); got != text {
		t.Errorf("clipboard %q, want the About text", got)
	}
}

// findButton returns the button labelled text under o, or nil.
func findButton(t *testing.T, o fyne.CanvasObject, text string) *widget.Button {
	if o == nil {
		return nil
	}
	if b, ok := o.(*widget.Button); ok && b.Text == text {
		return b
	}
	var kids []fyne.CanvasObject
	switch c := o.(type) {
	case *fyne.Container:
		kids = c.Objects
	case fyne.Widget:
		kids = test.TempWidgetRenderer(t, c).Objects()
	}
	for _, k := range kids {
		if b := findButton(t, k, text); b != nil {
			return b
		}
	}
	return nil
}
