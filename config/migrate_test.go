package config

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
)

// oldPrefs is a preferences.json as older versions wrote it: Fyne's own
// keys beside Vigía's settings (every one of them, as the old form saved
// them all) and the UI's state.
const oldPrefs = `{
  "fyne.theme": "x",
  "logMaxSizeMB": 20,
  "logMaxBackups": 5,
  "logMaxAgeDays": 0,
  "logCompress": false,
  "cacheTTL": "1h0m0s",
  "cacheMaxEntries": 5000000,
  "errorDetails": "full",
  "language": "es",
  "openaiBaseURL": "https://user:pw@api.example.com/v1",
  "openaiModel": "llama3.2",
  "openaiTimeout": "2m",
  "theme": "",
  "metricsAddr": "0.0.0.0:9464",
  "pushURL": "http://127.0.0.1:9091",
  "pushInterval": "15s",
  "lastModel": "sentiment",
  "debugMode": true,
  "windowWidth": 1024,
  "windowHeight": 768.5
}`

func TestMigrate(t *testing.T) {
	dir := t.TempDir()
	oldPath := filepath.Join(dir, "fyne", "preferences.json")
	if err := os.MkdirAll(filepath.Dir(oldPath), 0o700); err != nil {
		t.Fatal(err)
	}
	writeFile(t, oldPath, oldPrefs)
	newPath := filepath.Join(dir, "config", "vigia", "settings.json")

	m, err := Migrate(newPath, oldPath)
	if m == nil {
		t.Fatalf("Migrate = nil, %v; want a migration", err)
	}
	wantCopied := []string{"debugMode", "error-details", "language", "lastModel", "log-compress", "log-max-age-days",
		"log-max-size-mb", "openai-timeout", "push-url", "windowHeight", "windowWidth"}
	if !slices.Equal(m.Copied, wantCopied) {
		t.Errorf("Copied = %q, want %q", m.Copied, wantCopied)
	}
	wantDefault := []string{"cache-ttl", "log-max-backups", "openai-model", "push-interval", "theme"}
	if !slices.Equal(m.AtDefault, wantDefault) {
		t.Errorf("AtDefault = %q, want %q", m.AtDefault, wantDefault)
	}
	if m.From != oldPath || m.To != newPath {
		t.Errorf("From, To = %q, %q", m.From, m.To)
	}
	// The invalid values are named, each with the old file.
	for _, w := range []string{
		oldPath + ": cache-max-entries must be at most 1000000, got 5000000",
		oldPath + ": openai-base-url can't hold a user name or password",
		oldPath + `: metrics-addr="0.0.0.0:9464" is not a loopback address`,
	} {
		if err == nil || !strings.Contains(err.Error(), w) {
			t.Errorf("Migrate error lacks %q:\n%v", w, err)
		}
	}
	if err != nil && strings.Contains(err.Error(), "pw@") {
		t.Errorf("Migrate error shows a password: %v", err)
	}
	if n := strings.Count(err.Error(), "\n") + 1; n != 3 {
		t.Errorf("Migrate error has %d lines, want 3:\n%v", n, err)
	}

	if got := readFile(t, oldPath); got != oldPrefs {
		t.Errorf("the old file changed:\n%s", got)
	}
	f, err := Load(newPath)
	if err != nil {
		t.Fatalf("Load(new) = %v", err)
	}
	want := map[string]string{"log-max-size-mb": "20", "log-max-age-days": "0", "log-compress": "false",
		"error-details": "full", "language": "es", "openai-timeout": "2m", "push-url": "http://127.0.0.1:9091"}
	if got := f.Keys(); len(got) != len(want) {
		t.Errorf("new file holds %q, want %d settings", got, len(want))
	}
	for k, w := range want {
		if got, _ := f.Get(k); got != w {
			t.Errorf("Get(%q) = %q, want %q", k, got, w)
		}
	}
	for k, w := range map[string]any{"lastModel": "sentiment", "debugMode": true, "windowWidth": 1024.0, "windowHeight": 768.5} {
		if got, _ := f.State(k); got != w {
			t.Errorf("State(%q) = %#v, want %#v", k, got, w)
		}
	}
	if runtime.GOOS != "windows" {
		if fi, err := os.Stat(newPath); err != nil || fi.Mode().Perm() != 0o600 {
			t.Errorf("new file mode = %v, want 0600", fi.Mode().Perm())
		}
		if fi, err := os.Stat(filepath.Dir(newPath)); err != nil || fi.Mode().Perm() != 0o700 {
			t.Errorf("new directory mode = %v, want 0700", fi.Mode().Perm())
		}
	}
	if got := dirNames(t, filepath.Dir(newPath)); !slices.Equal(got, []string{"settings.json"}) {
		t.Errorf("new directory holds %q, want no temporary file", got)
	}

	// Once: a second start, even after the user changed the new file,
	// does nothing.
	if err := f.Set("log-max-size-mb", "30"); err != nil {
		t.Fatal(err)
	}
	if err := f.Save(); err != nil {
		t.Fatal(err)
	}
	before := readFile(t, newPath)
	if m, err := Migrate(newPath, oldPath); m != nil || err != nil {
		t.Errorf("second Migrate = %+v, %v; want nil, nil", m, err)
	}
	if got := readFile(t, newPath); got != before {
		t.Errorf("second Migrate changed the new file")
	}
}

