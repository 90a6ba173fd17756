package telemetry

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"go.opentelemetry.io/contrib/bridges/otelslog"
	promBridge "go.opentelemetry.io/contrib/bridges/prometheus"
	"go.opentelemetry.io/otel/exporters/otlp/otlplog/otlploghttp"
	"go.opentelemetry.io/otel/exporters/otlp/otlpmetric/otlpmetrichttp"
	"go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracehttp"
	otellog "go.opentelemetry.io/otel/log"
	sdklog "go.opentelemetry.io/otel/sdk/log"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/resource"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	semconv "go.opentelemetry.io/otel/semconv/v1.43.0"
	"go.opentelemetry.io/otel/trace"
)

// Defaults of Options.
const (
	// DefaultShutdownTimeout bounds Shutdown: the last spans, log records
	// and metrics have that long to reach the collector at exit.
	DefaultShutdownTimeout = 3 * time.Second

	// defaultQueueSize is the SDK's own default, when neither Options nor
	// OTEL_BSP_MAX_QUEUE_SIZE / OTEL_BLRP_MAX_QUEUE_SIZE give one.
	defaultQueueSize = 2048
)

// scopeName names the instrumentation scope of Vigía's spans and log
// records.
const scopeName = "vigia"

// Options configures Start. The zero value exports only what the OTEL_
// variables ask for, and no metrics.
type Options struct {
	// Endpoint is the OTLP/HTTP base URL of Vigía's otlp-endpoint setting,
	// such as http://127.0.0.1:4318: /v1/traces, /v1/logs and /v1/metrics
	// are added to it. It wins over OTEL_EXPORTER_OTLP_ENDPOINT; a
	// signal's own variable (OTEL_EXPORTER_OTLP_TRACES_ENDPOINT…) wins over
	// it. Empty leaves the endpoints to the variables; with none set,
	// nothing is exported.
	Endpoint string

	// ServiceVersion is the resource's service.version; empty leaves it
	// out.
	ServiceVersion string

	// InstanceIDPath is the file that keeps service.instance.id from run to
	// run (see InstanceID); empty makes a new ID for this run.
	InstanceIDPath string

	// Gatherer is the Prometheus registry that /metrics serves: the OTLP
	// metrics are read from it, so both carry the same instruments. Nil
	// exports no metrics.
	Gatherer prometheus.Gatherer

	// Logger receives the export's own records: that it started, an
	// outage's start (WARN) and end (INFO), what was lost at exit. Nil
	// discards them.
	Logger *slog.Logger

	// QueueSize bounds the spans, and the log records, that wait for
	// export, those of a batch being tried again included: beyond it they
	// are dropped and counted, never waited for. It is thus what an outage
	// of the collector can keep. Zero means OTEL_BSP_MAX_QUEUE_SIZE and
	// OTEL_BLRP_MAX_QUEUE_SIZE, else 2048 each.
	QueueSize int

	// BatchDelay is the longest a span or a log record waits before its
	// batch is sent. Zero means the SDK's (OTEL_BSP_SCHEDULE_DELAY, 5 s for
	// spans; OTEL_BLRP_SCHEDULE_DELAY, 1 s for logs).
	BatchDelay time.Duration

	// MetricInterval is the time between two metric exports. Zero means
	// OTEL_METRIC_EXPORT_INTERVAL, else 60 s.
	MetricInterval time.Duration

	// ExportTimeout bounds one export of a batch, retries included: a
	// batch of spans or log records that can't reach the collector is
	// tried again until then, and then dropped and counted. Zero means the
	// SDK's (30 s; OTEL_BSP_EXPORT_TIMEOUT…).
	ExportTimeout time.Duration

	// ShutdownTimeout bounds Shutdown. Zero means DefaultShutdownTimeout.
	ShutdownTimeout time.Duration
}

