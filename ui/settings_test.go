package ui

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"vigia/models/openai"
)

// openSettings opens a window and a settings panel shown in a window of
// its own (the panel is not one of the session window's tabs).
func openSettings(t *testing.T, h *harness) (*sessionWindow, *settingsPanel, fyne.Window) {
	t.Helper()
	w := h.open(t)
	p := newSettingsPanel(w)
	win := test.NewTempWindow(t, p.content())
	win.Resize(fyne.NewSize(900, 1400))
	return w, p, win
}

func (h *harness) prefsFile(t *testing.T) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(h.dir, "prefs.json"))
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	return b
}

// trackedDetails returns the details of the tracked actions named action.
func trackedDetails(h *harness, action string) []string {
	var out []string
	for _, e := range h.events("user_action") {
		if a, _ := e.Attr("action"); a.String() == action {
			d, _ := e.Attr("details")
			out = append(out, d.String())
		}
	}
	return out
}

func TestSettingsValidate(t *testing.T) {
	for _, c := range []struct {
		key, value string
		ok         bool
	}{
		{PrefLogMaxSizeMB, "1", true},
		{PrefLogMaxSizeMB, " 1024 ", true},
		{PrefLogMaxSizeMB, "0", false},
		{PrefLogMaxSizeMB, "1025", false},
		{PrefLogMaxSizeMB, "10.5", false},
		{PrefLogMaxSizeMB, "ten", false},
		{PrefLogMaxBackups, "0", true},
		{PrefLogMaxBackups, "1000", true},
		{PrefLogMaxBackups, "-1", false},
		{PrefLogMaxBackups, "1001", false},
		{PrefLogMaxAgeDays, "3650", true},
		{PrefLogMaxAgeDays, "3651", false},
		{PrefLogCompress, "false", true},
		{PrefLogCompress, "maybe", false},
		{PrefCacheTTL, "0", true},
		{PrefCacheTTL, "1s", true},
		{PrefCacheTTL, "720h", true},
		{PrefCacheTTL, "500ms", false},
		{PrefCacheTTL, "721h", false},
		{PrefCacheTTL, "-1h", false},
		{PrefCacheTTL, "1 hour", false},
		{PrefCacheMaxEntries, "0", true},
		{PrefCacheMaxEntries, "1000000", true},
		{PrefCacheMaxEntries, "1000001", false},
		{PrefErrorDetails, DetailsNone, true},
		{PrefErrorDetails, "verbose", false},
		{PrefLanguage, "", true},
		{PrefLanguage, "es", true},
		{PrefLanguage, "fr", false},
		{PrefTheme, "", true},
		{PrefTheme, ThemeDark, true},
		{PrefTheme, "blue", false},
		{PrefOpenAIBaseURL, "http://127.0.0.1:11434/v1", true},
		{PrefOpenAIBaseURL, "https://api.openai.com/v1", true},
		{PrefOpenAIBaseURL, "ftp://example.com", false},
		{PrefOpenAIBaseURL, "localhost:11434", false},
		{PrefOpenAIBaseURL, "http://", false},
		{PrefOpenAIBaseURL, "https://user:sk-secret@api.openai.com/v1", false},
		{PrefOpenAIModel, "llama3.2", true},
		{PrefOpenAIModel, "qwen2.5:7b-instruct", true},
		{PrefOpenAIModel, "", false},
		{PrefOpenAIModel, "llama 3", false},
		{PrefOpenAIModel, strings.Repeat("m", 257), false},
		{PrefOpenAITimeout, "1s", true},
		{PrefOpenAITimeout, "10m", true},
		{PrefOpenAITimeout, "999ms", false},
		{PrefOpenAITimeout, "11m", false},
		{PrefOpenAITimeout, "0", false},
		{PrefMetricsAddr, "", true},
		{PrefMetricsAddr, "127.0.0.1:9464", true},
		{PrefMetricsAddr, "localhost:0", true},
		{PrefMetricsAddr, "[::1]:9464", true},
		{PrefMetricsAddr, "0.0.0.0:9464", false},
		{PrefMetricsAddr, ":9464", false},
		{PrefMetricsAddr, "192.168.1.5:9464", false},
		{PrefMetricsAddr, "127.0.0.1", false},
		{PrefMetricsAddr, "127.0.0.1:99999", false},
		{PrefPushURL, "", true},
		{PrefPushURL, "http://127.0.0.1:9091", true},
		{PrefPushURL, "https://push.example.com/", true},
		{PrefPushURL, "127.0.0.1:9091", false},
		{PrefPushURL, "https://u:p@push.example.com", false},
		{PrefPushInterval, "15s", true},
		{PrefPushInterval, "1h", true},
		{PrefPushInterval, "500ms", false},
		{PrefPushInterval, "2h", false},
		{"noSuchSetting", "1", false},
	} {
		err := ValidateSetting(c.key, c.value)
		if (err == nil) != c.ok {
			t.Errorf("ValidateSetting(%s, %q) got %v, want ok=%v", c.key, c.value, err, c.ok)
		}
		if err != nil && !strings.Contains(err.Error(), c.key) {
			t.Errorf("ValidateSetting(%s, %q) got %q, want the key in it", c.key, c.value, err)
		}
	}
}

