package openai_test

import (
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"vigia/models"
	"vigia/models/openai"
)

// chunk is a "data:" event carrying text for the first choice.
func chunk(text string) string {
	b, _ := json.Marshal(map[string]any{
		"id": "chatcmpl-1", "object": "chat.completion.chunk", "model": "llama3.2",
		"choices": []any{map[string]any{"index": 0, "delta": map[string]any{"content": text}, "finish_reason": nil}},
	})
	return "data: " + string(b) + "\n\n"
}

// Events of a stream, as servers send them.
const (
	roleChunk   = `data: {"model":"llama3.2","choices":[{"index":0,"delta":{"role":"assistant","content":""}}]}` + "\n\n"
	finishChunk = `data: {"model":"llama3.2","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}` + "\n\n"
	usageChunk  = `data: {"model":"llama3.2","choices":[],"usage":{"prompt_tokens":12,"completion_tokens":3,"total_tokens":15}}` + "\n\n"
	done        = "data: [DONE]\n\n"
)

// sse answers with the parts as a text/event-stream, flushing after each.
func sse(parts ...string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "text/event-stream; charset=utf-8")
		for _, p := range parts {
			if _, err := io.WriteString(w, p); err != nil {
				return
			}
			w.(http.Flusher).Flush()
		}
	}
}

