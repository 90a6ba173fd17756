package openai_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"

	"vigia/models"
	"vigia/models/openai"
)

func TestAPIKeySent(t *testing.T) {
	tests := []struct {
		name string
		key  string
		want string
	}{
		{"key", testKey, "Bearer " + testKey},
		{"trimmed", "  " + otherKey + "\n", "Bearer " + otherKey},
		{"none", "", ""},
		{"blank", "   ", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := make(chan request, 1)
			srv := chatServer(t, got)
			m := newModel(srv, tt.key)
			if _, err := m.Run(context.Background(), models.Input{Text: "hi", Params: values(t, m, srv, nil, 0)}); err != nil {
				t.Fatal(err)
			}
			if a := (<-got).Header["Authorization"]; a != tt.want {
				t.Errorf("Authorization = %q, want %q", a, tt.want)
			}
		})
	}
}

func TestAPIKeyFromEnvironment(t *testing.T) {
	t.Setenv(openai.APIKeyEnv, otherKey)
	got := make(chan request, 1)
	srv := chatServer(t, got)
	m := openai.New(openai.Options{HTTPClient: srv.Client()})
	if _, err := m.Run(context.Background(), models.Input{Text: "hi", Params: values(t, m, srv, nil, 0)}); err != nil {
		t.Fatal(err)
	}
	if a, want := (<-got).Header["Authorization"], "Bearer "+otherKey; a != want {
		t.Errorf("Authorization = %q, want %q", a, want)
	}
	noLeak(t, "model", show(m))
}

func TestAPIKeyNotForAHeader(t *testing.T) {
	for _, key := range []string{testKey + "\nX-Injected: 1", "clé-" + otherKey, testKey + " " + otherKey} {
		m := openai.New(openai.Options{APIKey: func() string { return key }})
		_, err := m.Run(context.Background(), models.Input{Text: "hi", Params: models.Values{}})
		if !errors.Is(err, openai.ErrBadAPIKey) {
			t.Errorf("got %v, want ErrBadAPIKey", err)
		}
		noLeak(t, "error", show(err))
	}
}

// TestAPIKeyNeverShown runs servers that echo the key back in every place a
// response has text, and checks that no error, result, or printed value
// shows it.
func TestAPIKeyNeverShown(t *testing.T) {
	echo := func(status int, format func(header string) string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			var b strings.Builder
			r.Header.Write(&b)
			w.WriteHeader(status)
			io.WriteString(w, format(b.String()+" raw="+strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")))
		}
	}
	quote := func(s string) string { b, _ := json.Marshal(s); return string(b) }
	tests := []struct {
		name    string
		handler http.HandlerFunc
	}{
		{"JSON error object", echo(401, func(h string) string { return `{"error":{"message":` + quote("bad key: "+h) + `}}` })},
		{"JSON error string", echo(403, func(h string) string { return `{"error":` + quote(h) + `}` })},
		{"plain text", echo(500, func(h string) string { return h })},
		{"plain text, key at 200 bytes", echo(500, func(h string) string { return strings.Repeat("x", 190) + " " + h })},
		{"key split by control characters", echo(502, func(h string) string {
			return strings.ReplaceAll(h, "0123", "01\x0023") + " " + strings.ReplaceAll(h, "bcde", "bc\u200bde") +
				" " + strings.ReplaceAll(h, "5678", "56\xff78") + " " + strings.ReplaceAll(h, "t-0", "t-\u202e0")
		})},
		{"long body cut in the key", echo(500, func(h string) string {
			// The 64 KB read ends 12 bytes into the key.
			return strings.Repeat(" ", 64<<10-12) + h[strings.LastIndex(h, "raw=")+len("raw="):]
		})},
		{"error with status 200", echo(200, func(h string) string { return `{"error":` + quote(h) + `}` })},
		{"malformed JSON quoting the key", echo(200, func(h string) string { return `{"choices":[` + h })},
		{"JSON type error quoting the key", echo(200, func(h string) string { return `{"choices":[{"message":{"content":{"x":` + quote(h) + `}}}]}` })},
		{"completion", echo(200, func(h string) string {
			return `{"model":` + quote(h) + `,"choices":[{"message":{"content":` + quote("Your key is "+h) + `},"finish_reason":` + quote(h) + `}]}`
		})},
	}
	for _, key := range []string{testKey, otherKey} {
		for _, tt := range tests {
			t.Run(tt.name+"/"+key[:5], func(t *testing.T) {
				srv := newServer(t, tt.handler)
				m := newModel(srv, key)
				res, err := m.Run(context.Background(), models.Input{Text: "hi", Params: values(t, m, srv, nil, 0)})
				noLeak(t, "error", show(err))
				if err != nil {
					noLeak(t, "error", err.Error())
				}
				b, _ := json.Marshal(res)
				noLeak(t, "result", show(res)+string(b))
				noLeak(t, "model", show(m))
				if tt.name == "completion" && (err != nil || !strings.Contains(res.Text, openai.Redacted)) {
					t.Errorf("got %q, %v; want a completion with the key redacted", res.Text, err)
				}
			})
		}
	}
}
