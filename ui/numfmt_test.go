package ui

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
	"golang.org/x/text/language"
	"golang.org/x/text/message"

	"vigia/charts"
	"vigia/engine"
	"vigia/metrics"
	"vigia/models/openai"
)

var spanish = newNumbers(language.Spanish)

// TestNumbers: each kind of figure in English and in Spanish.
func TestNumbers(t *testing.T) {
	when := time.Date(2025, 3, 1, 14, 5, 9, 0, time.Local)
	tests := []struct {
		name   string
		f      func(n *numbers) string
		en, es string
	}{
		{"int", func(n *numbers) string { return n.Int(1001) }, "1,001", "1.001"},
		{"small int", func(n *numbers) string { return n.Int(999) }, "999", "999"},
		{"negative int", func(n *numbers) string { return n.Int(-1234567) }, "-1,234,567", "-1.234.567"},
		{"decimal", func(n *numbers) string { return n.Decimal(1234.5, 2) }, "1,234.50", "1.234,50"},
		{"signed", func(n *numbers) string { return n.Signed(0.5, 2) }, "+0.50", "+0,50"},
		{"signed negative", func(n *numbers) string { return n.Signed(-25, 2) }, "-25.00", "-25,00"},
		{"percent", func(n *numbers) string { return n.Percent(0.0709, 2) }, "7.09 %", "7,09 %"},
		{"percent, one decimal", func(n *numbers) string { return n.Percent(1, 1) }, "100.0 %", "100,0 %"},
		{"count", func(n *numbers) string { return n.Count(9999) }, "9,999", "9.999"},
		{"count in thousands", func(n *numbers) string { return n.Count(12_345) }, "12.3k", "12,3k"},
		{"count in millions", func(n *numbers) string { return n.Count(1_234_567) }, "1.2M", "1,2M"},
		{"latency", func(n *numbers) string { return n.Latency(0.42) }, "0.42 ms", "0,42 ms"},
		{"latency in seconds", func(n *numbers) string { return n.Latency(1234) }, "1.23 s", "1,23 s"},
		{"millis", func(n *numbers) string { return n.Millis(2345 * time.Millisecond) }, "2,345 ms", "2.345 ms"},
		{"millis below 10", func(n *numbers) string { return n.Millis(4200 * time.Microsecond) }, "4.2 ms", "4,2 ms"},
		{"task time", func(n *numbers) string { return n.TaskTime(1234 * time.Millisecond) }, "1.2 s", "1,2 s"},
		{"task time in ms", func(n *numbers) string { return n.TaskTime(12 * time.Millisecond) }, "12 ms", "12 ms"},
		{"speed", func(n *numbers) string { return n.Speed(3.14) }, "3.1 tok/s", "3,1 tok/s"},
		{"rate", func(n *numbers) string { return n.Rate(1234.4) }, "1,234", "1.234"},
		{"size", func(n *numbers) string { return n.MB(1536<<20+1<<19, 1) }, "1,536.5 MB", "1.536,5 MB"},
		{"size, whole", func(n *numbers) string { return n.MB(150<<20, 0) }, "150 MB", "150 MB"},
		{"date", func(n *numbers) string { return n.Date(when) }, "2025-03-01 14:05", "01/03/2025 14:05"},
		{"date with seconds", func(n *numbers) string { return n.DateSeconds(when) }, "2025-03-01 14:05:09", "01/03/2025 14:05:09"},
	}
	for _, tt := range tests {
		if got := tt.f(english); got != tt.en {
			t.Errorf("%s in English: got %q, want %q", tt.name, got, tt.en)
		}
		if got := tt.f(spanish); got != tt.es {
			t.Errorf("%s in Spanish: got %q, want %q", tt.name, got, tt.es)
		}
	}
	if got, want := spanish.Charts(), (charts.Numbers{Decimal: ",", Group: "."}); got != want {
		t.Errorf("Spanish charts separators: got %+v, want %+v", got, want)
	}
}

// TestNumbersAsXText: the strconv path writes what x/text's printer
// writes, for any value and precision, in every language the interface has
// and a few it may get.
func TestNumbersAsXText(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, tag := range []language.Tag{language.English, language.Spanish, language.German, language.Italian, language.BrazilianPortuguese} {
		n, p := newNumbers(tag), message.NewPrinter(tag)
		for range 2000 {
			v := (r.Float64() - 0.3) * pow10(r.IntN(10))
			d := r.IntN(4)
			if got, want := n.Decimal(v, d), p.Sprintf("%.*f", d, v); got != want {
				t.Errorf("%v: Decimal(%v, %d) = %q; x/text writes %q", tag, v, d, got, want)
			}
			i := r.Int64N(1 << 40)
			if got, want := n.Int(i), p.Sprintf("%d", i); got != want {
				t.Errorf("%v: Int(%d) = %q; x/text writes %q", tag, i, got, want)
			}
		}
	}
}