// TestRunStream: streams as servers send them, good and bad. A stream that
// fails once begun gives a *PartialError with the text so far; a sink
// gets the text piece by piece, and the pieces joined are the text.
func TestRunStream(t *testing.T) {
	hola := chunk("Hola") + chunk(", ") + chunk("mundo")
	tests := []struct {
		name      string
		h         http.HandlerFunc
		key       string
		wantText  string // Result.Text, or PartialError.Text
		wantErr   error  // nil for a result
		wantMsg   string // in the error's text
		wantUsage *models.Usage
		wantOut   int // Timing.TokensOut
		estimated bool
		chunks    int
	}{
		{name: "with usage", h: sse(roleChunk + hola + finishChunk + usageChunk + done),
			wantText: "Hola, mundo", wantUsage: &models.Usage{PromptTokens: 12, CompletionTokens: 3}, wantOut: 3, chunks: 3},
		{name: "no usage: estimated", h: sse(roleChunk, hola, finishChunk, done),
			wantText: "Hola, mundo", wantOut: 3, estimated: true, chunks: 3},
		{name: "CRLF", h: sse(strings.ReplaceAll(hola+finishChunk+usageChunk+done, "\n", "\r\n")),
			wantText: "Hola, mundo", wantUsage: &models.Usage{PromptTokens: 12, CompletionTokens: 3}, wantOut: 3, chunks: 3},
		{name: "CR alone, split between writes", h: sse(strings.ReplaceAll(hola, "\n", "\r"), "\r", strings.ReplaceAll(done, "\n", "\r")),
			wantText: "Hola, mundo", wantOut: 3, estimated: true, chunks: 3},
		{name: "comments, keep-alives and other fields", h: sse("\xef\xbb\xbf: ping\n\n", "event: message\nid: 1\nretry: 100\n"+
			chunk("Hola"), ":\n\n", "id: 2\n\n", "data:"+strings.TrimPrefix(chunk(" mundo"), "data: "), done),
			wantText: "Hola mundo", wantOut: 2, estimated: true, chunks: 2},
		{name: "data on several lines", h: sse("data: {\"choices\":\ndata: [{\"delta\":{\"content\":\"a\\nb\"}}]}\n\n", done),
			wantText: "a\nb", wantOut: 1, estimated: true, chunks: 1},
		{name: "last event without its blank line", h: sse(chunk("x"), "data: [DONE]\n"),
			wantText: "x", wantOut: 1, estimated: true, chunks: 1},
		{name: "the key in the text, split across chunks", key: testKey,
			h:        sse(chunk("mi clave es "+testKey[:10]), chunk(testKey[10:]+"; ¿y"), chunk(" la tuya?"), done),
			wantText: "mi clave es " + openai.Redacted + "; ¿y la tuya?", wantOut: 3, estimated: true, chunks: 3},

		{name: "no [DONE]", h: sse(hola, finishChunk), wantText: "Hola, mundo",
			wantErr: openai.ErrTruncatedResponse, wantMsg: "the stream ended before [DONE]", wantOut: 3, estimated: true, chunks: 3},
		{name: "cut inside a line", h: sse(hola, `data: {"choices":[{"delta":{"con`), wantText: "Hola, mundo",
			wantErr: openai.ErrTruncatedResponse, wantMsg: "the stream ended before [DONE]", wantOut: 3, estimated: true, chunks: 3},
		{name: "error object mid-stream", key: testKey,
			h:        sse(chunk("Hola"), `data: {"error":{"message":"model overloaded for key `+testKey+`","type":"server_error"}}`+"\n\n"),
			wantText: "Hola", wantErr: openai.ErrStreamError, wantMsg: "the server reported an error in the stream: model overloaded for key " + openai.Redacted,
			wantOut: 1, estimated: true, chunks: 1},
		{name: "error event", h: sse(chunk("Hola"), "event: error\ndata: upstream went away\n\n"),
			wantText: "Hola", wantErr: openai.ErrStreamError, wantMsg: "upstream went away", wantOut: 1, estimated: true, chunks: 1},
		{name: "malformed data line", h: sse(chunk("Hola"), "data: hola, mundo\n\n", done),
			wantText: "Hola", wantErr: openai.ErrMalformedResponse, wantMsg: "event 2 is not a JSON chunk", wantOut: 1, estimated: true, chunks: 1},
		{name: "chunk without choices", h: sse(chunk("Hola"), `data: {"id":"x","object":"chat.completion.chunk"}`+"\n\n", done),
			wantText: "Hola", wantErr: openai.ErrMalformedResponse, wantMsg: "event 2 has no choices", wantOut: 1, estimated: true, chunks: 1},
		{name: "only [DONE]", h: sse(done), wantErr: openai.ErrEmptyChoices, wantMsg: "response has no choices", estimated: true},
		{name: "negative usage", h: sse(chunk("a"), `data: {"choices":[],"usage":{"prompt_tokens":-1,"completion_tokens":1}}`+"\n\n", done),
			wantText: "a", wantErr: openai.ErrMalformedResponse, wantMsg: "negative token count", wantOut: 1, estimated: true, chunks: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newServer(t, tt.h)
			m := newModel(srv, tt.key)
			var pieces []string
			ctx := openai.WithChunkSink(context.Background(), func(s string) { pieces = append(pieces, s) })
			res, err := m.Run(ctx, models.Input{Text: "hi", Params: values(t, m, srv, nil, 0)})

			text, comp := res.Text, openai.Completion{}
			if tt.wantErr == nil {
				if err != nil {
					t.Fatalf("Run: %v", err)
				}
				comp = res.Data.(openai.Completion)
				if !reflect.DeepEqual(res.Usage, tt.wantUsage) || !reflect.DeepEqual(comp.Usage, tt.wantUsage) {
					t.Errorf("Usage = %+v, %+v, want %+v", res.Usage, comp.Usage, tt.wantUsage)
				}
				if comp.Model != "llama3.2" && tt.name != "data on several lines" {
					t.Errorf("Model = %q, want llama3.2", comp.Model)
				}
			} else {
				if !errors.Is(err, tt.wantErr) || !strings.Contains(err.Error(), tt.wantMsg) || !strings.HasPrefix(err.Error(), srv.URL) {
					t.Fatalf("got %v, want an error wrapping %q, naming the endpoint, with %q", err, tt.wantErr, tt.wantMsg)
				}
				pe, ok := errors.AsType[*openai.PartialError](err)
				if !ok {
					t.Fatalf("got %T, want a *PartialError", err)
				}
				if res.Text != "" || res.Data != nil || res.Usage != nil {
					t.Errorf("result %+v with the error, want none", res)
				}
				text, comp = pe.Text, pe.Completion
			}
			if text != tt.wantText {
				t.Errorf("text = %q, want %q", text, tt.wantText)
			}
			if got := strings.Join(pieces, ""); got != tt.wantText {
				t.Errorf("the sink got %q, want %q", pieces, tt.wantText)
			}
			tm := comp.Timing
			if tm == nil || !tm.Streamed {
				t.Fatalf("Timing = %+v, want a stream's", tm)
			}
			if tm.ContentChunks != tt.chunks || tm.TokensOut != tt.wantOut || tm.TokensEstimated != tt.estimated {
				t.Errorf("Timing: %d chunks, %d tokens out, estimated %v; want %d, %d, %v",
					tm.ContentChunks, tm.TokensOut, tm.TokensEstimated, tt.chunks, tt.wantOut, tt.estimated)
			}
			if tt.chunks > 0 && (tm.TTFT <= 0 || tm.TTFT > tm.E2E) {
				t.Errorf("TTFT = %v, E2E = %v; want 0 < TTFT <= E2E", tm.TTFT, tm.E2E)
			}
			if want := max(tt.chunks-1, 0); tm.ITL.Count != want || len(tm.ITL.Raw) != want || tm.ITL.Mean > tm.ITL.Max {
				t.Errorf("ITL = %+v, want %d gaps", tm.ITL, want)
			}
			if tm.TokensOut > 0 && tm.OutputTokensPerSecond <= 0 {
				t.Errorf("OutputTokensPerSecond = %v", tm.OutputTokensPerSecond)
			}
			b, _ := json.Marshal(comp)
			noLeak(t, "the result", text+show(err)+string(b))
			for _, p := range pieces {
				noLeak(t, "a piece", p)
			}
		})
	}
}

