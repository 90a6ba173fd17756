package e2e

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"fmt"
	"github.com/BurntSushi/toml"
	"glpreload"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// binary is the vigia binary built once, with -race, for the tests that run
// it as a person would.
var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "vigia-bin")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binary = filepath.Join(dir, "vigia")
	build := exec.Command("go", "build", "-race", "-o", binary, "..")
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "building vigia:", err)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// vigia runs the binary with env (on top of a minimal environment) and
// returns its exit code, stdout and stderr.
func vigia(t *testing.T, env []string, args ...string) (int, string, string) {
	t.Helper()
	cmd := exec.Command(binary, args...)
	cmd.Env = append([]string{"HOME=" + t.TempDir(), "PATH=" + os.Getenv("PATH"), "LANG=en_US.UTF-8"}, env...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	code := 0
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return code, stdout.String(), stderr.String()
}

// TestVersionMatchesFyneAppToml: the binary says the version and build
// that FyneApp.toml, the one source of the app's metadata, gives.
func TestVersionMatchesFyneAppToml(t *testing.T) {
	var meta struct {
		Details struct {
			Version string
			Build   int
		}
	}
	if _, err := toml.DecodeFile(filepath.Join("..", "FyneApp.toml"), &meta); err != nil {
		t.Fatal(err)
	}
	if meta.Details.Version == "" || meta.Details.Build < 1 {
		t.Fatalf("FyneApp.toml has no version and build: %+v", meta.Details)
	}
	code, out, _ := vigia(t, nil, "--version")
	want := fmt.Sprintf("vigia %s (build %d)\n", meta.Details.Version, meta.Details.Build)
	if code != 0 || out != want {
		t.Errorf("got %d %q, want 0 %q", code, out, want)
	}
}

func TestUsageErrors(t *testing.T) {
	cases := []struct {
		name string
		env  []string
		args []string
		want string
	}{
		{"unknown flag", nil, []string{"--bogus"}, "flag provided but not defined: -bogus"},
		{"bad number", nil, []string{"--log-max-size-mb", "lots"}, `invalid value "lots"`},
		{"zero size", nil, []string{"--log-max-size-mb", "0"}, "--log-max-size-mb must be at least 1"},
		{"bad env", []string{"VIGIA_LOG_MAX_BACKUPS=many"}, nil, "VIGIA_LOG_MAX_BACKUPS=\"many\" is not a whole number"},
		{"non-loopback metrics", nil, []string{"--metrics-addr", "0.0.0.0:9464"}, "is not a loopback address"},
		{"refused setting", nil, []string{"config", "set", "cache-ttl", "forever"}, `cache-ttl="forever" is not a duration`},
		{"unknown command", nil, []string{"frobnicate"}, `unknown command "frobnicate"`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code, out, errOut := vigia(t, c.env, c.args...)
			if code != 2 {
				t.Errorf("got exit %d, want 2", code)
			}
			if out != "" {
				t.Errorf("got stdout %q, want nothing", out)
			}
			if !strings.Contains(errOut, c.want) {
				t.Errorf("stderr %q lacks %q", errOut, c.want)
			}
			if strings.Contains(errOut, "goroutine ") || strings.Contains(errOut, "panic:") {
				t.Errorf("stderr shows a Go panic: %q", errOut)
			}
		})
	}
}

func TestHelp(t *testing.T) {
	code, _, errOut := vigia(t, nil, "--help")
	for _, want := range []string{"--log-dir", "VIGIA_LOG_DIR", "--openai-base-url", "VIGIA_OPENAI_BASE_URL", "--config", "VIGIA_CONFIG", "\n  config "} {
		if code != 0 || !strings.Contains(errOut, want) {
			t.Errorf("got %d %q, want 0 and %q: every flag with its variable, every command", code, errOut, want)
		}
	}
}

func TestNoDisplay(t *testing.T) {
	for _, display := range []string{"", ":97"} {
		code, _, errOut := vigia(t, []string{"DISPLAY=" + display, "XDG_STATE_HOME=" + t.TempDir()})
		if code != 1 {
			t.Errorf("DISPLAY=%q: got exit %d, want 1", display, code)
		}
		lines := strings.Split(strings.TrimSpace(errOut), "\n")
		if len(lines) != 1 || !strings.HasPrefix(lines[0], "vigia: no graphical display found; ") {
			t.Errorf("DISPLAY=%q: got stderr %q, want one line starting %q", display, errOut, "vigia: no graphical display found; ")
		}
	}
}

