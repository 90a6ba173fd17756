package config

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"slices"
)

// oldKeys maps the keys older versions kept in Fyne's preferences.json to
// the settings they were.
var oldKeys = map[string]string{
	"logMaxSizeMB":    "log-max-size-mb",
	"logMaxBackups":   "log-max-backups",
	"logMaxAgeDays":   "log-max-age-days",
	"logCompress":     "log-compress",
	"cacheTTL":        "cache-ttl",
	"cacheMaxEntries": "cache-max-entries",
	"errorDetails":    "error-details",
	"language":        "language",
	"openaiBaseURL":   "openai-base-url",
	"openaiModel":     "openai-model",
	"openaiTimeout":   "openai-timeout",
	"theme":           "theme",
	"metricsAddr":     "metrics-addr",
	"pushURL":         "push-url",
	"pushInterval":    "push-interval",
}

// oldState are the UI's own keys in Fyne's preferences.json; they move to
// the state section under the same names.
var oldState = []string{"lastModel", "debugMode", "windowWidth", "windowHeight"}

// Migration is what Migrate did, for the log.
type Migration struct {
	From, To string   // the old preferences file and Vigía's new one
	Copied   []string // settings (by their new keys) and state copied, sorted
	// AtDefault are settings whose old value was their default, not copied:
	// the old Settings form saved every value, changed or not, and copying
	// those would pin today's defaults.
	AtDefault []string
}

// Migrate moves what older versions kept in Fyne's preferences file
// (fynePrefsPath, <Fyne's storage root>/preferences.json) to Vigía's own
// (newPath), once: only when newPath does not exist and the old file holds
// at least one of the old keys. It then writes newPath atomically with the
// valid settings that differ from their defaults and the UI state, and
// leaves the old file as it is, to Fyne. It returns nil when it did nothing.
//
// Invalid old values are not copied; the error joins one *SourceError
// (Origin FromFile, Name fynePrefsPath) for each, and comes with a non-nil
// Migration: the file was written all the same, and the migration won't
// happen again.
func Migrate(newPath, fynePrefsPath string) (*Migration, error) {
	if newPath == "" || fynePrefsPath == "" {
		return nil, nil
	}
	if _, err := os.Lstat(newPath); !errors.Is(err, fs.ErrNotExist) {
		return nil, err // there (nil): done already; or can't tell
	}
	b, err := os.ReadFile(fynePrefsPath)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read old preferences: %w", err)
	}
	var old map[string]json.RawMessage
	if err := json.Unmarshal(b, &old); err != nil {
		return nil, fmt.Errorf("old preferences %s: %w", fynePrefsPath, err)
	}

	m := &Migration{From: fynePrefsPath, To: newPath, Copied: []string{}}
	f := NewFile(newPath)
	found := false
	var errs []error
	for _, oldKey := range slices.Sorted(maps.Keys(oldKeys)) {
		raw, ok := old[oldKey]
		if !ok {
			continue
		}
		found = true
		key := oldKeys[oldKey]
		s, _ := lookup(key)
		text, ok := rawText(raw)
		if !ok {
			continue
		}
		v, err := s.parse(text, false)
		if err != nil {
			errs = append(errs, &SourceError{Key: key, Origin: FromFile, Name: fynePrefsPath, Err: err})
			continue
		}
		if t := s.format(v); t != s.Default {
			f.settings[key] = t
			m.Copied = append(m.Copied, key)
		} else {
			m.AtDefault = append(m.AtDefault, key)
		}
	}
	for _, key := range oldState {
		raw, ok := old[key]
		if !ok {
			continue
		}
		found = true
		var v any
		_ = json.Unmarshal(raw, &v)
		switch v.(type) {
		case string, bool, float64:
			f.state[key] = v
			m.Copied = append(m.Copied, key)
		}
	}
	if !found {
		return nil, nil
	}
	out, err := f.encode()
	if err != nil {
		return nil, err
	}
	switch err := writeAtomic(newPath, out, true); {
	case errors.Is(err, fs.ErrExist):
		return nil, nil // another Vigía migrated first
	case err != nil:
		return nil, fmt.Errorf("migrate settings: %w", err)
	}
	slices.Sort(m.Copied)
	slices.Sort(m.AtDefault)
	return m, errors.Join(errs...)
}
