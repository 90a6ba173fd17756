package engine

import (
	"context"
	"fmt"
	"io"
	"os"
	"runtime"
	"strings"
	"testing"
	"time"

	"vigia/logging"
	"vigia/metrics"
	"vigia/models/builtin"
)

// TestSoak runs mixed load (the four local models with varied inputs, so
// the cache fills and evicts, and chaos with errors and panics) for an hour
// and samples RSS, Go heap and goroutines every 10 s. After a warm-up of a
// tenth of the run, neither may trend upwards: the mean RSS and Go heap of the
// last quarter of the samples may exceed the first quarter's by at most
// 10 % (plus 4 MB and 2 MB of noise), and goroutines by at most 2. It runs only with VIGIA_SOAK=1 (make
// soak); VIGIA_SOAK_DURATION shortens or lengthens it (default 1h).
func TestSoak(t *testing.T) {
	if os.Getenv("VIGIA_SOAK") != "1" {
		t.Skip("a one-hour soak: run with VIGIA_SOAK=1 (make soak)")
	}
	dur := time.Hour
	if v := os.Getenv("VIGIA_SOAK_DURATION"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil {
			t.Fatalf("VIGIA_SOAK_DURATION=%q: %v", v, err)
		}
		dur = d
	}
	every := 10 * time.Second
	if dur < 10*time.Minute {
		every = dur / 60
	}
	e := New(Config{Logging: logging.Options{Dir: t.TempDir(), Console: io.Discard, MaxSizeMB: 5, MaxBackups: 3},
		Models: builtin.Registry(), CacheMaxEntries: 500})
	defer e.Close()
	s, ctx := e.Sessions().Start(context.Background())
	defer e.Sessions().End(s)
	ctx, cancel := context.WithTimeout(ctx, dur)
	defer cancel()

	chaos, err := e.PrepareLoad([]string{"chaos"}, map[string]string{"latency": "2ms", "jitter": "1ms", "error_rate": "0.1", "panic_rate": "0.01"})
	if err != nil {
		t.Fatal(err)
	}
	go func() { // chaos at concurrency 4, in rounds until the end
		for ctx.Err() == nil {
			e.Load(ctx, LoadSpec{Targets: chaos, Text: "soak", Requests: 5000, Concurrency: 4}, nil)
		}
	}()
	go func() { // the local models on inputs that vary, so the cache both hits and evicts
		names := []string{"sentiment", "keywords", "summarize", "language"}
		base := strings.Repeat("Monitoring an application means knowing how many requests it served. ", 40)
		for i := 0; ctx.Err() == nil; i++ {
			_, _ = e.RunModel(ctx, Request{Model: names[i%4], Text: fmt.Sprintf("%s %d", base, i%2000)})
		}
	}()

	sampler := metrics.NewSampler(metrics.SamplerOptions{Interval: time.Hour})
	var xs, rss, heap, gor []float64
	start := time.Now()
	tick := time.NewTicker(every)
	defer tick.Stop()
	for ctx.Err() == nil {
		select {
		case <-ctx.Done():
		case <-tick.C:
			runtime.GC()
			smp := sampler.SampleNow()
			el := time.Since(start)
			if el < dur/10 {
				continue // warm-up
			}
			xs = append(xs, el.Hours())
			rss = append(rss, float64(smp.RSS))
			heap = append(heap, float64(smp.HeapInUse))
			gor = append(gor, float64(smp.Goroutines))
		}
	}
	if len(xs) < 8 {
		t.Fatalf("only %d samples after warm-up", len(xs))
	}
	sum := e.SessionSummary(s.ID())
	t.Logf("%s: %d requests (%d errors), %d samples", dur, sum.TotalRequests, sum.Errors, len(xs))
	// Growth: the last quarter of the samples against the first quarter
	// after warm-up, with an absolute allowance for noise (a short run's
	// slope per hour would extrapolate noise).
	q := len(xs) / 4
	for _, c := range []struct {
		name   string
		ys     []float64
		share  float64 // allowed growth, as a share of the first quarter's mean
		slack  float64 // plus this much, absolute
		format func(float64) string
	}{
		{"RSS", rss, 0.10, 4 << 20, mb},
		{"Go heap", heap, 0.10, 2 << 20, mb},
		{"goroutines", gor, 0, 2, func(v float64) string { return fmt.Sprintf("%.1f", v) }},
	} {
		first, last := meanOf(c.ys[:q]), meanOf(c.ys[len(c.ys)-q:])
		slope, _ := trend(xs, c.ys)
		t.Logf("%s: first quarter %s, last quarter %s (slope %s per hour)", c.name, c.format(first), c.format(last), c.format(slope))
		if last > first*(1+c.share)+c.slack {
			t.Errorf("%s grew from %s to %s after warm-up: more than %.0f %% + %s", c.name, c.format(first), c.format(last), 100*c.share, c.format(c.slack))
		}
	}
}

func mb(v float64) string { return fmt.Sprintf("%.1f MB", v/(1<<20)) }

func meanOf(ys []float64) float64 {
	var s float64
	for _, y := range ys {
		s += y
	}
	return s / float64(len(ys))
}

// trend returns the least-squares slope of ys over xs, and ys's mean.
func trend(xs, ys []float64) (slope, mean float64) {
	var mx, my float64
	for i := range xs {
		mx += xs[i]
		my += ys[i]
	}
	n := float64(len(xs))
	mx, my = mx/n, my/n
	var sxy, sxx float64
	for i := range xs {
		sxy += (xs[i] - mx) * (ys[i] - my)
		sxx += (xs[i] - mx) * (xs[i] - mx)
	}
	if sxx == 0 {
		return 0, my
	}
	return sxy / sxx, my
}
