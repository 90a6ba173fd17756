package journal

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"

	"vigia/metrics"
)

func TestSummaryRoundTrip(t *testing.T) {
	m := metrics.Summary{TotalRequests: 10, Errors: 3, ErrorRate: 0.3, CacheHits: 2,
		AvgResponseTime: 1500 * time.Microsecond, P50: time.Millisecond, P95: 4 * time.Millisecond, P99: time.Second,
		ModelUsage: map[string]int64{"a": 7, "b": 3},
		ByModel:    map[string]metrics.ModelSummary{"a": {Count: 7, Errors: 3}, "b": {Count: 3}}}
	s := SummaryOf(m)
	want := Summary{Requests: 10, Errors: 3, ErrorRate: 0.3, CacheHits: 2, AvgMS: 1.5, P50MS: 1, P95MS: 4,
		ModelUsage: map[string]int64{"a": 7, "b": 3}, ModelErrors: map[string]int64{"a": 3}}
	if !reflect.DeepEqual(s, want) {
		t.Fatalf("SummaryOf = %+v\nwant %+v", s, want)
	}
	back := s.Metrics()
	if back.TotalRequests != 10 || back.Errors != 3 || back.CacheHits != 2 || back.AvgResponseTime != 1500*time.Microsecond ||
		back.P50 != time.Millisecond || back.P95 != 4*time.Millisecond || back.P99 != 0 {
		t.Errorf("Metrics = %+v", back)
	}
	if back.ByModel["a"] != (metrics.ModelSummary{Count: 7, Errors: 3}) || back.ByModel["b"] != (metrics.ModelSummary{Count: 3}) {
		t.Errorf("ByModel = %+v", back.ByModel)
	}
	// A journal written before the newer fields: those read as zero.
	old := Summary{Requests: 4, P50MS: 2}.Metrics()
	if old.TotalRequests != 4 || old.CacheHits != 0 || old.ByModel != nil || old.P50 != 2*time.Millisecond {
		t.Errorf("old summary = %+v", old)
	}
}

func TestSummaryLLM(t *testing.T) {
	llm := metrics.LLMSummary{Calls: 4, TokensIn: 120, TokensOut: 900, EstimatedCalls: 1,
		TTFT: metrics.Quantiles{Count: 3, Avg: time.Second, P50: 350 * time.Millisecond, P90: 800 * time.Millisecond,
			P95: 900 * time.Millisecond, P99: 1234567 * time.Microsecond, Max: 2 * time.Second},
		TPOT:                  metrics.Quantiles{Count: 4, P50: 21500 * time.Microsecond, P90: 30 * time.Millisecond, P95: 31 * time.Millisecond, P99: 40 * time.Millisecond},
		ITL:                   metrics.Quantiles{Count: 890, P50: 123 * time.Microsecond, P90: 25 * time.Millisecond, P95: 50 * time.Millisecond, P99: 125 * time.Millisecond},
		E2E:                   metrics.Quantiles{Count: 4, P50: 5 * time.Second, P90: 9 * time.Second, P95: 9 * time.Second, P99: 9 * time.Second},
		OutputTokensPerSecond: 42.5}
	wantLLM := LLMSummary{Calls: 4, TokensIn: 120, TokensOut: 900, EstimatedCalls: 1,
		TTFT:                  Percentiles{N: 3, P50: 350, P90: 800, P95: 900, P99: 1234.567},
		TPOT:                  Percentiles{N: 4, P50: 21.5, P90: 30, P95: 31, P99: 40},
		ITL:                   Percentiles{N: 890, P50: 0.123, P90: 25, P95: 50, P99: 125},
		E2E:                   Percentiles{N: 4, P50: 5000, P90: 9000, P95: 9000, P99: 9000},
		OutputTokensPerSecond: 42.5}
	// What comes back: all but the means and maxima, which the journal
	// does not keep.
	backLLM := llm
	backLLM.TTFT.Avg, backLLM.TTFT.Max = 0, 0

	tests := []struct {
		name     string
		in       metrics.LLMSummary
		want     LLMSummary
		back     metrics.LLMSummary
		inLine   bool // whether the line has an "llm" object
		measured []string
	}{
		{"with LLM calls", llm, wantLLM, backLLM, true, []string{`"ttft_ms":{"n":3,"p50":350,"p90":800,"p95":900,"p99":1234.567}`, `"itl_ms":`, `"output_tokens_per_s":42.5`}},
		{"without LLM calls", metrics.LLMSummary{}, LLMSummary{}, metrics.LLMSummary{}, false, nil},
		{"calls that measured no time", metrics.LLMSummary{Calls: 2, TokensIn: 5},
			LLMSummary{Calls: 2, TokensIn: 5}, metrics.LLMSummary{Calls: 2, TokensIn: 5}, true, []string{`"llm":{"calls":2,"tokens_in":5}`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := SummaryOf(metrics.Summary{TotalRequests: 5, LLM: tt.in})
			if s.LLM != tt.want {
				t.Errorf("SummaryOf(…).LLM:\ngot  %+v\nwant %+v", s.LLM, tt.want)
			}
			b, err := json.Marshal(s)
			if err != nil {
				t.Fatal(err)
			}
			if got := strings.Contains(string(b), `"llm"`); got != tt.inLine {
				t.Errorf("line %s: has llm %v, want %v", b, got, tt.inLine)
			}
			for _, want := range tt.measured {
				if !strings.Contains(string(b), want) {
					t.Errorf("line %s lacks %s", b, want)
				}
			}
			var read Summary
			if err := json.Unmarshal(b, &read); err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(read, s) {
				t.Errorf("read back:\ngot  %+v\nwant %+v", read, s)
			}
			if got := read.Metrics().LLM; got != tt.back {
				t.Errorf("Metrics().LLM:\ngot  %+v\nwant %+v", got, tt.back)
			}
		})
	}
}

