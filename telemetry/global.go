package telemetry

import (
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/go-logr/logr"
	"go.opentelemetry.io/otel"
)

// The SDK reports some problems through process-wide hooks: its error
// handler and its logger, which by default print to stderr. They are set
// once, to send what they get to the logger of the running Telemetry
// (none: nowhere), so that a desktop app's stderr stays clean and nothing
// the SDK says bypasses Vigía's logs and their redaction.
var (
	globalOnce sync.Once
	globalLog  atomic.Pointer[slog.Logger]
)

func installGlobal(log *slog.Logger) {
	globalLog.Store(log)
	globalOnce.Do(func() {
		otel.SetErrorHandler(otel.ErrorHandlerFunc(func(err error) {
			if l := globalLog.Load(); l != nil {
				l.Debug("OpenTelemetry SDK error", "event", "otel_sdk", "error", sdkError(err))
			}
		}))
		otel.SetLogger(logr.New(sdkSink{}))
	})
}

func uninstallGlobal(log *slog.Logger) { globalLog.CompareAndSwap(log, nil) }

// sdkError is err's text, unless it may quote a header: the headers
// variables hold credentials.
func sdkError(err error) string {
	if s := err.Error(); !strings.Contains(strings.ToLower(s), "header") {
		return s
	}
	return "(not shown: it may quote an OTLP header)"
}

// sdkSink is the SDK's logger: its errors at WARN, its warnings at DEBUG,
// nothing of its info and debug lines (verbosity 4 and 8). The key-value
// pairs are never passed on: the SDK logs a header it can't parse, value
// included.
type sdkSink struct{}

func (sdkSink) Init(logr.RuntimeInfo)  {}
func (sdkSink) Enabled(level int) bool { return level <= 1 }
func (sdkSink) Info(level int, msg string, _ ...any) {
	if l := globalLog.Load(); l != nil && level <= 1 {
		l.Debug("OpenTelemetry SDK: "+msg, "event", "otel_sdk")
	}
}
func (sdkSink) Error(err error, msg string, _ ...any) {
	l := globalLog.Load()
	if l == nil {
		return
	}
	if err == nil || strings.Contains(strings.ToLower(msg), "header") {
		l.Warn("OpenTelemetry SDK: "+msg, "event", "otel_sdk")
		return
	}
	l.Warn("OpenTelemetry SDK: "+msg, "event", "otel_sdk", "error", sdkError(err))
}
func (s sdkSink) WithValues(...any) logr.LogSink { return s }
func (s sdkSink) WithName(string) logr.LogSink   { return s }
