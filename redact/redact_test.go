package redact

import (
	"encoding/base64"
	"strings"
	"testing"
)

func TestIsSecretKey(t *testing.T) {
	for key, want := range map[string]bool{
		// Secret: the word alone, after a separator, in camelCase, glued.
		"api_key": true, "API_KEY": true, "apikey": true, "APIKey": true, "openai_api_key": true,
		"openai-api-key": true, "openaiApiKey": true, "token": true, "access_token": true,
		"X-Auth-Token": true, "csrftoken": true, "password": true, "db.password": true,
		"Password": true, "passwd": true, "Authorization": true, "secret": true,
		"client_secret": true, "set-cookie": true, "api_key_": true,
		"private_key": true, "privateKey": true, "PRIVATE-KEY": true, "credential": true,
		"credentials": true, "aws_access_key": true, "secret_key": true, "session_key": true,
		"passphrase": true, "Proxy-Authorization": true, "X-Api-Key": true, "Cookie": true,
		// Not secret: counters and limits, other words, too short.
		"prompt_tokens": false, "completion_tokens": false, "max_tokens": false, "tokens": false,
		"tokens_used": false, "model": false, "session": false, "key": false, "cache_key": false,
		"secretary": false, "secretary_name": false, "monkey": false, "broken": false,
		"tokenizer": false, "": false, "_": false, "y": false, "credentials_path": false,
		"session_id": false, "base_url": false, "pwd": false, "keys": false, "s": false,
	} {
		if got := IsSecretKey(key); got != want {
			t.Errorf("IsSecretKey(%q): got %v, want %v", key, got, want)
		}
	}
}

// TestIsSecretKeyAllocs: IsSecretKey runs for every logged attribute.
func TestIsSecretKeyAllocs(t *testing.T) {
	keys := []string{"event", "prompt_tokens", "openai_api_key", "credentials"}
	if n := testing.AllocsPerRun(100, func() {
		for _, k := range keys {
			IsSecretKey(k)
		}
	}); n != 0 {
		t.Errorf("got %v allocations, want 0", n)
	}
}

func TestCredentials(t *testing.T) {
	basic := base64.StdEncoding.EncodeToString([]byte("ana:hunter2"))
	for in, want := range map[string]string{
		"key sk-proj-ABCDEFGHIJKLMNOPQR":        "key " + Marker,
		"task-ABCDEFGHIJKLMNOPQR":               "task-ABCDEFGHIJKLMNOPQR",
		"SK-ABCDEFGHIJKLMNOPQRST":               "SK-ABCDEFGHIJKLMNOPQRST",
		"Authorization: BEARER abc.def.ghi-123": "Authorization: " + Marker,
		"a bearer of news":                      "a bearer of news",
		"sk-short":                              "sk-short",
		"nothing here":                          "nothing here",
		"":                                      "",
		// Basic credentials: only base64 of "user:password".
		"Authorization: Basic " + basic: "Authorization: " + Marker,
		"auth basic dXNlcjpwYXNz":       "auth " + Marker,
		`"basic YW5hOmIx"`:              `"` + Marker + `"`,
		"basic YTpi":                    "basic YTpi", "the basic Only way": "the basic Only way",
		"basic configuration and basic Authentication":   "basic configuration and basic Authentication",
		"the basic Options dialog":                       "the basic Options dialog",
		"Basic 12345678":                                 "Basic 12345678",
		"basic abcd/basic " + basic + " x":               "basic abcd/" + Marker + " x",
		"a basic, bearer-free sentence with sk- in it":   "a basic, bearer-free sentence with sk- in it",
		"see https://example.com/path?q=1 and more text": "see https://example.com/path?q=1 and more text",
		// URLs: the user information goes whole, user name included.
		"https://user:pass@host/path":                  "https://" + Marker + "@host/path",
		"GET https://user:p%40ss@host:8080/v1 failed":  "GET https://" + Marker + "@host:8080/v1 failed",
		"https://TOKEN123@github.com/x.git":            "https://" + Marker + "@github.com/x.git",
		"https://u:p@ss@host/":                         "https://" + Marker + "@host/",
		"map[base_url:https://ana:s3cr3t@h:1 model:m]": "map[base_url:https://" + Marker + "@h:1 model:m]",
		`{"u":"https://a:b@[::1]:8080/"}`:              `{"u":"https://` + Marker + `@[::1]:8080/"}`,
		"postgres://vigia:pw@db/app?sslmode=off":       "postgres://" + Marker + "@db/app?sslmode=off",
		"https://mastodon.social/@vigia":               "https://mastodon.social/@vigia",
		"https://host/?mail=a@b.com":                   "https://host/?mail=a@b.com",
		"https://@host/":                               "https://@host/",
		// E-mail addresses are no URLs.
		"write to ana@example.com or a@b.com":   "write to ana@example.com or a@b.com",
		"mailto:ana@example.com":                "mailto:ana@example.com",
		"see https://example.com, or ana@b.com": "see https://example.com, or ana@b.com",
	} {
		if got := Credentials(in); got != want {
			t.Errorf("Credentials(%q): got %q, want %q", in, got, want)
		}
		if got, want := HasCredential(in), want != in; got != want {
			t.Errorf("HasCredential(%q): got %v, want %v", in, got, want)
		}
	}
}

