package config

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"slices"
	"sync"
	"syscall"
)

// fileVersion is written in every settings file, for a later format to
// recognize this one.
const fileVersion = 1

// ErrCorrupt is wrapped by Load's error when the settings file is not the
// JSON it should be. The file is then left as it is until a Save with
// something to write finds it still so, and first moves it aside to its
// path with ".corrupt" added, so that a hand-edited file is never lost
// without a trace.
var ErrCorrupt = errors.New("settings file is corrupt")

// DefaultPath returns where Vigía keeps its settings: settings.json in the
// OS per-user configuration directory ($XDG_CONFIG_HOME/vigia, else
// ~/.config/vigia on Linux and BSD; %AppData%\Vigia on Windows;
// ~/Library/Application Support/Vigia on macOS, beside the sessions
// journal). It is "" when the OS names no such directory; a File with no
// path keeps its values in memory only.
func DefaultPath() string {
	dir, err := os.UserConfigDir()
	if err != nil || dir == "" {
		return ""
	}
	name := "vigia"
	if runtime.GOOS == "windows" || runtime.GOOS == "darwin" {
		name = "Vigia" // as the data directory is named there
	}
	return filepath.Join(dir, name, "settings.json")
}

// File is Vigía's settings file: the saved settings, and the UI's state
// (the last model, the window's size), which are not settings. Reads and
// changes are in memory; Save writes them. Its methods are safe for
// concurrent use.
//
// On disk it is one JSON object:
//
//	{
//	  "version": 1,
//	  "settings": {"log-max-size-mb": 20, "cache-ttl": "30m", "theme": "dark"},
//	  "state": {"lastModel": "sentiment", "windowWidth": 1024}
//	}
//
// Numbers are JSON numbers, booleans JSON booleans, durations and text
// strings. What this version does not understand (another key, a value it
// refuses) is kept and written back as found.
//
// Several Files may hold the same path: two windows, or a window and
// "vigia config set" in another process. None loses what another saved: a
// File remembers its own changes (Set, Unset, SetState) since it was
// loaded, saved or reloaded, and Save reads the file again and writes
// those changes on top of what it holds then, not its whole copy. Two
// saves that change the same key: the later one's value stays.
type File struct {
	path string

	mu       sync.Mutex
	settings map[string]string          // valid saved settings, as Format writes them
	kept     map[string]json.RawMessage // "settings" members not understood, written back as found
	state    map[string]any             // the "state" section: strings, booleans, numbers
	others   map[string]json.RawMessage // other top-level members, written back as found

	// This File's own changes since it was loaded, saved or reloaded, by
	// key: what Save writes on top of the file as it is then. A change
	// undone (the value set back to what it was) is no change.
	changes      map[string]settingChange
	stateChanges map[string]stateChange

	// The file was found corrupt at a save and moved aside, but the new
	// one could not be written: the next save writes memory whole.
	whole bool
}

// settingChange is a change of one setting: what it was (nil: not saved;
// wasKept: a value not understood) and what it is now (nil: unset).
type settingChange struct {
	was, now *string
	wasKept  bool
}

// stateChange is a change of one state key: what it was (had: there was
// one) and what it is now (nil: removed).
type stateChange struct {
	was, now any
	had      bool
}

// NewFile returns an empty settings file at path, to be written by Save;
// path "" keeps it in memory.
func NewFile(path string) *File {
	return &File{path: path, settings: map[string]string{}, kept: map[string]json.RawMessage{},
		state: map[string]any{}, others: map[string]json.RawMessage{},
		changes: map[string]settingChange{}, stateChanges: map[string]stateChange{}}
}

// Load reads the settings file at path. A missing file is an empty one. The
// File is usable whatever the error, which may join:
//   - one *SourceError (Origin FromFile) per saved value refused: an
//     unknown key, a setting the file can't hold, a value out of range.
//     Those values are ignored, and kept in the file;
//   - an error wrapping ErrCorrupt: nothing could be read;
//   - an error reading the file: nothing could be read, and Save refuses
//     to replace it as long as it can't be read.
func Load(path string) (*File, error) {
	f := NewFile(path)
	if path == "" {
		return f, nil
	}
	b, err := os.ReadFile(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return f, nil
	case err != nil:
		return f, fmt.Errorf("read settings: %w", err)
	}
	return f, f.decode(b)
}

// missing tells whether a save's read failed for want of a file: none at
// the path, or a file where a directory on the way should be (the save's
// error then says so, when it makes the directory).
func missing(err error) bool {
	return errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.ENOTDIR)
}

