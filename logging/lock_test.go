//go:build unix

package logging

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestSecondWriterGetsItsOwnFile: while one System owns a directory's
// app.log, another (another process, in real life) writes app.PID.log and
// debug.PID.log and says so; once the owner closes, the next one owns
// app.log again.
func TestSecondWriterGetsItsOwnFile(t *testing.T) {
	dir := t.TempDir()
	first := New(Options{Dir: dir, Console: io.Discard})
	second := New(Options{Dir: dir, Console: io.Discard})
	if got := filepath.Base(first.AppLogPath()); got != AppLogName {
		t.Errorf("the first System writes %s, want app.log", got)
	}
	own := fmt.Sprintf("app.%d.log", os.Getpid())
	if got := filepath.Base(second.AppLogPath()); got != own {
		t.Errorf("the second System writes %s, want %s", got, own)
	}
	if got := filepath.Base(second.DebugLogPath()); got != fmt.Sprintf("debug.%d.log", os.Getpid()) {
		t.Errorf("the second System's debug log is %s", got)
	}
	first.Logger().Info("from the first")
	second.Logger().Info("from the second")
	if err := first.Close(); err != nil {
		t.Fatal(err)
	}
	if err := second.Close(); err != nil {
		t.Fatal(err)
	}
	a, _ := os.ReadFile(filepath.Join(dir, AppLogName))
	b, _ := os.ReadFile(filepath.Join(dir, own))
	if !strings.Contains(string(a), "from the first") || strings.Contains(string(a), "from the second") {
		t.Errorf("app.log:\n%s", a)
	}
	if !strings.Contains(string(b), "from the second") || !strings.Contains(string(b), `"event":"log_file"`) {
		t.Errorf("%s:\n%s", own, b)
	}
	third := New(Options{Dir: dir, Console: io.Discard})
	defer third.Close()
	if got := filepath.Base(third.AppLogPath()); got != AppLogName {
		t.Errorf("after the owner closed, a new System writes %s, want app.log", got)
	}
}

// TestOwnerPrunesEndedProcessFiles: the directory's owner removes the files
// (and rotated backups) of processes that wrote beside it, once they have
// ended and their files are older than MaxAgeDays; recent files, files of a
// live process, app.log's own backups and other files stay.
func TestOwnerPrunesEndedProcessFiles(t *testing.T) {
	dir := t.TempDir()
	const dead = 2147483646 // above any pid_max: no such process
	old := time.Now().Add(-40 * 24 * time.Hour)
	files := map[string]bool{ // name: whether it should be removed
		fmt.Sprintf("app.%d.log", dead):                            true,
		fmt.Sprintf("debug.%d.log", dead):                          true,
		fmt.Sprintf("app.%d-2026-10-01T10-00-00.000.log.gz", dead): true,
		fmt.Sprintf("app.%d.log", os.Getppid()):                    false, // alive
		"notes.txt":                                                false,
		fmt.Sprintf("app.%d.log.bak", dead):                        false,
	}
	for name := range files {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte("{}\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(path, old, old); err != nil {
			t.Fatal(err)
		}
	}
	recent := fmt.Sprintf("debug.%d-2026-11-27T10-00-00.000.log", dead)
	if err := os.WriteFile(filepath.Join(dir, recent), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	files[recent] = false
	// app.log's own backup, recent (rotation would remove an old one):
	// not a process file, whatever its age.
	backup := "app-2026-11-27T10-00-00.000.log.gz"
	if err := os.WriteFile(filepath.Join(dir, backup), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	files[backup] = false

	s := New(Options{Dir: dir, Console: io.Discard, MaxAgeDays: 28})
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	for name, gone := range files {
		_, err := os.Stat(filepath.Join(dir, name))
		if gone && err == nil {
			t.Errorf("%s was kept", name)
		}
		if !gone && err != nil {
			t.Errorf("%s was removed: %v", name, err)
		}
	}
	app, _ := os.ReadFile(filepath.Join(dir, AppLogName))
	if !strings.Contains(string(app), `"event":"log_prune","files":3,"max_age_days":28`) {
		t.Errorf("app.log does not record the pruning:\n%s", app)
	}

	// MaxAgeDays 0 (no limit) keeps every file, as it keeps every backup.
	name := fmt.Sprintf("app.%d.log", dead)
	if err := os.WriteFile(filepath.Join(dir, name), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	_ = os.Chtimes(filepath.Join(dir, name), old, old)
	s = New(Options{Dir: dir, Console: io.Discard})
	_ = s.Close()
	if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
		t.Errorf("with MaxAgeDays 0, %s was removed", name)
	}
}

// TestProcessFileNames: what pruning takes for a process's file.
func TestProcessFileNames(t *testing.T) {
	for name, want := range map[string]bool{
		"app.123.log":                              true,
		"debug.123.log":                            true,
		"app.123-2026-10-01T10-00-00.000.log":      true,
		"debug.123-2026-10-01T10-00-00.000.log.gz": true,
		"app.123-2.log":                            true, // a third System of process 123
		"debug.123-17.log":                         true,
		"app.123-2-2026-10-01T10-00-00.000.log.gz": true,
		"app.log":                            false,
		"debug.log":                          false,
		"app-2026-10-01T10-00-00.000.log.gz": false,
		"app.123.log.bak":                    false,
		"other.123.log":                      false,
		"app.x123.log":                       false,
	} {
		if got := processFile.MatchString(name); got != want {
			t.Errorf("%s: got %v, want %v", name, got, want)
		}
	}
}
