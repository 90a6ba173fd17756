package ui

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"math"
	"net/url"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"time"
	"unicode"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"vigia/logging"
	"vigia/session"
)

// Level filter choices of the log viewer.
var logLevels = []string{"DEBUG", "INFO", "WARN", "ERROR"}

// Filter choices, and the rhythm of the tail.
const (
	logsAllSessions  = "All sessions"
	logsThisSession  = "This session"
	logsAllEvents    = "All events"
	logsAllOutcomes  = "All outcomes"
	logBatchInterval = 100 * time.Millisecond // records reach the list at most this often
	logIdleCheck     = time.Second            // with no records, how often Follow looks for a scroll up
	logViewMax       = logging.DefaultRingSize
	logFieldMax      = 40 // runes of one field's value in a row; the detail has it whole
)

// logHeads returns the headings of a row's columns, in order: the message
// takes what the others leave.
func logHeads() []string {
	return []string{L("Time"), L("Level"), L("Session"), L("Event"), L("Message")}
}

// logColumnChars is how many monospace characters each fixed column holds:
// 15:04:05.000, ERROR, the short session, and most events whole.
var logColumnChars = []int{12, 5, 8, 14}

// logView is the Logs tab: a live tail of the in-memory ring in columns
// (time, level, short session, event, message with its fields), and the
// detail of the selected record below it. A loop of the window's async
// takes new records from the ring, formats them off the UI goroutine, and
// hands them over in batches at most every 100 ms, so a burst never means
// one refresh per record; the list is virtualised.
type logView struct {
	w    *sessionWindow
	ring *logging.Ring

	list    *widget.List
	level   *widget.Select
	session *widget.Select
	event   *widget.Select
	outcome *widget.Select
	search  *widget.Entry
	follow  *widget.Check
	pause   *widget.Button
	openDir *widget.Button
	status  *widget.Label

	body        *fyne.Container // the list alone, or the split with the detail
	listPane    fyne.CanvasObject
	split       *container.Split
	detailTitle *widget.Label
	detailText  *widget.Label
	detailBox   *container.Scroll
	copyText    *widget.Button
	copyJSON    *widget.Button
	closeDetail *widget.Button

	// UI goroutine only:
	all       []*logRow // every record taken in, oldest first, at most logViewMax
	shown     []*logRow // those that pass the filters
	detail    *logRow   // the record in the detail pane; nil when it is closed
	paused    bool
	missed    int    // records that arrived while paused
	lastSeq   uint64 // the newest record taken in; older ones arriving late are skipped
	following bool
	pinned    float32   // the list's offset and height when it last moved to the newest record:
	pinnedH   float32   // a smaller offset at the same height is the user scrolling up
	rowStep   float32   // a row's height with its separator
	widths    []float32 // of the fixed columns; set by content
	built     bool      // content was called: the list has its scroller
	events    map[string]bool
	outcomes  map[string]bool

	visible atomic.Bool
	kick    chan struct{} // wakes run when the tab shows
	uiTime  atomic.Int64  // nanoseconds spent on the UI goroutine, for tests and budgets
	batches atomic.Int64  // batches handed to the UI goroutine
}

// logRow is one record as the view shows it, its columns made once, off
// the UI goroutine, when the record is taken in.
type logRow struct {
	e       logging.Entry
	attrs   []slog.Attr // e.Attrs(): the detail and the copies read them
	time    string      // 15:04:05.000, local
	session string      // the session's first 8 characters
	event   string
	outcome string
	text    string // the message and the other fields, on one line
	search  string // the console line in lower case: what the search box matches
}

