package engine

import (
	"bufio"
	"context"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	tracepb "go.opentelemetry.io/proto/otlp/trace/v1"

	"vigia/logging"
	"vigia/models"
	"vigia/models/openai"
	"vigia/session"
	"vigia/telemetry"
	"vigia/telemetry/otlptest"
)

// noOTEL unsets the OTEL_ variables for the test: the machine's own must
// not change what a test exports.
func noOTEL(t *testing.T) {
	t.Helper()
	for _, v := range []string{"OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "OTEL_EXPORTER_OTLP_LOGS_ENDPOINT",
		"OTEL_EXPORTER_OTLP_METRICS_ENDPOINT", "OTEL_EXPORTER_OTLP_PROTOCOL", "OTEL_EXPORTER_OTLP_HEADERS", "OTEL_SDK_DISABLED",
		"OTEL_TRACES_EXPORTER", "OTEL_LOGS_EXPORTER", "OTEL_METRICS_EXPORTER", "OTEL_SERVICE_NAME", "OTEL_RESOURCE_ATTRIBUTES",
		"OTEL_TRACES_SAMPLER"} {
		t.Setenv(v, "")
	}
}

// genai is a test model that calls "an LLM" as the openai model does: it
// tells the call before making it (PlannedCall) and reports it after.
type genai struct{}

type genaiFigures struct{}

func (genaiFigures) LLMCall() (models.LLMCall, bool) {
	return models.LLMCall{Operation: "chat", RequestModel: "tiny-1", ResponseModel: "tiny-1-0524", Provider: "openai",
		E2E: time.Millisecond, TokensIn: 5, TokensOut: 3}, true
}

func (genai) Name() string                 { return "genai" }
func (genai) Description() string          { return "Calls an LLM." }
func (genai) Params() []models.Param       { return nil }
func (genai) Cacheable(models.Values) bool { return false }
func (genai) Run(context.Context, models.Input) (models.Result, error) {
	return models.Result{Text: "hi", Data: genaiFigures{}}, nil
}
func (genai) PlannedCall(models.Values) (models.LLMCall, bool) {
	return models.LLMCall{Operation: "chat", RequestModel: "tiny-1", Provider: "openai"}, true
}

// otelEngine is newEngine with OpenTelemetry exported to a fake collector.
func otelEngine(t *testing.T, ms ...models.Model) (*Engine, *otlptest.Collector) {
	t.Helper()
	noOTEL(t)
	c := otlptest.Start(t)
	e := New(Config{Logging: logging.Options{Dir: t.TempDir(), Console: io.Discard}, Models: models.NewRegistry(ms...)})
	t.Cleanup(func() { _ = e.Close() })
	if ok, err := e.StartTelemetry(context.Background(), telemetry.Options{Endpoint: c.URL}); !ok || err != nil {
		t.Fatalf("StartTelemetry = %v, %v", ok, err)
	}
	return e, c
}

// taskLines returns app.log's event=task records.
func taskLines(t *testing.T, e *Engine) []map[string]any {
	t.Helper()
	f, err := os.Open(e.Logs().AppLogPath())
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []map[string]any
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var m map[string]any
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			t.Fatalf("app.log line %q: %v", sc.Text(), err)
		}
		if m["event"] == "task" {
			out = append(out, m)
		}
	}
	return out
}

func hexID(b []byte) string { return hex.EncodeToString(b) }

