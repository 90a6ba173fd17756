package config

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
)

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// dirNames lists dir's entries.
func dirNames(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

func TestFileRoundTrip(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "new", "vigia")
	path := filepath.Join(dir, "settings.json")
	f, err := Load(path)
	if err != nil || len(f.Keys()) != 0 {
		t.Fatalf("Load(missing) = %v, %v; want an empty file", f.Keys(), err)
	}
	for k, v := range map[string]string{"log-max-size-mb": " 20 ", "cache-ttl": "90m", "log-compress": "false", "theme": "dark", "push-url": ""} {
		if err := f.Set(k, v); err != nil {
			t.Fatalf("Set(%q, %q) = %v", k, v, err)
		}
	}
	if err := f.SetState("lastModel", "sentiment"); err != nil {
		t.Fatal(err)
	}
	if err := f.SetState("windowWidth", 1024); err != nil {
		t.Fatal(err)
	}
	if err := f.Save(); err != nil {
		t.Fatalf("Save() = %v", err)
	}
	if got := dirNames(t, dir); !slices.Equal(got, []string{"settings.json"}) {
		t.Errorf("directory holds %q, want settings.json alone: no temporary file left", got)
	}
	if runtime.GOOS != "windows" {
		for p, want := range map[string]fs.FileMode{path: 0o600, dir: 0o700} {
			if fi, err := os.Stat(p); err != nil || fi.Mode().Perm() != want {
				t.Errorf("mode of %s = %v, want %v", p, fi.Mode().Perm(), want)
			}
		}
	}
	var onDisk map[string]any
	if err := json.Unmarshal([]byte(readFile(t, path)), &onDisk); err != nil {
		t.Fatal(err)
	}
	settings := onDisk["settings"].(map[string]any)
	if settings["log-max-size-mb"] != 20.0 || settings["log-compress"] != false || settings["cache-ttl"] != "1h30m" || settings["push-url"] != "" {
		t.Errorf("settings on disk = %v, want numbers, booleans and strings as written", settings)
	}
	if onDisk["version"] != 1.0 {
		t.Errorf("version = %v, want 1", onDisk["version"])
	}

	g, err := Load(path)
	if err != nil {
		t.Fatalf("Load = %v", err)
	}
	want := map[string]string{"log-max-size-mb": "20", "cache-ttl": "1h30m", "log-compress": "false", "theme": "dark", "push-url": ""}
	for k, w := range want {
		if got, ok := g.Get(k); !ok || got != w {
			t.Errorf("Get(%q) = %q, %v, want %q", k, got, ok, w)
		}
	}
	if got := g.Keys(); len(got) != len(want) {
		t.Errorf("Keys() = %q", got)
	}
	if v, ok := g.State("windowWidth"); !ok || v != 1024.0 {
		t.Errorf("State(windowWidth) = %v, %v, want 1024", v, ok)
	}
	if v, _ := f.State("windowWidth"); v != 1024.0 {
		t.Errorf("State before a reload = %#v, want the same float64 as after", v)
	}
	if v, ok := g.State("lastModel"); !ok || v != "sentiment" {
		t.Errorf("State(lastModel) = %v, %v", v, ok)
	}

	g.Unset("theme")
	if err := g.SetState("lastModel", nil); err != nil {
		t.Fatal(err)
	}
	if err := g.Save(); err != nil {
		t.Fatal(err)
	}
	h, _ := Load(path)
	if _, ok := h.Get("theme"); ok {
		t.Errorf("theme still saved after Unset")
	}
	if _, ok := h.State("lastModel"); ok {
		t.Errorf("lastModel still saved after SetState(nil)")
	}
}

