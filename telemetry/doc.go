// Package telemetry exports Vigía's traces, logs and metrics with
// OpenTelemetry, over OTLP/HTTP (http/protobuf), to a collector or any
// backend that takes OTLP. It is off unless an endpoint is set.
//
// # What is exported
//
//   - Traces: one span per task (StartTask), named "task <model>", or
//     "chat <request model>" for a call to an LLM (a GenAI client span
//     with gen_ai.* attributes); each carries session.id, vigia.model and
//     vigia.outcome, and status Error on an error or a panic, whose message
//     and stack are an "exception" event. A load test is one span
//     (StartLoad) with its tasks as children; a cached answer has
//     vigia.cache.hit=true.
//   - Logs: LogHandler is one more sink of package logging's fan-out, so
//     that every record goes out as app.log has it, redacted, and with the
//     trace and span IDs of the span its context carries. It is converted
//     off the logging goroutine, by otelslog's rules: the fan-out's
//     records (logging.Entry) straight to the SDK's logger, others through
//     the otelslog bridge.
//   - Metrics: read from the Prometheus registry that /metrics serves
//     (Options.Gatherer) by a periodic reader with the Prometheus bridge's
//     producer: one set of instruments, two readers. Names stay as
//     Prometheus has them (vigia_requests_total,
//     gen_ai_client_operation_duration_seconds), units in the names, with
//     no OTLP unit; counters are monotonic cumulative sums, histograms
//     explicit-bucket histograms, gauges gauges.
//
// Every signal's resource is service.name=vigia (OTEL_SERVICE_NAME
// overrides it), service.version, service.instance.id (kept in a file of
// the data directory: InstanceID), host.name and os.type, and what
// OTEL_RESOURCE_ATTRIBUTES adds.
//
// # Turning it on
//
// A signal is exported when it has an endpoint: its own variable
// (OTEL_EXPORTER_OTLP_TRACES_ENDPOINT, …_LOGS_…, …_METRICS_…, taken whole),
// else Options.Endpoint (Vigía's otlp-endpoint setting), else
// OTEL_EXPORTER_OTLP_ENDPOINT; the last two are base URLs to which
// /v1/traces, /v1/logs or /v1/metrics is added. OTEL_SDK_DISABLED=true
// turns everything off, whatever else is set, and OTEL_TRACES_EXPORTER,
// OTEL_LOGS_EXPORTER or OTEL_METRICS_EXPORTER=none one signal. The
// exporters read the other standard variables themselves:
// OTEL_EXPORTER_OTLP_HEADERS (never logged), OTEL_EXPORTER_OTLP_TIMEOUT,
// OTEL_EXPORTER_OTLP_COMPRESSION, the certificate variables, and the
// per-signal variants. OTEL_EXPORTER_OTLP_PROTOCOL may only be
// http/protobuf: Start refuses grpc (and http/json) with a *ConfigError
// that says so, rather than send OTLP/HTTP to a gRPC port.
//
// # Reliability
//
// A collector that is down or slow never slows a task, and a task does no
// SDK work: its span is IDs and a few fields until it ends, and then waits,
// with the log records, in bounded queues; one converter goroutine makes
// the SDK's spans and records of them, and batches leave from the SDK's
// own goroutines. A batch that can't reach the collector (the connection
// is refused, reset or times out: a collector down or restarting) is tried
// again, with backoff from 0.5 s to 5 s, within the export's time
// (ExportTimeout, 30 s by default), while what follows waits in the queue:
// an outage loses what doesn't fit in the queue, no more. What doesn't fit,
// fails for good or runs out of time is dropped and counted (Status); an
// outage is logged once, WARN at its start and INFO when exports succeed
// again. Metrics are not retried: the next export carries the same
// cumulative figures. Shutdown tries what waits once more, is bounded (3 s
// by default) and stops every goroutine the package started.
package telemetry
