package ui

import (
	"errors"
	"fmt"
	"math"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"vigia/engine"
	"vigia/logging"
	"vigia/models/openai"
	"vigia/promexport"
	"vigia/session"
)

// Preference keys of the Settings panel. main.go reads them at start
// (LoadSettings reads them all and drops what ValidateSetting refuses).
// Numbers are stored as JSON numbers, durations as Go duration strings.
const (
	PrefLogMaxSizeMB    = "logMaxSizeMB"    // number: megabytes at which a log rotates, 1–1024
	PrefLogMaxBackups   = "logMaxBackups"   // number: rotated files kept per log, 0–1000; 0 keeps all
	PrefLogMaxAgeDays   = "logMaxAgeDays"   // number: days rotated files are kept, 0–3650; 0 keeps all
	PrefLogCompress     = "logCompress"     // bool: gzip rotated files
	PrefCacheTTL        = "cacheTTL"        // duration: how long a result stays cached, 0 (never expires) or 1s–720h
	PrefCacheMaxEntries = "cacheMaxEntries" // number: 0–1 000 000; 0 means unbounded
	PrefErrorDetails    = "errorDetails"    // string: one of ErrorDetailLevels
	PrefLanguage        = "language"        // string: "" (the system's), "en" or "es"
	PrefOpenAIBaseURL   = "openaiBaseURL"   // string: http or https URL of an OpenAI-compatible API
	PrefOpenAIModel     = "openaiModel"     // string: model name, no white space
	PrefOpenAITimeout   = "openaiTimeout"   // duration: 1s–10m
	PrefTheme           = "theme"           // string: ThemeSystem, ThemeLight or ThemeDark
	PrefMetricsAddr     = "metricsAddr"     // string: "" (off) or a loopback host:port for /metrics
	PrefPushURL         = "pushURL"         // string: "" (off) or the http or https URL of a Pushgateway
	PrefPushInterval    = "pushInterval"    // duration: 1s–1h
)

// Limits of the settings.
const (
	maxLogSizeMB       = 1024
	maxLogBackups      = 1000
	maxLogAgeDays      = 3650
	maxCacheTTL        = 720 * time.Hour
	maxCacheEntries    = 1_000_000
	minOpenAITimeout   = time.Second
	maxOpenAITimeout   = 10 * time.Minute
	maxModelNameLength = 256
	minPushInterval    = time.Second
	maxPushInterval    = time.Hour
)

// DefaultPushInterval is how often metrics go to a Pushgateway by default.
const DefaultPushInterval = 15 * time.Second

// Settings are the values of the Settings panel. DefaultSettings gives the
// defaults; the zero value is not a working configuration.
type Settings struct {
	LogMaxSizeMB  int  // megabytes at which app.log and debug.log rotate, 1–1024; default 10
	LogMaxBackups int  // rotated files kept per log, 0–1000; 0 keeps all (logging.Options wants -1 for that); default 5
	LogMaxAgeDays int  // days rotated files are kept, 0–3650; 0 keeps all (logging.Options wants -1); default 28
	LogCompress   bool // gzip rotated files; default true

	CacheTTL        time.Duration // 0 (never expire; engine.Config wants a negative TTL for that) or 1s–720h; default 1h
	CacheMaxEntries int           // 0–1 000 000; 0 means unbounded (engine.Config wants a negative value); default 1000

	ErrorDetails string // one of ErrorDetailLevels; default DetailsType
	Language     string // "" (the system's), "en" or "es"; default ""
	Theme        string // ThemeSystem, ThemeLight or ThemeDark; default ThemeSystem

	OpenAIBaseURL string        // http or https URL with a host; default openai.DefaultBaseURL
	OpenAIModel   string        // non-empty, no white space; default openai.DefaultModel
	OpenAITimeout time.Duration // 1s–10m; default openai.DefaultTimeout

	MetricsAddr  string        // "" (off, the default) or a loopback host:port where /metrics is served
	PushURL      string        // "" (off, the default) or a Pushgateway URL
	PushInterval time.Duration // 1s–1h; default DefaultPushInterval
}

