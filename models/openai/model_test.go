package openai_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"reflect"
	"strings"
	"testing"

	"vigia/models"
	"vigia/models/openai"
)

func TestRunHappyPath(t *testing.T) {
	got := make(chan request, 1)
	srv := chatServer(t, got)
	m := newModel(srv, "")
	p := values(t, m, srv, map[string]string{
		"model": "qwen2.5:0.5b", "system": "Be brief.", "max_tokens": "50", "temperature": "0.2",
	}, 0)

	res, err := m.Run(context.Background(), models.Input{Text: "¿Qué tal el día de hoy?", Params: p})
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	if want := "echo: ¿Qué tal el día de hoy?"; res.Text != want {
		t.Errorf("Text = %q, want %q", res.Text, want)
	}
	wantUsage := &models.Usage{PromptTokens: 8, CompletionTokens: 7}
	if !reflect.DeepEqual(res.Usage, wantUsage) {
		t.Errorf("Usage = %+v, want %+v", res.Usage, wantUsage)
	}
	wantData := openai.Completion{Model: "qwen2.5:0.5b", RequestModel: "qwen2.5:0.5b", FinishReason: "stop", Usage: wantUsage}
	gotData, _ := res.Data.(openai.Completion)
	if tm := gotData.Timing; tm == nil || tm.Streamed || tm.E2E <= 0 || tm.TTFT != tm.E2E || tm.TokensIn != 8 || tm.TokensOut != 7 {
		t.Errorf("Timing = %+v, want a whole answer's: E2E = TTFT > 0, 8 tokens in, 7 out", tm)
	}
	gotData.Timing = nil
	if !reflect.DeepEqual(gotData, wantData) {
		t.Errorf("Data = %+v, want %+v", res.Data, wantData)
	}
	if b, err := json.Marshal(res); err != nil || !strings.Contains(string(b), `"finish_reason":"stop"`) {
		t.Errorf("json.Marshal(Result) = %s, %v; want finish_reason in data", b, err)
	}

	req := <-got
	if req.Stream == nil || !*req.Stream {
		t.Errorf("stream = %v, want true: streaming is on by default (this server answers whole)", req.Stream)
	}
	wantMsgs := []requestMessage{{"system", "Be brief."}, {"user", "¿Qué tal el día de hoy?"}}
	if !reflect.DeepEqual(req.Messages, wantMsgs) {
		t.Errorf("messages = %+v, want %+v", req.Messages, wantMsgs)
	}
	if req.MaxTokens == nil || *req.MaxTokens != 50 {
		t.Errorf("max_tokens = %v, want 50", req.MaxTokens)
	}
	if req.Temperature == nil || *req.Temperature != 0.2 {
		t.Errorf("temperature = %v, want 0.2", req.Temperature)
	}
	if a := req.Header["Authorization"]; a != "" {
		t.Errorf("Authorization = %q with no key, want none", a)
	}
}

func TestRunRequestDefaults(t *testing.T) {
	tests := []struct {
		name      string
		raw       map[string]string
		wantModel string
		wantMsgs  int
		wantMax   bool // max_tokens sent
		wantTemp  bool // temperature sent
	}{
		{"all defaults", nil, openai.DefaultModel, 1, false, false},
		{"temperature 0 is sent", map[string]string{"temperature": "0"}, openai.DefaultModel, 1, false, true},
		{"negative temperature is unset", map[string]string{"temperature": "-0.5"}, openai.DefaultModel, 1, false, false},
		{"max_tokens", map[string]string{"max_tokens": "1"}, openai.DefaultModel, 1, true, false},
		{"system", map[string]string{"system": "x", "model": "m"}, "m", 2, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := make(chan request, 1)
			srv := chatServer(t, got)
			m := newModel(srv, "")
			if _, err := m.Run(context.Background(), models.Input{Text: "hi", Params: values(t, m, srv, tt.raw, 0)}); err != nil {
				t.Fatalf("Run: %v", err)
			}
			req := <-got
			if req.Model != tt.wantModel || len(req.Messages) != tt.wantMsgs ||
				(req.MaxTokens != nil) != tt.wantMax || (req.Temperature != nil) != tt.wantTemp {
				t.Errorf("got model %q, %d messages, max_tokens %v, temperature %v; want %q, %d, sent %v, sent %v",
					req.Model, len(req.Messages), req.MaxTokens, req.Temperature, tt.wantModel, tt.wantMsgs, tt.wantMax, tt.wantTemp)
			}
		})
	}
}

func TestRunWithoutParams(t *testing.T) {
	// Values not made by ParseParams: every parameter takes its default,
	// base_url included, which no one serves here, or Ollama does.
	got := make(chan request, 1)
	srv := chatServer(t, got)
	m := newModel(srv, "")
	res, err := m.Run(context.Background(), models.Input{Text: "hi", Params: models.Values{"base_url": srv.URL + "/v1/"}})
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	if req := <-got; req.Model != openai.DefaultModel || res.Text != "echo: hi" {
		t.Errorf("got model %q, text %q; want %q, %q", req.Model, res.Text, openai.DefaultModel, "echo: hi")
	}
}

