package app

import (
	"os"
	"runtime"
	"runtime/debug"
	"sync"
)

// startMemoryLimit bounds the heap while the garbage collector is held
// (holdGC): the start's heap peaks near 60 MB, so it is never reached
// unless something goes wrong, and then the collector runs again.
const startMemoryLimit = 512 << 20

// startHeapBytes is how much of the heap prepareStartHeap backs with huge
// pages: about what the start's heap grows to by the first frame.
const startHeapBytes = 64 << 20

// holdGC turns the garbage collector off until the returned release is
// called, unless the user set GOGC or GOMEMLIMIT: from exec to the first
// frame the font faces and the first window's widgets are made on the
// other core while the main thread makes the GL window, and on two cores
// the collections of that burst of allocation (its heap grows from 4 to
// some 60 MB, so five or six of them) took the CPU from the window's
// making; bench/cmd/firstframe measured about 15 ms sooner to the first
// frame with GOGC=off (docs/PERFORMANCE-NOTES.md). While held, the heap
// the start grows into is prepared on a goroutine of its own
// (prepareStartHeap). Release restores both settings and collects the
// start's garbage once, on a goroutine of its own, returning the freed
// memory to the system.
func holdGC() (release func()) {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		return func() {}
	}
	limit := debug.SetMemoryLimit(startMemoryLimit)
	percent := debug.SetGCPercent(-1)
	startWork.Add(1)
	go func() {
		defer startWork.Done()
		prepareStartHeap(startHeapBytes)
	}()
	return func() {
		debug.SetGCPercent(percent)
		debug.SetMemoryLimit(limit)
		startWork.Add(1)
		go func() {
			defer startWork.Done()
			debug.FreeOSMemory()
		}()
	}
}

// startWork counts holdGC's goroutines, for the tests to wait for.
var startWork sync.WaitGroup

// prepareStartHeap grows the heap by n bytes and frees them at once, with
// the system asked to back them with huge pages (adviseHugePages), so that
// the start's allocations land on them: the runtime reuses freed pages
// before it grows the heap again, and while the collector is held it
// returns none of them to the system. Each 4 KB page the start touches
// for the first time costs a page fault, and a fault is dear where page
// tables are virtualised: about 12 µs on the virtual machines Vigía is
// measured on, against one fault for each 2 MB huge page. There, the
// process took some 21 000 faults before its first frame without this and
// 12 000 with it, as many as the bare Fyne window (docs/PERFORMANCE-NOTES.md).
// The memory is only reserved here: a huge page is made when the start
// first touches it, so the resident size grows by what the start uses,
// rounded up to 2 MB. Without huge pages (another system, or the system's
// setting "never"), this costs one collection of a small heap and nothing
// else.
func prepareStartHeap(n int) {
	b := make([]byte, n)
	adviseHugePages(b)
	runtime.KeepAlive(b)
	runtime.GC()
}