// allHints asks credentialSpans to try every pattern.
const allHints = mayBearer | maySK | mayBasic | mayURL

// TestMayHoldCredential: the cheap filter never turns away text that a
// pattern would match.
func TestMayHoldCredential(t *testing.T) {
	for _, s := range []string{"bearer 12345678", "BeArEr abcdefgh", "x sk-ABCDEFGHIJKLMNOP", "bb bearer abcdefghij",
		"BASIC YW5hOmIx", "bbasic basic YW5hOmIx", "ftp://a@b"} {
		if !MayHoldCredential(s) || len(credentialSpans(s, allHints, nil)) == 0 {
			t.Errorf("%q: filter %v, patterns %v", s, MayHoldCredential(s), credentialSpans(s, allHints, nil))
		}
		if long := strings.Repeat(".", 64) + s; hints(long) != hints(s) {
			t.Errorf("%q: the long filter gives %b, the short one %b", s, hints(long), hints(s))
		}
	}
	for _, s := range []string{"plain words, a b c", "a@b.com", "https://host/"} {
		if MayHoldCredential(s) {
			t.Errorf("the filter passed %q", s)
		}
	}
}

func TestRedactorString(t *testing.T) {
	r := New("abc", "abcdef", `q"uote`, "a<b&c", "", "ab cd")
	for in, want := range map[string]string{
		"x abcdef y":                            "x [REDACTED] y",
		"abcabc":                                "[REDACTED][REDACTED]",
		`{"v":"q\"uote"}`:                       `{"v":"[REDACTED]"}`,
		`{"v":"a\u003cb\u0026c"}`:               `{"v":"[REDACTED]"}`,
		"a<b&c":                                 "[REDACTED]",
		"key sk-proj-ABCDEFGHIJKLMNOPQR":        "key [REDACTED]",
		"Authorization: BEARER abc.def.ghi-123": "Authorization: [REDACTED]",
		// The exact value and a pattern overlap: one marker for both.
		"Bearer xyzxyzabcxyz":      "[REDACTED]",
		"Bearer 12345678ab cd end": "[REDACTED] end",
		// Removing an exact value joins a URL's authority: a second pass.
		"https://u:ab cd@host/": "https://[REDACTED]@host/",
		"nothing here":          "nothing here",
	} {
		if got := r.String(in); got != want {
			t.Errorf("String(%q): got %q, want %q", in, got, want)
		}
	}
	if got, want := r.Exact("Bearer abcdefgh and abc"), "Bearer [REDACTED]gh and [REDACTED]"; got != want {
		t.Errorf("Exact: got %q, want %q", got, want)
	}
	var none *Redactor
	if got := none.Exact("abc"); got != "abc" {
		t.Errorf("nil Exact: got %q", got)
	}
	if got := New().String("Bearer abcdefghij"); got != Marker {
		t.Errorf("New() without secrets: got %q, want the shared rules", got)
	}
}

// TestStringClean: clean text comes back as it is, without allocating.
func TestStringClean(t *testing.T) {
	r := New("sk-test-0123456789")
	for _, s := range []string{"task done", "model:sentiment", "https://api.openai.com/v1", "ana@example.com", "basic"} {
		if n := testing.AllocsPerRun(100, func() { _ = Credentials(s) }); n != 0 {
			t.Errorf("Credentials(%q): got %v allocations, want 0", s, n)
		}
		if got := r.String(s); got != s {
			t.Errorf("String(%q): got %q", s, got)
		}
	}
}

