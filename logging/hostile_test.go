package logging

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

// mountTmpfs mounts a tmpfs with the given options on dir until the test
// ends; it reports false when that is not possible (not Linux, not root, no
// mount(8), a container without CAP_SYS_ADMIN).
func mountTmpfs(t *testing.T, dir, opts string) bool {
	t.Helper()
	if runtime.GOOS != "linux" {
		return false
	}
	out, err := exec.Command("mount", "-t", "tmpfs", "-o", opts, "tmpfs", dir).CombinedOutput()
	if err != nil {
		t.Logf("mount -t tmpfs -o %s: %v: %s", opts, err, bytes.TrimSpace(out))
		return false
	}
	t.Cleanup(func() {
		if out, err := exec.Command("umount", dir).CombinedOutput(); err != nil {
			t.Errorf("umount %s: %v: %s", dir, err, out)
			_ = exec.Command("umount", "-l", dir).Run()
		}
	})
	return true
}

// fileWarnings counts the WARN records that said the file at path could
// not be written.
func fileWarnings(s *System, path string) int {
	n := 0
	for _, e := range s.Ring().Snapshot() {
		if v, ok := e.Attr("event"); !ok || v.String() != "log_file" || e.Level != slog.LevelWarn {
			continue
		}
		if f, _ := e.Attr("file"); f.String() == path {
			n++
		}
	}
	return n
}

// recoveredEntry returns the INFO record that said the file is writable
// again, if any.
func recoveredEntry(s *System) (Entry, bool) {
	for _, e := range s.Ring().Snapshot() {
		if e.Message == "log file writable again" {
			return e, true
		}
	}
	return Entry{}, false
}

// seqsIn returns the "seq" of every record with message msg in app.log and
// its backups, in file order, and fails on a line that is not JSON; a torn
// last line is allowed only where allowTorn is set, and is skipped.
func seqsIn(t *testing.T, dir, msg string, allowTorn bool) []int {
	t.Helper()
	var seqs []int
	tag := []byte(`,"msg":` + string(appendJSONString(nil, msg)) + `,`)
	for _, f := range logFiles(t, dir) {
		torn := eachLine(t, f, func(line []byte) {
			if !json.Valid(line) {
				t.Fatalf("%s: line is not JSON: %q", f, line)
			}
			if bytes.Contains(line, tag) {
				n, ok := intField(line, "seq")
				if !ok {
					t.Fatalf("%s: no seq in %q", f, line)
				}
				seqs = append(seqs, n)
			}
		})
		if torn != nil && (!allowTorn || f != filepath.Join(dir, AppLogName)) {
			t.Fatalf("%s: torn last line %q", f, torn)
		}
	}
	return seqs
}

// wantRange fails unless got is exactly lo, lo+1, …, hi-1.
func wantRange(t *testing.T, what string, got []int, lo, hi int) {
	t.Helper()
	if len(got) != hi-lo {
		t.Errorf("%s: got %d records, want %d (seq %d..%d)", what, len(got), hi-lo, lo, hi-1)
	}
	for i, n := range got {
		if n != lo+i {
			t.Fatalf("%s: record %d has seq %d, want %d: lost, repeated or out of order", what, i, n, lo+i)
		}
	}
}

func checkMode(t *testing.T, path string, want os.FileMode) {
	t.Helper()
	if runtime.GOOS == "windows" {
		return
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Error(err)
		return
	}
	if got := fi.Mode().Perm(); got != want {
		t.Errorf("%s: got mode %v, want %v", path, got, want)
	}
}

