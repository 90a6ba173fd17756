package openai

import (
	"context"
	"errors"
	"fmt"
	"net/http"
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
	return fmt.Sprintf("openai: can't reach %s (is the server running?): %v", e.URL, e.Err)
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
	return fmt.Sprintf("openai: no complete answer from %s within %s", e.URL, e.After)
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
	s := fmt.Sprintf("openai: %s: HTTP %d", e.URL, e.StatusCode)
	if t := http.StatusText(e.StatusCode); t != "" {
		s += " " + t
	}
	if e.Message != "" {
		s += ": " + e.Message
	}
	return s
}

// HTTPStatus returns the status code; metrics counts errors by it.
func (e *HTTPError) HTTPStatus() int { return e.StatusCode }
