package journal

import (
	"reflect"
	"testing"
	"time"

	"vigia/metrics"
)

func TestSummaryRoundTrip(t *testing.T) {
	m := metrics.Summary{TotalRequests: 10, Errors: 3, ErrorRate: 0.3, CacheHits: 2,
		AvgResponseTime: 1500 * time.Microsecond, P50: time.Millisecond, P95: 4 * time.Millisecond, P99: time.Second,
		ModelUsage: map[string]int64{"a": 7, "b": 3},
		ByModel:    map[string]metrics.ModelSummary{"a": {Count: 7, Errors: 3}, "b": {Count: 3}}}
	s := SummaryOf(m)
	want := Summary{Requests: 10, Errors: 3, ErrorRate: 0.3, CacheHits: 2, AvgMS: 1.5, P50MS: 1, P95MS: 4,
		ModelUsage: map[string]int64{"a": 7, "b": 3}, ModelErrors: map[string]int64{"a": 3}}
	if !reflect.DeepEqual(s, want) {
		t.Fatalf("SummaryOf = %+v\nwant %+v", s, want)
	}
	back := s.Metrics()
	if back.TotalRequests != 10 || back.Errors != 3 || back.CacheHits != 2 || back.AvgResponseTime != 1500*time.Microsecond ||
		back.P50 != time.Millisecond || back.P95 != 4*time.Millisecond || back.P99 != 0 {
		t.Errorf("Metrics = %+v", back)
	}
	if back.ByModel["a"] != (metrics.ModelSummary{Count: 7, Errors: 3}) || back.ByModel["b"] != (metrics.ModelSummary{Count: 3}) {
		t.Errorf("ByModel = %+v", back.ByModel)
	}
	// A journal written before the newer fields: those read as zero.
	old := Summary{Requests: 4, P50MS: 2}.Metrics()
	if old.TotalRequests != 4 || old.CacheHits != 0 || old.ByModel != nil || old.P50 != 2*time.Millisecond {
		t.Errorf("old summary = %+v", old)
	}
}
