package journal

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestPrune(t *testing.T) {
	const day = 24 * time.Hour
	j, path := openAt(t, t0)
	for i, id := range []string{"old", "mid", "new"} {
		at := t0.Add(time.Duration(i*10) * day)
		if err := j.Start(id, at); err != nil {
			t.Fatal(err)
		}
		if err := j.End(id, at.Add(time.Hour), Summary{Requests: int64(i)}); err != nil {
			t.Fatal(err)
		}
	}
	// An old session still live in this Journal is kept, and so is its end.
	if err := j.Start("running", t0); err != nil {
		t.Fatal(err)
	}
	appendRaw(t, path, `{"type":"sta`)
	appendRaw(t, path, "\n")

	removed, err := j.Prune(t0.Add(5 * day))
	if err != nil {
		t.Fatal(err)
	}
	if removed != 1 {
		t.Errorf("removed = %d, want 1", removed)
	}
	if err := j.End("running", t0.Add(25*day), Summary{}); err != nil {
		t.Fatal(err)
	}
	ss, st, err := j.Read()
	if err != nil {
		t.Fatal(err)
	}
	if st != (ReadStats{}) {
		t.Errorf("stats after Prune = %+v, want none skipped", st)
	}
	var ids []string
	for _, s := range ss {
		ids = append(ids, s.ID)
	}
	if got, want := strings.Join(ids, ","), "running,mid,new"; got != want {
		t.Errorf("sessions = %s, want %s", got, want)
	}
	if ss[0].Crashed || !ss[0].Ended {
		t.Errorf("running = %+v, want ended", ss[0])
	}
	leftovers, _ := filepath.Glob(filepath.Join(filepath.Dir(path), "*.tmp"))
	if len(leftovers) != 0 {
		t.Errorf("temporary files left: %v", leftovers)
	}
}

func TestOpenPrunesByMaxAge(t *testing.T) {
	const day = 24 * time.Hour
	path := filepath.Join(t.TempDir(), "sessions.jsonl")
	for _, daysAgo := range []int{100, 91, 89, 1} {
		appendRaw(t, path, foreignStart(t, "s"+strconv.Itoa(daysAgo), t0.Add(-time.Duration(daysAgo)*day)))
	}
	tests := []struct {
		maxAge time.Duration
		want   int
	}{
		{-1, 4},       // pruning off
		{0, 2},        // default 90 days
		{30 * day, 1}, // 89 days is too old now
	}
	for _, tt := range tests {
		j, err := Open(path, Options{Now: func() time.Time { return t0 }, MaxAge: tt.maxAge})
		if err != nil {
			t.Fatal(err)
		}
		ss := mustSessions(t, j)
		j.Close()
		if len(ss) != tt.want {
			t.Errorf("MaxAge %v: %d sessions left, want %d", tt.maxAge, len(ss), tt.want)
		}
	}
}

func TestOpenLeavesCleanFileAlone(t *testing.T) {
	j, path := openAt(t, t0)
	if err := j.Start("s", t0); err != nil {
		t.Fatal(err)
	}
	j.Close()
	before, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	j2, err := Open(path, Options{Now: func() time.Time { return t0 }})
	if err != nil {
		t.Fatal(err)
	}
	defer j2.Close()
	after, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if !os.SameFile(before, after) {
		t.Error("Open rewrote a file with nothing to prune")
	}
}

func TestFollowsReplacedFile(t *testing.T) {
	// Another process (here a second Journal) prunes; this one must append
	// to the new file, not the unlinked old one.
	j, path := openAt(t, t0)
	other, err := Open(path, Options{Now: func() time.Time { return t0 }, MaxAge: -1})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := other.Prune(t0); err != nil {
		t.Fatal(err)
	}
	other.Close()
	if err := j.Start("after", t0); err != nil {
		t.Fatal(err)
	}
	if ss := mustSessions(t, j); len(ss) != 1 || ss[0].ID != "after" {
		t.Errorf("sessions = %+v, want the one started after the rewrite", ss)
	}
}