// TestRunStreamRequest: streaming is on by default, with usage asked for;
// off, the request has no stream fields at all.
func TestRunStreamRequest(t *testing.T) {
	tests := []struct {
		stream     string
		wantFields map[string]any
		wantAccept string
	}{
		{"", map[string]any{"stream": true, "stream_options": map[string]any{"include_usage": true}}, "text/event-stream, application/json"},
		{"true", map[string]any{"stream": true, "stream_options": map[string]any{"include_usage": true}}, "text/event-stream, application/json"},
		{"false", map[string]any{}, "application/json"},
	}
	for _, tt := range tests {
		t.Run("stream="+tt.stream, func(t *testing.T) {
			type got struct {
				body   map[string]any
				accept string
			}
			gotc := make(chan got, 1)
			srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
				var body map[string]any
				json.NewDecoder(r.Body).Decode(&body)
				gotc <- got{body, r.Header.Get("Accept")}
				sse(chunk("ok"), done)(w, r)
			})
			m := newModel(srv, "")
			raw := map[string]string{}
			if tt.stream != "" {
				raw["stream"] = tt.stream
			}
			if _, err := m.Run(context.Background(), models.Input{Text: "hi", Params: values(t, m, srv, raw, 0)}); err != nil {
				t.Fatalf("Run: %v", err)
			}
			g := <-gotc
			fields := map[string]any{}
			for k, v := range g.body {
				if strings.HasPrefix(k, "stream") {
					fields[k] = v
				}
			}
			if !reflect.DeepEqual(fields, tt.wantFields) {
				t.Errorf("stream fields = %v, want %v", fields, tt.wantFields)
			}
			if g.accept != tt.wantAccept {
				t.Errorf("Accept = %q, want %q", g.accept, tt.wantAccept)
			}
		})
	}
}

// TestRunStreamFallback: a server that can't stream answers whole; the
// answer is read as before, and a sink gets it once.
func TestRunStreamFallback(t *testing.T) {
	srv := chatServer(t, nil)
	m := newModel(srv, "")
	var pieces []string
	ctx := openai.WithChunkSink(context.Background(), func(s string) { pieces = append(pieces, s) })
	res, err := m.Run(ctx, models.Input{Text: "hola", Params: values(t, m, srv, nil, 0)})
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	if res.Text != "echo: hola" || !reflect.DeepEqual(pieces, []string{"echo: hola"}) {
		t.Errorf("Text = %q, sink got %q; want %q once", res.Text, pieces, "echo: hola")
	}
	tm := res.Data.(openai.Completion).Timing
	if tm == nil || tm.Streamed || tm.TTFT != tm.E2E || tm.TokensOut != 2 || tm.TokensEstimated || tm.ITL.Count != 0 {
		t.Errorf("Timing = %+v, want a whole answer's", tm)
	}
}

