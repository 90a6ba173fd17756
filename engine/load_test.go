package engine

import (
	"context"
	"math"
	"sync/atomic"
	"testing"
	"time"

	"vigia/models"
)

// TestArrivals: the send times of a rate-mode load test are a Poisson
// process: the first at 0, increasing, gaps of mean 1/rate whose standard
// deviation equals their mean (an exponential's), and the same for the same
// seed; +Inf sends everything at 0.
func TestArrivals(t *testing.T) {
	const n, rate = 50_000, 200.0
	at := Arrivals(rate, n, 7)
	if at[0] != 0 {
		t.Fatalf("first arrival at %v, want 0", at[0])
	}
	var sum, sq float64
	for i := 1; i < n; i++ {
		g := (at[i] - at[i-1]).Seconds()
		if g < 0 {
			t.Fatalf("arrival %d at %v is before arrival %d at %v", i, at[i], i-1, at[i-1])
		}
		sum += g
		sq += g * g
	}
	mean := sum / (n - 1)
	sd := math.Sqrt(sq/(n-1) - mean*mean)
	if want := 1 / rate; math.Abs(mean-want) > 0.02*want {
		t.Errorf("mean gap %.6f s, want %.6f s within 2 %%", mean, want)
	}
	if cv := sd / mean; math.Abs(cv-1) > 0.03 {
		t.Errorf("coefficient of variation %.3f, want 1 (exponential gaps) within 0.03", cv)
	}
	again := Arrivals(rate, n, 7)
	for i := range at {
		if at[i] != again[i] {
			t.Fatalf("seed 7 gave %v then %v at %d", at[i], again[i], i)
		}
	}
	for i, d := range Arrivals(math.Inf(1), 100, 0) {
		if d != 0 {
			t.Fatalf("rate +Inf: arrival %d at %v, want 0", i, d)
		}
	}
}

// gauge is a test model that counts how many of its runs are in flight at
// once, the most ever, and holds each run until release is closed or for
// hold.
type gauge struct {
	now, most, runs atomic.Int64
	hold            time.Duration
}

func (g *gauge) Name() string                 { return "gauge" }
func (g *gauge) Description() string          { return "Counts runs in flight." }
func (g *gauge) Params() []models.Param       { return nil }
func (g *gauge) Cacheable(models.Values) bool { return false }
func (g *gauge) Run(ctx context.Context, _ models.Input) (models.Result, error) {
	g.runs.Add(1)
	n := g.now.Add(1)
	defer g.now.Add(-1)
	for {
		m := g.most.Load()
		if n <= m || g.most.CompareAndSwap(m, n) {
			break
		}
	}
	select {
	case <-time.After(g.hold):
	case <-ctx.Done():
		return models.Result{}, ctx.Err()
	}
	return models.Result{Text: "ok"}, nil
}

// TestLoadRate: a rate-mode load test sends every request, caps the
// requests in flight at Concurrency, and with +Inf and no cap has them all
// in flight at once.
func TestLoadRate(t *testing.T) {
	for _, tc := range []struct {
		name        string
		rate        float64
		concurrency int
		wantMost    int64 // exact when > 0
		maxMost     int64
	}{
		{name: "inf, no cap", rate: math.Inf(1), wantMost: 40},
		{name: "inf, capped", rate: math.Inf(1), concurrency: 5, wantMost: 5},
		{name: "rate, capped", rate: 2000, concurrency: 3, maxMost: 3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			g := &gauge{hold: 200 * time.Millisecond}
			e, ctx, s := newEngine(t, g)
			targets, err := e.PrepareLoad([]string{"gauge"}, nil)
			if err != nil {
				t.Fatal(err)
			}
			p := e.Load(ctx, LoadSpec{Targets: targets, Text: "x", Requests: 40, Concurrency: tc.concurrency, Rate: tc.rate, Seed: 1}, nil)
			if p.Done != 40 || p.Failed != 0 || g.runs.Load() != 40 {
				t.Fatalf("done %d, failed %d, runs %d; want 40, 0, 40", p.Done, p.Failed, g.runs.Load())
			}
			if sum := e.SessionSummary(s.ID()); sum.TotalRequests != 40 {
				t.Errorf("the session counted %d requests, want 40", sum.TotalRequests)
			}
			most := g.most.Load()
			if tc.wantMost > 0 && most != tc.wantMost {
				t.Errorf("%d runs in flight at most, want %d", most, tc.wantMost)
			}
			if tc.maxMost > 0 && most > tc.maxMost {
				t.Errorf("%d runs in flight at most, want at most %d", most, tc.maxMost)
			}
		})
	}
}

// TestLoadRateCanceled: ending the context stops a rate-mode load test at
// once: the requests not yet sent are not sent, and Load returns.
func TestLoadRateCanceled(t *testing.T) {
	g := &gauge{}
	e, ctx, _ := newEngine(t, g)
	targets, err := e.PrepareLoad([]string{"gauge"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(ctx)
	returned := make(chan Progress)
	go func() {
		// 0.01 a second: the second request would wait about 100 s.
		returned <- e.Load(ctx, LoadSpec{Targets: targets, Text: "x", Requests: 10, Rate: 0.01, Seed: 3}, nil)
	}()
	for g.runs.Load() == 0 {
		time.Sleep(time.Millisecond)
	}
	cancel()
	select {
	case p := <-returned:
		if p.Done != 1 || g.runs.Load() != 1 {
			t.Errorf("done %d, runs %d after cancel; want 1 and 1", p.Done, g.runs.Load())
		}
	case <-time.After(2 * time.Minute):
		t.Fatal("Load did not return after its context was canceled")
	}
}
