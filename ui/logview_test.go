package ui

import (
	"encoding/json"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"vigia/session"
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
	for _, r := range v.shown {
		b.WriteString(r.e.Line())
		b.WriteByte('\n')
	}
	return b.String()
}

// shownRow returns the index in v.shown of the newest record whose
// message is msg, or -1.
func shownRow(v *logView, msg string) int {
	for i := len(v.shown) - 1; i >= 0; i-- {
		if v.shown[i].e.Message == msg {
			return i
		}
	}
	return -1
}

// renderedRows returns the cells of the rows the list has laid out, as
// they read on screen.
func renderedRows(v *logView) [][]string {
	var rows [][]string
	for _, o := range test.LaidOutObjects(v.list) {
		c, ok := o.(*fyne.Container)
		if !ok || !c.Visible() {
			continue
		}
		if _, ok := c.Layout.(*logColumns); !ok {
			continue
		}
		var cells []string
		for _, cell := range c.Objects {
			cells = append(cells, cell.(*widget.Label).Text)
		}
		rows = append(rows, cells)
	}
	return rows
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
	w.showTab(atLogs)
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
	h.pumpUntil(t, "the paused record taken in", func() bool {
		return slices.ContainsFunc(v.all, func(r *logRow) bool { return r.e.Message == "while paused" })
	})
	if v.missed == 0 {
		t.Error("the paused view counts no new records")
	}
	if strings.Contains(shownText(v), "while paused") || !strings.Contains(v.status.Text, "paused") {
		t.Errorf("paused view shows %q, status %q", shownText(v), v.status.Text)
	}
	test.Tap(v.pause)
	if !strings.Contains(shownText(v), "while paused") {
		t.Error("resume does not show the records logged while paused")
	}
}

// TestLogViewEventOutcomeFilters: the event and outcome filters offer what
// the records hold, and let only those records through.
func TestLogViewEventOutcomeFilters(t *testing.T) {
	h := newHarness(t, DetailsType)
	w := h.open(t)
	v := w.logs
	w.showTab(atLogs)
	l := w.sess.Logger()
	l.Info("ran a", "event", "task", "outcome", "ok")
	l.Error("ran b", "event", "task", "outcome", "error")
	l.Info("cleared", "event", "cache_clear")
	h.pumpUntil(t, "the records", func() bool { return shownRow(v, "cleared") >= 0 })

	for _, c := range []struct {
		sel  *widget.Select
		want []string
	}{{v.event, []string{"task", "cache_clear"}}, {v.outcome, []string{"ok", "error"}}} {
		for _, o := range c.want {
			if !strings.Contains(strings.Join(c.sel.Options, "|"), o) {
				t.Errorf("filter options %q lack %q", c.sel.Options, o)
			}
		}
	}
	v.event.SetSelected("task")
	if got := shownText(v); !strings.Contains(got, "ran a") || !strings.Contains(got, "ran b") || strings.Contains(got, "cleared") {
		t.Errorf("event=task shows:\n%s", got)
	}
	for _, r := range v.shown {
		if r.event != "task" {
			t.Errorf("event=task shows a record of event %q: %s", r.event, r.e.Line())
		}
	}
	v.outcome.SetSelected("error")
	if got := shownText(v); strings.Count(got, "\n") != 1 || !strings.Contains(got, "ran b") {
		t.Errorf("event=task outcome=error shows:\n%s", got)
	}
	v.event.SetSelected(logsAllEvents)
	v.outcome.SetSelected(logsAllOutcomes)
	if shownRow(v, "cleared") < 0 || shownRow(v, "ran a") < 0 {
		t.Errorf("all events and outcomes show:\n%s", shownText(v))
	}
}

