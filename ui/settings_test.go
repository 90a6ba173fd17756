package ui

import (
	"encoding/json"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"vigia/config"
	"vigia/models/openai"
)

// openSettings opens a window and a settings panel shown in a window of
// its own (the panel is not one of the session window's tabs).
func openSettings(t *testing.T, h *harness) (*sessionWindow, *settingsPanel, fyne.Window) {
	t.Helper()
	w := h.open(t)
	p := newSettingsPanel(w)
	win := test.NewTempWindow(t, p.content())
	win.Resize(fyne.NewSize(900, 1600))
	return w, p, win
}

// field returns the panel's field of key.
func (p *settingsPanel) field(t *testing.T, key string) *settingField {
	t.Helper()
	for _, f := range p.fields {
		if f.setting.Key == key {
			return f
		}
	}
	t.Fatalf("no field %s", key)
	return nil
}

// entry returns the entry of key.
func (p *settingsPanel) entry(t *testing.T, key string) *widget.Entry {
	t.Helper()
	e := p.field(t, key).entry
	if e == nil {
		t.Fatalf("%s has no entry", key)
	}
	return e
}

// settingsFile returns the bytes of Vigía's settings file; nil if there is
// none yet.
func (h *harness) settingsFile(t *testing.T) []byte {
	t.Helper()
	b, err := os.ReadFile(h.app.deps.Settings.Path())
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

// TestSettingsFormFromSchema: the form has one field for each saved
// setting, in the schema's order, of the widget its kind wants, and none
// for the settings chosen at each start (log-dir, debug…).
func TestSettingsFormFromSchema(t *testing.T) {
	h := newHarness(t, DetailsType)
	_, p, _ := openSettings(t, h)
	var want []string
	for _, s := range config.Schema() {
		if s.Saved {
			want = append(want, s.Key)
		}
	}
	var got []string
	for _, f := range p.fields {
		got = append(got, f.setting.Key)
		var kind string
		switch {
		case f.entry != nil:
			kind = "entry"
		case f.check != nil:
			kind = "check"
		case f.choice != nil:
			kind = "select"
		}
		wantKind := map[config.Kind]string{config.String: "entry", config.Int: "entry", config.Duration: "entry",
			config.Bool: "check", config.Choice: "select"}[f.setting.Kind]
		if kind != wantKind {
			t.Errorf("%s (%s) got a %s, want a %s", f.setting.Key, f.setting.Kind, kind, wantKind)
		}
		if f.choice != nil && len(f.choice.Options) != len(f.setting.Choices) {
			t.Errorf("%s offers %v", f.setting.Key, f.choice.Options)
		}
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got fields %v, want %v", got, want)
	}
}

// TestSettingsSectionsAndAppliers: the rows the form adds to sections, and
// what applies at once, are tied to the schema by name; a renamed section
// or setting must not drop them silently.
func TestSettingsSectionsAndAppliers(t *testing.T) {
	sections := map[string]bool{}
	for _, s := range config.Schema() {
		sections[s.Section] = true
		_, applier := appliers[s.Key]
		if applier != (s.Saved && s.Applies == config.AtOnce) {
			t.Errorf("%s: applies at once %v, applier %v", s.Key, s.Applies == config.AtOnce, applier)
		}
	}
	for _, s := range []string{sectionLogs, sectionCache, sectionEndpoint} {
		if !sections[s] {
			t.Errorf("no section %q in the schema", s)
		}
	}
	for key := range appliers {
		if _, ok := config.Lookup(key); !ok {
			t.Errorf("applier of %q, which is no setting", key)
		}
	}
	if _, ok := config.Lookup("log-dir"); !ok {
		t.Error("no log-dir setting, which the Folder row names")
	}
}

// TestSettingsValidate: the form's validator is config's, with its
// messages in the interface's language; they say what the value must be,
// and leave the field's name to the label beside them.
func TestSettingsValidate(t *testing.T) {
	for _, c := range []struct {
		key, value string
		want       string // "" for valid
	}{
		{"log-max-size-mb", "1", ""},
		{"log-max-size-mb", " 1024 ", ""},
		{"log-max-size-mb", "0", "must be a whole number from 1 to 1024"},
		{"log-max-size-mb", "1025", "must be a whole number from 1 to 1024"},
		{"log-max-size-mb", "10.5", "must be a whole number from 1 to 1024"},
		{"log-max-size-mb", "99999999999999999999", "must be a whole number from 1 to 1024"},
		{"log-max-backups", "0", ""},
		{"log-max-backups", "1000", ""},
		{"log-max-backups", "-1", "must be a whole number from 0 to 1000 (0 means no limit)"},
		{"log-max-backups", "1001", "must be a whole number from 0 to 1000 (0 means no limit)"},
		{"log-max-age-days", "3650", ""},
		{"log-max-age-days", "3651", "from 0 to 3650"},
		{"log-compress", "false", ""},
		{"log-compress", "maybe", "must be true or false"},
		{"cache-ttl", "0", ""},
		{"cache-ttl", "1s", ""},
		{"cache-ttl", "720h", ""},
		{"cache-ttl", "500ms", "must be 0 (no limit) or a duration from 1s to 720h"},
		{"cache-ttl", "721h", "must be 0 (no limit) or a duration from 1s to 720h"},
		{"cache-ttl", "-1h", "must be 0 (no limit) or a duration from 1s to 720h"},
		{"cache-ttl", "1 hour", "must be 0 (no limit) or a duration from 1s to 720h"},
		{"cache-max-entries", "0", ""},
		{"cache-max-entries", "1000000", ""},
		{"cache-max-entries", "1000001", "from 0 to 1000000 (0 means no limit)"},
		{"error-details", DetailsNone, ""},
		{"error-details", "verbose", "must be one of Full, Stack trace, Type, None"},
		{"language", "", ""},
		{"language", "es", ""},
		{"language", "fr", "must be one of System, English, Español"},
		{"theme", "", ""},
		{"theme", ThemeDark, ""},
		{"theme", "blue", "must be one of System, Light, Dark"},
		{"openai-base-url", "http://127.0.0.1:11434/v1", ""},
		{"openai-base-url", "https://api.openai.com/v1", ""},
		{"openai-base-url", "ftp://example.com", "must be an http or https URL with a host"},
		{"openai-base-url", "localhost:11434", "must be an http or https URL with a host"},
		{"openai-base-url", "http://", "must be an http or https URL with a host"},
		{"openai-base-url", "", "must be an http or https URL with a host"},
		{"openai-base-url", "https://user:sk-secret@api.openai.com/v1", "can't hold a user name or password: the API key comes from " + openai.APIKeyEnv},
		{"openai-model", "llama3.2", ""},
		{"openai-model", "qwen2.5:7b-instruct", ""},
		{"openai-model", "", "can't be empty"},
		{"openai-model", "llama 3", "can't contain spaces"},
		{"openai-model", strings.Repeat("m", 257), "is too long: 256 characters at most"},
		{"openai-model", "a\x1bb", "can't contain control characters"},
		{"openai-model", "caf\xe9", "is not valid text (UTF-8)"},
		{"openai-timeout", "1s", ""},
		{"openai-timeout", "10m", ""},
		{"openai-timeout", "999ms", "must be a duration from 1s to 10m"},
		{"openai-timeout", "11m", "must be a duration from 1s to 10m"},
		{"openai-timeout", "0", "must be a duration from 1s to 10m"},
		{"metrics-addr", "", ""},
		{"metrics-addr", "127.0.0.1:9464", ""},
		{"metrics-addr", "localhost:0", ""},
		{"metrics-addr", "[::1]:9464", ""},
		// Loopback only: other machines are let in by --metrics-allow-remote
		// alone, chosen at each start.
		{"metrics-addr", "0.0.0.0:9464", "must be a loopback address"},
		{"metrics-addr", ":9464", "must be a loopback address"},
		{"metrics-addr", "192.168.1.5:9464", "only with --metrics-allow-remote"},
		{"metrics-addr", "127.0.0.1", "must be empty (off) or host:port"},
		{"metrics-addr", "127.0.0.1:99999", "must be empty (off) or host:port"},
		{"push-url", "", ""},
		{"push-url", "http://127.0.0.1:9091", ""},
		{"push-url", "https://push.example.com/", ""},
		{"push-url", "127.0.0.1:9091", "must be empty (off) or an http or https URL with a host"},
		{"push-url", "https://u:p@push.example.com", "can't hold a user name or password: settings are stored in plain text"},
		{"push-interval", "15s", ""},
		{"push-interval", "1h", ""},
		{"push-interval", "500ms", "must be a duration from 1s to 1h"},
		{"push-interval", "2h", "must be a duration from 1s to 1h"},
		{"noSuchSetting", "1", "is not a setting"},
	} {
		err := fieldError(c.key, c.value)
		switch {
		case c.want == "" && err != nil:
			t.Errorf("fieldError(%s, %q) got %v, want it valid", c.key, c.value, err)
		case c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)):
			t.Errorf("fieldError(%s, %q) got %v, want %q", c.key, c.value, err, c.want)
		case err != nil && strings.Contains(err.Error(), c.key):
			t.Errorf("fieldError(%s, %q) got %q: the label names the field, the message should not", c.key, c.value, err)
		}
	}
	// A URL's user info is never repeated: it may be a password.
	if err := fieldError("push-url", "https://u:hunter2@push.example.com"); err == nil || strings.Contains(err.Error(), "hunter2") {
		t.Errorf("got %v", err)
	}
}

