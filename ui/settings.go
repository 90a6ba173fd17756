package ui

import (
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"vigia/config"
	"vigia/models/openai"
	"vigia/promexport"
	"vigia/session"
)

// Sections of config.Schema that hold more than settings: rows of their
// own (the log folder, Clear cache, the API key's status).
const (
	sectionLogs     = "Logs"
	sectionCache    = "Cache"
	sectionEndpoint = "OpenAI-compatible endpoint"
)

// appliers apply the settings whose change takes effect at once
// (config.AtOnce): when chosen, and again when saved. Every other saved
// setting is read at the next start.
var appliers = map[string]func(a *App, value string){
	"error-details": func(a *App, v string) { a.deps.ErrorDetails = v },
	"theme":         func(a *App, v string) { a.fyne.Settings().SetTheme(ThemeFor(v)) },
}

// settingField is the widget of one saved setting: an entry for text,
// numbers and durations, a check box for a boolean, a select for a choice.
type settingField struct {
	setting config.Setting
	entry   *widget.Entry
	check   *widget.Check
	choice  *widget.Select
}

// text returns the field's value, as config.Parse reads it.
func (f *settingField) text() string {
	switch {
	case f.check != nil:
		return strconv.FormatBool(f.check.Checked)
	case f.choice != nil:
		return optionValue(f.setting, f.choice.Selected)
	}
	return f.entry.Text
}

// item is the field's row of the form. A check box carries its own label.
func (f *settingField) item() *widget.FormItem {
	switch {
	case f.check != nil:
		return &widget.FormItem{Widget: f.check, HintText: hint(f.setting.Help)}
	case f.choice != nil:
		return &widget.FormItem{Text: L(f.setting.Label), Widget: f.choice, HintText: hint(f.setting.Help)}
	}
	return &widget.FormItem{Text: L(f.setting.Label), Widget: f.entry, HintText: hint(f.setting.Help)}
}

// optionLabel returns the translated label of a choice's value; "" if the
// value is not one of its options.
func optionLabel(s config.Setting, value string) string {
	for _, o := range s.Choices {
		if o.Value == value {
			return L(o.Label)
		}
	}
	return ""
}

// optionValue returns the value of a choice's translated label.
func optionValue(s config.Setting, label string) string {
	for _, o := range s.Choices {
		if L(o.Label) == label {
			return o.Value
		}
	}
	return ""
}

// settingsPanel lets people change the saved settings, one field for each
// in config.Schema. The settings that apply at once (error details, the
// theme) do so when chosen; Save stores every value, or none if one is
// invalid; the others take effect at the next start.
type settingsPanel struct {
	w      *sessionWindow
	logDir string // the folder of app.log; "" if there is none

	logDirLabel *widget.Label
	openDir     *widget.Button
	clearCache  *widget.Button
	apiKey      *widget.Label
	fields      []*settingField // the saved settings, in the schema's order
	save        *widget.Button
	status      *widget.Label

	// shown are the fields' values as last loaded or saved, as
	// config.Format writes them: they tell what a save changes.
	shown map[string]string
}

func newSettingsPanel(w *sessionWindow) *settingsPanel {
	p := &settingsPanel{w: w, shown: map[string]string{}}
	p.logDirLabel = &widget.Label{Text: L("no log file"), Selectable: true, Truncation: fyne.TextTruncateEllipsis}
	p.openDir = &widget.Button{Text: L("Open"), OnTapped: p.onOpenLogDir}
	if path := w.app.deps.Logs.AppLogPath(); path != "" {
		p.logDir = filepath.Dir(path)
		p.logDirLabel.Text = p.logDir
	} else {
		p.openDir.Disable()
	}
	p.clearCache = &widget.Button{Text: L("Clear cache"), OnTapped: p.onClearCache}
	if w.app.deps.Stats == nil {
		p.clearCache.Disable()
	}
	p.apiKey = widget.NewLabel(apiKeyStatus())

	file := w.app.deps.Settings
	for _, s := range config.Schema() {
		if !s.Saved {
			continue
		}
		text := savedText(file, s)
		if _, saved := file.Get(s.Key); !saved && s.Key == "error-details" && config.Validate(s.Key, w.app.deps.ErrorDetails) == nil {
			text = w.app.deps.ErrorDetails // the level in force (--error-details), stored only if changed here
		}
		p.shown[s.Key] = text
		p.fields = append(p.fields, p.newField(s, text))
	}
	p.save = &widget.Button{Text: L("Save"), Importance: widget.HighImportance, OnTapped: p.onSave}
	p.status = &widget.Label{Wrapping: fyne.TextWrapWord}
	return p
}

