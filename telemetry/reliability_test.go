package telemetry_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"runtime"
	"strconv"
	"sync"
	"testing"
	"time"

	"vigia/engine"
	"vigia/logging"
	"vigia/models"
	"vigia/telemetry"
	"vigia/telemetry/otlptest"
)

// downURL returns the URL of a loopback port nothing listens on.
func downURL(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	return "http://" + addr
}

// TestOutageLoggedOnce: while the collector fails, exports fail and are
// counted, and one WARN says so; once it answers again, one INFO says
// that, with what was dropped meanwhile.
func TestOutageLoggedOnce(t *testing.T) {
	clearOTEL(t)
	c := otlptest.Start(t)
	c.Fail(http.StatusServiceUnavailable)
	tel, rec := start(t, telemetry.Options{Endpoint: c.URL, Gatherer: registry(), BatchDelay: 20 * time.Millisecond,
		MetricInterval: 50 * time.Millisecond, ExportTimeout: 300 * time.Millisecond})
	for i := range 5 {
		emit(t, tel, "during "+strconv.Itoa(i))
		time.Sleep(30 * time.Millisecond)
	}
	otlptest.Wait(t, "the outage", func() bool {
		st := tel.Status()
		return st.Outage && st.Spans > 0 && st.Logs > 0 && st.Metrics > 0 && rec.count(slog.LevelWarn, "export failing") == 1
	})
	failed := len(c.Requests())
	otlptest.Wait(t, "more failed exports", func() bool { return len(c.Requests()) > failed+3 })

	c.Fail(0)
	emit(t, tel, "after")
	otlptest.Wait(t, "the recovery", func() bool {
		return !tel.Status().Outage && rec.count(slog.LevelInfo, "export recovered") == 1
	})
	if n := rec.count(slog.LevelWarn, "export failing"); n != 1 {
		t.Errorf("%d WARN records for one outage, want 1:\n%s", n, rec.text())
	}
	for _, r := range rec.records() {
		if r.msg == "OpenTelemetry export recovered" {
			if n, _ := strconv.Atoi(r.attrs["dropped"]); int64(n) != tel.Status().Dropped || n == 0 {
				t.Errorf("recovery says %s dropped, Status says %d", r.attrs["dropped"], tel.Status().Dropped)
			}
		}
	}
	otlptest.Wait(t, "the span after the outage", func() bool { return len(c.Spans()) > 0 })

	// A second outage is a new one: logged again, once.
	c.Fail(http.StatusBadGateway)
	emit(t, tel, "again")
	otlptest.Wait(t, "the second outage", func() bool { return rec.count(slog.LevelWarn, "export failing") == 2 })
}

// TestShutdownBounded: at exit a collector that never answers, or isn't
// there, holds the process 3 s at most; what was not sent is counted and
// logged, and every goroutine is stopped (TestMain's goleak).
func TestShutdownBounded(t *testing.T) {
	cases := []struct {
		name string
		url  func(t *testing.T) string
	}{
		{"never answers", func(t *testing.T) string {
			c := otlptest.Start(t)
			c.Block()
			return c.URL
		}},
		{"down", downURL},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			clearOTEL(t)
			tel, rec := start(t, telemetry.Options{Endpoint: tc.url(t), Gatherer: registry()})
			for i := range 50 {
				emit(t, tel, "record "+strconv.Itoa(i))
			}
			began := time.Now()
			err := tel.Shutdown(context.Background())
			took := time.Since(began)
			if took > telemetry.DefaultShutdownTimeout+2*time.Second {
				t.Errorf("Shutdown took %v, want at most %v", took, telemetry.DefaultShutdownTimeout)
			}
			st := tel.Status()
			if st.Spans != 50 || st.Logs != 50 {
				t.Errorf("Status() = %+v, want the 50 spans and 50 log records counted dropped", st)
			}
			if tc.name == "never answers" && !errors.Is(err, context.DeadlineExceeded) {
				t.Errorf("Shutdown = %v; want an error saying the last telemetry was not sent in time", err)
			}
			if rec.count(slog.LevelWarn, "never sent") != 1 {
				t.Errorf("want one WARN about what was never sent:\n%s", rec.text())
			}
			if again := tel.Shutdown(context.Background()); !sameErr(again, err) {
				t.Errorf("second Shutdown = %v, want the first's %v", again, err)
			}
		})
	}
}

func sameErr(a, b error) bool {
	return (a == nil) == (b == nil) && (a == nil || a.Error() == b.Error())
}

