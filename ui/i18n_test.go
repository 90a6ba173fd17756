package ui

import (
	"errors"
	"strings"
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

// TestSettingMessagesTranslated: the Settings form says what is wrong in
// the interface's language; ValidateSetting, whose messages reach the
// logs, stays in English.
func TestSettingMessagesTranslated(t *testing.T) {
	t.Setenv("LANGUAGE", "")
	SetupLanguage("es")
	t.Cleanup(func() { SetupLanguage("en") })
	if err := checkField(PrefLogMaxSizeMB, "0"); err == nil || err.Error() != "debe ser un número entero de 1 a 1024" {
		t.Errorf("the form says %v", err)
	}
	if err := checkField(PrefLogMaxBackups, "-1"); err == nil || err.Error() != "debe ser un número entero de 0 a 1000 (0 guarda todos)" {
		t.Errorf("the form says %v", err)
	}
	if err := ValidateSetting(PrefLogMaxSizeMB, "0"); err == nil || !strings.HasSuffix(err.Error(), "must be a whole number from 1 to 1024") {
		t.Errorf("ValidateSetting says %v", err)
	}
}

// TestErrorDetailTranslated: in Spanish an error dialog says "Tipo de
// error" and, as in English, still quotes a plain error's own message.
func TestErrorDetailTranslated(t *testing.T) {
	t.Setenv("LANGUAGE", "")
	SetupLanguage("es")
	t.Cleanup(func() { SetupLanguage("en") })
	text, _ := errorDetail(errors.New("boom"), DetailsType)
	if !strings.Contains(text, "Tipo de error: *errors.errorString") || !strings.HasSuffix(text, "\n\nboom") {
		t.Errorf("got %q", text)
	}
}
