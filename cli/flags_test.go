package cli

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"go.uber.org/goleak"

	"vigia/config"
	"vigia/logging"
)

func TestMain(m *testing.M) {
	// Parse reads the settings file at config.DefaultPath() unless told
	// otherwise: never the settings of whoever runs the tests.
	dir, err := os.MkdirTemp("", "vigia-cli-test")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	os.Setenv("XDG_CONFIG_HOME", dir)
	os.Unsetenv(ConfigEnv)
	// lumberjack starts a goroutine per log file it opens and gives no way to
	// stop it (see logging.System); the engine behind each command opens one.
	goleak.VerifyTestMain(m, goleak.IgnoreTopFunction("gopkg.in/natefinch/lumberjack%2ev2.(*Logger).millRun"),
		goleak.Cleanup(func(code int) { os.RemoveAll(dir); os.Exit(code) }))
}

// defaults are the settings of a command line with no flags, an empty
// environment and nothing saved.
var defaults = config.Defaults().Values

// with returns defaults changed by f.
func with(f func(v *config.Values)) config.Values {
	v := defaults
	f(&v)
	return v
}

// env turns a map into a lookupEnv function.
func env(m map[string]string) func(string) (string, bool) {
	return func(k string) (string, bool) {
		v, ok := m[k]
		return v, ok
	}
}