// TestDisplayFailsToOpen: a display that is reachable but whose server
// never sets up a client (a port that accepts and hangs up) passes the
// display check, and then GLFW fails to start; that is one line on stderr
// and exit 1, never GLFW's panic.
func TestDisplayFailsToOpen(t *testing.T) {
	var ln net.Listener
	var num int
	for num = 50; num < 90; num++ {
		var err error
		if ln, err = net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", 6000+num)); err == nil {
			break
		}
	}
	if ln == nil {
		t.Skip("no free port in 6050-6089")
	}
	defer ln.Close()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			c.Close()
		}
	}()
	display := fmt.Sprintf("127.0.0.1:%d", num)
	code, _, errOut := vigia(t, []string{"DISPLAY=" + display, "XDG_STATE_HOME=" + t.TempDir(), "HOME=" + t.TempDir()})
	if code != 1 {
		t.Errorf("got exit %d, want 1; stderr:\n%s", code, errOut)
	}
	if strings.Contains(errOut, "panic") || strings.Contains(errOut, "goroutine ") {
		t.Errorf("stderr shows a panic:\n%s", errOut)
	}
	if !strings.Contains(errOut, "vigia: can't open a window on DISPLAY=\""+display+"\": the window system did not start") {
		t.Errorf("stderr %q does not say the window could not be opened", errOut)
	}
}

// xvfb starts a private X server and returns its DISPLAY.
func xvfb(t *testing.T) string {
	t.Helper()
	if _, err := exec.LookPath("Xvfb"); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("Xvfb is missing: make test installs it (scripts/deps.sh test)")
		}
		t.Skip("Xvfb not installed; run make test")
	}
	for _, tool := range []string{"xdotool", "import"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Fatalf("%s is missing: make test installs it (scripts/deps.sh test)", tool)
		}
	}
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("Xvfb", "-displayfd", "3", "-screen", "0", "1024x768x24", "-nolisten", "tcp")
	cmd.ExtraFiles = []*os.File{w}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	w.Close()
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
	})
	line, err := bufio.NewReader(r).ReadString('\n')
	r.Close()
	if err != nil {
		t.Fatalf("Xvfb did not report its display: %v", err)
	}
	return ":" + strings.TrimSpace(line)
}

// waitFor polls cond until it holds or the time runs out.
func waitFor(t *testing.T, what string, d time.Duration, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(d)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func x(t *testing.T, display string, name string, args ...string) string {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Env = append(os.Environ(), "DISPLAY="+display)
	out, err := cmd.CombinedOutput()
	if err != nil && args[0] != "search" { // a search finds nothing until the window is up
		t.Logf("%s %v: %v: %s", name, args, err, out)
	}
	return string(out)
}

// artifact saves a screenshot where a person can look at it: in
// $VIGIA_ARTIFACTS (make test sets it to ./artifacts), else in the test's
// temporary directory.
func screenshot(t *testing.T, display, name string) string {
	t.Helper()
	dir := os.Getenv("VIGIA_ARTIFACTS")
	if dir == "" {
		dir = t.TempDir()
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, name)
	x(t, display, "import", "-window", "root", path)
	if fi, err := os.Stat(path); err != nil || fi.Size() == 0 {
		t.Fatalf("no screenshot at %s: %v", path, err)
	}
	t.Logf("screenshot: %s", path)
	return path
}

func readEvents(t *testing.T, path string) []map[string]any {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var out []map[string]any
	for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		var m map[string]any
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			t.Fatalf("%s: not JSON: %q", path, line)
		}
		out = append(out, m)
	}
	return out
}

