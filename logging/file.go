package logging

import (
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"sync"
	"time"

	"gopkg.in/natefinch/lumberjack.v2"
)

const (
	// chunkSize is the most a flush hands lumberjack in one Write. Chunks end
	// at line ends, so a record is never split across two files.
	chunkSize = 64 << 10
	// flushSize is how much Write buffers before it flushes by itself, as
	// zap's BufferedWriteSyncer does (256 kB): fewer, larger writes.
	flushSize = 256 << 10
	// maxPending is how many bytes a file keeps in memory while its disk
	// refuses writes; beyond it the oldest records are dropped and counted.
	maxPending = 4 << 20
)

// fileSink is a buffered, rotating log file. lumberjack does the rotation
// and retention; fileSink adds what it lacks: a buffer in front of it (one
// write syscall per line is slow), retries that keep records while the disk
// refuses them, and a compressor that it owns and stops (lumberjack's own
// compression goroutine can't be stopped and may leave half-written .gz
// files at exit).
type fileSink struct {
	path     string
	compress bool

	mu      sync.Mutex
	lj      *lumberjack.Logger
	out     output // lj, or a failing writer in tests
	buf     []byte
	active  bool        // debug.log is inactive while debug mode is off
	err     error       // the write error of the current failure, nil when healthy
	dropped int64       // records dropped since the failure began
	lost    int64       // records a Close left unwritten, for good
	written bool        // something reached the file since it was (re)opened
	torn    bool        // a failed write cut a line: its rest is at the front of buf
	ms      int64       // the wall-clock millisecond (Unix) msBytes counts
	msBytes int64       // bytes handed to lumberjack in writes that ended in ms
	pending flushResult // changes of health not yet reported
}

func newFileSink(path string, o Options) *fileSink {
	lj := &lumberjack.Logger{
		Filename:   path,
		MaxSize:    o.MaxSizeMB,
		MaxBackups: max(o.MaxBackups, 0),
		MaxAge:     max(o.MaxAgeDays, 0),
		LocalTime:  false,
		Compress:   false, // done by compressBackups
	}
	return &fileSink{
		path:     path,
		compress: !o.NoCompress,
		active:   true,
		lj:       lj,
		out:      ljOutput{lj},
		buf:      make([]byte, 0, flushSize+chunkSize),
	}
}

// output is where a fileSink's bytes go: lumberjack, whose current file is
// always at the sink's path.
type output interface {
	Write(p []byte) (int, error)
	Close() error
	// Unwrite removes the last n bytes written, the start of a record a
	// failed write cut, so that the file ends at a record boundary again.
	Unwrite(n int) error
}

type ljOutput struct{ lj *lumberjack.Logger }

func (o ljOutput) Write(p []byte) (int, error) { return o.lj.Write(p) }
func (o ljOutput) Close() error                { return o.lj.Close() }

// Unwrite closes the file and truncates it: lumberjack opens a file it
// creates without O_APPEND, so the next write must reopen it (with
// O_APPEND, at the new end) instead of writing past a hole. On a full disk
// truncating always works: it frees space.
func (o ljOutput) Unwrite(n int) error {
	if err := o.lj.Close(); err != nil {
		return err
	}
	fi, err := os.Stat(o.lj.Filename)
	if err != nil {
		return err
	}
	if !fi.Mode().IsRegular() || fi.Size() < int64(n) {
		return fmt.Errorf("can't cut %d bytes from %s", n, o.lj.Filename)
	}
	return os.Truncate(o.lj.Filename, fi.Size()-int64(n))
}

// Write buffers p, which holds whole lines. It never fails: a record the
// file can't take now stays buffered, and flush reports the problem.
func (s *fileSink) Write(p []byte) (int, error) {
	s.mu.Lock()
	if s.active {
		s.buf = append(s.buf, p...)
		if len(s.buf) >= flushSize && s.err == nil {
			s.flushLocked()
		}
	}
	s.mu.Unlock()
	return len(p), nil
}

// flushResult tells the owner how a flush changed the file's health.
type flushResult struct {
	failed    error // set when a failure began with this flush
	recovered bool  // set when writes work again after a failure
	dropped   int64 // records lost during the failure that just ended
	oversize  int64 // bytes of records larger than a whole file, dropped
	wrote     bool  // bytes reached the file, so lumberjack may have rotated it
}

