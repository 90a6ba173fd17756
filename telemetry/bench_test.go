package telemetry

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
	"unsafe"

	"vigia/logging"
)

// upCollector is a collector that answers 200 to every export and keeps
// nothing.
func upCollector(b *testing.B) string {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/x-protobuf")
	}))
	b.Cleanup(srv.Close)
	return srv.URL
}

// benchTelemetry starts traces and logs (no metrics) to a collector that
// is up, with the OTEL_ variables cleared.
func benchTelemetry(b *testing.B) *Telemetry {
	for _, v := range []string{"OTEL_SDK_DISABLED", "OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT",
		"OTEL_EXPORTER_OTLP_LOGS_ENDPOINT", "OTEL_TRACES_EXPORTER", "OTEL_LOGS_EXPORTER", "OTEL_EXPORTER_OTLP_PROTOCOL",
		"OTEL_TRACES_SAMPLER", "OTEL_BSP_MAX_QUEUE_SIZE", "OTEL_BLRP_MAX_QUEUE_SIZE"} {
		b.Setenv(v, "")
	}
	// A queue that a loop of tasks can't fill before the converter (not
	// scheduled at once on a busy machine) takes it.
	tel, err := Start(context.Background(), Options{Endpoint: upCollector(b), QueueSize: 8192})
	if err != nil || tel == nil {
		b.Fatalf("Start = %v, %v", tel, err)
	}
	b.Cleanup(func() { _ = tel.Shutdown(context.Background()) })
	return tel
}

// taskRecord logs a record like a task's event=task record, with ctx.
func taskRecord(log *slog.Logger, ctx context.Context, traceID, spanID string) {
	log.LogAttrs(ctx, slog.LevelInfo, "task finished", slog.String("event", "task"), slog.String("task", "model:noop"),
		slog.String("model", "noop"), slog.Float64("duration_ms", 0.012), slog.String("outcome", "ok"),
		slog.String("trace_id", traceID), slog.String("span_id", spanID))
}

// TestSpanSize pins a task's Span, which is also its ctx, under 256 bytes:
// one allocation of that size class a task, the rare fields behind
// spanRare, the IDs' text in a shared block.
func TestSpanSize(t *testing.T) {
	if n := unsafe.Sizeof(Span{}); n > 256 {
		t.Errorf("a Span is %d bytes, want 256 at most: move what few spans carry to spanRare", n)
	}
}

// BenchmarkTaskHotPath is what exporting adds to a task on its own
// goroutine: its span (StartTask, IDs, CacheHit, EndAfter) and its event=task
// record through the logging fan-out, with telemetry off and on. The
// converter drops what it takes (discardPending), so that the figures,
// allocations included, are the task goroutine's alone; its own cost is
// BenchmarkConvert's.
func BenchmarkTaskHotPath(b *testing.B) {
	for _, on := range []bool{false, true} {
		name := "off"
		if on {
			name = "on"
		}
		b.Run(name, func(b *testing.B) {
			var tel *Telemetry
			if on {
				discardPending = true
				defer func() { discardPending = false }()
				tel = benchTelemetry(b)
			}
			sys := logging.New(logging.Options{Dir: b.TempDir(), Console: io.Discard, NoCompress: true})
			defer sys.Close()
			if h := tel.LogHandler(); h != nil {
				sys.SetSink(h)
			}
			log := logging.WithSession(sys.Logger(), "s-1")
			base := context.Background()
			b.ReportAllocs()
			for b.Loop() {
				// As engine.RunTimed: the task is timed, off or on, and
				// the span takes its times from that.
				start := time.Now()
				ctx, span := tel.StartTask(base, Task{Model: "noop", Session: "s-1", Start: start})
				traceID, spanID, _ := span.IDs()
				taskRecord(log, ctx, traceID, spanID)
				span.CacheHit(false)
				span.EndAfter(time.Since(start), "ok", "", nil)
			}
			b.StopTimer()
			if st := tel.Status(); st.Dropped > 0 {
				b.Fatalf("%d dropped: the measure includes the drop path", st.Dropped)
			}
		})
	}
}

// BenchmarkConvert is the converter's work for one task, on its own
// goroutine: the SDK span of an ended Span and the OpenTelemetry record of
// its event=task record (otelslog, then the SDK's logger), up to the SDK's
// batch processors. The export itself, on the SDK's goroutines, is not in
// it: it is the same as before the converter.
func BenchmarkConvert(b *testing.B) {
	discardPending = true // the spans ended here are built by the loop, not the converter
	defer func() { discardPending = false }()
	tel := benchTelemetry(b)
	sys := logging.New(logging.Options{Dir: b.TempDir(), Console: io.Discard, NoCompress: true})
	defer sys.Close()
	ctx, span := tel.StartTask(context.Background(), Task{Model: "noop", Session: "s-1"})
	traceID, spanID, _ := span.IDs()
	taskRecord(logging.WithSession(sys.Logger(), "s-1"), ctx, traceID, spanID)
	span.CacheHit(false)
	span.End("ok", "", nil)
	item := entryItem{e: sys.Ring().Snapshot()[0], sc: span.spanContext()}
	b.ReportAllocs()
	for b.Loop() {
		tel.build(span)
		tel.emitEntry(&item)
	}
}
