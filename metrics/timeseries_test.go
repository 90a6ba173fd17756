package metrics

import (
	"errors"
	"math"
	"testing"
	"time"
)

func TestSeries(t *testing.T) {
	clock := newFakeClock(t0)
	c := NewCollectorWithOptions(CollectorOptions{Now: clock.Now})
	errBoom := errors.New("boom")

	// Second t0: 18 requests of 10 ms, two of 1 s (one fails), 3 cache hits.
	for range 18 {
		c.RecordRequest("m", 10*time.Millisecond, nil)
	}
	clock.Advance(500 * time.Millisecond)
	c.RecordRequest("m", time.Second, errBoom)
	c.RecordRequest("m", time.Second, nil)
	for range 3 {
		c.RecordCacheHit("m")
	}
	// Second t0+1: one request of 100 ms.
	clock.Advance(500 * time.Millisecond)
	c.RecordRequest("m", 100*time.Millisecond, nil)

	pts := c.Series()
	if got, want := len(pts), 900; got != want {
		t.Fatalf("len(Series()): got %d, want %d", got, want)
	}
	// The second in progress (t0+1) is not shown yet.
	last := pts[len(pts)-1]
	if !last.Time.Equal(t0) {
		t.Fatalf("last point: got %v, want %v", last.Time, t0)
	}
	if last.Requests != 23 || last.Errors != 1 || last.CacheHits != 3 {
		t.Errorf("point t0: got %d requests, %d errors, %d hits, want 23, 1, 3", last.Requests, last.Errors, last.CacheHits)
	}
	within(t, "point t0 P50", last.P50, 10*time.Millisecond, 1.0/16)
	within(t, "point t0 P95", last.P95, time.Second, 1.0/16)
	for i, p := range pts[:len(pts)-1] {
		if want := t0.Add(time.Duration(i-899) * time.Second); !p.Time.Equal(want) || p.Requests != 0 {
			t.Fatalf("point %d: got %v with %d requests, want %v with 0", i, p.Time, p.Requests, want)
		}
	}

	clock.Advance(time.Second) // t0+2
	pts = c.Series()
	if p := pts[len(pts)-1]; !p.Time.Equal(t0.Add(time.Second)) || p.Requests != 1 {
		t.Errorf("last point after a second: got %v with %d requests, want t0+1s with 1", p.Time, p.Requests)
	}
	within(t, "point t0+1 P50", pts[len(pts)-1].P50, 100*time.Millisecond, 1.0/16)

	// At t0+900 the window is [t0, t0+899]: t0 is the oldest point.
	clock.Advance(898 * time.Second)
	pts = c.Series()
	if p := pts[0]; !p.Time.Equal(t0) || p.Requests != 23 {
		t.Errorf("first point at t0+900: got %v with %d requests, want t0 with 23", p.Time, p.Requests)
	}
	// Recording at t0+901 reuses t0's slot: t0 must be gone, not merged.
	clock.Advance(time.Second)
	c.RecordRequest("m", time.Millisecond, nil)
	clock.Advance(time.Second)
	pts = c.Series()
	if p := pts[len(pts)-1]; !p.Time.Equal(t0.Add(901*time.Second)) || p.Requests != 1 || p.Errors != 0 || p.CacheHits != 0 {
		t.Errorf("point t0+901: got %v with %d requests, %d errors, %d hits, want 1, 0, 0",
			p.Time, p.Requests, p.Errors, p.CacheHits)
	}
	var total int64
	for _, p := range pts {
		total += p.Requests
	}
	if total != 1 { // the window is [t0+2, t0+901]
		t.Errorf("requests in the series at t0+902: got %d, want 1", total)
	}
	// The summary keeps everything.
	if got := c.Summary().TotalRequests; got != 25 {
		t.Errorf("TotalRequests: got %d, want 25", got)
	}
}

func TestSeriesClockStepsBack(t *testing.T) {
	clock := newFakeClock(t0)
	c := NewCollectorWithOptions(CollectorOptions{Now: clock.Now})
	c.RecordRequest("m", time.Millisecond, nil)
	clock.Advance(-time.Hour)
	c.RecordRequest("m", time.Millisecond, nil)
	clock.Advance(time.Second)
	pts := c.Series()
	if p := pts[len(pts)-1]; !p.Time.Equal(t0.Add(-time.Hour)) || p.Requests != 1 {
		t.Errorf("after the clock stepped back: got %v with %d requests, want %v with 1", p.Time, p.Requests, t0.Add(-time.Hour))
	}
}

func TestThroughput(t *testing.T) {
	clock := newFakeClock(t0)
	c := NewCollectorWithOptions(CollectorOptions{Now: clock.Now})
	for range 110 {
		c.RecordRequest("m", time.Millisecond, nil)
	}
	for range 10 {
		c.RecordCacheHit("m")
	}
	tests := []struct {
		at   time.Duration // since t0
		want float64
	}{
		{0, 0},                 // no complete second yet
		{time.Second, 120},     // 120 requests in the one second there is
		{30 * time.Second, 4},  // 120 over 30 s
		{60 * time.Second, 2},  // 120 over the full minute
		{61 * time.Second, 0},  // t0 left the minute
		{600 * time.Second, 0}, // long after
	}
	for _, tt := range tests {
		clock.ns.Store(t0.Add(tt.at).UnixNano())
		if got := c.Summary().Throughput; math.Abs(got-tt.want) > 1e-9 {
			t.Errorf("Throughput at t0+%v: got %v, want %v", tt.at, got, tt.want)
		}
	}
}

func within(t *testing.T, what string, got, want time.Duration, rel float64) {
	t.Helper()
	if e := math.Abs(float64(got-want)) / float64(want); e > rel {
		t.Errorf("%s: got %v, want %v within %.2f %%", what, got, want, rel*100)
	}
}

func BenchmarkSeries(b *testing.B) {
	clock := newFakeClock(t0)
	c := NewCollectorWithOptions(CollectorOptions{Now: clock.Now})
	for range 900 {
		for i := range 100 {
			c.RecordRequest("m", time.Duration(i)*time.Millisecond, nil)
		}
		clock.Advance(time.Second)
	}
	b.ReportAllocs()
	for b.Loop() {
		c.Series()
	}
}
