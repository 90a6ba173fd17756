package openai

import (
	"bytes"
	"compress/flate"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/textproto"
	"net/url"
	"os"
	"slices"
	"strings"
	"time"

	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/trace"

	"vigia/config"
	"vigia/models"
)

// Defaults and limits of a call. The defaults are settings (the Settings
// form's and "vigia config"'s openai-…): they are written once, in package
// config.
const (
	DefaultBaseURL = config.DefaultOpenAIBaseURL // Ollama's OpenAI-compatible API
	DefaultModel   = config.DefaultOpenAIModel
	DefaultTimeout = config.DefaultOpenAITimeout

	// MaxResponse is the largest response body read, in bytes: 8 MB. A
	// longer one is an error wrapping ErrResponseTooLarge, and no more of it
	// is read.
	MaxResponse = 8 << 20

	// APIKeyEnv is the environment variable the API key is read from when
	// Options.APIKey is nil.
	APIKeyEnv = "VIGIA_OPENAI_API_KEY"
)

// errorBodyLimit is how much of a 4xx or 5xx body is read for its message.
const errorBodyLimit = 64 << 10

// Options configures a Model. The zero value works.
type Options struct {
	// HTTPClient sends the requests; nil means http.DefaultClient. The
	// timeout parameter bounds each call through its context, so the client
	// needs no Timeout of its own.
	HTTPClient *http.Client

	// APIKey returns the API key, sent as "Authorization: Bearer <key>" when
	// not empty (surrounding white space is trimmed). It is called on every
	// call, so a key set after start is used, and the Model keeps no copy.
	// nil means os.Getenv(APIKeyEnv).
	APIKey func() string

	// BaseURL, ModelName and Timeout are the defaults of the base_url, model
	// and timeout parameters, as saved in the app's settings. Empty or zero
	// means DefaultBaseURL, DefaultModel and DefaultTimeout.
	BaseURL   string
	ModelName string
	Timeout   time.Duration
}

// Model is the "openai" model. It is safe for concurrent use.
type Model struct {
	client *http.Client
	apiKey func() string
	params []models.Param
}

var _ models.Model = (*Model)(nil)

// New returns the model.
func New(opts Options) *Model {
	m := &Model{client: opts.HTTPClient, apiKey: opts.APIKey}
	if m.client == nil {
		m.client = http.DefaultClient
	}
	if m.apiKey == nil {
		m.apiKey = func() string { return os.Getenv(APIKeyEnv) }
	}
	m.params = slices.Clone(params)
	for i := range m.params {
		switch p := &m.params[i]; {
		case p.Name == "base_url" && opts.BaseURL != "":
			p.Default = opts.BaseURL
		case p.Name == "model" && opts.ModelName != "":
			p.Default = opts.ModelName
		case p.Name == "timeout" && opts.Timeout > 0:
			p.Default = opts.Timeout.String()
		}
	}
	return m
}

// params are the model's parameters. temperature is a Float whose default,
// -1, stands for "not set": a Param's default must parse as its kind, and no
// valid temperature is negative.
var params = []models.Param{
	{Name: "base_url", Kind: models.String, Default: DefaultBaseURL,
		Help: "The endpoint's base URL (http or https); /chat/completions is added to it."},
	{Name: "model", Kind: models.String, Default: DefaultModel,
		Help: "The model the server should answer with."},
	{Name: "timeout", Kind: models.Duration, Default: DefaultTimeout.String(), Min: 1, Max: 600,
		Help: "The longest a call may take, reading the whole answer included."},
	{Name: "system", Kind: models.String, Default: "",
		Help: "A system prompt sent before the text; empty sends none."},
	{Name: "max_tokens", Kind: models.Int, Default: "0", Min: 0, Max: 500_000,
		Help: "The most tokens the answer may have; 0 leaves it to the server."},
	{Name: "temperature", Kind: models.Float, Default: "-1", Min: -1, Max: 2,
		Help: "Sampling temperature from 0 to 2; a negative value (the default) leaves it to the server."},
	{Name: "stream", Kind: models.Bool, Default: "true",
		Help: "Stream the answer as it is generated (off: one answer at the end)"},
	{Name: "cache", Kind: models.Bool, Default: "false",
		Help: "Whether answers may be cached; off by default, since completions vary."},
}

// Name returns "openai".
func (m *Model) Name() string { return "openai" }

