package logging

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

func mustURL(s string) *url.URL {
	u, err := url.Parse(s)
	if err != nil {
		panic(err)
	}
	return u
}

func regexpMatch(re, s string) bool { return regexp.MustCompile(re).MatchString(s) }

type secretValuer struct{}

func (secretValuer) LogValue() slog.Value { return slog.StringValue("Bearer abcdefghijklmnop") }

// TestRedaction logs secrets in every way slog allows and checks that
// neither the console, the JSON file nor the ring ever shows them.
func TestRedaction(t *testing.T) {
	const key = "sk-proj-ABCDEFGHIJKLMNOPQRSTUV123456"
	const bearer = "Bearer eyJhbGciOiJIUzI1NiJ9.payload.sig"
	cases := []struct {
		name string
		log  func(l *slog.Logger)
	}{
		{"named attr", func(l *slog.Logger) { l.Info("m", "api_key", "plain-value-123") }},
		{"named attr any case", func(l *slog.Logger) { l.Info("m", "Password", "hunter2hunter2") }},
		{"authorization", func(l *slog.Logger) { l.Info("m", "authorization", "Basic dXNlcjpwYXNz") }},
		{"key in value", func(l *slog.Logger) { l.Info("m", "url", "https://x/?k="+key) }},
		{"bearer in value", func(l *slog.Logger) { l.Info("m", "header", bearer) }},
		{"key in message", func(l *slog.Logger) { l.Info("using " + key + " now") }},
		{"bearer in message", func(l *slog.Logger) { l.Info("sent " + bearer) }},
		{"in group", func(l *slog.Logger) { l.Info("m", slog.Group("req", "token", "t0k3n-value-xyz")) }},
		{"with attrs", func(l *slog.Logger) { l.With("secret", "s3cr3t-value-xyz").Info("m") }},
		{"with group attrs", func(l *slog.Logger) { l.WithGroup("g").With("header", bearer).Info("m") }},
		{"log valuer", func(l *slog.Logger) { l.Info("m", "v", secretValuer{}) }},
		{"error", func(l *slog.Logger) { l.Info("m", "err", errors.New("401 for "+key)) }},
		// Composite values, at any depth.
		{"map of headers", func(l *slog.Logger) { l.Info("m", "h", map[string]string{"Authorization": bearer}) }},
		{"http.Header", func(l *slog.Logger) { l.Info("m", "h", http.Header{"X-Api-Key": {"plain-value-123"}}) }},
		{"slice", func(l *slog.Logger) { l.Info("m", "hs", []string{bearer}) }},
		{"struct field", func(l *slog.Logger) { l.Info("m", "cfg", struct{ Model, APIKey string }{"m", "plain-value-123"}) }},
		{"json tag", func(l *slog.Logger) {
			l.Info("m", "cfg", &struct {
				K string `json:"private_key"`
			}{"s3cr3t-value-xyz"})
		}},
		{"bytes", func(l *slog.Logger) { l.Info("m", "body", []byte(bearer)) }},
		{"nested", func(l *slog.Logger) {
			l.Info("m", "req", map[string]any{"list": []any{map[string]any{"credentials": []string{"t0k3n-value-xyz"}}}})
		}},
		{"private_key", func(l *slog.Logger) { l.Info("m", "private_key", "s3cr3t-value-xyz") }},
		// URLs with user information, in every form.
		{"URL in message", func(l *slog.Logger) { l.Info("calling https://ana:hunter2hunter2@llm.local/v1") }},
		{"URL in value", func(l *slog.Logger) { l.Info("m", "url", "https://ana:hunter2hunter2@llm.local/v1") }},
		{"*url.URL", func(l *slog.Logger) { l.Info("m", "url", mustURL("https://ana:hunter2hunter2@llm.local/v1")) }},
		{"url.URL", func(l *slog.Logger) { l.Info("m", "url", *mustURL("https://ana:hunter2hunter2@llm.local/v1")) }},
		{"URL in error", func(l *slog.Logger) {
			l.Info("m", "err", &url.Error{Op: "Post", URL: "https://ana:hunter2hunter2@llm.local/v1", Err: errors.New("refused")})
		}},
		// The workspace's user_action record: the parameters as typed.
		{"params map", func(l *slog.Logger) {
			l.Info("m", "params", map[string]string{"base_url": "https://ana:hunter2hunter2@llm.local/v1", "max_tokens": "64"})
		}},
		{"params text", func(l *slog.Logger) {
			l.Info("User Action: run", "event", "user_action", "details",
				fmt.Sprintf("model=openai params=%v", map[string]string{"base_url": "https://ana:hunter2hunter2@llm.local/v1"}))
		}},
	}
	secrets := []string{"plain-value-123", "hunter2hunter2", "dXNlcjpwYXNz", key, "eyJhbGciOiJIUzI1NiJ9", "t0k3n-value-xyz", "s3cr3t-value-xyz", "abcdefghijklmnop",
		base64.StdEncoding.EncodeToString([]byte(bearer))[:20]}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			var console bytes.Buffer
			s := New(Options{Dir: dir, Console: &console})
			c.log(s.Logger())
			if err := s.Close(); err != nil {
				t.Fatal(err)
			}
			file := readFile(t, s.AppLogPath())
			var ring strings.Builder
			for _, e := range s.Ring().Snapshot() {
				ring.WriteString(e.Line())
			}
			for where, out := range map[string]string{"console": console.String(), "app.log": file, "ring": ring.String()} {
				for _, sec := range secrets {
					if strings.Contains(out, sec) {
						t.Errorf("%s shows secret %q: %s", where, sec, out)
					}
				}
				if !strings.Contains(out, Redacted) {
					t.Errorf("%s has no %s: %s", where, Redacted, out)
				}
			}
		})
	}
}

