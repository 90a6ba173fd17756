package engine

import (
	"context"
	"errors"
	"log/slog"
	"strings"
	"testing"
	"time"

	"vigia/models"
)

// llm is a test model that reports figures of its call, as the openai
// model does: in its result's Data, or in its error.
type llm struct{ cache bool }

// figures is a result's Data, or an error, with figures for the record.
type figures struct{ ttft float64 }

func (f figures) TaskFigures() []slog.Attr {
	return []slog.Attr{slog.Float64("ttft_ms", f.ttft), slog.Int("tokens_out", 3)}
}

// LLMCall makes figures an LLM call for the metrics as well.
func (f figures) LLMCall() (models.LLMCall, bool) {
	ms := time.Duration(f.ttft * float64(time.Millisecond))
	return models.LLMCall{Operation: "chat", RequestModel: "tiny-1", Provider: "openai", Streamed: true,
		TTFT: ms, TPOT: 2 * time.Millisecond, E2E: ms + 4*time.Millisecond,
		ITL: []time.Duration{2 * time.Millisecond, 2 * time.Millisecond}, TokensIn: 5, TokensOut: 3}, true
}

type figuresError struct{ figures }

func (figuresError) Error() string { return "cut mid-answer" }

func (l *llm) Name() string                 { return "llm" }
func (l *llm) Description() string          { return "Answers with figures." }
func (l *llm) Params() []models.Param       { return nil }
func (l *llm) Cacheable(models.Values) bool { return l.cache }
func (l *llm) Run(_ context.Context, in models.Input) (models.Result, error) {
	if in.Text == "fail" {
		return models.Result{}, figuresError{figures{ttft: 7}}
	}
	return models.Result{Text: "ok", Data: figures{ttft: 12.5}}, nil
}

// TestTaskFigures: a model's figures (models.TaskFigures) reach its
// event=task record, from its result or from its error; a cache hit, which
// made no call, has none.
func TestTaskFigures(t *testing.T) {
	e, ctx, _ := newEngine(t, &llm{cache: true})
	for _, text := range []string{"hi", "hi", "fail"} {
		_, err := e.RunModel(ctx, Request{Model: "llm", Text: text})
		if text == "fail" && !errors.As(err, new(figuresError)) {
			t.Fatalf("got %v, want the model's error", err)
		}
	}
	type row struct {
		outcome string
		ttft    float64
		has     bool
	}
	var got []row
	for _, en := range e.Logs().Ring().Snapshot() {
		if v, ok := en.Attr("event"); !ok || v.String() != "task" {
			continue
		}
		o, _ := en.Attr("outcome")
		tt, has := en.Attr("ttft_ms")
		r := row{outcome: o.String(), has: has}
		if has {
			r.ttft = tt.Float64()
		}
		got = append(got, r)
	}
	want := []row{{"ok", 12.5, true}, {"cached", 0, false}, {"error", 7, true}}
	if len(got) != len(want) {
		t.Fatalf("got records %+v, want %+v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("record %d: got %+v, want %+v", i, got[i], want[i])
		}
	}
}

// TestLLMMetrics: an LLM call (models.LLMReporter) is counted in its
// session's metrics (TTFT, TPOT, ITL, tokens) and in the gen_ai_*
// Prometheus metrics, from its result or its error; a cache hit is not a
// call; a load test's own summary has the same figures.
func TestLLMMetrics(t *testing.T) {
	e, ctx, s := newEngine(t, &llm{cache: true})
	for _, text := range []string{"hi", "hi", "fail"} {
		_, _ = e.RunModel(ctx, Request{Model: "llm", Text: text})
	}
	l := e.SessionSummary(s.ID()).LLM
	if l.Calls != 2 || l.TokensIn != 10 || l.TokensOut != 6 || l.ITL.Count != 4 {
		t.Fatalf("got %+v, want 2 calls (the cache hit is none), 10 tokens in, 6 out, 4 gaps", l)
	}
	if l.TTFT.Max < 12*time.Millisecond || l.TTFT.Max > 13*time.Millisecond || l.TPOT.P50 < 1900*time.Microsecond {
		t.Errorf("got TTFT %+v and TPOT %+v, want a max TTFT of 12.5 ms and TPOT of 2 ms", l.TTFT, l.TPOT)
	}

	mfs, err := e.Export().Gatherer().Gather()
	if err != nil {
		t.Fatal(err)
	}
	series := map[string]int{}
	for _, mf := range mfs {
		series[mf.GetName()] += len(mf.GetMetric())
	}
	// Two token series (input, output); TTFT and duration: one series for
	// the success, and for duration one more for the error.
	if got := series["gen_ai_client_token_usage"]; got != 2 {
		t.Errorf("got %d gen_ai_client_token_usage series, want 2", got)
	}
	if got := series["gen_ai_client_operation_duration_seconds"]; got != 2 {
		t.Errorf("got %d gen_ai_client_operation_duration_seconds series, want 2 (ok and error)", got)
	}
	for _, mf := range mfs {
		if mf.GetName() != "gen_ai_client_operation_duration_seconds" {
			continue
		}
		var labels []string
		for _, m := range mf.GetMetric() {
			for _, lp := range m.GetLabel() {
				labels = append(labels, lp.GetName()+"="+lp.GetValue())
			}
		}
		got := strings.Join(labels, " ")
		for _, want := range []string{"gen_ai_request_model=tiny-1", "gen_ai_provider_name=openai", "gen_ai_operation_name=chat"} {
			if !strings.Contains(got, want) {
				t.Errorf("duration labels %q lack %s", got, want)
			}
		}
	}

	targets, err := e.PrepareLoad([]string{"llm"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	e.Cache().Clear()
	p := e.Load(ctx, LoadSpec{Targets: targets, Text: "load", Requests: 4, Concurrency: 1}, nil)
	if p.Summary == nil || p.Summary.TotalRequests != 4 || p.Summary.CacheHits != 3 || p.Summary.LLM.Calls != 1 || p.Summary.LLM.TokensOut != 3 {
		t.Errorf("load summary %+v, want 4 requests, 3 cache hits and 1 LLM call of 3 tokens out", p.Summary)
	}
}
