package e2e

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf16"
)

// The mock LLM server is the npm package @dwmkerr/mock-llm (pinned in
// bench/peers/package.json, installed by scripts/peers.sh). Its replies are
// set by rules in a YAML file; a streamed reply is cut into chunks of
// mockChunkSize UTF-16 code units, one every mockInterval (the first one
// interval after the request), then "data: [DONE]". It sends no usage in a
// stream, so Vigía counts one token per chunk there; a whole answer
// carries the usage of the rule.
const (
	mockLLMMain   = "../bench/peers/node_modules/@dwmkerr/mock-llm/dist/main.js"
	mockChunkSize = 2
	mockInterval  = 50 * time.Millisecond

	// mockReply is the answer of every prompt without an error word.
	mockReply = "Vigía mira el río: cada trozo llega a su hora."
	// mockPromptTokens and mockCompletionTokens are the usage of a whole
	// (not streamed) answer.
	mockPromptTokens     = 9
	mockCompletionTokens = 12

	// itlTolerance is how far the mean and the median inter-chunk gap may
	// be from mockInterval: ±25 ms (50 %), for a loaded 2-core machine
	// running a -race binary. The server's timer never fires early, and a
	// late chunk shortens the gap after it, so only a stall of the client
	// or the server drifts the mean.
	itlTolerance = 25 * time.Millisecond
	// ttftEarly and ttftLate bound the time to first token around
	// mockInterval: the first chunk leaves one interval after the request
	// arrives (less a millisecond of the timer's rounding), then request
	// handling in node and in Vigía adds to it.
	ttftEarly = 5 * time.Millisecond
	ttftLate  = 100 * time.Millisecond
)

// mockChunks is how many chunks the server streams mockReply in.
var mockChunks = (len(utf16.Encode([]rune(mockReply))) + mockChunkSize - 1) / mockChunkSize

// mockConfig is the server's configuration: the reply with its usage by
// default, and the configured errors, chosen by a word in the prompt
// (the last matching rule wins). In a stream the server sends an error as
// a "data:" event after a 200 status, as OpenAI does; otherwise as the
// status with its JSON body.
var mockConfig = fmt.Sprintf(`streaming:
  chunkSize: %d
  chunkIntervalMs: %d
rules:
  - path: "/v1/chat/completions"
    method: "POST"
    match: "@"
    response:
      status: 200
      content: |
        {"id": "chatcmpl-mock", "object": "chat.completion", "created": 1764000000, "model": "mock-model",
         "choices": [{"index": 0, "message": {"role": "assistant", "content": %q}, "finish_reason": "stop"}],
         "usage": {"prompt_tokens": %d, "completion_tokens": %d, "total_tokens": %d}}
  - path: "/v1/chat/completions"
    method: "POST"
    match: "contains(body.messages[-1].content, 'error-500')"
    response:
      status: 500
      content: |
        {"error": {"message": "The mock model is overloaded.", "type": "server_error", "code": "overloaded"}}
  - path: "/v1/chat/completions"
    method: "POST"
    match: "contains(body.messages[-1].content, 'error-429')"
    response:
      status: 429
      content: |
        {"error": {"message": "Rate limit reached for mock-model: retry in 20s.", "type": "rate_limit_error", "code": "rate_limit_exceeded"}}
`, mockChunkSize, mockInterval.Milliseconds(), mockReply, mockPromptTokens, mockCompletionTokens, mockPromptTokens+mockCompletionTokens)

