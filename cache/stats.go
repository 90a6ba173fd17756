package cache

import (
	"sync/atomic"
	"time"

	"github.com/maypok86/otter/v2"
)

// Stats is a snapshot of a cache's statistics. The counts start at zero when the cache is
// created and only grow.
type Stats struct {
	// Hits counts the calls of GetOrLoad, GetOrLoadHit and Get that found their key.
	Hits int64
	// Misses counts the calls that did not find their key, including those that waited for a
	// load another call was running.
	Misses int64
	// Loads counts the runs of a loader, the failed ones included.
	Loads int64
	// LoadErrors counts the runs of a loader that returned an error or panicked.
	LoadErrors int64
	// Evictions counts the entries removed to keep within MaxEntries.
	Evictions int64
	// Expirations counts the entries removed because their TTL had passed. An expired entry is
	// never returned, but it is removed, and counted, only when the cache's clean-up reaches it:
	// up to about a second after its TTL (otter's timer wheel works in 1.07 s ticks), or when
	// a load replaces it.
	Expirations int64
	// Size is the number of entries in the cache, including expired ones not yet removed.
	Size int
	// AvgLoadTime is the mean duration of a loader run over Loads, zero when there was none.
	AvgLoadTime time.Duration
}

// HitRatio returns Hits divided by Hits+Misses, or 0 when there was no lookup.
func (s Stats) HitRatio() float64 {
	n := s.Hits + s.Misses
	if n == 0 {
		return 0
	}
	return float64(s.Hits) / float64(n)
}

// Stats returns the cache's statistics. It first runs the cache's pending maintenance, so that
// the entries due for eviction, and the expired ones that the timer wheel has reached, are
// removed and counted.
//
// Each figure is exact once the cache is quiet; while other goroutines use the cache, the
// figures are read one after the other, not at a single instant.
func (c *Cache[K, V]) Stats() Stats {
	c.store.CleanUp()
	// A load is counted before its error and its time, so reading them in the opposite order
	// keeps LoadErrors within Loads even while loads finish.
	loadErrors := c.counts.loadErrors.Load()
	loadNanos := c.counts.loadNanos.Load()
	s := Stats{
		Hits:        c.counts.hits.load(),
		Misses:      c.counts.misses.load(),
		Loads:       c.counts.loads.Load(),
		LoadErrors:  loadErrors,
		Evictions:   c.counts.evictions.Load(),
		Expirations: c.counts.expirations.Load(),
		Size:        c.store.EstimatedSize(),
	}
	if s.Loads > 0 {
		s.AvgLoadTime = time.Duration(loadNanos / s.Loads)
	}
	return s
}

// counters holds a cache's counts. Hits and misses, counted on every lookup, are striped
// counters; the rest are counted per load or removal, where a plain atomic costs nothing that
// matters.
type counters struct {
	hits        counter
	misses      counter
	loads       atomic.Int64
	loadErrors  atomic.Int64
	loadNanos   atomic.Int64
	evictions   atomic.Int64
	expirations atomic.Int64
}

// onDeletion counts the removals that the cache decided on itself. It runs under otter's
// bucket lock, so it must not call the cache.
func onDeletion[K comparable, V any](n *counters) func(otter.DeletionEvent[K, V]) {
	return func(e otter.DeletionEvent[K, V]) {
		switch e.Cause {
		case otter.CauseOverflow:
			n.evictions.Add(1)
		case otter.CauseExpiration:
			n.expirations.Add(1)
		}
	}
}
