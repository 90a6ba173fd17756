package promexport

import (
	"context"
	"io"
	"net/http"
	"os/exec"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus/testutil/promlint"
	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"
)

// scrape fetches url and returns its body.
func scrape(t *testing.T, url string) (int, string) {
	t.Helper()
	tr := &http.Transport{}
	defer tr.CloseIdleConnections()
	resp, err := (&http.Client{Transport: tr}).Get(url)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("read %s: %v", url, err)
	}
	return resp.StatusCode, string(b)
}

func parse(t *testing.T, body string) map[string]*dto.MetricFamily {
	t.Helper()
	p := expfmt.NewTextParser(model.UTF8Validation)
	mfs, err := p.TextToMetricFamilies(strings.NewReader(body))
	if err != nil {
		t.Fatalf("parse metrics: %v\n%s", err, body)
	}
	return mfs
}

// labelsOf renders a metric's labels as "k=v,k=v".
func labelsOf(m *dto.Metric) string {
	var parts []string
	for _, l := range m.GetLabel() {
		parts = append(parts, l.GetName()+"="+l.GetValue())
	}
	return strings.Join(parts, ",")
}

func serveTest(t *testing.T, e *Exporter) string {
	t.Helper()
	addr, err := e.Serve(t.Context(), "127.0.0.1:0", false)
	if err != nil {
		t.Fatalf("Serve: %v", err)
	}
	return "http://" + addr
}

func TestScrape(t *testing.T) {
	e := New(Options{
		CacheStats:      func() (int64, int64) { return 7, 3 },
		ActiveSessions:  func() int { return 2 },
		CrashedSessions: func() int { return 1 },
	})
	defer e.Close()
	const goroutines, each = 8, 250
	var wg sync.WaitGroup
	for range goroutines {
		wg.Go(func() {
			for range each {
				e.Observe("gpt", "ok", 20*time.Millisecond)
			}
		})
	}
	wg.Wait()
	e.Observe("gpt", "error", 2*time.Second)
	e.Observe("gpt", "cached", time.Microsecond)
	e.Observe("gpt", "cached", time.Microsecond)
	e.Observe("chaos", "panic", 5*time.Millisecond)
	e.Observe("", "ok", time.Second) // no model: ignored

	status, body := scrape(t, serveTest(t, e)+"/metrics")
	if status != http.StatusOK {
		t.Fatalf("status = %d, want 200", status)
	}
	mfs := parse(t, body)

	counters := map[string]float64{}
	for _, m := range mfs["vigia_requests_total"].GetMetric() {
		counters[labelsOf(m)] = m.GetCounter().GetValue()
	}
	wantCounters := map[string]float64{
		"model=gpt,outcome=ok":      goroutines * each,
		"model=gpt,outcome=error":   1,
		"model=gpt,outcome=cached":  2,
		"model=chaos,outcome=panic": 1,
	}
	if len(counters) != len(wantCounters) {
		t.Errorf("vigia_requests_total series = %v, want %v", counters, wantCounters)
	}
	for k, want := range wantCounters {
		if got := counters[k]; got != want {
			t.Errorf("vigia_requests_total{%s} = %v, want %v", k, got, want)
		}
	}

	hist := map[string]*dto.Histogram{}
	for _, m := range mfs["vigia_request_duration_seconds"].GetMetric() {
		hist[labelsOf(m)] = m.GetHistogram()
	}
	for _, tc := range []struct {
		labels string
		count  uint64
		sum    float64
	}{
		{"model=gpt", goroutines*each + 1, goroutines*each*0.02 + 2}, // cached not observed
		{"model=chaos", 1, 0.005},
	} {
		h := hist[tc.labels]
		if got := h.GetSampleCount(); got != tc.count {
			t.Errorf("duration{%s} count = %d, want %d", tc.labels, got, tc.count)
		}
		if got := h.GetSampleSum(); got < tc.sum-1e-6 || got > tc.sum+1e-6 {
			t.Errorf("duration{%s} sum = %v, want %v", tc.labels, got, tc.sum)
		}
		// The text format lists +Inf last; the finite buckets end at 60 s.
		if b := h.GetBucket(); len(b) < 2 || b[0].GetUpperBound() != 0.001 || b[len(b)-2].GetUpperBound() != 60 {
			t.Errorf("duration{%s} buckets = %v, want 0.001 … 60", tc.labels, b)
		}
	}

	for _, tc := range []struct {
		name string
		typ  dto.MetricType
		want float64
	}{
		{"vigia_cache_hits_total", dto.MetricType_COUNTER, 7},
		{"vigia_cache_misses_total", dto.MetricType_COUNTER, 3},
		{"vigia_sessions_active", dto.MetricType_GAUGE, 2},
		{"vigia_sessions_crashed_total", dto.MetricType_COUNTER, 1},
	} {
		mf := mfs[tc.name]
		if mf == nil {
			t.Errorf("%s missing", tc.name)
			continue
		}
		if mf.GetType() != tc.typ {
			t.Errorf("%s type = %v, want %v", tc.name, mf.GetType(), tc.typ)
		}
		m := mf.GetMetric()[0]
		got := m.GetCounter().GetValue() + m.GetGauge().GetValue()
		if got != tc.want {
			t.Errorf("%s = %v, want %v", tc.name, got, tc.want)
		}
	}
	for _, name := range []string{"go_goroutines", "process_start_time_seconds"} {
		if mfs[name] == nil && (name != "process_start_time_seconds" || processSupported()) {
			t.Errorf("%s missing: standard collectors not registered", name)
		}
	}

	if err := e.Close(); err != nil {
		t.Errorf("Close: %v", err)
	}
}

