package metrics

import (
	"errors"
	"io"
	"log/slog"
	"runtime"
	"testing"
	"time"

	"github.com/shirou/gopsutil/v4/cpu"
	"github.com/shirou/gopsutil/v4/process"
	"go.uber.org/goleak"
)

var discard = slog.New(slog.DiscardHandler)

func TestSamplerStartStop(t *testing.T) {
	defer goleak.VerifyNone(t)
	s := NewSampler(SamplerOptions{Interval: 5 * time.Millisecond, Logger: discard})
	if _, ok := s.Latest(); ok {
		t.Fatalf("Latest before Start: got a sample, want none")
	}
	s.Stop() // stopping a sampler that never started does nothing
	s.Start()
	s.Start() // no second goroutine
	deadline := time.Now().Add(5 * time.Second)
	for len(s.Samples()) < 3 {
		if time.Now().After(deadline) {
			t.Fatalf("after 5 s: got %d samples, want 3", len(s.Samples()))
		}
		time.Sleep(time.Millisecond)
	}
	s.Stop()
	s.Stop()
	n := len(s.Samples())
	time.Sleep(20 * time.Millisecond)
	if got := len(s.Samples()); got != n {
		t.Errorf("samples after Stop: got %d, want %d", got, n)
	}
	samples := s.Samples()
	for i := 1; i < len(samples); i++ {
		if !samples[i].Time.After(samples[i-1].Time) {
			t.Errorf("sample %d at %v is not after sample %d at %v", i, samples[i].Time, i-1, samples[i-1].Time)
		}
	}
	// It can start again.
	s.Start()
	s.Stop()
}

func TestSamplerFigures(t *testing.T) {
	s := NewSampler(SamplerOptions{Logger: discard})
	s.SampleNow()
	runtime.GC()
	// Burn some CPU so that the next sample has something to show.
	for start := time.Now(); time.Since(start) < 60*time.Millisecond; {
	}
	smp := s.SampleNow()
	if runtime.GOOS == "linux" && smp.Degraded {
		t.Fatalf("sample on Linux is degraded: %+v", smp)
	}
	checks := []struct {
		what string
		ok   bool
	}{
		{"RSS > 1 MB", smp.RSS > 1<<20},
		{"VMS >= RSS", smp.VMS >= smp.RSS},
		{"CPUPercent > 0", smp.CPUPercent > 0},
		{"CPUPercent < 100 × CPUs + 50", smp.CPUPercent < float64(100*runtime.NumCPU()+50)},
		{"Threads >= 1", smp.Threads >= 1},
		{"OpenFiles >= 1", smp.OpenFiles >= 1},
		{"HeapInUse > 0", smp.HeapInUse > 0},
		{"HeapObjects > 0", smp.HeapObjects > 0},
		{"Goroutines >= 1", smp.Goroutines >= 1},
		{"GCCycles >= 1", smp.GCCycles >= 1},
		{"0 < LastGCPause < 1 s", smp.LastGCPause > 0 && smp.LastGCPause < time.Second},
	}
	for _, c := range checks {
		if !c.ok {
			t.Errorf("%s: got %+v", c.what, smp)
		}
	}
	if latest, ok := s.Latest(); !ok || latest != smp {
		t.Errorf("Latest: got %+v, %v, want the last sample", latest, ok)
	}
}

func TestSamplerRing(t *testing.T) {
	s := NewSampler(SamplerOptions{Interval: time.Minute, Logger: discard})
	var taken []Sample
	for range 20 {
		taken = append(taken, s.SampleNow())
	}
	got := s.Samples()
	if len(got) != 15 {
		t.Fatalf("samples kept at 1 per minute: got %d, want 15", len(got))
	}
	for i, smp := range got {
		if smp != taken[5+i] {
			t.Fatalf("sample %d: got the sample taken at %v, want the one at %v", i, smp.Time, taken[5+i].Time)
		}
	}
}

// failingProcess is a gopsutil process that cannot be read, as without
// permission or on an unsupported OS.
type failingProcess struct{ fdsOnly bool }

var errDenied = errors.New("permission denied")

