package openai

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math"
	"strings"
	"time"
	"unicode/utf8"

	"vigia/models"
)

// MaxGaps is how many inter-chunk gaps a Timing keeps one by one
// (ITL.Raw); its count, mean and maximum cover them all.
const MaxGaps = 4096

// ErrStreamError is wrapped by the error of a stream in which the server
// reported a failure (a "data:" line holding an "error", or an event named
// "error") after its 2xx status. The error's text ends with the server's
// message, sanitised as an HTTPError's is.
var ErrStreamError = errors.New("the server reported an error in the stream")

// Timing is what a call measured; it is the Timing of the Completion in
// Result.Data. Durations are from the moment the request was sent.
type Timing struct {
	// Streamed tells that the answer came as Server-Sent Events. When
	// false, the answer came whole: TTFT equals E2E, and ITL, TPOT and
	// ContentChunks are zero.
	Streamed bool `json:"streamed"`

	// TTFT is the time to the first chunk carrying text; 0 when none did.
	TTFT time.Duration `json:"ttft_ns"`
	// E2E is the time to the end of the answer: "data: [DONE]", the end of
	// a whole body, or the failure.
	E2E time.Duration `json:"e2e_ns"`
	// TPOT is the mean time per output token after the first:
	// (E2E − TTFT) / (TokensOut − 1); 0 with fewer than two tokens.
	TPOT time.Duration `json:"tpot_ns"`
	// ITL are the gaps between consecutive chunks carrying text.
	ITL Gaps `json:"itl"`
	// ContentChunks counts the chunks that carried text.
	ContentChunks int `json:"content_chunks"`

	// TokensIn and TokensOut are the server's usage counts. When a stream
	// brings no usage, TokensIn is 0 and TokensOut counts ContentChunks
	// (one token per chunk, as servers mostly send them), with
	// TokensEstimated set; a whole answer without usage leaves both 0.
	TokensIn        int  `json:"tokens_in"`
	TokensOut       int  `json:"tokens_out"`
	TokensEstimated bool `json:"tokens_estimated"`
	// OutputTokensPerSecond is TokensOut / E2E, in tokens per second.
	OutputTokensPerSecond float64 `json:"output_tokens_per_second"`
}

// Gaps summarises the inter-token latencies of a stream.
type Gaps struct {
	Count int           `json:"count"`
	Mean  time.Duration `json:"mean_ns"`
	Max   time.Duration `json:"max_ns"`
	// Raw are the first MaxGaps gaps, in order, for histograms.
	Raw []time.Duration `json:"raw_ns,omitempty"`
}

// PartialError is the error of a call whose answer had begun to stream
// when it failed: canceled (Esc), timed out, cut off before "data:
// [DONE]", too large, or ended by the server's error event. The partial
// text is here, not in the Result, which is empty as with every error;
// Err is the cause and its text the error's text, so that errors.Is,
// errors.AsType and metrics see through a PartialError.
type PartialError struct {
	// Text is what the answer said before it failed, with the key redacted
	// as in Result.Text.
	Text string
	// Completion holds what was known: model, finish reason, usage (rarely,
	// since it comes last) and the Timing up to the failure.
	Completion Completion
	Err        error
}

func (e *PartialError) Error() string { return e.Err.Error() }

// Unwrap returns the cause.
func (e *PartialError) Unwrap() error { return e.Err }

type chunkSinkKey struct{}

// WithChunkSink returns a context that makes Run hand sink the text of a
// streamed answer as it arrives, one piece per chunk, or the whole text
// once for an answer that does not stream. The pieces, joined, are
// Result.Text (or PartialError.Text); text that could be the start of the
// API key is held back until the next piece shows it is not.
//
// Run calls sink on its own goroutine, before reading on: sink must return
// quickly and must not touch widgets. A UI appends the piece to a buffer
// and repaints on a timer of its own (say every 50 ms, through fyne.Do);
// that throttling is the caller's.
func WithChunkSink(ctx context.Context, sink func(text string)) context.Context {
	return context.WithValue(ctx, chunkSinkKey{}, sink)
}

