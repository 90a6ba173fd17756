package engine

import (
	"context"
	"errors"

	"vigia/models"
	"vigia/session"
	"vigia/telemetry"
)

// errTelemetryStarted is StartTelemetry's error when called twice.
var errTelemetryStarted = errors.New("telemetry already started")

// StartTelemetry starts exporting traces, logs and metrics with
// OpenTelemetry (OTLP/HTTP) as o and the OTEL_ variables ask (see package
// telemetry), and reports whether anything is exported: with no endpoint
// set, or OTEL_SDK_DISABLED=true, nothing is. o's Gatherer and Logger
// default to the engine's Prometheus registry (the one /metrics serves)
// and logger. Start it before the first session, so that every record of
// the run is exported. The logs go out as one more sink of the logging
// fan-out; each task gets a span. Close sends what waits and stops it,
// within o.ShutdownTimeout (3 s by default).
//
// Its error is a *telemetry.ConfigError for a variable Vigía can't follow
// (OTEL_EXPORTER_OTLP_PROTOCOL=grpc, say): nothing is exported then, and
// the rest of the engine works as before.
func (e *Engine) StartTelemetry(ctx context.Context, o telemetry.Options) (started bool, err error) {
	if o.Gatherer == nil {
		o.Gatherer = e.export.Gatherer()
	}
	if o.Logger == nil {
		o.Logger = e.logs.Logger()
	}
	e.telMu.Lock()
	defer e.telMu.Unlock()
	switch {
	case e.telClosed:
		return false, errors.New("engine closed")
	case e.tel.Load() != nil:
		return false, errTelemetryStarted
	}
	t, err := telemetry.Start(ctx, o)
	if err != nil || t == nil {
		return false, err
	}
	e.tel.Store(t)
	e.logs.SetSink(t.LogHandler())
	return true, nil
}

// TelemetryStatus tells a status bar how the OpenTelemetry export goes:
// the spans, log records and metric points dropped since it started (a
// full queue, a failed export, what was left at exit), in all and by
// signal, and whether an outage is going on now (exports failing or queues
// overflowing, until every signal exports again). It is the zero Status
// when nothing is exported, cheap and safe from any goroutine.
func (e *Engine) TelemetryStatus() telemetry.Status {
	return e.tel.Load().Status()
}

// stopTelemetry takes the export out of the logging fan-out and shuts it
// down, bounded; StartTelemetry does nothing after it.
func (e *Engine) stopTelemetry() {
	e.telMu.Lock()
	e.telClosed = true
	t := e.tel.Load()
	e.telMu.Unlock()
	if t == nil {
		return
	}
	e.logs.SetSink(nil)
	// Time running out has been logged already, with what was lost.
	if err := t.Shutdown(context.Background()); err != nil && !errors.Is(err, context.DeadlineExceeded) {
		e.logs.Logger().Warn("OpenTelemetry export stopped with an error", "event", "otel_export", "error", err.Error())
	}
}

// plannedCall is a model that knows the LLM call a task will make before
// it makes it (models/openai): its span is then a GenAI client span.
type plannedCall interface {
	PlannedCall(models.Values) (models.LLMCall, bool)
}

// spanTask describes a task of m for its span.
func spanTask(m models.Model, vals models.Values, s *session.Session) telemetry.Task {
	t := telemetry.Task{Model: m.Name()}
	if s != nil {
		t.Session = s.ID()
	}
	if p, ok := m.(plannedCall); ok {
		if call, ok := p.PlannedCall(vals); ok {
			t.LLM = &call
		}
	}
	return t
}

// outcomeOf is the outcome session.Run gives a task that ended with err,
// for its span.
func outcomeOf(err error, cached bool) session.Outcome {
	if err == nil && cached {
		return session.OutcomeCached
	}
	return session.OutcomeOf(err)
}
