package e2e

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"
)

// otelExportRecords returns the event=otel_export records of app.log.
func otelExportRecords(t *testing.T, logDir string) []map[string]any {
	t.Helper()
	var out []map[string]any
	for _, r := range logRecords(t, logDir, "app") {
		if r["event"] == "otel_export" {
			out = append(out, r)
		}
	}
	return out
}

func level(r map[string]any) string { s, _ := r["level"].(string); return strings.ToUpper(s) }

// loadTree splits spans into the load span and its children; it fails t
// unless there is exactly one load span.
func loadTree(t *testing.T, spans []Span) (load Span, children []Span, others []Span) {
	t.Helper()
	var loads []Span
	for _, s := range spans {
		if s.Name == "load" {
			loads = append(loads, s)
		}
	}
	if len(loads) != 1 {
		t.Fatalf("got %d load spans among %d spans, want 1", len(loads), len(spans))
	}
	load = loads[0]
	for _, s := range spans {
		switch {
		case s.SpanID == load.SpanID:
		case s.TraceID == load.TraceID && s.ParentSpanID == load.SpanID:
			children = append(children, s)
		default:
			others = append(others, s)
		}
	}
	return load, children, others
}

// latestSum is the sum over label sets of the latest point of each series
// of the cumulative metric name, across every export received.
func latestSum(t *testing.T, c *collector, name string) (sum float64, exports int) {
	t.Helper()
	type pt struct {
		at time.Time
		v  float64
	}
	latest := map[string]pt{}
	for _, m := range c.AllMetrics(t) {
		if m.Name != name {
			continue
		}
		exports++
		if m.Temporality != "cumulative" {
			t.Errorf("%s is %s %s, want a cumulative sum", name, m.Temporality, m.Type)
		}
		for _, p := range m.Points {
			keys := make([]string, 0, len(p.Attributes))
			for k, v := range p.Attributes {
				keys = append(keys, fmt.Sprintf("%s=%v", k, v))
			}
			sort.Strings(keys)
			k := strings.Join(keys, ",")
			if old, ok := latest[k]; !ok || !p.Time.Before(old.at) {
				latest[k] = pt{p.Time, p.Value}
			}
		}
	}
	for _, p := range latest {
		sum += p.v
	}
	return sum, exports
}