// TestRunStreamTooLarge: a stream past MaxResponse (9 MB of chunks, or a
// gzip bomb of keep-alives) is an error, not a text cut short; the client
// stops reading.
func TestRunStreamTooLarge(t *testing.T) {
	piece := chunk(strings.Repeat("palabra ", 1000))
	tests := []struct {
		name    string
		gzipped bool
		part    string
		total   int
		maxRead int64
	}{
		{"9 MB of chunks", false, piece, 9 << 20, openai.MaxResponse + 2<<20},
		{"50 MB of keep-alives, gzipped", true, strings.Repeat(":\n", 4<<10), 50 << 20, 1 << 20},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var written atomic.Int64
			srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
				io.Copy(io.Discard, r.Body)
				w.Header().Set("Content-Type", "text/event-stream")
				out := io.Writer(countingWriter{w, &written})
				if tt.gzipped {
					w.Header().Set("Content-Encoding", "gzip")
					zw := gzip.NewWriter(out)
					defer zw.Close()
					out = zw
				}
				for n := 0; n < tt.total; n += len(tt.part) {
					if _, err := io.WriteString(out, tt.part); err != nil {
						return
					}
				}
			})
			m := newModel(srv, "")
			start := time.Now()
			_, err := m.Run(context.Background(), models.Input{Text: "hi", Params: values(t, m, srv, nil, 0)})
			if !errors.Is(err, openai.ErrResponseTooLarge) || !strings.Contains(err.Error(), "the limit is 8 MB") {
				t.Fatalf("got %v, want an error wrapping ErrResponseTooLarge", err)
			}
			if d := time.Since(start); d > 15*time.Second {
				t.Errorf("Run took %v", d)
			}
			pe, ok := errors.AsType[*openai.PartialError](err)
			if !ok || len(pe.Text) > openai.MaxResponse {
				t.Fatalf("got %T, want a *PartialError with at most 8 MB of text", err)
			}
			if !tt.gzipped && (pe.Completion.Timing.ContentChunks < 1000 || !strings.HasPrefix(pe.Text, "palabra")) {
				t.Errorf("partial text of %d chunks, want the 8 MB read", pe.Completion.Timing.ContentChunks)
			}
			srv.CloseClientConnections()
			if n := written.Load(); n > tt.maxRead {
				t.Errorf("the server wrote %d KB, want at most %d KB", n>>10, tt.maxRead>>10)
			}
		})
	}
}

// TestRunStreamTimeout: a stream that trickles (one byte a second, or
// chunks that go on forever) is bounded by the timeout, whole stream
// included; what came is in the *PartialError.
func TestRunStreamTimeout(t *testing.T) {
	tests := []struct {
		name  string
		head  string
		every time.Duration
		tick  string
		want  string // the partial text
	}{
		{"one byte a second", chunk("Hola") + "data: ", time.Second, "a", "Hola"},
		{"chunks forever", chunk("Hola"), 10 * time.Millisecond, chunk("x"), "Holaxxx"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
				io.Copy(io.Discard, r.Body)
				w.Header().Set("Content-Type", "text/event-stream")
				io.WriteString(w, tt.head)
				w.(http.Flusher).Flush()
				tick := time.NewTicker(tt.every)
				defer tick.Stop()
				for {
					select {
					case <-r.Context().Done():
						return
					case <-tick.C:
						io.WriteString(w, tt.tick)
						w.(http.Flusher).Flush()
					}
				}
			})
			m := newModel(srv, "")
			const timeout = 300 * time.Millisecond
			start := time.Now()
			_, err := m.Run(context.Background(), models.Input{Text: "hi", Params: values(t, m, srv, nil, timeout)})
			elapsed := time.Since(start)
			te, ok := errors.AsType[*openai.TimeoutError](err)
			if !ok || te.After != timeout || !errors.Is(err, context.DeadlineExceeded) {
				t.Fatalf("got %v, want a *TimeoutError after %v", err, timeout)
			}
			if elapsed > timeout+time.Second {
				t.Errorf("Run took %v with a timeout of %v", elapsed, timeout)
			}
			pe, ok := errors.AsType[*openai.PartialError](err)
			if !ok || !strings.HasPrefix(pe.Text, tt.want) {
				t.Errorf("got %#v, want a *PartialError with %q", err, tt.want)
			}
		})
	}
}

// TestRunStreamCancel: canceling the context mid-stream (Esc) returns at
// once with context.Canceled and the text so far, and closes the
// connection: the server sees it go.
func TestRunStreamCancel(t *testing.T) {
	closed := make(chan time.Time, 1)
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "text/event-stream")
		io.WriteString(w, chunk("Hola")+chunk(", mun"))
		w.(http.Flusher).Flush()
		<-r.Context().Done()
		closed <- time.Now()
	})
	m := newModel(srv, "")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var once sync.Once
	var canceled time.Time
	ctx = openai.WithChunkSink(ctx, func(string) {
		once.Do(func() { canceled = time.Now(); cancel() })
	})
	_, err := m.Run(ctx, models.Input{Text: "hi", Params: values(t, m, srv, nil, 10*time.Second)})
	returned := time.Now()
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("got %v, want context.Canceled", err)
	}
	if d := returned.Sub(canceled); d > 500*time.Millisecond {
		t.Errorf("Run returned %v after the cancel", d)
	}
	pe, ok := errors.AsType[*openai.PartialError](err)
	if !ok || pe.Text != "Hola" {
		t.Errorf("got %#v, want a *PartialError with the text before the cancel, %q", err, "Hola")
	}
	select {
	case at := <-closed:
		if d := at.Sub(canceled); d > time.Second {
			t.Errorf("the connection closed %v after the cancel", d)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the connection stayed open after the cancel")
	}
}