// TestSettingsDescribeEveryError: describe has a message of its own for
// each of config's typed errors, also wrapped, and never config's English
// Error() text.
func TestSettingsDescribeEveryError(t *testing.T) {
	for _, err := range []error{
		&config.SyntaxError{Key: "log-compress", Value: "x", Kind: config.Bool},
		&config.SyntaxError{Key: "cache-ttl", Value: "x", Kind: config.Duration},
		&config.RangeError{Key: "log-max-size-mb", Value: "0", Min: "1", Max: "1024", Unit: "MB", Below: true},
		&config.ChoiceError{Key: "theme", Value: "x", Choices: []string{"", "light", "dark"}},
		&config.URLError{Key: "push-url", Reason: config.URLNotHTTP},
		&config.AddrError{Key: "metrics-addr", Value: "x", Reason: config.AddrSyntax},
		&config.TextError{Key: "openai-model", Reason: config.TextTooLong, Max: 256},
		&config.UnknownKeyError{Key: "x"},
		&config.NotSavedError{Key: "log-dir"},
		&config.SourceError{Key: "theme", Origin: config.FromFile, Name: "/s.json", Err: &config.ChoiceError{Key: "theme", Value: "x"}},
	} {
		got := describe(err)
		if got == "" || got == err.Error() || strings.Contains(got, "/s.json") {
			t.Errorf("describe(%T %v) = %q", err, err, got)
		}
	}
	if got := describe(&config.NotSavedError{Key: "log-dir"}); got != "is never saved: set it with --log-dir or VIGIA_LOG_DIR" {
		t.Errorf("got %q", got)
	}
}

