package journal

import (
	"os"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestCrashDetection(t *testing.T) {
	j, path := openAt(t, t0)
	// Another process started "dead" and died; this Journal runs "mine".
	appendRaw(t, path, foreignStart(t, "dead", t0))
	if err := j.Start("mine", t0.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	ss := mustSessions(t, j)
	if len(ss) != 2 {
		t.Fatalf("got %d sessions, want 2", len(ss))
	}
	if s := ss[0]; s.ID != "dead" || !s.Crashed || s.Ended || s.PID != deadPID {
		t.Errorf("dead = %+v, want crashed", s)
	}
	if s := ss[1]; s.ID != "mine" || s.Crashed || !s.Live() {
		t.Errorf("mine = %+v, want live", s)
	}
	if err := j.MarkCrashReported("dead", t0.Add(2*time.Minute)); err != nil {
		t.Fatal(err)
	}
	if s := mustSessions(t, j)[0]; !s.CrashReported || !s.Crashed {
		t.Errorf("dead after MarkCrashReported = %+v, want crashed and reported", s)
	}
}

func TestRunningProcessIsNotCrashed(t *testing.T) {
	// The parent (go test) is alive and was created before now; a start
	// record it wrote now belongs to a running session. The same pid with a
	// start from before the parent existed is a crash hidden by pid reuse.
	ppid := os.Getppid()
	if !processRunning(ppid, time.Now()) {
		t.Skip("cannot read the parent process")
	}
	tests := []struct {
		name    string
		start   time.Time
		crashed bool
	}{
		{"running", time.Now().Truncate(time.Second), false},
		{"pid reused", time.Now().Add(-365 * 24 * time.Hour).Truncate(time.Second), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			j, path := openAt(t, time.Now())
			appendRaw(t, path, `{"type":"start","session":"p","time":"`+tt.start.UTC().Format(time.RFC3339)+`","pid":`+strconv.Itoa(ppid)+"}\n")
			ss := mustSessions(t, j)
			if len(ss) != 1 || ss[0].Crashed != tt.crashed {
				t.Errorf("got %+v, want Crashed %v", ss, tt.crashed)
			}
		})
	}
}

func TestTornLine(t *testing.T) {
	j, path := openAt(t, t0)
	if err := j.Start("s1", t0); err != nil {
		t.Fatal(err)
	}
	if err := j.End("s1", t0.Add(time.Minute), Summary{Requests: 1}); err != nil {
		t.Fatal(err)
	}
	j.Close()
	// A crash in the middle of writing the next start.
	full := foreignStart(t, "s2", t0.Add(2*time.Minute))
	appendRaw(t, path, full[:len(full)/2])

	j2, err := Open(path, Options{Now: func() time.Time { return t0.Add(time.Hour) }, MaxAge: -1})
	if err != nil {
		t.Fatalf("Open after torn line: %v", err)
	}
	defer j2.Close()
	if err := j2.Start("s3", t0.Add(3*time.Minute)); err != nil {
		t.Fatal(err)
	}
	ss, st, err := j2.Read()
	if err != nil {
		t.Fatal(err)
	}
	if st.Skipped != 1 {
		t.Errorf("Skipped = %d, want 1", st.Skipped)
	}
	if len(ss) != 2 || ss[0].ID != "s1" || ss[1].ID != "s3" {
		t.Errorf("sessions = %+v, want s1 and s3", ss)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
	if last := lines[len(lines)-1]; !strings.HasPrefix(last, `{"type":"start","session":"s3"`) {
		t.Errorf("last line = %q, want the s3 start on a line of its own", last)
	}
}

func TestGarbledLines(t *testing.T) {
	j, path := openAt(t, t0)
	appendRaw(t, path, strings.Join([]string{
		`not json`,
		`{"type":"start","session":"","time":"2026-01-02T10:00:00Z","pid":7}`,
		`{"type":"what","session":"x","time":"2026-01-02T10:00:00Z"}`,
		``,
		`{"type":"end","session":"ghost","time":"2026-01-02T10:00:00Z"}`,
		strings.TrimSuffix(foreignStart(t, "ok", t0), "\n"),
		strings.TrimSuffix(foreignStart(t, "ok", t0), "\n"),
	}, "\n")+"\n")
	ss, st, err := j.Read()
	if err != nil {
		t.Fatal(err)
	}
	if want := (ReadStats{Skipped: 3, Orphans: 2}); st != want {
		t.Errorf("stats = %+v, want %+v", st, want)
	}
	if len(ss) != 1 || ss[0].ID != "ok" {
		t.Errorf("sessions = %+v, want ok only", ss)
	}
}
