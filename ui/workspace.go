package ui

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"vigia/models"
	"vigia/models/openai"
	"vigia/redact"
	"vigia/session"
)

// defaultModel is selected when no model was used before: local, fast, and
// meaningful on any text.
const defaultModel = "sentiment"

// streamRepaint is how often a streaming answer is repainted while it
// arrives: often enough to read as live, seldom enough that a fast stream
// (hundreds of chunks a second) costs a repaint now and then, not one per
// chunk.
const streamRepaint = 50 * time.Millisecond

// historySize is how many runs a window's history keeps.
const historySize = 20

// workspace is the tab where a person runs one task at a time.
type workspace struct {
	w *sessionWindow

	model    *widget.Select
	filling  bool // fill selects the first model: not the person's action
	desc     *widget.Label
	params   *fyne.Container
	side     *container.Scroll     // the model, its description and its parameters
	fields   map[string]paramField // the widget of each parameter, by name
	input    *taskEntry
	run      *widget.Button
	cancel   *widget.Button
	activity *widget.Activity
	status   *widget.Label
	figures  *widget.Label // an LLM call's figures under the status; hidden when there are none
	result   *widget.Label
	copyBtn  *widget.Button
	history  *widget.List // past, newest first

	// UI goroutine only.
	models   []models.Model
	running  context.CancelFunc // set while a task runs
	runs     generation         // moves on when a run ends, so that its late repaints are dropped
	past     []pastRun          // the window's last runs, oldest first; at most historySize
	repaints int                // repaints of a streaming answer, all runs together; for tests
}

// paramField is the widget of one parameter, seen as text.
type paramField struct {
	get func() string // the value as typed; "" keeps the default
	set func(string)  // shows a value again (a run picked in the history)
}

// taskEntry is the input: Esc cancels the running task even while it has
// the focus.
type taskEntry struct {
	widget.Entry
	onEscape func()
}

func newTaskEntry() *taskEntry {
	e := &taskEntry{}
	e.MultiLine = true
	e.Wrapping = fyne.TextWrapWord
	e.ExtendBaseWidget(e)
	return e
}

func (e *taskEntry) TypedKey(k *fyne.KeyEvent) {
	if k.Name == fyne.KeyEscape && e.onEscape != nil {
		e.onEscape()
		return
	}
	e.Entry.TypedKey(k)
}

func newWorkspace(w *sessionWindow) *workspace {
	ws := &workspace{w: w, models: w.app.deps.Tasks.ModelList()}
	var names []string
	for _, m := range ws.models {
		names = append(names, m.Name())
	}
	ws.desc = widget.NewLabel("")
	ws.desc.Wrapping = fyne.TextWrapWord
	ws.params = container.New(layout.NewFormLayout())
	ws.model = &widget.Select{Options: names, OnChanged: ws.onModelChanged}
	ws.input = newTaskEntry()
	ws.input.SetMinRowsVisible(6)
	ws.input.onEscape = ws.onCancel
	ws.run = &widget.Button{Text: L("Run (Ctrl+Enter)"), Importance: widget.HighImportance, OnTapped: ws.onRun}
	ws.cancel = &widget.Button{Text: L("Cancel (Esc)"), OnTapped: ws.onCancel}
	ws.cancel.Disable()
	ws.activity = widget.NewActivity()
	ws.activity.Hide()
	// Truncated rather than wrapped: a long status must not widen the
	// window, and the figures fit one line.
	ws.status = &widget.Label{Truncation: fyne.TextTruncateEllipsis}
	ws.figures = &widget.Label{Truncation: fyne.TextTruncateEllipsis, TextStyle: fyne.TextStyle{Monospace: true}}
	ws.figures.Hide()
	ws.result = &widget.Label{Selectable: true, Wrapping: fyne.TextWrapWord}
	ws.copyBtn = &widget.Button{Text: L("Copy result"), OnTapped: ws.onCopy}
	ws.copyBtn.Disable()
	ws.history = widget.NewList(
		func() int { return len(ws.past) },
		func() fyne.CanvasObject { return &widget.Label{Truncation: fyne.TextTruncateEllipsis} },
		func(id widget.ListItemID, o fyne.CanvasObject) {
			if r, ok := ws.pastAt(id); ok {
				o.(*widget.Label).SetText(r.row())
			}
		})
	ws.history.OnSelected = ws.onHistory
	return ws
}