// TestGUIUnderXvfb runs the real binary in a real window, drives it with the
// keyboard, takes a screenshot and quits it with SIGTERM, as a desktop
// session would on logout.
func TestGUIUnderXvfb(t *testing.T) {
	display, logDir, cmd, stderr, exited := startGUI(t, []string{"LANG=en_US.UTF-8"})

	win := waitWindow(t, display, cmd, exited, stderr)
	title := x(t, display, "xdotool", "getwindowname", win)
	if !regexp.MustCompile(`^Vigía — session [0-9a-f]{8}\n$`).MatchString(title) {
		t.Errorf("got title %q, want %q", title, "Vigía — session <8 hex>")
	}

	// Ctrl+D turns debug mode on: debug.log appears. A window just mapped
	// may not take focus yet, so the key is pressed again, only while
	// debug.log is still missing.
	debugLog := filepath.Join(logDir, "debug.log")
	for try := 0; ; try++ {
		x(t, display, "xdotool", "windowfocus", "--sync", win)
		x(t, display, "xdotool", "key", "--clearmodifiers", "ctrl+d")
		deadline := time.Now().Add(5 * time.Second)
		for time.Now().Before(deadline) {
			if _, err := os.Stat(debugLog); err == nil {
				break
			}
			time.Sleep(100 * time.Millisecond)
		}
		if _, err := os.Stat(debugLog); err == nil {
			break
		}
		if try == 5 {
			t.Fatalf("Ctrl+D did not open debug.log; stderr:\n%s", stderr.String())
		}
	}
	time.Sleep(500 * time.Millisecond) // let the checkbox redraw
	screenshot(t, display, "session-window.png")

	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-exited:
		if err := quitErr(t, err, stderr.String()); err != nil {
			t.Fatalf("vigia exited with %v, want 0; stderr:\n%s", err, stderr.String())
		}
	case <-time.After(60 * time.Second):
		t.Fatalf("vigia did not exit after SIGTERM; stderr:\n%s", dump(cmd, exited, stderr))
	}
	if strings.Contains(stderr.String(), "panic:") || strings.Contains(stderr.String(), "goroutine ") || strings.Contains(stderr.String(), "DATA RACE") {
		t.Errorf("stderr shows a panic or a race:\n%s", stderr.String())
	}

	counts := map[string]int{}
	var session string
	var preload map[string]any
	for _, e := range readEvents(t, filepath.Join(logDir, "app.log")) {
		ev, _ := e["event"].(string)
		counts[ev]++
		if ev == "gl_preload" {
			preload = e
		}
		if ev == "session_start" {
			session, _ = e["session"].(string)
			if e["logger"] != "vigia.session."+session {
				t.Errorf("session_start logger %v, want vigia.session.%s", e["logger"], session)
			}
		}
		if ev == "user_action" && e["action"] == "debug_mode" {
			counts["debug_on"]++
			if e["details"] != "on" || e["session"] != session {
				t.Errorf("got user_action %v, want debug_mode on in session %s", e, session)
			}
		}
	}
	for _, ev := range []string{"session_start", "debug_on", "session_end", "app_stop"} {
		if counts[ev] != 1 {
			t.Errorf("got %d %s records, want 1 (all: %v)", counts[ev], ev, counts)
		}
	}
	if !strings.HasPrefix(title, "Vigía — session "+session[len(session)-8:]) {
		t.Errorf("title %q does not name session %s", title, session)
	}
	// Started with only --log-dir=DIR, Vigía preloaded Mesa's driver
	// (scripts/deps.sh installs Mesa) before GLFW asked for it, its
	// libraries' getpid answered from memory, and its C heap was marked
	// for huge pages.
	if driver, ok := glpreload.DriverPath(); ok {
		if preload["outcome"] != "loaded" || preload["path"] != driver || preload["pid_cache"] != true || preload["c_heap_huge"] != true {
			t.Errorf("gl_preload record %v, want outcome loaded, path %s, pid_cache and c_heap_huge true", preload, driver)
		}
	}
	fi, err := os.Stat(logDir)
	if err != nil || fi.Mode().Perm() != 0o700 {
		t.Errorf("log dir mode: %v %v, want 0700", fi.Mode().Perm(), err)
	}
}