// TestReadOnlyLogDir: the log directory can't be written from the start,
// then can. Records reach the console and the ring meanwhile, one WARN says
// so, and once the directory is writable every record kept in memory
// reaches app.log, in order. We run as root in CI, for whom chmod 0500
// stops nothing, so the directory is made unwritable in ways that stop
// root too: a tmpfs mounted read-only (EROFS), and a path under a regular
// file (ENOTDIR; see also TestUnwritableDir).
func TestReadOnlyLogDir(t *testing.T) {
	t.Run("read-only mount", func(t *testing.T) {
		dir := t.TempDir()
		if !mountTmpfs(t, dir, "ro,size=1m,mode=0700") {
			t.Skip("can't mount a tmpfs; the subtest under a file covers an unwritable directory")
		}
		unwritableThenWritable(t, dir, func() {
			if out, err := exec.Command("mount", "-o", "remount,rw", dir).CombinedOutput(); err != nil {
				t.Fatalf("remount rw: %v: %s", err, out)
			}
		})
	})
	t.Run("under a file", func(t *testing.T) {
		parent := filepath.Join(t.TempDir(), "state")
		if err := os.WriteFile(parent, []byte("not a directory"), 0o600); err != nil {
			t.Fatal(err)
		}
		dir := filepath.Join(parent, "logs")
		unwritableThenWritable(t, dir, func() {
			if err := os.Remove(parent); err != nil {
				t.Fatal(err)
			}
		})
		checkMode(t, parent, 0o700) // made by the System once it could
		checkMode(t, dir, 0o700)
	})
}