// Save writes only when something changed: the UI saves on every change,
// on its own goroutine, and each write is fsynced.
func TestSaveOnlyWhenChanged(t *testing.T) {
	path := filepath.Join(t.TempDir(), "settings.json")
	f, _ := Load(path)
	if err := f.Save(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(path); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Save with no change wrote a file: %v", err)
	}
	if err := f.Set("theme", "dark"); err != nil {
		t.Fatal(err)
	}
	if err := f.SetState("x", 1.0); err != nil {
		t.Fatal(err)
	}
	if err := f.Save(); err != nil {
		t.Fatal(err)
	}
	// Changed by hand, then set in memory to what memory already holds:
	// nothing to write.
	writeFile(t, path, `{"settings": {"theme": "light"}}`)
	if err := f.Set("theme", " dark "); err != nil {
		t.Fatal(err)
	}
	if err := f.SetState("x", 1); err != nil { // the same number
		t.Fatal(err)
	}
	if err := f.SetState("y", nil); err != nil { // not there
		t.Fatal(err)
	}
	f.Unset("language") // not there
	if err := f.Save(); err != nil {
		t.Fatal(err)
	}
	if got := readFile(t, path); !strings.Contains(got, "light") {
		t.Errorf("a Save with nothing changed rewrote the file: %s", got)
	}
}

func TestSetRefuses(t *testing.T) {
	f := NewFile("")
	tests := []struct {
		key, text, wantErr string
	}{
		{"log-max-size-mb", "5000", "range"},
		{"log-dir", "/x", "notsaved"},
		{"debug", "true", "notsaved"},
		{"data-dir", "/x", "notsaved"},
		{"metrics-allow-remote", "true", "notsaved"},
		{"metrics-addr", "0.0.0.0:1", "addr"},
		{"nope", "1", "unknown"},
	}
	for _, tt := range tests {
		if err := f.Set(tt.key, tt.text); errType(err) != tt.wantErr {
			t.Errorf("Set(%q, %q) = %v, want %s", tt.key, tt.text, err, tt.wantErr)
		}
	}
	if got := f.Keys(); len(got) != 0 {
		t.Errorf("refused values were kept: %q", got)
	}
	if err := f.SetState("size", []int{1}); err == nil {
		t.Errorf("SetState(slice) = nil, want an error")
	}
}

func TestLoadBadValues(t *testing.T) {
	path := filepath.Join(t.TempDir(), "settings.json")
	const content = `{
  "version": 1,
  "future": {"kept": true},
  "settings": {
    "log-max-size-mb": 5000,
    "log-max-backups": "7",
    "cache-ttl": "30m0s",
    "log-compress": "yes",
    "log-dir": "/tmp",
    "fancy-new-setting": [1, 2],
    "theme": null,
    "language": "es",
    "openai-model": {"name": "x"}
  },
  "state": {"windowWidth": 800, "nested": {"a": 1}}
}`
	writeFile(t, path, content)
	f, err := Load(path)
	if err == nil {
		t.Fatal("Load error = nil, want the bad values named")
	}
	for _, w := range []string{
		path + ": log-max-size-mb must be at most 1024, got 5000",
		path + `: log-compress="yes" is not true or false`,
		path + ": log-dir is never saved",
		path + `: unknown setting "fancy-new-setting"`,
		path + `: openai-model can't contain spaces`, // {"name": "x"} as written
	} {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("Load error lacks %q:\n%v", w, err)
		}
	}
	var se *SourceError
	if !errors.As(err, &se) || se.Origin != FromFile || se.Name != path {
		t.Errorf("Load error %#v, want *SourceError from the file", se)
	}
	want := map[string]string{"log-max-backups": "7", "cache-ttl": "30m", "language": "es"}
	if got := f.Keys(); len(got) != len(want) {
		t.Errorf("Keys() = %q, want %d valid ones", got, len(want))
	}
	for k, w := range want {
		if got, _ := f.Get(k); got != w {
			t.Errorf("Get(%q) = %q, want %q", k, got, w)
		}
	}
	// What it doesn't understand is written back as found; what it changes
	// replaces the bad value.
	if err := f.Set("log-max-size-mb", "50"); err != nil {
		t.Fatal(err)
	}
	if err := f.Save(); err != nil {
		t.Fatal(err)
	}
	var onDisk struct {
		Future   map[string]any
		Settings map[string]any
		State    map[string]any
	}
	if err := json.Unmarshal([]byte(readFile(t, path)), &onDisk); err != nil {
		t.Fatal(err)
	}
	if onDisk.Future["kept"] != true || onDisk.Settings["log-compress"] != "yes" || onDisk.Settings["log-dir"] != "/tmp" ||
		onDisk.Settings["log-max-size-mb"] != 50.0 || onDisk.State["nested"] == nil || onDisk.Settings["fancy-new-setting"] == nil {
		t.Errorf("file after Save = %+v, want unknown members kept and the new size", onDisk)
	}
	if _, ok := onDisk.Settings["theme"]; ok {
		t.Errorf("a null setting was written back")
	}
}