// TestLogViewColumnsAndDetail: a task's row shows the short session and
// the event in their columns, and its fields in the message; selecting it
// opens the detail with every field, and the copies hold them all.
func TestLogViewColumnsAndDetail(t *testing.T) {
	h := newHarness(t, DetailsType)
	w := h.open(t)
	w.work.model.SetSelected("upper")
	test.Type(w.work.input, "hola")
	test.Tap(w.work.run)
	h.wait(t)
	v := w.logs
	w.showTab(atLogs)
	taskRow := func() int {
		for i, r := range v.shown {
			if r.event == "task" {
				return i
			}
		}
		return -1
	}
	h.pumpUntil(t, "the task record", func() bool { return taskRow() >= 0 })
	id := w.sess.ID()
	var row []string
	h.pumpUntil(t, "the task row on screen", func() bool {
		for _, cells := range renderedRows(v) {
			if cells[3] == "task" {
				row = cells
			}
		}
		return row != nil
	})
	if row[2] != session.Short(id) {
		t.Errorf("session column %q, want %q", row[2], session.Short(id))
	}
	if len(row[0]) != len("15:04:05.000") || row[1] != "INFO" {
		t.Errorf("time and level columns %q %q", row[0], row[1])
	}
	for _, want := range []string{"Task model:upper took", "model=upper", "outcome=ok", "duration_ms="} {
		if !strings.Contains(row[4], want) {
			t.Errorf("message column %q lacks %q", row[4], want)
		}
	}
	if strings.Contains(row[4], id) || strings.Contains(row[4], "event=") {
		t.Errorf("message column %q repeats the session or the event", row[4])
	}

	// Select the task's row: the detail opens with every field.
	i := taskRow()
	v.list.Select(i)
	if v.body.Objects[0] != v.split || v.detail != v.shown[i] {
		t.Fatal("selecting a row does not open its detail")
	}
	text := v.detailText.Text
	for _, want := range []string{"time", "level", "INFO", "msg", "Task model:upper took", "logger", "vigia.session." + id,
		"session", id, "event", "task", "model", "upper", "outcome", "ok", "duration_ms"} {
		if !strings.Contains(text, want) {
			t.Errorf("the detail lacks %q:\n%s", want, text)
		}
	}
	if !v.detailText.Selectable {
		t.Error("the detail's text can't be selected")
	}

	test.Tap(v.copyJSON)
	var got map[string]any
	clip := fyne.CurrentApp().Clipboard().Content()
	if err := json.Unmarshal([]byte(clip), &got); err != nil {
		t.Fatalf("Copy as JSON put %q on the clipboard: %v", clip, err)
	}
	for k, want := range map[string]any{"level": "INFO", "logger": "vigia.session." + id, "session": id,
		"event": "task", "task": "model:upper", "model": "upper", "outcome": "ok"} {
		if got[k] != want {
			t.Errorf("JSON %s = %v, want %v", k, got[k], want)
		}
	}
	if _, ok := got["duration_ms"].(float64); !ok {
		t.Errorf("JSON duration_ms = %v, want a number", got["duration_ms"])
	}
	if ts, _ := got["time"].(string); !strings.HasSuffix(ts, "Z") || len(ts) != len("2006-01-02T15:04:05.000Z") {
		t.Errorf("JSON time = %q, want app.log's format", ts)
	}
	if !strings.HasPrefix(clip, `{"time":`) || strings.Contains(clip, "\n") {
		t.Errorf("Copy as JSON is not one object in app.log's order: %s", clip)
	}

	test.Tap(v.copyText)
	clip = fyne.CurrentApp().Clipboard().Content()
	for _, want := range []string{"level=INFO\n", "session=" + id + "\n", "event=task\n", "model=upper\n", "outcome=ok\n"} {
		if !strings.Contains(clip, want) {
			t.Errorf("Copy record lacks %q:\n%s", want, clip)
		}
	}

	// New records keep the selection on its record.
	w.sess.Logger().Info("after the selection")
	h.pumpUntil(t, "the new record", func() bool { return shownRow(v, "after the selection") >= 0 })
	if v.detail.event != "task" {
		t.Errorf("the detail moved to %q", v.detail.e.Message)
	}
	test.Tap(v.closeDetail)
	if v.body.Objects[0] != v.listPane || v.detail != nil {
		t.Error("closing the detail leaves it open")
	}
}

