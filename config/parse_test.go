package config

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
)

// errType names err's typed error, "" for nil.
func errType(err error) string {
	var (
		syn  *SyntaxError
		rng  *RangeError
		ch   *ChoiceError
		u    *URLError
		ad   *AddrError
		tx   *TextError
		unk  *UnknownKeyError
		nsav *NotSavedError
	)
	switch {
	case err == nil:
		return ""
	case errors.As(err, &syn):
		return "syntax"
	case errors.As(err, &rng):
		return "range"
	case errors.As(err, &ch):
		return "choice"
	case errors.As(err, &u):
		return "url"
	case errors.As(err, &ad):
		return "addr"
	case errors.As(err, &tx):
		return "text"
	case errors.As(err, &unk):
		return "unknown"
	case errors.As(err, &nsav):
		return "notsaved"
	}
	return fmt.Sprintf("untyped %T", err)
}

func TestParse(t *testing.T) {
	long := strings.Repeat("m", 256)
	tests := []struct {
		key, text string
		want      any    // when valid
		wantErr   string // errType
	}{
		{"log-dir", "", "", ""},
		{"log-dir", " /var/log/vigia ", "/var/log/vigia", ""},
		{"log-dir", "/tmp/a\nb", nil, "text"},
		{"debug", "true", true, ""},
		{"debug", "1", true, ""},
		{"debug", "F", false, ""},
		{"debug", "maybe", nil, "syntax"},
		{"debug", "", nil, "syntax"},

		{"log-max-size-mb", "1", 1, ""},
		{"log-max-size-mb", "1024", 1024, ""},
		{"log-max-size-mb", " 10 ", 10, ""},
		{"log-max-size-mb", "+7", 7, ""},
		{"log-max-size-mb", "0", nil, "range"},
		{"log-max-size-mb", "-5", nil, "range"},
		{"log-max-size-mb", "1025", nil, "range"},
		{"log-max-size-mb", "5000", nil, "range"},
		{"log-max-size-mb", "99999999999999999999", nil, "range"},
		{"log-max-size-mb", "2.5", nil, "syntax"},
		{"log-max-size-mb", "ten", nil, "syntax"},
		{"log-max-size-mb", "", nil, "syntax"},
		{"log-max-size-mb", "1e3", nil, "syntax"},
		{"log-max-backups", "0", 0, ""},
		{"log-max-backups", "1000", 1000, ""},
		{"log-max-backups", "-1", nil, "range"},
		{"log-max-backups", "1001", nil, "range"},
		{"log-max-age-days", "0", 0, ""},
		{"log-max-age-days", "3650", 3650, ""},
		{"log-max-age-days", "3651", nil, "range"},
		{"log-max-age-days", "-2", nil, "range"},
		{"log-compress", "false", false, ""},
		{"log-compress", "yes", nil, "syntax"},
		{"data-dir", "", "", ""},
		{"data-dir", "C:\\Users\\ana\\Vigía", "C:\\Users\\ana\\Vigía", ""},

		{"cache-ttl", "0", time.Duration(0), ""},
		{"cache-ttl", "0s", time.Duration(0), ""},
		{"cache-ttl", "1s", time.Second, ""},
		{"cache-ttl", "720h", 720 * time.Hour, ""},
		{"cache-ttl", "999ms", nil, "range"},
		{"cache-ttl", "720h1s", nil, "range"},
		{"cache-ttl", "-1s", nil, "range"},
		{"cache-ttl", "1", nil, "syntax"},
		{"cache-ttl", "an hour", nil, "syntax"},
		{"cache-max-entries", "0", 0, ""},
		{"cache-max-entries", "1000000", 1_000_000, ""},
		{"cache-max-entries", "1000001", nil, "range"},
		{"cache-max-entries", "1_000", nil, "syntax"},

		{"error-details", "full", "full", ""},
		{"error-details", "stacktrace", "stacktrace", ""},
		{"error-details", " none ", "none", ""},
		{"error-details", "type", "type", ""},
		{"error-details", "", nil, "choice"},
		{"error-details", "Full", nil, "choice"},
		{"language", "", "", ""},
		{"language", "en", "en", ""},
		{"language", "es", "es", ""},
		{"language", "fr", nil, "choice"},
		{"theme", "", "", ""},
		{"theme", "light", "light", ""},
		{"theme", "dark", "dark", ""},
		{"theme", "system", nil, "choice"},

		{"openai-base-url", "http://127.0.0.1:11434/v1", "http://127.0.0.1:11434/v1", ""},
		{"openai-base-url", "HTTPS://api.example.com/v1", "HTTPS://api.example.com/v1", ""},
		{"openai-base-url", "https://[::1]:8080", "https://[::1]:8080", ""},
		{"openai-base-url", "", nil, "url"},
		{"openai-base-url", "ftp://example.com", nil, "url"},
		{"openai-base-url", "http://", nil, "url"},
		{"openai-base-url", "http:example.com", nil, "url"},
		{"openai-base-url", "example.com/v1", nil, "url"},
		{"openai-base-url", "http://a b/", nil, "url"},
		{"openai-base-url", "http://host:port/", nil, "url"},
		{"openai-base-url", "https://user:sk-secret@api.example.com", nil, "url"},
		{"openai-base-url", "https://user@api.example.com", nil, "url"},
		{"openai-model", "llama3.2", "llama3.2", ""},
		{"openai-model", "org/model:7b-q4", "org/model:7b-q4", ""},
		{"openai-model", long, long, ""},
		{"openai-model", strings.Repeat("é", 256), strings.Repeat("é", 256), ""},
		{"openai-model", long + "m", nil, "text"},
		{"openai-model", "", nil, "text"},
		{"openai-model", "  ", nil, "text"},
		{"openai-model", "gpt 4", nil, "text"},
		{"openai-model", "gpt\u00a04", nil, "text"},
		{"openai-timeout", "1s", time.Second, ""},
		{"openai-timeout", "10m", 10 * time.Minute, ""},
		{"openai-timeout", "999ms", nil, "range"},
		{"openai-timeout", "10m1s", nil, "range"},
		{"openai-timeout", "0", nil, "range"},

		{"metrics-addr", "", "", ""},
		{"metrics-addr", "127.0.0.1:9464", "127.0.0.1:9464", ""},
		{"metrics-addr", "127.1.2.3:1", "127.1.2.3:1", ""},
		{"metrics-addr", "localhost:9464", "localhost:9464", ""},
		{"metrics-addr", "LocalHost:9464", "LocalHost:9464", ""},
		{"metrics-addr", "[::1]:9464", "[::1]:9464", ""},
		{"metrics-addr", "[::ffff:127.0.0.1]:9464", "[::ffff:127.0.0.1]:9464", ""},
		{"metrics-addr", "127.0.0.1:0", "127.0.0.1:0", ""},
		{"metrics-addr", "127.0.0.1:65535", "127.0.0.1:65535", ""},
		{"metrics-addr", "127.0.0.1:65536", nil, "addr"},
		{"metrics-addr", "127.0.0.1:http", nil, "addr"},
		{"metrics-addr", "127.0.0.1:-1", nil, "addr"},
		{"metrics-addr", "127.0.0.1", nil, "addr"},
		{"metrics-addr", "127.0.0.1:", nil, "addr"},
		{"metrics-addr", ":9464", nil, "addr"},
		{"metrics-addr", "0.0.0.0:9464", nil, "addr"},
		{"metrics-addr", "[::]:9464", nil, "addr"},
		{"metrics-addr", "192.168.1.2:9464", nil, "addr"},
		{"metrics-addr", "localhost.example.com:9464", nil, "addr"},
		{"metrics-addr", "128.0.0.1:9464", nil, "addr"},
		{"metrics-allow-remote", "true", true, ""},
		{"push-url", "", "", ""},
		{"push-url", "http://127.0.0.1:9091", "http://127.0.0.1:9091", ""},
		{"push-url", "https://push.example.com/", "https://push.example.com/", ""},
		{"push-url", "push.example.com", nil, "url"},
		{"push-url", "https://u:p@push.example.com/", nil, "url"},
		{"otlp-endpoint", "", "", ""},
		{"otlp-endpoint", "http://127.0.0.1:4318", "http://127.0.0.1:4318", ""},
		{"otlp-endpoint", " https://otlp.example.com/otlp ", "https://otlp.example.com/otlp", ""},
		{"otlp-endpoint", "127.0.0.1:4318", nil, "url"},
		{"otlp-endpoint", "grpc://127.0.0.1:4317", nil, "url"},
		{"otlp-endpoint", "https://TOKEN@otlp.example.com/", nil, "url"},
		{"push-interval", "1s", time.Second, ""},
		{"push-interval", "1h", time.Hour, ""},
		{"push-interval", "15s", 15 * time.Second, ""},
		{"push-interval", "0", nil, "range"},
		{"push-interval", "500ms", nil, "range"},
		{"push-interval", "1h0m1s", nil, "range"},

		// Every text: valid UTF-8, no control characters.
		{"openai-model", "a\x00b", nil, "text"},
		{"openai-model", "a\x7fb", nil, "text"},
		{"openai-model", "a\u0085b", nil, "text"},
		{"openai-model", "a\xffb", nil, "text"},
		{"log-dir", "\xc3", nil, "text"},
		{"log-max-size-mb", "1\x00", nil, "text"},

		{"nope", "1", nil, "unknown"},
		{"logMaxSizeMB", "10", nil, "unknown"},
	}
	for _, tt := range tests {
		t.Run(tt.key+"="+tt.text, func(t *testing.T) {
			got, err := Parse(tt.key, tt.text)
			if gotErr := errType(err); gotErr != tt.wantErr {
				t.Fatalf("Parse(%q, %q) error = %v (%s), want %q", tt.key, tt.text, err, gotErr, tt.wantErr)
			}
			if err != nil {
				if got != nil {
					t.Errorf("Parse(%q, %q) = %v with an error, want nil", tt.key, tt.text, got)
				}
				if verr := Validate(tt.key, tt.text); verr == nil || verr.Error() != err.Error() {
					t.Errorf("Validate(%q, %q) = %v, want %v", tt.key, tt.text, verr, err)
				}
				if msg := err.Error(); msg == "" || msg != strings.TrimRight(msg, ".!") || strings.Contains(msg, "sk-secret") {
					t.Errorf("error %q: want lowercase-style text without final punctuation or secrets", msg)
				}
				return
			}
			if got != tt.want {
				t.Errorf("Parse(%q, %q) = %#v, want %#v", tt.key, tt.text, got, tt.want)
			}
			if err := Validate(tt.key, tt.text); err != nil {
				t.Errorf("Validate(%q, %q) = %v, want nil", tt.key, tt.text, err)
			}
		})
	}
}

