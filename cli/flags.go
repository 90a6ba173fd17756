package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"strings"

	"vigia/config"
	"vigia/engine"
	"vigia/logging"
	"vigia/models/openai"
	"vigia/telemetry"
)

// Config is the configuration of one start: every setting, each from its
// flag, its VIGIA_… variable, the settings file or its default (see package
// config), and what only the command line says. Make it with Parse: Run
// reads the flags that follow a command through it.
type Config struct {
	config.Config

	Version bool // --version: print the version and exit

	// Settings is the settings file that was read (an empty one kept in
	// memory when there is none); Parse never leaves it nil. The window's
	// Settings form and "vigia config" change it.
	Settings *config.File
	// SettingsErr says what of the settings file could not be used: a
	// corrupt file, saved values refused (the next source decides, as if
	// they were not saved), a failed migration. It is a warning, not bad
	// usage: Vigía starts all the same.
	SettingsErr error
	// Migration is what this start moved from Fyne's preferences file into
	// the settings file (see FynePreferences); nil when it moved nothing.
	Migration *config.Migration

	binding    *config.Binding             // the flags given, before and after a command's name
	lookupEnv  func(string) (string, bool) // the environment
	configPath string                      // --config, "" when not given
}

// FynePreferences is the file older versions kept their settings in, Fyne's
// <storage root>/preferences.json; main sets it. Parse moves those settings
// once into the default settings file, before reading it (config.Migrate).
// Empty moves nothing.
var FynePreferences string

// ConfigEnv names the settings file instead of config.DefaultPath(), as
// --config does.
const ConfigEnv = "VIGIA_CONFIG"

// LoggingOptions turns c into logging.Options. Both read 0 as "no limit".
func (c Config) LoggingOptions() logging.Options {
	return logging.Options{
		Dir:        c.LogDir,
		MaxSizeMB:  c.LogMaxSizeMB,
		MaxBackups: c.LogMaxBackups,
		MaxAgeDays: c.LogMaxAgeDays,
		NoCompress: !c.LogCompress,
		Debug:      c.Debug,
	}
}

// ExportOptions turns c's metrics settings into the engine's export
// options, for the session that started the process.
func (c Config) ExportOptions(session string) engine.ExportOptions {
	return engine.ExportOptions{Addr: c.MetricsAddr, AllowRemote: c.MetricsAllowRemote,
		PushURL: c.PushURL, PushInterval: c.PushInterval, Session: session}
}

// TelemetryOptions turns c's otlp-endpoint setting into the engine's
// OpenTelemetry options (engine.StartTelemetry). The endpoint follows the
// rule of every setting: a flag or VIGIA_OTLP_ENDPOINT wins, then a
// variable — here OTEL_EXPORTER_OTLP_ENDPOINT too — then the saved value.
// service.instance.id is kept in the data directory.
func (c Config) TelemetryOptions() telemetry.Options {
	endpoint := c.OTLPEndpoint
	if o := c.Origin("otlp-endpoint"); o == config.FromFile || o == config.FromDefault {
		if strings.TrimSpace(os.Getenv("OTEL_EXPORTER_OTLP_ENDPOINT")) != "" {
			endpoint = "" // the exporters read the variable themselves
		}
	}
	return telemetry.Options{Endpoint: endpoint, ServiceVersion: Version,
		InstanceIDPath: filepath.Join(filepath.Dir(c.JournalPath()), telemetry.InstanceIDName)}
}

// EngineConfig turns c into an engine.Config, but for its Models and the
// logs' Console, which the caller chooses.
func (c Config) EngineConfig() engine.Config {
	return engine.Config{
		Logging:         c.LoggingOptions(),
		CacheTTL:        c.CacheTTL,
		CacheMaxEntries: c.CacheMaxEntries,
		JournalPath:     c.JournalPath(),
	}
}

// OpenAIOptions are the defaults of the openai model's parameters: the
// endpoint the settings name.
func (c Config) OpenAIOptions() openai.Options {
	return openai.Options{BaseURL: c.OpenAIBaseURL, ModelName: c.OpenAIModel, Timeout: c.OpenAITimeout}
}

// LogSettings records in log what became of the settings file at this
// start: a migration from Fyne's preferences (event=settings_migrated) and
// what could not be used (event=settings, a warning each).
func (c Config) LogSettings(log *slog.Logger) {
	if m := c.Migration; m != nil {
		log.Info("settings moved from Fyne's preferences to Vigía's own file", "event", "settings_migrated",
			"from", m.From, "to", m.To, "copied", m.Copied, "at_default", m.AtDefault)
	}
	for _, err := range unjoin(c.SettingsErr) {
		log.Warn("a saved setting was ignored", "event", "settings", "path", c.Settings.Path(), "error", err.Error())
	}
}

// ErrUsage is wrapped by every error Parse returns for bad usage; a program
// exits with status 2 on it.
var ErrUsage = errors.New("usage")

// ErrHelp is returned when -h or --help was asked for; the usage has been
// printed.
var ErrHelp = flag.ErrHelp

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