func pow10(e int) float64 {
	v := 1.0
	for range e {
		v *= 10
	}
	return v
}

// TestNumbersFollowTheTranslation: the formatter is the one of the
// translation Fyne chose; a language without one gets English, as the
// texts do.
func TestNumbersFollowTheTranslation(t *testing.T) {
	t.Cleanup(func() { SetupLanguage("en") })
	for _, tc := range []struct{ env, want string }{{"es", "1.001"}, {"es_MX", "1.001"}, {"en", "1,001"}, {"fr", "1,001"}} {
		t.Setenv("LANGUAGE", tc.env)
		SetupLanguage("")
		if got := num().Int(1001); got != tc.want {
			t.Errorf("LANGUAGE=%s: got %q, want %q", tc.env, got, tc.want)
		}
	}
	SetupLanguage("es")
	if got := taskTime(1500 * time.Millisecond); got != "1,5 s" {
		t.Errorf("a task's time in Spanish: got %q", got)
	}
}

// TestDashboardNumbers: the cards, the side panel and the charts of the
// Spanish window write Spanish numbers, and the English window English
// ones. The ten minutes hold over a thousand requests.
func TestDashboardNumbers(t *testing.T) {
	for _, tc := range []struct {
		lang            string
		total, rate, mb string // patterns of the first, second and sixth cards
		cache           string
		sep             charts.Numbers
	}{
		{"en", `^\d,\d{3}$`, `^\d+\.\d{2} %$`, `^\d{3} MB$`, `hit ratio \d+\.\d %`, charts.Numbers{Decimal: ".", Group: ","}},
		{"es", `^\d\.\d{3}$`, `^\d+,\d{2} %$`, `^\d{3} MB$`, `tasa de aciertos \d+,\d %`, charts.Numbers{Decimal: ",", Group: "."}},
	} {
		t.Run(tc.lang, func(t *testing.T) {
			t.Setenv("LANGUAGE", "")
			SetupLanguage(tc.lang)
			t.Cleanup(func() { SetupLanguage("en") }) // after the window closed: its loops read the translations
			_, w := dashWindow(t, tenMinutes(true), defaultWindow)
			d := w.dash
			for i, want := range map[int]string{0: tc.total, 1: tc.rate, 4: tc.rate, 5: tc.mb} {
				if got := d.cards[i].value.Text; !regexp.MustCompile(want).MatchString(got) {
					t.Errorf("card %s shows %q, want %s", d.cards[i].title.Text, got, want)
				}
			}
			if got := d.cache.Text; !regexp.MustCompile(tc.cache).MatchString(got) {
				t.Errorf("the cache panel says %q, want %s", got, tc.cache)
			}
			if got := d.llmCards[3].value.Text; !strings.HasPrefix(got, "24") || !strings.Contains(got, map[string]string{"en": "k", "es": ","}[tc.lang]) {
				t.Errorf("the tokens card shows %q", got)
			}
			if got := d.currentView().style.Numbers; got != tc.sep {
				t.Errorf("the charts write numbers with %+v, want %+v", got, tc.sep)
			}
		})
	}
}

// TestSessionsTableNumbers: a crashed session's row and its detail in
// Spanish: day first, grouped thousands, decimal comma.
func TestSessionsTableNumbers(t *testing.T) {
	t.Setenv("LANGUAGE", "")
	SetupLanguage("es")
	t.Cleanup(func() { SetupLanguage("en") })
	h := newHarness(t, DetailsType)
	const id = "01900000-0000-7000-8000-0000000000d1"
	start := time.Now().Add(-time.Hour).UTC().Truncate(time.Second)
	lines := fmt.Sprintf(`{"type":"start","session":%q,"time":%q,"pid":%d}`+"\n"+
		`{"type":"checkpoint","session":%q,"time":%q,"summary":{"requests":1234,"errors":87,"error_rate":0.0714,"p50_ms":20.5,"p95_ms":1870,"model_usage":{"upper":1234}}}`+"\n",
		id, start.Format(time.RFC3339), 1<<31-2, id, start.Add(90*time.Second).Format(time.RFC3339))
	if err := os.WriteFile(filepath.Join(h.dir, "data", "sessions.jsonl"), []byte(lines), 0o600); err != nil {
		t.Fatal(err)
	}
	w := h.open(t)
	p := w.hist
	w.showTab(atSessions)
	h.wait(t)
	row := rowOf(t, p, id)
	want := []string{start.Local().Format("02/01/2006 15:04"), "0:01:30+", "1.234", "7,1 %", "1,87 s"}
	for col, text := range want {
		if got := cell(p, row, col).Text; got != text {
			t.Errorf("%s cell %q, want %q", sessionTitles[col], got, text)
		}
	}
	p.table.Select(widget.TableCellID{Row: row})
	for _, want := range []string{"Solicitudes 1.234, errores 87 (7,14 %), p50 20,50 ms, p95 1.870,00 ms", "upper: 1.234", start.Local().Format("02/01/2006 15:04:05")} {
		if !strings.Contains(p.detail.Text, want) {
			t.Errorf("the detail %q lacks %q", p.detail.Text, want)
		}
	}
}

