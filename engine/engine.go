// Package engine puts Vigía's parts together, once, for the desktop app and
// the command line alike: logging, sessions, metrics, the result cache and
// the models. RunModel is the one path a task takes (ARCHITECTURE.md, "One
// task, end to end"): validated, looked up in the cache, run through
// session.Run (timed, guarded, logged) and counted in the session's metrics.
package engine

import (
	"context"
	"crypto/sha256"
	"errors"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"vigia/cache"
	"vigia/journal"
	"vigia/logging"
	"vigia/metrics"
	"vigia/models"
	"vigia/promexport"
	"vigia/session"
	"vigia/telemetry"
)

// Defaults of Config. The cache's bounds are settings: their defaults live
// with the others in package config (DefaultCacheTTL,
// DefaultCacheMaxEntries), and the caller passes them.
const (
	// DefaultEndWait is how long ending a session waits for its running
	// tasks: a window's tasks are canceled as it closes, so they end within
	// milliseconds unless a model ignores its context.
	DefaultEndWait = 2 * time.Second
)

// Config configures an Engine. The zero value works but for Models.
type Config struct {
	Logging logging.Options

	// Models are the models tasks can run.
	Models *models.Registry

	// CacheTTL is how long a result stays cached. Zero (or less) means
	// that results never expire: 0 means no limit, as in cache.Options and
	// everywhere in Vigía (see package config).
	CacheTTL time.Duration

	// CacheMaxEntries bounds the cache. Zero (or less) means unbounded.
	CacheMaxEntries int

	// MaxInput is the largest input in bytes. Zero means
	// models.DefaultMaxInput (1 MB).
	MaxInput int

	// JournalPath is the sessions journal; empty keeps no history.
	JournalPath string

	// CheckpointEvery is how often running sessions' figures are written to
	// the journal, so a crash keeps its last known figures. Zero means 30 s.
	CheckpointEvery time.Duration

	// EndWait bounds how long ending a session waits for the tasks that
	// started in it and still run, so that its final figures (the
	// session_end record, the journal) include them. A task still running
	// after it counts in the all-sessions figures only, and the session_end
	// is preceded by a warning. Zero means DefaultEndWait; negative doesn't
	// wait.
	EndWait time.Duration
}

// Engine owns the domain services, behind the methods below: they are made
// once, by New, and stopped together by Close.
type Engine struct {
	logs     *logging.System
	sessions *session.Manager
	metrics  *metrics.Sessions
	cache    *cache.Cache[string, models.Result]
	models   *models.Registry
	sampler  *metrics.Sampler
	journal  *journal.Journal // nil without one
	export   *promexport.Exporter

	tel       atomic.Pointer[telemetry.Telemetry] // nil until StartTelemetry, or when nothing is exported
	telMu     sync.Mutex                          // StartTelemetry against Close
	telClosed bool

	crashed     atomic.Int64 // sessions found crashed in the journal at start
	journalPath string
	stop        chan struct{}  // stops the checkpoint goroutine
	done        sync.WaitGroup // waits for it

	closeOnce sync.Once
	closeErr  error // what the first Close returned

	flightMu sync.Mutex
	flights  map[string]*flight // the tasks running, per session ID
	endWait  time.Duration

	maxInput int
}

// flight counts the tasks of one session that are running.
type flight struct {
	n    int
	idle chan struct{} // closed when n drops to 0; made by the first waiter
}

// New starts an engine. It never fails: a log directory that can't be
// written is reported by Logs().Problem.
func New(cfg Config) *Engine {
	e := &Engine{
		logs:     logging.New(cfg.Logging),
		metrics:  metrics.NewSessions(metrics.CollectorOptions{}),
		models:   cfg.Models,
		maxInput: cfg.MaxInput,
		flights:  make(map[string]*flight),
		endWait:  cfg.EndWait,
	}
	switch {
	case e.endWait == 0:
		e.endWait = DefaultEndWait
	case e.endWait < 0:
		e.endWait = 0
	}
	if e.models == nil {
		e.models = models.NewRegistry()
	}
	e.cache = cache.New[string, models.Result](cache.Options{TTL: max(cfg.CacheTTL, 0), MaxEntries: max(cfg.CacheMaxEntries, 0),
		Name: "results", Logger: e.logs.Logger()})
	e.sessions = session.NewManager(session.Options{Logger: e.logs.Logger(), Hook: e.count, OnStart: e.started, EndAttrs: e.endAttrs})
	e.sampler = metrics.NewSampler(metrics.SamplerOptions{Logger: e.logs.Logger()})
	e.export = promexport.New(promexport.Options{
		CacheStats: func() (int64, int64) {
			st := e.cache.Stats()
			return st.Hits, st.Misses
		},
		ActiveSessions:  func() int { return len(e.sessions.List()) },
		CrashedSessions: func() int { return int(e.crashed.Load()) },
		Pprof:           cfg.Logging.Debug, // /debug/pprof only in debug mode (and only on loopback)
		Logger:          e.logs.Logger(),
	})
	e.stop = make(chan struct{})
	if cfg.JournalPath != "" {
		e.openJournal(cfg.JournalPath)
	}
	if e.journal != nil {
		every := cfg.CheckpointEvery
		if every <= 0 {
			every = 30 * time.Second
		}
		e.done.Add(1)
		go e.checkpoints(every)
	}
	return e
}