func newLogView(w *sessionWindow) *logView {
	v := &logView{w: w, ring: w.app.deps.Logs.Ring(), following: true,
		events: map[string]bool{}, outcomes: map[string]bool{}, kick: make(chan struct{}, 1)}
	v.list = &widget.List{
		Length:     func() int { return len(v.shown) },
		CreateItem: func() fyne.CanvasObject { return newLogRowItem(v.widths) },
		UpdateItem: v.updateItem,
		OnSelected: v.onSelect,
	}
	v.list.ExtendBaseWidget(v.list)
	v.level = &widget.Select{Options: logLevels, Selected: "INFO", OnChanged: v.onFilterChanged}
	v.session = &widget.Select{Options: []string{L(logsAllSessions), L(logsThisSession)}, Selected: L(logsAllSessions), OnChanged: v.onFilterChanged}
	v.event = &widget.Select{Options: []string{L(logsAllEvents)}, Selected: L(logsAllEvents), OnChanged: v.onFilterChanged}
	v.outcome = &widget.Select{Options: []string{L(logsAllOutcomes)}, Selected: L(logsAllOutcomes), OnChanged: v.onFilterChanged}
	// A Select is as wide as its placeholder, which never shows (there is
	// always a choice): size each to its widest fixed choice, so that no
	// "All …" is cut, in any language.
	for _, s := range []*widget.Select{v.level, v.session, v.event, v.outcome} {
		s.PlaceHolder = slices.MaxFunc(s.Options, func(a, b string) int { return cmp.Compare(len(a), len(b)) })
	}
	v.search = widget.NewEntry()
	v.search.SetPlaceHolder(L("Search"))
	v.search.OnChanged = func(string) { v.refilter() } // not tracked: one record per keystroke would flood the log
	v.follow = &widget.Check{Text: L("Follow"), Checked: true, OnChanged: v.onFollow}
	v.pause = &widget.Button{Text: L("Pause"), OnTapped: v.onPause}
	v.openDir = &widget.Button{Text: L("Open log folder"), OnTapped: v.onOpenDir}
	v.status = widget.NewLabel("")

	v.detailTitle = &widget.Label{TextStyle: fyne.TextStyle{Bold: true}, Truncation: fyne.TextTruncateEllipsis}
	v.detailText = &widget.Label{TextStyle: fyne.TextStyle{Monospace: true}, Selectable: true, Wrapping: fyne.TextWrapWord}
	v.copyText = &widget.Button{Text: L("Copy record"), Icon: theme.ContentCopyIcon(), OnTapped: v.onCopyRecord}
	v.copyJSON = &widget.Button{Text: L("Copy as JSON"), Icon: theme.ContentCopyIcon(), OnTapped: v.onCopyJSON}
	v.closeDetail = &widget.Button{Icon: theme.CancelIcon(), Importance: widget.LowImportance, OnTapped: v.onCloseDetail}
	return v
}

func (v *logView) content() fyne.CanvasObject {
	v.widths = logColumnWidths()
	var heads []fyne.CanvasObject
	for _, h := range logHeads() {
		heads = append(heads, &widget.Label{Text: h, TextStyle: fyne.TextStyle{Bold: true}, Truncation: fyne.TextTruncateEllipsis})
	}
	header := &fyne.Container{Layout: &logColumns{widths: v.widths}, Objects: heads}
	v.rowStep = v.list.CreateItem().MinSize().Height + theme.Padding()
	v.listPane = container.NewBorder(container.NewVBox(header, widget.NewSeparator()), nil, nil, nil, v.list)

	v.detailBox = container.NewVScroll(v.detailText)
	detailBar := container.NewBorder(nil, nil, nil, container.NewHBox(v.copyText, v.copyJSON, v.closeDetail), v.detailTitle)
	v.split = container.NewVSplit(v.listPane, container.NewBorder(detailBar, nil, nil, nil, v.detailBox))
	v.split.Offset = 0.5
	v.body = container.NewStack(v.listPane)
	v.built = true

	filters := container.NewBorder(nil, nil,
		container.NewHBox(widget.NewLabel(L("Level")), v.level, v.session, v.event, v.outcome), nil,
		v.search)
	bottom := container.NewBorder(nil, nil, nil, container.NewHBox(v.follow, v.pause, v.openDir), v.status)
	return container.NewBorder(filters, bottom, nil, nil, v.body)
}

// logColumnWidths returns the widths of the fixed columns: their text in
// the monospace font, or their heading if wider, and a label's padding.
func logColumnWidths() []float32 {
	size := theme.TextSize()
	pad := 2*theme.InnerPadding() + 1
	heads := logHeads()
	out := make([]float32, len(logColumnChars))
	for i, n := range logColumnChars {
		text := fyne.MeasureText(strings.Repeat("0", n), size, fyne.TextStyle{Monospace: true}).Width
		head := fyne.MeasureText(heads[i], size, fyne.TextStyle{Bold: true}).Width
		out[i] = float32(math.Ceil(float64(max(text, head) + pad)))
	}
	return out
}

// logColumns lays out a row, or the header, in columns of fixed widths;
// the last column takes the rest.
type logColumns struct{ widths []float32 }

