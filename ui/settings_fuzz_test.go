package ui

import (
	"bytes"
	"encoding/json"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// settingKeys are every key ValidateSetting knows, in the order of the
// fuzz targets' key index (appending keeps the seed corpus meaningful).
var settingKeys = []string{
	PrefLogMaxSizeMB, PrefLogMaxBackups, PrefLogMaxAgeDays, PrefLogCompress,
	PrefCacheTTL, PrefCacheMaxEntries, PrefErrorDetails, PrefLanguage,
	PrefOpenAIBaseURL, PrefOpenAIModel, PrefOpenAITimeout, PrefTheme,
	PrefMetricsAddr, PrefPushURL, PrefPushInterval,
}

// TestSettingKeysComplete: settingKeys holds every key of prefValues, so
// that the fuzz target reaches all of them.
func TestSettingKeysComplete(t *testing.T) {
	got := slices.Sorted(slices.Values(settingKeys))
	want := slices.Sorted(maps.Keys(DefaultSettings().prefValues()))
	if !reflect.DeepEqual(got, want) {
		t.Errorf("settingKeys = %v, want %v", got, want)
	}
}

// FuzzValidateSetting gives every settings key arbitrary text. ValidateSetting
// must not panic, and must name the key in its error; an index past the
// keys tries a key that is no setting, which must be refused. A value it
// accepts must survive the trip the Settings panel makes: written to the
// preferences file as the panel stores it (numbers as JSON numbers,
// durations as 1h30m, text trimmed; text and durations also as typed),
// the file reloaded with LoadPrefs, and LoadSettings must return it without
// error. Seeds are in testdata/fuzz/FuzzValidateSetting.
func FuzzValidateSetting(f *testing.F) {
	seeds := map[string][]string{
		PrefLogMaxSizeMB:    {"10", " 1024 ", "+7", "007", "0", "1e3", "-0"},
		PrefLogMaxBackups:   {"0", "-0", "1000"},
		PrefLogCompress:     {"true", "F", "1", "yes"},
		PrefCacheTTL:        {"0", "1h", "720h", "0.1ns", "-0s", "1h0m0.5s", "+90m"},
		PrefCacheMaxEntries: {"1000000", "1_000"},
		PrefErrorDetails:    {"full", " none\n"},
		PrefLanguage:        {"", "es", "ES"},
		PrefOpenAIBaseURL:   {"http://127.0.0.1:11434/v1", "https://[::1]:8/v1?x=1#f", "http://h/%zz", "http://ü.example/"},
		PrefOpenAIModel:     {"llama3.2", "qwen2.5:7b", "\x00", "a\x1bb", "caf\xe9"},
		PrefOpenAITimeout:   {"1s", "10m", "1.5s"},
		PrefTheme:           {"dark", "light", ""},
		PrefMetricsAddr:     {"", "localhost:0", "[::1]:9464", "127.0.0.1:+80", "LOCALHOST:9"},
		PrefPushURL:         {"", "http://127.0.0.1:9091", "https://h/\xff"},
		PrefPushInterval:    {"15s", "1h", "59m60s"},
	}
	for i, key := range settingKeys {
		for _, v := range seeds[key] {
			f.Add(uint8(i), v)
		}
	}
	f.Add(uint8(len(settingKeys)), "1")
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, index uint8, value string) {
		i := int(index) % (len(settingKeys) + 1)
		if i == len(settingKeys) {
			if err := ValidateSetting("notASetting", value); err == nil || !strings.HasSuffix(err.Error(), "is not a setting") {
				t.Fatalf("ValidateSetting(notASetting, %q) = %v, want an error", value, err)
			}
			return
		}
		key := settingKeys[i]
		err := ValidateSetting(key, value)
		if err != nil {
			if msg := err.Error(); !strings.HasPrefix(msg, key+"=") || !utf8.ValidString(msg) {
				t.Fatalf("ValidateSetting(%s, %q): unclear error %q", key, value, msg)
			}
			return
		}
		stored, want := storedSetting(t, key, value)
		forms := []any{stored}
		if s, ok := stored.(string); ok && s != value {
			forms = append(forms, value) // as typed, white space and all
		}
		path := filepath.Join(dir, "prefs.json")
		for _, form := range forms {
			// As Prefs.Set encodes it, without its fsync: fuzzing is
			// I/O-bound enough.
			b, err := json.MarshalIndent(map[string]any{key: form}, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, b, 0o600); err != nil {
				t.Fatal(err)
			}
			q, err := LoadPrefs(path)
			if err != nil {
				t.Fatalf("%s=%#v: reloading the file: %v", key, form, err)
			}
			s, err := LoadSettings(q)
			if err != nil {
				t.Fatalf("%s=%#v was accepted, but LoadSettings says %v", key, form, err)
			}
			if got := s.prefValues()[key]; got != want {
				t.Fatalf("%s=%#v was accepted; after a reload it is %#v, want %#v", key, form, got, want)
			}
		}
	})
}

