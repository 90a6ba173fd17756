package ui

import (
	"cmp"
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
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"vigia/journal"
	"vigia/report"
	"vigia/session"
)

// History is what the Sessions tab needs (*engine.Engine).
type History interface {
	History() ([]journal.Session, error)
	// LiveSummary returns the figures so far of a session open in this
	// process, and false for any other.
	LiveSummary(id string) (journal.Summary, bool)
	ExportFigures(w io.Writer, id string, csv bool, version string) error
	Diagnostics(w io.Writer, settings map[string]any, version, fyneVersion string) error
	SessionLogTail(id string, n int) ([]string, error)
}

// The columns of the sessions table, in order.
const (
	byStart = iota
	byDuration
	byRequests
	byErrorRate
	byP95
	byStatus
	numSessionCols
)

// sessionColTitle is the header of column col.
func sessionColTitle(col int) string {
	switch col {
	case byStart:
		return L("Started")
	case byDuration:
		return L("Duration")
	case byRequests:
		return L("Requests")
	case byErrorRate:
		return L("Error rate")
	case byP95:
		return "p95"
	}
	return L("Status")
}

// sessionColName names column col in the logs (user_action sessions_sort).
var sessionColName = [numSessionCols]string{"start", "duration", "requests", "error_rate", "p95", "status"}

// sessionsPanel shows current and past sessions in a table sortable by
// each column, with the crash-free rate, a detail view, and the Export and
// Diagnostics buttons. Rows come from the journal; the figures of sessions
// running in this process come from their live collectors instead of the
// journal's checkpoints, refreshed every tickEvery while the tab shows.
type sessionsPanel struct {
	w *sessionWindow

	rate    *widget.Label
	table   *widget.Table
	detail  *widget.Label
	status  *widget.Label
	export  *widget.Button
	diag    *widget.Button
	refresh *widget.Button
	onDash  *widget.Button // shows the selected session on the dashboard

	// All below: UI goroutine only.
	rows     []journal.Session          // in the order shown
	live     map[string]journal.Summary // figures so far of running sessions, by ID
	sortCol  int                        // the column the rows are sorted by
	sortDesc bool                       // descending: newest, longest, most first
	selected string                     // the ID of the session the detail shows, "" for none
	selCol   int                        // the column of the selected cell
	moving   bool                       // the selection follows a re-sort: not a pick
	ticking  bool                       // the live refresh runs

	// Generations of what is on screen, so that a background result shows
	// only if what asked for it still does (the window's async drops the
	// others): a slow log tail must not overwrite the detail of a row picked
	// after it, nor an older journal read the rows of a newer one. detailGen
	// moves on with every selection and every reload of the rows (which
	// clears the detail), rowsGen with every load.
	detailGen, rowsGen generation
}

func newSessionsPanel(w *sessionWindow) *sessionsPanel {
	p := &sessionsPanel{w: w, sortCol: byStart, sortDesc: true, live: map[string]journal.Summary{}}
	p.rate = &widget.Label{Wrapping: fyne.TextWrapWord}
	p.detail = &widget.Label{Wrapping: fyne.TextWrapWord, Selectable: true}
	p.status = &widget.Label{Wrapping: fyne.TextWrapWord}
	p.table = &widget.Table{
		Length:        func() (int, int) { return len(p.rows), numSessionCols },
		CreateCell:    func() fyne.CanvasObject { return &widget.Label{Truncation: fyne.TextTruncateEllipsis} },
		UpdateCell:    p.updateCell,
		ShowHeaderRow: true,
		CreateHeader: func() fyne.CanvasObject {
			return &widget.Button{Importance: widget.LowImportance, Alignment: widget.ButtonAlignLeading, IconPlacement: widget.ButtonIconTrailingText}
		},
		UpdateHeader: p.updateHeader,
		OnSelected:   p.onSelected,
	}
	p.table.ExtendBaseWidget(p.table)
	p.sizeColumns()
	p.refresh = &widget.Button{Text: L("Refresh"), OnTapped: p.onRefresh}
	p.export = &widget.Button{Text: L("Export figures…"), OnTapped: p.onExport}
	p.diag = &widget.Button{Text: L("Diagnostics bundle…"), OnTapped: p.onDiagnostics}
	p.onDash = &widget.Button{Text: L("Show on dashboard"), OnTapped: p.onShowOnDashboard}
	p.onDash.Disable()
	return p
}