func (c *logColumns) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var s fyne.Size
	for i, o := range objs {
		m := o.MinSize()
		s.Height = max(s.Height, m.Height)
		if i < len(c.widths) {
			s.Width += c.widths[i]
		} else {
			s.Width += m.Width
		}
	}
	return s
}

func (c *logColumns) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	var x float32
	for i, o := range objs {
		w := max(size.Width-x, 0)
		if i < len(c.widths) {
			w = c.widths[i]
		}
		o.Move(fyne.NewPos(x, 0))
		o.Resize(fyne.NewSize(w, size.Height))
		x += w
	}
}

// newLogRowItem makes the labels of a row, in columns of widths.
func newLogRowItem(widths []float32) fyne.CanvasObject {
	cells := make([]fyne.CanvasObject, len(logColumnChars)+1)
	for i := range cells {
		cells[i] = &widget.Label{TextStyle: fyne.TextStyle{Monospace: true}, Truncation: fyne.TextTruncateEllipsis}
	}
	return &fyne.Container{Layout: &logColumns{widths: widths}, Objects: cells}
}

func (v *logView) updateItem(i widget.ListItemID, o fyne.CanvasObject) {
	if i < 0 || i >= len(v.shown) {
		return
	}
	r := v.shown[i]
	cells := o.(*fyne.Container).Objects
	setLogCell(cells[0], r.time, widget.MediumImportance)
	setLogCell(cells[1], r.e.Level.String(), logLevelImportance(r.e.Level))
	setLogCell(cells[2], r.session, widget.MediumImportance)
	setLogCell(cells[3], r.event, widget.MediumImportance)
	setLogCell(cells[4], r.text, widget.MediumImportance)
}

// setLogCell shows text in a row's label, refreshing it only if it changed:
// at 1000 records/s every visible row is updated ten times a second.
func setLogCell(o fyne.CanvasObject, text string, imp widget.Importance) {
	l := o.(*widget.Label)
	if l.Text == text && l.Importance == imp {
		return
	}
	l.Text, l.Importance = text, imp
	l.Refresh()
}

func logLevelImportance(l slog.Level) widget.Importance {
	switch {
	case l >= slog.LevelError:
		return widget.DangerImportance
	case l >= slog.LevelWarn:
		return widget.WarningImportance
	case l < slog.LevelInfo:
		return widget.LowImportance
	}
	return widget.SuccessImportance
}

// makeLogRows formats entries for the view; off the UI goroutine.
func makeLogRows(entries []logging.Entry) []*logRow {
	rows := make([]*logRow, len(entries))
	for i, e := range entries {
		rows[i] = makeLogRow(e)
	}
	return rows
}

func makeLogRow(e logging.Entry) *logRow {
	attrs := e.Attrs()
	r := &logRow{e: e, attrs: attrs, time: e.Time.Format("15:04:05.000"), search: strings.ToLower(e.Line())}
	r.session = session.Short(e.Session)
	msg := logSafe(e.Message, false)
	words := strings.Fields(msg)
	var fields []string
	for _, a := range attrs {
		switch a.Key {
		case "session":
			continue // its own column
		case "event":
			r.event = logSafe(a.Value.String(), false)
			continue
		case "outcome":
			r.outcome = logSafe(a.Value.String(), false)
		}
		if a.Value.Kind() == slog.KindString && slices.Contains(words, a.Value.String()) {
			continue // the message says it already: task=… in "Task … took"
		}
		fields = append(fields, logSafe(a.Key, false)+"="+logShortValue(a.Value))
	}
	// The row has room for a few fields: show as many as fit, the error
	// first, then the shortest (outcome=ok before a long details=…).
	slices.SortStableFunc(fields, func(x, y string) int {
		if ex, ey := strings.HasPrefix(x, "error="), strings.HasPrefix(y, "error="); ex != ey {
			if ex {
				return -1
			}
			return 1
		}
		return len(x) - len(y)
	})
	if len(fields) > 0 {
		msg += "  " + strings.Join(fields, " ")
	}
	r.text = msg
	return r
}