// TestReadLLMLines reads a journal with end records written before the LLM
// figures existed, and after.
func TestReadLLMLines(t *testing.T) {
	j, path := openAt(t, t0.Add(time.Hour))
	appendRaw(t, path, foreignStart(t, "old", t0)+
		`{"type":"end","session":"old","time":"2026-01-02T10:10:00Z","summary":{"requests":3,"errors":0,"error_rate":0,"p50_ms":2,"p95_ms":5,"model_usage":{"echo":3}}}`+"\n")
	if err := j.Start("new", t0.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	sum := Summary{Requests: 2, ModelUsage: map[string]int64{"gpt": 2},
		LLM: LLMSummary{Calls: 2, TokensIn: 30, TokensOut: 400, TTFT: Percentiles{N: 2, P50: 250, P90: 400, P95: 400, P99: 400}, OutputTokensPerSecond: 80}}
	if err := j.End("new", t0.Add(20*time.Minute), sum); err != nil {
		t.Fatal(err)
	}
	ss, st, err := j.Read()
	if err != nil || st.Skipped != 0 {
		t.Fatalf("Read: %v, %+v", err, st)
	}
	tests := []struct {
		id        string
		requests  int64
		wantLLM   LLMSummary
		wantCalls int64
		wantTTFT  time.Duration
	}{
		{"old", 3, LLMSummary{}, 0, 0},
		{"new", 2, sum.LLM, 2, 250 * time.Millisecond},
	}
	for i, tt := range tests {
		s := ss[i]
		if s.ID != tt.id || s.Summary == nil {
			t.Fatalf("session %d: got %+v, want %s with a summary", i, s, tt.id)
		}
		if s.Summary.Requests != tt.requests || s.Summary.LLM != tt.wantLLM {
			t.Errorf("%s: got %d requests, LLM %+v, want %d, %+v", tt.id, s.Summary.Requests, s.Summary.LLM, tt.requests, tt.wantLLM)
		}
		m := s.Summary.Metrics()
		if m.LLM.Calls != tt.wantCalls || m.LLM.TTFT.P50 != tt.wantTTFT {
			t.Errorf("%s: Metrics().LLM = %+v, want %d calls, TTFT p50 %v", tt.id, m.LLM, tt.wantCalls, tt.wantTTFT)
		}
	}
}
