package ui

import (
	"context"
	"log/slog"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"go.uber.org/goleak"

	"vigia/models/openai"
)

func TestLLMFigures(t *testing.T) {
	tests := []struct {
		name string
		in   *openai.Timing
		want string
	}{
		{"no timing", nil, ""},
		{"streamed with usage",
			&openai.Timing{Streamed: true, TTFT: 180 * time.Millisecond, OutputTokensPerSecond: 41.6, TokensIn: 120, TokensOut: 350},
			"TTFT 180 ms · 42 tok/s · 120 → 350 tokens"},
		{"first token below a millisecond",
			&openai.Timing{Streamed: true, TTFT: 420 * time.Microsecond, OutputTokensPerSecond: 1234.4, TokensIn: 3, TokensOut: 5},
			"TTFT 0.4 ms · 1,234 tok/s · 3 → 5 tokens"},
		{"slow",
			&openai.Timing{Streamed: true, TTFT: 2345 * time.Millisecond, OutputTokensPerSecond: 3.46, TokensIn: 10, TokensOut: 20},
			"TTFT 2,345 ms · 3.5 tok/s · 10 → 20 tokens"},
		{"no usage: tokens counted from the chunks",
			&openai.Timing{Streamed: true, TTFT: 12 * time.Millisecond, OutputTokensPerSecond: 7, TokensOut: 7, TokensEstimated: true},
			"TTFT 12 ms · 7.0 tok/s · ? → 7 tokens (estimated)"},
		{"whole answer without usage", &openai.Timing{TTFT: 1500 * time.Millisecond, E2E: 1500 * time.Millisecond},
			"TTFT 1,500 ms"},
		{"no text came", &openai.Timing{Streamed: true, E2E: time.Second}, ""},
	}
	for _, tt := range tests {
		if got := llmFigures(tt.in); got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestTaskTime(t *testing.T) {
	tests := []struct {
		d    time.Duration
		want string
	}{
		{0, "0.00 ms"},
		{40 * time.Microsecond, "0.04 ms"},
		{100 * time.Microsecond, "0.1 ms"},
		{420 * time.Microsecond, "0.4 ms"},
		{4200 * time.Microsecond, "4.2 ms"},
		{9960 * time.Microsecond, "10 ms"},
		{12 * time.Millisecond, "12 ms"},
		{999400 * time.Microsecond, "999 ms"},
		{999600 * time.Microsecond, "1.0 s"},
		{1234 * time.Millisecond, "1.2 s"},
		{9960 * time.Millisecond, "10 s"},
		{42 * time.Second, "42 s"},
	}
	for _, tt := range tests {
		if got := taskTime(tt.d); got != tt.want {
			t.Errorf("taskTime(%v): got %q, want %q", tt.d, got, tt.want)
		}
	}
}

func TestSnippet(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"empty", "", ""},
		{"short", "Hola, mundo", "Hola, mundo"},
		{"white space on one line", "  one\n\ttwo   three \r\n", "one two three"},
		{"exactly n", strings.Repeat("a", 40), strings.Repeat("a", 40)},
		{"cut after a word", "The quick brown fox jumps over the lazy dog, twice", "The quick brown fox jumps over the lazy…"},
		{"one long word", strings.Repeat("x", 50), strings.Repeat("x", 40) + "…"},
		{"runes, not bytes", strings.Repeat("ñ", 45), strings.Repeat("ñ", 40) + "…"},
		{"a long input read only at its start", "start " + strings.Repeat(" ", 1000) + "end", "start…"},
		{"huge", strings.Repeat("word ", 2_000_000), strings.TrimSpace(strings.Repeat("word ", 8)) + "…"},
	}
	for _, tt := range tests {
		if got := snippet(tt.in, 40); got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.name, got, tt.want)
		}
	}
}

// TestLiveText: a repaint is claimed only for new text and only once until
// it is taken, however many pieces arrive in between.
func TestLiveText(t *testing.T) {
	var l liveText
	if l.claim() {
		t.Error("claimed a repaint with no text")
	}
	l.add("Hola")
	if !l.claim() {
		t.Fatal("no repaint claimed for new text")
	}
	l.add(", ")
	l.add("mundo")
	if l.claim() {
		t.Error("claimed a second repaint while one is queued")
	}
	if got := l.take(); got != "Hola, mundo" {
		t.Errorf("got %q, want Hola, mundo", got)
	}
	if l.claim() {
		t.Error("claimed a repaint with nothing new")
	}
	l.add("!")
	if !l.claim() || l.take() != "Hola, mundo!" {
		t.Error("new text after a repaint was not claimed or not taken")
	}
}

// TestEveryUntil: the ticker runs until done is closed, and its goroutine
// ends then, before the async is closed.
func TestEveryUntil(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	a := newAsync(context.Background(), slog.New(slog.DiscardHandler), nil)
	defer a.Close()
	done := make(chan struct{})
	var ticks atomic.Int64
	a.EveryUntil(done, "tick", time.Millisecond, func(context.Context) { ticks.Add(1) })
	pump(t, "a few ticks", func() bool { return ticks.Load() >= 3 })
	close(done)
	ended := make(chan struct{})
	go func() { a.wg.Wait(); close(ended) }()
	select {
	case <-ended:
	case <-time.After(10 * time.Second):
		t.Fatal("the ticker did not stop when done was closed")
	}
	n := ticks.Load()
	time.Sleep(20 * time.Millisecond)
	if got := ticks.Load(); got != n {
		t.Errorf("got %d ticks after the stop, want none", got-n)
	}
}
