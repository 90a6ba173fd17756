package openai

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"net/http"
	"regexp"
	"strings"
	"time"
)

// Errors that calls wrap when the endpoint answered with something that is
// not a usable completion, or when the key can't be sent.
var (
	ErrMalformedResponse = errors.New("malformed response")
	ErrTruncatedResponse = errors.New("truncated response")
	ErrEmptyChoices      = errors.New("response has no choices")
	ErrResponseTooLarge  = errors.New("response is too large")
	ErrBadAPIKey         = errors.New("the API key has characters an HTTP header can't carry")
)

// ConnectError is the error of a call that could not connect to the
// endpoint: connection refused, unknown host, network unreachable.
type ConnectError struct {
	URL string // the endpoint, without credentials or query
	Err error  // the cause, a *net.OpError
}

func (e *ConnectError) Error() string {
	return fmt.Sprintf("can't reach %s (is the server running?): %v", e.URL, e.Err)
}

// Unwrap returns the cause, so that errors.Is(err, syscall.ECONNREFUSED)
// holds for a refused connection.
func (e *ConnectError) Unwrap() error { return e.Err }

// TimeoutError is the error of a call that did not complete, response body
// included, within its timeout parameter (or within the Timeout of the
// http.Client given in Options).
type TimeoutError struct {
	URL   string        // the endpoint, without credentials or query
	After time.Duration // the timeout parameter; or, when the HTTPClient's own timeout ran out first, how long the call ran
}

func (e *TimeoutError) Error() string {
	return fmt.Sprintf("no complete answer from %s within %s", e.URL, e.After)
}

// Unwrap returns context.DeadlineExceeded: a timeout is counted as a
// deadline exceeded, whichever clock ran out.
func (e *TimeoutError) Unwrap() error { return context.DeadlineExceeded }

// Timeout reports true, as net.Error does for a timeout.
func (e *TimeoutError) Timeout() bool { return true }

// HTTPError is the error of a call that got a status other than 2xx.
type HTTPError struct {
	StatusCode int    // as sent by the server: 401, 404, 500…
	Message    string // the server's message, sanitised (see the package doc); may be empty
	URL        string // the endpoint, without credentials or query
}

func (e *HTTPError) Error() string {
	s := fmt.Sprintf("%s: HTTP %d", e.URL, e.StatusCode)
	t := http.StatusText(e.StatusCode)
	if t != "" {
		s += " " + t
	}
	// A message that only repeats the status ({"detail":"Not Found"}) adds
	// nothing but noise.
	if e.Message != "" && !strings.EqualFold(e.Message, t) && !strings.EqualFold(e.Message, fmt.Sprintf("%d %s", e.StatusCode, t)) {
		s += ": " + e.Message
	}
	return s
}

// HTTPStatus returns the status code; metrics counts errors by it.
func (e *HTTPError) HTTPStatus() int { return e.StatusCode }

// errorMessage finds the server's message in the body of a 4xx or 5xx
// answer, whichever kind of server wrote it:
//
//	{"error":{"message":"…","type":"…"}}       OpenAI, llama.cpp's server
//	{"error":"…"}                              Ollama
//	{"error":"Name","message":"…"}             Express, NestJS: "Name: …"
//	{"object":"error","message":"…"}           vLLM
//	{"detail":"…"}, {"detail":[{"msg":…}]}     FastAPI
//	<!DOCTYPE html>…<pre>Cannot POST …</pre>   an HTML page: its text, no tags
//	404 page not found                         plain text: as it is
//
// What it finds goes through r.message, as all text from the server: on one
// line, without control characters, secrets redacted, bounded. cut tells
// that body is only the start of a longer one.
func errorMessage(body []byte, cut bool, r redactor) string {
	if !cut {
		if msg := jsonErrorMessage(body); msg != "" {
			return r.message(msg, messageLimit)
		}
	}
	s := string(body)
	if cut {
		// The last word may be the start of a secret that redaction can't
		// recognise: drop it.
		if i := bytes.LastIndexAny(body, " \t\r\n"); i >= 0 {
			s = s[:i]
		} else {
			s = ""
		}
	}
	if looksHTML(s) {
		s = htmlText(s)
	}
	return r.message(s, rawLimit)
}

// jsonErrorMessage returns the message of a JSON error body, or "" when
// body is not JSON or holds none of the known fields.
func jsonErrorMessage(body []byte) string {
	var e struct {
		Error   json.RawMessage `json:"error"`
		Message json.RawMessage `json:"message"`
		Detail  json.RawMessage `json:"detail"`
	}
	if json.Unmarshal(body, &e) != nil {
		return ""
	}
	name, nameIsString := jsonString(e.Error)
	msg := messageText(e.Message)
	switch {
	case nameIsString && name != "" && msg != "" && name != msg:
		// Express names the error in "error" and says what happened in
		// "message": the name alone ("PayloadTooLargeError") tells little.
		return name + ": " + msg
	case jsonMessage(e.Error) != "":
		return jsonMessage(e.Error)
	case msg != "":
		return msg
	}
	return detailText(e.Detail)
}

