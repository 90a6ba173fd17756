package app

import (
	"bytes"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestWatchStop(t *testing.T) {
	cases := []struct {
		name     string
		stopping bool // quitting began
		stopped  bool // the window system stopped in time
		wantHung bool
	}{
		{"never quitting", false, true, false},
		{"stopped in time", true, true, false},
		{"window system hangs", true, false, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			stopping, done := make(chan struct{}), make(chan struct{})
			if tc.stopping {
				close(stopping)
			}
			if tc.stopped {
				close(done)
			}
			hung := false
			returned := make(chan struct{})
			go func() {
				watchStop(stopping, done, 20*time.Millisecond, func() { hung = true })
				close(returned)
			}()
			select {
			case <-returned:
			case <-time.After(10 * time.Second):
				t.Fatal("watchStop did not return")
			}
			if hung != tc.wantHung {
				t.Errorf("got hung %v, want %v", hung, tc.wantHung)
			}
		})
	}
}

// After a hang the watchdog exits with exitHung, not 0, and only after the
// sessions ended, the logs were flushed and the CPU profile was written.
func TestWatchdogExitAfterHang(t *testing.T) {
	var (
		mu    sync.Mutex
		steps []string
	)
	step := func(s string) {
		mu.Lock()
		defer mu.Unlock()
		steps = append(steps, s)
	}
	profile := filepath.Join(t.TempDir(), "cpu.pprof")
	var stderr bytes.Buffer
	stop := startCPUProfile(profile, &stderr)
	oldExit, oldStop := exit, stopProfile
	t.Cleanup(func() { exit, stopProfile = oldExit, oldStop })
	stopProfile = sync.OnceFunc(func() { stop(); step("profile") })
	code := -1
	exit = func(c int) { code = c; step("exit") }

	var logs bytes.Buffer
	log := slog.New(slog.NewJSONHandler(&logs, nil))
	stopping, done := make(chan struct{}), make(chan struct{})
	close(stopping)
	watchStop(stopping, done, 10*time.Millisecond, func() {
		exitHungGUI(log, &stderr, 10*time.Millisecond, func() { step("finish") })
	})

	if code != exitHung || exitHung == 0 {
		t.Errorf("got exit status %d, want %d (non-zero)", code, exitHung)
	}
	if got, want := strings.Join(steps, ","), "finish,profile,exit"; got != want {
		t.Errorf("got steps %s, want %s", got, want)
	}
	if b, err := os.ReadFile(profile); err != nil || len(b) < 2 || b[0] != 0x1f || b[1] != 0x8b {
		t.Errorf("the CPU profile is not a written gzip file: %d bytes, %v", len(b), err)
	}
	if !strings.Contains(logs.String(), `"event":"stop_timeout"`) {
		t.Errorf("no stop_timeout record in %q", logs.String())
	}
	if !strings.Contains(stderr.String(), "exiting with status 3") {
		t.Errorf("stderr %q does not say the status", stderr.String())
	}
}
