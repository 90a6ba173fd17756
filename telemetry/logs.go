package telemetry

import (
	"context"
	"log/slog"
	"math"

	"go.opentelemetry.io/otel/attribute"
	otellog "go.opentelemetry.io/otel/log"
	"go.opentelemetry.io/otel/log/embedded"

	"go.opentelemetry.io/otel/trace"

	"vigia/logging"
)

// logPipeline holds the log records that wait for the converter.
type logPipeline struct {
	bridge  slog.Handler   // otelslog's, to the LoggerProvider: used on the converter's goroutine only
	logger  otellog.Logger // the SDK's, for the records the converter makes itself
	entries pending[entryItem]
	records pending[recordItem]

	// The converter's buffers, reused from one record to the next.
	attrs []slog.Attr
	kvs   []attribute.KeyValue
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

// emitEntry sends one record of the logging fan-out out. It makes the
// OpenTelemetry record itself, from the entry's fields, as otelslog makes
// it from Entry.Record (body, severity, attributes and their values by the
// same rules), without the slog.Record in between nor the SDK's search
// for duplicate keys: an entry's keys are unique. An entry with a value
// only otelslog knows how to convert (a map or a slice, after redaction)
// goes through otelslog.
func (t *Telemetry) emitEntry(it *entryItem) {
	l := t.logs
	e := &it.e
	var msg string
	msg, l.attrs = e.Fields(l.attrs[:0])
	l.kvs = l.kvs[:0]
	for _, a := range l.attrs {
		v, ok := attrValue(a.Value)
		if !ok {
			_ = l.bridge.Handle(spanContext(it.sc), e.Record())
			return
		}
		l.kvs = append(l.kvs, attribute.KeyValue{Key: attribute.Key(a.Key), Value: v})
	}
	var r otellog.Record
	r.SetTimestamp(e.Time)
	r.SetBody(attribute.StringValue(msg))
	r.SetSeverity(severity(e.Level))
	r.SetSeverityText(e.Level.String())
	r.AddAttributes(l.kvs...)
	l.logger.Emit(spanContext(it.sc), r)
}

// severity is level's OpenTelemetry severity, as otelslog maps it.
func severity(level slog.Level) otellog.Severity {
	const offset = slog.Level(otellog.SeverityDebug) - slog.LevelDebug
	return otellog.Severity(level + offset)
}

// attrValue is v as otelslog converts it, for the kinds an entry's flat,
// resolved attributes have; false for the others (KindAny, KindGroup).
func attrValue(v slog.Value) (attribute.Value, bool) {
	switch v.Kind() {
	case slog.KindString:
		return attribute.StringValue(v.String()), true
	case slog.KindInt64:
		return attribute.Int64Value(v.Int64()), true
	case slog.KindFloat64:
		return attribute.Float64Value(v.Float64()), true
	case slog.KindBool:
		return attribute.BoolValue(v.Bool()), true
	case slog.KindDuration:
		return attribute.Int64Value(v.Duration().Nanoseconds()), true
	case slog.KindTime:
		return attribute.Int64Value(v.Time().UnixNano()), true
	case slog.KindUint64:
		if u := v.Uint64(); u <= math.MaxInt64 {
			return attribute.Int64Value(int64(u)), true
		}
		return attribute.Float64Value(float64(v.Uint64())), true
	}
	return attribute.Value{}, false
}

// emitRecord sends one record given as a slog.Record out through the
// bridge.

func (t *Telemetry) emitRecord(it *recordItem) {
	_ = it.h.Handle(spanContext(it.sc), it.r)
}

// dedupProvider gives otelslog loggers that leave each key once in a
// record, the last value winning, as the SDK does when it is not told that
// keys are unique (sdklog.WithAllowKeyDuplication, which the provider is
// told for the fan-out's records): a record given to Handle may hold a key
// twice (slog allows it).
type dedupProvider struct {
	embedded.LoggerProvider
	lp otellog.LoggerProvider
}

func (p dedupProvider) Logger(name string, opts ...otellog.LoggerOption) otellog.Logger {
	return dedupLogger{l: p.lp.Logger(name, opts...)}
}

type dedupLogger struct {
	embedded.Logger
	l otellog.Logger
}

func (l dedupLogger) Enabled(ctx context.Context, p otellog.EnabledParameters) bool {
	return l.l.Enabled(ctx, p)
}

func (l dedupLogger) Emit(ctx context.Context, r otellog.Record) {
	l.l.Emit(ctx, uniqueKeys(r))
}

// uniqueKeys returns r with each attribute key once: a later value
// replaces an earlier one, in the earlier one's place.
func uniqueKeys(r otellog.Record) otellog.Record {
	var kvs []attribute.KeyValue
	r.WalkAttributes(func(kv attribute.KeyValue) bool {
		kvs = append(kvs, kv)
		return true
	})
	index := make(map[attribute.Key]int, len(kvs))
	unique := kvs[:0:0]
	for _, kv := range kvs {
		if i, ok := index[kv.Key]; ok {
			unique[i] = kv
			continue
		}
		index[kv.Key] = len(unique)
		unique = append(unique, kv)
	}
	if len(unique) == len(kvs) {
		return r
	}
	var out otellog.Record
	out.SetEventName(r.EventName())
	out.SetTimestamp(r.Timestamp())
	out.SetObservedTimestamp(r.ObservedTimestamp())
	out.SetSeverity(r.Severity())
	out.SetSeverityText(r.SeverityText())
	out.SetBody(r.Body())
	out.SetErr(r.Err())
	out.AddAttributes(unique...)
	return out
}
