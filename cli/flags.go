package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"time"

	"vigia/logging"
)

// Config is what the global flags set.
type Config struct {
	LogDir        string // --log-dir, VIGIA_LOG_DIR; empty means logging.DefaultDir()
	Debug         bool   // --debug, VIGIA_DEBUG
	LogMaxSizeMB  int    // --log-max-size-mb, VIGIA_LOG_MAX_SIZE_MB; megabytes, default 10
	LogMaxBackups int    // --log-max-backups, VIGIA_LOG_MAX_BACKUPS; default 5, 0 keeps all
	LogMaxAgeDays int    // --log-max-age-days, VIGIA_LOG_MAX_AGE_DAYS; default 28, 0 keeps all
	LogCompress   bool   // --log-compress, VIGIA_LOG_COMPRESS; default true
	ErrorDetails  string // --error-details, VIGIA_ERROR_DETAILS: full, stacktrace, type (default; also empty) or none
	DataDir       string // --data-dir, VIGIA_DATA_DIR; empty means DefaultDataDir(): the sessions journal

	MetricsAddr        string        // --metrics-addr, VIGIA_METRICS_ADDR: serve Prometheus /metrics there; empty is off
	MetricsAllowRemote bool          // --metrics-allow-remote, VIGIA_METRICS_ALLOW_REMOTE: allow a non-loopback address
	PushURL            string        // --push-url, VIGIA_PUSH_URL: push to this Pushgateway; empty is off
	PushInterval       time.Duration // --push-interval, VIGIA_PUSH_INTERVAL; default 15s
	Version            bool          // --version: print the version and exit
}

// LoggingOptions turns c into logging.Options.
func (c Config) LoggingOptions() logging.Options {
	o := logging.Options{
		Dir:        c.LogDir,
		MaxSizeMB:  c.LogMaxSizeMB,
		MaxBackups: c.LogMaxBackups,
		MaxAgeDays: c.LogMaxAgeDays,
		NoCompress: !c.LogCompress,
		Debug:      c.Debug,
	}
	// On the command line 0 means "keep all", as in lumberjack; in
	// logging.Options 0 means "the default" and a negative value keeps all.
	if o.MaxBackups == 0 {
		o.MaxBackups = -1
	}
	if o.MaxAgeDays == 0 {
		o.MaxAgeDays = -1
	}
	return o
}

// ErrUsage is wrapped by every error Parse returns for bad usage; a program
// exits with status 2 on it.
var ErrUsage = errors.New("usage")

// ErrHelp is returned when -h or --help was asked for; the usage has been
// printed.
var ErrHelp = flag.ErrHelp

// envPrefix starts the name of every environment variable Vigía reads.
const envPrefix = "VIGIA_"

// envName returns the environment variable for a flag: log-max-size-mb →
// VIGIA_LOG_MAX_SIZE_MB.
func envName(flagName string) string {
	return envPrefix + strings.ToUpper(strings.ReplaceAll(flagName, "-", "_"))
}

// addFlags registers the global flags on fs, with c's values as defaults:
// every command's flag set has them too, so they may come before or after
// the command's name.
func (c *Config) addFlags(fs *flag.FlagSet) {
	fs.StringVar(&c.LogDir, "log-dir", c.LogDir, "directory for app.log and debug.log (default: "+logging.DefaultDir()+")")
	fs.BoolVar(&c.Debug, "debug", c.Debug, "start in debug mode: DEBUG level everywhere and debug.log open")
	fs.IntVar(&c.LogMaxSizeMB, "log-max-size-mb", c.LogMaxSizeMB, "rotate a log file when it reaches this many megabytes")
	fs.IntVar(&c.LogMaxBackups, "log-max-backups", c.LogMaxBackups, "rotated files to keep per log (0 keeps all)")
	fs.IntVar(&c.LogMaxAgeDays, "log-max-age-days", c.LogMaxAgeDays, "days to keep rotated files (0 keeps all)")
	fs.BoolVar(&c.LogCompress, "log-compress", c.LogCompress, "gzip rotated log files")
	fs.StringVar(&c.ErrorDetails, "error-details", c.ErrorDetails, "how much error dialogs show outside debug mode: full, stacktrace, type or none")
	fs.StringVar(&c.DataDir, "data-dir", c.DataDir, "directory for the sessions journal (default: "+DefaultDataDir()+")")
	fs.StringVar(&c.MetricsAddr, "metrics-addr", c.MetricsAddr, "serve Prometheus metrics at http://ADDR/metrics, e.g. 127.0.0.1:9464 (off when empty)")
	fs.BoolVar(&c.MetricsAllowRemote, "metrics-allow-remote", c.MetricsAllowRemote, "allow --metrics-addr on a non-loopback address")
	fs.StringVar(&c.PushURL, "push-url", c.PushURL, "push metrics to this Prometheus Pushgateway URL (off when empty)")
	fs.DurationVar(&c.PushInterval, "push-interval", c.PushInterval, "how often to push to the Pushgateway")
}

