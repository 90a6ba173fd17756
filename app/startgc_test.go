package app

import (
	"runtime/debug"
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