// TestLoadTestNumbers: the load test's progress, result line and LLM
// figures in Spanish and in English.
func TestLoadTestNumbers(t *testing.T) {
	sum := metrics.Summary{LLM: metrics.LLMSummary{Calls: 1200, TokensIn: 14_400, TokensOut: 48_000,
		TTFT: metrics.Quantiles{P50: 1500 * time.Millisecond, P90: 2 * time.Second, P99: 2345 * time.Millisecond}}}
	pr := engine.Progress{Done: 1200, Failed: 12, Total: 2000, Elapsed: 12345 * time.Millisecond, Summary: &sum}
	for _, tc := range []struct{ lang, progress, result, llm, ttft string }{
		{"en", "1,200 of 2,000 requests, 12 errors, 12.3 s elapsed",
			"Finished: 1,200 of 2,000 requests, 12 errors (1.0 %), 12.35 s, 97 requests/s.",
			"1,200 calls · 3,888.2 output tokens/s · 14,400 → 48,000 tokens", "1.50 s"},
		{"es", "1.200 de 2.000 solicitudes, 12 errores, 12,3 s transcurridos",
			"Terminada: 1.200 de 2.000 solicitudes, 12 errores (1,0 %), 12,35 s, 97 solicitudes/s.",
			"1.200 llamadas · 3.888,2 tokens de salida/s · 14.400 → 48.000 tokens", "1,50 s"},
	} {
		t.Run(tc.lang, func(t *testing.T) {
			t.Setenv("LANGUAGE", "")
			SetupLanguage(tc.lang)
			t.Cleanup(func() { SetupLanguage("en") })
			h := newHarness(t, DetailsType)
			w := h.open(t)
			p := w.load
			p.show(pr)
			if got := p.status.Text; got != tc.progress {
				t.Errorf("progress %q, want %q", got, tc.progress)
			}
			p.finish(pr, false)
			if got := p.status.Text; got != tc.result {
				t.Errorf("result %q, want %q", got, tc.result)
			}
			if got := p.llm.Objects[0].(*widget.Label).Text; got != tc.llm {
				t.Errorf("LLM line %q, want %q", got, tc.llm)
			}
			// The table: a header row, then TTFT's p50, p90 and p99.
			grid := p.llm.Objects[1].(*fyne.Container).Objects[0].(*fyne.Container)
			if got := grid.Objects[5].(*widget.Label).Text; got != tc.ttft {
				t.Errorf("TTFT p50 %q, want %q", got, tc.ttft)
			}
		})
	}
}

// TestWorkspaceFiguresSpanish: an LLM call's line of figures in Spanish.
func TestWorkspaceFiguresSpanish(t *testing.T) {
	t.Setenv("LANGUAGE", "")
	SetupLanguage("es")
	t.Cleanup(func() { SetupLanguage("en") })
	got := llmFigures(&openai.Timing{Streamed: true, TTFT: 2345 * time.Millisecond, OutputTokensPerSecond: 3.46, TokensIn: 1200, TokensOut: 20})
	if want := "TTFT 2.345 ms · 3,5 tok/s · 1.200 → 20 tokens"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

// The dashboard formats some 40 figures a second; the separators are read
// from x/text once, and strconv writes the figures.
func BenchmarkNumbers(b *testing.B) {
	p := message.NewPrinter(language.Spanish)
	b.Run("strconv", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			_ = spanish.Decimal(1234.567, 2)
		}
	})
	b.Run("x/text", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			_ = p.Sprintf("%.2f", 1234.567)
		}
	})
	b.Run("fmt", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			_ = fmt.Sprintf("%.2f", 1234.567)
		}
	})
	b.Run("cards", func(b *testing.B) {
		in := cardInput{Now: dashEnd}
		b.ReportAllocs()
		for b.Loop() {
			_ = in.cards()
		}
	})
}