// sizeColumns makes each column as wide as its header with a sort arrow,
// or its widest usual text.
func (p *sessionsPanel) sizeColumns() {
	n := num()
	samples := [numSessionCols][]string{
		byStart:     {n.Date(time.Date(2088, 12, 28, 18, 58, 0, 0, time.Local))},
		byDuration:  {"888:88:88+"},
		byRequests:  {n.Int(8_888_888)},
		byErrorRate: {n.Percent(1, 1)},
		byP95:       {n.Latency(8880)},
		byStatus:    {L("this window"), L("running"), L("ended"), L("crashed")},
	}
	for col, texts := range samples {
		head := &widget.Button{Text: sessionColTitle(col), Icon: theme.MenuDropDownIcon(), IconPlacement: widget.ButtonIconTrailingText}
		width := head.MinSize().Width
		for _, text := range texts {
			width = max(width, widget.NewLabelWithStyle(text, fyne.TextAlignLeading, fyne.TextStyle{Bold: true}).MinSize().Width)
		}
		// Some room to spare: a text exactly as wide as its cell is cut
		// short by rounding.
		p.table.SetColumnWidth(col, width+theme.Padding())
	}
}

func (p *sessionsPanel) content() fyne.CanvasObject {
	top := container.NewVBox(p.rate, container.NewHBox(p.refresh, p.export, p.diag, p.onDash))
	split := container.NewVSplit(p.table, container.NewVScroll(p.detail))
	split.Offset = 0.6
	p.startTicking()
	return container.NewBorder(top, p.status, nil, nil, split)
}