// The English texts the command line and its tests depend on.
func TestErrorText(t *testing.T) {
	tests := []struct {
		key, text string
		want      string
	}{
		{"log-max-size-mb", "0", "log-max-size-mb must be at least 1, got 0"},
		{"log-max-size-mb", "5000", "log-max-size-mb must be at most 1024, got 5000"},
		{"log-max-backups", "-1", "log-max-backups can't be negative, got -1"},
		{"log-max-backups", "many", `log-max-backups="many" is not a whole number`},
		{"debug", "maybe", `debug="maybe" is not true or false`},
		{"push-interval", "500ms", "push-interval must be at least 1s, got 500ms"},
		{"cache-ttl", "500ms", "cache-ttl must be 0 (no limit) or at least 1s, got 500ms"},
		{"cache-ttl", "1000h", "cache-ttl must be at most 720h, got 1000h"},
		{"cache-ttl", "soon", `cache-ttl="soon" is not a duration, such as 90s or 1h30m`},
		{"error-details", "all", `error-details must be one of full, stacktrace, type, none, got "all"`},
		{"language", "fr", `language must be one of "", en, es, got "fr"`},
		{"push-url", "https://u:p@x.example", "push-url can't hold a user name or password"},
		{"otlp-endpoint", "https://u:secret@x.example", "otlp-endpoint can't hold a user name or password"},
		{"openai-base-url", "x", "openai-base-url is not an http or https URL with a host"},
		{"metrics-addr", "0.0.0.0:9464", `metrics-addr="0.0.0.0:9464" is not a loopback address such as 127.0.0.1 or localhost: other machines are let in only with --metrics-allow-remote`},
		{"metrics-addr", "9464", `metrics-addr="9464" is not host:port, such as 127.0.0.1:9464`},
		{"openai-model", "a b", "openai-model can't contain spaces"},
		{"openai-model", strings.Repeat("x", 300), "openai-model is too long: 256 characters at most"},
		{"openai-model", "", "openai-model can't be empty"},
		{"log-dir", "a\tb", "log-dir can't contain control characters"},
		{"nope", "", `unknown setting "nope"`},
	}
	for _, tt := range tests {
		if err := Validate(tt.key, tt.text); err == nil || err.Error() != tt.want {
			t.Errorf("Validate(%q, %q) = %v, want %q", tt.key, tt.text, err, tt.want)
		}
	}
}

