package cli

import (
	"bytes"
	"errors"
	"flag"
	"slices"
	"strings"
	"testing"
	"time"

	"go.uber.org/goleak"

	"vigia/logging"
)

func TestMain(m *testing.M) {
	// lumberjack starts a goroutine per log file it opens and gives no way to
	// stop it (see logging.System); the engine behind each command opens one.
	goleak.VerifyTestMain(m, goleak.IgnoreTopFunction("gopkg.in/natefinch/lumberjack%2ev2.(*Logger).millRun"))
}

// defaults is the Config of a command line with no flags and an empty
// environment.
var defaults = Config{LogMaxSizeMB: 10, LogMaxBackups: 5, LogMaxAgeDays: 28, LogCompress: true, ErrorDetails: "type", PushInterval: 15 * time.Second}

// with returns defaults changed by f.
func with(f func(c *Config)) Config {
	c := defaults
	f(&c)
	return c
}

// env turns a map into a getenv function.
func env(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

func TestParse(t *testing.T) {
	tests := []struct {
		name     string
		args     []string
		env      map[string]string
		want     Config
		wantRest []string
	}{
		{name: "defaults", want: defaults},
		{name: "empty args", args: []string{}, want: defaults},

		// Each flag.
		{name: "--log-dir", args: []string{"--log-dir", "/var/log/vigia"}, want: with(func(c *Config) { c.LogDir = "/var/log/vigia" })},
		{name: "--log-dir=", args: []string{"--log-dir=/tmp/v"}, want: with(func(c *Config) { c.LogDir = "/tmp/v" })},
		{name: "-log-dir with one dash", args: []string{"-log-dir", "/tmp/v"}, want: with(func(c *Config) { c.LogDir = "/tmp/v" })},
		{name: "--debug", args: []string{"--debug"}, want: with(func(c *Config) { c.Debug = true })},
		{name: "--debug=true", args: []string{"--debug=true"}, want: with(func(c *Config) { c.Debug = true })},
		{name: "--log-max-size-mb", args: []string{"--log-max-size-mb", "25"}, want: with(func(c *Config) { c.LogMaxSizeMB = 25 })},
		{name: "--log-max-size-mb=1, the least", args: []string{"--log-max-size-mb=1"}, want: with(func(c *Config) { c.LogMaxSizeMB = 1 })},
		{name: "--log-max-backups", args: []string{"--log-max-backups", "9"}, want: with(func(c *Config) { c.LogMaxBackups = 9 })},
		{name: "--log-max-backups 0 keeps all", args: []string{"--log-max-backups", "0"}, want: with(func(c *Config) { c.LogMaxBackups = 0 })},
		{name: "--log-max-age-days", args: []string{"--log-max-age-days", "3"}, want: with(func(c *Config) { c.LogMaxAgeDays = 3 })},
		{name: "--log-max-age-days 0 keeps all", args: []string{"--log-max-age-days=0"}, want: with(func(c *Config) { c.LogMaxAgeDays = 0 })},
		{name: "--log-compress=false", args: []string{"--log-compress=false"}, want: with(func(c *Config) { c.LogCompress = false })},
		{name: "--log-compress", args: []string{"--log-compress"}, want: defaults},
		{name: "--version", args: []string{"--version"}, want: with(func(c *Config) { c.Version = true })},
		{
			name: "every flag",
			args: []string{"--log-dir", "d", "--debug", "--log-max-size-mb", "2", "--log-max-backups", "3", "--log-max-age-days", "4", "--log-compress=false", "--version"},
			want: Config{LogDir: "d", Debug: true, LogMaxSizeMB: 2, LogMaxBackups: 3, LogMaxAgeDays: 4, LogCompress: false, ErrorDetails: "type", PushInterval: 15 * time.Second, Version: true},
		},

		// Each environment variable sets the default.
		{name: "VIGIA_LOG_DIR", env: map[string]string{"VIGIA_LOG_DIR": "/env/logs"}, want: with(func(c *Config) { c.LogDir = "/env/logs" })},
		{name: "VIGIA_DEBUG=true", env: map[string]string{"VIGIA_DEBUG": "true"}, want: with(func(c *Config) { c.Debug = true })},
		{name: "VIGIA_DEBUG=1", env: map[string]string{"VIGIA_DEBUG": "1"}, want: with(func(c *Config) { c.Debug = true })},
		{name: "VIGIA_DEBUG=false", env: map[string]string{"VIGIA_DEBUG": "false"}, want: defaults},
		{name: "VIGIA_LOG_MAX_SIZE_MB", env: map[string]string{"VIGIA_LOG_MAX_SIZE_MB": "50"}, want: with(func(c *Config) { c.LogMaxSizeMB = 50 })},
		{name: "VIGIA_LOG_MAX_BACKUPS", env: map[string]string{"VIGIA_LOG_MAX_BACKUPS": "0"}, want: with(func(c *Config) { c.LogMaxBackups = 0 })},
		{name: "VIGIA_LOG_MAX_AGE_DAYS", env: map[string]string{"VIGIA_LOG_MAX_AGE_DAYS": "7"}, want: with(func(c *Config) { c.LogMaxAgeDays = 7 })},
		{name: "VIGIA_LOG_COMPRESS", env: map[string]string{"VIGIA_LOG_COMPRESS": "false"}, want: with(func(c *Config) { c.LogCompress = false })},
		{name: "VIGIA_ERROR_DETAILS", env: map[string]string{"VIGIA_ERROR_DETAILS": "full"}, want: with(func(c *Config) { c.ErrorDetails = "full" })},
		{name: "--error-details", args: []string{"--error-details", "none"}, want: with(func(c *Config) { c.ErrorDetails = "none" })},
		{name: "empty variables are ignored", env: map[string]string{"VIGIA_LOG_MAX_SIZE_MB": "", "VIGIA_DEBUG": ""}, want: defaults},
		{name: "VIGIA_VERSION is not read", env: map[string]string{"VIGIA_VERSION": "true"}, want: defaults},
		{name: "other variables are not read", env: map[string]string{"LOG_DIR": "/x", "DEBUG": "1", "vigia_debug": "1"}, want: defaults},

		// A flag beats its environment variable.
		{
			name: "--log-dir beats VIGIA_LOG_DIR",
			args: []string{"--log-dir", "/flag"}, env: map[string]string{"VIGIA_LOG_DIR": "/env"},
			want: with(func(c *Config) { c.LogDir = "/flag" }),
		},
		{
			name: "--debug=false beats VIGIA_DEBUG",
			args: []string{"--debug=false"}, env: map[string]string{"VIGIA_DEBUG": "true"},
			want: defaults,
		},
		{
			name: "--log-max-size-mb beats VIGIA_LOG_MAX_SIZE_MB",
			args: []string{"--log-max-size-mb", "20"}, env: map[string]string{"VIGIA_LOG_MAX_SIZE_MB": "50"},
			want: with(func(c *Config) { c.LogMaxSizeMB = 20 }),
		},
		{
			name: "--log-max-backups beats VIGIA_LOG_MAX_BACKUPS",
			args: []string{"--log-max-backups", "1"}, env: map[string]string{"VIGIA_LOG_MAX_BACKUPS": "0"},
			want: with(func(c *Config) { c.LogMaxBackups = 1 }),
		},
		{
			name: "--log-max-age-days beats VIGIA_LOG_MAX_AGE_DAYS",
			args: []string{"--log-max-age-days", "2"}, env: map[string]string{"VIGIA_LOG_MAX_AGE_DAYS": "90"},
			want: with(func(c *Config) { c.LogMaxAgeDays = 2 }),
		},
		{
			name: "--log-compress beats VIGIA_LOG_COMPRESS",
			args: []string{"--log-compress"}, env: map[string]string{"VIGIA_LOG_COMPRESS": "false"},
			want: defaults,
		},
		{
			name: "a flag overrides an env value that alone would be invalid",
			args: []string{"--log-max-size-mb", "20"}, env: map[string]string{"VIGIA_LOG_MAX_SIZE_MB": "0"},
			want: with(func(c *Config) { c.LogMaxSizeMB = 20 }),
		},
		{
			name: "env and flags for different settings combine",
			args: []string{"--debug"}, env: map[string]string{"VIGIA_LOG_DIR": "/env", "VIGIA_LOG_MAX_BACKUPS": "2"},
			want: with(func(c *Config) { c.Debug, c.LogDir, c.LogMaxBackups = true, "/env", 2 }),
		},

		// What is left is returned.
		{name: "a command", args: []string{"export"}, want: defaults, wantRest: []string{"export"}},
		{
			name: "flags, then a command with its own flags",
			args: []string{"--debug", "export", "--format", "csv"},
			want: with(func(c *Config) { c.Debug = true }), wantRest: []string{"export", "--format", "csv"},
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
			if got != tt.want {
				t.Errorf("Parse(%q) config = %+v, want %+v", tt.args, got, tt.want)
			}
			if !slices.Equal(rest, tt.wantRest) {
				t.Errorf("Parse(%q) rest = %q, want %q", tt.args, rest, tt.wantRest)
			}
			if stderr.Len() != 0 {
				t.Errorf("stderr = %q, want nothing", stderr.String())
			}
		})
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
			name:       "VIGIA_LOG_MAX_AGE_DAYS with spaces",
			env:        map[string]string{"VIGIA_LOG_MAX_AGE_DAYS": " 7"},
			wantErr:    `usage: environment variable VIGIA_LOG_MAX_AGE_DAYS=" 7" is not a whole number (it sets --log-max-age-days)`,
			wantStderr: []string{`VIGIA_LOG_MAX_AGE_DAYS=" 7" is not a whole number`},
		},
		{
			name:       "the first bad variable is reported",
			env:        map[string]string{"VIGIA_DEBUG": "maybe", "VIGIA_LOG_MAX_SIZE_MB": "ten"},
			wantErr:    `usage: environment variable VIGIA_DEBUG="maybe" is not true or false (it sets --debug)`,
			wantStderr: []string{`VIGIA_DEBUG="maybe"`},
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
			wantErr:    `usage: invalid value "big" for flag -log-max-size-mb: parse error`,
			wantStderr: []string{`invalid value "big" for flag -log-max-size-mb: parse error`, "Usage: vigia [flags]"},
			wantUsage:  true,
		},
		{
			name:       "not a boolean",
			args:       []string{"--debug=perhaps"},
			wantErr:    `usage: invalid boolean value "perhaps" for -debug: parse error`,
			wantStderr: []string{`invalid boolean value "perhaps" for -debug: parse error`},
			wantUsage:  true,
		},
		{
			name:       "missing value",
			args:       []string{"--log-dir"},
			wantErr:    "usage: flag needs an argument: -log-dir",
			wantStderr: []string{"flag needs an argument: -log-dir\n"},
			wantUsage:  true,
		},

		// Sizes out of range.
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
		{"log-dir", []string{"[VIGIA_LOG_DIR]", "(default: " + logging.DefaultDir() + ")"}, []string{"(default )"}},
		{"debug", []string{"[VIGIA_DEBUG]"}, []string{"(default"}},
		{"log-max-size-mb", []string{"(default 10)", "[VIGIA_LOG_MAX_SIZE_MB]"}, nil},
		{"log-max-backups", []string{"(0 keeps all)", "(default 5)", "[VIGIA_LOG_MAX_BACKUPS]"}, nil},
		{"log-max-age-days", []string{"(0 keeps all)", "(default 28)", "[VIGIA_LOG_MAX_AGE_DAYS]"}, nil},
		{"log-compress", []string{"(default true)", "[VIGIA_LOG_COMPRESS]"}, nil},
		{"error-details", []string{"full, stacktrace, type or none", "(default type)", "[VIGIA_ERROR_DETAILS]"}, nil},
		{"data-dir", []string{"sessions journal", "[VIGIA_DATA_DIR]"}, nil},
		{"metrics-addr", []string{"/metrics", "[VIGIA_METRICS_ADDR]"}, nil},
		{"metrics-allow-remote", []string{"non-loopback", "[VIGIA_METRICS_ALLOW_REMOTE]"}, nil},
		{"push-url", []string{"Pushgateway", "[VIGIA_PUSH_URL]"}, nil},
		{"push-interval", []string{"(default 15s)", "[VIGIA_PUSH_INTERVAL]"}, nil},
		{"version", []string{"print the version and exit"}, []string{"VIGIA_"}},
	}
	if len(desc) != len(tests) {
		t.Errorf("usage lists %d flags, want %d:\n%s", len(desc), len(tests), stderr.String())
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
}