// logShortValue is a field's value as a row shows it: on one line, quoted
// when it has spaces, figures rounded, cut at logFieldMax runes.
func logShortValue(v slog.Value) string {
	var s string
	switch v.Kind() {
	case slog.KindFloat64:
		f := v.Float64()
		if math.Abs(f) >= 1000 {
			s = strconv.FormatFloat(f, 'f', 0, 64)
		} else {
			s = strconv.FormatFloat(f, 'g', 4, 64)
		}
	case slog.KindTime:
		s = v.Time().Format("15:04:05.000")
	case slog.KindString:
		s = v.String()
		if s == "" || strings.ContainsAny(s, " =\"") || !logPlain(s) {
			s = strconv.Quote(s)
		}
	default:
		s = logSafe(v.String(), false)
	}
	if utf8.RuneCountInString(s) > logFieldMax {
		s = string([]rune(s)[:logFieldMax-1]) + "…"
	}
	return s
}

// logPlain reports whether s has nothing logSafe would change.
func logPlain(s string) bool {
	for _, r := range s {
		if r == utf8.RuneError || unicode.IsControl(r) || unicode.Is(unicode.Bidi_Control, r) || r == '\u2028' || r == '\u2029' {
			return false
		}
	}
	return true
}

// logSafe returns s with what must not reach a label raw written as an
// escape: control characters, line separators and bidirectional controls
// (a record's text could reorder what the row shows), and invalid UTF-8.
// With lines, newlines and tabs stay: the detail shows multi-line values.
func logSafe(s string, lines bool) string {
	if logPlain(s) {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		switch {
		case lines && r == '\n':
			b.WriteByte('\n')
		case lines && r == '\t':
			b.WriteString("    ")
		case r == '\n':
			b.WriteString(`\n`)
		case unicode.IsControl(r) || unicode.Is(unicode.Bidi_Control, r) || r == '\u2028' || r == '\u2029':
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteRune(r) // an invalid byte is U+FFFD already
		}
	}
	return b.String()
}

// logField is one field of a record in the detail: the built-in ones first.
type logField struct {
	key   string
	value string
}

// fields returns every field of r, as the detail shows them and Copy
// record writes them.
func (r *logRow) fields() []logField {
	out := []logField{
		{"time", r.e.Time.Format("2006-01-02 15:04:05.000 -07:00")},
		{"level", r.e.Level.String()},
		{"msg", logSafe(r.e.Message, true)},
		{"logger", logSafe(r.e.Logger, false)},
	}
	for _, a := range r.attrs {
		var s string
		switch a.Value.Kind() {
		case slog.KindFloat64:
			s = strconv.FormatFloat(a.Value.Float64(), 'g', -1, 64)
		case slog.KindTime:
			s = a.Value.Time().Format(time.RFC3339Nano)
		default:
			s = a.Value.String()
		}
		out = append(out, logField{logSafe(a.Key, false), logSafe(s, true)})
	}
	return out
}

// detailText returns the fields of r as aligned key and value columns;
// the lines of a multi-line value are indented to the value column.
func (r *logRow) detailText() string {
	fields := r.fields()
	width := 0
	for _, f := range fields {
		width = max(width, utf8.RuneCountInString(f.key))
	}
	width = min(width, 24)
	var b strings.Builder
	for i, f := range fields {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(f.key)
		b.WriteString(strings.Repeat(" ", max(width-utf8.RuneCountInString(f.key), 0)+2))
		b.WriteString(strings.ReplaceAll(strings.TrimRight(f.value, "\n"), "\n", "\n"+strings.Repeat(" ", width+2)))
	}
	return b.String()
}

// recordText returns r as key=value lines, what Copy record puts on the
// clipboard; the lines of a multi-line value follow, indented.
func (r *logRow) recordText() string {
	var b strings.Builder
	for _, f := range r.fields() {
		b.WriteString(f.key)
		b.WriteByte('=')
		b.WriteString(strings.ReplaceAll(strings.TrimRight(f.value, "\n"), "\n", "\n    "))
		b.WriteByte('\n')
	}
	return b.String()
}

// recordJSON returns r as one JSON object with the fields app.log writes,
// in its order: time (UTC, ms), level, msg, logger, then the attributes,
// session first. The ring keeps attributes flat, so a group's members
// have dotted keys ("req.id") where app.log nests them.
func (r *logRow) recordJSON() string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	put := func(key string, val any) {
		if b.Len() == 0 {
			b.WriteByte('{')
		} else {
			b.WriteByte(',')
		}
		_ = enc.Encode(key) // a string: can't fail
		b.Truncate(b.Len() - 1)
		b.WriteByte(':')
		if err := enc.Encode(val); err != nil {
			_ = enc.Encode("!ERROR:" + err.Error())
		}
		b.Truncate(b.Len() - 1)
	}
	if !r.e.Time.IsZero() {
		put("time", r.e.Time.UTC().Format("2006-01-02T15:04:05.000Z"))
	}
	put("level", r.e.Level.String())
	put("msg", r.e.Message)
	put("logger", r.e.Logger)
	for _, a := range r.attrs {
		put(a.Key, logJSONValue(a.Value))
	}
	b.WriteByte('}')
	return b.String()
}

