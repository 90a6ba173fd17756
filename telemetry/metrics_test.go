package telemetry_test

import (
	"context"
	"io"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	metricspb "go.opentelemetry.io/proto/otlp/metrics/v1"

	"vigia/promexport"
	"vigia/telemetry"
	"vigia/telemetry/otlptest"
)

// TestMetricsAreThePrometheusOnes: OTLP carries the instruments /metrics
// serves, read from the same registry: the same names, the help as
// description, counters as monotonic cumulative sums, histograms with the
// same buckets and counts.
func TestMetricsAreThePrometheusOnes(t *testing.T) {
	clearOTEL(t)
	exp := promexport.New(promexport.Options{CacheStats: func() (int64, int64) { return 3, 4 },
		ActiveSessions: func() int { return 1 }, CrashedSessions: func() int { return 0 }})
	defer exp.Close()
	exp.Observe("sentiment", "ok", 20*time.Millisecond)
	exp.Observe("sentiment", "error", 30*time.Millisecond)
	exp.ObserveLLM(promexport.LLMObservation{RequestModel: "llama3.2", Operation: "chat", Duration: time.Second,
		TTFT: 100 * time.Millisecond, ChunkGaps: []time.Duration{10 * time.Millisecond}, TokensIn: 5, TokensOut: 7})

	// A scrape first: the handler adds its own counter to the registry,
	// which OTLP must then carry too.
	srv := httptest.NewServer(exp.Handler())
	defer srv.Close()
	resp, err := srv.Client().Get(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	scrape, _ := io.ReadAll(resp.Body)
	resp.Body.Close()

	c := otlptest.Start(t)
	tel, _ := start(t, telemetry.Options{Endpoint: c.URL, Gatherer: exp.Gatherer()})
	if err := tel.Shutdown(context.Background()); err != nil { // the final export
		t.Fatal(err)
	}
	families, err := exp.Gatherer().Gather()
	if err != nil {
		t.Fatal(err)
	}
	var want, got []string
	for _, f := range families {
		want = append(want, f.GetName())
		if !strings.Contains(string(scrape), "# TYPE "+f.GetName()+" ") {
			t.Errorf("/metrics lacks %s", f.GetName())
		}
	}
	byName := map[string]*metricspb.Metric{}
	for _, m := range c.Metrics() {
		if _, seen := byName[m.GetName()]; !seen {
			got = append(got, m.GetName())
		}
		byName[m.GetName()] = m.Metric
	}
	slices.Sort(want)
	slices.Sort(got)
	if !slices.Equal(got, want) {
		t.Errorf("OTLP metric names\n%q\nwant /metrics'\n%q", got, want)
	}
	for _, name := range []string{"vigia_requests_total", "vigia_request_duration_seconds", "gen_ai_client_token_usage",
		"gen_ai_client_operation_duration_seconds", "vigia_cache_hits_total", "vigia_sessions_active", "promhttp_metric_handler_errors_total"} {
		if !slices.Contains(got, name) {
			t.Errorf("OTLP lacks %s", name)
		}
	}

	req := byName["vigia_requests_total"]
	if s := req.GetSum(); s == nil || !s.IsMonotonic || s.AggregationTemporality != metricspb.AggregationTemporality_AGGREGATION_TEMPORALITY_CUMULATIVE ||
		len(s.DataPoints) != 2 || req.GetUnit() != "" || !strings.HasPrefix(req.GetDescription(), "Model tasks finished") {
		t.Errorf("vigia_requests_total = %v; want a monotonic cumulative sum of 2 points, no unit, the help as description", req)
	}
	dur := byName["vigia_request_duration_seconds"].GetHistogram()
	if dur == nil || len(dur.DataPoints) != 1 || dur.DataPoints[0].GetCount() != 2 || len(dur.DataPoints[0].ExplicitBounds) != 16 ||
		otlptest.String(dur.DataPoints[0].Attributes, "model") != "sentiment" {
		t.Errorf("vigia_request_duration_seconds = %v; want one histogram point of 2 observations, 16 bounds, model=sentiment", dur)
	}
	if g := byName["vigia_sessions_active"].GetGauge(); g == nil || g.DataPoints[0].GetAsDouble() != 1 {
		t.Errorf("vigia_sessions_active = %v; want a gauge at 1", g)
	}
}