// Description says what the model does.
func (m *Model) Description() string {
	return "Sends the text to an OpenAI-compatible chat completions endpoint (Ollama, llama.cpp, LM Studio, vLLM, OpenAI) and returns the reply."
}

// Params returns base_url, model, timeout, system, max_tokens, temperature,
// stream and cache.
func (m *Model) Params() []models.Param { return slices.Clone(m.params) }

// Cacheable reports the cache parameter: completions vary from call to
// call, so they are cached only when asked.
func (m *Model) Cacheable(p models.Values) bool { return p.Bool("cache") }

// PlannedCall returns the call Run would make with p, as far as it is
// known before it is made: the operation ("chat"), the model asked for and
// the endpoint's provider (gen_ai.provider.name, "" when unknown). ok is
// false when p is not valid. A task's span is named and described by it
// before the call starts (package telemetry).
func (m *Model) PlannedCall(p models.Values) (call models.LLMCall, ok bool) {
	c, err := newCall(p)
	if err != nil {
		return models.LLMCall{}, false
	}
	return models.LLMCall{Operation: "chat", RequestModel: c.model, Provider: providerOf(c.endpoint), Streamed: c.stream}, true
}

// CheckParams reports what Run would reject in p without calling anyone:
// a base_url that is not an http or https URL, an empty model name. Its
// errors wrap models.ErrParam.
func (m *Model) CheckParams(p models.Values) error {
	_, err := newCall(p)
	return err
}

// Run sends in.Text as the user's message, after the system prompt if any,
// and returns the first choice's content, streamed unless the stream
// parameter is off. Its Data is a Completion whose Timing holds what the
// call measured. A context made by WithChunkSink receives the text as it
// arrives. See the package doc for its errors.
func (m *Model) Run(ctx context.Context, in models.Input) (models.Result, error) {
	c, err := newCall(in.Params)
	if err != nil {
		return models.Result{}, err
	}
	key := strings.TrimSpace(m.apiKey())
	if !headerSafe(key) {
		return models.Result{}, ErrBadAPIKey
	}
	body, err := json.Marshal(c.request(in.Text))
	if err != nil {
		return models.Result{}, fmt.Errorf("encoding the request: %w", err)
	}

	tctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(tctx, http.MethodPost, c.endpoint, bytes.NewReader(body))
	if err != nil {
		return models.Result{}, fmt.Errorf("%s: %w", c.shown, err)
	}
	req.Header.Set("Content-Type", "application/json")
	if c.stream {
		req.Header.Set("Accept", "text/event-stream, application/json")
	} else {
		req.Header.Set("Accept", "application/json")
	}
	if key != "" {
		req.Header.Set("Authorization", "Bearer "+key)
	}
	if trace.SpanFromContext(ctx).IsRecording() {
		// The task's span (package telemetry): a server instrumented with
		// OpenTelemetry makes it the parent of its own.
		propagation.TraceContext{}.Inject(ctx, propagation.HeaderCarrier(req.Header))
	}

	start := time.Now()
	r := newRedactor(key)
	var sink *partialSink
	if fn := chunkSink(ctx); fn != nil {
		sink = newPartialSink(fn, r, key)
	}
	resp, err := m.client.Do(req)
	if err != nil {
		if msg, ok := notHTTP(err); ok && ctx.Err() == nil && tctx.Err() == nil {
			// The text quotes the server: redacted, and so not wrapped.
			return models.Result{}, fmt.Errorf("%s: %w: not an HTTP answer: %s", c.shown, ErrMalformedResponse, r.message(msg, rawLimit))
		}
		return models.Result{}, c.transportError(ctx, tctx, start, err)
	}
	defer resp.Body.Close()

	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		data, _ := io.ReadAll(io.LimitReader(resp.Body, errorBodyLimit+1))
		cut := len(data) > errorBodyLimit
		if cut {
			data = data[:errorBodyLimit]
		}
		return models.Result{}, &HTTPError{StatusCode: resp.StatusCode, Message: errorMessage(data, cut, r), URL: c.shown}
	}

	if resp.ContentLength > MaxResponse {
		return models.Result{}, c.tooLarge()
	}
	if isEventStream(resp.Header.Get("Content-Type")) {
		// The server decides: a stream is read as one even when none was
		// asked for.
		return c.readStream(ctx, tctx, start, resp.Body, r, sink)
	}
	// Not a stream, even if one was asked for: servers that can't stream
	// answer whole.
	data, err := io.ReadAll(io.LimitReader(resp.Body, MaxResponse+1))
	switch {
	case len(data) > MaxResponse:
		return models.Result{}, c.tooLarge()
	case err != nil:
		return models.Result{}, c.readError(ctx, tctx, start, int64(len(data)), err)
	}
	res, err := parseResponse(data, r)
	if err != nil {
		return models.Result{}, fmt.Errorf("%s: %w", c.shown, err)
	}
	comp := res.Data.(Completion)
	e2e := time.Since(start)
	tm := &Timing{E2E: e2e, TTFT: e2e}
	if u := comp.Usage; u != nil {
		tm.TokensIn, tm.TokensOut = u.PromptTokens, u.CompletionTokens
	}
	tm.fill()
	comp.Timing = tm
	c.label(&comp)
	res.Data = comp
	if sink != nil && res.Text != "" {
		sink.fn(res.Text)
	}
	return res, nil
}

