package ui

import (
	"archive/zip"
	"bytes"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
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
	if !strings.Contains(p.rowText(p.rows[1]), "this window") || !strings.Contains(p.rowText(p.rows[0]), "ended") {
		t.Errorf("rows:\n%s\n%s", p.rowText(p.rows[0]), p.rowText(p.rows[1]))
	}
	if !strings.Contains(p.rate.Text, "Crash-free sessions: 100.0 % (1)") {
		t.Errorf("rate label %q", p.rate.Text)
	}
	p.list.Select(0)
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
