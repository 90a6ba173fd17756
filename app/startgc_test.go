package app

import (
	"math"
	"runtime/debug"
	"runtime/metrics"
	"testing"
)

// gcPercent reads the collector's setting without changing it.
func gcPercent() int {
	p := debug.SetGCPercent(100)
	debug.SetGCPercent(p)
	return p
}

// TestHoldGC: the collector is off, within a memory limit, until release,
// which restores both settings; with GOGC or GOMEMLIMIT set by the user,
// holdGC changes nothing.
func TestHoldGC(t *testing.T) {
	t.Setenv("GOGC", "")
	t.Setenv("GOMEMLIMIT", "")
	percent, limit := gcPercent(), debug.SetMemoryLimit(-1)
	defer startWork.Wait()
	release := holdGC()
	if p := gcPercent(); p != -1 {
		t.Errorf("GC percent %d while held, want -1 (off)", p)
	}
	if l := debug.SetMemoryLimit(-1); l != startMemoryLimit {
		t.Errorf("memory limit %d while held, want %d", l, startMemoryLimit)
	}
	release()
	if p, l := gcPercent(), debug.SetMemoryLimit(-1); p != percent || l != limit {
		t.Errorf("after release: GC percent %d, limit %d; want %d, %d as before", p, l, percent, limit)
	}

	for _, env := range []string{"GOGC", "GOMEMLIMIT"} {
		t.Run(env, func(t *testing.T) {
			t.Setenv(env, "200")
			release := holdGC()
			defer release()
			if p, l := gcPercent(), debug.SetMemoryLimit(-1); p != percent || l != limit {
				t.Errorf("with %s set: GC percent %d, limit %d; want them untouched (%d, %d)", env, p, l, percent, limit)
			}
		})
	}
}

// TestPrepareStartHeap: the prepared bytes stay in the heap, free for the
// start's allocations, not returned to the system while the collector is
// held.
func TestPrepareStartHeap(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(-1))
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(math.MaxInt64))
	const n = 32 << 20
	startWork.Wait()     // no other test's release returns memory meanwhile
	debug.FreeOSMemory() // the heap's free pages all returned first
	prepareStartHeap(n)
	if got := heapFree(); got < n {
		t.Errorf("the heap keeps %d MB free and unreleased, want at least %d MB", got>>20, n>>20)
	}
}

// heapFree is the heap's free memory the runtime has not returned to the
// system.
func heapFree() int64 {
	s := []metrics.Sample{{Name: "/memory/classes/heap/free:bytes"}}
	metrics.Read(s)
	return int64(s[0].Value.Uint64())
}
