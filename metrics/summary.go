package metrics

import "time"

// Summary is a snapshot of what one or more Collectors recorded. Its figures
// agree with each other: TotalRequests is the sum of ModelUsage, Errors is at
// most TotalRequests, the sum of ErrorsByType is at most Errors, and the
// latency figures come from one copy of the histograms. Records that land
// while the snapshot is taken may be in it or not.
type Summary struct {
	TotalRequests int64   // requests recorded, cache hits included
	Errors        int64   // requests recorded with a non-nil error
	ErrorRate     float64 // Errors / TotalRequests; 0 when there are no requests
	CacheHits     int64   // requests the cache answered

	// The latency figures describe the requests that ran (RecordRequest),
	// not cache hits. Percentiles are within 1 % of the exact ones between
	// 1 µs and 1 h, and never above Max.
	AvgResponseTime time.Duration
	P50, P95, P99   time.Duration
	Max             time.Duration

	// Throughput is requests per second over the last minute of complete
	// seconds (or since creation or Reset, when that is shorter).
	Throughput float64

	ModelUsage   map[string]int64        // requests per model, cache hits included
	ByModel      map[string]ModelSummary // figures per model
	ErrorsByType map[string]int64        // errors per ErrorType class

	// LLM holds the figures of the LLM calls of all models together
	// (percentiles of the merged histograms); LLM.Calls is 0 when none
	// was recorded.
	LLM LLMSummary
}

// ModelSummary is the part of a [Summary] that belongs to one model.
type ModelSummary struct {
	Count     int64 // requests, cache hits included
	Errors    int64
	CacheHits int64
	// Latencies of the requests that ran, as in Summary.
	Avg, P50, P95, P99, Max time.Duration
	// LLM holds the figures of the model's LLM calls; LLM.Calls is 0 for a
	// model without any.
	LLM LLMSummary
}

// Summary returns a snapshot of what c has recorded. It takes about as long
// as reading 20 KB per model (90 KB per model with LLM calls) plus one
// minute of the series, and makes no recorder wait.
func (c *Collector) Summary() Summary {
	return Merge(c)
}

// Merge returns the [Summary] of all cs taken together, as if every record
// had gone to one Collector; percentiles are those of the merged histograms,
// not averages. Throughput is read on the first collector's clock. Nil
// collectors are skipped. The collectors are not changed: the all-sessions
// view calls Merge over the sessions' collectors on each refresh.
func Merge(cs ...*Collector) Summary {
	cs = nonNil(cs)
	s := Summary{
		ModelUsage:   map[string]int64{},
		ByModel:      map[string]ModelSummary{},
		ErrorsByType: map[string]int64{},
	}
	if len(cs) == 0 {
		return s
	}
	now := cs[0].series.syncSecond()
	// Error types first: recorders add to them last.
	for _, c := range cs {
		for name, n := range c.errorTypes.load() {
			s.ErrorsByType[name] += n.Load()
		}
	}
	all, one := new(latencies), new(latencies)
	// The LLM totals (144 KB) are made only when some model has LLM calls.
	var allLLM, oneLLM *llmTotals
	for i, c := range cs {
		for name := range c.models.load() {
			if _, done := s.ByModel[name]; done {
				continue
			}
			*one = latencies{}
			hasLLM := false
			var ms ModelSummary
			for _, c := range cs[i:] {
				m := c.models.load()[name]
				if m == nil {
					continue
				}
				ms.Errors += m.errors.Load()
				ms.CacheHits += m.hits.Load()
				one.add(&m.latency)
				if l := m.llm.Load(); l != nil {
					if oneLLM == nil {
						allLLM, oneLLM = new(llmTotals), new(llmTotals)
					} else if !hasLLM {
						*oneLLM = llmTotals{}
					}
					hasLLM = true
					oneLLM.add(l)
				}
			}
			ms.Count = int64(one.n) + ms.CacheHits
			ms.Avg, ms.P50, ms.P95, ms.P99, ms.Max = one.figures()
			if hasLLM {
				ms.LLM = oneLLM.summary()
				allLLM.merge(oneLLM)
			}
			s.ByModel[name] = ms
			s.ModelUsage[name] = ms.Count
			s.TotalRequests += ms.Count
			s.Errors += ms.Errors
			s.CacheHits += ms.CacheHits
			all.merge(one)
		}
	}
	s.AvgResponseTime, s.P50, s.P95, s.P99, s.Max = all.figures()
	if allLLM != nil {
		s.LLM = allLLM.summary()
	}
	if s.TotalRequests > 0 {
		s.ErrorRate = float64(s.Errors) / float64(s.TotalRequests)
	}
	s.Throughput = throughput(cs, now)
	return s
}

// merge adds o to l.
func (l *latencies) merge(o *latencies) {
	for i, c := range o.counts {
		l.counts[i] += c
	}
	l.n += o.n
	l.sum += o.sum
	l.max = max(l.max, o.max)
}

// figures returns the mean, p50, p95, p99 and maximum of l.
func (l *latencies) figures() (avg, p50, p95, p99, maxD time.Duration) {
	return l.mean(), l.quantile(0.50), l.quantile(0.95), l.quantile(0.99), time.Duration(l.max)
}
