package openai_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"vigia/models"
	"vigia/models/openai"
)

// answer is what the fuzz server sends to the next request.
type answer struct {
	status      int
	contentType string
	body        []byte
	flags       uint8
}

// Flags of an answer.
const (
	flagOtherKey   = 1 << iota // $KEY stands for otherKey rather than testKey
	flagShortBody              // declare a Content-Length longer than the body, then close
	flagGzip                   // send the body gzipped, with Content-Encoding: gzip
	flagFalseGzip              // claim Content-Encoding: gzip for a body that is not
	flagEchoHeader             // add the request's headers, Authorization included, to the body
)

// keyMark is where an answer's body and content type get the API key.
const keyMark = "$KEY"

// FuzzEndpointResponse runs the model against a server that answers an
// arbitrary status, content type and body, sometimes with a bad length or
// encoding, and with the API key wherever the input says $KEY. Run must
// return promptly with a result (2xx only) or a typed error: *HTTPError for
// a status other than 2xx, an error wrapping one of the package's
// sentinels for a bad 2xx answer or for headers that can't be read; never
// a panic, and never the key.
// FuzzParseResponse covers the parser alone, faster. Seeds are in
// testdata/fuzz/FuzzEndpointResponse.
func FuzzEndpointResponse(f *testing.F) {
	ok := `{"model":"m","choices":[{"message":{"content":"hi"},"finish_reason":"stop"}],"usage":{"prompt_tokens":1,"completion_tokens":2}}`
	for _, a := range []answer{
		{200, "application/json", []byte(ok), 0},
		{200, "application/json", []byte(ok), flagGzip},
		{200, "application/json", []byte(ok), flagShortBody},
		{200, "application/json", []byte(ok), flagFalseGzip},
		{200, "application/json; charset=utf-8", []byte(`{"choices":[{"message":{"content":"your key is $KEY"}}],"model":"$KEY"}`), 0},
		{200, "text/html", []byte("<html>It works!</html>"), 0},
		{200, "", []byte(`{"error":{"message":"bad key $KEY"}}`), flagOtherKey},
		{200, "application/json", []byte(`{"choices":[`), flagEchoHeader},
		{204, "", nil, 0},
		{206, "application/json", []byte(ok[:40]), 0},
		{301, "text/plain", []byte("moved"), 0},
		{401, "application/json", []byte(`{"error":{"message":"Incorrect API key provided: $KEY"}}`), 0},
		{403, "text/plain", nil, flagEchoHeader},
		{404, "application/json", []byte(`{"error":"model \"x\" not found"}`), flagGzip},
		{429, "application/json", []byte(`{"error":{"code":"rate_limited"}}`), flagShortBody},
		{500, "text/plain; charset=latin1", []byte("boom \xff\x00 \x1b[31m $KEY"), flagOtherKey},
		{502, "text/html", []byte("<html>Bad gateway</html>"), flagFalseGzip},
		{999, "x/y", []byte("?"), 0},
		{100, "", []byte(ok), 0},
	} {
		f.Add(uint16(a.status), a.contentType, a.body, a.flags)
	}

	var next atomic.Pointer[answer]
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		a := next.Load()
		key := testKey
		if a.flags&flagOtherKey != 0 {
			key = otherKey
		}
		body := bytes.ReplaceAll(a.body, []byte(keyMark), []byte(key))
		if a.flags&flagEchoHeader != 0 {
			var b bytes.Buffer
			r.Header.Write(&b)
			body = append(body, b.Bytes()...)
		}
		h := w.Header()
		h.Set("Content-Type", strings.ReplaceAll(a.contentType, keyMark, key))
		switch {
		case a.flags&flagGzip != 0:
			var b bytes.Buffer
			zw := gzip.NewWriter(&b)
			zw.Write(body)
			zw.Close()
			body = b.Bytes()
			h.Set("Content-Encoding", "gzip")
		case a.flags&flagFalseGzip != 0:
			h.Set("Content-Encoding", "gzip")
		}
		if a.flags&flagShortBody != 0 {
			h.Set("Content-Length", strconv.Itoa(len(body)+1+int(a.flags>>5)))
		}
		w.WriteHeader(a.status)
		w.Write(body)
	}))
	f.Cleanup(srv.Close)

	f.Fuzz(func(t *testing.T, status uint16, contentType string, body []byte, flags uint8) {
		// WriteHeader takes 100 to 999; 1xx other than 101 are
		// informational, and the 200 after them is the answer.
		code := int(status)
		if code < 100 || code > 999 {
			code = 100 + code%900
		}
		a := &answer{status: code, contentType: contentType, body: body, flags: flags}
		next.Store(a)
		key := testKey
		if flags&flagOtherKey != 0 {
			key = otherKey
		}
		m := openai.New(openai.Options{HTTPClient: srv.Client(), APIKey: func() string { return key }})
		p := values(t, m, srv, nil, 5*time.Second)
		start := time.Now()
		res, err := m.Run(context.Background(), models.Input{Text: "hi", Params: p})
		if d := time.Since(start); d > 3*time.Second {
			t.Errorf("Run took %v", d)
		}
		final := a.status
		if final < 200 && final != 101 {
			final = 200
		}
		b, _ := json.Marshal(res)
		noLeak(t, "result", show(res)+string(b))
		if err == nil {
			if final < 200 || final > 299 {
				t.Fatalf("status %d gave a result %+v, want an *HTTPError", a.status, res)
			}
			if _, ok := res.Data.(openai.Completion); !ok {
				t.Fatalf("Data is %T, want Completion", res.Data)
			}
			return
		}
		noLeak(t, "error", show(err)+err.Error())
		if res.Text != "" || res.Data != nil || res.Usage != nil {
			t.Errorf("result %+v with error %v", res, err)
		}
		// net/http's server drops Content-Type from a 304 (RFC 7232,
		// 4.1): a bad value is sent with any other status.
		if badHeaderValue(contentType) && a.status != http.StatusNotModified {
			// The client can't read the headers, status included.
			if !errors.Is(err, openai.ErrMalformedResponse) || !strings.Contains(err.Error(), "not an HTTP answer") {
				t.Fatalf("content type %q gave %v, want a malformed response", contentType, err)
			}
			return
		}
		if he, ok := errors.AsType[*openai.HTTPError](err); ok {
			if he.StatusCode != final || final >= 200 && final <= 299 {
				t.Fatalf("status %d gave %v", a.status, err)
			}
			if len(he.Message) > 600 || strings.ContainsAny(he.Message, "\r\n\x00") {
				t.Errorf("HTTPError message is not one short line: %q", he.Message)
			}
			return
		}
		if final < 200 || final > 299 {
			t.Fatalf("status %d gave %v, want an *HTTPError", a.status, err)
		}
		for _, sentinel := range []error{openai.ErrMalformedResponse, openai.ErrTruncatedResponse, openai.ErrEmptyChoices, openai.ErrResponseTooLarge, openai.ErrStreamError} {
			if errors.Is(err, sentinel) {
				return
			}
		}
		t.Fatalf("status %d, flags %#x: error %q (%T) has no type of its own", a.status, flags, err, err)
	})
}

// badHeaderValue reports whether net/http refuses to read a header holding
// v: a control byte other than tab (the server sends CR and LF as spaces).
func badHeaderValue(v string) bool {
	return strings.ContainsFunc(v, func(r rune) bool {
		return r < 0x20 && r != '\t' && r != '\r' && r != '\n' || r == 0x7f
	})
}
