package openai_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"

	"vigia/models"
	"vigia/models/openai"
)

func Example() {
	// A stand-in for Ollama, llama.cpp or OpenAI.
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"model":"llama3.2","choices":[{"index":0,"message":{"role":"assistant",`+
			`"content":"Hola, mundo."},"finish_reason":"stop"}],"usage":{"prompt_tokens":14,"completion_tokens":5}}`)
	}))
	defer srv.Close()

	m := openai.New(openai.Options{HTTPClient: srv.Client(), APIKey: func() string { return "" }})
	p, err := models.ParseParams(m, map[string]string{"base_url": srv.URL + "/v1", "timeout": "10s"})
	if err != nil {
		fmt.Println(err)
		return
	}
	res, err := m.Run(context.Background(), models.Input{Text: "Say hello in Spanish.", Params: p})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(res.Text)
	fmt.Println("tokens:", res.Usage.PromptTokens, "in,", res.Usage.CompletionTokens, "out")
	c := res.Data.(openai.Completion)
	fmt.Println("model:", c.Model, "finish:", c.FinishReason, "cacheable:", m.Cacheable(p))
	// Output:
	// Hola, mundo.
	// tokens: 14 in, 5 out
	// model: llama3.2 finish: stop cacheable: false
}

func ExampleHTTPError() {
	// Ollama answers 404 for a model it has not pulled.
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusNotFound)
		io.WriteString(w, `{"error":"model \"llama9\" not found, try pulling it first"}`)
	}))
	defer srv.Close()

	m := openai.New(openai.Options{HTTPClient: srv.Client(), APIKey: func() string { return "" }})
	p, _ := models.ParseParams(m, map[string]string{"base_url": srv.URL + "/v1", "model": "llama9"})
	_, err := m.Run(context.Background(), models.Input{Text: "hi", Params: p})

	if he, ok := errors.AsType[*openai.HTTPError](err); ok {
		fmt.Println(he.HTTPStatus(), he.Message)
	}
	// Output:
	// 404 model "llama9" not found, try pulling it first
}
