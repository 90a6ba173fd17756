package cache

import (
	"bytes"
	"context"
	"runtime"
	"testing"
	"time"

	"go.uber.org/goleak"
)

func TestTTL(t *testing.T) {
	const ttl = time.Minute
	tests := []struct {
		name            string
		after           time.Duration
		wantHit         bool
		wantLoads       int64
		wantExpirations int64
	}{
		{"just loaded", 0, true, 1, 0},
		{"one nanosecond before the TTL", ttl - time.Nanosecond, true, 1, 0},
		{"at the TTL", ttl, false, 2, 1},
		{"long after the TTL", 10 * ttl, false, 2, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clk := newFakeClock()
			c := newTestCache[string, int](t, Options{TTL: ttl, Now: clk.Now})
			calls := 0
			if _, err := c.GetOrLoad(t.Context(), "k", value(1, &calls)); err != nil {
				t.Fatalf("first GetOrLoad: got error %v, want nil", err)
			}
			clk.Advance(tt.after)
			v, hit, err := c.GetOrLoadHit(t.Context(), "k", value(2, &calls))
			if err != nil {
				t.Fatalf("second GetOrLoadHit: got error %v, want nil", err)
			}
			if hit != tt.wantHit {
				t.Errorf("hit: got %v, want %v", hit, tt.wantHit)
			}
			if want := map[bool]int{true: 1, false: 2}[tt.wantHit]; v != want {
				t.Errorf("value: got %d, want %d", v, want)
			}
			st := c.Stats()
			if st.Loads != tt.wantLoads || st.Expirations != tt.wantExpirations || st.Size != 1 {
				t.Errorf("stats: got Loads %d, Expirations %d, Size %d; want %d, %d, 1",
					st.Loads, st.Expirations, st.Size, tt.wantLoads, tt.wantExpirations)
			}
		})
	}
}

func TestTTLExpiredEntriesAreCounted(t *testing.T) {
	clk := newFakeClock()
	c := newTestCache[int, int](t, Options{TTL: time.Second, Now: clk.Now})
	calls := 0
	for k := range 5 {
		if _, err := c.GetOrLoad(t.Context(), k, value(k, &calls)); err != nil {
			t.Fatalf("GetOrLoad(%d): got error %v, want nil", k, err)
		}
	}
	clk.Advance(time.Second)
	if _, ok := c.Get(0); ok {
		t.Errorf("Get at the TTL: got ok, want a miss")
	}
	// otter's timer wheel removes expired entries a tick (about 1.07 s) at a time.
	clk.Advance(2 * time.Second)
	st := c.Stats()
	if st.Size != 0 || st.Expirations != 5 || st.Evictions != 0 {
		t.Errorf("stats: got Size %d, Expirations %d, Evictions %d; want 0, 5, 0", st.Size, st.Expirations, st.Evictions)
	}
}

func TestMaxEntries(t *testing.T) {
	tests := []struct {
		max, keys     int
		wantSize      int
		wantEvictions int64
	}{
		{max: 10, keys: 5, wantSize: 5, wantEvictions: 0},
		{max: 10, keys: 10, wantSize: 10, wantEvictions: 0},
		{max: 10, keys: 25, wantSize: 10, wantEvictions: 15},
		{max: 0, keys: 500, wantSize: 500, wantEvictions: 0},
	}
	for _, tt := range tests {
		c := newTestCache[int, int](t, Options{MaxEntries: tt.max})
		calls := 0
		for k := range tt.keys {
			if _, err := c.GetOrLoad(t.Context(), k, value(k, &calls)); err != nil {
				t.Fatalf("GetOrLoad(%d): got error %v, want nil", k, err)
			}
		}
		st := c.Stats()
		if st.Size != tt.wantSize || st.Evictions != tt.wantEvictions || st.Expirations != 0 {
			t.Errorf("MaxEntries %d, %d keys: got Size %d, Evictions %d, Expirations %d; want %d, %d, 0",
				tt.max, tt.keys, st.Size, st.Evictions, st.Expirations, tt.wantSize, tt.wantEvictions)
		}
	}
}