func TestSettingsShortDuration(t *testing.T) {
	for d, want := range map[time.Duration]string{
		0: "0", time.Hour: "1h", 90 * time.Minute: "1h30m", 5 * time.Minute: "5m",
		90 * time.Second: "1m30s", time.Hour + time.Second: "1h0m1s", 1500 * time.Millisecond: "1.5s",
	} {
		if got := shortDuration(d); got != want {
			t.Errorf("shortDuration(%v) got %q, want %q", d, got, want)
		}
		if back, err := time.ParseDuration(shortDuration(d)); err != nil || back != d {
			t.Errorf("shortDuration(%v) = %q parses back as %v, %v", d, shortDuration(d), back, err)
		}
	}
}

func TestSettingsStartFromDefaults(t *testing.T) {
	h := newHarness(t, DetailsType)
	_, p, _ := openSettings(t, h)
	got := map[string]string{
		"max size": p.maxSize.Text, "backups": p.backups.Text, "age": p.maxAge.Text,
		"ttl": p.cacheTTL.Text, "entries": p.cacheMax.Text, "details": p.details.Selected,
		"language": p.language.Selected, "url": p.baseURL.Text, "model": p.model.Text,
		"timeout": p.timeout.Text, "theme": p.theme.Selected,
	}
	want := map[string]string{
		"max size": "10", "backups": "5", "age": "28", "ttl": "1h", "entries": "1000", "details": DetailsType,
		"language": "System", "url": "http://127.0.0.1:11434/v1", "model": "llama3.2", "timeout": "1m", "theme": "System",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got fields %v, want %v", got, want)
	}
	if !p.compress.Checked {
		t.Error("compress starts off, want on")
	}
	if want := h.dir; p.logDirLabel.Text != want || !p.logDirLabel.Selectable {
		t.Errorf("got log folder %q (selectable %v), want %q", p.logDirLabel.Text, p.logDirLabel.Selectable, want)
	}
}

