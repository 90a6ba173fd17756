package cache

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"
)

func TestStatsExact(t *testing.T) {
	clk := newFakeClock()
	c := newTestCache[string, int](t, Options{TTL: time.Hour, MaxEntries: 100, Now: clk.Now})
	taking := func(d time.Duration, err error) func(context.Context) (int, error) {
		return func(context.Context) (int, error) {
			clk.Advance(d)
			return 1, err
		}
	}
	ctx := t.Context()
	_, _ = c.GetOrLoad(ctx, "a", taking(1*time.Second, nil))             // miss, load
	_, _ = c.GetOrLoad(ctx, "b", taking(3*time.Second, nil))             // miss, load
	_, _ = c.GetOrLoad(ctx, "c", taking(2*time.Second, errors.New("x"))) // miss, failed load
	for range 3 {
		_, _ = c.GetOrLoad(ctx, "a", taking(time.Hour, nil)) // hit
	}
	_, _ = c.Get("b") // hit
	_, _ = c.Get("c") // miss

	got := c.Stats()
	want := Stats{Hits: 4, Misses: 4, Loads: 3, LoadErrors: 1, Size: 2, AvgLoadTime: 2 * time.Second}
	if got != want {
		t.Errorf("Stats: got %+v, want %+v", got, want)
	}
	if got, want := got.HitRatio(), 0.5; got != want {
		t.Errorf("HitRatio: got %v, want %v", got, want)
	}
}

func TestHitRatio(t *testing.T) {
	tests := []struct {
		s    Stats
		want float64
	}{
		{Stats{}, 0},
		{Stats{Hits: 3}, 1},
		{Stats{Misses: 3}, 0},
		{Stats{Hits: 3, Misses: 1}, 0.75},
	}
	for _, tt := range tests {
		if got := tt.s.HitRatio(); got != tt.want {
			t.Errorf("HitRatio of %+v: got %v, want %v", tt.s, got, tt.want)
		}
	}
}

func TestStatsConcurrency(t *testing.T) {
	const (
		goroutines = 8
		perG       = 10_000
		keys       = 64
	)
	c := newTestCache[int, int](t, Options{TTL: time.Hour, MaxEntries: 1000})
	var wg sync.WaitGroup
	for g := range goroutines {
		wg.Go(func() {
			for i := range perG {
				k := (g + i) % keys
				if _, err := c.GetOrLoad(t.Context(), k, func(context.Context) (int, error) { return k, nil }); err != nil {
					t.Errorf("GetOrLoad(%d): got error %v, want nil", k, err)
					return
				}
			}
		})
	}
	wg.Wait()
	st := c.Stats()
	if st.Hits+st.Misses != goroutines*perG {
		t.Errorf("Hits+Misses: got %d, want %d", st.Hits+st.Misses, goroutines*perG)
	}
	if st.Loads != keys || st.Size != keys {
		t.Errorf("Loads, Size: got %d, %d; want %d, %d (one load per key)", st.Loads, st.Size, keys, keys)
	}
	// Misses beyond the loads are callers that shared a load in flight.
	if st.Misses < keys {
		t.Errorf("Misses: got %d, want at least %d", st.Misses, keys)
	}
}