// TestTaskSpans: one span per task, named for it, with the session, the
// model and the outcome; status Error and a panic's exception event; a
// cached answer marked; an LLM call a GenAI client span. Its trace and span
// IDs are in app.log's task record and on the exported log record.
func TestTaskSpans(t *testing.T) {
	e, c := otelEngine(t, &upper{cache: true}, genai{})
	s, ctx := e.Sessions().Start(context.Background())
	canceled, cancel := context.WithCancel(ctx)
	cancel()
	runs := []struct {
		ctx         context.Context
		model, text string
		name        string
		kind        tracepb.Span_SpanKind
		outcome     string
		status      tracepb.Status_StatusCode
		attrs       map[string]string
	}{
		{ctx, "upper", "hola", "task upper", tracepb.Span_SPAN_KIND_INTERNAL, "ok", tracepb.Status_STATUS_CODE_UNSET,
			map[string]string{"vigia.cache.hit": "false"}},
		{ctx, "upper", "hola", "task upper", tracepb.Span_SPAN_KIND_INTERNAL, "cached", tracepb.Status_STATUS_CODE_UNSET,
			map[string]string{"vigia.cache.hit": "true"}},
		{ctx, "upper", "fail", "task upper", tracepb.Span_SPAN_KIND_INTERNAL, "error", tracepb.Status_STATUS_CODE_ERROR,
			map[string]string{"error.type": "errors.errorString"}},
		{ctx, "upper", "panic", "task upper", tracepb.Span_SPAN_KIND_INTERNAL, "panic", tracepb.Status_STATUS_CODE_ERROR,
			map[string]string{"error.type": "panic"}},
		{canceled, "upper", "late", "task upper", tracepb.Span_SPAN_KIND_INTERNAL, "canceled", tracepb.Status_STATUS_CODE_ERROR, nil},
		{ctx, "genai", "hi", "chat tiny-1", tracepb.Span_SPAN_KIND_CLIENT, "ok", tracepb.Status_STATUS_CODE_UNSET,
			map[string]string{"gen_ai.operation.name": "chat", "gen_ai.request.model": "tiny-1", "gen_ai.provider.name": "openai",
				"gen_ai.response.model": "tiny-1-0524", "gen_ai.usage.input_tokens": "5", "gen_ai.usage.output_tokens": "3"}},
	}
	for _, r := range runs {
		_, _ = e.RunModel(r.ctx, Request{Model: r.model, Text: r.text})
	}
	session.Logger(ctx).InfoContext(ctx, "with a secret", "api_key", "sk-abcdefghijklmnopqrstuvwx")
	e.Sessions().End(s)
	if err := e.Close(); err != nil {
		t.Fatal(err)
	}

	spans := c.Spans()
	if len(spans) != len(runs) {
		t.Fatalf("got %d spans, want %d, one per task", len(spans), len(runs))
	}
	lines := taskLines(t, e)
	if len(lines) != len(runs) {
		t.Fatalf("got %d task records, want %d", len(lines), len(runs))
	}
	logsBySpan := map[string]otlptest.Log{}
	for _, l := range c.Logs() {
		if otlptest.String(l.Attributes, "event") == "task" {
			logsBySpan[hexID(l.SpanId)] = l
		}
	}
	for i, r := range runs {
		sp := spans[i]
		at := func(k string) string { return otlptest.String(sp.Attributes, k) }
		if sp.Name != r.name || sp.Kind != r.kind || sp.Status.GetCode() != r.status {
			t.Errorf("span %d: %q %v %v, want %q %v %v", i, sp.Name, sp.Kind, sp.Status.GetCode(), r.name, r.kind, r.status)
		}
		want := map[string]string{"session.id": s.ID(), "vigia.model": r.model, "vigia.outcome": r.outcome}
		for k, v := range r.attrs {
			want[k] = v
		}
		for k, v := range want {
			if got := at(k); got != v {
				t.Errorf("span %d (%s): %s = %q, want %q", i, r.outcome, k, got, v)
			}
		}
		// The span and the task record agree, and carry each other's IDs.
		line := lines[i]
		if line["outcome"] != at("vigia.outcome") {
			t.Errorf("span %d outcome %q, app.log %q", i, at("vigia.outcome"), line["outcome"])
		}
		if sp.EndTimeUnixNano <= sp.StartTimeUnixNano {
			t.Errorf("span %d has no duration", i)
		}
		l, ok := logsBySpan[hexID(sp.SpanId)]
		if !ok || hexID(l.TraceId) != hexID(sp.TraceId) || otlptest.String(l.Attributes, "outcome") != r.outcome ||
			otlptest.String(l.Attributes, "session") != s.ID() {
			t.Errorf("span %d: exported task record %v, want one with its trace and span IDs, outcome and session", i, l.LogRecord)
		}
		if r.outcome == "canceled" {
			// A task canceled before it started never ran the function
			// that adds the IDs to app.log: the exported record has them.
			continue
		}
		if line["trace_id"] != hexID(sp.TraceId) || line["span_id"] != hexID(sp.SpanId) {
			t.Errorf("span %d: app.log trace_id %v span_id %v, want %s %s", i, line["trace_id"], line["span_id"], hexID(sp.TraceId), hexID(sp.SpanId))
		}
		if otlptest.String(l.Attributes, "trace_id") != hexID(sp.TraceId) {
			t.Errorf("span %d: the exported record lacks app.log's trace_id", i)
		}
	}
	var exc []string
	for _, ev := range spans[3].Events {
		if ev.Name == "exception" {
			exc = append(exc, otlptest.String(ev.Attributes, "exception.message"), otlptest.String(ev.Attributes, "exception.stacktrace"))
		}
	}
	if len(exc) != 2 || exc[0] != "boom" || !strings.Contains(exc[1], "(*upper).Run") {
		t.Errorf("panic span's exception events %q; want message boom and the stack of upper.Run", exc)
	}
	if len(spans[2].Events) != 0 || spans[2].Status.GetMessage() != "failed on purpose" {
		t.Errorf("error span: events %v, status %q; want no exception, the error's text", spans[2].Events, spans[2].Status.GetMessage())
	}
	var secret otlptest.Log
	for _, l := range c.Logs() {
		if l.Body.GetStringValue() == "with a secret" {
			secret = l
		}
	}
	if got := otlptest.String(secret.Attributes, "api_key"); got != logging.Redacted {
		t.Errorf("exported api_key = %q, want %s", got, logging.Redacted)
	}
	if len(secret.TraceId) != 0 && hexID(secret.TraceId) != strings.Repeat("0", 32) {
		t.Errorf("a record outside any task carries trace %x", secret.TraceId)
	}
}

