// Package otlptest is an OTLP/HTTP collector inside the test process: an
// httptest server that decodes what the OpenTelemetry exporters send
// (http/protobuf, plain or gzipped) and keeps it for the test to read. It
// can also answer with an error, or not at all, to play a collector that
// is down or slow.
package otlptest

import (
	"bytes"
	"compress/gzip"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	collogspb "go.opentelemetry.io/proto/otlp/collector/logs/v1"
	colmetricspb "go.opentelemetry.io/proto/otlp/collector/metrics/v1"
	coltracepb "go.opentelemetry.io/proto/otlp/collector/trace/v1"
	commonpb "go.opentelemetry.io/proto/otlp/common/v1"
	logspb "go.opentelemetry.io/proto/otlp/logs/v1"
	metricspb "go.opentelemetry.io/proto/otlp/metrics/v1"
	resourcepb "go.opentelemetry.io/proto/otlp/resource/v1"
	tracepb "go.opentelemetry.io/proto/otlp/trace/v1"
	"google.golang.org/protobuf/proto"
)

// Collector is a fake OTLP/HTTP collector. Its methods are safe for
// concurrent use.
type Collector struct {
	// URL is the base URL, as OTEL_EXPORTER_OTLP_ENDPOINT takes it:
	// http://127.0.0.1:PORT. The signals are posted to /v1/traces, /v1/logs
	// and /v1/metrics.
	URL string

	addr string // host:port of URL, which Up listens on again

	mu       sync.Mutex
	srv      *httptest.Server // nil while Down
	requests []Request
	spans    []Span
	logs     []Log
	metrics  []Metric
	status   int           // answer with it; 0 is 200
	block    chan struct{} // requests wait for it to close; nil answers at once
	closed   bool
}

// Request is one request the collector received.
type Request struct {
	Path   string
	Header http.Header
	// Took is how long the request lasted, until answered or given up by
	// its client; 0 while it lasts.
	Took time.Duration
}

// Span is one span received, with its resource and scope.
type Span struct {
	*tracepb.Span
	Resource *resourcepb.Resource
	Scope    *commonpb.InstrumentationScope
}

// Log is one log record received, with its resource and scope.
type Log struct {
	*logspb.LogRecord
	Resource *resourcepb.Resource
	Scope    *commonpb.InstrumentationScope
}

// Metric is one metric received, with its resource and scope.
type Metric struct {
	*metricspb.Metric
	Resource *resourcepb.Resource
	Scope    *commonpb.InstrumentationScope
}

// Start starts a collector on a loopback port; it is closed when the test
// ends.
func Start(t testing.TB) *Collector {
	c := New()
	t.Cleanup(c.Close)
	return c
}

// New starts a collector on a loopback port; the caller closes it.
func New() *Collector {
	c := &Collector{}
	c.srv = httptest.NewServer(http.HandlerFunc(c.serve))
	c.URL = c.srv.URL
	c.addr = c.srv.Listener.Addr().String()
	return c
}

// Close unblocks the requests waiting, closes the connections and stops
// the server. It is safe to call more than once.
func (c *Collector) Close() {
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		return
	}
	c.closed = true
	if c.block != nil {
		close(c.block)
		c.block = nil
	}
	srv := c.srv
	c.srv = nil
	c.mu.Unlock()
	if srv != nil {
		srv.CloseClientConnections()
		srv.Close()
	}
}

// Down stops the collector as a killed process stops: the connections are
// closed, requests in flight get no answer, and new ones are refused until
// Up. What it kept stays readable.
func (c *Collector) Down() {
	c.mu.Lock()
	srv := c.srv
	c.srv = nil
	c.mu.Unlock()
	if srv != nil {
		srv.CloseClientConnections()
		srv.Close()
	}
}

// Up starts a collector that is Down again, on the same port.
func (c *Collector) Up(t testing.TB) {
	t.Helper()
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.srv != nil || c.closed {
		return
	}
	l, err := net.Listen("tcp", c.addr)
	if err != nil {
		t.Fatalf("otlptest: listen on %s again: %v", c.addr, err)
	}
	c.srv = &httptest.Server{Listener: l, Config: &http.Server{Handler: http.HandlerFunc(c.serve)}}
	c.srv.Start()
}

// Block makes the requests from now on wait, unanswered, until Unblock,
// Close or their client gives up: a collector that hangs.
func (c *Collector) Block() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.block == nil && !c.closed {
		c.block = make(chan struct{})
	}
}

// Unblock answers the requests waiting, and the next ones at once.
func (c *Collector) Unblock() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.block != nil {
		close(c.block)
		c.block = nil
	}
}

// Fail makes the collector answer every request with status, without
// keeping what it holds; 0 (or 200) makes it answer normally again.
func (c *Collector) Fail(status int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.status = status
}