// DefaultSettings returns the settings used where none are saved.
func DefaultSettings() Settings {
	return Settings{
		LogMaxSizeMB:    logging.DefaultMaxSizeMB,
		LogMaxBackups:   logging.DefaultMaxBackups,
		LogMaxAgeDays:   logging.DefaultMaxAgeDays,
		LogCompress:     true,
		CacheTTL:        engine.DefaultCacheTTL,
		CacheMaxEntries: engine.DefaultCacheMaxEntries,
		ErrorDetails:    DetailsType,
		Language:        "",
		Theme:           ThemeSystem,
		OpenAIBaseURL:   openai.DefaultBaseURL,
		OpenAIModel:     openai.DefaultModel,
		OpenAITimeout:   openai.DefaultTimeout,
		PushInterval:    DefaultPushInterval,
	}
}

// LoadSettings reads the settings saved in p. A value that is missing or of
// the wrong type keeps its default; one that ValidateSetting refuses keeps
// its default too, and the error returned names it.
func LoadSettings(p *Prefs) (Settings, error) {
	s := DefaultSettings()
	var errs []error
	whole := func(key string, dst *int) {
		f := p.Float(key, math.NaN())
		if math.IsNaN(f) {
			return
		}
		v := strconv.FormatFloat(f, 'f', -1, 64)
		if err := ValidateSetting(key, v); err != nil {
			errs = append(errs, err)
			return
		}
		*dst, _ = strconv.Atoi(v)
	}
	const unset = "\x00"
	text := func(key string, dst *string) {
		v := p.String(key, unset)
		if v == unset {
			return
		}
		if err := ValidateSetting(key, v); err != nil {
			errs = append(errs, err)
			return
		}
		*dst = strings.TrimSpace(v)
	}
	duration := func(key string, dst *time.Duration) {
		var v string
		text(key, &v)
		if v != "" {
			*dst, _ = time.ParseDuration(v)
		}
	}
	whole(PrefLogMaxSizeMB, &s.LogMaxSizeMB)
	whole(PrefLogMaxBackups, &s.LogMaxBackups)
	whole(PrefLogMaxAgeDays, &s.LogMaxAgeDays)
	s.LogCompress = p.Bool(PrefLogCompress, s.LogCompress)
	duration(PrefCacheTTL, &s.CacheTTL)
	whole(PrefCacheMaxEntries, &s.CacheMaxEntries)
	text(PrefErrorDetails, &s.ErrorDetails)
	text(PrefLanguage, &s.Language)
	text(PrefTheme, &s.Theme)
	text(PrefOpenAIBaseURL, &s.OpenAIBaseURL)
	text(PrefOpenAIModel, &s.OpenAIModel)
	duration(PrefOpenAITimeout, &s.OpenAITimeout)
	text(PrefMetricsAddr, &s.MetricsAddr)
	text(PrefPushURL, &s.PushURL)
	duration(PrefPushInterval, &s.PushInterval)
	return s, errors.Join(errs...)
}

// prefValues are s as stored in Prefs.
func (s Settings) prefValues() map[string]any {
	return map[string]any{
		PrefLogMaxSizeMB:    float64(s.LogMaxSizeMB), // as JSON reads it back, so Prefs.Float finds it before a reload too
		PrefLogMaxBackups:   float64(s.LogMaxBackups),
		PrefLogMaxAgeDays:   float64(s.LogMaxAgeDays),
		PrefLogCompress:     s.LogCompress,
		PrefCacheTTL:        shortDuration(s.CacheTTL),
		PrefCacheMaxEntries: float64(s.CacheMaxEntries),
		PrefErrorDetails:    s.ErrorDetails,
		PrefLanguage:        s.Language,
		PrefTheme:           s.Theme,
		PrefOpenAIBaseURL:   s.OpenAIBaseURL,
		PrefOpenAIModel:     s.OpenAIModel,
		PrefOpenAITimeout:   shortDuration(s.OpenAITimeout),
		PrefMetricsAddr:     s.MetricsAddr,
		PrefPushURL:         s.PushURL,
		PrefPushInterval:    shortDuration(s.PushInterval),
	}
}

// shortDuration formats d as people write it: 1h rather than 1h0m0s.
func shortDuration(d time.Duration) string {
	if d == 0 {
		return "0"
	}
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}

// ValidateSetting reports whether value may be stored under key, one of
// the Pref… keys of the Settings panel, as text: numbers in decimal,
// booleans as true or false, durations as Go writes them (90s, 1h30m).
// Surrounding white space is ignored. The error names the key and says
// what the value must be.
func ValidateSetting(key, value string) error {
	if err := checkSetting(key, value, untranslated); err != nil {
		return fmt.Errorf("%s=%q: %w", key, value, err)
	}
	return nil
}

