package logging

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"
)

// File names inside the log directory.
const (
	AppLogName   = "app.log"
	DebugLogName = "debug.log"
	// LockName is the file whose lock makes a process the owner of app.log
	// and debug.log in a directory. Another Vigía process started on the
	// same directory at the same time writes app.PID.log and debug.PID.log
	// instead, and a further System of one process app.PID-2.log…:
	// lumberjack's rotation assumes one writer per file (it creates a new
	// file without O_APPEND), and two would overwrite each other's records.
	LockName = ".vigia.lock"
)

// rfc3339Milli is the time format of JSON records, always in UTC.
const rfc3339Milli = "2006-01-02T15:04:05.000Z07:00"

// System is Vigía's logging: one slog handler tree that fans every record out
// to the console, the JSON app.log (and debug.log while debug mode is on)
// and an in-memory Ring. Its methods are safe for concurrent use.
//
// A System owns two goroutines, a flusher and a compressor; Close stops
// both. lumberjack starts one more per log file it rotates, which only
// deletes old backups (its compression is not used) and which lumberjack
// gives no way to stop; the System creates at most one lumberjack.Logger per
// file, so there are at most two such goroutines per System.
type System struct {
	opts  Options
	level slog.LevelVar

	console  *consoleHandler // root children, named "vigia"; console is nil when off
	json     *jsonHandler
	ringRoot *ringHandler
	ring     *Ring

	app       *fileSink
	debugName string // debug.log, or debug.PID.log when another process owns the directory
	unlock    func() // releases the directory's owner lock
	tee       teeWriter
	root      *slog.Logger
	alert     *slog.Logger // console and ring only: reports file problems
	sink      atomic.Pointer[sink]

	mu           sync.Mutex // guards the fields below
	debug        *fileSink  // created on first use, then reused
	debugOn      bool
	problems     map[*fileSink]error // each failing file's error, until it is written again
	closed       bool
	closeErr     error
	stop         chan struct{}
	compress     chan struct{}
	wrote        atomic.Bool  // bytes reached a file since the flusher last looked: it may have rotated
	compressRuns atomic.Int64 // compressAll calls, for tests
	flusherWG    sync.WaitGroup
}

// claimed is the process's registry of the log files its Systems write, by
// path: the owner lock keeps other processes off a directory's app.log,
// and this keeps the Systems of one process off each other's files (an
// flock fails for a second System of the same process too, but all the
// non-owners of one process would otherwise share app.PID.log).
var claimed = struct {
	sync.Mutex
	paths map[string]bool
}{paths: make(map[string]bool)}

// claimNames returns the names of a new System's app and debug logs in dir,
// and a function that gives them back: app.log and debug.log for the
// directory's owner, app.PID.log and debug.PID.log for the first System of
// this process that doesn't own it, then app.PID-2.log, app.PID-3.log… so
// that each file has one writer, between processes and within one.
func claimNames(dir string, owner bool) (app, debug string, release func()) {
	if abs, err := filepath.Abs(dir); err == nil {
		dir = abs
	}
	pid := os.Getpid()
	claimed.Lock()
	defer claimed.Unlock()
	for n := 0; ; n++ {
		switch {
		case n == 0 && !owner:
			continue
		case n == 0:
			app, debug = AppLogName, DebugLogName
		case n == 1:
			app, debug = fmt.Sprintf("app.%d.log", pid), fmt.Sprintf("debug.%d.log", pid)
		default:
			app, debug = fmt.Sprintf("app.%d-%d.log", pid, n), fmt.Sprintf("debug.%d-%d.log", pid, n)
		}
		key := filepath.Join(dir, app)
		if !claimed.paths[key] {
			claimed.paths[key] = true
			var once sync.Once
			return app, debug, func() {
				once.Do(func() {
					claimed.Lock()
					delete(claimed.paths, key)
					claimed.Unlock()
				})
			}
		}
	}
}

// teeWriter sends each JSON line to app.log and, while debug mode is on, to
// debug.log: records are encoded once whatever the number of files.
type teeWriter struct {
	app   *fileSink
	debug atomic.Pointer[fileSink]
}

func (t *teeWriter) Write(p []byte) (int, error) {
	t.app.Write(p)
	if d := t.debug.Load(); d != nil {
		d.Write(p)
	}
	return len(p), nil
}

