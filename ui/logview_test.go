package ui

import (
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

// pumpUntil runs queued UI work until cond holds.
func (h *harness) pumpUntil(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.After(30 * time.Second)
	for !cond() {
		select {
		case f := <-uiQueue:
			f()
		case <-time.After(20 * time.Millisecond):
		case <-deadline:
			t.Fatalf("timed out waiting for %s", what)
		}
	}
}

func shownText(v *logView) string {
	var b strings.Builder
	for _, e := range v.shown {
		b.WriteString(e.Line())
		b.WriteByte('\n')
	}
	return b.String()
}

func TestLogViewFilters(t *testing.T) {
	h := newHarness(t, DetailsType)
	w := h.open(t)
	w.onNewSession()
	var other *sessionWindow
	for x := range h.app.windows {
		if x != w {
			other = x
		}
	}
	w.sess.Logger().Info("mine info")
	w.sess.Logger().Warn("mine warning")
	other.sess.Logger().Info("theirs info")
	v := w.logs
	w.showTab(3)
	h.pumpUntil(t, "the records", func() bool { return strings.Contains(shownText(v), "theirs info") })

	v.level.SetSelected("WARN")
	if got := shownText(v); strings.Contains(got, "mine info") || !strings.Contains(got, "mine warning") {
		t.Errorf("level WARN shows:\n%s", got)
	}
	v.level.SetSelected("INFO")
	v.session.SetSelected(logsThisSession)
	if got := shownText(v); strings.Contains(got, "theirs info") || !strings.Contains(got, "mine info") {
		t.Errorf("this session shows:\n%s", got)
	}
	v.session.SetSelected(logsAllSessions)
	test.Type(v.search, "THEIRS")
	if got := shownText(v); strings.Count(got, "\n") != 1 || !strings.Contains(got, "theirs info") {
		t.Errorf("search shows:\n%s", got)
	}
	v.search.SetText("")

	// Pause: new records wait; resume shows them.
	test.Tap(v.pause)
	w.sess.Logger().Info("while paused")
	h.pumpUntil(t, "the paused count", func() bool { return v.missed > 0 })
	if strings.Contains(shownText(v), "while paused") || !strings.Contains(v.status.Text, "paused") {
		t.Errorf("paused view shows %q, status %q", shownText(v), v.status.Text)
	}
	test.Tap(v.pause)
	if !strings.Contains(shownText(v), "while paused") {
		t.Error("resume does not show the records logged while paused")
	}

	// Copy the selected line.
	v.list.Select(0)
	test.Tap(v.copyBtn)
	if got := fyne.CurrentApp().Clipboard().Content(); got != v.shown[0].Line() {
		t.Errorf("copied %q, want the first line", got)
	}
}

// TestLogViewBurst: 10 000 records in a burst reach the view in batches,
// never one refresh per record, and the UI goroutine's time stays small.
func TestLogViewBurst(t *testing.T) {
	h := newHarness(t, DetailsType)
	w := h.open(t)
	v := w.logs
	w.showTab(3)
	h.pumpUntil(t, "the first rebuild", func() bool { return len(v.shown) > 0 })
	const n = 10000
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		l := w.sess.Logger()
		for i := range n {
			l.Info("burst", "i", i)
		}
	}()
	h.pumpUntil(t, "the last burst record", func() bool {
		return len(v.shown) > 0 && strings.Contains(v.shown[len(v.shown)-1].Line(), "i=9999")
	})
	wg.Wait()
	if len(v.shown) > logViewMax {
		t.Errorf("the view holds %d records, want at most %d", len(v.shown), logViewMax)
	}
	if b := v.batches.Load(); b > 200 {
		t.Errorf("the burst took %d UI updates, want it batched (≤ 200)", b)
	}
	t.Logf("10 000 records: %d UI batches, %v on the UI goroutine", v.batches.Load(), time.Duration(v.uiTime.Load()))
}