// flush writes out what is buffered and returns the changes of health not
// yet reported, including those of flushes that Write started.
func (s *fileSink) flush() flushResult {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.flushLocked()
	return s.takePending()
}

func (s *fileSink) takePending() flushResult {
	r := s.pending
	s.pending = flushResult{}
	return r
}

func (s *fileSink) flushLocked() {
	res := &s.pending
	wasFailing := s.err != nil
	var dirErr error
	if len(s.buf) > 0 {
		s.closeIfGoneLocked()
		if !s.written {
			// lumberjack would create a missing directory with mode 0755:
			// make it 0700 here, and hand lumberjack nothing until that
			// works, or a directory that becomes possible to make between
			// the two (a file in its way removed) would be lumberjack's.
			if err := os.MkdirAll(filepath.Dir(s.path), 0o700); err != nil {
				dirErr = fmt.Errorf("can't make the log directory: %w", err)
			}
		}
	}
	buf, off := s.buf, 0 // buf[off:] is still to write
	for off < len(buf) {
		chunk := buf[off:]
		if s.torn {
			// The rest of a cut line goes alone: it fits in the file that
			// holds its start, where a bigger chunk could make lumberjack
			// rotate between the two halves.
			if i := bytes.IndexByte(chunk, '\n'); i >= 0 {
				chunk = chunk[:i+1]
			}
		} else if len(chunk) > chunkSize {
			if i := bytes.LastIndexByte(chunk[:chunkSize], '\n'); i >= 0 {
				chunk = chunk[:i+1]
			} else if i := bytes.IndexByte(chunk, '\n'); i >= 0 {
				chunk = chunk[:i+1] // one long line: it goes alone
			}
		}
		n, err := 0, dirErr
		if dirErr == nil {
			s.spaceRotations(len(chunk))
			n, err = s.out.Write(chunk)
		}
		if end := time.Now().UnixMilli(); end != s.ms {
			s.ms, s.msBytes = end, 0
		}
		s.msBytes += int64(n)
		if err != nil && n > 0 && chunk[n-1] != '\n' {
			// The write cut a record: take its start back out of the file,
			// so the file ends at a record boundary (after Close too) and
			// the record is written whole later, or counted as not written.
			cut := n - (bytes.LastIndexByte(chunk[:n], '\n') + 1)
			if s.out.Unwrite(cut) == nil {
				n -= cut
				s.msBytes -= int64(cut)
			}
		}
		off += n
		if n > 0 {
			s.written = true
			s.torn = buf[off-1] != '\n'
			res.wrote = true
		}
		if err != nil {
			if n == 0 && s.lj.MaxSize > 0 && len(chunk) > s.lj.MaxSize<<20 {
				// A single record larger than a whole file can never be
				// written: drop it rather than block every later one.
				off += len(chunk)
				res.oversize += int64(len(chunk))
				continue
			}
			// A failure begins only if the flush began healthy: writes that
			// get a little way while the disk stays full are one outage.
			if !wasFailing && res.failed == nil {
				res.failed = err
			}
			s.err = err
			break
		}
		s.err = nil
	}
	// Keep what is left at the front of the same array, so the buffer is
	// reused instead of shrinking and being allocated anew.
	s.buf = buf[:copy(buf, buf[off:])]
	if s.err != nil {
		s.trimLocked()
	}
	if len(s.buf) == 0 && cap(s.buf) > 2*flushSize {
		s.buf = make([]byte, 0, flushSize+chunkSize)
	}
	if wasFailing && s.err == nil {
		res.recovered = true
		res.dropped += s.dropped
		s.dropped = 0
	}
}

// spaceRotations waits, before a write of n bytes, for the next millisecond
// when the writes that ended in this one and n could fill a whole file:
// lumberjack names a backup after the millisecond it rotates in, and a second
// rotation in the same one would rename the new file over the first backup
// (a burst of records kept through a disk failure is written at once).
func (s *fileSink) spaceRotations(n int) {
	if s.msBytes+int64(n) <= int64(s.lj.MaxSize)<<20 {
		return
	}
	for time.Now().UnixMilli() == s.ms {
		time.Sleep(100 * time.Microsecond)
	}
}

