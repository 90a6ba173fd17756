package e2e

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// The OpenTelemetry Collector of these tests is a real one, built from the
// Collector's own modules in e2e/otelcol (its own Go module, never a
// dependency of the app): the OTLP receiver, over HTTP and gRPC, feeds the
// jsonlines exporter, which writes every batch as one line of OTLP JSON to
// traces.jsonl, logs.jsonl or metrics.jsonl and the request's headers to
// requests.jsonl. The harness below builds it once, starts one per test and
// reads those files back into the small types below.
//
// A test that checks what the app exports:
//
//	c := startCollector(t)
//	vigia(t, []string{"OTEL_EXPORTER_OTLP_ENDPOINT=" + c.Endpoint}, "run", …)
//	c.WaitFor(t, "the task's span", 10*time.Second, func() bool { return len(c.Spans(t)) > 0 })
//	span := c.Spans(t)[0] // span.Name, span.Attributes["…"], span.Resource["service.name"]

// collector is a running vigia-otelcol, killed when its test ends.
type collector struct {
	// Endpoint is the OTLP/HTTP base URL, http://127.0.0.1:PORT: the value
	// for OTEL_EXPORTER_OTLP_ENDPOINT; the signals go to /v1/traces,
	// /v1/logs and /v1/metrics under it.
	Endpoint string
	// GRPCEndpoint is the OTLP/gRPC URL, http://127.0.0.1:PORT (plaintext):
	// the value for OTEL_EXPORTER_OTLP_ENDPOINT with
	// OTEL_EXPORTER_OTLP_PROTOCOL=grpc.
	GRPCEndpoint string
	// Dir holds traces.jsonl, logs.jsonl, metrics.jsonl and requests.jsonl.
	Dir string

	output *lockedBuffer

	// bin and configPath start the collector again, on the same ports
	// (Restart); mu guards proc and exited, the process running now.
	bin, configPath string
	httpAddr        string
	grpcAddr        string
	mu              sync.Mutex
	proc            *exec.Cmd
	exited          chan error
}

// Span is a span as the collector received it.
type Span struct {
	TraceID, SpanID, ParentSpanID string // lowercase hex; ParentSpanID is "" for a root
	Name                          string
	Kind                          string // "unspecified", "internal", "server", "client", "producer" or "consumer"
	Start, End                    time.Time
	Attributes                    map[string]any
	Events                        []SpanEvent
	StatusCode                    string // "unset", "ok" or "error"
	StatusMessage                 string
	Scope                         Scope
	Resource                      map[string]any
}

// SpanEvent is an event of a span.
type SpanEvent struct {
	Name       string
	Time       time.Time
	Attributes map[string]any
}

// LogRecord is a log record as the collector received it.
type LogRecord struct {
	Time, ObservedTime time.Time
	SeverityNumber     int // 9 is INFO, 13 WARN, 17 ERROR
	SeverityText       string
	Body               any
	EventName          string
	Attributes         map[string]any
	TraceID, SpanID    string // lowercase hex, "" when the record has none
	Scope              Scope
	Resource           map[string]any
}

// Metric is one metric of one batch as the collector received it.
type Metric struct {
	Name, Description, Unit string
	Type                    string // "gauge", "sum", "histogram", "exponentialHistogram" or "summary"
	Temporality             string // "cumulative", "delta", or "" for a gauge or summary
	Monotonic               bool   // for a sum
	Points                  []Point
	Scope                   Scope
	Resource                map[string]any
}

// Point is a data point of a metric. Value is that of a gauge or sum (an
// integer point as a float64); Count, Sum, Min, Max, BucketCounts and
// Bounds are those of a histogram (Count and Sum also of a summary).
type Point struct {
	Attributes   map[string]any
	Start, Time  time.Time
	Value        float64
	Count        uint64
	Sum          float64
	Min, Max     float64
	BucketCounts []uint64
	Bounds       []float64
}

// Scope is the instrumentation scope that produced an item.
type Scope struct{ Name, Version string }

// Resource is the resource of one batch of one signal.
type Resource struct {
	Signal     string // "traces", "logs" or "metrics"
	Attributes map[string]any
}

// Request is what the receiver saw of one request that brought a batch.
type Request struct {
	Signal string      // "traces", "logs" or "metrics"
	Header http.Header // every header, Authorization included
}

// otelcolBuild is the collector binary, built once per test process.
var otelcolBuild struct {
	once sync.Once
	path string
	err  error
}