// untranslated leaves a message in English, as the logs have it.
func untranslated(s string) string { return s }

// checkSetting is ValidateSetting without the key in its message: the form
// shows the message under the field it is about. L translates the
// message's text: the package's L for the form, untranslated for the logs.
func checkSetting(key, value string, L func(string) string) error {
	v := strings.TrimSpace(value)
	if _, ok := DefaultSettings().prefValues()[key]; !ok {
		return errors.New(L("is not a setting"))
	}
	if !utf8.ValidString(v) {
		return errors.New(L("is not valid text (UTF-8)"))
	}
	if strings.ContainsFunc(v, unicode.IsControl) {
		return errors.New(L("can't contain control characters"))
	}
	switch key {
	case PrefLogMaxSizeMB:
		return checkWhole(v, 1, maxLogSizeMB, "", L)
	case PrefLogMaxBackups:
		return checkWhole(v, 0, maxLogBackups, L(" (0 keeps all)"), L)
	case PrefLogMaxAgeDays:
		return checkWhole(v, 0, maxLogAgeDays, L(" (0 keeps all)"), L)
	case PrefCacheMaxEntries:
		return checkWhole(v, 0, maxCacheEntries, L(" (0 means no limit)"), L)
	case PrefLogCompress:
		if _, err := strconv.ParseBool(v); err != nil {
			return errors.New(L("must be true or false"))
		}
	case PrefCacheTTL:
		d, err := time.ParseDuration(v)
		if err != nil || (d != 0 && (d < time.Second || d > maxCacheTTL)) {
			return errors.New(L("must be 0 (never expire) or a duration from 1s to 720h, such as 30m or 1h"))
		}
	case PrefOpenAITimeout:
		d, err := time.ParseDuration(v)
		if err != nil || d < minOpenAITimeout || d > maxOpenAITimeout {
			return errors.New(L("must be a duration from 1s to 10m, such as 60s or 2m"))
		}
	case PrefErrorDetails:
		if !slices.Contains(ErrorDetailLevels, v) {
			return fmt.Errorf(L("must be one of %s"), strings.Join(ErrorDetailLevels, ", "))
		}
	case PrefLanguage:
		if choiceLabel(settingsLanguages, v) == "" {
			return errors.New(L("must be empty (the system's language), en or es"))
		}
	case PrefTheme:
		if choiceLabel(settingsThemes, v) == "" {
			return errors.New(L("must be empty (the system's), light or dark"))
		}
	case PrefOpenAIBaseURL:
		return checkHTTPURL(v, fmt.Sprintf(L("must be an http or https URL with a host, such as %s"), openai.DefaultBaseURL),
			fmt.Sprintf(L("the API key comes from %s"), openai.APIKeyEnv), L)
	case PrefMetricsAddr:
		return checkMetricsAddr(v, L)
	case PrefPushURL:
		if v == "" {
			return nil
		}
		return checkHTTPURL(v, fmt.Sprintf(L("must be empty (off) or an http or https URL with a host, such as %s"), "http://127.0.0.1:9091"),
			L("settings are stored in plain text"), L)
	case PrefPushInterval:
		d, err := time.ParseDuration(v)
		if err != nil || d < minPushInterval || d > maxPushInterval {
			return errors.New(L("must be a duration from 1s to 1h, such as 15s or 1m"))
		}
	case PrefOpenAIModel:
		switch {
		case v == "":
			return fmt.Errorf(L("can't be empty: name the model the server should use, such as %s"), openai.DefaultModel)
		case strings.ContainsFunc(v, unicode.IsSpace):
			return errors.New(L("can't contain spaces"))
		case len(v) > maxModelNameLength:
			return fmt.Errorf(L("is too long: %d characters at most"), maxModelNameLength)
		}
	default:
		return errors.New(L("is not a setting"))
	}
	return nil
}

// checkWhole checks a whole number from lo to hi; note ends the message.
func checkWhole(v string, lo, hi int, note string, L func(string) string) error {
	n, err := strconv.Atoi(v)
	if err != nil || n < lo || n > hi {
		return fmt.Errorf(L("must be a whole number from %d to %d%s"), lo, hi, note)
	}
	return nil
}