// TestOtelLoad5000: a 5000-task load test at concurrency 8 with no latency,
// exported to a real Collector: it receives exactly 5000 task spans, all
// children of the load span; 5000 event=task log records, each with the
// trace and span IDs of one of those spans, one to one; vigia_requests_total
// whose latest points sum to 5000; and the resource of every batch. The
// queues are raised through the SDK's variables (which telemetry honours,
// telemetry/env.go queueSize) so that the burst drops nothing, and app.log
// must say that nothing was dropped.
func TestOtelLoad5000(t *testing.T) {
	const n = 5000
	c := startCollector(t)
	dir := t.TempDir()
	logDir := filepath.Join(dir, "logs")
	env := []string{"OTEL_EXPORTER_OTLP_ENDPOINT=" + c.Endpoint,
		"OTEL_BSP_MAX_QUEUE_SIZE=16384", "OTEL_BLRP_MAX_QUEUE_SIZE=65536"}
	start := time.Now()
	code, _, errOut := vigia(t, env, "--log-dir", logDir, "--data-dir", filepath.Join(dir, "data"),
		"load", "--model", "chaos", "--requests", fmt.Sprint(n), "--concurrency", "8",
		"--param", "latency=0s", "--param", "jitter=0s")
	t.Logf("vigia load of %d tasks took %v", n, time.Since(start).Round(time.Millisecond))
	if code != 0 {
		t.Fatalf("vigia load: exit %d, %q", code, errOut)
	}
	for _, r := range otelExportRecords(t, logDir) {
		if level(r) != "INFO" {
			t.Errorf("app.log says the export lost something: %v", r)
		}
	}
	if got := len(taskRecords(t, logDir)); got != n {
		t.Errorf("app.log has %d task records, want %d", got, n)
	}

	// The final flush happens before exit: everything is there already.
	spans := c.Spans(t)
	load, children, others := loadTree(t, spans)
	if len(children) != n {
		t.Errorf("the load span has %d children, want %d", len(children), n)
	}
	if len(others) != 0 {
		t.Errorf("%d spans are neither the load span nor its children, such as %+v", len(others), others[0])
	}
	byID := map[string]Span{}
	for _, s := range children {
		if s.Name != "task chaos" {
			t.Errorf("child span %q, want task chaos", s.Name)
		}
		if _, dup := byID[s.SpanID]; dup {
			t.Errorf("span ID %s received twice", s.SpanID)
		}
		byID[s.SpanID] = s
	}

	// The task log records match the task spans one to one.
	matched := map[string]bool{}
	tasks := 0
	for _, l := range c.Logs(t) {
		if l.Attributes["event"] != "task" {
			continue
		}
		tasks++
		s, ok := byID[l.SpanID]
		switch {
		case !ok:
			t.Errorf("task log record with span ID %q matches no task span", l.SpanID)
		case l.TraceID != s.TraceID || l.TraceID != load.TraceID:
			t.Errorf("task log record of span %s has trace %s, want %s", l.SpanID, l.TraceID, s.TraceID)
		case matched[l.SpanID]:
			t.Errorf("two task log records for span %s", l.SpanID)
		}
		matched[l.SpanID] = true
	}
	if tasks != n || len(matched) != n {
		t.Errorf("got %d event=task log records matching %d distinct spans, want %d and %d", tasks, len(matched), n, n)
	}

	// Cumulative: the latest point of each series, summed over them.
	sum, exports := latestSum(t, c, "vigia_requests_total")
	if sum != n {
		t.Errorf("vigia_requests_total: the latest points of %d exports sum to %v, want %d", exports, sum, n)
	}

	// Every batch of every signal carries the process's resource.
	var id any
	res := c.Resources(t)
	if len(res) == 0 {
		t.Fatal("no resource received")
	}
	for _, r := range res {
		for _, k := range []string{"service.name", "service.version", "service.instance.id", "host.name", "os.type"} {
			if v, _ := r.Attributes[k].(string); v == "" {
				t.Errorf("%s resource lacks %s: %v", r.Signal, k, r.Attributes)
			}
		}
		if r.Attributes["service.name"] != "vigia" {
			t.Errorf("%s resource: service.name = %v, want vigia", r.Signal, r.Attributes["service.name"])
		}
		if id == nil {
			id = r.Attributes["service.instance.id"]
		} else if r.Attributes["service.instance.id"] != id {
			t.Errorf("%s resource: service.instance.id %v, want %v as the others", r.Signal, r.Attributes["service.instance.id"], id)
		}
	}
	t.Logf("received %d spans, %d log records, %d metric exports of vigia_requests_total, %d resources",
		len(spans), len(c.Logs(t)), exports, len(res))
}