func (c *Collector) serve(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	c.mu.Lock()
	block, status := c.block, c.status
	i := len(c.requests)
	c.requests = append(c.requests, Request{Path: r.URL.Path, Header: r.Header.Clone()})
	c.mu.Unlock()
	defer func() {
		c.mu.Lock()
		c.requests[i].Took = max(time.Since(start), 1)
		c.mu.Unlock()
	}()
	// The body is read first: only then does the server notice a client
	// that gives up, and end the request's context.
	raw, err := io.ReadAll(r.Body)
	if block != nil {
		select {
		case <-block:
		case <-r.Context().Done():
			return
		}
	}
	if status != 0 && status != http.StatusOK {
		http.Error(w, "failing on purpose", status)
		return
	}
	b := raw
	if err == nil && strings.EqualFold(r.Header.Get("Content-Encoding"), "gzip") {
		var zr *gzip.Reader
		if zr, err = gzip.NewReader(bytes.NewReader(raw)); err == nil {
			b, err = io.ReadAll(zr)
		}
	}
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	if err := c.keep(r.URL.Path, b); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	w.Header().Set("Content-Type", "application/x-protobuf")
	w.WriteHeader(http.StatusOK)
}

// keep decodes one request's body and keeps what it holds.
func (c *Collector) keep(path string, b []byte) error {
	// The path ends with the signal's name, whatever comes before it: a
	// per-signal endpoint variable is taken whole.
	switch {
	case strings.HasSuffix(path, "traces"):
		var req coltracepb.ExportTraceServiceRequest
		if err := proto.Unmarshal(b, &req); err != nil {
			return err
		}
		c.mu.Lock()
		defer c.mu.Unlock()
		for _, rs := range req.ResourceSpans {
			for _, ss := range rs.ScopeSpans {
				for _, s := range ss.Spans {
					c.spans = append(c.spans, Span{Span: s, Resource: rs.Resource, Scope: ss.Scope})
				}
			}
		}
	case strings.HasSuffix(path, "logs"):
		var req collogspb.ExportLogsServiceRequest
		if err := proto.Unmarshal(b, &req); err != nil {
			return err
		}
		c.mu.Lock()
		defer c.mu.Unlock()
		for _, rl := range req.ResourceLogs {
			for _, sl := range rl.ScopeLogs {
				for _, l := range sl.LogRecords {
					c.logs = append(c.logs, Log{LogRecord: l, Resource: rl.Resource, Scope: sl.Scope})
				}
			}
		}
	case strings.HasSuffix(path, "metrics"):
		var req colmetricspb.ExportMetricsServiceRequest
		if err := proto.Unmarshal(b, &req); err != nil {
			return err
		}
		c.mu.Lock()
		defer c.mu.Unlock()
		for _, rm := range req.ResourceMetrics {
			for _, sm := range rm.ScopeMetrics {
				for _, m := range sm.Metrics {
					c.metrics = append(c.metrics, Metric{Metric: m, Resource: rm.Resource, Scope: sm.Scope})
				}
			}
		}
	}
	return nil
}

// Requests returns the requests received so far, in order.
func (c *Collector) Requests() []Request {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]Request(nil), c.requests...)
}

// Spans returns the spans received so far, in order.
func (c *Collector) Spans() []Span {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]Span(nil), c.spans...)
}

// Logs returns the log records received so far, in order.
func (c *Collector) Logs() []Log {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]Log(nil), c.logs...)
}

// Metrics returns the metrics received so far, in order: each export
// sends every metric again.
func (c *Collector) Metrics() []Metric {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]Metric(nil), c.metrics...)
}

// Wait polls cond until it holds, and fails the test after 15 s.
func Wait(t testing.TB, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("waited 15 s for %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// Attr returns the value of the attribute key in kvs.
func Attr(kvs []*commonpb.KeyValue, key string) (*commonpb.AnyValue, bool) {
	for _, kv := range kvs {
		if kv.GetKey() == key {
			return kv.GetValue(), true
		}
	}
	return nil, false
}

// String returns the attribute key of kvs as text: a string as it is,
// other kinds as protobuf's text form; "" when absent.
func String(kvs []*commonpb.KeyValue, key string) string {
	v, ok := Attr(kvs, key)
	if !ok {
		return ""
	}
	if s, ok := v.GetValue().(*commonpb.AnyValue_StringValue); ok {
		return s.StringValue
	}
	switch x := v.GetValue().(type) {
	case *commonpb.AnyValue_IntValue:
		return strconv.FormatInt(x.IntValue, 10)
	case *commonpb.AnyValue_DoubleValue:
		return strconv.FormatFloat(x.DoubleValue, 'g', -1, 64)
	case *commonpb.AnyValue_BoolValue:
		return strconv.FormatBool(x.BoolValue)
	}
	return v.String()
}
