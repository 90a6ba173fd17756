package journal

import (
	"time"

	"vigia/metrics"
)

// Summary is a session's figures, as written in its end record (final) or
// in a checkpoint (so far).
type Summary struct {
	Requests   int64            `json:"requests"`
	Errors     int64            `json:"errors"`
	ErrorRate  float64          `json:"error_rate"` // Errors / Requests; 0 with no requests
	CacheHits  int64            `json:"cache_hits,omitempty"`
	AvgMS      float64          `json:"avg_ms,omitempty"` // mean latency of the tasks that ran, in milliseconds
	P50MS      float64          `json:"p50_ms"`           // median latency in milliseconds
	P95MS      float64          `json:"p95_ms"`           // 95th percentile latency in milliseconds
	ModelUsage map[string]int64 `json:"model_usage,omitempty"`
	// ModelErrors holds the errors per model, for models with any.
	ModelErrors map[string]int64 `json:"model_errors,omitempty"`
}

// SummaryOf keeps the part of a metrics summary that the journal records.
func SummaryOf(s metrics.Summary) Summary {
	out := Summary{Requests: s.TotalRequests, Errors: s.Errors, ErrorRate: s.ErrorRate, CacheHits: s.CacheHits,
		AvgMS: millis(s.AvgResponseTime), P50MS: millis(s.P50), P95MS: millis(s.P95), ModelUsage: s.ModelUsage}
	for name, m := range s.ByModel {
		if m.Errors > 0 {
			if out.ModelErrors == nil {
				out.ModelErrors = map[string]int64{}
			}
			out.ModelErrors[name] = m.Errors
		}
	}
	return out
}

// Metrics returns s as a metrics summary, for the dashboard and the
// exports. Figures the journal does not keep (p99, max, throughput, error
// types, per-model latencies) are zero; journals written before CacheHits,
// AvgMS and ModelErrors existed leave those zero too.
func (s Summary) Metrics() metrics.Summary {
	out := metrics.Summary{TotalRequests: s.Requests, Errors: s.Errors, ErrorRate: s.ErrorRate, CacheHits: s.CacheHits,
		AvgResponseTime: duration(s.AvgMS), P50: duration(s.P50MS), P95: duration(s.P95MS), ModelUsage: s.ModelUsage}
	if len(s.ModelUsage) > 0 {
		out.ByModel = make(map[string]metrics.ModelSummary, len(s.ModelUsage))
		for name, n := range s.ModelUsage {
			out.ByModel[name] = metrics.ModelSummary{Count: n, Errors: s.ModelErrors[name]}
		}
	}
	return out
}

func millis(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func duration(ms float64) time.Duration { return time.Duration(ms * float64(time.Millisecond)) }
