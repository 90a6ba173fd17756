package telemetry_test

import (
	"context"
	"encoding/hex"
	"log/slog"
	"sync"
	"testing"
	"time"

	"go.opentelemetry.io/otel/trace"

	"vigia/telemetry"
	"vigia/telemetry/otlptest"
)

// TestSpansBuiltOffTheTask: the span a task's ctx carries has the IDs the
// exported span has, its start and end are the task's, and a record logged
// with that ctx carries them; a child's parent is the span in its ctx.
func TestSpansBuiltOffTheTask(t *testing.T) {
	clearOTEL(t)
	c := otlptest.Start(t)
	tel, _ := start(t, telemetry.Options{Endpoint: c.URL})
	lctx, load := tel.StartLoad(context.Background(), telemetry.Load{Models: []string{"m"}, Requests: 1, Concurrency: 1})
	ctx, span := tel.StartTask(lctx, telemetry.Task{Model: "m"})
	traceID, spanID, ok := span.IDs()
	sc := trace.SpanContextFromContext(ctx)
	if !ok || sc.TraceID().String() != traceID || sc.SpanID().String() != spanID || !sc.IsSampled() {
		t.Fatalf("IDs() = %s %s %v; the ctx carries %v", traceID, spanID, ok, sc)
	}
	if pc := trace.SpanContextFromContext(lctx); pc.TraceID() != sc.TraceID() {
		t.Errorf("the task's trace %v is not its load test's %v", sc.TraceID(), pc.TraceID())
	}
	slog.New(tel.LogHandler()).InfoContext(ctx, "inside")
	span.End("ok", "", nil)
	span.End("error", "", nil) // a second End changes nothing
	load.EndLoad(1, 0, nil)
	if err := tel.Shutdown(context.Background()); err != nil {
		t.Fatal(err)
	}
	spans := map[string]otlptest.Span{}
	for _, sp := range c.Spans() {
		spans[sp.Name] = sp
	}
	task, loadSp := spans["task m"], spans["load"]
	if hex.EncodeToString(task.TraceId) != traceID || hex.EncodeToString(task.SpanId) != spanID {
		t.Errorf("exported span %x/%x, want the IDs the task had, %s/%s", task.TraceId, task.SpanId, traceID, spanID)
	}
	if hex.EncodeToString(task.ParentSpanId) != hex.EncodeToString(loadSp.SpanId) || len(loadSp.ParentSpanId) != 0 {
		t.Errorf("task's parent %x, load span %x (parent %x)", task.ParentSpanId, loadSp.SpanId, loadSp.ParentSpanId)
	}
	if otlptest.String(task.Attributes, "vigia.outcome") != "ok" {
		t.Errorf("outcome %q, want the first End's", otlptest.String(task.Attributes, "vigia.outcome"))
	}
	if task.StartTimeUnixNano < loadSp.StartTimeUnixNano || task.EndTimeUnixNano > loadSp.EndTimeUnixNano {
		t.Errorf("the task's span is not within its load test's")
	}
	logs := c.Logs()
	if len(logs) != 1 || hex.EncodeToString(logs[0].SpanId) != spanID || hex.EncodeToString(logs[0].TraceId) != traceID {
		t.Errorf("exported records %v, want one with the task's IDs", logs)
	}
	if st := tel.Status(); st.Dropped != 0 {
		t.Errorf("Status() = %+v, want nothing dropped", st)
	}
}

// TestSamplerFromEnvironment: OTEL_TRACES_SAMPLER decides on the task's
// goroutine, as the SDK would: a span not sampled has IDs to propagate,
// with the sampled flag off, and is not exported.
func TestSamplerFromEnvironment(t *testing.T) {
	clearOTEL(t)
	t.Setenv("OTEL_TRACES_SAMPLER", "always_off")
	c := otlptest.Start(t)
	tel, _ := start(t, telemetry.Options{Endpoint: c.URL})
	ctx, span := tel.StartTask(context.Background(), telemetry.Task{Model: "m"})
	if _, _, ok := span.IDs(); ok {
		t.Error("IDs() of a span not sampled: ok")
	}
	if sc := trace.SpanContextFromContext(ctx); !sc.IsValid() || sc.IsSampled() {
		t.Errorf("ctx carries %v, want valid IDs, not sampled", sc)
	}
	span.End("ok", "", nil)
	_ = tel.Shutdown(context.Background())
	if n := len(c.Spans()); n != 0 {
		t.Errorf("%d spans exported with always_off", n)
	}
}