// otelcolBinary returns the path of vigia-otelcol. It is kept in the
// user's cache directory under a name that hashes e2e/otelcol's sources, so
// only a change of them (or of Go) builds it again, which takes minutes
// from a cold Go build cache.
func otelcolBinary(t *testing.T) string {
	t.Helper()
	otelcolBuild.once.Do(func() {
		start := time.Now()
		var built bool
		otelcolBuild.path, built, otelcolBuild.err = buildOtelcol()
		if built {
			t.Logf("built %s in %s", otelcolBuild.path, time.Since(start).Round(time.Millisecond))
		}
	})
	if otelcolBuild.err != nil {
		t.Fatal(otelcolBuild.err)
	}
	return otelcolBuild.path
}

func buildOtelcol() (path string, built bool, err error) {
	src, err := filepath.Abs("otelcol")
	if err != nil {
		return "", false, err
	}
	entries, err := os.ReadDir(src)
	if err != nil {
		return "", false, err
	}
	h := sha256.New()
	fmt.Fprintln(h, runtime.Version(), runtime.GOOS, runtime.GOARCH)
	for _, e := range entries {
		n := e.Name()
		if e.IsDir() || !(n == "go.mod" || n == "go.sum" || strings.HasSuffix(n, ".go") && !strings.HasSuffix(n, "_test.go")) {
			continue
		}
		b, err := os.ReadFile(filepath.Join(src, n))
		if err != nil {
			return "", false, err
		}
		fmt.Fprintf(h, "%s %d\n", n, len(b))
		h.Write(b)
	}
	cache, err := os.UserCacheDir()
	if err != nil {
		cache = os.TempDir()
	}
	dir := filepath.Join(cache, "vigia-e2e")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", false, err
	}
	path = filepath.Join(dir, fmt.Sprintf("vigia-otelcol-%x", h.Sum(nil)[:8]))
	if fi, err := os.Stat(path); err == nil && fi.Mode().IsRegular() {
		return path, false, nil
	}
	// Another test process may build at the same time: each builds to its
	// own file and renames it into place, which is atomic.
	tmp := fmt.Sprintf("%s.tmp%d", path, os.Getpid())
	cmd := exec.Command("go", "build", "-buildvcs=false", "-o", tmp, ".")
	cmd.Dir = src
	cmd.Env = append(os.Environ(), "GOWORK=off")
	if out, err := cmd.CombinedOutput(); err != nil {
		os.Remove(tmp)
		return "", false, fmt.Errorf("building the collector (cd e2e/otelcol && go build): %v\n%s", err, out)
	}
	if err := os.Rename(tmp, path); err != nil {
		return "", false, err
	}
	// Builds of older sources (about 55 MB each) go after a week unused.
	old, _ := filepath.Glob(filepath.Join(dir, "vigia-otelcol-*"))
	for _, o := range old {
		if fi, err := os.Stat(o); err == nil && o != path && time.Since(fi.ModTime()) > 7*24*time.Hour {
			os.Remove(o)
		}
	}
	return path, true, nil
}

// errPortTaken is a start that lost its port to another process between
// freePorts and the collector's listen.
var errPortTaken = errors.New("a port was taken")

// startCollector starts a collector for t, on free loopback ports, writing
// to a directory of t's, and returns once its OTLP ports accept connections.
// Set VIGIA_OTELCOL_DEBUG=1 to have it also print everything it receives
// (its debug exporter), shown with its output when the test fails.
func startCollector(t *testing.T) *collector {
	t.Helper()
	bin := otelcolBinary(t)
	for attempt := 1; ; attempt++ {
		c, err := tryCollector(t, bin)
		if err == nil {
			return c
		}
		if attempt == 3 || !errors.Is(err, errPortTaken) {
			t.Fatal(err)
		}
		t.Logf("%v; trying other ports", err)
	}
}

func tryCollector(t *testing.T, bin string) (*collector, error) {
	t.Helper()
	ports := freePorts(t, 2)
	httpAddr := "127.0.0.1:" + strconv.Itoa(ports[0])
	grpcAddr := "127.0.0.1:" + strconv.Itoa(ports[1])
	c := &collector{
		Endpoint:     "http://" + httpAddr,
		GRPCEndpoint: "http://" + grpcAddr,
		Dir:          t.TempDir(),
		output:       &lockedBuffer{},
	}
	exporters := "[jsonlines]"
	debug := ""
	if os.Getenv("VIGIA_OTELCOL_DEBUG") != "" {
		exporters = "[jsonlines, debug]"
		debug = "  debug:\n    verbosity: detailed\n"
	}
	// A JSON string is a YAML double-quoted string.
	dirJSON, _ := json.Marshal(c.Dir)
	config := fmt.Sprintf(`receivers:
  otlp:
    protocols:
      http:
        endpoint: %s
        include_metadata: true
      grpc:
        endpoint: %s
        include_metadata: true
exporters:
  jsonlines:
    directory: %s
%sservice:
  telemetry:
    metrics:
      level: none
  pipelines:
    traces:
      receivers: [otlp]
      exporters: %[5]s
    logs:
      receivers: [otlp]
      exporters: %[5]s
    metrics:
      receivers: [otlp]
      exporters: %[5]s
`, httpAddr, grpcAddr, dirJSON, debug, exporters)
	configPath := filepath.Join(t.TempDir(), "otelcol.yaml")
	if err := os.WriteFile(configPath, []byte(config), 0o600); err != nil {
		t.Fatal(err)
	}

	c.bin, c.configPath, c.httpAddr, c.grpcAddr = bin, configPath, httpAddr, grpcAddr
	t.Cleanup(func() {
		c.Stop(t)
		if t.Failed() {
			t.Logf("the collector's output:\n%s", tail(c.output.String()))
		}
	})
	if err := c.start(t); err != nil {
		return nil, err
	}
	return c, nil
}