// storedSetting returns the value the Settings panel stores for an accepted
// value, and what prefValues gives once it is loaded back.
func storedSetting(t *testing.T, key, value string) (stored, want any) {
	v := strings.TrimSpace(value)
	switch key {
	case PrefLogMaxSizeMB, PrefLogMaxBackups, PrefLogMaxAgeDays, PrefCacheMaxEntries:
		n, err := strconv.Atoi(v)
		if err != nil {
			t.Fatalf("%s=%q accepted, but not a whole number: %v", key, value, err)
		}
		return float64(n), float64(n)
	case PrefLogCompress:
		b, err := strconv.ParseBool(v)
		if err != nil {
			t.Fatalf("%s=%q accepted, but not a bool: %v", key, value, err)
		}
		return b, b
	case PrefCacheTTL, PrefOpenAITimeout, PrefPushInterval:
		d, err := time.ParseDuration(v)
		if err != nil {
			t.Fatalf("%s=%q accepted, but not a duration: %v", key, value, err)
		}
		return shortDuration(d), shortDuration(d)
	}
	return v, v
}

// FuzzLoadPrefs loads arbitrary bytes as the preferences file. LoadPrefs
// must not panic, nor change the file; a file it can't parse gives an
// error that names it, and defaults. Whatever it loads, LoadSettings
// returns settings (defaults for what it refuses, with an error), and
// a change stored afterwards keeps every other value the file held.
// Seeds are in testdata/fuzz/FuzzLoadPrefs.
func FuzzLoadPrefs(f *testing.F) {
	for _, s := range []string{
		`{}`, `{"logMaxSizeMB": 64, "cacheTTL": "1h30m", "theme": "dark", "openaiModel": "gpt-4o-mini"}`,
		`{"logMaxSizeMB": 0, "logMaxAgeDays": 1.5, "cacheTTL": "forever", "openaiModel": "a b", "language": "xx"}`,
		`{"logMaxSizeMB": "64", "logCompress": "true", "theme": 1, "openaiTimeout": null}`,
		`{"cacheMaxEntries": 1e300, "logMaxBackups": -0}`, `{"x": 1e400}`,
		`{torn`, ``, `null`, ` null `, `[]`, `"s"`, `{} {}`, "\xef\xbb\xbf{}", `{"a":"\ud800"}`, `{"a":1,"a":"2"}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		path := filepath.Join(t.TempDir(), "prefs.json")
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
		p, err := LoadPrefs(path)
		if p == nil {
			t.Fatalf("LoadPrefs returned no Prefs (error %v)", err)
		}
		if b, rerr := os.ReadFile(path); rerr != nil || !bytes.Equal(b, data) {
			t.Fatalf("LoadPrefs changed the file: %q, %v", b, rerr)
		}
		var want map[string]any
		parsed := json.Unmarshal(data, &want) == nil
		if err != nil {
			if parsed || !strings.Contains(err.Error(), "preferences "+path+" are corrupt") {
				t.Fatalf("LoadPrefs(%q): unclear error %v", data, err)
			}
			if s, err := LoadSettings(p); err != nil || s != DefaultSettings() {
				t.Fatalf("a corrupt file gave settings %+v, %v; want the defaults", s, err)
			}
			return
		}
		if !parsed {
			t.Fatalf("LoadPrefs(%q) accepted a file encoding/json refuses", data)
		}
		s, serr := LoadSettings(p)
		if serr != nil && !strings.Contains(serr.Error(), "=") {
			t.Errorf("LoadSettings: unclear error %v", serr)
		}
		_ = s
		if err := p.Set("fuzz", "x"); err != nil {
			t.Fatal(err)
		}
		q, err := LoadPrefs(path)
		if err != nil {
			t.Fatalf("the file written after a change does not load: %v", err)
		}
		if want == nil {
			want = map[string]any{}
		}
		want["fuzz"] = "x"
		if got := q.data; !reflect.DeepEqual(got, want) {
			t.Fatalf("after a change the file holds %v, want %v", got, want)
		}
	})
}
