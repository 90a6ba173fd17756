//go:build linux && cgo

package glpreload

import (
	"os"
	"runtime"
	"strconv"
	"strings"
	"testing"
)

// The main goroutine stays on the main thread, as in the program, where
// init prepares the heap: the main thread's blocks come from libc's main
// heap, another thread's from an arena of its own.
func init() { runtime.LockOSThread() }

var onMain = make(chan func())

// TestMain runs the tests and, meanwhile, what they hand to onMain.
func TestMain(m *testing.M) {
	done := make(chan int)
	go func() { done <- m.Run() }()
	for {
		select {
		case f := <-onMain:
			f()
		case code := <-done:
			os.Exit(code)
		}
	}
}

// onMainThread runs f on the main thread.
func onMainThread(f func()) {
	ran := make(chan struct{})
	onMain <- func() { defer close(ran); f() }
	<-ran
}

// heap reports whether a part of the process's heap ([heap] in
// /proc/self/smaps) is marked for huge pages, and how much of it is
// resident, in MB.
func heap(t *testing.T) (huge bool, rssMB float64) {
	t.Helper()
	b, err := os.ReadFile("/proc/self/smaps")
	if err != nil {
		t.Fatal(err)
	}
	in := false
	for _, line := range strings.Split(string(b), "\n") {
		f := strings.Fields(line)
		if len(f) == 0 {
			continue
		}
		if !strings.HasSuffix(f[0], ":") {
			in = f[len(f)-1] == "[heap]"
			continue
		}
		switch {
		case !in:
		case f[0] == "VmFlags:" && strings.Contains(line, " hg"):
			huge = true
		case f[0] == "Rss:":
			kb, _ := strconv.ParseFloat(f[1], 64)
			rssMB += kb / 1024
		}
	}
	return huge, rssMB
}

// TestHeap: prepared, the heap is marked for huge pages, blocks of 1 and
// 16 MB come from it, and what is freed stays resident; settled, the free
// memory goes back to the system. Each happens once.
func TestHeap(t *testing.T) {
	if HeapPrepared() {
		t.Fatal("the heap is prepared in a test binary: init prepared it")
	}
	var before, after bool
	onMainThread(func() { before = mapped(2 << 20); SettleHeap(); after = mapped(2 << 20) }) // nothing to settle yet
	if after != before {
		t.Fatal("SettleHeap before prepareHeap changed libc's thresholds")
	}
	onMainThread(prepareHeap)
	if !HeapPrepared() {
		t.Fatal("prepareHeap: the heap was not marked (is transparent_hugepage never?)")
	}
	if huge, _ := heap(t); !huge {
		t.Fatal("prepareHeap: no part of [heap] carries the huge-page advice")
	}
	var small, large bool
	onMainThread(func() { small, large = mapped(1<<20), mapped(16<<20); touch(16 << 20) })
	if small || large {
		t.Fatal("prepared: blocks of 1 and 16 MB should come from the heap")
	}
	_, kept := heap(t)
	onMainThread(SettleHeap)
	_, settled := heap(t)
	if kept < 16 || settled > kept-12 {
		t.Fatalf("the heap's resident MB: %.1f with 16 MB freed, %.1f settled; want ≥ 16, then 12 fewer", kept, settled)
	}
	onMainThread(func() { prepareHeap(); touch(16 << 20) }) // once only: no longer kept
	if _, again := heap(t); again > settled+4 {
		t.Fatalf("after a second prepareHeap, 16 MB freed stayed resident: %.1f MB, settled %.1f", again, settled)
	}
}