// mockLLM starts the mock server on a free loopback port with mockConfig
// and returns its base URL for the base_url parameter ("http://…/v1"). It
// is killed when the test ends. Without node or the package the test is
// skipped, unless under CI, where that is a failure: make test installs
// them.
func mockLLM(t *testing.T) string {
	t.Helper()
	var missing []string
	node, err := exec.LookPath("node")
	if err != nil {
		missing = append(missing, "node")
	}
	if _, err := os.Stat(mockLLMMain); err != nil {
		missing = append(missing, mockLLMMain)
	}
	if len(missing) > 0 {
		msg := fmt.Sprintf("the mock LLM server needs %s: make test installs them (scripts/deps.sh test, scripts/peers.sh)", strings.Join(missing, " and "))
		if os.Getenv("CI") != "" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	main, err := filepath.Abs(mockLLMMain)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	config := filepath.Join(dir, "mock-llm.yaml")
	if err := os.WriteFile(config, []byte(mockConfig), 0o600); err != nil {
		t.Fatal(err)
	}
	// The port is free when asked for, but could be taken before node
	// listens: then node exits at once, and another port is tried.
	for try := 1; ; try++ {
		port := freePorts(t, 1)[0]
		addr := "127.0.0.1:" + strconv.Itoa(port)
		cmd := exec.Command(node, main, "--config", config)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "HOST=127.0.0.1", "PORT="+strconv.Itoa(port))
		output := &lockedBuffer{}
		cmd.Stdout, cmd.Stderr = output, output
		if err := cmd.Start(); err != nil {
			t.Fatalf("starting the mock LLM server: %v", err)
		}
		exited := watch(t, cmd, output)
		if err := waitMock(addr, exited); err != nil {
			if try < 3 && strings.Contains(output.String(), "EADDRINUSE") {
				continue
			}
			t.Fatalf("the mock LLM server is not ready at %s: %v\noutput:\n%s", addr, err, tail(output.String()))
		}
		t.Cleanup(func() {
			if t.Failed() {
				t.Logf("mock LLM server output:\n%s", tail(output.String()))
			}
		})
		base := "http://" + addr + "/v1"
		warmUp(t, base)
		return base
	}
}

