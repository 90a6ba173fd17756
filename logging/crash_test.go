package logging

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// Environment of the child process of TestCrashKill9.
const (
	crashChildEnv = "VIGIA_LOGGING_CRASH_CHILD" // the log directory
	crashWarnEnv  = "VIGIA_LOGGING_CRASH_WARN_UNTIL"
)

// crashLevel is the level of the child's record seq: every tenth record is
// a WARN or an ERROR, in turn, while seq < warnUntil (always when
// warnUntil < 0); the others are INFO.
func crashLevel(seq, warnUntil int) slog.Level {
	if (warnUntil < 0 || seq < warnUntil) && seq%10 == 9 {
		if seq%20 == 9 {
			return slog.LevelWarn
		}
		return slog.LevelError
	}
	return slog.LevelInfo
}

// TestHelperCrashChild is the child process of TestCrashKill9, not a test:
// it logs records with sequence numbers into the directory named by
// VIGIA_LOGGING_CRASH_CHILD, about one a millisecond, and writes
// "seq unix-nanoseconds" to stdout (unbuffered: one write each) as soon as
// each log call returns, until it is killed.
func TestHelperCrashChild(t *testing.T) {
	dir := os.Getenv(crashChildEnv)
	if dir == "" {
		t.Skip("the child process of TestCrashKill9")
	}
	warnUntil, _ := strconv.Atoi(os.Getenv(crashWarnEnv))
	s := New(Options{Dir: dir, Console: io.Discard}) // flush interval: the default second
	l := s.Logger()
	ctx := context.Background()
	deadline := time.Now().Add(2 * time.Minute) // in case the parent is gone
	for seq := 0; time.Now().Before(deadline); seq++ {
		l.Log(ctx, crashLevel(seq, warnUntil), "c", "seq", seq)
		fmt.Fprintf(os.Stdout, "%d %d\n", seq, time.Now().UnixNano())
		time.Sleep(time.Millisecond)
	}
	os.Exit(3)
}

// TestCrashKill9 runs TestHelperCrashChild in a child process, kills it
// with SIGKILL mid-stream and reads app.log as left on disk:
//
//   - every line is JSON, except possibly the last when it has no line end
//     (a write cut by the kill), which readers skip;
//   - the records there are 0, 1, …, m in order: the file is a prefix of
//     what was logged, nothing repeated, no hole;
//   - every WARN or ERROR record whose log call returned is there;
//   - an INFO record that returned is missing only if it was logged less
//     than crashWindow before the kill. INFO records wait in memory for the
//     flusher, which runs every second (FlushInterval); the window adds one
//     more second for the flusher to be scheduled and write on a loaded
//     2-core CI runner under -race (GC pauses, other test binaries).
//
// "warn tail": a WARN or ERROR every ten records to the end, so one
// returned just before the kill. "info tail": after record 1000, INFO
// only, for over three seconds, so only the flusher writes them.
//
// Then a new System opens the same directory, as the app does at its next
// start, and its records must be whole lines whatever the kill left.
func TestCrashKill9(t *testing.T) {
	const crashWindow = DefaultFlushInterval + time.Second
	for _, c := range []struct {
		name      string
		warnUntil int
		minRead   int           // records read before the kill …
		infoFor   time.Duration // … and INFO only for this long
	}{
		{"warn tail", -1, 3004, 0},
		{"info tail", 1000, 2000, crashWindow + 1500*time.Millisecond},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			cmd := exec.Command(os.Args[0], "-test.run=^TestHelperCrashChild$", "-test.count=1")
			cmd.Env = append(os.Environ(), crashChildEnv+"="+dir, crashWarnEnv+"="+strconv.Itoa(c.warnUntil))
			cmd.Stderr = os.Stderr
			out, err := cmd.StdoutPipe()
			if err != nil {
				t.Fatal(err)
			}
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			defer cmd.Process.Kill()

			var returned []time.Time // returned[seq]: when the log call of seq returned
			var kill time.Time
			sc := bufio.NewScanner(out)
			timeout := time.Now().Add(60 * time.Second)
			for sc.Scan() {
				var seq int
				var ns int64
				if _, err := fmt.Sscanf(sc.Text(), "%d %d", &seq, &ns); err != nil || seq != len(returned) {
					t.Fatalf("child wrote %q after %d records", sc.Text(), len(returned))
				}
				returned = append(returned, time.Unix(0, ns))
				if kill.IsZero() && len(returned) >= c.minRead &&
					(c.infoFor == 0 || len(returned) > c.warnUntil && time.Since(returned[c.warnUntil]) >= c.infoFor) {
					kill = time.Now()
					if err := cmd.Process.Kill(); err != nil { // SIGKILL
						t.Fatal(err)
					}
				}
				if kill.IsZero() && time.Now().After(timeout) {
					t.Fatalf("child logged only %d records in 60 s", len(returned))
				}
			}
			// Lines read after the kill were written before it: those calls returned too.
			_ = cmd.Wait()
			if kill.IsZero() {
				t.Fatalf("child ended by itself after %d records", len(returned))
			}

			seqs, torn := crashRecords(t, filepath.Join(dir, AppLogName))
			for i, n := range seqs {
				if n != i {
					t.Fatalf("app.log record %d has seq %d: want 0, 1, 2, … with no hole or repeat", i, n)
				}
			}
			m := len(seqs) // records 0..m-1 are on disk
			lost := 0
			for seq := m; seq < len(returned); seq++ {
				lvl := crashLevel(seq, c.warnUntil)
				if lvl >= slog.LevelWarn {
					t.Errorf("%v record %d returned %v before the kill but is not in app.log", lvl, seq, kill.Sub(returned[seq]))
				} else if age := kill.Sub(returned[seq]); age > crashWindow {
					t.Errorf("INFO record %d returned %v before the kill but is not in app.log (allowed: %v)", seq, age, crashWindow)
				}
				lost++
			}
			t.Logf("%d records returned before the kill, %d in app.log (torn last line: %v), %d INFO lost, the oldest %v before the kill",
				len(returned), m, torn != nil, lost, func() time.Duration {
					if m < len(returned) {
						return kill.Sub(returned[m]).Round(time.Millisecond)
					}
					return 0
				}())

			// The next start appends to the same app.log.
			s := New(Options{Dir: dir, Console: discard{}})
			s.Logger().Info("restarted", "seq", 0)
			if err := s.Close(); err != nil {
				t.Fatal(err)
			}
			if got, _ := crashRecords(t, filepath.Join(dir, AppLogName)); len(got) != m+1 {
				t.Errorf("after a restart app.log holds %d records, want the %d left by the crash and 1 more", len(got), m)
			}
		})
	}
}

