package metrics

import (
	"context"
	"errors"
	"fmt"
	"math"
	"reflect"
	"sync"
	"testing"
	"time"
)

func TestConcurrentRecordsExactCounts(t *testing.T) {
	const goroutines, perG = 8, 100_000
	c := NewCollector()
	models := []string{"a", "b", "c"}
	errBoom := errors.New("boom")

	var wg sync.WaitGroup
	stop := make(chan struct{})
	// A reader that runs all along must neither block recorders nor see
	// figures that contradict each other.
	wg.Go(func() {
		for {
			select {
			case <-stop:
				return
			default:
			}
			s := c.Summary()
			if s.Errors > s.TotalRequests {
				t.Errorf("snapshot has %d errors for %d requests", s.Errors, s.TotalRequests)
				return
			}
			var byType int64
			for _, n := range s.ErrorsByType {
				byType += n
			}
			if byType > s.Errors {
				t.Errorf("snapshot has %d errors by type for %d errors", byType, s.Errors)
				return
			}
		}
	})
	var rec sync.WaitGroup
	for g := range goroutines {
		rec.Go(func() {
			for i := range perG {
				m := models[(g+i)%len(models)]
				switch i % 10 {
				case 0:
					c.RecordCacheHit(m)
				case 1:
					c.RecordRequest(m, time.Duration(i)*time.Microsecond, errBoom)
				case 2:
					c.RecordRequest(m, time.Duration(i)*time.Microsecond, context.DeadlineExceeded)
				default:
					c.RecordRequest(m, time.Duration(i)*time.Microsecond, nil)
				}
			}
		})
	}
	rec.Wait()
	close(stop)
	wg.Wait()

	const total = goroutines * perG
	s := c.Summary()
	if s.TotalRequests != total {
		t.Errorf("TotalRequests: got %d, want %d", s.TotalRequests, total)
	}
	if want := int64(total / 10); s.CacheHits != want {
		t.Errorf("CacheHits: got %d, want %d", s.CacheHits, want)
	}
	if want := int64(2 * total / 10); s.Errors != want {
		t.Errorf("Errors: got %d, want %d", s.Errors, want)
	}
	if want := 0.2; math.Abs(s.ErrorRate-want) > 1e-12 {
		t.Errorf("ErrorRate: got %v, want %v", s.ErrorRate, want)
	}
	wantTypes := map[string]int64{"errors.errorString": total / 10, ErrorTypeDeadlineExceeded: total / 10}
	if !reflect.DeepEqual(s.ErrorsByType, wantTypes) {
		t.Errorf("ErrorsByType: got %v, want %v", s.ErrorsByType, wantTypes)
	}
	// (g+i)%3 over 8 goroutines × 100 000: count exactly what each got.
	want := map[string]int64{}
	for g := range goroutines {
		for i := range perG {
			want[models[(g+i)%len(models)]]++
		}
	}
	if !reflect.DeepEqual(s.ModelUsage, want) {
		t.Errorf("ModelUsage: got %v, want %v", s.ModelUsage, want)
	}
	var byModel int64
	for name, ms := range s.ByModel {
		if ms.Count != want[name] {
			t.Errorf("ByModel[%q].Count: got %d, want %d", name, ms.Count, want[name])
		}
		byModel += ms.Errors
	}
	if byModel != s.Errors {
		t.Errorf("sum of ByModel errors: got %d, want %d", byModel, s.Errors)
	}
	if want := time.Duration(perG-1) * time.Microsecond; s.Max != want {
		t.Errorf("Max: got %v, want %v", s.Max, want)
	}
}

func TestRecordAllocations(t *testing.T) {
	c := NewCollector()
	errBoom := errors.New("boom")
	wrapped := fmt.Errorf("call: %w", context.DeadlineExceeded)
	c.RecordRequest("gpt", time.Millisecond, errBoom)
	c.RecordRequest("gpt", time.Millisecond, wrapped)
	tests := []struct {
		name string
		f    func()
	}{
		{"RecordRequest", func() { c.RecordRequest("gpt", 42*time.Millisecond, nil) }},
		{"RecordRequest with error", func() { c.RecordRequest("gpt", 42*time.Millisecond, errBoom) }},
		{"RecordRequest with wrapped deadline", func() { c.RecordRequest("gpt", time.Second, wrapped) }},
		{"RecordCacheHit", func() { c.RecordCacheHit("gpt") }},
	}
	for _, tt := range tests {
		if got := testing.AllocsPerRun(1000, tt.f); got != 0 {
			t.Errorf("%s: got %v allocations per call, want 0", tt.name, got)
		}
	}
}