func TestSettingsStartFromDefaults(t *testing.T) {
	h := newHarness(t, DetailsType)
	_, p, _ := openSettings(t, h)
	got := map[string]string{}
	for _, f := range p.fields {
		got[f.setting.Key] = f.text()
	}
	want := map[string]string{}
	for _, s := range config.Schema() {
		if s.Saved {
			want[s.Key] = s.Default
		}
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got fields %v, want %v", got, want)
	}
	// As people read them.
	shown := map[string]string{
		"max size": p.entry(t, "log-max-size-mb").Text, "ttl": p.entry(t, "cache-ttl").Text,
		"timeout": p.entry(t, "openai-timeout").Text, "details": p.field(t, "error-details").choice.Selected,
		"language": p.field(t, "language").choice.Selected, "theme": p.field(t, "theme").choice.Selected,
	}
	wantShown := map[string]string{"max size": "10", "ttl": "1h", "timeout": "1m", "details": "Type", "language": "System", "theme": "System"}
	if !reflect.DeepEqual(shown, wantShown) {
		t.Errorf("got %v, want %v", shown, wantShown)
	}
	if !p.field(t, "log-compress").check.Checked {
		t.Error("compress starts off, want on")
	}
	if got := p.entry(t, "metrics-addr").PlaceHolder; got != "off" {
		t.Errorf("metrics address placeholder %q, want off", got)
	}
	if want := h.dir; p.logDirLabel.Text != want || !p.logDirLabel.Selectable {
		t.Errorf("got log folder %q (selectable %v), want %q", p.logDirLabel.Text, p.logDirLabel.Selectable, want)
	}
}

