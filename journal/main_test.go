package journal

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"

	"go.uber.org/goleak"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

// t0 is a whole second, so that times in tests are easy to read.
var t0 = time.Date(2026, 1, 2, 10, 0, 0, 0, time.UTC)

// deadPID is a process id no system hands out (above Linux's pid_max and
// Windows' practical range), so a start record with it is from a dead
// process.
const deadPID = 1<<31 - 2

// openAt opens a journal in a fresh directory with the clock stopped at now.
func openAt(t *testing.T, now time.Time) (*Journal, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "data", "sessions.jsonl")
	j, err := Open(path, Options{Now: func() time.Time { return now }})
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { j.Close() })
	return j, path
}

// appendRaw appends text to the file at path as another process would.
func appendRaw(t *testing.T, path, text string) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.WriteString(text); err != nil {
		t.Fatal(err)
	}
}

// foreignStart is the start line another, dead, process would write.
func foreignStart(t *testing.T, id string, at time.Time) string {
	t.Helper()
	b, err := json.Marshal(record{Type: typeStart, Session: id, Time: at, PID: deadPID})
	if err != nil {
		t.Fatal(err)
	}
	return string(b) + "\n"
}

func mustSessions(t *testing.T, j *Journal) []Session {
	t.Helper()
	ss, err := j.Sessions()
	if err != nil {
		t.Fatalf("Sessions: %v", err)
	}
	return ss
}