// New starts a System. It never fails: when the log directory can't be
// created or written, records still go to the console and the ring, one WARN
// record says why, and Problem returns the error for a UI to show.
func New(opts Options) *System {
	o := opts.withDefaults()
	s := &System{
		opts:     o,
		ring:     NewRing(o.RingSize),
		stop:     make(chan struct{}),
		compress: make(chan struct{}, 1),
	}
	s.level.Set(slog.LevelInfo)
	owner := true
	unlock := func() {}
	if s.ensureDir() == nil {
		unlock, owner = lockDir(o.Dir)
	}
	appName, debugName, release := claimNames(o.Dir, owner)
	sharedWith := appName != AppLogName
	s.debugName = debugName
	s.unlock = func() { release(); unlock() }
	s.app = newFileSink(filepath.Join(o.Dir, appName), o)
	s.tee.app = s.app
	if o.Console != io.Discard {
		s.console = newConsoleHandler(o.Console, &s.level)
	}
	s.json = newJSONHandler(&s.tee)
	s.ringRoot = &ringHandler{ring: s.ring, level: &s.level, name: rootName}
	root := &handler{sys: s, console: s.console, json: s.json, ring: s.ringRoot}
	s.root = slog.New(root.withIdentity(rootName, ""))
	s.alert = slog.New((&handler{sys: s, console: s.console, ring: s.ringRoot}).withIdentity(rootName, ""))

	if sharedWith {
		s.root.Info("another Vigía process (or another System of this one) writes app.log in this folder; this one writes its own file",
			"event", "log_file", "path", s.app.path)
	} else if n := pruneProcessFiles(o.Dir, time.Duration(o.MaxAgeDays)*24*time.Hour, time.Now()); n > 0 {
		s.root.Info("removed the log files of Vigía processes that wrote beside this folder's app.log and ended long ago",
			"event", "log_prune", "files", n, "max_age_days", o.MaxAgeDays)
	}
	if err := s.probe(s.app.path); err != nil {
		s.app.err = err // already failing: the first failed flush must not report twice
		s.reportFailure(s.app, err)
	}
	if o.Debug {
		_ = s.SetDebug(true)
	}
	s.flusherWG.Add(2)
	go s.flusher()
	go s.compressor()
	return s
}

// ensureDir creates the log directory, private to the user, when missing.
func (s *System) ensureDir() error {
	return os.MkdirAll(s.opts.Dir, 0o700)
}

// probe checks that path can be created and appended to, and ends a last
// line a crash left without its line end.
func (s *System) probe(path string) error {
	if err := s.ensureDir(); err != nil {
		return fmt.Errorf("create log directory: %w", err)
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		return fmt.Errorf("open log file: %w", err)
	}
	return errors.Join(endLine(f), f.Close())
}

// endLine appends a line end to f when its last line lacks one: a write cut
// by a crash (kill -9, power loss). The torn line then stays the only bad
// line, which readers skip, instead of swallowing the next run's first
// record.
func endLine(f *os.File) error {
	fi, err := f.Stat()
	if err != nil || fi.Size() == 0 {
		return err
	}
	var last [1]byte
	if _, err := f.ReadAt(last[:], fi.Size()-1); err != nil {
		return err
	}
	if last[0] == '\n' {
		return nil
	}
	_, err = f.Write([]byte{'\n'})
	return err
}

// Logger returns the application's logger, named "vigia".
func (s *System) Logger() *slog.Logger { return s.root }

// Ring returns the in-memory ring of recent records.
func (s *System) Ring() *Ring { return s.ring }

// Dir returns the log directory.
func (s *System) Dir() string { return s.opts.Dir }

// AppLogPath returns the path of app.log.
func (s *System) AppLogPath() string { return s.app.path }

// DebugLogPath returns the path of debug.log, which exists only once debug
// mode has been on.
func (s *System) DebugLogPath() string { return filepath.Join(s.opts.Dir, s.debugName) }

// Level returns the current level: DEBUG in debug mode, INFO otherwise.
func (s *System) Level() slog.Level { return s.level.Level() }

// Debug reports whether debug mode is on.
func (s *System) Debug() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.debugOn
}

