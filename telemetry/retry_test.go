package telemetry_test

import (
	"context"
	"log/slog"
	"strconv"
	"testing"
	"time"

	"vigia/telemetry"
	"vigia/telemetry/otlptest"
)

// emitN emits n spans and n log records, one of each at a time.
func emitN(t *testing.T, tel *telemetry.Telemetry, n int, what string) {
	t.Helper()
	for i := range n {
		emit(t, tel, what+" "+strconv.Itoa(i))
	}
}

// TestRetryKeepsBatchesWhileDown: while the collector is down (its port
// refuses connections), what is sent waits and nothing is dropped; once
// it is up again, everything arrives, once, and the outage is logged as
// one WARN and one INFO that says nothing was dropped.
func TestRetryKeepsBatchesWhileDown(t *testing.T) {
	clearOTEL(t)
	defer telemetry.SetRetry(10*time.Millisecond, 40*time.Millisecond)()
	c := otlptest.Start(t)
	c.Down()
	tel, rec := start(t, telemetry.Options{Endpoint: c.URL, QueueSize: 100, BatchDelay: 10 * time.Millisecond})
	emitN(t, tel, 30, "down")
	otlptest.Wait(t, "the outage's WARN", func() bool { return rec.count(slog.LevelWarn, "export failing") == 1 })
	time.Sleep(100 * time.Millisecond) // a few tries more, refused
	if st := tel.Status(); st.Dropped != 0 || !st.Outage {
		t.Errorf("while down: Status() = %+v, want nothing dropped, an outage", st)
	}

	c.Up(t)
	emitN(t, tel, 5, "up")
	otlptest.Wait(t, "every span and record", func() bool { return len(c.Spans()) >= 35 && len(c.Logs()) >= 35 })
	otlptest.Wait(t, "the recovery", func() bool { return rec.count(slog.LevelInfo, "export recovered") == 1 })
	_ = tel.Shutdown(context.Background())
	if got, logs := len(c.Spans()), len(c.Logs()); got != 35 || logs != 35 {
		t.Errorf("the collector got %d spans and %d log records, want 35 and 35", got, logs)
	}
	if st := tel.Status(); st != (telemetry.Status{}) {
		t.Errorf("Status() = %+v, want nothing dropped and no outage", st)
	}
	for _, r := range rec.records() {
		if r.msg == "OpenTelemetry export recovered" && r.attrs["dropped"] != "0" {
			t.Errorf("the recovery record says %s dropped, want 0", r.attrs["dropped"])
		}
	}
	if n := rec.count(slog.LevelWarn, ""); n != 1 {
		t.Errorf("%d WARN records, want the outage's one:\n%s", n, rec.text())
	}
}

// TestRetryBoundedByQueue: what waits for a collector that is down stays
// within the queue: the first 10 (the queue) of each signal are kept and
// delivered once it is up; the other 40 are dropped and counted, exactly.
func TestRetryBoundedByQueue(t *testing.T) {
	clearOTEL(t)
	defer telemetry.SetRetry(10*time.Millisecond, 40*time.Millisecond)()
	c := otlptest.Start(t)
	c.Down()
	tel, rec := start(t, telemetry.Options{Endpoint: c.URL, QueueSize: 10, BatchDelay: 10 * time.Millisecond})
	emitN(t, tel, 10, "kept")
	otlptest.Wait(t, "the outage's WARN", func() bool { return rec.count(slog.LevelWarn, "export failing") == 1 })
	emitN(t, tel, 40, "dropped")
	if st := tel.Status(); st.Spans != 40 || st.Logs != 40 {
		t.Errorf("while down: Status() = %+v, want 40 spans and 40 log records dropped of 50, the queue's 10 kept", st)
	}

	c.Up(t)
	otlptest.Wait(t, "the queue's spans and records", func() bool { return len(c.Spans()) >= 10 && len(c.Logs()) >= 10 })
	otlptest.Wait(t, "the recovery", func() bool { return rec.count(slog.LevelInfo, "export recovered") == 1 })
	_ = tel.Shutdown(context.Background())
	st := tel.Status()
	spans, logs := len(c.Spans()), len(c.Logs())
	if spans != 10 || logs != 10 || st.Spans != 40 || st.Logs != 40 {
		t.Errorf("received %d spans and %d log records, %d and %d dropped; want 10 and 10 received, 40 and 40 dropped",
			spans, logs, st.Spans, st.Logs)
	}
	for _, r := range rec.records() {
		if r.msg == "OpenTelemetry export recovered" && r.attrs["dropped"] != "80" {
			t.Errorf("the recovery record says %s dropped, want 80", r.attrs["dropped"])
		}
	}
}

// TestShutdownWhileDown: at exit, a batch that waits to be tried again
// (its next try a minute away) is tried once more, at once, and then
// counted dropped with the rest; Shutdown doesn't wait for the backoff,
// nor for its 3 s, and stops every goroutine (TestMain's goleak).
func TestShutdownWhileDown(t *testing.T) {
	clearOTEL(t)
	defer telemetry.SetRetry(time.Minute, time.Minute)()
	c := otlptest.Start(t)
	c.Down()
	tel, rec := start(t, telemetry.Options{Endpoint: c.URL, QueueSize: 100, BatchDelay: 10 * time.Millisecond})
	emitN(t, tel, 30, "down")
	otlptest.Wait(t, "the outage's WARN", func() bool { return rec.count(slog.LevelWarn, "export failing") == 1 })
	began := time.Now()
	err := tel.Shutdown(context.Background())
	if took := time.Since(began); took > 2*time.Second {
		t.Errorf("Shutdown took %v with the collector down, want well under its 3 s", took)
	}
	if err != nil {
		t.Errorf("Shutdown = %v, want nil: nothing was left running", err)
	}
	if st := tel.Status(); st.Spans != 30 || st.Logs != 30 {
		t.Errorf("Status() = %+v, want the 30 spans and 30 log records counted dropped", st)
	}
	if rec.count(slog.LevelWarn, "never sent") != 1 {
		t.Errorf("want one WARN about what was never sent:\n%s", rec.text())
	}
}