func TestEnvName(t *testing.T) {
	tests := []struct{ flag, want string }{
		{"log-dir", "VIGIA_LOG_DIR"},
		{"debug", "VIGIA_DEBUG"},
		{"log-max-size-mb", "VIGIA_LOG_MAX_SIZE_MB"},
		{"log-max-backups", "VIGIA_LOG_MAX_BACKUPS"},
		{"log-max-age-days", "VIGIA_LOG_MAX_AGE_DAYS"},
		{"log-compress", "VIGIA_LOG_COMPRESS"},
	}
	for _, tt := range tests {
		if got := envName(tt.flag); got != tt.want {
			t.Errorf("envName(%q) = %q, want %q", tt.flag, got, tt.want)
		}
	}
}

// Parse reads exactly the variables it documents, and reads each once.
func TestParseReadsDocumentedVariables(t *testing.T) {
	var read []string
	getenv := func(k string) string {
		read = append(read, k)
		return ""
	}
	if _, _, err := Parse(nil, getenv, &bytes.Buffer{}); err != nil {
		t.Fatalf("Parse error = %v, want nil", err)
	}
	slices.Sort(read)
	want := []string{"VIGIA_DATA_DIR", "VIGIA_DEBUG", "VIGIA_ERROR_DETAILS", "VIGIA_LOG_COMPRESS", "VIGIA_LOG_DIR", "VIGIA_LOG_MAX_AGE_DAYS", "VIGIA_LOG_MAX_BACKUPS", "VIGIA_LOG_MAX_SIZE_MB", "VIGIA_METRICS_ADDR", "VIGIA_METRICS_ALLOW_REMOTE", "VIGIA_PUSH_INTERVAL", "VIGIA_PUSH_URL"}
	if !slices.Equal(read, want) {
		t.Errorf("variables read = %q, want %q", read, want)
	}
}

