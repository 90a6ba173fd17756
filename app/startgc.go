package app

import (
	"os"
	"runtime/debug"
)

// startMemoryLimit bounds the heap while the garbage collector is held
// (holdGC): the start's heap peaks near 60 MB, so it is never reached
// unless something goes wrong, and then the collector runs again.
const startMemoryLimit = 512 << 20

// holdGC turns the garbage collector off until the returned release is
// called, unless the user set GOGC or GOMEMLIMIT: from exec to the first
// frame the font faces and the first window's widgets are made on the
// other core while the main thread makes the GL window, and on two cores
// the collections of that burst of allocation (its heap grows from 4 to
// some 60 MB, so five or six of them) took the CPU from the window's
// making; bench/cmd/firstframe measured about 15 ms sooner to the first
// frame with GOGC=off (docs/PERFORMANCE-NOTES.md). Release restores both
// settings and collects the start's garbage once, on a goroutine of its
// own, returning the freed memory to the system.
func holdGC() (release func()) {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		return func() {}
	}
	limit := debug.SetMemoryLimit(startMemoryLimit)
	percent := debug.SetGCPercent(-1)
	return func() {
		debug.SetGCPercent(percent)
		debug.SetMemoryLimit(limit)
		go debug.FreeOSMemory()
	}
}
