package telemetry

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"time"

	sdklog "go.opentelemetry.io/otel/sdk/log"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"

	"vigia/redact"
)

var (
	// errQueueFull is why a span or a log record was dropped before any
	// export: the collector takes them more slowly than Vigía makes them.
	errQueueFull = errors.New("export queue full: the collector is slow or not answering")
	// errAborted is why an export stopped: Shutdown's time was up.
	errAborted = errors.New("export stopped at exit")
)

// exportHook, when set, is called at the start of every export, on the
// goroutine that exports. It exists so that tests can tell which goroutine
// that is.
var exportHook func(signal string)

// health counts what was not exported and follows outages. An outage
// starts at the first drop or failed export (even one tried again) of any
// signal and ends when
// every signal that failed has exported again. The watcher logs each one
// once: WARN at its start, INFO at its end.
type health struct {
	dropped [nSignals]atomic.Int64
	wake    chan struct{} // to the watcher; holds one wake-up at most

	mu      sync.Mutex
	failing [nSignals]bool
	outage  bool
	since   time.Time
	cause   string // the outage's first error
	base    int64  // what had been dropped before the outage
}

// drop counts n items of s that will never be exported, because of err.
func (h *health) drop(s signal, n int, err error) {
	h.mu.Lock()
	h.failLocked(s, err)
	h.dropped[s].Add(int64(n))
	h.mu.Unlock()
	h.notify()
}

// fail records an export of s that failed and will be tried again:
// nothing is lost yet, but the outage has begun.
func (h *health) fail(s signal, err error) {
	h.mu.Lock()
	was := h.failing[s]
	h.failLocked(s, err)
	h.mu.Unlock()
	if !was {
		h.notify()
	}
}

func (h *health) failLocked(s signal, err error) {
	if !h.outage {
		h.outage, h.since, h.cause, h.base = true, time.Now(), redact.Credentials(err.Error()), h.totalLocked()
	}
	h.failing[s] = true
}

// ok records an export of s that succeeded.
func (h *health) ok(s signal) {
	h.mu.Lock()
	was := h.failing[s]
	h.failing[s] = false
	if was && h.outage && !h.failing[traces] && !h.failing[logs] && !h.failing[metrics] {
		h.outage = false
	}
	h.mu.Unlock()
	if was {
		h.notify()
	}
}

func (h *health) notify() {
	select {
	case h.wake <- struct{}{}:
	default: // the watcher has a wake-up pending already
	}
}

func (h *health) totalLocked() int64 {
	return h.dropped[traces].Load() + h.dropped[logs].Load() + h.dropped[metrics].Load()
}

func (h *health) status() Status {
	h.mu.Lock()
	defer h.mu.Unlock()
	return Status{Dropped: h.totalLocked(), Spans: h.dropped[traces].Load(), Logs: h.dropped[logs].Load(),
		Metrics: h.dropped[metrics].Load(), Outage: h.outage}
}

// watch logs the start and the end of each outage, once, until Shutdown.
// It logs from its own goroutine: a drop can happen inside a log call (the
// log queue is full), which must not log again from there.
func (t *Telemetry) watch() {
	defer close(t.watchDone)
	announced := false
	for {
		select {
		case <-t.stopWatch:
			return
		case <-t.health.wake:
		}
		h := &t.health
		h.mu.Lock()
		outage, since, cause, lost := h.outage, h.since, h.cause, h.totalLocked()-h.base
		h.mu.Unlock()
		switch {
		case outage && !announced:
			announced = true
			t.log.Warn("OpenTelemetry export failing; until the collector answers, telemetry waits in the queue, and what doesn't fit is dropped and counted; further failures are not logged",
				"event", "otel_export", "error", cause, "endpoint", t.endpoint())
		case !outage && announced:
			announced = false
			t.log.Info("OpenTelemetry export recovered", "event", "otel_export", "dropped", lost,
				"outage_ms", time.Since(since).Milliseconds())
		}
	}
}

// endpoint is the first exported signal's endpoint, as the logs show it.
func (t *Telemetry) endpoint() string {
	for s := range nSignals {
		if t.plan.on[s] {
			return t.plan.shown[s]
		}
	}
	return ""
}

// queue bounds the spans or log records of one signal that wait for export:
// from the moment a task hands them over (pending.push) until an export
// has taken them, through the converter and the SDK's batch processor.
// The processor's own queue, of the same size, is part of them, so it never
// fills: what doesn't fit is dropped here, and counted, instead of silently
// there.
type queue struct {
	s       signal
	max     int64
	waiting atomic.Int64
	h       *health
}

func (t *Telemetry) newQueue(s signal, size int) *queue {
	q := &queue{s: s, max: int64(size), h: &t.health}
	t.queues[s] = q
	return q
}