// readStream reads a streamed answer from body. A failure once the stream
// has begun is a *PartialError around the cause.
func (c *call) readStream(ctx, tctx context.Context, start time.Time, body io.Reader, r redactor, sink *partialSink) (models.Result, error) {
	s := newStreamReader(r, start, time.Now, sink)
	err := s.read(tctx, body)
	comp := s.completion(time.Now())
	c.label(&comp)
	if sink != nil {
		sink.flush()
	}
	text := r.literal(s.text.String())
	switch {
	case err == nil:
		return models.Result{Text: text, Data: comp, Usage: comp.Usage}, nil
	case ctx.Err() != nil || tctx.Err() != nil:
		err = c.transportError(ctx, tctx, start, err)
	case errors.Is(err, errTooLarge):
		err = c.tooLarge()
	case s.body.err != nil && errors.Is(err, s.body.err):
		err = c.readError(ctx, tctx, start, s.body.n, err)
	default:
		err = fmt.Errorf("%s: %w", c.shown, err)
	}
	return models.Result{}, &PartialError{Text: text, Completion: comp, Err: err}
}

// label names the request's model and the endpoint's provider in comp.
func (c *call) label(comp *Completion) {
	comp.RequestModel = c.model
	comp.Provider = providerOf(c.endpoint)
}

// providerOf is the gen_ai.provider.name of an endpoint, for the hosts
// whose provider is certain; "" for the rest (a local server can be
// anything that speaks the API).
func providerOf(endpoint string) string {
	u, err := url.Parse(endpoint)
	if err != nil {
		return ""
	}
	switch h := strings.ToLower(u.Hostname()); {
	case h == "api.openai.com":
		return "openai"
	case strings.HasSuffix(h, ".openai.azure.com"):
		return "azure.ai.openai"
	case h == "api.deepseek.com":
		return "deepseek"
	case h == "api.groq.com":
		return "groq"
	case h == "api.mistral.ai":
		return "mistral_ai"
	case h == "api.x.ai":
		return "x_ai"
	}
	return ""
}

// readError classifies an error reading a 2xx body after n bytes.
func (c *call) readError(ctx, tctx context.Context, start time.Time, n int64, err error) error {
	if ne, ok := errors.AsType[net.Error](err); ctx.Err() != nil || tctx.Err() != nil || (ok && ne.Timeout()) {
		return c.transportError(ctx, tctx, start, err)
	}
	if _, ok := errors.AsType[flate.CorruptInputError](err); ok || errors.Is(err, gzip.ErrHeader) || errors.Is(err, gzip.ErrChecksum) {
		// The transport decompresses a body sent with
		// Content-Encoding: gzip.
		return fmt.Errorf("%s: %w: the body is not valid gzip: %w", c.shown, ErrMalformedResponse, err)
	}
	return fmt.Errorf("%s: %w: the connection failed after %d bytes: %w", c.shown, ErrTruncatedResponse, n, err)
}

// call is one call's parameters, checked.
type call struct {
	endpoint    string // base_url + "/chat/completions"
	shown       string // endpoint as errors show it: no credentials, no query
	model       string
	system      string
	maxTokens   int
	temperature *float64 // nil leaves it to the server
	timeout     time.Duration
	stream      bool
}

