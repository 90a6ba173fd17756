package logging

import (
	"context"
	"io"
	"log/slog"
	"testing"
	"time"
)

// The benchmarks below log the bench module's event=task record: the hot
// path of every task. They must stay allocation-free.

func benchTask(b *testing.B, l *slog.Logger) {
	b.Helper()
	b.ReportAllocs()
	ctx := context.Background()
	for b.Loop() {
		l.LogAttrs(ctx, slog.LevelInfo, "Task model:sentiment took 0.001 seconds",
			slog.String("event", "task"), slog.String("task", "model:sentiment"), slog.String("model", "sentiment"),
			slog.Float64("duration_ms", 1.234), slog.String("outcome", "ok"))
	}
}

// BenchmarkJSON: the JSON encoder alone, with the logger and session
// fields a session's logger carries.
func BenchmarkJSON(b *testing.B) {
	h := newJSONHandler(discard{}).withIdentity("vigia.session.0192a7c4-1d2e-7f00-8000-000000000000", "0192a7c4-1d2e-7f00-8000-000000000000")
	benchTask(b, slog.New(h))
}

// BenchmarkSystem: the whole fan-out (console off, app.log through its
// buffer, the ring, redaction) for a session's logger.
func BenchmarkSystem(b *testing.B) {
	s := New(Options{Dir: b.TempDir(), Console: io.Discard, MaxSizeMB: 100, NoCompress: true, FlushInterval: time.Second})
	defer s.Close()
	benchTask(b, WithSession(s.Logger(), "0192a7c4-1d2e-7f00-8000-000000000000"))
}
