package logging

import (
	"fmt"
	"log/slog"
	"testing"
	"time"
)

func TestRingWrapsAndSince(t *testing.T) {
	r := NewRing(3)
	for i := 1; i <= 5; i++ {
		r.add(Entry{Message: fmt.Sprint(i)})
	}
	msgs := func(es []Entry) string {
		s := ""
		for _, e := range es {
			s += e.Message
		}
		return s
	}
	if got := msgs(r.Snapshot()); got != "345" {
		t.Errorf("Snapshot got %q, want 345", got)
	}
	cases := []struct {
		since    uint64
		want     string
		wantNext uint64
	}{{0, "345", 5}, {3, "45", 5}, {4, "5", 5}, {5, "", 5}, {9, "", 5}}
	for _, c := range cases {
		es, next := r.Since(c.since)
		if got := msgs(es); got != c.want || next != c.wantNext {
			t.Errorf("Since(%d) = %q, %d; want %q, %d", c.since, got, next, c.want, c.wantNext)
		}
	}
	if r.Len() != 3 {
		t.Errorf("Len got %d, want 3", r.Len())
	}
}

func TestRingPartial(t *testing.T) {
	r := NewRing(5)
	r.add(Entry{Message: "a"})
	r.add(Entry{Message: "b"})
	es, next := r.Since(1)
	if len(es) != 1 || es[0].Message != "b" || es[0].Seq != 2 || next != 2 {
		t.Errorf("Since(1) got %+v next %d, want [b] with seq 2", es, next)
	}
}

func TestRingSubscribeCoalesces(t *testing.T) {
	r := NewRing(10)
	c, cancel := r.Subscribe()
	for range 100 {
		r.add(Entry{}) // must never block on the subscriber
	}
	select {
	case <-c:
	case <-time.After(5 * time.Second):
		t.Fatal("no wake-up")
	}
	select {
	case <-c:
		t.Error("got a second wake-up for records already announced")
	default:
	}
	cancel()
	cancel() // twice is fine
	r.add(Entry{})
	select {
	case <-c:
		t.Error("got a wake-up after cancel")
	default:
	}
}

func TestEntryLineAndContains(t *testing.T) {
	e := Entry{Time: time.Date(2026, 11, 27, 20, 43, 25, 123e6, time.Local), Level: slog.LevelWarn, Logger: "vigia", Message: "disk\nlow",
		ctx: &ringContext{attrs: []slog.Attr{slog.Int("free_mb", 12)}, keys: []string{"free_mb"}}}
	want := `2026-11-27 20:43:25.123 - vigia - WARN - disk\nlow free_mb=12`
	if got := e.Line(); got != want {
		t.Errorf("Line got %q, want %q", got, want)
	}
	for q, want := range map[string]bool{"": true, "DISK": true, "free_mb=12": true, "warn": true, "error": false} {
		if got := e.Contains(q); got != want {
			t.Errorf("Contains(%q) = %v, want %v", q, got, want)
		}
	}
}