// TestSettingsShowLevelInForce: error details not saved show the level in
// force (--error-details), which a save of other changes doesn't store.
func TestSettingsShowLevelInForce(t *testing.T) {
	h := newHarness(t, DetailsFull)
	_, p, _ := openSettings(t, h)
	if got := p.field(t, "error-details").choice.Selected; got != "Full" {
		t.Errorf("got %q, want the level in force, Full", got)
	}
	p.entry(t, "log-max-size-mb").SetText("20")
	test.Tap(p.save)
	if got := h.app.deps.Settings.Keys(); !reflect.DeepEqual(got, []string{"log-max-size-mb"}) {
		t.Errorf("saved %v, want only log-max-size-mb", got)
	}
	if h.app.deps.ErrorDetails != DetailsFull {
		t.Errorf("got level %q after saving", h.app.deps.ErrorDetails)
	}
}

// TestSettingsRejectInvalid: each entry refuses a bad value as it is typed,
// with a message under it, and Save then names the field and writes nothing.
func TestSettingsRejectInvalid(t *testing.T) {
	h := newHarness(t, DetailsType)
	_, p, win := openSettings(t, h)
	compress := p.field(t, "log-compress").check
	cases := []struct {
		key, bad, label, want string
	}{
		{"log-max-size-mb", "0", "Max size (MB)", "must be a whole number from 1 to 1024"},
		{"log-max-backups", "-3", "Backups", "must be a whole number from 0 to 1000 (0 means no limit)"},
		{"log-max-age-days", "forever", "Max age (days)", "must be a whole number from 0 to 3650"},
		{"cache-ttl", "1 hour", "Cache TTL", "must be 0 (no limit) or a duration from 1s to 720h"},
		{"cache-max-entries", "2000000", "Max entries", "must be a whole number from 0 to 1000000"},
		{"openai-base-url", "localhost:11434/v1", "Base URL", "must be an http or https URL with a host"},
		{"openai-base-url", "https://me:sk-123@api.example.com/v1", "Base URL", "can't hold a user name or password"},
		{"openai-model", "", "Model", "can't be empty"},
		{"openai-model", "llama 3", "Model", "can't contain spaces"},
		{"openai-timeout", "20m", "Timeout", "must be a duration from 1s to 10m"},
		{"metrics-addr", "0.0.0.0:9464", "Metrics address", "must be a loopback address"},
		{"push-url", "pushgateway:9091", "Pushgateway URL", "must be empty (off) or an http or https URL"},
		{"push-interval", "0", "Push interval", "must be a duration from 1s to 1h"},
	}
	for _, c := range cases {
		e := p.entry(t, c.key)
		before := h.settingsFile(t)
		good := e.Text
		p.status.SetText("")
		e.SetText("")
		test.Type(e, c.bad)
		e.FocusLost() // the form shows a field's message once it loses the focus
		if err := e.Validate(); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s=%q: got validation error %v, want %q", c.key, c.bad, err, c.want)
		}
		if markup := test.RenderToMarkup(win.Canvas()); !strings.Contains(markup, c.want) {
			t.Errorf("%s=%q: the form does not show %q", c.key, c.bad, c.want)
		}
		compress.SetChecked(!compress.Checked) // valid changes elsewhere are not saved either
		test.Tap(p.save)
		if !strings.Contains(p.status.Text, "Not saved") || !strings.Contains(p.status.Text, c.label+" "+c.want) {
			t.Errorf("%s=%q: got status %q, want the field %q and %q", c.key, c.bad, p.status.Text, c.label, c.want)
		}
		if after := h.settingsFile(t); string(after) != string(before) {
			t.Errorf("%s=%q: the settings file changed:\n%s\nwant\n%s", c.key, c.bad, after, before)
		}
		if got := h.app.deps.Settings.Keys(); len(got) != 0 {
			t.Errorf("%s=%q: got saved settings %v, want none", c.key, c.bad, got)
		}
		e.SetText(good)
	}
	if got := trackedDetails(h, "save_settings"); len(got) != len(cases) || !strings.HasPrefix(got[0], "refused: log-max-size-mb") {
		t.Errorf("got tracked saves %q, want %d refusals", got, len(cases))
	}
}