// fill sets the workspace's texts that wrap: the input's placeholder, and
// the description and parameters' help of the model the window opens on
// (the last one used), which it selects. The caller fills the workspace
// once its content has its size, if it has one: Fyne lays a content out
// at its minimum first (a scroll or an entry not yet sized, a tab's
// renderer made), where the description wraps into ten narrow lines and
// the placeholder into one letter a line, and wrapping a text is a binary
// search of each line with every candidate shaped. Those passes took
// about 35 ms of the 75 the first tab took to make, beside the first
// window's making (bench/cmd/firstframe, docs/PERFORMANCE-NOTES.md).
func (ws *workspace) fill() {
	ws.input.SetPlaceHolder(L("Type or paste text here, then Ctrl+Enter to run it."))
	names := ws.model.Options
	last := ws.w.app.stateString(stateLastModel, defaultModel)
	if !slices.Contains(names, last) {
		last = defaultModel
	}
	if !slices.Contains(names, last) && len(names) > 0 {
		last = names[0]
	}
	ws.filling = true
	defer func() { ws.filling = false }()
	ws.model.SetSelected(last) // runs onModelChanged
}

func (ws *workspace) content() fyne.CanvasObject {
	left := container.NewVBox(
		widget.NewLabelWithStyle(L("Model"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		ws.model, ws.desc,
		widget.NewLabelWithStyle(L("Parameters"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		ws.params,
	)
	// The history sits under the parameters, so that it never pushes the
	// result down.
	history := container.NewBorder(
		widget.NewLabelWithStyle(L("History"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), nil, nil, nil,
		ws.history)
	ws.side = container.NewVScroll(left)
	side := container.NewVSplit(ws.side, history)
	side.Offset = 0.7
	buttons := container.NewHBox(ws.run, ws.cancel, layout.NewSpacer(), ws.copyBtn)
	top := container.NewVBox(buttons, ws.status, ws.figures)
	right := container.NewVSplit(ws.input, container.NewBorder(top, nil, nil, nil, container.NewVScroll(ws.result)))
	split := container.NewHSplit(side, right)
	split.Offset = 0.3
	return split
}

func (ws *workspace) current() (models.Model, bool) {
	for _, m := range ws.models {
		if m.Name() == ws.model.Selected {
			return m, true
		}
	}
	return nil, false
}

func (ws *workspace) onModelChanged(name string) {
	defer ws.w.guard("select_model")
	if !ws.filling { // the window's first model is what was remembered
		session.Track(ws.w.ctx, "select_model", name)
		_ = ws.w.app.remember(map[string]any{stateLastModel: name})
	}
	m, ok := ws.current()
	if !ok {
		return
	}
	// The models' texts are English keys of the translations, as the UI's own.
	ws.desc.SetText(L(m.Description()))
	ws.params.Objects = nil
	ws.fields = map[string]paramField{}
	for _, p := range m.Params() {
		ws.params.Add(widget.NewLabel(p.Name))
		ws.params.Add(ws.paramWidget(p))
	}
	if len(m.Params()) == 0 {
		ws.params.Add(widget.NewLabel(""))
		ws.params.Add(widget.NewLabel(L("none")))
	}
	// The sidebar laid out again at its size (the scroll refreshes its
	// content, the parameters among it), the description grown or
	// shrunk; not sized yet, it is laid out when it is.
	if ws.side != nil && !ws.side.Size().IsZero() {
		ws.side.Refresh()
	}
}

// paramWidget makes the widget of one parameter: a check for a bool, a
// select for a choice, an entry that validates as you type otherwise.
func (ws *workspace) paramWidget(p models.Param) fyne.CanvasObject {
	switch p.Kind {
	case models.Bool:
		c := widget.NewCheck(L(p.Help), func(on bool) { session.Track(ws.w.ctx, "set_param", fmt.Sprintf("%s=%v", p.Name, on)) })
		c.Checked = p.Default == "true"
		ws.fields[p.Name] = paramField{
			get: func() string {
				if c.Checked {
					return "true"
				}
				return "false"
			},
			// Not through SetChecked: a value shown again is no user's change.
			set: func(v string) { c.Checked = v == "true"; c.Refresh() },
		}
		return c
	case models.Choice:
		s := widget.NewSelect(p.Choices, nil)
		s.SetSelected(p.Default)
		s.OnChanged = func(v string) { session.Track(ws.w.ctx, "set_param", p.Name+"="+v) }
		ws.fields[p.Name] = paramField{
			get: func() string { return s.Selected },
			set: func(v string) {
				if slices.Contains(s.Options, v) {
					s.Selected = v
					s.Refresh()
				}
			},
		}
		return container.NewBorder(nil, paramHelp(p), nil, nil, s)
	}
	e := widget.NewEntry()
	e.SetPlaceHolder(p.Default)
	e.Validator = func(s string) error {
		if s == "" {
			return nil
		}
		_, err := p.Parse(s)
		return paramMessage(err)
	}
	ws.fields[p.Name] = paramField{get: func() string { return e.Text }, set: e.SetText}
	return container.NewBorder(nil, paramHelp(p), nil, nil, e)
}

// paramMessage says what is wrong with a parameter's value in the
// interface's language, from the fields of a *models.ParamError; other
// errors (and nil) are returned as they are.
func paramMessage(err error) error {
	var pe *models.ParamError
	if !errors.As(err, &pe) {
		return err
	}
	p, s := pe.Param, pe.Value
	num := func(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }
	switch pe.Problem {
	case models.NotWholeNumber:
		return fmt.Errorf(L("%s=%q is not a whole number"), p.Name, s)
	case models.NotNumber:
		return fmt.Errorf(L("%s=%q is not a number"), p.Name, s)
	case models.NotBool:
		return fmt.Errorf(L("%s=%q is not true or false"), p.Name, s)
	case models.NotDuration:
		return fmt.Errorf(L("%s=%q is not a duration such as 250ms or 2s"), p.Name, s)
	case models.OutOfRange:
		if p.Kind == models.Duration {
			return fmt.Errorf(L("%s=%s must be between %s and %s seconds"), p.Name, s, num(p.Min), num(p.Max))
		}
		return fmt.Errorf(L("%s=%s must be between %s and %s"), p.Name, s, num(p.Min), num(p.Max))
	case models.NotChoice:
		return fmt.Errorf(L("%s=%q is not one of %s"), p.Name, s, strings.Join(p.Choices, ", "))
	}
	return err
}

// paramHelp is the line under a parameter's field that says what it does,
// in the interface's language. Small, not italic: the first tab shows it,
// and an italic text style would parse a set of font faces of its own
// (Fyne's italic font, its emoji font and a system font) before the first
// frame, where regular and bold (the tabs' and buttons') do already.
func paramHelp(p models.Param) *widget.Label {
	return &widget.Label{Text: L(p.Help), Wrapping: fyne.TextWrapWord, SizeName: theme.SizeNameCaptionText}
}

// rawParams are the values set, as text; empty entries keep the defaults.
func (ws *workspace) rawParams() map[string]string {
	raw := map[string]string{}
	for name, f := range ws.fields {
		if v := f.get(); v != "" {
			raw[name] = v
		}
	}
	return raw
}

func (ws *workspace) onRun() {
	defer ws.w.guard("run")
	if ws.running != nil {
		return
	}
	name := ws.model.Selected
	raw := ws.rawParams()
	// The values are as typed: a password in base_url, or any parameter
	// named like a secret, must not reach app.log. The logs would catch
	// the URL in the text, but not a "key:value" pair of the map's print.
	shown, _ := redact.Value(raw)
	session.Track(ws.w.ctx, "run", fmt.Sprintf("model=%s params=%v", name, shown))
	tasks := ws.w.app.deps.Tasks
	m, vals, err := tasks.Prepare(name, raw)
	if err != nil {
		ws.w.showError(L("Can't run ")+name, err)
		return
	}
	run := pastRun{model: name, input: ws.input.Text, raw: raw}
	ctx, cancel := context.WithCancel(ws.w.ctx)
	ws.running = cancel
	ws.setRunning(true)
	ws.show("", L("Running…"), "")

	// A streaming model hands its text to live as it comes (on its own
	// goroutine); the ticker repaints what came, at most every
	// streamRepaint, and stops with the task (cancel, deferred below).
	live := &liveText{}
	ctx = openai.WithChunkSink(ctx, live.add)
	tk := ws.runs.ticket()
	ws.w.async.EveryUntil(ctx.Done(), "stream_repaint", streamRepaint, func(context.Context) {
		if live.claim() {
			ws.w.async.Post("stream_repaint", func() {
				if tk.current() { // not after the outcome: it has the last word
					ws.repaint(live)
				}
			})
		}
	})
	goThen(ws.w.async, "run", func(context.Context) taskOutcome {
		defer cancel()
		return runTask(ctx, tasks, m, vals, run.input)
	}, func(o taskOutcome) { ws.finish(run, o) })
}

// runTask runs a prepared task through tasks.
func runTask(ctx context.Context, tasks Tasks, m models.Model, vals models.Values, text string) taskOutcome {
	res, ran, err := tasks.RunTimed(ctx, m, vals, text)
	return taskOutcome{res: res, err: err, took: ran.Duration, cached: ran.Cached}
}

// taskOutcome is what a task run in the background returns.
type taskOutcome struct {
	res    models.Result
	err    error
	took   time.Duration // from the start of the task to its outcome
	cached bool          // the cache answered; no model ran
}

// liveText is the answer of a streaming model as it arrives: the model's
// goroutine adds to it, a ticker claims a repaint, the UI goroutine takes
// the text. A repaint is claimed only when there is new text and none is
// queued yet, so that a slow UI goroutine never gets a backlog of them.
type liveText struct {
	mu     sync.Mutex
	text   strings.Builder
	fresh  bool // text was added since the last take
	queued bool // a repaint was claimed and not yet taken
}

// add appends a piece; it is the model's chunk sink.
func (l *liveText) add(piece string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.text.WriteString(piece)
	l.fresh = true
}

// claim reports whether a repaint should be queued now.
func (l *liveText) claim() bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if !l.fresh || l.queued {
		return false
	}
	l.queued = true
	return true
}

// take returns the text so far, for a repaint.
func (l *liveText) take() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.fresh, l.queued = false, false
	return l.text.String()
}

// repaint shows the answer streamed so far; UI goroutine.
func (ws *workspace) repaint(live *liveText) {
	ws.result.SetText(live.take())
	ws.repaints++
}

// finish shows a task's outcome and adds the run to the history; it runs
// on the UI goroutine. A streamed answer cut short (Esc, a timeout, a
// broken stream) stays on screen: its text is in the *openai.PartialError.
func (ws *workspace) finish(run pastRun, o taskOutcome) {
	defer ws.w.guard("show_result")
	ws.running = nil
	ws.runs.next() // drops a repaint still on its way
	ws.setRunning(false)
	took := taskTime(o.took)
	var pe *openai.PartialError
	partial := errors.As(o.err, &pe) && pe.Text != ""
	var result, status, figures string
	failed := false
	switch {
	case o.err == nil && o.cached:
		// No figures: the answer's Timing is the first call's, and this
		// one made none.
		run.outcome, result, status = L("cached"), resultText(o.res), fmt.Sprintf(L("Done in %s · cached"), took)
	case o.err == nil:
		run.outcome, result, status = L("done"), resultText(o.res), fmt.Sprintf(L("Done in %s"), took)
		if c, ok := o.res.Data.(openai.Completion); ok {
			figures = llmFigures(c.Timing)
		}
	case errors.Is(o.err, context.Canceled):
		run.outcome, status = L("canceled"), fmt.Sprintf(L("Canceled after %s"), took)
		if partial {
			status = fmt.Sprintf(L("Canceled after %s — partial answer kept"), took)
		}
	default:
		failed = true
		run.outcome, status = L("failed"), fmt.Sprintf(L("Failed after %s"), took)
		if partial {
			status = fmt.Sprintf(L("Failed after %s — partial answer kept"), took)
		}
	}
	if pe != nil {
		result, figures = pe.Text, llmFigures(pe.Completion.Timing)
	}
	ws.show(result, status, figures)
	run.took, run.result, run.status, run.figures = o.took, result, status, figures
	ws.remember(run)
	if d := ws.w.dash; d != nil {
		d.refreshSoon() // the dashboard counts this task now, not at its next tick
	}
	if failed {
		ws.w.showError(fmt.Sprintf(L("%s failed"), run.model), o.err)
	}
	if ws.w.afterTask != nil {
		ws.w.afterTask()
	}
}

// show puts a result, its status and its figures line on screen.
func (ws *workspace) show(result, status, figures string) {
	ws.result.SetText(result)
	ws.status.SetText(status)
	ws.figures.SetText(figures)
	if figures == "" {
		ws.figures.Hide()
	} else {
		ws.figures.Show()
	}
	if result == "" {
		ws.copyBtn.Disable()
	} else {
		ws.copyBtn.Enable()
	}
}

func (ws *workspace) setRunning(on bool) {
	if on {
		ws.run.Disable()
		ws.cancel.Enable()
		ws.activity.Show()
		ws.activity.Start()
		return
	}
	ws.run.Enable()
	ws.cancel.Disable()
	ws.activity.Stop()
	ws.activity.Hide()
}

// pastRun is one run of the window's history: what it takes to show the
// run again.
type pastRun struct {
	model   string
	input   string
	raw     map[string]string // the parameters as typed
	outcome string            // done, cached, canceled or failed, translated
	took    time.Duration
	result  string // the answer, or the partial answer kept
	status  string
	figures string
}

// row is the run as the history lists it: model, the input's first words,
// outcome and duration.
func (r pastRun) row() string {
	return r.model + " · “" + snippet(r.input, 40) + "” · " + r.outcome + " · " + taskTime(r.took)
}

// remember adds a run to the history, forgetting the oldest past
// historySize.
func (ws *workspace) remember(r pastRun) {
	ws.past = append(ws.past, r)
	if len(ws.past) > historySize {
		ws.past = slices.Delete(ws.past, 0, len(ws.past)-historySize)
	}
	ws.history.Refresh()
}

// pastAt returns the run at row id of the history, which lists the newest
// first.
func (ws *workspace) pastAt(id widget.ListItemID) (pastRun, bool) {
	i := len(ws.past) - 1 - id
	if id < 0 || i < 0 {
		return pastRun{}, false
	}
	return ws.past[i], true
}

// onHistory shows a past run again: its model, parameters, input, result
// and status. Not while a task runs, whose answer is on its way.
func (ws *workspace) onHistory(id widget.ListItemID) {
	defer ws.w.guard("restore_run")
	ws.history.UnselectAll() // so that the same row can be picked again
	r, ok := ws.pastAt(id)
	if !ok || ws.running != nil {
		return
	}
	session.Track(ws.w.ctx, "restore_run", r.model)
	ws.model.SetSelected(r.model) // rebuilds the parameters, at their defaults
	for name, v := range r.raw {
		if f, ok := ws.fields[name]; ok {
			f.set(v)
		}
	}
	ws.input.SetText(r.input)
	ws.show(r.result, r.status, r.figures)
}

// snippet is the start of s on one line, about n characters long: cut
// after a word when one ends near n, and marked with … when cut. Only the
// start of s is read, however long s is.
func snippet(s string, n int) string {
	head, cut := s, false
	if len(head) > 8*n { // enough for n characters, unless mostly white space
		i := 8 * n
		for i > 0 && !utf8.RuneStart(head[i]) {
			i--
		}
		head, cut = head[:i], true
	}
	r := []rune(strings.Join(strings.Fields(head), " "))
	if len(r) <= n {
		if cut {
			return string(r) + "…"
		}
		return string(r)
	}
	end := n
	for i := n; i > n*3/4; i-- { // a word that ends near n
		if r[i] == ' ' {
			end = i
			break
		}
	}
	return strings.TrimRight(string(r[:end]), " ") + "…"
}

// taskTime says how long a task took, in the interface's language (see
// numbers.TaskTime).
func taskTime(d time.Duration) string { return num().TaskTime(d) }

// llmFigures is the line that sums up an LLM call, such as "TTFT 180 ms ·
// 42 tok/s · 120 → 350 tokens", or "" without a Timing. A figure the call
// could not measure is left out: the time to the first token when no text
// came, the tokens when the server counted none. Tokens counted from the
// chunks, without the server's usage, are marked as estimated, and the
// input's are then unknown (?).
func llmFigures(t *openai.Timing) string {
	if t == nil {
		return ""
	}
	n := num()
	var parts []string
	if t.TTFT > 0 {
		parts = append(parts, fmt.Sprintf(L("TTFT %s"), n.Millis(t.TTFT)))
	}
	if r := t.OutputTokensPerSecond; r > 0 {
		parts = append(parts, fmt.Sprintf(L("%s tok/s"), n.Rate(r)))
	}
	if t.TokensIn > 0 || t.TokensOut > 0 {
		in := n.Int(int64(t.TokensIn))
		if t.TokensEstimated && t.TokensIn == 0 {
			in = "?"
		}
		tokens := fmt.Sprintf(L("%s → %s tokens"), in, n.Int(int64(t.TokensOut)))
		if t.TokensEstimated {
			tokens += L(" (estimated)")
		}
		parts = append(parts, tokens)
	}
	return strings.Join(parts, " · ")
}

func (ws *workspace) onCancel() {
	defer ws.w.guard("cancel")
	if ws.running != nil {
		session.Track(ws.w.ctx, "cancel", ws.model.Selected)
		ws.running()
	}
}

func (ws *workspace) onCopy() {
	defer ws.w.guard("copy_result")
	session.Track(ws.w.ctx, "copy_result", "")
	fyne.CurrentApp().Clipboard().SetContent(ws.result.Text)
}