// TestLoadSpan: a load test is one span, the parent of its tasks' spans.
func TestLoadSpan(t *testing.T) {
	e, c := otelEngine(t, &upper{})
	s, ctx := e.Sessions().Start(context.Background())
	targets, err := e.PrepareLoad([]string{"upper"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	p := e.Load(ctx, LoadSpec{Targets: targets, Text: "x", Requests: 6, Concurrency: 3}, nil)
	if p.Done != 6 {
		t.Fatalf("load test did %d requests, want 6", p.Done)
	}
	e.Sessions().End(s)
	_ = e.Close()
	var load *otlptest.Span
	var tasks []otlptest.Span
	for _, sp := range c.Spans() {
		if sp.Name == "load" {
			load = &sp
		} else {
			tasks = append(tasks, sp)
		}
	}
	if load == nil || len(tasks) != 6 {
		t.Fatalf("got load span %v and %d task spans, want one and 6", load, len(tasks))
	}
	if otlptest.String(load.Attributes, "vigia.load.done") != "6" || otlptest.String(load.Attributes, "session.id") != s.ID() {
		t.Errorf("load span attributes %v", load.Attributes)
	}
	for _, sp := range tasks {
		if hexID(sp.ParentSpanId) != hexID(load.SpanId) || hexID(sp.TraceId) != hexID(load.TraceId) {
			t.Errorf("task span %s: parent %x in trace %x, want the load span %x in %x", sp.Name, sp.ParentSpanId, sp.TraceId, load.SpanId, load.TraceId)
		}
	}
}

// TestTraceparentToTheEndpoint: an openai task sends its span as the W3C
// traceparent, so that the server's spans are its children.
func TestTraceparentToTheEndpoint(t *testing.T) {
	got := make(chan string, 1)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got <- r.Header.Get("Traceparent")
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"model":"tiny-1-0524","choices":[{"index":0,"message":{"role":"assistant","content":"hi"}}],"usage":{"prompt_tokens":2,"completion_tokens":1}}`)
	}))
	defer srv.Close()
	e, c := otelEngine(t, openai.New(openai.Options{HTTPClient: srv.Client(), APIKey: func() string { return "" }}))
	s, ctx := e.Sessions().Start(context.Background())
	if _, err := e.RunModel(ctx, Request{Model: "openai", Text: "hola",
		Params: map[string]string{"base_url": srv.URL + "/v1", "model": "tiny-1", "stream": "false"}}); err != nil {
		t.Fatal(err)
	}
	tp := <-got
	e.Sessions().End(s)
	_ = e.Close()
	spans := c.Spans()
	if len(spans) != 1 {
		t.Fatalf("got %d spans, want 1", len(spans))
	}
	sp := spans[0]
	if want := "00-" + hexID(sp.TraceId) + "-" + hexID(sp.SpanId) + "-01"; tp != want {
		t.Errorf("traceparent %q, want the task span's %q", tp, want)
	}
	if sp.Name != "chat tiny-1" || sp.Kind != tracepb.Span_SPAN_KIND_CLIENT || otlptest.String(sp.Attributes, "gen_ai.response.model") != "tiny-1-0524" ||
		otlptest.String(sp.Attributes, "gen_ai.usage.input_tokens") != "2" {
		t.Errorf("span %q %v %v; want a GenAI client span chat tiny-1", sp.Name, sp.Kind, sp.Attributes)
	}
}

// TestTelemetryOff: with no endpoint nothing starts, app.log's task
// records have no trace or span IDs, and no traceparent is sent.
func TestTelemetryOff(t *testing.T) {
	noOTEL(t)
	got := make(chan string, 1)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got <- r.Header.Get("Traceparent")
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"choices":[{"index":0,"message":{"role":"assistant","content":"hi"}}]}`)
	}))
	defer srv.Close()
	e, ctx, s := newEngine(t, openai.New(openai.Options{HTTPClient: srv.Client(), APIKey: func() string { return "" }}))
	if ok, err := e.StartTelemetry(context.Background(), telemetry.Options{}); ok || err != nil {
		t.Fatalf("StartTelemetry with no endpoint = %v, %v; want false, nil", ok, err)
	}
	if _, err := e.RunModel(ctx, Request{Model: "openai", Text: "hola", Params: map[string]string{"base_url": srv.URL + "/v1", "stream": "false"}}); err != nil {
		t.Fatal(err)
	}
	if tp := <-got; tp != "" {
		t.Errorf("traceparent %q sent with telemetry off", tp)
	}
	e.Sessions().End(s)
	_ = e.Close()
	for _, line := range taskLines(t, e) {
		for _, k := range []string{"trace_id", "span_id"} {
			if _, ok := line[k]; ok {
				t.Errorf("app.log task record has %s with telemetry off: %v", k, line)
			}
		}
	}
	if st := e.TelemetryStatus(); st != (telemetry.Status{}) {
		t.Errorf("TelemetryStatus() = %+v with telemetry off, want the zero Status", st)
	}
}

// TestStartTelemetryErrors: a variable Vigía can't follow is reported and
// nothing starts; a second start and one after Close are refused.
func TestStartTelemetryErrors(t *testing.T) {
	e, _ := otelEngine(t, &upper{})
	if _, err := e.StartTelemetry(context.Background(), telemetry.Options{Endpoint: "http://127.0.0.1:4318"}); err == nil {
		t.Errorf("a second StartTelemetry was accepted")
	}
	noOTEL(t)
	t.Setenv("OTEL_EXPORTER_OTLP_PROTOCOL", "grpc")
	f, _, _ := newEngine(t, &upper{})
	ok, err := f.StartTelemetry(context.Background(), telemetry.Options{Endpoint: "http://127.0.0.1:4317"})
	if ok || err == nil || !strings.Contains(err.Error(), "grpc is not supported") {
		t.Errorf("StartTelemetry with grpc = %v, %v; want a clear refusal", ok, err)
	}
	_ = f.Close()
	if ok, err := f.StartTelemetry(context.Background(), telemetry.Options{Endpoint: "http://127.0.0.1:4318"}); ok || err == nil {
		t.Errorf("StartTelemetry after Close = %v, %v", ok, err)
	}
}
