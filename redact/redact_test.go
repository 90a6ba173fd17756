package redact

import (
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
		// Not secret: counters and limits, other words, too short.
		"prompt_tokens": false, "completion_tokens": false, "max_tokens": false, "tokens": false,
		"tokens_used": false, "model": false, "session": false, "key": false,
		"secretary": false, "secretary_name": false, "monkey": false, "broken": false,
		"tokenizer": false, "": false, "_": false, "y": false,
	} {
		if got := IsSecretKey(key); got != want {
			t.Errorf("IsSecretKey(%q) = %v, want %v", key, got, want)
		}
	}
}

func TestCredentials(t *testing.T) {
	for in, want := range map[string]string{
		"key sk-proj-ABCDEFGHIJKLMNOPQR":        "key " + Marker,
		"task-ABCDEFGHIJKLMNOPQR":               "task-ABCDEFGHIJKLMNOPQR",
		"Authorization: BEARER abc.def.ghi-123": "Authorization: " + Marker,
		"a bearer of news":                      "a bearer of news",
		"sk-short":                              "sk-short",
		"nothing here":                          "nothing here",
		"":                                      "",
	} {
		if got := Credentials(in); got != want {
			t.Errorf("Credentials(%q) = %q, want %q", in, got, want)
		}
		if got, want := HasCredential(in), want != in; got != want {
			t.Errorf("HasCredential(%q) = %v, want %v", in, got, want)
		}
	}
}

// TestMayHoldCredential: the cheap filter never turns away text that the
// expression would match.
func TestMayHoldCredential(t *testing.T) {
	for _, s := range []string{"bearer 12345678", "BeArEr abcdefgh", "x sk-ABCDEFGHIJKLMNOP", "bb bearer abcdefghij"} {
		if !MayHoldCredential(s) || !credential.MatchString(s) {
			t.Errorf("%q: filter %v, expression %v", s, MayHoldCredential(s), credential.MatchString(s))
		}
	}
	if MayHoldCredential("plain words, a b c") {
		t.Error("the filter passed plain text")
	}
}

func FuzzCredentials(f *testing.F) {
	for _, s := range []string{"Bearer abcdefghijk", "sk-ABCDEFGHIJKLMNOPQRS", "plain", "bEaReR\tx.y.z-12345678"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if credential.MatchString(s) && !MayHoldCredential(s) {
			t.Fatalf("the filter turned away %q, which holds a credential", s)
		}
		if out := Credentials(s); credential.MatchString(out) {
			t.Fatalf("Credentials(%q) = %q still holds one", s, out)
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
