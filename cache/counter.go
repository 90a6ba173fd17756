package cache

import (
	"sync/atomic"
	"unsafe"
)

const (
	counterStripes = 16 // a power of two
	cacheLineSize  = 64
)

// counter is a count for hot paths, such as the hits of a cache read by many goroutines. A
// single atomic would make every core that adds to it take the cache line from the others, so
// the count is split into stripes on lines of their own, and each goroutine adds to the stripe
// its stack address picks. That address stays put between calls, so a goroutine keeps to one
// stripe, and the stripe costs no lookup: otter's striped counter takes a token from a
// sync.Pool instead, which costs ten times as much as the atomic add itself.
type counter struct {
	stripes [counterStripes]struct {
		n atomic.Int64
		_ [cacheLineSize - 8]byte
	}
}

// add adds 1 to the count.
func (c *counter) add() {
	c.stripes[stripe()].n.Add(1)
}

// load returns the count: exact once no add runs, and otherwise a value the count had while it
// was read.
func (c *counter) load() int64 {
	var n int64
	for i := range c.stripes {
		n += c.stripes[i].n.Load()
	}
	return n
}

// stripe returns the index of the calling goroutine's stripe.
func stripe() uint64 {
	var onStack byte
	// The bits below 2 KiB (the smallest stack) vary with the call depth, not the goroutine.
	// Only the address is used: onStack does not escape, and a stack that moves when it grows
	// simply picks another stripe.
	addr := uint64(uintptr(unsafe.Pointer(&onStack))) >> 11
	return (addr * 0x9E3779B97F4A7C15) >> (64 - 4) // Fibonacci hashing to log2(counterStripes) bits
}
