package ui

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"vigia/journal"
)

// headers returns the sessions table's header buttons as laid out on
// screen, by title.
func headers(t *testing.T, p *sessionsPanel) map[string]*widget.Button {
	t.Helper()
	out := map[string]*widget.Button{}
	for _, o := range test.LaidOutObjects(p.table) {
		if b, ok := o.(*widget.Button); ok {
			out[b.Text] = b
		}
	}
	return out
}

// cell returns the label the table shows at row, col, made and filled as
// the table makes and fills it.
func cell(p *sessionsPanel, row, col int) *widget.Label {
	l := p.table.CreateCell().(*widget.Label)
	p.table.UpdateCell(widget.TableCellID{Row: row, Col: col}, l)
	return l
}

// rowOf returns the row that shows session id, or fails.
func rowOf(t *testing.T, p *sessionsPanel, id string) int {
	t.Helper()
	i := slices.Index(p.rowIDs(), id)
	if i < 0 {
		t.Fatalf("no row for %s in %v", id, p.rowIDs())
	}
	return i
}

func iconName(r fyne.Resource) string {
	if r == nil {
		return "none"
	}
	return r.Name()
}

var sessionTitles = []string{"Started", "Duration", "Requests", "Error rate", "p95", "Status"}

// The table has a header per column, sorted by start (newest first) until
// asked otherwise, with the arrow on that column alone.
func TestSessionsTableHeaders(t *testing.T) {
	h := newHarness(t, DetailsType)
	w := h.open(t)
	w.showTab(atSessions)
	h.wait(t)
	hs := headers(t, w.hist)
	for col, title := range sessionTitles {
		b, ok := hs[title]
		if !ok {
			t.Errorf("no header %q among %v", title, hs)
			continue
		}
		if got := sessionColTitle(col); got != title {
			t.Errorf("column %d is titled %q, want %q", col, got, title)
		}
		want := fyne.Resource(nil)
		if col == byStart {
			want = theme.MenuDropDownIcon()
		}
		if b.Icon != want {
			t.Errorf("header %q has icon %s, want %s", title, iconName(b.Icon), iconName(want))
		}
	}
}

// sortSessions are the sessions of TestSessionsSort: each column orders
// them differently.
func sortSessions(me string, now time.Time) (sessions []journal.Session, live map[string]journal.Summary) {
	base := now.Add(-12 * time.Hour)
	sum := func(req int64, rate, p95 float64) *journal.Summary {
		return &journal.Summary{Requests: req, ErrorRate: rate, P95MS: p95}
	}
	sessions = []journal.Session{
		{ID: "01900000-0000-7000-8000-0000000000e1", Start: base, End: base.Add(5 * time.Hour), Ended: true, Summary: sum(10, .5, 5)},
		{ID: "01900000-0000-7000-8000-0000000000e2", Start: base.Add(time.Hour), End: base.Add(time.Hour + time.Minute), Ended: true, Summary: sum(200, 0, 100)},
		{ID: "01900000-0000-7000-8000-0000000000c1", Start: base.Add(2 * time.Hour), Crashed: true, Summary: sum(7, .2, 300),
			Checkpointed: base.Add(2*time.Hour + 10*time.Minute)},
		// Running in this process: its live figures win over its checkpoint.
		{ID: "01900000-0000-7000-8000-0000000000a1", Start: base.Add(3 * time.Hour), Summary: sum(1, 1, 1), Checkpointed: base.Add(3 * time.Hour)},
		{ID: me, Start: base.Add(4 * time.Hour)},
	}
	live = map[string]journal.Summary{
		"01900000-0000-7000-8000-0000000000a1": *sum(50, .1, 30),
		me:                                     *sum(1000, .01, 1),
	}
	return sessions, live
}

