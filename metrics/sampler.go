package metrics

import (
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/shirou/gopsutil/v4/cpu"
	"github.com/shirou/gopsutil/v4/process"
)

// maxSamples bounds the sample ring whatever the Interval.
const maxSamples = 9000

// SamplerOptions configures a [Sampler]. The zero value is ready to use.
type SamplerOptions struct {
	// Interval is the time between two samples. Zero means one second. The
	// ring keeps 15 minutes of samples, at most 9000 (so an Interval under
	// 100 ms keeps less than 15 minutes).
	Interval time.Duration

	// Logger receives the one warning a Sampler gives when gopsutil cannot
	// read the process. Nil means slog.Default().
	Logger *slog.Logger
}

// Sample is what a [Sampler] reads at one moment.
type Sample struct {
	Time time.Time

	// Process figures, from gopsutil. When it fails (Degraded), RSS and VMS
	// hold the Go runtime's resident and mapped memory, Threads its own
	// threads, and CPUPercent and OpenFiles are 0.
	RSS        uint64  // resident set size, bytes
	VMS        uint64  // virtual memory size, bytes
	CPUPercent float64 // CPU time over wall time since the previous sample, percent of one CPU (0 in the first sample)
	Threads    int     // OS threads
	OpenFiles  int     // open file descriptors
	Degraded   bool    // some process figure could not be read

	// Go runtime figures, from runtime/metrics.
	HeapInUse   uint64        // bytes in in-use heap spans, like MemStats.HeapInuse
	HeapObjects uint64        // live or unswept heap objects
	Goroutines  int           // live goroutines
	GCCycles    uint64        // completed GC cycles since the process started
	LastGCPause time.Duration // longest GC stop-the-world pause since the previous sample, rounded up to its runtime/metrics bucket; repeated while no GC runs
}

// processStats is the part of gopsutil's *process.Process a Sampler reads; a
// test stands in for it to make gopsutil fail.
type processStats interface {
	MemoryInfo() (*process.MemoryInfoStat, error)
	Times() (*cpu.TimesStat, error)
	NumThreads() (int32, error)
	NumFDs() (int32, error)
}

// Sampler reads process and Go runtime figures every Interval into a fixed
// 15-minute ring, for the memory charts. Start and Stop run its goroutine; a
// Sampler is its owner. All methods are safe for concurrent use.
type Sampler struct {
	interval time.Duration // the configured one
	logger   *slog.Logger
	cur      atomic.Int64  // the interval in force (SetInterval), in ns
	changed  chan struct{} // tells the running loop cur changed

	tickMu  sync.Mutex // serialises sampling: what follows is its state
	proc    processStats
	procErr error // why proc is nil
	rt      *runtimeReader
	lastCPU float64 // CPU seconds at lastAt
	lastAt  time.Time
	warned  bool

	// ticks counts samples; threads and openFiles are the slow figures
	// of the last tick that read them (see slowEvery).
	ticks              int
	threads, openFiles int
	slowErr            error

	mu      sync.Mutex // guards the ring
	samples []Sample
	next    int // where the next sample goes
	n       int // samples held

	runMu sync.Mutex // guards stop and done
	stop  chan struct{}
	done  chan struct{}
}

// NewSampler returns a Sampler configured by opts. It does not start it.
func NewSampler(opts SamplerOptions) *Sampler {
	s := &Sampler{interval: opts.Interval, logger: opts.Logger, rt: newRuntimeReader(), changed: make(chan struct{}, 1)}
	if s.interval <= 0 {
		s.interval = time.Second
	}
	if s.logger == nil {
		s.logger = slog.Default()
	}
	s.cur.Store(int64(s.interval))
	ringLen := min(int((SeriesWindow+s.interval-1)/s.interval), maxSamples)
	s.samples = make([]Sample, ringLen)
	if p, err := openProcess(); err != nil {
		s.procErr = err
	} else {
		s.proc = p
	}
	return s
}

// Start starts sampling: one sample at once, then one every Interval, until
// Stop. Starting a running Sampler does nothing.
func (s *Sampler) Start() {
	s.runMu.Lock()
	defer s.runMu.Unlock()
	if s.stop != nil {
		return
	}
	s.stop, s.done = make(chan struct{}), make(chan struct{})
	go s.run(s.stop, s.done)
}

// Stop stops sampling and waits for the sampling goroutine to end. Stopping
// a stopped Sampler does nothing; it may be started again.
func (s *Sampler) Stop() {
	s.runMu.Lock()
	defer s.runMu.Unlock()
	if s.stop == nil {
		return
	}
	close(s.stop)
	<-s.done
	s.stop, s.done = nil, nil
}

