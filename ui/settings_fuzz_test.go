package ui

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"testing"
	"unicode/utf8"

	"vigia/config"
)

// settingKeys are the saved settings in the order of FuzzValidateSetting's
// key index: the order of the preference keys they replace, with which the
// seed corpus was made (appending keeps it meaningful).
var settingKeys = []string{
	"log-max-size-mb", "log-max-backups", "log-max-age-days", "log-compress",
	"cache-ttl", "cache-max-entries", "error-details", "language",
	"openai-base-url", "openai-model", "openai-timeout", "theme",
	"metrics-addr", "push-url", "push-interval", "otlp-endpoint",
}

// TestSettingKeysComplete: settingKeys holds every setting the form edits,
// so that the fuzz target reaches all of them.
func TestSettingKeysComplete(t *testing.T) {
	var want []string
	for _, s := range config.Schema() {
		if s.Saved {
			want = append(want, s.Key)
		}
	}
	if got := slices.Sorted(slices.Values(settingKeys)); !reflect.DeepEqual(got, slices.Sorted(slices.Values(want))) {
		t.Errorf("settingKeys = %v, want %v", got, want)
	}
}

// FuzzValidateSetting gives every setting of the form arbitrary text,
// through the form's validator (config.Validate, its error described in
// the interface's language). It must not panic, and a refusal must be a
// message of the form's own, in valid UTF-8; an index past the keys tries
// a key that is no setting, which must be refused. A value it accepts must
// survive the trip a save makes: set in the settings file, written, loaded
// back, it reads as config.Format writes it, which the form shows and its
// validator accepts again. Seeds are in testdata/fuzz/FuzzValidateSetting.
func FuzzValidateSetting(f *testing.F) {
	seeds := map[string][]string{
		"log-max-size-mb":   {"10", " 1024 ", "+7", "007", "0", "1e3", "-0"},
		"log-max-backups":   {"0", "-0", "1000"},
		"log-compress":      {"true", "F", "1", "yes"},
		"cache-ttl":         {"0", "1h", "720h", "0.1ns", "-0s", "1h0m0.5s", "+90m"},
		"cache-max-entries": {"1000000", "1_000"},
		"error-details":     {"full", " none\n"},
		"language":          {"", "es", "ES"},
		"openai-base-url":   {"http://127.0.0.1:11434/v1", "https://[::1]:8/v1?x=1#f", "http://h/%zz", "http://ü.example/"},
		"openai-model":      {"llama3.2", "qwen2.5:7b", "\x00", "a\x1bb", "caf\xe9"},
		"openai-timeout":    {"1s", "10m", "1.5s"},
		"theme":             {"dark", "light", ""},
		"metrics-addr":      {"", "localhost:0", "[::1]:9464", "127.0.0.1:+80", "LOCALHOST:9"},
		"push-url":          {"", "http://127.0.0.1:9091", "https://h/\xff"},
		"push-interval":     {"15s", "1h", "59m60s"},
	}
	for i, key := range settingKeys {
		for _, v := range seeds[key] {
			f.Add(uint8(i), v)
		}
	}
	f.Add(uint8(len(settingKeys)), "1")
	path := filepath.Join(f.TempDir(), "settings.json")
	f.Fuzz(func(t *testing.T, index uint8, value string) {
		i := int(index) % (len(settingKeys) + 1)
		if i == len(settingKeys) {
			if err := fieldError("notASetting", value); err == nil || err.Error() != "is not a setting" {
				t.Fatalf("fieldError(notASetting, %q) = %v, want it refused", value, err)
			}
			return
		}
		key := settingKeys[i]
		err := fieldError(key, value)
		if err != nil {
			verr := config.Validate(key, value)
			if msg := err.Error(); msg == "" || !utf8.ValidString(msg) || verr == nil || msg == verr.Error() {
				t.Fatalf("fieldError(%s, %q): unclear error %q (config says %v)", key, value, msg, verr)
			}
			return
		}
		v, err := config.Parse(key, value)
		if err != nil {
			t.Fatalf("fieldError(%s, %q) accepts what config.Parse refuses: %v", key, value, err)
		}
		want := config.Format(key, v)
		file := config.NewFile(path)
		if err := file.Set(key, value); err != nil {
			t.Fatalf("%s=%q was accepted, but File.Set says %v", key, value, err)
		}
		if err := file.Save(); err != nil {
			t.Fatal(err)
		}
		reloaded, err := config.Load(path)
		if err != nil {
			t.Fatalf("%s=%q was accepted, but the saved file loads with %v", key, value, err)
		}
		s, _ := config.Lookup(key)
		if got := savedText(reloaded, s); got != want {
			t.Fatalf("%s=%q was accepted; after a reload it is %q, want %q", key, value, got, want)
		}
		if err := fieldError(key, want); err != nil {
			t.Fatalf("%s=%q was accepted; the form would show %q, which it refuses: %v", key, value, want, err)
		}
	})
}

