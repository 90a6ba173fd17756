package chaos

import (
	"math/rand/v2"
	"slices"
	"testing"
	"time"
)

func TestDelay(t *testing.T) {
	tests := []struct {
		name            string
		latency, jitter time.Duration
		wantMin         time.Duration
		wantMax         time.Duration
		wantMedian      time.Duration // within 2 % of 2·jitter
	}{
		{"defaults", DefaultLatency, DefaultJitter, 30 * time.Millisecond, 70 * time.Millisecond, DefaultLatency},
		{"no jitter", time.Second, 0, time.Second, time.Second, time.Second},
		{"jitter over latency floors at 0", 10 * time.Millisecond, 30 * time.Millisecond, 0, 40 * time.Millisecond, 10 * time.Millisecond},
		{"zero", 0, 0, 0, 0, 0},
	}
	r := rand.New(rand.NewPCG(1, 2))
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ds := make([]time.Duration, 10001)
			for i := range ds {
				ds[i] = delay(tt.latency, tt.jitter, r.Float64())
			}
			slices.Sort(ds)
			median := ds[len(ds)/2]
			slack := 2 * tt.jitter / 50
			if ds[0] < tt.wantMin || ds[len(ds)-1] > tt.wantMax || median < tt.wantMedian-slack || median > tt.wantMedian+slack {
				t.Errorf("got min %v, median %v, max %v; want min ≥ %v, median %v, max ≤ %v",
					ds[0], median, ds[len(ds)-1], tt.wantMin, tt.wantMedian, tt.wantMax)
			}
		})
	}
	if got := delay(time.Second, 100*time.Millisecond, 0); got != 900*time.Millisecond {
		t.Errorf("delay(1s, 100ms, 0) = %v, want 900ms", got)
	}
}

func TestCountAllocs(t *testing.T) {
	if n := testing.AllocsPerRun(100, func() { count("El niño comió piñas.") }); n != 0 {
		t.Errorf("count allocates %v times, want 0", n)
	}
}