// Telemetry exports one process's traces, logs and metrics with OTLP/HTTP.
// It never makes a task wait, and a task does no SDK work: its span and
// log records are kept as they are, within bounded queues, for a
// converter goroutine that makes the SDK's spans and records of them, and
// batches leave from the SDK's goroutines; the metrics are read from the
// Prometheus registry on the reader's own schedule. Its methods are safe
// for concurrent use, and a nil *Telemetry (nothing exported) does
// nothing.
//
// It owns the converter, the SDK's goroutines (one per signal) and a
// watcher that logs outages; Shutdown stops them all.
type Telemetry struct {
	plan plan
	log  *slog.Logger

	tp         *sdktrace.TracerProvider // nil when traces are not exported
	lp         *sdklog.LoggerProvider   // nil when logs are not exported
	mp         *sdkmetric.MeterProvider // nil when metrics are not exported
	tracer     trace.Tracer             // of tp, for the converter; nil when traces are not exported
	sampler    sdktrace.Sampler         // OTEL_TRACES_SAMPLER's; nil for the default
	logHandler slog.Handler

	// What waits for the converter (pipeline.go), and the converter's own
	// slices, which pending.take swaps with the lists.
	spans     *pending[*Span] // nil when traces are not exported
	logs      *logPipeline    // nil when logs are not exported
	conv      *converter
	spanBuf   []*Span
	entryBuf  []entryItem
	recordBuf []recordItem

	queues [nSignals]*queue // of traces and logs
	health health
	// finished[s] is closed once s's exporter is shut down: the SDK's
	// goroutine of s is done.
	finished   [nSignals]chan struct{}
	finishOnce [nSignals]sync.Once
	aborted    context.Context // done once Shutdown's time is up: exports still running stop
	abort      context.CancelFunc
	closed     chan struct{} // closed when Shutdown begins: a failed export is no longer tried again

	stopWatch chan struct{}
	watchDone chan struct{}

	shutdownTimeout time.Duration
	shutdownOnce    sync.Once
	shutdownErr     error
}

// Start starts exporting what o and the OTEL_ variables ask for (see the
// package doc). It returns nil and no error when nothing is to be exported:
// no endpoint is set, or OTEL_SDK_DISABLED=true. A variable Vigía can't
// follow (an OTLP protocol other than http/protobuf, say) is a
// *ConfigError, and nothing is exported. Start makes no connection: a
// collector that is down shows in the first exports, as an outage.
func Start(ctx context.Context, o Options) (*Telemetry, error) {
	p, err := makePlan(o.Endpoint)
	if err != nil || !p.any() {
		return nil, err
	}
	if o.Gatherer == nil {
		p.on[metrics] = false
	}
	if !p.any() {
		return nil, nil
	}
	log := o.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	id, err := InstanceID(o.InstanceIDPath)
	if err != nil {
		log.Warn("the OpenTelemetry instance ID could not be kept; this run has its own", "event", "otel_export", "error", err.Error())
	}
	res, err := newResource(ctx, o.ServiceVersion, id)
	if err != nil {
		return nil, fmt.Errorf("describe the process for OpenTelemetry: %w", err)
	}

	t := &Telemetry{plan: p, log: log,
		stopWatch: make(chan struct{}), watchDone: make(chan struct{}), closed: make(chan struct{}),
		shutdownTimeout: o.ShutdownTimeout}
	if t.shutdownTimeout <= 0 {
		t.shutdownTimeout = DefaultShutdownTimeout
	}
	t.health.wake = make(chan struct{}, 1)
	for s := range nSignals {
		t.finished[s] = make(chan struct{})
	}
	t.aborted, t.abort = context.WithCancel(context.Background())
	delay := convertDelay
	if o.BatchDelay > 0 {
		delay = min(delay, o.BatchDelay)
	}
	t.conv = newConverter(delay)
	installGlobal(log) // first: the exporters report bad variables as they start
	if err := t.startSignals(ctx, o, res); err != nil {
		t.abort()
		t.stopProviders(context.Background())
		uninstallGlobal(log)
		return nil, err
	}
	go t.conv.run(t.pass)
	go t.watch()
	show := func(s signal) string {
		if !p.on[s] {
			return "off"
		}
		return p.shown[s]
	}
	log.Info("exporting traces, logs and metrics with OpenTelemetry", "event", "otel_export",
		"traces", show(traces), "logs", show(logs), "metrics", show(metrics), "service_instance_id", id)
	return t, nil
}

