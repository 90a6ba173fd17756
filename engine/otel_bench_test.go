//go:build unix

package engine

import (
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"syscall"
	"testing"
	"time"

	"vigia/logging"
	"vigia/models"
	"vigia/telemetry"
)

// otelUp is a collector that is up: it answers 200 to /v1/traces, /v1/logs
// and /v1/metrics after reading the body, and keeps nothing (a fake that
// decoded and kept every span, as otlptest does, would grow with b.N and
// take CPU from the benchmark).
func otelUp(b *testing.B) string {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		switch r.URL.Path {
		case "/v1/traces", "/v1/logs", "/v1/metrics":
			w.Header().Set("Content-Type", "application/x-protobuf")
			w.WriteHeader(http.StatusOK)
		default:
			http.NotFound(w, r)
		}
	}))
	b.Cleanup(srv.Close)
	return srv.URL
}

// otelDown is a collector that is down: a port that was just closed, so
// every export is refused at once (connection refused).
func otelDown(b *testing.B) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	return "http://" + addr
}

// benchOTelTask runs one task per op through the engine, as the app does
// (Engine.Run in a session: one span, one event=task record to a real
// app.log and, with telemetry on, to the OTLP log bridge, the metrics
// hook), with telemetry off when endpoint is empty, else on with every
// signal exported to endpoint, the app's defaults otherwise; env is
// OTEL_ variables to set (name, value…).
func benchOTelTask(b *testing.B, endpoint string, env ...string) {
	for _, k := range []string{"OTEL_SDK_DISABLED", "OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT",
		"OTEL_EXPORTER_OTLP_LOGS_ENDPOINT", "OTEL_EXPORTER_OTLP_METRICS_ENDPOINT", "OTEL_TRACES_EXPORTER", "OTEL_LOGS_EXPORTER",
		"OTEL_METRICS_EXPORTER", "OTEL_EXPORTER_OTLP_PROTOCOL"} {
		b.Setenv(k, "")
	}
	for i := 0; i+1 < len(env); i += 2 {
		b.Setenv(env[i], env[i+1])
	}
	e := New(Config{
		Logging: logging.Options{Dir: b.TempDir(), Console: io.Discard, NoCompress: true},
		Models:  models.NewRegistry(noop{}),
	})
	defer e.Close()
	if endpoint != "" {
		started, err := e.StartTelemetry(context.Background(), telemetry.Options{
			Endpoint:        endpoint,
			ShutdownTimeout: 500 * time.Millisecond, // the collector down can't hold the next run
		})
		if err != nil || !started {
			b.Fatalf("StartTelemetry: started %v, %v", started, err)
		}
	}
	_, ctx := e.Sessions().Start(context.Background())
	m, vals, err := e.Prepare("noop", nil)
	if err != nil {
		b.Fatal(err)
	}
	// A first task outside the measure: lazy set-up (the tracer's pools,
	// the exporter's first connection) is not per task.
	if _, err := e.Run(ctx, m, vals, "a short input of a few words"); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	cpu0 := cpuTime()
	n := 0
	for b.Loop() {
		if _, err := e.Run(ctx, m, vals, "a short input of a few words"); err != nil {
			b.Fatal(err)
		}
		if n++; n%paceEvery == 0 {
			// Let the export's goroutines catch up, off the clock: a loop
			// of tasks of 3 µs outruns them on 2 cores, and a full queue
			// would measure its drop path instead of the export.
			b.StopTimer()
			time.Sleep(pace)
			b.StartTimer()
		}
	}
	b.StopTimer()
	// The CPU time of the whole process per task, every goroutine's (the
	// export's, and with the collector up the fake collector's too): what
	// the task costs the machine, beyond what it costs its own goroutine.
	b.ReportMetric(float64(cpuTime()-cpu0)/float64(b.N), "cpu-ns/op")
	if endpoint != "" {
		// Spans and log records dropped (queue full, export failed), per
		// task: 0 with the collector up; about 2 with it down.
		dropped := e.TelemetryStatus().Dropped
		b.ReportMetric(float64(dropped)/float64(b.N), "dropped/op")
	}
}

// pace is how long the loop of benchOTelTask sleeps, off the clock, every
// paceEvery tasks.
const (
	paceEvery = 256
	pace      = 5 * time.Millisecond
)

// cpuTime is the CPU time of the process so far in ns, user and system,
// as the kernel counts it (getrusage): every goroutine's.
func cpuTime() float64 {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return float64(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkOTelTask measures what OpenTelemetry adds to one task (issue
// 19): off, on with a collector that answers, and on with a collector that
// is down, around the no-op model of BenchmarkTaskPathUncached. Goal: at
// most 1 µs added to the task, and no allocation beyond the SDK's own
// span. Run the three in one go test invocation, side by side:
//
//	go test -run '^$' -bench OTelTask -benchmem -count 5 ./engine
//
// It lives here rather than in bench/ because bench's go.mod does not
// carry the OpenTelemetry modules; it uses only the engine's exported API.
func BenchmarkOTelTask(b *testing.B) {
	b.Run("off", func(b *testing.B) { benchOTelTask(b, "") })
	b.Run("on-up", func(b *testing.B) { benchOTelTask(b, otelUp(b)) })
	b.Run("on-down", func(b *testing.B) { benchOTelTask(b, otelDown(b)) })
	// The span alone, collector up: no log records, no metrics exported.
	// What the span costs, to split on-up's figure (info, no goal).
	b.Run("on-up-spans-only", func(b *testing.B) {
		benchOTelTask(b, otelUp(b), "OTEL_LOGS_EXPORTER", "none", "OTEL_METRICS_EXPORTER", "none")
	})
}
