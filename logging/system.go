package logging

import (
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
	// instead: lumberjack's rotation assumes one writer per file (it
	// creates a new file without O_APPEND), and two would overwrite each
	// other's records.
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

	mu        sync.Mutex // guards the fields below
	debug     *fileSink  // created on first use, then reused
	debugOn   bool
	problem   error
	closed    bool
	closeErr  error
	stop      chan struct{}
	compress  chan struct{}
	flusherWG sync.WaitGroup
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
	appName, sharedWith := AppLogName, false
	s.debugName, s.unlock = DebugLogName, func() {}
	if s.ensureDir() == nil {
		var owner bool
		s.unlock, owner = lockDir(o.Dir)
		if !owner {
			sharedWith = true
			appName = fmt.Sprintf("app.%d.log", os.Getpid())
			s.debugName = fmt.Sprintf("debug.%d.log", os.Getpid())
		}
	}
	s.app = newFileSink(filepath.Join(o.Dir, appName), o)
	s.tee.app = s.app
	if o.Console != io.Discard {
		s.console = newConsoleHandler(o.Console, &s.level)
	}
	s.json = newJSONHandler(&s.tee)
	s.ringRoot = &ringHandler{ring: s.ring, level: &s.level, name: rootName}
	root := &handler{sys: s, console: s.console, json: s.json, ring: s.ringRoot}
	s.root = slog.New(root.named(rootName))
	s.alert = slog.New((&handler{sys: s, console: s.console, ring: s.ringRoot}).named(rootName))

	if sharedWith {
		s.root.Info("another Vigía process writes app.log in this folder; this one writes its own file",
			"event", "log_file", "path", s.app.path)
	} else if n := pruneProcessFiles(o.Dir, time.Duration(o.MaxAgeDays)*24*time.Hour, time.Now()); n > 0 {
		s.root.Info("removed the log files of Vigía processes that wrote beside this folder's app.log and ended long ago",
			"event", "log_prune", "files", n, "max_age_days", o.MaxAgeDays)
	}
	if err := s.probe(s.app.path); err != nil {
		s.app.err = err // already failing: the first failed flush must not report twice
		s.reportFailure(s.app.path, err)
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
// are written normally. The error is meant to be shown to a person once.
func (s *System) Problem() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.problem
}

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
			s.debug.err = err
		}
		s.debug.setActive(true)
		s.tee.debug.Store(s.debug)
		s.level.Set(slog.LevelDebug)
		s.root.Info("debug mode on", "event", "debug_mode", "debug_log", path)
		if err != nil {
			s.setProblemLocked(path, err)
		}
		return err
	}
	s.root.Info("debug mode off", "event", "debug_mode")
	s.level.Set(slog.LevelInfo)
	s.tee.debug.Store(nil)
	s.handleResultLocked(s.debug.path, s.debug.setActive(false))
	return nil
}

// Flush writes out every buffered record.
func (s *System) Flush() {
	s.flush()
}

func (s *System) flush() {
	s.handleResult(s.app.path, s.app.flush())
	if d := s.tee.debug.Load(); d != nil {
		s.handleResult(d.path, d.flush())
	}
}

func (s *System) handleResult(path string, r flushResult) {
	if r.failed == nil && !r.recovered && r.oversize == 0 {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.handleResultLocked(path, r)
}

func (s *System) handleResultLocked(path string, r flushResult) {
	if r.failed != nil {
		s.setProblemLocked(path, r.failed)
	}
	if r.oversize > 0 {
		s.alert.Warn("a record larger than a whole log file was left out of the file; the console and the in-memory log have it",
			"event", "log_file", "file", path, "bytes", r.oversize, "max_size_mb", s.opts.MaxSizeMB)
	}
	if r.recovered {
		s.problem = nil
		s.alert.Info("log file writable again", "event", "log_file", "file", path, "lost_bytes", r.dropped)
	}
}

func (s *System) reportFailure(path string, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.setProblemLocked(path, err)
}

func (s *System) setProblemLocked(path string, err error) {
	s.problem = fmt.Errorf("log file %s: %w", path, err)
	s.alert.Warn("log file unavailable; records go to the console and stay in memory until it can be written",
		"event", "log_file", "file", path, "error", err.Error())
}

// flusher writes buffered records every FlushInterval, notices a log file
// deleted under it, and wakes the compressor.
func (s *System) flusher() {
	defer s.flusherWG.Done()
	t := time.NewTicker(s.opts.FlushInterval)
	defer t.Stop()
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
			select {
			case s.compress <- struct{}{}:
			default:
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
	_, err := s.app.close()
	s.mu.Lock()
	if s.debug != nil {
		_, derr := s.debug.close()
		err = errors.Join(err, derr)
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