// admit takes one item in, or counts it dropped when the queue is full.
func (q *queue) admit() bool {
	if q.waiting.Add(1) > q.max {
		q.waiting.Add(-1)
		q.h.drop(q.s, 1, errQueueFull)
		return false
	}
	return true
}

// export runs one export of n items of s, through f: tried again while
// the collector can't be reached, when q is given (attempt), at once
// aborted after Shutdown's time, counted, and its error kept here. It
// returns nil: the SDK would hand an error to the global handler, and an
// outage is logged once, by the watcher, not once per batch.
func (t *Telemetry) export(ctx context.Context, s signal, n int, q *queue, f func(context.Context) error) error {
	if n == 0 {
		return nil
	}
	if exportHook != nil {
		exportHook(s.String())
	}
	err := errAborted
	if t.aborted.Err() == nil {
		ctx, cancel := context.WithCancelCause(ctx)
		stop := context.AfterFunc(t.aborted, func() { cancel(errAborted) })
		err = t.attempt(ctx, s, q != nil, f)
		stop()
		cancel(nil)
	}
	// The batch leaves the queue before the outage can end: a push that
	// the full queue refuses then would begin a new one.
	if q != nil {
		q.waiting.Add(-int64(n))
	}
	if err != nil {
		t.health.drop(s, n, err)
	} else {
		t.health.ok(s)
	}
	return nil
}

// finish marks s's pipeline done: the SDK shuts an exporter down last,
// once the goroutine that called it has nothing left to export.
func (t *Telemetry) finish(s signal) {
	t.finishOnce[s].Do(func() { close(t.finished[s]) })
}

// waitPipelines waits, until deadline at most, for every signal's pipeline
// to finish: once aborted, its exports end at once and count what they
// drop, and its goroutine ends.
func (t *Telemetry) waitPipelines(deadline time.Time) {
	timer := time.NewTimer(time.Until(deadline))
	defer timer.Stop()
	for s := range nSignals {
		if !t.plan.on[s] {
			continue
		}
		select {
		case <-t.finished[s]:
		case <-timer.C:
			return
		}
	}
}

// spanExporter counts and guards the span exports.
type spanExporter struct {
	sdktrace.SpanExporter
	t *Telemetry
}

func (e spanExporter) Shutdown(ctx context.Context) error {
	defer e.t.finish(traces)
	return e.SpanExporter.Shutdown(ctx)
}

func (e spanExporter) ExportSpans(ctx context.Context, spans []sdktrace.ReadOnlySpan) error {
	return e.t.export(ctx, traces, len(spans), e.t.queues[traces], func(ctx context.Context) error {
		return e.SpanExporter.ExportSpans(ctx, spans)
	})
}

// logExporter counts and guards the log exports.
type logExporter struct {
	sdklog.Exporter
	t *Telemetry
}

func (e logExporter) Shutdown(ctx context.Context) error {
	defer e.t.finish(logs)
	return e.Exporter.Shutdown(ctx)
}

func (e logExporter) Export(ctx context.Context, records []sdklog.Record) error {
	return e.t.export(ctx, logs, len(records), e.t.queues[logs], func(ctx context.Context) error {
		return e.Exporter.Export(ctx, records)
	})
}

// metricExporter counts and guards the metric exports.
type metricExporter struct {
	sdkmetric.Exporter
	t *Telemetry
}

func (e metricExporter) Shutdown(ctx context.Context) error {
	defer e.t.finish(metrics)
	return e.Exporter.Shutdown(ctx)
}

func (e metricExporter) Export(ctx context.Context, rm *metricdata.ResourceMetrics) error {
	return e.t.export(ctx, metrics, points(rm), nil, func(ctx context.Context) error {
		return e.Exporter.Export(ctx, rm)
	})
}

// points counts the data points of rm: what a failed export loses.
func points(rm *metricdata.ResourceMetrics) int {
	n := 0
	for _, sm := range rm.ScopeMetrics {
		for _, m := range sm.Metrics {
			switch d := m.Data.(type) {
			case metricdata.Gauge[float64]:
				n += len(d.DataPoints)
			case metricdata.Gauge[int64]:
				n += len(d.DataPoints)
			case metricdata.Sum[float64]:
				n += len(d.DataPoints)
			case metricdata.Sum[int64]:
				n += len(d.DataPoints)
			case metricdata.Histogram[float64]:
				n += len(d.DataPoints)
			case metricdata.Histogram[int64]:
				n += len(d.DataPoints)
			case metricdata.ExponentialHistogram[float64]:
				n += len(d.DataPoints)
			case metricdata.ExponentialHistogram[int64]:
				n += len(d.DataPoints)
			case metricdata.Summary:
				n += len(d.DataPoints)
			default:
				n++
			}
		}
	}
	return n
}