// TestSettingsRejectInvalid: each entry refuses a bad value as it is typed,
// with a message under it, and Save then names the field and writes nothing.
func TestSettingsRejectInvalid(t *testing.T) {
	h := newHarness(t, DetailsType)
	_, p, win := openSettings(t, h)
	for _, c := range []struct {
		entry *widget.Entry
		key   string
		bad   string
		label string
		want  string
	}{
		{p.maxSize, PrefLogMaxSizeMB, "0", "Max size (MB)", "must be a whole number from 1 to 1024"},
		{p.backups, PrefLogMaxBackups, "-3", "Backups", "must be a whole number from 0 to 1000 (0 keeps all)"},
		{p.maxAge, PrefLogMaxAgeDays, "forever", "Max age (days)", "must be a whole number from 0 to 3650"},
		{p.cacheTTL, PrefCacheTTL, "1 hour", "Cache TTL", "must be 0 (never expire) or a duration from 1s to 720h"},
		{p.cacheMax, PrefCacheMaxEntries, "2000000", "Max entries", "must be a whole number from 0 to 1000000"},
		{p.baseURL, PrefOpenAIBaseURL, "localhost:11434/v1", "Base URL", "must be an http or https URL with a host"},
		{p.baseURL, PrefOpenAIBaseURL, "https://me:sk-123@api.example.com/v1", "Base URL", "can't hold a user name or password"},
		{p.model, PrefOpenAIModel, "", "Model", "can't be empty"},
		{p.model, PrefOpenAIModel, "llama 3", "Model", "can't contain spaces"},
		{p.timeout, PrefOpenAITimeout, "20m", "Timeout", "must be a duration from 1s to 10m"},
		{p.metricsAddr, PrefMetricsAddr, "0.0.0.0:9464", "Metrics address", "must be a loopback address"},
		{p.pushURL, PrefPushURL, "pushgateway:9091", "Pushgateway URL", "must be empty (off) or an http or https URL"},
		{p.pushEvery, PrefPushInterval, "0", "Push interval", "must be a duration from 1s to 1h"},
	} {
		before := h.prefsFile(t)
		beforeValue := h.app.deps.Prefs.String(c.key, "unset")
		good := c.entry.Text
		p.status.SetText("")
		c.entry.SetText("")
		test.Type(c.entry, c.bad)
		c.entry.FocusLost() // the form shows a field's message once it loses the focus
		if err := c.entry.Validate(); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s=%q: got validation error %v, want %q", c.key, c.bad, err, c.want)
		}
		if markup := test.RenderToMarkup(win.Canvas()); !strings.Contains(markup, c.want) {
			t.Errorf("%s=%q: the form does not show %q", c.key, c.bad, c.want)
		}
		p.compress.SetChecked(!p.compress.Checked) // valid changes elsewhere are not saved either
		test.Tap(p.save)
		if !strings.Contains(p.status.Text, "Not saved") || !strings.Contains(p.status.Text, c.label+" "+c.want) {
			t.Errorf("%s=%q: got status %q, want the field %q and %q", c.key, c.bad, p.status.Text, c.label, c.want)
		}
		if after := h.prefsFile(t); string(after) != string(before) {
			t.Errorf("%s=%q: the preferences file changed:\n%s\nwant\n%s", c.key, c.bad, after, before)
		}
		if got := h.app.deps.Prefs.String(c.key, "unset"); got != beforeValue {
			t.Errorf("%s=%q: got preference %q, want %q", c.key, c.bad, got, beforeValue)
		}
		c.entry.SetText(good)
	}
	if got := trackedDetails(h, "save_settings"); len(got) != 13 || !strings.HasPrefix(got[0], "refused: "+PrefLogMaxSizeMB) {
		t.Errorf("got tracked saves %q, want 13 refusals", got)
	}
}

// TestSettingsSelectsRefuseUnknown: a select keeps its choice when asked
// for one it does not offer, so it can't hold an invalid value.
func TestSettingsSelectsRefuseUnknown(t *testing.T) {
	h := newHarness(t, DetailsType)
	_, p, _ := openSettings(t, h)
	for _, s := range []*widget.Select{p.details, p.language, p.theme} {
		before := s.Selected
		s.SetSelected("bogus")
		if s.Selected != before {
			t.Errorf("got %q after choosing bogus, want %q", s.Selected, before)
		}
	}
}

