package bench

import (
	"context"
	"io"
	"log/slog"
	"path/filepath"
	"testing"
	"time"

	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
	"gopkg.in/natefinch/lumberjack.v2"

	"vigia/logging"
)

// The three benchmarks below write the same event=task record to a real
// rotating file (lumberjack, 100 MB, in a temp dir), so they compare like
// with like:
//
//   - Vigía: the full fan-out (console text to io.Discard, JSON to app.log
//     through its buffer, the in-memory ring, redaction);
//   - slog's JSONHandler writing straight into lumberjack (one write syscall
//     per record);
//   - zap's JSON encoder through BufferedWriteSyncer into lumberjack.

func newLumberjack(b *testing.B, name string) *lumberjack.Logger {
	return &lumberjack.Logger{Filename: filepath.Join(b.TempDir(), name), MaxSize: 100}
}

func BenchmarkLogTask_Vigia(b *testing.B) {
	// Peers rotate without compressing; so does this run (NoCompress).
	// io.Discard turns the console off, as when the app has no terminal.
	benchVigia(b, logging.Options{Dir: b.TempDir(), Console: io.Discard, MaxSizeMB: 100, NoCompress: true})
}

// BenchmarkLogTask_VigiaConsole also formats the console line (into a
// writer that drops it), as when the app runs from a terminal.
func BenchmarkLogTask_VigiaConsole(b *testing.B) {
	benchVigia(b, logging.Options{Dir: b.TempDir(), Console: nullWriter{}, MaxSizeMB: 100, NoCompress: true})
}

type nullWriter struct{}

func (nullWriter) Write(p []byte) (int, error) { return len(p), nil }

func benchVigia(b *testing.B, o logging.Options) {
	logs := logging.New(o)
	defer logs.Close()
	l := logging.WithSession(logs.Logger(), "0192a7c4-1d2e-7f00-8000-000000000000")
	b.ReportAllocs()
	for b.Loop() {
		l.LogAttrs(nil, slog.LevelInfo, "Task model:sentiment took 0.001 seconds",
			slog.String("event", "task"), slog.String("task", "model:sentiment"), slog.String("model", "sentiment"),
			slog.Float64("duration_ms", 1.234), slog.String("outcome", "ok"))
	}
}

func BenchmarkLogTask_SlogLumberjack(b *testing.B) {
	lj := newLumberjack(b, "slog.log")
	defer lj.Close()
	l := slog.New(slog.NewJSONHandler(lj, nil)).With("logger", "vigia.session.0192a7c4-1d2e-7f00-8000-000000000000", "session", "0192a7c4-1d2e-7f00-8000-000000000000")
	b.ReportAllocs()
	for b.Loop() {
		l.LogAttrs(nil, slog.LevelInfo, "Task model:sentiment took 0.001 seconds",
			slog.String("event", "task"), slog.String("task", "model:sentiment"), slog.String("model", "sentiment"),
			slog.Float64("duration_ms", 1.234), slog.String("outcome", "ok"))
	}
}

func BenchmarkLogTask_ZapBuffered(b *testing.B) {
	lj := newLumberjack(b, "zap.log")
	ws := &zapcore.BufferedWriteSyncer{WS: zapcore.AddSync(lj), FlushInterval: time.Second}
	defer func() { _ = ws.Stop(); _ = lj.Close() }()
	enc := zapcore.NewJSONEncoder(zap.NewProductionEncoderConfig())
	l := zap.New(zapcore.NewCore(enc, ws, zapcore.InfoLevel)).With(
		zap.String("logger", "vigia.session.0192a7c4-1d2e-7f00-8000-000000000000"), zap.String("session", "0192a7c4-1d2e-7f00-8000-000000000000"))
	b.ReportAllocs()
	for b.Loop() {
		l.Info("Task model:sentiment took 0.001 seconds",
			zap.String("event", "task"), zap.String("task", "model:sentiment"), zap.String("model", "sentiment"),
			zap.Float64("duration_ms", 1.234), zap.String("outcome", "ok"))
	}
}

// BenchmarkLogTask_SlogFrontEnd is the floor of any slog handler: the
// slog.Logger API (time, caller PC, record) in front of a handler that does
// nothing. zap has no such cost, since it takes no caller by default.
func BenchmarkLogTask_SlogFrontEnd(b *testing.B) {
	l := slog.New(nopHandler{}).With("logger", "vigia.session.0192a7c4-1d2e-7f00-8000-000000000000")
	b.ReportAllocs()
	for b.Loop() {
		l.LogAttrs(nil, slog.LevelInfo, "Task model:sentiment took 0.001 seconds",
			slog.String("event", "task"), slog.String("task", "model:sentiment"), slog.String("model", "sentiment"),
			slog.Float64("duration_ms", 1.234), slog.String("outcome", "ok"))
	}
}

type nopHandler struct{}

func (nopHandler) Enabled(context.Context, slog.Level) bool  { return true }
func (nopHandler) Handle(context.Context, slog.Record) error { return nil }
func (h nopHandler) WithAttrs([]slog.Attr) slog.Handler      { return h }
func (h nopHandler) WithGroup(string) slog.Handler           { return h }
