package metrics

import (
	"cmp"
	"fmt"
	"log/slog"
	"math"
	"os"
	"runtime/debug"
	"runtime/metrics"
	"sync"

	"github.com/shirou/gopsutil/v4/process"
)

// MemoryUsage is the memory of the process at one moment.
type MemoryUsage struct {
	// RSS is the resident set size in bytes, from gopsutil; when that fails,
	// the memory the Go runtime has mapped and not released.
	RSS uint64
	// Heap is the bytes in in-use heap spans (what MemStats.HeapInuse
	// reports), read through runtime/metrics.
	Heap uint64
}

// FreeMemory collects garbage, returns as much memory as it can to the
// operating system, and returns the usage before and after. It logs
// "Memory usage: X MB" (the RSS after) and the amount freed at INFO through
// logger; nil means slog.Default(). It blocks for a full garbage collection:
// call it on demand, not on a timer.
func FreeMemory(logger *slog.Logger) (before, after MemoryUsage) {
	if logger == nil {
		logger = slog.Default()
	}
	proc, err := openProcess()
	rt := newRuntimeReader()
	before, errBefore := memoryUsage(proc, rt)
	// FreeOSMemory runs a blocking runtime.GC itself before scavenging: a
	// runtime.GC call ahead of it would only collect twice.
	debug.FreeOSMemory()
	after, errAfter := memoryUsage(proc, rt)
	if err = cmp.Or(err, errBefore, errAfter); err != nil {
		logger.Warn("process memory unavailable, using Go runtime figures", "err", err)
	}

	logger.Info(fmt.Sprintf("Memory usage: %.2f MB", megabytes(int64(after.RSS))),
		"rss_bytes", after.RSS, "heap_bytes", after.Heap)
	rssFreed, heapFreed := int64(before.RSS)-int64(after.RSS), int64(before.Heap)-int64(after.Heap)
	logger.Info(fmt.Sprintf("Memory freed: %.2f MB", megabytes(rssFreed)),
		"rss_freed_bytes", rssFreed, "heap_freed_bytes", heapFreed)
	return before, after
}

// memoryUsage reads the usage now; with a nil proc or when gopsutil fails,
// RSS is the runtime's figure and the error says why.
func memoryUsage(proc *process.Process, rt *runtimeReader) (MemoryUsage, error) {
	f := rt.read()
	u := MemoryUsage{RSS: f.resident(), Heap: f.heapInUse}
	if proc == nil {
		return u, nil
	}
	m, err := proc.MemoryInfo()
	if err != nil {
		return u, fmt.Errorf("read process memory: %w", err)
	}
	u.RSS = m.RSS
	return u, nil
}

// cacheBootTime makes gopsutil keep the boot time instead of reading
// /proc/stat for it on every Times call: that read was a third of a sampler
// tick, and the boot time does not change while we run. The setting is
// global to gopsutil, so it is made once, before any sampler reads.
var cacheBootTime sync.Once

// openProcess opens this process for gopsutil, or returns nil and why not.
func openProcess() (*process.Process, error) {
	cacheBootTime.Do(func() { process.EnableBootTimeCache(true) })
	pid := os.Getpid()
	p, err := process.NewProcess(int32(pid))
	if err != nil {
		return nil, fmt.Errorf("open process %d: %w", pid, err)
	}
	return p, nil
}

func megabytes(b int64) float64 {
	return float64(b) / (1 << 20)
}

// The runtime/metrics figures read; the order is that of runtimeReader's
// samples.
const (
	rmHeapObjectBytes = iota
	rmHeapUnusedBytes
	rmHeapObjects
	rmGoroutines
	rmGCCycles
	rmMapped
	rmReleased
	rmThreads
	rmGCPauses
	rmCount
)

var runtimeMetricNames = [rmCount]string{
	rmHeapObjectBytes: "/memory/classes/heap/objects:bytes",
	rmHeapUnusedBytes: "/memory/classes/heap/unused:bytes",
	rmHeapObjects:     "/gc/heap/objects:objects",
	rmGoroutines:      "/sched/goroutines:goroutines",
	rmGCCycles:        "/gc/cycles/total:gc-cycles",
	rmMapped:          "/memory/classes/total:bytes",
	rmReleased:        "/memory/classes/heap/released:bytes",
	rmThreads:         "/sched/threads/total:threads",
	rmGCPauses:        "/sched/pauses/total/gc:seconds",
}

// runtimeReader reads the Go runtime's figures through runtime/metrics,
// which, unlike runtime.ReadMemStats, does not stop the world. It reuses its
// buffers, so a read allocates nothing after the first. It is not safe for
// concurrent use.
type runtimeReader struct {
	samples    []metrics.Sample
	lastPauses []uint64 // GC pause histogram counts at the previous read
	lastPause  float64  // seconds
}

// runtimeFigures is one read of a runtimeReader.
type runtimeFigures struct {
	heapInUse, heapObjects, goroutines, gcCycles uint64
	mapped, released, threads                    uint64
	lastGCPause                                  float64 // seconds
}

// resident is the runtime's stand-in for RSS: what it mapped and has not
// given back.
func (f runtimeFigures) resident() uint64 {
	return f.mapped - min(f.released, f.mapped)
}

func newRuntimeReader() *runtimeReader {
	r := &runtimeReader{samples: make([]metrics.Sample, rmCount)}
	for i, name := range runtimeMetricNames {
		r.samples[i].Name = name
	}
	return r
}

func (r *runtimeReader) read() runtimeFigures {
	metrics.Read(r.samples)
	u := func(i int) uint64 {
		if v := r.samples[i].Value; v.Kind() == metrics.KindUint64 {
			return v.Uint64()
		}
		return 0 // not supported by this Go version
	}
	f := runtimeFigures{
		heapInUse:   u(rmHeapObjectBytes) + u(rmHeapUnusedBytes),
		heapObjects: u(rmHeapObjects),
		goroutines:  u(rmGoroutines),
		gcCycles:    u(rmGCCycles),
		mapped:      u(rmMapped),
		released:    u(rmReleased),
		threads:     u(rmThreads),
	}
	if v := r.samples[rmGCPauses].Value; v.Kind() == metrics.KindFloat64Histogram {
		r.notePauses(v.Float64Histogram())
	}
	f.lastGCPause = r.lastPause
	return f
}

// notePauses finds, among the GC pauses since the previous read, the longest
// one. runtime/metrics only keeps a histogram of pauses, so the pause is the
// upper bound of its bucket (the lower one for the last, open bucket).
func (r *runtimeReader) notePauses(h *metrics.Float64Histogram) {
	if len(r.lastPauses) != len(h.Counts) {
		r.lastPauses = make([]uint64, len(h.Counts))
	}
	for i := len(h.Counts) - 1; i >= 0; i-- {
		if h.Counts[i] > r.lastPauses[i] {
			if hi := h.Buckets[i+1]; !math.IsInf(hi, 1) {
				r.lastPause = hi
			} else {
				r.lastPause = h.Buckets[i]
			}
			break
		}
	}
	copy(r.lastPauses, h.Counts)
}
