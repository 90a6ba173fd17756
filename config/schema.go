package config

import (
	"slices"
	"strings"
	"time"
)

// Defaults of the settings that other packages need as numbers. They are
// the single source: logging, engine and models/openai had their own copies
// (logging.DefaultMaxSizeMB and friends, engine.DefaultCacheTTL and
// DefaultCacheMaxEntries, openai.DefaultBaseURL, DefaultModel and
// DefaultTimeout), which held these same values when this table was made.
const (
	DefaultLogMaxSizeMB    = 10                          // megabytes
	DefaultLogMaxBackups   = 5                           // rotated files per log
	DefaultLogMaxAgeDays   = 28                          // days
	DefaultLogCompress     = true                        // gzip rotated files
	DefaultErrorDetails    = "type"                      // message and error type
	DefaultCacheTTL        = time.Hour                   // the seed's st.cache_data(ttl=timedelta(hours=1))
	DefaultCacheMaxEntries = 1000                        // results
	DefaultPushInterval    = 15 * time.Second            // between two pushes to a Pushgateway
	DefaultOpenAIBaseURL   = "http://127.0.0.1:11434/v1" // Ollama's OpenAI-compatible API
	DefaultOpenAIModel     = "llama3.2"
	DefaultOpenAITimeout   = 60 * time.Second // the longest one call may take
)

// Kind is the type of a setting's value, and so the widget a form shows.
type Kind int

// The kinds. Parse returns a bool, an int, a time.Duration or a string.
const (
	String   Kind = iota // text, trimmed; a form shows an entry
	Bool                 // true or false (and what strconv.ParseBool accepts); a check box
	Int                  // a whole number in decimal; an entry
	Duration             // as time.ParseDuration reads it: 90s, 1h30m; an entry
	Choice               // one of Setting.Choices; a select
)

// String names the kind as --help shows a flag's type.
func (k Kind) String() string {
	switch k {
	case String:
		return "string"
	case Bool:
		return "bool"
	case Int:
		return "int"
	case Duration:
		return "duration"
	case Choice:
		return "choice"
	}
	return "unknown"
}

// Applies tells when a change made while Vigía runs takes effect.
type Applies int

// AtStart is the zero value: most settings are read once, when the engine
// is built.
const (
	AtStart Applies = iota // at the next start
	AtOnce                 // as soon as it is saved
)

// Option is one value a Choice setting can take.
type Option struct {
	Value string // as stored and given to flags: "", "en", "dark"
	Label string // in English, for a select; the UI translates it
}

// Setting describes one setting. Its texts are English: the UI translates
// Label, Help, Section and the Options' labels by their English text.
type Setting struct {
	Key     string // its name in the settings file and in "vigia config": "log-max-size-mb"
	Flag    string // its command-line flag without dashes ("" if none); the same as Key
	Env     string // its environment variable ("" if none): VIGIA_ and Key in upper snake case
	Kind    Kind
	Default string // the default, as Format writes it: "10", "1h", "true", ""

	// Min and Max bound an Int (in Unit) or a Duration (in nanoseconds, a
	// time.Duration). Both are 0 for other kinds.
	Min, Max int64
	// ZeroMeansNoLimit: 0 is accepted, even below Min, and means no limit
	// (see the package doc).
	ZeroMeansNoLimit bool
	Unit             string   // of an Int: "MB", "days", "files", "entries"; empty otherwise
	Choices          []Option // of a Choice, in the order a select lists them

	Label   string // the form field's label: "Max size (MB)"
	Help    string // one line for --help and the form's hint; names the range where there is one
	Section string // the form's section: "Logs"; empty for settings the form doesn't edit

	// Saved is true when the settings file (and so the Settings form) may
	// hold the setting. Those that are false are chosen at each start, by a
	// flag or a variable only: log-dir, data-dir, debug and
	// metrics-allow-remote.
	Saved   bool
	Applies Applies

	// check refuses what the kind alone accepts: a bad URL, an empty model
	// name. remote allows a non-loopback metrics address.
	check func(s *Setting, v string, remote bool) error
	// field points at the setting's field in v.
	field func(v *Values) any
}