// TestSettingsSelectsRefuseUnknown: a select keeps its choice when asked
// for one it does not offer, so it can't hold an invalid value.
func TestSettingsSelectsRefuseUnknown(t *testing.T) {
	h := newHarness(t, DetailsType)
	_, p, _ := openSettings(t, h)
	for _, f := range p.fields {
		if s := f.choice; s != nil {
			before := s.Selected
			s.SetSelected("bogus")
			if s.Selected != before {
				t.Errorf("%s: got %q after choosing bogus, want %q", f.setting.Key, s.Selected, before)
			}
		}
	}
}

func TestSettingsSaveAndReload(t *testing.T) {
	h := newHarness(t, DetailsType)
	_, p, _ := openSettings(t, h)
	for key, v := range map[string]string{
		"log-max-size-mb": "64", "log-max-backups": "0", "log-max-age-days": " 90 ", "cache-ttl": "90m", "cache-max-entries": "0",
		"openai-base-url": "https://api.example.com/v1", "openai-model": "gpt-4o-mini", "openai-timeout": "2m30s",
		"metrics-addr": "127.0.0.1:9464", "push-url": "http://127.0.0.1:9091", "push-interval": "1m",
	} {
		p.entry(t, key).SetText(v)
	}
	p.field(t, "log-compress").check.SetChecked(false)
	p.field(t, "error-details").choice.SetSelected("Full")
	p.field(t, "language").choice.SetSelected("Español")
	p.field(t, "theme").choice.SetSelected("Dark")
	test.Tap(p.save)
	// What waits for the next start comes from each setting's Applies:
	// all but error details and the theme.
	wantLater := "Max size (MB), Backups, Max age (days), Compress rotated files (gzip), Cache TTL, Max entries, Language, " +
		"Base URL, Model, Timeout, Metrics address, Pushgateway URL and Push interval"
	if p.status.Text != "Saved. Changes that take effect at the next start: "+wantLater+"." {
		t.Errorf("got status %q, want Saved and what waits for the next start", p.status.Text)
	}

	want := map[string]string{
		"log-max-size-mb": "64", "log-max-backups": "0", "log-max-age-days": "90", "log-compress": "false",
		"cache-ttl": "1h30m", "cache-max-entries": "0",
		"error-details": DetailsFull, "language": "es", "theme": ThemeDark,
		"openai-base-url": "https://api.example.com/v1", "openai-model": "gpt-4o-mini", "openai-timeout": "2m30s",
		"metrics-addr": "127.0.0.1:9464", "push-url": "http://127.0.0.1:9091", "push-interval": "1m",
	}
	reloaded, err := config.Load(h.app.deps.Settings.Path())
	if err != nil {
		t.Fatal(err)
	}
	for name, f := range map[string]*config.File{"in memory": h.app.deps.Settings, "reloaded": reloaded} {
		got := map[string]string{}
		for _, k := range f.Keys() {
			got[k], _ = f.Get(k)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: got %v, want %v", name, got, want)
		}
	}
	var onDisk struct {
		Settings map[string]any `json:"settings"`
	}
	if err := json.Unmarshal(h.settingsFile(t), &onDisk); err != nil || onDisk.Settings["log-max-size-mb"] != 64.0 || onDisk.Settings["cache-ttl"] != "1h30m" {
		t.Errorf("on disk: %v, %v", onDisk.Settings, err)
	}

	// A second panel starts from what was saved.
	q := newSettingsPanel(p.w)
	test.NewTempWindow(t, q.content())
	if q.entry(t, "log-max-size-mb").Text != "64" || q.entry(t, "openai-timeout").Text != "2m30s" ||
		q.field(t, "language").choice.Selected != "Español" || q.field(t, "log-compress").check.Checked {
		t.Errorf("a new panel got size %q timeout %q language %q compress %v", q.entry(t, "log-max-size-mb").Text,
			q.entry(t, "openai-timeout").Text, q.field(t, "language").choice.Selected, q.field(t, "log-compress").check.Checked)
	}
	q.entry(t, "openai-model").TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn}) // Enter in an entry saves
	if q.status.Text != "Saved." {
		t.Errorf("saving unchanged settings got status %q, want Saved.", q.status.Text)
	}
	got := trackedDetails(h, "save_settings")
	if len(got) != 2 || !strings.Contains(got[0], "log-max-size-mb") || got[1] != "changed: " {
		t.Errorf("got tracked saves %q", got)
	}
}

