package telemetry

import (
	"context"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unsafe"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	semconv "go.opentelemetry.io/otel/semconv/v1.43.0"
	"go.opentelemetry.io/otel/trace"
	"go.opentelemetry.io/otel/trace/embedded"
	"go.opentelemetry.io/otel/trace/noop"

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
	// tasks, whose span is named "task <model>". It is read after the task,
	// off its goroutine: don't change it once given.
	LLM *models.LLMCall
	// Start is when the task started, for a caller that reads the clock
	// anyway (see EndAfter); zero: now.
	Start time.Time
}

// Span is the span of a task or of a load test. A nil *Span does nothing,
// so that callers need not check whether telemetry is on.
//
// A Span is not the SDK's: the task's goroutine only makes its IDs and
// keeps what the span will say (a few fields, no attribute list, no
// text), and the export's converter goroutine builds the SDK span from it
// once it has ended (see pipeline.go). The ctx StartTask returns carries
// it as a trace.Span, with its real IDs, for the log records and the
// traceparent of an LLM call; that ctx is part of the Span's own memory,
// so a task's span is one allocation.
type Span struct {
	in    ctxSpan // the ctx StartTask returns, and the span as it carries it
	t     *Telemetry
	start int64         // Unix ns
	took  time.Duration // from start to end, once ended
	ids   *[idsLen]byte // the IDs in hex, for IDs: cut from an idBlock
	tid   trace.TraceID
	sid   trace.SpanID
	psid  trace.SpanID // the parent's; zero for a root span

	model, session string
	// What a load test, an LLM call or a trace state adds; nil for most
	// tasks. Atomic: LLMCall may make it, under mu, while a log call reads
	// the span's context.
	rare atomic.Pointer[spanRare]

	// What the task tells as it runs and ends; the converter reads it
	// once ended is set. A model may call LLMCall from a goroutine of its
	// own: hence the lock.
	mu      sync.Mutex
	outcome string
	errType string
	err     error

	flags   trace.TraceFlags
	pflags  trace.TraceFlags // the parent's
	premote bool             // the parent came from another process
	sampled bool             // exported; false: IDs only, for propagation
	ended   bool
	cache   int8 // 0: not asked; 1: miss; 2: hit
}

// spanRare is what few spans carry, kept apart so that a task's Span stays
// in a small size class (under 256 bytes: less for the allocator and the
// garbage collector to do for each task); those few pay its allocation.
type spanRare struct {
	llm   *models.LLMCall  // planned call; nil for a task that calls no LLM
	load  *Load            // nil for a task
	state trace.TraceState // the span's, when it has one

	// What LLMCall measured, and how a load test ended.
	respModel           string
	tokensIn, tokensOut int
	done, failed        int64
}

// more returns s's spanRare, made on first use; s.mu held, or s not yet
// shared. Its llm, load and state are set before s is shared, never after.
func (s *Span) more() *spanRare {
	r := s.rare.Load()
	if r == nil {
		r = &spanRare{}
		s.rare.Store(r)
	}
	return r
}

// spanContext is s's trace.SpanContext, as a ctx carries it.
func (s *Span) spanContext() trace.SpanContext {
	cfg := trace.SpanContextConfig{TraceID: s.tid, SpanID: s.sid, TraceFlags: s.flags}
	if r := s.rare.Load(); r != nil {
		cfg.TraceState = r.state
	}
	return trace.NewSpanContext(cfg)
}

// parentContext is the span context of s's parent; invalid for a root
// span. Its trace state is s's own, which the sampler gave it from its
// parent's.
func (s *Span) parentContext() trace.SpanContext {
	if !s.psid.IsValid() {
		return trace.SpanContext{}
	}
	cfg := trace.SpanContextConfig{TraceID: s.tid, SpanID: s.psid, TraceFlags: s.pflags, Remote: s.premote}
	if r := s.rare.Load(); r != nil {
		cfg.TraceState = r.state
	}
	return trace.NewSpanContext(cfg)
}

// StartTask starts the span of one task as a child of the span in ctx, if
// any, and returns a ctx that carries it: the task's log records, logged
// with it, carry its trace and span IDs, and an LLM call sends them to the
// endpoint (traceparent). A nil Telemetry returns ctx and a nil Span.
//
// It only makes the span's IDs: the SDK's span is built off the task's
// goroutine once the span ends.
func (t *Telemetry) StartTask(ctx context.Context, task Task) (context.Context, *Span) {
	if t == nil || t.tp == nil {
		return ctx, nil
	}
	s := &Span{t: t, model: task.Model, session: task.Session}
	if task.LLM != nil {
		s.more().llm = task.LLM
	}
	return t.begin(ctx, s, task.Start), s
}

