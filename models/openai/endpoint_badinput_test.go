package openai_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"vigia/models"
	"vigia/models/openai"
)

// Bad answers that errors_test.go does not cover: what is not HTTP, bodies
// far past the limit, bad encodings, headers that never end. The
// package's TestMain checks that no goroutine is left behind.

// TestRunNotHTTP: an answer that is not HTTP (base_url pointing at some
// other server, a proxy gone wrong) is a malformed response, and the
// server's bytes quoted in the error ($KEY stands for the API key) are
// redacted like any other.
func TestRunNotHTTP(t *testing.T) {
	tests := []struct {
		name, raw string
	}{
		{"SSH banner", "SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n"},
		{"status code not a number", "HTTP/1.1 2OO OK\r\n\r\n"},
		{"unknown version", "HTTP/9 200 OK\r\n\r\n"},
		{"header without a colon", "HTTP/1.1 200 OK\r\nContent-Type application/json\r\n\r\n{}"},
		{"control byte in a header, with the key", "HTTP/1.1 200 OK\r\nContent-Type: \x10 $KEY\r\n\r\n{}"},
		{"key in the status line", "HTTP/1.1 $KEY\r\n\r\n"},
		{"bad Content-Length", "HTTP/1.1 200 OK\r\nContent-Length: $KEY\r\n\r\n{}"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, key := range []string{testKey, otherKey} {
				srv := newServer(t, raw(t, strings.ReplaceAll(tt.raw, keyMark, key)))
				m := newModel(srv, key)
				_, err := m.Run(context.Background(), models.Input{Text: "hi", Params: values(t, m, srv, nil, 0)})
				want := srv.URL + "/v1/chat/completions: malformed response: not an HTTP answer: "
				if !errors.Is(err, openai.ErrMalformedResponse) || !strings.HasPrefix(err.Error(), want) {
					t.Fatalf("got %v, want an error wrapping ErrMalformedResponse starting %q", err, want)
				}
				noLeak(t, "error", show(err)+err.Error())
			}
		})
	}
}

// TestRunHugeBody: 50 MB, streamed as fast as the client reads, is cut at
// MaxResponse: the client reads little more than that, and says why.
func TestRunHugeBody(t *testing.T) {
	const total = 50 << 20
	tests := []struct {
		name    string
		status  int
		gzipped bool // the server sends total zero bytes gzipped (about 50 KB)
		want    func(error) bool
		// maxRead is the most the server may have written (compressed):
		// what the client read, and what the socket buffers of the
		// loopback hold, several MB.
		maxRead int64
	}{
		{"2xx", 200, false, func(err error) bool { return errors.Is(err, openai.ErrResponseTooLarge) }, openai.MaxResponse + 16<<20},
		{"2xx gzip bomb", 200, true, func(err error) bool { return errors.Is(err, openai.ErrResponseTooLarge) }, 1 << 20},
		{"5xx", 500, false, func(err error) bool {
			he, ok := errors.AsType[*openai.HTTPError](err)
			return ok && he.StatusCode == 500 && len(he.Message) <= 203
		}, 16 << 20},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var written atomic.Int64
			srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
				io.Copy(io.Discard, r.Body)
				out := io.Writer(w)
				if tt.gzipped {
					w.Header().Set("Content-Encoding", "gzip")
					zw := gzip.NewWriter(countingWriter{w, &written})
					defer zw.Close()
					out = zw
				} else {
					out = countingWriter{w, &written}
				}
				w.WriteHeader(tt.status)
				chunk := []byte(`{"choices":[` + strings.Repeat(" ", 32<<10))
				if tt.gzipped {
					chunk = make([]byte, 32<<10)
				}
				for n := 0; n < total; n += len(chunk) {
					if _, err := out.Write(chunk); err != nil {
						return
					}
				}
			})
			m := newModel(srv, "")
			p := values(t, m, srv, nil, 0)
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			start := time.Now()
			_, err := m.Run(context.Background(), models.Input{Text: "hi", Params: p})
			elapsed := time.Since(start)
			runtime.ReadMemStats(&after)
			if !tt.want(err) {
				t.Fatalf("got %v", err)
			}
			if elapsed > 15*time.Second { // inflating 8 MB takes seconds under -race
				t.Errorf("Run took %v", elapsed)
			}
			srv.CloseClientConnections()
			if n := written.Load(); n > tt.maxRead {
				t.Errorf("the server wrote %d MB before the client stopped reading, want at most %d MB", n>>20, tt.maxRead>>20)
			}
			// Reading up to the 8 MB limit allocates about 21 MB (40 under
			// -race) as the buffer grows; 50 MB read whole would take
			// well over 100.
			if a := after.TotalAlloc - before.TotalAlloc; a > 64<<20 {
				t.Errorf("the call allocated %d MB", a>>20)
			}
		})
	}
}