// trimLocked drops the oldest whole lines beyond maxPending. The rest of a
// cut line stays: it completes the line whose start is in the file.
func (s *fileSink) trimLocked() {
	if len(s.buf) <= maxPending {
		return
	}
	keep := 0
	if s.torn {
		keep = bytes.IndexByte(s.buf, '\n') + 1
	}
	cut := min(keep+len(s.buf)-maxPending, len(s.buf))
	if i := bytes.IndexByte(s.buf[cut:], '\n'); i >= 0 {
		cut += i + 1
	}
	s.dropped += int64(bytes.Count(s.buf[keep:cut], newline))
	s.buf = append(s.buf[:keep], s.buf[cut:]...)
}

// reopenIfGone closes the file when its path can no longer be reached (the
// directory was deleted or the file moved away) and makes the directory
// again, so that the next write creates the file instead of writing into an
// unlinked one nobody can read.
func (s *fileSink) reopenIfGone(ensureDir func() error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closeIfGoneLocked() {
		_ = ensureDir()
	}
}

// closeIfGoneLocked closes the file when its path can't be reached, and
// reports whether it did. flushLocked calls it before writing, so records
// logged after the directory was deleted are not written into the deleted
// file. The rest of a cut line is dropped: its start went with the file.
func (s *fileSink) closeIfGoneLocked() bool {
	if !s.written {
		return false
	}
	if _, err := os.Stat(s.path); err == nil {
		return false
	}
	_ = s.out.Close()
	s.written = false
	if s.torn {
		cut := bytes.IndexByte(s.buf, '\n') + 1
		s.dropped++ // the record whose start went with the file
		s.buf = append(s.buf[:0], s.buf[cut:]...)
		s.torn = false
	}
	return true
}

// setActive turns the sink on or off; off flushes and closes the file.
func (s *fileSink) setActive(on bool) flushResult {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !on && s.active {
		s.flushLocked()
		_ = s.out.Close()
		s.written = false
	}
	s.active = on
	return s.takePending()
}

// close flushes and closes the file for good. Records it could not write
// are counted as lost, with those dropped before.
func (s *fileSink) close() (flushResult, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.flushLocked()
	res := s.takePending()
	s.active = false
	err := s.out.Close()
	if s.err != nil {
		s.lost = s.dropped + int64(bytes.Count(s.buf, newline))
		err = errors.Join(&FileError{Path: s.path, Err: s.err, Dropped: s.lost}, err)
		s.buf = s.buf[:0]
	}
	return res, err
}

// notWritten returns how many records of the current failure will not
// reach the file: dropped beyond maxPending, and, once closed, those it
// still held.
func (s *fileSink) notWritten() int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.lost > 0 {
		return s.lost
	}
	return s.dropped
}

var newline = []byte{'\n'}

// backupPattern matches lumberjack's rotated names: app-2006-01-02T15-04-05.000.log
var backupPattern = regexp.MustCompile(`^(.+)-\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}\.\d{3}(\.[^.]+)$`)

// compressBackups gzips every rotated, uncompressed backup of s. Each file
// is written to a temporary name and renamed, so a .gz file is always
// complete; a backup whose .gz already exists was compressed by a run that
// stopped before removing it, and is only removed.
func (s *fileSink) compressBackups() error {
	if !s.compress {
		return nil
	}
	dir := filepath.Dir(s.path)
	base := filepath.Base(s.path)
	ext := filepath.Ext(base)
	prefix := base[:len(base)-len(ext)]
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	var errs []error
	for _, e := range entries {
		m := backupPattern.FindStringSubmatch(e.Name())
		if m == nil || m[1] != prefix || m[2] != ext || !e.Type().IsRegular() {
			continue
		}
		src := filepath.Join(dir, e.Name())
		dst := src + ".gz"
		if _, err := os.Stat(dst); err == nil {
			errs = append(errs, os.Remove(src))
			continue
		}
		errs = append(errs, gzipFile(src, dst))
	}
	return errors.Join(errs...)
}

func gzipFile(src, dst string) (err error) {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	tmp := dst + ".tmp"
	out, err := os.OpenFile(tmp, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o600)
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			out.Close()
			os.Remove(tmp)
		}
	}()
	zw := gzip.NewWriter(out)
	if _, err = io.Copy(zw, in); err != nil {
		return err
	}
	if err = zw.Close(); err != nil {
		return err
	}
	if err = out.Sync(); err != nil {
		return err
	}
	if err = out.Close(); err != nil {
		return err
	}
	if err = os.Rename(tmp, dst); err != nil {
		return err
	}
	return os.Remove(src)
}
