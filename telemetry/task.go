package telemetry

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	semconv "go.opentelemetry.io/otel/semconv/v1.43.0"
	"go.opentelemetry.io/otel/trace"

	"vigia/models"
	"vigia/redact"
)

// Attributes of Vigía's spans. The GenAI ones are the OpenTelemetry GenAI
// semantic conventions' (gen-ai-spans.md), which the Go semconv packages
// no longer carry.
const (
	attrModel       = attribute.Key("vigia.model")   // Vigía's model: sentiment, openai
	attrOutcome     = attribute.Key("vigia.outcome") // ok, error, panic, canceled, cached
	attrCacheHit    = attribute.Key("vigia.cache.hit")
	attrLoadModels  = attribute.Key("vigia.load.models")
	attrLoadReqs    = attribute.Key("vigia.load.requests")
	attrLoadConc    = attribute.Key("vigia.load.concurrency")
	attrLoadRate    = attribute.Key("vigia.load.rate")
	attrLoadDone    = attribute.Key("vigia.load.done")
	attrLoadFailed  = attribute.Key("vigia.load.failed")
	attrGenAIOp     = attribute.Key("gen_ai.operation.name")
	attrGenAIReq    = attribute.Key("gen_ai.request.model")
	attrGenAIResp   = attribute.Key("gen_ai.response.model")
	attrGenAIProv   = attribute.Key("gen_ai.provider.name")
	attrGenAIInput  = attribute.Key("gen_ai.usage.input_tokens")
	attrGenAIOutput = attribute.Key("gen_ai.usage.output_tokens")
)

// maxStatusText bounds the error text a span carries.
const maxStatusText = 1024

// Task is what a task's span says of it when it starts.
type Task struct {
	Model   string // Vigía's model: "sentiment", "openai"
	Session string // session.id; empty without a session
	// LLM, when the task calls an LLM endpoint, is the call as known before
	// it is made (operation, request model, provider): the span is then a
	// GenAI client span named "chat <request model>". Nil for other
	// tasks, whose span is named "task <model>".
	LLM *models.LLMCall
}

// Span is the span of a task or of a load test. A nil *Span does nothing,
// so that callers need not check whether telemetry is on.
type Span struct {
	span trace.Span
}

// StartTask starts the span of one task as a child of the span in ctx, if
// any, and returns a ctx that carries it: the task's log records, logged
// with it, carry its trace and span IDs, and an LLM call sends them to the
// endpoint (traceparent). A nil Telemetry returns ctx and a nil Span.
func (t *Telemetry) StartTask(ctx context.Context, task Task) (context.Context, *Span) {
	if t == nil || t.tp == nil {
		return ctx, nil
	}
	attrs := make([]attribute.KeyValue, 0, 6)
	attrs = append(attrs, attrModel.String(task.Model))
	if task.Session != "" {
		attrs = append(attrs, semconv.SessionID(task.Session))
	}
	name, kind := "task "+task.Model, trace.SpanKindInternal
	if c := task.LLM; c != nil {
		op := c.Operation
		if op == "" {
			op = "chat"
		}
		name, kind = valid(op+" "+c.RequestModel), trace.SpanKindClient
		attrs = append(attrs, attrGenAIOp.String(valid(op)), attrGenAIReq.String(valid(c.RequestModel)))
		if c.Provider != "" {
			attrs = append(attrs, attrGenAIProv.String(c.Provider))
		}
	}
	ctx, s := t.tracer.Start(ctx, name, trace.WithSpanKind(kind), trace.WithAttributes(attrs...))
	return ctx, &Span{span: s}
}

// IDs returns the span's trace and span IDs in hex, for a log file, and
// false when the span records nothing (it is then exported nowhere).
func (s *Span) IDs() (traceID, spanID string, ok bool) {
	if s == nil || !s.span.IsRecording() {
		return "", "", false
	}
	sc := s.span.SpanContext()
	return sc.TraceID().String(), sc.SpanID().String(), true
}

// CacheHit records whether the result cache answered the task.
func (s *Span) CacheHit(hit bool) {
	if s != nil {
		s.span.SetAttributes(attrCacheHit.Bool(hit))
	}
}

