package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"vigia/models"
	"vigia/models/openai"
)

// A task of the openai model that can't reach its endpoint prints one line
// that names the model once: the command names it, the error doesn't.
func TestRunOpenAIUnreachable(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close() // nothing listens there now

	reg := models.NewRegistry(openai.New(openai.Options{APIKey: func() string { return "" }}))
	dir := t.TempDir()
	var out, errOut bytes.Buffer
	env := Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errOut, Models: func() *models.Registry { return reg }}
	cfg := testConfig(t, dir)
	code := Run(context.Background(), cfg, "run", []string{"--model", "openai", "--param", "base_url=http://" + addr + "/v1", "--param", "timeout=5s", "hi"}, env)

	got := errOut.String()
	want := "vigia: openai: can't reach http://" + addr + "/v1/chat/completions (is the server running?): "
	if code != ExitFailed || !strings.HasPrefix(got, want) {
		t.Errorf("got %d, stderr %q; want %d and a line starting %q", code, got, ExitFailed, want)
	}
	if n := strings.Count(got, "openai:"); n != 1 {
		t.Errorf("stderr %q names the model %d times, want once", got, n)
	}
	if strings.Count(got, "\n") != 1 || !strings.HasSuffix(got, "\n") {
		t.Errorf("stderr %q, want one line", got)
	}
	if out.Len() != 0 {
		t.Errorf("stdout %q, want nothing", out.String())
	}
}

// TestRunOpenAISavedEndpoint: with no --param, the openai model calls the
// endpoint and model saved in the settings (the Settings tab's), and a flag
// or variable beats them.
func TestRunOpenAISavedEndpoint(t *testing.T) {
	type call struct{ path, model string }
	calls := make(chan call, 1)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var req struct {
			Model string `json:"model"`
		}
		_ = json.NewDecoder(r.Body).Decode(&req)
		calls <- call{r.URL.Path, req.Model}
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"model":"m","choices":[{"index":0,"message":{"role":"assistant","content":"from the saved endpoint"},"finish_reason":"stop"}]}`)
	}))
	defer srv.Close()
	t.Setenv("VIGIA_OPENAI_API_KEY", "")

	tests := []struct {
		name      string
		args      []string
		env       map[string]string
		wantModel string
	}{
		{"saved", nil, nil, "saved-model"},
		{"a flag beats the saved model", []string{"--openai-model", "flag-model"}, nil, "flag-model"},
		{"a flag after the command beats it too", []string{"run", "--openai-model", "late-model"}, nil, "late-model"},
		{"a variable beats the saved model", nil, map[string]string{"VIGIA_OPENAI_MODEL": "env-model"}, "env-model"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			path := saveSettings(t, map[string]string{"openai-base-url": srv.URL + "/v1", "openai-model": "saved-model", "openai-timeout": "5s"})
			args := append([]string{"--log-dir", dir, "--data-dir", dir, "--config", path}, tt.args...)
			if len(tt.args) == 0 || tt.args[0] != "run" {
				args = append(args, "run")
			}
			args = append(args, "--model", "openai", "hi")
			var out, errOut bytes.Buffer
			cfg, rest, err := Parse(args, env(tt.env), &errOut)
			if err != nil {
				t.Fatalf("Parse(%q) = %v: %s", args, err, errOut.String())
			}
			code := Run(context.Background(), cfg, rest[0], rest[1:], Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errOut})
			if code != ExitOK || out.String() != "from the saved endpoint\n" {
				t.Fatalf("got %d, stdout %q, stderr %q; want 0 and the server's answer", code, out.String(), errOut.String())
			}
			if c := <-calls; c.path != "/v1/chat/completions" || c.model != tt.wantModel {
				t.Errorf("the server got %s for model %q, want /v1/chat/completions for %q", c.path, c.model, tt.wantModel)
			}
		})
	}
}

// TestLoadOpenAI: a load test of the openai model against a streaming
// server reports what the serving benchmarks report: requests and output
// tokens a second, TTFT, TPOT, ITL and end to end at p50, p90 and p99,
// tokens in and out; with --rate too; the table says the same.
func TestLoadOpenAI(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "text/event-stream")
		fl := w.(http.Flusher)
		for _, tok := range []string{"one", " two", " three", " four"} {
			fmt.Fprintf(w, "data: {\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"content\":%q}}]}\n\n", tok)
			fl.Flush()
			time.Sleep(2 * time.Millisecond)
		}
		io.WriteString(w, "data: {\"model\":\"m\",\"choices\":[],\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":4}}\n\ndata: [DONE]\n\n")
	}))
	defer srv.Close()
	t.Setenv("VIGIA_OPENAI_API_KEY", "")
	reg := models.NewRegistry(openai.New(openai.Options{APIKey: func() string { return "" }}))
	for _, rate := range []string{"", "inf", "500"} {
		var out, errOut bytes.Buffer
		env := Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errOut, Models: func() *models.Registry { return reg }}
		args := []string{"--model", "openai", "--param", "base_url=" + srv.URL + "/v1", "--requests", "12", "--json"}
		if rate != "" {
			args = append(args, "--rate", rate)
		}
		if code := Run(context.Background(), testConfig(t, t.TempDir()), "load", args, env); code != ExitOK {
			t.Fatalf("rate %q: got %d: %s", rate, code, errOut.String())
		}
		var rep map[string]any
		if err := json.Unmarshal(out.Bytes(), &rep); err != nil {
			t.Fatalf("%v: %s", err, out.String())
		}
		if rep["total_requests"] != 12.0 || rep["tokens_in"] != 108.0 || rep["tokens_out"] != 48.0 {
			t.Errorf("rate %q: got %v; want 12 requests, 108 tokens in, 48 out", rate, rep)
		}
		for _, k := range []string{"requests_per_s", "output_tokens_per_s"} {
			if v, _ := rep[k].(float64); v <= 0 {
				t.Errorf("rate %q: %s = %v, want > 0", rate, k, rep[k])
			}
		}
		for _, k := range []string{"ttft_ms", "tpot_ms", "itl_ms", "e2e_ms"} {
			q, _ := rep[k].(map[string]any)
			p50, _ := q["p50"].(float64)
			p90, _ := q["p90"].(float64)
			p99, _ := q["p99"].(float64)
			if p50 <= 0 || p90 < p50 || p99 < p90 {
				t.Errorf("rate %q: %s = %v, want 0 < p50 ≤ p90 ≤ p99", rate, k, rep[k])
			}
		}
		// ITL: the server waits 2 ms between chunks. A client held up on
		// a busy machine reads chunks that arrived meanwhile together, with
		// gaps near 0 (a full make test once saw p50 0.19 ms), so only the
		// longest gaps must show the server's pace.
		if p99 := rep["itl_ms"].(map[string]any)["p99"].(float64); p99 < 1.9 {
			t.Errorf("rate %q: ITL p99 %.2f ms, want at least the server's 2 ms", rate, p99)
		}
	}

	var out bytes.Buffer
	env := Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: io.Discard, Models: func() *models.Registry { return reg }}
	Run(context.Background(), testConfig(t, t.TempDir()), "load", []string{"--model", "openai", "--param", "base_url=" + srv.URL + "/v1", "--requests", "4", "--rate", "inf"}, env)
	for _, want := range []string{"rate inf (all at once)", "Tokens", "36 in, 16 out", "TTFT", "TPOT", "ITL", "End to end", "p90"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("table lacks %q:\n%s", want, out.String())
		}
	}
}
