package openai

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"vigia/models"
)

// Completion is the Data of a Result: what the server said about the
// completion besides its text.
type Completion struct {
	Model        string        `json:"model"`              // the model that answered, as the server names it
	RequestModel string        `json:"request_model"`      // the model asked for (the model parameter)
	Provider     string        `json:"provider,omitempty"` // gen_ai.provider.name when the endpoint tells ("openai"), else empty
	FinishReason string        `json:"finish_reason"`      // "stop", "length"…; empty when not given
	Usage        *models.Usage `json:"usage,omitempty"`    // nil when the server sent no usage
	// Timing is what Run measured; nil from the parser alone.
	Timing *Timing `json:"timing,omitempty"`
}

type chatRequest struct {
	Model    string    `json:"model"`
	Messages []message `json:"messages"`
	Stream   bool      `json:"stream,omitempty"`
	// StreamOptions asks for usage in the last chunk; sent with Stream.
	StreamOptions *streamOptions `json:"stream_options,omitempty"`
	MaxTokens     int            `json:"max_tokens,omitempty"`
	Temperature   *float64       `json:"temperature,omitempty"`
}

type streamOptions struct {
	IncludeUsage bool `json:"include_usage"`
}

type message struct {
	Role    string `json:"role"`
	Content string `json:"content"`
}

// The response types are named, not anonymous, so that a decoding error
// names them readably.
type chatResponse struct {
	Model   string   `json:"model"`
	Choices []choice `json:"choices"`
	Usage   *usage   `json:"usage"`
	// Error is set by servers that report a failure with a 2xx status.
	Error json.RawMessage `json:"error"`
}

type choice struct {
	Message struct {
		// Content is a string, null, or (in some servers) a list of parts;
		// see contentText.
		Content json.RawMessage `json:"content"`
	} `json:"message"`
	FinishReason string `json:"finish_reason"`
}

type usage struct {
	PromptTokens     int `json:"prompt_tokens"`
	CompletionTokens int `json:"completion_tokens"`
}

func (u *usage) models() *models.Usage {
	return &models.Usage{PromptTokens: u.PromptTokens, CompletionTokens: u.CompletionTokens}
}

// parseResponse turns the body of a 2xx response into a Result. Its errors
// wrap ErrTruncatedResponse, ErrMalformedResponse or ErrEmptyChoices; text
// from the server in them, and in the Result, goes through r.
func parseResponse(body []byte, r redactor) (models.Result, error) {
	var resp chatResponse
	dec := json.NewDecoder(bytes.NewReader(body))
	switch err := dec.Decode(&resp); {
	case err == io.EOF:
		return models.Result{}, fmt.Errorf("%w: empty body", ErrMalformedResponse)
	case errors.Is(err, io.ErrUnexpectedEOF):
		return models.Result{}, fmt.Errorf("%w: the JSON ends after %d bytes", ErrTruncatedResponse, len(body))
	case err != nil:
		// The decoder's text may quote the body: it is redacted, and so not
		// wrapped.
		return models.Result{}, fmt.Errorf("%w: %s", ErrMalformedResponse, r.message(err.Error(), messageLimit))
	}
	if _, err := dec.Token(); err != io.EOF {
		return models.Result{}, fmt.Errorf("%w: data after the JSON object", ErrMalformedResponse)
	}
	if len(resp.Choices) == 0 {
		if msg := jsonMessage(resp.Error); msg != "" {
			return models.Result{}, fmt.Errorf("%w; the server says: %s", ErrEmptyChoices, r.message(msg, messageLimit))
		}
		return models.Result{}, ErrEmptyChoices
	}
	first := resp.Choices[0]
	text, err := contentText(first.Message.Content)
	if err != nil {
		return models.Result{}, err
	}
	c := Completion{Model: r.literal(resp.Model), FinishReason: r.literal(first.FinishReason)}
	if u := resp.Usage; u != nil {
		if u.PromptTokens < 0 || u.CompletionTokens < 0 {
			return models.Result{}, fmt.Errorf("%w: negative token count in usage", ErrMalformedResponse)
		}
		c.Usage = u.models()
	}
	return models.Result{Text: r.literal(text), Data: c, Usage: c.Usage}, nil
}

// contentText reads a message's content: a string, null (a reply with no
// text, which is not an error), or a list of parts whose text parts are
// joined.
func contentText(raw json.RawMessage) (string, error) {
	if len(raw) == 0 || string(raw) == "null" {
		return "", nil
	}
	var s string
	if err := json.Unmarshal(raw, &s); err == nil {
		return s, nil
	}
	var parts []struct {
		Type string `json:"type"`
		Text string `json:"text"`
	}
	if err := json.Unmarshal(raw, &parts); err != nil {
		return "", fmt.Errorf("%w: message content is neither text nor a list of parts", ErrMalformedResponse)
	}
	var b bytes.Buffer
	for _, p := range parts {
		if p.Type == "text" || p.Type == "" {
			b.WriteString(p.Text)
		}
	}
	return b.String(), nil
}

// jsonMessage returns raw when it is a JSON string, or its "message" when it
// is an object with one, else "".
func jsonMessage(raw json.RawMessage) string {
	if len(raw) == 0 {
		return ""
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	var o struct {
		Message string `json:"message"`
	}
	if json.Unmarshal(raw, &o) == nil {
		return o.Message
	}
	return ""
}