// TestGUISessionsUnderXvfb drives the real window by keyboard as a person
// would: type a text, Ctrl+Enter to run it, Ctrl+N for a second session,
// Ctrl+W to close each window; the app then exits 0 by itself.
func TestGUISessionsUnderXvfb(t *testing.T) {
	display, logDir, cmd, stderr, exited := startGUI(t, []string{"LANG=en_US.UTF-8"})
	windows := func() []string {
		return strings.Fields(x(t, display, "xdotool", "search", "--onlyvisible", "--name", "session [0-9a-f]{8}$"))
	}
	first := waitWindow(t, display, cmd, exited, stderr)
	appLog := filepath.Join(logDir, "app.log")
	tasks := func() int { return strings.Count(readIfExists(appLog), `"event":"task"`) }

	// The input has the focus when the window opens: type, then Ctrl+Enter.
	x(t, display, "xdotool", "windowfocus", "--sync", first)
	x(t, display, "xdotool", "type", "--delay", "20", "I love this app, it works great")
	x(t, display, "xdotool", "key", "--clearmodifiers", "ctrl+Return")
	waitFor(t, "the task record in app.log", 30*time.Second, func() bool { return tasks() == 1 })
	time.Sleep(300 * time.Millisecond)
	screenshot(t, display, "workspace.png")
	var task map[string]any
	for _, e := range readEvents(t, appLog) {
		if e["event"] == "task" {
			task = e
		}
	}
	if task["model"] != "sentiment" || task["outcome"] != "ok" {
		t.Errorf("got task record %v, want sentiment ok", task)
	}

	x(t, display, "xdotool", "key", "--clearmodifiers", "ctrl+n")
	waitFor(t, "a second window", 30*time.Second, func() bool { return len(windows()) == 2 })
	for _, w := range windows() {
		if w != first {
			x(t, display, "xdotool", "windowfocus", "--sync", w)
			x(t, display, "xdotool", "key", "--clearmodifiers", "ctrl+w")
		}
	}
	waitFor(t, "the second window to close", 30*time.Second, func() bool { return len(windows()) == 1 })
	x(t, display, "xdotool", "windowfocus", "--sync", first)
	x(t, display, "xdotool", "key", "--clearmodifiers", "ctrl+w")
	select {
	case err := <-exited:
		if err := quitErr(t, err, stderr.String()); err != nil {
			t.Fatalf("vigia exited with %v, want 0; stderr:\n%s", err, stderr.String())
		}
	case <-time.After(60 * time.Second):
		t.Fatalf("vigia did not exit after its last window closed; stderr:\n%s", dump(cmd, exited, stderr))
	}
	ends, sessions := 0, map[any]bool{}
	for _, e := range readEvents(t, appLog) {
		if e["event"] == "session_end" {
			ends++
			sessions[e["session"]] = true
		}
		if e["event"] == "stop_timeout" {
			// The app still ended cleanly, but the window system hung on
			// quit: worth knowing, not a failure of ours.
			t.Logf("the window system did not stop in time; the watchdog exited: %v", e)
		}
	}
	if ends != 2 || len(sessions) != 2 {
		t.Errorf("got %d session_end records for %d sessions, want 2 and 2", ends, len(sessions))
	}
	if strings.Contains(stderr.String(), "panic:") || strings.Contains(stderr.String(), "DATA RACE") {
		t.Errorf("stderr shows a panic or a race:\n%s", stderr.String())
	}
}

func readIfExists(path string) string {
	b, _ := os.ReadFile(path)
	return string(b)
}

// lockedBuffer is a bytes.Buffer safe to read while a process writes it.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// watch waits for cmd in the background; the returned channel gets its
// result once. A process still running when the test ends is killed.
func watch(t *testing.T, cmd *exec.Cmd, _ *lockedBuffer) <-chan error {
	exited := make(chan error, 1)
	result := make(chan error, 1)
	go func() {
		err := cmd.Wait()
		exited <- err
		result <- err
	}()
	t.Cleanup(func() {
		select {
		case <-result:
		default:
			_ = cmd.Process.Kill()
			<-result
		}
	})
	return exited
}

// dump asks a hung process for its goroutines (SIGQUIT) and returns its
// stderr, so a hang can be read from the test log.
func dump(cmd *exec.Cmd, exited <-chan error, stderr *lockedBuffer) string {
	_ = cmd.Process.Signal(syscall.SIGQUIT)
	select {
	case <-exited:
	case <-time.After(5 * time.Second):
	}
	return stderr.String()
}