// decode fills f from the file's bytes.
func (f *File) decode(b []byte) error {
	var top map[string]json.RawMessage
	var settings map[string]json.RawMessage
	var state map[string]any
	err := json.Unmarshal(b, &top)
	if err == nil && top == nil {
		err = errors.New("not a JSON object")
	}
	if err == nil && top["settings"] != nil {
		err = json.Unmarshal(top["settings"], &settings)
	}
	if err == nil && top["state"] != nil {
		err = json.Unmarshal(top["state"], &state)
	}
	if err != nil {
		return fmt.Errorf("%w: %s (it is kept as %s at the next save): %v", ErrCorrupt, f.path, filepath.Base(f.path)+".corrupt", err)
	}
	delete(top, "settings")
	delete(top, "state")
	delete(top, "version")
	f.others = top
	if state != nil {
		f.state = state
	}
	var errs []error
	for _, key := range slices.Sorted(maps.Keys(settings)) {
		raw := settings[key]
		text, err := f.check(key, raw)
		if err != nil {
			f.kept[key] = raw
			errs = append(errs, &SourceError{Key: key, Origin: FromFile, Name: f.path, Err: err})
			continue
		}
		if text != nil {
			f.settings[key] = *text
		}
	}
	return errors.Join(errs...)
}

// check reads a saved value: its text, as Format writes it; nil for null.
func (f *File) check(key string, raw json.RawMessage) (*string, error) {
	s, ok := lookup(key)
	switch {
	case !ok:
		return nil, &UnknownKeyError{Key: key}
	case !s.Saved:
		return nil, &NotSavedError{Key: key}
	}
	text, ok := rawText(raw)
	if !ok {
		return nil, nil
	}
	v, err := s.parse(text, false)
	if err != nil {
		return nil, err
	}
	t := s.format(v)
	return &t, nil
}

// rawText returns a JSON scalar as text: a string's contents, a number as
// written, true or false; false for null. An object or an array is
// returned as written, for Parse to refuse.
func rawText(raw json.RawMessage) (string, bool) {
	raw = bytes.TrimSpace(raw)
	switch {
	case string(raw) == "null":
		return "", false
	case len(raw) > 0 && raw[0] == '"':
		var s string
		if json.Unmarshal(raw, &s) == nil {
			return s, true
		}
	}
	return string(raw), true
}

// Path returns where the file is; "" for one kept in memory.
func (f *File) Path() string { return f.path }

// Get returns the saved text of the setting key, as Format writes it, and
// whether there is one (valid).
func (f *File) Get(key string) (string, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	t, ok := f.settings[key]
	return t, ok
}

// Keys returns the keys of the saved settings, sorted.
func (f *File) Keys() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Sorted(maps.Keys(f.settings))
}

// Set saves text as the value of the setting key, in memory; Save writes
// it. text must be valid by Parse, and the setting one the file may hold
// (else *NotSavedError). A value equal to the default is saved too: it
// then stays when a later version changes the default. Unset goes back to
// the default.
func (f *File) Set(key, text string) error {
	s, ok := lookup(key)
	if !ok {
		return &UnknownKeyError{Key: key}
	}
	if !s.Saved {
		return &NotSavedError{Key: key}
	}
	v, err := s.parse(text, false)
	if err != nil {
		return err
	}
	t := s.format(v)
	f.mu.Lock()
	defer f.mu.Unlock()
	_, wasKept := f.kept[key]
	if old, ok := f.settings[key]; ok && old == t && !wasKept {
		return nil
	}
	f.change(key, &t)
	delete(f.kept, key)
	f.settings[key] = t
	return nil
}

// Unset forgets the saved value of key, if any, in memory: the default
// applies again. Save writes it.
func (f *File) Unset(key string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	_, saved := f.settings[key]
	_, kept := f.kept[key]
	if saved || kept {
		f.change(key, nil)
		delete(f.settings, key)
		delete(f.kept, key)
	}
}

// change records that key becomes now (nil: unset), before memory changes.
// Called with f.mu held.
func (f *File) change(key string, now *string) {
	c, ok := f.changes[key]
	if !ok {
		_, c.wasKept = f.kept[key]
		if t, saved := f.settings[key]; saved {
			c.was = &t
		}
	}
	c.now = now
	undone := !c.wasKept && (c.was == nil && now == nil || c.was != nil && now != nil && *c.was == *now)
	if undone {
		delete(f.changes, key)
	} else {
		f.changes[key] = c
	}
}