// checkHTTPURL checks an http or https URL with a host; bad is the message
// otherwise. A user name or password in it is refused, and why says why: a
// URL is shown, logged and stored.
func checkHTTPURL(v, bad, why string, L func(string) string) error {
	u, err := url.Parse(v)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Hostname() == "" {
		return errors.New(bad)
	}
	if u.User != nil {
		return fmt.Errorf(L("can't hold a user name or password: %s"), why)
	}
	return nil
}

// checkMetricsAddr checks where /metrics is served: off, or a loopback
// host:port. Other machines may reach the endpoint only through the
// --metrics-allow-remote flag, a decision made at each start, never saved.
func checkMetricsAddr(v string, L func(string) string) error {
	if v == "" {
		return nil
	}
	host, port, err := net.SplitHostPort(v)
	if n, perr := strconv.Atoi(port); err != nil || perr != nil || n < 0 || n > 65535 {
		return fmt.Errorf(L("must be empty (off) or host:port, such as %s"), promexport.DefaultAddr)
	}
	if ok, _ := promexport.IsLoopback(v); !ok {
		return fmt.Errorf(L("must be a loopback address such as 127.0.0.1 or localhost, not %q: other machines are let in only with --metrics-allow-remote"), host)
	}
	return nil
}

// settingsChoice is one option of a select: the value stored, the label shown.
type settingsChoice struct{ value, label string }

var (
	settingsLanguages = []settingsChoice{{"", "System"}, {"en", "English"}, {"es", "Español"}}
	settingsThemes    = []settingsChoice{{ThemeSystem, "System"}, {ThemeLight, "Light"}, {ThemeDark, "Dark"}}
)

// choiceLabels returns the labels, translated, as a select shows them.
func choiceLabels(cs []settingsChoice) []string {
	var out []string
	for _, c := range cs {
		out = append(out, L(c.label))
	}
	return out
}

// choiceLabel returns the translated label of value, or "" if it is not a
// choice.
func choiceLabel(cs []settingsChoice, value string) string {
	for _, c := range cs {
		if c.value == value {
			return L(c.label)
		}
	}
	return ""
}

// choiceValue returns the value of a translated label.
func choiceValue(cs []settingsChoice, label string) string {
	for _, c := range cs {
		if L(c.label) == label {
			return c.value
		}
	}
	return ""
}

// settingsField is an entry of the form with the key it edits.
type settingsField struct {
	key   string
	label string
	entry *widget.Entry
}

// settingsPanel lets people change the app's settings. Error details and
// the theme apply as soon as they are chosen; Save stores every value, or
// none if one is invalid; rotation, cache, language and the endpoint take
// effect at the next start.
type settingsPanel struct {
	w      *sessionWindow
	logDir string // the folder of app.log; "" if there is none

	logDirLabel *widget.Label
	openDir     *widget.Button
	maxSize     *widget.Entry
	backups     *widget.Entry
	maxAge      *widget.Entry
	compress    *widget.Check
	cacheTTL    *widget.Entry
	cacheMax    *widget.Entry
	clearCache  *widget.Button
	details     *widget.Select
	language    *widget.Select
	theme       *widget.Select
	baseURL     *widget.Entry
	model       *widget.Entry
	timeout     *widget.Entry
	apiKey      *widget.Label
	metricsAddr *widget.Entry
	pushURL     *widget.Entry
	pushEvery   *widget.Entry
	save        *widget.Button
	status      *widget.Label

	fields []settingsField // the entries, in form order
	saved  Settings        // as last loaded or saved: tells what a save changes
}