// schema is the table. Its order is the Settings form's.
var schema = [...]Setting{
	{
		Key: "log-dir", Kind: String,
		Label: "Log folder", Help: "directory for app.log and debug.log; empty means the per-user state directory",
		field: func(v *Values) any { return &v.LogDir },
	},
	{
		Key: "debug", Kind: Bool, Default: "false",
		Label: "Debug mode", Help: "start in debug mode: DEBUG level everywhere and debug.log open",
		field: func(v *Values) any { return &v.Debug },
	},
	{
		Key: "log-max-size-mb", Kind: Int, Default: "10", Min: 1, Max: 1024, Unit: "MB",
		Label: "Max size (MB)", Help: "rotate a log file when it reaches this many megabytes: 1 to 1024",
		Section: "Logs", Saved: true,
		field: func(v *Values) any { return &v.LogMaxSizeMB },
	},
	{
		Key: "log-max-backups", Kind: Int, Default: "5", Min: 0, Max: 1000, ZeroMeansNoLimit: true, Unit: "files",
		Label: "Backups", Help: "rotated files to keep per log: 0 to 1000 (0 keeps all)",
		Section: "Logs", Saved: true,
		field: func(v *Values) any { return &v.LogMaxBackups },
	},
	{
		Key: "log-max-age-days", Kind: Int, Default: "28", Min: 0, Max: 3650, ZeroMeansNoLimit: true, Unit: "days",
		Label: "Max age (days)", Help: "days to keep rotated files: 0 to 3650 (0 keeps all)",
		Section: "Logs", Saved: true,
		field: func(v *Values) any { return &v.LogMaxAgeDays },
	},
	{
		Key: "log-compress", Kind: Bool, Default: "true",
		Label: "Compress rotated files (gzip)", Help: "gzip rotated log files",
		Section: "Logs", Saved: true,
		field: func(v *Values) any { return &v.LogCompress },
	},
	{
		Key: "data-dir", Kind: String,
		Label: "Data folder", Help: "directory for the sessions journal and exports; empty means the per-user data directory",
		field: func(v *Values) any { return &v.DataDir },
	},
	{
		Key: "cache-ttl", Kind: Duration, Default: "1h", Min: int64(time.Second), Max: int64(720 * time.Hour), ZeroMeansNoLimit: true,
		Label: "Cache TTL", Help: "how long a result stays cached, such as 30m: 1s to 720h (0 never expires)",
		Section: "Cache", Saved: true,
		field: func(v *Values) any { return &v.CacheTTL },
	},
	{
		Key: "cache-max-entries", Kind: Int, Default: "1000", Min: 0, Max: 1_000_000, ZeroMeansNoLimit: true, Unit: "entries",
		Label: "Max entries", Help: "results the cache holds at most: 0 to 1000000 (0 means no limit)",
		Section: "Cache", Saved: true,
		field: func(v *Values) any { return &v.CacheMaxEntries },
	},
	{
		Key: "error-details", Kind: Choice, Default: DefaultErrorDetails,
		Choices: []Option{{"full", "Full"}, {"stacktrace", "Stack trace"}, {"type", "Type"}, {"none", "None"}},
		Label:   "Error details", Help: "how much an error dialog shows outside debug mode: full, stacktrace, type (message and error type) or none",
		Section: "Errors and appearance", Saved: true, Applies: AtOnce,
		field: func(v *Values) any { return &v.ErrorDetails },
	},
	{
		Key: "language", Kind: Choice,
		Choices: []Option{{"", "System"}, {"en", "English"}, {"es", "Español"}},
		Label:   "Language", Help: "language of the window: empty follows the system's, en or es",
		Section: "Errors and appearance", Saved: true,
		field: func(v *Values) any { return &v.Language },
	},
	{
		Key: "theme", Kind: Choice,
		Choices: []Option{{"", "System"}, {"light", "Light"}, {"dark", "Dark"}},
		Label:   "Theme", Help: "colours of the window: empty follows the system's, light or dark",
		Section: "Errors and appearance", Saved: true, Applies: AtOnce,
		field: func(v *Values) any { return &v.Theme },
	},
	{
		Key: "openai-base-url", Kind: String, Default: DefaultOpenAIBaseURL,
		Label: "Base URL", Help: "http or https URL of an OpenAI-compatible API, such as " + DefaultOpenAIBaseURL + " (Ollama); /chat/completions is added to it",
		Section: "OpenAI-compatible endpoint", Saved: true,
		check: checkURL,
		field: func(v *Values) any { return &v.OpenAIBaseURL },
	},
	{
		Key: "openai-model", Kind: String, Default: DefaultOpenAIModel,
		Label: "Model", Help: "the model the server should answer with: no spaces, 256 characters at most",
		Section: "OpenAI-compatible endpoint", Saved: true,
		check: checkModel,
		field: func(v *Values) any { return &v.OpenAIModel },
	},
	{
		Key: "openai-timeout", Kind: Duration, Default: "1m", Min: int64(time.Second), Max: int64(10 * time.Minute),
		Label: "Timeout", Help: "the longest a call to the endpoint may take: 1s to 10m",
		Section: "OpenAI-compatible endpoint", Saved: true,
		field: func(v *Values) any { return &v.OpenAITimeout },
	},
	{
		Key: "metrics-addr", Kind: String,
		Label: "Metrics address", Help: "serve Prometheus metrics at http://ADDR/metrics, such as " + exampleMetricsAddr + "; empty is off; loopback only, unless --metrics-allow-remote",
		Section: "Prometheus", Saved: true,
		check: checkAddr,
		field: func(v *Values) any { return &v.MetricsAddr },
	},
	{
		Key: "metrics-allow-remote", Kind: Bool, Default: "false",
		Label: "Allow remote scrapes", Help: "allow --metrics-addr on a non-loopback address; chosen at each start, never saved",
		field: func(v *Values) any { return &v.MetricsAllowRemote },
	},
	{
		Key: "push-url", Kind: String,
		Label: "Pushgateway URL", Help: "push metrics to this Prometheus Pushgateway URL, such as " + examplePushURL + "; empty is off",
		Section: "Prometheus", Saved: true,
		check: checkURL,
		field: func(v *Values) any { return &v.PushURL },
	},
	{
		Key: "push-interval", Kind: Duration, Default: "15s", Min: int64(time.Second), Max: int64(time.Hour),
		Label: "Push interval", Help: "how often to push to the Pushgateway: 1s to 1h",
		Section: "Prometheus", Saved: true,
		field: func(v *Values) any { return &v.PushInterval },
	},
	{
		Key: "otlp-endpoint", Kind: String,
		Label: "OTLP endpoint",
		Help: "send this app's traces, logs and metrics off this machine to this OpenTelemetry collector (OTLP over HTTP), such as " +
			exampleOTLPEndpoint + "; empty is off",
		Section: "OpenTelemetry", Saved: true,
		check: checkURL,
		field: func(v *Values) any { return &v.OTLPEndpoint },
	},
}