// TestQueueFullDropsAndCounts: a collector that hangs never blocks the
// code that ends spans and logs records; the queue's overflow is counted.
func TestQueueFullDropsAndCounts(t *testing.T) {
	clearOTEL(t)
	c := otlptest.Start(t)
	c.Block()
	tel, rec := start(t, telemetry.Options{Endpoint: c.URL, QueueSize: 10, BatchDelay: 10 * time.Millisecond,
		ShutdownTimeout: 500 * time.Millisecond})
	began := time.Now()
	for i := range 500 {
		emit(t, tel, "record "+strconv.Itoa(i))
	}
	if took := time.Since(began); took > 10*time.Second {
		t.Errorf("500 spans and records took %v against a hung collector", took)
	}
	st := tel.Status()
	if st.Spans < 480 || st.Logs < 480 || !st.Outage {
		t.Errorf("Status() = %+v; want ≥ 480 spans and records dropped of 500 (queue of 10), an outage", st)
	}
	otlptest.Wait(t, "the WARN", func() bool { return rec.count(slog.LevelWarn, "export failing") == 1 })
	_ = tel.Shutdown(context.Background())
	if st := tel.Status(); st.Spans != 500 || st.Logs != 500 {
		t.Errorf("after Shutdown Status() = %+v; want all 500 of each counted, none sent", st)
	}
}

// echo is a model for the engine: it answers its input.
type echo struct{}

func (echo) Name() string                 { return "echo" }
func (echo) Description() string          { return "Echoes." }
func (echo) Params() []models.Param       { return nil }
func (echo) Cacheable(models.Values) bool { return false }
func (echo) Run(_ context.Context, in models.Input) (models.Result, error) {
	return models.Result{Text: in.Text}, nil
}

// goid is the calling goroutine's ID, from its stack's first line.
func goid() int {
	var b [64]byte
	s := b[:runtime.Stack(b[:], false)]
	s = bytes.TrimPrefix(s, []byte("goroutine "))
	n, _ := strconv.Atoi(string(s[:bytes.IndexByte(s, ' ')]))
	return n
}

// TestTasksNeverWaitForTheCollector: 1000 tasks through the engine against
// a collector that never answers. No export runs on a task's goroutine;
// the queues' overflow is counted and logged once; every task returns.
func TestTasksNeverWaitForTheCollector(t *testing.T) {
	clearOTEL(t)
	c := otlptest.Start(t)
	c.Block()
	var mu sync.Mutex
	exporters := map[int]bool{}
	restore := telemetry.SetExportHook(func(string) {
		mu.Lock()
		exporters[goid()] = true
		mu.Unlock()
	})
	defer restore()

	e := engine.New(engine.Config{Logging: logging.Options{Dir: t.TempDir(), Console: io.Discard},
		Models: models.NewRegistry(echo{})})
	defer e.Close()
	started, err := e.StartTelemetry(context.Background(), telemetry.Options{Endpoint: c.URL, QueueSize: 64,
		BatchDelay: 10 * time.Millisecond, ShutdownTimeout: time.Second})
	if !started || err != nil {
		t.Fatalf("StartTelemetry = %v, %v", started, err)
	}
	s, ctx := e.Sessions().Start(context.Background())
	m, vals, err := e.Prepare("echo", nil)
	if err != nil {
		t.Fatal(err)
	}
	const workers, each = 4, 250
	tasks := map[int]bool{}
	var wg sync.WaitGroup
	began := time.Now()
	for range workers {
		wg.Go(func() {
			mu.Lock()
			tasks[goid()] = true
			mu.Unlock()
			for range each {
				if _, _, err := e.RunTimed(ctx, m, vals, "hola"); err != nil {
					t.Error(err)
				}
			}
		})
	}
	wg.Wait()
	took := time.Since(began)
	// A bound that no machine's speed decides: an export on a task's
	// goroutine would wait for a collector that never answers.
	if took > time.Minute {
		t.Errorf("1000 tasks took %v", took)
	}
	mu.Lock()
	for id := range tasks {
		if exporters[id] {
			t.Errorf("goroutine %d ran tasks and exported", id)
		}
	}
	mu.Unlock()
	st := e.TelemetryStatus()
	dropped, outage := st.Dropped, st.Outage
	if dropped < 1000-2*64 || !outage {
		t.Errorf("TelemetryStatus() = %d dropped, outage %v; want most of the 1000 spans and their records counted, an outage", dropped, outage)
	}
	otlptest.Wait(t, "the outage's WARN", func() bool { return countEvent(e, slog.LevelWarn, "export failing") == 1 })
	e.Sessions().End(s)
	began = time.Now()
	_ = e.Close()
	if took := time.Since(began); took > 4*time.Second {
		t.Errorf("Close took %v with a hung collector, want about its 1 s shutdown bound", took)
	}
	if n := countEvent(e, slog.LevelWarn, "export failing"); n != 1 {
		t.Errorf("%d WARN records about the outage, want 1", n)
	}
}

// countEvent counts the engine's otel_export records at level whose
// message contains msg.
func countEvent(e *engine.Engine, level slog.Level, msg string) int {
	n := 0
	for _, en := range e.Logs().Ring().Snapshot() {
		if v, ok := en.Attr("event"); ok && v.String() == "otel_export" && en.Level == level && bytes.Contains([]byte(en.Message), []byte(msg)) {
			n++
		}
	}
	return n
}