// SetInterval samples every d from now on (d <= 0: the configured
// Interval again), as the app does while nobody looks at it: a slower rate
// costs less and the ring then spans longer. A change back to a faster
// rate takes a sample at once. It may be called whether or not s runs; the
// interval holds until the next change, across Stop and Start.
func (s *Sampler) SetInterval(d time.Duration) {
	if d <= 0 {
		d = s.interval
	}
	s.cur.Store(int64(d))
	select {
	case s.changed <- struct{}{}:
	default: // the loop has yet to read the last change, and will read this
	}
}

func (s *Sampler) run(stop <-chan struct{}, done chan<- struct{}) {
	defer close(done)
	d := time.Duration(s.cur.Load())
	t := time.NewTicker(d)
	defer t.Stop()
	s.SampleNow()
	for {
		select {
		case <-stop:
			return
		case <-t.C:
			s.SampleNow()
		case <-s.changed:
			nd := time.Duration(s.cur.Load())
			if nd == d {
				continue
			}
			if nd < d {
				s.SampleNow()
			}
			d = nd
			t.Reset(d)
		}
	}
}

// SampleNow takes a sample at once, adds it to the ring and returns it. The
// running Sampler calls it every Interval; the UI may call it to refresh.
func (s *Sampler) SampleNow() Sample {
	s.tickMu.Lock()
	smp := s.take()
	s.tickMu.Unlock()

	s.mu.Lock()
	s.samples[s.next] = smp
	s.next = (s.next + 1) % len(s.samples)
	s.n = min(s.n+1, len(s.samples))
	s.mu.Unlock()
	return smp
}

// Samples returns the samples in the ring, oldest first.
func (s *Sampler) Samples() []Sample {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Sample, 0, s.n)
	first := (s.next - s.n + len(s.samples)) % len(s.samples)
	if first+s.n <= len(s.samples) {
		return append(out, s.samples[first:first+s.n]...)
	}
	out = append(out, s.samples[first:]...)
	return append(out, s.samples[:s.next]...)
}

// Latest returns the most recent sample, and false when there is none yet.
func (s *Sampler) Latest() (Sample, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.n == 0 {
		return Sample{}, false
	}
	return s.samples[(s.next-1+len(s.samples))%len(s.samples)], true
}

// take reads one sample; s.tickMu is held.
func (s *Sampler) take() Sample {
	now := time.Now()
	f := s.rt.read()
	smp := Sample{
		Time:        now,
		HeapInUse:   f.heapInUse,
		HeapObjects: f.heapObjects,
		Goroutines:  int(f.goroutines),
		GCCycles:    f.gcCycles,
		LastGCPause: time.Duration(f.lastGCPause * float64(time.Second)),
		// The runtime's figures stand in until gopsutil's replace them.
		RSS:     f.resident(),
		VMS:     f.mapped,
		Threads: int(f.threads),
	}
	if err := s.readProcess(&smp, now); err != nil {
		smp.Degraded = true
		if !s.warned {
			// Once: a failure that lasts (no permission, unsupported OS)
			// must not fill the log every second.
			s.warned = true
			s.logger.Warn("process figures unavailable, using Go runtime figures", "err", err)
		}
	}
	return smp
}

// slowEvery is how often, in ticks, the slow process figures are read.
const slowEvery = 5

// readProcess fills smp's process figures from gopsutil, keeping those it
// cannot read, and returns what failed.
func (s *Sampler) readProcess(smp *Sample, now time.Time) error {
	if s.proc == nil {
		return s.procErr
	}
	var errs []error
	if m, err := s.proc.MemoryInfo(); err != nil {
		errs = append(errs, fmt.Errorf("read memory: %w", err))
	} else {
		smp.RSS, smp.VMS = m.RSS, m.VMS
	}
	if t, err := s.proc.Times(); err != nil {
		errs = append(errs, fmt.Errorf("read cpu times: %w", err))
	} else {
		used := t.User + t.System
		if dt := now.Sub(s.lastAt).Seconds(); !s.lastAt.IsZero() && dt > 0 {
			smp.CPUPercent = max(used-s.lastCPU, 0) / dt * 100
		}
		s.lastCPU, s.lastAt = used, now
	}
	// Threads and open files change slowly and cost half a tick to read
	// (/proc/self/status and the fd directory): they are read every
	// slowEvery ticks and carried over in between.
	if s.ticks%slowEvery == 0 {
		var slow []error
		if n, err := s.proc.NumThreads(); err != nil {
			slow = append(slow, fmt.Errorf("read threads: %w", err))
			s.threads = 0
		} else {
			s.threads = int(n)
		}
		if n, err := s.proc.NumFDs(); err != nil {
			slow = append(slow, fmt.Errorf("read open files: %w", err))
			s.openFiles = 0
		} else {
			s.openFiles = int(n)
		}
		s.slowErr = errors.Join(slow...)
	}
	s.ticks++
	errs = append(errs, s.slowErr) // carried over like the figures
	if s.threads > 0 {
		smp.Threads = s.threads
	}
	smp.OpenFiles = s.openFiles
	return errors.Join(errs...)
}