func TestLoadCorrupt(t *testing.T) {
	for _, content := range []string{`{"settings": {"theme": "da`, `null`, `[1]`, `{"settings": [1]}`, `{"state": "x"}`, ""} {
		t.Run(content, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "settings.json")
			writeFile(t, path, content)
			f, err := Load(path)
			if !errors.Is(err, ErrCorrupt) || !strings.Contains(err.Error(), "settings.json.corrupt") {
				t.Fatalf("Load error = %v, want ErrCorrupt naming the backup", err)
			}
			if got := readFile(t, path); got != content {
				t.Errorf("Load changed the corrupt file: %q", got)
			}
			if err := f.Save(); err != nil { // nothing changed: nothing written
				t.Fatal(err)
			}
			if got := readFile(t, path); got != content {
				t.Errorf("a Save with nothing changed replaced the corrupt file: %q", got)
			}
			if err := f.Set("theme", "light"); err != nil {
				t.Fatal(err)
			}
			if err := f.Save(); err != nil {
				t.Fatalf("Save() = %v", err)
			}
			if got := readFile(t, path+".corrupt"); got != content {
				t.Errorf("backup holds %q, want the corrupt file as it was", got)
			}
			if g, err := Load(path); err != nil {
				t.Errorf("Load after Save = %v", err)
			} else if v, _ := g.Get("theme"); v != "light" {
				t.Errorf("theme = %q, want light", v)
			}
			if got := dirNames(t, dir); !slices.Equal(got, []string{"settings.json", "settings.json.corrupt"}) {
				t.Errorf("directory holds %q", got)
			}
		})
	}
}

func TestLoadUnreadable(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "settings.json")
	if err := os.Mkdir(path, 0o700); err != nil { // a directory can't be read as a file
		t.Fatal(err)
	}
	f, err := Load(path)
	if err == nil || errors.Is(err, ErrCorrupt) {
		t.Fatalf("Load(directory) = %v, want a read error", err)
	}
	if err := f.Set("theme", "dark"); err != nil {
		t.Fatal(err)
	}
	if err := f.Save(); err == nil || !strings.Contains(err.Error(), "not replaced") {
		t.Errorf("Save() = %v, want a refusal to replace what wasn't read", err)
	}
}

// A write that fails at its last step leaves the old file whole and no
// temporary file behind.
func TestSaveIsAtomic(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "settings.json")
	f, _ := Load(path)
	if err := f.Set("theme", "dark"); err != nil {
		t.Fatal(err)
	}
	if err := f.Save(); err != nil {
		t.Fatal(err)
	}
	before := readFile(t, path)

	failing := errors.New("disk full")
	rename = func(string, string) error { return failing }
	defer func() { rename = os.Rename }()
	if err := f.Set("theme", "light"); err != nil {
		t.Fatal(err)
	}
	if err := f.Save(); !errors.Is(err, failing) {
		t.Errorf("Save() = %v, want the rename's error", err)
	}
	if got := readFile(t, path); got != before {
		t.Errorf("file after a failed save = %q, want %q", got, before)
	}
	if got := dirNames(t, dir); !slices.Equal(got, []string{"settings.json"}) {
		t.Errorf("directory holds %q after a failed save, want no temporary file", got)
	}
	rename = os.Rename
	if err := f.Save(); err != nil { // the change is still to be written
		t.Fatal(err)
	}
	if g, _ := Load(path); func() string { v, _ := g.Get("theme"); return v }() != "light" {
		t.Errorf("the retried save did not write the change")
	}
}

