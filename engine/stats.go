package engine

import (
	"time"

	"vigia/cache"
	"vigia/metrics"
)

// StartSampler starts sampling memory and CPU every second, for the
// dashboard; Close stops it.
func (e *Engine) StartSampler() { e.sampler.Start() }

// SessionSummary returns the figures of one open session, and empty ones
// for a session that ended or never started: a refresh that arrives after
// its window's session ended reads nothing and makes nothing.
func (e *Engine) SessionSummary(id string) metrics.Summary {
	if c, ok := e.metrics.Collector(id); ok {
		return c.Summary()
	}
	return metrics.Merge()
}

// SessionSeries returns the per-second series of one open session, and nil
// for a session that ended or never started.
func (e *Engine) SessionSeries(id string) []metrics.Point {
	if c, ok := e.metrics.Collector(id); ok {
		return c.Series()
	}
	return nil
}

// AllSummary returns the figures of all sessions, ended ones included.
func (e *Engine) AllSummary() metrics.Summary { return e.metrics.Summary() }

// AllSeries returns the per-second series of all sessions.
func (e *Engine) AllSeries() []metrics.Point { return e.metrics.Series() }

// Samples returns the sampler's last 15 minutes.
func (e *Engine) Samples() []metrics.Sample { return e.sampler.Samples() }

// CacheStats returns the result cache's statistics.
func (e *Engine) CacheStats() cache.Stats { return e.cache.Stats() }

// ClearCache empties the result cache.
func (e *Engine) ClearCache() {
	st := e.cache.Stats()
	e.cache.Clear()
	e.logs.Logger().Info("cache cleared", "event", "cache_clear", "entries", st.Size)
}

// FreeMemory runs the garbage collector and returns memory to the system,
// as the seed's optimize_memory: it logs what it freed.
func (e *Engine) FreeMemory() (before, after metrics.MemoryUsage, took time.Duration) {
	start := time.Now()
	before, after = metrics.FreeMemory(e.logs.Logger())
	return before, after, time.Since(start)
}