func TestSummaryEmpty(t *testing.T) {
	s := NewCollector().Summary()
	if s.TotalRequests != 0 || s.ErrorRate != 0 || s.P99 != 0 || s.Throughput != 0 {
		t.Errorf("empty Summary: got %+v, want zero figures", s)
	}
	if s.ModelUsage == nil || s.ByModel == nil || s.ErrorsByType == nil {
		t.Errorf("empty Summary: got nil maps, want empty ones")
	}
}

func TestCacheHitsOutsideLatency(t *testing.T) {
	c := NewCollector()
	c.RecordRequest("m", 300*time.Millisecond, nil)
	for range 9 {
		c.RecordCacheHit("m")
	}
	s := c.Summary()
	if s.TotalRequests != 10 || s.CacheHits != 9 || s.ModelUsage["m"] != 10 {
		t.Errorf("got TotalRequests %d, CacheHits %d, ModelUsage %d, want 10, 9, 10",
			s.TotalRequests, s.CacheHits, s.ModelUsage["m"])
	}
	// Cache hits must not count as latencies.
	within(t, "P50", s.P50, 300*time.Millisecond, 0.01)
	if s.AvgResponseTime != 300*time.Millisecond {
		t.Errorf("AvgResponseTime: got %v, want 300ms", s.AvgResponseTime)
	}
	if got := s.ByModel["m"]; got.CacheHits != 9 || got.Count != 10 {
		t.Errorf("ByModel: got %+v, want Count 10, CacheHits 9", got)
	}
}

func TestMaxModels(t *testing.T) {
	c := NewCollectorWithOptions(CollectorOptions{MaxModels: 2})
	for _, m := range []string{"a", "b", "c", "d", "a"} {
		c.RecordRequest(m, time.Millisecond, nil)
	}
	want := map[string]int64{"a": 2, "b": 1, OtherModel: 2}
	if got := c.Summary().ModelUsage; !reflect.DeepEqual(got, want) {
		t.Errorf("ModelUsage: got %v, want %v", got, want)
	}
}

// record feeds the same script of records to each collector given.
func record(clock *fakeClock, script func(rec func(model string, d time.Duration, err error), hit func(string)), cs ...*Collector) {
	script(func(model string, d time.Duration, err error) {
		for _, c := range cs {
			c.RecordRequest(model, d, err)
		}
	}, func(model string) {
		for _, c := range cs {
			c.RecordCacheHit(model)
		}
	})
}

func TestMerge(t *testing.T) {
	clock := newFakeClock(t0)
	opts := CollectorOptions{Now: clock.Now}
	a, b, all := NewCollectorWithOptions(opts), NewCollectorWithOptions(opts), NewCollectorWithOptions(opts)
	errBoom := errors.New("boom")

	for sec := range 120 {
		record(clock, func(rec func(string, time.Duration, error), hit func(string)) {
			rec("gpt", time.Duration(sec+1)*time.Millisecond, nil)
			rec("llama", time.Duration(sec+1)*10*time.Millisecond, errBoom)
		}, a, all)
		record(clock, func(rec func(string, time.Duration, error), hit func(string)) {
			rec("gpt", time.Duration(sec+1)*time.Second, context.Canceled)
			hit("gpt")
			rec("claude", 5*time.Microsecond, nil)
		}, b, all)
		// LLM calls: gpt's in both collectors, llama's in a only, so that
		// merging adds one model's histograms and makes another's.
		gaps := []time.Duration{time.Duration(sec+1) * time.Millisecond, 3 * time.Millisecond}
		for _, c := range []*Collector{a, all} {
			c.RecordLLM("gpt", LLMSample{TTFT: time.Duration(sec+1) * 10 * time.Millisecond, TPOT: 20 * time.Millisecond,
				E2E: 2 * time.Second, ITL: gaps, TokensIn: 10, TokensOut: int64(sec)})
			if sec%3 == 0 {
				c.RecordLLM("llama", LLMSample{TTFT: time.Second, E2E: 3 * time.Second, TokensOut: 7, TokensEstimated: true})
			}
		}
		for _, c := range []*Collector{b, all} {
			c.RecordLLM("gpt", LLMSample{TTFT: time.Duration(sec+1) * time.Second, E2E: 9 * time.Second, ITL: gaps[:1], TokensIn: 1})
		}
		clock.Advance(time.Second)
	}

	want := all.Summary()
	if got := Merge(a, b); !reflect.DeepEqual(got, want) {
		t.Errorf("Merge(a, b):\ngot  %+v\nwant %+v", got, want)
	}
	if got := Merge(nil, a, nil, b); !reflect.DeepEqual(got, want) {
		t.Errorf("Merge with nils: got %+v, want %+v", got, want)
	}
	wantSeries := all.Series()
	if got := MergeSeries(a, b); !reflect.DeepEqual(got, wantSeries) {
		t.Errorf("MergeSeries(a, b) differs from the series of one collector that got every record")
	}

	archive := NewCollectorWithOptions(opts)
	archive.MergeFrom(a)
	archive.MergeFrom(b)
	archive.MergeFrom(archive) // no-op
	archive.MergeFrom(nil)
	if got := archive.Summary(); !reflect.DeepEqual(got, want) {
		t.Errorf("MergeFrom a and b:\ngot  %+v\nwant %+v", got, want)
	}
	if got := archive.Series(); !reflect.DeepEqual(got, wantSeries) {
		t.Errorf("MergeFrom a and b: series differs from the series of one collector that got every record")
	}
	// The sources are unchanged.
	if got := a.Summary().TotalRequests; got != 240 {
		t.Errorf("a.TotalRequests after merges: got %d, want 240", got)
	}
	if got := a.Summary().LLM.Calls; got != 160 {
		t.Errorf("a.LLM.Calls after merges: got %d, want 160", got)
	}
	// The script did record LLM calls, per model and in the series.
	if want.LLM.Calls != 280 || want.ByModel["gpt"].LLM.Calls != 240 || want.ByModel["claude"].LLM.Calls != 0 {
		t.Errorf("LLM calls: got %d, gpt %d, claude %d, want 280, 240, 0",
			want.LLM.Calls, want.ByModel["gpt"].LLM.Calls, want.ByModel["claude"].LLM.Calls)
	}
	var llmCalls int64
	for _, p := range wantSeries {
		llmCalls += p.LLMCalls
	}
	if llmCalls != 280 {
		t.Errorf("LLM calls in the series: got %d, want 280", llmCalls)
	}

	if got := Merge(); got.TotalRequests != 0 || got.ModelUsage == nil {
		t.Errorf("Merge(): got %+v, want an empty Summary", got)
	}
	if got := MergeSeries(); got != nil {
		t.Errorf("MergeSeries(): got %d points, want nil", len(got))
	}
}