// TestRunBadEncoding: a body that claims gzip and is not is a malformed
// response, not a failed connection; a gzip stream cut short is a
// truncated one.
func TestRunBadEncoding(t *testing.T) {
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	io.WriteString(zw, `{"choices":[{"message":{"content":"`+strings.Repeat("Hola. ", 1000)+`"}}]}`)
	zw.Close()
	good := gz.Bytes()
	corrupt := bytes.Clone(good)
	corrupt[len(corrupt)-5] ^= 0xff // the CRC-32
	tests := []struct {
		name string
		body []byte
		want error
		msg  string
	}{
		{"not gzip", []byte(`{"choices":[]}`), openai.ErrMalformedResponse, "the body is not valid gzip"},
		{"bad checksum", corrupt, openai.ErrMalformedResponse, "the body is not valid gzip"},
		{"cut short", good[:len(good)/2], openai.ErrTruncatedResponse, "truncated response"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Encoding", "gzip")
				w.Write(tt.body)
			})
			m := newModel(srv, "")
			_, err := m.Run(context.Background(), models.Input{Text: "hi", Params: values(t, m, srv, nil, 0)})
			if !errors.Is(err, tt.want) || !strings.Contains(err.Error(), tt.msg) {
				t.Fatalf("got %v, want an error wrapping %q with %q", err, tt.want, tt.msg)
			}
		})
	}
}

// TestRunSlowHeaders: headers that trickle in forever, or informational
// answers (102 Processing) that never end, are bounded by the timeout like
// silence is.
func TestRunSlowHeaders(t *testing.T) {
	tests := []struct {
		name       string
		head, tick string // written once, then once every 10ms
	}{
		{"a header that never ends", "HTTP/1.1 200 OK\r\nX-Slow: ", "a"},
		{"headers that never end", "HTTP/1.1 200 OK\r\n", "X-Slow: a\r\n"},
		{"informational answers that never end", "", "HTTP/1.1 102 Processing\r\n\r\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
				conn := rawConn(t, w, r, tt.head)
				if conn == nil {
					return
				}
				defer conn.Close()
				tick := time.NewTicker(10 * time.Millisecond)
				defer tick.Stop()
				for range tick.C {
					conn.SetWriteDeadline(time.Now().Add(time.Second))
					if _, err := io.WriteString(conn, tt.tick); err != nil {
						return
					}
				}
			})
			m := newModel(srv, "")
			const timeout = 200 * time.Millisecond
			start := time.Now()
			_, err := m.Run(context.Background(), models.Input{Text: "hi", Params: values(t, m, srv, nil, timeout)})
			elapsed := time.Since(start)
			if te, ok := errors.AsType[*openai.TimeoutError](err); !ok || te.After != timeout {
				t.Fatalf("got %v, want a *TimeoutError after %v", err, timeout)
			}
			if elapsed > timeout+time.Second {
				t.Errorf("Run took %v with a timeout of %v", elapsed, timeout)
			}
			srv.CloseClientConnections()
		})
	}
}

// raw answers every request with s, as bytes on the connection, then
// closes it.
func raw(t *testing.T, s string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if conn := rawConn(t, w, r, s); conn != nil {
			conn.Close()
		}
	}
}

// rawConn reads the request, takes its connection from the server and
// writes s on it; nil (and a test error) if the connection can't be had.
func rawConn(t *testing.T, w http.ResponseWriter, r *http.Request, s string) net.Conn {
	io.Copy(io.Discard, r.Body)
	conn, buf, err := w.(http.Hijacker).Hijack()
	if err != nil {
		t.Errorf("hijack: %v", err)
		return nil
	}
	buf.WriteString(s)
	buf.Flush()
	return conn
}

// countingWriter counts what goes through it.
type countingWriter struct {
	w io.Writer
	n *atomic.Int64
}

func (c countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n.Add(int64(n))
	return n, err
}