// TestSettingsSaveOnlyChanges: a save stores what changed and leaves the
// rest as the file has it, so that saving one value doesn't pin every other
// at today's default; a value changed back to its default is unset, and
// follows the default again. A change that applies at once says nothing of
// the next start.
func TestSettingsSaveOnlyChanges(t *testing.T) {
	h := newHarness(t, DetailsType)
	f := h.app.deps.Settings
	if err := f.Set("cache-ttl", "1h"); err != nil { // saved at its default by hand: stays saved
		t.Fatal(err)
	}
	_, p, _ := openSettings(t, h)
	p.entry(t, "log-max-size-mb").SetText("20")
	test.Tap(p.save)
	if got := f.Keys(); !reflect.DeepEqual(got, []string{"cache-ttl", "log-max-size-mb"}) {
		t.Errorf("saved %v, want cache-ttl and log-max-size-mb", got)
	}
	if p.status.Text != "Saved. Changes that take effect at the next start: Max size (MB)." {
		t.Errorf("got status %q", p.status.Text)
	}
	p.entry(t, "log-max-size-mb").SetText("10")
	p.field(t, "theme").choice.SetSelected("Dark")
	test.Tap(p.save)
	if got := f.Keys(); !reflect.DeepEqual(got, []string{"cache-ttl", "theme"}) {
		t.Errorf("saved %v, want cache-ttl and theme", got)
	}
	p.entry(t, "log-max-size-mb").SetText("10")
	p.field(t, "theme").choice.SetSelected("Light")
	test.Tap(p.save)
	if p.status.Text != "Saved." {
		t.Errorf("a change that applies at once got status %q, want Saved.", p.status.Text)
	}
	reloaded, err := config.Load(f.Path())
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := reloaded.Get("theme"); got != ThemeLight {
		t.Errorf("reloaded theme %q, want light", got)
	}
}