func TestFileInMemory(t *testing.T) {
	f, err := Load("")
	if err != nil || f.Path() != "" {
		t.Fatalf("Load(\"\") = %v, %v", f.Path(), err)
	}
	if err := f.Set("theme", "dark"); err != nil {
		t.Fatal(err)
	}
	if err := f.Save(); err != nil {
		t.Errorf("Save() in memory = %v, want nil", err)
	}
}

func TestFileConcurrent(t *testing.T) {
	f, _ := Load(filepath.Join(t.TempDir(), "settings.json"))
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() {
			for j := range 20 {
				_ = f.Set("log-max-size-mb", "1"+strings.Repeat("0", j%3))
				_ = f.SetState("windowWidth", i*j)
				f.Get("log-max-size-mb")
				f.State("windowWidth")
				f.Keys()
				if j%5 == 0 {
					if err := f.Save(); err != nil {
						t.Error(err)
					}
				}
			}
		})
	}
	wg.Wait()
	if _, err := Load(f.Path()); err != nil {
		t.Errorf("Load after concurrent saves = %v", err)
	}
}

func TestDefaultPath(t *testing.T) {
	if runtime.GOOS == "linux" {
		t.Setenv("XDG_CONFIG_HOME", "/cfg")
		if got, want := DefaultPath(), "/cfg/vigia/settings.json"; got != want {
			t.Errorf("DefaultPath() = %q, want %q", got, want)
		}
		t.Setenv("XDG_CONFIG_HOME", "")
		t.Setenv("HOME", "")
		if got := DefaultPath(); got != "" {
			t.Errorf("DefaultPath() with no home = %q, want \"\"", got)
		}
		return
	}
	if p := DefaultPath(); filepath.Base(p) != "settings.json" {
		t.Errorf("DefaultPath() = %q", p)
	}
}

// saveOrFail saves f.
func saveOrFail(t *testing.T, f *File) {
	t.Helper()
	if err := f.Save(); err != nil {
		t.Fatalf("Save() = %v", err)
	}
}

// loadOrFail loads path, which must load without an error.
func loadOrFail(t *testing.T, path string) *File {
	t.Helper()
	f, err := Load(path)
	if err != nil {
		t.Fatalf("Load = %v", err)
	}
	return f
}

// checkValues fails unless f holds exactly settings and, among its state,
// state (nil values: absent).
func checkValues(t *testing.T, what string, f *File, settings map[string]string, state map[string]any) {
	t.Helper()
	if got, want := f.Keys(), slices.Sorted(maps.Keys(settings)); !slices.Equal(got, want) {
		t.Errorf("%s: Keys() = %q, want %q", what, got, want)
	}
	for k, want := range settings {
		if got, _ := f.Get(k); got != want {
			t.Errorf("%s: Get(%q) = %q, want %q", what, k, got, want)
		}
	}
	for k, want := range state {
		if got, _ := f.State(k); got != want {
			t.Errorf("%s: State(%q) = %v, want %v", what, k, got, want)
		}
	}
}