// TestGUIDashboardUnderXvfb runs a load test from the window (Ctrl+L), opens
// the dashboard (Ctrl+3) and checks that it shows the request count that
// app.log records, then opens the log viewer (Ctrl+4); both screenshots are
// kept.
func TestGUIDashboardUnderXvfb(t *testing.T) {
	display, logDir, cmd, stderr, exited := startGUI(t, []string{"LANG=en_US.UTF-8"}, "--debug")
	win := waitWindow(t, display, cmd, exited, stderr)
	x(t, display, "xdotool", "windowsize", win, "1000", "740")
	x(t, display, "xdotool", "windowfocus", "--sync", win)
	appLog := filepath.Join(logDir, "app.log")
	x(t, display, "xdotool", "key", "--clearmodifiers", "ctrl+l")
	waitFor(t, "1000 task records", 120*time.Second, func() bool {
		return strings.Count(readIfExists(appLog), `"event":"task"`) == 1000
	})
	x(t, display, "xdotool", "key", "--clearmodifiers", "ctrl+3")
	var shown float64
	waitFor(t, "the dashboard to show 1000 requests", 60*time.Second, func() bool {
		for _, e := range readEventsLoose(appLog) {
			if e["event"] == "dashboard_refresh" {
				shown, _ = e["requests"].(float64)
			}
		}
		return shown == 1000
	})
	time.Sleep(1500 * time.Millisecond) // one more refresh, for the screenshot
	screenshot(t, display, "dashboard.png")
	// Ctrl+4 opens the log viewer: it tails the same records.
	x(t, display, "xdotool", "key", "--clearmodifiers", "ctrl+4")
	waitFor(t, "the log viewer to be opened", 30*time.Second, func() bool {
		return strings.Contains(readIfExists(appLog), `"details":"Logs"`)
	})
	time.Sleep(1500 * time.Millisecond)
	screenshot(t, display, "logs.png")
	x(t, display, "xdotool", "key", "--clearmodifiers", "ctrl+q")
	select {
	case err := <-exited:
		if err := quitErr(t, err, stderr.String()); err != nil {
			t.Fatalf("vigia exited with %v, want 0; stderr:\n%s", err, stderr.String())
		}
	case <-time.After(60 * time.Second):
		t.Fatalf("vigia did not quit on Ctrl+Q; stderr:\n%s", dump(cmd, exited, stderr))
	}
	// The first window's content was made, beside the window, at the size
	// the real window gave it (menu bar included), so that SetContent did
	// not lay it out again before the first frame.
	for _, e := range readEvents(t, appLog) {
		if e["event"] == "ui_first_layout" {
			t.Errorf("the first window's content was laid out again: %v", e)
		}
	}
}

// readEventsLoose parses the lines of a log being written, skipping a
// partial last line.
func readEventsLoose(path string) []map[string]any {
	var out []map[string]any
	for _, line := range strings.Split(readIfExists(path), "\n") {
		var m map[string]any
		if json.Unmarshal([]byte(line), &m) == nil {
			out = append(out, m)
		}
	}
	return out
}

// TestGUISpanishUnderXvfb: with LANG=es_ES.UTF-8 the interface speaks the
// seed's language: the tab opened by Ctrl+4 is "Registros".
func TestGUISpanishUnderXvfb(t *testing.T) {
	display, logDir, cmd, stderr, exited := startGUI(t, []string{"LANG=es_ES.UTF-8", "LANGUAGE=", "LC_ALL="})
	win := waitWindow(t, display, cmd, exited, stderr)
	if title := x(t, display, "xdotool", "getwindowname", win); !strings.Contains(title, "sesión") {
		t.Errorf("got title %q, want it in Spanish", title)
	}
	x(t, display, "xdotool", "windowfocus", "--sync", win)
	appLog := filepath.Join(logDir, "app.log")
	x(t, display, "xdotool", "key", "--clearmodifiers", "ctrl+4")
	waitFor(t, "the Registros tab", 30*time.Second, func() bool {
		return strings.Contains(readIfExists(appLog), `"details":"Registros"`)
	})
	x(t, display, "xdotool", "key", "--clearmodifiers", "ctrl+1")
	time.Sleep(time.Second)
	screenshot(t, display, "workspace-es.png")
	quitGUI(t, display, win, cmd, exited, stderr)
}

// startGUI starts the real binary in a private X server with a temporary
// log directory, env added to the environment and args after --log-dir.
// The directory is given as --log-dir=DIR, one argument, so that a start
// with no other argument, or only flags written so, preloads the GL
// driver as a start from the desktop does (package glpreload).
func startGUI(t *testing.T, env []string, args ...string) (display, logDir string, cmd *exec.Cmd, stderr *lockedBuffer, exited <-chan error) {
	t.Helper()
	display = xvfb(t)
	logDir = filepath.Join(t.TempDir(), "logs")
	cmd = exec.Command(binary, append([]string{"--log-dir=" + logDir}, args...)...)
	cmd.Env = append(append(os.Environ(), "DISPLAY="+display, "HOME="+t.TempDir()), env...)
	stderr = &lockedBuffer{}
	cmd.Stderr = stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	return display, logDir, cmd, stderr, watch(t, cmd, stderr)
}