// listAtBottom reports whether the list shows its last row.
func listAtBottom(v *logView) bool {
	content := float32(len(v.shown))*v.rowStep - theme.Padding() // no separator after the last row
	return v.list.GetScrollOffset()+v.list.Size().Height >= content-1
}

// TestLogViewFollow: Follow keeps the newest record in view as records
// arrive, turns itself off when the user scrolls up, and jumps back to
// the newest when turned on again.
func TestLogViewFollow(t *testing.T) {
	h := newHarness(t, DetailsType)
	w := h.open(t)
	v := w.logs
	w.showTab(atLogs)
	l := w.sess.Logger()
	for i := range 200 {
		l.Info("first", "i", i)
	}
	// All 200: the tail takes records in batches, and a first batch may
	// hold only a few of them.
	h.pumpUntil(t, "the first records", func() bool {
		n := 0
		for _, r := range v.shown {
			if r.e.Message == "first" {
				n++
			}
		}
		return n == 200
	})
	if v.list.Size().Height <= 0 || float32(len(v.shown))*v.rowStep < 2*v.list.Size().Height {
		t.Fatalf("the list is %v high for %d rows: the test needs it to scroll", v.list.Size(), len(v.shown))
	}
	for round := range 3 {
		l.Info("more", "round", round)
		h.pumpUntil(t, "the next record", func() bool {
			return v.shown[len(v.shown)-1].e.Message == "more" && listAtBottom(v)
		})
		if !v.follow.Checked {
			t.Fatal("Follow turned off by itself")
		}
	}

	// Scroll up with the mouse wheel, over the list.
	pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(v.list).AddXY(100, 100)
	test.Scroll(w.win.Canvas(), pos, 0, 300)
	offset := v.list.GetScrollOffset()
	if listAtBottom(v) {
		t.Fatal("the scroll did not move the list")
	}
	l.Info("while reading")
	h.pumpUntil(t, "Follow to turn off", func() bool { return !v.follow.Checked })
	h.pumpUntil(t, "the record", func() bool { return shownRow(v, "while reading") >= 0 })
	if got := v.list.GetScrollOffset(); got != offset {
		t.Errorf("the list moved from %v to %v while the user reads", offset, got)
	}

	test.Tap(v.follow)
	if !v.follow.Checked || !listAtBottom(v) {
		t.Errorf("turning Follow on does not show the newest record (offset %v)", v.list.GetScrollOffset())
	}
	l.Info("following again")
	h.pumpUntil(t, "the newest record in view", func() bool {
		return shownRow(v, "following again") == len(v.shown)-1 && listAtBottom(v)
	})
}

// TestLogViewBurst: 10 000 records in a burst reach the view in batches,
// never one refresh per record, and the UI goroutine's time stays small.
func TestLogViewBurst(t *testing.T) {
	h := newHarness(t, DetailsType)
	w := h.open(t)
	v := w.logs
	w.showTab(atLogs)
	h.pumpUntil(t, "the first rebuild", func() bool { return len(v.shown) > 0 })
	// With a record in the detail and Follow on: the record leaves the
	// ring during the burst, the detail keeps it.
	v.list.Select(0)
	test.Tap(v.follow)
	picked := v.detail
	if picked == nil || !v.following {
		t.Fatal("no detail, or Follow off")
	}
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
		return len(v.shown) > 0 && strings.Contains(v.shown[len(v.shown)-1].e.Line(), "i=9999")
	})
	wg.Wait()
	if len(v.shown) > logViewMax || len(v.all) > logViewMax {
		t.Errorf("the view holds %d records (%d shown), want at most %d", len(v.all), len(v.shown), logViewMax)
	}
	if v.detail != picked || !v.following || !listAtBottom(v) {
		t.Error("the burst lost the detail's record, or the newest records")
	}
	if b := v.batches.Load(); b > 200 {
		t.Errorf("the burst took %d UI updates, want it batched (≤ 200)", b)
	}
	t.Logf("10 000 records: %d UI batches, %v on the UI goroutine", v.batches.Load(), time.Duration(v.uiTime.Load()))
}
