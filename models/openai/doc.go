// Package openai is the Vigía model that sends a text to any endpoint
// speaking OpenAI's chat completions protocol (POST {base_url}/chat/completions):
// Ollama, the llama.cpp server, LM Studio, vLLM or OpenAI itself.
//
// A call is one request, bounded by the timeout parameter and by the
// caller's context, whichever ends first; the response body is read up to
// [MaxResponse] bytes, streamed or not. The reply's first choice becomes
// Result.Text, the token counts Result.Usage when the server reports them.
//
// Unless the stream parameter is off, the request asks for a stream
// ("stream": true, with usage in its last chunk) and a text/event-stream
// answer is read as Server-Sent Events up to "data: [DONE]", the first
// choice's deltas joined; a server that answers with a whole JSON body
// instead is read as one. Either way the Completion in Result.Data carries
// a [Timing]: time to first token, inter-chunk gaps, time per output token,
// end-to-end time, tokens in and out (estimated from the chunks when a
// stream has no usage) and output tokens per second. [WithChunkSink] lets
// a caller see the text as it arrives. A stream that fails once begun
// (canceled, timed out, cut before [DONE], too large, or ended by the
// server's error event, [ErrStreamError]) gives a [*PartialError] with the
// text so far, around an error of the kinds below.
//
// The API key comes from a function (by default reading the environment
// variable [APIKeyEnv]) called on every call, and is sent only as an
// Authorization header; the model keeps no copy of it. The key is replaced
// by [Redacted] wherever it would show in a Result, and in the server text
// that errors quote, which also loses anything that looks like a bearer,
// basic or "sk-" credential, control characters, and all but its first
// few hundred bytes.
//
// Failures have types of their own so that callers and metrics can tell
// them apart: [*ConnectError] (nothing listens at base_url), [*TimeoutError]
// (wraps context.DeadlineExceeded), [*HTTPError] (a 4xx or 5xx status, with
// the server's message and an HTTPStatus method), and errors wrapping
// [ErrMalformedResponse], [ErrTruncatedResponse], [ErrEmptyChoices],
// [ErrResponseTooLarge], [ErrStreamError] or [ErrBadAPIKey]. A canceled context gives an error
// wrapping context.Canceled; a bad parameter one wrapping models.ErrParam.
// An HTTPError's message is the server's own, whatever its kind (OpenAI's
// and vLLM's JSON, Ollama's, Express's, FastAPI's detail, the text of an
// HTML error page).
//
// Error texts name the endpoint, not the package: whoever runs the model
// names it (the command line's "vigia: openai: …", the title of the
// window's dialog, the model attribute of the task's record), as it does
// for every model, so the name is never said twice.
package openai
