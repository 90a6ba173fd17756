package promexport

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
)

type pushed struct {
	method, path string
	families     map[string]*dto.MetricFamily
}

// gateway is a fake Pushgateway that records what it receives and fails
// while failing is set.
type gateway struct {
	srv     *httptest.Server
	failing atomic.Bool

	mu       sync.Mutex
	received []pushed
	failed   int
}

func newGateway(t *testing.T) *gateway {
	g := &gateway{}
	g.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if g.failing.Load() {
			g.mu.Lock()
			g.failed++
			g.mu.Unlock()
			http.Error(w, "down", http.StatusServiceUnavailable)
			return
		}
		fams := map[string]*dto.MetricFamily{}
		dec := expfmt.NewDecoder(r.Body, expfmt.ResponseFormat(r.Header))
		for {
			mf := &dto.MetricFamily{}
			if err := dec.Decode(mf); err != nil {
				if !errors.Is(err, io.EOF) {
					t.Errorf("decode pushed body: %v", err)
				}
				break
			}
			fams[mf.GetName()] = mf
		}
		g.mu.Lock()
		g.received = append(g.received, pushed{r.Method, r.URL.Path, fams})
		g.mu.Unlock()
		w.WriteHeader(http.StatusOK)
	}))
	t.Cleanup(g.srv.Close)
	return g
}

func (g *gateway) pushes() []pushed {
	g.mu.Lock()
	defer g.mu.Unlock()
	return append([]pushed(nil), g.received...)
}

func (g *gateway) failures() int {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.failed
}

// waitFor polls cond for up to five seconds.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(2 * time.Millisecond)
	}
}

func requests(p pushed, labels string) float64 {
	for _, m := range p.families["vigia_requests_total"].GetMetric() {
		var parts []string
		for _, l := range m.GetLabel() {
			// The gateway adds the grouping labels itself; the body has the rest.
			if l.GetName() == "model" || l.GetName() == "outcome" {
				parts = append(parts, l.GetName()+"="+l.GetValue())
			}
		}
		if strings.Join(parts, ",") == labels {
			return m.GetCounter().GetValue()
		}
	}
	return -1
}

func TestPushFinalOnStop(t *testing.T) {
	g := newGateway(t)
	e := New(Options{})
	defer e.Close()
	p, err := e.StartPush(t.Context(), g.srv.URL, time.Hour, map[string]string{"session": "s-42", "instance": "desk-1"})
	if err != nil {
		t.Fatal(err)
	}
	e.Observe("gpt", "ok", time.Millisecond)
	e.Observe("gpt", "ok", time.Millisecond)
	e.Observe("gpt", "error", time.Millisecond)
	if n := len(g.pushes()); n != 0 {
		t.Fatalf("%d pushes before the first interval, want 0", n)
	}
	p.Stop()
	p.Stop() // idempotent

	got := g.pushes()
	if len(got) != 1 {
		t.Fatalf("pushes after Stop = %d, want 1 (the final flush)", len(got))
	}
	if got[0].method != http.MethodPut {
		t.Errorf("method = %s, want PUT", got[0].method)
	}
	// client_golang writes the grouping labels in map order: any order is
	// the same group to the Pushgateway.
	if p1, p2 := "/metrics/job/vigia/instance/desk-1/session/s-42", "/metrics/job/vigia/session/s-42/instance/desk-1"; got[0].path != p1 && got[0].path != p2 {
		t.Errorf("path = %s, want %s (labels in any order)", got[0].path, p1)
	}
	if v := requests(got[0], "model=gpt,outcome=ok"); v != 2 {
		t.Errorf("pushed vigia_requests_total{gpt,ok} = %v, want 2", v)
	}
	if v := requests(got[0], "model=gpt,outcome=error"); v != 1 {
		t.Errorf("pushed vigia_requests_total{gpt,error} = %v, want 1", v)
	}
}

