package journal

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestRoundTrip(t *testing.T) {
	j, path := openAt(t, t0)
	sum := Summary{Requests: 120, Errors: 3, ErrorRate: 0.025, P50MS: 41.5, P95MS: 180, ModelUsage: map[string]int64{"echo": 100, "chaos": 20}}
	if err := j.Start("s1", t0); err != nil {
		t.Fatal(err)
	}
	if err := j.End("s1", t0.Add(30*time.Minute), sum); err != nil {
		t.Fatal(err)
	}
	if err := j.Start("s2", t0.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	j.Close()

	// A second Journal, as at the next launch of this same process.
	j2, err := Open(path, Options{Now: func() time.Time { return t0.Add(2 * time.Hour) }})
	if err != nil {
		t.Fatal(err)
	}
	defer j2.Close()
	ss, st, err := j2.Read()
	if err != nil {
		t.Fatal(err)
	}
	if st != (ReadStats{}) {
		t.Errorf("stats = %+v, want zero", st)
	}
	if len(ss) != 2 {
		t.Fatalf("got %d sessions, want 2", len(ss))
	}
	s1 := ss[0]
	if s1.ID != "s1" || !s1.Start.Equal(t0) || !s1.End.Equal(t0.Add(30*time.Minute)) || !s1.Ended || s1.Crashed || s1.PID != os.Getpid() {
		t.Errorf("s1 = %+v", s1)
	}
	if s1.Summary == nil || !reflect.DeepEqual(*s1.Summary, sum) {
		t.Errorf("s1 summary = %+v, want %+v", s1.Summary, sum)
	}
	if got := s1.Duration(t0.Add(5 * time.Hour)); got != 30*time.Minute {
		t.Errorf("s1 duration = %v, want 30m", got)
	}
	// s2 was started by this process: not crashed, though no Journal has
	// it open any more.
	if s2 := ss[1]; s2.ID != "s2" || s2.Ended || s2.Crashed || !s2.Live() {
		t.Errorf("s2 = %+v, want live", s2)
	}
}

func TestFileFormat(t *testing.T) {
	j, path := openAt(t, t0)
	if err := j.Start("s1", t0); err != nil {
		t.Fatal(err)
	}
	if err := j.End("s1", t0.Add(time.Second), Summary{Requests: 2, ModelUsage: map[string]int64{"echo": 2}}); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
	want := []string{
		`{"type":"start","session":"s1","time":"2026-01-02T10:00:00Z","pid":` + strconv.Itoa(os.Getpid()) + `}`,
		`{"type":"end","session":"s1","time":"2026-01-02T10:00:01Z","summary":{"requests":2,"errors":0,"error_rate":0,"p50_ms":0,"p95_ms":0,"model_usage":{"echo":2}}}`,
	}
	if !reflect.DeepEqual(lines, want) {
		t.Errorf("file:\n%s\nwant:\n%s", strings.Join(lines, "\n"), strings.Join(want, "\n"))
	}
}

func TestErrors(t *testing.T) {
	j, _ := openAt(t, t0)
	if err := j.End("nope", t0, Summary{}); !errors.Is(err, ErrUnknownSession) {
		t.Errorf("End of unknown session: got %v, want ErrUnknownSession", err)
	}
	if err := j.Start("s1", t0); err != nil {
		t.Fatal(err)
	}
	if err := j.Start("s1", t0); !errors.Is(err, ErrDuplicate) {
		t.Errorf("second Start: got %v, want ErrDuplicate", err)
	}
	if err := j.Start("", t0); err == nil {
		t.Error("Start with empty id: got nil error")
	}
	if err := j.Start("s2", time.Time{}); err == nil {
		t.Error("Start at zero time: got nil error")
	}
	if err := j.Close(); err != nil {
		t.Fatal(err)
	}
	if err := j.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
	if err := j.Start("s2", t0); !errors.Is(err, ErrClosed) {
		t.Errorf("Start after Close: got %v, want ErrClosed", err)
	}
	if _, err := j.Sessions(); !errors.Is(err, ErrClosed) {
		t.Errorf("Sessions after Close: got %v, want ErrClosed", err)
	}
}

func TestPermissions(t *testing.T) {
	if isWindows() {
		t.Skip("no Unix permissions")
	}
	j, path := openAt(t, t0)
	if err := j.Start("s1", t0); err != nil {
		t.Fatal(err)
	}
	check := func(what string) {
		t.Helper()
		fi, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		if got := fi.Mode().Perm(); got != 0o600 {
			t.Errorf("%s: file mode = %o, want 600", what, got)
		}
	}
	check("after Open")
	dir, err := os.Stat(filepath.Dir(path))
	if err != nil {
		t.Fatal(err)
	}
	if got := dir.Mode().Perm(); got != 0o700 {
		t.Errorf("dir mode = %o, want 700", got)
	}
	if _, err := j.Prune(t0.Add(-time.Hour)); err != nil {
		t.Fatal(err)
	}
	check("after Prune")

	// A file left with a wider mode is made private at Open.
	wide := filepath.Join(t.TempDir(), "wide.jsonl")
	if err := os.WriteFile(wide, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	os.Chmod(wide, 0o644)
	j2, err := Open(wide, Options{})
	if err != nil {
		t.Fatal(err)
	}
	j2.Close()
	path = wide
	check("wide file after Open")
}

func isWindows() bool { return os.PathSeparator == '\\' }
