package telemetry

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"
)

// The task's goroutine does no SDK work. A span or a log record is kept as
// a small value (a *Span; a logging.Entry or a cloned slog.Record, with the
// trace context of its ctx) in a pending list, within the signal's queue
// bound (queue.admit: what doesn't fit is dropped and counted there and
// then). The converter, one goroutine, takes the lists in batches and makes
// the SDK's spans and log records from them, which the SDK's batch
// processors export as before. A task thus pays an atomic add, a lock and
// an append for its span and for each record; the converter pays the rest,
// once, off the task's path, and at most once per convertDelay wakes up.

// convertDelay is the longest a span or a log record waits in its pending
// list before the converter takes it, unless the list fills to a quarter
// of its bound. The export's own batches wait longer (1 to 5 s), so this
// adds nothing a user sees, and it lets one wake-up convert many tasks.
const convertDelay = 25 * time.Millisecond

// pending is the list of one kind of item waiting for the converter.
type pending[T any] struct {
	q      *queue
	c      *converter
	mu     sync.Mutex
	items  []T
	closed bool // Shutdown has begun: items are no longer taken
}

// push adds v, within the queue's bound; it never blocks on the converter.
func (p *pending[T]) push(v T) {
	if !p.q.admit() {
		return
	}
	p.mu.Lock()
	if p.closed {
		p.mu.Unlock()
		p.q.waiting.Add(-1)
		return
	}
	p.items = append(p.items, v)
	n := len(p.items)
	p.mu.Unlock()
	switch {
	case n == 1:
		p.c.notify(p.c.wake)
	case int64(n) == max(p.q.max/4, 1):
		p.c.notify(p.c.urgent)
	}
}

// take returns the items waiting and leaves spare, emptied, in their
// place: two slices go back and forth, and keep their capacity.
func (p *pending[T]) take(spare []T) []T {
	clear(spare) // what the converter is done with is not kept alive
	p.mu.Lock()
	out := p.items
	p.items = spare[:0]
	p.mu.Unlock()
	return out
}

// close stops taking items: those that come later are not exported, nor
// counted (Shutdown has begun).
func (p *pending[T]) close() {
	p.mu.Lock()
	p.closed = true
	p.mu.Unlock()
}

// converter owns the goroutine that makes SDK spans and log records of
// what waits. Shutdown stops it after one last pass.
type converter struct {
	wake, urgent chan struct{} // hold one wake-up each at most
	stop, done   chan struct{}
	delay        time.Duration
}

func newConverter(delay time.Duration) *converter {
	return &converter{wake: make(chan struct{}, 1), urgent: make(chan struct{}, 1),
		stop: make(chan struct{}), done: make(chan struct{}), delay: delay}
}

func (c *converter) notify(ch chan struct{}) {
	select {
	case ch <- struct{}{}:
	default: // a wake-up is pending already
	}
}

// run calls pass after each wake-up, convertDelay later unless urgent,
// until stop, and then once more.
func (c *converter) run(pass func()) {
	defer close(c.done)
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	for {
		select {
		case <-c.stop:
			pass()
			return
		case <-c.wake:
			timer.Reset(c.delay)
			select {
			case <-timer.C:
			case <-c.urgent:
				timer.Stop()
			case <-c.stop:
				timer.Stop()
			}
		case <-c.urgent:
		}
		pass()
	}
}

// shutdown stops taking items and waits for the converter's last pass:
// then everything taken is in the SDK's processors.
func (c *converter) shutdown(closers ...func()) {
	for _, f := range closers {
		f()
	}
	close(c.stop)
	<-c.done
}

// discardPending makes the converter drop, uncounted, what it takes
// instead of converting it. It exists so that a benchmark can measure what
// a task pays on its own goroutine alone.
var discardPending bool

// pass converts everything that waits: spans first, so that a record and
// its span leave in the same round as far as can be.
func (t *Telemetry) pass() {
	if discardPending {
		t.discard()
		return
	}
	if t.spans != nil {
		t.spanBuf = t.spans.take(t.spanBuf)
		for _, s := range t.spanBuf {
			t.build(s)
		}
	}
	if t.logs != nil {
		t.entryBuf = t.logs.entries.take(t.entryBuf)
		for i := range t.entryBuf {
			t.emitEntry(&t.entryBuf[i])
		}
		t.recordBuf = t.logs.records.take(t.recordBuf)
		for i := range t.recordBuf {
			t.emitRecord(&t.recordBuf[i])
		}
	}
}

