package promexport_test

import (
	"context"
	"fmt"
	"strings"
	"time"

	"vigia/promexport"
)

func Example() {
	e := promexport.New(promexport.Options{
		CacheStats:     func() (hits, misses int64) { return 3, 1 },
		ActiveSessions: func() int { return 1 },
	})
	defer e.Close()

	// From the sessions' hook, once per finished task.
	e.Observe("sentiment", "ok", 120*time.Millisecond)
	e.Observe("sentiment", "cached", 0)

	addr, err := e.Serve(context.Background(), "127.0.0.1:0", false)
	if err != nil {
		fmt.Println(err)
		return
	}
	_ = addr // scrape http://addr/metrics

	_, err = e.Serve(context.Background(), "0.0.0.0:9464", false)
	fmt.Println(err)

	mfs, _ := e.Gatherer().Gather()
	for _, mf := range mfs {
		if mf.GetName() == "vigia_requests_total" {
			for _, m := range mf.GetMetric() {
				fmt.Println(m.GetLabel()[1].GetValue(), m.GetCounter().GetValue())
			}
		}
	}
	// Output:
	// metrics address "0.0.0.0:9464": address is not loopback
	// cached 1
	// ok 1
}

func ExampleExporter_ObserveLLM() {
	e := promexport.New(promexport.Options{})
	defer e.Close()

	// Once per call to an LLM endpoint, with what the call measured.
	e.ObserveLLM(promexport.LLMObservation{
		RequestModel: "gpt-4o-mini",
		Provider:     "openai",
		Duration:     1800 * time.Millisecond,
		TTFT:         250 * time.Millisecond,
		ChunkGaps:    []time.Duration{20 * time.Millisecond, 30 * time.Millisecond},
		TokensIn:     42,
		TokensOut:    3,
	})

	mfs, _ := e.Gatherer().Gather()
	for _, mf := range mfs {
		if strings.HasPrefix(mf.GetName(), "gen_ai_") {
			var n uint64
			for _, m := range mf.GetMetric() {
				n += m.GetHistogram().GetSampleCount()
			}
			fmt.Println(mf.GetName(), n)
		}
	}
	// Output:
	// gen_ai_client_operation_duration_seconds 1
	// gen_ai_client_operation_time_per_output_chunk_seconds 2
	// gen_ai_client_operation_time_to_first_chunk_seconds 1
	// gen_ai_client_token_usage 2
}