// TestOtelCollectorRestart: the Collector is killed (SIGKILL) in the middle
// of a 3000-task load and started again on the same port. Vigía keeps
// working: it exits 0 with every task in app.log; app.log has one WARN when
// the outage starts and one INFO when the export recovers; the drop count
// it reports is exact: the spans received plus those it says were dropped
// are the spans produced (3000 tasks and the load span); and the loss is
// bounded by the queue, made small here (512): the batches that fail while
// the Collector is down are kept and tried again, so that what is lost is
// what the outage produced beyond the queue, and never more than the queue
// for an outage of less than twice the queue's worth of tasks. Only traces
// are exported, so that the count Vigía reports (its recovery record's
// "dropped" sums every signal) is of spans alone; --debug makes it log its
// total at exit as well.
func TestOtelCollectorRestart(t *testing.T) {
	const (
		n     = 3000
		queue = 512
	)
	c := startCollector(t)
	dir := t.TempDir()
	logDir := filepath.Join(dir, "logs")
	cmd := exec.Command(binary, "--debug", "--log-dir", logDir, "--data-dir", filepath.Join(dir, "data"),
		"load", "--model", "chaos", "--requests", fmt.Sprint(n), "--concurrency", "8",
		"--param", "latency=20ms", "--param", "jitter=0s")
	cmd.Env = []string{"HOME=" + t.TempDir(), "PATH=" + os.Getenv("PATH"), "LANG=en_US.UTF-8",
		"OTEL_EXPORTER_OTLP_ENDPOINT=" + c.Endpoint, "OTEL_LOGS_EXPORTER=none", "OTEL_METRICS_EXPORTER=none",
		"OTEL_BSP_SCHEDULE_DELAY=200", fmt.Sprintf("OTEL_BSP_MAX_QUEUE_SIZE=%d", queue)}
	stderr := &lockedBuffer{}
	cmd.Stderr = stderr
	start := time.Now()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := watch(t, cmd, stderr)
	appLog := filepath.Join(logDir, "app.log")
	tasks := func() int { return strings.Count(readIfExists(appLog), `"event":"task"`) }
	outageSaid := func() bool {
		for _, r := range readEventsLoose(appLog) {
			if r["event"] == "otel_export" && level(r) == "WARN" {
				return true
			}
		}
		return false
	}

	c.WaitFor(t, "the first spans", 60*time.Second, func() bool { return len(c.Spans(t)) > 0 && tasks() >= n/5 })
	c.Stop(t)
	killedAt, atKill := time.Now(), tasks()
	waitFor(t, "app.log to say that the export fails", 30*time.Second, outageSaid)
	time.Sleep(time.Second) // an outage of a second or more, while tasks run
	atRestart := tasks()
	c.Restart(t)
	restartedAt := time.Now()
	t.Logf("killed the collector at %d tasks (%v in), restarted it at %d tasks after %v",
		atKill, killedAt.Sub(start).Round(time.Millisecond), atRestart, restartedAt.Sub(killedAt).Round(time.Millisecond))
	if atRestart >= n {
		t.Fatalf("the load ended (%d tasks) before the collector came back: make it longer", atRestart)
	}

	select {
	case err := <-exited:
		if err != nil {
			t.Fatalf("vigia load: %v; stderr:\n%s", err, stderr.String())
		}
	case <-time.After(120 * time.Second):
		t.Fatalf("vigia load did not end; stderr:\n%s", dump(cmd, exited, stderr))
	}
	t.Logf("vigia load of %d tasks took %v", n, time.Since(start).Round(time.Millisecond))
	if got := len(taskRecords(t, logDir)); got != n {
		t.Errorf("app.log has %d task records, want %d", got, n)
	}

	var warns, recovered, atExit []map[string]any
	atRecovery := 0 // task records written before the recovery record
	for _, r := range logRecords(t, logDir, "app") {
		if r["event"] == "task" && len(recovered) == 0 {
			atRecovery++
		}
		if r["event"] != "otel_export" {
			continue
		}
		msg, _ := r["msg"].(string)
		switch {
		case level(r) == "WARN":
			warns = append(warns, r)
		case level(r) == "INFO" && strings.Contains(msg, "recovered"):
			recovered = append(recovered, r)
		case strings.Contains(msg, "export stopped"):
			atExit = append(atExit, r)
		}
	}
	if len(warns) != 1 || len(recovered) != 1 {
		t.Fatalf("app.log has %d WARN and %d recovery INFO otel_export records, want 1 and 1: %v %v", len(warns), len(recovered), warns, recovered)
	}
	if len(atExit) != 1 {
		for _, r := range logRecords(t, logDir, "debug") {
			if m, _ := r["msg"].(string); r["event"] == "otel_export" && strings.Contains(m, "export stopped") {
				atExit = append(atExit, r)
			}
		}
	}
	dropped, ok := recovered[0]["dropped"].(float64)
	if !ok {
		t.Fatalf("the recovery record has no dropped count: %v", recovered[0])
	}

	spans := c.Spans(t)
	_, children, others := loadTree(t, spans)
	if len(others) != 0 {
		t.Errorf("%d spans are neither the load span nor its children", len(others))
	}
	// A batch cut by the kill may be retried and arrive twice: count
	// distinct spans.
	distinct := map[string]bool{}
	for _, s := range spans {
		distinct[s.SpanID] = true
	}
	produced := n + 1
	t.Logf("received %d spans (%d distinct, %d tasks); app.log reports %v dropped; produced %d", len(spans), len(distinct), len(children), dropped, produced)
	if len(distinct)+int(dropped) != produced {
		t.Errorf("spans received (%d) + dropped as reported (%v) = %d, want the %d produced", len(distinct), dropped, len(distinct)+int(dropped), produced)
	}
	if dropped < 1 {
		t.Errorf("the outage dropped nothing: the kill did not bite")
	}
	// What the outage lost is what ended while no export could succeed,
	// from the kill to the recovery, and what waited at the kill (a few
	// hundred milliseconds' worth at most: slack), beyond what the queue
	// kept. Without the retry it would be all of it.
	const slack = 250
	outage := atRecovery - atKill
	t.Logf("%d tasks ended from the kill to the recovery (%v ms after the first failure); %v dropped, queue %d",
		outage, recovered[0]["outage_ms"], dropped, queue)
	if bound := max(outage-queue, 0) + slack; int(dropped) > bound {
		t.Errorf("dropped %v spans, more than the %d tasks of the outage less the queue (%d), with %d of slack", dropped, outage, queue, slack)
	}
	if outage < 2*queue-slack && int(dropped) > queue {
		t.Errorf("dropped %v spans, more than the queue (%d), in an outage of %d tasks", dropped, queue, outage)
	}
	if len(atExit) == 1 {
		if total, _ := atExit[0]["dropped"].(float64); total != dropped {
			t.Errorf("at exit Vigía says %v dropped in all, the recovery record %v", total, dropped)
		}
	} else {
		t.Logf("no single export-stopped record at exit: %v", atExit)
	}
	// The chaos model's simulated panics show on stderr as task records:
	// only a race is a failure there.
	if s := stderr.String(); strings.Contains(s, "DATA RACE") {
		t.Errorf("stderr shows a race:\n%s", tail(s))
	}
}