func TestMigrateNothingToDo(t *testing.T) {
	dir := t.TempDir()
	newPath := filepath.Join(dir, "vigia", "settings.json")
	tests := []struct {
		name, old string // "" is no old file
	}{
		{"no old file", ""},
		{"only Fyne's keys", `{"fyne.theme": "dark"}`},
		{"empty object", `{}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			oldPath := filepath.Join(dir, "preferences.json")
			os.Remove(oldPath)
			if tt.old != "" {
				writeFile(t, oldPath, tt.old)
			}
			m, err := Migrate(newPath, oldPath)
			if m != nil || err != nil {
				t.Errorf("Migrate = %+v, %v; want nil, nil", m, err)
			}
			if _, err := os.Stat(filepath.Dir(newPath)); !errors.Is(err, os.ErrNotExist) {
				t.Errorf("Migrate created %s with nothing to migrate", filepath.Dir(newPath))
			}
		})
	}
	if m, err := Migrate("", filepath.Join(dir, "preferences.json")); m != nil || err != nil {
		t.Errorf("Migrate with no new path = %+v, %v", m, err)
	}
}

func TestMigrateCorruptOld(t *testing.T) {
	dir := t.TempDir()
	oldPath := filepath.Join(dir, "preferences.json")
	writeFile(t, oldPath, `{"theme": "da`)
	newPath := filepath.Join(dir, "vigia", "settings.json")
	m, err := Migrate(newPath, oldPath)
	if m != nil || err == nil {
		t.Errorf("Migrate(corrupt) = %+v, %v; want nil and an error", m, err)
	}
	if _, err := os.Stat(newPath); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("Migrate(corrupt) wrote %s", newPath)
	}
}

// Only invalid or default values: the new file is written all the same, so
// the migration is not tried at every start.
func TestMigrateNothingValid(t *testing.T) {
	dir := t.TempDir()
	oldPath := filepath.Join(dir, "preferences.json")
	writeFile(t, oldPath, `{"logMaxSizeMB": 0, "theme": ""}`)
	newPath := filepath.Join(dir, "settings.json")
	m, err := Migrate(newPath, oldPath)
	if m == nil || len(m.Copied) != 0 || !slices.Equal(m.AtDefault, []string{"theme"}) {
		t.Errorf("Migrate = %+v, want nothing copied, theme at its default", m)
	}
	var r *RangeError
	if !errors.As(err, &r) || r.Key != "log-max-size-mb" {
		t.Errorf("Migrate error = %v, want the size's *RangeError", err)
	}
	if f, err := Load(newPath); err != nil || len(f.Keys()) != 0 {
		t.Errorf("new file: %v, %v; want an empty, valid file", f.Keys(), err)
	}
}

// When another Vigía wins the race, Migrate leaves its file alone.
func TestMigrateNeverReplaces(t *testing.T) {
	dir := t.TempDir()
	newPath := filepath.Join(dir, "settings.json")
	if err := writeAtomic(newPath, []byte(`{"first": true}`), false); err != nil {
		t.Fatal(err)
	}
	if err := writeAtomic(newPath, []byte(`{"second": true}`), true); !errors.Is(err, os.ErrExist) {
		t.Errorf("exclusive write over an existing file = %v, want ErrExist", err)
	}
	if got := readFile(t, newPath); got != `{"first": true}` {
		t.Errorf("file = %s, want the first", got)
	}
	if got := dirNames(t, dir); !slices.Equal(got, []string{"settings.json"}) {
		t.Errorf("directory holds %q, want no temporary file", got)
	}
}
