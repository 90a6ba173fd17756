package ui

import (
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"sync"
)

// Preference keys.
const (
	prefLastModel    = "lastModel"
	prefDebug        = "debugMode"
	prefWindowWidth  = "windowWidth"
	prefWindowHeight = "windowHeight"
)

// Prefs are the app's preferences in one JSON file, read once at start and
// written on every change. Each write goes to a temporary file that is
// synced and renamed over the old one, so a crash leaves the old or the new
// file, never an empty one (Fyne's own writer truncates first: fyne#2936).
// Its methods are safe for concurrent use.
type Prefs struct {
	path string

	mu   sync.Mutex
	data map[string]any
}

// LoadPrefs reads the preferences at path. A missing file is an empty set;
// an unreadable or corrupt one too, with an error saying so (the file is
// left as it is until the next change replaces it).
func LoadPrefs(path string) (*Prefs, error) {
	p := &Prefs{path: path, data: map[string]any{}}
	if path == "" {
		return p, nil
	}
	b, err := os.ReadFile(path)
	switch {
	case os.IsNotExist(err):
		return p, nil
	case err != nil:
		return p, fmt.Errorf("read preferences: %w", err)
	}
	if err := json.Unmarshal(b, &p.data); err != nil {
		p.data = map[string]any{}
		return p, fmt.Errorf("preferences %s are corrupt and were reset: %w", path, err)
	}
	if p.data == nil { // the file held null
		p.data = map[string]any{}
	}
	return p, nil
}

// String returns the string at key, or def.
func (p *Prefs) String(key, def string) string {
	p.mu.Lock()
	defer p.mu.Unlock()
	if v, ok := p.data[key].(string); ok {
		return v
	}
	return def
}

// Bool returns the bool at key, or def.
func (p *Prefs) Bool(key string, def bool) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if v, ok := p.data[key].(bool); ok {
		return v
	}
	return def
}

// Float returns the number at key, or def.
func (p *Prefs) Float(key string, def float64) float64 {
	p.mu.Lock()
	defer p.mu.Unlock()
	if v, ok := p.data[key].(float64); ok {
		return v
	}
	return def
}

// Set stores value at key and writes the file; see setAll.
func (p *Prefs) Set(key string, value any) error {
	return p.setAll(map[string]any{key: value})
}

// setAll stores values and writes the file once. Values equal to the stored
// ones write nothing (the file is fsynced, and this runs on the UI
// goroutine: opening a window re-selects the last model, for one); when the
// file can't be written, nothing is stored and the error says why.
func (p *Prefs) setAll(values map[string]any) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	next := maps.Clone(p.data)
	if next == nil {
		next = map[string]any{}
	}
	maps.Copy(next, values)
	if reflect.DeepEqual(next, p.data) {
		return nil
	}
	if p.path != "" {
		b, err := json.MarshalIndent(next, "", "  ")
		if err != nil {
			return err
		}
		if err := writeAtomic(p.path, b); err != nil {
			return err
		}
	}
	p.data = next
	return nil
}

// writeAtomic replaces path with b: temporary file, sync, rename.
func writeAtomic(path string, b []byte) (err error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return err
	}
	f, err := os.CreateTemp(filepath.Dir(path), ".prefs-*.tmp")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
		}
	}()
	if _, err = f.Write(b); err != nil {
		return err
	}
	if err = f.Sync(); err != nil {
		return err
	}
	if err = f.Close(); err != nil {
		return err
	}
	return os.Rename(f.Name(), path)
}