// Two Files on one path (a window, and "vigia config set" in another
// process): A loads, B changes and saves, A changes and saves. A's save
// writes its own changes on top of B's file, never its stale copy.
func TestSaveMergesWithDisk(t *testing.T) {
	set := func(k, v string) func(*File) error { return func(f *File) error { return f.Set(k, v) } }
	unset := func(k string) func(*File) error { return func(f *File) error { f.Unset(k); return nil } }
	setState := func(k string, v any) func(*File) error { return func(f *File) error { return f.SetState(k, v) } }
	tests := []struct {
		name       string
		initial    string // the file both load; "" for none
		b, a       []func(*File) error
		settings   map[string]string // after both saves, on disk and in A
		state      map[string]any
		wantOnDisk []string // more on disk, as written
	}{
		{
			name:     "different settings",
			b:        []func(*File) error{set("theme", "dark")},
			a:        []func(*File) error{set("language", "es")},
			settings: map[string]string{"theme": "dark", "language": "es"},
		},
		{
			name:     "A remembers the window's size only",
			initial:  `{"settings": {"theme": "light"}, "state": {"windowWidth": 800}}`,
			b:        []func(*File) error{set("theme", "dark"), set("log-max-size-mb", "20")},
			a:        []func(*File) error{setState("windowWidth", 1024)},
			settings: map[string]string{"theme": "dark", "log-max-size-mb": "20"},
			state:    map[string]any{"windowWidth": 1024.0},
		},
		{
			name:     "the same setting: the later save wins",
			initial:  `{"settings": {"log-max-size-mb": 10}}`,
			b:        []func(*File) error{set("log-max-size-mb", "20")},
			a:        []func(*File) error{set("log-max-size-mb", "30")},
			settings: map[string]string{"log-max-size-mb": "30"},
		},
		{
			name:     "the same setting, unset by the later save",
			initial:  `{"settings": {"theme": "light"}}`,
			b:        []func(*File) error{set("theme", "dark")},
			a:        []func(*File) error{unset("theme"), set("language", "es")},
			settings: map[string]string{"language": "es"},
		},
		{
			name:     "B unsets a setting A never touched",
			initial:  `{"settings": {"theme": "light", "language": "es"}}`,
			b:        []func(*File) error{unset("theme")},
			a:        []func(*File) error{set("language", "en")},
			settings: map[string]string{"language": "en"},
		},
		{
			name:    "state of both",
			initial: `{"state": {"lastModel": "upper", "windowWidth": 800}}`,
			b:       []func(*File) error{setState("lastModel", "sentiment"), setState("windowWidth", nil)},
			a:       []func(*File) error{setState("windowHeight", 600)},
			state:   map[string]any{"lastModel": "sentiment", "windowWidth": nil, "windowHeight": 600.0},
		},
		{
			name:  "the same state key: the later save wins",
			b:     []func(*File) error{setState("lastModel", "sentiment")},
			a:     []func(*File) error{setState("lastModel", "upper")},
			state: map[string]any{"lastModel": "upper"},
		},
		{
			name:       "what neither understands is kept",
			initial:    `{"future": {"kept": true}, "settings": {"fancy-new-setting": [1, 2], "log-compress": "yes"}}`,
			b:          []func(*File) error{set("theme", "dark")},
			a:          []func(*File) error{set("log-compress", "true")},
			settings:   map[string]string{"theme": "dark", "log-compress": "true"},
			wantOnDisk: []string{`"future": {`, `"fancy-new-setting": [`, `"log-compress": true`},
		},
		{
			name:     "B's file is new",
			b:        []func(*File) error{set("theme", "dark"), setState("lastModel", "sentiment")},
			a:        []func(*File) error{setState("windowWidth", 1024)},
			settings: map[string]string{"theme": "dark"},
			state:    map[string]any{"lastModel": "sentiment", "windowWidth": 1024.0},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "settings.json")
			if tt.initial != "" {
				writeFile(t, path, tt.initial)
			}
			a, _ := Load(path)
			b, _ := Load(path)
			for _, change := range tt.b {
				if err := change(b); err != nil {
					t.Fatal(err)
				}
			}
			saveOrFail(t, b)
			for _, change := range tt.a {
				if err := change(a); err != nil {
					t.Fatal(err)
				}
			}
			saveOrFail(t, a)
			reloaded, _ := Load(path)
			checkValues(t, "on disk", reloaded, tt.settings, tt.state)
			checkValues(t, "A after its save", a, tt.settings, tt.state)
			got := readFile(t, path)
			for _, w := range tt.wantOnDisk {
				if !strings.Contains(got, w) {
					t.Errorf("file lacks %s:\n%s", w, got)
				}
			}
			// Nothing more to write: another save leaves the file as it is.
			saveOrFail(t, a)
			if again := readFile(t, path); again != got {
				t.Errorf("a second save rewrote the file:\n%s", again)
			}
		})
	}
}

