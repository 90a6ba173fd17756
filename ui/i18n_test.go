package ui

import (
	"testing"
)

// TestLanguageSwitch: choosing Spanish changes the labels a new window
// shows; English restores them.
func TestLanguageSwitch(t *testing.T) {
	t.Setenv("LANGUAGE", "")
	SetupLanguage("es")
	t.Cleanup(func() { SetupLanguage("en") })
	h := newHarness(t, DetailsType)
	w := h.open(t)
	if got := w.tabs.Items[3].Text; got != "Registros" {
		t.Errorf("got the Logs tab as %q, want Registros", got)
	}
	if got := w.work.run.Text; got != "Procesar (Ctrl+Enter)" {
		t.Errorf("got the Run button as %q, want the seed's Procesar", got)
	}
	if got := w.win.Title(); got != "Vigía — sesión "+w.sess.ShortID() {
		t.Errorf("got title %q", got)
	}
	SetupLanguage("en")
	w2 := h.open(t)
	if got := w2.tabs.Items[3].Text; got != "Logs" {
		t.Errorf("after switching back got %q, want Logs", got)
	}
}
