package logging

import (
	"bytes"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// failWriter stands for a disk that fills up: it takes budget bytes (all
// when budget < 0), then writes short and fails with ENOSPC, as write(2)
// does on a full disk. It runs everywhere, unlike a full tmpfs.
type failWriter struct {
	mu         sync.Mutex
	data       []byte
	budget     int
	unwriteErr error // Unwrite fails with it, when set
}

func (w *failWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.budget < 0 {
		w.data = append(w.data, p...)
		return len(p), nil
	}
	n := min(len(p), w.budget)
	w.data = append(w.data, p[:n]...)
	w.budget -= n
	if n < len(p) {
		return n, syscall.ENOSPC
	}
	return n, nil
}

func (w *failWriter) Unwrite(n int) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.unwriteErr != nil {
		return w.unwriteErr
	}
	w.data = w.data[:len(w.data)-n]
	return nil
}

func (w *failWriter) Close() error { return nil }

func (w *failWriter) set(budget int) {
	w.mu.Lock()
	w.budget = budget
	w.mu.Unlock()
}

func (w *failWriter) bytes() []byte {
	w.mu.Lock()
	defer w.mu.Unlock()
	return append([]byte(nil), w.data...)
}

// withFailWriter starts a System whose app.log is w.
func withFailWriter(t *testing.T, w *failWriter) *System {
	t.Helper()
	s := New(Options{Dir: t.TempDir(), Console: discard{}, FlushInterval: time.Hour})
	s.app.mu.Lock()
	s.app.out = w
	s.app.mu.Unlock()
	return s
}

// records returns the seq of every record in data, and fails unless data
// is whole JSON lines ending at a record boundary.
func records(t *testing.T, data []byte) []int {
	t.Helper()
	if len(data) > 0 && data[len(data)-1] != '\n' {
		t.Fatalf("the file does not end at a record boundary: …%q", data[max(0, len(data)-80):])
	}
	var seqs []int
	for _, line := range bytes.Split(bytes.TrimSuffix(data, []byte("\n")), []byte("\n")) {
		if len(line) == 0 {
			continue
		}
		if _, err := jsonObject(line); err != nil {
			t.Fatalf("line is not a JSON record: %v", err)
		}
		if n, ok := intField(line, "seq"); ok {
			seqs = append(seqs, n)
		}
	}
	return seqs
}

// TestRecordBoundaries: a write the full disk cuts in the middle of a
// record is taken back, so the file ends at a record boundary after every
// failed flush and after Close; the records not written are counted
// exactly; and once the disk takes writes again the cut record is written
// whole. When the cut can't be taken back, the rest of the record is the
// first thing written later, so no record is glued to a partial one.
func TestRecordBoundaries(t *testing.T) {
	cases := []struct {
		name      string
		budget    int   // bytes the disk takes
		unwrite   error // Unwrite's error
		recovered bool  // the disk takes writes again before Close
	}{
		{"cut mid-record, Close while full", 500, nil, false},
		{"cut mid-record, recovers", 500, nil, true},
		{"nothing taken, Close while full", 0, nil, false},
		{"cut at 1 byte", 1, nil, false},
		{"cut mid-record, can't take it back, recovers", 500, errors.New("read-only"), true},
	}
	const total = 40
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w := &failWriter{budget: c.budget, unwriteErr: c.unwrite}
			s := withFailWriter(t, w)
			for i := range total {
				s.Logger().Info("r", "seq", i, "pad", strings.Repeat("p", 50))
			}
			s.Flush()
			if c.unwrite == nil {
				records(t, w.bytes())
			}
			if s.Problem() == nil {
				t.Fatal("got no problem with the disk full")
			}
			if c.recovered {
				w.set(-1)
				s.Flush()
			}
			err := s.Close()
			got := records(t, w.bytes())
			wantRange(t, "file", got, 0, len(got))
			var fe *FileError
			switch {
			case c.recovered:
				wantRange(t, "file", got, 0, total)
				if err != nil {
					t.Errorf("Close got %v after recovery", err)
				}
			case !errors.As(err, &fe):
				t.Fatalf("Close got %v, want a *FileError", err)
			default:
				lost := int64(total - len(got))
				if fe.Dropped != lost || !strings.Contains(err.Error(), fmt.Sprintf("%d records not written", lost)) {
					t.Errorf("Close says %q (%d), want %d records not written", err, fe.Dropped, lost)
				}
				if p, _ := s.Problem().(*FileError); p == nil || p.Dropped != lost {
					t.Errorf("Problem after Close got %v, want %d records not written", s.Problem(), lost)
				}
				if n := lostWarned(s); n != lost {
					t.Errorf("the WARN says %d records were lost, want %d", n, lost)
				}
			}
		})
	}
}

