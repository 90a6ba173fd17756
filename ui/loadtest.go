package ui

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"vigia/engine"
	"vigia/metrics"
	"vigia/session"
)

// loadSample is the input of a load test left empty. It goes through L: a
// Spanish window sends a Spanish sample, which the models read as Spanish.
const loadSample = "Monitoring an application means knowing how many requests it served, how many failed and how long they took."

// loadPanel is the tab that runs load tests.
type loadPanel struct {
	w *sessionWindow

	models      *widget.CheckGroup
	requests    *widget.Entry
	concurrency *widget.Entry
	rate        *widget.Entry
	params      *widget.Entry
	input       *widget.Entry
	start       *widget.Button
	cancel      *widget.Button
	progress    *widget.ProgressBar
	status      *widget.Label
	llm         *fyne.Container // the LLM figures of the last test; hidden without LLM calls

	running context.CancelFunc // UI goroutine only
}

func newLoadPanel(w *sessionWindow) *loadPanel {
	p := &loadPanel{w: w}
	var names []string
	for _, m := range w.app.deps.Tasks.ModelList() {
		names = append(names, m.Name())
	}
	p.models = widget.NewCheckGroup(names, nil)
	p.models.Horizontal = true
	p.models.SetSelected([]string{"chaos"})
	p.requests = &widget.Entry{Text: "1000", Validator: positiveInt(L("Requests"), 10_000_000)}
	p.concurrency = &widget.Entry{Text: "10", Validator: positiveInt(L("Concurrency"), 1024)}
	p.rate = &widget.Entry{Validator: validRate}
	p.rate.SetPlaceHolder(L("empty: a closed loop; or requests/s, or inf"))
	p.params = widget.NewMultiLineEntry()
	p.params.SetPlaceHolder(L("one name=value per line, e.g. error_rate=0.1"))
	p.params.SetMinRowsVisible(3)
	p.input = widget.NewMultiLineEntry()
	p.input.SetPlaceHolder(L(loadSample))
	p.input.SetMinRowsVisible(2)
	p.start = &widget.Button{Text: L("Start load test"), Importance: widget.HighImportance, OnTapped: p.onStart}
	p.cancel = &widget.Button{Text: L("Cancel"), OnTapped: p.onCancel}
	p.cancel.Disable()
	p.progress = widget.NewProgressBar()
	p.status = &widget.Label{Text: L("Not started."), Wrapping: fyne.TextWrapWord}
	p.llm = container.NewVBox()
	p.llm.Hide()
	return p
}

// parseRate reads the Rate entry: "" is 0 (a closed loop), "inf" sends
// everything at once.
func parseRate(s string) (float64, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, nil
	}
	r, err := strconv.ParseFloat(strings.Replace(s, ",", ".", 1), 64)
	if err != nil || math.IsNaN(r) || r <= 0 {
		return 0, errors.New(L("Rate must be a number of requests a second above 0, or inf"))
	}
	return r, nil
}

func validRate(s string) error {
	_, err := parseRate(s)
	return err
}

func positiveInt(name string, max int) func(string) error {
	return func(s string) error {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n < 1 || n > max {
			return fmt.Errorf(L("%s must be a whole number from 1 to %d"), name, max)
		}
		return nil
	}
}

func (p *loadPanel) content() fyne.CanvasObject {
	form := widget.NewForm(
		widget.NewFormItem(L("Models"), p.models),
		widget.NewFormItem(L("Requests"), p.requests),
		widget.NewFormItem(L("Concurrency"), p.concurrency),
		widget.NewFormItem(L("Rate"), p.rate),
		widget.NewFormItem(L("Parameters"), p.params),
		widget.NewFormItem(L("Input"), p.input),
	)
	return container.NewVScroll(container.NewVBox(form, container.NewHBox(p.start, p.cancel), p.progress, p.status, p.llm))
}

// rawParams parses the parameter lines.
func (p *loadPanel) rawParams() (map[string]string, error) {
	raw := map[string]string{}
	for _, line := range strings.Split(p.params.Text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		k, v, ok := strings.Cut(line, "=")
		if !ok || strings.TrimSpace(k) == "" {
			return nil, fmt.Errorf("parameter line %q is not name=value", line)
		}
		raw[strings.TrimSpace(k)] = strings.TrimSpace(v)
	}
	return raw, nil
}

