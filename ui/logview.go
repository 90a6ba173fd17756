package ui

import (
	"context"
	"fmt"
	"log/slog"
	"net/url"
	"path/filepath"
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"vigia/logging"
	"vigia/session"
)

// Level filter choices of the log viewer.
var logLevels = []string{"DEBUG", "INFO", "WARN", "ERROR"}

// Session filter choices.
const (
	logsAllSessions  = "All sessions"
	logsThisSession  = "This session"
	logBatchInterval = 100 * time.Millisecond // records reach the list at most this often
	logViewMax       = logging.DefaultRingSize
)

// logView is the Logs tab: a live tail of the in-memory ring. A loop of
// the window's async collects new records in batches and hands each batch
// to the UI goroutine at most every 100 ms, so a burst never means one
// refresh per record; the list is virtualised.
type logView struct {
	w    *sessionWindow
	ring *logging.Ring

	list    *widget.List
	level   *widget.Select
	session *widget.Select
	search  *widget.Entry
	pause   *widget.Button
	copyBtn *widget.Button
	openDir *widget.Button
	status  *widget.Label

	// UI goroutine only:
	shown    []logging.Entry // the filtered records on screen, oldest first
	selected int
	paused   bool
	missed   int    // records that arrived while paused
	lastSeq  uint64 // the newest record taken in; older ones arriving late are skipped

	visible atomic.Bool
	uiTime  atomic.Int64 // nanoseconds spent on the UI goroutine, for tests and budgets
	batches atomic.Int64 // batches handed to the UI goroutine
}

func newLogView(w *sessionWindow) *logView {
	v := &logView{w: w, ring: w.app.deps.Logs.Ring(), selected: -1}
	v.list = widget.NewList(
		func() int { return len(v.shown) },
		func() fyne.CanvasObject {
			return &widget.Label{TextStyle: fyne.TextStyle{Monospace: true}, Truncation: fyne.TextTruncateEllipsis}
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			l := o.(*widget.Label)
			if i < 0 || i >= len(v.shown) {
				return
			}
			e := v.shown[i]
			l.Text = e.Line()
			switch {
			case e.Level >= slog.LevelError:
				l.Importance = widget.DangerImportance
			case e.Level >= slog.LevelWarn:
				l.Importance = widget.WarningImportance
			case e.Level < slog.LevelInfo:
				l.Importance = widget.LowImportance
			default:
				l.Importance = widget.MediumImportance
			}
			l.Refresh()
		},
	)
	v.list.OnSelected = func(id widget.ListItemID) { v.selected = id; v.copyBtn.Enable() }
	v.list.OnUnselected = func(widget.ListItemID) { v.selected = -1 }
	v.level = widget.NewSelect(logLevels, v.onFilterChanged)
	v.level.SetSelected("INFO")
	v.session = widget.NewSelect([]string{L(logsAllSessions), L(logsThisSession)}, v.onFilterChanged)
	v.session.SetSelected(L(logsAllSessions))
	v.search = widget.NewEntry()
	v.search.SetPlaceHolder(L("Search"))
	v.search.OnChanged = func(string) { v.rebuild() } // not tracked: one record per keystroke would flood the log
	v.pause = &widget.Button{Text: L("Pause"), OnTapped: v.onPause}
	v.copyBtn = &widget.Button{Text: L("Copy line"), OnTapped: v.onCopy}
	v.copyBtn.Disable()
	v.openDir = &widget.Button{Text: L("Open log folder"), OnTapped: v.onOpenDir}
	v.status = widget.NewLabel("")
	return v
}

func (v *logView) content() fyne.CanvasObject {
	bar := container.NewBorder(nil, nil,
		container.NewHBox(widget.NewLabel(L("Level")), v.level, v.session),
		container.NewHBox(v.pause, v.copyBtn, v.openDir),
		v.search)
	return container.NewBorder(bar, v.status, nil, nil, v.list)
}

// matches reports whether e passes the filters; UI goroutine.
func (v *logView) matches(e logging.Entry, min slog.Level, mine bool, text string) bool {
	if e.Level < min {
		return false
	}
	if mine && e.Session != v.w.sess.ID() {
		return false
	}
	return e.Contains(text)
}

func (v *logView) filters() (slog.Level, bool, string) {
	var min slog.Level
	_ = min.UnmarshalText([]byte(v.level.Selected))
	return min, v.session.Selected == L(logsThisSession), v.search.Text
}

