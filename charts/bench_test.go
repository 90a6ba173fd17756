package charts

import (
	"math/rand/v2"
	"testing"
	"time"
)

// The budget (issue 6): one chart at 800×400 in under 15 ms and 3 MB.

// latency returns n seconds of a plausible latency percentile in ms: base
// with 10 % noise and a threefold spike every 97 seconds.
func latency(n int, base float64, seed uint64) []XY {
	r := rand.New(rand.NewPCG(seed, 7))
	pts := make([]XY, n)
	for i := range pts {
		v := base * (1 + 0.1*r.NormFloat64())
		if i%97 == 0 {
			v *= 3
		}
		pts[i] = XY{X: t0.Add(time.Duration(i) * time.Second), Y: v}
	}
	return pts
}

// noise returns n seconds of values spread evenly over [0, 100): the worst
// case for line drawing, each segment crossing most of the chart.
func noise(n int, seed uint64) []XY {
	r := rand.New(rand.NewPCG(seed, 2))
	pts := make([]XY, n)
	for i := range pts {
		pts[i] = XY{X: t0.Add(time.Duration(i) * time.Second), Y: 100 * r.Float64()}
	}
	return pts
}

func BenchmarkModelUsage(b *testing.B) {
	st := DefaultStyle(false)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ModelUsage(usage, 800, 400, st); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLines draws 15 minutes of p50 and p95, one point a second.
func BenchmarkLines(b *testing.B) {
	st := DefaultStyle(false)
	series := []Series{{"p50", latency(900, 100, 1)}, {"p95", latency(900, 300, 2)}}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Lines("Response time", series, 800, 400, st, "ms"); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLinesMemory draws 15 minutes of RSS and heap, smooth lines.
func BenchmarkLinesMemory(b *testing.B) {
	st := DefaultStyle(true)
	series := []Series{{"RSS", wave(900, 80, 5)}, {"Go heap", wave(900, 20, 8)}}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Lines("Memory", series, 800, 400, st, "MiB"); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLinesNoise is the worst case: two series of 900 points spread
// over the whole range.
func BenchmarkLinesNoise(b *testing.B) {
	st := DefaultStyle(false)
	series := []Series{{"p50", noise(900, 1)}, {"p95", noise(900, 3)}}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Lines("Response time", series, 800, 400, st, "ms"); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkSparkline(b *testing.B) {
	st := DefaultStyle(false)
	vs := Values(latency(900, 100, 1))
	b.ReportAllocs()
	for b.Loop() {
		Sparkline(vs, 120, 32, st)
	}
}

func BenchmarkEmpty(b *testing.B) {
	st := DefaultStyle(false)
	b.ReportAllocs()
	for b.Loop() {
		Empty(st.NoData, 800, 400, st)
	}
}

func BenchmarkLinesKey(b *testing.B) {
	st := DefaultStyle(false)
	series := []Series{{"p50", latency(900, 100, 1)}, {"p95", latency(900, 300, 2)}}
	b.ReportAllocs()
	for b.Loop() {
		LinesKey("Response time", series, 800, 400, st, "ms")
	}
}
