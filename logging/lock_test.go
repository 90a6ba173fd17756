//go:build unix

package logging

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
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