// A Save with nothing changed writes nothing, even when the file changed
// on disk: the same file stays, not a copy.
func TestSaveNoChangeKeepsDisk(t *testing.T) {
	path := filepath.Join(t.TempDir(), "settings.json")
	a, _ := Load(path)
	if err := a.Set("theme", "dark"); err != nil {
		t.Fatal(err)
	}
	saveOrFail(t, a)
	b := loadOrFail(t, path)
	if err := b.Set("language", "es"); err != nil {
		t.Fatal(err)
	}
	saveOrFail(t, b)
	before, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	content := readFile(t, path)

	if err := a.Set("theme", "dark"); err != nil { // as it is
		t.Fatal(err)
	}
	if err := a.SetState("windowWidth", nil); err != nil { // not there
		t.Fatal(err)
	}
	saveOrFail(t, a)
	after, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if !os.SameFile(before, after) || readFile(t, path) != content {
		t.Errorf("a Save with nothing changed replaced the file")
	}
	if got := dirNames(t, filepath.Dir(path)); !slices.Equal(got, []string{"settings.json"}) {
		t.Errorf("directory holds %q, want the settings file alone", got)
	}
	if _, ok := a.Get("language"); ok {
		t.Errorf("a Save with nothing changed read the file")
	}
}

// A change undone before the save is no change: the UI's Settings form
// sets its values back when their save failed, and the window's size,
// saved later, must not write them over another's.
func TestSaveUndoneChange(t *testing.T) {
	path := filepath.Join(t.TempDir(), "settings.json")
	writeFile(t, path, `{"settings": {"theme": "light"}, "state": {"lastModel": "upper"}}`)
	a := loadOrFail(t, path)
	if err := a.Set("theme", "dark"); err != nil {
		t.Fatal(err)
	}
	if err := a.Set("language", "es"); err != nil {
		t.Fatal(err)
	}
	if err := a.SetState("lastModel", "sentiment"); err != nil {
		t.Fatal(err)
	}
	// undone
	if err := a.Set("theme", "light"); err != nil {
		t.Fatal(err)
	}
	a.Unset("language")
	if err := a.SetState("lastModel", "upper"); err != nil {
		t.Fatal(err)
	}
	b := loadOrFail(t, path)
	if err := b.Set("theme", "dark"); err != nil {
		t.Fatal(err)
	}
	if err := b.Set("language", "en"); err != nil {
		t.Fatal(err)
	}
	if err := b.SetState("lastModel", "word-count"); err != nil {
		t.Fatal(err)
	}
	saveOrFail(t, b)
	if err := a.SetState("windowWidth", 1024); err != nil {
		t.Fatal(err)
	}
	saveOrFail(t, a)
	want := map[string]string{"theme": "dark", "language": "en"}
	wantState := map[string]any{"lastModel": "word-count", "windowWidth": 1024.0}
	checkValues(t, "on disk", loadOrFail(t, path), want, wantState)
	checkValues(t, "A", a, want, wantState)
}

