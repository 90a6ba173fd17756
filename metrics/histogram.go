package metrics

import (
	"math"
	"math/bits"
	"sync/atomic"
	"time"
)

// The latency histogram is log-linear (HDR-style): every power-of-two octave
// of nanoseconds is cut into 2^subBits equal buckets, so a bucket is never
// wider than 1/64 of its lower bound and its midpoint is within 1/128
// (0.78 %) of any value in it. Octaves run from 2^9 ns (512 ns, below the
// 1 µs we promise) to 2^42 ns (73 min, above the 1 h we promise); one bucket
// below and one above catch the rest. That is 2114 counters, 17 KB per model,
// whatever the number of requests.
//
// The time series uses the same octaves with 2^coarseBits buckets each
// (estimates within 1/16, 6.25 %): a chart needs no more, and 900 seconds of
// fine histograms would cost 15 MB per collector.
const (
	subBits    = 6
	minExp     = 9
	maxExp     = 41
	numOctaves = maxExp - minExp + 1
	numBuckets = 1 + numOctaves<<subBits + 1

	coarseBits = 3
	numCoarse  = 1 + numOctaves<<coarseBits + 1
)

// bucketOf returns the fine bucket that counts a latency of d.
func bucketOf(d time.Duration) int {
	v := uint64(max(d, 0))
	if v < 1<<minExp {
		return 0
	}
	e := bits.Len64(v) - 1
	if e > maxExp {
		return numBuckets - 1
	}
	sub := int(v>>(e-subBits)) & (1<<subBits - 1)
	return 1 + (e-minExp)<<subBits + sub
}

// coarseOf maps a fine bucket to the coarse bucket that contains it.
func coarseOf(fine int) int {
	switch fine {
	case 0:
		return 0
	case numBuckets - 1:
		return numCoarse - 1
	}
	return 1 + (fine-1)>>(subBits-coarseBits)
}

// bucketBounds returns the range [lo, hi) in nanoseconds of bucket i in the
// layout with 2^b buckets per octave.
func bucketBounds(i int, b uint) (lo, hi uint64) {
	n := 1 + numOctaves<<b + 1
	switch i {
	case 0:
		return 0, 1 << minExp
	case n - 1:
		return 1 << (maxExp + 1), math.MaxInt64
	}
	i--
	e := uint(i>>b) + minExp
	w := uint64(1) << (e - b)
	lo = (1<<b + uint64(i)&(1<<b-1)) * w
	return lo, lo + w
}

// histogram is the lock-free latency histogram of one model. Recorders only
// add to its counters, so any number of them run at once and a reader never
// holds them up.
type histogram struct {
	counts [numBuckets]atomic.Uint64
	sum    atomic.Int64 // nanoseconds
	max    atomic.Int64 // nanoseconds
}

func (h *histogram) record(bucket int, d time.Duration) {
	h.counts[bucket].Add(1)
	ns := int64(max(d, 0))
	h.sum.Add(ns)
	for {
		m := h.max.Load()
		if ns <= m || h.max.CompareAndSwap(m, ns) {
			return
		}
	}
}

// recordAll records every duration of ds, with one addition to the sum and
// one update of the maximum for them all.
func (h *histogram) recordAll(ds []time.Duration) {
	var sum, top int64
	for _, d := range ds {
		ns := int64(max(d, 0))
		h.counts[bucketOf(d)].Add(1)
		sum += ns
		top = max(top, ns)
	}
	h.sum.Add(sum)
	for {
		m := h.max.Load()
		if top <= m || h.max.CompareAndSwap(m, top) {
			return
		}
	}
}

// latencies is a plain copy of one or more histograms, summed, that
// percentiles are read from.
type latencies struct {
	counts [numBuckets]uint64
	n      uint64
	sum    int64 // nanoseconds
	max    int64 // nanoseconds
}

// add adds h to l. It reads the counts before the sum so that the sum may be
// a little ahead of the counts, never behind.
func (l *latencies) add(h *histogram) {
	for i := range h.counts {
		if c := h.counts[i].Load(); c != 0 {
			l.counts[i] += c
			l.n += c
		}
	}
	l.sum += h.sum.Load()
	l.max = max(l.max, h.max.Load())
}

// addTo adds l to the histogram h, for MergeFrom.
func (l *latencies) addTo(h *histogram) {
	for i, c := range l.counts {
		if c != 0 {
			h.counts[i].Add(c)
		}
	}
	h.sum.Add(l.sum)
	for {
		m := h.max.Load()
		if l.max <= m || h.max.CompareAndSwap(m, l.max) {
			return
		}
	}
}

func (l *latencies) mean() time.Duration {
	if l.n == 0 {
		return 0
	}
	return time.Duration(l.sum / int64(l.n))
}

// quantile returns the estimate of the q-quantile: the midpoint of its
// bucket, clamped to the largest latency seen so that no quantile is above
// Max (beyond the last octave, Max itself).
func (l *latencies) quantile(q float64) time.Duration {
	i := rankBucket(l.counts[:], l.n, q)
	if i < 0 {
		return 0
	}
	return l.estimate(i)
}

// estimate returns the value that stands for bucket i: its midpoint,
// clamped to Max (beyond the last octave, Max itself).
func (l *latencies) estimate(i int) time.Duration {
	if i == numBuckets-1 {
		return time.Duration(l.max)
	}
	return time.Duration(min(midpoint(i, subBits), uint64(l.max)))
}

// rankOf returns the nearest rank of the q-quantile of n values: the
// smallest value with at least q·n values at or below it is the rank-th.
func rankOf(q float64, n uint64) uint64 {
	return min(max(uint64(math.Ceil(q*float64(n))), 1), n)
}

// rankBucket returns the bucket that holds the nearest-rank q-quantile (the
// smallest value with at least q·n values at or below it) of a histogram of
// n values, or -1 when n is 0.
func rankBucket(counts []uint64, n uint64, q float64) int {
	if n == 0 {
		return -1
	}
	rank := rankOf(q, n)
	var cum uint64
	for i, c := range counts {
		cum += c
		if cum >= rank {
			return i
		}
	}
	return len(counts) - 1 // only when counts moved on while n was read
}

// midpoint returns the middle of bucket i in the layout with 2^b buckets per
// octave, or the lower bound of the bucket beyond the last octave.
func midpoint(i int, b uint) uint64 {
	lo, hi := bucketBounds(i, b)
	if hi == math.MaxInt64 {
		return lo
	}
	return lo + (hi-lo)/2
}