// saveSettings writes a settings file holding saved (key → text) and
// returns its path.
func saveSettings(t *testing.T, saved map[string]string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "settings.json")
	f := config.NewFile(path)
	for k, v := range saved {
		if err := f.Set(k, v); err != nil {
			t.Fatalf("Set(%q, %q) = %v", k, v, err)
		}
	}
	if err := f.Save(); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestParse(t *testing.T) {
	tests := []struct {
		name     string
		args     []string
		env      map[string]string
		want     config.Values
		wantRest []string
	}{
		{name: "defaults", want: defaults},
		{name: "empty args", args: []string{}, want: defaults},

		// Each flag.
		{name: "--log-dir", args: []string{"--log-dir", "/var/log/vigia"}, want: with(func(c *config.Values) { c.LogDir = "/var/log/vigia" })},
		{name: "--log-dir=", args: []string{"--log-dir=/tmp/v"}, want: with(func(c *config.Values) { c.LogDir = "/tmp/v" })},
		{name: "-log-dir with one dash", args: []string{"-log-dir", "/tmp/v"}, want: with(func(c *config.Values) { c.LogDir = "/tmp/v" })},
		{name: "--debug", args: []string{"--debug"}, want: with(func(c *config.Values) { c.Debug = true })},
		{name: "--debug=true", args: []string{"--debug=true"}, want: with(func(c *config.Values) { c.Debug = true })},
		{name: "--log-max-size-mb", args: []string{"--log-max-size-mb", "25"}, want: with(func(c *config.Values) { c.LogMaxSizeMB = 25 })},
		{name: "--log-max-size-mb=1, the least", args: []string{"--log-max-size-mb=1"}, want: with(func(c *config.Values) { c.LogMaxSizeMB = 1 })},
		{name: "--log-max-backups", args: []string{"--log-max-backups", "9"}, want: with(func(c *config.Values) { c.LogMaxBackups = 9 })},
		{name: "--log-max-backups 0 keeps all", args: []string{"--log-max-backups", "0"}, want: with(func(c *config.Values) { c.LogMaxBackups = 0 })},
		{name: "--log-max-age-days", args: []string{"--log-max-age-days", "3"}, want: with(func(c *config.Values) { c.LogMaxAgeDays = 3 })},
		{name: "--log-max-age-days 0 keeps all", args: []string{"--log-max-age-days=0"}, want: with(func(c *config.Values) { c.LogMaxAgeDays = 0 })},
		{name: "--log-compress=false", args: []string{"--log-compress=false"}, want: with(func(c *config.Values) { c.LogCompress = false })},
		{name: "--log-compress", args: []string{"--log-compress"}, want: defaults},
		{name: "--cache-ttl 0 never expires", args: []string{"--cache-ttl", "0"}, want: with(func(c *config.Values) { c.CacheTTL = 0 })},
		{name: "--cache-max-entries", args: []string{"--cache-max-entries", "10"}, want: with(func(c *config.Values) { c.CacheMaxEntries = 10 })},
		{name: "--theme", args: []string{"--theme", "dark"}, want: with(func(c *config.Values) { c.Theme = "dark" })},
		{name: "--openai-base-url", args: []string{"--openai-base-url", "http://gpu:8000/v1"}, want: with(func(c *config.Values) { c.OpenAIBaseURL = "http://gpu:8000/v1" })},
		{name: "--metrics-addr", args: []string{"--metrics-addr", "127.0.0.1:0"}, want: with(func(c *config.Values) { c.MetricsAddr = "127.0.0.1:0" })},
		{
			name: "--metrics-addr off loopback with --metrics-allow-remote",
			args: []string{"--metrics-addr", "0.0.0.0:9464", "--metrics-allow-remote"},
			want: with(func(c *config.Values) { c.MetricsAddr, c.MetricsAllowRemote = "0.0.0.0:9464", true }),
		},
		{name: "--push-interval", args: []string{"--push-interval", "1m"}, want: with(func(c *config.Values) { c.PushInterval = time.Minute })},
		{
			name: "every logging flag",
			args: []string{"--log-dir", "d", "--debug", "--log-max-size-mb", "2", "--log-max-backups", "3", "--log-max-age-days", "4", "--log-compress=false", "--version"},
			want: with(func(c *config.Values) {
				c.LogDir, c.Debug, c.LogMaxSizeMB, c.LogMaxBackups, c.LogMaxAgeDays, c.LogCompress = "d", true, 2, 3, 4, false
			}),
		},

		// Each environment variable.
		{name: "VIGIA_LOG_DIR", env: map[string]string{"VIGIA_LOG_DIR": "/env/logs"}, want: with(func(c *config.Values) { c.LogDir = "/env/logs" })},
		{name: "VIGIA_DEBUG=true", env: map[string]string{"VIGIA_DEBUG": "true"}, want: with(func(c *config.Values) { c.Debug = true })},
		{name: "VIGIA_DEBUG=1", env: map[string]string{"VIGIA_DEBUG": "1"}, want: with(func(c *config.Values) { c.Debug = true })},
		{name: "VIGIA_DEBUG=false", env: map[string]string{"VIGIA_DEBUG": "false"}, want: defaults},
		{name: "VIGIA_LOG_MAX_SIZE_MB", env: map[string]string{"VIGIA_LOG_MAX_SIZE_MB": "50"}, want: with(func(c *config.Values) { c.LogMaxSizeMB = 50 })},
		{name: "VIGIA_LOG_MAX_BACKUPS", env: map[string]string{"VIGIA_LOG_MAX_BACKUPS": "0"}, want: with(func(c *config.Values) { c.LogMaxBackups = 0 })},
		{name: "VIGIA_LOG_MAX_AGE_DAYS", env: map[string]string{"VIGIA_LOG_MAX_AGE_DAYS": "7"}, want: with(func(c *config.Values) { c.LogMaxAgeDays = 7 })},
		{name: "VIGIA_LOG_MAX_AGE_DAYS with spaces", env: map[string]string{"VIGIA_LOG_MAX_AGE_DAYS": " 7 "}, want: with(func(c *config.Values) { c.LogMaxAgeDays = 7 })},
		{name: "VIGIA_LOG_COMPRESS", env: map[string]string{"VIGIA_LOG_COMPRESS": "false"}, want: with(func(c *config.Values) { c.LogCompress = false })},
		{name: "VIGIA_ERROR_DETAILS", env: map[string]string{"VIGIA_ERROR_DETAILS": "full"}, want: with(func(c *config.Values) { c.ErrorDetails = "full" })},
		{name: "VIGIA_CACHE_TTL", env: map[string]string{"VIGIA_CACHE_TTL": "30m"}, want: with(func(c *config.Values) { c.CacheTTL = 30 * time.Minute })},
		{name: "VIGIA_OPENAI_MODEL", env: map[string]string{"VIGIA_OPENAI_MODEL": "qwen3"}, want: with(func(c *config.Values) { c.OpenAIModel = "qwen3" })},
		{name: "--error-details", args: []string{"--error-details", "none"}, want: with(func(c *config.Values) { c.ErrorDetails = "none" })},
		{name: "empty numbers and booleans are ignored", env: map[string]string{"VIGIA_LOG_MAX_SIZE_MB": "", "VIGIA_DEBUG": ""}, want: defaults},
		{name: "VIGIA_VERSION is not read", env: map[string]string{"VIGIA_VERSION": "true"}, want: defaults},
		{name: "other variables are not read", env: map[string]string{"LOG_DIR": "/x", "DEBUG": "1", "vigia_debug": "1"}, want: defaults},

		// A flag beats its environment variable.
		{
			name: "--log-dir beats VIGIA_LOG_DIR",
			args: []string{"--log-dir", "/flag"}, env: map[string]string{"VIGIA_LOG_DIR": "/env"},
			want: with(func(c *config.Values) { c.LogDir = "/flag" }),
		},
		{
			name: "--debug=false beats VIGIA_DEBUG",
			args: []string{"--debug=false"}, env: map[string]string{"VIGIA_DEBUG": "true"},
			want: defaults,
		},
		{
			name: "--log-max-size-mb beats VIGIA_LOG_MAX_SIZE_MB",
			args: []string{"--log-max-size-mb", "20"}, env: map[string]string{"VIGIA_LOG_MAX_SIZE_MB": "50"},
			want: with(func(c *config.Values) { c.LogMaxSizeMB = 20 }),
		},
		{
			name: "--log-max-backups beats VIGIA_LOG_MAX_BACKUPS",
			args: []string{"--log-max-backups", "1"}, env: map[string]string{"VIGIA_LOG_MAX_BACKUPS": "0"},
			want: with(func(c *config.Values) { c.LogMaxBackups = 1 }),
		},
		{
			name: "--log-max-age-days beats VIGIA_LOG_MAX_AGE_DAYS",
			args: []string{"--log-max-age-days", "2"}, env: map[string]string{"VIGIA_LOG_MAX_AGE_DAYS": "90"},
			want: with(func(c *config.Values) { c.LogMaxAgeDays = 2 }),
		},
		{
			name: "--log-compress beats VIGIA_LOG_COMPRESS",
			args: []string{"--log-compress"}, env: map[string]string{"VIGIA_LOG_COMPRESS": "false"},
			want: defaults,
		},
		{
			name: "a flag overrides an env value that alone would be invalid",
			args: []string{"--log-max-size-mb", "20"}, env: map[string]string{"VIGIA_LOG_MAX_SIZE_MB": "0"},
			want: with(func(c *config.Values) { c.LogMaxSizeMB = 20 }),
		},
		{
			name: "env and flags for different settings combine",
			args: []string{"--debug"}, env: map[string]string{"VIGIA_LOG_DIR": "/env", "VIGIA_LOG_MAX_BACKUPS": "2"},
			want: with(func(c *config.Values) { c.Debug, c.LogDir, c.LogMaxBackups = true, "/env", 2 }),
		},

		// What is left is returned.
		{name: "a command", args: []string{"export"}, want: defaults, wantRest: []string{"export"}},
		{
			name: "flags, then a command with its own flags",
			args: []string{"--debug", "export", "--format", "csv"},
			want: with(func(c *config.Values) { c.Debug = true }), wantRest: []string{"export", "--format", "csv"},
		},
		{
			name: "-- ends the flags",
			args: []string{"--", "--debug"},
			want: defaults, wantRest: []string{"--debug"},
		},
		{
			name: "flags after the first argument are not parsed",
			args: []string{"run", "--debug"},
			want: defaults, wantRest: []string{"run", "--debug"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stderr bytes.Buffer
			got, rest, err := Parse(tt.args, env(tt.env), &stderr)
			if err != nil {
				t.Fatalf("Parse(%q) error = %v, want nil; stderr:\n%s", tt.args, err, stderr.String())
			}
			if got.Values != tt.want {
				t.Errorf("Parse(%q) settings = %+v, want %+v", tt.args, got.Values, tt.want)
			}
			if wantVersion := slices.Contains(tt.args, "--version"); got.Version != wantVersion {
				t.Errorf("Parse(%q) Version = %v, want %v", tt.args, got.Version, wantVersion)
			}
			if !slices.Equal(rest, tt.wantRest) {
				t.Errorf("Parse(%q) rest = %q, want %q", tt.args, rest, tt.wantRest)
			}
			if stderr.Len() != 0 || got.SettingsErr != nil {
				t.Errorf("stderr = %q, SettingsErr = %v; want nothing", stderr.String(), got.SettingsErr)
			}
		})
	}
}