func (f failingProcess) MemoryInfo() (*process.MemoryInfoStat, error) {
	if f.fdsOnly {
		return &process.MemoryInfoStat{RSS: 10 << 20, VMS: 100 << 20}, nil
	}
	return nil, errDenied
}

func (f failingProcess) Times() (*cpu.TimesStat, error) {
	if f.fdsOnly {
		return &cpu.TimesStat{User: 1}, nil
	}
	return nil, errDenied
}

func (f failingProcess) NumThreads() (int32, error) {
	if f.fdsOnly {
		return 7, nil
	}
	return 0, errDenied
}

func (failingProcess) NumFDs() (int32, error) { return 0, errDenied }

func TestSamplerDegrades(t *testing.T) {
	tests := []struct {
		name   string
		proc   processStats
		rss    func(uint64) bool
		thread func(int) bool
	}{
		{"all fail", failingProcess{}, func(v uint64) bool { return v > 0 }, func(n int) bool { return n >= 1 }},
		{"open files fail", failingProcess{fdsOnly: true}, func(v uint64) bool { return v == 10<<20 }, func(n int) bool { return n == 7 }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := &recordHandler{}
			s := NewSampler(SamplerOptions{Logger: slog.New(h)})
			s.proc = tt.proc
			for range 5 {
				smp := s.SampleNow()
				if !smp.Degraded || !tt.rss(smp.RSS) || !tt.thread(smp.Threads) || smp.OpenFiles != 0 || smp.HeapInUse == 0 {
					t.Fatalf("degraded sample: got %+v", smp)
				}
			}
			recs := h.all()
			if len(recs) != 1 || recs[0].Level != slog.LevelWarn {
				t.Fatalf("log after 5 failing samples: got %d records, want one WARN", len(recs))
			}
			var err error
			recs[0].Attrs(func(a slog.Attr) bool {
				if a.Key == "err" {
					err, _ = a.Value.Any().(error)
				}
				return true
			})
			if !errors.Is(err, errDenied) {
				t.Errorf("WARN err: got %v, want it to wrap %v", err, errDenied)
			}
		})
	}
}

func TestSamplerNoProcess(t *testing.T) {
	h := &recordHandler{}
	s := NewSampler(SamplerOptions{Logger: slog.New(h)})
	s.proc, s.procErr = nil, io.ErrUnexpectedEOF
	s.SampleNow()
	s.SampleNow()
	if recs := h.all(); len(recs) != 1 {
		t.Errorf("log: got %d records, want 1", len(recs))
	}
}

func BenchmarkSamplerTick(b *testing.B) {
	s := NewSampler(SamplerOptions{Logger: discard})
	s.SampleNow()
	b.ReportAllocs()
	for b.Loop() {
		s.SampleNow()
	}
}

// TestSamplerSetInterval: a slower interval stops the stream of samples
// (an hour: none come), and going back to the configured one takes a
// sample at once and then samples at its rate again.
func TestSamplerSetInterval(t *testing.T) {
	defer goleak.VerifyNone(t)
	s := NewSampler(SamplerOptions{Interval: 5 * time.Millisecond, Logger: discard})
	s.Start()
	defer s.Stop()
	waitSamples := func(n int) {
		t.Helper()
		deadline := time.Now().Add(5 * time.Second)
		for len(s.Samples()) < n {
			if time.Now().After(deadline) {
				t.Fatalf("after 5 s: got %d samples, want %d", len(s.Samples()), n)
			}
			time.Sleep(time.Millisecond)
		}
	}
	waitSamples(3)

	s.SetInterval(time.Hour)
	// At 5 ms, 300 ms without a sample never happens; at an hour it does
	// as soon as the loop has taken the change.
	deadline := time.Now().Add(5 * time.Second)
	for {
		n := len(s.Samples())
		time.Sleep(300 * time.Millisecond)
		if len(s.Samples()) == n {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("samples kept coming every 5 ms after SetInterval(time.Hour)")
		}
	}

	n := len(s.Samples())
	s.SetInterval(0) // back to the configured 5 ms
	waitSamples(n + 3)
}