// LLMCall adds what an LLM call measured to the span in ctx: the model
// that answered and the tokens, as the GenAI conventions name them. It does
// nothing when ctx carries no recording span.
func LLMCall(ctx context.Context, call models.LLMCall) {
	span := trace.SpanFromContext(ctx)
	if !span.IsRecording() {
		return
	}
	attrs := make([]attribute.KeyValue, 0, 3)
	if call.ResponseModel != "" {
		attrs = append(attrs, attrGenAIResp.String(valid(call.ResponseModel)))
	}
	if call.TokensIn > 0 {
		attrs = append(attrs, attrGenAIInput.Int(call.TokensIn))
	}
	if call.TokensOut > 0 {
		attrs = append(attrs, attrGenAIOutput.Int(call.TokensOut))
	}
	span.SetAttributes(attrs...)
}

// panicked is what a recovered panic's error offers (session.PanicError,
// the cache's).
type panicked interface {
	PanicValue() any
	PanicStack() []byte
}

// End ends the task's span with its outcome (a session.Outcome as text).
// An error sets the span's status to Error with the error's text, redacted,
// and error.type to errorType; a panic adds an "exception" event with the
// panic's message and the stack of the goroutine that panicked.
func (s *Span) End(outcome, errorType string, err error) {
	if s == nil {
		return
	}
	s.span.SetAttributes(attrOutcome.String(outcome))
	if err != nil {
		if errorType != "" {
			s.span.SetAttributes(semconv.ErrorTypeKey.String(errorType))
		}
		s.span.SetStatus(codes.Error, statusText(err.Error()))
		if p, ok := asPanic(err); ok {
			s.span.AddEvent("exception", trace.WithAttributes(
				semconv.ExceptionType("panic"),
				semconv.ExceptionMessage(statusText(fmt.Sprint(p.PanicValue()))),
				semconv.ExceptionStacktrace(valid(redact.Credentials(string(p.PanicStack())))),
			))
		}
	}
	s.span.End()
}

func asPanic(err error) (panicked, bool) {
	var p panicked
	return p, errors.As(err, &p)
}

// statusText is an error's text as a span may carry it: no credentials, at
// most maxStatusText bytes.
func statusText(s string) string {
	s = redact.Credentials(s)
	if len(s) > maxStatusText {
		s = s[:maxStatusText] + "…"
	}
	return valid(s)
}

// valid is s with invalid UTF-8 replaced: the exporter refuses a whole
// batch for one string that is not UTF-8.
func valid(s string) string { return strings.ToValidUTF8(s, "\uFFFD") }

// Load is what a load test's span says of it.
type Load struct {
	Session     string
	Models      []string
	Requests    int
	Concurrency int
	Rate        float64 // requests a second; 0 for a closed loop
}

// StartLoad starts the span of a load test: the parent of its tasks' spans
// (start them with the ctx it returns).
func (t *Telemetry) StartLoad(ctx context.Context, l Load) (context.Context, *Span) {
	if t == nil || t.tp == nil {
		return ctx, nil
	}
	attrs := []attribute.KeyValue{attrLoadModels.StringSlice(l.Models), attrLoadReqs.Int(l.Requests),
		attrLoadConc.Int(l.Concurrency)}
	if l.Session != "" {
		attrs = append(attrs, semconv.SessionID(l.Session))
	}
	if l.Rate > 0 {
		attrs = append(attrs, attrLoadRate.Float64(l.Rate))
	}
	ctx, s := t.tracer.Start(ctx, "load", trace.WithAttributes(attrs...))
	return ctx, &Span{span: s}
}

// EndLoad ends a load test's span with how many requests finished and
// failed; a load test stopped early (canceled) has status Error.
func (s *Span) EndLoad(done, failed int64, err error) {
	if s == nil {
		return
	}
	s.span.SetAttributes(attrLoadDone.Int64(done), attrLoadFailed.Int64(failed))
	if err != nil {
		s.span.SetStatus(codes.Error, statusText(err.Error()))
	}
	s.span.End()
}