// DefaultDataDir returns the per-user data location: $XDG_DATA_HOME/vigia
// (else ~/.local/share/vigia) on Linux and BSD, %LocalAppData%\Vigia\data on
// Windows, ~/Library/Application Support/Vigia on macOS.
func DefaultDataDir() string {
	home, err := os.UserHomeDir()
	if err != nil || home == "" {
		home = os.TempDir()
	}
	switch runtime.GOOS {
	case "windows":
		if d := os.Getenv("LocalAppData"); d != "" {
			return filepath.Join(d, "Vigia", "data")
		}
		return filepath.Join(home, "AppData", "Local", "Vigia", "data")
	case "darwin":
		return filepath.Join(home, "Library", "Application Support", "Vigia")
	}
	if d := os.Getenv("XDG_DATA_HOME"); d != "" && filepath.IsAbs(d) {
		return filepath.Join(d, "vigia")
	}
	return filepath.Join(home, ".local", "share", "vigia")
}

// JournalPath is where the sessions journal lives.
func (c Config) JournalPath() string {
	dir := c.DataDir
	if dir == "" {
		dir = DefaultDataDir()
	}
	return filepath.Join(dir, "sessions.jsonl")
}

// errorDetailLevels are the values of --error-details.
var errorDetailLevels = []string{"full", "stacktrace", "type", "none"}

// isGlobal reports whether a flag name is one of addFlags'.
func isGlobal(name string) bool {
	switch name {
	case "log-dir", "debug", "log-max-size-mb", "log-max-backups", "log-max-age-days", "log-compress", "error-details",
		"data-dir", "metrics-addr", "metrics-allow-remote", "push-url", "push-interval":
		return true
	}
	return false
}

// printFlags prints fs's flags, with the environment variable of each
// global one.
func printFlags(w io.Writer, fs *flag.FlagSet) {
	fs.VisitAll(func(f *flag.Flag) {
		name, usage := flag.UnquoteUsage(f)
		fmt.Fprintf(w, "  %s\n    \t%s", strings.TrimSpace("--"+f.Name+" "+name), usage)
		if f.DefValue != "" && f.DefValue != "false" && f.DefValue != "0" && f.Name != "log-dir" && f.Name != "debug" {
			fmt.Fprintf(w, " (default %s)", f.DefValue)
		}
		if isGlobal(f.Name) {
			fmt.Fprintf(w, " [%s]", envName(f.Name))
		}
		fmt.Fprintln(w)
	})
}