// FuzzLoadSettings loads arbitrary bytes as Vigía's settings file, as a
// start does, then does what the UI does with it. config.Load must not
// panic nor change the file. Whatever it loads, the form starts from
// values its validator accepts, and the window's state reads fall back to
// their defaults where the file holds something else. A window's size
// remembered afterwards keeps every setting the file held; a file that is
// not JSON is kept beside it (.corrupt), never lost. Seeds are in
// testdata/fuzz/FuzzLoadSettings (made for the older preferences file,
// which the app no longer reads as its own: they are arbitrary JSON here).
func FuzzLoadSettings(f *testing.F) {
	for _, s := range []string{
		`{}`, `{"version": 1, "settings": {"log-max-size-mb": 64, "cache-ttl": "1h30m", "theme": "dark", "openai-model": "gpt-4o-mini"}, "state": {"windowWidth": 900, "lastModel": "upper"}}`,
		`{"version": 1, "settings": {"log-max-size-mb": 0, "log-max-age-days": 1.5, "cache-ttl": "forever", "openai-model": "a b", "language": "xx"}}`,
		`{"settings": {"log-max-size-mb": "64", "log-compress": "true", "theme": 1, "openai-timeout": null, "debug": true, "nope": 1}}`,
		`{"settings": {"cache-max-entries": 1e300, "log-max-backups": -0}, "state": {"windowWidth": "wide", "debugMode": "yes"}}`,
		`{"settings": [], "state": {}}`, `{"state": null}`, `{"version": 2, "other": {"a": 1}}`,
		`{"logMaxSizeMB": 64, "cacheTTL": "1h30m", "theme": "dark"}`, `{"x": 1e400}`,
		`{torn`, ``, `null`, ` null `, `[]`, `"s"`, `{} {}`, "\xef\xbb\xbf{}", `{"a":"\ud800"}`, `{"a":1,"a":"2"}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		path := filepath.Join(t.TempDir(), "settings.json")
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
		file, loadErr := config.Load(path)
		if file == nil {
			t.Fatalf("config.Load returned no File (error %v)", loadErr)
		}
		if b, err := os.ReadFile(path); err != nil || !bytes.Equal(b, data) {
			t.Fatalf("config.Load changed the file: %q, %v", b, err)
		}
		saved := map[string]string{}
		for _, s := range config.Schema() {
			if !s.Saved {
				continue
			}
			text := savedText(file, s)
			if err := fieldError(s.Key, text); err != nil {
				t.Fatalf("the form would start %s at %q, which it refuses: %v", s.Key, text, err)
			}
			if v, ok := file.Get(s.Key); ok {
				saved[s.Key] = v
			}
		}
		a := &App{deps: Deps{Settings: file}}
		_ = a.stateFloat(stateWindowWidth, 900)
		_ = a.stateString(stateLastModel, defaultModel)
		_ = a.stateBool(stateDebug)

		if err := a.remember(map[string]any{stateWindowWidth: 1234.0}); err != nil {
			t.Fatalf("remembering the window's size: %v", err)
		}
		reloaded, err := config.Load(path)
		if errors.Is(err, config.ErrCorrupt) {
			t.Fatalf("the file written after a change is corrupt: %v", err)
		}
		if v, _ := reloaded.State(stateWindowWidth); v != 1234.0 {
			t.Fatalf("after a change the window width is %v, want 1234", v)
		}
		for k, want := range saved {
			if got, _ := reloaded.Get(k); got != want {
				t.Fatalf("after a change %s is %q, want %q", k, got, want)
			}
		}
		if errors.Is(loadErr, config.ErrCorrupt) {
			if b, err := os.ReadFile(path + ".corrupt"); err != nil || !bytes.Equal(b, data) {
				t.Fatalf("the corrupt file was not kept: %q, %v", b, err)
			}
		}
	})
}