// TestPrecedence: a flag given wins over everything, even at the default
// value; then a variable; then the settings file; then the default. An
// empty flag or variable turns a saved address or URL off.
func TestPrecedence(t *testing.T) {
	tests := []struct {
		name       string
		saved      map[string]string
		args       []string
		env        map[string]string
		key        string
		want       string
		wantOrigin config.Origin
	}{
		{"saved", map[string]string{"log-max-size-mb": "50"}, nil, nil, "log-max-size-mb", "50", config.FromFile},
		{"nothing saved", nil, nil, nil, "log-max-size-mb", "10", config.FromDefault},
		{"a flag at its default beats a saved size", map[string]string{"log-max-size-mb": "50"}, []string{"--log-max-size-mb", "10"}, nil, "log-max-size-mb", "10", config.FromFlag},
		{"--log-compress=true beats a saved false", map[string]string{"log-compress": "false"}, []string{"--log-compress=true"}, nil, "log-compress", "true", config.FromFlag},
		{"a bare --log-compress beats a saved false", map[string]string{"log-compress": "false"}, []string{"--log-compress"}, nil, "log-compress", "true", config.FromFlag},
		{"--push-interval 15s beats a saved 1m", map[string]string{"push-interval": "1m"}, []string{"--push-interval", "15s"}, nil, "push-interval", "15s", config.FromFlag},
		{"--error-details type beats a saved full", map[string]string{"error-details": "full"}, []string{"--error-details", "type"}, nil, "error-details", "type", config.FromFlag},
		{"--cache-ttl 1h beats a saved 0", map[string]string{"cache-ttl": "0"}, []string{"--cache-ttl=1h"}, nil, "cache-ttl", "1h", config.FromFlag},
		{"a variable at its default beats a saved size", map[string]string{"log-max-size-mb": "50"}, nil, map[string]string{"VIGIA_LOG_MAX_SIZE_MB": "10"}, "log-max-size-mb", "10", config.FromEnv},
		{"a variable beats a saved URL", map[string]string{"openai-base-url": "http://a:1/v1"}, nil, map[string]string{"VIGIA_OPENAI_BASE_URL": "http://b:2/v1"}, "openai-base-url", "http://b:2/v1", config.FromEnv},
		{"a flag beats a variable and a saved value", map[string]string{"log-max-size-mb": "50"}, []string{"--log-max-size-mb", "30"}, map[string]string{"VIGIA_LOG_MAX_SIZE_MB": "20"}, "log-max-size-mb", "30", config.FromFlag},
		{"an empty number variable is unset", map[string]string{"log-max-size-mb": "50"}, nil, map[string]string{"VIGIA_LOG_MAX_SIZE_MB": ""}, "log-max-size-mb", "50", config.FromFile},
		{`--metrics-addr "" turns a saved address off`, map[string]string{"metrics-addr": "127.0.0.1:9464"}, []string{"--metrics-addr", ""}, nil, "metrics-addr", "", config.FromFlag},
		{"--metrics-addr= turns a saved address off", map[string]string{"metrics-addr": "127.0.0.1:9464"}, []string{"--metrics-addr="}, nil, "metrics-addr", "", config.FromFlag},
		{"VIGIA_METRICS_ADDR= turns a saved address off", map[string]string{"metrics-addr": "127.0.0.1:9464"}, nil, map[string]string{"VIGIA_METRICS_ADDR": ""}, "metrics-addr", "", config.FromEnv},
		{"VIGIA_PUSH_URL= turns a saved URL off", map[string]string{"push-url": "http://127.0.0.1:9091"}, nil, map[string]string{"VIGIA_PUSH_URL": ""}, "push-url", "", config.FromEnv},
		{`--push-url "" turns a saved URL off`, map[string]string{"push-url": "http://127.0.0.1:9091"}, []string{"--push-url", ""}, nil, "push-url", "", config.FromFlag},
		{`--theme "" follows the system again`, map[string]string{"theme": "dark"}, []string{"--theme="}, nil, "theme", "", config.FromFlag},
		{"a saved 0 keeps every backup", map[string]string{"log-max-backups": "0"}, nil, nil, "log-max-backups", "0", config.FromFile},
		{"a non-loopback address needs --metrics-allow-remote", nil, []string{"--metrics-addr", "0.0.0.0:1", "--metrics-allow-remote"}, nil, "metrics-addr", "0.0.0.0:1", config.FromFlag},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := append([]string{"--config", saveSettings(t, tt.saved)}, tt.args...)
			var stderr bytes.Buffer
			c, _, err := Parse(args, env(tt.env), &stderr)
			if err != nil || c.SettingsErr != nil {
				t.Fatalf("Parse(%q) = %v, SettingsErr %v; stderr %q", args, err, c.SettingsErr, stderr.String())
			}
			if got := c.Text(tt.key); got != tt.want {
				t.Errorf("%s got %q, want %q", tt.key, got, tt.want)
			}
			if got := c.Origin(tt.key); got != tt.wantOrigin {
				t.Errorf("%s origin got %v, want %v", tt.key, got, tt.wantOrigin)
			}
		})
	}
}

