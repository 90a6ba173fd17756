package ui

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"vigia/charts"
	"vigia/journal"
)

func TestSessionsPanel(t *testing.T) {
	h := newHarness(t, DetailsType)
	w := h.open(t)
	w.work.model.SetSelected("upper")
	w.work.input.SetText("hola")
	test.Tap(w.work.run)
	h.wait(t)
	w.onNewSession()
	for x := range h.app.windows {
		if x != w {
			x.win.Close() // ends its session: the journal gets its end
		}
	}
	p := w.hist
	w.showTab(4)
	h.wait(t) // load finished
	if len(p.rows) != 2 {
		t.Fatalf("got %d rows, want 2 (this window, and the ended one)", len(p.rows))
	}
	now := time.Now()
	if got0, got1 := p.cellText(p.rows[0], byStatus, now), p.cellText(p.rows[1], byStatus, now); got0 != "ended" || got1 != "this window" {
		t.Errorf("got states %q, %q, want ended, this window (newest first)", got0, got1)
	}
	if !strings.Contains(p.rate.Text, "Crash-free sessions: 100.0 % (1)") {
		t.Errorf("rate label %q", p.rate.Text)
	}
	p.table.Select(widget.TableCellID{Row: 0})
	if !strings.Contains(p.detail.Text, "Requests 0") {
		t.Errorf("detail %q", p.detail.Text)
	}

	var csv bytes.Buffer
	if err := p.writeExport(&csv, "/tmp/figures.CSV"); err != nil || !strings.Contains(csv.String(), "model,upper") {
		t.Errorf("CSV export got %v:\n%s", err, csv.String())
	}
	var js bytes.Buffer
	if err := p.writeExport(&js, "/tmp/figures.json"); err != nil || !strings.Contains(js.String(), `"model": "upper"`) && !strings.Contains(js.String(), `"model":"upper"`) {
		t.Errorf("JSON export got %v:\n%.400s", err, js.String())
	}

	t.Setenv("VIGIA_OPENAI_API_KEY", "sk-ui-bundle-secret-0123456789")
	var zbuf bytes.Buffer
	if err := p.writeDiagnostics(&zbuf, ""); err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(zbuf.Bytes()), int64(zbuf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]bool{}
	for _, f := range zr.File {
		names[f.Name] = true
	}
	for _, want := range []string{"logs/app.log", "sessions.jsonl", "settings.json", "about.json"} {
		if !names[want] {
			t.Errorf("bundle lacks %s: %v", want, names)
		}
	}
	if strings.Contains(zbuf.String(), "sk-ui-bundle-secret") {
		t.Error("the bundle holds the API key")
	}
}

// A past session chosen in the Sessions tab shows on the dashboard: its
// figures from the journal in the cards and the model-usage chart.
func TestSessionsShowPastOnDashboard(t *testing.T) {
	h := newHarness(t, DetailsType)
	past := "01900000-0000-7000-8000-0000000000aa"
	start := time.Now().Add(-2 * time.Hour)
	if err := h.eng.Journal().Start(past, start); err != nil {
		t.Fatal(err)
	}
	want := journal.Summary{Requests: 1234, Errors: 56, ErrorRate: 56.0 / 1234, CacheHits: 100, AvgMS: 12, P50MS: 10, P95MS: 48,
		ModelUsage: map[string]int64{"chaos": 1000, "sentiment": 234}, ModelErrors: map[string]int64{"chaos": 56}}
	if err := h.eng.Journal().End(past, start.Add(time.Hour), want); err != nil {
		t.Fatal(err)
	}
	w := h.open(t)
	p := w.hist
	w.showTab(4)
	h.wait(t)
	if len(p.rows) != 2 || p.rows[1].ID != past {
		t.Fatalf("rows %v", p.rows)
	}
	if !p.onDash.Disabled() {
		t.Error("Show on dashboard is enabled with nothing selected")
	}
	p.table.Select(widget.TableCellID{Row: 1})
	if p.onDash.Disabled() {
		t.Fatal("Show on dashboard is disabled for a session with figures")
	}
	test.Tap(p.onDash)
	if w.tabs.SelectedIndex() != 2 {
		t.Fatalf("tab %d is showing, want the dashboard", w.tabs.SelectedIndex())
	}
	if got := w.dash.scope.Selected; got != "Past session 000000aa" {
		t.Fatalf("scope %q", got)
	}
	h.waitRefresh(t)
	for i, want := range []string{"1,234", "4.54 %", "12 ms", "48 ms", "8.10 %"} {
		if got := w.dash.cards[i].value.Text; got != want {
			t.Errorf("card %d (%s) shows %q, want %q", i, w.dash.cards[i].title.Text, got, want)
		}
		if got := w.dash.cards[i].delta.Text; got != "from the sessions journal" {
			t.Errorf("card %d delta %q", i, got)
		}
	}
	if got := w.dash.errorRows; len(got) != 2 || got[1] != "56" {
		t.Errorf("errors table %v", got)
	}
	// The response-time chart says why it is empty (the journal keeps no
	// per-second series), not "No data yet".
	v := w.dash.currentView()
	v.style.NoData = "Response times over time are not recorded for past sessions"
	px := func(n int) int { return int(float32(n) * v.scale) }
	p50, p95 := charts.LatencySeries(nil)
	empty := []charts.Series{{Name: "p50", Points: p50}, {Name: "p95", Points: p95}}
	if w.dash.keys["latency"] != charts.LinesKey("", empty, px(chartW), px(chartH), v.style, "ms") {
		t.Error("the response-time chart of a past session is not the empty chart that says why")
	}
	bars := charts.BarsFromSummary(*w.dash.past.Load())
	if len(bars) != 2 || bars[0].Label != "chaos" || bars[0].Value != 1000 || bars[0].Errors != 56 {
		t.Errorf("model usage bars %+v", bars)
	}

	// Back to this session: the live figures again.
	w.dash.scope.SetSelected("This session")
	h.waitRefresh(t)
	if got := w.dash.cards[0].value.Text; got != "0" {
		t.Errorf("this session's total requests %q", got)
	}
	if w.dash.past.Load() != nil {
		t.Error("the past scope stayed on")
	}
}