// TestConcurrentTasksCountedExactly: many goroutines end spans and log
// records at once; every one is exported or counted, none twice.
func TestConcurrentTasksCountedExactly(t *testing.T) {
	clearOTEL(t)
	c := otlptest.Start(t)
	tel, _ := start(t, telemetry.Options{Endpoint: c.URL, QueueSize: 64})
	const workers, each = 8, 100
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for range each {
				emit(t, tel, "r")
			}
		})
	}
	wg.Wait()
	_ = tel.Shutdown(context.Background())
	st := tel.Status()
	if got := int64(len(c.Spans())) + st.Spans; got != workers*each {
		t.Errorf("%d spans exported + %d dropped = %d, want %d", len(c.Spans()), st.Spans, got, workers*each)
	}
	if got := int64(len(c.Logs())) + st.Logs; got != workers*each {
		t.Errorf("%d records exported + %d dropped = %d, want %d", len(c.Logs()), st.Logs, got, workers*each)
	}
}

// TestRemoteParentAndTraceState: a task under a remote parent with a trace
// state keeps both: its ctx carries the state, and the exported span has
// the parent's trace and span IDs, the state, and the parent marked remote.
func TestRemoteParentAndTraceState(t *testing.T) {
	clearOTEL(t)
	c := otlptest.Start(t)
	tel, _ := start(t, telemetry.Options{Endpoint: c.URL})
	state, err := trace.ParseTraceState("vendor=abc")
	if err != nil {
		t.Fatal(err)
	}
	parent := trace.NewSpanContext(trace.SpanContextConfig{TraceID: trace.TraceID{1, 2, 3}, SpanID: trace.SpanID{4, 5, 6},
		TraceFlags: trace.FlagsSampled, TraceState: state, Remote: true})
	ctx, span := tel.StartTask(trace.ContextWithRemoteSpanContext(context.Background(), parent), telemetry.Task{Model: "m"})
	sc := trace.SpanContextFromContext(ctx)
	if sc.TraceID() != parent.TraceID() || sc.TraceState().String() != "vendor=abc" || !sc.IsSampled() || sc.IsRemote() {
		t.Errorf("the task's ctx carries %v, want the parent's trace and state, sampled, local", sc)
	}
	span.End("ok", "", nil)
	if err := tel.Shutdown(context.Background()); err != nil {
		t.Fatal(err)
	}
	spans := c.Spans()
	if len(spans) != 1 {
		t.Fatalf("got %d spans, want 1", len(spans))
	}
	got := spans[0]
	if hex.EncodeToString(got.TraceId) != parent.TraceID().String() || hex.EncodeToString(got.ParentSpanId) != parent.SpanID().String() {
		t.Errorf("exported span %x with parent %x, want trace %s and parent %s", got.TraceId, got.ParentSpanId, parent.TraceID(), parent.SpanID())
	}
	if got.TraceState != "vendor=abc" {
		t.Errorf("exported trace state %q, want vendor=abc", got.TraceState)
	}
	const remote = 0x300 // SPAN_FLAGS_CONTEXT_HAS_IS_REMOTE | SPAN_FLAGS_CONTEXT_IS_REMOTE
	if got.Flags&remote != remote {
		t.Errorf("exported flags %#x, want the parent marked remote (%#x)", got.Flags, remote)
	}
}