// TestSettingsFileChoice: --config beats VIGIA_CONFIG, which beats the
// default path; --config "" reads no file.
func TestSettingsFileChoice(t *testing.T) {
	fromFlag := saveSettings(t, map[string]string{"theme": "dark"})
	fromEnv := saveSettings(t, map[string]string{"theme": "light"})
	tests := []struct {
		name      string
		args      []string
		env       map[string]string
		wantPath  string
		wantTheme string
	}{
		{"--config", []string{"--config", fromFlag}, nil, fromFlag, "dark"},
		{"VIGIA_CONFIG", nil, map[string]string{ConfigEnv: fromEnv}, fromEnv, "light"},
		{"--config beats VIGIA_CONFIG", []string{"--config=" + fromFlag}, map[string]string{ConfigEnv: fromEnv}, fromFlag, "dark"},
		{`--config "" reads none`, []string{"--config", ""}, map[string]string{ConfigEnv: fromEnv}, "", ""},
		{"an empty VIGIA_CONFIG is unset", nil, map[string]string{ConfigEnv: ""}, config.DefaultPath(), ""},
		{"the default", nil, nil, config.DefaultPath(), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, _, err := Parse(tt.args, env(tt.env), &bytes.Buffer{})
			if err != nil {
				t.Fatal(err)
			}
			if c.Settings.Path() != tt.wantPath || c.Theme != tt.wantTheme {
				t.Errorf("got file %q, theme %q; want %q, %q", c.Settings.Path(), c.Theme, tt.wantPath, tt.wantTheme)
			}
		})
	}
}

// A settings file that can't be used is a warning: its values are
// ignored, Vigía starts.
func TestSettingsFileProblems(t *testing.T) {
	tests := []struct {
		name     string
		content  string
		wantErr  func(error) bool
		wantSize int
	}{
		{"corrupt", "{not json", func(err error) bool { return errors.Is(err, config.ErrCorrupt) }, 10},
		{"out of range", `{"version": 1, "settings": {"log-max-size-mb": 5000, "log-max-backups": 2}}`,
			func(err error) bool {
				var r *config.RangeError
				return errors.As(err, &r) && r.Key == "log-max-size-mb"
			}, 10},
		{"not saved", `{"version": 1, "settings": {"log-dir": "/x", "log-max-size-mb": 20}}`,
			func(err error) bool { var n *config.NotSavedError; return errors.As(err, &n) }, 20},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "settings.json")
			if err := os.WriteFile(path, []byte(tt.content), 0o600); err != nil {
				t.Fatal(err)
			}
			var stderr bytes.Buffer
			c, _, err := Parse([]string{"--config", path}, env(nil), &stderr)
			if err != nil || stderr.Len() != 0 {
				t.Fatalf("Parse error = %v, stderr %q; want none", err, stderr.String())
			}
			if !tt.wantErr(c.SettingsErr) {
				t.Errorf("SettingsErr = %v, not the error wanted", c.SettingsErr)
			}
			if c.LogMaxSizeMB != tt.wantSize || c.LogDir != "" {
				t.Errorf("got size %d, log dir %q; want %d and the default directory", c.LogMaxSizeMB, c.LogDir, tt.wantSize)
			}
		})
	}
}

