package ui

import (
	"errors"
	"strings"
	"testing"

	"vigia/config"
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
	w.win.Close() // waits for them
	SetupLanguage("en")
	w2 := h.open(t)
	if got := w2.tabs.Items[3].Text; got != "Logs" {
		t.Errorf("after switching back got %q, want Logs", got)
	}
}

// TestSettingMessagesTranslated: the Settings form says what is wrong in
// the interface's language, from config's typed errors; config's own
// messages, which reach the logs and the command line, stay in English.
func TestSettingMessagesTranslated(t *testing.T) {
	t.Setenv("LANGUAGE", "")
	SetupLanguage("es")
	t.Cleanup(func() { SetupLanguage("en") })
	if err := fieldError("log-max-size-mb", "0"); err == nil || err.Error() != "debe ser un número entero de 1 a 1024" {
		t.Errorf("the form says %v", err)
	}
	if err := fieldError("log-max-backups", "-1"); err == nil || err.Error() != "debe ser un número entero de 0 a 1000 (0 significa sin límite)" {
		t.Errorf("the form says %v", err)
	}
	if err := fieldError("theme", "blue"); err == nil || err.Error() != "debe ser uno de Sistema, Claro, Oscuro" {
		t.Errorf("the form says %v", err)
	}
	if got := savedMessage([]config.Setting{mustLookup(t, "log-max-size-mb"), mustLookup(t, "language")}); got != "Guardado. Cambios que se aplican en el próximo inicio: Tamaño máximo (MB) y Idioma." {
		t.Errorf("the saved message says %q", got)
	}
	if err := config.Validate("log-max-size-mb", "0"); err == nil || err.Error() != "log-max-size-mb must be at least 1, got 0" {
		t.Errorf("config says %v", err)
	}
}

func mustLookup(t *testing.T, key string) config.Setting {
	t.Helper()
	s, ok := config.Lookup(key)
	if !ok {
		t.Fatalf("no setting %s", key)
	}
	return s
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
