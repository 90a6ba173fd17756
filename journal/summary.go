package journal

import (
	"math"
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
	// LLM holds the figures of the session's LLM calls, all models
	// together. It is left out of the line when no LLM call ran, and reads
	// as zero from journals written before it existed.
	LLM LLMSummary `json:"llm,omitzero"`
}

// LLMSummary is the part of a metrics.LLMSummary that the journal records.
type LLMSummary struct {
	Calls          int64 `json:"calls"`
	TokensIn       int64 `json:"tokens_in,omitempty"`
	TokensOut      int64 `json:"tokens_out,omitempty"`
	EstimatedCalls int64 `json:"estimated_calls,omitempty"` // calls whose tokens were estimated

	// Time to first chunk, time per output token, inter-chunk gaps and
	// end-to-end time, each left out when the session measured none.
	TTFT Percentiles `json:"ttft_ms,omitzero"`
	TPOT Percentiles `json:"tpot_ms,omitzero"`
	ITL  Percentiles `json:"itl_ms,omitzero"`
	E2E  Percentiles `json:"e2e_ms,omitzero"`

	// OutputTokensPerSecond is the output tokens over the summed
	// end-to-end time of the calls.
	OutputTokensPerSecond float64 `json:"output_tokens_per_s,omitempty"`
}

// Percentiles are the percentiles of some durations, in milliseconds, and
// how many durations there were.
type Percentiles struct {
	N   int64   `json:"n"`
	P50 float64 `json:"p50"`
	P90 float64 `json:"p90"`
	P95 float64 `json:"p95"`
	P99 float64 `json:"p99"`
}

// SummaryOf keeps the part of a metrics summary that the journal records.
func SummaryOf(s metrics.Summary) Summary {
	out := Summary{Requests: s.TotalRequests, Errors: s.Errors, ErrorRate: s.ErrorRate, CacheHits: s.CacheHits,
		AvgMS: millis(s.AvgResponseTime), P50MS: millis(s.P50), P95MS: millis(s.P95), ModelUsage: s.ModelUsage,
		LLM: llmOf(s.LLM)}
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
// types, per-model latencies and LLM figures, the LLM durations' mean and
// maximum) are zero; journals written before CacheHits, AvgMS, ModelErrors
// and LLM existed leave those zero too.
func (s Summary) Metrics() metrics.Summary {
	out := metrics.Summary{TotalRequests: s.Requests, Errors: s.Errors, ErrorRate: s.ErrorRate, CacheHits: s.CacheHits,
		AvgResponseTime: duration(s.AvgMS), P50: duration(s.P50MS), P95: duration(s.P95MS), ModelUsage: s.ModelUsage,
		LLM: s.LLM.metrics()}
	if len(s.ModelUsage) > 0 {
		out.ByModel = make(map[string]metrics.ModelSummary, len(s.ModelUsage))
		for name, n := range s.ModelUsage {
			out.ByModel[name] = metrics.ModelSummary{Count: n, Errors: s.ModelErrors[name]}
		}
	}
	return out
}

func llmOf(l metrics.LLMSummary) LLMSummary {
	if l.Calls == 0 {
		return LLMSummary{}
	}
	return LLMSummary{Calls: l.Calls, TokensIn: l.TokensIn, TokensOut: l.TokensOut, EstimatedCalls: l.EstimatedCalls,
		TTFT: percentilesOf(l.TTFT), TPOT: percentilesOf(l.TPOT), ITL: percentilesOf(l.ITL), E2E: percentilesOf(l.E2E),
		OutputTokensPerSecond: l.OutputTokensPerSecond}
}

func (l LLMSummary) metrics() metrics.LLMSummary {
	return metrics.LLMSummary{Calls: l.Calls, TokensIn: l.TokensIn, TokensOut: l.TokensOut, EstimatedCalls: l.EstimatedCalls,
		TTFT: l.TTFT.quantiles(), TPOT: l.TPOT.quantiles(), ITL: l.ITL.quantiles(), E2E: l.E2E.quantiles(),
		OutputTokensPerSecond: l.OutputTokensPerSecond}
}

func percentilesOf(q metrics.Quantiles) Percentiles {
	if q.Count == 0 {
		return Percentiles{}
	}
	return Percentiles{N: q.Count, P50: millis(q.P50), P90: millis(q.P90), P95: millis(q.P95), P99: millis(q.P99)}
}

func (p Percentiles) quantiles() metrics.Quantiles {
	return metrics.Quantiles{Count: p.N, P50: duration(p.P50), P90: duration(p.P90), P95: duration(p.P95), P99: duration(p.P99)}
}

func millis(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// duration rounds to the nanosecond: 0.123 ms times 1e6 is 122999.99… in
// floating point, which a plain conversion would cut to 122999 ns.
func duration(ms float64) time.Duration {
	return time.Duration(math.Round(ms * float64(time.Millisecond)))
}