func newSettingsPanel(w *sessionWindow) *settingsPanel {
	p := &settingsPanel{w: w}
	s, loadErr := LoadSettings(w.app.deps.Prefs)
	if w.app.deps.Prefs.String(PrefErrorDetails, "") == "" && slices.Contains(ErrorDetailLevels, w.app.deps.ErrorDetails) {
		s.ErrorDetails = w.app.deps.ErrorDetails // never saved: show the level in force (--error-details)
	}
	p.saved = s

	p.logDirLabel = &widget.Label{Text: L("no log file"), Selectable: true, Truncation: fyne.TextTruncateEllipsis}
	p.openDir = &widget.Button{Text: L("Open"), OnTapped: p.onOpenLogDir}
	if path := w.app.deps.Logs.AppLogPath(); path != "" {
		p.logDir = filepath.Dir(path)
		p.logDirLabel.Text = p.logDir
	} else {
		p.openDir.Disable()
	}

	p.maxSize = p.entry(PrefLogMaxSizeMB, "Max size (MB)", strconv.Itoa(s.LogMaxSizeMB))
	p.backups = p.entry(PrefLogMaxBackups, "Backups", strconv.Itoa(s.LogMaxBackups))
	p.maxAge = p.entry(PrefLogMaxAgeDays, "Max age (days)", strconv.Itoa(s.LogMaxAgeDays))
	p.compress = &widget.Check{Text: L("Compress rotated files (gzip)"), Checked: s.LogCompress, OnChanged: p.onCompressChanged}
	p.cacheTTL = p.entry(PrefCacheTTL, "Cache TTL", shortDuration(s.CacheTTL))
	p.cacheMax = p.entry(PrefCacheMaxEntries, "Max entries", strconv.Itoa(s.CacheMaxEntries))
	p.clearCache = &widget.Button{Text: L("Clear cache"), OnTapped: p.onClearCache}
	if w.app.deps.Stats == nil {
		p.clearCache.Disable()
	}
	p.details = &widget.Select{Options: ErrorDetailLevels, Selected: s.ErrorDetails, OnChanged: p.onDetailsChanged}
	p.language = &widget.Select{Options: choiceLabels(settingsLanguages), Selected: choiceLabel(settingsLanguages, s.Language), OnChanged: p.onLanguageChanged}
	p.theme = &widget.Select{Options: choiceLabels(settingsThemes), Selected: choiceLabel(settingsThemes, s.Theme), OnChanged: p.onThemeChanged}
	p.baseURL = p.entry(PrefOpenAIBaseURL, "Base URL", s.OpenAIBaseURL)
	p.model = p.entry(PrefOpenAIModel, "Model", s.OpenAIModel)
	p.timeout = p.entry(PrefOpenAITimeout, "Timeout", shortDuration(s.OpenAITimeout))
	p.apiKey = widget.NewLabel(apiKeyStatus())
	p.metricsAddr = p.entry(PrefMetricsAddr, "Metrics address", s.MetricsAddr)
	p.metricsAddr.PlaceHolder = L("off") + " — " + promexport.DefaultAddr
	p.pushURL = p.entry(PrefPushURL, "Pushgateway URL", s.PushURL)
	p.pushURL.PlaceHolder = L("off") + " — http://127.0.0.1:9091"
	p.pushEvery = p.entry(PrefPushInterval, "Push interval", shortDuration(s.PushInterval))
	p.save = &widget.Button{Text: L("Save"), Importance: widget.HighImportance, OnTapped: p.onSave}
	p.status = &widget.Label{Wrapping: fyne.TextWrapWord}
	if loadErr != nil {
		p.setStatus(widget.WarningImportance, L("Some saved settings were invalid and show their defaults instead:")+" "+loadErr.Error())
	}
	return p
}

// entry makes the entry of key, which validates as people type; Enter
// saves.
func (p *settingsPanel) entry(key, label, text string) *widget.Entry {
	e := &widget.Entry{Text: text, Validator: func(s string) error { return checkField(key, s) },
		OnSubmitted: func(string) { p.onSave() }}
	p.fields = append(p.fields, settingsField{key: key, label: label, entry: e})
	return e
}

// checkField is checkSetting with its message translated, for the form.
func checkField(key, value string) error {
	return checkSetting(key, value, L)
}

// apiKeyStatus says whether the API key is set, never what it is.
func apiKeyStatus() string {
	if strings.TrimSpace(os.Getenv(openai.APIKeyEnv)) != "" {
		return fmt.Sprintf(L("Set in the environment (%s)"), openai.APIKeyEnv)
	}
	return fmt.Sprintf(L("Not set — export %s"), openai.APIKeyEnv)
}

