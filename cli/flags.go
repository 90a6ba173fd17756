package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

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
	Version       bool   // --version: print the version and exit
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

// Parse parses the global flags in args, with defaults taken from the
// environment through getenv. It returns the config and the arguments left
// (a command and its own arguments). Usage and errors go to stderr.
func Parse(args []string, getenv func(string) string, stderr io.Writer) (Config, []string, error) {
	c := Config{
		LogMaxSizeMB:  logging.DefaultMaxSizeMB,
		LogMaxBackups: logging.DefaultMaxBackups,
		LogMaxAgeDays: logging.DefaultMaxAgeDays,
		LogCompress:   true,
	}
	fs := flag.NewFlagSet("vigia", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&c.LogDir, "log-dir", "", "directory for app.log and debug.log (default: "+logging.DefaultDir()+")")
	fs.BoolVar(&c.Debug, "debug", false, "start in debug mode: DEBUG level everywhere and debug.log open")
	fs.IntVar(&c.LogMaxSizeMB, "log-max-size-mb", c.LogMaxSizeMB, "rotate a log file when it reaches this many megabytes")
	fs.IntVar(&c.LogMaxBackups, "log-max-backups", c.LogMaxBackups, "rotated files to keep per log (0 keeps all)")
	fs.IntVar(&c.LogMaxAgeDays, "log-max-age-days", c.LogMaxAgeDays, "days to keep rotated files (0 keeps all)")
	fs.BoolVar(&c.LogCompress, "log-compress", c.LogCompress, "gzip rotated log files")
	fs.BoolVar(&c.Version, "version", false, "print the version and exit")
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: vigia [flags]\n\nWith no arguments Vigía opens its window.\n\nFlags (each also read from the environment variable shown):\n")
		fs.VisitAll(func(f *flag.Flag) {
			name, usage := flag.UnquoteUsage(f)
			fmt.Fprintf(stderr, "  %s\n    \t%s", strings.TrimSpace("--"+f.Name+" "+name), usage)
			if f.DefValue != "" && f.DefValue != "false" && f.Name != "log-dir" {
				fmt.Fprintf(stderr, " (default %s)", f.DefValue)
			}
			if f.Name != "version" {
				fmt.Fprintf(stderr, " [%s]", envName(f.Name))
			}
			fmt.Fprintln(stderr)
		})
	}

	// The environment sets defaults; flags on the command line win.
	var envErr error
	fs.VisitAll(func(f *flag.Flag) {
		if f.Name == "version" {
			return
		}
		name := envName(f.Name)
		v := getenv(name)
		if v == "" {
			return
		}
		if err := f.Value.Set(v); err != nil && envErr == nil {
			envErr = fmt.Errorf("%w: environment variable %s=%q is not %s (it sets --%s)", ErrUsage, name, v, kindOf(f), f.Name)
		}
	})
	if envErr != nil {
		fmt.Fprintf(stderr, "vigia: %v\n", envErr)
		return c, nil, envErr
	}

	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return c, nil, ErrHelp
		}
		// flag has printed the error and the usage.
		return c, nil, fmt.Errorf("%w: %v", ErrUsage, err)
	}
	if err := c.validate(); err != nil {
		fmt.Fprintf(stderr, "vigia: %v\n", err)
		return c, nil, err
	}
	return c, fs.Args(), nil
}

func (c Config) validate() error {
	switch {
	case c.LogMaxSizeMB < 1:
		return fmt.Errorf("%w: --log-max-size-mb must be at least 1, got %d", ErrUsage, c.LogMaxSizeMB)
	case c.LogMaxBackups < 0:
		return fmt.Errorf("%w: --log-max-backups can't be negative, got %d", ErrUsage, c.LogMaxBackups)
	case c.LogMaxAgeDays < 0:
		return fmt.Errorf("%w: --log-max-age-days can't be negative, got %d", ErrUsage, c.LogMaxAgeDays)
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