// chunkSink returns the sink set by WithChunkSink, or nil.
func chunkSink(ctx context.Context) func(string) {
	f, _ := ctx.Value(chunkSinkKey{}).(func(string))
	return f
}

// isEventStream reports whether a Content-Type is text/event-stream.
func isEventStream(contentType string) bool {
	mt, _, _ := strings.Cut(contentType, ";")
	return strings.EqualFold(strings.TrimSpace(mt), "text/event-stream")
}

// errTooLarge is the error of a meter past its limit.
var errTooLarge = errors.New("stream past the limit")

// meter reads at most limit bytes of a body, then fails with errTooLarge
// (never a silent end), and keeps the body's own error apart.
type meter struct {
	r     io.Reader
	n     int64 // bytes read
	limit int64
	err   error // the body's error, other than io.EOF
}

func (m *meter) Read(p []byte) (int, error) {
	if m.n > m.limit {
		return 0, errTooLarge
	}
	if left := m.limit + 1 - m.n; int64(len(p)) > left {
		p = p[:left]
	}
	n, err := m.r.Read(p)
	m.n += int64(n)
	if err != nil && err != io.EOF {
		m.err = err
	}
	if m.n > m.limit {
		return n, errTooLarge
	}
	return n, err
}

// streamChunk is one "data:" line of a stream. It is reused from event
// to event (see streamReader.decode).
type streamChunk struct {
	Model   stickyString    `json:"model"`
	Choices []deltaChoice   `json:"choices"`
	Usage   *usage          `json:"usage"`
	Error   json.RawMessage `json:"error"`
}

type deltaChoice struct {
	Index int `json:"index"`
	Delta struct {
		Content deltaText `json:"content"`
	} `json:"delta"`
	FinishReason string `json:"finish_reason"`
}

// stickyString keeps the first non-empty value it is given: the model's
// name repeats in every chunk, and is read (and allocated) once.
type stickyString string

func (s *stickyString) UnmarshalJSON(b []byte) error {
	if *s != "" || len(b) == 0 || b[0] != '"' {
		return nil
	}
	var v string
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	*s = stickyString(v)
	return nil
}

// deltaText is a delta's content: a string, null, or a list of parts (see
// contentText).
type deltaText string

func (d *deltaText) UnmarshalJSON(b []byte) error {
	switch {
	case len(b) >= 2 && b[0] == '"' && bytes.IndexByte(b, '\\') < 0 && utf8.Valid(b):
		// The common case, a piece of text without escapes, needs no
		// second decoding.
		*d = deltaText(b[1 : len(b)-1])
		return nil
	case len(b) > 0 && b[0] == '"':
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*d = deltaText(s)
		return nil
	}
	s, err := contentText(b)
	*d = deltaText(s)
	return err
}

// streamReader reads the Server-Sent Events of a streamed completion
// (https://html.spec.whatwg.org/multipage/server-sent-events.html): lines
// ended by LF, CRLF or CR; "data:" lines gathered into an event until a
// blank line; comments (":") and other fields ignored; "data: [DONE]" the
// end. It accumulates the first choice's text and measures the timing.
type streamReader struct {
	r     redactor
	now   func() time.Time
	start time.Time // when the request was sent
	limit int64     // the most bytes read, MaxResponse in Run
	sink  *partialSink

	text       strings.Builder
	chunk      streamChunk
	finish     string
	usage      *usage
	events     int  // dispatched events, [DONE] excluded
	sawChoices bool // some chunk had a choice
	chunks     int  // chunks carrying text
	first      time.Time
	last       time.Time
	gapSum     time.Duration
	gaps       Gaps
	end        time.Time

	data      []byte // the data of the event being read
	hasData   bool
	eventName string
	openLine  bool // the body ended inside a line
	body      *meter
}

func newStreamReader(r redactor, start time.Time, now func() time.Time, sink *partialSink) *streamReader {
	return &streamReader{r: r, now: now, start: start, limit: MaxResponse, sink: sink}
}

