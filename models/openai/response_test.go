package openai

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"vigia/models"
	"vigia/redact"
)

// fuzzKey is the key the fuzz target redacts: a fuzzer that finds it in the
// input must not find it in the output.
const fuzzKey = "sk-fuzz-0123456789abcdefghij"

// FuzzParseResponse feeds arbitrary bodies to the parsers of endpoint
// responses: parseResponse must return a usable Result or an error wrapping
// one of its sentinels, never panic; errorMessage must return a short,
// clean, redacted line. Seeds are in testdata/fuzz/FuzzParseResponse.
func FuzzParseResponse(f *testing.F) {
	f.Add([]byte(`{"model":"m","choices":[{"message":{"content":"hi"},"finish_reason":"stop"}],"usage":{"prompt_tokens":1,"completion_tokens":2}}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		r := newRedactor(fuzzKey)
		res, err := parseResponse(body, r)
		if err != nil {
			if !errors.Is(err, ErrMalformedResponse) && !errors.Is(err, ErrTruncatedResponse) && !errors.Is(err, ErrEmptyChoices) {
				t.Errorf("error %v wraps none of the sentinels", err)
			}
			if res.Text != "" || res.Data != nil || res.Usage != nil {
				t.Errorf("result %+v with error %v", res, err)
			}
			if strings.Contains(err.Error(), fuzzKey) || hasSecret(err.Error()) {
				t.Errorf("error shows a secret: %v", err)
			}
		} else {
			c, ok := res.Data.(Completion)
			if !ok {
				t.Fatalf("Data is %T, want Completion", res.Data)
			}
			if res.Usage != c.Usage || (c.Usage != nil && (c.Usage.PromptTokens < 0 || c.Usage.CompletionTokens < 0)) {
				t.Errorf("usage %+v, data usage %+v", res.Usage, c.Usage)
			}
			if _, err := json.Marshal(res); err != nil {
				t.Errorf("result does not marshal: %v", err)
			}
			for _, s := range []string{res.Text, c.Model, c.FinishReason} {
				if strings.Contains(s, fuzzKey) {
					t.Errorf("result shows the key: %q", s)
				}
			}
		}
		for _, cut := range []bool{false, true} {
			checkMessage(t, errorMessage(body, cut, r), rawLimit, messageLimit)
		}
	})
}

// checkMessage checks what redactor.message promises.
func checkMessage(t *testing.T, msg string, limits ...int) {
	t.Helper()
	most := 0
	for _, l := range limits {
		most = max(most, l)
	}
	switch {
	case len(msg) > most+len("…"):
		t.Errorf("message is %d bytes, over %d: %q", len(msg), most, msg)
	case !utf8.ValidString(msg):
		t.Errorf("message is not valid UTF-8: %q", msg)
	case strings.Contains(msg, fuzzKey) || hasSecret(msg):
		t.Errorf("message shows a secret: %q", msg)
	case msg != strings.TrimSpace(msg) || strings.Contains(msg, "  "):
		t.Errorf("message has stray spaces: %q", msg)
	}
	for _, c := range msg {
		if unicode.IsControl(c) || unicode.Is(unicode.Cf, c) || (unicode.IsSpace(c) && c != ' ') {
			t.Errorf("message has %U: %q", c, msg)
			break
		}
	}
}

func TestParseResponse(t *testing.T) {
	u := &models.Usage{PromptTokens: 3, CompletionTokens: 4}
	tests := []struct {
		name    string
		body    string
		want    models.Result
		wantErr error
	}{
		{"full", `{"model":"llama3.2","choices":[{"message":{"role":"assistant","content":"Hola"},"finish_reason":"stop"}],"usage":{"prompt_tokens":3,"completion_tokens":4,"total_tokens":7}}`,
			models.Result{Text: "Hola", Data: Completion{Model: "llama3.2", FinishReason: "stop", Usage: u}, Usage: u}, nil},
		{"second choice ignored", `{"choices":[{"message":{"content":"a"}},{"message":{"content":"b"}}]}`,
			models.Result{Text: "a", Data: Completion{}}, nil},
		{"white space around", " \n{\"choices\":[{\"message\":{\"content\":\"a\"}}]}\n", models.Result{Text: "a", Data: Completion{}}, nil},
		{"escaped key in content", `{"choices":[{"message":{"content":"k=\u0073k-fuzz-0123456789abcdefghij"}}]}`,
			models.Result{Text: "k=" + Redacted, Data: Completion{}}, nil},
		{"array", `[]`, models.Result{}, ErrMalformedResponse},
		{"huge usage", `{"choices":[{"message":{"content":"a"}}],"usage":{"prompt_tokens":1e99}}`, models.Result{}, ErrMalformedResponse},
		{"cut in a string", `{"choices":[{"message":{"content":"a`, models.Result{}, ErrTruncatedResponse},
		{"cut in a literal", `{"choices":[{"message":{"content":nul`, models.Result{}, ErrTruncatedResponse},
		{"error object", `{"error":{"message":"quota"}}`, models.Result{}, ErrEmptyChoices},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parseResponse([]byte(tt.body), newRedactor(fuzzKey))
			if !errors.Is(err, tt.wantErr) || (tt.wantErr == nil && err != nil) {
				t.Fatalf("got error %v, want %v", err, tt.wantErr)
			}
			gotJSON, _ := json.Marshal(got)
			wantJSON, _ := json.Marshal(tt.want)
			if string(gotJSON) != string(wantJSON) {
				t.Errorf("got %s, want %s", gotJSON, wantJSON)
			}
		})
	}
}

func TestMessage(t *testing.T) {
	tests := []struct {
		name, in, want string
		limit          int
	}{
		{"plain", "model not found", "model not found", 200},
		{"lines and tabs", " a\n\tb\r\n c ", "a b c", 200},
		{"controls and format characters", "a\x00b\x1b[0m\u200bc\u202ed", "ab[0mcd", 200},
		{"bearer", "got Authorization: Bearer abcdefgh12345", "got Authorization: " + Redacted, 200},
		{"basic", "auth basic dXNlcjpwYXNz", "auth " + Redacted, 200},
		{"sk key", "key sk-proj-ABCDEFGHIJKLMNOP1234 is wrong", "key " + Redacted + " is wrong", 200},
		{"the key itself", "k=" + fuzzKey[3:] + ".", "k=" + Redacted + ".", 200},
		{"cut on a rune boundary", "ñññ", "ñ…", 3},
		{"not cut at the limit", "abc", "abc", 3},
	}
	r := newRedactor(fuzzKey[3:])
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := r.message(tt.in, tt.limit); got != tt.want {
				t.Errorf("message(%q, %d) = %q, want %q", tt.in, tt.limit, got, tt.want)
			}
		})
	}
}

func BenchmarkParseResponse(b *testing.B) {
	body := []byte(`{"id":"chatcmpl-1","object":"chat.completion","created":1700000000,"model":"llama3.2",` +
		`"choices":[{"index":0,"message":{"role":"assistant","content":"` + strings.Repeat("La respuesta es larga. ", 40) + `"},"finish_reason":"stop"}],` +
		`"usage":{"prompt_tokens":25,"completion_tokens":200,"total_tokens":225}}`)
	r := newRedactor(fuzzKey)
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := parseResponse(body, r); err != nil {
			b.Fatal(err)
		}
	}
}

// hasSecret reports whether s still holds something redactor.secrets would
// replace (the key aside).
func hasSecret(s string) bool {
	return redact.HasCredential(s)
}
