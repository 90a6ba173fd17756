package engine

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"testing"

	dto "github.com/prometheus/client_model/go"
	"go.uber.org/goleak"

	"vigia/logging"
	"vigia/models"
	"vigia/models/chaos"
)

// TestFaults100kChaos runs 100 000 chaos tasks at concurrency 8 with 10 %
// errors and 1 % panics. The process survives; the error and panic counts
// are the same, exactly, in the load's progress, the session's counts, the
// metrics, the Prometheus registry and app.log; and after Close no
// goroutine is left.
func TestFaults100kChaos(t *testing.T) {
	const n = 100_000
	dir := t.TempDir()
	e := New(Config{Logging: logging.Options{Dir: dir, Console: io.Discard, MaxSizeMB: 512},
		Models: models.NewRegistry(chaos.New(chaos.Options{Seed: 42}))})
	closed := false
	t.Cleanup(func() {
		if !closed {
			_ = e.Close()
		}
	})
	targets, err := e.PrepareLoad([]string{"chaos"}, map[string]string{"latency": "0s", "jitter": "0s", "error_rate": "0.1", "panic_rate": "0.01"})
	if err != nil {
		t.Fatal(err)
	}
	s, ctx := e.Sessions().Start(context.Background())
	p := e.Load(ctx, LoadSpec{Targets: targets, Text: "chaos input", Requests: n, Concurrency: 8}, nil)
	if p.Done != n {
		t.Fatalf("load finished %d of %d", p.Done, n)
	}

	counts := s.Counts()
	sum := e.SessionSummary(s.ID())
	panics := sum.ErrorsByType["panic"]
	errs := sum.Errors - panics // plain errors
	// The rates are real: about 1 % panics and 10 % errors of what remains.
	if panics < n/200 || panics > n/50 || errs < n/20 || errs > n/5 {
		t.Fatalf("got %d panics and %d errors of %d; the chaos rates did not apply", panics, errs, n)
	}
	if sum.TotalRequests != n || sum.Errors != p.Failed || counts.Tasks != n || counts.Panics != panics || counts.Errors != errs {
		t.Errorf("progress failed=%d; metrics total=%d errors=%d panics=%d; session %+v", p.Failed, sum.TotalRequests, sum.Errors, panics, counts)
	}

	// Prometheus: the same counts by outcome.
	byOutcome := map[string]float64{}
	mfs, err := e.Export().Gatherer().Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, mf := range mfs {
		if mf.GetName() != "vigia_requests_total" {
			continue
		}
		for _, m := range mf.GetMetric() {
			byOutcome[label(m, "outcome")] += m.GetCounter().GetValue()
		}
	}
	if byOutcome["panic"] != float64(panics) || byOutcome["error"] != float64(errs) || byOutcome["ok"] != float64(n-sum.Errors) {
		t.Errorf("Prometheus counts %v, want panic=%d error=%d ok=%d", byOutcome, panics, errs, n-sum.Errors)
	}

	e.Sessions().End(s)
	if err := e.Close(); err != nil {
		t.Fatal(err)
	}
	closed = true
	goleak.VerifyNone(t, goleak.IgnoreCurrent())

	// app.log: one task record per task, with the same outcomes.
	f, err := os.Open(filepath.Join(dir, "app.log"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	logged := map[string]int64{}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		var rec struct{ Event, Outcome string }
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
			t.Fatalf("app.log line does not parse: %v: %.200s", err, sc.Text())
		}
		if rec.Event == "task" {
			logged[rec.Outcome]++
		}
	}
	if logged["panic"] != panics || logged["error"] != errs || logged["ok"] != n-sum.Errors {
		t.Errorf("app.log task records %v, want panic=%d error=%d ok=%d", logged, panics, errs, n-sum.Errors)
	}
}

func label(m *dto.Metric, name string) string {
	for _, l := range m.GetLabel() {
		if l.GetName() == name {
			return l.GetValue()
		}
	}
	return ""
}