// Parse parses the global flags in args, reads the settings file (--config,
// else $VIGIA_CONFIG, else config.DefaultPath()) and resolves every setting:
// a flag given wins, even at its default value, then a variable that
// lookupEnv (os.LookupEnv) finds, then the settings file, then the default.
// It returns the config and the arguments left (a command and its own
// arguments). Usage and errors go to stderr; what of the settings file
// could not be used is left in Config.SettingsErr.
func Parse(args []string, lookupEnv func(string) (string, bool), stderr io.Writer) (Config, []string, error) {
	if lookupEnv == nil {
		lookupEnv = func(string) (string, bool) { return "", false }
	}
	c := Config{Config: config.Defaults(), lookupEnv: lookupEnv}
	fs := flag.NewFlagSet("vigia", flag.ContinueOnError)
	fs.SetOutput(stderr)
	c.binding = bind(fs)
	c.addConfigFlag(fs)
	fs.BoolVar(&c.Version, "version", false, "print the version and exit")
	fs.Usage = func() { printUsage(stderr, fs) }

	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return c, nil, ErrHelp
		}
		// flag has printed the error and the usage.
		return c, nil, fmt.Errorf("%w: %v", ErrUsage, err)
	}
	c.loadSettings(explicit(fs, "config"))
	if err := c.resolve(); err != nil {
		printUsageErrors(stderr, err)
		return c, nil, err
	}
	return c, fs.Args(), nil
}

// bind registers a flag for every setting on fs.
func bind(fs *flag.FlagSet) *config.Binding {
	b := config.Bind(fs)
	b.DescribeDefault("log-dir", logging.DefaultDir())
	b.DescribeDefault("data-dir", DefaultDataDir())
	return b
}

// addConfigFlag registers --config on fs: the global flag set's and each
// command's, as the settings' flags are.
func (c *Config) addConfigFlag(fs *flag.FlagSet) {
	where := config.DefaultPath()
	if where == "" {
		where = "none: this system names no configuration directory"
	}
	fs.StringVar(&c.configPath, "config", c.configPath,
		"read and save the settings in `FILE`; \"\" reads none (default "+where+") ["+ConfigEnv+"]")
}

// explicit reports whether fs's flag name was given.
func explicit(fs *flag.FlagSet, name string) bool {
	given := false
	fs.Visit(func(f *flag.Flag) { given = given || f.Name == name })
	return given
}

// loadSettings reads the settings file: --config if flagGiven, else the
// variable's, else the default, into which older versions' settings are
// first moved once.
func (c *Config) loadSettings(flagGiven bool) {
	path, isDefault := c.configPath, false
	if !flagGiven {
		if p, ok := c.lookupEnv(ConfigEnv); ok && strings.TrimSpace(p) != "" {
			path = p
		} else {
			path, isDefault = config.DefaultPath(), true
		}
	}
	var errs []error
	c.Migration = nil
	if isDefault && FynePreferences != "" {
		m, err := config.Migrate(path, FynePreferences)
		c.Migration = m
		if err != nil {
			errs = append(errs, fmt.Errorf("moving the settings out of %s: %w", FynePreferences, err))
		}
	}
	f, err := config.Load(path)
	c.Settings = f
	c.SettingsErr = errors.Join(append(errs, err)...)
}

// resolve sets c's settings from their sources. A refused flag or variable
// is bad usage: the error joins one wrapping ErrUsage for each. A refused
// saved value joins SettingsErr.
func (c *Config) resolve() error {
	if c.binding == nil { // a Config not made by Parse
		c.binding = config.Bind(flag.NewFlagSet("", flag.ContinueOnError))
	}
	resolved, err := c.binding.Resolve(c.lookupEnv, c.Settings)
	c.Config = resolved
	var usage []error
	for _, e := range unjoin(err) {
		var se *config.SourceError
		if errors.As(e, &se) && se.Origin == config.FromFile {
			c.SettingsErr = errors.Join(c.SettingsErr, e)
			continue
		}
		usage = append(usage, fmt.Errorf("%w: %w", ErrUsage, e))
	}
	return errors.Join(usage...)
}

// unjoin returns the errors err joins: itself when it joins none, nothing
// when nil.
func unjoin(err error) []error {
	if err == nil {
		return nil
	}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		return j.Unwrap()
	}
	return []error{err}
}

// printUsageErrors prints each error err joins on its own line.
func printUsageErrors(w io.Writer, err error) {
	for _, e := range unjoin(err) {
		fmt.Fprintf(w, "vigia: %v\n", e)
	}
}

// printUsage prints vigia's usage, with fs's flags.
func printUsage(w io.Writer, fs *flag.FlagSet) {
	fmt.Fprintf(w, "Usage: vigia [flags] [command [command flags]]\n\n"+
		"With no command Vigía opens its window. Commands:\n")
	for _, c := range commands {
		fmt.Fprintf(w, "  %-12s %s\n", c.name, c.short)
	}
	fmt.Fprintf(w, "Run 'vigia COMMAND -h' for a command's flags.\n\n"+
		"Each setting comes from its flag, else its environment variable (shown in brackets), else the\n"+
		"settings file (--config; the window's Settings tab and 'vigia config set' write it), else its\n"+
		"default. A flag or variable that is set wins even when it equals the default; an empty one\n"+
		"(--metrics-addr \"\", VIGIA_PUSH_URL=) turns a saved address off. 0 means no limit.\n\n"+
		"Flags (they may also follow the command):\n")
	config.PrintFlags(w, fs)
}
