package telemetry_test

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"

	"github.com/prometheus/client_golang/prometheus"

	"vigia/telemetry"
)

// Example exports one task's span, its log record and a Prometheus counter
// to an OTLP/HTTP collector, here a test server that notes the paths it is
// sent to. Shutdown sends what waits.
func Example() {
	var (
		mu    sync.Mutex
		paths []string
	)
	collector := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		if !slices.Contains(paths, r.URL.Path) {
			paths = append(paths, r.URL.Path)
		}
	}))
	defer collector.Close()

	// The registry /metrics serves: OTLP reads the same instruments.
	reg := prometheus.NewRegistry()
	tasks := prometheus.NewCounter(prometheus.CounterOpts{Name: "example_tasks_total", Help: "Tasks run."})
	reg.MustRegister(tasks)

	tel, err := telemetry.Start(context.Background(), telemetry.Options{
		Endpoint: collector.URL, ServiceVersion: "1.0.0", Gatherer: reg,
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	ctx, span := tel.StartTask(context.Background(), telemetry.Task{Model: "sentiment", Session: "s-1"})
	slog.New(tel.LogHandler()).InfoContext(ctx, "task done", "outcome", "ok") // carries the span's IDs
	tasks.Inc()
	span.End("ok", "", nil)

	if err := tel.Shutdown(context.Background()); err != nil {
		fmt.Println(err)
	}
	mu.Lock()
	slices.Sort(paths)
	fmt.Println(paths)
	mu.Unlock()
	fmt.Println("dropped:", tel.Status().Dropped)
	// Output:
	// [/v1/logs /v1/metrics /v1/traces]
	// dropped: 0
}
