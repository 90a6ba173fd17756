package promexport

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	dto "github.com/prometheus/client_model/go"
)

// histograms returns the histograms of metric family name by their labels.
func histograms(t *testing.T, mfs map[string]*dto.MetricFamily, name string) map[string]*dto.Histogram {
	t.Helper()
	mf := mfs[name]
	if mf == nil {
		t.Fatalf("%s missing", name)
	}
	if mf.GetType() != dto.MetricType_HISTOGRAM {
		t.Errorf("%s type = %v, want histogram", name, mf.GetType())
	}
	out := map[string]*dto.Histogram{}
	for _, m := range mf.GetMetric() {
		out[labelsOf(m)] = m.GetHistogram()
	}
	return out
}

func bounds(h *dto.Histogram) []float64 {
	var b []float64
	for _, bk := range h.GetBucket() {
		if !math.IsInf(bk.GetUpperBound(), 1) {
			b = append(b, bk.GetUpperBound())
		}
	}
	return b
}

func TestObserveLLM(t *testing.T) {
	e := New(Options{})
	defer e.Close()

	// 8 goroutines × 100 streamed calls to gpt-4o that succeed, each with
	// 3 gaps; then a few calls that show when figures are left out.
	const goroutines, each = 8, 100
	var wg sync.WaitGroup
	for range goroutines {
		wg.Go(func() {
			for range each {
				e.ObserveLLM(LLMObservation{RequestModel: "gpt-4o", Provider: "openai", Duration: 2 * time.Second,
					TTFT: 250 * time.Millisecond, ChunkGaps: []time.Duration{10 * time.Millisecond, 20 * time.Millisecond, 30 * time.Millisecond},
					TokensIn: 100, TokensOut: 50})
			}
		})
	}
	wg.Wait()
	// A failure before any answer: no tokens, no TTFT, no gaps.
	e.ObserveLLM(LLMObservation{RequestModel: "gpt-4o", Provider: "openai", ErrorType: "timeout", Duration: 30 * time.Second})
	// A failure mid-stream: the tokens that came are observed.
	e.ObserveLLM(LLMObservation{RequestModel: "gpt-4o", Provider: "openai", ErrorType: "timeout", Duration: 5 * time.Second,
		TTFT: time.Second, TokensIn: 20, TokensOut: 3})
	// A success with an empty answer from an unknown provider, not streamed.
	e.ObserveLLM(LLMObservation{RequestModel: "llama3", Operation: "text_completion", Duration: 100 * time.Millisecond, TokensIn: 7})

	_, body := scrape(t, serveTest(t, e)+"/metrics")
	mfs := parse(t, body)

	const (
		gpt   = "gen_ai_operation_name=chat,gen_ai_provider_name=openai,gen_ai_request_model=gpt-4o"
		llama = "gen_ai_operation_name=text_completion,gen_ai_provider_name=,gen_ai_request_model=llama3"
	)
	type want struct {
		count uint64
		sum   float64
	}
	const ok = goroutines * each
	tests := []struct {
		metric  string
		buckets []float64
		series  map[string]want
	}{
		{"gen_ai_client_token_usage", genAITokenBuckets, map[string]want{
			gpt + ",gen_ai_token_type=input":    {ok + 1, ok*100 + 20},
			gpt + ",gen_ai_token_type=output":   {ok + 1, ok*50 + 3},
			llama + ",gen_ai_token_type=input":  {1, 7},
			llama + ",gen_ai_token_type=output": {1, 0}, // a success's 0 is a real 0
		}},
		{"gen_ai_client_operation_duration_seconds", genAIDurationBuckets, map[string]want{
			"error_type=," + gpt:        {ok, ok * 2},
			"error_type=timeout," + gpt: {2, 35},
			"error_type=," + llama:      {1, 0.1},
		}},
		{"gen_ai_client_operation_time_to_first_chunk_seconds", genAIDurationBuckets, map[string]want{
			gpt: {ok + 1, ok*0.25 + 1},
		}},
		{"gen_ai_client_operation_time_per_output_chunk_seconds", genAIDurationBuckets, map[string]want{
			gpt: {ok * 3, ok * 0.06},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.metric, func(t *testing.T) {
			hs := histograms(t, mfs, tt.metric)
			var got []string
			for k := range hs {
				got = append(got, k)
			}
			slices.Sort(got)
			var wantKeys []string
			for k := range tt.series {
				wantKeys = append(wantKeys, k)
			}
			slices.Sort(wantKeys)
			if !slices.Equal(got, wantKeys) {
				t.Fatalf("series:\ngot  %q\nwant %q", got, wantKeys)
			}
			for k, w := range tt.series {
				h := hs[k]
				if h.GetSampleCount() != w.count || math.Abs(h.GetSampleSum()-w.sum) > 1e-6*max(1, w.sum) {
					t.Errorf("{%s}: count %d, sum %v, want %d, %v", k, h.GetSampleCount(), h.GetSampleSum(), w.count, w.sum)
				}
				if b := bounds(h); !slices.Equal(b, tt.buckets) {
					t.Errorf("{%s}: buckets %v, want %v", k, b, tt.buckets)
				}
			}
		})
	}
	// The exposition text itself, as a scraper reads it.
	for _, line := range []string{
		"# TYPE gen_ai_client_token_usage histogram",
		`gen_ai_client_token_usage_bucket{gen_ai_operation_name="chat",gen_ai_provider_name="openai",gen_ai_request_model="gpt-4o",gen_ai_token_type="input",le="6.7108864e+07"} 801`,
		`gen_ai_client_operation_duration_seconds_bucket{error_type="timeout",gen_ai_operation_name="chat",gen_ai_provider_name="openai",gen_ai_request_model="gpt-4o",le="81.92"} 2`,
		`gen_ai_client_operation_time_to_first_chunk_seconds_bucket{gen_ai_operation_name="chat",gen_ai_provider_name="openai",gen_ai_request_model="gpt-4o",le="0.32"} 800`,
		`gen_ai_client_operation_time_per_output_chunk_seconds_count{gen_ai_operation_name="chat",gen_ai_provider_name="openai",gen_ai_request_model="gpt-4o"} 2400`,
	} {
		if !strings.Contains(body, "\n"+line+"\n") {
			t.Errorf("/metrics lacks the line %s", line)
		}
	}
}

func TestObserveLLMCardinality(t *testing.T) {
	e := New(Options{MaxLLMModels: 2})
	defer e.Close()
	for i := range 5 {
		e.ObserveLLM(LLMObservation{RequestModel: fmt.Sprint("m", i), Provider: "openai", Duration: time.Second})
	}
	for i := range maxErrorTypes + 3 {
		e.ObserveLLM(LLMObservation{RequestModel: "m0", Provider: "openai", Duration: time.Second, ErrorType: fmt.Sprint("e", i)})
	}
	mfs, err := e.Gatherer().Gather()
	if err != nil {
		t.Fatal(err)
	}
	models, errTypes := map[string]uint64{}, map[string]uint64{}
	for _, mf := range mfs {
		if mf.GetName() != "gen_ai_client_operation_duration_seconds" {
			continue
		}
		for _, m := range mf.GetMetric() {
			for _, l := range m.GetLabel() {
				switch l.GetName() {
				case labelModel:
					models[l.GetValue()] += m.GetHistogram().GetSampleCount()
				case labelErrorType:
					errTypes[l.GetValue()] += m.GetHistogram().GetSampleCount()
				}
			}
		}
	}
	wantModels := map[string]uint64{"m0": 1 + maxErrorTypes + 3, "m1": 1, otherValue: 3}
	if fmt.Sprint(models) != fmt.Sprint(wantModels) {
		t.Errorf("calls by request model: got %v, want %v", models, wantModels)
	}
	if len(errTypes) != maxErrorTypes+2 || errTypes[otherErrorType] != 3 || errTypes[""] != 5 {
		t.Errorf("error types: got %d values (%d under %s, %d successes), want %d, 3, 5",
			len(errTypes), errTypes[otherErrorType], otherErrorType, errTypes[""], maxErrorTypes+2)
	}
}

func TestLabelValues(t *testing.T) {
	l := labelValues{limit: 2, other: "x"}
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for i := range 1000 {
				if v := l.value([]string{"a", "b"}[i%2]); v != "a" && v != "b" {
					t.Errorf("value: got %q, want a or b", v)
					return
				}
			}
		})
	}
	wg.Wait()
	tests := []struct{ in, want string }{{"a", "a"}, {"c", "x"}, {"b", "b"}, {"", "x"}}
	for _, tt := range tests {
		if got := l.value(tt.in); got != tt.want {
			t.Errorf("value(%q): got %q, want %q", tt.in, got, tt.want)
		}
	}
}

func BenchmarkObserveLLM(b *testing.B) {
	e := New(Options{})
	defer e.Close()
	gaps := make([]time.Duration, 256)
	for i := range gaps {
		gaps[i] = time.Duration(i%64+1) * time.Millisecond
	}
	o := LLMObservation{RequestModel: "gpt-4o", Provider: "openai", Duration: 6 * time.Second, TTFT: 400 * time.Millisecond,
		ChunkGaps: gaps, TokensIn: 120, TokensOut: 257}
	b.ReportAllocs()
	for b.Loop() {
		e.ObserveLLM(o)
	}
}
