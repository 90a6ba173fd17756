package config

import (
	"time"
)

// Values are the settings, typed. The zero Values is not the defaults (its
// 0s mean "no limit" and its sizes are out of range): start from
// Defaults().Values.
type Values struct {
	LogDir        string // directory of app.log and debug.log; empty means the per-user state directory
	Debug         bool   // start in debug mode: DEBUG level and debug.log open
	LogMaxSizeMB  int    // megabytes at which a log rotates, 1–1024; default 10
	LogMaxBackups int    // rotated files kept per log, 0–1000, 0 keeps all; default 5
	LogMaxAgeDays int    // days rotated files are kept, 0–3650, 0 keeps all; default 28
	LogCompress   bool   // gzip rotated files; default true
	DataDir       string // directory of the sessions journal; empty means the per-user data directory

	CacheTTL        time.Duration // how long a result stays cached, 1s–720h, 0 never expires; default 1h
	CacheMaxEntries int           // results cached at most, 0–1 000 000, 0 means no limit; default 1000

	ErrorDetails string // what an error dialog shows: full, stacktrace, type (default) or none
	Language     string // "" (the system's, default), "en" or "es"
	Theme        string // "" (the system's, default), "light" or "dark"

	OpenAIBaseURL string        // http or https URL of an OpenAI-compatible API; default DefaultOpenAIBaseURL
	OpenAIModel   string        // model name, no white space, 256 characters at most; default DefaultOpenAIModel
	OpenAITimeout time.Duration // the longest one call may take, 1s–10m; default 1m

	MetricsAddr        string        // host:port of the Prometheus /metrics endpoint; empty (default) is off
	MetricsAllowRemote bool          // allow a non-loopback MetricsAddr; never saved
	PushURL            string        // Pushgateway URL; empty (default) is off
	PushInterval       time.Duration // between two pushes, 1s–1h; default 15s

	OTLPEndpoint string // OTLP/HTTP base URL traces, logs and metrics are sent to; empty (default) is off
}

// LogBackupsLimit returns how many rotated files of each log to keep, and
// false when they are all kept.
func (v Values) LogBackupsLimit() (n int, limited bool) {
	return v.LogMaxBackups, v.LogMaxBackups > 0
}

// LogAgeLimitDays returns how many days rotated files are kept, and false
// when they are kept whatever their age.
func (v Values) LogAgeLimitDays() (days int, limited bool) {
	return v.LogMaxAgeDays, v.LogMaxAgeDays > 0
}

// CacheExpiry returns how long a cached result lives, and false when it
// never expires.
func (v Values) CacheExpiry() (ttl time.Duration, expires bool) {
	return v.CacheTTL, v.CacheTTL > 0
}

// CacheLimit returns how many results the cache holds at most, and false
// when it is unbounded.
func (v Values) CacheLimit() (n int, limited bool) {
	return v.CacheMaxEntries, v.CacheMaxEntries > 0
}

// Origin says where a value came from.
type Origin int

// The origins, from the weakest to the strongest.
const (
	FromDefault Origin = iota // nothing set it
	FromFile                  // the settings file
	FromEnv                   // a VIGIA_… environment variable
	FromFlag                  // a flag on the command line
)

// String names the origin as "vigia config list" shows it.
func (o Origin) String() string {
	switch o {
	case FromDefault:
		return "default"
	case FromFile:
		return "saved"
	case FromEnv:
		return "environment"
	case FromFlag:
		return "flag"
	}
	return "unknown"
}

// Config is Values with the origin of each. Compare configurations by
// their Values.
type Config struct {
	Values
	origins [len(schema)]Origin
}

// Defaults returns every setting at its default.
func Defaults() Config {
	var c Config
	for i := range schema {
		s := &schema[i]
		v, err := s.parse(s.Default, false)
		if err != nil {
			panic("config: bad default of " + s.Key + ": " + err.Error()) // the tests see it first
		}
		s.set(&c.Values, v)
	}
	return c
}

// Origin returns where the value of key came from; FromDefault for a key
// that is not a setting.
func (c Config) Origin(key string) Origin {
	i, ok := byKey[key]
	if !ok {
		return FromDefault
	}
	return c.origins[i]
}

// Value returns the value of key, as Parse would: a bool, an int, a
// time.Duration or a string; nil for a key that is not a setting.
func (c Config) Value(key string) any {
	s, ok := lookup(key)
	if !ok {
		return nil
	}
	return s.get(&c.Values)
}

// Text returns the value of key as Format writes it; "" for a key that is
// not a setting.
func (c Config) Text(key string) string {
	s, ok := lookup(key)
	if !ok {
		return ""
	}
	return s.format(s.get(&c.Values))
}

// get reads s's field of v.
func (s *Setting) get(v *Values) any {
	switch p := s.field(v).(type) {
	case *string:
		return *p
	case *bool:
		return *p
	case *int:
		return *p
	case *time.Duration:
		return *p
	}
	panic("config: " + s.Key + " has a field of an unknown type")
}

// set stores x, as s.parse returns it, in s's field of v.
func (s *Setting) set(v *Values, x any) {
	switch p := s.field(v).(type) {
	case *string:
		*p = x.(string)
	case *bool:
		*p = x.(bool)
	case *int:
		*p = x.(int)
	case *time.Duration:
		*p = x.(time.Duration)
	}
}