// The fields the UI builds its own message from.
func TestErrorFields(t *testing.T) {
	var r *RangeError
	if err := Validate("cache-max-entries", "2000000"); !errors.As(err, &r) ||
		*r != (RangeError{Key: "cache-max-entries", Value: "2000000", Min: "0", Max: "1000000", Unit: "entries", ZeroMeansNoLimit: true}) {
		t.Errorf("got %#v, want the range of cache-max-entries", r)
	}
	if err := Validate("cache-ttl", "1ms"); !errors.As(err, &r) ||
		*r != (RangeError{Key: "cache-ttl", Value: "1ms", Min: "1s", Max: "720h", ZeroMeansNoLimit: true, Below: true}) {
		t.Errorf("got %#v, want the range of cache-ttl", r)
	}
	var c *ChoiceError
	if err := Validate("theme", "blue"); !errors.As(err, &c) || c.Key != "theme" || c.Value != "blue" || strings.Join(c.Choices, ",") != ",light,dark" {
		t.Errorf("got %#v, want the theme's choices", c)
	}
	var u *URLError
	if err := Validate("push-url", "http://a:b@c"); !errors.As(err, &u) || *u != (URLError{Key: "push-url", Reason: URLUserInfo}) {
		t.Errorf("got %#v, want user info refused", u)
	}
	var a *AddrError
	if err := Validate("metrics-addr", "10.0.0.1:1"); !errors.As(err, &a) || *a != (AddrError{Key: "metrics-addr", Value: "10.0.0.1:1", Reason: AddrNotLoopback}) {
		t.Errorf("got %#v, want not loopback", a)
	}
	var tx *TextError
	if err := Validate("openai-model", strings.Repeat("x", 257)); !errors.As(err, &tx) || *tx != (TextError{Key: "openai-model", Reason: TextTooLong, Max: 256}) {
		t.Errorf("got %#v, want too long", tx)
	}
	var s *SyntaxError
	if err := Validate("log-compress", " yes "); !errors.As(err, &s) || *s != (SyntaxError{Key: "log-compress", Value: "yes", Kind: Bool}) {
		t.Errorf("got %#v, want not a bool", s)
	}
}