// newCall reads p. A parameter absent from p takes its default, so that Run
// works with Values not made by models.ParseParams.
func newCall(p models.Values) (*call, error) {
	c := &call{
		model:     DefaultModel,
		system:    p.String("system"),
		maxTokens: p.Int("max_tokens"),
		timeout:   p.Duration("timeout"),
	}
	if c.timeout <= 0 {
		c.timeout = DefaultTimeout
	}
	c.stream = true
	if s, ok := p["stream"].(bool); ok {
		c.stream = s
	}
	if t, ok := p["temperature"].(float64); ok && t >= 0 {
		c.temperature = &t
	}
	if m, ok := p["model"].(string); ok {
		if strings.TrimSpace(m) == "" {
			return nil, fmt.Errorf("%w: model must not be empty", models.ErrParam)
		}
		c.model = m
	}
	base := DefaultBaseURL
	if b, ok := p["base_url"].(string); ok {
		base = b
	}
	u, err := url.Parse(strings.TrimSpace(base))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("%w: base_url=%q is not an http or https URL such as %s", models.ErrParam, showRaw(base), DefaultBaseURL)
	}
	u.Path = strings.TrimRight(u.Path, "/") + "/chat/completions"
	u.RawPath = ""
	u.Fragment = ""
	c.endpoint = u.String()
	shown := *u
	shown.RawQuery = ""
	c.shown = shown.Redacted()
	return c, nil
}

func (c *call) request(text string) chatRequest {
	req := chatRequest{Model: c.model, MaxTokens: c.maxTokens, Temperature: c.temperature}
	if c.stream {
		req.Stream, req.StreamOptions = true, &streamOptions{IncludeUsage: true}
	}
	if c.system != "" {
		req.Messages = append(req.Messages, message{Role: "system", Content: c.system})
	}
	req.Messages = append(req.Messages, message{Role: "user", Content: text})
	return req
}

// transportError classifies an error of client.Do or of reading the body.
// ctx is the caller's context, tctx the one bounded by the timeout; start
// is when the request was sent.
func (c *call) transportError(ctx, tctx context.Context, start time.Time, err error) error {
	switch {
	case ctx.Err() != nil:
		return fmt.Errorf("request to %s: %w", c.shown, ctx.Err())
	case tctx.Err() != nil:
		return &TimeoutError{URL: c.shown, After: c.timeout}
	}
	// The *url.Error around err repeats the URL, with its query.
	if ue, ok := errors.AsType[*url.Error](err); ok {
		err = ue.Err
	}
	if op, ok := errors.AsType[*net.OpError](err); ok && op.Op == "dial" {
		return &ConnectError{URL: c.shown, Err: op}
	}
	if ne, ok := errors.AsType[net.Error](err); ok && ne.Timeout() {
		// A timeout of the HTTPClient ran out before ours.
		return &TimeoutError{URL: c.shown, After: time.Since(start).Round(time.Millisecond)}
	}
	return fmt.Errorf("request to %s: %w", c.shown, err)
}

func (c *call) tooLarge() error {
	return fmt.Errorf("%s: %w: the limit is %d MB", c.shown, ErrResponseTooLarge, MaxResponse>>20)
}

// notHTTP returns the text of an error of client.Do that says the answer
// was not HTTP: a bad status line, header or length. net/http gives most
// of these no type of its own, so its wording is matched.
func notHTTP(err error) (string, bool) {
	if ue, ok := errors.AsType[*url.Error](err); ok {
		err = ue.Err // it repeats the URL, with its query
	}
	msg := strings.TrimPrefix(err.Error(), "net/http: HTTP/1.x transport connection broken: ")
	if _, ok := errors.AsType[textproto.ProtocolError](err); ok {
		return msg, true
	}
	for _, s := range []string{"malformed HTTP ", "bad Content-Length", "invalid Transfer-Encoding", "too many transfer encodings"} {
		if strings.HasPrefix(msg, s) {
			return msg, true
		}
	}
	return "", false
}

// headerSafe reports whether key can be sent in a header as it is: visible
// ASCII only.
func headerSafe(key string) bool {
	for i := 0; i < len(key); i++ {
		if key[i] < 0x21 || key[i] > 0x7e {
			return false
		}
	}
	return true
}

// showRaw returns a base_url that did not parse, for an error message,
// without what could be a password before an '@'.
func showRaw(s string) string {
	if i := strings.LastIndexByte(s, '@'); i >= 0 {
		s = "…" + s[i:]
	}
	return redactor{}.message(s, rawLimit)
}