// Parse parses the global flags in args, with defaults taken from the
// environment through getenv. It returns the config and the arguments left
// (a command and its own arguments). Usage and errors go to stderr.
func Parse(args []string, getenv func(string) string, stderr io.Writer) (Config, []string, error) {
	c := Config{
		LogMaxSizeMB:  logging.DefaultMaxSizeMB,
		LogMaxBackups: logging.DefaultMaxBackups,
		LogMaxAgeDays: logging.DefaultMaxAgeDays,
		LogCompress:   true,
		ErrorDetails:  "type",
		PushInterval:  15 * time.Second,
	}
	fs := flag.NewFlagSet("vigia", flag.ContinueOnError)
	fs.SetOutput(stderr)
	c.addFlags(fs)
	fs.BoolVar(&c.Version, "version", false, "print the version and exit")
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: vigia [flags] [command [command flags]]\n\n"+
			"With no command Vigía opens its window. Commands:\n"+
			"  models   list the models and their parameters\n"+
			"  run      run one task and print its result\n"+
			"  load     run a load test and print its summary\n"+
			"  sessions list past sessions and the crash-free rate\n"+
			"  export   write a past session's figures as JSON or CSV\n"+
			"  diagnostics  write a ZIP bundle for a bug report\n"+
			"Run 'vigia COMMAND -h' for a command's flags.\n\n"+
			"Flags (each also read from the environment variable shown; they may also follow the command):\n")
		printFlags(stderr, fs)
	}

	// The environment sets defaults; flags on the command line win, so an
	// environment variable's error counts only for flags not given there.
	envErrs := map[string]error{}
	fromEnv := map[string]string{} // flag name → the variable that set it
	fs.VisitAll(func(f *flag.Flag) {
		if f.Name == "version" {
			return
		}
		name := envName(f.Name)
		v := getenv(name)
		if v == "" {
			return
		}
		if err := f.Value.Set(v); err != nil {
			envErrs[f.Name] = fmt.Errorf("%w: environment variable %s=%q is not %s (it sets --%s)", ErrUsage, name, v, kindOf(f), f.Name)
			return
		}
		fromEnv[f.Name] = name
	})

	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return c, nil, ErrHelp
		}
		// flag has printed the error and the usage.
		return c, nil, fmt.Errorf("%w: %v", ErrUsage, err)
	}
	fs.Visit(func(f *flag.Flag) {
		delete(envErrs, f.Name)
		delete(fromEnv, f.Name)
	})
	for _, name := range slices.Sorted(maps.Keys(envErrs)) {
		fmt.Fprintf(stderr, "vigia: %v\n", envErrs[name])
		return c, nil, envErrs[name]
	}
	if err := c.validate(fromEnv); err != nil {
		fmt.Fprintf(stderr, "vigia: %v\n", err)
		return c, nil, err
	}
	return c, fs.Args(), nil
}

// validate checks ranges; fromEnv names the variables that set flags, so the
// message points at what the user actually wrote.
func (c Config) validate(fromEnv map[string]string) error {
	src := func(flagName string) string {
		if v, ok := fromEnv[flagName]; ok {
			return v + " (it sets --" + flagName + ")"
		}
		return "--" + flagName
	}
	switch {
	case c.LogMaxSizeMB < 1:
		return fmt.Errorf("%w: %s must be at least 1, got %d", ErrUsage, src("log-max-size-mb"), c.LogMaxSizeMB)
	case c.LogMaxBackups < 0:
		return fmt.Errorf("%w: %s can't be negative, got %d", ErrUsage, src("log-max-backups"), c.LogMaxBackups)
	case c.LogMaxAgeDays < 0:
		return fmt.Errorf("%w: %s can't be negative, got %d", ErrUsage, src("log-max-age-days"), c.LogMaxAgeDays)
	case c.PushInterval != 0 && c.PushInterval < time.Second:
		return fmt.Errorf("%w: %s must be at least 1s, got %s", ErrUsage, src("push-interval"), c.PushInterval)
	case c.ErrorDetails != "" && !slices.Contains(errorDetailLevels, c.ErrorDetails):
		return fmt.Errorf("%w: %s must be one of %s, got %q", ErrUsage, src("error-details"), strings.Join(errorDetailLevels, ", "), c.ErrorDetails)
	}
	return nil
}

// kindOf names what a flag's value must be, for error messages.
func kindOf(f *flag.Flag) string {
	switch f.Value.(flag.Getter).Get().(type) {
	case bool:
		return "true or false"
	case int:
		return "a whole number"
	}
	return "valid"
}