// StartLoad starts the span of a load test: the parent of its tasks' spans
// (start them with the ctx it returns).
func (t *Telemetry) StartLoad(ctx context.Context, l Load) (context.Context, *Span) {
	if t == nil || t.tp == nil {
		return ctx, nil
	}
	l.Models = slices.Clone(l.Models)
	s := &Span{t: t, session: l.Session}
	s.more().load = &l
	return t.begin(ctx, s, time.Time{}), s
}

// begin gives s its IDs, parent, sampling decision and start (zero: now),
// and returns ctx carrying it.
func (t *Telemetry) begin(ctx context.Context, s *Span, start time.Time) context.Context {
	s.in.s = s
	parent := trace.SpanContextFromContext(ctx)
	tid := parent.TraceID()
	if parent.IsValid() {
		s.psid, s.pflags, s.premote = parent.SpanID(), parent.TraceFlags(), parent.IsRemote()
	} else {
		tid = newTraceID()
	}
	sid := newSpanID()
	sampled, state := t.sample(ctx, s, parent, tid)
	flags := parent.TraceFlags() &^ trace.FlagsSampled
	if sampled {
		flags |= trace.FlagsSampled
	}
	s.tid, s.sid, s.flags, s.sampled = tid, sid, flags, sampled
	if state.Len() > 0 {
		s.more().state = state
	}
	if sampled { // IDs gives the text of sampled spans only
		s.ids = takeIDs()
		hex.Encode(s.ids[:2*len(tid)], tid[:])
		hex.Encode(s.ids[2*len(tid):], sid[:])
	}
	if start.IsZero() {
		start = time.Now()
	}
	s.start = start.UnixNano()
	if spanKey == nil {
		return trace.ContextWithSpan(ctx, &s.in)
	}
	s.in.Context = ctx
	return &s.in
}

// IDs returns the span's trace and span IDs in hex, for a log file, and
// false when the span records nothing (it is then exported nowhere). The
// strings are cut from a shared block (takeIDs): they cost the task no
// allocation, and a log record that keeps them keeps 48 bytes without
// pointers alive, not the Span.
func (s *Span) IDs() (traceID, spanID string, ok bool) {
	if s == nil || !s.sampled {
		return "", "", false
	}
	const n = 2 * len(trace.TraceID{})
	return unsafe.String(&s.ids[0], n), unsafe.String(&s.ids[n], len(s.ids)-n), true
}

// CacheHit records whether the result cache answered the task.
func (s *Span) CacheHit(hit bool) {
	if s == nil {
		return
	}
	s.mu.Lock()
	if !s.ended {
		s.cache = 1
		if hit {
			s.cache = 2
		}
	}
	s.mu.Unlock()
}

// LLMCall adds what an LLM call measured to the span in ctx: the model
// that answered and the tokens, as the GenAI conventions name them. It does
// nothing when ctx carries no span of a task that is exported.
func LLMCall(ctx context.Context, call models.LLMCall) {
	c, ok := trace.SpanFromContext(ctx).(*ctxSpan)
	if !ok || !c.s.sampled {
		return
	}
	s := c.s
	s.mu.Lock()
	if !s.ended && (call.ResponseModel != "" || call.TokensIn > 0 || call.TokensOut > 0) {
		r := s.more()
		if call.ResponseModel != "" {
			r.respModel = call.ResponseModel
		}
		if call.TokensIn > 0 {
			r.tokensIn = call.TokensIn
		}
		if call.TokensOut > 0 {
			r.tokensOut = call.TokensOut
		}
	}
	s.mu.Unlock()
}

// End ends the task's span with its outcome (a session.Outcome as text).
// An error sets the span's status to Error with the error's text, redacted,
// and error.type to errorType; a panic adds an "exception" event with the
// panic's message and the stack of the goroutine that panicked. The span
// then waits, with the task's log records, for the converter: err is read
// there, so it must not change once the task has ended (errors don't).
func (s *Span) End(outcome, errorType string, err error) {
	if s == nil {
		return
	}
	s.EndAfter(s.elapsed(), outcome, errorType, err)
}

// EndAfter is End for a caller that timed the task itself, from the
// Task's Start: the span ends took after it, and the clock is not read
// again.
func (s *Span) EndAfter(took time.Duration, outcome, errorType string, err error) {
	if s == nil {
		return
	}
	s.finish(took, func() { s.outcome, s.errType, s.err = outcome, errorType, err })
}

