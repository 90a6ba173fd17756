// Package cache is a generic in-memory cache for expensive results, such as model answers,
// built on github.com/maypok86/otter/v2.
//
// otter gives expiry, a size bound and the de-duplication of concurrent loads; this package
// adds what the app needs on top: a log record for every load with its duration, statistics
// (hits, misses, loads, load errors, evictions, expirations), loaders whose panics become
// errors, and a Close that stops every goroutine the cache owns.
//
// Errors are never cached: a failed load is retried by the next call.
package cache

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/maypok86/otter/v2"
)

// Cache is a cache from keys of type K to values of type V. Its methods are safe for use from
// any number of goroutines. Create one with New and stop it with Close.
type Cache[K comparable, V any] struct {
	store   *otter.Cache[K, V]
	counts  *counters
	logger  *slog.Logger
	now     func() time.Time
	tasks   tasks
	closing sync.Once
}

// New returns a cache configured by o. It panics if o.TTL or o.MaxEntries is negative.
//
// A cache with a TTL owns a goroutine that removes expired entries every second (unless
// o.Now is set), and every cache runs its maintenance on short-lived goroutines of its own:
// Close stops them all.
func New[K comparable, V any](o Options) *Cache[K, V] {
	c := &Cache[K, V]{
		counts: new(counters),
		logger: discardIfNil(o.Logger),
		now:    o.Now,
	}
	if o.Name != "" {
		c.logger = c.logger.With(slog.String("cache", o.Name))
	}
	if c.now == nil {
		c.now = time.Now
	}
	c.store = otter.Must(otterOptions[K, V](o, c.logger, onDeletion[K, V](c.counts), c.tasks.run))
	return c
}

// GetOrLoad returns the value cached for key, or loads it with load, caches it and returns it.
// Each run of load is counted in Stats and logged (see Options.Logger) with its duration.
//
// Concurrent calls that miss the same key share one call of load, made by the first of them
// with its own ctx; load should honour ctx. A caller waiting for another caller's load returns
// ctx.Err() as soon as its own ctx ends. If the loading caller's ctx ends and load fails, a
// waiter whose ctx is still live loads the key again rather than return that error. A call
// whose ctx has already ended returns a cached value, but loads nothing.
//
// The error of load is returned as is (not wrapped), to every caller that shared the load, and
// nothing is cached. If load panics, they all get a *PanicError instead. Invalidating the key
// while it is being loaded discards the loaded value, and a waiter then loads it again.
//
// Every call for a given key should pass a loader that computes the same value: a caller may
// get the result of another caller's loader.
func (c *Cache[K, V]) GetOrLoad(ctx context.Context, key K, load func(ctx context.Context) (V, error)) (V, error) {
	v, _, err := c.GetOrLoadHit(ctx, key, load)
	return v, err
}

// GetOrLoadHit is GetOrLoad that also reports whether the call was a cache hit, for callers
// that count the requests answered from the cache: hit is true when the value was already in
// the cache, so that neither this call nor one it waited for ran a loader. A call that waited
// for another caller's load is a miss. The hits and misses reported here are the ones counted
// in Stats.
func (c *Cache[K, V]) GetOrLoadHit(ctx context.Context, key K, load func(ctx context.Context) (V, error)) (v V, hit bool, err error) {
	if v, ok := c.store.GetIfPresent(key); ok {
		c.counts.hits.add()
		return v, true, nil
	}
	c.counts.misses.add()
	// otter looks the key up again: a load that finished in between is adopted, one in flight
	// is joined, and only otherwise does this call run the loader.
	v, err = c.store.Get(ctx, key, otter.LoaderFunc[K, V](func(ctx context.Context, key K) (V, error) {
		return c.load(ctx, key, load)
	}))
	return v, false, err
}

// Get returns the value cached for key and true, or the zero value and false. It never loads,
// but counts as a hit or a miss in Stats.
func (c *Cache[K, V]) Get(key K) (V, bool) {
	v, ok := c.store.GetIfPresent(key)
	if ok {
		c.counts.hits.add()
	} else {
		c.counts.misses.add()
	}
	return v, ok
}

// Invalidate removes the entry for key, if any. A load of key in flight is not cancelled, but
// its value is not cached.
func (c *Cache[K, V]) Invalidate(key K) {
	c.store.Invalidate(key)
}

// Clear removes every entry. Removed entries are not counted as evictions or expirations.
func (c *Cache[K, V]) Clear() {
	c.store.InvalidateAll()
}

// Close stops the goroutines the cache owns and waits for them to return: the periodic
// clean-up of a cache with a TTL and any maintenance in progress. It keeps the entries.
// Calling it again does nothing.
//
// The cache stays usable after Close, so that a late request racing with shutdown still gets
// an answer; it then does its maintenance on the calling goroutine.
func (c *Cache[K, V]) Close() {
	c.closing.Do(func() {
		c.store.StopAllGoroutines()
		c.tasks.close()
	})
}
