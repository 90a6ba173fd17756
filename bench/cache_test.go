package bench

import (
	"context"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/hashicorp/golang-lru/v2/expirable"
	"github.com/jellydator/ttlcache/v3"
	"github.com/maypok86/otter/v2"

	"vigia/cache"
)

// The caches below hold the same cacheKeys entries under the same bounds (cacheTTL, twice
// cacheKeys entries), and every benchmark reads them in the same order: the figures compare a
// cache hit and nothing else.
const (
	cacheKeys = 1024 // a power of two, for the mask
	cacheTTL  = time.Hour
)

// benchHits runs get on the keys in turn, serially or under RunParallel.
func benchHits(b *testing.B, parallel bool, get func(k int)) {
	b.ReportAllocs()
	if !parallel {
		i := 0
		for b.Loop() {
			get(i & (cacheKeys - 1))
			i++
		}
		return
	}
	b.RunParallel(func(pb *testing.PB) {
		i := rand.IntN(cacheKeys)
		for pb.Next() {
			get(i & (cacheKeys - 1))
			i++
		}
	})
}

// BenchmarkCacheHit compares a hit of vigia/cache's GetOrLoad with a hit of the caches it could
// have been built on. Each sub-benchmark is named mode/cache, so that one run lists the caches
// side by side.
func BenchmarkCacheHit(b *testing.B) {
	for _, mode := range []struct {
		name     string
		parallel bool
	}{{"Serial", false}, {"Parallel", true}} {
		b.Run(mode.name+"/Vigia", func(b *testing.B) {
			c := cache.New[int, int](cache.Options{TTL: cacheTTL, MaxEntries: 2 * cacheKeys})
			defer c.Close()
			ctx := context.Background()
			for k := range cacheKeys {
				_, _ = c.GetOrLoad(ctx, k, func(context.Context) (int, error) { return k, nil })
			}
			load := func(context.Context) (int, error) { panic("a hit does not load") }
			benchHits(b, mode.parallel, func(k int) { _, _ = c.GetOrLoad(ctx, k, load) })
		})
		// otter as the cache configures it, without statistics: the floor.
		newOtter := func() *otter.Cache[int, int] {
			c := otter.Must(&otter.Options[int, int]{
				MaximumSize:      2 * cacheKeys,
				ExpiryCalculator: otter.ExpiryWriting[int, int](cacheTTL),
			})
			for k := range cacheKeys {
				c.Set(k, k)
			}
			return c
		}
		b.Run(mode.name+"/OtterGetIfPresent", func(b *testing.B) {
			c := newOtter()
			defer c.StopAllGoroutines()
			benchHits(b, mode.parallel, func(k int) { _, _ = c.GetIfPresent(k) })
		})
		b.Run(mode.name+"/OtterGet", func(b *testing.B) {
			c := newOtter()
			defer c.StopAllGoroutines()
			ctx := context.Background()
			loader := otter.LoaderFunc[int, int](func(context.Context, int) (int, error) {
				panic("a hit does not load")
			})
			benchHits(b, mode.parallel, func(k int) { _, _ = c.Get(ctx, k, loader) })
		})
		b.Run(mode.name+"/TTLCache", func(b *testing.B) {
			c := ttlcache.New[int, int](
				ttlcache.WithTTL[int, int](cacheTTL),
				ttlcache.WithCapacity[int, int](2*cacheKeys),
			)
			for k := range cacheKeys {
				c.Set(k, k, ttlcache.DefaultTTL)
			}
			benchHits(b, mode.parallel, func(k int) { _ = c.Get(k) })
		})
		b.Run(mode.name+"/GolangLRU", func(b *testing.B) {
			// Its clean-up goroutine cannot be stopped; it lives until the benchmark binary exits.
			c := expirable.NewLRU[int, int](2*cacheKeys, nil, cacheTTL)
			for k := range cacheKeys {
				c.Add(k, k)
			}
			benchHits(b, mode.parallel, func(k int) { _, _ = c.Get(k) })
		})
	}
}