// elapsed is the time since s started, by the wall clock (the start is
// kept as Unix ns); never negative.
func (s *Span) elapsed() time.Duration {
	return max(time.Duration(time.Now().UnixNano()-s.start), 0)
}

// EndLoad ends a load test's span with how many requests finished and
// failed; a load test stopped early (canceled) has status Error.
func (s *Span) EndLoad(done, failed int64, err error) {
	if s == nil {
		return
	}
	s.finish(s.elapsed(), func() {
		r := s.more()
		r.done, r.failed, s.err = done, failed, err
	})
}

// finish ends s, once, took after its start (a negative took counts as
// 0); set fills in how it ended.
func (s *Span) finish(took time.Duration, set func()) {
	took = max(took, 0)
	s.mu.Lock()
	if s.ended {
		s.mu.Unlock()
		return
	}
	s.ended, s.took = true, took
	set()
	s.mu.Unlock()
	if s.sampled {
		s.t.spans.push(s)
	}
}

// ctxSpan is a Span as a context carries it: its IDs for whoever
// propagates them (the openai model's traceparent, the log records' trace
// context). Its own span methods do nothing: the task's code ends the span
// through Span, and spans that other instrumentation starts from it are
// not exported (its TracerProvider is a no-op one).
//
// It is also the ctx StartTask returns: the parent ctx, whose Value gives
// the span itself under the trace package's key, as the ctx
// trace.ContextWithSpan makes would, without allocating one.
type ctxSpan struct {
	context.Context // the parent; nil when trace.ContextWithSpan carries it
	embedded.Span
	s *Span
}

var (
	_ trace.Span      = (*ctxSpan)(nil)
	_ context.Context = (*ctxSpan)(nil)
)

// Value is the span under the trace package's key, the parent's value
// otherwise.
func (c *ctxSpan) Value(key any) any {
	if key == spanKey {
		return c
	}
	return c.Context.Value(key)
}

// spanKey is the key under which the trace package finds the span of a
// ctx (trace.SpanFromContext): found by asking SpanFromContext once with a
// ctx that records the key it is asked for, then checked. Nil if that
// failed (the trace package changed how it looks): a span then goes in a
// ctx of its own (trace.ContextWithSpan).
var spanKey = func() any {
	probe := &keyProbe{Context: context.Background()}
	_ = trace.SpanFromContext(probe)
	if probe.key == nil {
		return nil
	}
	c := &ctxSpan{}
	answer := &keyAnswer{Context: context.Background(), key: probe.key, span: c}
	if got, ok := trace.SpanFromContext(answer).(*ctxSpan); !ok || got != c {
		return nil
	}
	return probe.key
}()

// keyProbe is a ctx that records the last key it was asked for.
type keyProbe struct {
	context.Context
	key any
}

func (p *keyProbe) Value(key any) any {
	p.key = key
	return nil
}

// keyAnswer is a ctx that answers span under key.
type keyAnswer struct {
	context.Context
	key  any
	span trace.Span
}

func (a *keyAnswer) Value(key any) any {
	if key == a.key {
		return a.span
	}
	return nil
}

func (c *ctxSpan) SpanContext() trace.SpanContext { return c.s.spanContext() }
func (c *ctxSpan) IsRecording() bool {
	if !c.s.sampled {
		return false
	}
	c.s.mu.Lock()
	defer c.s.mu.Unlock()
	return !c.s.ended
}
func (*ctxSpan) End(...trace.SpanEndOption)              {}
func (*ctxSpan) AddEvent(string, ...trace.EventOption)   {}
func (*ctxSpan) AddLink(trace.Link)                      {}
func (*ctxSpan) RecordError(error, ...trace.EventOption) {}
func (*ctxSpan) SetStatus(codes.Code, string)            {}
func (*ctxSpan) SetName(string)                          {}
func (*ctxSpan) SetAttributes(...attribute.KeyValue)     {}
func (*ctxSpan) TracerProvider() trace.TracerProvider    { return noop.NewTracerProvider() }

// idsLen is the length of a span's trace and span IDs in hex.
const idsLen = 2*len(trace.TraceID{}) + 2*len(trace.SpanID{})

// idBlock is memory without pointers from which spans take the bytes of
// their IDs in hex, idsLen at a time.
type idBlock struct{ free []byte }

// idBlocks keeps a block with room per P (sync.Pool), so that taking IDs
// takes no lock; one allocation serves idsPerBlock spans.
var idBlocks = sync.Pool{New: func() any { return new(idBlock) }}

const idsPerBlock = 256

