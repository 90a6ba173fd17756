package e2e

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestTwoInstancesShareLogs: two load tests started at the same time with
// the same log and data directories, rotating at 1 MB with compression,
// both succeed, and every task record of each is present exactly once, on
// whole lines, across the files: the one that owns the directory writes
// app.log, the other app.PID.log (lumberjack assumes one writer per file).
func TestTwoInstancesShareLogs(t *testing.T) {
	const n = 20000
	home := t.TempDir()
	logDir := filepath.Join(home, "logs")
	dirs := []string{"--log-dir", logDir, "--data-dir", filepath.Join(home, "data"), "--log-max-size-mb", "1", "--log-max-backups", "0"}
	var wg sync.WaitGroup
	codes := make([]int, 2)
	errs := make([]string, 2)
	for i := range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			codes[i], _, errs[i] = vigia(t, []string{"HOME=" + home}, append(dirs, "load", "--model", "chaos", "--requests", "20000",
				"--concurrency", "4", "--param", "latency=0s", "--param", "jitter=0s", "--param", "error_rate=0.1", "--param", "panic_rate=0")...)
		}()
	}
	wg.Wait()
	for i := range 2 {
		if codes[i] != 0 {
			t.Fatalf("instance %d: exit %d: %s", i, codes[i], errs[i])
		}
	}
	// Background compression may still be finishing in neither process:
	// both exited, so what is on disk is final.
	time.Sleep(100 * time.Millisecond)
	files, _ := filepath.Glob(filepath.Join(logDir, "app*"))
	perSession := map[string]int{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var r io.Reader = bytes.NewReader(b)
		if strings.HasSuffix(f, ".gz") {
			zr, err := gzip.NewReader(r)
			if err != nil {
				t.Fatalf("%s: %v", f, err)
			}
			r = zr
		} else if !strings.HasSuffix(f, ".log") {
			t.Errorf("unexpected file %s", filepath.Base(f))
			continue
		}
		sc := bufio.NewScanner(r)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		for sc.Scan() {
			var rec struct {
				Event, Session string
			}
			if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
				t.Fatalf("%s: a line does not parse: %.200q", filepath.Base(f), sc.Text())
			}
			if rec.Event != "task" {
				continue
			}
			perSession[rec.Session]++ // a record lost or written twice changes the count
		}
	}
	if len(perSession) != 2 {
		t.Fatalf("task records of %d sessions, want 2: %v", len(perSession), perSession)
	}
	for s, c := range perSession {
		if c != n {
			t.Errorf("session %s: %d task records across %d files, want %d", s, c, len(files), n)
		}
	}
	t.Logf("%d log files", len(files))
}