// TestSettingsKeepBadSavedValues: values edited by hand into the file that
// config refuses show their defaults, and a save of another change leaves
// them in the file as they were, for the person to see and fix.
func TestSettingsKeepBadSavedValues(t *testing.T) {
	h := newHarness(t, DetailsType)
	path := h.app.deps.Settings.Path()
	raw := `{"version": 1, "settings": {"log-max-size-mb": 0, "log-max-backups": 7, "cache-ttl": "forever",
		"openai-model": "a b", "theme": "dark", "language": "xx", "openai-timeout": "90s", "future-setting": 1}}`
	if err := os.WriteFile(path, []byte(raw), 0o600); err != nil {
		t.Fatal(err)
	}
	f, err := config.Load(path)
	if err == nil {
		t.Fatal("config.Load accepted bad values")
	}
	h.app.deps.Settings = f
	_, p, _ := openSettings(t, h)
	got := map[string]string{}
	for _, k := range []string{"log-max-size-mb", "log-max-backups", "cache-ttl", "openai-model", "theme", "language", "openai-timeout"} {
		got[k] = p.field(t, k).text()
	}
	want := map[string]string{"log-max-size-mb": "10", "log-max-backups": "7", "cache-ttl": "1h", "openai-model": "llama3.2",
		"theme": ThemeDark, "language": "", "openai-timeout": "1m30s"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
	p.entry(t, "push-interval").SetText("30s")
	test.Tap(p.save)
	var onDisk struct {
		Settings map[string]any `json:"settings"`
	}
	if err := json.Unmarshal(h.settingsFile(t), &onDisk); err != nil {
		t.Fatal(err)
	}
	for k, v := range map[string]any{"log-max-size-mb": 0.0, "cache-ttl": "forever", "openai-model": "a b", "language": "xx",
		"future-setting": 1.0, "push-interval": "30s"} {
		if onDisk.Settings[k] != v {
			t.Errorf("on disk %s=%v, want %v", k, onDisk.Settings[k], v)
		}
	}
}

// TestSettingsSaveFails: when the file can't be written, nothing is saved,
// in the file or in memory, and the status says why.
func TestSettingsSaveFails(t *testing.T) {
	h := newHarness(t, DetailsType)
	blocker := filepath.Join(t.TempDir(), "not-a-dir")
	if err := os.WriteFile(blocker, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	h.app.deps.Settings = config.NewFile(filepath.Join(blocker, "settings.json"))
	_, p, _ := openSettings(t, h)
	p.entry(t, "log-max-size-mb").SetText("20")
	p.entry(t, "openai-model").SetText("llama3.2") // unchanged
	test.Tap(p.save)
	if !strings.HasPrefix(p.status.Text, "Not saved: the settings file can't be written") {
		t.Errorf("got status %q", p.status.Text)
	}
	if got := h.app.deps.Settings.Keys(); len(got) != 0 {
		t.Errorf("in memory: got %v, want nothing saved", got)
	}
}

// TestSettingsApplyLive: error details and the theme apply when chosen,
// before Save, which alone stores them.
func TestSettingsApplyLive(t *testing.T) {
	h := newHarness(t, DetailsType)
	w, p, _ := openSettings(t, h)
	before := h.settingsFile(t)

	p.field(t, "error-details").choice.SetSelected("None")
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
	themes := p.field(t, "theme").choice
	themes.SetSelected("Dark")
	if bg() != dark {
		t.Errorf("Dark: got background %v in the light variant, want the dark %v", bg(), dark)
	}
	themes.SetSelected("Light")
	if got := fyne.CurrentApp().Settings().Theme().Color(theme.ColorNameBackground, theme.VariantDark); got != light {
		t.Errorf("Light: got background %v in the dark variant, want the light %v", got, light)
	}
	themes.SetSelected("System")
	if fyne.CurrentApp().Settings().Theme() != theme.DefaultTheme() {
		t.Error("System does not restore the default theme")
	}
	p.field(t, "language").choice.SetSelected("English") // at the next start: nothing applies now
	if after := h.settingsFile(t); string(after) != string(before) {
		t.Error("choosing stored something before Save")
	}
	if got := strings.Join(trackedDetails(h, "set_setting"), ","); got != "error-details=none,theme=dark,theme=light,theme=,language=en" {
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
	p.entry(t, "openai-model").SetText("gpt-4o")
	test.Tap(p.save)
	markup := test.RenderToMarkup(win.Canvas())
	if strings.Contains(markup, secret) || strings.Contains(markup, secret[3:]) {
		t.Error("the API key is shown in the panel")
	}
	if !strings.Contains(p.apiKey.Text, "Set in the environment") {
		t.Errorf("got key status %q, want it set", p.apiKey.Text)
	}
	if b := h.settingsFile(t); len(b) == 0 || strings.Contains(string(b), secret) {
		t.Errorf("the settings file holds the API key, or nothing: %s", b)
	}
	for _, e := range h.eng.Logs().Ring().Snapshot() {
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

// TestSettingsForDiagnostics: a diagnostics bundle gets every saved
// setting, its saved value or its default, numbers as numbers.
func TestSettingsForDiagnostics(t *testing.T) {
	f := config.NewFile("")
	if err := f.Set("log-max-size-mb", "64"); err != nil {
		t.Fatal(err)
	}
	got := savedSettings(f)
	var want []string
	for _, s := range config.Schema() {
		if s.Saved {
			want = append(want, s.Key)
		}
	}
	if keys := slices.Sorted(maps.Keys(got)); !reflect.DeepEqual(keys, slices.Sorted(slices.Values(want))) {
		t.Errorf("got keys %v, want %v", keys, want)
	}
	if got["log-max-size-mb"] != 64 || got["log-compress"] != true || got["cache-ttl"] != "1h" || got["theme"] != "" {
		t.Errorf("got %v", got)
	}
}

// TestSettingsAndFyneFilesApart is the proof that Fyne and Vigía no longer
// overwrite each other's settings. Fyne keeps its preferences (a file
// dialog's last folder) in <its storage root>/preferences.json, rewrites
// that file whole and non-atomically from its in-memory copy on every
// change, and again at exit; Vigía's settings and window state now live in
// a file of their own. Each side writes as it does in the app, and after
// every write the other side's file is byte for byte what it was, and
// holds only its own keys.
func TestSettingsAndFyneFilesApart(t *testing.T) {
	home := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", home)
	t.Setenv("HOME", home)
	// Where Fyne's desktop app keeps its preferences on Linux and BSD
	// (fyne.io/fyne/v2/app: RootConfigDir()/<app ID>/preferences.json).
	fynePath := filepath.Join(home, "fyne", "io.vigia.app", "preferences.json")
	vigiaPath := config.DefaultPath()
	if vigiaPath == "" || filepath.Dir(vigiaPath) == filepath.Dir(fynePath) || filepath.Base(vigiaPath) == "preferences.json" {
		t.Fatalf("Vigía's settings file %q is not apart from Fyne's %q", vigiaPath, fynePath)
	}

	h := newHarness(t, DetailsType)
	settings, err := config.Load(vigiaPath)
	if err != nil {
		t.Fatal(err)
	}
	h.app.deps.Settings = settings
	fynePrefs := h.app.fyne.Preferences()
	// fyneSave writes Fyne's in-memory preferences as Fyne does: the file
	// truncated, then the JSON of every value it holds.
	fyneSave := func() {
		t.Helper()
		values := map[string]any{}
		fynePrefs.(interface{ ReadValues(func(map[string]any)) }).ReadValues(func(m map[string]any) { maps.Copy(values, m) })
		if err := os.MkdirAll(filepath.Dir(fynePath), 0o700); err != nil {
			t.Fatal(err)
		}
		f, err := os.Create(fynePath)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if err := json.NewEncoder(f).Encode(values); err != nil {
			t.Fatal(err)
		}
	}
	read := func(path string) []byte {
		t.Helper()
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}

	// Fyne loads its file at start: its in-memory copy is from then.
	fyneSave()
	w, p, _ := openSettings(t, h)
	for _, m := range w.work.model.Options { // the person picks a model: Vigía writes its file
		if m != w.work.model.Selected {
			w.work.model.SetSelected(m)
			break
		}
	}
	vigiaBefore, fyneBefore := read(vigiaPath), read(fynePath)

	// A file dialog remembers a folder.
	fynePrefs.SetString("fyne:fileDialogLastFolder", "file:///home/ana/exports")
	fyneSave()
	if got := read(vigiaPath); string(got) != string(vigiaBefore) {
		t.Errorf("Fyne's write changed Vigía's settings file:\n%s\nwas\n%s", got, vigiaBefore)
	}

	// Vigía saves its settings, and a window its size.
	fyneBefore = read(fynePath)
	p.entry(t, "log-max-size-mb").SetText("64")
	p.field(t, "theme").choice.SetSelected("Dark")
	test.Tap(p.save)
	if !strings.HasPrefix(p.status.Text, "Saved.") {
		t.Fatalf("got status %q", p.status.Text)
	}
	w.win.Resize(fyne.NewSize(1000, 700))
	w.win.Close()
	if got := read(fynePath); string(got) != string(fyneBefore) {
		t.Errorf("Vigía's save changed Fyne's preferences file:\n%s\nwas\n%s", got, fyneBefore)
	}

	// Fyne force-saves its in-memory copy at exit: once the copy that
	// overwrote the settings Vigía had saved since the start.
	vigiaBefore = read(vigiaPath)
	fyneSave()
	if got := read(vigiaPath); string(got) != string(vigiaBefore) {
		t.Errorf("Fyne's exit save changed Vigía's settings file")
	}

	// Each file holds its own keys, and neither change was lost.
	var fyneKeys map[string]any
	if err := json.Unmarshal(read(fynePath), &fyneKeys); err != nil {
		t.Fatal(err)
	}
	for k := range fyneKeys {
		if !strings.HasPrefix(k, "fyne:") {
			t.Errorf("Fyne's file holds %q", k)
		}
	}
	if fyneKeys["fyne:fileDialogLastFolder"] != "file:///home/ana/exports" {
		t.Errorf("Fyne's file lost the dialog's folder: %v", fyneKeys)
	}
	if strings.Contains(string(read(vigiaPath)), "fyne:") {
		t.Errorf("Vigía's file holds a Fyne key:\n%s", read(vigiaPath))
	}
	reloaded, err := config.Load(vigiaPath)
	if err != nil {
		t.Fatal(err)
	}
	size, _ := reloaded.Get("log-max-size-mb")
	th, _ := reloaded.Get("theme")
	width, _ := reloaded.State(stateWindowWidth)
	model, _ := reloaded.State(stateLastModel)
	if size != "64" || th != ThemeDark || width != 1000.0 || model == nil {
		t.Errorf("Vigía's file reloaded: size %q theme %q width %v model %v", size, th, width, model)
	}
}
