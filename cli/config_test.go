package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// configRun runs vigia with args (global flags, then "config" and its
// own), the settings file at path, and the environment environ.
func configRun(t *testing.T, path string, environ map[string]string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	cfg, rest, err := Parse(append([]string{"--config", path}, args...), env(environ), &errOut)
	if err != nil {
		return ExitUsage, "", errOut.String()
	}
	code = Run(context.Background(), cfg, rest[0], rest[1:], Env{Stdout: &out, Stderr: &errOut})
	return code, out.String(), errOut.String()
}

func TestConfigCommand(t *testing.T) {
	tests := []struct {
		name       string
		saved      map[string]string // in the settings file before
		env        map[string]string
		args       []string
		wantCode   int
		wantStdout string // contained in stdout; "" wants it empty
		wantStderr string // contained in stderr; "" wants it empty
		wantSaved  map[string]string
	}{
		// get
		{name: "get a default", args: []string{"config", "get", "log-max-size-mb"}, wantStdout: "10\n"},
		{name: "get a saved value", saved: map[string]string{"cache-ttl": "30m"}, args: []string{"config", "get", "cache-ttl"}, wantStdout: "30m\n",
			wantSaved: map[string]string{"cache-ttl": "30m"}},
		{name: "get: the environment wins", saved: map[string]string{"theme": "dark"}, env: map[string]string{"VIGIA_THEME": "light"},
			args: []string{"config", "get", "theme"}, wantStdout: "light\n", wantSaved: map[string]string{"theme": "dark"}},
		{name: "get: a flag before the command wins", saved: map[string]string{"log-max-size-mb": "50"},
			args: []string{"--log-max-size-mb", "10", "config", "get", "log-max-size-mb"}, wantStdout: "10\n", wantSaved: map[string]string{"log-max-size-mb": "50"}},
		{name: "get: a flag after the command wins", saved: map[string]string{"log-max-size-mb": "50"},
			args: []string{"config", "--log-max-size-mb", "10", "get", "log-max-size-mb"}, wantStdout: "10\n", wantSaved: map[string]string{"log-max-size-mb": "50"}},
		{name: "get an empty value", args: []string{"config", "get", "metrics-addr"}, wantStdout: "\n"},
		{name: "get an unknown key", args: []string{"config", "get", "colour"}, wantCode: ExitFailed,
			wantStderr: `vigia: unknown setting "colour" (see 'vigia config list')`},
		{name: "get without a key", args: []string{"config", "get"}, wantCode: ExitUsage, wantStderr: "config get takes 1 argument(s), got 0"},

		// set
		{name: "set", args: []string{"config", "set", "log-max-size-mb", "20"}, wantSaved: map[string]string{"log-max-size-mb": "20"}},
		{name: "set the default keeps it saved", saved: map[string]string{"log-max-size-mb": "50"}, args: []string{"config", "set", "log-max-size-mb", "10"},
			wantSaved: map[string]string{"log-max-size-mb": "10"}},
		{name: "set a duration as people write it", args: []string{"config", "set", "cache-ttl", "90m"}, wantSaved: map[string]string{"cache-ttl": "1h30m"}},
		{name: "set 0, no limit", args: []string{"config", "set", "cache-max-entries", "0"}, wantSaved: map[string]string{"cache-max-entries": "0"}},
		{name: "set an empty address", saved: map[string]string{"metrics-addr": "127.0.0.1:9464"}, args: []string{"config", "set", "metrics-addr", ""},
			wantSaved: map[string]string{"metrics-addr": ""}},
		{name: "set a negative value", args: []string{"config", "set", "push-interval", "-5s"}, wantCode: ExitUsage,
			wantStderr: "vigia: push-interval must be at least 1s, got -5s\n"},
		{name: "set out of range", saved: map[string]string{"log-max-size-mb": "50"}, args: []string{"config", "set", "log-max-size-mb", "5000"}, wantCode: ExitUsage,
			wantStderr: "vigia: log-max-size-mb must be at most 1024, got 5000\n", wantSaved: map[string]string{"log-max-size-mb": "50"}},
		{name: "set not a number", args: []string{"config", "set", "log-max-backups", "many"}, wantCode: ExitUsage,
			wantStderr: `vigia: log-max-backups="many" is not a whole number`},
		{name: "set a bad choice", args: []string{"config", "set", "theme", "pink"}, wantCode: ExitUsage,
			wantStderr: `vigia: theme must be one of "", light, dark, got "pink"`},
		{name: "set a URL with a password", args: []string{"config", "set", "push-url", "http://ana:pw@127.0.0.1:9091"}, wantCode: ExitUsage,
			wantStderr: "vigia: push-url can't hold a user name or password\n"},
		{name: "set a remote metrics address", args: []string{"config", "set", "metrics-addr", "0.0.0.0:9464"}, wantCode: ExitUsage,
			wantStderr: "is not a loopback address"},
		{name: "set a setting never saved", args: []string{"config", "set", "log-dir", "/tmp"}, wantCode: ExitUsage,
			wantStderr: "vigia: log-dir is never saved: set it with --log-dir or VIGIA_LOG_DIR\n"},
		{name: "set an unknown key", args: []string{"config", "set", "colour", "red"}, wantCode: ExitFailed,
			wantStderr: `vigia: unknown setting "colour"`},
		{name: "set: the environment still wins", env: map[string]string{"VIGIA_THEME": "light"}, args: []string{"config", "set", "theme", "dark"},
			wantStderr: "vigia: note: VIGIA_THEME is set in the environment and wins over the saved value\n", wantSaved: map[string]string{"theme": "dark"}},
		{name: "set without a value", args: []string{"config", "set", "theme"}, wantCode: ExitUsage, wantStderr: "config set takes 2 argument(s), got 1"},

		// unset
		{name: "unset", saved: map[string]string{"theme": "dark", "log-max-size-mb": "50"}, args: []string{"config", "unset", "theme"},
			wantSaved: map[string]string{"log-max-size-mb": "50"}},
		{name: "unset what is not saved", args: []string{"config", "unset", "theme"}},
		{name: "unset an unknown key", args: []string{"config", "unset", "colour"}, wantCode: ExitFailed, wantStderr: `unknown setting "colour"`},
		{name: "unset a setting never saved", args: []string{"config", "unset", "debug"}, wantCode: ExitUsage, wantStderr: "debug is never saved"},

		// the rest
		{name: "no verb", args: []string{"config"}, wantCode: ExitUsage, wantStderr: "config needs one of: list"},
		{name: "an unknown verb", args: []string{"config", "edit"}, wantCode: ExitUsage, wantStderr: `config has no "edit"`},
		{name: "list takes no key", args: []string{"config", "list", "theme"}, wantCode: ExitUsage, wantStderr: "config list takes 0 argument(s), got 1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "settings.json")
			if tt.saved != nil {
				path = saveSettings(t, tt.saved)
			}
			code, out, errOut := configRun(t, path, tt.env, tt.args...)
			if code != tt.wantCode {
				t.Errorf("got exit %d, want %d; stderr %q", code, tt.wantCode, errOut)
			}
			if tt.wantStdout == "" && out != "" || !strings.Contains(out, tt.wantStdout) {
				t.Errorf("stdout = %q, want %q", out, tt.wantStdout)
			}
			if tt.wantStderr == "" && errOut != "" || !strings.Contains(errOut, tt.wantStderr) {
				t.Errorf("stderr = %q, want %q", errOut, tt.wantStderr)
			}
			if got := savedSettings(t, path); !equalMaps(got, tt.wantSaved) {
				t.Errorf("saved = %v, want %v", got, tt.wantSaved)
			}
		})
	}
}