// The file found corrupt at a save is moved aside, and the File's values
// written whole; found valid again, it is merged with.
func TestSaveFindsCorrupt(t *testing.T) {
	t.Run("corrupted after the load", func(t *testing.T) {
		dir := t.TempDir()
		path := filepath.Join(dir, "settings.json")
		writeFile(t, path, `{"settings": {"theme": "dark"}, "state": {"lastModel": "upper"}}`)
		a := loadOrFail(t, path)
		const garbage = `{"settings": {"theme": "da`
		writeFile(t, path, garbage)
		if err := a.Set("language", "es"); err != nil {
			t.Fatal(err)
		}
		saveOrFail(t, a)
		if got := readFile(t, path+".corrupt"); got != garbage {
			t.Errorf("backup holds %q, want the corrupt file", got)
		}
		checkValues(t, "on disk", loadOrFail(t, path), map[string]string{"theme": "dark", "language": "es"}, map[string]any{"lastModel": "upper"})
		if got := dirNames(t, dir); !slices.Equal(got, []string{"settings.json", "settings.json.corrupt"}) {
			t.Errorf("directory holds %q", got)
		}
	})
	t.Run("both loaded it corrupt", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "settings.json")
		const garbage = `not json`
		writeFile(t, path, garbage)
		a, _ := Load(path)
		b, _ := Load(path)
		if err := b.Set("theme", "dark"); err != nil {
			t.Fatal(err)
		}
		saveOrFail(t, b) // moves it aside
		if err := a.SetState("windowWidth", 1024); err != nil {
			t.Fatal(err)
		}
		saveOrFail(t, a) // merges with B's
		if got := readFile(t, path+".corrupt"); got != garbage {
			t.Errorf("backup holds %q, want the corrupt file, not B's", got)
		}
		checkValues(t, "on disk", loadOrFail(t, path), map[string]string{"theme": "dark"}, map[string]any{"windowWidth": 1024.0})
	})
	t.Run("moved aside, not written", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "settings.json")
		writeFile(t, path, `{"settings": {"theme": "dark"}}`)
		a := loadOrFail(t, path)
		writeFile(t, path, `[`)
		if err := a.Set("language", "es"); err != nil {
			t.Fatal(err)
		}
		failing := errors.New("disk full")
		rename = func(from, to string) error {
			if from == path { // moving it aside works
				return os.Rename(from, to)
			}
			return failing
		}
		defer func() { rename = os.Rename }()
		if err := a.Save(); !errors.Is(err, failing) {
			t.Fatalf("Save() = %v, want the write's error", err)
		}
		rename = os.Rename
		saveOrFail(t, a) // no file now: memory, whole
		checkValues(t, "on disk", loadOrFail(t, path), map[string]string{"theme": "dark", "language": "es"}, nil)
		if got := readFile(t, path+".corrupt"); got != `[` {
			t.Errorf("backup holds %q", got)
		}
	})
}

// A file that can't be read at the save is not replaced; one that could
// not be read at the load but can at the save is merged with.
func TestSaveUnreadableAtSave(t *testing.T) {
	path := filepath.Join(t.TempDir(), "settings.json")
	a, _ := Load(path)
	if err := a.Set("theme", "dark"); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(path, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := a.Save(); err == nil || !strings.Contains(err.Error(), "not replaced") {
		t.Fatalf("Save() = %v, want a refusal to replace what can't be read", err)
	}
	if fi, err := os.Stat(path); err != nil || !fi.IsDir() {
		t.Fatalf("the unreadable file was replaced")
	}
	b, err := Load(path)
	if err == nil {
		t.Fatal("Load(directory) = nil error")
	}
	if err := os.Remove(path); err != nil {
		t.Fatal(err)
	}
	writeFile(t, path, `{"settings": {"language": "es"}}`)
	if err := b.SetState("windowWidth", 800); err != nil {
		t.Fatal(err)
	}
	saveOrFail(t, b)
	saveOrFail(t, a) // the change is still to be written
	checkValues(t, "on disk", loadOrFail(t, path), map[string]string{"theme": "dark", "language": "es"}, map[string]any{"windowWidth": 800.0})
}

func TestReload(t *testing.T) {
	path := filepath.Join(t.TempDir(), "settings.json")
	writeFile(t, path, `{"settings": {"theme": "light"}}`)
	a := loadOrFail(t, path)
	if err := a.Set("language", "es"); err != nil { // not saved
		t.Fatal(err)
	}
	writeFile(t, path, `{"settings": {"theme": "dark", "language": "en", "log-max-size-mb": 5000}, "state": {"lastModel": "upper"}}`)
	var se *SourceError
	if err := a.Reload(); !errors.As(err, &se) || se.Key != "log-max-size-mb" {
		t.Errorf("Reload() = %v, want the refused value named", err)
	}
	checkValues(t, "after Reload", a, map[string]string{"theme": "dark", "language": "es"}, map[string]any{"lastModel": "upper"})
	if strings.Contains(readFile(t, path), `"es"`) {
		t.Errorf("Reload wrote the file")
	}
	saveOrFail(t, a)   // the change is still to be written
	g, _ := Load(path) // the refused value is kept
	checkValues(t, "on disk", g, map[string]string{"theme": "dark", "language": "es"}, map[string]any{"lastModel": "upper"})

	writeFile(t, path, `{"settings": `)
	if err := a.Reload(); !errors.Is(err, ErrCorrupt) {
		t.Errorf("Reload(corrupt) = %v, want ErrCorrupt", err)
	}
	checkValues(t, "after a corrupt Reload", a, map[string]string{"theme": "dark", "language": "es"}, nil)
	if err := NewFile("").Reload(); err != nil {
		t.Errorf("Reload() in memory = %v", err)
	}
}

// Many Files on one path, saving at once, each its own state key and a
// setting they share: every key is there at the end.
func TestSaveConcurrentFiles(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "settings.json")
	const files, rounds = 16, 5
	var wg sync.WaitGroup
	for i := range files {
		wg.Go(func() {
			f, err := Load(path)
			if err != nil {
				t.Error(err)
				return
			}
			for j := range rounds {
				if err := f.SetState(fmt.Sprintf("k%d-%d", i, j), i*100+j); err != nil {
					t.Error(err)
				}
				if err := f.Set("log-max-size-mb", strconv.Itoa(1+i)); err != nil {
					t.Error(err)
				}
				if err := f.Save(); err != nil {
					t.Error(err)
				}
			}
		})
	}
	wg.Wait()
	g := loadOrFail(t, path)
	for i := range files {
		for j := range rounds {
			if v, ok := g.State(fmt.Sprintf("k%d-%d", i, j)); !ok || v != float64(i*100+j) {
				t.Errorf("State(k%d-%d) = %v, %v, want %d", i, j, v, ok, i*100+j)
			}
		}
	}
	if _, ok := g.Get("log-max-size-mb"); !ok {
		t.Errorf("the shared setting is missing")
	}
	if got := dirNames(t, dir); !slices.Equal(got, []string{"settings.json"}) {
		t.Errorf("directory holds %q, want the settings file alone: no lock or temporary file left", got)
	}
}