func TestLoggingOptions(t *testing.T) {
	tests := []struct {
		name string
		c    Config
		want logging.Options
	}{
		{
			name: "defaults",
			c:    defaults,
			want: logging.Options{MaxSizeMB: 10, MaxBackups: 5, MaxAgeDays: 28},
		},
		{
			name: "0 backups keeps all",
			c:    with(func(c *Config) { c.LogMaxBackups = 0 }),
			want: logging.Options{MaxSizeMB: 10, MaxBackups: -1, MaxAgeDays: 28},
		},
		{
			name: "0 days keeps all",
			c:    with(func(c *Config) { c.LogMaxAgeDays = 0 }),
			want: logging.Options{MaxSizeMB: 10, MaxBackups: 5, MaxAgeDays: -1},
		},
		{
			name: "no compression",
			c:    with(func(c *Config) { c.LogCompress = false }),
			want: logging.Options{MaxSizeMB: 10, MaxBackups: 5, MaxAgeDays: 28, NoCompress: true},
		},
		{
			name: "every field",
			c:    Config{LogDir: "/l", Debug: true, LogMaxSizeMB: 1, LogMaxBackups: 2, LogMaxAgeDays: 3, LogCompress: true, Version: true},
			want: logging.Options{Dir: "/l", Debug: true, MaxSizeMB: 1, MaxBackups: 2, MaxAgeDays: 3},
		},
		{
			name: "zero config",
			c:    Config{},
			want: logging.Options{MaxBackups: -1, MaxAgeDays: -1, NoCompress: true},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.c.LoggingOptions(); got != tt.want {
				t.Errorf("LoggingOptions() = %+v, want %+v", got, tt.want)
			}
		})
	}
}

