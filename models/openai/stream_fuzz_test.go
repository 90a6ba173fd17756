package openai

import (
	"bytes"
	"context"
	"errors"
	"io"
	"reflect"
	"strings"
	"testing"
	"testing/iotest"
	"time"

	"vigia/models"
)

// fakeClock returns start, then a step later on each call.
func fakeClock(start time.Time, step time.Duration) func() time.Time {
	t := start
	return func() time.Time {
		t = t.Add(step)
		return t
	}
}

// FuzzSSE feeds arbitrary bytes to the stream reader, whole or a byte at
// a time, with a small limit: it must end with the text or with an error
// wrapping one of the package's sentinels, never panic, never hold more
// than it read, and never hand the sink any of the key. Seeds are in
// testdata/fuzz/FuzzSSE.
func FuzzSSE(f *testing.F) {
	f.Add([]byte("data: {\"model\":\"m\",\"choices\":[{\"delta\":{\"content\":\"Hola\"}}]}\n\ndata: {\"choices\":[],\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":1}}\n\ndata: [DONE]\n\n"), false, uint16(0))
	f.Add([]byte("data: {\"choices\":[{\"delta\":{\"content\":\"a\"}}]}\r\n\r\n: ping\r\n\r\ndata: [DONE]\r\n\r\n"), true, uint16(0))
	f.Add([]byte("data: {\"choices\":[{\"delta\":{\"content\":\""+fuzzKey[:9]+"\"}}]}\r\rdata: {\"choices\":[{\"delta\":{\"content\":\""+fuzzKey[9:]+"\"}}]}\r\rdata: [DONE]"), true, uint16(0))
	f.Add([]byte("event: error\ndata: {\"error\":{\"message\":\"boom\"}}\n\n"), false, uint16(10))
	f.Add([]byte("data: {\"choices\":[{\"delta\":{\"content\":[{\"type\":\"text\",\"text\":\"x\"}]},\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n"), false, uint16(0))
	f.Fuzz(func(t *testing.T, body []byte, oneByte bool, limit uint16) {
		start := time.Unix(1e9, 0)
		var pieces []string
		r := newRedactor(fuzzKey)
		s := newStreamReader(r, start, fakeClock(start, time.Millisecond), newPartialSink(func(p string) { pieces = append(pieces, p) }, r, fuzzKey))
		s.limit = 64 + int64(limit)%(8<<10)
		in := io.Reader(bytes.NewReader(body))
		if oneByte {
			in = iotest.OneByteReader(in) // lines and CRLF split across reads
		}
		err := s.read(context.Background(), in)
		s.sink.flush()
		c := s.completion(start.Add(time.Hour))

		if s.body.n > s.limit+1 || int64(s.text.Len()) > s.body.n || int64(cap(s.data)) > 2*s.body.n+64 {
			t.Fatalf("read %d bytes (limit %d), holds %d of text and %d of data", s.body.n, s.limit, s.text.Len(), cap(s.data))
		}
		switch {
		case err == nil:
			if !bytes.Contains(body, []byte("[DONE]")) || !s.sawChoices {
				t.Fatalf("a result from a stream without [DONE] or choices: %q", body)
			}
		case errors.Is(err, errTooLarge):
			if int64(len(body)) <= s.limit {
				t.Fatalf("%d bytes are too large for a limit of %d", len(body), s.limit)
			}
		default:
			found := false
			for _, sentinel := range []error{ErrMalformedResponse, ErrTruncatedResponse, ErrEmptyChoices, ErrStreamError} {
				found = found || errors.Is(err, sentinel)
			}
			if !found {
				t.Fatalf("error %v wraps none of the sentinels", err)
			}
			if msg := err.Error(); strings.ContainsAny(msg, "\r\n\x00") || len(msg) > 700 {
				t.Errorf("error is not one short line: %q", msg)
			}
		}
		tm := c.Timing
		if tm.E2E < 0 || tm.TTFT < 0 || tm.TPOT < 0 || tm.ITL.Count != max(tm.ContentChunks-1, 0) || len(tm.ITL.Raw) > MaxGaps || tm.TokensOut < 0 {
			t.Fatalf("Timing %+v", tm)
		}
		joined := strings.Join(pieces, "")
		if want := r.literal(s.text.String()); joined != want && !strings.Contains(s.text.String(), fuzzKey[:4]) {
			t.Errorf("the sink got %q, want %q", joined, want)
		}
		for _, text := range append(pieces, joined, r.literal(s.text.String()), c.Model, c.FinishReason, errString(err)) {
			if strings.Contains(text, fuzzKey) {
				t.Errorf("the key shows in %q", text)
			}
		}
	})
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// TestStreamTiming: the figures, against a clock that moves 10 ms each
// time the reader looks at it.
func TestStreamTiming(t *testing.T) {
	start := time.Unix(1e9, 0)
	body := "data: {\"choices\":[{\"delta\":{\"role\":\"assistant\"}}]}\n\n" + // +10 ms, no text
		"data: {\"choices\":[{\"delta\":{\"content\":\"a\"}}]}\n\n" + // +20: TTFT
		"data: {\"choices\":[{\"delta\":{\"content\":\"b\"}}]}\n\n" + // +30: gap 10
		": keep-alive\n\n" + // not an event: the clock is not read
		"data: {\"choices\":[{\"delta\":{}}]}\n\n" + // +40
		"data: {\"choices\":[{\"delta\":{\"content\":\"c\"},\"finish_reason\":\"length\"}]}\n\n" + // +50: gap 20
		"data: {\"choices\":[],\"usage\":{\"prompt_tokens\":7,\"completion_tokens\":5}}\n\n" + // +60
		"data: [DONE]\n\n" // +70: the end
	s := newStreamReader(redactor{}, start, fakeClock(start, 10*time.Millisecond), nil)
	if err := s.read(context.Background(), strings.NewReader(body)); err != nil {
		t.Fatal(err)
	}
	c := s.completion(start.Add(time.Hour))
	want := Timing{
		Streamed: true, TTFT: 20 * time.Millisecond, E2E: 70 * time.Millisecond,
		TPOT:          (70 - 20) * time.Millisecond / 4,
		ITL:           Gaps{Count: 2, Mean: 15 * time.Millisecond, Max: 20 * time.Millisecond, Raw: []time.Duration{10 * time.Millisecond, 20 * time.Millisecond}},
		ContentChunks: 3, TokensIn: 7, TokensOut: 5, OutputTokensPerSecond: 5 / 0.07,
	}
	if got := *c.Timing; !equalTiming(got, want) {
		t.Errorf("Timing = %+v\nwant     %+v", got, want)
	}
	if s.text.String() != "abc" || c.FinishReason != "length" || *c.Usage != (models.Usage{PromptTokens: 7, CompletionTokens: 5}) {
		t.Errorf("text %q, finish %q, usage %+v", s.text.String(), c.FinishReason, c.Usage)
	}
}

func equalTiming(a, b Timing) bool {
	d := a.OutputTokensPerSecond - b.OutputTokensPerSecond
	a.OutputTokensPerSecond, b.OutputTokensPerSecond = 0, 0
	return reflect.DeepEqual(a, b) && d < 1e-9 && d > -1e-9
}

// TestStreamGapsBounded: a long stream keeps MaxGaps gaps one by one, and
// counts them all.
func TestStreamGapsBounded(t *testing.T) {
	const n = MaxGaps + 100
	body := strings.Repeat("data: {\"choices\":[{\"delta\":{\"content\":\"x\"}}]}\n\n", n) + "data: [DONE]\n\n"
	start := time.Unix(1e9, 0)
	s := newStreamReader(redactor{}, start, fakeClock(start, time.Millisecond), nil)
	if err := s.read(context.Background(), strings.NewReader(body)); err != nil {
		t.Fatal(err)
	}
	tm := s.completion(time.Time{}).Timing
	if tm.ITL.Count != n-1 || len(tm.ITL.Raw) != MaxGaps || tm.ITL.Mean != time.Millisecond || !tm.TokensEstimated || tm.TokensOut != n {
		t.Errorf("ITL count %d, %d raw, mean %v; %d tokens, estimated %v", tm.ITL.Count, len(tm.ITL.Raw), tm.ITL.Mean, tm.TokensOut, tm.TokensEstimated)
	}
}

// TestPartialSink: the key, split across pieces in any way, never reaches
// the sink, and the pieces joined are the redacted text.
func TestPartialSink(t *testing.T) {
	const key = "sk-abc<123>"
	text := "uno ñ " + key + " dos " + key + key + " tres \\u003c " + `sk-abc\u003c123\u003e` + " fin sk-ab"
	want := newRedactor(key).literal(text)
	for size := 1; size <= len(text); size++ {
		var pieces []string
		p := newPartialSink(func(s string) { pieces = append(pieces, s) }, newRedactor(key), key)
		for i := 0; i < len(text); i += size {
			p.write(text[i:min(len(text), i+size)])
		}
		p.flush()
		if got := strings.Join(pieces, ""); got != want {
			t.Fatalf("pieces of %d: got %q, want %q", size, got, want)
		}
		for _, s := range pieces {
			if strings.Contains(s, "sk-abc") {
				t.Fatalf("pieces of %d: the key shows in %q", size, s)
			}
		}
	}
}

// BenchmarkSSEChunk measures one typical chunk: its lines taken, its JSON
// decoded, its text added and timed.
func BenchmarkSSEChunk(b *testing.B) {
	line := []byte(`data: {"id":"chatcmpl-123","object":"chat.completion.chunk","created":1694268190,"model":"gpt-4o-mini","system_fingerprint":"fp_44709d6fcb","choices":[{"index":0,"delta":{"content":" mundo"},"logprobs":null,"finish_reason":null}]}`)
	ctx := context.Background()
	s := newStreamReader(redactor{}, time.Now(), time.Now, nil)
	b.ReportAllocs()
	b.SetBytes(int64(len(line) + 2))
	for b.Loop() {
		s.field(line)
		if _, err := s.dispatch(ctx); err != nil {
			b.Fatal(err)
		}
		if s.text.Len() > 1<<20 {
			s.text.Reset()
		}
	}
}
