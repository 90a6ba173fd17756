package charts

import (
	"slices"
	"testing"
	"time"

	"vigia/metrics"
)

func TestBarsFromSummary(t *testing.T) {
	c := metrics.NewCollector()
	for range 3 {
		c.RecordRequest("llama", time.Millisecond, nil)
	}
	c.RecordRequest("gpt", time.Millisecond, nil)
	c.RecordRequest("gpt", time.Millisecond, context_deadline{})
	c.RecordCacheHit("gpt")
	c.RecordRequest("claude", time.Millisecond, nil)
	c.RecordRequest("claude", time.Millisecond, nil)
	c.RecordRequest("claude", time.Millisecond, nil)

	got := BarsFromSummary(c.Summary())
	want := []Bar{{"claude", 3, 0}, {"gpt", 3, 1}, {"llama", 3, 0}}
	if !slices.Equal(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
	if got := BarsFromSummary(metrics.Summary{}); len(got) != 0 {
		t.Errorf("empty summary: got %v, want no bars", got)
	}
}

// context_deadline is an error for RecordRequest.
type context_deadline struct{}

func (context_deadline) Error() string { return "deadline" }

func TestLatencySeries(t *testing.T) {
	pts := []metrics.Point{
		{Time: t0, Requests: 2, P50: 10 * time.Millisecond, P95: 30 * time.Millisecond},
		{Time: t0.Add(time.Second)},                                // idle
		{Time: t0.Add(2 * time.Second), Requests: 3, CacheHits: 3}, // only cache hits
		{Time: t0.Add(3 * time.Second), Requests: 1, P50: -time.Millisecond, P95: 1500 * time.Microsecond},
	}
	p50, p95 := LatencySeries(pts)
	wantP50 := []XY{{t0, 10}}
	wantP95 := []XY{{t0, 30}, {t0.Add(3 * time.Second), 1.5}}
	if !slices.Equal(p50, wantP50) {
		t.Errorf("p50: got %v, want %v", p50, wantP50)
	}
	if !slices.Equal(p95, wantP95) {
		t.Errorf("p95: got %v, want %v", p95, wantP95)
	}
}

func TestLLMSeries(t *testing.T) {
	pts := []metrics.Point{
		{Time: t0, LLMCalls: 2, TTFT: 180 * time.Millisecond, TPOT: 20 * time.Millisecond},
		{Time: t0.Add(time.Second)}, // no call
		{Time: t0.Add(2 * time.Second), LLMCalls: 1, TTFT: 1500 * time.Microsecond}, // one token: no TPOT
		{Time: t0.Add(3 * time.Second), Requests: 4, P50: time.Millisecond},         // tasks, no LLM call
	}
	ttft, tpot := LLMSeries(pts)
	if want := []XY{{t0, 180}, {t0.Add(2 * time.Second), 1.5}}; !slices.Equal(ttft, want) {
		t.Errorf("ttft: got %v, want %v", ttft, want)
	}
	if want := []XY{{t0, 20}}; !slices.Equal(tpot, want) {
		t.Errorf("tpot: got %v, want %v", tpot, want)
	}
	if ttft, tpot := LLMSeries(nil); ttft != nil || tpot != nil {
		t.Errorf("no points: got %v and %v, want none", ttft, tpot)
	}
}

func TestMemorySeries(t *testing.T) {
	rss, heap := MemorySeries([]metrics.Sample{{Time: t0, RSS: 64 << 20, HeapInUse: 3 << 19}})
	if want := []XY{{t0, 64}}; !slices.Equal(rss, want) {
		t.Errorf("rss: got %v, want %v", rss, want)
	}
	if want := []XY{{t0, 1.5}}; !slices.Equal(heap, want) {
		t.Errorf("heap: got %v, want %v", heap, want)
	}
	if got, want := Values(rss), []float64{64}; !slices.Equal(got, want) {
		t.Errorf("values: got %v, want %v", got, want)
	}
}
