package metrics

import (
	"errors"
	"sync"
	"testing"
	"time"
)

// recordIn counts one request to model in session id.
func recordIn(s *Sessions, id, model string, err error) {
	s.Record(id, func(c *Collector) { c.RecordRequest(model, time.Millisecond, err) })
}

func TestSessions(t *testing.T) {
	s := NewSessions(CollectorOptions{})
	a, b := s.Open("a"), s.Open("b")
	if s.Open("a") != a {
		t.Fatal("Open returned a new collector for an open session")
	}
	if got, ok := s.Collector("a"); got != a || !ok {
		t.Fatalf("Collector(a) got %p, %v; want %p, true", got, ok, a)
	}
	recordIn(s, "a", "sentiment", nil)
	recordIn(s, "a", "sentiment", errors.New("x"))
	recordIn(s, "b", "keywords", nil)
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
	if got := s.End("a"); got.TotalRequests != 0 {
		t.Errorf("a second End got %d requests, want 0", got.TotalRequests)
	}
	if s.Open("a") == a {
		t.Error("an ended session's collector was reused")
	}
}

// A read or a late record never makes a collector: after End, a session's
// summary is final, and a task that finished late counts in the
// all-sessions figures only.
func TestSessionsReadsNeverCreate(t *testing.T) {
	cases := []struct {
		name  string
		late  func(s *Sessions)
		added int64 // what late adds to the all-sessions figures
	}{
		{"read of an ended session", func(s *Sessions) { s.Collector("a") }, 0},
		{"read of an unknown session", func(s *Sessions) { s.Collector("never") }, 0},
		{"task of an ended session", func(s *Sessions) { recordIn(s, "a", "m", nil) }, 1},
		{"task of an unknown session", func(s *Sessions) { recordIn(s, "never", "m", nil) }, 1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := NewSessions(CollectorOptions{})
			s.Open("a")
			recordIn(s, "a", "m", nil)
			final := s.End("a")
			before := s.Summary().TotalRequests

			tc.late(s)

			for _, id := range []string{"a", "never"} {
				if c, ok := s.Collector(id); ok || c != nil {
					t.Errorf("Collector(%s) got %p, %v; want nil, false", id, c, ok)
				}
			}
			if n := len(s.live); n != 0 {
				t.Errorf("got %d open collectors, want 0", n)
			}
			if got := s.End("a"); got.TotalRequests != 0 {
				t.Errorf("a late End of a got %d requests, want 0 (its summary was final)", got.TotalRequests)
			}
			if final.TotalRequests != 1 {
				t.Errorf("final summary got %d requests, want 1", final.TotalRequests)
			}
			if got, want := s.Summary().TotalRequests, before+tc.added; got != want {
				t.Errorf("all-sessions got %d requests, want %d", got, want)
			}
		})
	}
}

// Records racing with End are counted once: in the final summary or in the
// all-sessions figures after it, never lost nor twice.
func TestSessionsRecordRacesEnd(t *testing.T) {
	s := NewSessions(CollectorOptions{})
	const ids, per = 20, 200
	var wg sync.WaitGroup
	for i := range ids {
		id := string(rune('a' + i))
		s.Open(id)
		wg.Go(func() {
			for range per {
				recordIn(s, id, "m", nil)
			}
		})
		wg.Go(func() { s.End(id) })
	}
	wg.Wait()
	if got, want := s.Summary().TotalRequests, int64(ids*per); got != want {
		t.Errorf("got %d requests in all sessions, want %d", got, want)
	}
	if n := len(s.live); n != 0 {
		t.Errorf("got %d open collectors after every End, want 0", n)
	}
}

func TestSessionsConcurrent(t *testing.T) {
	s := NewSessions(CollectorOptions{})
	for _, id := range []string{"a", "b", "c"} {
		s.Open(id)
	}
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for i := range 1000 {
				recordIn(s, []string{"a", "b", "c"}[i%3], "m", nil)
				_, _ = s.Collector("a")
			}
		})
	}
	wg.Go(func() {
		for range 100 {
			_ = s.Summary()
		}
	})
	wg.Wait()
	if got := s.Summary().TotalRequests; got != 8000 {
		t.Errorf("got %d requests, want 8000", got)
	}
}
