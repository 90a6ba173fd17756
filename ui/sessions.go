package ui

import (
	"context"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"vigia/journal"
	"vigia/report"
	"vigia/session"
)

// History is what the Sessions tab needs (*engine.Engine).
type History interface {
	History() ([]journal.Session, error)
	ExportFigures(w io.Writer, id string, csv bool, version string) error
	Diagnostics(w io.Writer, settings map[string]any, version, fyneVersion string) error
	SessionLogTail(id string, n int) ([]string, error)
}

// sessionsPanel lists current and past sessions from the journal, with the
// crash-free rate, a detail view, and the Export and Diagnostics buttons.
type sessionsPanel struct {
	w *sessionWindow

	rate    *widget.Label
	list    *widget.List
	detail  *widget.Label
	status  *widget.Label
	export  *widget.Button
	diag    *widget.Button
	refresh *widget.Button
	onDash  *widget.Button // shows the selected session on the dashboard

	selected int // the row the detail shows, -1 for none; UI goroutine only

	rows []journal.Session // newest first; UI goroutine only

	// Generations of what is on screen, so that a background result shows
	// only if what asked for it still does (the window's async drops the
	// others): a slow log tail must not overwrite the detail of a row picked
	// after it, nor an older journal read the rows of a newer one. detailGen
	// moves on with every selection and every reload of the rows (which
	// clears the detail), rowsGen with every load.
	detailGen, rowsGen generation
}

func newSessionsPanel(w *sessionWindow) *sessionsPanel {
	p := &sessionsPanel{w: w, selected: -1}
	p.rate = widget.NewLabel("")
	p.detail = &widget.Label{Wrapping: fyne.TextWrapWord, Selectable: true}
	p.status = &widget.Label{Wrapping: fyne.TextWrapWord}
	p.list = widget.NewList(
		func() int { return len(p.rows) },
		func() fyne.CanvasObject {
			return &widget.Label{TextStyle: fyne.TextStyle{Monospace: true}, Truncation: fyne.TextTruncateEllipsis}
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			if i >= 0 && i < len(p.rows) {
				l := o.(*widget.Label)
				l.Text, l.Importance = p.rowText(p.rows[i]), p.rowImportance(p.rows[i])
				l.Refresh()
			}
		},
	)
	p.list.OnSelected = func(i widget.ListItemID) { p.showDetail(i) }
	p.refresh = &widget.Button{Text: L("Refresh"), OnTapped: p.onRefresh}
	p.export = &widget.Button{Text: L("Export figures…"), OnTapped: p.onExport}
	p.diag = &widget.Button{Text: L("Diagnostics bundle…"), OnTapped: p.onDiagnostics}
	p.onDash = &widget.Button{Text: L("Show on dashboard"), OnTapped: p.onShowOnDashboard}
	p.onDash.Disable()
	return p
}

func (p *sessionsPanel) content() fyne.CanvasObject {
	top := container.NewVBox(p.rate, container.NewHBox(p.refresh, p.export, p.diag, p.onDash))
	split := container.NewVSplit(p.list, container.NewVScroll(p.detail))
	split.Offset = 0.6
	return container.NewBorder(top, p.status, nil, nil, split)
}

func (p *sessionsPanel) state(s journal.Session) string {
	switch {
	case s.ID == p.w.sess.ID():
		return L("this window")
	case s.Crashed:
		return L("crashed")
	case s.Ended:
		return L("ended")
	}
	return L("running")
}

func (p *sessionsPanel) rowText(s journal.Session) string {
	req, rate := "–", "–"
	if s.Summary != nil {
		req = fmt.Sprint(s.Summary.Requests)
		rate = fmt.Sprintf("%.1f %%", 100*s.Summary.ErrorRate)
	}
	return fmt.Sprintf("%s  %-8.8s  %8s  %7s req  %7s  %s", s.Start.Local().Format("2006-01-02 15:04"), s.ID,
		s.Duration(time.Now()).Round(time.Second), req, rate, p.state(s))
}

func (p *sessionsPanel) rowImportance(s journal.Session) widget.Importance {
	if s.Crashed {
		return widget.DangerImportance
	}
	return widget.MediumImportance
}

// load reads the journal off the UI goroutine and shows it.
func (p *sessionsPanel) load() {
	h := p.w.app.deps.History
	if h == nil {
		p.rate.SetText(L("No sessions journal."))
		return
	}
	type journalRead struct {
		sessions []journal.Session
		err      error
	}
	goFor(p.w.async, p.rowsGen.next(), "sessions_load", func(context.Context) journalRead {
		sessions, err := h.History()
		return journalRead{sessions, err}
	}, func(r journalRead) { p.show(r.sessions, r.err) })
}

func (p *sessionsPanel) show(sessions []journal.Session, err error) {
	defer p.w.guard("sessions_show")
	if err != nil {
		p.status.SetText(fmt.Sprintf(L("The sessions journal can't be read: %v"), err))
		return
	}
	now := time.Now()
	r7, n7 := journal.CrashFreeRate(sessions, now, 7*24*time.Hour)
	r30, n30 := journal.CrashFreeRate(sessions, now, 30*24*time.Hour)
	p.rate.SetText(fmt.Sprintf(L("Crash-free sessions: %s over 7 days, %s over 30 days"), rateText(r7, n7), rateText(r30, n30)))
	p.rows = slices.Clone(sessions)
	slices.Reverse(p.rows)
	p.detailGen.next() // the detail is cleared: a tail on its way is stale
	p.list.UnselectAll()
	p.list.Refresh()
	p.detail.SetText("")
	p.selected = -1
	p.onDash.Disable()
	if p.w.afterTask != nil {
		p.w.afterTask()
	}
}