// startSignals makes the exporter, processor and provider of each signal
// the plan exports.
func (t *Telemetry) startSignals(ctx context.Context, o Options, res *resource.Resource) error {
	p := t.plan
	if p.on[traces] {
		var opts []otlptracehttp.Option
		if p.url[traces] != "" {
			opts = append(opts, otlptracehttp.WithEndpointURL(p.url[traces]))
		}
		exp, err := otlptracehttp.New(ctx, opts...)
		if err != nil {
			return fmt.Errorf("OpenTelemetry traces exporter: %w", err)
		}
		q := t.newQueue(traces, queueSize(o.QueueSize, "OTEL_BSP_MAX_QUEUE_SIZE"))
		bopts := []sdktrace.BatchSpanProcessorOption{sdktrace.WithMaxQueueSize(int(q.max))}
		if b := batchSize(q); b < sdktrace.DefaultMaxExportBatchSize {
			bopts = append(bopts, sdktrace.WithMaxExportBatchSize(b))
		}
		if o.BatchDelay > 0 {
			bopts = append(bopts, sdktrace.WithBatchTimeout(o.BatchDelay))
		}
		if o.ExportTimeout > 0 {
			bopts = append(bopts, sdktrace.WithExportTimeout(o.ExportTimeout))
		}
		sampler, err := samplerFromEnv()
		if err != nil {
			t.log.Warn("OpenTelemetry sampler not understood; using the default", "event", "otel_export", "error", err.Error())
		}
		t.sampler = sampler
		// Only the converter starts spans, with the IDs and the sampling
		// decision each Span made when it started; what a Span let in
		// (queue.admit) always fits the batch processor's queue.
		bsp := sdktrace.NewBatchSpanProcessor(spanExporter{exp, t}, bopts...)
		t.tp = sdktrace.NewTracerProvider(sdktrace.WithResource(res), sdktrace.WithSpanProcessor(bsp),
			sdktrace.WithIDGenerator(idGenerator{}), sdktrace.WithSampler(sdktrace.AlwaysSample()))
		t.tracer = t.tp.Tracer(scopeName, trace.WithInstrumentationVersion(o.ServiceVersion), trace.WithSchemaURL(semconv.SchemaURL))
		t.spans = &pending[*Span]{q: q, c: t.conv}
	}
	if p.on[logs] {
		var opts []otlploghttp.Option
		if p.url[logs] != "" {
			opts = append(opts, otlploghttp.WithEndpointURL(p.url[logs]))
		}
		exp, err := otlploghttp.New(ctx, opts...)
		if err != nil {
			return fmt.Errorf("OpenTelemetry logs exporter: %w", err)
		}
		q := t.newQueue(logs, queueSize(o.QueueSize, "OTEL_BLRP_MAX_QUEUE_SIZE"))
		bopts := []sdklog.BatchProcessorOption{sdklog.WithMaxQueueSize(int(q.max))}
		if b := batchSize(q); b < sdktrace.DefaultMaxExportBatchSize {
			bopts = append(bopts, sdklog.WithExportMaxBatchSize(b))
		}
		if o.BatchDelay > 0 {
			bopts = append(bopts, sdklog.WithExportInterval(o.BatchDelay))
		}
		if o.ExportTimeout > 0 {
			bopts = append(bopts, sdklog.WithExportTimeout(o.ExportTimeout))
		}
		bp := sdklog.NewBatchProcessor(logExporter{exp, t}, bopts...)
		// The records of the logging fan-out have unique keys already
		// (logging.Entry.Fields): the SDK need not look for duplicates,
		// which it does with maps, one attribute at a time. Records that
		// otelslog converts go through uniqueKeys instead (logs.go).
		t.lp = sdklog.NewLoggerProvider(sdklog.WithResource(res), sdklog.WithProcessor(bp), sdklog.WithAllowKeyDuplication())
		bridge := otelslog.NewHandler(scopeName, otelslog.WithLoggerProvider(dedupProvider{lp: t.lp}), otelslog.WithVersion(o.ServiceVersion))
		t.logs = &logPipeline{bridge: bridge, logger: t.lp.Logger(scopeName, otellog.WithInstrumentationVersion(o.ServiceVersion)),
			entries: pending[entryItem]{q: q, c: t.conv}, records: pending[recordItem]{q: q, c: t.conv}}
		t.logHandler = &logHandler{t: t, bridge: bridge}
	}
	if p.on[metrics] {
		var opts []otlpmetrichttp.Option
		if p.url[metrics] != "" {
			opts = append(opts, otlpmetrichttp.WithEndpointURL(p.url[metrics]))
		}
		exp, err := otlpmetrichttp.New(ctx, opts...)
		if err != nil {
			return fmt.Errorf("OpenTelemetry metrics exporter: %w", err)
		}
		// No instrument of the SDK's own: the reader's one producer reads
		// the Prometheus registry, the one source of the figures.
		ropts := []sdkmetric.PeriodicReaderOption{
			sdkmetric.WithProducer(promBridge.NewMetricProducer(promBridge.WithGatherer(o.Gatherer))),
		}
		if o.MetricInterval > 0 {
			ropts = append(ropts, sdkmetric.WithInterval(o.MetricInterval))
		}
		if o.ExportTimeout > 0 {
			ropts = append(ropts, sdkmetric.WithTimeout(o.ExportTimeout))
		}
		reader := sdkmetric.NewPeriodicReader(metricExporter{exp, t}, ropts...)
		t.mp = sdkmetric.NewMeterProvider(sdkmetric.WithResource(res), sdkmetric.WithReader(reader))
	}
	return nil
}

// batchSize is the largest batch of q's signal: a quarter of the queue at
// most, as the SDK's defaults have it (512 of 2048). A batch the size of
// the whole queue would leave no room while an export is tried again, and,
// after an outage, what waits behind a full batch leaves at once instead of
// filling the queue until the next batch's delay.
func batchSize(q *queue) int {
	return int(max(q.max/4, 1))
}