// savedSettings reads the "settings" of the file at path, as text.
func savedSettings(t *testing.T, path string) map[string]string {
	t.Helper()
	b, err := os.ReadFile(path)
	if os.IsNotExist(err) {
		return nil
	}
	if err != nil {
		t.Fatal(err)
	}
	var f struct {
		Settings map[string]any `json:"settings"`
	}
	if err := json.Unmarshal(b, &f); err != nil {
		t.Fatalf("%s: %v\n%s", path, err, b)
	}
	out := map[string]string{}
	for k, v := range f.Settings {
		out[k] = strings.TrimSuffix(strings.TrimPrefix(mustJSON(t, v), `"`), `"`)
	}
	return out
}

func mustJSON(t *testing.T, v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func equalMaps(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}

// TestConfigSetAtomic: set writes the file whole, 0600, with no temporary
// file left beside it, and keeps what it doesn't understand.
func TestConfigSetAtomic(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "settings.json")
	if err := os.WriteFile(path, []byte(`{"version": 1, "settings": {"future-key": 1}, "state": {"lastModel": "sentiment"}}`), 0o600); err != nil {
		t.Fatal(err)
	}
	code, _, errOut := configRun(t, path, nil, "config", "set", "theme", "dark")
	if code != ExitOK || !strings.Contains(errOut, `unknown setting "future-key"`) {
		t.Fatalf("got %d, stderr %q; want 0 and a warning about the key this version doesn't know", code, errOut)
	}
	fi, err := os.Stat(path)
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("settings file: %v, mode %v; want 0600", err, fi.Mode().Perm())
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("the directory holds %d entries, want the settings file only", len(entries))
	}
	b, _ := os.ReadFile(path)
	for _, want := range []string{`"theme": "dark"`, `"future-key": 1`, `"lastModel": "sentiment"`} {
		if !strings.Contains(string(b), want) {
			t.Errorf("settings file lacks %s:\n%s", want, b)
		}
	}
}

