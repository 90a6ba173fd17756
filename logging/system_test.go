package logging

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"testing/slogtest"
	"time"
)

var timeZero time.Time

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// openLog opens a log file for reading, gunzipped when its name ends in
// .gz; close closes it.
func openLog(t *testing.T, path string) (r io.Reader, close func()) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(path, ".gz") {
		return f, func() { f.Close() }
	}
	zr, err := gzip.NewReader(f)
	if err != nil {
		f.Close()
		t.Fatalf("%s: %v", path, err)
	}
	return zr, func() { zr.Close(); f.Close() }
}

// jsonLines parses every line of the given file (gzipped when it ends in .gz).
func jsonLines(t *testing.T, path string) []map[string]any {
	t.Helper()
	r, closeLog := openLog(t, path)
	defer closeLog()
	var out []map[string]any
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for sc.Scan() {
		var m map[string]any
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			t.Fatalf("%s: line is not JSON: %v: %q", path, err, sc.Text())
		}
		out = append(out, m)
	}
	if err := sc.Err(); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return out
}

func TestSystemSlogtest(t *testing.T) {
	dir := t.TempDir()
	s := New(Options{Dir: dir, Console: discard{}})
	defer s.Close()
	err := slogtest.TestHandler(s.Logger().Handler(), func() []map[string]any {
		s.Flush()
		ms := jsonLines(t, s.AppLogPath())
		for _, m := range ms {
			// The logger name is part of every record; slogtest does not expect it.
			delete(m, loggerKey)
			if ts, ok := m[slog.TimeKey].(string); ok {
				tm, err := time.Parse(rfc3339Milli, ts)
				if err != nil {
					t.Fatalf("time %q: %v", ts, err)
				}
				m[slog.TimeKey] = tm
			}
		}
		return ms
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestRingHandlerSlogtest(t *testing.T) {
	var level slog.LevelVar
	ring := NewRing(100)
	h := &ringHandler{ring: ring, level: &level, name: rootName}
	err := slogtest.TestHandler(h, func() []map[string]any {
		var ms []map[string]any
		for _, e := range ring.Snapshot() {
			m := map[string]any{slog.LevelKey: e.Level, slog.MessageKey: e.Message}
			if !e.Time.IsZero() {
				m[slog.TimeKey] = e.Time
			}
			for _, a := range e.Attrs() {
				cur := m
				keys := strings.Split(a.Key, ".")
				for _, g := range keys[:len(keys)-1] {
					sub, ok := cur[g].(map[string]any)
					if !ok {
						sub = map[string]any{}
						cur[g] = sub
					}
					cur = sub
				}
				cur[keys[len(keys)-1]] = a.Value.Any()
			}
			ms = append(ms, m)
		}
		return ms
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestNamesAndSession(t *testing.T) {
	s := New(Options{Dir: t.TempDir(), Console: discard{}})
	WithSession(s.Logger(), "s1").With("k", "v").Info("one")
	Named(s.Logger().With("a", 1), "vigia.other").Info("two")
	slog.New(slog.DiscardHandler).Info("not ours") // Named on a foreign logger must not panic
	Named(slog.New(slog.DiscardHandler), "x").Info("foreign")
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	lines := jsonLines(t, s.AppLogPath())
	if len(lines) != 2 {
		t.Fatalf("got %d lines, want 2", len(lines))
	}
	if got := lines[0]; got["logger"] != "vigia.session.s1" || got["session"] != "s1" || got["k"] != "v" {
		t.Errorf("got %v, want logger vigia.session.s1, session s1, k v", got)
	}
	if got := lines[1]; got["logger"] != "vigia.other" || got["a"] != float64(1) {
		t.Errorf("got %v, want logger vigia.other and a=1 kept across the rename", got)
	}
	e := s.Ring().Snapshot()
	if e[0].Logger != "vigia.session.s1" || e[0].Session != "s1" {
		t.Errorf("ring entry got logger %q session %q, want vigia.session.s1 s1", e[0].Logger, e[0].Session)
	}
	// The "logger" key appears once per JSON line.
	if n := strings.Count(readFile(t, s.AppLogPath()), `"logger"`); n != 2 {
		t.Errorf(`got %d "logger" keys in 2 lines, want 2`, n)
	}
}

func TestFlushRules(t *testing.T) {
	dir := t.TempDir()
	s := New(Options{Dir: dir, Console: discard{}, FlushInterval: time.Hour})
	l := s.Logger()
	l.Info("buffered")
	if got := readFile(t, s.AppLogPath()); strings.Contains(got, "buffered") {
		t.Errorf("INFO reached the file before a flush: %q", got)
	}
	l.Warn("urgent")
	got := readFile(t, s.AppLogPath())
	if !strings.Contains(got, "urgent") || !strings.Contains(got, "buffered") {
		t.Errorf("after WARN the file holds %q, want both records at once", got)
	}
	l.Info("at close")
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if got := readFile(t, s.AppLogPath()); !strings.Contains(got, "at close") {
		t.Errorf("Close lost a record: %q", got)
	}
	// After Close loggers still work, without touching the file.
	l.Info("after close")
	if got := readFile(t, s.AppLogPath()); strings.Contains(got, "after close") {
		t.Errorf("a record logged after Close reached the file")
	}
	if e := s.Ring().Snapshot(); e[len(e)-1].Message != "after close" {
		t.Errorf("ring got %q last, want the record logged after Close", e[len(e)-1].Message)
	}
}

func TestPeriodicFlush(t *testing.T) {
	s := New(Options{Dir: t.TempDir(), Console: discard{}, FlushInterval: 10 * time.Millisecond})
	defer s.Close()
	s.Logger().Info("soon")
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(readFile(t, s.AppLogPath()), "soon") {
		if time.Now().After(deadline) {
			t.Fatal("INFO record never reached the file without a WARN or Close")
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// TestPermissions: the directories the System makes are 0700 and every file
// it writes is 0600: app.log, debug.log, and their rotated, gzipped backups.
func TestPermissions(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("Unix modes")
	}
	parent := filepath.Join(t.TempDir(), "a")
	dir := filepath.Join(parent, "logs")
	s := New(Options{Dir: dir, Console: discard{}, Debug: true, MaxSizeMB: 1})
	pad := strings.Repeat("z", 1000)
	for i := range 2500 { // 2.5 MB: two rotations of each file
		s.Logger().Info("x", "i", i, "pad", pad)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	checkMode(t, parent, 0o700)
	checkMode(t, dir, 0o700)
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var gz []string
	for _, e := range entries {
		checkMode(t, filepath.Join(dir, e.Name()), 0o600)
		if strings.HasSuffix(e.Name(), ".gz") {
			gz = append(gz, e.Name())
		}
	}
	if len(gz) < 4 {
		t.Errorf("got backups %v, want at least two of app.log and two of debug.log", gz)
	}
	for _, p := range []string{s.AppLogPath(), s.DebugLogPath()} {
		if _, err := os.Stat(p); err != nil {
			t.Error(err)
		}
	}
}

func TestDebugMode(t *testing.T) {
	s := New(Options{Dir: t.TempDir(), Console: discard{}})
	l := s.Logger()
	l.Debug("before")
	if s.Level() != slog.LevelInfo || s.Debug() {
		t.Fatalf("got level %v debug %v, want INFO and off", s.Level(), s.Debug())
	}
	if _, err := os.Stat(s.DebugLogPath()); !os.IsNotExist(err) {
		t.Fatalf("debug.log exists before debug mode: %v", err)
	}
	if err := s.SetDebug(true); err != nil {
		t.Fatal(err)
	}
	if s.Level() != slog.LevelDebug || !s.Debug() {
		t.Fatalf("got level %v debug %v, want DEBUG and on", s.Level(), s.Debug())
	}
	l.Debug("during")
	if err := s.SetDebug(false); err != nil {
		t.Fatal(err)
	}
	l.Debug("after")
	l.Info("info after")
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	dbg := readFile(t, s.DebugLogPath())
	app := readFile(t, s.AppLogPath())
	if !strings.Contains(dbg, `"msg":"during"`) || strings.Contains(dbg, "before") || strings.Contains(dbg, "info after") {
		t.Errorf("debug.log got %q, want only what was logged while debug mode was on", dbg)
	}
	if strings.Contains(app, `"msg":"before"`) || strings.Contains(app, `"msg":"after"`) || !strings.Contains(app, `"msg":"during"`) {
		t.Errorf("app.log got %q, want DEBUG records only from while debug mode was on", app)
	}
}

// TestDebugToggleUnderLoad flips debug mode while 8 goroutines log; every
// INFO record must reach app.log exactly once and every file must parse.
func TestDebugToggleUnderLoad(t *testing.T) {
	s := New(Options{Dir: t.TempDir(), Console: discard{}, FlushInterval: 5 * time.Millisecond})
	const workers, each = 8, 2000
	var wg sync.WaitGroup
	stop := make(chan struct{})
	toggles := 0
	go func() {
		for on := true; ; on = !on {
			select {
			case <-stop:
				return
			default:
			}
			if err := s.SetDebug(on); err != nil {
				t.Error(err)
				return
			}
			toggles++
			time.Sleep(100 * time.Microsecond)
		}
	}()
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range each {
				s.Logger().Debug("d", "w", w, "i", i)
				s.Logger().Info("i", "w", w, "i", i)
			}
		}()
	}
	wg.Wait()
	close(stop)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	seen := map[string]int{}
	for _, m := range jsonLines(t, s.AppLogPath()) {
		if m["msg"] == "i" {
			seen[fmt.Sprint(m["w"], "/", m["i"])]++
		}
	}
	if len(seen) != workers*each {
		t.Errorf("got %d distinct INFO records, want %d", len(seen), workers*each)
	}
	for k, n := range seen {
		if n != 1 {
			t.Fatalf("record %s appears %d times, want once", k, n)
		}
	}
	if _, err := os.Stat(s.DebugLogPath()); err != nil {
		t.Errorf("debug.log: %v", err)
	}
	jsonLines(t, s.DebugLogPath())
}

// TestRotationExactlyOnce logs from 8 goroutines, each record carrying
// (g, seq), into 1 MB files with every backup kept, compressed or not.
// After Close every record must be in app.log or a backup exactly once and
// in its goroutine's order, every line must be JSON, and only app.log and
// finished backups (.gz when compressing) may remain: no .tmp, no partial
// or uncompressed file.
//
// Compressed, it logs 1 000 000 records without the race detector or with
// VIGIA_SOAK=1, and 200 000 under -race (1 000 000 would take over a
// minute there); 50 000 with -short. Uncompressed, 50 000.
func TestRotationExactlyOnce(t *testing.T) {
	for _, compress := range []bool{true, false} {
		t.Run(fmt.Sprintf("compress=%v", compress), func(t *testing.T) {
			total := 50_000
			switch {
			case !compress || testing.Short() && !soak():
			case raceEnabled && !soak():
				total = 200_000
			default:
				total = 1_000_000
			}
			rotationWithoutLoss(t, compress, total)
		})
	}
}

func rotationWithoutLoss(t *testing.T, compress bool, total int) {
	const workers = 8
	each := total / workers
	dir := t.TempDir()
	s := New(Options{Dir: dir, Console: discard{}, MaxSizeMB: 1, MaxBackups: 0, MaxAgeDays: 0, NoCompress: !compress, RingSize: 16})
	start := time.Now()
	var wg sync.WaitGroup
	for g := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			l := s.Logger()
			for i := range each {
				l.Info("r", "g", g, "seq", i)
			}
		}()
	}
	wg.Wait()
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	logged := time.Since(start)

	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		name := e.Name()
		backup := strings.TrimSuffix(name, ".gz")
		if name != AppLogName && name != LockName && (!backupPattern.MatchString(backup) || compress != strings.HasSuffix(name, ".gz")) {
			t.Errorf("unexpected file %s left in the log directory (temporary, partial or uncompressed)", name)
		}
	}
	files := logFiles(t, dir)
	next := make([]int, workers) // the seq expected next from each goroutine
	lines := 0
	for _, f := range files {
		torn := eachLine(t, f, func(line []byte) {
			lines++
			if !json.Valid(line) {
				t.Fatalf("%s: line is not JSON: %q", f, line)
			}
			if !bytes.Contains(line, []byte(`,"msg":"r",`)) {
				return
			}
			g, okG := intField(line, "g")
			seq, okS := intField(line, "seq")
			if !okG || !okS || g >= workers {
				t.Fatalf("%s: record without a valid (g, seq): %q", f, line)
			}
			switch {
			case seq < next[g]:
				t.Fatalf("%s: record g=%d seq=%d repeated or out of order (next expected %d)", f, g, seq, next[g])
			case seq > next[g]:
				t.Fatalf("%s: records g=%d seq=%d..%d missing", f, g, next[g], seq-1)
			}
			next[g]++
		})
		if torn != nil {
			t.Fatalf("%s: last line has no line end: %q", f, torn)
		}
	}
	for g, n := range next {
		if n != each {
			t.Errorf("goroutine %d: got %d records, want %d", g, n, each)
		}
	}
	if len(files) < 3 {
		t.Errorf("got %d files, want several rotations", len(files))
	}
	t.Logf("%d records in %d files (%d lines): logged and closed in %v, read back in %v",
		workers*each, len(files), lines, logged.Round(time.Millisecond), (time.Since(start) - logged).Round(time.Millisecond))
}

func TestCompressResumesAfterCrash(t *testing.T) {
	dir := t.TempDir()
	backup := filepath.Join(dir, "app-2026-01-02T03-04-05.000.log")
	if err := os.WriteFile(backup, []byte("{\"msg\":\"old\"}\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	// A previous run renamed the .gz into place but died before removing
	// the original: the .gz is complete, so only the original must go.
	done := filepath.Join(dir, "app-2026-01-02T03-04-06.000.log")
	if err := os.WriteFile(done, []byte("{\"msg\":\"dup\"}\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := gzipFile(done, done+".gz"); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(done, []byte("{\"msg\":\"dup\"}\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	s := New(Options{Dir: dir, Console: discard{}})
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{backup, done} {
		if _, err := os.Stat(p); !os.IsNotExist(err) {
			t.Errorf("%s still there: %v", p, err)
		}
		if got := jsonLines(t, p+".gz"); len(got) != 1 {
			t.Errorf("%s.gz: got %d lines, want 1", p, len(got))
		}
	}
}

// TestUnwritableDir: the directory can't be created (its parent is a file).
// The app keeps logging to the console and the ring, reports once.
func TestUnwritableDir(t *testing.T) {
	parent := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(parent, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	var console strings.Builder
	s := New(Options{Dir: filepath.Join(parent, "logs"), Console: &syncWriter{w: &console}})
	if s.Problem() == nil {
		t.Fatal("got no problem for an unusable log directory")
	}
	for range 3 {
		s.Logger().Warn("still logging")
		s.Flush()
	}
	if err := s.SetDebug(true); err == nil {
		t.Error("SetDebug(true) got no error for an unusable directory")
	}
	_ = s.Close()
	if n := strings.Count(console.String(), "still logging"); n != 3 {
		t.Errorf("console got %d records, want 3", n)
	}
	warns := 0
	for _, e := range s.Ring().Snapshot() {
		if v, ok := e.Attr("event"); ok && v.String() == "log_file" && e.Level == slog.LevelWarn {
			if f, _ := e.Attr("file"); f.String() == s.AppLogPath() {
				warns++
			}
		}
	}
	if warns != 1 {
		t.Errorf("got %d WARN records about app.log, want exactly 1", warns)
	}
}

// TestDiskFull points app.log at /dev/full: every write fails with ENOSPC.
func TestDiskFull(t *testing.T) {
	if _, err := os.Stat("/dev/full"); err != nil {
		t.Skip("no /dev/full")
	}
	dir := t.TempDir()
	if err := os.Symlink("/dev/full", filepath.Join(dir, AppLogName)); err != nil {
		t.Skip(err)
	}
	s := New(Options{Dir: dir, Console: discard{}, FlushInterval: time.Hour})
	if s.Problem() != nil {
		t.Fatalf("got problem %v before any write", s.Problem())
	}
	for i := range 5 {
		s.Logger().Warn("w", "i", i)
	}
	if s.Problem() == nil {
		t.Error("got no problem while the disk is full")
	}
	if n := len(s.Ring().Snapshot()); n != 6 {
		t.Errorf("ring got %d records, want 5 and one WARN about the file", n)
	}
	err := s.Close()
	if err == nil || !strings.Contains(err.Error(), "not written") {
		t.Errorf("Close got %v, want an error saying records were not written", err)
	}
}

// TestRecoversAfterFailure: writes fail, then work again; buffered records
// arrive and an INFO record says so.
func TestRecoversAfterFailure(t *testing.T) {
	dir := t.TempDir()
	link := filepath.Join(dir, AppLogName)
	if err := os.Symlink("/dev/full", link); err != nil {
		t.Skip(err)
	}
	s := New(Options{Dir: dir, Console: discard{}, FlushInterval: time.Hour})
	s.Logger().Warn("during failure")
	if s.Problem() == nil {
		t.Fatal("got no problem")
	}
	// Free the disk: lumberjack reopens the path on its next write.
	s.app.mu.Lock()
	_ = s.app.lj.Close()
	s.app.mu.Unlock()
	if err := os.Remove(link); err != nil {
		t.Fatal(err)
	}
	s.Logger().Warn("after")
	if s.Problem() != nil {
		t.Errorf("problem %v stays after recovery", s.Problem())
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	got := readFile(t, link)
	if !strings.Contains(got, "during failure") || !strings.Contains(got, "after") {
		t.Errorf("app.log got %q, want the record kept through the failure", got)
	}
}

// TestDirDeletedWhileRunning: the directory vanishes; it is made again,
// private, by the next write or flush, and no record logged after the
// deletion is lost: none goes into the deleted file, whether a WARN writes
// it at once or the flusher does. "idle": the flusher notices the deletion
// before anything else is logged.
func TestDirDeletedWhileRunning(t *testing.T) {
	for _, idle := range []bool{false, true} {
		t.Run(fmt.Sprintf("idle=%v", idle), func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "logs")
			s := New(Options{Dir: dir, Console: discard{}, FlushInterval: 5 * time.Millisecond})
			defer s.Close()
			s.Logger().Warn("first")
			if err := os.RemoveAll(dir); err != nil {
				t.Fatal(err)
			}
			if idle {
				deadline := time.Now().Add(10 * time.Second)
				for {
					if _, err := os.Stat(dir); err == nil {
						break
					}
					if time.Now().After(deadline) {
						t.Fatal("the flusher never made the deleted directory again")
					}
					time.Sleep(5 * time.Millisecond)
				}
			}
			const n = 20
			for i := range n {
				if i%5 == 0 {
					s.Logger().Warn("again", "seq", i)
				} else {
					s.Logger().Info("again", "seq", i)
				}
			}
			if err := s.Close(); err != nil {
				t.Fatal(err)
			}
			wantRange(t, "new app.log", seqsIn(t, dir, "again", false), 0, n)
			if p := s.Problem(); p != nil {
				t.Errorf("got problem %v, want none: the directory could be made again", p)
			}
			checkMode(t, dir, 0o700)
			checkMode(t, s.AppLogPath(), 0o600)
		})
	}
}

func TestHugeRecordDoesNotBlock(t *testing.T) {
	s := New(Options{Dir: t.TempDir(), Console: discard{}, MaxSizeMB: 1})
	s.Logger().Info("huge", "v", strings.Repeat("y", 2<<20))
	s.Logger().Warn("next")
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if got := readFile(t, s.AppLogPath()); !strings.Contains(got, `"msg":"next"`) {
		t.Error("a record larger than a whole log file blocked the ones after it")
	}
	said := false
	for _, e := range s.Ring().Snapshot() {
		if v, ok := e.Attr("bytes"); ok && e.Level == slog.LevelWarn && v.Int64() > 2<<20 {
			said = true
		}
	}
	if !said {
		t.Error("dropping an oversized record from the file was not reported")
	}
}

// TestGoroutinesBounded: however often debug mode is toggled, a System
// leaves at most one lumberjack goroutine per file after Close.
func TestGoroutinesBounded(t *testing.T) {
	before := runtime.NumGoroutine()
	s := New(Options{Dir: t.TempDir(), Console: discard{}, MaxSizeMB: 1})
	for range 20 {
		_ = s.SetDebug(true)
		s.Logger().Warn("x", "pad", strings.Repeat("z", 100<<10))
		_ = s.SetDebug(false)
	}
	_ = s.Close()
	time.Sleep(10 * time.Millisecond)
	if got := runtime.NumGoroutine() - before; got > 2 {
		t.Errorf("got %d goroutines left, want at most 2 (lumberjack's, one per file)", got)
	}
}

func TestDefaultDir(t *testing.T) {
	home := func() (string, error) { return "/home/ana", nil }
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	cases := []struct {
		goos string
		env  map[string]string
		want string
	}{
		{"linux", nil, "/home/ana/.local/state/vigia/logs"},
		{"linux", map[string]string{"XDG_STATE_HOME": "/xdg/state"}, "/xdg/state/vigia/logs"},
		{"linux", map[string]string{"XDG_STATE_HOME": "relative"}, "/home/ana/.local/state/vigia/logs"},
		{"freebsd", nil, "/home/ana/.local/state/vigia/logs"},
		{"darwin", nil, "/home/ana/Library/Logs/Vigia"},
		{"windows", map[string]string{"LocalAppData": `/c/Users/ana/AppData/Local`}, "/c/Users/ana/AppData/Local/Vigia/logs"},
	}
	for _, c := range cases {
		if got := defaultDir(c.goos, env(c.env), home); filepath.ToSlash(got) != c.want {
			t.Errorf("defaultDir(%s, %v) = %q, want %q", c.goos, c.env, got, c.want)
		}
	}
}

type syncWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (s *syncWriter) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.w.Write(p)
}

// TestOneWriterPerFileInProcess: three Systems of one process on one
// directory, each logging from several goroutines into 1 MB files that
// rotate, write three different files (app.log, app.PID.log,
// app.PID-2.log); every record is in its System's files exactly once, in
// order, and no line is torn: no two lumberjack writers share a file.
func TestOneWriterPerFileInProcess(t *testing.T) {
	dir := t.TempDir()
	const systems, workers = 3, 4
	each := 3000
	if testing.Short() {
		each = 1000
	}
	var ss []*System
	names := map[string]bool{}
	for range systems {
		s := New(Options{Dir: dir, Console: discard{}, MaxSizeMB: 1, MaxBackups: 0, MaxAgeDays: 0, NoCompress: true})
		ss = append(ss, s)
		names[filepath.Base(s.AppLogPath())] = true
		names[filepath.Base(s.DebugLogPath())] = true
	}
	pid := os.Getpid()
	for _, want := range []string{AppLogName, fmt.Sprintf("app.%d.log", pid), fmt.Sprintf("app.%d-2.log", pid),
		DebugLogName, fmt.Sprintf("debug.%d.log", pid), fmt.Sprintf("debug.%d-2.log", pid)} {
		if !names[want] {
			t.Errorf("no System writes %s; they write %v", want, names)
		}
	}
	pad := strings.Repeat("o", 200)
	var wg sync.WaitGroup
	for si, s := range ss {
		for g := range workers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := range each {
					s.Logger().Info("r", "s", si, "g", g, "seq", i, "pad", pad)
				}
			}()
		}
	}
	wg.Wait()
	for _, s := range ss {
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	next := make([]int, systems*workers)
	files := 0
	for _, e := range entries {
		if e.Name() == LockName {
			continue
		}
		files++
		path := filepath.Join(dir, e.Name())
		torn := eachLine(t, path, func(line []byte) {
			if !json.Valid(line) {
				t.Fatalf("%s: line is not JSON: %q", path, line)
			}
			if !bytes.Contains(line, []byte(`,"msg":"r",`)) {
				return
			}
			si, _ := intField(line, "s")
			g, _ := intField(line, "g")
			seq, _ := intField(line, "seq")
			if want := filepath.Base(ss[si].AppLogPath()); !strings.HasPrefix(e.Name(), strings.TrimSuffix(want, ".log")) {
				t.Fatalf("%s holds a record of the System writing %s", e.Name(), want)
			}
			k := si*workers + g
			if seq != next[k] {
				t.Fatalf("%s: System %d goroutine %d: got seq %d, want %d: lost, repeated or out of order", path, si, g, seq, next[k])
			}
			next[k]++
		})
		if torn != nil {
			t.Fatalf("%s: torn last line %q", path, torn)
		}
	}
	for k, n := range next {
		if n != each {
			t.Errorf("System %d goroutine %d: got %d records, want %d", k/workers, k%workers, n, each)
		}
	}
	if files < 2*systems {
		t.Errorf("got %d files, want rotations of each System's", files)
	}
}
