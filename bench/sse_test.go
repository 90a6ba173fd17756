package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"runtime"
	"strings"
	"testing"

	oai "github.com/openai/openai-go/v3"
	"github.com/openai/openai-go/v3/option"

	"vigia/models"
	"vigia/models/openai"
)

// sseTokens is how many chunks carrying one token each the recorded
// stream has; the per-chunk figures divide a whole call by it.
const sseTokens = 1000

// sseWords are the tokens of the recorded stream, in turn: words with
// their leading space as tokenizers cut them, accents, and now and then a
// line break, which JSON escapes.
var sseWords = []string{" La", " respuesta", " del", " modelo", " llega", " por", " partes", ",", " como", " un",
	" río", " que", " se", " oye", " antes", " de", " verse", ".", "\n\n", "Vigía"}

// sseStream is a streamed chat completion as OpenAI sends it with
// stream_options.include_usage: sseTokens chunks of one token (each with
// "usage": null), a chunk with the finish reason, a chunk with the usage
// and no choices, then "data: [DONE]". want is the text it carries.
func sseStream() (body []byte, want string) {
	var b, text bytes.Buffer
	const head = `{"id":"chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT","object":"chat.completion.chunk","created":1741569952,"model":"gpt-4o-mini-2024-07-18","service_tier":"default","system_fingerprint":"fp_06737a9306","choices":[`
	for i := range sseTokens {
		w := sseWords[i%len(sseWords)]
		text.WriteString(w)
		content, _ := json.Marshal(w)
		fmt.Fprintf(&b, "data: %s{\"index\":0,\"delta\":{\"content\":%s},\"logprobs\":null,\"finish_reason\":null}],\"usage\":null}\n\n", head, content)
	}
	fmt.Fprintf(&b, "data: %s{\"index\":0,\"delta\":{},\"logprobs\":null,\"finish_reason\":\"stop\"}],\"usage\":null}\n\n", head)
	fmt.Fprintf(&b, "data: %s],\"usage\":{\"prompt_tokens\":19,\"completion_tokens\":%d,\"total_tokens\":%d,"+
		"\"prompt_tokens_details\":{\"cached_tokens\":0,\"audio_tokens\":0},"+
		"\"completion_tokens_details\":{\"reasoning_tokens\":0,\"audio_tokens\":0,\"accepted_prediction_tokens\":0,\"rejected_prediction_tokens\":0}}}\n\n",
		head, sseTokens, sseTokens+19)
	b.WriteString("data: [DONE]\n\n")
	return b.Bytes(), text.String()
}

// replay is an http.RoundTripper that answers every request with the same
// event stream from memory, after reading the request's body as a server
// would: both clients pay for their request and for nothing of a network.
type replay struct{ body []byte }

func (r replay) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Body != nil {
		_, _ = io.Copy(io.Discard, req.Body)
		_ = req.Body.Close()
	}
	return &http.Response{
		StatusCode:    http.StatusOK,
		Status:        "200 OK",
		Proto:         "HTTP/1.1",
		ProtoMajor:    1,
		ProtoMinor:    1,
		Header:        http.Header{"Content-Type": {"text/event-stream; charset=utf-8"}},
		Body:          io.NopCloser(bytes.NewReader(r.body)),
		ContentLength: -1,
		Request:       req,
	}, nil
}

// BenchmarkSSE reads the same recorded stream of sseTokens chunks through
// Vigía's openai model (Run, streaming) and through the official Go SDK
// (Chat.Completions.NewStreaming, every chunk read with Next and Current
// and its text accumulated). Both get their answer from the same in-memory
// RoundTripper. An op is one whole call, request included; ns/chunk,
// B/chunk and allocs/chunk divide it by sseTokens.
//
//	cd bench && go test -run '^$' -bench SSE -benchmem -count 5
func BenchmarkSSE(b *testing.B) {
	body, want := sseStream()
	client := &http.Client{Transport: replay{body: body}}
	const prompt = "Describe un río en mil palabras."

	b.Run("Vigia", func(b *testing.B) {
		m := openai.New(openai.Options{HTTPClient: client, APIKey: func() string { return "sk-bench" }})
		p, err := models.ParseParams(m, map[string]string{"base_url": "http://llm.invalid/v1", "model": "gpt-4o-mini", "stream": "true"})
		if err != nil {
			b.Fatal(err)
		}
		ctx := context.Background()
		in := models.Input{Text: prompt, Params: p}
		res, err := m.Run(ctx, in)
		if err != nil || res.Text != want || res.Usage == nil || res.Usage.CompletionTokens != sseTokens {
			b.Fatalf("got %d bytes, usage %+v, %v; want %d bytes and %d tokens", len(res.Text), res.Usage, err, len(want), sseTokens)
		}
		b.SetBytes(int64(len(body)))
		b.ReportAllocs()
		loop(b, func() {
			if _, err := m.Run(ctx, in); err != nil {
				b.Fatal(err)
			}
		})
	})

	b.Run("OpenAIGo", func(b *testing.B) {
		c := oai.NewClient(option.WithHTTPClient(client), option.WithBaseURL("http://llm.invalid/v1/"),
			option.WithAPIKey("sk-bench"), option.WithMaxRetries(0))
		ctx := context.Background()
		params := oai.ChatCompletionNewParams{
			Model:         "gpt-4o-mini",
			Messages:      []oai.ChatCompletionMessageParamUnion{oai.UserMessage(prompt)},
			StreamOptions: oai.ChatCompletionStreamOptionsParam{IncludeUsage: oai.Bool(true)},
		}
		call := func() (string, int64, error) {
			stream := c.Chat.Completions.NewStreaming(ctx, params)
			defer stream.Close()
			var text strings.Builder
			var tokens int64
			for stream.Next() {
				ch := stream.Current()
				if len(ch.Choices) > 0 {
					text.WriteString(ch.Choices[0].Delta.Content)
				}
				if ch.Usage.CompletionTokens > 0 {
					tokens = ch.Usage.CompletionTokens
				}
			}
			return text.String(), tokens, stream.Err()
		}
		text, tokens, err := call()
		if err != nil || text != want || tokens != sseTokens {
			b.Fatalf("got %d bytes, %d tokens, %v; want %d bytes and %d tokens", len(text), tokens, err, len(want), sseTokens)
		}
		b.SetBytes(int64(len(body)))
		b.ReportAllocs()
		loop(b, func() {
			if _, _, err := call(); err != nil {
				b.Fatal(err)
			}
		})
	})
}

// loop runs f in a b.Loop and reports the figures of one run divided by
// sseTokens: ns/chunk, B/chunk and allocs/chunk, the last two read from the
// runtime as -benchmem reads them.
func loop(b *testing.B, f func()) {
	b.Helper()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	n := 0
	for b.Loop() {
		f()
		n++
	}
	runtime.ReadMemStats(&after)
	if n == 0 {
		return
	}
	per := float64(n) * sseTokens
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/per, "ns/chunk")
	b.ReportMetric(float64(after.TotalAlloc-before.TotalAlloc)/per, "B/chunk")
	b.ReportMetric(float64(after.Mallocs-before.Mallocs)/per, "allocs/chunk")
}