// credentialForms are the credentials the fuzz targets inject, built from
// a fuzzed secret: the part that must never come out.
func credentialForms(secret string) []struct{ text, hidden string } {
	b64 := base64.StdEncoding.EncodeToString([]byte("u:" + secret))
	return []struct{ text, hidden string }{
		{"Bearer " + secret, secret},
		{"Authorization: bearer\t" + secret, secret},
		{"sk-" + secret, secret},
		{"Basic " + b64, b64},
		{"https://u:" + secret + "@example.com/v1", secret},
		{"http://" + secret + "@h", secret},
		{"ssh://u:" + secret + "@h:22", secret},
	}
}

// tokenSecret makes the fuzzer's bytes into a token that every form
// accepts: at least 16 characters of [A-Za-z0-9].
func tokenSecret(b string) string {
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
	var t strings.Builder
	for i := 0; i < len(b) || t.Len() < 16; i++ {
		c := byte(i * 7)
		if i < len(b) {
			c = b[i]
		}
		t.WriteByte(alphabet[int(c)%len(alphabet)])
	}
	return "Z9" + t.String()
}

// FuzzCredentials: on any text, Credentials does not panic, is idempotent
// and leaves no match; and a credential put between spaces into that text
// never comes out.
func FuzzCredentials(f *testing.F) {
	for _, s := range []string{"Bearer abcdefghijk", "sk-ABCDEFGHIJKLMNOPQRS", "plain", "bEaReR\tx.y.z-12345678",
		"https://u:p@h/ a@b.com", "basic YW5hOmIx", "x://@@@", "://a@b://c@d", "Basic dXNlcjpwYXNz=="} {
		f.Add(s, "secret", s)
	}
	f.Fuzz(func(t *testing.T, before, secret, after string) {
		s := before + after
		once := Credentials(s)
		if twice := Credentials(once); twice != once {
			t.Fatalf("not idempotent on %q: %q, then %q", s, once, twice)
		}
		if HasCredential(once) {
			t.Fatalf("Credentials(%q) = %q still holds one", s, once)
		}
		if got, want := len(credentialSpans(s, hints(s), nil)), len(credentialSpans(s, allHints, nil)); got != want {
			t.Fatalf("the filter hides %d of the %d credentials of %q", want-got, want, s)
		}
		if hints(strings.Repeat(".", 64)+s) != hints(s) {
			t.Fatalf("%q: the long filter gives %b, the short one %b", s, hints(strings.Repeat(".", 64)+s), hints(s))
		}
		tok := tokenSecret(secret)
		for _, c := range credentialForms(tok) {
			if strings.Contains(before+after, c.hidden) {
				continue
			}
			in := before + " " + c.text + " " + after
			if out := Credentials(in); strings.Contains(out, c.hidden) {
				t.Fatalf("Credentials(%q) = %q shows %q", in, out, c.hidden)
			}
		}
	})
}

// FuzzRedactorString: an exact secret never comes out, whatever the text
// around it, and redacting twice is redacting once.
func FuzzRedactorString(f *testing.F) {
	f.Add("a secret-value b", "secret-value")
	f.Add("Bearer abcdefghijkl", "x")
	f.Add("https://u:", "x y")
	f.Fuzz(func(t *testing.T, text, secret string) {
		// A secret made of the marker's letters can be spelt anew by the
		// marker and its neighbours; that is not a leak.
		if secret == "" || strings.ContainsAny(secret, "[]REDACT") {
			return
		}
		r := New(secret)
		got := r.String(text + secret + text)
		if strings.Contains(got, secret) {
			t.Errorf("String(%q) with secret %q: got %q", text, secret, got)
		}
		if again := r.String(got); again != got {
			t.Errorf("not idempotent: %q, then %q", got, again)
		}
	})
}

func BenchmarkIsSecretKey(b *testing.B) {
	keys := []string{"event", "session", "duration_ms", "model", "prompt_tokens", "openai_api_key"}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		IsSecretKey(keys[i%len(keys)])
	}
}

func BenchmarkCredentialsClean(b *testing.B) {
	// The last two are a task record's trace_id and span_id: hex, full of
	// b's, on every task with telemetry on.
	texts := []string{"task done", "model:sentiment", "ok", "Session ended after 12 requests", "https://api.openai.com/v1",
		"4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7"}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		Credentials(texts[i%len(texts)])
	}
}
