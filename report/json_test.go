package report

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"
)

func TestWriteJSONRoundTrip(t *testing.T) {
	s, series, meta := sample()
	var buf bytes.Buffer
	if err := WriteJSON(&buf, s, series, meta); err != nil {
		t.Fatal(err)
	}
	var got document
	if err := json.Unmarshal(buf.Bytes(), &got); err != nil {
		t.Fatalf("output is not JSON: %v\n%s", err, buf.String())
	}
	if got.Version != "1.2.0" || got.Scope != "all" || !got.Generated.Equal(meta.Generated) {
		t.Errorf("meta: got %q %q %v, want 1.2.0 all %v", got.Version, got.Scope, got.Generated, meta.Generated)
	}
	if got.Generated.Location() != time.UTC {
		t.Errorf("generated: got zone %v, want UTC", got.Generated.Location())
	}
	sm := got.Summary
	for _, c := range []struct {
		name      string
		got, want any
	}{
		{"total_requests", sm.TotalRequests, int64(10)},
		{"errors", sm.Errors, int64(2)},
		{"error_rate", sm.ErrorRate, 0.2},
		{"cache_hits", sm.CacheHits, int64(3)},
		{"avg_ms", sm.Avg, millis(1.5)},
		{"p50_ms", sm.P50, millis(1.235)},
		{"p95_ms", sm.P95, millis(20)},
		{"p99_ms", sm.P99, millis(30)},
		{"max_ms", sm.Max, millis(45.679)},
		{"throughput_rps", sm.Throughput, 0.5},
		{"errors_by_type", sm.ErrorsByType["timeout"], int64(2)},
		{"models", len(got.Models), 2},
		{"models[0]", got.Models[0].Model, "gpt, \"4o\"\nmini"},
		{"models[0].count", got.Models[0].Count, int64(6)},
		{"models[1]", got.Models[1].Model, "llama"},
		{"models[1].error_rate", got.Models[1].ErrorRate, 0.5},
		{"models[1].max_ms", got.Models[1].Max, millis(4)},
		{"series", len(got.Series), 2},
		{"series[0].requests", got.Series[0].Requests, int64(4)},
		{"series[0].p95_ms", got.Series[0].P95, millis(2.5)},
		{"series[1].time", got.Series[1].Time, series[1].Time},
	} {
		if c.got != c.want {
			t.Errorf("%s: got %v, want %v", c.name, c.got, c.want)
		}
	}
	// Three decimals, exactly, in the text.
	for _, want := range []string{`"avg_ms": 1.500`, `"p50_ms": 1.235`, `"max_ms": 45.679`} {
		if !strings.Contains(buf.String(), want) {
			t.Errorf("output lacks %s:\n%s", want, buf.String())
		}
	}
}

func TestWriteJSONEmpty(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteJSON(&buf, sampleEmpty(), nil, Meta{}); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"models": []`, `"series": []`, `"errors_by_type": {}`} {
		if !strings.Contains(buf.String(), want) {
			t.Errorf("output lacks %s:\n%s", want, buf.String())
		}
	}
}