// TestOtelWindow: a window session with OTLP on exports too: one task run
// with the keyboard (text, Ctrl+Enter, the default model) reaches the
// Collector as a span and an event=task log record carrying the window's
// session.id, after Ctrl+Q.
func TestOtelWindow(t *testing.T) {
	c := startCollector(t)
	display, logDir, cmd, stderr, exited := startGUI(t, []string{"LANG=en_US.UTF-8", "OTEL_EXPORTER_OTLP_ENDPOINT=" + c.Endpoint})
	win := waitWindow(t, display, cmd, exited, stderr)
	title := x(t, display, "xdotool", "getwindowname", win)
	appLog := filepath.Join(logDir, "app.log")
	x(t, display, "xdotool", "windowfocus", "--sync", win)
	x(t, display, "xdotool", "type", "--delay", "20", "I love this app, it works great")
	x(t, display, "xdotool", "key", "--clearmodifiers", "ctrl+Return")
	waitFor(t, "the task record in app.log", 30*time.Second, func() bool {
		return strings.Count(readIfExists(appLog), `"event":"task"`) == 1
	})
	quitGUI(t, display, win, cmd, exited, stderr)

	recs := taskRecords(t, logDir)
	if len(recs) != 1 {
		t.Fatalf("app.log has %d task records, want 1", len(recs))
	}
	session, _ := recs[0]["session"].(string)
	if session == "" || !strings.HasSuffix(strings.TrimSpace(title), session[len(session)-8:]) {
		t.Errorf("the task record's session %q is not the window's (%q)", session, title)
	}
	var task *Span
	for _, s := range c.Spans(t) {
		if strings.HasPrefix(s.Name, "task ") {
			if task != nil {
				t.Errorf("more than one task span: %+v", s)
			}
			task = &s
		}
	}
	if task == nil {
		t.Fatalf("no task span among %d spans", len(c.Spans(t)))
	}
	if task.Name != "task sentiment" || task.Attributes["session.id"] != session || task.Attributes["vigia.outcome"] != "ok" {
		t.Errorf("task span %s %v, want task sentiment with session.id %s and vigia.outcome ok", task.Name, task.Attributes, session)
	}
	if recs[0]["trace_id"] != task.TraceID || recs[0]["span_id"] != task.SpanID {
		t.Errorf("app.log's task record has trace %v span %v, want the span's %s %s", recs[0]["trace_id"], recs[0]["span_id"], task.TraceID, task.SpanID)
	}
	var logs int
	for _, l := range c.Logs(t) {
		if l.Attributes["event"] != "task" {
			continue
		}
		logs++
		if l.TraceID != task.TraceID || l.SpanID != task.SpanID || l.Attributes["session"] != session {
			t.Errorf("task log record: trace %s span %s session %v, want %s %s %s", l.TraceID, l.SpanID, l.Attributes["session"], task.TraceID, task.SpanID, session)
		}
	}
	if logs != 1 {
		t.Errorf("the collector got %d event=task log records, want 1", logs)
	}
	if task.Resource["service.name"] != "vigia" {
		t.Errorf("resource %v, want service.name vigia", task.Resource)
	}
}