// processSupported reports whether the process collector is known to work
// here; elsewhere its absence is not this package's fault.
func processSupported() bool { return runtime.GOOS == "linux" }

func TestNilFuncsOmitted(t *testing.T) {
	e := New(Options{})
	defer e.Close()
	_, body := scrape(t, serveTest(t, e)+"/metrics")
	mfs := parse(t, body)
	for _, name := range []string{"vigia_cache_hits_total", "vigia_sessions_active", "vigia_sessions_crashed_total"} {
		if mfs[name] != nil {
			t.Errorf("%s exported without its function", name)
		}
	}
}

// TestPromtoolCheck lints what /metrics serves with promlint, the linter
// that `promtool check metrics` runs (Debian's prometheus package ships no
// promtool); where promtool is installed, it checks the same body too.
func TestPromtoolCheck(t *testing.T) {
	e := New(Options{
		CacheStats:      func() (int64, int64) { return 1, 1 },
		ActiveSessions:  func() int { return 1 },
		CrashedSessions: func() int { return 0 },
	})
	defer e.Close()
	e.Observe("gpt", "ok", time.Millisecond)
	e.Observe("chaos", "error", 2*time.Second)
	e.ObserveLLM(LLMObservation{RequestModel: "gpt-4o", Provider: "openai", Duration: 3 * time.Second, TTFT: 300 * time.Millisecond,
		ChunkGaps: []time.Duration{20 * time.Millisecond, 40 * time.Millisecond}, TokensIn: 12, TokensOut: 3})
	e.ObserveLLM(LLMObservation{RequestModel: "llama3", ErrorType: "timeout", Duration: 30 * time.Second})
	_, body := scrape(t, serveTest(t, e)+"/metrics")
	problems, err := promlint.New(strings.NewReader(body)).Lint()
	if err != nil {
		t.Fatalf("promlint could not parse /metrics: %v", err)
	}
	for _, p := range problems {
		t.Errorf("promlint: %s: %s", p.Metric, p.Text)
	}
	for _, name := range []string{"vigia_requests_total", "vigia_request_duration_seconds_bucket", "vigia_cache_hits_total",
		"vigia_cache_misses_total", "vigia_sessions_active", "vigia_sessions_crashed_total", "go_goroutines",
		"gen_ai_client_token_usage_bucket", "gen_ai_client_operation_duration_seconds_bucket",
		"gen_ai_client_operation_time_to_first_chunk_seconds_bucket", "gen_ai_client_operation_time_per_output_chunk_seconds_bucket"} {
		if !strings.Contains(body, "\n"+name) {
			t.Errorf("/metrics lacks %s", name)
		}
	}
	// A name that breaks the conventions is caught: the check can fail.
	bad, _ := promlint.New(strings.NewReader("# HELP vigia_requests_count x\n# TYPE vigia_requests_count counter\nvigia_requests_count 1\n")).Lint()
	if len(bad) == 0 {
		t.Error("promlint accepted a counter without _total")
	}

	promtool, err := exec.LookPath("promtool")
	if err != nil {
		return
	}
	cmd := exec.CommandContext(t.Context(), promtool, "check", "metrics")
	cmd.Stdin = strings.NewReader(body)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Errorf("promtool check metrics: %v\n%s", err, out)
	}
}

func TestServeStopsWithContext(t *testing.T) {
	e := New(Options{})
	defer e.Close()
	ctx, cancel := context.WithCancel(t.Context())
	addr, err := e.Serve(ctx, "127.0.0.1:0", false)
	if err != nil {
		t.Fatal(err)
	}
	cancel()
	deadline := time.Now().Add(5 * time.Second)
	for {
		tr := &http.Transport{}
		_, err := (&http.Client{Transport: tr}).Get("http://" + addr + "/metrics")
		tr.CloseIdleConnections()
		if err != nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("server still answers after its context ended")
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestServeAfterClose(t *testing.T) {
	e := New(Options{})
	e.Close()
	if _, err := e.Serve(t.Context(), "127.0.0.1:0", false); err == nil {
		t.Error("Serve after Close: got nil error, want one")
	}
}

func BenchmarkObserve(b *testing.B) {
	e := New(Options{})
	defer e.Close()
	for b.Loop() {
		e.Observe("gpt", "ok", 20*time.Millisecond)
	}
}
