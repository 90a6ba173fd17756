package config

import (
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestSchemaIsConsistent(t *testing.T) {
	seen := map[string]bool{}
	for _, s := range Schema() {
		t.Run(s.Key, func(t *testing.T) {
			if s.Key == "" || seen[s.Key] {
				t.Fatalf("key %q is empty or repeated", s.Key)
			}
			seen[s.Key] = true
			if s.Flag != s.Key {
				t.Errorf("Flag = %q, want %q", s.Flag, s.Key)
			}
			if want := "VIGIA_" + strings.ToUpper(strings.ReplaceAll(s.Key, "-", "_")); s.Env != want {
				t.Errorf("Env = %q, want %q", s.Env, want)
			}
			if s.Env == "VIGIA_OPENAI_API_KEY" {
				t.Errorf("Env %q is the API key's variable, which is never a setting", s.Env)
			}
			if s.Label == "" || s.Help == "" {
				t.Errorf("Label %q, Help %q: want both", s.Label, s.Help)
			}
			if s.Saved != (s.Section != "") {
				t.Errorf("Saved = %v with Section %q: the form shows exactly the saved settings", s.Saved, s.Section)
			}
			v, err := Parse(s.Key, s.Default)
			if err != nil {
				t.Fatalf("Parse(default %q) error = %v", s.Default, err)
			}
			if got := Format(s.Key, v); got != s.Default {
				t.Errorf("Format(Parse(%q)) = %q, want the default as written", s.Default, got)
			}
			// Help names the range, so --help and the form can't drift
			// from the limits.
			if s.Kind == Int || s.Kind == Duration {
				r := Format(s.Key, s.Min) + " to " + Format(s.Key, s.Max)
				if s.Kind == Duration {
					r = shortDuration(time.Duration(s.Min)) + " to " + shortDuration(time.Duration(s.Max))
				}
				if !strings.Contains(s.Help, r) {
					t.Errorf("Help %q does not give the range %q", s.Help, r)
				}
				if s.ZeroMeansNoLimit && !strings.Contains(s.Help, "(0 ") {
					t.Errorf("Help %q does not say what 0 means", s.Help)
				}
			}
			for _, o := range s.Choices {
				if o.Value != "" && !strings.Contains(s.Help, o.Value) {
					t.Errorf("Help %q does not name the choice %q", s.Help, o.Value)
				}
			}
			if (s.Kind == Choice) != (len(s.Choices) > 0) {
				t.Errorf("Kind %v with %d choices", s.Kind, len(s.Choices))
			}
			// The field has the Go type of the kind.
			wantType := map[Kind]reflect.Type{String: reflect.TypeFor[string](), Choice: reflect.TypeFor[string](),
				Bool: reflect.TypeFor[bool](), Int: reflect.TypeFor[int](), Duration: reflect.TypeFor[time.Duration]()}[s.Kind]
			if got := reflect.TypeOf(Defaults().Value(s.Key)); got != wantType {
				t.Errorf("field type %v, want %v for kind %v", got, wantType, s.Kind)
			}
		})
	}
	if got, want := len(seen), reflect.TypeFor[Values]().NumField(); got != want {
		t.Errorf("%d settings, want one per field of Values (%d)", got, want)
	}
}

func TestDefaults(t *testing.T) {
	want := Values{
		LogMaxSizeMB: DefaultLogMaxSizeMB, LogMaxBackups: DefaultLogMaxBackups, LogMaxAgeDays: DefaultLogMaxAgeDays,
		LogCompress: DefaultLogCompress, CacheTTL: DefaultCacheTTL, CacheMaxEntries: DefaultCacheMaxEntries,
		ErrorDetails: DefaultErrorDetails, OpenAIBaseURL: DefaultOpenAIBaseURL, OpenAIModel: DefaultOpenAIModel,
		OpenAITimeout: DefaultOpenAITimeout, PushInterval: DefaultPushInterval,
	}
	// The values the rest of the code had when this table was made.
	literal := Values{LogMaxSizeMB: 10, LogMaxBackups: 5, LogMaxAgeDays: 28, LogCompress: true, CacheTTL: time.Hour,
		CacheMaxEntries: 1000, ErrorDetails: "type", OpenAIBaseURL: "http://127.0.0.1:11434/v1", OpenAIModel: "llama3.2",
		OpenAITimeout: 60 * time.Second, PushInterval: 15 * time.Second}
	c := Defaults()
	if c.Values != want || want != literal {
		t.Errorf("Defaults() = %+v, want %+v", c.Values, want)
	}
	for _, s := range Schema() {
		if o := c.Origin(s.Key); o != FromDefault {
			t.Errorf("Defaults().Origin(%q) = %v, want default", s.Key, o)
		}
	}
}

func TestLookup(t *testing.T) {
	s, ok := Lookup("log-max-size-mb")
	if !ok || s.Min != 1 || s.Max != 1024 || s.Unit != "MB" || !s.Saved || s.Applies != AtStart {
		t.Errorf("Lookup(log-max-size-mb) = %+v, %v", s, ok)
	}
	if s, ok := Lookup("theme"); !ok || s.Applies != AtOnce {
		t.Errorf("Lookup(theme) applies %v, want now", s.Applies)
	}
	if _, ok := Lookup("logMaxSizeMB"); ok {
		t.Errorf("Lookup(logMaxSizeMB) found an old key")
	}
	// The copies are the caller's.
	s, _ = Lookup("language")
	s.Choices[0].Value = "xx"
	all := Schema()
	all[0].Key = "changed"
	if s2, _ := Lookup("language"); s2.Choices[0].Value != "" || Schema()[0].Key == "changed" {
		t.Errorf("changing a copy changed the table")
	}
}

func TestLimitAccessors(t *testing.T) {
	v := Defaults().Values
	if n, ok := v.LogBackupsLimit(); n != 5 || !ok {
		t.Errorf("LogBackupsLimit() = %d, %v, want 5, true", n, ok)
	}
	if n, ok := v.LogAgeLimitDays(); n != 28 || !ok {
		t.Errorf("LogAgeLimitDays() = %d, %v, want 28, true", n, ok)
	}
	if d, ok := v.CacheExpiry(); d != time.Hour || !ok {
		t.Errorf("CacheExpiry() = %v, %v, want 1h, true", d, ok)
	}
	if n, ok := v.CacheLimit(); n != 1000 || !ok {
		t.Errorf("CacheLimit() = %d, %v, want 1000, true", n, ok)
	}
	var zero Values // 0 is no limit, everywhere
	if _, ok := zero.LogBackupsLimit(); ok {
		t.Errorf("0 backups: got a limit, want none")
	}
	if _, ok := zero.LogAgeLimitDays(); ok {
		t.Errorf("0 days: got a limit, want none")
	}
	if _, ok := zero.CacheExpiry(); ok {
		t.Errorf("TTL 0: got an expiry, want none")
	}
	if _, ok := zero.CacheLimit(); ok {
		t.Errorf("0 entries: got a limit, want none")
	}
}

func TestOriginString(t *testing.T) {
	got := []string{FromDefault.String(), FromFile.String(), FromEnv.String(), FromFlag.String()}
	if want := []string{"default", "saved", "environment", "flag"}; !slices.Equal(got, want) {
		t.Errorf("origins = %q, want %q", got, want)
	}
}