// slowHistory is a History whose journal holds the given sessions and whose
// log tails wait until the test sends what they return.
type slowHistory struct {
	base     History // for what the test doesn't replace
	sessions []journal.Session
	tails    chan []string // one per SessionLogTail call; nil for no tails
	// live, if not nil, holds the live figures instead of base's.
	live map[string]journal.Summary
}

func (h *slowHistory) History() ([]journal.Session, error) { return h.sessions, nil }

func (h *slowHistory) LiveSummary(id string) (journal.Summary, bool) {
	if h.live == nil {
		return h.base.LiveSummary(id)
	}
	sum, ok := h.live[id]
	return sum, ok
}

func (h *slowHistory) ExportFigures(w io.Writer, id string, csv bool, version string) error {
	return h.base.ExportFigures(w, id, csv, version)
}

func (h *slowHistory) Diagnostics(w io.Writer, settings map[string]any, version, fyneVersion string) error {
	return h.base.Diagnostics(w, settings, version, fyneVersion)
}

// SessionLogTail waits for the test's answer; with no tails channel there
// is no tail.
func (h *slowHistory) SessionLogTail(string, int) ([]string, error) {
	if h.tails == nil {
		return nil, nil
	}
	return <-h.tails, nil
}

// A crashed session's log tail, read in the background, shows only while
// its row is still the one picked: a row picked after it keeps its detail.
func TestSessionsDetailDropsStaleTail(t *testing.T) {
	h := newHarness(t, DetailsType)
	start := time.Now().Add(-time.Hour)
	crashed := journal.Session{ID: "01900000-0000-7000-8000-0000000000c1", Start: start, Crashed: true}
	ended := journal.Session{ID: "01900000-0000-7000-8000-0000000000e2", Start: start.Add(time.Minute), End: start.Add(2 * time.Minute),
		Ended: true, Summary: &journal.Summary{Requests: 7}}
	slow := &slowHistory{base: h.eng, sessions: []journal.Session{crashed, ended}, tails: make(chan []string)}
	h.app.deps.History = slow
	w := h.open(t)
	p := w.hist
	tailed := make(chan struct{}, 1) // a tail arrived, shown or dropped
	w.async.afterResult = func(name string, _ bool) {
		if name == "sessions_tail" {
			tailed <- struct{}{}
		}
	}
	w.showTab(atSessions)
	h.wait(t)
	rowOf := map[string]int{}
	for i, r := range p.rows {
		rowOf[r.ID] = i
	}
	const tail = "ERROR the last thing the crashed session did"

	cases := []struct {
		name       string
		pick       []string // rows picked in turn; the first is the crashed one, whose tail is then answered
		wantDetail string   // in the detail at the end
		wantTail   bool     // the tail is in the detail
	}{
		{"crashed row still picked", []string{crashed.ID}, "State: crashed", true},
		{"another row picked after", []string{crashed.ID, ended.ID}, "Requests 7", false},
		{"picked away and back", []string{crashed.ID, ended.ID, crashed.ID}, "State: crashed", true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			for _, id := range tc.pick {
				p.table.UnselectAll()
				p.table.Select(widget.TableCellID{Row: rowOf[id]})
			}
			crashes := 0
			for _, id := range tc.pick {
				if id == crashed.ID {
					crashes++
				}
			}
			// Answer the tails only now, after every pick, as a slow disk
			// would.
			for i := range crashes {
				go func() { slow.tails <- []string{fmt.Sprint(tail, " #", i)} }()
				h.waitOn(t, tailed)
			}
			got := p.detail.Text
			if !strings.Contains(got, tc.wantDetail) {
				t.Errorf("detail got %q, want it to show %q", got, tc.wantDetail)
			}
			if has := strings.Contains(got, tail); has != tc.wantTail {
				t.Errorf("detail got %q: holds the tail %v, want %v", got, has, tc.wantTail)
			}
			if n := strings.Count(got, tail); tc.wantTail && n != 1 {
				t.Errorf("detail got %q: %d tails, want the last pick's alone", got, n)
			}
		})
	}
}
