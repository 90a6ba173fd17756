package cache

import (
	"context"
	"math/rand/v2"
	"testing"
	"time"
)

const benchKeys = 1024 // a power of two, for the mask

// newBenchCache returns a full cache of benchKeys entries, as the app configures one.
func newBenchCache(b *testing.B) *Cache[int, int] {
	c := newTestCache[int, int](b, Options{TTL: time.Hour, MaxEntries: 2 * benchKeys})
	for k := range benchKeys {
		if _, err := c.GetOrLoad(context.Background(), k, func(context.Context) (int, error) { return k, nil }); err != nil {
			b.Fatal(err)
		}
	}
	return c
}

func benchLoad(context.Context) (int, error) { panic("a hit does not load") }

func BenchmarkGetOrLoadHit(b *testing.B) {
	c := newBenchCache(b)
	ctx := context.Background()
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		_, _ = c.GetOrLoad(ctx, i&(benchKeys-1), benchLoad)
		i++
	}
}

func BenchmarkGetOrLoadHitParallel(b *testing.B) {
	c := newBenchCache(b)
	ctx := context.Background()
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		i := rand.IntN(benchKeys)
		for pb.Next() {
			_, _ = c.GetOrLoad(ctx, i&(benchKeys-1), benchLoad)
			i++
		}
	})
}

func BenchmarkGet(b *testing.B) {
	c := newBenchCache(b)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		_, _ = c.Get(i & (benchKeys - 1))
		i++
	}
}