// TestDropCountExact: the disk refuses every write while far more than the
// 4 MB a file keeps in memory is logged, with WARN records flushing (and
// trimming) now and then. Problem, its message, the WARN and the recovery
// record all count the records dropped exactly: as many as are missing
// from the file once it takes writes again. With Close while still full,
// every record logged counts as not written.
func TestDropCountExact(t *testing.T) {
	for _, recover := range []bool{true, false} {
		t.Run(fmt.Sprintf("recover=%v", recover), func(t *testing.T) {
			w := &failWriter{budget: 0}
			s := withFailWriter(t, w)
			l := s.Logger()
			pad := strings.Repeat("d", 1000)
			const total = 6000 // about 6.5 MB
			for i := range total {
				if i%700 == 699 {
					l.Warn("r", "seq", i, "pad", pad)
				} else {
					l.Info("r", "seq", i, "pad", pad)
				}
			}
			s.Flush()
			var fe *FileError
			if !errors.As(s.Problem(), &fe) || fe.Dropped == 0 {
				t.Fatalf("got problem %v, want a *FileError with records dropped", s.Problem())
			}
			if !strings.Contains(fe.Error(), fmt.Sprintf(": %d records not written: ", fe.Dropped)) {
				t.Errorf("problem %q does not say how many records were not written", fe)
			}
			if !recover {
				err := s.Close()
				if !errors.As(err, &fe) || fe.Dropped != total {
					t.Errorf("Close got %v, want all %d records not written", err, total)
				}
				if n := lostWarned(s); n != total {
					t.Errorf("the WARN says %d records were lost, want %d", n, total)
				}
				return
			}
			w.set(-1)
			s.Flush()
			if err := s.Close(); err != nil {
				t.Fatal(err)
			}
			got := records(t, w.bytes())
			missing := int64(total - len(got))
			wantRange(t, "file", got, int(missing), total) // the oldest went
			e, ok := recoveredEntry(s)
			if !ok {
				t.Fatal("no record says the log file is writable again")
			}
			lost, _ := e.Attr("lost_records")
			if fe.Dropped != missing || lost.Int64() != missing || lostWarned(s) != missing {
				t.Errorf("%d records missing; Problem said %d, the recovery %d, the WARN %d: want all exact",
					missing, fe.Dropped, lost.Int64(), lostWarned(s))
			}
			if s.Problem() != nil {
				t.Errorf("problem %v stays after recovery", s.Problem())
			}
		})
	}
}

func TestFileErrorMessage(t *testing.T) {
	err := syscall.ENOSPC
	for _, c := range []struct {
		dropped int64
		want    string
	}{
		{0, "log file /l/app.log: no space left on device"},
		{1, "log file /l/app.log: 1 record not written: no space left on device"},
		{1234, "log file /l/app.log: 1234 records not written: no space left on device"},
	} {
		fe := &FileError{Path: "/l/app.log", Err: err, Dropped: c.dropped}
		if got := fe.Error(); got != c.want {
			t.Errorf("got %q, want %q", got, c.want)
		}
		if !errors.Is(fe, syscall.ENOSPC) {
			t.Errorf("%v does not unwrap to ENOSPC", fe)
		}
	}
	_ = slog.LevelInfo
}

// TestNoWriteWithoutOwnDirectory: while the log directory can't be made
// (a file is in its way), the sink hands its writer nothing, so lumberjack
// never gets to make the directory itself, with mode 0755, when the file
// in the way is removed between the two.
func TestNoWriteWithoutOwnDirectory(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "logs")
	w := &failWriter{budget: -1}
	s := New(Options{Dir: dir, Console: discard{}, FlushInterval: time.Hour})
	defer s.Close()
	s.app.mu.Lock()
	s.app.out = w
	s.app.mu.Unlock()
	if err := os.RemoveAll(dir); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(dir, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	s.Logger().Info("r", "seq", 1)
	res := s.app.flush()
	if res.failed == nil {
		t.Error("the flush reported no failure with a file in the directory's way")
	}
	if got := w.bytes(); len(got) != 0 {
		t.Errorf("the writer got %q while the directory could not be made", got)
	}
	if err := os.Remove(dir); err != nil {
		t.Fatal(err)
	}
	if res := s.app.flush(); !res.recovered {
		t.Errorf("got %+v after the directory could be made, want recovered", res)
	}
	if got := records(t, w.bytes()); len(got) != 1 || got[0] != 1 {
		t.Errorf("got records %v, want [1]", got)
	}
	checkMode(t, dir, 0o700)
}

// TestCompressorWakesOnWrites: the compressor lists the log directory at
// the flusher's first tick and after bytes reached a file, whether the
// flusher or a synchronous flush (an error record) wrote them; an idle
// System's ticks leave it asleep.
func TestCompressorWakesOnWrites(t *testing.T) {
	s := New(Options{Dir: t.TempDir(), Console: discard{}, FlushInterval: 5 * time.Millisecond})
	defer s.Close()
	// runs waits for the compressor's want-th run, then for 20 idle ticks,
	// and checks that no other run came.
	runs := func(when string, want int64) {
		t.Helper()
		for deadline := time.Now().Add(10 * time.Second); s.compressRuns.Load() < want && time.Now().Before(deadline); {
			time.Sleep(time.Millisecond)
		}
		time.Sleep(100 * time.Millisecond)
		if n := s.compressRuns.Load(); n != want {
			t.Errorf("%s: %d compressor runs, want %d", when, n, want)
		}
	}
	runs("the first ticks, nothing written", 1)
	runs("20 idle ticks", 1)
	s.Logger().Info("a record", "event", "test")
	runs("a record written by the flusher", 2)
	s.Logger().Error("an error record, flushed at once", "event", "test")
	runs("an error record written at once", 3)
}