// madeKey is the context key under which build hands a Span to
// idGenerator.
type madeKey struct{}

// idGenerator gives the SDK's span the IDs its Span has carried since it
// started; without one, random IDs (the SDK's own behaviour).
type idGenerator struct{}

var _ sdktrace.IDGenerator = idGenerator{}

func (idGenerator) NewIDs(ctx context.Context) (trace.TraceID, trace.SpanID) {
	if s, ok := ctx.Value(madeKey{}).(*Span); ok {
		return s.tid, s.sid
	}
	return newTraceID(), newSpanID()
}

func (idGenerator) NewSpanID(ctx context.Context, _ trace.TraceID) trace.SpanID {
	if s, ok := ctx.Value(madeKey{}).(*Span); ok {
		return s.sid
	}
	return newSpanID()
}

// sample decides, as the SDK's sampler would, whether s is exported, and
// its trace state. The SDK's own sampler then keeps every span the
// converter builds (AlwaysSample): the decision was made here, once.
func (t *Telemetry) sample(ctx context.Context, s *Span, parent trace.SpanContext, tid trace.TraceID) (bool, trace.TraceState) {
	if t.sampler == nil { // the default, ParentBased(AlwaysSample), without its allocations
		if parent.IsValid() {
			return parent.IsSampled(), parent.TraceState()
		}
		return true, trace.TraceState{}
	}
	name, kind := "task "+s.model, trace.SpanKindInternal
	if r := s.rare.Load(); r != nil {
		switch {
		case r.load != nil:
			name = "load"
		case r.llm != nil:
			name, kind = r.llm.Operation+" "+r.llm.RequestModel, trace.SpanKindClient
		}
	}
	r := t.sampler.ShouldSample(sdktrace.SamplingParameters{ParentContext: ctx, TraceID: tid, Name: name, Kind: kind})
	return r.Decision == sdktrace.RecordAndSample, r.Tracestate
}

// samplerFromEnv is the sampler OTEL_TRACES_SAMPLER and
// OTEL_TRACES_SAMPLER_ARG ask for, as the SDK reads them (which it no
// longer does here: the decision is made before the SDK sees the span);
// nil for the default, ParentBased(AlwaysSample). A value it can't follow
// is an error, with the SDK's fallback.
func samplerFromEnv() (sdktrace.Sampler, error) {
	name := strings.ToLower(strings.TrimSpace(os.Getenv("OTEL_TRACES_SAMPLER")))
	arg := strings.TrimSpace(os.Getenv("OTEL_TRACES_SAMPLER_ARG"))
	ratio := func() (sdktrace.Sampler, error) {
		if arg == "" {
			return sdktrace.TraceIDRatioBased(1), nil
		}
		v, err := strconv.ParseFloat(arg, 64)
		if err != nil || v < 0 || v > 1 {
			return sdktrace.TraceIDRatioBased(1), fmt.Errorf("OTEL_TRACES_SAMPLER_ARG=%q is not a ratio from 0 to 1", arg)
		}
		return sdktrace.TraceIDRatioBased(v), nil
	}
	switch name {
	case "", "parentbased_always_on":
		return nil, nil
	case "always_on":
		return sdktrace.AlwaysSample(), nil
	case "always_off":
		return sdktrace.NeverSample(), nil
	case "traceidratio":
		return ratio()
	case "parentbased_always_off":
		return sdktrace.ParentBased(sdktrace.NeverSample()), nil
	case "parentbased_traceidratio":
		r, err := ratio()
		return sdktrace.ParentBased(r), err
	}
	return nil, fmt.Errorf("OTEL_TRACES_SAMPLER=%q is not a sampler Vigía knows", name)
}

// discard is pass for discardPending.
func (t *Telemetry) discard() {
	if t.spans != nil {
		t.spanBuf = t.spans.take(t.spanBuf)
		t.spans.q.waiting.Add(-int64(len(t.spanBuf)))
	}
	if t.logs != nil {
		t.entryBuf = t.logs.entries.take(t.entryBuf)
		t.recordBuf = t.logs.records.take(t.recordBuf)
		t.logs.entries.q.waiting.Add(-int64(len(t.entryBuf) + len(t.recordBuf)))
	}
}