func TestConfigList(t *testing.T) {
	path := saveSettings(t, map[string]string{"log-max-size-mb": "50", "theme": "dark", "push-interval": "1m"})
	environ := map[string]string{"VIGIA_THEME": "light"}
	args := []string{"--push-interval", "15s", "config", "list"}

	code, out, errOut := configRun(t, path, environ, args...)
	if code != ExitOK || errOut != "" {
		t.Fatalf("got %d, stderr %q", code, errOut)
	}
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if got := strings.Fields(lines[0]); strings.Join(got, " ") != "KEY VALUE ORIGIN" {
		t.Errorf("header = %q, want KEY VALUE ORIGIN", lines[0])
	}
	rows := map[string][]string{}
	valueAt := strings.Index(lines[0], "VALUE")
	for _, l := range lines[1:] {
		if strings.Index(l, strings.Fields(l)[1]) != valueAt {
			t.Errorf("line %q: the value does not start under VALUE (column %d)", l, valueAt)
		}
		rows[strings.Fields(l)[0]] = strings.Fields(l)[1:]
	}
	tests := []struct{ key, value, origin string }{
		{"log-max-size-mb", "50", "saved"},
		{"theme", "light", "environment"},
		{"push-interval", "15s", "flag"},
		{"log-max-backups", "5", "default"},
		{"metrics-addr", `""`, "default"},
		{"cache-ttl", "1h", "default"},
		{"otlp-endpoint", `""`, "default"},
	}
	for _, tt := range tests {
		if got := rows[tt.key]; len(got) != 2 || got[0] != tt.value || got[1] != tt.origin {
			t.Errorf("%s: got %q, want %s %s", tt.key, got, tt.value, tt.origin)
		}
	}
	if len(rows) != 20 {
		t.Errorf("list shows %d settings, want 20:\n%s", len(rows), out)
	}

	code, out, errOut = configRun(t, path, environ, append(args, "--json")...)
	if code != ExitOK || errOut != "" {
		t.Fatalf("--json: got %d, stderr %q", code, errOut)
	}
	var entries []struct {
		Key    string `json:"key"`
		Value  any    `json:"value"`
		Origin string `json:"origin"`
	}
	if err := json.Unmarshal([]byte(out), &entries); err != nil {
		t.Fatalf("--json: %v\n%s", err, out)
	}
	byKey := map[string]any{}
	origin := map[string]string{}
	for _, e := range entries {
		byKey[e.Key], origin[e.Key] = e.Value, e.Origin
	}
	if byKey["log-max-size-mb"] != 50.0 || origin["log-max-size-mb"] != "saved" || byKey["log-compress"] != true ||
		byKey["push-interval"] != "15s" || origin["push-interval"] != "flag" || byKey["theme"] != "light" || len(entries) != 20 {
		t.Errorf("--json got %v with origins %v", byKey, origin)
	}
}

func TestConfigPath(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sub", "settings.json")
	code, out, _ := configRun(t, path, nil, "config", "path")
	if code != ExitOK || out != path+"\n" {
		t.Errorf("got %d %q, want 0 %q", code, out, path+"\n")
	}
	code, out, errOut := configRun(t, "", nil, "config", "path")
	if code != ExitFailed || out != "" || !strings.Contains(errOut, "no settings file") {
		t.Errorf(`with --config "": got %d %q %q, want 1 and a message`, code, out, errOut)
	}
	code, _, errOut = configRun(t, "", nil, "config", "set", "theme", "dark")
	if code != ExitFailed || !strings.Contains(errOut, "no settings file") {
		t.Errorf(`set with --config "": got %d %q, want 1 and a message`, code, errOut)
	}
}
