// Package config is the one home of Vigía's settings: for each one, its key,
// kind, default, range, unit, help text, command-line flag, VIGIA_…
// environment variable, whether the settings file may hold it and whether a
// change applies at once or at the next start. The command-line flags and
// their --help lines, the environment variables, validation, the Settings
// form and the settings file all come from that one table (Schema), so a
// default or a limit is written once.
//
// # No limit
//
// Wherever a count or a duration bounds something, 0 means "no limit":
// log-max-backups 0 keeps every rotated file, log-max-age-days 0 keeps them
// whatever their age, cache-max-entries 0 leaves the cache unbounded and
// cache-ttl 0 means a result never expires. Values keeps that convention;
// its accessors (LogBackupsLimit, LogAgeLimitDays, CacheLimit, CacheExpiry)
// answer with a comma-ok pair so that no caller maps 0 to anything itself.
// An empty address or URL (metrics-addr, push-url, otlp-endpoint) means
// "off".
//
// # Precedence
//
// A value comes from the first of: a flag on the command line, an
// environment variable, the settings file, the default. "Set" means set,
// not "different from the default": --log-max-size-mb 10 wins over a saved
// 20 although 10 is the default. An explicitly empty flag (--metrics-addr
// "") or a variable set to the empty string (VIGIA_PUSH_URL=) is a value
// too, where empty is valid, and turns a saved address or URL off. A
// variable set to the empty string for a setting that can't be empty (a
// number, a boolean) is ignored, as if unset. Each resolved value carries
// its Origin, for "vigia config list".
//
// # Errors
//
// Validation returns typed errors (*SyntaxError, *RangeError,
// *ChoiceError, *URLError, *AddrError, *TextError, *UnknownKeyError,
// *NotSavedError), each with an English Error() for logs and the command
// line and exported fields from which the UI builds its translated message;
// no translated text is made here. *SourceError says where a refused value
// came from: a flag, a variable or a file.
//
// # Files
//
// Vigía's settings live in their own JSON file (DefaultPath), apart from
// Fyne's preferences.json, which Fyne rewrites as it likes. The file is
// replaced atomically (temporary file, fsync, rename), with mode 0600 in a
// 0700 directory. Its "state" section keeps what the UI remembers between
// runs (last model, window size) and is not a setting. Migrate copies the
// settings and state the older versions kept in Fyne's file, once.
//
// No save loses what another saved: a File writes only its own changes
// since it was loaded or saved, on top of the file as it is then (read
// again), so "vigia config set" run while a window is open, or two
// windows, keep each other's changes; when two change the same key, the
// later save wins. Saves of one path are serialized within the process
// and, where the OS has flock(2), across processes by a lock file beside
// it (settings.json.lock, removed when the save is done).
//
// Text values are trimmed of surrounding white space, must be valid UTF-8
// and can't contain control characters.
package config