// TestParseMigrates: the first start moves the settings older versions
// kept in Fyne's preferences.json into the default settings file, and
// reads them from there.
func TestParseMigrates(t *testing.T) {
	if runtime.GOOS == "windows" || runtime.GOOS == "darwin" {
		t.Skip("config.DefaultPath follows XDG_CONFIG_HOME on Linux and BSD only")
	}
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	old := filepath.Join(t.TempDir(), "preferences.json")
	if err := os.WriteFile(old, []byte(`{"logMaxSizeMB": 64, "pushURL": "http://127.0.0.1:9091", "lastModel": "sentiment"}`), 0o600); err != nil {
		t.Fatal(err)
	}
	FynePreferences = old
	defer func() { FynePreferences = "" }()

	c, _, err := Parse(nil, env(nil), &bytes.Buffer{})
	if err != nil || c.SettingsErr != nil {
		t.Fatalf("Parse = %v, SettingsErr %v", err, c.SettingsErr)
	}
	if c.Migration == nil || !slices.Equal(c.Migration.Copied, []string{"lastModel", "log-max-size-mb", "push-url"}) {
		t.Fatalf("Migration = %+v, want log-max-size-mb, push-url and lastModel copied", c.Migration)
	}
	if c.LogMaxSizeMB != 64 || c.Origin("log-max-size-mb") != config.FromFile || c.Settings.Path() != config.DefaultPath() {
		t.Errorf("got %d from %v in %q; want 64, saved, in %q", c.LogMaxSizeMB, c.Origin("log-max-size-mb"), c.Settings.Path(), config.DefaultPath())
	}
	// Once: the next start reads Vigía's file only.
	c, _, _ = Parse(nil, env(nil), &bytes.Buffer{})
	if c.Migration != nil || c.LogMaxSizeMB != 64 {
		t.Errorf("second start: Migration %+v, size %d; want none, 64", c.Migration, c.LogMaxSizeMB)
	}
	// Only into the default file.
	c, _, _ = Parse([]string{"--config", filepath.Join(t.TempDir(), "other.json")}, env(nil), &bytes.Buffer{})
	if c.Migration != nil || c.LogMaxSizeMB != 10 {
		t.Errorf("with --config: Migration %+v, size %d; want none, 10", c.Migration, c.LogMaxSizeMB)
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name       string
		args       []string
		env        map[string]string
		wantErr    string   // the error's text
		wantStderr []string // in stderr, in this order
		wantUsage  bool     // stderr carries the usage text
	}{
		// Environment variables that are not what they set.
		{
			name:       "VIGIA_DEBUG not a boolean",
			env:        map[string]string{"VIGIA_DEBUG": "maybe"},
			wantErr:    `usage: environment variable VIGIA_DEBUG="maybe" is not true or false (it sets --debug)`,
			wantStderr: []string{`vigia: usage: environment variable VIGIA_DEBUG="maybe" is not true or false (it sets --debug)` + "\n"},
		},
		{
			name:       "VIGIA_LOG_COMPRESS not a boolean",
			env:        map[string]string{"VIGIA_LOG_COMPRESS": "yes"},
			wantErr:    `usage: environment variable VIGIA_LOG_COMPRESS="yes" is not true or false (it sets --log-compress)`,
			wantStderr: []string{`VIGIA_LOG_COMPRESS="yes" is not true or false`},
		},
		{
			name:       "VIGIA_LOG_MAX_SIZE_MB not a number",
			env:        map[string]string{"VIGIA_LOG_MAX_SIZE_MB": "ten"},
			wantErr:    `usage: environment variable VIGIA_LOG_MAX_SIZE_MB="ten" is not a whole number (it sets --log-max-size-mb)`,
			wantStderr: []string{`vigia: usage: environment variable VIGIA_LOG_MAX_SIZE_MB="ten" is not a whole number (it sets --log-max-size-mb)`},
		},
		{
			name:       "VIGIA_LOG_MAX_BACKUPS a fraction",
			env:        map[string]string{"VIGIA_LOG_MAX_BACKUPS": "2.5"},
			wantErr:    `usage: environment variable VIGIA_LOG_MAX_BACKUPS="2.5" is not a whole number (it sets --log-max-backups)`,
			wantStderr: []string{`VIGIA_LOG_MAX_BACKUPS="2.5" is not a whole number`},
		},
		{
			name: "every bad variable is reported, one line each",
			env:  map[string]string{"VIGIA_DEBUG": "maybe", "VIGIA_LOG_MAX_SIZE_MB": "ten"},
			wantErr: `usage: environment variable VIGIA_DEBUG="maybe" is not true or false (it sets --debug)` + "\n" +
				`usage: environment variable VIGIA_LOG_MAX_SIZE_MB="ten" is not a whole number (it sets --log-max-size-mb)`,
			wantStderr: []string{`vigia: usage: environment variable VIGIA_DEBUG="maybe"`, "\nvigia: usage: environment variable VIGIA_LOG_MAX_SIZE_MB=\"ten\""},
		},
		{
			name:       "an env value out of range",
			env:        map[string]string{"VIGIA_LOG_MAX_SIZE_MB": "0"},
			wantErr:    "usage: VIGIA_LOG_MAX_SIZE_MB (it sets --log-max-size-mb) must be at least 1, got 0",
			wantStderr: []string{"vigia: usage: VIGIA_LOG_MAX_SIZE_MB (it sets --log-max-size-mb) must be at least 1, got 0\n"},
		},
		{
			name:       "a negative env value",
			env:        map[string]string{"VIGIA_LOG_MAX_BACKUPS": "-1"},
			wantErr:    "usage: VIGIA_LOG_MAX_BACKUPS (it sets --log-max-backups) can't be negative, got -1",
			wantStderr: []string{"vigia: usage: VIGIA_LOG_MAX_BACKUPS (it sets --log-max-backups) can't be negative, got -1\n"},
		},
		{
			name:       "a URL with a password in the environment",
			env:        map[string]string{"VIGIA_PUSH_URL": "http://ana:secret@127.0.0.1:9091"},
			wantErr:    "usage: VIGIA_PUSH_URL (it sets --push-url) can't hold a user name or password",
			wantStderr: []string{"vigia: usage: VIGIA_PUSH_URL (it sets --push-url) can't hold a user name or password\n"},
		},

		// Bad flags.
		{
			name:       "unknown flag",
			args:       []string{"--nope"},
			wantErr:    "usage: flag provided but not defined: -nope",
			wantStderr: []string{"flag provided but not defined: -nope\n", "Usage: vigia [flags]"},
			wantUsage:  true,
		},
		{
			name:       "unknown flag after good ones",
			args:       []string{"--debug", "--log-level", "debug"},
			wantErr:    "usage: flag provided but not defined: -log-level",
			wantStderr: []string{"flag provided but not defined: -log-level\n", "Usage: vigia [flags]"},
			wantUsage:  true,
		},
		{
			name:       "not a number",
			args:       []string{"--log-max-size-mb", "big"},
			wantErr:    `usage: invalid value "big" for flag -log-max-size-mb: not a whole number`,
			wantStderr: []string{`invalid value "big" for flag -log-max-size-mb: not a whole number`, "Usage: vigia [flags]"},
			wantUsage:  true,
		},
		{
			name:       "not a boolean",
			args:       []string{"--debug=perhaps"},
			wantErr:    `usage: invalid boolean value "perhaps" for -debug: not true or false`,
			wantStderr: []string{`invalid boolean value "perhaps" for -debug: not true or false`},
			wantUsage:  true,
		},
		{
			name:       "not a duration",
			args:       []string{"--push-interval", "often"},
			wantErr:    `usage: invalid value "often" for flag -push-interval: not a duration, such as 90s or 1h30m`,
			wantStderr: []string{`invalid value "often" for flag -push-interval`},
			wantUsage:  true,
		},
		{
			name:       "missing value",
			args:       []string{"--log-dir"},
			wantErr:    "usage: flag needs an argument: -log-dir",
			wantStderr: []string{"flag needs an argument: -log-dir\n"},
			wantUsage:  true,
		},

		// Values out of range, or refused.
		{
			name:       "zero size",
			args:       []string{"--log-max-size-mb", "0"},
			wantErr:    "usage: --log-max-size-mb must be at least 1, got 0",
			wantStderr: []string{"vigia: usage: --log-max-size-mb must be at least 1, got 0\n"},
		},
		{
			name:       "negative size",
			args:       []string{"--log-max-size-mb=-5"},
			wantErr:    "usage: --log-max-size-mb must be at least 1, got -5",
			wantStderr: []string{"vigia: usage: --log-max-size-mb must be at least 1, got -5\n"},
		},
		{
			name:       "negative backups",
			args:       []string{"--log-max-backups=-1"},
			wantErr:    "usage: --log-max-backups can't be negative, got -1",
			wantStderr: []string{"vigia: usage: --log-max-backups can't be negative, got -1\n"},
		},
		{
			name:       "negative age",
			args:       []string{"--log-max-age-days", "-2"},
			wantErr:    "usage: --log-max-age-days can't be negative, got -2",
			wantStderr: []string{"vigia: usage: --log-max-age-days can't be negative, got -2\n"},
		},
		{
			name:       "a cache TTL under a second",
			args:       []string{"--cache-ttl", "500ms"},
			wantErr:    "usage: --cache-ttl must be 0 (no limit) or at least 1s, got 500ms",
			wantStderr: []string{"vigia: usage: --cache-ttl must be 0 (no limit) or at least 1s, got 500ms\n"},
		},
		{
			name:       "a push interval of 0",
			args:       []string{"--push-interval", "0"},
			wantErr:    "usage: --push-interval must be at least 1s, got 0",
			wantStderr: []string{"vigia: usage: --push-interval must be at least 1s, got 0\n"},
		},
		{
			name:       "an unknown error-details level",
			args:       []string{"--error-details", "all"},
			wantErr:    `usage: --error-details must be one of full, stacktrace, type, none, got "all"`,
			wantStderr: []string{`vigia: usage: --error-details must be one of full, stacktrace, type, none, got "all"` + "\n"},
		},
		{
			name:       "a non-loopback metrics address",
			args:       []string{"--metrics-addr", "0.0.0.0:9464"},
			wantErr:    `usage: --metrics-addr="0.0.0.0:9464" is not a loopback address such as 127.0.0.1 or localhost: other machines are let in only with --metrics-allow-remote`,
			wantStderr: []string{`vigia: usage: --metrics-addr="0.0.0.0:9464" is not a loopback address`},
		},
		{
			name:       "an endpoint that is not http",
			args:       []string{"--openai-base-url", "ftp://gpu/v1"},
			wantErr:    "usage: --openai-base-url is not an http or https URL with a host",
			wantStderr: []string{"vigia: usage: --openai-base-url is not an http or https URL with a host\n"},
		},
		{
			name:       "a flag out of range beats a good env value",
			args:       []string{"--log-max-size-mb", "0"},
			env:        map[string]string{"VIGIA_LOG_MAX_SIZE_MB": "50"},
			wantErr:    "usage: --log-max-size-mb must be at least 1, got 0",
			wantStderr: []string{"--log-max-size-mb must be at least 1, got 0"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stderr bytes.Buffer
			_, rest, err := Parse(tt.args, env(tt.env), &stderr)
			if !errors.Is(err, ErrUsage) {
				t.Fatalf("Parse(%q) error = %v, want one wrapping ErrUsage", tt.args, err)
			}
			if errors.Is(err, ErrHelp) {
				t.Errorf("Parse(%q) error = %v wraps ErrHelp, want it not to", tt.args, err)
			}
			if err.Error() != tt.wantErr {
				t.Errorf("Parse(%q) error text = %q, want %q", tt.args, err.Error(), tt.wantErr)
			}
			if rest != nil {
				t.Errorf("Parse(%q) rest = %q, want nil", tt.args, rest)
			}
			out := stderr.String()
			at := 0
			for _, w := range tt.wantStderr {
				i := strings.Index(out[at:], w)
				if i < 0 {
					t.Errorf("stderr lacks %q after offset %d:\n%s", w, at, out)
					break
				}
				at += i + len(w)
			}
			if got := strings.Contains(out, "Usage: vigia [flags]"); got != tt.wantUsage {
				t.Errorf("usage printed = %v, want %v; stderr:\n%s", got, tt.wantUsage, out)
			}
		})
	}
}

