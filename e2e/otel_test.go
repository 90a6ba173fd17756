package e2e

import (
	"archive/zip"
	"bytes"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// otelSecret is a header value that must reach the collector and nothing
// else: no log line, no message, no diagnostics bundle.
const otelSecret = "Bearer otel-secret-4f1c9a"

// TestOtelRun: `vigia run` with OTEL_EXPORTER_OTLP_ENDPOINT sends a real
// Collector one span for its task, the session's log records (the task's
// with the span's trace and span IDs, as app.log has them), the /metrics
// instruments and the resource; the headers variable reaches the Collector
// and nothing else.
func TestOtelRun(t *testing.T) {
	c := startCollector(t)
	dir := t.TempDir()
	logDir, dataDir := filepath.Join(dir, "logs"), filepath.Join(dir, "data")
	env := []string{"OTEL_EXPORTER_OTLP_ENDPOINT=" + c.Endpoint, "OTEL_EXPORTER_OTLP_HEADERS=authorization=" + strings.ReplaceAll(otelSecret, " ", "%20")}
	code, out, errOut := vigia(t, env, "--log-dir", logDir, "--data-dir", dataDir, "run", "--model", "sentiment", "I love it")
	if code != 0 || !strings.Contains(out, "positive") {
		t.Fatalf("vigia run: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	// The final flush happens before exit: everything is there already.
	spans := c.Spans(t)
	var task *Span
	for i := range spans {
		if spans[i].Name == "task sentiment" {
			task = &spans[i]
		}
	}
	if task == nil {
		t.Fatalf("no span \"task sentiment\" among %d spans; collector output:\n%s", len(spans), c.Output())
	}
	if task.Attributes["session.id"] == nil || task.Attributes["vigia.outcome"] != "ok" || task.StatusCode == "error" {
		t.Errorf("task span %+v, want session.id, vigia.outcome=ok, no error", task)
	}
	for _, k := range []string{"service.name", "service.version", "service.instance.id", "host.name", "os.type"} {
		if task.Resource[k] == nil || task.Resource[k] == "" {
			t.Errorf("resource lacks %s: %v", k, task.Resource)
		}
	}
	if task.Resource["service.name"] != "vigia" {
		t.Errorf("service.name = %v, want vigia", task.Resource["service.name"])
	}

	// The task's log record carries the span's IDs, and so does app.log.
	var found bool
	for _, l := range c.Logs(t) {
		if l.Attributes["event"] == "task" {
			found = true
			if l.TraceID != task.TraceID || l.SpanID != task.SpanID {
				t.Errorf("task log record has trace %s span %s, want the span's %s %s", l.TraceID, l.SpanID, task.TraceID, task.SpanID)
			}
		}
	}
	if !found {
		t.Errorf("no event=task log record reached the collector")
	}
	recs := taskRecords(t, logDir)
	if len(recs) != 1 || recs[0]["trace_id"] != task.TraceID || recs[0]["span_id"] != task.SpanID {
		t.Errorf("app.log task records %v, want one with trace_id %s and span_id %s", recs, task.TraceID, task.SpanID)
	}

	// The same instruments as /metrics, by the same names.
	if _, ok := c.Metrics(t)["vigia_requests_total"]; !ok {
		t.Errorf("no vigia_requests_total among the metrics received")
	}

	// The header reached the collector, and nowhere else.
	var auth bool
	for _, r := range c.Requests(t) {
		auth = auth || r.Header.Get("Authorization") == otelSecret
	}
	if !auth {
		t.Errorf("no request carried the Authorization header from OTEL_EXPORTER_OTLP_HEADERS")
	}
	code, _, errOut = vigia(t, env, "--log-dir", logDir, "--data-dir", dataDir, "diagnostics", "--out", filepath.Join(dir, "diag.zip"))
	if code != 0 {
		t.Fatalf("vigia diagnostics: exit %d, %q", code, errOut)
	}
	assertNoSecret(t, otelSecret[len("Bearer "):], logDir, filepath.Join(dir, "diag.zip"), out+errOut)
}

// assertNoSecret fails if secret is in any file under dir, in the zip's
// entries, or in text.
func assertNoSecret(t *testing.T, secret, dir, zipPath, text string) {
	t.Helper()
	if strings.Contains(text, secret) {
		t.Errorf("the output shows the secret")
	}
	_ = filepath.Walk(dir, func(p string, fi os.FileInfo, err error) error {
		if err == nil && !fi.IsDir() {
			if b, _ := os.ReadFile(p); bytes.Contains(b, []byte(secret)) {
				t.Errorf("%s holds the secret", p)
			}
		}
		return nil
	})
	zr, err := zip.OpenReader(zipPath)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(rc)
		rc.Close()
		if bytes.Contains(b, []byte(secret)) {
			t.Errorf("the diagnostics bundle's %s holds the secret", f.Name)
		}
	}
}

// TestOtelLoad: a load test is one span with its tasks as children; a
// failed task's span has status error, a panic's an exception event with
// the stack.
func TestOtelLoad(t *testing.T) {
	const n = 40
	c := startCollector(t)
	logDir := filepath.Join(t.TempDir(), "logs")
	code, _, errOut := vigia(t, []string{"OTEL_EXPORTER_OTLP_ENDPOINT=" + c.Endpoint}, "--log-dir", logDir,
		"load", "--model", "chaos", "--requests", "40", "--concurrency", "4",
		"--param", "latency=0s", "--param", "jitter=0s", "--param", "error_rate=0.3", "--param", "panic_rate=0.2")
	if code != 0 {
		t.Fatalf("vigia load: exit %d, %q", code, errOut)
	}
	spans := c.Spans(t)
	var load *Span
	for i := range spans {
		if spans[i].Name == "load" {
			load = &spans[i]
		}
	}
	if load == nil {
		t.Fatalf("no load span among %d spans", len(spans))
	}
	children, errs, panics := 0, 0, 0
	for _, s := range spans {
		if s.ParentSpanID != load.SpanID || s.TraceID != load.TraceID {
			continue
		}
		children++
		if s.Name != "task chaos" {
			t.Errorf("child span %q, want task chaos", s.Name)
		}
		if s.StatusCode == "error" {
			errs++
		}
		for _, e := range s.Events {
			if e.Name == "exception" {
				if st, _ := e.Attributes["exception.stacktrace"].(string); !strings.Contains(st, "goroutine") {
					t.Errorf("exception event without a stack: %v", e.Attributes)
				}
				panics++
			}
		}
	}
	if children != n || errs == 0 || panics == 0 || panics > errs {
		t.Errorf("load span has %d children (%d errors, %d panics), want %d with some of each", children, errs, panics, n)
	}
}

// TestOtelCollectorDown: with nothing listening at the endpoint the task
// still runs and the command exits 0; app.log says once that the export
// fails.
func TestOtelCollectorDown(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	logDir := filepath.Join(t.TempDir(), "logs")
	start := time.Now()
	code, out, errOut := vigia(t, []string{"OTEL_EXPORTER_OTLP_ENDPOINT=http://" + addr}, "--log-dir", logDir, "run", "--model", "sentiment", "fine")
	if code != 0 || out == "" {
		t.Fatalf("exit %d, stdout %q, stderr %q; want the result and 0", code, out, errOut)
	}
	b, err := os.ReadFile(filepath.Join(logDir, "app.log"))
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(string(b), `"event":"otel_export"`); n < 1 {
		t.Errorf("app.log has %d otel_export records, want the outage said", n)
	}
	t.Logf("run with the collector down took %v", time.Since(start).Round(time.Millisecond))
}

// TestOtelDisabled: OTEL_SDK_DISABLED=true wins over an endpoint: nothing
// is sent, and app.log has no trace IDs.
func TestOtelDisabled(t *testing.T) {
	c := startCollector(t)
	logDir := filepath.Join(t.TempDir(), "logs")
	code, _, errOut := vigia(t, []string{"OTEL_EXPORTER_OTLP_ENDPOINT=" + c.Endpoint, "OTEL_SDK_DISABLED=true"},
		"--log-dir", logDir, "run", "--model", "sentiment", "fine")
	if code != 0 {
		t.Fatalf("exit %d, %q", code, errOut)
	}
	if n := len(c.Requests(t)); n != 0 {
		t.Errorf("the collector got %d requests, want none", n)
	}
	for _, r := range taskRecords(t, logDir) {
		if _, ok := r["trace_id"]; ok {
			t.Errorf("app.log task record has a trace_id with telemetry off: %v", r)
		}
	}
}
