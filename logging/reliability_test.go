package logging

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"go.uber.org/goleak"
)

// soak reports whether the long versions of the reliability tests run
// (VIGIA_SOAK=1).
func soak() bool { return os.Getenv("VIGIA_SOAK") == "1" }

// logFiles returns app.log's rotated files, oldest first, then app.log:
// lumberjack's backup names sort by time.
func logFiles(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var backups []string
	hasApp := false
	for _, e := range entries {
		name := e.Name()
		switch {
		case name == AppLogName:
			hasApp = true
		case strings.HasPrefix(name, "app-"):
			backups = append(backups, filepath.Join(dir, name))
		}
	}
	slices.Sort(backups)
	if hasApp {
		backups = append(backups, filepath.Join(dir, AppLogName))
	}
	return backups
}

// eachLine calls fn with every line of path, gunzipped when it ends in .gz,
// and reports whether the file's last line lacked its line end (a torn
// line, which is not passed to fn).
func eachLine(t *testing.T, path string, fn func(line []byte)) (torn []byte) {
	t.Helper()
	r, closeLog := openLog(t, path)
	defer closeLog()
	br := bufio.NewReaderSize(r, 1<<20)
	for {
		line, err := br.ReadSlice('\n')
		if errors.Is(err, bufio.ErrBufferFull) {
			t.Fatalf("%s: line longer than 1 MB", path)
		}
		if err == io.EOF {
			if len(line) > 0 {
				return append([]byte(nil), line...)
			}
			return nil
		}
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		fn(line[:len(line)-1])
	}
}

// intField returns the integer value of the top-level field key of a JSON
// line written by jsonHandler (faster than encoding/json under -race).
func intField(line []byte, key string) (int, bool) {
	k := `,"` + key + `":`
	i := bytes.Index(line, []byte(k))
	if i < 0 {
		return 0, false
	}
	v := line[i+len(k):]
	n, j := 0, 0
	for ; j < len(v) && v[j] >= '0' && v[j] <= '9'; j++ {
		n = n*10 + int(v[j]-'0')
	}
	return n, j > 0 && j < len(v) && (v[j] == ',' || v[j] == '}')
}

// TestNoGoroutinesAfterClose: once Close returns, no goroutine of the
// package is left (flusher, compressor), whether the files were healthy,
// rotated, compressed and debug mode toggled, or the directory was
// unwritable all along. lumberjack's millRun, which it gives no way to
// stop, is the only one allowed (one per file: TestGoroutinesBounded).
// TestMain also runs goleak over the whole package.
func TestNoGoroutinesAfterClose(t *testing.T) {
	blocked := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(blocked, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name string
		dir  string
	}{
		{"healthy", t.TempDir()},
		{"unwritable", filepath.Join(blocked, "logs")},
	} {
		t.Run(c.name, func(t *testing.T) {
			defer goleak.VerifyNone(t, goleak.IgnoreCurrent(), ignoreLumberjack)
			s := New(Options{Dir: c.dir, Console: discard{}, MaxSizeMB: 1, FlushInterval: time.Millisecond})
			events, cancel := s.Ring().Subscribe()
			defer cancel()
			pad := strings.Repeat("q", 1000)
			for i := range 3000 {
				if i == 1000 {
					_ = s.SetDebug(true)
				}
				s.Logger().Info("x", "i", i, "pad", pad)
			}
			_ = s.SetDebug(false)
			_ = s.Close()
			<-events
		})
	}
}