// TestGUIMetricsSettingUnderXvfb: a metrics address an older version saved
// in Fyne's preferences.json is moved to Vigía's own settings file at the
// first start and serves /metrics, with this window's session counted as
// active.
func TestGUIMetricsSettingUnderXvfb(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	home := t.TempDir()
	prefsDir := filepath.Join(home, ".config", "fyne", "io.vigia.app")
	if err := os.MkdirAll(prefsDir, 0o700); err != nil {
		t.Fatal(err)
	}
	prefs := fmt.Sprintf(`{"metricsAddr": %q, "pushInterval": "30s"}`, addr)
	if err := os.WriteFile(filepath.Join(prefsDir, "preferences.json"), []byte(prefs), 0o600); err != nil {
		t.Fatal(err)
	}
	display, logDir, cmd, stderr, exited := startGUI(t, []string{"LANG=en_US.UTF-8", "HOME=" + home, "XDG_CONFIG_HOME="},
		"--data-dir", filepath.Join(home, "data"))
	win := waitWindow(t, display, cmd, exited, stderr)
	var body string
	waitFor(t, "/metrics with one active session", 90*time.Second, func() bool {
		resp, err := http.Get("http://" + addr + "/metrics")
		if err != nil {
			return false
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		body = string(b)
		return strings.Contains(body, "\nvigia_sessions_active 1\n")
	})
	if !strings.Contains(body, "vigia_sessions_crashed_total") || !strings.Contains(body, "go_goroutines") {
		t.Errorf("/metrics lacks the expected families:\n%.600s", body)
	}
	quitGUI(t, display, win, cmd, exited, stderr)
	appLog := readIfExists(filepath.Join(logDir, "app.log"))
	if !strings.Contains(appLog, `"msg":"serving Prometheus metrics"`) {
		t.Error("app.log does not say where metrics are served")
	}
	if !strings.Contains(appLog, `"event":"settings_migrated"`) || strings.Contains(appLog, "elsewhere than Vigía looked") {
		t.Errorf("app.log does not record the move of the settings from Fyne's file, or Vigía looked in the wrong place:\n%s", appLog)
	}
	settings := readIfExists(filepath.Join(home, ".config", "vigia", "settings.json"))
	if !strings.Contains(settings, `"metrics-addr": "`+addr+`"`) || !strings.Contains(settings, `"push-interval": "30s"`) {
		t.Errorf("Vigía's settings file lacks the moved settings:\n%s", settings)
	}
	if _, err := http.Get("http://" + addr + "/metrics"); err == nil {
		t.Error("/metrics still answers after the app quit")
	}
}

// waitWindow waits for a visible session window (its title ends in the
// session's short ID, in any language) and returns its X id. A process that
// exits first fails the test at once with its stderr; one that shows no
// window in 90 s fails it with its goroutines and the windows the X server
// has, so that a hang can be read from the test log.
func waitWindow(t *testing.T, display string, cmd *exec.Cmd, exited <-chan error, stderr *lockedBuffer) string {
	t.Helper()
	deadline := time.Now().Add(90 * time.Second)
	for {
		select {
		case err := <-exited:
			t.Fatalf("vigia exited (%v) before its window showed; stderr:\n%s", err, stderr.String())
		default:
		}
		if win := strings.Fields(x(t, display, "xdotool", "search", "--onlyvisible", "--name", " [0-9a-f]{8}$")); len(win) > 0 {
			return win[0]
		}
		if time.Now().After(deadline) {
			names := x(t, display, "xdotool", "search", "--name", ".*", "getwindowname", "%@")
			t.Fatalf("no session window after 90 s; the X server's windows: %q; stderr and goroutines:\n%s", names, dump(cmd, exited, stderr))
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// quitGUI presses Ctrl+Q in win and waits for the app to exit 0.
func quitGUI(t *testing.T, display, win string, cmd *exec.Cmd, exited <-chan error, stderr *lockedBuffer) {
	t.Helper()
	x(t, display, "xdotool", "windowfocus", "--sync", win)
	x(t, display, "xdotool", "key", "--clearmodifiers", "ctrl+q")
	select {
	case err := <-exited:
		if err := quitErr(t, err, stderr.String()); err != nil {
			t.Fatalf("vigia exited with %v; stderr:\n%s", err, stderr.String())
		}
	case <-time.After(60 * time.Second):
		t.Fatalf("vigia did not quit; stderr:\n%s", dump(cmd, exited, stderr))
	}
}

// TestCPUProfileEnv: VIGIA_CPUPROFILE=FILE writes a CPU profile of the run
// (a gzipped protocol buffer, as go tool pprof reads); a path that can't be
// written costs one line on stderr, and the run still succeeds.
func TestCPUProfileEnv(t *testing.T) {
	path := filepath.Join(t.TempDir(), "cpu.pprof")
	code, out, errOut := vigia(t, []string{"VIGIA_CPUPROFILE=" + path}, "run", "--model", "sentiment", "a fine day")
	if code != 0 || out == "" {
		t.Fatalf("run: exit %d, %q, %q", code, out, errOut)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatalf("the profile is not gzipped: %v", err)
	}
	if b, err := io.ReadAll(zr); err != nil || len(b) == 0 {
		t.Errorf("the profile does not unzip: %d bytes, %v", len(b), err)
	}

	bad := filepath.Join(t.TempDir(), "missing", "cpu.pprof")
	code, out, errOut = vigia(t, []string{"VIGIA_CPUPROFILE=" + bad}, "run", "--model", "sentiment", "a fine day")
	if code != 0 || out == "" {
		t.Errorf("with an unwritable profile: exit %d, %q", code, out)
	}
	if lines := strings.Split(strings.TrimSpace(errOut), "\n"); !strings.Contains(errOut, "vigia: no CPU profile (VIGIA_CPUPROFILE)") || len(lines) != 1 {
		t.Errorf("got stderr %q, want one line about the profile", errOut)
	}
}

// TestPlainLocale runs commands under the locales of containers, CI and SSH
// sessions, where Fyne's init used to print "Fyne error: Error parsing user
// locale C" before any output of Vigía's (see package clocale).
func TestPlainLocale(t *testing.T) {
	commands := [][]string{
		{"--version"},
		{"models"},
		{"run", "--model", "sentiment", "a great day"},
	}
	for _, loc := range []string{"C", "C.UTF-8", "POSIX", ""} {
		for _, args := range commands {
			t.Run(fmt.Sprintf("LANG=%s/%s", loc, args[0]), func(t *testing.T) {
				home := t.TempDir()
				cmd := exec.Command(binary, append([]string{"--log-dir", filepath.Join(home, "logs")}, args...)...)
				cmd.Env = []string{"HOME=" + home, "PATH=" + os.Getenv("PATH")}
				if loc != "" {
					cmd.Env = append(cmd.Env, "LANG="+loc)
				}
				var stdout, stderr bytes.Buffer
				cmd.Stdout, cmd.Stderr = &stdout, &stderr
				if err := cmd.Run(); err != nil {
					t.Fatalf("vigia %v: %v\n%s", args, err, stderr.String())
				}
				if strings.Contains(stderr.String(), "Fyne") || strings.Contains(stdout.String(), "Fyne") {
					t.Errorf("vigia %v under LANG=%q printed Fyne's own messages:\n%s%s", args, loc, stdout.String(), stderr.String())
				}
				if stdout.Len() == 0 {
					t.Errorf("vigia %v printed nothing on stdout", args)
				}
			})
		}
	}
}

// exitHung is the status vigia exits with when the window system hangs at
// quit (README, exit statuses).
const exitHung = 3

// quitErr is what a GUI test makes of the app's exit after it was asked to
// quit: nil for status 0, and nil too, logged, for status 3 (exitHung) when the
// watchdog said that the window system hung (Xvfb's trouble, not the
// app's: the sessions still ended and the logs were flushed); any other
// error as it is.
func quitErr(t *testing.T, err error, stderr string) error {
	t.Helper()
	var ee *exec.ExitError
	if errors.As(err, &ee) && ee.ExitCode() == exitHung && strings.Contains(stderr, "the window system did not stop") {
		t.Logf("the window system did not stop in time; the watchdog exited with status %d", exitHung)
		return nil
	}
	return err
}