func (p *loadPanel) onStart() {
	defer p.w.guard("load_start")
	if p.running != nil {
		return
	}
	for _, e := range []*widget.Entry{p.requests, p.concurrency, p.rate} {
		if err := e.Validate(); err != nil {
			p.w.showError(L("Can't start the load test"), err)
			return
		}
	}
	n, _ := strconv.Atoi(strings.TrimSpace(p.requests.Text))
	c, _ := strconv.Atoi(strings.TrimSpace(p.concurrency.Text))
	rate, _ := parseRate(p.rate.Text)
	raw, err := p.rawParams()
	if err == nil && len(p.models.Selected) == 0 {
		err = fmt.Errorf("choose at least one model")
	}
	var targets []engine.Target
	if err == nil {
		targets, err = p.w.app.deps.Tasks.PrepareLoad(p.models.Selected, raw)
	}
	if err != nil {
		p.w.showError(L("Can't start the load test"), err)
		return
	}
	text := p.input.Text
	if strings.TrimSpace(text) == "" {
		text = L(loadSample)
	}
	details := fmt.Sprintf("models=%s requests=%d concurrency=%d", strings.Join(p.models.Selected, ","), n, c)
	if rate > 0 {
		details += " rate=" + strconv.FormatFloat(rate, 'g', -1, 64)
	}
	session.Track(p.w.ctx, "load_start", details)
	ctx, cancel := context.WithCancel(p.w.ctx)
	p.running = cancel
	p.start.Disable()
	p.cancel.Enable()
	p.progress.SetValue(0)
	p.llm.Hide()
	spec := engine.LoadSpec{Targets: targets, Text: text, Requests: n, Concurrency: c, Rate: rate}
	a := p.w.async
	goThen(a, "load_test", func(context.Context) loadOutcome {
		defer cancel()
		final := p.w.app.deps.Tasks.Load(ctx, spec, func(pr engine.Progress) { a.Post("load_progress", func() { p.show(pr) }) })
		return loadOutcome{final, ctx.Err() != nil}
	}, func(o loadOutcome) { p.finish(o.final, o.canceled) })
}

// loadOutcome is what a load test run in the background returns.
type loadOutcome struct {
	final    engine.Progress
	canceled bool
}

// show draws progress; it runs on the UI goroutine.
func (p *loadPanel) show(pr engine.Progress) {
	p.progress.SetValue(float64(pr.Done) / float64(pr.Total))
	n := num()
	p.status.SetText(fmt.Sprintf(L("%s of %s requests, %s errors, %s elapsed"), n.Int(pr.Done), n.Int(pr.Total), n.Int(pr.Failed), n.Decimal(pr.Elapsed.Seconds(), 1)+" s"))
}

func (p *loadPanel) finish(pr engine.Progress, canceled bool) {
	defer p.w.guard("load_finish")
	p.running = nil
	p.start.Enable()
	p.cancel.Disable()
	p.show(pr)
	rps := 0.0
	if pr.Elapsed > 0 {
		rps = float64(pr.Done) / pr.Elapsed.Seconds()
	}
	verdict := L("Finished")
	if canceled {
		verdict = L("Canceled")
	}
	n := num()
	p.status.SetText(fmt.Sprintf(L("%s: %s of %s requests, %s errors (%s), %s, %s requests/s."),
		verdict, n.Int(pr.Done), n.Int(pr.Total), n.Int(pr.Failed), n.Percent(float64(pr.Failed)/float64(max(pr.Done, 1)), 1),
		n.Decimal(pr.Elapsed.Seconds(), 2)+" s", n.Decimal(rps, 0)))
	p.showLLM(pr)
	if p.w.afterTask != nil {
		p.w.afterTask()
	}
}

func (p *loadPanel) onCancel() {
	defer p.w.guard("load_cancel")
	if p.running != nil {
		session.Track(p.w.ctx, "load_cancel", "")
		p.running()
	}
}

// showLLM shows the LLM figures of a finished load test as the serving
// benchmarks report them: throughput, then TTFT, TPOT, ITL and end to end
// at p50, p90 and p99. Without LLM calls it hides them.
func (p *loadPanel) showLLM(pr engine.Progress) {
	if pr.Summary == nil || pr.Summary.LLM.Calls == 0 {
		p.llm.Hide()
		return
	}
	l := pr.Summary.LLM
	tps := 0.0
	if pr.Elapsed > 0 {
		tps = float64(l.TokensOut) / pr.Elapsed.Seconds()
	}
	n := num()
	in := n.Int(l.TokensIn)
	if l.TokensIn == 0 && l.EstimatedCalls > 0 {
		in = "?" // the server sent no usage: the input was not counted
	}
	tokens := fmt.Sprintf(L("%s calls · %s output tokens/s · %s → %s tokens"), n.Int(l.Calls), n.Decimal(tps, 1), in, n.Int(l.TokensOut))
	if l.EstimatedCalls > 0 {
		tokens += " " + fmt.Sprintf(L("(%s estimated)"), n.Int(l.EstimatedCalls))
	}
	head := func(s string) fyne.CanvasObject {
		return &widget.Label{Text: s, TextStyle: fyne.TextStyle{Bold: true}, Alignment: fyne.TextAlignTrailing}
	}
	cells := []fyne.CanvasObject{widget.NewLabel(""), head("p50"), head("p90"), head("p99")}
	for _, row := range []struct {
		name string
		q    metrics.Quantiles
	}{{L("TTFT"), l.TTFT}, {L("TPOT"), l.TPOT}, {L("ITL"), l.ITL}, {L("End to end"), l.E2E}} {
		cells = append(cells, boldLabel(row.name))
		for _, d := range []time.Duration{row.q.P50, row.q.P90, row.q.P99} {
			cells = append(cells, &widget.Label{Text: n.Latency(float64(d.Microseconds()) / 1000), Alignment: fyne.TextAlignTrailing})
		}
	}
	// Four narrow columns at the left, not spread over the whole width.
	table := container.NewHBox(container.NewGridWithColumns(4, cells...), layout.NewSpacer())
	p.llm.Objects = []fyne.CanvasObject{widget.NewLabel(tokens), table}
	p.llm.Refresh()
	p.llm.Show()
}

func boldLabel(s string) *widget.Label {
	return &widget.Label{Text: s, TextStyle: fyne.TextStyle{Bold: true}}
}