// takeIDs returns idsLen bytes that are the caller's alone.
func takeIDs() *[idsLen]byte {
	b := idBlocks.Get().(*idBlock)
	if len(b.free) < idsLen {
		b.free = make([]byte, idsLen*idsPerBlock)
	}
	p := (*[idsLen]byte)(b.free[:idsLen])
	b.free = b.free[idsLen:]
	idBlocks.Put(b)
	return p
}

// newTraceID and newSpanID are random, non-zero IDs: the runtime's
// generator, per thread, takes no lock (the SDK's own takes one).
func newTraceID() trace.TraceID {
	var id trace.TraceID
	for !id.IsValid() {
		binary.NativeEndian.PutUint64(id[:8], rand.Uint64())
		binary.NativeEndian.PutUint64(id[8:], rand.Uint64())
	}
	return id
}

func newSpanID() trace.SpanID {
	var id trace.SpanID
	for !id.IsValid() {
		binary.NativeEndian.PutUint64(id[:], rand.Uint64())
	}
	return id
}

// noRare is the spanRare of a Span that has none.
var noRare spanRare

// build makes the SDK's span of s, ended, on the converter's goroutine:
// its IDs are those s has carried since it started (idGenerator), its
// times s's.
func (t *Telemetry) build(s *Span) {
	s.mu.Lock()
	defer s.mu.Unlock()
	ctx := context.Background()
	if p := s.parentContext(); p.IsValid() {
		ctx = trace.ContextWithSpanContext(ctx, p)
	}
	ctx = context.WithValue(ctx, madeKey{}, s)
	r := s.rare.Load()
	if r == nil {
		r = &noRare
	}
	if r.load != nil {
		t.buildLoad(ctx, s)
		return
	}
	attrs := make([]attribute.KeyValue, 0, 12)
	attrs = append(attrs, attrModel.String(s.model))
	if s.session != "" {
		attrs = append(attrs, semconv.SessionID(s.session))
	}
	name, kind := "task "+s.model, trace.SpanKindInternal
	if c := r.llm; c != nil {
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
	if s.cache != 0 {
		attrs = append(attrs, attrCacheHit.Bool(s.cache == 2))
	}
	if r.respModel != "" {
		attrs = append(attrs, attrGenAIResp.String(valid(r.respModel)))
	}
	if r.tokensIn > 0 {
		attrs = append(attrs, attrGenAIInput.Int(r.tokensIn))
	}
	if r.tokensOut > 0 {
		attrs = append(attrs, attrGenAIOutput.Int(r.tokensOut))
	}
	attrs = append(attrs, attrOutcome.String(s.outcome))
	if s.err != nil && s.errType != "" {
		attrs = append(attrs, semconv.ErrorTypeKey.String(s.errType))
	}
	_, span := t.tracer.Start(ctx, name, trace.WithSpanKind(kind), trace.WithTimestamp(time.Unix(0, s.start)), trace.WithAttributes(attrs...))
	if err := s.err; err != nil {
		span.SetStatus(codes.Error, statusText(err.Error()))
		if p, ok := asPanic(err); ok {
			span.AddEvent("exception", trace.WithTimestamp(time.Unix(0, s.start).Add(s.took)), trace.WithAttributes(
				semconv.ExceptionType("panic"),
				semconv.ExceptionMessage(statusText(fmt.Sprint(p.PanicValue()))),
				semconv.ExceptionStacktrace(valid(redact.Credentials(string(p.PanicStack())))),
			))
		}
	}
	span.End(trace.WithTimestamp(time.Unix(0, s.start).Add(s.took)))
}

// buildLoad is build for a load test's span.
func (t *Telemetry) buildLoad(ctx context.Context, s *Span) {
	r := s.rare.Load()
	l := r.load
	attrs := []attribute.KeyValue{attrLoadModels.StringSlice(l.Models), attrLoadReqs.Int(l.Requests),
		attrLoadConc.Int(l.Concurrency), attrLoadDone.Int64(r.done), attrLoadFailed.Int64(r.failed)}
	if l.Session != "" {
		attrs = append(attrs, semconv.SessionID(l.Session))
	}
	if l.Rate > 0 {
		attrs = append(attrs, attrLoadRate.Float64(l.Rate))
	}
	_, span := t.tracer.Start(ctx, "load", trace.WithTimestamp(time.Unix(0, s.start)), trace.WithAttributes(attrs...))
	if s.err != nil {
		span.SetStatus(codes.Error, statusText(s.err.Error()))
	}
	span.End(trace.WithTimestamp(time.Unix(0, s.start).Add(s.took)))
}

// panicked is what a recovered panic's error offers (session.PanicError,
// the cache's).
type panicked interface {
	PanicValue() any
	PanicStack() []byte
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