// Examples the help texts and errors give.
const (
	exampleMetricsAddr  = "127.0.0.1:9464" // promexport.DefaultAddr
	examplePushURL      = "http://127.0.0.1:9091"
	exampleOTLPEndpoint = "http://127.0.0.1:4318" // OTLP/HTTP's registered port
)

// envPrefix starts the name of every environment variable Vigía reads.
const envPrefix = "VIGIA_"

// envName returns the variable of a key: log-max-size-mb →
// VIGIA_LOG_MAX_SIZE_MB.
func envName(key string) string {
	return envPrefix + strings.ToUpper(strings.ReplaceAll(key, "-", "_"))
}

// byKey indexes schema.
var byKey = func() map[string]int {
	m := make(map[string]int, len(schema))
	for i := range schema {
		s := &schema[i]
		s.Flag = s.Key
		s.Env = envName(s.Key)
		m[s.Key] = i
	}
	return m
}()

// Schema returns the settings, in the Settings form's order. The slice is
// a copy: changing it changes nothing here.
func Schema() []Setting {
	out := make([]Setting, len(schema))
	for i, s := range schema {
		s.Choices = slices.Clone(s.Choices)
		out[i] = s
	}
	return out
}

// Lookup returns the setting named key.
func Lookup(key string) (Setting, bool) {
	s, ok := lookup(key)
	if !ok {
		return Setting{}, false
	}
	c := *s
	c.Choices = slices.Clone(c.Choices)
	return c, true
}

func lookup(key string) (*Setting, bool) {
	i, ok := byKey[key]
	if !ok {
		return nil, false
	}
	return &schema[i], true
}
