package e2e

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestCrashKill9: a load test killed with SIGKILL loses at most about a
// second of INFO records (WARN and ERROR are written at once: the logging
// package's crash test counts them), every line in app.log but a torn last
// one parses, and the next start reports the session as crashed, once.
// Then a window killed the same way: the next start opens a window (the
// preferences and the journal are readable) and reports it too.
func TestCrashKill9(t *testing.T) {
	home := t.TempDir()
	logDir := filepath.Join(home, "logs")
	dataDir := filepath.Join(home, "data")
	appLog := filepath.Join(logDir, "app.log")
	env := []string{"HOME=" + home}
	dirs := []string{"--log-dir", logDir, "--data-dir", dataDir}

	cmd := exec.Command(binary, append(dirs, "load", "--model", "chaos", "--requests", "10000000", "--concurrency", "4",
		"--param", "latency=1ms", "--param", "jitter=0s", "--param", "error_rate=0.1", "--param", "panic_rate=0.01")...)
	cmd.Env = append([]string{"PATH=" + os.Getenv("PATH"), "LANG=en_US.UTF-8"}, env...)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := watch(t, cmd, nil)
	waitFor(t, "task records in app.log", 60*time.Second, func() bool {
		return strings.Count(readIfExists(appLog), `"event":"task"`) > 500
	})
	time.Sleep(1500 * time.Millisecond)
	killed := time.Now()
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	<-exited

	lines := strings.Split(strings.TrimRight(readIfExists(appLog), "\n"), "\n")
	var last time.Time
	var session string
	for i, line := range lines {
		var rec struct {
			Time    time.Time `json:"time"`
			Event   string    `json:"event"`
			Session string    `json:"session"`
		}
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			if i != len(lines)-1 {
				t.Fatalf("app.log line %d of %d does not parse: %.200q", i+1, len(lines), line)
			}
			continue // a torn last line: the reader skips it
		}
		if rec.Event == "session_start" {
			session = rec.Session
		}
		if rec.Time.After(last) {
			last = rec.Time
		}
	}
	gap := killed.Sub(last)
	t.Logf("%d records in app.log; the last one %v before the kill", len(lines), gap.Round(time.Millisecond))
	if gap > 2500*time.Millisecond { // a 1 s flush interval, plus a loaded machine's scheduling
		t.Errorf("the last record in app.log is %v older than the kill: more than about a second of INFO was lost", gap)
	}
	if session == "" {
		t.Fatal("no session_start record")
	}

	crashed := func(id string) bool {
		code, out, errOut := vigia(t, env, append(dirs, "sessions", "--json")...)
		if code != 0 {
			t.Fatalf("sessions --json: exit %d: %s", code, errOut)
		}
		var h struct {
			Sessions []struct {
				ID      string
				Crashed bool
			}
		}
		if err := json.Unmarshal([]byte(out), &h); err != nil {
			t.Fatalf("sessions --json printed %q: %v", out, err)
		}
		for _, s := range h.Sessions {
			if s.ID == id {
				return s.Crashed
			}
		}
		t.Fatalf("session %s is not in the journal", id)
		return false
	}
	if !crashed(session) {
		t.Errorf("the killed session %s is not reported as crashed", session)
	}
	reports := func(id string) int {
		n := 0
		for _, e := range readEventsLoose(appLog) {
			if e["event"] == "session_crashed" && e["session"] == id {
				n++
			}
		}
		return n
	}
	for range 2 {
		if code, _, errOut := vigia(t, env, append(dirs, "run", "--model", "sentiment", "fine")...); code != 0 {
			t.Fatalf("run after the crash: exit %d: %s", code, errOut)
		}
	}
	if n := reports(session); n != 1 {
		t.Errorf("the crash of %s was reported %d times in two later runs, want once", session, n)
	}

	// The same for a window. Its session is the one that starts after the
	// runs above (their records are on disk: they exited), once the
	// window's buffered records reach app.log.
	before := map[any]bool{}
	for _, e := range readEventsLoose(appLog) {
		if e["event"] == "session_start" {
			before[e["session"]] = true
		}
	}
	display, _, gui, stderr, guiExited := startGUI(t, env, dirs...)
	waitWindow(t, display, gui, guiExited, stderr)
	var guiSession string
	waitFor(t, "the window's session_start", 30*time.Second, func() bool {
		for _, e := range readEventsLoose(appLog) {
			if e["event"] == "session_start" && !before[e["session"]] {
				guiSession, _ = e["session"].(string)
			}
		}
		return guiSession != ""
	})
	_ = gui.Process.Signal(syscall.SIGKILL)
	<-guiExited

	display2, _, gui2, stderr2, exited2 := startGUI(t, env, dirs...)
	win2 := waitWindow(t, display2, gui2, exited2, stderr2)
	waitFor(t, "the window's crash to be reported", 30*time.Second, func() bool { return reports(guiSession) == 1 })
	if !crashed(guiSession) {
		t.Errorf("the killed window's session %s is not reported as crashed", guiSession)
	}
	for _, prefs := range []string{
		filepath.Join(home, ".config", "vigia", "settings.json"),                   // Vigía's settings and window state
		filepath.Join(home, ".config", "fyne", "io.vigia.app", "preferences.json"), // Fyne's own
	} {
		if b, err := os.ReadFile(prefs); err == nil && !json.Valid(b) {
			t.Errorf("%s is not valid JSON after the crash: %q", prefs, b)
		}
	}
	quitGUI(t, display2, win2, gui2, exited2, stderr2)
}