// Tapping a header sorts the rows by its column, ascending; tapping it
// again reverses them. Ties keep the newest first.
func TestSessionsSort(t *testing.T) {
	h := newHarness(t, DetailsType)
	slow := &slowHistory{base: h.eng}
	h.app.deps.History = slow
	w := h.open(t)
	p := w.hist
	slow.sessions, slow.live = sortSessions(w.sess.ID(), time.Now())
	w.showTab(atSessions)
	h.wait(t)
	// Short names: e1 and e2 ended, c1 crashed, a1 runs in another window,
	// me is this window's.
	short := func(ids []string) []string {
		out := make([]string, len(ids))
		for i, id := range ids {
			out[i] = id[len(id)-2:]
			if id == w.sess.ID() {
				out[i] = "me"
			}
		}
		return out
	}
	if got, want := short(p.rowIDs()), []string{"me", "a1", "c1", "e2", "e1"}; !slices.Equal(got, want) {
		t.Fatalf("got rows %v at first, want %v (newest first)", got, want)
	}
	cases := []struct {
		col       int
		asc, desc []string
	}{
		{byStart, []string{"e1", "e2", "c1", "a1", "me"}, []string{"me", "a1", "c1", "e2", "e1"}},
		{byDuration, []string{"e2", "c1", "e1", "me", "a1"}, []string{"a1", "me", "e1", "c1", "e2"}},
		{byRequests, []string{"c1", "e1", "a1", "e2", "me"}, []string{"me", "e2", "a1", "e1", "c1"}},
		{byErrorRate, []string{"e2", "me", "a1", "c1", "e1"}, []string{"e1", "c1", "a1", "me", "e2"}},
		{byP95, []string{"me", "e1", "a1", "e2", "c1"}, []string{"c1", "e2", "a1", "e1", "me"}},
		{byStatus, []string{"me", "a1", "e2", "e1", "c1"}, []string{"c1", "e2", "e1", "a1", "me"}},
	}
	for _, tc := range cases {
		title := sessionTitles[tc.col]
		t.Run(title, func(t *testing.T) {
			for _, dir := range []struct {
				name string
				want []string
				icon fyne.Resource
			}{{"ascending", tc.asc, theme.MenuDropUpIcon()}, {"descending", tc.desc, theme.MenuDropDownIcon()}} {
				b := headers(t, p)[title]
				if b == nil {
					t.Fatalf("no header %q", title)
				}
				test.Tap(b)
				if got := short(p.rowIDs()); !slices.Equal(got, dir.want) {
					t.Errorf("%s: got rows %v, want %v", dir.name, got, dir.want)
				}
				for other, b := range headers(t, p) {
					want := fyne.Resource(nil)
					if other == title {
						want = dir.icon
					}
					if b.Icon != want {
						t.Errorf("%s: header %q has icon %s, want %s", dir.name, other, iconName(b.Icon), iconName(want))
					}
				}
			}
		})
	}

	// The selection follows its session when the rows move.
	p.table.Select(widget.TableCellID{Row: rowOf(t, p, "01900000-0000-7000-8000-0000000000c1"), Col: byRequests})
	test.Tap(headers(t, p)["Requests"])
	if p.selected != "01900000-0000-7000-8000-0000000000c1" {
		t.Errorf("selected %q after sorting, want c1", p.selected)
	}
}

// The row of this window's session shows its live figures as soon as the
// tab shows, with no checkpoint written, and the tab's timer refreshes them
// while it shows.
func TestSessionsLiveRow(t *testing.T) {
	h := newHarness(t, DetailsType)
	w := h.open(t)
	p := w.hist
	run := func(n int) {
		w.work.model.SetSelected("upper")
		for i := range n {
			w.work.input.SetText(fmt.Sprint("hola ", i))
			test.Tap(w.work.run)
			h.wait(t)
		}
	}
	run(3)
	w.showTab(atSessions)
	h.wait(t)
	me := rowOf(t, p, w.sess.ID())
	if s := p.rows[me]; s.Summary != nil { // a checkpoint every 30 s: only on a very slow machine
		t.Logf("the journal has a checkpoint already (%+v); the refresh below still shows more than it", s.Summary)
	}
	if got := cell(p, me, byRequests).Text; got != "3" {
		t.Errorf("requests cell %q, want 3 (live)", got)
	}
	if got := cell(p, me, byErrorRate).Text; got != "0.0 %" {
		t.Errorf("error rate cell %q, want 0.0 %%", got)
	}
	if got := cell(p, me, byDuration).Text; got == "–" || got == "" {
		t.Errorf("duration cell %q, want the time since it started", got)
	}
	p.table.Select(widget.TableCellID{Row: me})

	run(2)
	lived := make(chan struct{}, 1)
	w.async.afterResult = func(name string, _ bool) {
		if name == "sessions_live" {
			lived <- struct{}{}
		}
	}
	if !p.onTick() {
		t.Fatal("the timer did not refresh the visible tab")
	}
	h.waitOn(t, lived)
	if got := cell(p, rowOf(t, p, w.sess.ID()), byRequests).Text; got != "5" {
		t.Errorf("requests cell %q after the refresh, want 5", got)
	}
	if want := "Requests 5, errors 0"; !strings.Contains(p.detail.Text, want) {
		t.Errorf("detail %q, want it to show %q", p.detail.Text, want)
	}

	w.showTab(atWorkspace)
	if p.onTick() {
		t.Error("the timer refreshed the tab while hidden")
	}
}