// newField makes the widget of s showing text. An entry validates as
// people type, and Enter in it saves.
func (p *settingsPanel) newField(s config.Setting, text string) *settingField {
	f := &settingField{setting: s}
	switch s.Kind {
	case config.Bool:
		on, _ := strconv.ParseBool(text)
		f.check = &widget.Check{Text: L(s.Label), Checked: on,
			OnChanged: func(on bool) { p.onSettingChanged(s, strconv.FormatBool(on)) }}
	case config.Choice:
		labels := make([]string, len(s.Choices))
		for i, o := range s.Choices {
			labels[i] = L(o.Label)
		}
		f.choice = &widget.Select{Options: labels, Selected: optionLabel(s, text),
			OnChanged: func(label string) { p.onSettingChanged(s, optionValue(s, label)) }}
	default:
		f.entry = &widget.Entry{Text: text, Validator: func(v string) error { return fieldError(s.Key, v) },
			OnSubmitted: func(string) { p.onSave() }}
		if s.Kind == config.String && s.Default == "" {
			f.entry.PlaceHolder = L("off") // metrics-addr, push-url: empty turns them off
		}
	}
	return f
}

// fieldError is the form's validator: config.Validate, with its message in
// the interface's language.
func fieldError(key, text string) error {
	if err := config.Validate(key, text); err != nil {
		return errors.New(describe(err))
	}
	return nil
}

// apiKeyStatus says whether the API key is set, never what it is.
func apiKeyStatus() string {
	if strings.TrimSpace(os.Getenv(openai.APIKeyEnv)) != "" {
		return fmt.Sprintf(L("Set in the environment (%s)"), openai.APIKeyEnv)
	}
	return fmt.Sprintf(L("Not set — export %s"), openai.APIKeyEnv)
}

