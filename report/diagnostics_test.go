package report

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

const (
	apiKey   = "sk-test-1234567890abcdefghij"
	password = "hunter2-secret-value"
)

// writeFiles creates files under dir, name to content.
func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
	}
}

// bundleFor makes a bundle of in and returns its entries, name to content.
func bundleFor(t *testing.T, in DiagInput) (names []string, entries map[string][]byte) {
	t.Helper()
	var buf bytes.Buffer
	if err := Diagnostics(&buf, in); err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatalf("bundle is not a zip: %v", err)
	}
	entries = map[string][]byte{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		names = append(names, f.Name)
		entries[f.Name] = b
	}
	return names, entries
}

// gzBytes is a stand-in for a compressed backup; the bundle copies it as
// it is without reading it.
var gzBytes = string([]byte{0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff, 1, 2, 3, '\n', 0})

func TestDiagnosticsEntries(t *testing.T) {
	logs := t.TempDir()
	writeFiles(t, logs, map[string]string{
		"app.log":                            "{\"msg\":\"started\"}\r\n{\"msg\":\"no newline\"}",
		"app-2026-11-27T20-43-25.123.log":    "old\n",
		"app-2026-11-26T10-00-00.000.log.gz": gzBytes,
		"debug.log":                          "debug\n",
		"other.txt":                          "not a log\n",
	})
	if err := os.Mkdir(filepath.Join(logs, "app.d"), 0o700); err != nil {
		t.Fatal(err)
	}
	journal := filepath.Join(t.TempDir(), "sessions.jsonl")
	writeFiles(t, filepath.Dir(journal), map[string]string{"sessions.jsonl": "{\"id\":\"s1\"}\n"})
	s, series, _ := sample()
	now := time.Date(2026, 11, 27, 22, 0, 0, 0, time.UTC)

	names, entries := bundleFor(t, DiagInput{
		Version: "1.2.0", FyneVersion: "v2.7.0",
		LogDir: logs, JournalPath: journal,
		Summary: s, Series: series, Scope: "s1",
		Settings: map[string]any{"theme": "dark", "max_tokens": 512},
		Time:     now,
	})

	want := []string{
		"logs/app-2026-11-26T10-00-00.000.log.gz",
		"logs/app-2026-11-27T20-43-25.123.log",
		"logs/app.log",
		"logs/debug.log",
		"sessions.jsonl",
		"metrics.json",
		"settings.json",
		"about.json",
	}
	if !slices.Equal(names, want) {
		t.Errorf("entries: got %v, want %v", names, want)
	}
	for entry, wantContent := range map[string]string{
		"logs/app.log": "{\"msg\":\"started\"}\r\n{\"msg\":\"no newline\"}",
		"logs/app-2026-11-26T10-00-00.000.log.gz": gzBytes,
		"sessions.jsonl": "{\"id\":\"s1\"}\n",
	} {
		if got := string(entries[entry]); got != wantContent {
			t.Errorf("%s: got %q, want %q", entry, got, wantContent)
		}
	}

	var m document
	if err := json.Unmarshal(entries["metrics.json"], &m); err != nil {
		t.Fatalf("metrics.json: %v", err)
	}
	if m.Scope != "s1" || m.Summary.TotalRequests != 10 || len(m.Series) != 2 || !m.Generated.Equal(now) {
		t.Errorf("metrics.json: got scope %q, %d requests, %d points, generated %v", m.Scope, m.Summary.TotalRequests, len(m.Series), m.Generated)
	}

	var settings map[string]any
	if err := json.Unmarshal(entries["settings.json"], &settings); err != nil {
		t.Fatalf("settings.json: %v", err)
	}
	if settings["theme"] != "dark" || settings["max_tokens"] != 512.0 {
		t.Errorf("settings.json: got %v, want theme dark and max_tokens 512 kept", settings)
	}

	var ab about
	if err := json.Unmarshal(entries["about.json"], &ab); err != nil {
		t.Fatalf("about.json: %v", err)
	}
	if ab.Version != "1.2.0" || ab.FyneVersion != "v2.7.0" || ab.GoVersion == "" || ab.OS == "" || ab.Arch == "" || !ab.Generated.Equal(now) {
		t.Errorf("about.json: got %+v", ab)
	}
	if len(ab.Skipped) != 0 {
		t.Errorf("about.json: got skipped %v, want none", ab.Skipped)
	}
}