// rebuild refilters what the ring holds; UI goroutine.
func (v *logView) rebuild() {
	start := time.Now()
	min, mine, text := v.filters()
	v.shown = v.shown[:0]
	for _, e := range v.ring.Snapshot() {
		v.lastSeq = max(v.lastSeq, e.Seq)
		if v.matches(e, min, mine, text) {
			v.shown = append(v.shown, e)
		}
	}
	v.missed = 0
	v.selected = -1
	v.list.UnselectAll()
	v.list.Refresh()
	v.list.ScrollToBottom()
	v.showStatus()
	v.uiTime.Add(int64(time.Since(start)))
}

func (v *logView) showStatus() {
	s := fmt.Sprintf(L("%d records shown"), len(v.shown))
	if v.paused {
		s += fmt.Sprintf(L(" · paused, %d new"), v.missed)
	}
	v.status.SetText(s)
}

// add puts a batch on screen; UI goroutine.
func (v *logView) add(batch []logging.Entry) {
	v.batches.Add(1)
	start := time.Now()
	defer func() { v.uiTime.Add(int64(time.Since(start))) }()
	if v.paused {
		v.missed += len(batch)
		v.showStatus()
		return
	}
	min, mine, text := v.filters()
	for _, e := range batch {
		if e.Seq <= v.lastSeq {
			continue // already taken in by a rebuild
		}
		v.lastSeq = e.Seq
		if v.matches(e, min, mine, text) {
			v.shown = append(v.shown, e)
		}
	}
	if over := len(v.shown) - logViewMax; over > 0 {
		v.shown = append(v.shown[:0], v.shown[over:]...)
		v.selected = -1
		v.list.UnselectAll()
	}
	v.list.Refresh()
	v.list.ScrollToBottom()
	v.showStatus()
}

// run feeds the view until ctx ends: it wakes on new records, takes them
// from the ring off the UI goroutine, and hands them over in batches. The
// window's async runs it.
func (v *logView) run(ctx context.Context) {
	wake, cancel := v.ring.Subscribe()
	defer cancel()
	var seq uint64 // add skips what a rebuild already took in
	stale := true  // the view must be rebuilt from the ring when next shown
	for {
		select {
		case <-ctx.Done():
			return
		case <-wake:
		case <-time.After(time.Second): // to notice the tab being shown
		}
		if !v.visible.Load() {
			stale = true
			continue
		}
		if stale {
			v.w.async.Post("logs_rebuild", v.rebuild)
			stale = false
			continue
		}
		batch, next := v.ring.Since(seq)
		seq = next
		if len(batch) > 0 {
			v.w.async.Post("logs_add", func() { v.add(batch) })
		}
		select { // batch: let records gather for a moment
		case <-ctx.Done():
			return
		case <-time.After(logBatchInterval):
		}
	}
}

func (v *logView) setVisible(on bool) { v.visible.Store(on) }

func (v *logView) onFilterChanged(string) {
	defer v.w.guard("logs_filter")
	if v.level == nil || v.session == nil || v.search == nil || v.status == nil {
		return // still being built
	}
	min, mine, _ := v.filters()
	session.Track(v.w.ctx, "logs_filter", fmt.Sprintf("level=%s this_session=%v", min, mine))
	v.rebuild()
}

func (v *logView) onPause() {
	defer v.w.guard("logs_pause")
	v.paused = !v.paused
	session.Track(v.w.ctx, "logs_pause", fmt.Sprint(v.paused))
	if v.paused {
		v.pause.SetText(L("Resume"))
		v.showStatus()
		return
	}
	v.pause.SetText(L("Pause"))
	v.rebuild()
}

func (v *logView) onCopy() {
	defer v.w.guard("logs_copy")
	if v.selected < 0 || v.selected >= len(v.shown) {
		return
	}
	session.Track(v.w.ctx, "logs_copy", "")
	fyne.CurrentApp().Clipboard().SetContent(v.shown[v.selected].Line())
}

func (v *logView) onOpenDir() {
	defer v.w.guard("logs_open_folder")
	dir := filepath.Dir(v.w.app.deps.Logs.AppLogPath())
	session.Track(v.w.ctx, "logs_open_folder", dir)
	if err := fyne.CurrentApp().OpenURL(&url.URL{Scheme: "file", Path: dir}); err != nil {
		v.w.showError(L("Can't open the log folder"), fmt.Errorf("open %s: %w", dir, err))
	}
}
