package session

import (
	"context"
	"log/slog"
	"slices"
	"testing"
)

func TestTrack(t *testing.T) {
	tests := []struct {
		action, details string
		wantMsg         string
	}{
		{"click", "button=refresh", "User Action: click"},
		{"open_tab", "", "User Action: open_tab"},
		{"select model", "gpt-4o mini", "User Action: select model"},
	}
	f := newFixture(t)
	s, ctx := f.m.Start(context.Background())
	for i, tt := range tests {
		Track(ctx, tt.action, tt.details)

		es := f.events("user_action")
		if len(es) != i+1 {
			t.Fatalf("after %d Track calls got %d user_action records, want %d", i+1, len(es), i+1)
		}
		e := es[i]
		if e.Message != tt.wantMsg {
			t.Errorf("message = %q, want %q", e.Message, tt.wantMsg)
		}
		if e.Level != slog.LevelInfo {
			t.Errorf("level = %v, want INFO", e.Level)
		}
		if e.Logger != "vigia.session."+s.ID() || e.Session != s.ID() {
			t.Errorf("record logger, session = %q, %q, want %q, %q", e.Logger, e.Session, "vigia.session."+s.ID(), s.ID())
		}
		if got, want := attrKeys(e), []string{"session", "event", "action", "details"}; !slices.Equal(got, want) {
			t.Errorf("attribute keys = %v, want %v", got, want)
		}
		if got := attrString(t, e, "action"); got != tt.action {
			t.Errorf("action = %q, want %q", got, tt.action)
		}
		if got := attrString(t, e, "details"); got != tt.details {
			t.Errorf("details = %q, want %q", got, tt.details)
		}
		if got := s.Counts().Actions; got != int64(i+1) {
			t.Errorf("Counts().Actions = %d, want %d", got, i+1)
		}
	}
	if got := s.Counts().Tasks; got != 0 {
		t.Errorf("Counts().Tasks = %d after Track alone, want 0", got)
	}
	if n := len(f.hooks.all()); n != 0 {
		t.Errorf("hook called %d times by Track, want 0", n)
	}
}

// Track with no session logs through slog.Default and counts nothing.
func TestTrackWithoutSession(t *testing.T) {
	f := newFixture(t)
	useDefault(t, f.logs.Logger())
	s, _ := f.m.Start(context.Background())

	Track(context.Background(), "click", "about")

	e := f.one(t, "user_action")
	if e.Logger != "vigia" || e.Session != "" {
		t.Errorf("record logger, session = %q, %q, want %q, %q", e.Logger, e.Session, "vigia", "")
	}
	if got := attrString(t, e, "action"); got != "click" {
		t.Errorf("action = %q, want %q", got, "click")
	}
	if got := attrString(t, e, "details"); got != "about" {
		t.Errorf("details = %q, want %q", got, "about")
	}
	if got := s.Counts().Actions; got != 0 {
		t.Errorf("an unrelated session counted %d actions, want 0", got)
	}
}