func TestSettingsSaveAndReload(t *testing.T) {
	h := newHarness(t, DetailsType)
	_, p, _ := openSettings(t, h)
	for e, v := range map[*widget.Entry]string{
		p.maxSize: "64", p.backups: "0", p.maxAge: " 90 ", p.cacheTTL: "90m", p.cacheMax: "0",
		p.baseURL: "https://api.example.com/v1", p.model: "gpt-4o-mini", p.timeout: "2m30s",
		p.metricsAddr: "127.0.0.1:9464", p.pushURL: "http://127.0.0.1:9091", p.pushEvery: "1m",
	} {
		e.SetText(v)
	}
	p.compress.SetChecked(false)
	p.details.SetSelected(DetailsFull)
	p.language.SetSelected("Español")
	p.theme.SetSelected("Dark")
	test.Tap(p.save)
	if !strings.HasPrefix(p.status.Text, "Saved.") ||
		!strings.Contains(p.status.Text, "log rotation, the cache, the language, the endpoint and the Prometheus export take effect at the next start") {
		t.Errorf("got status %q, want Saved and what waits for the next start", p.status.Text)
	}

	want := Settings{
		LogMaxSizeMB: 64, LogMaxBackups: 0, LogMaxAgeDays: 90, LogCompress: false,
		CacheTTL: 90 * time.Minute, CacheMaxEntries: 0,
		ErrorDetails: DetailsFull, Language: "es", Theme: ThemeDark,
		OpenAIBaseURL: "https://api.example.com/v1", OpenAIModel: "gpt-4o-mini", OpenAITimeout: 150 * time.Second,
		MetricsAddr: "127.0.0.1:9464", PushURL: "http://127.0.0.1:9091", PushInterval: time.Minute,
	}
	reloaded, err := LoadPrefs(filepath.Join(h.dir, "prefs.json"))
	if err != nil {
		t.Fatal(err)
	}
	for name, prefs := range map[string]*Prefs{"in memory": h.app.deps.Prefs, "reloaded": reloaded} {
		got, err := LoadSettings(prefs)
		if err != nil || got != want {
			t.Errorf("%s: got %+v, %v, want %+v", name, got, err, want)
		}
	}
	if got := reloaded.String(PrefCacheTTL, ""); got != "1h30m" {
		t.Errorf("stored cache TTL got %q, want 1h30m", got)
	}

	// A second panel starts from what was saved.
	q := newSettingsPanel(p.w)
	test.NewTempWindow(t, q.content())
	if q.maxSize.Text != "64" || q.timeout.Text != "2m30s" || q.language.Selected != "Español" || q.compress.Checked {
		t.Errorf("a new panel got size %q timeout %q language %q compress %v", q.maxSize.Text, q.timeout.Text, q.language.Selected, q.compress.Checked)
	}
	q.model.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn}) // Enter in an entry saves
	if q.status.Text != "Saved." {
		t.Errorf("saving unchanged settings got status %q, want Saved.", q.status.Text)
	}
	got := trackedDetails(h, "save_settings")
	if len(got) != 2 || !strings.Contains(got[0], PrefLogMaxSizeMB) || got[1] != "changed: " {
		t.Errorf("got tracked saves %q", got)
	}
}

// TestSettingsApplyLive: error details and the theme apply when chosen,
// before Save, which alone stores them.
func TestSettingsApplyLive(t *testing.T) {
	h := newHarness(t, DetailsType)
	w, p, _ := openSettings(t, h)
	before := h.prefsFile(t)

	p.details.SetSelected(DetailsNone)
	if h.app.deps.ErrorDetails != DetailsNone {
		t.Errorf("got error details %q, want none at once", h.app.deps.ErrorDetails)
	}
	w.showError("Failed", os.ErrPermission)
	if w.lastDialog != "The task failed." {
		t.Errorf("an error dialog at level none got %q", w.lastDialog)
	}

	bg := func() any {
		return fyne.CurrentApp().Settings().Theme().Color(theme.ColorNameBackground, theme.VariantLight)
	}
	dark := theme.DefaultTheme().Color(theme.ColorNameBackground, theme.VariantDark)
	light := theme.DefaultTheme().Color(theme.ColorNameBackground, theme.VariantLight)
	p.theme.SetSelected("Dark")
	if bg() != dark {
		t.Errorf("Dark: got background %v in the light variant, want the dark %v", bg(), dark)
	}
	p.theme.SetSelected("Light")
	if got := fyne.CurrentApp().Settings().Theme().Color(theme.ColorNameBackground, theme.VariantDark); got != light {
		t.Errorf("Light: got background %v in the dark variant, want the light %v", got, light)
	}
	p.theme.SetSelected("System")
	if fyne.CurrentApp().Settings().Theme() != theme.DefaultTheme() {
		t.Error("System does not restore the default theme")
	}
	if after := h.prefsFile(t); string(after) != string(before) {
		t.Error("choosing stored something before Save")
	}
	if got := strings.Join(trackedDetails(h, "set_setting"), ","); got != "errorDetails=none,theme=dark,theme=light,theme=" {
		t.Errorf("got tracked changes %q", got)
	}
}