func TestDiagnosticsNoSecretAnywhere(t *testing.T) {
	logs := t.TempDir()
	writeFiles(t, logs, map[string]string{
		"app.log": `{"level":"INFO","msg":"calling","key":"` + apiKey + `"}` + "\n" +
			"plain line with " + password + " in the middle\n" +
			`{"msg":"header","h":"Authorization: Bearer abcdefghijklmnop"}` + "\n",
		"app-2026-11-27T20-43-25.123.log":    "rotated " + apiKey + password + "\n",
		"debug.log":                          "debug " + password,
		"app-2026-11-26T10-00-00.000.log.gz": gzBytes, // compressed backups hold no secret: logging redacted them
	})
	journal := filepath.Join(t.TempDir(), "sessions.jsonl")
	writeFiles(t, filepath.Dir(journal), map[string]string{"sessions.jsonl": `{"note":"` + password + `"}` + "\n"})
	s, series, _ := sample()
	s.ErrorsByType[apiKey] = 1 // even in figures

	_, entries := bundleFor(t, DiagInput{
		LogDir: logs, JournalPath: journal, Summary: s, Series: series,
		Settings: map[string]any{
			"api_key":   apiKey,
			"OpenAIKey": apiKey, // not named like a secret: removed as a value
			"provider": map[string]any{
				"Password":     password,
				"note":         "uses " + password,
				"headers":      []any{"Bearer abcdefghijklmnop"},
				"access-token": "",
			},
			"max_tokens": 512,
		},
		Secrets: []string{apiKey, password, ""},
	})
	if len(entries) != 8 {
		t.Errorf("got %d entries, want 8", len(entries))
	}
	for name, b := range entries {
		for _, secret := range []string{apiKey, password, "abcdefghijklmnop"} {
			if bytes.Contains(b, []byte(secret)) {
				t.Errorf("%s holds %q:\n%s", name, secret, b)
			}
		}
	}
	if got, want := string(entries["logs/app.log"]), "plain line with [REDACTED] in the middle\n"; !strings.Contains(got, want) {
		t.Errorf("logs/app.log: got %q, want it to contain %q", got, want)
	}

	var settings map[string]any
	if err := json.Unmarshal(entries["settings.json"], &settings); err != nil {
		t.Fatalf("settings.json: %v", err)
	}
	provider := settings["provider"].(map[string]any)
	for _, c := range []struct {
		name      string
		got, want any
	}{
		{"api_key", settings["api_key"], redacted},
		{"OpenAIKey", settings["OpenAIKey"], redacted},
		{"max_tokens", settings["max_tokens"], 512.0},
		{"provider.Password", provider["Password"], redacted},
		{"provider.note", provider["note"], "uses " + redacted},
		{"provider.access-token", provider["access-token"], ""},
	} {
		if c.got != c.want {
			t.Errorf("settings %s: got %v, want %v", c.name, c.got, c.want)
		}
	}
}

func TestDiagnosticsSkipped(t *testing.T) {
	logs := t.TempDir()
	writeFiles(t, logs, map[string]string{"app.log": "ok\n"})
	// A dangling symlink can't be opened even by root, unlike chmod 000.
	dangling := filepath.Join(logs, "app-broken.log")
	if err := os.Symlink(filepath.Join(logs, "gone"), dangling); err != nil {
		t.Skip("no symlinks here:", err)
	}
	missingJournal := filepath.Join(t.TempDir(), "sessions.jsonl")

	names, entries := bundleFor(t, DiagInput{LogDir: logs, JournalPath: missingJournal})

	want := []string{"logs/app.log", "metrics.json", "settings.json", "about.json"}
	if !slices.Equal(names, want) {
		t.Errorf("entries: got %v, want %v", names, want)
	}
	var ab about
	if err := json.Unmarshal(entries["about.json"], &ab); err != nil {
		t.Fatalf("about.json: %v", err)
	}
	var paths []string
	for _, s := range ab.Skipped {
		paths = append(paths, s.Path)
		if s.Error == "" {
			t.Errorf("skipped %s without a reason", s.Path)
		}
	}
	if wantPaths := []string{dangling, missingJournal}; !slices.Equal(paths, wantPaths) {
		t.Errorf("skipped: got %v, want %v", paths, wantPaths)
	}
}

func TestDiagnosticsMissingLogDir(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "nope")
	_, entries := bundleFor(t, DiagInput{LogDir: dir})
	var ab about
	if err := json.Unmarshal(entries["about.json"], &ab); err != nil {
		t.Fatal(err)
	}
	if len(ab.Skipped) != 1 || ab.Skipped[0].Path != dir {
		t.Errorf("skipped: got %v, want the log directory", ab.Skipped)
	}
}

func TestDiagnosticsLongLine(t *testing.T) {
	logs := t.TempDir()
	long := strings.Repeat("x", maxLine+1)
	writeFiles(t, logs, map[string]string{"app.log": "first " + password + "\n" + long + password + "\nlast\n"})
	_, entries := bundleFor(t, DiagInput{LogDir: logs, Secrets: []string{password}})
	got := string(entries["logs/app.log"])
	if !strings.HasPrefix(got, "first [REDACTED]\n") || strings.Contains(got, password) || strings.Contains(got, "xxxx") {
		t.Errorf("logs/app.log: got %.200q…, want the first line only and a note", got)
	}
	var ab about
	if err := json.Unmarshal(entries["about.json"], &ab); err != nil {
		t.Fatal(err)
	}
	if len(ab.Skipped) != 1 || !strings.Contains(ab.Skipped[0].Error, "16 MB") {
		t.Errorf("skipped: got %v, want app.log cut short", ab.Skipped)
	}
}

// failWriter fails after n bytes.
type failWriter struct{ n int }

func (w *failWriter) Write(p []byte) (int, error) {
	if len(p) > w.n {
		return 0, os.ErrClosed
	}
	w.n -= len(p)
	return len(p), nil
}

func TestDiagnosticsWriteError(t *testing.T) {
	logs := t.TempDir()
	writeFiles(t, logs, map[string]string{"app.log": strings.Repeat("line\n", 100000)})
	for _, n := range []int{0, 100, 1000} {
		if err := Diagnostics(&failWriter{n: n}, DiagInput{LogDir: logs}); err == nil {
			t.Errorf("writer failing after %d bytes: got no error", n)
		}
	}
}
