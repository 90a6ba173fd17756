package openai_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"vigia/metrics"
	"vigia/models"
	"vigia/models/openai"
)

func TestRunHTTPErrors(t *testing.T) {
	long := "<html><body>" + strings.Repeat("Bad gateway. ", 100) + "</body></html>"
	tests := []struct {
		name        string
		status      int
		body        string
		wantMessage string
		wantType    string // metrics.ErrorType
	}{
		{"openai style", 401, `{"error":{"message":"Incorrect API key provided","type":"invalid_request_error"}}`,
			"Incorrect API key provided", metrics.ErrorTypeHTTP4xx},
		{"ollama style", 404, `{"error":"model \"nope\" not found, try pulling it first"}`,
			`model "nope" not found, try pulling it first`, metrics.ErrorTypeHTTP4xx},
		{"vllm style", 400, `{"object":"error","message":"max_tokens is too large","code":400}`,
			"max_tokens is too large", metrics.ErrorTypeHTTP4xx},
		{"fastapi style", 422, `{"detail":"field required"}`, "field required", metrics.ErrorTypeHTTP4xx},
		{"plain text with control characters", 500, "boom\n\x1b[31mred\x00 alert\r\n", "boom [31mred alert", metrics.ErrorTypeHTTP5xx},
		{"invalid UTF-8 is dropped", 502, "bad \xff byte", "bad byte", metrics.ErrorTypeHTTP5xx},
		{"long HTML loses its tags and is cut to 200 bytes", 503, long, strings.Repeat("Bad gateway. ", 100)[:200] + "…", metrics.ErrorTypeHTTP5xx},
		{"express style", 413, `{"error":"PayloadTooLargeError","message":"request entity too large"}`,
			"PayloadTooLargeError: request entity too large", metrics.ErrorTypeHTTP4xx},
		{"express page for a wrong path", 404, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Error</title>\n</head>\n<body>\n<pre>Cannot POST /v1/chat/completions</pre>\n</body>\n</html>\n",
			"Cannot POST /v1/chat/completions", metrics.ErrorTypeHTTP4xx},
		{"empty body", 500, "", "", metrics.ErrorTypeHTTP5xx},
		{"JSON without a message", 429, `{"error":{"code":"rate_limited"}}`, `{"error":{"code":"rate_limited"}}`, metrics.ErrorTypeHTTP4xx},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
				w.WriteHeader(tt.status)
				io.WriteString(w, tt.body)
			})
			m := newModel(srv, "")
			_, err := m.Run(context.Background(), models.Input{Text: "hi", Params: values(t, m, srv, nil, 0)})
			he, ok := errors.AsType[*openai.HTTPError](err)
			if !ok {
				t.Fatalf("got %v, want an *HTTPError", err)
			}
			if he.HTTPStatus() != tt.status || he.Message != tt.wantMessage {
				t.Errorf("got status %d, message %q; want %d, %q", he.HTTPStatus(), he.Message, tt.status, tt.wantMessage)
			}
			if got := metrics.ErrorType(err); got != tt.wantType {
				t.Errorf("metrics.ErrorType = %q, want %q", got, tt.wantType)
			}
			wantText := fmt.Sprintf("%s/v1/chat/completions: HTTP %d %s", srv.URL, tt.status, http.StatusText(tt.status))
			if !strings.HasPrefix(err.Error(), wantText) || !strings.Contains(err.Error(), tt.wantMessage) {
				t.Errorf("error = %q, want it to start with %q and show %q", err, wantText, tt.wantMessage)
			}
		})
	}
}

func TestRunBadResponses(t *testing.T) {
	tests := []struct {
		name    string
		body    string
		want    error
		wantMsg string
	}{
		{"HTML", "<html>It works!</html>", openai.ErrMalformedResponse, "invalid character '<'"},
		{"empty body", "", openai.ErrMalformedResponse, "empty body"},
		{"trailing data", `{"choices":[{"message":{"content":"a"}}]} {}`, openai.ErrMalformedResponse, "data after"},
		{"wrong type", `{"choices":"none"}`, openai.ErrMalformedResponse, "cannot unmarshal"},
		{"content a number", `{"choices":[{"message":{"content":1}}]}`, openai.ErrMalformedResponse, "neither text nor"},
		{"negative usage", `{"choices":[{"message":{"content":"a"}}],"usage":{"prompt_tokens":-1}}`, openai.ErrMalformedResponse, "negative"},
		{"truncated JSON", `{"choices":[{"message":{"content":"Hola`, openai.ErrTruncatedResponse, "the JSON ends after"},
		{"empty choices", `{"choices":[]}`, openai.ErrEmptyChoices, "no choices"},
		{"null", `null`, openai.ErrEmptyChoices, "no choices"},
		{"error with status 200", `{"error":{"message":"upstream overloaded"}}`, openai.ErrEmptyChoices, "the server says: upstream overloaded"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newServer(t, func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, tt.body) })
			m := newModel(srv, "")
			res, err := m.Run(context.Background(), models.Input{Text: "hi", Params: values(t, m, srv, nil, 0)})
			if !errors.Is(err, tt.want) || !strings.Contains(err.Error(), tt.wantMsg) {
				t.Fatalf("got %v, want an error wrapping %q with %q", err, tt.want, tt.wantMsg)
			}
			if res.Text != "" || res.Data != nil {
				t.Errorf("got result %+v with the error, want none", res)
			}
		})
	}
}

