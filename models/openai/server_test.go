package openai_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"vigia/models"
	"vigia/models/openai"
)

// testKey looks like an OpenAI key; otherKey looks like nothing, so only
// literal redaction can catch it.
const (
	testKey  = "sk-test-0123456789abcdefghijklmn"
	otherKey = "vigia-secret-7f3a9c"
)

// request is what the test server decodes from a call.
type request struct {
	Model       string            `json:"model"`
	Messages    []requestMessage  `json:"messages"`
	Stream      *bool             `json:"stream"`
	MaxTokens   *int              `json:"max_tokens"`
	Temperature *float64          `json:"temperature"`
	Header      map[string]string `json:"-"`
}

type requestMessage struct {
	Role    string `json:"role"`
	Content string `json:"content"`
}

// chatServer speaks the chat completions protocol: it answers "echo: "
// and the user's message, with usage counting words. Each decoded request
// is sent on got, if not nil.
func chatServer(t *testing.T, got chan<- request) *httptest.Server {
	t.Helper()
	return newServer(t, chatHandler(got))
}

// chatHandler is chatServer's handler.
func chatHandler(got chan<- request) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost || r.URL.Path != "/v1/chat/completions" {
			http.Error(w, `{"error":{"message":"no route"}}`, http.StatusNotFound)
			return
		}
		if ct := r.Header.Get("Content-Type"); ct != "application/json" {
			http.Error(w, `{"error":"bad content type `+ct+`"}`, http.StatusBadRequest)
			return
		}
		var req request
		if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
			http.Error(w, `{"error":"bad json"}`, http.StatusBadRequest)
			return
		}
		req.Header = map[string]string{"Authorization": r.Header.Get("Authorization")}
		if got != nil {
			got <- req
		}
		user := req.Messages[len(req.Messages)-1].Content
		prompt := 0
		for _, m := range req.Messages {
			prompt += len(strings.Fields(m.Content))
		}
		reply := "echo: " + user
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(map[string]any{
			"id": "chatcmpl-1", "object": "chat.completion", "model": req.Model,
			"choices": []any{map[string]any{
				"index": 0, "finish_reason": "stop",
				"message": map[string]any{"role": "assistant", "content": reply},
			}},
			"usage": map[string]any{"prompt_tokens": prompt, "completion_tokens": len(strings.Fields(reply)), "total_tokens": 0},
		})
	}
}

// newServer starts a test server closed at the end of the test.
func newServer(t *testing.T, h http.HandlerFunc) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv
}

// newModel returns a model that uses srv's client and the given key.
func newModel(srv *httptest.Server, key string) *openai.Model {
	return openai.New(openai.Options{HTTPClient: srv.Client(), APIKey: func() string { return key }})
}

// values parses raw for m, with base_url pointing at srv, and sets the
// timeout directly when not 0: tests use timeouts shorter than the 1s a
// user may set.
func values(t *testing.T, m models.Model, srv *httptest.Server, raw map[string]string, timeout time.Duration) models.Values {
	t.Helper()
	all := map[string]string{}
	if srv != nil {
		all["base_url"] = srv.URL + "/v1"
	}
	for k, v := range raw {
		all[k] = v
	}
	p, err := models.ParseParams(m, all)
	if err != nil {
		t.Fatalf("ParseParams(%v): %v", all, err)
	}
	if timeout != 0 {
		p["timeout"] = timeout
	}
	return p
}

// noLeak fails the test if the text shows any key.
func noLeak(t *testing.T, what, text string) {
	t.Helper()
	for _, k := range []string{testKey, otherKey, "0123456789abcdef", "7f3a9c", "sk-test-0", "89abcdefghijklmn", "vigia-secret"} {
		if strings.Contains(text, k) {
			t.Errorf("%s shows the key (%q): %s", what, k, text)
		}
	}
}

func show(v any) string { return fmt.Sprintf("%v %+v %#v", v, v, v) }
