package telemetry_test

import (
	"context"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/prometheus/client_golang/prometheus"

	"vigia/telemetry"
)

// record is one log record a recorder kept.
type record struct {
	level slog.Level
	msg   string
	attrs map[string]string
}

// recorder is a slog handler that keeps every record, for the tests to
// read what the package logged.
type recorder struct {
	mu   sync.Mutex
	recs []record
}

func (r *recorder) Enabled(context.Context, slog.Level) bool { return true }
func (r *recorder) Handle(_ context.Context, rec slog.Record) error {
	m := map[string]string{}
	rec.Attrs(func(a slog.Attr) bool { m[a.Key] = a.Value.String(); return true })
	r.mu.Lock()
	defer r.mu.Unlock()
	r.recs = append(r.recs, record{rec.Level, rec.Message, m})
	return nil
}
func (r *recorder) WithAttrs([]slog.Attr) slog.Handler { return r }
func (r *recorder) WithGroup(string) slog.Handler      { return r }

func (r *recorder) records() []record {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.recs)
}

// text is everything logged, for secrets to be looked for.
func (r *recorder) text() string {
	var b strings.Builder
	for _, rec := range r.records() {
		fmt.Fprintf(&b, "%v %s %v\n", rec.level, rec.msg, rec.attrs)
	}
	return b.String()
}

// count counts the records at level whose message contains msg.
func (r *recorder) count(level slog.Level, msg string) int {
	n := 0
	for _, rec := range r.records() {
		if rec.level == level && strings.Contains(rec.msg, msg) {
			n++
		}
	}
	return n
}

// clearOTEL unsets every OTEL_ variable the package reads, for the test:
// the machine's own must not change what a test sees.
func clearOTEL(t *testing.T) {
	t.Helper()
	for _, s := range []string{"", "TRACES_", "LOGS_", "METRICS_"} {
		for _, v := range []string{"ENDPOINT", "PROTOCOL", "HEADERS", "TIMEOUT", "COMPRESSION"} {
			t.Setenv("OTEL_EXPORTER_OTLP_"+s+v, "")
		}
	}
	for _, v := range []string{"OTEL_SDK_DISABLED", "OTEL_SERVICE_NAME", "OTEL_RESOURCE_ATTRIBUTES",
		"OTEL_TRACES_EXPORTER", "OTEL_LOGS_EXPORTER", "OTEL_METRICS_EXPORTER", "OTEL_BSP_MAX_QUEUE_SIZE",
		"OTEL_BLRP_MAX_QUEUE_SIZE", "OTEL_TRACES_SAMPLER"} {
		t.Setenv(v, "")
	}
}

// start starts a Telemetry that the test shuts down at its end, logging to
// a recorder.
func start(t *testing.T, o telemetry.Options) (*telemetry.Telemetry, *recorder) {
	t.Helper()
	rec := &recorder{}
	if o.Logger == nil {
		o.Logger = slog.New(rec)
	}
	tel, err := telemetry.Start(context.Background(), o)
	if err != nil {
		t.Fatalf("Start: %v", err)
	}
	if tel == nil {
		t.Fatal("Start exported nothing")
	}
	t.Cleanup(func() { _ = tel.Shutdown(context.Background()) })
	return tel, rec
}

// emit makes one span and one log record with tel, and returns the span's
// trace ID.
func emit(t *testing.T, tel *telemetry.Telemetry, msg string) string {
	t.Helper()
	ctx, span := tel.StartTask(context.Background(), telemetry.Task{Model: "sentiment", Session: "s-1"})
	traceID, _, _ := span.IDs()
	if h := tel.LogHandler(); h != nil {
		slog.New(h).InfoContext(ctx, msg, "event", "task")
	}
	span.End("ok", "", nil)
	return traceID
}

// registry returns a Prometheus registry holding one counter, counted
// once: something for the metrics reader to send.
func registry() *prometheus.Registry {
	reg := prometheus.NewRegistry()
	c := prometheus.NewCounter(prometheus.CounterOpts{Name: "test_things_total", Help: "Things."})
	c.Inc()
	reg.MustRegister(c)
	return reg
}