func TestRunConnectionRefused(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()

	m := openai.New(openai.Options{APIKey: func() string { return testKey }})
	p := models.Values{"base_url": "http://" + addr + "/v1?key=" + otherKey}
	_, err = m.Run(context.Background(), models.Input{Text: "hi", Params: p})
	ce, ok := errors.AsType[*openai.ConnectError](err)
	if !ok || !errors.Is(err, syscall.ECONNREFUSED) {
		t.Fatalf("got %v, want a *ConnectError wrapping ECONNREFUSED", err)
	}
	want := "can't reach http://" + addr + "/v1/chat/completions (is the server running?): "
	if !strings.HasPrefix(err.Error(), want) || ce.URL != "http://"+addr+"/v1/chat/completions" {
		t.Errorf("error = %q, want it to start with %q", err, want)
	}
	noLeak(t, "error", show(err))
}

func TestRunTimeout(t *testing.T) {
	tests := []struct {
		name    string
		handler http.HandlerFunc
	}{
		{"no headers", stall},
		{"trickling body", func(w http.ResponseWriter, r *http.Request) {
			io.Copy(io.Discard, r.Body)
			w.Header().Set("Content-Type", "application/json")
			io.WriteString(w, `{"choices":[{"message":{"content":"`)
			tick := time.NewTicker(10 * time.Millisecond)
			defer tick.Stop()
			for {
				select {
				case <-r.Context().Done():
					return
				case <-tick.C:
					io.WriteString(w, "a")
					w.(http.Flusher).Flush()
				}
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := newServer(t, tt.handler)
			m := newModel(srv, "")
			const timeout = 200 * time.Millisecond
			start := time.Now()
			_, err := m.Run(context.Background(), models.Input{Text: "hi", Params: values(t, m, srv, nil, timeout)})
			elapsed := time.Since(start)
			te, ok := errors.AsType[*openai.TimeoutError](err)
			if !ok || !errors.Is(err, context.DeadlineExceeded) || te.After != timeout {
				t.Fatalf("got %v, want a *TimeoutError after %v wrapping context.DeadlineExceeded", err, timeout)
			}
			if elapsed > timeout+time.Second {
				t.Errorf("Run took %v with a timeout of %v", elapsed, timeout)
			}
			if got := metrics.ErrorType(err); got != metrics.ErrorTypeDeadlineExceeded {
				t.Errorf("metrics.ErrorType = %q, want %q", got, metrics.ErrorTypeDeadlineExceeded)
			}
			want := "no complete answer from " + srv.URL + "/v1/chat/completions within 200ms"
			if err.Error() != want {
				t.Errorf("error = %q, want %q", err, want)
			}
		})
	}
}

func TestRunHTTPClientTimeout(t *testing.T) {
	tests := []struct {
		name    string
		handler http.HandlerFunc
	}{
		{"no headers", stall},
		{"stalled body", func(w http.ResponseWriter, r *http.Request) {
			io.Copy(io.Discard, r.Body)
			io.WriteString(w, `{"choices":[`)
			w.(http.Flusher).Flush()
			<-r.Context().Done()
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newServer(t, tt.handler)
			client := srv.Client()
			client.Timeout = 100 * time.Millisecond
			m := openai.New(openai.Options{HTTPClient: client})
			_, err := m.Run(context.Background(), models.Input{Text: "hi", Params: values(t, m, srv, nil, 0)})
			te, ok := errors.AsType[*openai.TimeoutError](err)
			if !ok || !errors.Is(err, context.DeadlineExceeded) || te.After < 100*time.Millisecond || te.After > 2*time.Second {
				t.Fatalf("got %v, want a *TimeoutError after about 100ms", err)
			}
		})
	}
}

func TestRunClosedWithoutAnswer(t *testing.T) {
	srv := newServer(t, hijack(t, "", ""))
	m := newModel(srv, "")
	_, err := m.Run(context.Background(), models.Input{Text: "hi", Params: values(t, m, srv, nil, 0)})
	want := "request to " + srv.URL + "/v1/chat/completions: EOF"
	if !errors.Is(err, io.EOF) || err.Error() != want {
		t.Errorf("got %v, want %q", err, want)
	}
}

func TestRunCanceled(t *testing.T) {
	tests := []struct {
		name      string
		sendsBody bool // the server sends headers and part of the body before it stalls
	}{
		{"waiting for headers", false},
		{"reading the body", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			stalled := make(chan struct{}, 1)
			srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
				io.Copy(io.Discard, r.Body)
				if tt.sendsBody {
					io.WriteString(w, `{"choices":[`)
					w.(http.Flusher).Flush()
				}
				stalled <- struct{}{}
				<-r.Context().Done()
			})
			m := newModel(srv, "")
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			canceledAt := make(chan time.Time, 1)
			go func() {
				select {
				case <-stalled:
				case <-ctx.Done(): // Run failed early
					canceledAt <- time.Now()
					return
				}
				time.Sleep(20 * time.Millisecond) // let the client wait on the server
				canceledAt <- time.Now()
				cancel()
			}()
			_, err := m.Run(ctx, models.Input{Text: "hi", Params: values(t, m, srv, nil, 0)})
			returned := time.Now()
			cancel()
			if !errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
				t.Fatalf("got %v, want an error wrapping context.Canceled only", err)
			}
			if d := returned.Sub(<-canceledAt); d > 500*time.Millisecond {
				t.Errorf("Run returned %v after the cancel, want promptly", d)
			}
			if got := metrics.ErrorType(err); got != metrics.ErrorTypeCanceled {
				t.Errorf("metrics.ErrorType = %q, want %q", got, metrics.ErrorTypeCanceled)
			}
		})
	}
}