// count is the sessions' outcome hook: every model task is counted once in
// its session's collector, a cached answer as a cache hit. A task that
// outlived its session's End counts in the all-sessions figures only: the
// ended session's are final (metrics.Sessions.Record).
func (e *Engine) count(r session.Report) {
	model := r.Task.Model
	if r.Session == nil || model == "" {
		return
	}
	e.export.Observe(model, string(r.Outcome), r.Duration)
	call, llm := r.Detail.(models.LLMCall)
	if llm {
		e.export.ObserveLLM(observation(call, r.Err))
	}
	e.metrics.Record(r.Session.ID(), func(c *metrics.Collector) {
		if r.Outcome == session.OutcomeCached {
			c.RecordCacheHit(model)
			return
		}
		c.RecordRequest(model, r.Duration, r.Err)
		if llm {
			c.RecordLLM(model, sampleOf(call))
		}
	})
}

// sampleOf is an LLM call as the metrics count it.
func sampleOf(call models.LLMCall) metrics.LLMSample {
	return metrics.LLMSample{TTFT: call.TTFT, TPOT: call.TPOT, E2E: call.E2E, ITL: call.ITL,
		TokensIn: int64(call.TokensIn), TokensOut: int64(call.TokensOut), TokensEstimated: call.TokensEstimated}
}

// observation is an LLM call as the gen_ai_* metrics take it; err is the
// task's error, nil on success.
func observation(call models.LLMCall, err error) promexport.LLMObservation {
	o := promexport.LLMObservation{RequestModel: call.RequestModel, Provider: call.Provider, Operation: call.Operation,
		Duration: call.E2E, TTFT: call.TTFT, ChunkGaps: call.ITL,
		TokensIn: int64(call.TokensIn), TokensOut: int64(call.TokensOut)}
	if err != nil {
		o.ErrorType = metrics.ErrorType(err)
	}
	return o
}