// TestTaskContext: the ctx StartTask returns is the parent's in every way
// (values, cancellation, deadline) and carries the span as
// trace.ContextWithSpan would: for trace.SpanFromContext, for a child
// span, and under a ctx made from it.
func TestTaskContext(t *testing.T) {
	clearOTEL(t)
	c := otlptest.Start(t)
	tel, _ := start(t, telemetry.Options{Endpoint: c.URL})
	type key struct{}
	deadline := time.Now().Add(time.Hour)
	parent, cancel := context.WithDeadline(context.WithValue(context.Background(), key{}, "kept"), deadline)
	ctx, span := tel.StartTask(parent, telemetry.Task{Model: "m"})
	traceID, spanID, _ := span.IDs()
	if v, _ := ctx.Value(key{}).(string); v != "kept" {
		t.Errorf("the parent's value is %q, want %q", v, "kept")
	}
	if d, ok := ctx.Deadline(); !ok || !d.Equal(deadline) {
		t.Errorf("Deadline() = %v, %v; want the parent's %v", d, ok, deadline)
	}
	inner, stop := context.WithCancel(context.WithValue(ctx, key{}, "inner"))
	defer stop()
	for _, c := range []context.Context{ctx, inner} {
		if sc := trace.SpanContextFromContext(c); sc.TraceID().String() != traceID || sc.SpanID().String() != spanID {
			t.Errorf("the ctx carries %v, want the task's span %s/%s", sc, traceID, spanID)
		}
	}
	if !trace.SpanFromContext(ctx).IsRecording() {
		t.Error("the task's span is not recording before it ends")
	}
	cancel()
	select {
	case <-inner.Done():
	case <-time.After(5 * time.Second):
		t.Fatal("canceling the parent did not reach a ctx made from the task's")
	}
	if ctx.Err() != context.Canceled {
		t.Errorf("Err() = %v, want the parent's context.Canceled", ctx.Err())
	}
	cctx, child := tel.StartTask(ctx, telemetry.Task{Model: "child"})
	if p := trace.SpanContextFromContext(cctx); p.TraceID().String() != traceID || p.SpanID().String() == spanID {
		t.Errorf("the child's span %v is not a new span of the task's trace %s", p, traceID)
	}
	child.End("ok", "", nil)
	span.End("ok", "", nil)
	if trace.SpanFromContext(ctx).IsRecording() {
		t.Error("the task's span still records after End")
	}
	if err := tel.Shutdown(context.Background()); err != nil {
		t.Fatal(err)
	}
	for _, sp := range c.Spans() {
		if sp.Name == "task child" && hex.EncodeToString(sp.ParentSpanId) != spanID {
			t.Errorf("the child's parent is %x, want the task's %s", sp.ParentSpanId, spanID)
		}
	}
}

// TestEndAfter: a span given its start and duration by its caller is
// exported with exactly those times.
func TestEndAfter(t *testing.T) {
	clearOTEL(t)
	c := otlptest.Start(t)
	tel, _ := start(t, telemetry.Options{Endpoint: c.URL})
	begin := time.Date(2026, 12, 2, 10, 0, 0, 123456789, time.UTC)
	_, span := tel.StartTask(context.Background(), telemetry.Task{Model: "m", Start: begin})
	span.EndAfter(1500*time.Microsecond, "ok", "", nil)
	span.End("error", "", nil) // ended already: changes nothing
	if err := tel.Shutdown(context.Background()); err != nil {
		t.Fatal(err)
	}
	spans := c.Spans()
	if len(spans) != 1 {
		t.Fatalf("%d spans exported, want 1", len(spans))
	}
	sp := spans[0]
	if got, want := sp.StartTimeUnixNano, uint64(begin.UnixNano()); got != want {
		t.Errorf("start %d, want %d", got, want)
	}
	if got, want := sp.EndTimeUnixNano-sp.StartTimeUnixNano, uint64(1500*time.Microsecond); got != want {
		t.Errorf("duration %d ns, want %d", got, want)
	}
}

// TestIDsKept: the IDs' strings of many spans, taken from shared blocks,
// stay each span's own after later spans took theirs.
func TestIDsKept(t *testing.T) {
	clearOTEL(t)
	c := otlptest.Start(t)
	tel, _ := start(t, telemetry.Options{Endpoint: c.URL})
	type ids struct{ trace, span string }
	got := make([]ids, 2000)
	want := make([]ids, len(got))
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < len(got); i += 4 {
				ctx, span := tel.StartTask(context.Background(), telemetry.Task{Model: "m"})
				got[i].trace, got[i].span, _ = span.IDs()
				sc := trace.SpanContextFromContext(ctx)
				want[i] = ids{sc.TraceID().String(), sc.SpanID().String()}
				span.End("ok", "", nil)
			}
		}()
	}
	wg.Wait()
	seen := map[string]bool{}
	for i := range got {
		if got[i] != want[i] {
			t.Fatalf("span %d: IDs() gave %v, its span context is %v", i, got[i], want[i])
		}
		if seen[got[i].span] {
			t.Fatalf("span ID %s given twice", got[i].span)
		}
		seen[got[i].span] = true
	}
}
