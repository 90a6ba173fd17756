package journal

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"
	"time"
)

// DefaultMaxAge is how long sessions are kept when Options.MaxAge is 0.
const DefaultMaxAge = 90 * 24 * time.Hour

// Errors returned by a Journal; test with errors.Is.
var (
	ErrClosed         = errors.New("journal: closed")
	ErrUnknownSession = errors.New("journal: session not started in this journal")
	ErrDuplicate      = errors.New("journal: session already started")
)

var _ io.Closer = (*Journal)(nil)

// Options configures Open. The zero value is ready to use.
type Options struct {
	// Now returns the current time; it decides what Open prunes.
	// Defaults to time.Now.
	Now func() time.Time
	// MaxAge is how long a session is kept, counted from its start: Open
	// removes older ones. 0 means DefaultMaxAge (90 days); a negative
	// MaxAge turns pruning off, for readers that should not rewrite the file.
	MaxAge time.Duration
}

// Journal is the sessions file of one data directory. Its methods are safe
// for concurrent use.
type Journal struct {
	path string
	now  func() time.Time

	mu   sync.Mutex
	f    *os.File // nil once closed
	torn bool     // the last append may have left a partial line
	// live holds the sessions started through this Journal and not ended:
	// they are running, not crashed.
	live map[string]bool
}

// Open opens the journal at path, creating it (0600) and its directory
// (0700) when missing, and prunes sessions older than opts.MaxAge. A file
// whose last line is torn is made appendable: the next record starts on a
// new line.
func Open(path string, opts Options) (*Journal, error) {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.MaxAge == 0 {
		opts.MaxAge = DefaultMaxAge
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("journal: create directory: %w", err)
	}
	j := &Journal{path: path, now: opts.Now, live: map[string]bool{}}
	if err := j.openFile(); err != nil {
		return nil, err
	}
	if err := j.endTornLine(); err != nil {
		j.f.Close()
		return nil, err
	}
	if opts.MaxAge > 0 {
		if _, err := j.prune(j.now().Add(-opts.MaxAge), false); err != nil {
			j.f.Close()
			return nil, err
		}
	}
	return j, nil
}

// openFile opens j.path for appending and makes it private to the user,
// also when an older version of the app created it with a wider mode.
func (j *Journal) openFile() error {
	f, err := os.OpenFile(j.path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		return fmt.Errorf("journal: open: %w", err)
	}
	if fi, err := f.Stat(); err == nil && fi.Mode().Perm() != 0o600 {
		if err := f.Chmod(0o600); err != nil {
			f.Close()
			return fmt.Errorf("journal: chmod: %w", err)
		}
	}
	j.f = f
	return nil
}

// endTornLine writes a newline when the file does not end with one, so that
// a line torn by a crash stays one garbled line instead of swallowing the
// next record.
func (j *Journal) endTornLine() error {
	r, err := os.Open(j.path)
	if err != nil {
		return fmt.Errorf("journal: open: %w", err)
	}
	defer r.Close()
	fi, err := r.Stat()
	if err != nil || fi.Size() == 0 {
		return err
	}
	last := make([]byte, 1)
	if _, err := r.ReadAt(last, fi.Size()-1); err != nil && err != io.EOF {
		return fmt.Errorf("journal: read: %w", err)
	}
	if last[0] == '\n' {
		return nil
	}
	if _, err := j.f.Write([]byte{'\n'}); err != nil {
		return fmt.Errorf("journal: write: %w", err)
	}
	return j.f.Sync()
}

// Start records that session id started at at, in this process.
func (j *Journal) Start(id string, at time.Time) error {
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.live[id] {
		return fmt.Errorf("%w: %q", ErrDuplicate, id)
	}
	if err := j.append(record{Type: typeStart, Session: id, Time: at, PID: ownPID}); err != nil {
		return err
	}
	j.live[id] = true
	return nil
}

// End records that session id, started through this Journal, ended at at
// with the figures s.
func (j *Journal) End(id string, at time.Time, s Summary) error {
	j.mu.Lock()
	defer j.mu.Unlock()
	if !j.live[id] {
		return fmt.Errorf("%w: %q", ErrUnknownSession, id)
	}
	if err := j.append(record{Type: typeEnd, Session: id, Time: at, Summary: &s}); err != nil {
		return err
	}
	delete(j.live, id)
	return nil
}

// Checkpoint records the figures of session id, started through this
// Journal and still running, so far: if the process dies, they are the
// session's last known figures (Session.Summary of a crashed session).
func (j *Journal) Checkpoint(id string, at time.Time, s Summary) error {
	j.mu.Lock()
	defer j.mu.Unlock()
	if !j.live[id] {
		return fmt.Errorf("%w: %q", ErrUnknownSession, id)
	}
	return j.append(record{Type: typeCheckpoint, Session: id, Time: at, Summary: &s})
}

// MarkCrashReported records that the user has been told about the crash of
// session id, so that the next launch does not tell them again.
func (j *Journal) MarkCrashReported(id string, at time.Time) error {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.append(record{Type: typeCrashReported, Session: id, Time: at})
}

// append writes r as one line with one write call and fsyncs it. The caller
// holds j.mu.
func (j *Journal) append(r record) error {
	if j.f == nil {
		return ErrClosed
	}
	if r.Session == "" {
		return errors.New("journal: empty session id")
	}
	if r.Time.IsZero() {
		return errors.New("journal: zero time")
	}
	if err := j.follow(); err != nil {
		return err
	}
	line, err := json.Marshal(r)
	if err != nil {
		return fmt.Errorf("journal: encode: %w", err)
	}
	if j.torn {
		line = append([]byte{'\n'}, line...)
	}
	line = append(line, '\n')
	if _, err := j.f.Write(line); err != nil {
		j.torn = true
		return fmt.Errorf("journal: write: %w", err)
	}
	j.torn = false
	if err := j.f.Sync(); err != nil {
		return fmt.Errorf("journal: sync: %w", err)
	}
	return nil
}

// follow reopens the file when another process has replaced it (Prune
// renames a new file over it), so that appends do not go to the old,
// unlinked one. The caller holds j.mu.
func (j *Journal) follow() error {
	onDisk, err := os.Stat(j.path)
	if err == nil {
		open, err := j.f.Stat()
		if err == nil && os.SameFile(onDisk, open) {
			return nil
		}
	} else if !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("journal: stat: %w", err)
	}
	old := j.f
	if err := j.openFile(); err != nil {
		return err
	}
	old.Close()
	j.torn = false
	return nil
}

// Close closes the file. Sessions started and not ended stay without an end
// record: the next launch reports them as crashed, which is why the app ends
// its sessions before closing the journal. Close is idempotent.
func (j *Journal) Close() error {
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.f == nil {
		return nil
	}
	err := j.f.Close()
	j.f = nil
	if err != nil {
		return fmt.Errorf("journal: close: %w", err)
	}
	return nil
}
