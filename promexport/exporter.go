package promexport

import (
	"errors"
	"io"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Options configures an Exporter. The zero value works: the figures whose
// function is nil are simply not exported.
type Options struct {
	// CacheStats returns the result cache's hits and misses since start. It
	// is called once per scrape or push, from any goroutine.
	CacheStats func() (hits, misses int64)

	// ActiveSessions returns the number of sessions now open.
	ActiveSessions func() int

	// CrashedSessions returns the number of sessions found crashed (started,
	// never ended) so far. It must never decrease.
	CrashedSessions func() int

	// Pprof adds /debug/pprof/ to the endpoint, only ever on a loopback
	// address. Meant for debug mode.
	Pprof bool

	// MaxLLMModels is how many distinct request models the gen_ai_* metrics
	// keep apart; calls to further ones are observed under "(other)", so
	// that model names typed by users cannot grow the series without bound.
	// A model adds five histograms of 17 series each per provider, and one
	// more per error type its calls ended with. Zero means 64.
	MaxLLMModels int

	// Logger receives the endpoint's and the pusher's messages. Nil
	// discards them.
	Logger *slog.Logger
}

// durationBuckets span 1 ms to 60 s, roughly ×2.5 a step: a cheap local model
// answers in milliseconds, a slow remote one in tens of seconds.
var durationBuckets = []float64{
	0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5,
	1, 2.5, 5, 10, 20, 30, 60,
}

// outcomeCached is session.OutcomeCached, spelled out so that this package
// doesn't depend on session.
const outcomeCached = "cached"

// Exporter holds Vigía's Prometheus metrics in its own registry. Its methods
// are safe for concurrent use. Close stops whatever Serve and StartPush
// started.
type Exporter struct {
	opts     Options
	log      *slog.Logger
	reg      *prometheus.Registry
	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec
	genAI    *genAI

	mu      sync.Mutex
	closed  bool
	servers []*server
	pusher  *Pusher
}

var _ io.Closer = (*Exporter)(nil)

// New returns an Exporter with its metrics registered in a fresh registry.
func New(opts Options) *Exporter {
	e := &Exporter{
		opts: opts,
		log:  opts.Logger,
		reg:  prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: "vigia",
			Name:      "requests_total",
			Help:      "Model tasks finished, by model and outcome (ok, error, panic, canceled, cached).",
		}, []string{"model", "outcome"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Namespace: "vigia",
			Name:      "request_duration_seconds",
			Help:      "Duration of model tasks in seconds, by model; answers from the cache are not observed.",
			Buckets:   durationBuckets,
		}, []string{"model"}),
		genAI: newGenAI(opts.MaxLLMModels),
	}
	if e.log == nil {
		e.log = slog.New(slog.DiscardHandler)
	}
	e.reg.MustRegister(e.genAI.collectors()...)
	e.reg.MustRegister(
		e.requests,
		e.duration,
		newStateCollector(opts),
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
	)
	return e
}

// Observe counts one finished task of model with outcome (a session.Outcome
// as a string) that took d. A cached answer is counted but its duration is
// not observed: it would drown the model's real latency. A task without a
// model is ignored. Observe is cheap and safe for concurrent use, so it can
// be called straight from a session hook.
func (e *Exporter) Observe(model, outcome string, d time.Duration) {
	if model == "" {
		return
	}
	e.requests.WithLabelValues(model, outcome).Inc()
	if outcome != outcomeCached {
		e.duration.WithLabelValues(model).Observe(d.Seconds())
	}
}

// Gatherer returns the exporter's registry, for tests and other exporters.
func (e *Exporter) Gatherer() prometheus.Gatherer { return e.reg }

// Handler returns the /metrics handler, for callers that run their own
// server.
func (e *Exporter) Handler() http.Handler {
	return promhttp.HandlerFor(e.reg, promhttp.HandlerOpts{
		ErrorLog:      slog.NewLogLogger(e.log.Handler(), slog.LevelError),
		ErrorHandling: promhttp.ContinueOnError,
		Registry:      e.reg, // adds promhttp_metric_handler_errors_total
	})
}

// Close stops the servers Serve started, waiting for them to shut down, and
// stops the pusher after its final push. It returns the servers' shutdown
// errors. Later calls do nothing.
func (e *Exporter) Close() error {
	e.mu.Lock()
	if e.closed {
		e.mu.Unlock()
		return nil
	}
	e.closed = true
	servers, p := e.servers, e.pusher
	e.servers, e.pusher = nil, nil
	e.mu.Unlock()

	var errs []error
	for _, s := range servers {
		errs = append(errs, s.stop())
	}
	if p != nil {
		p.Stop()
	}
	return errors.Join(errs...)
}

// errClosed is returned by Serve and StartPush after Close.
var errClosed = errors.New("exporter closed")