func TestParseHelp(t *testing.T) {
	for _, args := range [][]string{{"-h"}, {"--help"}, {"-help"}, {"--debug", "-h", "export"}} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			var stderr bytes.Buffer
			_, rest, err := Parse(args, env(nil), &stderr)
			if !errors.Is(err, ErrHelp) || !errors.Is(err, flag.ErrHelp) {
				t.Errorf("Parse(%q) error = %v, want ErrHelp", args, err)
			}
			if errors.Is(err, ErrUsage) {
				t.Errorf("Parse(%q) error = %v wraps ErrUsage, want help not to count as bad usage", args, err)
			}
			if rest != nil {
				t.Errorf("Parse(%q) rest = %q, want nil", args, rest)
			}
			if !strings.HasPrefix(stderr.String(), "Usage: vigia [flags] [command [command flags]]\n") {
				t.Errorf("stderr = %q, want it to start with the usage", stderr.String())
			}
		})
	}
}

func TestUsageText(t *testing.T) {
	var stderr bytes.Buffer
	if _, _, err := Parse([]string{"-h"}, env(nil), &stderr); !errors.Is(err, ErrHelp) {
		t.Fatalf("Parse(-h) error = %v, want ErrHelp", err)
	}
	lines := strings.Split(stderr.String(), "\n")
	// Each flag is one "  --name [type]" line followed by its description.
	desc := map[string]string{}
	for i, l := range lines {
		if strings.HasPrefix(l, "  --") && i+1 < len(lines) {
			name, _, _ := strings.Cut(strings.TrimPrefix(l, "  --"), " ")
			desc[name] = lines[i+1]
		}
	}
	tests := []struct {
		flag    string
		want    []string
		notWant []string
	}{
		{"log-dir", []string{"[VIGIA_LOG_DIR]", "(default " + logging.DefaultDir() + ")"}, []string{"(default )"}},
		{"debug", []string{"[VIGIA_DEBUG]"}, []string{"(default"}},
		{"log-max-size-mb", []string{"1 to 1024", "(default 10)", "[VIGIA_LOG_MAX_SIZE_MB]"}, nil},
		{"log-max-backups", []string{"(0 keeps all)", "(default 5)", "[VIGIA_LOG_MAX_BACKUPS]"}, nil},
		{"log-max-age-days", []string{"(0 keeps all)", "(default 28)", "[VIGIA_LOG_MAX_AGE_DAYS]"}, nil},
		{"log-compress", []string{"(default true)", "[VIGIA_LOG_COMPRESS]"}, nil},
		{"data-dir", []string{"sessions journal", "(default " + DefaultDataDir() + ")", "[VIGIA_DATA_DIR]"}, nil},
		{"cache-ttl", []string{"(0 never expires)", "(default 1h)", "[VIGIA_CACHE_TTL]"}, nil},
		{"cache-max-entries", []string{"(0 means no limit)", "(default 1000)", "[VIGIA_CACHE_MAX_ENTRIES]"}, nil},
		{"error-details", []string{"full, stacktrace, type", "none", "(default type)", "[VIGIA_ERROR_DETAILS]"}, nil},
		{"language", []string{"en or es", "[VIGIA_LANGUAGE]"}, []string{"(default"}},
		{"theme", []string{"light or dark", "[VIGIA_THEME]"}, []string{"(default"}},
		{"openai-base-url", []string{"(default http://127.0.0.1:11434/v1)", "[VIGIA_OPENAI_BASE_URL]"}, nil},
		{"openai-model", []string{"(default llama3.2)", "[VIGIA_OPENAI_MODEL]"}, nil},
		{"openai-timeout", []string{"(default 1m)", "[VIGIA_OPENAI_TIMEOUT]"}, nil},
		{"metrics-addr", []string{"/metrics", "empty is off", "[VIGIA_METRICS_ADDR]"}, []string{"(default"}},
		{"metrics-allow-remote", []string{"non-loopback", "never saved", "[VIGIA_METRICS_ALLOW_REMOTE]"}, nil},
		{"push-url", []string{"Pushgateway", "[VIGIA_PUSH_URL]"}, nil},
		{"push-interval", []string{"(default 15s)", "[VIGIA_PUSH_INTERVAL]"}, nil},
		{"otlp-endpoint", []string{"traces, logs and metrics off this machine", "empty is off", "[VIGIA_OTLP_ENDPOINT]"}, []string{"(default"}},
		{"config", []string{"settings", "(default " + config.DefaultPath() + ")", "[VIGIA_CONFIG]"}, nil},
		{"version", []string{"print the version and exit"}, []string{"VIGIA_"}},
	}
	if len(desc) != len(tests) || len(tests) != len(config.Schema())+2 {
		t.Errorf("usage lists %d flags, want %d (every setting, --config and --version):\n%s", len(desc), len(config.Schema())+2, stderr.String())
	}
	for _, tt := range tests {
		d, ok := desc[tt.flag]
		if !ok {
			t.Errorf("usage lacks --%s:\n%s", tt.flag, stderr.String())
			continue
		}
		for _, w := range tt.want {
			if !strings.Contains(d, w) {
				t.Errorf("--%s description = %q, want it to contain %q", tt.flag, d, w)
			}
		}
		for _, w := range tt.notWant {
			if strings.Contains(d, w) {
				t.Errorf("--%s description = %q, want it not to contain %q", tt.flag, d, w)
			}
		}
	}
	for _, cmd := range []string{"models", "run", "load", "sessions", "export", "diagnostics", "config"} {
		if !strings.Contains(stderr.String(), "\n  "+cmd+" ") {
			t.Errorf("usage lacks the command %s:\n%s", cmd, stderr.String())
		}
	}
}

