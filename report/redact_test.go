package report

import (
	"path/filepath"
	"strings"
	"testing"
)

func TestRedactorString(t *testing.T) {
	r := newRedactor([]string{"abc", "abcdef", `q"uote`, "a<b&c", ""})
	for in, want := range map[string]string{
		"x abcdef y":                            "x [REDACTED] y",
		"abcabc":                                "[REDACTED][REDACTED]",
		`{"v":"q\"uote"}`:                       `{"v":"[REDACTED]"}`,
		"key sk-proj-ABCDEFGHIJKLMNOPQR":        "key [REDACTED]",
		"task-ABCDEFGHIJKLMNOPQR":               "task-ABCDEFGHIJKLMNOPQR",
		"Authorization: BEARER abc.def.ghi-123": "Authorization: [REDACTED]",
		`{"v":"a\u003cb\u0026c"}`:               `{"v":"[REDACTED]"}`,
		"a<b&c":                                 "[REDACTED]",
		"nothing here":                          "nothing here",
		"GET https://ana:pw@host/v1":            "GET https://[REDACTED]@host/v1",
		"Authorization: Basic YW5hOmh1bnRlcjI=": "Authorization: [REDACTED]",
	} {
		if got := r.String(in); got != want {
			t.Errorf("String(%q): got %q, want %q", in, got, want)
		}
	}
}

// TestDiagnosticsURLWithPassword: a password typed into a URL, as a
// parameter or a setting, leaves the bundle neither from a log line of any
// form nor from the settings, though the bundle is not told the password.
func TestDiagnosticsURLWithPassword(t *testing.T) {
	const pass = "Pa55-typed-in-base-url"
	logs := t.TempDir()
	writeFiles(t, logs, map[string]string{
		"app.log": `{"level":"INFO","msg":"User Action: run","details":"model=openai params=map[base_url:https://ana:` + pass + `@llm.local:8080/v1 max_tokens:64]"}` + "\n" +
			"2026-01-02 10:00:00,000 - vigia - INFO - calling https://ana:" + pass + "@llm.local/v1/chat/completions\n" +
			`{"msg":"m","params":{"base_url":"https://` + pass + `@llm.local/"}}` + "\n",
	})
	journal := filepath.Join(t.TempDir(), "sessions.jsonl")
	writeFiles(t, filepath.Dir(journal), map[string]string{"sessions.jsonl": `{"note":"https://u:` + pass + `@h/"}` + "\n"})
	s, series, _ := sample()
	_, entries := bundleFor(t, DiagInput{
		LogDir: logs, JournalPath: journal, Summary: s, Series: series,
		Settings: map[string]any{"openaiBaseURL": "https://ana:" + pass + "@llm.local/v1"},
	})
	for name, b := range entries {
		if strings.Contains(string(b), pass) {
			t.Errorf("%s shows the password:\n%s", name, b)
		}
	}
	if got, want := string(entries["logs/app.log"]), "https://[REDACTED]@llm.local:8080/v1 max_tokens:64"; !strings.Contains(got, want) {
		t.Errorf("logs/app.log: got %q, want it to contain %q", got, want)
	}
	if got, want := string(entries["settings.json"]), `"https://[REDACTED]@llm.local/v1"`; !strings.Contains(got, want) {
		t.Errorf("settings.json: got %s, want it to contain %s", got, want)
	}
}

func FuzzRedactorString(f *testing.F) {
	f.Add("a secret-value b", "secret-value")
	f.Add("Bearer abcdefghijkl", "x")
	f.Fuzz(func(t *testing.T, text, secret string) {
		// A secret made of the marker's letters can be spelt anew by
		// the marker and its neighbours; that is not a leak.
		if secret == "" || strings.ContainsAny(secret, "[]REDACT") {
			return
		}
		if got := newRedactor([]string{secret}).String(text); strings.Contains(got, secret) {
			t.Errorf("String(%q) with secret %q: got %q", text, secret, got)
		}
	})
}