// State returns the UI state saved under key: a string, a bool or a
// float64 (JSON's number); ok is false if there is none.
func (f *File) State(key string) (v any, ok bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	v, ok = f.state[key]
	return v, ok
}

// SetState keeps v under key in the state section, in memory; Save writes
// it. v is a string, a bool, an int or a float64; nil removes the key.
func (f *File) SetState(key string, v any) error {
	switch x := v.(type) {
	case nil, string, bool, float64:
	case int:
		v = float64(x) // as JSON reads it back, so State returns the same before and after a reload
	default:
		return fmt.Errorf("state %q: a %T can't be saved; use a string, a bool or a number", key, v)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	old, had := f.state[key]
	if v == nil && !had || had && v != nil && old == v {
		return nil
	}
	c, ok := f.stateChanges[key]
	if !ok {
		c = stateChange{was: old, had: had}
	}
	c.now = v
	if c.now == nil && !c.had || c.had && c.now != nil && reflect.DeepEqual(c.was, c.now) {
		delete(f.stateChanges, key) // back to what it was
	} else {
		f.stateChanges[key] = c
	}
	if v == nil {
		delete(f.state, key)
	} else {
		f.state[key] = v
	}
	return nil
}

// Save writes this File's changes since it was loaded, saved or reloaded,
// if any, on top of the file as it is now: the file is read again, the
// changes applied to what it holds, and the result written atomically (a
// crash leaves the old file or the new one, never a part). What another
// File or process saved meanwhile stays, but for the keys this File
// changed, where its value wins. Memory then holds what was written, so
// Get and State answer the other writer's values too. With no change,
// nothing is written, and memory is left as it is (see Reload).
//
// A file found corrupt is moved aside first (its path with ".corrupt"
// added) and replaced by this File's values, all of them; a file that
// can't be read is not replaced. On an error the changes stay in memory,
// and the next Save tries again.
//
// Saves of the same path are serialized within the process and, where the
// OS has flock(2), across processes, through a lock file beside it while
// it saves (its path with ".lock" added), so that two read-merge-writes
// don't interleave. Elsewhere, or if that lock can't be taken within
// seconds, two processes saving at the same moment may still lose one
// save's changes; each write stays whole.
func (f *File) Save() error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.path == "" || len(f.changes) == 0 && len(f.stateChanges) == 0 {
		return nil
	}
	unlock := lockPath(f.path)
	defer unlock()
	next, corrupt, err := f.read()
	if err != nil {
		return fmt.Errorf("settings file %s can't be read, so it is not replaced: %w", f.path, err)
	}
	if corrupt || next == nil && f.whole {
		next = f.clone() // memory, whole: nothing to merge with
	}
	if next == nil {
		next = NewFile(f.path)
	}
	f.applyTo(next)
	b, err := next.encode()
	if err != nil {
		return err
	}
	if corrupt {
		if err := rename(f.path, f.path+".corrupt"); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("keep the corrupt settings file: %w", err)
		}
		f.whole = true
	}
	if err := writeAtomic(f.path, b, false); err != nil {
		return fmt.Errorf("save settings: %w", err)
	}
	f.adopt(next)
	clear(f.changes)
	clear(f.stateChanges)
	f.whole = false
	return nil
}

// Reload reads the file again, as Save does, and applies this File's
// unsaved changes on top, in memory only: Get, Keys and State then answer
// what another File or process saved since this one was loaded or saved.
// The changes stay unsaved. Its error is Load's; when the file is corrupt
// or can't be read, memory is left as it was.
func (f *File) Reload() error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.path == "" {
		return nil
	}
	b, err := os.ReadFile(f.path)
	next := NewFile(f.path)
	switch {
	case missing(err) && f.whole:
		return nil // moved aside by a save that failed: memory is what there is
	case missing(err):
	case err != nil:
		return fmt.Errorf("read settings: %w", err)
	default:
		err = next.decode(b)
		if errors.Is(err, ErrCorrupt) {
			return err
		}
	}
	f.applyTo(next)
	f.adopt(next)
	return err
}

// read reads and decodes the file as it is now: nil if there is none;
// corrupt if it is not a settings file; an error if it can't be read.
// Values refused are kept, as Load does.
func (f *File) read() (next *File, corrupt bool, err error) {
	b, err := os.ReadFile(f.path)
	switch {
	case missing(err):
		return nil, false, nil
	case err != nil:
		return nil, false, err
	}
	next = NewFile(f.path)
	if err := next.decode(b); errors.Is(err, ErrCorrupt) {
		return nil, true, nil
	}
	return next, false, nil
}

