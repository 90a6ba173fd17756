//go:build linux && cgo

package glpreload

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// waitDone waits for the preload to end.
func waitDone(t *testing.T) (path string, ms float64, err error) {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	for {
		started, path, ms, done, err := Status()
		if !started {
			t.Fatal("no preload started")
		}
		if done {
			return path, ms, err
		}
		if time.Now().After(deadline) {
			t.Fatal("the preload did not end in a minute")
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// TestStartLoadsTheDriver loads the system's Mesa driver as the program
// does (a test binary's arguments keep init's preload off) and finds it
// mapped into the process.
func TestStartLoadsTheDriver(t *testing.T) {
	if started, _, _, _, _ := Status(); started {
		t.Fatal("init started a preload in a test binary")
	}
	path, ok := DriverPath()
	if !ok {
		t.Skip("no Mesa driver on this machine")
	}
	if !start(path) {
		t.Fatal("start refused the first preload")
	}
	if start(path) {
		t.Error("a second preload started")
	}
	got, ms, err := waitDone(t)
	if err != nil || got != path || ms <= 0 {
		t.Fatalf("Status = %q, %.1f ms, %v; want %q, a duration, nil", got, ms, err, path)
	}
	maps, err := os.ReadFile("/proc/self/maps")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(maps), path) {
		t.Errorf("%s is not mapped into the process after the preload", path)
	}
	t.Logf("loaded %s in %.1f ms", path, ms)
}

// TestStartFailure starts a preload of a file that is not a library, in a
// child process (a process preloads once), and reads the loader's error.
func TestStartFailure(t *testing.T) {
	if os.Getenv("GLPRELOAD_CHILD") == "1" {
		bad := filepath.Join(t.TempDir(), "swrast_dri.so")
		if err := os.WriteFile(bad, []byte("not a library"), 0o644); err != nil {
			t.Fatal(err)
		}
		start(bad)
		if got, _, err := waitDone(t); err == nil || got != bad {
			t.Fatalf("Status = %q, %v; want %q and the loader's error", got, err, bad)
		} else {
			t.Logf("error: %v", err)
		}
		return
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestStartFailure$", "-test.v")
	cmd.Env = append(os.Environ(), "GLPRELOAD_CHILD=1")
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "error: ") || !strings.Contains(string(out), "--- PASS") {
		t.Fatalf("child: %v\n%s", err, out)
	}
}