// LogHandler returns the handler that sends log records out as
// OpenTelemetry records (by otelslog's rules), as one more sink of the logging
// fan-out (logging.System.SetSink, where it takes logging.Entry values);
// nil when logs are not exported. A record's trace and span IDs are those
// of the span its context carries. It keeps the record for the
// converter's goroutine, which makes the OpenTelemetry record: the
// logging call pays no conversion.
func (t *Telemetry) LogHandler() slog.Handler {
	if t == nil {
		return nil
	}
	return t.logHandler
}

// Status is how the export is going, for a status bar.
type Status struct {
	// Dropped counts what was never exported since Start: spans and log
	// records dropped from a full queue or in a failed export, metric
	// points of a failed export, and what was still waiting at Shutdown.
	Dropped int64
	// Spans, Logs and Metrics split Dropped by signal.
	Spans, Logs, Metrics int64
	// Outage is true while exports fail or queues overflow: from the first
	// drop until every signal that failed has exported again.
	Outage bool
}

// Status returns how the export is going; the zero Status for a nil
// Telemetry.
func (t *Telemetry) Status() Status {
	if t == nil {
		return Status{}
	}
	return t.health.status()
}

// Shutdown sends what waits and stops every goroutine the Telemetry owns,
// within ShutdownTimeout (3 s by default) or ctx, whichever ends first: a
// collector that doesn't answer can't hold the exit longer. What could not
// be sent by then is dropped, counted and logged once; the error then
// wraps context.DeadlineExceeded. Later calls return the first one's
// error.
func (t *Telemetry) Shutdown(ctx context.Context) error {
	if t == nil {
		return nil
	}
	t.shutdownOnce.Do(func() { t.shutdownErr = t.shutdown(ctx) })
	return t.shutdownErr
}

func (t *Telemetry) shutdown(ctx context.Context) error {
	deadline := time.Now().Add(t.shutdownTimeout)
	if d, ok := ctx.Deadline(); ok && d.Before(deadline) {
		deadline = d
	}
	// The providers get the time but a margin, in which exports still
	// running are stopped and counted.
	margin := min(250*time.Millisecond, time.Until(deadline)/10)
	pctx, cancel := context.WithDeadline(context.WithoutCancel(ctx), deadline.Add(-margin))
	defer cancel()
	// A batch waiting to be tried again is tried once more, now; from here
	// on, what fails is dropped at once (a collector down at exit doesn't
	// hold it).
	close(t.closed)
	// What waits for the converter goes to the SDK's processors first: its
	// last pass is a few milliseconds of work at most (the queues' bound),
	// and never waits on the collector.
	var closers []func()
	if t.spans != nil {
		closers = append(closers, t.spans.close)
	}
	if t.logs != nil {
		closers = append(closers, t.logs.entries.close, t.logs.records.close)
	}
	t.conv.shutdown(closers...)
	err := t.stopProviders(pctx)
	t.abort()
	t.waitPipelines(deadline)
	close(t.stopWatch)
	<-t.watchDone
	uninstallGlobal(t.log)

	var left [nSignals]int64
	for s, q := range t.queues {
		if q != nil {
			left[s] = q.waiting.Swap(0) // never handed to the exporter, or cut short
			t.health.dropped[s].Add(left[s])
		}
	}
	st := t.health.status()
	if left[traces]+left[logs] > 0 || st.Outage {
		t.log.Warn("OpenTelemetry export stopped; some telemetry was never sent", "event", "otel_export",
			"not_sent_at_exit", left[traces]+left[logs], "dropped_spans", st.Spans, "dropped_logs", st.Logs,
			"dropped_metric_points", st.Metrics)
	} else {
		t.log.Debug("OpenTelemetry export stopped", "event", "otel_export", "dropped", st.Dropped)
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("OpenTelemetry export: the last telemetry was not sent within %v: %w", t.shutdownTimeout, context.DeadlineExceeded)
	}
	return err
}

// stopProviders shuts the three providers down at once, each within ctx.
func (t *Telemetry) stopProviders(ctx context.Context) error {
	var (
		wg   sync.WaitGroup
		errs [nSignals]error
	)
	if t.tp != nil {
		wg.Go(func() { errs[traces] = t.tp.Shutdown(ctx) })
	}
	if t.lp != nil {
		wg.Go(func() { errs[logs] = t.lp.Shutdown(ctx) })
	}
	if t.mp != nil {
		wg.Go(func() { errs[metrics] = t.mp.Shutdown(ctx) })
	}
	wg.Wait()
	return errors.Join(errs[:]...)
}