// clone returns a copy of f's values. Called with f.mu held.
func (f *File) clone() *File {
	c := NewFile(f.path)
	c.settings = maps.Clone(f.settings)
	c.kept = maps.Clone(f.kept)
	c.state = maps.Clone(f.state)
	c.others = maps.Clone(f.others)
	return c
}

// applyTo makes f's changes in next's values. Called with f.mu held.
func (f *File) applyTo(next *File) {
	for key, c := range f.changes {
		delete(next.kept, key)
		if c.now == nil {
			delete(next.settings, key)
		} else {
			next.settings[key] = *c.now
		}
	}
	for key, c := range f.stateChanges {
		if c.now == nil {
			delete(next.state, key)
		} else {
			next.state[key] = c.now
		}
	}
}

// adopt makes next's values f's. Called with f.mu held.
func (f *File) adopt(next *File) {
	f.settings, f.kept, f.state, f.others = next.settings, next.kept, next.state, next.others
}

// pathLocks serializes the saves of one path within the process: an
// absolute path → its *sync.Mutex.
var pathLocks sync.Map

// lockPath takes the locks of a save to path: the process's, then the
// lock file's, where the OS has one (lockFile). It returns their release.
func lockPath(path string) (unlock func()) {
	key := path
	if abs, err := filepath.Abs(path); err == nil {
		key = abs
	}
	m, _ := pathLocks.LoadOrStore(key, new(sync.Mutex))
	mu := m.(*sync.Mutex)
	mu.Lock()
	unlockFile := lockFile(path + ".lock")
	return func() {
		unlockFile()
		mu.Unlock()
	}
}

// encode returns the file's JSON.
func (f *File) encode() ([]byte, error) {
	settings := make(map[string]any, len(f.settings)+len(f.kept))
	for k, raw := range f.kept {
		settings[k] = raw
	}
	for k, t := range f.settings {
		settings[k] = jsonValue(k, t)
	}
	top := make(map[string]any, len(f.others)+3)
	for k, raw := range f.others {
		top[k] = raw
	}
	top["version"] = fileVersion
	top["settings"] = settings
	if len(f.state) > 0 {
		top["state"] = f.state
	}
	b, err := json.MarshalIndent(top, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("encode settings: %w", err)
	}
	return append(b, '\n'), nil
}

// jsonValue is a valid saved text as the file holds it: numbers and
// booleans as JSON's, the rest as strings.
func jsonValue(key, text string) any {
	s, _ := lookup(key)
	v, err := s.parse(text, false)
	if err != nil {
		return text
	}
	switch s.Kind {
	case Int, Bool:
		return v
	}
	return text
}

// rename exists so that tests can make the last step of a write fail.
var rename = os.Rename

// writeAtomic replaces path with b: a temporary file in the same
// directory (os.CreateTemp makes it 0600), written, synced, then renamed over path, and the
// directory synced so that the rename survives a crash. The directory is
// created 0700 if missing. With exclusive, an existing path is left alone
// and fs.ErrExist returned.
func writeAtomic(path string, b []byte, exclusive bool) (err error) {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+"-*.tmp")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if _, err = tmp.Write(b); err != nil {
		return err
	}
	if err = tmp.Sync(); err != nil {
		return err
	}
	if err = tmp.Close(); err != nil {
		return err
	}
	if exclusive {
		err = linkOnce(tmp.Name(), path)
	} else {
		err = rename(tmp.Name(), path)
	}
	if err != nil {
		return err
	}
	syncDir(dir)
	return nil
}

// linkOnce puts tmp at path unless path exists. A hard link fails on an
// existing path, where a rename would replace it; on a file system without
// hard links, a check then a rename does (with a short race).
func linkOnce(tmp, path string) error {
	err := os.Link(tmp, path)
	if err == nil || errors.Is(err, fs.ErrExist) {
		os.Remove(tmp)
		return err
	}
	if _, serr := os.Lstat(path); serr == nil {
		os.Remove(tmp)
		return fs.ErrExist
	}
	return rename(tmp, path)
}

// syncDir makes a rename in dir durable. Windows can't open a directory to
// sync it; there the rename is as durable as the OS makes it.
func syncDir(dir string) {
	d, err := os.Open(dir)
	if err != nil {
		return
	}
	_ = d.Sync()
	_ = d.Close()
}