func TestInvalidateAndClear(t *testing.T) {
	c := newTestCache[string, int](t, Options{})
	calls := 0
	load := func(k string) {
		t.Helper()
		if _, err := c.GetOrLoad(t.Context(), k, value(1, &calls)); err != nil {
			t.Fatalf("GetOrLoad(%q): got error %v, want nil", k, err)
		}
	}
	load("a")
	load("b")
	load("a") // hit
	if calls != 2 {
		t.Fatalf("loads before Invalidate: got %d, want 2", calls)
	}

	c.Invalidate("a")
	c.Invalidate("missing")
	if _, ok := c.Get("a"); ok {
		t.Errorf("Get(a) after Invalidate: got ok, want a miss")
	}
	if _, ok := c.Get("b"); !ok {
		t.Errorf("Get(b) after Invalidate(a): got a miss, want ok")
	}
	load("a")
	if calls != 3 {
		t.Errorf("loads after Invalidate: got %d, want 3", calls)
	}

	c.Clear()
	if got := c.Stats().Size; got != 0 {
		t.Errorf("Size after Clear: got %d, want 0", got)
	}
	load("a")
	load("b")
	if calls != 5 {
		t.Errorf("loads after Clear: got %d, want 5", calls)
	}
	st := c.Stats()
	if st.Evictions != 0 || st.Expirations != 0 {
		t.Errorf("after Invalidate and Clear: got Evictions %d, Expirations %d; want 0, 0", st.Evictions, st.Expirations)
	}
}

func TestNewPanicsOnNegativeOptions(t *testing.T) {
	tests := []struct {
		name string
		o    Options
	}{
		{"negative TTL", Options{TTL: -time.Second}},
		{"negative MaxEntries", Options{MaxEntries: -1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			defer func() {
				if recover() == nil {
					t.Errorf("New(%+v): got no panic, want one", tt.o)
				}
			}()
			New[int, int](tt.o).Close()
		})
	}
}

func TestCloseStopsGoroutines(t *testing.T) {
	c := newTestCache[int, int](t, Options{TTL: time.Hour, MaxEntries: 100})
	calls := 0
	// Enough writes and reads to make otter schedule maintenance on the cache's goroutines.
	for k := range 1000 {
		if _, err := c.GetOrLoad(t.Context(), k%200, value(k, &calls)); err != nil {
			t.Fatalf("GetOrLoad(%d): got error %v, want nil", k, err)
		}
	}
	if !eventually(func() bool { return goroutineRunning("otter/v2.periodicCleanUp") }) {
		t.Fatalf("before Close: otter's periodic clean-up goroutine is not running; this test checks nothing")
	}
	c.Close()
	c.Close() // a second Close does nothing
	goleak.VerifyNone(t)

	// Still usable after Close, without goroutines.
	if _, err := c.GetOrLoad(t.Context(), -1, value(-1, &calls)); err != nil {
		t.Errorf("GetOrLoad after Close: got error %v, want nil", err)
	}
	goleak.VerifyNone(t)
}

// goroutineRunning reports whether a goroutine runs the function fn. A goroutine that has not
// started yet may not be listed.
func goroutineRunning(fn string) bool {
	buf := make([]byte, 1<<20)
	return bytes.Contains(buf[:runtime.Stack(buf, true)], []byte(fn))
}

// eventually reports whether cond becomes true within a second.
func eventually(cond func() bool) bool {
	for deadline := time.Now().Add(time.Second); time.Now().Before(deadline); time.Sleep(time.Millisecond) {
		if cond() {
			return true
		}
	}
	return false
}

func TestHitPathDoesNotAllocate(t *testing.T) {
	c := newTestCache[string, int](t, Options{TTL: time.Hour, MaxEntries: 10})
	ctx := context.Background()
	calls := 0
	load := value(1, &calls)
	if _, err := c.GetOrLoad(ctx, "k", load); err != nil {
		t.Fatalf("GetOrLoad: got error %v, want nil", err)
	}
	tests := []struct {
		name string
		fn   func()
	}{
		{"GetOrLoad", func() { _, _ = c.GetOrLoad(ctx, "k", load) }},
		{"GetOrLoadHit", func() { _, _, _ = c.GetOrLoadHit(ctx, "k", load) }},
		{"Get", func() { _, _ = c.Get("k") }},
	}
	for _, tt := range tests {
		if got := testing.AllocsPerRun(1000, tt.fn); got != 0 {
			t.Errorf("%s on a hit: got %v allocations, want 0", tt.name, got)
		}
	}
}