// read reads body to "data: [DONE]". Its errors wrap the package's
// sentinels, or errTooLarge, or are the body's own error (s.body.err);
// none names the endpoint, which the caller adds. ctx is checked between
// events, so that a cancel stops at once even with events buffered.
func (s *streamReader) read(ctx context.Context, body io.Reader) error {
	s.body = &meter{r: body, limit: s.limit}
	sc := bufio.NewScanner(s.body)
	sc.Buffer(make([]byte, 0, 4<<10), int(s.limit)+16)
	sc.Split(s.splitLines)
	firstLine := true
	for sc.Scan() {
		line := sc.Bytes()
		if firstLine {
			line = bytes.TrimPrefix(line, []byte("\xef\xbb\xbf"))
			firstLine = false
		}
		if len(line) > 0 {
			s.field(line)
			continue
		}
		if done, err := s.dispatch(ctx); done || err != nil {
			return err
		}
	}
	if err := sc.Err(); err != nil {
		return err
	}
	// The last event lacks its blank line. Lenient, it counts, unless its
	// last line was cut short: then only "[DONE]" is taken as it is.
	if s.hasData && (!s.openLine || string(bytes.TrimSpace(s.data)) == "[DONE]") {
		if done, err := s.dispatch(ctx); done || err != nil {
			return err
		}
	}
	return fmt.Errorf("%w: the stream ended before [DONE], after %d bytes", ErrTruncatedResponse, s.body.n)
}

// splitLines is a bufio.SplitFunc for the three line ends of SSE.
func (s *streamReader) splitLines(data []byte, atEOF bool) (int, []byte, error) {
	if atEOF && len(data) == 0 {
		return 0, nil, nil
	}
	if i := bytes.IndexAny(data, "\r\n"); i >= 0 {
		switch {
		case data[i] == '\n':
			return i + 1, data[:i], nil
		case i+1 < len(data) && data[i+1] == '\n':
			return i + 2, data[:i], nil
		case i+1 < len(data) || atEOF:
			return i + 1, data[:i], nil
		}
		return 0, nil, nil // a CR: is an LF next?
	}
	if atEOF {
		s.openLine = true
		return len(data), data, nil
	}
	return 0, nil, nil
}

// field takes one non-blank line of an event.
func (s *streamReader) field(line []byte) {
	if line[0] == ':' {
		return // a comment: a keep-alive
	}
	name, value, _ := bytes.Cut(line, []byte(":"))
	value = bytes.TrimPrefix(value, []byte(" "))
	switch string(name) {
	case "data":
		if s.hasData {
			s.data = append(s.data, '\n')
		}
		s.data = append(s.data, value...)
		s.hasData = true
	case "event":
		s.eventName = string(value)
	}
}

// dispatch handles the event read so far, at a blank line. done tells that
// it was "[DONE]".
func (s *streamReader) dispatch(ctx context.Context) (done bool, err error) {
	if err := ctx.Err(); err != nil {
		return false, err
	}
	data, name := s.data, s.eventName
	s.data, s.hasData, s.eventName = s.data[:0], false, ""
	if len(data) == 0 && name != "error" {
		return false, nil // no data: nothing to dispatch
	}
	t := s.now()
	if name == "error" {
		s.end = t
		return false, fmt.Errorf("%w: %s", ErrStreamError, s.serverMessage(data))
	}
	if string(bytes.TrimSpace(data)) == "[DONE]" {
		s.end = t
		if !s.sawChoices {
			return true, ErrEmptyChoices
		}
		return true, nil
	}
	s.events++
	if err := s.decode(data, t); err != nil {
		s.end = t
		return false, err
	}
	return false, nil
}

// serverMessage is the message of an error event's data.
func (s *streamReader) serverMessage(data []byte) string {
	if msg := errorMessage(data, false, s.r); msg != "" {
		return msg
	}
	return "no message"
}