func TestRunCallerDeadline(t *testing.T) {
	srv := newServer(t, stall)
	m := newModel(srv, "")
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	_, err := m.Run(ctx, models.Input{Text: "hi", Params: values(t, m, srv, nil, 0)})
	if _, isTimeout := errors.AsType[*openai.TimeoutError](err); isTimeout || !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("got %v, want the caller's context.DeadlineExceeded, not a *TimeoutError", err)
	}
}

// stall answers nothing until the client goes away. It reads the request
// first: the server notices a closed connection only once the body is read.
func stall(w http.ResponseWriter, r *http.Request) {
	io.Copy(io.Discard, r.Body)
	<-r.Context().Done()
}

// hijack answers with head (status line and headers) and body, raw, then
// closes the connection; with no head, it closes it at once.
func hijack(t *testing.T, head, body string) http.HandlerFunc {
	if head == "" {
		return raw(t, "")
	}
	return raw(t, head+"\r\n"+body)
}

func TestRunConnectionClosedMidBody(t *testing.T) {
	body := `{"choices":[{"message":{"content":"Hola, mun`
	tests := []struct {
		name, head, body string
	}{
		{"content length", fmt.Sprintf("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n", len(body)+100), body},
		{"chunked", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n", fmt.Sprintf("%x\r\n%s\r\n", len(body), body)},
		{"close delimited", "HTTP/1.1 200 OK\r\nConnection: close\r\n", body},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newServer(t, hijack(t, tt.head, tt.body))
			m := newModel(srv, "")
			_, err := m.Run(context.Background(), models.Input{Text: "hi", Params: values(t, m, srv, nil, 0)})
			if !errors.Is(err, openai.ErrTruncatedResponse) {
				t.Fatalf("got %v, want an error wrapping ErrTruncatedResponse", err)
			}
		})
	}
}

func TestRunResponseTooLarge(t *testing.T) {
	tests := []struct {
		name    string
		handler http.HandlerFunc
	}{
		{"declared length", hijack(t, fmt.Sprintf("HTTP/1.1 200 OK\r\nContent-Length: %d\r\n", openai.MaxResponse+1), "{")},
		{"endless body", func(w http.ResponseWriter, r *http.Request) {
			chunk := []byte(`{"choices":[` + strings.Repeat(" ", 64<<10))
			for i := 0; i < 2*openai.MaxResponse/len(chunk); i++ {
				if _, err := w.Write(chunk); err != nil {
					return
				}
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newServer(t, tt.handler)
			m := newModel(srv, "")
			_, err := m.Run(context.Background(), models.Input{Text: "hi", Params: values(t, m, srv, nil, 0)})
			if !errors.Is(err, openai.ErrResponseTooLarge) || !strings.Contains(err.Error(), "the limit is 8 MB") {
				t.Fatalf("got %v, want an error wrapping ErrResponseTooLarge", err)
			}
		})
	}
}

func TestRunKeepAlive(t *testing.T) {
	// A body read to its end leaves the connection reusable: many calls,
	// one connection.
	var conns atomic.Int32
	srv := httptest.NewUnstartedServer(chatHandler(nil))
	srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			conns.Add(1)
		}
	}
	srv.Start()
	t.Cleanup(srv.Close)
	m := newModel(srv, "")
	p := values(t, m, srv, nil, 0)
	for range 20 {
		if _, err := m.Run(context.Background(), models.Input{Text: "hi", Params: p}); err != nil {
			t.Fatal(err)
		}
	}
	if got := conns.Load(); got != 1 {
		t.Errorf("20 calls used %d connections, want 1", got)
	}
}