func (p *settingsPanel) content() fyne.CanvasObject {
	item := func(label string, obj fyne.CanvasObject, hint string) *widget.FormItem {
		tr := func(s string) string {
			if s == "" {
				return ""
			}
			return L(s)
		}
		return &widget.FormItem{Text: tr(label), Widget: obj, HintText: tr(hint)}
	}
	section := func(title string, items ...*widget.FormItem) fyne.CanvasObject {
		return container.NewVBox(
			widget.NewLabelWithStyle(L(title), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
			&widget.Form{Items: items})
	}
	intro := &widget.Label{Wrapping: fyne.TextWrapWord, Text: L("Save keeps every value, or none if one is invalid. " +
		"Error details and the theme apply at once; log rotation, the cache, the language, the endpoint and the Prometheus export at the next start.")}
	body := container.NewVBox(intro,
		section("Logs",
			item("Folder", container.NewBorder(nil, nil, nil, p.openDir, p.logDirLabel), "Chosen at start with --log-dir (or VIGIA_LOG_DIR)."),
			item("Max size (MB)", p.maxSize, "A log file rotates when it reaches this size: 1 to 1024."),
			item("Backups", p.backups, "Rotated files kept per log: 0 to 1000, 0 keeps all."),
			item("Max age (days)", p.maxAge, "Days rotated files are kept: 0 to 3650, 0 keeps all."),
			item("", p.compress, ""),
		),
		section("Cache",
			item("Cache TTL", p.cacheTTL, "How long a result stays cached, such as 30m or 1h; 0 never expires."),
			item("Max entries", p.cacheMax, "0 to 1000000; 0 means no limit."),
			item("", container.NewHBox(p.clearCache), "Empties the cache now."),
		),
		section("Errors and appearance",
			item("Error details", p.details, "What an error dialog shows outside debug mode: full, stacktrace, type (message and error type) or none."),
			item("Language", p.language, "System follows the system's locale."),
			item("Theme", p.theme, ""),
		),
		section("OpenAI-compatible endpoint",
			item("Base URL", p.baseURL, "Such as http://127.0.0.1:11434/v1 (Ollama); /chat/completions is added to it."),
			item("Model", p.model, "The model the server should answer with."),
			item("Timeout", p.timeout, "The longest a call may take: 1s to 10m."),
			item("API key", p.apiKey, "Read only from the environment; never entered or stored here."),
		),
		section("Prometheus",
			item("Metrics address", p.metricsAddr, "Serves /metrics there, such as 127.0.0.1:9464; empty is off. Loopback only."),
			item("Pushgateway URL", p.pushURL, "Pushes the metrics there, and once more when a session ends; empty is off."),
			item("Push interval", p.pushEvery, "How often to push: 1s to 1h."),
		),
	)
	bar := container.NewBorder(nil, nil, p.save, nil, p.status)
	return container.NewBorder(nil, container.NewVBox(widget.NewSeparator(), bar), nil, nil, container.NewVScroll(body))
}

func (p *settingsPanel) setStatus(imp widget.Importance, text string) {
	p.status.Importance = imp
	p.status.SetText(text)
}

func (p *settingsPanel) onOpenLogDir() {
	defer p.w.guard("open_log_folder")
	dir := p.logDir
	session.Track(p.w.ctx, "open_log_folder", dir)
	path := filepath.ToSlash(dir)
	if !strings.HasPrefix(path, "/") {
		path = "/" + path // C:/logs → /C:/logs, as a file URL wants
	}
	if err := fyne.CurrentApp().OpenURL(&url.URL{Scheme: "file", Path: path}); err != nil {
		p.w.showError(L("Can't open the log folder"), fmt.Errorf("open %s: %w", dir, err))
	}
}

func (p *settingsPanel) onClearCache() {
	defer p.w.guard("clear_cache")
	session.Track(p.w.ctx, "clear_cache", "settings")
	if s := p.w.app.deps.Stats; s != nil {
		s.ClearCache()
		p.setStatus(widget.MediumImportance, L("Cache cleared."))
	}
}

func (p *settingsPanel) onCompressChanged(on bool) {
	defer p.w.guard("set_setting")
	session.Track(p.w.ctx, "set_setting", fmt.Sprintf("%s=%v", PrefLogCompress, on))
}

// onDetailsChanged applies the level at once, to every window.
func (p *settingsPanel) onDetailsChanged(level string) {
	defer p.w.guard("set_setting")
	session.Track(p.w.ctx, "set_setting", PrefErrorDetails+"="+level)
	p.w.app.deps.ErrorDetails = level
}

func (p *settingsPanel) onLanguageChanged(label string) {
	defer p.w.guard("set_setting")
	session.Track(p.w.ctx, "set_setting", PrefLanguage+"="+choiceValue(settingsLanguages, label))
}

// onThemeChanged applies the theme at once.
func (p *settingsPanel) onThemeChanged(label string) {
	defer p.w.guard("set_setting")
	choice := choiceValue(settingsThemes, label)
	session.Track(p.w.ctx, "set_setting", PrefTheme+"="+choice)
	fyne.CurrentApp().Settings().SetTheme(ThemeFor(choice))
}

// onSave stores every setting, or none if one is invalid.
func (p *settingsPanel) onSave() {
	defer p.w.guard("save_settings")
	var problems, bad []string
	var first *widget.Entry
	for _, f := range p.fields {
		if err := checkField(f.key, f.entry.Text); err != nil {
			problems = append(problems, L(f.label)+" "+err.Error())
			bad = append(bad, f.key)
			if first == nil {
				first = f.entry
			}
		}
	}
	if len(problems) > 0 {
		session.Track(p.w.ctx, "save_settings", "refused: "+strings.Join(bad, ","))
		p.setStatus(widget.DangerImportance, fmt.Sprintf(L("Not saved. %s."), strings.Join(problems, "; ")))
		p.w.win.Canvas().Focus(first)
		return
	}
	s := p.current()
	changed := changedKeys(p.saved.prefValues(), s.prefValues())
	session.Track(p.w.ctx, "save_settings", "changed: "+strings.Join(changed, ","))
	if err := p.w.app.deps.Prefs.setAll(s.prefValues()); err != nil {
		p.setStatus(widget.DangerImportance, fmt.Sprintf(L("Not saved: the preferences file can't be written (%v)."), err))
		return
	}
	p.w.app.deps.ErrorDetails = s.ErrorDetails
	fyne.CurrentApp().Settings().SetTheme(ThemeFor(s.Theme))
	p.saved = s
	p.setStatus(widget.SuccessImportance, savedMessage(changed))
}

// current reads the form; every entry must be valid.
func (p *settingsPanel) current() Settings {
	whole := func(e *widget.Entry) int {
		n, _ := strconv.Atoi(strings.TrimSpace(e.Text))
		return n
	}
	duration := func(e *widget.Entry) time.Duration {
		d, _ := time.ParseDuration(strings.TrimSpace(e.Text))
		return d
	}
	return Settings{
		LogMaxSizeMB:    whole(p.maxSize),
		LogMaxBackups:   whole(p.backups),
		LogMaxAgeDays:   whole(p.maxAge),
		LogCompress:     p.compress.Checked,
		CacheTTL:        duration(p.cacheTTL),
		CacheMaxEntries: whole(p.cacheMax),
		ErrorDetails:    p.details.Selected,
		Language:        choiceValue(settingsLanguages, p.language.Selected),
		Theme:           choiceValue(settingsThemes, p.theme.Selected),
		OpenAIBaseURL:   strings.TrimSpace(p.baseURL.Text),
		OpenAIModel:     strings.TrimSpace(p.model.Text),
		OpenAITimeout:   duration(p.timeout),
		MetricsAddr:     strings.TrimSpace(p.metricsAddr.Text),
		PushURL:         strings.TrimSpace(p.pushURL.Text),
		PushInterval:    duration(p.pushEvery),
	}
}

// changedKeys lists the keys whose values differ, sorted.
func changedKeys(before, after map[string]any) []string {
	var out []string
	for k, v := range after {
		if before[k] != v {
			out = append(out, k)
		}
	}
	slices.Sort(out)
	return out
}

// savedMessage says what of the changed keys waits for the next start.
func savedMessage(changed []string) string {
	groups := []struct {
		name string
		keys []string
	}{
		{"log rotation", []string{PrefLogMaxSizeMB, PrefLogMaxBackups, PrefLogMaxAgeDays, PrefLogCompress}},
		{"the cache", []string{PrefCacheTTL, PrefCacheMaxEntries}},
		{"the language", []string{PrefLanguage}},
		{"the endpoint", []string{PrefOpenAIBaseURL, PrefOpenAIModel, PrefOpenAITimeout}},
		{"the Prometheus export", []string{PrefMetricsAddr, PrefPushURL, PrefPushInterval}},
	}
	var later []string
	for _, g := range groups {
		if slices.ContainsFunc(g.keys, func(k string) bool { return slices.Contains(changed, k) }) {
			later = append(later, L(g.name))
		}
	}
	if len(later) == 0 {
		return L("Saved.")
	}
	list := later[0]
	if n := len(later); n > 1 {
		list = fmt.Sprintf(L("%s and %s"), strings.Join(later[:n-1], ", "), later[n-1])
	}
	return fmt.Sprintf(L("Saved. Changes to %s take effect at the next start."), list)
}