// jsonString returns raw as a string, and whether it is one.
func jsonString(raw json.RawMessage) (string, bool) {
	var s string
	if len(raw) == 0 || json.Unmarshal(raw, &s) != nil {
		return "", false
	}
	return s, true
}

// messageText reads a top-level "message": a string, or the list of
// strings of a NestJS validation error.
func messageText(raw json.RawMessage) string {
	if s, ok := jsonString(raw); ok {
		return s
	}
	var list []string
	if len(raw) > 0 && json.Unmarshal(raw, &list) == nil {
		return strings.Join(list, "; ")
	}
	return ""
}

// detailText reads FastAPI's "detail": a string, or the list of validation
// errors of a 422, each as "body.messages: Field required".
func detailText(raw json.RawMessage) string {
	if s, ok := jsonString(raw); ok {
		return s
	}
	var list []struct {
		Loc []any  `json:"loc"`
		Msg string `json:"msg"`
	}
	if len(raw) == 0 || json.Unmarshal(raw, &list) != nil {
		return ""
	}
	var parts []string
	for _, d := range list {
		if d.Msg == "" {
			continue
		}
		loc := make([]string, len(d.Loc))
		for i, l := range d.Loc {
			loc[i] = fmt.Sprint(l)
		}
		if len(loc) > 0 {
			parts = append(parts, strings.Join(loc, ".")+": "+d.Msg)
		} else {
			parts = append(parts, d.Msg)
		}
	}
	return strings.Join(parts, "; ")
}

// htmlStart matches the start of an HTML page or fragment.
var htmlStart = regexp.MustCompile(`(?i)^\s*<(!doctype\s+html|html|head|body|title|pre|h[1-6]|p|div|center)\b`)

// looksHTML reports whether s is an HTML page rather than plain text.
func looksHTML(s string) bool { return htmlStart.MatchString(s[:min(len(s), 512)]) }

var (
	// htmlTag matches a tag (group 1 its name), a comment or a declaration.
	htmlTag = regexp.MustCompile(`(?s)<!--.*?-->|<![^>]*>|<\?[^>]*>|</?([a-zA-Z][a-zA-Z0-9]*)\b[^>]*>`)
	// htmlHidden matches the elements whose text is not shown.
	htmlHidden = regexp.MustCompile(`(?is)<(script|style|head)\b.*?</(script|style|head)\s*>`)
	// htmlPre matches the first <pre>, where Express and others put the
	// message (and, in development, the stack under it).
	htmlPre = regexp.MustCompile(`(?is)<pre\b[^>]*>(.*?)(?:</pre\s*>|$)`)
	// htmlBreak matches what ends a line inside <pre>.
	htmlBreak = regexp.MustCompile(`(?i)<br\s*/?>|\n`)
)

// blockTags are the tags that separate words; other tags are dropped
// without a space, so that a secret split by <b></b> is whole again when
// it is redacted.
var blockTags = map[string]bool{
	"address": true, "article": true, "blockquote": true, "body": true, "br": true, "center": true, "dd": true,
	"div": true, "dl": true, "dt": true, "footer": true, "h1": true, "h2": true, "h3": true, "h4": true, "h5": true,
	"h6": true, "header": true, "hr": true, "html": true, "li": true, "main": true, "nav": true, "ol": true, "p": true,
	"pre": true, "section": true, "table": true, "td": true, "th": true, "title": true, "tr": true, "ul": true,
}

// htmlText returns the text an HTML error page shows: the first line of
// its first <pre> when it has one ("Cannot POST /v2/chat/completions",
// "PayloadTooLargeError: request entity too large" above a stack), else
// the text of the page without tags, scripts and styles, entities decoded.
// It doesn't clean or bound the text: the caller's r.message does.
func htmlText(s string) string {
	if m := htmlPre.FindStringSubmatch(s); m != nil {
		for line := range strings.SplitSeq(htmlBreak.ReplaceAllString(m[1], "\n"), "\n") {
			if t := strings.TrimSpace(html.UnescapeString(htmlTag.ReplaceAllString(line, ""))); t != "" {
				return t
			}
		}
	}
	s = htmlHidden.ReplaceAllString(s, " ")
	s = htmlTag.ReplaceAllStringFunc(s, func(tag string) string {
		if m := htmlTag.FindStringSubmatch(tag); m[1] != "" && !blockTags[strings.ToLower(m[1])] {
			return ""
		}
		return " "
	})
	return html.UnescapeString(s)
}