// From the command line to logging.Options, "0 keeps all" survives.
func TestParseThenLoggingOptions(t *testing.T) {
	c, _, err := Parse([]string{"--log-max-backups=0", "--log-compress=false"},
		env(map[string]string{"VIGIA_LOG_MAX_AGE_DAYS": "0", "VIGIA_DEBUG": "true", "VIGIA_LOG_DIR": "/x"}), &bytes.Buffer{})
	if err != nil {
		t.Fatalf("Parse error = %v, want nil", err)
	}
	want := logging.Options{Dir: "/x", Debug: true, MaxSizeMB: 10, MaxBackups: -1, MaxAgeDays: -1, NoCompress: true}
	if got := c.LoggingOptions(); got != want {
		t.Errorf("LoggingOptions() = %+v, want %+v", got, want)
	}
}

// TestParseFlagBeatsBadEnv: a command-line flag overrides a bad variable,
// and -h works whatever the environment holds.
func TestParseFlagBeatsBadEnv(t *testing.T) {
	env := func(k string) string {
		return map[string]string{"VIGIA_DEBUG": "maybe", "VIGIA_LOG_MAX_SIZE_MB": "0"}[k]
	}
	var stderr strings.Builder
	c, _, err := Parse([]string{"--debug", "--log-max-size-mb", "3"}, env, &stderr)
	if err != nil || !c.Debug || c.LogMaxSizeMB != 3 {
		t.Errorf("got %+v, %v; want debug on, size 3, no error", c, err)
	}
	if _, _, err := Parse([]string{"-h"}, env, &stderr); !errors.Is(err, ErrHelp) {
		t.Errorf("-h with a bad environment got %v, want ErrHelp", err)
	}
}