func unwritableThenWritable(t *testing.T, dir string, fix func()) {
	var console bytes.Buffer
	s := New(Options{Dir: dir, Console: &syncWriter{w: &console}, FlushInterval: time.Hour})
	defer s.Close()
	if s.Problem() == nil {
		t.Fatal("got no problem for an unwritable log directory")
	}
	l := s.Logger()
	const n = 200
	for i := range n {
		if i%10 == 9 {
			l.Warn("r", "seq", i) // each WARN retries the file at once
		} else {
			l.Info("r", "seq", i)
		}
	}
	s.Flush()
	if s.Problem() == nil {
		t.Error("the problem went away while the directory is still unwritable")
	}
	if got := strings.Count(console.String(), " - r seq="); got != n {
		t.Errorf("console got %d records, want %d", got, n)
	}
	if got := fileWarnings(s, s.AppLogPath()); got != 1 {
		t.Errorf("got %d WARN records about app.log, want 1", got)
	}

	fix()
	l.Warn("r", "seq", n)
	if p := s.Problem(); p != nil {
		t.Errorf("problem %v stays once the directory is writable", p)
	}
	if _, ok := recoveredEntry(s); !ok {
		t.Error("no record says the log file is writable again")
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	wantRange(t, "app.log", seqsIn(t, dir, "r", false), 0, n+1)
	if got := fileWarnings(s, s.AppLogPath()); got != 1 {
		t.Errorf("got %d WARN records about app.log in all, want 1", got)
	}
	checkMode(t, s.AppLogPath(), 0o600)
}

// TestLogDirDeletedAndBlocked: the log directory is deleted while the app
// runs and, for a while, can't be made again (a file took its parent's
// place). Records after the deletion go to the console and the ring, one
// WARN says so, none goes into the deleted file, and once the directory
// can be made again it is, private, and they all reach the new app.log.
func TestLogDirDeletedAndBlocked(t *testing.T) {
	parent := filepath.Join(t.TempDir(), "state")
	dir := filepath.Join(parent, "logs")
	var console bytes.Buffer
	s := New(Options{Dir: dir, Console: &syncWriter{w: &console}, FlushInterval: 10 * time.Millisecond})
	defer s.Close()
	l := s.Logger()
	l.Warn("before")
	if err := os.RemoveAll(parent); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(parent, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	const n = 300
	for i := range n {
		if i%50 == 0 {
			l.Warn("r", "seq", i)
		} else {
			l.Info("r", "seq", i)
		}
		if i%100 == 0 {
			time.Sleep(30 * time.Millisecond) // let the flusher retry
		}
	}
	if s.Problem() == nil {
		t.Error("got no problem while the log directory can't be made")
	}
	if got := fileWarnings(s, s.AppLogPath()); got != 1 {
		t.Errorf("got %d WARN records about app.log, want 1", got)
	}
	if got := strings.Count(console.String(), " - r seq="); got != n {
		t.Errorf("console got %d records, want %d", got, n)
	}

	if err := os.Remove(parent); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(20 * time.Second)
	for s.Problem() != nil { // the flusher retries on its own
		if time.Now().After(deadline) {
			t.Fatal("the log file never came back once its directory could be made")
		}
		time.Sleep(5 * time.Millisecond)
	}
	l.Info("r", "seq", n)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	wantRange(t, "new app.log", seqsIn(t, dir, "r", false), 0, n+1)
	checkMode(t, parent, 0o700)
	checkMode(t, dir, 0o700)
	checkMode(t, s.AppLogPath(), 0o600)
	if got := fileWarnings(s, s.AppLogPath()); got != 1 {
		t.Errorf("got %d WARN records about app.log in all, want 1", got)
	}
}

// TestDiskFullTmpfs: a tmpfs of 512 kB is filled up while the app logs. The
// app keeps logging to the console and the ring, one WARN says so however
// often a little space comes and goes, what was already on disk stays
// there and parses, with no line cut (a write that ran out of space in the
// middle of a record is taken back), and once space is freed every record kept in memory
// reaches the file: each exactly once, in order, every line whole.
// Without mount(8) TestDiskFull and TestRecoversAfterFailure still cover
// ENOSPC, through /dev/full.
func TestDiskFullTmpfs(t *testing.T) {
	mnt := t.TempDir()
	if !mountTmpfs(t, mnt, "size=512k,mode=0700") {
		t.Skip("can't mount a tmpfs; TestDiskFull and TestRecoversAfterFailure cover ENOSPC with /dev/full")
	}
	dir := filepath.Join(mnt, "logs")
	var console bytes.Buffer
	s := New(Options{Dir: dir, Console: &syncWriter{w: &console}, FlushInterval: time.Hour})
	defer s.Close()
	l := s.Logger()
	pad := strings.Repeat("p", 100)
	const before = 500
	for i := range before {
		l.Info("r", "seq", i, "pad", pad)
	}
	s.Flush()
	onDisk := readFile(t, s.AppLogPath())

	filler := filepath.Join(mnt, "filler")
	size := fillDisk(t, filler)
	// A little space: the next write is cut in the middle of a line.
	if err := os.Truncate(filler, size-8<<10); err != nil {
		t.Fatal(err)
	}
	seq := before
	logSome := func(k int) {
		for range k {
			if seq%50 == 0 {
				l.Warn("r", "seq", seq, "pad", pad)
			} else {
				l.Info("r", "seq", seq, "pad", pad)
			}
			seq++
		}
	}
	logSome(300)
	if s.Problem() == nil {
		t.Fatal("got no problem with the disk full")
	}
	// A little space comes and goes: still one outage, one WARN.
	for range 3 {
		size -= 8 << 10
		if err := os.Truncate(filler, size); err != nil {
			t.Fatal(err)
		}
		logSome(100)
	}
	if got := fileWarnings(s, s.AppLogPath()); got != 1 {
		t.Errorf("got %d WARN records about app.log while the disk is full, want 1", got)
	}
	if got := strings.Count(console.String(), " - r seq="); got != seq {
		t.Errorf("console got %d records, want %d", got, seq)
	}
	now := readFile(t, s.AppLogPath())
	if !strings.HasPrefix(now, onDisk) {
		t.Error("records already on disk changed while the disk was full")
	}
	// A write the full disk cut was taken back: the file ends at a record
	// boundary all along.
	if got := seqsIn(t, dir, "r", false); len(got) < before {
		t.Errorf("app.log holds %d whole records while the disk is full, want at least the %d written before", len(got), before)
	}

	if err := os.Remove(filler); err != nil {
		t.Fatal(err)
	}
	logSome(1) // a WARN: seq is a multiple of 50 here
	if s.Problem() != nil {
		t.Errorf("problem %v stays once space is freed", s.Problem())
	}
	e, ok := recoveredEntry(s)
	if !ok {
		t.Error("no record says the log file is writable again")
	} else if v, _ := e.Attr("lost_records"); v.Int64() != 0 {
		t.Errorf("recovery says %d records were lost, want 0", v.Int64())
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	wantRange(t, "app.log", seqsIn(t, dir, "r", false), 0, seq)
	if got := fileWarnings(s, s.AppLogPath()); got != 1 {
		t.Errorf("got %d WARN records about app.log in all, want 1", got)
	}
}

// TestDiskFullBeyondBuffer: the disk stays full while more than the 4 MB a
// file keeps in memory is logged. The oldest records kept are dropped and
// counted; the rest arrive at once when space is freed, across several 1 MB
// rotations within a few milliseconds. Every line must still be whole JSON
// (the line a full disk cut is completed, not glued to a later record), no
// backup may overwrite another, and the records are the ones before the
// outage, then one gap, then every later one, in order.
func TestDiskFullBeyondBuffer(t *testing.T) {
	mnt := t.TempDir()
	if !mountTmpfs(t, mnt, "size=16m,mode=0700") {
		t.Skip("can't mount a tmpfs; TestRecoversAfterFailure covers recovery, without cut lines or a burst of rotations")
	}
	dir := filepath.Join(mnt, "logs")
	s := New(Options{Dir: dir, Console: discard{}, FlushInterval: time.Hour, MaxSizeMB: 1, MaxBackups: 0, MaxAgeDays: 0})
	defer s.Close()
	l := s.Logger()
	pad := strings.Repeat("p", 200)
	const before = 1000
	for i := range before {
		l.Info("r", "seq", i, "pad", pad)
	}
	s.Flush()
	filler := filepath.Join(mnt, "filler")
	size := fillDisk(t, filler)
	if err := os.Truncate(filler, size-8<<10); err != nil {
		t.Fatal(err)
	}
	seq := before
	for ; seq < before+24000; seq++ { // about 6.5 MB
		if seq%1000 == 0 {
			l.Warn("r", "seq", seq, "pad", pad)
		} else {
			l.Info("r", "seq", seq, "pad", pad)
		}
	}
	s.Flush()
	var fe *FileError
	if !errors.As(s.Problem(), &fe) {
		t.Fatalf("got problem %v with the disk full, want a *FileError", s.Problem())
	}
	dropped := fe.Dropped
	if !strings.Contains(fe.Error(), fmt.Sprintf("%d records not written", dropped)) {
		t.Errorf("problem %q does not say %d records not written", fe, dropped)
	}
	if err := os.Remove(filler); err != nil {
		t.Fatal(err)
	}
	l.Warn("r", "seq", seq, "pad", pad)
	seq++
	if s.Problem() != nil {
		t.Errorf("problem %v stays once space is freed", s.Problem())
	}
	e, ok := recoveredEntry(s)
	if !ok {
		t.Fatal("no record says the log file is writable again")
	}
	lost, _ := e.Attr("lost_records")
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	got := seqsIn(t, dir, "r", false)
	gap, missing := 0, 0
	for i := 1; i < len(got); i++ {
		switch d := got[i] - got[i-1]; {
		case d <= 0:
			t.Fatalf("seq %d after %d: repeated or out of order", got[i], got[i-1])
		case d > 1:
			gap++
			missing += d - 1
			if got[i-1] < before-1 {
				t.Errorf("records %d..%d lost: they were on disk before the outage", got[i-1]+1, got[i]-1)
			}
		}
	}
	if len(got) == 0 || got[0] != 0 || got[len(got)-1] != seq-1 {
		t.Fatalf("got records %v…, want the first and the last", got[:min(len(got), 3)])
	}
	if gap != 1 || missing == 0 {
		t.Errorf("got %d gaps of %d records in all, want one gap", gap, missing)
	}
	if dropped != int64(missing) || lost.Int64() != int64(missing) || lostWarned(s) != int64(missing) {
		t.Errorf("%d records missing from the files; Problem says %d, the recovery %d, the WARN %d: want all exact",
			missing, dropped, lost.Int64(), lostWarned(s))
	}
	if kept := len(got) - before; kept*300 < 3<<20 {
		t.Errorf("only %d records kept through the outage, want about 4 MB of them", kept)
	}
	if n := len(logFiles(t, dir)); n < 4 {
		t.Errorf("got %d files, want several rotations", n)
	}
}

// TestCloseWhileDiskFullTmpfs: the app closes while its disk is still
// full, after a write was cut in the middle of a record. app.log must end
// at a record boundary (the cut start taken back), hold only whole JSON
// lines, and Close, Problem and a WARN must count exactly the records that
// did not make it. The next run's first record starts a line of its own.
func TestCloseWhileDiskFullTmpfs(t *testing.T) {
	mnt := t.TempDir()
	if !mountTmpfs(t, mnt, "size=512k,mode=0700") {
		t.Skip("can't mount a tmpfs; TestRecordBoundaries covers a cut write with an injected writer")
	}
	dir := filepath.Join(mnt, "logs")
	s := New(Options{Dir: dir, Console: discard{}, FlushInterval: time.Hour})
	l := s.Logger()
	pad := strings.Repeat("c", 100)
	for i := range 200 {
		l.Info("r", "seq", i, "pad", pad)
	}
	s.Flush()
	filler := filepath.Join(mnt, "filler")
	size := fillDisk(t, filler)
	if err := os.Truncate(filler, size-5000); err != nil { // room for part of a 64 kB chunk
		t.Fatal(err)
	}
	const total = 600
	for i := 200; i < total; i++ {
		l.Info("r", "seq", i, "pad", pad)
	}
	err := s.Close()
	got := seqsIn(t, dir, "r", false) // fails on a torn last line
	wantRange(t, "app.log", got, 0, len(got))
	if len(got) <= 200 {
		t.Errorf("got %d records, want some written into the space left", len(got))
	}
	lost := int64(total - len(got))
	var fe *FileError
	if !errors.As(err, &fe) || fe.Dropped != lost {
		t.Fatalf("Close got %v, want %d records not written", err, lost)
	}
	if p, _ := s.Problem().(*FileError); p == nil || p.Dropped != lost {
		t.Errorf("Problem got %v, want %d records not written", s.Problem(), lost)
	}
	if n := lostWarned(s); n != lost {
		t.Errorf("the WARN says %d records were lost, want %d", n, lost)
	}
	if err := os.Remove(filler); err != nil {
		t.Fatal(err)
	}
	next := New(Options{Dir: dir, Console: discard{}})
	next.Logger().Info("r", "seq", len(got))
	if err := next.Close(); err != nil {
		t.Fatal(err)
	}
	wantRange(t, "app.log after a restart", seqsIn(t, dir, "r", false), 0, len(got)+1)
}

// lostWarned returns the records the log_lost WARN records say were lost.
func lostWarned(s *System) int64 {
	var n int64
	for _, e := range s.Ring().Snapshot() {
		if v, ok := e.Attr("event"); ok && v.String() == "log_lost" && e.Level == slog.LevelWarn {
			r, _ := e.Attr("records")
			n += r.Int64()
		}
	}
	return n
}

// fillDisk writes path until the file system is full and returns its size.
func fillDisk(t *testing.T, path string) int64 {
	t.Helper()
	f, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	buf := make([]byte, 64<<10)
	var size int64
	for {
		n, err := f.Write(buf)
		size += int64(n)
		if err != nil {
			if !strings.Contains(err.Error(), "no space") {
				t.Fatal(err)
			}
			return size
		}
	}
}
