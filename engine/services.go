package engine

import (
	"vigia/cache"
	"vigia/journal"
	"vigia/logging"
	"vigia/metrics"
	"vigia/models"
	"vigia/promexport"
	"vigia/session"
)

// The engine's services. Each is made once, by New, and stopped by Close:
// callers use them but never stop them themselves.

// Logs returns the logging system: the logger, the in-memory ring, the
// debug switch and the log files.
func (e *Engine) Logs() *logging.System { return e.logs }

// Sessions returns the session manager. Its sessions' tasks are counted in
// Metrics and, with a journal, recorded in Journal.
func (e *Engine) Sessions() *session.Manager { return e.sessions }

// Metrics returns the figures of every session, open and ended.
func (e *Engine) Metrics() *metrics.Sessions { return e.metrics }

// Cache returns the result cache, keyed by model, parameters and input.
func (e *Engine) Cache() *cache.Cache[string, models.Result] { return e.cache }

// Models returns the models tasks can run.
func (e *Engine) Models() *models.Registry { return e.models }

// Sampler returns the memory and CPU sampler. New does not start it
// (commands don't need it): StartSampler does.
func (e *Engine) Sampler() *metrics.Sampler { return e.sampler }

// Journal returns the sessions journal, which records every session's start
// and end; nil when there is none (no path, or it could not be opened: the
// logs say why).
func (e *Engine) Journal() *journal.Journal { return e.journal }

// Export returns the Prometheus exporter, which counts every task; its
// Serve and StartPush expose the figures.
func (e *Engine) Export() *promexport.Exporter { return e.export }