// start runs the collector's process with c's configuration and returns
// once its OTLP ports accept connections.
func (c *collector) start(t *testing.T) error {
	t.Helper()
	cmd := exec.Command(c.bin, "--config", c.configPath)
	cmd.Stdout, cmd.Stderr = c.output, c.output
	if err := cmd.Start(); err != nil {
		t.Fatalf("starting the collector: %v", err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	c.mu.Lock()
	c.proc, c.exited = cmd, exited
	c.mu.Unlock()

	// The service starts its exporters before its receivers: once both
	// ports accept, what arrives is written.
	deadline := time.Now().Add(60 * time.Second)
	for _, addr := range []string{c.httpAddr, c.grpcAddr} {
		for {
			conn, err := net.DialTimeout("tcp", addr, time.Second)
			if err == nil {
				conn.Close()
				break
			}
			select {
			case err := <-exited:
				exited <- err // for Stop
				out := c.output.String()
				if strings.Contains(out, "address already in use") {
					return fmt.Errorf("the collector exited (%v): %w", err, errPortTaken)
				}
				return fmt.Errorf("the collector exited (%v) before it listened on %s; output:\n%s", err, addr, tail(out))
			default:
			}
			if time.Now().After(deadline) {
				return fmt.Errorf("the collector did not listen on %s within 60s; output:\n%s", addr, tail(c.output.String()))
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
	return nil
}

// Stop kills the collector (SIGKILL: what it had not written is lost, as
// in a crash) and waits for it to exit; its files stay. Stopping a stopped
// collector does nothing.
func (c *collector) Stop(t *testing.T) {
	t.Helper()
	c.mu.Lock()
	cmd, exited := c.proc, c.exited
	c.proc, c.exited = nil, nil
	c.mu.Unlock()
	if cmd == nil {
		return
	}
	_ = cmd.Process.Kill()
	select {
	case <-exited:
	case <-time.After(10 * time.Second):
		t.Errorf("the collector (pid %d) did not exit after SIGKILL", cmd.Process.Pid)
	}
}

// Restart starts a stopped collector again on the same ports, writing to
// the same files (it appends), and returns once it listens.
func (c *collector) Restart(t *testing.T) {
	t.Helper()
	c.Stop(t)
	var err error
	for attempt := 1; attempt <= 50; attempt++ {
		if err = c.start(t); err == nil {
			return
		}
		c.Stop(t)
		if !errors.Is(err, errPortTaken) {
			break
		}
		time.Sleep(100 * time.Millisecond) // the port is still held
	}
	t.Fatalf("restarting the collector on %s: %v", c.Endpoint, err)
}

// Output returns what the collector printed (its own log, on stderr).
func (c *collector) Output() string { return c.output.String() }

// WaitFor polls cond until it holds, and fails t after timeout with a
// summary of what the collector has received and its output.
func (c *collector) WaitFor(t *testing.T, what string, timeout time.Duration, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %s waiting for %s; the collector has %d spans, %d log records and %d metrics from %d requests; its output:\n%s",
				timeout, what, len(c.Spans(t)), len(c.Logs(t)), len(c.AllMetrics(t)), len(c.Requests(t)), tail(c.Output()))
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// lines returns the complete lines of one of the exporter's files: a line
// still being written has no newline yet and waits for the next read.
func (c *collector) lines(t *testing.T, name string) [][]byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(c.Dir, name))
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		t.Fatal(err)
	}
	i := bytes.LastIndexByte(b, '\n')
	if i < 0 {
		return nil
	}
	return bytes.Split(b[:i], []byte{'\n'})
}

// decode reads every line of one of the exporter's files into a new T.
func decode[T any](t *testing.T, c *collector, name string) []T {
	t.Helper()
	var out []T
	for _, line := range c.lines(t, name) {
		var v T
		if err := json.Unmarshal(line, &v); err != nil {
			t.Fatalf("%s: %v: %.300s", name, err, line)
		}
		out = append(out, v)
	}
	return out
}

// Spans returns every span received so far, in order of arrival.
func (c *collector) Spans(t *testing.T) []Span {
	t.Helper()
	var out []Span
	for _, batch := range decode[otlpTraces](t, c, "traces.jsonl") {
		for _, rs := range batch.ResourceSpans {
			res := attributes(rs.Resource.Attributes)
			for _, ss := range rs.ScopeSpans {
				for _, s := range ss.Spans {
					span := Span{
						TraceID: s.TraceID, SpanID: s.SpanID, ParentSpanID: s.ParentSpanID,
						Name:          s.Name,
						Kind:          enumName(spanKinds, s.Kind),
						Start:         nanos(s.StartTimeUnixNano),
						End:           nanos(s.EndTimeUnixNano),
						Attributes:    attributes(s.Attributes),
						StatusCode:    enumName(statusCodes, s.Status.Code),
						StatusMessage: s.Status.Message,
						Scope:         Scope(ss.Scope),
						Resource:      res,
					}
					for _, e := range s.Events {
						span.Events = append(span.Events, SpanEvent{Name: e.Name, Time: nanos(e.TimeUnixNano), Attributes: attributes(e.Attributes)})
					}
					out = append(out, span)
				}
			}
		}
	}
	return out
}

// Logs returns every log record received so far, in order of arrival.
func (c *collector) Logs(t *testing.T) []LogRecord {
	t.Helper()
	var out []LogRecord
	for _, batch := range decode[otlpLogs](t, c, "logs.jsonl") {
		for _, rl := range batch.ResourceLogs {
			res := attributes(rl.Resource.Attributes)
			for _, sl := range rl.ScopeLogs {
				for _, r := range sl.LogRecords {
					out = append(out, LogRecord{
						Time:           nanos(r.TimeUnixNano),
						ObservedTime:   nanos(r.ObservedTimeUnixNano),
						SeverityNumber: r.SeverityNumber,
						SeverityText:   r.SeverityText,
						Body:           r.Body.value(),
						EventName:      r.EventName,
						Attributes:     attributes(r.Attributes),
						TraceID:        r.TraceID,
						SpanID:         r.SpanID,
						Scope:          Scope(sl.Scope),
						Resource:       res,
					})
				}
			}
		}
	}
	return out
}

// AllMetrics returns every metric of every batch received so far, in order
// of arrival: a metric exported every interval is there once per export.
func (c *collector) AllMetrics(t *testing.T) []Metric {
	t.Helper()
	var out []Metric
	for _, batch := range decode[otlpMetrics](t, c, "metrics.jsonl") {
		for _, rm := range batch.ResourceMetrics {
			res := attributes(rm.Resource.Attributes)
			for _, sm := range rm.ScopeMetrics {
				for _, m := range sm.Metrics {
					out = append(out, m.metric(Scope(sm.Scope), res))
				}
			}
		}
	}
	return out
}

// Metrics returns the latest metric received under each name: for
// cumulative metrics, the totals so far.
func (c *collector) Metrics(t *testing.T) map[string]Metric {
	t.Helper()
	out := map[string]Metric{}
	for _, m := range c.AllMetrics(t) {
		out[m.Name] = m
	}
	return out
}

// Resources returns the resource of every batch received so far, of every
// signal, in order of arrival of each signal's batches.
func (c *collector) Resources(t *testing.T) []Resource {
	t.Helper()
	var out []Resource
	for _, b := range decode[otlpTraces](t, c, "traces.jsonl") {
		for _, rs := range b.ResourceSpans {
			out = append(out, Resource{Signal: "traces", Attributes: attributes(rs.Resource.Attributes)})
		}
	}
	for _, b := range decode[otlpLogs](t, c, "logs.jsonl") {
		for _, rl := range b.ResourceLogs {
			out = append(out, Resource{Signal: "logs", Attributes: attributes(rl.Resource.Attributes)})
		}
	}
	for _, b := range decode[otlpMetrics](t, c, "metrics.jsonl") {
		for _, rm := range b.ResourceMetrics {
			out = append(out, Resource{Signal: "metrics", Attributes: attributes(rm.Resource.Attributes)})
		}
	}
	return out
}

// Requests returns the signal and headers of every request that brought a
// batch, in order of arrival.
func (c *collector) Requests(t *testing.T) []Request {
	t.Helper()
	var out []Request
	for _, r := range decode[struct {
		Signal   string              `json:"signal"`
		Metadata map[string][]string `json:"metadata"`
	}](t, c, "requests.jsonl") {
		h := http.Header{}
		for k, v := range r.Metadata {
			h[http.CanonicalHeaderKey(k)] = v
		}
		out = append(out, Request{Signal: r.Signal, Header: h})
	}
	return out
}

// The OTLP JSON encoding (opentelemetry-proto's JSON mapping), as much of it
// as the types above carry: camelCase keys, hex IDs, 64-bit integers as
// decimal strings, enums as numbers.

type otlpTraces struct {
	ResourceSpans []struct {
		Resource   otlpResource `json:"resource"`
		ScopeSpans []struct {
			Scope otlpScope `json:"scope"`
			Spans []struct {
				TraceID           string         `json:"traceId"`
				SpanID            string         `json:"spanId"`
				ParentSpanID      string         `json:"parentSpanId"`
				Name              string         `json:"name"`
				Kind              int            `json:"kind"`
				StartTimeUnixNano otlpInt        `json:"startTimeUnixNano"`
				EndTimeUnixNano   otlpInt        `json:"endTimeUnixNano"`
				Attributes        []otlpKeyValue `json:"attributes"`
				Events            []struct {
					TimeUnixNano otlpInt        `json:"timeUnixNano"`
					Name         string         `json:"name"`
					Attributes   []otlpKeyValue `json:"attributes"`
				} `json:"events"`
				Status struct {
					Message string `json:"message"`
					Code    int    `json:"code"`
				} `json:"status"`
			} `json:"spans"`
		} `json:"scopeSpans"`
	} `json:"resourceSpans"`
}

type otlpLogs struct {
	ResourceLogs []struct {
		Resource  otlpResource `json:"resource"`
		ScopeLogs []struct {
			Scope      otlpScope `json:"scope"`
			LogRecords []struct {
				TimeUnixNano         otlpInt        `json:"timeUnixNano"`
				ObservedTimeUnixNano otlpInt        `json:"observedTimeUnixNano"`
				SeverityNumber       int            `json:"severityNumber"`
				SeverityText         string         `json:"severityText"`
				Body                 otlpAnyValue   `json:"body"`
				Attributes           []otlpKeyValue `json:"attributes"`
				TraceID              string         `json:"traceId"`
				SpanID               string         `json:"spanId"`
				EventName            string         `json:"eventName"`
			} `json:"logRecords"`
		} `json:"scopeLogs"`
	} `json:"resourceLogs"`
}

type otlpMetrics struct {
	ResourceMetrics []struct {
		Resource     otlpResource `json:"resource"`
		ScopeMetrics []struct {
			Scope   otlpScope    `json:"scope"`
			Metrics []otlpMetric `json:"metrics"`
		} `json:"scopeMetrics"`
	} `json:"resourceMetrics"`
}

type otlpMetric struct {
	Name                 string      `json:"name"`
	Description          string      `json:"description"`
	Unit                 string      `json:"unit"`
	Gauge                *otlpPoints `json:"gauge"`
	Sum                  *otlpPoints `json:"sum"`
	Histogram            *otlpPoints `json:"histogram"`
	ExponentialHistogram *otlpPoints `json:"exponentialHistogram"`
	Summary              *otlpPoints `json:"summary"`
}

type otlpPoints struct {
	AggregationTemporality int  `json:"aggregationTemporality"`
	IsMonotonic            bool `json:"isMonotonic"`
	DataPoints             []struct {
		Attributes        []otlpKeyValue `json:"attributes"`
		StartTimeUnixNano otlpInt        `json:"startTimeUnixNano"`
		TimeUnixNano      otlpInt        `json:"timeUnixNano"`
		AsInt             *otlpInt       `json:"asInt"`
		AsDouble          *otlpFloat     `json:"asDouble"`
		Count             otlpInt        `json:"count"`
		Sum               otlpFloat      `json:"sum"`
		Min               otlpFloat      `json:"min"`
		Max               otlpFloat      `json:"max"`
		BucketCounts      []otlpInt      `json:"bucketCounts"`
		ExplicitBounds    []otlpFloat    `json:"explicitBounds"`
	} `json:"dataPoints"`
}

func (m otlpMetric) metric(scope Scope, res map[string]any) Metric {
	out := Metric{Name: m.Name, Description: m.Description, Unit: m.Unit, Scope: scope, Resource: res}
	var p *otlpPoints
	for _, k := range []struct {
		name string
		p    *otlpPoints
	}{{"gauge", m.Gauge}, {"sum", m.Sum}, {"histogram", m.Histogram}, {"exponentialHistogram", m.ExponentialHistogram}, {"summary", m.Summary}} {
		if k.p != nil {
			out.Type, p = k.name, k.p
		}
	}
	if p == nil {
		return out
	}
	out.Temporality = map[int]string{1: "delta", 2: "cumulative"}[p.AggregationTemporality]
	out.Monotonic = p.IsMonotonic
	for _, d := range p.DataPoints {
		pt := Point{
			Attributes: attributes(d.Attributes),
			Start:      nanos(d.StartTimeUnixNano),
			Time:       nanos(d.TimeUnixNano),
			Count:      uint64(d.Count),
			Sum:        float64(d.Sum),
			Min:        float64(d.Min),
			Max:        float64(d.Max),
		}
		switch {
		case d.AsInt != nil:
			pt.Value = float64(*d.AsInt)
		case d.AsDouble != nil:
			pt.Value = float64(*d.AsDouble)
		}
		for _, b := range d.BucketCounts {
			pt.BucketCounts = append(pt.BucketCounts, uint64(b))
		}
		for _, b := range d.ExplicitBounds {
			pt.Bounds = append(pt.Bounds, float64(b))
		}
		out.Points = append(out.Points, pt)
	}
	return out
}

type otlpResource struct {
	Attributes []otlpKeyValue `json:"attributes"`
}

type otlpScope struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

type otlpKeyValue struct {
	Key   string       `json:"key"`
	Value otlpAnyValue `json:"value"`
}

type otlpAnyValue struct {
	StringValue *string    `json:"stringValue"`
	BoolValue   *bool      `json:"boolValue"`
	IntValue    *otlpInt   `json:"intValue"`
	DoubleValue *otlpFloat `json:"doubleValue"`
	BytesValue  *string    `json:"bytesValue"`
	ArrayValue  *struct {
		Values []otlpAnyValue `json:"values"`
	} `json:"arrayValue"`
	KvlistValue *struct {
		Values []otlpKeyValue `json:"values"`
	} `json:"kvlistValue"`
}

// value is the Go value of an OTLP value: string, bool, int64, float64,
// []byte, []any, map[string]any, or nil for an empty one.
func (v otlpAnyValue) value() any {
	switch {
	case v.StringValue != nil:
		return *v.StringValue
	case v.BoolValue != nil:
		return *v.BoolValue
	case v.IntValue != nil:
		return int64(*v.IntValue)
	case v.DoubleValue != nil:
		return float64(*v.DoubleValue)
	case v.BytesValue != nil:
		b, err := base64.StdEncoding.DecodeString(*v.BytesValue)
		if err != nil {
			return *v.BytesValue
		}
		return b
	case v.ArrayValue != nil:
		out := []any{}
		for _, e := range v.ArrayValue.Values {
			out = append(out, e.value())
		}
		return out
	case v.KvlistValue != nil:
		return attributes(v.KvlistValue.Values)
	}
	return nil
}

// attributes is a list of OTLP key-values as a map; never nil, so that an
// item without attributes compares equal to map[string]any{}.
func attributes(kvs []otlpKeyValue) map[string]any {
	out := make(map[string]any, len(kvs))
	for _, kv := range kvs {
		out[kv.Key] = kv.Value.value()
	}
	return out
}

// otlpInt is a 64-bit integer, which OTLP JSON writes as a decimal string
// (a number is accepted too).
type otlpInt int64

func (n *otlpInt) UnmarshalJSON(b []byte) error {
	s := strings.Trim(string(b), `"`)
	if v, err := strconv.ParseInt(s, 10, 64); err == nil {
		*n = otlpInt(v)
		return nil
	}
	v, err := strconv.ParseUint(s, 10, 64)
	if err != nil {
		return fmt.Errorf("not an integer: %s", b)
	}
	*n = otlpInt(v)
	return nil
}

// otlpFloat is a double, which OTLP JSON writes as a number, or as the
// string "NaN", "Infinity" or "-Infinity".
type otlpFloat float64

func (f *otlpFloat) UnmarshalJSON(b []byte) error {
	v, err := strconv.ParseFloat(strings.Trim(string(b), `"`), 64)
	if err != nil {
		return fmt.Errorf("not a double: %s", b)
	}
	*f = otlpFloat(v)
	return nil
}

// nanos is a time in nanoseconds since the epoch, the zero time for 0
// (absent).
func nanos(n otlpInt) time.Time {
	if n == 0 {
		return time.Time{}
	}
	return time.Unix(0, int64(n)).UTC()
}

var (
	spanKinds   = []string{"unspecified", "internal", "server", "client", "producer", "consumer"}
	statusCodes = []string{"unset", "ok", "error"}
)

func enumName(names []string, n int) string {
	if n >= 0 && n < len(names) {
		return names[n]
	}
	return strconv.Itoa(n)
}

// TestOtelCollectorSmoke sends one span, one log record and two metrics to
// the collector as OTLP/HTTP JSON, as the OTLP specification writes them,
// with an Authorization header, and reads every field back through the
// harness.
func TestOtelCollectorSmoke(t *testing.T) {
	c := startCollector(t)
	const (
		traceID  = "5b8efff798038103d269b633813fc60c"
		spanID   = "eee19b7ec3c1b174"
		parentID = "eee19b7ec3c1b173"
		resource = `"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"vigia-smoke"}},{"key":"service.version","value":{"stringValue":"1.2.3"}}]}`
		scope    = `"scope":{"name":"vigia/e2e","version":"0.1.0"}`
	)
	post := func(path, body string) {
		t.Helper()
		req, err := http.NewRequest(http.MethodPost, c.Endpoint+path, strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer smoke-token")
		req.Header.Set("X-Vigia-Test", "smoke")
		resp, err := (&http.Client{Timeout: 10 * time.Second}).Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("POST %s: got %s %s, want 200", path, resp.Status, b)
		}
	}
	post("/v1/traces", `{"resourceSpans":[{`+resource+`,"scopeSpans":[{`+scope+`,"spans":[{
		"traceId":"`+traceID+`","spanId":"`+spanID+`","parentSpanId":"`+parentID+`",
		"name":"engine.run","kind":1,
		"startTimeUnixNano":"1700000000000000000","endTimeUnixNano":"1700000000250000000",
		"attributes":[
			{"key":"vigia.model","value":{"stringValue":"sentiment"}},
			{"key":"vigia.tokens","value":{"intValue":"42"}},
			{"key":"vigia.cached","value":{"boolValue":false}},
			{"key":"vigia.ratio","value":{"doubleValue":0.5}},
			{"key":"vigia.tags","value":{"arrayValue":{"values":[{"stringValue":"a"},{"intValue":"1"}]}}}],
		"events":[{"timeUnixNano":"1700000000100000000","name":"first_token","attributes":[{"key":"ttft_ms","value":{"doubleValue":12.5}}]}],
		"status":{"code":2,"message":"model failed"}}]}]}]}`)
	post("/v1/logs", `{"resourceLogs":[{`+resource+`,"scopeLogs":[{`+scope+`,"logRecords":[{
		"timeUnixNano":"1700000000200000000","observedTimeUnixNano":"1700000000200000001",
		"severityNumber":9,"severityText":"INFO","body":{"stringValue":"task done"},
		"attributes":[{"key":"event","value":{"stringValue":"task"}},{"key":"latency_ms","value":{"intValue":"250"}}],
		"traceId":"`+traceID+`","spanId":"`+spanID+`"}]}]}]}`)
	post("/v1/metrics", `{"resourceMetrics":[{`+resource+`,"scopeMetrics":[{`+scope+`,"metrics":[
		{"name":"vigia.requests","description":"Tasks run.","unit":"{request}","sum":{"aggregationTemporality":2,"isMonotonic":true,"dataPoints":[
			{"attributes":[{"key":"model","value":{"stringValue":"sentiment"}},{"key":"outcome","value":{"stringValue":"ok"}}],
			 "startTimeUnixNano":"1700000000000000000","timeUnixNano":"1700000001000000000","asInt":"5"}]}},
		{"name":"vigia.task.duration","unit":"s","histogram":{"aggregationTemporality":1,"dataPoints":[
			{"attributes":[{"key":"model","value":{"stringValue":"sentiment"}}],
			 "startTimeUnixNano":"1700000000000000000","timeUnixNano":"1700000001000000000",
			 "count":"3","sum":0.75,"bucketCounts":["1","2","0"],"explicitBounds":[0.1,0.5],"min":0.05,"max":0.4}]}}]}]}]}`)

	c.WaitFor(t, "the span, the log record and the metrics", 10*time.Second, func() bool {
		return len(c.Spans(t)) == 1 && len(c.Logs(t)) == 1 && len(c.AllMetrics(t)) == 2
	})
	at := func(ns int64) time.Time { return time.Unix(0, ns).UTC() }
	res := map[string]any{"service.name": "vigia-smoke", "service.version": "1.2.3"}
	sc := Scope{"vigia/e2e", "0.1.0"}

	wantSpan := Span{
		TraceID: traceID, SpanID: spanID, ParentSpanID: parentID,
		Name: "engine.run", Kind: "internal",
		Start: at(1700000000000000000), End: at(1700000000250000000),
		Attributes: map[string]any{
			"vigia.model": "sentiment", "vigia.tokens": int64(42), "vigia.cached": false,
			"vigia.ratio": 0.5, "vigia.tags": []any{"a", int64(1)},
		},
		Events:     []SpanEvent{{Name: "first_token", Time: at(1700000000100000000), Attributes: map[string]any{"ttft_ms": 12.5}}},
		StatusCode: "error", StatusMessage: "model failed",
		Scope: sc, Resource: res,
	}
	if got := c.Spans(t)[0]; !reflect.DeepEqual(got, wantSpan) {
		t.Errorf("span:\ngot  %+v\nwant %+v", got, wantSpan)
	}

	wantLog := LogRecord{
		Time: at(1700000000200000000), ObservedTime: at(1700000000200000001),
		SeverityNumber: 9, SeverityText: "INFO", Body: "task done",
		Attributes: map[string]any{"event": "task", "latency_ms": int64(250)},
		TraceID:    traceID, SpanID: spanID,
		Scope: sc, Resource: res,
	}
	if got := c.Logs(t)[0]; !reflect.DeepEqual(got, wantLog) {
		t.Errorf("log record:\ngot  %+v\nwant %+v", got, wantLog)
	}

	wantMetrics := map[string]Metric{
		"vigia.requests": {
			Name: "vigia.requests", Description: "Tasks run.", Unit: "{request}",
			Type: "sum", Temporality: "cumulative", Monotonic: true,
			Points: []Point{{
				Attributes: map[string]any{"model": "sentiment", "outcome": "ok"},
				Start:      at(1700000000000000000), Time: at(1700000001000000000), Value: 5,
			}},
			Scope: sc, Resource: res,
		},
		"vigia.task.duration": {
			Name: "vigia.task.duration", Unit: "s", Type: "histogram", Temporality: "delta",
			Points: []Point{{
				Attributes: map[string]any{"model": "sentiment"},
				Start:      at(1700000000000000000), Time: at(1700000001000000000),
				Count: 3, Sum: 0.75, Min: 0.05, Max: 0.4,
				BucketCounts: []uint64{1, 2, 0}, Bounds: []float64{0.1, 0.5},
			}},
			Scope: sc, Resource: res,
		},
	}
	if got := c.Metrics(t); !reflect.DeepEqual(got, wantMetrics) {
		t.Errorf("metrics:\ngot  %+v\nwant %+v", got, wantMetrics)
	}

	var signals []string
	for _, r := range c.Resources(t) {
		signals = append(signals, r.Signal)
		if !reflect.DeepEqual(r.Attributes, res) {
			t.Errorf("%s resource: got %v, want %v", r.Signal, r.Attributes, res)
		}
	}
	if want := []string{"traces", "logs", "metrics"}; !reflect.DeepEqual(signals, want) {
		t.Errorf("got resources of %v, want one of each of %v", signals, want)
	}

	signals = nil
	for _, r := range c.Requests(t) {
		signals = append(signals, r.Signal)
		if got := r.Header.Get("Authorization"); got != "Bearer smoke-token" {
			t.Errorf("%s request: got Authorization %q, want %q", r.Signal, got, "Bearer smoke-token")
		}
		if got := r.Header.Get("X-Vigia-Test"); got != "smoke" {
			t.Errorf("%s request: got X-Vigia-Test %q, want %q", r.Signal, got, "smoke")
		}
		if got := r.Header.Get("Content-Type"); got != "application/json" {
			t.Errorf("%s request: got Content-Type %q, want application/json", r.Signal, got)
		}
	}
	if want := []string{"traces", "logs", "metrics"}; !reflect.DeepEqual(signals, want) {
		t.Errorf("got requests for %v, want %v", signals, want)
	}
}

// TestOtelCollectorFloats: the doubles that OTLP JSON writes as strings
// (NaN, ±Infinity) and the 64-bit integers it writes as strings read back
// as Go values.
func TestOtelCollectorFloats(t *testing.T) {
	var v struct {
		F []otlpFloat
		I []otlpInt
	}
	if err := json.Unmarshal([]byte(`{"F":[1.5,"NaN","Infinity","-Infinity","2"],"I":["-3",4,"18446744073709551615"]}`), &v); err != nil {
		t.Fatal(err)
	}
	if v.F[0] != 1.5 || !math.IsNaN(float64(v.F[1])) || !math.IsInf(float64(v.F[2]), 1) || !math.IsInf(float64(v.F[3]), -1) || v.F[4] != 2 {
		t.Errorf("got doubles %v", v.F)
	}
	if v.I[0] != -3 || v.I[1] != 4 || uint64(v.I[2]) != math.MaxUint64 {
		t.Errorf("got integers %v", v.I)
	}
}
