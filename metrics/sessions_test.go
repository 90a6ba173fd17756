package metrics

import (
	"errors"
	"sync"
	"testing"
	"time"
)

func TestSessions(t *testing.T) {
	s := NewSessions(CollectorOptions{})
	a, b := s.Collector("a"), s.Collector("b")
	if s.Collector("a") != a {
		t.Fatal("Collector returned a new collector for a known session")
	}
	a.RecordRequest("sentiment", time.Millisecond, nil)
	a.RecordRequest("sentiment", time.Millisecond, errors.New("x"))
	b.RecordRequest("keywords", time.Millisecond, nil)
	b.RecordCacheHit("keywords")

	if got := s.Summary(); got.TotalRequests != 4 || got.Errors != 1 || got.CacheHits != 1 || got.ModelUsage["keywords"] != 2 {
		t.Errorf("got all-sessions %+v, want 4 requests, 1 error, 1 hit, keywords 2", got)
	}
	end := s.End("a")
	if end.TotalRequests != 2 || end.Errors != 1 {
		t.Errorf("End(a) got %d requests %d errors, want 2 and 1", end.TotalRequests, end.Errors)
	}
	if got := s.Summary(); got.TotalRequests != 4 || got.ModelUsage["sentiment"] != 2 {
		t.Errorf("after End the all-sessions view got %d requests, sentiment %d; want 4 and 2 kept", got.TotalRequests, got.ModelUsage["sentiment"])
	}
	if got := s.End("nobody"); got.TotalRequests != 0 {
		t.Errorf("End of an unknown session got %d requests, want 0", got.TotalRequests)
	}
	if s.Collector("a") == a {
		t.Error("an ended session's collector was reused")
	}
}

func TestSessionsConcurrent(t *testing.T) {
	s := NewSessions(CollectorOptions{})
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 1000 {
				s.Collector([]string{"a", "b", "c"}[i%3]).RecordRequest("m", time.Microsecond, nil)
			}
		}()
	}
	wg.Wait()
	if got := s.Summary().TotalRequests; got != 8000 {
		t.Errorf("got %d requests, want 8000", got)
	}
}
