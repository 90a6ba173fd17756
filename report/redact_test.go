package report

import (
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
	} {
		if got := r.String(in); got != want {
			t.Errorf("String(%q): got %q, want %q", in, got, want)
		}
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
