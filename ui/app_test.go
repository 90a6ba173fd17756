package ui

import (
	"context"
	"errors"
	"io"
	"strings"
	"sync"
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"vigia/logging"
	"vigia/session"
)

// fakeLogs records what the UI asks of the logging system.
type fakeLogs struct {
	mu       sync.Mutex
	debug    bool
	calls    []bool
	problem  error
	debugErr error
}

func (f *fakeLogs) SetDebug(on bool) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.debug = on
	f.calls = append(f.calls, on)
	return f.debugErr
}
func (f *fakeLogs) Debug() bool        { f.mu.Lock(); defer f.mu.Unlock(); return f.debug }
func (f *fakeLogs) AppLogPath() string { return "/var/log/vigia/app.log" }
func (f *fakeLogs) Problem() error     { return f.problem }

func newTestApp(t *testing.T, logs Logs) (*App, *session.Manager, *logging.System) {
	t.Helper()
	sys := logging.New(logging.Options{Dir: t.TempDir(), Console: io.Discard})
	t.Cleanup(func() { _ = sys.Close() })
	m := session.NewManager(session.Options{Logger: sys.Logger()})
	return New(context.Background(), test.NewTempApp(t), m, logs), m, sys
}

func onlyWindow(t *testing.T, a *App) *sessionWindow {
	t.Helper()
	if len(a.windows) != 1 {
		t.Fatalf("got %d windows, want 1", len(a.windows))
	}
	for w := range a.windows {
		return w
	}
	return nil
}

func events(sys *logging.System, name string) []logging.Entry {
	var out []logging.Entry
	for _, e := range sys.Ring().Snapshot() {
		if v, ok := e.Attr("event"); ok && v.String() == name {
			out = append(out, e)
		}
	}
	return out
}

func TestSessionWindow(t *testing.T) {
	logs := &fakeLogs{}
	a, m, sys := newTestApp(t, logs)
	win := a.OpenSession()
	w := onlyWindow(t, a)

	if want := "Vigía — session " + w.sess.ID()[:8]; win.Title() != want {
		t.Errorf("got title %q, want %q", win.Title(), want)
	}
	if got := events(sys, "session_start"); len(got) != 1 || got[0].Session != w.sess.ID() {
		t.Errorf("got session_start records %v, want one for %s", got, w.sess.ID())
	}
	if w.level.Text != "INFO" {
		t.Errorf("got level %q, want INFO", w.level.Text)
	}

	test.Tap(w.debug)
	if !logs.Debug() || w.level.Text != "DEBUG (debug.log open)" {
		t.Errorf("after tapping Debug mode got debug %v, level %q; want on and DEBUG", logs.Debug(), w.level.Text)
	}
	test.Tap(w.debug)
	if logs.Debug() || len(logs.calls) != 2 {
		t.Errorf("got calls %v, want [true false]", logs.calls)
	}
	acts := events(sys, "user_action")
	if len(acts) != 2 {
		t.Fatalf("got %d user_action records, want 2", len(acts))
	}
	for i, want := range []string{"on", "off"} {
		if d, _ := acts[i].Attr("details"); d.String() != want || acts[i].Session != w.sess.ID() {
			t.Errorf("user_action %d got details %q session %q, want %q in %s", i, d, acts[i].Session, want, w.sess.ID())
		}
	}

	win.Close()
	if len(m.List()) != 0 || len(a.windows) != 0 {
		t.Errorf("after closing got %d sessions and %d windows, want none", len(m.List()), len(a.windows))
	}
	ends := events(sys, "session_end")
	if len(ends) != 1 {
		t.Fatalf("got %d session_end records, want 1", len(ends))
	}
	if v, _ := ends[0].Attr("actions"); v.Int64() != 2 {
		t.Errorf("session_end got actions %v, want 2", v)
	}
}

func TestLogProblemBanner(t *testing.T) {
	logs := &fakeLogs{problem: errors.New("open /ro/app.log: permission denied")}
	a, _, _ := newTestApp(t, logs)
	a.OpenSession()
	w := onlyWindow(t, a)
	var texts []string
	for _, o := range test.LaidOutObjects(w.banner) {
		if l, ok := o.(*widget.Label); ok {
			texts = append(texts, l.Text)
		}
	}
	if len(texts) != 1 || !strings.Contains(texts[0], "permission denied") {
		t.Errorf("got banner texts %q, want one naming the problem", texts)
	}
}

func TestNoBannerWhenHealthy(t *testing.T) {
	a, _, _ := newTestApp(t, &fakeLogs{})
	a.OpenSession()
	if w := onlyWindow(t, a); len(w.banner.Objects) != 0 {
		t.Errorf("got %d banners for healthy logs, want none", len(w.banner.Objects))
	}
}

func TestDebugLogErrorShowsDialog(t *testing.T) {
	logs := &fakeLogs{debugErr: errors.New("open debug.log: read-only file system")}
	a, _, _ := newTestApp(t, logs)
	win := a.OpenSession()
	w := onlyWindow(t, a)
	test.Tap(w.debug)
	top := win.Canvas().Overlays().Top()
	if top == nil {
		t.Fatal("no dialog after debug.log failed to open")
	}
	found := false
	for _, o := range test.LaidOutObjects(top) {
		if l, ok := o.(*widget.Label); ok && strings.Contains(l.Text, "read-only file system") {
			found = true
		}
	}
	if !found {
		t.Error("the dialog does not say why debug.log can't be written")
	}
}