func TestPushFlushAndClose(t *testing.T) {
	g := newGateway(t)
	e := New(Options{})
	if err := e.FlushPush(t.Context()); err != nil {
		t.Errorf("FlushPush without a pusher: %v", err)
	}
	if _, err := e.StartPush(t.Context(), g.srv.URL, time.Hour, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := e.StartPush(t.Context(), g.srv.URL, time.Hour, nil); err == nil {
		t.Error("second StartPush: got nil error, want one")
	}
	e.Observe("gpt", "ok", time.Millisecond)
	if err := e.FlushPush(t.Context()); err != nil {
		t.Fatalf("FlushPush: %v", err)
	}
	if got := g.pushes(); len(got) != 1 || requests(got[0], "model=gpt,outcome=ok") != 1 {
		t.Fatalf("after FlushPush: %d pushes, want 1 counting one request", len(got))
	}
	if got := g.pushes()[0].path; got != "/metrics/job/vigia" {
		t.Errorf("path = %s, want /metrics/job/vigia", got)
	}
	e.Observe("gpt", "ok", time.Millisecond)
	if err := e.Close(); err != nil {
		t.Fatal(err)
	}
	got := g.pushes()
	if len(got) != 2 || requests(got[1], "model=gpt,outcome=ok") != 2 {
		t.Fatalf("after Close: %d pushes, want 2, the last counting two requests", len(got))
	}
}

func TestPushPeriodicAndContextEnd(t *testing.T) {
	g := newGateway(t)
	e := New(Options{})
	defer e.Close()
	ctx, cancel := context.WithCancel(t.Context())
	p, err := e.StartPush(ctx, g.srv.URL, 5*time.Millisecond, map[string]string{"instance": "a/b"})
	if err != nil {
		t.Fatal(err)
	}
	waitFor(t, "three periodic pushes", func() bool { return len(g.pushes()) >= 3 })
	e.Observe("gpt", "ok", time.Millisecond)
	cancel()
	p.Stop() // waits for the loop, which pushes once more as the context ended
	got := g.pushes()
	if v := requests(got[len(got)-1], "model=gpt,outcome=ok"); v != 1 {
		t.Errorf("last push counts %v requests, want 1", v)
	}
	// A value with a slash is base64-encoded in the path.
	if want := "/metrics/job/vigia/instance@base64/YS9i"; got[0].path != want {
		t.Errorf("path = %s, want %s", got[0].path, want)
	}
}

type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func TestPushOutageLoggedOnce(t *testing.T) {
	old := maxBackoff
	maxBackoff = 20 * time.Millisecond
	t.Cleanup(func() { maxBackoff = old })

	g := newGateway(t)
	g.failing.Store(true)
	var logs lockedBuffer
	e := New(Options{Logger: slog.New(slog.NewTextHandler(&logs, nil))})
	defer e.Close()
	p, err := e.StartPush(t.Context(), g.srv.URL, 2*time.Millisecond, nil)
	if err != nil {
		t.Fatal(err)
	}
	waitFor(t, "five failed pushes", func() bool { return g.failures() >= 5 })
	if err := p.Flush(t.Context()); err == nil {
		t.Error("Flush during an outage: got nil error, want one")
	}
	g.failing.Store(false)
	waitFor(t, "a push after the outage", func() bool { return len(g.pushes()) >= 1 })
	p.Stop()

	out := logs.String()
	if n := strings.Count(out, "level=WARN"); n != 1 {
		t.Errorf("WARN records = %d, want 1 per outage; logs:\n%s", n, out)
	}
	if n := strings.Count(out, `msg="metrics push recovered"`); n != 1 {
		t.Errorf("recovery records = %d, want 1; logs:\n%s", n, out)
	}
}

func TestPushBackoff(t *testing.T) {
	p := &Pusher{interval: 10 * time.Second}
	tests := []struct {
		failures int
		want     time.Duration
	}{
		{0, 10 * time.Second},
		{1, 20 * time.Second},
		{2, 40 * time.Second},
		{3, time.Minute},
		{50, time.Minute},
	}
	for _, tc := range tests {
		p.failures = tc.failures
		if got := p.next(); got != tc.want {
			t.Errorf("next() after %d failures = %v, want %v", tc.failures, got, tc.want)
		}
	}
	p = &Pusher{interval: 5 * time.Minute, failures: 3}
	if got := p.next(); got != 5*time.Minute {
		t.Errorf("next() with a 5m interval = %v, want 5m (never shorter than the interval)", got)
	}
}

func TestStartPushErrors(t *testing.T) {
	e := New(Options{})
	if _, err := e.StartPush(t.Context(), "", time.Second, nil); err == nil {
		t.Error("StartPush with no url: got nil error, want one")
	}
	e.Close()
	if _, err := e.StartPush(t.Context(), "http://127.0.0.1:1", time.Second, nil); err == nil {
		t.Error("StartPush after Close: got nil error, want one")
	}
}
