//go:build linux && cgo

package glpreload

/*
#include "preload.h"
*/
import "C"

import "sync/atomic"

// The start's C heap on huge pages
//
// Until the first frame, the UI thread's C libraries (GLFW, X11, glvnd,
// Mesa) allocate some 30 MB from libc's heap: frame buffer configurations,
// the GL context, the window's buffers, shaders. Each 4 KB page touched
// for the first time costs a page fault, 11–13 µs on this project's test
// machines, and the UI thread took about 30 ms of them before the window
// was mapped. While a window starts, this package has libc cut blocks of
// up to 32 MB from its heap (M_MMAP_THRESHOLD) and keep what is freed
// (M_TRIM_THRESHOLD), and marks the next 30 MB of that heap for
// transparent huge pages (madvise MADV_HUGEPAGE, which the usual system
// setting, "madvise", requires): one fault for each 2 MB. SettleHeap, once
// the first frame is painted, gives libc back its defaults and returns
// what is free to the system (malloc_trim). Go's own heap has the same
// treatment in package app (prepareStartHeap).

// heapSize is how much of the heap is marked: the UI thread's C blocks up
// to the first frame, with room.
const heapSize = 30 << 20

var heapPrepared atomic.Bool

// prepareHeap marks the heap, once; it runs on the main thread, whose
// blocks come from libc's main heap.
func prepareHeap() {
	if C.glp_heap_prepare(heapSize) != 0 {
		heapPrepared.Store(true)
	}
}

// HeapPrepared reports whether the start's C heap was marked for huge
// pages, for the log.
func HeapPrepared() bool { return heapPrepared.Load() }

// SettleHeap gives libc back its defaults once the first frame is painted
// and returns the free memory to the system; it does nothing when the heap
// was not prepared, or the second time.
func SettleHeap() { C.glp_heap_settle() }

// mapped reports whether libc gives a block of n bytes a mapping of its
// own rather than a place in its heap; touch writes a block of n bytes and
// frees it.
func mapped(n int) bool { return C.glp_heap_mapped(C.long(n)) != 0 }
func touch(n int)       { C.glp_heap_touch(C.long(n)) }
