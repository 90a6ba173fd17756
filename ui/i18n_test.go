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
	// The dashboard's cards speak it too, their changes included.
	w.showTab(2)
	h.waitRefresh(t)
	if got := w.dash.cards[1].delta.Text; got != "ninguna solicitud en el último minuto" {
		t.Errorf("got the error rate's change as %q", got)
	}
	if got := w.dash.cards[2].delta.Text; got != "ninguna tarea en el último minuto" {
		t.Errorf("got the response time's change as %q", got)
	}
	// Its loops read the translations: they end before these change.
	w.win.Close()
	w.bg.Wait()
	SetupLanguage("en")
	w2 := h.open(t)
	if got := w2.tabs.Items[3].Text; got != "Logs" {
		t.Errorf("after switching back got %q, want Logs", got)
	}
}