func TestFormat(t *testing.T) {
	tests := []struct {
		key  string
		v    any
		want string
	}{
		{"cache-ttl", time.Hour, "1h"},
		{"cache-ttl", 0 * time.Second, "0"},
		{"cache-ttl", 90 * time.Minute, "1h30m"},
		{"cache-ttl", 2 * time.Minute, "2m"},
		{"cache-ttl", 90 * time.Second, "1m30s"},
		{"cache-ttl", 1500 * time.Millisecond, "1.5s"},
		{"cache-ttl", 25*time.Hour + time.Second, "25h0m1s"},
		{"push-interval", 15 * time.Second, "15s"},
		{"log-max-size-mb", 10, "10"},
		{"log-compress", true, "true"},
		{"theme", "dark", "dark"},
		{"nope", 3, "3"},
	}
	for _, tt := range tests {
		if got := Format(tt.key, tt.v); got != tt.want {
			t.Errorf("Format(%q, %v) = %q, want %q", tt.key, tt.v, got, tt.want)
		}
	}
}

// FuzzParseFormat: whatever Parse accepts, Format writes so that Parse
// reads the same value back; whatever it refuses, it refuses with a typed
// error.
func FuzzParseFormat(f *testing.F) {
	for _, s := range Schema() {
		f.Add(s.Key, s.Default)
	}
	for _, seed := range []string{"0", "-1", "1024", "1h0m0s", "1.5h", "http://a:b@c", "[::1]:0", " x ", "\x00", "\xff", "99999999999999999999"} {
		f.Add("cache-ttl", seed)
		f.Add("metrics-addr", seed)
	}
	keys := Schema()
	f.Fuzz(func(t *testing.T, key, text string) {
		if _, ok := Lookup(key); !ok {
			key = keys[len(key)%len(keys)].Key
		}
		v, err := Parse(key, text)
		if err != nil {
			if typ := errType(err); strings.HasPrefix(typ, "untyped") {
				t.Fatalf("Parse(%q, %q) error %v is %s", key, text, err, typ)
			}
			if Validate(key, text) == nil {
				t.Fatalf("Validate(%q, %q) = nil, Parse refused it", key, text)
			}
			return
		}
		formatted := Format(key, v)
		again, err := Parse(key, formatted)
		if err != nil {
			t.Fatalf("Parse(%q, Format(Parse(%q)) = %q) error = %v", key, text, formatted, err)
		}
		if again != v {
			t.Fatalf("Parse(Format(Parse(%q))) = %#v, want %#v", text, again, v)
		}
		if Format(key, again) != formatted {
			t.Fatalf("Format is not stable: %q then %q", formatted, Format(key, again))
		}
	})
}
