package openai_test

import (
	"context"
	"fmt"
	"net/http"
	"testing"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"

	"vigia/models"
	"vigia/models/openai"
)

// The W3C traceparent of the task's span goes to the endpoint, so that an
// instrumented server shows it as its parent; only a recording span's.
func TestTraceparent(t *testing.T) {
	tp := sdktrace.NewTracerProvider() // samples everything, exports nowhere
	t.Cleanup(func() { _ = tp.Shutdown(context.Background()) })
	remote := trace.NewSpanContext(trace.SpanContextConfig{TraceID: trace.TraceID{1}, SpanID: trace.SpanID{2}})

	cases := []struct {
		name string
		ctx  func() (context.Context, trace.Span)
		want func(trace.Span) string
	}{
		{"recording span", func() (context.Context, trace.Span) { return tp.Tracer("t").Start(context.Background(), "chat m") },
			func(s trace.Span) string {
				sc := s.SpanContext()
				return fmt.Sprintf("00-%s-%s-01", sc.TraceID(), sc.SpanID())
			}},
		{"no span", func() (context.Context, trace.Span) { return context.Background(), nil },
			func(trace.Span) string { return "" }},
		{"a span that records nothing", func() (context.Context, trace.Span) {
			return trace.ContextWithSpanContext(context.Background(), remote), nil
		}, func(trace.Span) string { return "" }},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := make(chan string, 1)
			srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
				got <- r.Header.Get("Traceparent")
				chatHandler(nil)(w, r)
			})
			m := newModel(srv, "")
			ctx, span := tc.ctx()
			if _, err := m.Run(ctx, models.Input{Text: "hola", Params: values(t, m, srv, map[string]string{"stream": "false"}, 0)}); err != nil {
				t.Fatal(err)
			}
			if span != nil {
				span.End()
			}
			if h, want := <-got, tc.want(span); h != want {
				t.Errorf("traceparent %q, want %q", h, want)
			}
		})
	}
}

// PlannedCall names the call before it is made, for the task's span.
func TestPlannedCall(t *testing.T) {
	m := openai.New(openai.Options{})
	cases := []struct {
		raw  map[string]string
		want models.LLMCall
		ok   bool
	}{
		{nil, models.LLMCall{Operation: "chat", RequestModel: openai.DefaultModel, Streamed: true}, true},
		{map[string]string{"base_url": "https://api.openai.com/v1", "model": "gpt-4o-mini", "stream": "false"},
			models.LLMCall{Operation: "chat", RequestModel: "gpt-4o-mini", Provider: "openai"}, true},
		{map[string]string{"base_url": "ftp://nope"}, models.LLMCall{}, false},
	}
	for _, tc := range cases {
		vals := models.Values{}
		if tc.raw != nil {
			var err error
			if vals, err = models.ParseParams(m, tc.raw); err != nil && tc.ok {
				t.Fatal(err)
			}
			if err != nil {
				vals = models.Values{"base_url": tc.raw["base_url"]}
			}
		}
		got, ok := m.PlannedCall(vals)
		if ok != tc.ok || fmt.Sprint(got) != fmt.Sprint(tc.want) {
			t.Errorf("PlannedCall(%v) = %+v, %v; want %+v, %v", tc.raw, got, ok, tc.want, tc.ok)
		}
	}
}
