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
	"runtime"
	"slices"
	"sync"
)

// fileVersion is written in every settings file, for a later format to
// recognize this one.
const fileVersion = 1

// ErrCorrupt is wrapped by Load's error when the settings file is not the
// JSON it should be. The file is then left as it is until the next Save,
// which first moves it aside to its path with ".corrupt" added, so that a
// hand-edited file is never lost without a trace.
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
type File struct {
	path string

	mu       sync.Mutex
	settings map[string]string          // valid saved settings, as Format writes them
	kept     map[string]json.RawMessage // "settings" members not understood, written back as found
	state    map[string]any             // the "state" section: strings, booleans, numbers
	others   map[string]json.RawMessage // other top-level members, written back as found
	dirty    bool                       // changed since loaded or saved
	corrupt  bool                       // the file on disk is not JSON: moved aside at the next save
	unread   error                      // the file could not be read: never replaced
}

// NewFile returns an empty settings file at path, to be written by Save;
// path "" keeps it in memory.
func NewFile(path string) *File {
	return &File{path: path, settings: map[string]string{}, kept: map[string]json.RawMessage{},
		state: map[string]any{}, others: map[string]json.RawMessage{}}
}

// Load reads the settings file at path. A missing file is an empty one. The
// File is usable whatever the error, which may join:
//   - one *SourceError (Origin FromFile) per saved value refused: an
//     unknown key, a setting the file can't hold, a value out of range.
//     Those values are ignored, and kept in the file;
//   - an error wrapping ErrCorrupt: nothing could be read;
//   - an error reading the file: nothing could be read, and Save will
//     refuse to replace it.
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
		f.unread = err
		return f, fmt.Errorf("read settings: %w", err)
	}
	return f, f.decode(b)
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
		f.corrupt = true
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
	delete(f.kept, key)
	f.settings[key] = t
	f.dirty = true
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
		delete(f.settings, key)
		delete(f.kept, key)
		f.dirty = true
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
	switch {
	case v == nil && !had:
		return nil
	case v == nil:
		delete(f.state, key)
	case had && old == v:
		return nil
	default:
		f.state[key] = v
	}
	f.dirty = true
	return nil
}

// Save writes the file if anything changed since it was loaded or saved,
// atomically: a crash leaves the old file or the new one, never a part. On
// an error the changes stay in memory, and the next Save tries again.
func (f *File) Save() error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.path == "" || !f.dirty {
		return nil
	}
	if f.unread != nil {
		return fmt.Errorf("settings file %s was not read, so it is not replaced: %w", f.path, f.unread)
	}
	b, err := f.encode()
	if err != nil {
		return err
	}
	if f.corrupt {
		if err := rename(f.path, f.path+".corrupt"); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("keep the corrupt settings file: %w", err)
		}
		f.corrupt = false
	}
	if err := writeAtomic(f.path, b, false); err != nil {
		return fmt.Errorf("save settings: %w", err)
	}
	f.dirty = false
	return nil
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
