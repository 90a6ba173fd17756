package telemetry

import (
	"context"
	"log/slog"

	"go.opentelemetry.io/otel/trace"

	"vigia/logging"
)

// logPipeline holds the log records that wait for the converter.
type logPipeline struct {
	bridge  slog.Handler // otelslog's, to the LoggerProvider: used on the converter's goroutine only
	entries pending[entryItem]
	records pending[recordItem]
}

// entryItem is a record of the logging fan-out, as the ring keeps it.
type entryItem struct {
	e  logging.Entry
	sc trace.SpanContext
}

// recordItem is a record given to the handler as a slog.Record, cloned,
// with the bridge handler of the logger it came through (its attributes
// and groups).
type recordItem struct {
	h  slog.Handler
	r  slog.Record
	sc trace.SpanContext
}

// logHandler is LogHandler's handler. It keeps each record, with the trace
// context of its ctx, for the converter, which sends it out through the
// OpenTelemetry log bridge (otelslog) off the logging goroutine.
type logHandler struct {
	t      *Telemetry
	bridge slog.Handler // the bridge handler with this handler's attributes and groups
}

var _ logging.EntrySink = (*logHandler)(nil)

func (h *logHandler) Enabled(context.Context, slog.Level) bool { return true }

// HandleEntry keeps an Entry of the logging fan-out: it is flattened (the
// sink's view of the record, Entry.Record) on the converter's goroutine.
func (h *logHandler) HandleEntry(ctx context.Context, e logging.Entry) error {
	h.t.logs.entries.push(entryItem{e: e, sc: trace.SpanContextFromContext(ctx)})
	return nil
}

func (h *logHandler) Handle(ctx context.Context, r slog.Record) error {
	h.t.logs.records.push(recordItem{h: h.bridge, r: r.Clone(), sc: trace.SpanContextFromContext(ctx)})
	return nil
}

func (h *logHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	return &logHandler{t: h.t, bridge: h.bridge.WithAttrs(attrs)}
}

func (h *logHandler) WithGroup(name string) slog.Handler {
	return &logHandler{t: h.t, bridge: h.bridge.WithGroup(name)}
}

// spanContext is a ctx that carries sc, for the bridge to give a record
// its trace and span IDs.
func spanContext(sc trace.SpanContext) context.Context {
	if !sc.IsValid() {
		return context.Background()
	}
	return trace.ContextWithSpanContext(context.Background(), sc)
}

// emitEntry and emitRecord send one record out through the bridge.
func (t *Telemetry) emitEntry(it *entryItem) {
	_ = t.logs.bridge.Handle(spanContext(it.sc), it.e.Record())
}

func (t *Telemetry) emitRecord(it *recordItem) {
	_ = it.h.Handle(spanContext(it.sc), it.r)
}
