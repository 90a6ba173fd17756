package metrics

import (
	"sync/atomic"
	"time"
)

// LLMSample is what one call to an LLM endpoint measured.
type LLMSample struct {
	TTFT, TPOT, E2E     time.Duration   // 0: not measured (e.g. TPOT with < 2 tokens, TTFT when no text came)
	ITL                 []time.Duration // the gaps between chunks carrying text; may be nil; do not keep the slice
	TokensIn, TokensOut int64
	TokensEstimated     bool
}

// LLMSummary is what the LLM calls in a [Summary]'s scope measured. Calls
// == 0 means no LLM call was recorded there. Its figures agree with each
// other as Summary's do: each Quantiles' Count and EstimatedCalls are at
// most Calls (ITL counts gaps, not calls, and has no such bound).
type LLMSummary struct {
	Calls               int64 // LLM calls recorded
	TokensIn, TokensOut int64
	EstimatedCalls      int64 // calls whose tokens were estimated, not reported by the server

	// Time to first chunk, mean time per output token after the first,
	// inter-chunk gaps (one value per gap) and end-to-end time of the calls
	// that measured them, within 1 % as the request latencies are.
	TTFT, TPOT, ITL, E2E Quantiles

	// OutputTokensPerSecond is TokensOut over the summed E2E of the calls:
	// the mean speed of an answer. 0 when no E2E was measured.
	OutputTokensPerSecond float64
}

// Quantiles summarises a set of durations. Percentiles are within 1 % of
// the exact ones between 1 µs and 1 h, and never above Max; all are 0 when
// Count is 0.
type Quantiles struct {
	Count                        int64
	Avg, P50, P90, P95, P99, Max time.Duration
}

// llmStats is what a Collector keeps for the LLM calls of one model: four
// histograms (72 KB), made on the model's first LLM call so that models
// without LLM calls keep costing 17 KB.
type llmStats struct {
	calls, tokensIn, tokensOut, estimated atomic.Int64
	ttft, tpot, itl, e2e                  histogram
}

// llmOrNew returns m's LLM figures, making them if needed.
func (m *modelStats) llmOrNew() *llmStats {
	if l := m.llm.Load(); l != nil {
		return l
	}
	l := new(llmStats)
	if m.llm.CompareAndSwap(nil, l) {
		return l
	}
	return m.llm.Load() // another recorder made them first
}

// RecordLLM counts one call to an LLM endpoint for model: its time to first
// chunk, time per output token, each inter-chunk gap, end-to-end time and
// tokens. Durations of 0 are not measured and are left out of their
// histogram. It records the LLM figures only: the task that made the call
// is counted by [Collector.RecordRequest] as any other (a model seen only
// through RecordLLM is in ModelUsage with 0 requests, and counts towards
// CollectorOptions.MaxModels). It does not keep s.ITL, and allocates
// nothing once model has had an LLM call; its cost grows with len(s.ITL),
// by one atomic addition a gap.
func (c *Collector) RecordLLM(model string, s LLMSample) {
	l := c.model(model).llmOrNew()
	// The call is counted before its figures, which readers take before the
	// calls, so that a snapshot never has more TTFTs or estimated calls than
	// calls (the same order as errors and requests).
	l.calls.Add(1)
	if s.TokensEstimated {
		l.estimated.Add(1)
	}
	if s.TokensIn != 0 {
		l.tokensIn.Add(s.TokensIn)
	}
	if s.TokensOut != 0 {
		l.tokensOut.Add(s.TokensOut)
	}
	if s.TTFT > 0 {
		l.ttft.record(bucketOf(s.TTFT), s.TTFT)
	}
	if s.TPOT > 0 {
		l.tpot.record(bucketOf(s.TPOT), s.TPOT)
	}
	if s.E2E > 0 {
		l.e2e.record(bucketOf(s.E2E), s.E2E)
	}
	if len(s.ITL) > 0 {
		l.itl.recordAll(s.ITL)
	}
	c.series.at(c.series.second()).recordLLM(&s)
}

// llmTotals is a plain copy of one or more llmStats, summed.
type llmTotals struct {
	calls, tokensIn, tokensOut, estimated int64
	ttft, tpot, itl, e2e                  latencies
}

// add adds l to t: the figures before the calls, as RecordLLM's comment
// says.
func (t *llmTotals) add(l *llmStats) {
	t.ttft.add(&l.ttft)
	t.tpot.add(&l.tpot)
	t.itl.add(&l.itl)
	t.e2e.add(&l.e2e)
	t.estimated += l.estimated.Load()
	t.tokensIn += l.tokensIn.Load()
	t.tokensOut += l.tokensOut.Load()
	t.calls += l.calls.Load()
}

// merge adds o to t.
func (t *llmTotals) merge(o *llmTotals) {
	t.calls += o.calls
	t.tokensIn += o.tokensIn
	t.tokensOut += o.tokensOut
	t.estimated += o.estimated
	t.ttft.merge(&o.ttft)
	t.tpot.merge(&o.tpot)
	t.itl.merge(&o.itl)
	t.e2e.merge(&o.e2e)
}

// addTo adds t to l, for MergeFrom: the calls first, as RecordLLM does.
func (t *llmTotals) addTo(l *llmStats) {
	l.calls.Add(t.calls)
	l.estimated.Add(t.estimated)
	l.tokensIn.Add(t.tokensIn)
	l.tokensOut.Add(t.tokensOut)
	t.ttft.addTo(&l.ttft)
	t.tpot.addTo(&l.tpot)
	t.itl.addTo(&l.itl)
	t.e2e.addTo(&l.e2e)
}

func (t *llmTotals) summary() LLMSummary {
	s := LLMSummary{
		Calls:          t.calls,
		TokensIn:       t.tokensIn,
		TokensOut:      t.tokensOut,
		EstimatedCalls: t.estimated,
		TTFT:           t.ttft.quantiles(),
		TPOT:           t.tpot.quantiles(),
		ITL:            t.itl.quantiles(),
		E2E:            t.e2e.quantiles(),
	}
	if t.e2e.sum > 0 {
		s.OutputTokensPerSecond = float64(t.tokensOut) / time.Duration(t.e2e.sum).Seconds()
	}
	return s
}

// quantiles returns l's figures as [latencies.quantile] would give them,
// in one pass over the buckets instead of one per percentile.
func (l *latencies) quantiles() Quantiles {
	q := Quantiles{Count: int64(l.n), Avg: l.mean(), Max: time.Duration(l.max)}
	if l.n == 0 {
		return q
	}
	ps := [...]struct {
		q   float64
		out *time.Duration
	}{{0.50, &q.P50}, {0.90, &q.P90}, {0.95, &q.P95}, {0.99, &q.P99}}
	j, rank := 0, rankOf(ps[0].q, l.n)
	var cum uint64
	for i, c := range l.counts {
		cum += c
		for cum >= rank {
			*ps[j].out = l.estimate(i)
			if j++; j == len(ps) {
				return q
			}
			rank = rankOf(ps[j].q, l.n)
		}
	}
	for ; j < len(ps); j++ { // only when counts moved on while n was read
		*ps[j].out = l.estimate(numBuckets - 1)
	}
	return q
}