// decode takes the chunk in data, received at t.
func (s *streamReader) decode(data []byte, t time.Time) error {
	ch := &s.chunk
	clear(ch.Choices[:cap(ch.Choices)]) // json reuses the elements
	ch.Choices, ch.Usage, ch.Error = ch.Choices[:0], nil, ch.Error[:0]
	if err := json.Unmarshal(data, ch); err != nil {
		// The decoder's text may quote the data: it is redacted, and so
		// not wrapped.
		return fmt.Errorf("%w: event %d is not a JSON chunk: %s", ErrMalformedResponse, s.events, s.r.message(err.Error(), messageLimit))
	}
	if len(ch.Error) > 0 && string(ch.Error) != "null" {
		return fmt.Errorf("%w: %s", ErrStreamError, s.serverMessage(data))
	}
	if u := ch.Usage; u != nil {
		if u.PromptTokens < 0 || u.CompletionTokens < 0 {
			return fmt.Errorf("%w: negative token count in usage", ErrMalformedResponse)
		}
		s.usage = u
	}
	if len(ch.Choices) == 0 {
		if ch.Usage != nil {
			return nil // the last chunk, with usage only
		}
		return fmt.Errorf("%w: event %d has no choices", ErrMalformedResponse, s.events)
	}
	s.sawChoices = true
	for i := range ch.Choices {
		c := &ch.Choices[i]
		if c.Index != 0 {
			continue // other choices, when n > 1, are not read
		}
		if c.FinishReason != "" {
			s.finish = c.FinishReason
		}
		if c.Delta.Content != "" {
			s.addText(string(c.Delta.Content), t)
		}
	}
	return nil
}

// addText takes a chunk's text, received at t.
func (s *streamReader) addText(text string, t time.Time) {
	s.text.WriteString(text)
	if s.chunks == 0 {
		s.first = t
	} else {
		gap := t.Sub(s.last)
		s.gapSum += gap
		s.gaps.Count++
		s.gaps.Max = max(s.gaps.Max, gap)
		if len(s.gaps.Raw) < MaxGaps {
			s.gaps.Raw = append(s.gaps.Raw, gap)
		}
	}
	s.chunks++
	s.last = t
	if s.sink != nil {
		s.sink.write(text)
	}
}

// completion returns what the stream said, its text aside, with its
// timing; end is when it ended, if the reader did not see it end.
func (s *streamReader) completion(end time.Time) Completion {
	if !s.end.IsZero() {
		end = s.end
	}
	c := Completion{Model: s.r.literal(string(s.chunk.Model)), FinishReason: s.r.literal(s.finish)}
	tm := &Timing{Streamed: true, E2E: end.Sub(s.start), ContentChunks: s.chunks, ITL: s.gaps}
	if s.gaps.Count > 0 {
		tm.ITL.Mean = s.gapSum / time.Duration(s.gaps.Count)
	}
	if s.chunks > 0 {
		tm.TTFT = s.first.Sub(s.start)
	}
	if u := s.usage; u != nil {
		c.Usage = u.models()
		tm.TokensIn, tm.TokensOut = u.PromptTokens, u.CompletionTokens
	} else {
		tm.TokensOut, tm.TokensEstimated = s.chunks, true
	}
	tm.fill()
	c.Timing = tm
	return c
}

// fill computes TPOT and OutputTokensPerSecond from the other figures.
func (t *Timing) fill() {
	if t.TokensOut > 1 && t.E2E > t.TTFT {
		t.TPOT = (t.E2E - t.TTFT) / time.Duration(t.TokensOut-1)
	}
	if t.E2E > 0 {
		t.OutputTokensPerSecond = float64(t.TokensOut) / t.E2E.Seconds()
	}
}

// partialSink hands the caller's sink a stream's text without ever
// handing it part of the API key: a key split across chunks would pass
// redaction piece by piece. The tail of the text that could be the start
// of the key (in any of the forms the redactor replaces) is held back
// until more text, or the end, shows what it is.
type partialSink struct {
	fn      func(string)
	r       redactor
	forms   []string // the key as the redactor finds it
	hold    int      // the longest form, less one byte
	pending string
}