// TestJSONValidForAnyInput checks that every app.log line parses as JSON
// and keeps the required fields, whatever bytes were logged.
func TestJSONValidForAnyInput(t *testing.T) {
	dir := t.TempDir()
	s := New(Options{Dir: dir, Console: discard{}})
	l := WithSession(s.Logger(), "0192-test")
	inputs := []string{"plain", "new\nline", "\xff\xfe invalid", "quote \" and \\ backslash", "\x00 nul", "\x1b[31m ansi", "ünïcödé ✓", strings.Repeat("long ", 1000)}
	for _, in := range inputs {
		l.Info(in, in, in)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(readFile(t, s.AppLogPath())), "\n")
	if len(lines) != len(inputs) {
		t.Fatalf("got %d lines, want %d", len(lines), len(inputs))
	}
	for i, line := range lines {
		var m map[string]any
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			t.Fatalf("line %d is not JSON: %v: %q", i, err, line)
		}
		for _, k := range []string{"time", "level", "msg", "logger", "session"} {
			if _, ok := m[k]; !ok {
				t.Errorf("line %d lacks %q: %s", i, k, line)
			}
		}
		if !regexpMatch(`^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}(Z|[+-]\d{2}:\d{2})$`, m["time"].(string)) {
			t.Errorf("time %q is not RFC 3339 with milliseconds", m["time"])
		}
		if m["logger"] != "vigia.session.0192-test" || m["session"] != "0192-test" {
			t.Errorf("got logger %v session %v, want vigia.session.0192-test and 0192-test", m["logger"], m["session"])
		}
	}
}

// TestRedactParams: the parameters a user typed, logged as a map, keep
// what is not secret and lose the password in a URL, in the JSON file as
// a JSON object.
func TestRedactParams(t *testing.T) {
	dir := t.TempDir()
	s := New(Options{Dir: dir, Console: discard{}})
	s.Logger().Info("User Action: run", "event", "user_action",
		"params", map[string]string{"base_url": "https://ana:hunter2hunter2@llm.local:8080/v1", "max_tokens": "64", "api_key": ""})
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	var line struct{ Params map[string]string }
	if err := json.Unmarshal([]byte(readFile(t, s.AppLogPath())), &line); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"base_url": "https://" + Redacted + "@llm.local:8080/v1", "max_tokens": "64", "api_key": ""}
	if fmt.Sprint(line.Params) != fmt.Sprint(want) {
		t.Errorf("got params %v, want %v", line.Params, want)
	}
}

// TestRedactAttr: what changes and what does not.
func TestRedactAttr(t *testing.T) {
	for _, c := range []struct {
		in      slog.Attr
		want    string // the value as the console writes it
		changed bool
	}{
		{slog.String("event", "task"), "task", false},
		{slog.Int("max_tokens", 64), "64", false},
		{slog.String("api_key", ""), "", false},
		{slog.String("api_key", "x"), Redacted, true},
		{slog.Any("err", errors.New("refused")), "refused", false},
		{slog.Any("usage", map[string]int64{"echo": 2}), "map[echo:2]", true},
		{slog.Any("url", "https://a:b@h/"), "https://" + Redacted + "@h/", true},
		{slog.Any("h", http.Header{"Authorization": {"Basic dXNlcjpwYXNz"}, "Accept": {"*/*"}}), "map[Accept:[*/*] Authorization:" + Redacted + "]", true},
	} {
		got, changed := redactAttr(c.in)
		if got.Value.String() != c.want || changed != c.changed {
			t.Errorf("redactAttr(%v): got %q, %v; want %q, %v", c.in, got.Value, changed, c.want, c.changed)
		}
	}
}

func BenchmarkRedactRecordClean(b *testing.B) {
	r := slog.NewRecord(timeZero, slog.LevelInfo, "task done", 0)
	r.AddAttrs(slog.String("event", "task"), slog.String("task", "model:sentiment"), slog.Float64("duration_ms", 1.5), slog.String("outcome", "ok"))
	for b.Loop() {
		_ = redactRecord(r)
	}
}

// BenchmarkRedactAttr is the common path: attributes of the kinds most
// records carry, none of them secret.
func BenchmarkRedactAttr(b *testing.B) {
	attrs := []slog.Attr{
		slog.String("event", "task"), slog.String("task", "model:sentiment"), slog.Int("requests", 12),
		slog.Float64("duration_ms", 1.5), slog.String("outcome", "ok"), slog.Int64("prompt_tokens", 25),
	}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		if _, changed := redactAttr(attrs[i%len(attrs)]); changed {
			b.Fatal("a clean attribute changed")
		}
	}
}