func ExampleWithChunkSink() {
	srv := httptest.NewServer(sse(chunk("Hola"), chunk(", mundo."), usageChunk, done))
	defer srv.Close()

	m := openai.New(openai.Options{HTTPClient: srv.Client(), APIKey: func() string { return "" }})
	p, _ := models.ParseParams(m, map[string]string{"base_url": srv.URL + "/v1"})
	ctx := openai.WithChunkSink(context.Background(), func(text string) { fmt.Printf("%q\n", text) })
	res, err := m.Run(ctx, models.Input{Text: "Say hello in Spanish.", Params: p})
	if err != nil {
		fmt.Println(err)
		return
	}
	tm := res.Data.(openai.Completion).Timing
	fmt.Println(res.Text, tm.Streamed, tm.ContentChunks, tm.TokensIn, tm.TokensOut, tm.TokensEstimated)
	// Output:
	// "Hola"
	// ", mundo."
	// Hola, mundo. true 2 12 3 false
}

// TestTaskFigures: a call's figures for its event=task record, under the
// log contract's names; none without a Timing.
func TestTaskFigures(t *testing.T) {
	c := openai.Completion{Timing: &openai.Timing{TTFT: 180 * time.Millisecond, TPOT: 23500 * time.Microsecond,
		TokensIn: 120, TokensOut: 350, TokensEstimated: true, OutputTokensPerSecond: 42.4242}}
	got := map[string]string{}
	for _, a := range c.TaskFigures() {
		got[a.Key] = a.Value.String()
	}
	want := map[string]string{"ttft_ms": "180", "tpot_ms": "23.5", "tokens_in": "120", "tokens_out": "350",
		"tokens_per_s": "42.42", "tokens_estimated": "true"}
	if len(got) != len(want) {
		t.Errorf("got %v, want %v", got, want)
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s: got %q, want %q", k, got[k], v)
		}
	}
	if f := (openai.Completion{}).TaskFigures(); f != nil {
		t.Errorf("a completion without timing gave %v", f)
	}
	pe := &openai.PartialError{Completion: c, Err: context.Canceled}
	if len(pe.TaskFigures()) != len(want) {
		t.Errorf("a partial answer gave %v", pe.TaskFigures())
	}
	// A stream without usage: the input's count is unknown, so absent.
	unknown := openai.Completion{Timing: &openai.Timing{TokensOut: 34, TokensEstimated: true}}
	for _, a := range unknown.TaskFigures() {
		if a.Key == "tokens_in" {
			t.Errorf("tokens_in %v for a stream without usage, want none", a.Value)
		}
	}
	if n := len(unknown.TaskFigures()); n != len(want)-1 {
		t.Errorf("a stream without usage gave %d figures, want %d", n, len(want)-1)
	}
}

// TestLLMCall: a completion's figures are its LLM call for the metrics,
// named as the GenAI conventions name them; a partial answer's too; none
// without a Timing.
func TestLLMCall(t *testing.T) {
	gaps := []time.Duration{20 * time.Millisecond, 30 * time.Millisecond}
	c := openai.Completion{Model: "qwen2.5:0.5b-instruct", RequestModel: "qwen2.5:0.5b", Provider: "openai",
		Timing: &openai.Timing{Streamed: true, TTFT: 180 * time.Millisecond, TPOT: 25 * time.Millisecond, E2E: time.Second,
			ITL: openai.Gaps{Count: 2, Raw: gaps}, TokensIn: 12, TokensOut: 3, TokensEstimated: true}}
	want := models.LLMCall{Operation: "chat", RequestModel: "qwen2.5:0.5b", ResponseModel: "qwen2.5:0.5b-instruct", Provider: "openai",
		Streamed: true, TTFT: 180 * time.Millisecond, TPOT: 25 * time.Millisecond, E2E: time.Second, ITL: gaps,
		TokensIn: 12, TokensOut: 3, TokensEstimated: true}
	got, ok := c.LLMCall()
	if !ok || !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v, %v; want %+v", got, ok, want)
	}
	if got, ok := (&openai.PartialError{Completion: c, Err: context.Canceled}).LLMCall(); !ok || got.TokensOut != 3 {
		t.Errorf("a partial answer gave %+v, %v", got, ok)
	}
	if _, ok := (openai.Completion{}).LLMCall(); ok {
		t.Error("a completion without timing is an LLM call")
	}
}