func TestReset(t *testing.T) {
	clock := newFakeClock(t0)
	c := NewCollectorWithOptions(CollectorOptions{Now: clock.Now})
	c.RecordRequest("gpt", time.Second, errors.New("boom"))
	c.RecordCacheHit("gpt")
	c.RecordLLM("gpt", LLMSample{TTFT: time.Second, TokensOut: 3})
	clock.Advance(time.Second)

	c.Reset()
	s := c.Summary()
	if s.TotalRequests != 0 || s.Errors != 0 || s.CacheHits != 0 || s.Max != 0 ||
		len(s.ModelUsage) != 0 || len(s.ByModel) != 0 || len(s.ErrorsByType) != 0 || s.LLM != (LLMSummary{}) {
		t.Errorf("after Reset: got %+v, want an empty Summary", s)
	}
	for _, p := range c.Series() {
		if p.Requests != 0 || p.LLMCalls != 0 {
			t.Fatalf("after Reset: series point %v has %d requests, %d LLM calls, want 0", p.Time, p.Requests, p.LLMCalls)
		}
	}

	c.RecordRequest("llama", 2*time.Second, nil)
	clock.Advance(time.Second)
	s = c.Summary()
	if s.TotalRequests != 1 || s.ModelUsage["llama"] != 1 || s.ModelUsage["gpt"] != 0 {
		t.Errorf("after Reset and one record: got %+v, want one llama request", s)
	}
	// The throughput window restarts at Reset: one request in one second.
	if s.Throughput != 1 {
		t.Errorf("Throughput after Reset: got %v, want 1", s.Throughput)
	}
}

func BenchmarkRecordRequest(b *testing.B) {
	latencies := make([]time.Duration, 1024)
	for i := range latencies {
		latencies[i] = time.Duration(i+1) * 937 * time.Microsecond
	}
	b.Run("serial", func(b *testing.B) {
		c := NewCollector()
		c.RecordRequest("gpt", time.Millisecond, nil)
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			c.RecordRequest("gpt", latencies[i&1023], nil)
			i++
		}
	})
	b.Run("parallel", func(b *testing.B) {
		c := NewCollector()
		c.RecordRequest("gpt", time.Millisecond, nil)
		b.ReportAllocs()
		b.RunParallel(func(pb *testing.PB) {
			i := 0
			for pb.Next() {
				c.RecordRequest("gpt", latencies[i&1023], nil)
				i++
			}
		})
	})
	b.Run("error", func(b *testing.B) {
		c := NewCollector()
		err := fmt.Errorf("call: %w", errors.New("boom"))
		c.RecordRequest("gpt", time.Millisecond, err)
		b.ReportAllocs()
		for b.Loop() {
			c.RecordRequest("gpt", time.Millisecond, err)
		}
	})
}

func BenchmarkSummary(b *testing.B) {
	c := NewCollector()
	for i := range 100_000 {
		c.RecordRequest([]string{"gpt", "llama", "claude"}[i%3], time.Duration(i)*time.Microsecond, nil)
	}
	b.ReportAllocs()
	for b.Loop() {
		c.Summary()
	}
}