// logJSONValue is what app.log writes for v (see logging's JSON handler).
func logJSONValue(v slog.Value) any {
	switch v.Kind() {
	case slog.KindString:
		return v.String()
	case slog.KindInt64:
		return v.Int64()
	case slog.KindUint64:
		return v.Uint64()
	case slog.KindFloat64:
		if f := v.Float64(); math.IsNaN(f) || math.IsInf(f, 0) {
			return strconv.FormatFloat(f, 'g', -1, 64)
		}
		return v.Float64()
	case slog.KindBool:
		return v.Bool()
	case slog.KindDuration:
		return int64(v.Duration()) // nanoseconds, as slog.JSONHandler
	case slog.KindTime:
		return v.Time().Format(time.RFC3339Nano)
	}
	x := v.Any()
	if err, ok := x.(error); ok {
		if _, marshals := x.(json.Marshaler); !marshals {
			return err.Error()
		}
	}
	if _, err := json.Marshal(x); err != nil {
		return "!ERROR:" + err.Error()
	}
	return x
}

// logFilter is what the filters let through.
type logFilter struct {
	min     slog.Level
	session string // "" for every session
	event   string // "" for every event
	outcome string // "" for every outcome
	text    string // lower case
}

func (f logFilter) match(r *logRow) bool {
	return r.e.Level >= f.min &&
		(f.session == "" || r.e.Session == f.session) &&
		(f.event == "" || r.event == f.event) &&
		(f.outcome == "" || r.outcome == f.outcome) &&
		(f.text == "" || strings.Contains(r.search, f.text))
}

func (v *logView) filter() logFilter {
	var f logFilter
	_ = f.min.UnmarshalText([]byte(v.level.Selected))
	if v.session.Selected == L(logsThisSession) {
		f.session = v.w.sess.ID()
	}
	if s := v.event.Selected; s != L(logsAllEvents) {
		f.event = s
	}
	if s := v.outcome.Selected; s != L(logsAllOutcomes) {
		f.outcome = s
	}
	f.text = strings.ToLower(v.search.Text)
	return f
}

// refilter shows what passes the filters of the records taken in; UI
// goroutine.
func (v *logView) refilter() {
	start := time.Now()
	defer func() { v.uiTime.Add(int64(time.Since(start))) }()
	f := v.filter()
	v.shown = v.shown[:0]
	for _, r := range v.all {
		if f.match(r) {
			v.shown = append(v.shown, r)
		}
	}
	v.missed = 0
	v.list.UnselectAll()
	v.list.Refresh()
	v.reselect()
	if v.following {
		v.toNewest()
	}
	v.showStatus()
}

// reselect selects the detail's record in the list, if it is shown, after
// the rows moved.
func (v *logView) reselect() {
	if v.detail == nil {
		return
	}
	i, ok := slices.BinarySearchFunc(v.shown, v.detail.e.Seq, func(r *logRow, seq uint64) int {
		return cmp.Compare(r.e.Seq, seq)
	})
	if !ok {
		v.list.UnselectAll()
		return
	}
	v.list.Select(i)
}

// toNewest scrolls to the newest record and remembers where that is.
func (v *logView) toNewest() {
	if !v.built || v.list.Size().Height == 0 {
		return // not laid out yet: the list has no scroller
	}
	v.list.ScrollToBottom()
	v.pinned, v.pinnedH = v.list.GetScrollOffset(), v.list.Size().Height
}

// checkFollow turns Follow off if the user scrolled up since the view last
// moved to the newest record; UI goroutine. Fyne's List tells no one of a
// scroll, so the offset is compared on each batch and every logIdleCheck.
// A resize moves the offset too: it only re-pins.
func (v *logView) checkFollow() {
	if !v.following || !v.built {
		return
	}
	if v.list.Size().Height != v.pinnedH {
		v.toNewest()
		return
	}
	if v.list.GetScrollOffset() < v.pinned-1 {
		v.following = false
		session.Track(v.w.ctx, "logs_follow", "off: scrolled up")
		v.follow.SetChecked(false)
	}
}

