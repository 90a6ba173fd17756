package engine

import (
	"context"
	"errors"
	"log/slog"
	"testing"

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