func rateText(rate float64, n int) string {
	if n == 0 {
		return "–"
	}
	return fmt.Sprintf("%.1f %% (%d)", 100*rate, n)
}

func (p *sessionsPanel) showDetail(i int) {
	defer p.w.guard("sessions_detail")
	if i < 0 || i >= len(p.rows) {
		return
	}
	s := p.rows[i]
	p.selected = i
	tk := p.detailGen.next()
	if s.Summary != nil || s.ID == p.w.sess.ID() {
		p.onDash.Enable()
	} else {
		p.onDash.Disable()
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s\n%s %s\n", L("Session"), s.ID, L("Started"), s.Start.Local().Format("2006-01-02 15:04:05"))
	if s.Ended {
		fmt.Fprintf(&b, "%s %s (%s)\n", L("Ended"), s.End.Local().Format("2006-01-02 15:04:05"), s.End.Sub(s.Start).Round(time.Second))
	}
	fmt.Fprintf(&b, "%s: %s\n", L("State"), p.state(s))
	if s.Summary != nil && !s.Ended {
		fmt.Fprintf(&b, L("Last known figures, from %s:")+"\n", s.Checkpointed.Local().Format("15:04:05"))
	}
	if s.Summary != nil {
		fmt.Fprintf(&b, "%s %d, %s %d (%.2f %%), p50 %.2f ms, p95 %.2f ms\n", L("Requests"), s.Summary.Requests,
			L("errors"), s.Summary.Errors, 100*s.Summary.ErrorRate, s.Summary.P50MS, s.Summary.P95MS)
		for _, m := range slices.Sorted(maps.Keys(s.Summary.ModelUsage)) {
			fmt.Fprintf(&b, "  %s: %d\n", m, s.Summary.ModelUsage[m])
		}
	} else if s.Crashed {
		b.WriteString(L("It ended without a summary: the process stopped (crash, kill or power loss). Its records are in the log files up to that moment.") + "\n")
	}
	text := b.String()
	p.detail.SetText(text)
	if s.Crashed {
		// Its last records tell what it was doing; read off the UI goroutine.
		h := p.w.app.deps.History
		goFor(p.w.async, tk, "sessions_tail", func(context.Context) []string {
			tail, err := h.SessionLogTail(s.ID, 15)
			if err != nil {
				return nil // the detail stays without its tail
			}
			return tail
		}, func(tail []string) { p.showTail(text, tail) })
	}
}

// showTail appends a crashed session's last log records to the detail
// text it was read for; the window's async calls it only if that row is
// still the one picked.
func (p *sessionsPanel) showTail(text string, tail []string) {
	defer p.w.guard("sessions_tail")
	if len(tail) == 0 {
		return
	}
	p.detail.SetText(text + "\n" + L("Its last log records:") + "\n" + strings.Join(tail, "\n"))
}

// onShowOnDashboard opens the dashboard on the selected session: this
// window's live figures, or a past session's summary from the journal.
func (p *sessionsPanel) onShowOnDashboard() {
	defer p.w.guard("sessions_show_on_dashboard")
	if p.selected < 0 || p.selected >= len(p.rows) {
		return
	}
	s := p.rows[p.selected]
	session.Track(p.w.ctx, "sessions_show_on_dashboard", s.ID)
	if s.ID == p.w.sess.ID() {
		p.w.dash.scope.SetSelected(L(scopeSession))
	} else {
		p.w.dash.showPast(s)
	}
	p.w.showTab(atDashboard)
}

func (p *sessionsPanel) onRefresh() {
	defer p.w.guard("sessions_refresh")
	session.Track(p.w.ctx, "sessions_refresh", "")
	p.load()
}

// saveTo asks for a file and writes it off the UI goroutine with write.
func (p *sessionsPanel) saveTo(action, name string, write func(w io.Writer, path string) error) {
	d := dialog.NewFileSave(func(wc fyne.URIWriteCloser, err error) {
		if err != nil || wc == nil {
			return // canceled
		}
		session.Track(p.w.ctx, action, wc.URI().Name())
		p.status.SetText(L("Writing…"))
		path := wc.URI().Path()
		goThen(p.w.async, action, func(context.Context) (err error) {
			defer func() { // even if write panics
				if cerr := wc.Close(); err == nil {
					err = cerr
				}
			}()
			return write(wc, path)
		}, func(err error) { p.saved(path, err) })
	}, p.w.win)
	d.SetFileName(name)
	d.Show()
}

func (p *sessionsPanel) saved(path string, err error) {
	if err != nil {
		p.w.showError(L("Can't write the file"), err)
		p.status.SetText("")
		return
	}
	p.status.SetText(fmt.Sprintf(L("Written to %s"), path))
}

func (p *sessionsPanel) onExport() {
	defer p.w.guard("export")
	p.saveTo("export", "vigia-figures.json", p.writeExport)
}

func (p *sessionsPanel) writeExport(w io.Writer, path string) error {
	return p.w.app.deps.History.ExportFigures(w, p.w.sess.ID(), strings.HasSuffix(strings.ToLower(path), ".csv"), p.w.app.deps.Version)
}

func (p *sessionsPanel) onDiagnostics() {
	defer p.w.guard("diagnostics")
	p.saveTo("diagnostics", "vigia-diagnostics.zip", p.writeDiagnostics)
}

func (p *sessionsPanel) writeDiagnostics(w io.Writer, _ string) error {
	return p.w.app.deps.History.Diagnostics(w, savedSettings(p.w.app.deps.Settings), p.w.app.deps.Version, report.FyneVersion())
}