// Problem returns the current problem with the log files, or nil while they
// are written normally: a *FileError, app.log's first, whose Dropped counts
// exactly the records the file has lost so far. The error is meant to be
// shown to a person once.
func (s *System) Problem() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, f := range []*fileSink{s.app, s.debug} {
		if err, ok := s.problems[f]; ok {
			return &FileError{Path: f.path, Err: err, Dropped: f.notWritten()}
		}
	}
	return nil
}

// FileError is a log file's problem: the error that stops its writes, and
// how many records it has lost for good: dropped once more than 4 MB of
// them waited in memory, or still waiting when the System closed.
type FileError struct {
	Path    string
	Err     error
	Dropped int64 // records, counted exactly
}

func (e *FileError) Error() string {
	switch e.Dropped {
	case 0:
		return fmt.Sprintf("log file %s: %v", e.Path, e.Err)
	case 1:
		return fmt.Sprintf("log file %s: 1 record not written: %v", e.Path, e.Err)
	}
	return fmt.Sprintf("log file %s: %d records not written: %v", e.Path, e.Dropped, e.Err)
}

func (e *FileError) Unwrap() error { return e.Err }

// SetDebug turns debug mode on or off. On sets DEBUG everywhere and opens
// debug.log; off restores INFO and closes it. It is safe while other
// goroutines log. The error, if any, says why debug.log can't be written;
// debug mode is on all the same, for the console and the ring.
func (s *System) SetDebug(on bool) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed || on == s.debugOn {
		return nil
	}
	s.debugOn = on
	if on {
		path := s.DebugLogPath()
		if s.debug == nil {
			s.debug = newFileSink(path, s.opts)
		}
		err := s.probe(path)
		if err != nil {
			s.debug.mu.Lock()
			s.debug.err = err
			s.debug.mu.Unlock()
		}
		s.debug.setActive(true)
		s.tee.debug.Store(s.debug)
		s.level.Set(slog.LevelDebug)
		s.root.Info("debug mode on", "event", "debug_mode", "debug_log", path)
		if err != nil {
			s.setProblemLocked(s.debug, err)
		}
		return err
	}
	s.root.Info("debug mode off", "event", "debug_mode")
	s.level.Set(slog.LevelInfo)
	s.tee.debug.Store(nil)
	s.handleResultLocked(s.debug, s.debug.setActive(false))
	return nil
}

// sink is a handler that gets the records app.log gets (SetSink).
type sink struct {
	h slog.Handler
	e EntrySink // h, when it takes entries
}

// EntrySink is a sink (System.SetSink) that takes each record as the ring
// keeps it, instead of as a flat slog.Record. An Entry owns its
// attributes and is never changed: the sink may keep it and call
// Entry.Record later, on a goroutine of its own, so that flattening the
// record costs the logging call nothing. HandleEntry has Handle's
// contract: it runs on the logging goroutine and must not block.
type EntrySink interface {
	slog.Handler
	HandleEntry(ctx context.Context, e Entry) error
}

// SetSink adds h to the fan-out, as one more sink, or removes the one set
// when h is nil; it is safe while other goroutines log. h gets every record
// app.log gets, after the same redaction, on the logging goroutine, with
// the logging call's context: a flat record whose first attribute is the
// logger's name ("logger"), then the session ("session") when the logger
// has one, then the attributes, groups folded into dotted keys and each
// key once, renamed by app.log's rule (see the package doc). h must not
// block: the OpenTelemetry export queues the record and returns. Its
// Enabled is asked after the System's level. Records of the problem
// reporter (a log file failing), which app.log can't have, are not given
// to it. An h that is an EntrySink gets the same records as Entries, to
// flatten later (Entry.Record).
func (s *System) SetSink(h slog.Handler) {
	if h == nil {
		s.sink.Store(nil)
		return
	}
	e, _ := h.(EntrySink)
	s.sink.Store(&sink{h: h, e: e})
}

// Flush writes out every buffered record.
func (s *System) Flush() {
	s.flush()
}

// flush writes out what the files buffer, and notes in s.wrote that bytes
// reached a file since the last flush (Write flushes a full buffer too).
func (s *System) flush() {
	for _, f := range []*fileSink{s.app, s.tee.debug.Load()} {
		if f == nil {
			continue
		}
		r := f.flush()
		s.handleResult(f, r)
		if r.wrote {
			s.wrote.Store(true)
		}
	}
}