// A session that started and never ended in a process that is gone shows
// red, with the figures of its last checkpoint.
func TestSessionsCrashedRow(t *testing.T) {
	h := newHarness(t, DetailsType)
	const id = "01900000-0000-7000-8000-0000000000c9"
	start := time.Now().Add(-time.Hour).UTC().Truncate(time.Second)
	const deadPID = 1<<31 - 2 // no system hands it out
	lines := fmt.Sprintf(`{"type":"start","session":%q,"time":%q,"pid":%d}`+"\n"+
		`{"type":"checkpoint","session":%q,"time":%q,"summary":{"requests":42,"errors":3,"error_rate":0.0714,"p50_ms":20,"p95_ms":87}}`+"\n",
		id, start.Format(time.RFC3339), deadPID, id, start.Add(90*time.Second).Format(time.RFC3339))
	f, err := os.OpenFile(filepath.Join(h.dir, "data", "sessions.jsonl"), os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteString(lines); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	w := h.open(t)
	p := w.hist
	w.showTab(atSessions)
	h.wait(t)
	row := rowOf(t, p, id)
	want := []string{start.Local().Format("2006-01-02 15:04"), "0:01:30+", "42", "7.1 %", "87 ms", "crashed"}
	for col, text := range want {
		l := cell(p, row, col)
		if l.Text != text {
			t.Errorf("%s cell %q, want %q", sessionTitles[col], l.Text, text)
		}
		if l.Importance != widget.DangerImportance {
			t.Errorf("%s cell has importance %v, want danger (red)", sessionTitles[col], l.Importance)
		}
	}
	if l := cell(p, rowOf(t, p, w.sess.ID()), byStatus); l.Importance == widget.DangerImportance {
		t.Error("this window's row is red")
	}
	if got := p.rate.Text; got != "Crash-free sessions: 0.0 % (1) over 7 days, 0.0 % (1) over 30 days" {
		t.Errorf("rate %q", got)
	}
}

// With no session ended yet, the crash-free rate is a sentence, not dashes.
func TestSessionsNoneEnded(t *testing.T) {
	h := newHarness(t, DetailsType)
	w := h.open(t)
	w.showTab(atSessions)
	h.wait(t)
	if got := w.hist.rate.Text; got != "No ended sessions yet" {
		t.Errorf("with only this window's session the rate reads %q", got)
	}
}

// The crash-free rate says in a sentence when there is nothing to count,
// in English and in Spanish. No window is open: its loops would read the
// translations while they change.
func TestSessionsCrashFreeText(t *testing.T) {
	now := time.Now()
	ended := func(ago time.Duration, crashed bool) journal.Session {
		return journal.Session{ID: fmt.Sprint(ago), Start: now.Add(-ago), End: now.Add(-ago + time.Minute), Ended: !crashed, Crashed: crashed}
	}
	running := journal.Session{ID: "running", Start: now.Add(-time.Minute)}
	day := 24 * time.Hour
	cases := []struct {
		name     string
		sessions []journal.Session
		en, es   string
	}{
		{"none", nil, "No ended sessions yet", "Aún no hay sesiones terminadas"},
		{"running only", []journal.Session{running}, "No ended sessions yet", "Aún no hay sesiones terminadas"},
		{"older than 30 days", []journal.Session{ended(40*day, false), running}, "No ended sessions in the last 30 days",
			"No hay sesiones terminadas en los últimos 30 días"},
		{"older than 7 days", []journal.Session{ended(10*day, false), ended(20*day, true)},
			"Crash-free sessions: 50.0 % (2) over 30 days; none ended in the last 7 days",
			"Sesiones sin caídas: 50,0 % (2) en 30 días; ninguna terminada en los últimos 7 días"},
		{"both", []journal.Session{ended(time.Hour, false), ended(20*day, true)},
			"Crash-free sessions: 100.0 % (1) over 7 days, 50.0 % (2) over 30 days",
			"Sesiones sin caídas: 100,0 % (1) en 7 días, 50,0 % (2) en 30 días"},
	}
	for _, tc := range cases {
		if got := crashFreeText(tc.sessions, now); got != tc.en {
			t.Errorf("%s: got %q, want %q", tc.name, got, tc.en)
		}
	}
	t.Setenv("LANGUAGE", "")
	SetupLanguage("es")
	t.Cleanup(func() { SetupLanguage("en") })
	for _, tc := range cases {
		if got := crashFreeText(tc.sessions, now); got != tc.es {
			t.Errorf("%s in Spanish: got %q, want %q", tc.name, got, tc.es)
		}
	}
}