func (v *logView) showStatus() {
	// The counts are the window's, in its language; the records stay as
	// they were logged.
	s := fmt.Sprintf(L("%s records shown"), num().Int(int64(len(v.shown))))
	if v.paused {
		s += fmt.Sprintf(L(" · paused, %s new"), num().Int(int64(v.missed)))
	}
	v.status.SetText(s)
}

// reset replaces what the view holds with rows, all the ring holds; UI
// goroutine.
func (v *logView) reset(rows []*logRow) {
	v.batches.Add(1)
	v.all = append(v.all[:0], rows...)
	if len(rows) > 0 {
		v.lastSeq = max(v.lastSeq, rows[len(rows)-1].e.Seq)
	}
	v.learnChoices(rows)
	v.refilter()
}

// add puts a batch on screen; UI goroutine.
func (v *logView) add(batch []*logRow) {
	v.batches.Add(1)
	start := time.Now()
	defer func() { v.uiTime.Add(int64(time.Since(start))) }()
	v.checkFollow()
	n := len(v.all)
	for _, r := range batch {
		if r.e.Seq <= v.lastSeq {
			continue // already taken in by a reset
		}
		v.lastSeq = r.e.Seq
		v.all = append(v.all, r)
	}
	fresh := v.all[n:]
	v.learnChoices(fresh)
	dropped := 0
	if over := len(v.all) - logViewMax; over > 0 {
		oldest := v.all[over].e.Seq
		v.all = append(v.all[:0], v.all[over:]...)
		for dropped < len(v.shown) && v.shown[dropped].e.Seq < oldest {
			dropped++
		}
		fresh = v.all[len(v.all)-min(len(fresh), len(v.all)):] // a ring larger than the view can send more
	}
	if v.paused {
		v.missed += len(fresh)
		v.showStatus()
		return
	}
	f := v.filter()
	if dropped > 0 {
		v.shown = append(v.shown[:0], v.shown[dropped:]...)
	}
	for _, r := range fresh {
		if f.match(r) {
			v.shown = append(v.shown, r)
		}
	}
	v.list.Refresh()
	if dropped > 0 {
		if !v.following { // keep the rows the user reads in place
			v.list.ScrollToOffset(v.list.GetScrollOffset() - float32(dropped)*v.rowStep)
		}
		v.list.UnselectAll()
		v.reselect()
	}
	if v.following {
		v.toNewest()
	}
	v.showStatus()
}

// learnChoices adds the events and outcomes of rows to their filters.
func (v *logView) learnChoices(rows []*logRow) {
	if learnLogChoice(v.events, rows, func(r *logRow) string { return r.event }) {
		v.event.SetOptions(logChoices(L(logsAllEvents), v.events))
	}
	if learnLogChoice(v.outcomes, rows, func(r *logRow) string { return r.outcome }) {
		v.outcome.SetOptions(logChoices(L(logsAllOutcomes), v.outcomes))
	}
}

func learnLogChoice(seen map[string]bool, rows []*logRow, of func(*logRow) string) bool {
	added := false
	for _, r := range rows {
		if s := of(r); s != "" && !seen[s] {
			seen[s] = true
			added = true
		}
	}
	return added
}

func logChoices(all string, seen map[string]bool) []string {
	out := make([]string, 0, len(seen)+1)
	for s := range seen {
		out = append(out, s)
	}
	slices.Sort(out)
	return append([]string{all}, out...)
}

