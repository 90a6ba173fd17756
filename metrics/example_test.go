package metrics_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"vigia/metrics"
)

func Example() {
	c := metrics.NewCollector()
	c.RecordRequest("gpt", 100*time.Millisecond, nil)
	c.RecordRequest("gpt", 200*time.Millisecond, nil)
	c.RecordRequest("llama", 300*time.Millisecond, context.DeadlineExceeded)
	c.RecordCacheHit("gpt")

	s := c.Summary()
	fmt.Println("requests:", s.TotalRequests, "errors:", s.Errors, "cache hits:", s.CacheHits)
	fmt.Printf("error rate: %.2f\n", s.ErrorRate)
	fmt.Println("p50:", s.P50.Round(time.Millisecond), "max:", s.Max)
	fmt.Println("usage:", s.ModelUsage)
	fmt.Println("errors by type:", s.ErrorsByType)
	// Output:
	// requests: 4 errors: 1 cache hits: 1
	// error rate: 0.25
	// p50: 200ms max: 300ms
	// usage: map[gpt:3 llama:1]
	// errors by type: map[deadline_exceeded:1]
}

func ExampleMerge() {
	session1, session2 := metrics.NewCollector(), metrics.NewCollector()
	session1.RecordRequest("gpt", time.Second, nil)
	session2.RecordRequest("gpt", 3*time.Second, errors.New("boom"))

	all := metrics.Merge(session1, session2)
	fmt.Println(all.TotalRequests, all.ByModel["gpt"].Errors, all.Max)
	// Output:
	// 2 1 3s
}

func ExampleCollector_MergeFrom() {
	archive := metrics.NewCollector()
	session := metrics.NewCollector()
	session.RecordRequest("gpt", time.Second, nil)

	// The session ends: fold its figures in and drop its collector.
	archive.MergeFrom(session)
	session = nil
	fmt.Println(archive.Summary().ModelUsage)
	// Output:
	// map[gpt:1]
}

func ExampleCollector_RecordLLM() {
	c := metrics.NewCollector()
	// The task is counted as any other; its LLM call adds its own figures.
	c.RecordRequest("gpt-4o-mini", 2*time.Second, nil)
	c.RecordLLM("gpt-4o-mini", metrics.LLMSample{
		TTFT:     300 * time.Millisecond,
		TPOT:     20 * time.Millisecond,
		E2E:      2 * time.Second,
		ITL:      []time.Duration{15 * time.Millisecond, 25 * time.Millisecond},
		TokensIn: 42, TokensOut: 120,
	})

	llm := c.Summary().LLM
	fmt.Println("calls:", llm.Calls, "tokens:", llm.TokensIn, "in,", llm.TokensOut, "out")
	fmt.Println("ttft p50:", llm.TTFT.P50.Round(time.Millisecond), "itl max:", llm.ITL.Max)
	fmt.Printf("%.0f tokens/s\n", llm.OutputTokensPerSecond)
	// Output:
	// calls: 1 tokens: 42 in, 120 out
	// ttft p50: 300ms itl max: 25ms
	// 60 tokens/s
}

func ExampleErrorType() {
	fmt.Println(metrics.ErrorType(fmt.Errorf("call model: %w", context.DeadlineExceeded)))
	fmt.Println(metrics.ErrorType(errors.New("boom")))
	// Output:
	// deadline_exceeded
	// errors.errorString
}

func ExampleSampler() {
	s := metrics.NewSampler(metrics.SamplerOptions{Interval: time.Second})
	s.Start()
	defer s.Stop()

	smp := s.SampleNow()
	fmt.Println(smp.RSS > 0, smp.Goroutines > 0)
	// Output:
	// true true
}