func (p *settingsPanel) content() fyne.CanvasObject {
	logDir, _ := config.Lookup("log-dir")
	first := map[string][]*widget.FormItem{
		sectionLogs: {{Text: L("Folder"), Widget: container.NewBorder(nil, nil, nil, p.openDir, p.logDirLabel),
			HintText: fmt.Sprintf(L("Chosen at start with --%s (or %s)."), logDir.Flag, logDir.Env)}},
	}
	last := map[string][]*widget.FormItem{
		sectionCache: {{Widget: container.NewHBox(p.clearCache), HintText: L("Empties the cache now.")}},
		sectionEndpoint: {{Text: L("API key"), Widget: p.apiKey,
			HintText: L("Read only from the environment; never entered or stored here.")}},
	}

	var atOnce []string
	for _, f := range p.fields {
		if f.setting.Applies == config.AtOnce {
			atOnce = append(atOnce, L(f.setting.Label))
		}
	}
	intro := &widget.Label{Wrapping: fyne.TextWrapWord, Text: L("Save keeps every value, or none if one is invalid.") + " " +
		fmt.Sprintf(L("Applied at once: %s. The other settings take effect at the next start."), joinAnd(atOnce))}
	// The sections in the schema's order, each with its fields in order.
	var sections []string
	items := map[string][]*widget.FormItem{}
	for _, f := range p.fields {
		section := f.setting.Section
		if _, seen := items[section]; !seen {
			sections = append(sections, section)
			items[section] = first[section]
		}
		items[section] = append(items[section], f.item())
	}
	body := container.NewVBox(intro)
	for _, section := range sections {
		body.Add(widget.NewLabelWithStyle(L(section), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
		body.Add(&widget.Form{Items: append(items[section], last[section]...)}) // a Form shows only the items it has when added
	}
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

// onSettingChanged tracks a check box or a select, and applies at once a
// setting that applies at once, to every window; Save alone stores it.
func (p *settingsPanel) onSettingChanged(s config.Setting, value string) {
	defer p.w.guard("set_setting")
	session.Track(p.w.ctx, "set_setting", s.Key+"="+value)
	if apply, ok := appliers[s.Key]; ok && s.Applies == config.AtOnce {
		apply(p.w.app, value)
	}
}

// onSave stores every setting, or none if one is invalid.
func (p *settingsPanel) onSave() {
	defer p.w.guard("save_settings")
	var problems, bad []string
	var first *widget.Entry
	next := make(map[string]string, len(p.fields))
	for _, f := range p.fields {
		key := f.setting.Key
		v, err := config.Parse(key, f.text())
		if err != nil {
			problems = append(problems, L(f.setting.Label)+" "+describe(err))
			bad = append(bad, key)
			if first == nil && f.entry != nil {
				first = f.entry
			}
			continue
		}
		next[key] = config.Format(key, v)
	}
	if len(problems) > 0 {
		session.Track(p.w.ctx, "save_settings", "refused: "+strings.Join(bad, ","))
		p.setStatus(widget.DangerImportance, fmt.Sprintf(L("Not saved. %s."), strings.Join(problems, "; ")))
		if first != nil {
			p.w.win.Canvas().Focus(first)
		}
		return
	}
	var changed []config.Setting
	var keys []string
	for _, f := range p.fields {
		if next[f.setting.Key] != p.shown[f.setting.Key] {
			changed = append(changed, f.setting)
			keys = append(keys, f.setting.Key)
		}
	}
	session.Track(p.w.ctx, "save_settings", "changed: "+strings.Join(keys, ","))
	if err := storeSettings(p.w.app.deps.Settings, changed, next); err != nil {
		p.setStatus(widget.DangerImportance, fmt.Sprintf(L("Not saved: the settings file can't be written (%v)."), err))
		return
	}
	for _, f := range p.fields {
		if apply, ok := appliers[f.setting.Key]; ok && f.setting.Applies == config.AtOnce {
			apply(p.w.app, next[f.setting.Key])
		}
	}
	p.shown = next
	p.setStatus(widget.SuccessImportance, savedMessage(changed))
}

// storeSettings writes the changed settings to file, with their values in
// next. A value changed back to its default is unset, so that it follows
// the default, a later version's too; any other is set. Settings the form
// did not change are left as the file has them: saving one change doesn't
// pin every other setting at today's default. If the file can't be
// written, its values in memory go back to what they were, so that a later
// save (a window's size) doesn't write them.
func storeSettings(file *config.File, changed []config.Setting, next map[string]string) error {
	type prior struct {
		key, text string
		saved     bool
	}
	var undo []prior
	var err error
	for _, s := range changed {
		old, saved := file.Get(s.Key)
		undo = append(undo, prior{s.Key, old, saved})
		if next[s.Key] == s.Default {
			file.Unset(s.Key)
		} else if err = file.Set(s.Key, next[s.Key]); err != nil {
			break
		}
	}
	if err == nil {
		err = file.Save()
	}
	if err != nil {
		for _, u := range undo {
			if u.saved {
				_ = file.Set(u.key, u.text)
			} else {
				file.Unset(u.key)
			}
		}
	}
	return err
}

// savedMessage says which of the changed settings wait for the next start,
// from each one's config.Applies.
func savedMessage(changed []config.Setting) string {
	var later []string
	for _, s := range changed {
		if s.Applies == config.AtStart {
			later = append(later, L(s.Label))
		}
	}
	if len(later) == 0 {
		return L("Saved.")
	}
	return fmt.Sprintf(L("Saved. Changes that take effect at the next start: %s."), joinAnd(later))
}

// joinAnd lists texts as a sentence does: "a, b and c".
func joinAnd(texts []string) string {
	if n := len(texts); n > 1 {
		return fmt.Sprintf(L("%s and %s"), strings.Join(texts[:n-1], ", "), texts[n-1])
	}
	return strings.Join(texts, "")
}

// savedText returns the saved value of s, or else its default: a value the
// file holds but config refused (edited by hand) reads as the default too.
func savedText(file *config.File, s config.Setting) string {
	if text, ok := file.Get(s.Key); ok {
		return text
	}
	return s.Default
}

// savedSettings returns the settings the form edits, each with its saved
// value or else its default, for a diagnostics bundle: numbers and
// booleans as such, the rest as text (a URL's secrets are redacted there).
func savedSettings(file *config.File) map[string]any {
	out := map[string]any{}
	for _, s := range config.Schema() {
		if !s.Saved {
			continue
		}
		text := savedText(file, s)
		out[s.Key] = text
		if v, err := config.Parse(s.Key, text); err == nil && (s.Kind == config.Int || s.Kind == config.Bool) {
			out[s.Key] = v
		}
	}
	return out
}

// describe says what is wrong with a value, in the interface's language,
// from the fields of config's typed errors (whose Error() is English, for
// the logs). The form shows it after the field's label: "Max size (MB)
// must be a whole number from 1 to 1024".
func describe(err error) string {
	var (
		syntaxErr  *config.SyntaxError
		rangeErr   *config.RangeError
		choiceErr  *config.ChoiceError
		urlErr     *config.URLError
		addrErr    *config.AddrError
		textErr    *config.TextError
		unknownErr *config.UnknownKeyError
		notSaved   *config.NotSavedError
	)
	switch {
	case errors.As(err, &rangeErr):
		s, _ := config.Lookup(rangeErr.Key)
		return describeRange(s.Kind, rangeErr.Min, rangeErr.Max, rangeErr.ZeroMeansNoLimit)
	case errors.As(err, &syntaxErr):
		s, _ := config.Lookup(syntaxErr.Key)
		switch syntaxErr.Kind {
		case config.Bool:
			return L("must be true or false")
		case config.Int, config.Duration:
			return describeRange(syntaxErr.Kind, config.Format(s.Key, s.Min), config.Format(s.Key, s.Max), s.ZeroMeansNoLimit)
		}
	case errors.As(err, &choiceErr):
		s, _ := config.Lookup(choiceErr.Key)
		var labels []string
		for _, v := range choiceErr.Choices {
			if l := optionLabel(s, v); l != "" {
				labels = append(labels, l)
			} else {
				labels = append(labels, strconv.Quote(v))
			}
		}
		return fmt.Sprintf(L("must be one of %s"), strings.Join(labels, ", "))
	case errors.As(err, &urlErr):
		s, _ := config.Lookup(urlErr.Key)
		switch {
		case urlErr.Reason == config.URLUserInfo && s.Key == "openai-base-url":
			return fmt.Sprintf(L("can't hold a user name or password: %s"), fmt.Sprintf(L("the API key comes from %s"), openai.APIKeyEnv))
		case urlErr.Reason == config.URLUserInfo:
			return fmt.Sprintf(L("can't hold a user name or password: %s"), L("settings are stored in plain text"))
		case s.Default == "":
			return L("must be empty (off) or an http or https URL with a host")
		}
		return L("must be an http or https URL with a host")
	case errors.As(err, &addrErr):
		if addrErr.Reason == config.AddrNotLoopback {
			return fmt.Sprintf(L("must be a loopback address such as 127.0.0.1 or localhost, not %q: other machines are let in only with --metrics-allow-remote"), addrErr.Value)
		}
		return fmt.Sprintf(L("must be empty (off) or host:port, such as %s"), promexport.DefaultAddr)
	case errors.As(err, &textErr):
		switch textErr.Reason {
		case config.TextNotUTF8:
			return L("is not valid text (UTF-8)")
		case config.TextControl:
			return L("can't contain control characters")
		case config.TextEmpty:
			return L("can't be empty")
		case config.TextSpace:
			return L("can't contain spaces")
		}
		return fmt.Sprintf(L("is too long: %d characters at most"), textErr.Max)
	case errors.As(err, &unknownErr):
		return L("is not a setting")
	case errors.As(err, &notSaved):
		s, _ := config.Lookup(notSaved.Key)
		return fmt.Sprintf(L("is never saved: set it with --%s or %s"), s.Flag, s.Env)
	}
	return err.Error()
}

// describeRange says what a number or a duration must be: min and max as
// config.Format writes them.
func describeRange(kind config.Kind, lo, hi string, zeroMeansNoLimit bool) string {
	switch {
	case kind == config.Duration && zeroMeansNoLimit && lo != "0":
		return fmt.Sprintf(L("must be 0 (no limit) or a duration from %s to %s, such as 90s or 5m"), lo, hi)
	case kind == config.Duration:
		return fmt.Sprintf(L("must be a duration from %s to %s, such as 90s or 5m"), lo, hi)
	case zeroMeansNoLimit && lo != "0":
		return fmt.Sprintf(L("must be 0 (no limit) or a whole number from %s to %s"), lo, hi)
	case zeroMeansNoLimit:
		return fmt.Sprintf(L("must be a whole number from %s to %s"), lo, hi) + L(" (0 means no limit)")
	}
	return fmt.Sprintf(L("must be a whole number from %s to %s"), lo, hi)
}

// hint is a setting's help, translated, as a sentence under its field: the
// schema writes it as --help shows it, lower-case and without a full stop.
func hint(help string) string {
	h := L(help)
	if h == "" {
		return ""
	}
	r, size := utf8.DecodeRuneInString(h)
	h = string(unicode.ToUpper(r)) + h[size:]
	if !strings.HasSuffix(h, ".") {
		h += "."
	}
	return h
}
