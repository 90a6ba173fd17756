package promexport

import "github.com/prometheus/client_golang/prometheus"

// stateCollector reads figures owned by other packages at collect time, so
// that they are never stale and the two cache counters come from one
// snapshot. Like every Collector, it may be called concurrently.
type stateCollector struct {
	opts Options

	cacheHits, cacheMisses, active, crashed *prometheus.Desc
}

func newStateCollector(opts Options) *stateCollector {
	return &stateCollector{
		opts:        opts,
		cacheHits:   prometheus.NewDesc("vigia_cache_hits_total", "Model tasks answered from the result cache.", nil, nil),
		cacheMisses: prometheus.NewDesc("vigia_cache_misses_total", "Result cache lookups that had to run the model.", nil, nil),
		active:      prometheus.NewDesc("vigia_sessions_active", "Sessions currently open.", nil, nil),
		crashed:     prometheus.NewDesc("vigia_sessions_crashed_total", "Sessions that started and never ended, found at a later launch.", nil, nil),
	}
}

// Describe describes every metric, even those whose function is nil: a
// described metric that is never collected is allowed.
func (c *stateCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- c.cacheHits
	ch <- c.cacheMisses
	ch <- c.active
	ch <- c.crashed
}

func (c *stateCollector) Collect(ch chan<- prometheus.Metric) {
	if f := c.opts.CacheStats; f != nil {
		hits, misses := f()
		ch <- prometheus.MustNewConstMetric(c.cacheHits, prometheus.CounterValue, float64(hits))
		ch <- prometheus.MustNewConstMetric(c.cacheMisses, prometheus.CounterValue, float64(misses))
	}
	if f := c.opts.ActiveSessions; f != nil {
		ch <- prometheus.MustNewConstMetric(c.active, prometheus.GaugeValue, float64(f()))
	}
	if f := c.opts.CrashedSessions; f != nil {
		ch <- prometheus.MustNewConstMetric(c.crashed, prometheus.CounterValue, float64(f()))
	}
}