func TestRunContentForms(t *testing.T) {
	tests := []struct {
		name, body, want string
	}{
		{"null content", `{"choices":[{"message":{"content":null},"finish_reason":"length"}]}`, ""},
		{"no message", `{"choices":[{"finish_reason":"stop"}]}`, ""},
		{"parts", `{"choices":[{"message":{"content":[{"type":"text","text":"Hola, "},{"type":"image_url"},{"type":"text","text":"mundo"}]}}]}`, "Hola, mundo"},
		{"unknown fields", `{"id":"x","created":1,"choices":[{"index":0,"logprobs":null,"message":{"role":"assistant","content":"ok","reasoning_content":"hm"}}],"system_fingerprint":"fp"}`, "ok"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newServer(t, func(w http.ResponseWriter, r *http.Request) { w.Write([]byte(tt.body)) })
			m := newModel(srv, "")
			res, err := m.Run(context.Background(), models.Input{Text: "hi", Params: values(t, m, srv, nil, 0)})
			if err != nil || res.Text != tt.want || res.Usage != nil {
				t.Errorf("Run = %q, usage %v, %v; want %q, no usage, no error", res.Text, res.Usage, err, tt.want)
			}
		})
	}
}

func TestParams(t *testing.T) {
	m := openai.New(openai.Options{})
	tests := []struct {
		name    string
		raw     map[string]string
		wantErr string // "" for none; else a part of the error from ParseParams or CheckParams
	}{
		{"defaults", nil, ""},
		{"https with path and query", map[string]string{"base_url": "https://example.com/openai/v1?api-version=1"}, ""},
		{"timeout bounds", map[string]string{"timeout": "1s"}, ""},
		{"timeout too short", map[string]string{"timeout": "500ms"}, "between 1 and 600 seconds"},
		{"timeout too long", map[string]string{"timeout": "11m"}, "between 1 and 600 seconds"},
		{"temperature too high", map[string]string{"temperature": "2.5"}, "between -1 and 2"},
		{"temperature not a number", map[string]string{"temperature": "warm"}, "not a number"},
		{"negative max_tokens", map[string]string{"max_tokens": "-1"}, "between 0 and 500000"},
		{"cache", map[string]string{"cache": "yes"}, "not true or false"},
		{"unknown", map[string]string{"key": "x"}, `no parameter "key"`},
		{"ftp", map[string]string{"base_url": "ftp://example.com"}, "not an http or https URL"},
		{"no scheme", map[string]string{"base_url": "localhost:11434/v1"}, "not an http or https URL"},
		{"no host", map[string]string{"base_url": "http:///v1"}, "not an http or https URL"},
		{"not a URL", map[string]string{"base_url": "http://[::1"}, "not an http or https URL"},
		{"empty model", map[string]string{"model": " "}, "model must not be empty"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := models.ParseParams(m, tt.raw)
			if err == nil {
				err = m.CheckParams(p)
			}
			switch {
			case tt.wantErr == "" && err != nil:
				t.Errorf("got error %v, want none", err)
			case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr) || !errors.Is(err, models.ErrParam)):
				t.Errorf("got error %v, want one wrapping models.ErrParam with %q", err, tt.wantErr)
			}
		})
	}
}

func TestBadBaseURLHidesPassword(t *testing.T) {
	m := openai.New(openai.Options{})
	for _, base := range []string{"ftp://user:hunter2@example.com/v1", "htp://user:hunter2@[::1"} {
		_, err := m.Run(context.Background(), models.Input{Text: "hi", Params: models.Values{"base_url": base}})
		if err == nil || strings.Contains(err.Error(), "hunter2") || !errors.Is(err, models.ErrParam) {
			t.Errorf("Run with base_url %q: got %v, want a models.ErrParam error without the password", base, err)
		}
	}
}

func TestCacheable(t *testing.T) {
	m := openai.New(openai.Options{})
	for raw, want := range map[string]bool{"false": false, "true": true} {
		p, err := models.ParseParams(m, map[string]string{"cache": raw})
		if err != nil {
			t.Fatal(err)
		}
		if got := m.Cacheable(p); got != want {
			t.Errorf("Cacheable(cache=%s) = %v, want %v", raw, got, want)
		}
	}
	if p, _ := models.ParseParams(m, nil); m.Cacheable(p) {
		t.Error("Cacheable(defaults) = true, want false")
	}
}

func TestDescribe(t *testing.T) {
	m := openai.New(openai.Options{})
	if m.Name() != "openai" || m.Description() == "" {
		t.Errorf("Name, Description = %q, %q", m.Name(), m.Description())
	}
	var names []string
	for _, p := range m.Params() {
		names = append(names, p.Name)
		if _, err := p.Parse(p.Default); err != nil {
			t.Errorf("default of %s: %v", p.Name, err)
		}
	}
	want := []string{"base_url", "model", "timeout", "system", "max_tokens", "temperature", "stream", "cache"}
	if !reflect.DeepEqual(names, want) {
		t.Errorf("Params = %v, want %v", names, want)
	}
	m.Params()[0].Name = "changed"
	if m.Params()[0].Name != "base_url" {
		t.Error("Params returns the model's own slice")
	}
}