// waitMock polls the server's /ready until it answers 200, it exits or
// 30 s pass.
func waitMock(addr string, exited <-chan error) error {
	client := &http.Client{Timeout: time.Second}
	deadline := time.Now().Add(30 * time.Second)
	for {
		select {
		case err := <-exited:
			return fmt.Errorf("it exited: %v", err)
		default:
		}
		resp, err := client.Get("http://" + addr + "/ready")
		if err == nil {
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
			err = fmt.Errorf("status %d", resp.StatusCode)
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("no answer within 30 s (last: %v)", err)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// warmUp sends one chat request and checks its answer, so that the first
// measured call does not pay for node compiling the route.
func warmUp(t *testing.T, base string) {
	t.Helper()
	resp, err := http.Post(base+"/chat/completions", "application/json",
		strings.NewReader(`{"model":"mock-model","messages":[{"role":"user","content":"warm up"}]}`))
	if err != nil {
		t.Fatalf("warming up the mock LLM server: %v", err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK || !bytes.Contains(b, []byte("mock-model")) {
		t.Fatalf("the mock LLM server answered %d %s", resp.StatusCode, b)
	}
}

// mockRun is the part of `vigia run --json` with the openai model that the
// tests read: models.Result with an openai.Completion in Data.
type mockRun struct {
	Text  string `json:"text"`
	Usage *struct {
		PromptTokens     int `json:"prompt_tokens"`
		CompletionTokens int `json:"completion_tokens"`
	} `json:"usage"`
	Data struct {
		Model        string `json:"model"`
		FinishReason string `json:"finish_reason"`
		Timing       *struct {
			Streamed      bool          `json:"streamed"`
			TTFT          time.Duration `json:"ttft_ns"`
			E2E           time.Duration `json:"e2e_ns"`
			ContentChunks int           `json:"content_chunks"`
			ITL           struct {
				Count int             `json:"count"`
				Mean  time.Duration   `json:"mean_ns"`
				Max   time.Duration   `json:"max_ns"`
				Raw   []time.Duration `json:"raw_ns"`
			} `json:"itl"`
			TokensIn        int  `json:"tokens_in"`
			TokensOut       int  `json:"tokens_out"`
			TokensEstimated bool `json:"tokens_estimated"`
		} `json:"timing"`
	} `json:"data"`
}

// runMock runs `vigia run --json --model openai` against base with the
// extra parameters and returns the decoded result and the task record of
// app.log.
func runMock(t *testing.T, base, prompt string, params ...string) (mockRun, map[string]any) {
	t.Helper()
	logDir := filepath.Join(t.TempDir(), "logs")
	args := []string{"--log-dir", logDir, "run", "--json", "--model", "openai",
		"--param", "base_url=" + base, "--param", "model=mock-model", "--param", "timeout=30s"}
	for _, p := range params {
		args = append(args, "--param", p)
	}
	code, out, errOut := vigia(t, nil, append(args, prompt)...)
	if code != 0 || errOut != "" {
		t.Fatalf("vigia run: exit %d, stderr %q, stdout %q; want 0 and nothing on stderr", code, errOut, out)
	}
	var res mockRun
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatalf("vigia run --json: %v: %q", err, out)
	}
	if res.Data.Timing == nil {
		t.Fatalf("vigia run --json has no data.timing: %s", out)
	}
	tasks := taskRecords(t, logDir)
	if len(tasks) != 1 {
		t.Fatalf("app.log has %d task records, want 1", len(tasks))
	}
	return res, tasks[0]
}

// TestMockLLMStream: `vigia run` against the mock server streaming
// mockReply in chunks of mockChunkSize every mockInterval. The text, the
// chunk and token counts are exact; TTFT and the inter-chunk gaps match
// the server's interval within itlTolerance, ttftEarly and ttftLate.
func TestMockLLMStream(t *testing.T) {
	base := mockLLM(t)
	res, task := runMock(t, base, "Describe el río.")
	tm := res.Data.Timing
	if res.Text != mockReply || res.Data.Model != "mock-model" || res.Data.FinishReason != "stop" {
		t.Errorf("got text %q, model %q, finish %q; want %q, mock-model, stop", res.Text, res.Data.Model, res.Data.FinishReason, mockReply)
	}
	// No usage in the mock's stream: one token per chunk, estimated.
	if res.Usage != nil || !tm.Streamed || tm.ContentChunks != mockChunks || tm.TokensOut != mockChunks || tm.TokensIn != 0 || !tm.TokensEstimated {
		t.Errorf("got usage %v, streamed %v, %d chunks, tokens in %d out %d estimated %v; want no usage, streamed, %d chunks, 0 in, %d out, estimated",
			res.Usage, tm.Streamed, tm.ContentChunks, tm.TokensIn, tm.TokensOut, tm.TokensEstimated, mockChunks, mockChunks)
	}

	gaps := tm.ITL
	if gaps.Count != mockChunks-1 || len(gaps.Raw) != gaps.Count {
		t.Fatalf("got %d gaps (%d raw), want %d", gaps.Count, len(gaps.Raw), mockChunks-1)
	}
	sorted := slices.Sorted(slices.Values(gaps.Raw))
	median := sorted[len(sorted)/2]
	t.Logf("configured interval %v; TTFT %v, ITL mean %v, median %v, max %v, E2E %v", mockInterval, tm.TTFT, gaps.Mean, median, gaps.Max, tm.E2E)
	for _, g := range []struct {
		name string
		got  time.Duration
	}{{"mean", gaps.Mean}, {"median", median}} {
		if d := g.got - mockInterval; d < -itlTolerance || d > itlTolerance {
			t.Errorf("ITL %s %v, want %v ± %v", g.name, g.got, mockInterval, itlTolerance)
		}
	}
	if gaps.Max < gaps.Mean || gaps.Max != sorted[len(sorted)-1] {
		t.Errorf("ITL max %v, want the largest of the gaps %v", gaps.Max, gaps.Raw)
	}
	if tm.TTFT < mockInterval-ttftEarly || tm.TTFT > mockInterval+ttftLate {
		t.Errorf("TTFT %v, want between %v and %v", tm.TTFT, mockInterval-ttftEarly, mockInterval+ttftLate)
	}
	// E2E ends at [DONE], which comes one interval after the last chunk.
	var sum time.Duration
	for _, g := range gaps.Raw {
		sum += g
	}
	if done := tm.E2E - tm.TTFT - sum; done < mockInterval-itlTolerance || done > mockInterval+itlTolerance {
		t.Errorf("E2E %v: [DONE] came %v after the last chunk, want %v ± %v", tm.E2E, done, mockInterval, itlTolerance)
	}

	// The task's log record says the same.
	ttftMS, _ := task["ttft_ms"].(float64)
	if task["outcome"] != "ok" || task["model"] != "openai" || task["tokens_out"] != float64(mockChunks) ||
		task["tokens_estimated"] != true || math.Abs(ttftMS-float64(tm.TTFT.Microseconds())/1000) > 0.001 {
		t.Errorf("task record %v, want outcome ok, tokens_out %d estimated, ttft_ms %v", task, mockChunks, tm.TTFT)
	}
}

// TestMockLLMWhole: with stream=false the mock answers in one body with
// its usage: the text and both token counts are exact, not estimated.
func TestMockLLMWhole(t *testing.T) {
	base := mockLLM(t)
	res, task := runMock(t, base, "Describe el río.", "stream=false")
	tm := res.Data.Timing
	if res.Text != mockReply {
		t.Errorf("got text %q, want %q", res.Text, mockReply)
	}
	if res.Usage == nil || res.Usage.PromptTokens != mockPromptTokens || res.Usage.CompletionTokens != mockCompletionTokens {
		t.Errorf("got usage %+v, want %d in, %d out", res.Usage, mockPromptTokens, mockCompletionTokens)
	}
	if tm.Streamed || tm.TokensIn != mockPromptTokens || tm.TokensOut != mockCompletionTokens || tm.TokensEstimated || tm.ITL.Count != 0 || tm.TTFT != tm.E2E {
		t.Errorf("got timing %+v; want a whole answer: %d in, %d out, not estimated, no gaps, TTFT = E2E", *tm, mockPromptTokens, mockCompletionTokens)
	}
	if task["tokens_in"] != float64(mockPromptTokens) || task["tokens_out"] != float64(mockCompletionTokens) || task["tokens_estimated"] != false {
		t.Errorf("task record %v, want tokens_in %d, tokens_out %d, not estimated", task, mockPromptTokens, mockCompletionTokens)
	}
}

// TestMockLLMErrors: the errors configured in the mock reach the user as
// one clear line on stderr, "vigia: openai: " then the endpoint, what
// happened and the server's own message, with exit status 1, nothing on
// stdout and no Go panic text; whole (an HTTP status) or streamed (an error
// event after a 200).
func TestMockLLMErrors(t *testing.T) {
	base := mockLLM(t)
	endpoint := base + "/chat/completions"
	const (
		overloaded = "The mock model is overloaded."
		limited    = "Rate limit reached for mock-model: retry in 20s."
		inStream   = "the server reported an error in the stream"
	)
	cases := []struct {
		name   string
		prompt string
		stream bool
		want   []string
	}{
		{"500", "error-500 please", false, []string{"HTTP 500 Internal Server Error", overloaded}},
		{"429", "error-429 please", false, []string{"HTTP 429 Too Many Requests", limited}},
		{"500 in the stream", "error-500 please", true, []string{inStream, overloaded}},
		{"429 in the stream", "error-429 please", true, []string{inStream, limited}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code, out, errOut := vigia(t, nil, "--log-dir", filepath.Join(t.TempDir(), "logs"), "run", "--model", "openai",
				"--param", "base_url="+base, "--param", "stream="+strconv.FormatBool(c.stream), "--param", "timeout=30s", c.prompt)
			if code != 1 || out != "" {
				t.Errorf("got exit %d, stdout %q; want 1 and nothing", code, out)
			}
			line := strings.TrimSuffix(errOut, "\n")
			t.Logf("stderr: %s", line)
			if !strings.HasPrefix(line, "vigia: openai: "+endpoint+": ") || strings.Contains(line, "\n") {
				t.Errorf("stderr %q, want one line starting %q", errOut, "vigia: openai: "+endpoint+": ")
			}
			for _, w := range c.want {
				if !strings.Contains(line, w) {
					t.Errorf("stderr %q lacks %q", errOut, w)
				}
			}
			for _, bad := range []string{"panic:", "goroutine ", "DATA RACE", "{\"error\""} {
				if strings.Contains(errOut, bad) {
					t.Errorf("stderr %q shows %q", errOut, bad)
				}
			}
		})
	}
}

// TestMockLLMLoad: `vigia load` of 20 streamed calls, 4 at a time, against
// the mock: every call succeeds, each takes at least the mock's chunks
// times its interval, and app.log has one task record per call with its
// exact token count.
func TestMockLLMLoad(t *testing.T) {
	const n = 20
	base := mockLLM(t)
	logDir := filepath.Join(t.TempDir(), "logs")
	code, out, errOut := vigia(t, nil, "--log-dir", logDir, "load", "--model", "openai", "--requests", strconv.Itoa(n), "--concurrency", "4", "--json",
		"--param", "base_url="+base, "--param", "model=mock-model", "--param", "timeout=30s")
	if code != 0 {
		t.Fatalf("vigia load: exit %d, stderr %q", code, errOut)
	}
	var rep struct {
		Total        int64            `json:"total_requests"`
		Errors       int64            `json:"error_count"`
		ModelUsage   map[string]int64 `json:"model_usage"`
		ErrorsByType map[string]int64 `json:"errors_by_type"`
		P50          float64          `json:"p50_ms"`
		Max          float64          `json:"max_ms"`
		Throughput   float64          `json:"throughput_rps"`
		RequestsPerS float64          `json:"requests_per_s"`
		TokensPerS   float64          `json:"output_tokens_per_s"`
		TokensOut    int64            `json:"tokens_out"`
		Estimated    int64            `json:"tokens_estimated_calls"`
		TTFT         quantiles        `json:"ttft_ms"`
		TPOT         quantiles        `json:"tpot_ms"`
		ITL          quantiles        `json:"itl_ms"`
		E2E          quantiles        `json:"e2e_ms"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("vigia load --json: %v: %q", err, out)
	}
	// The serving benchmark's figures, against the mock's interval and
	// chunks as TestMockLLMStream checks them on one call.
	if rep.TokensOut != int64(n*mockChunks) || rep.Estimated != n || rep.RequestsPerS != rep.Throughput || rep.TokensPerS <= 0 {
		t.Errorf("got %d tokens out (%d calls estimated), %.2f requests/s (throughput %.2f), %.1f tokens/s; want %d tokens, %d estimated, the same rates",
			rep.TokensOut, rep.Estimated, rep.RequestsPerS, rep.Throughput, rep.TokensPerS, n*mockChunks, n)
	}
	ms := func(d time.Duration) float64 { return float64(d) / 1e6 }
	if p50 := rep.ITL.P50; p50 < ms(mockInterval-itlTolerance) || p50 > ms(mockInterval+itlTolerance) {
		t.Errorf("ITL p50 %.1f ms, want %v ± %v", p50, mockInterval, itlTolerance)
	}
	// TTFT: the first chunk leaves one interval after the request.
	if p50 := rep.TTFT.P50; p50 < ms(mockInterval-itlTolerance) || p50 > ms(3*mockInterval) {
		t.Errorf("TTFT p50 %.1f ms, want about %v", p50, mockInterval)
	}
	for name, q := range map[string]quantiles{"ttft_ms": rep.TTFT, "tpot_ms": rep.TPOT, "itl_ms": rep.ITL, "e2e_ms": rep.E2E} {
		if q.P50 <= 0 || q.P90 < q.P50 || q.P99 < q.P90 {
			t.Errorf("%s = %+v, want 0 < p50 ≤ p90 ≤ p99", name, q)
		}
	}
	t.Logf("load: TTFT p50 %.1f ms, ITL p50 %.1f p90 %.1f p99 %.1f ms, TPOT p50 %.1f ms, e2e p50 %.0f ms, %.1f output tokens/s",
		rep.TTFT.P50, rep.ITL.P50, rep.ITL.P90, rep.ITL.P99, rep.TPOT.P50, rep.E2E.P50, rep.TokensPerS)
	if rep.Total != n || rep.Errors != 0 || rep.ModelUsage["openai"] != n || len(rep.ErrorsByType) != 0 || rep.Throughput <= 0 {
		t.Fatalf("got %+v; want %d requests to openai, no errors", rep, n)
	}
	// A call lasts the chunks' intervals and one more for [DONE].
	if least := float64(time.Duration(mockChunks)*(mockInterval-itlTolerance)) / 1e6; rep.P50 < least || rep.Max < rep.P50 {
		t.Errorf("got p50 %.1f ms, max %.1f ms; want p50 at least %.0f ms", rep.P50, rep.Max, least)
	}
	t.Logf("load: p50 %.1f ms, max %.1f ms, %.2f requests/s", rep.P50, rep.Max, rep.Throughput)
	tasks := taskRecords(t, logDir)
	if len(tasks) != n {
		t.Fatalf("app.log has %d task records, want %d", len(tasks), n)
	}
	for _, m := range tasks {
		if m["outcome"] != "ok" || m["model"] != "openai" || m["tokens_out"] != float64(mockChunks) || m["tokens_estimated"] != true || m["ttft_ms"] == nil {
			t.Fatalf("task record %v, want outcome ok, tokens_out %d estimated, ttft_ms", m, mockChunks)
		}
	}
}

// quantiles is a figure of a load report at p50, p90 and p99, in ms.
type quantiles struct{ P50, P90, P99 float64 }