func (s *System) handleResult(f *fileSink, r flushResult) {
	if r.failed == nil && !r.recovered && r.oversize == 0 {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.handleResultLocked(f, r)
}

func (s *System) handleResultLocked(f *fileSink, r flushResult) {
	if r.failed != nil {
		s.setProblemLocked(f, r.failed)
	}
	if r.oversize > 0 {
		s.alert.Warn("a record larger than a whole log file was left out of the file; the console and the in-memory log have it",
			"event", "log_file", "file", f.path, "bytes", r.oversize, "max_size_mb", s.opts.MaxSizeMB)
	}
	if r.recovered {
		delete(s.problems, f)
		s.alert.Info("log file writable again", "event", "log_file", "file", f.path, "lost_records", r.dropped)
		if r.dropped > 0 {
			s.warnLost(f.path, r.dropped)
		}
	}
}

// warnLost says how many records a file lost for good, exactly.
func (s *System) warnLost(path string, n int64) {
	s.alert.Warn(fmt.Sprintf("%d records were not written to the log file: it refused them beyond the %d MB kept in memory; the console and the in-memory log had them", n, maxPending>>20),
		"event", "log_lost", "file", path, "records", n)
}

func (s *System) reportFailure(f *fileSink, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.setProblemLocked(f, err)
}

func (s *System) setProblemLocked(f *fileSink, err error) {
	if s.problems == nil {
		s.problems = make(map[*fileSink]error)
	}
	s.problems[f] = err
	s.alert.Warn("log file unavailable; records go to the console and stay in memory until it can be written",
		"event", "log_file", "file", f.path, "error", err.Error())
}

// flusher writes buffered records every FlushInterval, notices a log file
// deleted under it, and wakes the compressor: at its first tick, for the
// backups an earlier run left, then only after bytes reached a file, as
// lumberjack rotates only while writing. An idle app lists its log
// directory no more than it writes to it.
func (s *System) flusher() {
	defer s.flusherWG.Done()
	t := time.NewTicker(s.opts.FlushInterval)
	defer t.Stop()
	s.wrote.Store(true) // the first tick looks for an earlier run's backups
	for {
		select {
		case <-s.stop:
			return
		case <-t.C:
			s.flush()
			s.app.reopenIfGone(s.ensureDir)
			if d := s.tee.debug.Load(); d != nil {
				d.reopenIfGone(s.ensureDir)
			}
			if s.wrote.Swap(false) {
				select {
				case s.compress <- struct{}{}:
				default: // a wake is queued: its run comes after these writes
				}
			}
		}
	}
}

// compressor gzips rotated files away from the logging path.
func (s *System) compressor() {
	defer s.flusherWG.Done()
	for {
		select {
		case <-s.stop:
			return
		case <-s.compress:
			_ = s.compressAll()
		}
	}
}

func (s *System) compressAll() error {
	s.compressRuns.Add(1)
	s.mu.Lock()
	d := s.debug
	s.mu.Unlock()
	err := s.app.compressBackups()
	if d != nil {
		err = errors.Join(err, d.compressBackups())
	}
	return err
}

// Close flushes every record, finishes compressing rotated files, closes
// the files and stops the System's goroutines. Loggers stay usable after it,
// writing to the console and the ring only. Close returns the records that
// could not be written, if any; calling it again returns the same error.
func (s *System) Close() error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return s.closeErr
	}
	s.closed = true
	s.mu.Unlock()

	close(s.stop)
	s.flusherWG.Wait()

	s.tee.debug.Store(nil)
	res, err := s.app.close()
	s.mu.Lock()
	s.handleResultLocked(s.app, res)
	if s.debug != nil {
		res, derr := s.debug.close()
		s.handleResultLocked(s.debug, res)
		err = errors.Join(err, derr)
	}
	for _, f := range []*fileSink{s.app, s.debug} {
		if _, failing := s.problems[f]; failing {
			if n := f.notWritten(); n > 0 {
				s.warnLost(f.path, n)
			}
		}
	}
	s.mu.Unlock()
	if cerr := s.compressAll(); cerr != nil {
		err = errors.Join(err, fmt.Errorf("compress rotated logs: %w", cerr))
	}
	s.unlock()
	s.mu.Lock()
	s.closeErr = err
	s.mu.Unlock()
	return err
}
