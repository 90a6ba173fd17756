package engine

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"vigia/logging"
	"vigia/models"
	"vigia/models/openai"
	"vigia/report"
)

// unzip returns the entries of a ZIP archive, name to content.
func unzip(t *testing.T, b []byte) map[string]string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatalf("bundle is not a zip: %v", err)
	}
	entries := map[string]string{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		content, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		entries[f.Name] = string(content)
	}
	return entries
}

// TestWriteDiagnostics: the window's bundle (with an engine) and the
// command line's (without) are made the same way: the environment's API key
// is removed from every file, the settings are the caller's, and the logs,
// journal and figures are the engine's when there is one.
func TestWriteDiagnostics(t *testing.T) {
	// Plain words: only the exact-value redaction can find it.
	const key = "plain-words-api-key"
	t.Setenv(openai.APIKeyEnv, key)

	t.Run("engine", func(t *testing.T) {
		dir := t.TempDir()
		e := New(Config{Logging: logging.Options{Dir: dir, Console: io.Discard}, Models: models.NewRegistry(&upper{}),
			JournalPath: filepath.Join(dir, "sessions.jsonl")})
		defer e.Close()
		s, ctx := e.Sessions().Start(context.Background())
		if _, err := e.RunModel(ctx, Request{Model: "upper", Text: "the key is " + key}); err != nil {
			t.Fatal(err)
		}
		e.Logs().Logger().Info("the key is " + key)
		var buf bytes.Buffer
		if err := e.Diagnostics(&buf, map[string]any{"theme": "dark"}, "1.2.3", "2.9.9"); err != nil {
			t.Fatal(err)
		}
		entries := unzip(t, buf.Bytes())
		checkBundle(t, entries, key, "1.2.3", "2.9.9", `"theme": "dark"`)
		if !strings.Contains(entries["sessions.jsonl"], s.ID()) {
			t.Errorf("sessions.jsonl = %q, want the session %s", entries["sessions.jsonl"], s.ID())
		}
		if !strings.Contains(entries["logs/app.log"], `"task":"model:upper"`) {
			t.Errorf("logs/app.log lacks the task record (not flushed?):\n%s", entries["logs/app.log"])
		}
		if !strings.Contains(entries["metrics.json"], `"total_requests": 1,`) {
			t.Errorf("metrics.json = %s, want the engine's 1 request", entries["metrics.json"])
		}
	})

	t.Run("no engine", func(t *testing.T) {
		dir := t.TempDir()
		for name, content := range map[string]string{"app.log": `{"msg":"the key is ` + key + `"}` + "\n", "sessions.jsonl": `{"type":"start"}` + "\n"} {
			if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o600); err != nil {
				t.Fatal(err)
			}
		}
		var buf bytes.Buffer
		err := WriteDiagnostics(&buf, nil, report.DiagInput{Version: "1.2.3", FyneVersion: "2.9.9", LogDir: dir,
			JournalPath: filepath.Join(dir, "sessions.jsonl"), Settings: map[string]any{"theme": "light"}})
		if err != nil {
			t.Fatal(err)
		}
		entries := unzip(t, buf.Bytes())
		checkBundle(t, entries, key, "1.2.3", "2.9.9", `"theme": "light"`)
		if entries["sessions.jsonl"] != `{"type":"start"}`+"\n" {
			t.Errorf("sessions.jsonl = %q, want the journal given", entries["sessions.jsonl"])
		}
		if !strings.Contains(entries["metrics.json"], `"total_requests": 0,`) {
			t.Errorf("metrics.json = %s, want empty figures", entries["metrics.json"])
		}
	})
}

// checkBundle checks what every bundle has: the entries, the versions, the
// settings given, and no trace of the secret.
func checkBundle(t *testing.T, entries map[string]string, secret, version, fyneVersion, setting string) {
	t.Helper()
	for _, name := range []string{"logs/app.log", "sessions.jsonl", "metrics.json", "settings.json", "about.json"} {
		if _, ok := entries[name]; !ok {
			t.Errorf("bundle lacks %s; has %v", name, slices.Sorted(maps.Keys(entries)))
		}
	}
	for name, content := range entries {
		if strings.Contains(content, secret) {
			t.Errorf("%s holds the API key:\n%s", name, content)
		}
	}
	if !strings.Contains(entries["settings.json"], setting) {
		t.Errorf("settings.json = %s, want %s", entries["settings.json"], setting)
	}
	var about struct {
		Version     string `json:"version"`
		FyneVersion string `json:"fyne_version"`
	}
	if err := json.Unmarshal([]byte(entries["about.json"]), &about); err != nil || about.Version != version || about.FyneVersion != fyneVersion {
		t.Errorf("about.json = %s (%v), want version %s, Fyne %s", entries["about.json"], err, version, fyneVersion)
	}
}

// TestDiagnosticsRemovesOTLPHeaders: the values of the OTLP headers
// variables are removed from the bundle, wherever they would appear.
func TestDiagnosticsRemovesOTLPHeaders(t *testing.T) {
	const general, logs, token = "plain-otlp-header-value", "other-otlp-header-value", "tok3n"
	t.Setenv("OTEL_EXPORTER_OTLP_HEADERS", "x-api-key="+general+",x-token="+token)
	t.Setenv("OTEL_EXPORTER_OTLP_LOGS_HEADERS", "x-scope=tenant,x-org="+logs)
	dir := t.TempDir()
	content := `{"msg":"the SDK said ` + general + `, ` + token + ` and ` + logs + ` for a tenant"}` + "\n"
	if err := os.WriteFile(filepath.Join(dir, "app.log"), []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := WriteDiagnostics(&buf, nil, report.DiagInput{Version: "1", LogDir: dir}); err != nil {
		t.Fatal(err)
	}
	for name, content := range unzip(t, buf.Bytes()) {
		for _, secret := range []string{general, logs, token} {
			if strings.Contains(content, secret) {
				t.Errorf("%s holds the OTLP header %q:\n%s", name, secret, content)
			}
		}
		if name == "logs/app.log" && !strings.Contains(content, "for a tenant") {
			t.Errorf("a short header value that is no secret was removed too:\n%s", content)
		}
	}
}