// crashRecords returns the seq of every record in path, failing on any line
// that is not JSON except a last one without its line end, which it returns.
func crashRecords(t *testing.T, path string) (seqs []int, torn []byte) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if i := bytes.LastIndexByte(b, '\n'); i < len(b)-1 {
		torn, b = b[i+1:], b[:i+1]
	}
	for _, line := range strings.SplitAfter(string(b), "\n") {
		if line == "" {
			continue
		}
		var r struct {
			Seq *int `json:"seq"`
		}
		if err := json.Unmarshal([]byte(line), &r); err != nil || r.Seq == nil {
			t.Fatalf("%s: line is not a whole record: %q", path, line)
		}
		seqs = append(seqs, *r.Seq)
	}
	return seqs, torn
}

// TestRestartAfterTornLine: a crash left app.log ending in part of a line.
// The next System must start its records on a line of their own, so the
// torn line is the only bad one and no later record is glued to it.
func TestRestartAfterTornLine(t *testing.T) {
	dir := t.TempDir()
	whole := `{"time":"2026-11-27T20:43:25.123Z","level":"INFO","msg":"c","logger":"vigia","seq":0}` + "\n"
	tornLine := `{"time":"2026-11-27T20:43:25.124Z","level":"INFO","msg":"c","logg`
	if err := os.WriteFile(filepath.Join(dir, AppLogName), []byte(whole+tornLine), 0o600); err != nil {
		t.Fatal(err)
	}
	s := New(Options{Dir: dir, Console: discard{}})
	s.Logger().Info("c", "seq", 1)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	got := readFile(t, s.AppLogPath())
	lines := strings.Split(strings.TrimSuffix(got, "\n"), "\n")
	if len(lines) != 3 || lines[1] != tornLine {
		t.Fatalf("got %q, want the whole line, the torn line alone, the new record", got)
	}
	var r struct{ Seq int }
	if err := json.Unmarshal([]byte(lines[2]), &r); err != nil || r.Seq != 1 {
		t.Errorf("the new record %q is not whole: %v", lines[2], err)
	}
}
