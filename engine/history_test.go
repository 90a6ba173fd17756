package engine

import (
	"context"
	"testing"
)

// LiveSummary reads an open session's collector: its figures so far, with
// no checkpoint written, and nothing once the session ended or for a
// session never opened.
func TestLiveSummary(t *testing.T) {
	e, ctx, s := newEngine(t, &upper{})
	if got, ok := e.LiveSummary(s.ID()); !ok || got.Requests != 0 {
		t.Fatalf("got %+v, %v before any task, want 0 requests, true", got, ok)
	}
	for _, text := range []string{"a", "b", "fail"} {
		_, _ = e.RunModel(ctx, Request{Model: "upper", Text: text})
	}
	got, ok := e.LiveSummary(s.ID())
	if !ok || got.Requests != 3 || got.Errors != 1 || got.ModelUsage["upper"] != 3 {
		t.Errorf("got %+v, %v, want 3 requests, 1 error, all of upper", got, ok)
	}
	if _, ok := e.LiveSummary("01900000-0000-7000-8000-000000000000"); ok {
		t.Error("a session never opened has live figures")
	}
	e.Sessions().End(s)
	if got, ok := e.LiveSummary(s.ID()); ok {
		t.Errorf("got %+v after End, want none", got)
	}
	// Reading never makes a collector: a task counted after End stays out.
	other, _ := e.Sessions().Start(context.Background())
	e.Sessions().End(other)
	_, _ = e.LiveSummary(other.ID())
	if _, ok := e.Metrics().Collector(other.ID()); ok {
		t.Error("LiveSummary made a collector for an ended session")
	}
}
