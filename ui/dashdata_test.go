package ui

import (
	"strings"
	"testing"
	"time"

	"vigia/metrics"
)

func TestBuildCards(t *testing.T) {
	now := time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)
	var pts []metrics.Point
	// The minute before last: 100 requests, 1 error, p50 10 ms. The last
	// minute: 120 requests, 6 errors, 30 cache hits, p50 20 ms.
	for i := range 60 {
		t0 := now.Add(-2*time.Minute + time.Duration(i)*time.Second)
		if i < 50 {
			pts = append(pts, metrics.Point{Time: t0, Requests: 2, P50: 10 * time.Millisecond, P95: 30 * time.Millisecond})
		}
		t1 := now.Add(-time.Minute + time.Duration(i)*time.Second)
		if i < 30 {
			pts = append(pts, metrics.Point{Time: t1, Requests: 4, Errors: 0, CacheHits: 1, P50: 20 * time.Millisecond, P95: 40 * time.Millisecond})
		}
	}
	pts[0].Errors = 1
	for i := range pts {
		if pts[i].Time.After(now.Add(-time.Minute)) && pts[i].Requests == 4 && i%10 == 1 {
			pts[i].Errors = 1
		}
	}
	sum := metrics.Summary{TotalRequests: 220, Errors: 7, ErrorRate: 7.0 / 220, CacheHits: 30, AvgResponseTime: 15 * time.Millisecond, P95: 38 * time.Millisecond}
	samples := []metrics.Sample{
		{Time: now.Add(-90 * time.Second), RSS: 100 << 20},
		{Time: now.Add(-59 * time.Second), RSS: 110 << 20},
		{Time: now.Add(-time.Second), RSS: 150 << 20},
	}
	cards := buildCards(sum, pts, samples, now)
	want := []struct {
		title, value, delta string
		sign                deltaSign
	}{
		{"Total requests", "220", "+120 in the last minute", deltaNeutral},
		{"Error rate", "3.18 %", "points in the last minute", deltaBad},
		{"Avg response time", "15 ms", "+10 ms in the last minute", deltaBad},
		{"p95 response time", "38 ms", "+10 ms in the last minute", deltaBad},
		{"Cache hit ratio", "13.64 %", "+25.00 points in the last minute", deltaGood},
		{"Memory (RSS)", "150 MB", "+40 MB in the last minute", deltaBad},
	}
	if len(cards) != len(want) {
		t.Fatalf("got %d cards, want %d", len(cards), len(want))
	}
	for i, w := range want {
		c := cards[i]
		if c.Title != w.title || c.Value != w.value || !strings.Contains(c.Delta, w.delta) || c.Sign != w.sign {
			t.Errorf("card %d got %q %q %q %v, want %q %q %q %v", i, c.Title, c.Value, c.Delta, c.Sign, w.title, w.value, w.delta, w.sign)
		}
		if len(c.Spark) != sparkBuckets || c.Help == "" {
			t.Errorf("card %s: got %d spark points and help %q", c.Title, len(c.Spark), c.Help)
		}
	}
}

func TestBuildCardsEmpty(t *testing.T) {
	cards := buildCards(metrics.Summary{}, nil, nil, time.Now())
	for _, c := range cards {
		if c.Sign != deltaNeutral || c.Value == "" || c.Delta == "" {
			t.Errorf("empty card %+v", c)
		}
	}
	if cards[1].Value != "0.00 %" || cards[5].Value != "–" {
		t.Errorf("got %q and %q for an empty error rate and memory", cards[1].Value, cards[5].Value)
	}
}
