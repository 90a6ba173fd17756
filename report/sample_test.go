package report

import (
	"time"

	"vigia/metrics"
)

// sample returns a Summary and a series with every field set, including a
// model name that needs CSV quoting.
func sample() (metrics.Summary, []metrics.Point, Meta) {
	const odd = "gpt, \"4o\"\nmini"
	s := metrics.Summary{
		TotalRequests:   10,
		Errors:          2,
		ErrorRate:       0.2,
		CacheHits:       3,
		AvgResponseTime: 1500 * time.Microsecond,
		P50:             1234567 * time.Nanosecond,
		P95:             20 * time.Millisecond,
		P99:             30 * time.Millisecond,
		Max:             45678901 * time.Nanosecond,
		Throughput:      0.5,
		ModelUsage:      map[string]int64{"llama": 4, odd: 6},
		ByModel: map[string]metrics.ModelSummary{
			"llama": {Count: 4, Errors: 2, CacheHits: 1, Avg: time.Millisecond, P50: time.Millisecond, P95: 2 * time.Millisecond, P99: 3 * time.Millisecond, Max: 4 * time.Millisecond},
			odd:     {Count: 6, CacheHits: 2, Avg: 2 * time.Millisecond, P50: 2 * time.Millisecond, P95: 3 * time.Millisecond, P99: 4 * time.Millisecond, Max: 5 * time.Millisecond},
		},
		ErrorsByType: map[string]int64{"timeout": 2},
	}
	t0 := time.Date(2026, 11, 27, 20, 0, 0, 0, time.UTC)
	series := []metrics.Point{
		{Time: t0, Requests: 4, Errors: 1, CacheHits: 1, P50: time.Millisecond, P95: 2500 * time.Microsecond},
		{Time: t0.Add(time.Second)},
	}
	meta := Meta{Version: "1.2.0", Generated: time.Date(2026, 11, 27, 21, 0, 0, 5, time.FixedZone("X", 3600)), Scope: "all"}
	return s, series, meta
}