// Parse reads exactly the variables it documents, and reads each once.
func TestParseReadsDocumentedVariables(t *testing.T) {
	var read []string
	lookupEnv := func(k string) (string, bool) {
		read = append(read, k)
		return "", false
	}
	if _, _, err := Parse(nil, lookupEnv, &bytes.Buffer{}); err != nil {
		t.Fatalf("Parse error = %v, want nil", err)
	}
	slices.Sort(read)
	want := []string{"VIGIA_CACHE_MAX_ENTRIES", "VIGIA_CACHE_TTL", "VIGIA_CONFIG", "VIGIA_DATA_DIR", "VIGIA_DEBUG", "VIGIA_ERROR_DETAILS",
		"VIGIA_LANGUAGE", "VIGIA_LOG_COMPRESS", "VIGIA_LOG_DIR", "VIGIA_LOG_MAX_AGE_DAYS", "VIGIA_LOG_MAX_BACKUPS", "VIGIA_LOG_MAX_SIZE_MB",
		"VIGIA_METRICS_ADDR", "VIGIA_METRICS_ALLOW_REMOTE", "VIGIA_OPENAI_BASE_URL", "VIGIA_OPENAI_MODEL", "VIGIA_OPENAI_TIMEOUT",
		"VIGIA_OTLP_ENDPOINT", "VIGIA_PUSH_INTERVAL", "VIGIA_PUSH_URL", "VIGIA_THEME"}
	if !slices.Equal(read, want) {
		t.Errorf("variables read = %q, want %q", read, want)
	}
}