func newPartialSink(fn func(string), r redactor, key string) *partialSink {
	p := &partialSink{fn: fn, r: r}
	if key != "" {
		for _, html := range []bool{true, false} {
			var b strings.Builder
			enc := json.NewEncoder(&b)
			enc.SetEscapeHTML(html)
			_ = enc.Encode(key)
			p.forms = append(p.forms, strings.TrimSuffix(b.String(), "\n"))
		}
		for i, f := range p.forms {
			p.forms[i] = f[1 : len(f)-1]
		}
		p.forms = append(p.forms, key)
		for _, f := range p.forms {
			p.hold = max(p.hold, len(f)-1)
		}
	}
	return p
}

// write takes the next piece of text.
func (p *partialSink) write(text string) {
	if p.hold == 0 {
		p.fn(text)
		return
	}
	p.pending += text
	cut := len(p.pending) - p.hold
	// A form that starts before cut and ends after it is held back whole.
	for moved := true; moved && cut > 0; {
		moved = false
		for _, f := range p.forms {
			lo := max(0, cut-len(f)+1)
			if i := strings.Index(p.pending[lo:min(len(p.pending), cut+len(f)-1)], f); i >= 0 && lo+i < cut {
				cut, moved = lo+i, true
			}
		}
	}
	for cut > 0 && !utf8.RuneStart(p.pending[cut]) {
		cut--
	}
	if cut <= 0 {
		return
	}
	p.fn(p.r.literal(p.pending[:cut]))
	p.pending = p.pending[cut:]
}

// flush hands over what was held back, at the end of the stream.
func (p *partialSink) flush() {
	if p.pending != "" {
		p.fn(p.r.literal(p.pending))
		p.pending = ""
	}
}

// TaskFigures are the call's figures for its event=task log record
// (models.TaskFigures), named as the README's log contract names them:
// ttft_ms, tpot_ms, tokens_in, tokens_out, tokens_per_s and
// tokens_estimated. tokens_in is left out when the server told no usage:
// the input's count is unknown then, not 0 (as the window shows "?", and
// the span has no gen_ai.usage.input_tokens). Nil without a Timing.
func (c Completion) TaskFigures() []slog.Attr {
	t := c.Timing
	if t == nil {
		return nil
	}
	ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
	attrs := []slog.Attr{
		slog.Float64("ttft_ms", ms(t.TTFT)),
		slog.Float64("tpot_ms", ms(t.TPOT)),
	}
	if !t.TokensEstimated || t.TokensIn > 0 {
		attrs = append(attrs, slog.Int("tokens_in", t.TokensIn))
	}
	return append(attrs,
		slog.Int("tokens_out", t.TokensOut),
		slog.Float64("tokens_per_s", math.Round(t.OutputTokensPerSecond*100)/100),
		slog.Bool("tokens_estimated", t.TokensEstimated),
	)
}

// TaskFigures are the figures of the call up to its failure.
func (e *PartialError) TaskFigures() []slog.Attr { return e.Completion.TaskFigures() }

// LLMCall is the call as the metrics count it (models.LLMReporter); ok
// is false without a Timing.
func (c Completion) LLMCall() (models.LLMCall, bool) {
	t := c.Timing
	if t == nil {
		return models.LLMCall{}, false
	}
	return models.LLMCall{
		Operation: "chat", RequestModel: c.RequestModel, ResponseModel: c.Model, Provider: c.Provider,
		Streamed: t.Streamed, TTFT: t.TTFT, TPOT: t.TPOT, E2E: t.E2E, ITL: t.ITL.Raw,
		TokensIn: t.TokensIn, TokensOut: t.TokensOut, TokensEstimated: t.TokensEstimated,
	}, true
}

// LLMCall is the call up to its failure.
func (e *PartialError) LLMCall() (models.LLMCall, bool) { return e.Completion.LLMCall() }

var (
	_ models.LLMReporter = Completion{}
	_ models.LLMReporter = (*PartialError)(nil)
	_ models.TaskFigures = Completion{}
	_ models.TaskFigures = (*PartialError)(nil)
)