// helperPathEnv names the settings file a helper process saves to.
const helperPathEnv = "VIGIA_CONFIG_TEST_SAVE_PATH"

// Processes saving one path at once (windows, "vigia config set") keep
// each other's changes: the lock file serializes their read-merge-writes.
func TestSaveAcrossProcesses(t *testing.T) {
	if !haveFileLock {
		t.Skip("no flock on " + runtime.GOOS + ": saves are serialized within a process only")
	}
	if testing.Short() {
		t.Skip("starts processes")
	}
	path := filepath.Join(t.TempDir(), "settings.json")
	const procs = 4
	var wg sync.WaitGroup
	for i := range procs {
		wg.Go(func() {
			cmd := exec.Command(os.Args[0], "-test.run=^TestSaveHelperProcess$", "-test.count=1")
			cmd.Env = append(os.Environ(), helperPathEnv+"="+path, "VIGIA_CONFIG_TEST_ID="+strconv.Itoa(i))
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Errorf("helper %d: %v\n%s", i, err, out)
			}
		})
	}
	wg.Wait()
	g := loadOrFail(t, path)
	for i := range procs {
		for j := range helperRounds {
			if v, ok := g.State(fmt.Sprintf("p%d-%d", i, j)); !ok || v != float64(j) {
				t.Errorf("State(p%d-%d) = %v, %v, want %d", i, j, v, ok, j)
			}
		}
	}
}

const helperRounds = 20

// TestSaveHelperProcess is one of TestSaveAcrossProcesses's processes: it
// loads the file once, then saves a state key of its own, again and again.
func TestSaveHelperProcess(t *testing.T) {
	path := os.Getenv(helperPathEnv)
	if path == "" {
		t.Skip("run by TestSaveAcrossProcesses")
	}
	id := os.Getenv("VIGIA_CONFIG_TEST_ID")
	f, _ := Load(path)
	for j := range helperRounds {
		if err := f.SetState(fmt.Sprintf("p%s-%d", id, j), j); err != nil {
			t.Fatal(err)
		}
		if err := f.Save(); err != nil {
			t.Fatal(err)
		}
	}
}
