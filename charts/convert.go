package charts

import (
	"cmp"
	"slices"
	"time"

	"vigia/metrics"
)

// BarsFromSummary returns the bars of the model usage chart for s: one per
// model with its count and errors, the most used first, ties in name order.
func BarsFromSummary(s metrics.Summary) []Bar {
	bars := make([]Bar, 0, len(s.ModelUsage))
	for name, n := range s.ModelUsage {
		bars = append(bars, Bar{Label: name, Value: float64(n), Errors: float64(s.ByModel[name].Errors)})
	}
	slices.SortFunc(bars, func(a, b Bar) int {
		if c := cmp.Compare(b.Value, a.Value); c != 0 {
			return c
		}
		return cmp.Compare(a.Label, b.Label)
	})
	return bars
}

// LatencySeries returns the p50 and p95 lines of pts in milliseconds. The
// seconds in which no request ran (only cache hits, or none) are left out
// rather than drawn as 0 ms, as are negative durations.
func LatencySeries(pts []metrics.Point) (p50, p95 []XY) {
	p50 = make([]XY, 0, len(pts))
	p95 = make([]XY, 0, len(pts))
	for _, p := range pts {
		if p.Requests-p.CacheHits <= 0 {
			continue
		}
		if p.P50 >= 0 {
			p50 = append(p50, XY{X: p.Time, Y: ms(p.P50)})
		}
		if p.P95 >= 0 {
			p95 = append(p95, XY{X: p.Time, Y: ms(p.P95)})
		}
	}
	return p50, p95
}

// LLMSeries returns the TTFT and TPOT lines of pts in milliseconds: each
// second's mean over the LLM calls that measured them. The seconds that
// measured none are left out rather than drawn as 0 ms.
func LLMSeries(pts []metrics.Point) (ttft, tpot []XY) {
	for _, p := range pts {
		if p.TTFT > 0 {
			ttft = append(ttft, XY{X: p.Time, Y: ms(p.TTFT)})
		}
		if p.TPOT > 0 {
			tpot = append(tpot, XY{X: p.Time, Y: ms(p.TPOT)})
		}
	}
	return ttft, tpot
}

// MemorySeries returns the resident set size and the Go heap in use of
// samples, in MiB (2²⁰ bytes).
func MemorySeries(samples []metrics.Sample) (rss, heap []XY) {
	rss = make([]XY, len(samples))
	heap = make([]XY, len(samples))
	for i, s := range samples {
		rss[i] = XY{X: s.Time, Y: float64(s.RSS) / (1 << 20)}
		heap[i] = XY{X: s.Time, Y: float64(s.HeapInUse) / (1 << 20)}
	}
	return rss, heap
}

// Values returns the Y of each point, for a Sparkline.
func Values(pts []XY) []float64 {
	vs := make([]float64, len(pts))
	for i, p := range pts {
		vs[i] = p.Y
	}
	return vs
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
