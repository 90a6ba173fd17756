package metrics

import (
	"maps"
	"sync"
	"sync/atomic"
	"time"
)

// OtherModel is the ModelUsage key that counts the models beyond
// CollectorOptions.MaxModels.
const OtherModel = "(other)"

// CollectorOptions configures a [Collector]. The zero value is ready to use.
type CollectorOptions struct {
	// Now returns the current time; the time series and Throughput are cut
	// into its seconds. Nil means time.Now. Tests inject a fake clock here.
	Now func() time.Time

	// MaxModels is how many distinct model names are counted apart; records
	// for further names are counted under OtherModel, so that a caller that
	// makes up names cannot grow memory without bound. Each model costs about
	// 17 KB. Zero means 64.
	MaxModels int
}

// Collector counts requests, errors, cache hits and latencies per model, the
// figures of LLM calls per model, and keeps a per-second series of the last
// 15 minutes. Its memory is fixed (about 1 MB, plus 17 KB per model and 72 KB
// more per model with LLM calls) whatever the number of requests.
//
// All methods may be called from any number of goroutines at once. Recording
// takes no lock (except once per second, when a slot of the time series
// turns over, and once per new model or error type) and never waits for a
// reader. A Collector must not be copied after first use.
type Collector struct {
	maxModels int

	models     cowMap[modelStats]
	errorTypes cowMap[atomic.Int64]
	start      atomic.Int64 // Unix second of creation or Reset, for Throughput
	series     ring
}

// modelStats is what a Collector keeps for one model.
type modelStats struct {
	latency histogram // requests that ran, not cache hits
	errors  atomic.Int64
	hits    atomic.Int64
	llm     atomic.Pointer[llmStats] // nil until the model's first LLM call
}

// NewCollector returns an empty Collector that uses the system clock.
func NewCollector() *Collector {
	return NewCollectorWithOptions(CollectorOptions{})
}

// NewCollectorWithOptions returns an empty Collector configured by opts.
func NewCollectorWithOptions(opts CollectorOptions) *Collector {
	c := &Collector{maxModels: opts.MaxModels}
	if c.maxModels <= 0 {
		c.maxModels = 64
	}
	c.series.init(opts.Now)
	c.start.Store(c.series.syncSecond())
	return c
}

// RecordRequest counts one request to model that took d and failed with err
// (nil for a success). It allocates nothing once model has been seen, nor
// for an error whose class (see [ErrorType]) has been seen, unless an error
// in its chain has an As method.
func (c *Collector) RecordRequest(model string, d time.Duration, err error) {
	m := c.model(model)
	b := bucketOf(d)
	m.latency.record(b, d)
	s := c.series.at(c.series.second())
	s.counts[coarseOf(b)].Add(1)
	if err != nil {
		// Errors are added after the request they belong to, and read before
		// the requests, so that a snapshot never has more errors than requests.
		m.errors.Add(1)
		s.errors.Add(1)
		c.errorTypes.get(ErrorType(err), 0, "").Add(1)
	}
}

// RecordCacheHit counts one request to model that the cache answered. It
// counts in TotalRequests, ModelUsage, Throughput and the series' Requests,
// and in CacheHits, but not in the latency figures: those describe the
// requests that ran the model, which a high hit rate would otherwise hide
// behind near-zero durations.
func (c *Collector) RecordCacheHit(model string) {
	c.model(model).hits.Add(1)
	c.series.at(c.series.second()).hits.Add(1)
}

// Reset forgets everything recorded so far. Records made while Reset runs
// may be kept or lost.
func (c *Collector) Reset() {
	c.models.reset()
	c.errorTypes.reset()
	c.series.clear()
	c.start.Store(c.series.syncSecond())
}

// MergeFrom adds everything other has recorded, its time series included,
// into c; other is unchanged. It is meant to fold the collector of a finished
// session into a long-lived one, so that the all-sessions view keeps its
// figures while the session's collector is dropped. Seconds of other's
// series that fall outside c's current 15 minutes are left out. MergeFrom
// with c itself or nil does nothing.
func (c *Collector) MergeFrom(other *Collector) {
	if other == nil || other == c {
		return
	}
	l := new(latencies)
	var t *llmTotals // 72 KB, only when other has LLM calls
	for name, om := range other.models.load() {
		errs, hits := om.errors.Load(), om.hits.Load()
		*l = latencies{}
		l.add(&om.latency)
		m := c.model(name)
		l.addTo(&m.latency)
		m.hits.Add(hits)
		m.errors.Add(errs)
		if ol := om.llm.Load(); ol != nil {
			if t == nil {
				t = new(llmTotals)
			} else {
				*t = llmTotals{}
			}
			t.add(ol)
			t.addTo(m.llmOrNew())
		}
	}
	for name, n := range other.errorTypes.load() {
		c.errorTypes.get(name, 0, "").Add(n.Load())
	}
	c.series.mergeFrom(&other.series, c.series.syncSecond())
	for o := other.start.Load(); ; {
		s := c.start.Load()
		if o >= s || c.start.CompareAndSwap(s, o) {
			break
		}
	}
}

func (c *Collector) model(name string) *modelStats {
	return c.models.get(name, c.maxModels, OtherModel)
}

// cowMap is a map from names to counters that is read without a lock or an
// allocation, and copied on write. It suits keys that are few and added
// rarely: model names, error types.
type cowMap[V any] struct {
	mu sync.Mutex // serialises writers
	m  atomic.Pointer[map[string]*V]
}

func (c *cowMap[V]) load() map[string]*V {
	if p := c.m.Load(); p != nil {
		return *p
	}
	return nil
}

// get returns the value for key, adding it if needed. Once the map holds
// limit keys (limit > 0), a new key is counted under overflow instead.
func (c *cowMap[V]) get(key string, limit int, overflow string) *V {
	if v, ok := c.load()[key]; ok {
		return v
	}
	return c.add(key, limit, overflow)
}

func (c *cowMap[V]) add(key string, limit int, overflow string) *V {
	c.mu.Lock()
	defer c.mu.Unlock()
	old := c.load()
	if v, ok := old[key]; ok {
		return v
	}
	if limit > 0 && len(old) >= limit {
		if v, ok := old[overflow]; ok {
			return v
		}
		key = overflow
	}
	next := make(map[string]*V, len(old)+1)
	maps.Copy(next, old)
	v := new(V)
	next[key] = v
	c.m.Store(&next)
	return v
}

func (c *cowMap[V]) reset() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.m.Store(nil)
}
