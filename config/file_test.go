package config

import (
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
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
