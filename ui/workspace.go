package ui

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"vigia/models"
	"vigia/redact"
	"vigia/session"
)

// defaultModel is selected when no model was used before: local, fast, and
// meaningful on any text.
const defaultModel = "sentiment"

// workspace is the tab where a person runs one task at a time.
type workspace struct {
	w *sessionWindow

	model    *widget.Select
	desc     *widget.Label
	params   *fyne.Container
	values   map[string]func() string // current raw value of each parameter
	input    *taskEntry
	run      *widget.Button
	cancel   *widget.Button
	activity *widget.Activity
	status   *widget.Label
	result   *widget.Label
	copyBtn  *widget.Button

	models  []models.Model
	running context.CancelFunc // set while a task runs; UI goroutine only
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
	ws.input.SetPlaceHolder(L("Type or paste text here, then Ctrl+Enter to run it."))
	ws.input.SetMinRowsVisible(6)
	ws.input.onEscape = ws.onCancel
	ws.run = &widget.Button{Text: L("Run (Ctrl+Enter)"), Importance: widget.HighImportance, OnTapped: ws.onRun}
	ws.cancel = &widget.Button{Text: L("Cancel (Esc)"), OnTapped: ws.onCancel}
	ws.cancel.Disable()
	ws.activity = widget.NewActivity()
	ws.activity.Hide()
	ws.status = widget.NewLabel("")
	ws.result = &widget.Label{Selectable: true, Wrapping: fyne.TextWrapWord}
	ws.copyBtn = &widget.Button{Text: L("Copy result"), OnTapped: ws.onCopy}
	ws.copyBtn.Disable()

	last := w.app.stateString(stateLastModel, defaultModel)
	if !slices.Contains(names, last) {
		last = defaultModel
	}
	if !slices.Contains(names, last) && len(names) > 0 {
		last = names[0]
	}
	ws.model.SetSelected(last) // runs onModelChanged
	w.win.Canvas().SetOnTypedKey(func(k *fyne.KeyEvent) {
		if k.Name == fyne.KeyEscape {
			ws.onCancel()
		}
	})
	return ws
}

func (ws *workspace) content() fyne.CanvasObject {
	left := container.NewVBox(
		widget.NewLabelWithStyle(L("Model"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		ws.model, ws.desc,
		widget.NewLabelWithStyle(L("Parameters"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		ws.params,
	)
	buttons := container.NewHBox(ws.run, ws.cancel, ws.status, layout.NewSpacer(), ws.copyBtn)
	right := container.NewBorder(nil, nil, nil, nil,
		container.NewVSplit(ws.input, container.NewBorder(buttons, nil, nil, nil, container.NewVScroll(ws.result))))
	split := container.NewHSplit(container.NewVScroll(left), right)
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
	session.Track(ws.w.ctx, "select_model", name)
	_ = ws.w.app.remember(map[string]any{stateLastModel: name})
	m, ok := ws.current()
	if !ok {
		return
	}
	// The models' texts are English keys of the translations, as the UI's own.
	ws.desc.SetText(L(m.Description()))
	ws.params.Objects = nil
	ws.values = map[string]func() string{}
	for _, p := range m.Params() {
		ws.params.Add(widget.NewLabel(p.Name))
		ws.params.Add(ws.paramWidget(p))
	}
	if len(m.Params()) == 0 {
		ws.params.Add(widget.NewLabel(""))
		ws.params.Add(widget.NewLabel(L("none")))
	}
	ws.params.Refresh()
}

// paramWidget makes the widget of one parameter: a check for a bool, a
// select for a choice, an entry that validates as you type otherwise.
func (ws *workspace) paramWidget(p models.Param) fyne.CanvasObject {
	switch p.Kind {
	case models.Bool:
		c := widget.NewCheck(L(p.Help), func(on bool) { session.Track(ws.w.ctx, "set_param", fmt.Sprintf("%s=%v", p.Name, on)) })
		c.Checked = p.Default == "true"
		ws.values[p.Name] = func() string {
			if c.Checked {
				return "true"
			}
			return "false"
		}
		return c
	case models.Choice:
		s := widget.NewSelect(p.Choices, nil)
		s.SetSelected(p.Default)
		s.OnChanged = func(v string) { session.Track(ws.w.ctx, "set_param", p.Name+"="+v) }
		ws.values[p.Name] = func() string { return s.Selected }
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
	ws.values[p.Name] = func() string { return e.Text }
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
// in the interface's language.
func paramHelp(p models.Param) *widget.Label {
	return &widget.Label{Text: L(p.Help), Wrapping: fyne.TextWrapWord, TextStyle: fyne.TextStyle{Italic: true}, SizeName: theme.SizeNameCaptionText}
}

// rawParams are the values set, as text; empty entries keep the defaults.
func (ws *workspace) rawParams() map[string]string {
	raw := map[string]string{}
	for name, get := range ws.values {
		if v := get(); v != "" {
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
	m, vals, err := ws.w.app.deps.Tasks.Prepare(name, raw)
	if err != nil {
		ws.w.showError(L("Can't run ")+name, err)
		return
	}
	text := ws.input.Text
	ctx, cancel := context.WithCancel(ws.w.ctx)
	ws.running = cancel
	ws.setRunning(true)
	goThen(ws.w.async, "run", func(context.Context) taskOutcome {
		defer cancel()
		res, err := ws.w.app.deps.Tasks.Run(ctx, m, vals, text)
		return taskOutcome{res, err}
	}, func(o taskOutcome) { ws.finish(name, o.res, o.err) })
}

// taskOutcome is what a task run in the background returns.
type taskOutcome struct {
	res models.Result
	err error
}

// finish shows a task's outcome; it runs on the UI goroutine.
func (ws *workspace) finish(name string, res models.Result, err error) {
	defer ws.w.guard("show_result")
	ws.running = nil
	ws.setRunning(false)
	switch {
	case errors.Is(err, context.Canceled):
		ws.status.SetText(L("Canceled."))
	case err != nil:
		ws.status.SetText(L("Failed."))
		ws.w.showError(fmt.Sprintf(L("%s failed"), name), err)
	default:
		ws.status.SetText(L("Done."))
		ws.result.SetText(res.Text)
		ws.copyBtn.Enable()
	}
	if ws.w.afterTask != nil {
		ws.w.afterTask()
	}
}

func (ws *workspace) setRunning(on bool) {
	if on {
		ws.run.Disable()
		ws.cancel.Enable()
		ws.activity.Show()
		ws.activity.Start()
		ws.status.SetText(L("Running…"))
		return
	}
	ws.run.Enable()
	ws.cancel.Disable()
	ws.activity.Stop()
	ws.activity.Hide()
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
