package logging

import (
	"io"
	"os"
	"path/filepath"
	"runtime"
	"time"

	"vigia/config"
)

// Defaults of Options. The size at which a log rotates is a setting, so its
// default lives with the others in package config.
const (
	DefaultMaxSizeMB     = config.DefaultLogMaxSizeMB
	DefaultRingSize      = 5000
	DefaultFlushInterval = time.Second
)

// Options configures a System. The zero value works: logs go to DefaultDir
// with the defaults below, and every rotated file is kept. As everywhere in
// Vigía (see package config), 0 in a field that bounds something means no
// limit: the settings' defaults (5 backups, 28 days) are given by the caller,
// from config.
type Options struct {
	// Dir is the log directory. Empty means DefaultDir(). It is created with
	// mode 0700 when missing; log files are created with mode 0600.
	Dir string

	// MaxSizeMB is the size in megabytes at which app.log and debug.log are
	// rotated. Zero means DefaultMaxSizeMB (10).
	MaxSizeMB int

	// MaxBackups is how many rotated files of each log are kept. Zero (or
	// less) keeps them all.
	MaxBackups int

	// MaxAgeDays is how many days rotated files, and the files of ended
	// processes that wrote beside app.log, are kept. Zero (or less) keeps
	// them whatever their age.
	MaxAgeDays int

	// NoCompress keeps rotated files as plain text. By default they are
	// gzipped.
	NoCompress bool

	// Debug starts in debug mode: level DEBUG and debug.log open.
	Debug bool

	// RingSize is how many records the in-memory ring keeps. Zero means
	// DefaultRingSize (5000).
	RingSize int

	// Console receives the human-readable lines. Nil means os.Stderr; use
	// io.Discard to turn the console off.
	Console io.Writer

	// FlushInterval is the longest an INFO or DEBUG record waits in memory
	// before it reaches its file; WARN and above are written at once. Zero
	// means DefaultFlushInterval (1 s).
	FlushInterval time.Duration
}

func (o Options) withDefaults() Options {
	if o.Dir == "" {
		o.Dir = DefaultDir()
	}
	if o.MaxSizeMB <= 0 {
		o.MaxSizeMB = DefaultMaxSizeMB
	}
	o.MaxBackups = max(o.MaxBackups, 0)
	o.MaxAgeDays = max(o.MaxAgeDays, 0)
	if o.RingSize <= 0 {
		o.RingSize = DefaultRingSize
	}
	if o.Console == nil {
		o.Console = os.Stderr
	}
	if o.FlushInterval <= 0 {
		o.FlushInterval = DefaultFlushInterval
	}
	return o
}

// DefaultDir returns the operating system's per-user location for logs:
// $XDG_STATE_HOME/vigia/logs (else ~/.local/state/vigia/logs) on Linux and
// BSD, %LocalAppData%\Vigia\logs on Windows, ~/Library/Logs/Vigia on macOS.
// Without a home directory it falls back to the temporary directory.
func DefaultDir() string {
	return defaultDir(runtime.GOOS, os.Getenv, os.UserHomeDir)
}

func defaultDir(goos string, getenv func(string) string, home func() (string, error)) string {
	h, err := home()
	if err != nil || h == "" {
		h = filepath.Join(os.TempDir(), "vigia-"+userTag(getenv))
	}
	switch goos {
	case "windows":
		if d := getenv("LocalAppData"); d != "" {
			return filepath.Join(d, "Vigia", "logs")
		}
		return filepath.Join(h, "AppData", "Local", "Vigia", "logs")
	case "darwin", "ios":
		return filepath.Join(h, "Library", "Logs", "Vigia")
	default:
		if d := getenv("XDG_STATE_HOME"); d != "" && filepath.IsAbs(d) {
			return filepath.Join(d, "vigia", "logs")
		}
		return filepath.Join(h, ".local", "state", "vigia", "logs")
	}
}

func userTag(getenv func(string) string) string {
	for _, k := range []string{"USER", "USERNAME", "LOGNAME"} {
		if v := getenv(k); v != "" {
			return v
		}
	}
	return "user"
}
