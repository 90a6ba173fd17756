package metrics

import (
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"testing"
	"time"
)

func TestBucketOfBounds(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	values := []time.Duration{0, 1, 511, 512, 999, time.Microsecond, 1023, 1024,
		time.Millisecond, time.Second, time.Hour, 1<<42 - 1, 1 << 42, math.MaxInt64, -5}
	for range 100_000 {
		// Log-uniform between 1 µs and 1 h.
		values = append(values, time.Duration(math.Exp(r.Float64()*math.Log(3.6e9))*1e3))
	}
	for _, d := range values {
		b := bucketOf(d)
		if b < 0 || b >= numBuckets {
			t.Fatalf("bucketOf(%d) = %d, want in [0, %d)", d, b, numBuckets)
		}
		lo, hi := bucketBounds(b, subBits)
		v := uint64(max(d, 0))
		if v < lo || v >= hi && b != numBuckets-1 {
			t.Fatalf("bucketOf(%d) = %d with bounds [%d, %d): value outside", d, b, lo, hi)
		}
		if d >= time.Microsecond && d <= time.Hour {
			mid := midpoint(b, subBits)
			if rel := math.Abs(float64(mid)-float64(v)) / float64(v); rel > 1.0/128 {
				t.Fatalf("midpoint of the bucket of %v is %d: relative error %.4f, want ≤ %.4f", d, mid, rel, 1.0/128)
			}
		}
		c := coarseOf(b)
		clo, chi := bucketBounds(c, coarseBits)
		if v < clo || v >= chi && c != numCoarse-1 {
			t.Fatalf("coarseOf(bucketOf(%d)) = %d with bounds [%d, %d): value outside", d, c, clo, chi)
		}
	}
	if got, want := coarseOf(numBuckets-1), numCoarse-1; got != want {
		t.Errorf("coarseOf(last) = %d, want %d", got, want)
	}
}

// TestPercentileAccuracy checks the percentiles of log-normal latencies
// against the exact nearest-rank percentiles of the sorted data.
func TestPercentileAccuracy(t *testing.T) {
	tests := []struct {
		name   string
		median time.Duration
		sigma  float64
	}{
		{"fast API", 80 * time.Millisecond, 0.5},
		{"LLM call", 2 * time.Second, 1.0},
		{"microseconds", 20 * time.Microsecond, 0.8},
		{"wide", 300 * time.Millisecond, 2.5},
	}
	const n = 100_000
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := rand.New(rand.NewPCG(uint64(i), 99))
			c := NewCollector()
			data := make([]time.Duration, n)
			for j := range data {
				d := time.Duration(float64(tt.median) * math.Exp(r.NormFloat64()*tt.sigma))
				d = min(max(d, time.Microsecond), time.Hour)
				data[j] = d
				c.RecordRequest("m", d, nil)
			}
			slices.Sort(data)
			exact := func(q float64) time.Duration { return data[int(math.Ceil(q*n))-1] }

			s := c.Summary()
			for _, p := range []struct {
				q   float64
				got time.Duration
			}{{0.50, s.P50}, {0.95, s.P95}, {0.99, s.P99}, {0.50, s.ByModel["m"].P50}, {0.95, s.ByModel["m"].P95}} {
				want := exact(p.q)
				if rel := math.Abs(float64(p.got-want)) / float64(want); rel > 0.01 {
					t.Errorf("p%g: got %v, want %v (relative error %.4f > 0.01)", p.q*100, p.got, want, rel)
				}
			}
			// Every quantile, not just the three reported.
			l := new(latencies)
			l.add(&c.models.load()["m"].latency)
			for q := 0.001; q < 1; q += 0.001 {
				got, want := l.quantile(q), exact(q)
				if rel := math.Abs(float64(got-want)) / float64(want); rel > 0.01 {
					t.Fatalf("quantile %.3f: got %v, want %v (relative error %.4f > 0.01)", q, got, want, rel)
				}
			}
			if s.Max != data[n-1] {
				t.Errorf("Max: got %v, want %v", s.Max, data[n-1])
			}
			var sum time.Duration
			for _, d := range data {
				sum += d
			}
			if want := sum / n; s.AvgResponseTime != want {
				t.Errorf("AvgResponseTime: got %v, want %v", s.AvgResponseTime, want)
			}
		})
	}
}

func TestPercentilesClampedToMax(t *testing.T) {
	c := NewCollector()
	c.RecordRequest("m", time.Second, nil)
	c.RecordRequest("m", 2*time.Hour, nil) // beyond the last octave
	s := c.Summary()
	within(t, "P50", s.P50, time.Second, 0.01)
	if s.P99 != 2*time.Hour || s.Max != 2*time.Hour {
		t.Errorf("P99, Max: got %v, %v, want %v", s.P99, s.Max, 2*time.Hour)
	}
}

// TestMemoryDoesNotGrow records 10 million requests and checks that the
// heap, live or allocated, grows by less than 1 MB. Under the race detector,
// which makes a record cost over a microsecond, it records 1 million: the
// property is the same and the suite stays quick.
func TestMemoryDoesNotGrow(t *testing.T) {
	n := 10_000_000
	if raceEnabled {
		n = 1_000_000
	}
	c := NewCollector()
	errBoom := errorString("boom")
	models := []string{"gpt", "llama", "mistral", "claude"}
	for _, m := range models {
		c.RecordRequest(m, time.Millisecond, errBoom)
	}

	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	for i := range n {
		var err error
		if i%16 == 0 {
			err = errBoom
		}
		c.RecordRequest(models[i&3], time.Duration(i&0xfffff)*time.Microsecond, err)
	}
	runtime.GC()
	runtime.ReadMemStats(&after)

	if got := int64(after.HeapAlloc) - int64(before.HeapAlloc); got >= 1<<20 {
		t.Errorf("live heap grew by %d bytes after %d records, want < 1 MB", got, n)
	}
	if got := after.TotalAlloc - before.TotalAlloc; got >= 1<<20 {
		t.Errorf("%d bytes allocated during %d records, want < 1 MB", got, n)
	}
	if got, want := c.Summary().TotalRequests, int64(n+len(models)); got != want {
		t.Errorf("TotalRequests: got %d, want %d", got, want)
	}
}

type errorString string

func (e errorString) Error() string { return string(e) }