// LoggingOptions passes the settings through: both read 0 as no limit.
func TestLoggingOptions(t *testing.T) {
	tests := []struct {
		name string
		v    config.Values
		want logging.Options
	}{
		{
			name: "defaults",
			v:    defaults,
			want: logging.Options{MaxSizeMB: 10, MaxBackups: 5, MaxAgeDays: 28},
		},
		{
			name: "0 backups keeps all",
			v:    with(func(c *config.Values) { c.LogMaxBackups = 0 }),
			want: logging.Options{MaxSizeMB: 10, MaxBackups: 0, MaxAgeDays: 28},
		},
		{
			name: "0 days keeps all",
			v:    with(func(c *config.Values) { c.LogMaxAgeDays = 0 }),
			want: logging.Options{MaxSizeMB: 10, MaxBackups: 5, MaxAgeDays: 0},
		},
		{
			name: "no compression",
			v:    with(func(c *config.Values) { c.LogCompress = false }),
			want: logging.Options{MaxSizeMB: 10, MaxBackups: 5, MaxAgeDays: 28, NoCompress: true},
		},
		{
			name: "every field",
			v:    config.Values{LogDir: "/l", Debug: true, LogMaxSizeMB: 1, LogMaxBackups: 2, LogMaxAgeDays: 3, LogCompress: true},
			want: logging.Options{Dir: "/l", Debug: true, MaxSizeMB: 1, MaxBackups: 2, MaxAgeDays: 3},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := Config{Config: config.Config{Values: tt.v}}
			if got := c.LoggingOptions(); got != tt.want {
				t.Errorf("LoggingOptions() = %+v, want %+v", got, tt.want)
			}
		})
	}
}

// From the command line to logging.Options and engine.Config, "0 means no
// limit" survives untranslated.
func TestParseThenOptions(t *testing.T) {
	c, _, err := Parse([]string{"--log-max-backups=0", "--log-compress=false", "--cache-ttl", "0", "--data-dir", "/d"},
		env(map[string]string{"VIGIA_LOG_MAX_AGE_DAYS": "0", "VIGIA_DEBUG": "true", "VIGIA_LOG_DIR": "/x", "VIGIA_CACHE_MAX_ENTRIES": "0"}), &bytes.Buffer{})
	if err != nil {
		t.Fatalf("Parse error = %v, want nil", err)
	}
	want := logging.Options{Dir: "/x", Debug: true, MaxSizeMB: 10, MaxBackups: 0, MaxAgeDays: 0, NoCompress: true}
	if got := c.LoggingOptions(); got != want {
		t.Errorf("LoggingOptions() = %+v, want %+v", got, want)
	}
	ec := c.EngineConfig()
	if ec.Logging != want || ec.CacheTTL != 0 || ec.CacheMaxEntries != 0 || ec.JournalPath != filepath.Join("/d", "sessions.jsonl") {
		t.Errorf("EngineConfig() = %+v, want the logging options, no cache limits and /d/sessions.jsonl", ec)
	}
	if o := c.OpenAIOptions(); o.BaseURL != config.DefaultOpenAIBaseURL || o.ModelName != config.DefaultOpenAIModel || o.Timeout != config.DefaultOpenAITimeout {
		t.Errorf("OpenAIOptions() = %+v, want the defaults", o)
	}
}

// TestParseFlagBeatsBadEnv: a command-line flag overrides a bad variable,
// and -h works whatever the environment holds.
func TestParseFlagBeatsBadEnv(t *testing.T) {
	bad := env(map[string]string{"VIGIA_DEBUG": "maybe", "VIGIA_LOG_MAX_SIZE_MB": "0"})
	var stderr strings.Builder
	c, _, err := Parse([]string{"--debug", "--log-max-size-mb", "3"}, bad, &stderr)
	if err != nil || !c.Debug || c.LogMaxSizeMB != 3 {
		t.Errorf("got %+v, %v; want debug on, size 3, no error", c.Values, err)
	}
	if _, _, err := Parse([]string{"-h"}, bad, &stderr); !errors.Is(err, ErrHelp) {
		t.Errorf("-h with a bad environment got %v, want ErrHelp", err)
	}
}