// endAttrs adds the session's metrics summary to its session_end record and
// folds its figures into the all-sessions view. It first waits, up to
// EndWait, for the session's running tasks, so that the final figures
// include every task that started in the session: the window's tasks are
// canceled before its session ends, so the wait is short unless a model
// ignores its context.
func (e *Engine) endAttrs(s *session.Session) []slog.Attr {
	if n := e.drain(s.ID(), e.endWait); n > 0 {
		s.Logger().Warn("session ended with tasks still running; they count in the all-sessions figures only",
			"event", "session_end_late", "running", n, "waited_ms", ms(e.endWait))
	}
	sum := e.metrics.End(s.ID())
	if e.journal != nil {
		end, _ := s.End()
		if err := e.journal.End(s.ID(), end, journal.SummaryOf(sum)); err != nil {
			s.Logger().Warn("session not recorded in the journal", "event", "journal", "error", err.Error())
		}
	}
	return []slog.Attr{
		slog.Int64("requests", sum.TotalRequests),
		slog.Float64("error_rate", sum.ErrorRate),
		slog.Float64("p50_ms", ms(sum.P50)),
		slog.Float64("p95_ms", ms(sum.P95)),
		slog.Int64("cache_hits", sum.CacheHits),
		slog.Any("model_usage", sum.ModelUsage),
	}
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// Request is one task for a model.
type Request struct {
	Model  string
	Params map[string]string // raw values, as typed
	Text   string
}

// ErrUsage matches (errors.Is) the errors RunModel returns before any task
// runs: an unknown model or a bad parameter. Their text is the cause's alone.
var ErrUsage = errors.New("bad request")

type usageError struct{ err error }

func (u usageError) Error() string        { return u.err.Error() }
func (u usageError) Unwrap() error        { return u.err }
func (u usageError) Is(target error) bool { return target == ErrUsage }

// Prepare looks the model up and parses the parameters, without running
// anything; a load test prepares once and runs many times.
func (e *Engine) Prepare(model string, raw map[string]string) (models.Model, models.Values, error) {
	return Prepare(e.models, model, raw)
}

// Prepare is Engine.Prepare for a registry without an engine, so that bad
// usage is caught before anything starts.
func Prepare(reg *models.Registry, model string, raw map[string]string) (models.Model, models.Values, error) {
	m, err := reg.Lookup(model)
	if err != nil {
		return nil, nil, usageError{err}
	}
	vals, err := models.ParseParams(m, raw)
	if err != nil {
		return nil, nil, usageError{err}
	}
	return m, vals, nil
}

// RunModel runs one task: see the package comment. ctx must carry a session
// (session.NewContext) for the task to be logged and counted in it.
func (e *Engine) RunModel(ctx context.Context, req Request) (models.Result, error) {
	m, vals, err := e.Prepare(req.Model, req.Params)
	if err != nil {
		return models.Result{}, err
	}
	return e.Run(ctx, m, vals, req.Text)
}

// Run runs a prepared task. While it runs, the end of its session waits for
// it (see Config.EndWait).
func (e *Engine) Run(ctx context.Context, m models.Model, vals models.Values, text string) (models.Result, error) {
	res, _, err := e.RunTimed(ctx, m, vals, text)
	return res, err
}

// Ran is how a task went, beyond its result: for a status line ("Done in
// 12 ms · cached") and a load test's own figures.
type Ran struct {
	Duration time.Duration // from the start of the task to its outcome
	Cached   bool          // the cache answered; no model ran
}

// RunTimed is Run that also tells how long the task took and whether the
// cache answered it.
func (e *Engine) RunTimed(ctx context.Context, m models.Model, vals models.Values, text string) (models.Result, Ran, error) {
	s, _ := session.FromContext(ctx)
	if s != nil {
		defer e.begin(s.ID())()
	}
	var ran Ran
	task := session.Task{Name: "model:" + m.Name(), Model: m.Name()}
	// The span starts before session.Run, so that the task's record is
	// logged with a ctx that carries it (its trace and span IDs reach the
	// exported log record) and an LLM call sends it on (traceparent).
	start := time.Now()
	var span *telemetry.Span
	if t := e.tel.Load(); t != nil {
		task := spanTask(m, vals, s)
		task.Start = start // the span's times are the task's: no second reading of the clock
		ctx, span = t.StartTask(ctx, task)
	}
	res, err := session.Run(ctx, task, func(ctx context.Context) (models.Result, error) {
		if traceID, spanID, ok := span.IDs(); ok {
			// app.log's record and the exported span can be joined on them.
			session.AddTaskAttrs(ctx, slog.String("trace_id", traceID), slog.String("span_id", spanID))
		}
		if err := models.ValidateInput(text, e.maxInput); err != nil {
			return models.Result{}, err
		}
		in := models.Input{Text: text, Params: vals}
		if !m.Cacheable(vals) {
			res, err := m.Run(ctx, in)
			addFigures(ctx, res, err)
			return res, err
		}
		res, hit, err := e.cache.GetOrLoadHit(ctx, cacheKey(m.Name(), vals, text), func(ctx context.Context) (models.Result, error) {
			return m.Run(ctx, in)
		})
		span.CacheHit(hit && err == nil)
		if hit {
			session.MarkCached(ctx)
			ran.Cached = err == nil
		} else {
			addFigures(ctx, res, err)
		}
		return res, err
	})
	ran.Duration = time.Since(start)
	span.EndAfter(ran.Duration, string(outcomeOf(err, ran.Cached)), metrics.ErrorType(err), err)
	return res, ran, err
}

// addFigures adds the figures a model reports of one call to its task:
// to the event=task record (an LLM's ttft_ms, tokens_out…:
// models.TaskFigures) and, for an LLM call (models.LLMReporter), to the
// outcome hook, which counts it in the metrics. They come from the result
// or from the error. A cache hit has none: no call was made.
func addFigures(ctx context.Context, res models.Result, err error) {
	if f, ok := reported[models.TaskFigures](res, err); ok {
		if attrs := f.TaskFigures(); len(attrs) > 0 {
			session.AddTaskAttrs(ctx, attrs...)
		}
	}
	if r, ok := reported[models.LLMReporter](res, err); ok {
		if call, ok := r.LLMCall(); ok {
			session.SetTaskDetail(ctx, call)
			telemetry.LLMCall(ctx, call)
		}
	}
}

// reported finds a T in err's chain, or in the result's Data when err is
// nil.
func reported[T any](res models.Result, err error) (T, bool) {
	if err != nil {
		var t T // on the heap: errors.As takes its address
		ok := errors.As(err, &t)
		return t, ok
	}
	t, ok := res.Data.(T)
	return t, ok
}

// cacheKey is (model, parameters, input hash); the hash stays binary.
func cacheKey(model string, vals models.Values, text string) string {
	sum := sha256.Sum256([]byte(text))
	return model + "\x00" + vals.Key() + "\x00" + string(sum[:])
}

// begin counts a task of session id as running, until the function it
// returns is called: after the task's outcome hook, so that a drained
// session's figures include it.
func (e *Engine) begin(id string) (done func()) {
	e.flightMu.Lock()
	f := e.flights[id]
	if f == nil {
		f = &flight{}
		e.flights[id] = f
	}
	f.n++
	e.flightMu.Unlock()
	return func() {
		e.flightMu.Lock()
		defer e.flightMu.Unlock()
		if f.n--; f.n == 0 {
			delete(e.flights, id)
			if f.idle != nil {
				close(f.idle)
			}
		}
	}
}

// drain waits up to within for the running tasks of session id to end and
// returns how many still run.
func (e *Engine) drain(id string, within time.Duration) (running int) {
	e.flightMu.Lock()
	f := e.flights[id]
	if f == nil {
		e.flightMu.Unlock()
		return 0
	}
	if f.idle == nil {
		f.idle = make(chan struct{})
	}
	idle := f.idle
	e.flightMu.Unlock()
	t := time.NewTimer(within)
	defer t.Stop()
	select {
	case <-idle:
		return 0
	case <-t.C:
	}
	e.flightMu.Lock()
	defer e.flightMu.Unlock()
	return f.n
}

// started opens the session's collector (the only place one is made) and
// records the session in the journal.
func (e *Engine) started(s *session.Session) {
	e.metrics.Open(s.ID())
	if e.journal == nil {
		return
	}
	if err := e.journal.Start(s.ID(), s.Start()); err != nil {
		s.Logger().Warn("session not recorded in the journal", "event", "journal", "error", err.Error())
	}
}

// openJournal opens the sessions journal and reports, once each, the
// sessions of earlier runs that crashed.
func (e *Engine) openJournal(path string) {
	log := e.logs.Logger()
	j, err := journal.Open(path, journal.Options{})
	if err != nil {
		log.Warn("sessions journal unavailable; history is not kept", "event", "journal", "path", path, "error", err.Error())
		return
	}
	e.journal, e.journalPath = j, path
	sessions, err := j.Sessions()
	if err != nil {
		log.Warn("sessions journal unreadable", "event", "journal", "path", path, "error", err.Error())
		return
	}
	for _, s := range sessions {
		if !s.Crashed {
			continue
		}
		e.crashed.Add(1)
		if s.CrashReported {
			continue
		}
		log.Warn("a session of an earlier run crashed", "event", "session_crashed", "session", s.ID, "started", s.Start, "pid", s.PID)
		_ = j.MarkCrashReported(s.ID, time.Now())
	}
}

// checkpoints writes the figures of every running session that changed to
// the journal, every every, until Close.
func (e *Engine) checkpoints(every time.Duration) {
	defer e.done.Done()
	t := time.NewTicker(every)
	defer t.Stop()
	written := map[string]int64{} // requests at the last checkpoint
	for {
		select {
		case <-e.stop:
			return
		case <-t.C:
		}
		for _, s := range e.sessions.List() {
			c, ok := e.metrics.Collector(s.ID())
			if !ok { // ended since List
				continue
			}
			sum := c.Summary()
			if sum.TotalRequests == written[s.ID()] {
				continue
			}
			written[s.ID()] = sum.TotalRequests
			_ = e.journal.Checkpoint(s.ID(), time.Now(), journal.SummaryOf(sum))
		}
	}
}

// Close ends every open session, stops the sampler and the cache, sends
// the last telemetry (within 3 s) and pushes the last metrics, and closes
// the journal and the logs. It is safe to call more than once, from any
// goroutine: the calls after the first wait for it and return its error.
func (e *Engine) Close() error {
	e.closeOnce.Do(func() { e.closeErr = e.close() })
	return e.closeErr
}

func (e *Engine) close() error {
	close(e.stop)
	e.done.Wait()
	e.sessions.EndAll()
	e.sampler.Stop()
	e.cache.Close()
	e.stopTelemetry()
	if err := e.export.Close(); err != nil {
		e.logs.Logger().Warn("metrics exporter stopped with an error", "event", "export", "error", err.Error())
	}
	if e.journal != nil {
		_ = e.journal.Close()
	}
	return e.logs.Close()
}

// ModelList returns the models, sorted by name.
func (e *Engine) ModelList() []models.Model { return e.models.List() }

// PrepareLoad is PrepareTargets on the engine's models.
func (e *Engine) PrepareLoad(names []string, raw map[string]string) ([]Target, error) {
	return PrepareTargets(e.models, names, raw)
}