// run feeds the view until ctx ends: it wakes on new records, takes them
// from the ring and formats them off the UI goroutine, and hands them over
// in batches; everything the view shows comes through it, in order. The
// window's async runs it.
func (v *logView) run(ctx context.Context) {
	wake, cancel := v.ring.Subscribe()
	defer cancel()
	var seq uint64 // add skips what a reset already took in
	stale := true  // the view must be reset from the ring when next shown
	for {
		select {
		case <-ctx.Done():
			return
		case <-wake:
		case <-v.kick:
		case <-time.After(logIdleCheck):
			if v.visible.Load() && !stale {
				v.w.async.Post("logs_follow", v.checkFollow)
			}
		}
		// While the app is dormant nobody reads the view: records wait in
		// the ring, and the view is reset from it on waking.
		if sleep := v.w.async.active.asleep(); sleep != nil {
			if !v.w.async.awaitWake(ctx, nil, sleep) {
				return
			}
			stale = true
		}
		if !v.visible.Load() {
			stale = true
			continue
		}
		if stale {
			var all []logging.Entry
			all, seq = v.ring.Since(0)
			rows := makeLogRows(all)
			v.w.async.Post("logs_reset", func() { v.reset(rows) })
			stale = false
		} else {
			var batch []logging.Entry
			batch, seq = v.ring.Since(seq)
			if len(batch) > 0 {
				rows := makeLogRows(batch)
				v.w.async.Post("logs_add", func() { v.add(rows) })
			}
		}
		select { // batch: let records gather for a moment
		case <-ctx.Done():
			return
		case <-time.After(logBatchInterval):
		}
	}
}

func (v *logView) setVisible(on bool) {
	v.visible.Store(on)
	if on {
		select {
		case v.kick <- struct{}{}:
		default:
		}
	}
}

func (v *logView) onFilterChanged(string) {
	defer v.w.guard("logs_filter")
	if v.level == nil || v.session == nil || v.event == nil || v.outcome == nil || v.search == nil {
		return // still being built
	}
	f := v.filter()
	session.Track(v.w.ctx, "logs_filter", fmt.Sprintf("level=%s this_session=%v event=%s outcome=%s",
		f.min, f.session != "", f.event, f.outcome))
	v.refilter()
}

func (v *logView) onSelect(id widget.ListItemID) {
	defer v.w.guard("logs_select")
	if id < 0 || id >= len(v.shown) || v.detail != nil && v.shown[id].e.Seq == v.detail.e.Seq {
		return // a reselect after the rows moved or were taken in again
	}
	if v.following && id < len(v.shown)-1 {
		// Reading an older record, like scrolling up to it, stops the
		// view from moving on under it.
		v.following = false
		session.Track(v.w.ctx, "logs_follow", "off: row selected")
		v.follow.SetChecked(false)
	}
	v.showDetail(v.shown[id])
	v.list.ScrollTo(id) // the list is shorter with the detail open
}

// showDetail shows every field of r in the detail pane, opening it.
func (v *logView) showDetail(r *logRow) {
	v.detail = r
	v.detailTitle.SetText(r.e.Level.String() + " · " + r.time + " · " + logSafe(r.e.Message, false))
	v.detailText.SetText(r.detailText())
	v.detailBox.ScrollToTop()
	if v.built && v.body.Objects[0] != v.split {
		v.body.Objects = []fyne.CanvasObject{v.split}
		v.body.Refresh()
	}
}

func (v *logView) onCloseDetail() {
	defer v.w.guard("logs_close_detail")
	v.detail = nil
	v.list.UnselectAll()
	v.body.Objects = []fyne.CanvasObject{v.listPane}
	v.body.Refresh()
}

func (v *logView) onCopyRecord() {
	defer v.w.guard("logs_copy")
	if v.detail == nil {
		return
	}
	session.Track(v.w.ctx, "logs_copy", "text")
	fyne.CurrentApp().Clipboard().SetContent(v.detail.recordText())
}

func (v *logView) onCopyJSON() {
	defer v.w.guard("logs_copy_json")
	if v.detail == nil {
		return
	}
	session.Track(v.w.ctx, "logs_copy", "json")
	fyne.CurrentApp().Clipboard().SetContent(v.detail.recordJSON())
}

func (v *logView) onFollow(on bool) {
	defer v.w.guard("logs_follow")
	if on == v.following {
		return // set by checkFollow
	}
	v.following = on
	session.Track(v.w.ctx, "logs_follow", fmt.Sprint(on))
	if on {
		v.list.Refresh()
		v.toNewest()
	}
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
	v.refilter()
}

func (v *logView) onOpenDir() {
	defer v.w.guard("logs_open_folder")
	dir := filepath.Dir(v.w.app.deps.Logs.AppLogPath())
	session.Track(v.w.ctx, "logs_open_folder", dir)
	if err := fyne.CurrentApp().OpenURL(&url.URL{Scheme: "file", Path: dir}); err != nil {
		v.w.showError(L("Can't open the log folder"), fmt.Errorf("open %s: %w", dir, err))
	}
}