// TestSettingsAPIKeyNeverShown: the panel says whether the key is set,
// never what it is, and nothing stores or logs it.
func TestSettingsAPIKeyNeverShown(t *testing.T) {
	const secret = "sk-test-0123456789abcdef"
	t.Setenv(openai.APIKeyEnv, secret)
	h := newHarness(t, DetailsType)
	_, p, win := openSettings(t, h)
	test.Tap(p.save)
	markup := test.RenderToMarkup(win.Canvas())
	if strings.Contains(markup, secret) || strings.Contains(markup, secret[3:]) {
		t.Error("the API key is shown in the panel")
	}
	if !strings.Contains(p.apiKey.Text, "Set in the environment") {
		t.Errorf("got key status %q, want it set", p.apiKey.Text)
	}
	if strings.Contains(string(h.prefsFile(t)), secret) {
		t.Error("the API key is in the preferences file")
	}
	for _, e := range h.eng.Logs.Ring().Snapshot() {
		if strings.Contains(e.Line(), secret) {
			t.Errorf("the API key is in a log record: %s", e.Line())
		}
	}

	t.Setenv(openai.APIKeyEnv, "  ")
	if got := apiKeyStatus(); got != "Not set — export VIGIA_OPENAI_API_KEY" {
		t.Errorf("unset key got status %q", got)
	}
}

func TestSettingsClearCacheAndOpenFolder(t *testing.T) {
	h := newHarness(t, DetailsType)
	_, p, _ := openSettings(t, h)
	test.Tap(p.clearCache)
	test.Tap(p.openDir)
	if p.status.Text != "Cache cleared." {
		t.Errorf("got status %q after Clear cache", p.status.Text)
	}
	if got := trackedDetails(h, "clear_cache"); len(got) != 1 {
		t.Errorf("got %d clear_cache actions, want 1", len(got))
	}
	if got := trackedDetails(h, "open_log_folder"); len(got) != 1 || got[0] != h.dir {
		t.Errorf("got open_log_folder details %q, want %q", got, h.dir)
	}

	// Without stats there is no cache to clear: the button is off and a
	// tap does nothing.
	h2 := newHarness(t, DetailsType)
	h2.app.deps.Stats = nil
	_, p2, _ := openSettings(t, h2)
	if !p2.clearCache.Disabled() {
		t.Error("Clear cache is enabled without stats")
	}
	p2.onClearCache()
}

// TestLoadSettingsIgnoresBadValues: values edited by hand into the file
// are checked as the form checks them; bad ones keep their defaults.
func TestLoadSettingsIgnoresBadValues(t *testing.T) {
	path := filepath.Join(t.TempDir(), "prefs.json")
	raw := `{"logMaxSizeMB": 0, "logMaxBackups": 7, "logMaxAgeDays": 1.5, "cacheTTL": "forever",
		"openaiModel": "a b", "theme": "dark", "language": "xx", "openaiTimeout": "90s"}`
	if err := os.WriteFile(path, []byte(raw), 0o600); err != nil {
		t.Fatal(err)
	}
	prefs, err := LoadPrefs(path)
	if err != nil {
		t.Fatal(err)
	}
	got, err := LoadSettings(prefs)
	want := DefaultSettings()
	want.LogMaxBackups, want.Theme, want.OpenAITimeout = 7, ThemeDark, 90*time.Second
	if got != want {
		t.Errorf("got %+v, want %+v", got, want)
	}
	for _, key := range []string{PrefLogMaxSizeMB, PrefLogMaxAgeDays, PrefCacheTTL, PrefOpenAIModel, PrefLanguage} {
		if err == nil || !strings.Contains(err.Error(), key) {
			t.Errorf("got error %v, want %s named", err, key)
		}
	}
}