// startTicking refreshes the live figures and durations every tickEvery
// while the tab shows, from the first time it shows until the window
// closes.
func (p *sessionsPanel) startTicking() {
	if p.ticking {
		return
	}
	p.ticking = true
	p.w.async.Every("sessions_tick", p.w.tickEvery, func(context.Context) {
		p.w.async.Post("sessions_tick", func() { p.onTick() })
	})
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

// rank orders the states: this window, running, ended, crashed.
func (p *sessionsPanel) rank(s journal.Session) int {
	switch {
	case s.ID == p.w.sess.ID():
		return 0
	case s.Crashed:
		return 3
	case s.Ended:
		return 2
	}
	return 1
}

// figures returns the figures a row shows: a running session's live ones
// when this process runs it, else the journal's (final, or the last
// checkpoint's); nil for none. live tells which.
func (p *sessionsPanel) figures(s journal.Session) (sum *journal.Summary, live bool) {
	if f, ok := p.live[s.ID]; ok && s.Live() {
		return &f, true
	}
	return s.Summary, false
}

// sessionDuration is how long s ran, up to now while it runs; for a crashed
// session, at least up to its last checkpoint (atLeast), or unknown (!ok).
func sessionDuration(s journal.Session, now time.Time) (d time.Duration, atLeast, ok bool) {
	if s.Crashed {
		if s.Checkpointed.IsZero() {
			return 0, false, false
		}
		return s.Checkpointed.Sub(s.Start), true, true
	}
	return s.Duration(now), false, true
}

// clockText formats d as h:mm:ss.
func clockText(d time.Duration) string {
	d = max(d.Round(time.Second), 0)
	return fmt.Sprintf("%d:%02d:%02d", int(d.Hours()), int(d.Minutes())%60, int(d.Seconds())%60)
}

// cellText is the text of row s in column col.
func (p *sessionsPanel) cellText(s journal.Session, col int, now time.Time) string {
	sum, _ := p.figures(s)
	switch col {
	case byStart:
		return num().Date(s.Start)
	case byDuration:
		d, atLeast, ok := sessionDuration(s, now)
		switch {
		case !ok:
			return "–"
		case atLeast: // "+": "≥" comes from a fallback font that sits higher
			return clockText(d) + "+"
		}
		return clockText(d)
	case byStatus:
		return p.state(s)
	}
	if sum == nil {
		return "–"
	}
	switch col {
	case byRequests:
		return num().Int(sum.Requests)
	case byErrorRate:
		return num().Percent(sum.ErrorRate, 1)
	}
	if sum.Requests == sum.CacheHits { // no task ran: no latency to show
		return "–"
	}
	return num().Latency(sum.P95MS)
}

// sortKey is the value of row s that column col sorts by; rows without a
// figure sort before those with one.
func (p *sessionsPanel) sortKey(s journal.Session, col int, now time.Time) float64 {
	sum, _ := p.figures(s)
	switch col {
	case byStart:
		return float64(s.Start.UnixMicro())
	case byDuration:
		d, _, ok := sessionDuration(s, now)
		if !ok {
			return -1
		}
		return float64(d)
	case byStatus:
		return float64(p.rank(s))
	}
	if sum == nil {
		return -1
	}
	switch col {
	case byRequests:
		return float64(sum.Requests)
	case byErrorRate:
		return sum.ErrorRate
	}
	if sum.Requests == sum.CacheHits {
		return -1
	}
	return sum.P95MS
}

// sortRows orders the rows by the sort column; ties show the newest first
// in either direction.
func (p *sessionsPanel) sortRows() {
	now := time.Now()
	slices.SortStableFunc(p.rows, func(a, b journal.Session) int {
		c := cmp.Compare(p.sortKey(a, p.sortCol, now), p.sortKey(b, p.sortCol, now))
		if p.sortDesc {
			c = -c
		}
		if c != 0 {
			return c
		}
		if c := b.Start.Compare(a.Start); c != 0 {
			return c
		}
		return strings.Compare(b.ID, a.ID) // UUIDv7: the newer is greater
	})
}

func (p *sessionsPanel) updateCell(id widget.TableCellID, o fyne.CanvasObject) {
	if id.Row < 0 || id.Row >= len(p.rows) {
		return
	}
	s := p.rows[id.Row]
	l := o.(*widget.Label)
	l.Text = p.cellText(s, id.Col, time.Now())
	l.Importance = widget.MediumImportance
	if s.Crashed {
		l.Importance = widget.DangerImportance
	}
	l.TextStyle = fyne.TextStyle{Bold: s.ID == p.w.sess.ID()}
	l.Alignment = fyne.TextAlignLeading
	if id.Col != byStart && id.Col != byStatus {
		l.Alignment = fyne.TextAlignTrailing
	}
	l.Refresh()
}

// updateHeader shows a column's title, with an arrow on the sort column
// pointing up when ascending; tapping it sorts by that column.
func (p *sessionsPanel) updateHeader(id widget.TableCellID, o fyne.CanvasObject) {
	if id.Row != -1 || id.Col < 0 || id.Col >= numSessionCols {
		return
	}
	b := o.(*widget.Button)
	col := id.Col
	b.Text = sessionColTitle(col)
	b.Icon = nil
	if col == p.sortCol {
		b.Icon = theme.MenuDropUpIcon()
		if p.sortDesc {
			b.Icon = theme.MenuDropDownIcon()
		}
	}
	b.OnTapped = func() { p.onSort(col) }
	b.Refresh()
}

// onSort sorts by column col, ascending, or reverses the order when the
// rows are sorted by col already.
func (p *sessionsPanel) onSort(col int) {
	defer p.w.guard("sessions_sort")
	if col == p.sortCol {
		p.sortDesc = !p.sortDesc
	} else {
		p.sortCol, p.sortDesc = col, false
	}
	dir := "asc"
	if p.sortDesc {
		dir = "desc"
	}
	session.Track(p.w.ctx, "sessions_sort", sessionColName[col]+" "+dir)
	p.resort()
}

// resort sorts the rows again and keeps the selected session selected
// where it moved to.
func (p *sessionsPanel) resort() {
	before := p.rowIDs()
	p.sortRows()
	p.table.Refresh()
	if p.selected == "" || slices.Equal(before, p.rowIDs()) {
		return
	}
	if i := slices.Index(p.rowIDs(), p.selected); i >= 0 {
		p.moving = true
		p.table.Select(widget.TableCellID{Row: i, Col: p.selCol})
		p.moving = false
	}
}

func (p *sessionsPanel) rowIDs() []string {
	ids := make([]string, len(p.rows))
	for i, s := range p.rows {
		ids[i] = s.ID
	}
	return ids
}

// liveIDs returns the sessions that may be running in this process.
func liveIDs(sessions []journal.Session) []string {
	var ids []string
	for _, s := range sessions {
		if s.Live() {
			ids = append(ids, s.ID)
		}
	}
	return ids
}

// readLive reads the figures so far of the sessions ids that run in this
// process; off the UI goroutine.
func readLive(h History, ids []string) map[string]journal.Summary {
	live := map[string]journal.Summary{}
	for _, id := range ids {
		if sum, ok := h.LiveSummary(id); ok {
			live[id] = sum
		}
	}
	return live
}

// load reads the journal, and the live figures of the sessions running in
// this process, off the UI goroutine and shows them.
func (p *sessionsPanel) load() {
	h := p.w.app.deps.History
	if h == nil {
		p.rate.SetText(L("No sessions journal."))
		return
	}
	type journalRead struct {
		sessions []journal.Session
		live     map[string]journal.Summary
		err      error
	}
	goFor(p.w.async, p.rowsGen.next(), "sessions_load", func(context.Context) journalRead {
		sessions, err := h.History()
		return journalRead{sessions, readLive(h, liveIDs(sessions)), err}
	}, func(r journalRead) { p.show(r.sessions, r.live, r.err) })
}

func (p *sessionsPanel) show(sessions []journal.Session, live map[string]journal.Summary, err error) {
	defer p.w.guard("sessions_show")
	if err != nil {
		p.status.SetText(fmt.Sprintf(L("The sessions journal can't be read: %v"), err))
		return
	}
	p.rate.SetText(crashFreeText(sessions, time.Now()))
	p.rows = slices.Clone(sessions)
	p.live = live
	p.sortRows()
	p.detailGen.next() // the detail is cleared: a tail on its way is stale
	p.selected = ""
	p.table.UnselectAll()
	p.table.Refresh()
	p.detail.SetText("")
	p.onDash.Disable()
	if p.w.afterTask != nil {
		p.w.afterTask()
	}
}

// onTick refreshes the running sessions' figures and durations while the
// tab shows, and reports whether it did; the rows stay those of the last
// load (Refresh reloads them).
func (p *sessionsPanel) onTick() bool {
	h := p.w.app.deps.History
	if h == nil || p.w.tabs.SelectedIndex() != atSessions {
		return false
	}
	ids := liveIDs(p.rows)
	if len(ids) == 0 {
		return false
	}
	goFor(p.w.async, p.rowsGen.ticket(), "sessions_live", func(context.Context) map[string]journal.Summary {
		return readLive(h, ids)
	}, p.showLive)
	return true
}

// showLive shows the running sessions' figures so far. A session that
// ended since the rows were read keeps its last figures until a reload.
func (p *sessionsPanel) showLive(live map[string]journal.Summary) {
	defer p.w.guard("sessions_live")
	maps.Copy(p.live, live)
	p.resort() // refreshes the durations too
	if i := slices.Index(p.rowIDs(), p.selected); i >= 0 {
		if _, live := p.figures(p.rows[i]); live {
			setText(p.detail, p.detailText(p.rows[i]))
		}
	}
}

// crashFreeText tells the share of sessions that did not crash over the
// last 7 and 30 days, or in a sentence why there is none to tell.
func crashFreeText(sessions []journal.Session, now time.Time) string {
	r7, n7 := journal.CrashFreeRate(sessions, now, 7*24*time.Hour)
	r30, n30 := journal.CrashFreeRate(sessions, now, 30*24*time.Hour)
	switch {
	case n30 == 0 && !slices.ContainsFunc(sessions, func(s journal.Session) bool { return !s.Live() }):
		return L("No ended sessions yet")
	case n30 == 0:
		return L("No ended sessions in the last 30 days")
	case n7 == 0:
		return fmt.Sprintf(L("Crash-free sessions: %s over 30 days; none ended in the last 7 days"), rateText(r30, n30))
	}
	return fmt.Sprintf(L("Crash-free sessions: %s over 7 days, %s over 30 days"), rateText(r7, n7), rateText(r30, n30))
}

func rateText(rate float64, n int) string {
	return fmt.Sprintf("%s (%s)", num().Percent(rate, 1), num().Int(int64(n)))
}

func (p *sessionsPanel) onSelected(id widget.TableCellID) {
	if p.moving {
		return
	}
	p.selCol = id.Col
	p.showDetail(id.Row)
}

// detailText describes session s: its times, state and figures.
func (p *sessionsPanel) detailText(s journal.Session) string {
	var b strings.Builder
	n := num()
	fmt.Fprintf(&b, "%s %s\n%s %s\n", L("Session"), s.ID, L("Started"), n.DateSeconds(s.Start))
	if s.Ended {
		fmt.Fprintf(&b, "%s %s (%s)\n", L("Ended"), n.DateSeconds(s.End), clockText(s.End.Sub(s.Start)))
	}
	fmt.Fprintf(&b, "%s: %s\n", L("State"), p.state(s))
	sum, live := p.figures(s)
	switch {
	case live:
		b.WriteString(L("Figures so far:") + "\n")
	case sum != nil && !s.Ended:
		fmt.Fprintf(&b, L("Last known figures, from %s:")+"\n", s.Checkpointed.Local().Format("15:04:05"))
	}
	if sum != nil {
		fmt.Fprintf(&b, "%s %s, %s %s (%s), p50 %s ms, p95 %s ms\n", L("Requests"), n.Int(sum.Requests),
			L("errors"), n.Int(sum.Errors), n.Percent(sum.ErrorRate, 2), n.Decimal(sum.P50MS, 2), n.Decimal(sum.P95MS, 2))
		for _, m := range slices.Sorted(maps.Keys(sum.ModelUsage)) {
			fmt.Fprintf(&b, "  %s: %s\n", m, n.Int(sum.ModelUsage[m]))
		}
	} else if s.Crashed {
		b.WriteString(L("It ended without a summary: the process stopped (crash, kill or power loss). Its records are in the log files up to that moment.") + "\n")
	}
	return b.String()
}

func (p *sessionsPanel) showDetail(i int) {
	defer p.w.guard("sessions_detail")
	if i < 0 || i >= len(p.rows) {
		return
	}
	s := p.rows[i]
	p.selected = s.ID
	tk := p.detailGen.next()
	if sum, _ := p.figures(s); sum != nil || s.ID == p.w.sess.ID() {
		p.onDash.Enable()
	} else {
		p.onDash.Disable()
	}
	text := p.detailText(s)
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
	i := slices.Index(p.rowIDs(), p.selected)
	if i < 0 {
		return
	}
	s := p.rows[i]
	session.Track(p.w.ctx, "sessions_show_on_dashboard", s.ID)
	if s.ID == p.w.sess.ID() {
		p.w.dash.scope.SetSelected(L(scopeSession))
		p.w.showTab(atDashboard)
		return
	}
	s.Summary, _ = p.figures(s) // another window's: its figures so far
	p.w.dash.showPast(s)
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
