package engine

import (
	"context"
	"io"
	"testing"
	"time"

	"vigia/logging"
	"vigia/models"
)

// gate is a test model whose tasks run until released, whatever their
// context says, as a model that ignores cancellation.
type gate struct {
	started chan struct{} // receives once per task as it starts
	release chan struct{} // closing it ends every task
}

func newGate() *gate { return &gate{started: make(chan struct{}, 16), release: make(chan struct{})} }

func (g *gate) Name() string                 { return "gate" }
func (g *gate) Description() string          { return "Waits to be released." }
func (g *gate) Params() []models.Param       { return nil }
func (g *gate) Cacheable(models.Values) bool { return false }
func (g *gate) Run(context.Context, models.Input) (models.Result, error) {
	g.started <- struct{}{}
	<-g.release
	return models.Result{Text: "done"}, nil
}

// endRecord returns the attributes of the session_end record of id.
func endRecord(t *testing.T, e *Engine, id string) (requests int64, late bool) {
	t.Helper()
	found := false
	for _, en := range e.Logs().Ring().Snapshot() {
		ev, _ := en.Attr("event")
		sid, _ := en.Attr("session")
		if sid.String() != id {
			continue
		}
		switch ev.String() {
		case "session_end":
			found = true
			r, _ := en.Attr("requests")
			requests = r.Int64()
		case "session_end_late":
			late = true
		}
	}
	if !found {
		t.Fatalf("no session_end record for %s", id)
	}
	return requests, late
}

// A task that started in a session and finishes after its End is counted
// in the session's final figures when it ends within EndWait, and in the
// all-sessions figures only when it outlives it; either way no collector
// comes back for the ended session, whatever reads it afterwards.
func TestSessionEndWaitsForRunningTasks(t *testing.T) {
	cases := []struct {
		name         string
		endWait      time.Duration
		releaseEarly bool  // release the task while End waits
		wantFinal    int64 // requests in the session_end record
		wantLate     bool  // a session_end_late warning
	}{
		{"task ends while End waits", time.Minute, true, 1, false},
		{"task outlives EndWait", 20 * time.Millisecond, false, 0, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			g := newGate()
			e := New(Config{Logging: logging.Options{Dir: t.TempDir(), Console: io.Discard}, Models: models.NewRegistry(g), EndWait: tc.endWait})
			defer e.Close()
			s, ctx := e.Sessions().Start(context.Background())
			id := s.ID()

			ran := make(chan error, 1)
			go func() {
				_, err := e.RunModel(ctx, Request{Model: "gate", Text: "x"})
				ran <- err
			}()
			<-g.started
			ended := make(chan struct{})
			go func() {
				e.Sessions().End(s)
				close(ended)
			}()
			if tc.releaseEarly {
				for { // End marks the session ended, then waits for its tasks
					if _, ok := s.End(); ok {
						break
					}
					time.Sleep(time.Millisecond)
				}
				close(g.release)
				<-ended
			} else {
				<-ended
				close(g.release)
			}
			if err := <-ran; err != nil {
				t.Fatal(err)
			}

			// Late readers: a dashboard refresh, a checkpoint.
			_ = e.SessionSummary(id)
			_ = e.SessionSeries(id)

			got, late := endRecord(t, e, id)
			if got != tc.wantFinal || late != tc.wantLate {
				t.Errorf("session_end got %d requests, late warning %v; want %d, %v", got, late, tc.wantFinal, tc.wantLate)
			}
			if c, ok := e.Metrics().Collector(id); ok || c != nil {
				t.Errorf("an ended session's collector came back: got %p, %v; want nil, false", c, ok)
			}
			if sum := e.SessionSummary(id); sum.TotalRequests != 0 {
				t.Errorf("an ended session's summary got %d requests, want an empty view", sum.TotalRequests)
			}
			if got := e.AllSummary().TotalRequests; got != 1 {
				t.Errorf("all sessions got %d requests, want 1 (the late task counted once)", got)
			}
			if n := e.drain(id, 0); n != 0 {
				t.Errorf("got %d tasks still counted as running, want 0", n)
			}
		})
	}
}

// A session with no running task ends without waiting.
func TestSessionEndIdleDoesNotWait(t *testing.T) {
	e := New(Config{Logging: logging.Options{Dir: t.TempDir(), Console: io.Discard}, Models: models.NewRegistry(&upper{}), EndWait: time.Hour})
	defer e.Close()
	s, ctx := e.Sessions().Start(context.Background())
	if _, err := e.RunModel(ctx, Request{Model: "upper", Text: "x"}); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	e.Sessions().End(s)
	if took := time.Since(start); took > 10*time.Second {
		t.Errorf("End of an idle session took %v, want no wait", took)
	}
	if got, _ := endRecord(t, e, s.ID()); got != 1 {
		t.Errorf("session_end got %d requests, want 1", got)
	}
}
