package cli

import (
	"archive/zip"
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"vigia/models"
	"vigia/report"
)

// echo returns its input; flaky fails every 10th call and panics every
// 100th; slow waits for its context.
type echo struct{}

func (echo) Name() string        { return "echo" }
func (echo) Description() string { return "Returns its input." }
func (echo) Params() []models.Param {
	return []models.Param{{Name: "upper", Kind: models.Bool, Default: "false", Help: "upper-case it"}}
}
func (echo) Cacheable(models.Values) bool { return true }
func (echo) Run(_ context.Context, in models.Input) (models.Result, error) {
	if in.Params.Bool("upper") {
		return models.Result{Text: strings.ToUpper(in.Text)}, nil
	}
	return models.Result{Text: in.Text, Data: map[string]int{"len": len(in.Text)}}, nil
}

type flaky struct{ n atomic.Int64 }

func (*flaky) Name() string                 { return "flaky" }
func (*flaky) Description() string          { return "Fails on purpose." }
func (*flaky) Params() []models.Param       { return nil }
func (*flaky) Cacheable(models.Values) bool { return false }
func (f *flaky) Run(context.Context, models.Input) (models.Result, error) {
	i := f.n.Add(1)
	switch {
	case i%100 == 0:
		panic("flaky panic")
	case i%10 == 0:
		return models.Result{}, errors.New("flaky error\nsecond line")
	}
	return models.Result{Text: "ok"}, nil
}

type slow struct{}

func (slow) Name() string                 { return "slow" }
func (slow) Description() string          { return "Waits." }
func (slow) Params() []models.Param       { return nil }
func (slow) Cacheable(models.Values) bool { return false }
func (slow) Run(ctx context.Context, _ models.Input) (models.Result, error) {
	select {
	case <-ctx.Done():
		return models.Result{}, ctx.Err()
	case <-time.After(5 * time.Millisecond):
		return models.Result{Text: "done"}, nil
	}
}

type result struct {
	code           int
	stdout, stderr string
	logDir         string
}

func runCmd(t *testing.T, ctx context.Context, stdin string, args ...string) result {
	t.Helper()
	dir := t.TempDir()
	reg := models.NewRegistry(echo{}, &flaky{}, slow{})
	var out, errOut bytes.Buffer
	env := Env{Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errOut, Models: func() *models.Registry { return reg }}
	cfg, rest, err := Parse(append([]string{"--log-dir", dir, "--data-dir", dir, "--config", filepath.Join(dir, "settings.json")}, args...), nil, &errOut)
	if err != nil {
		return result{code: ExitUsage, stderr: errOut.String()}
	}
	code := Run(ctx, cfg, rest[0], rest[1:], env)
	return result{code, out.String(), errOut.String(), dir}
}

// testConfig is the configuration of a start with its logs, data and
// settings file in dir, and an empty environment.
func testConfig(t *testing.T, dir string) Config {
	t.Helper()
	cfg, _, err := Parse([]string{"--log-dir", dir, "--data-dir", dir, "--config", filepath.Join(dir, "settings.json")}, nil, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

func taskLines(t *testing.T, dir string) []map[string]any {
	t.Helper()
	f, err := os.Open(filepath.Join(dir, "app.log"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []map[string]any
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var m map[string]any
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			t.Fatalf("app.log line is not JSON: %q", sc.Text())
		}
		if m["event"] == "task" {
			out = append(out, m)
		}
	}
	return out
}

func TestModelsCommand(t *testing.T) {
	r := runCmd(t, context.Background(), "", "models")
	if r.code != 0 || !strings.Contains(r.stdout, "echo") || !strings.Contains(r.stdout, "--param upper=") || !strings.Contains(r.stdout, "Fails on purpose.") {
		t.Errorf("got %d %q", r.code, r.stdout)
	}
	r = runCmd(t, context.Background(), "", "models", "--json")
	var ms []struct {
		Name   string `json:"name"`
		Params []struct {
			Name string `json:"name"`
		} `json:"params"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &ms); err != nil || len(ms) != 3 || ms[0].Name != "echo" || ms[0].Params[0].Name != "upper" {
		t.Errorf("got %v %+v from %q", err, ms, r.stdout)
	}
}

func TestRunCommand(t *testing.T) {
	bg := context.Background()
	file := filepath.Join(t.TempDir(), "in.txt")
	if err := os.WriteFile(file, []byte("from a file"), 0o600); err != nil {
		t.Fatal(err)
	}
	big := filepath.Join(t.TempDir(), "big.txt")
	if err := os.WriteFile(big, bytes.Repeat([]byte("a"), models.DefaultMaxInput+1), 0o600); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name       string
		stdin      string
		args       []string
		wantCode   int
		wantStdout string
		wantStderr string
	}{
		{"text", "", []string{"run", "--model", "echo", "hello", "world"}, 0, "hello world\n", ""},
		{"param", "", []string{"run", "--model", "echo", "--param", "upper=true", "hi"}, 0, "HI\n", ""},
		{"global flag after the command", "", []string{"run", "--model", "echo", "--debug", "x"}, 0, "x\n", "debug mode on"},
		{"file", "", []string{"run", "--model", "echo", "--input", file}, 0, "from a file\n", ""},
		{"stdin", "from stdin", []string{"run", "--model", "echo", "--input", "-"}, 0, "from stdin\n", ""},
		{"json", "", []string{"run", "--model", "echo", "--json", "abc"}, 0, `"text": "abc"`, ""},
		{"no model", "", []string{"run", "x"}, 2, "", "run needs --model"},
		{"unknown model", "", []string{"run", "--model", "nope", "x"}, 2, "", `unknown model "nope" (models: echo, flaky, slow)`},
		{"bad param", "", []string{"run", "--model", "echo", "--param", "upper=maybe", "x"}, 2, "", `upper="maybe" is not true or false`},
		{"unknown param", "", []string{"run", "--model", "echo", "--param", "size=3", "x"}, 2, "", `has no parameter "size"`},
		{"param without =", "", []string{"run", "--model", "echo", "--param", "upper", "x"}, 2, "", "want name=value"},
		{"no input", "", []string{"run", "--model", "echo"}, 2, "", "run needs an input"},
		{"both inputs", "", []string{"run", "--model", "echo", "--input", file, "x"}, 2, "", "not both"},
		{"unknown flag", "", []string{"run", "--model", "echo", "--frob", "x"}, 2, "", "flag provided but not defined: -frob"},
		{"missing file", "", []string{"run", "--model", "echo", "--input", "/nonexistent/in.txt"}, 1, "", "can't read the input: open /nonexistent/in.txt"},
		{"too large", "", []string{"run", "--model", "echo", "--input", big}, 1, "", "input is too large"},
		{"invalid utf-8", "bad \xff byte", []string{"run", "--model", "echo", "--input", "-"}, 1, "", "echo: input is not valid UTF-8: bad byte 0xff at offset 4"},
		{"nul byte", "a\x00b", []string{"run", "--model", "echo", "--input", "-"}, 1, "", "input contains a NUL byte"},
		{"empty", "  \n", []string{"run", "--model", "echo", "--input", "-"}, 1, "", "input is empty"},
		{"unknown command", "", []string{"frob"}, 2, "", `unknown command "frob"`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := runCmd(t, bg, c.stdin, c.args...)
			if r.code != c.wantCode || !strings.Contains(r.stdout, c.wantStdout) || !strings.Contains(r.stderr, c.wantStderr) {
				t.Errorf("got %d, stdout %q, stderr %q; want %d, %q, %q", r.code, r.stdout, r.stderr, c.wantCode, c.wantStdout, c.wantStderr)
			}
			if c.wantCode == 1 && strings.Count(r.stderr, "\n") != 1 {
				t.Errorf("a failed task printed %q, want one line", r.stderr)
			}
		})
	}
}

func TestRunFailures(t *testing.T) {
	// flaky's 10th call fails; its 100th panics.
	reg := models.NewRegistry(&flaky{})
	dir := t.TempDir()
	var out, errOut bytes.Buffer
	env := Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errOut, Models: func() *models.Registry { return reg }}
	cfg := testConfig(t, dir)
	codes := map[int]int{}
	for range 100 {
		errOut.Reset()
		codes[Run(context.Background(), cfg, "run", []string{"--model", "flaky", "x"}, env)]++
		if s := errOut.String(); s != "" && strings.Count(s, "\n") != 1 {
			t.Fatalf("failure printed %q, want one line", s)
		}
	}
	if codes[0] != 90 || codes[1] != 10 {
		t.Errorf("got exit codes %v, want 90 × 0 and 10 × 1", codes)
	}
	if !strings.Contains(errOut.String(), "model flaky crashed (flaky panic); the stack is in "+filepath.Join(dir, "app.log")) {
		t.Errorf("the last (panicking) run printed %q", errOut.String())
	}
}

func TestLoadCommand(t *testing.T) {
	r := runCmd(t, context.Background(), "", "load", "--model", "flaky,echo", "--requests", "2000", "--concurrency", "8", "--json")
	if r.code != 0 {
		t.Fatalf("got %d: %s", r.code, r.stderr)
	}
	var rep loadReport
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
		t.Fatalf("%v: %q", err, r.stdout)
	}
	// 1000 calls each: flaky fails 100 times (10 of them panics); echo is
	// cached after its first call.
	if rep.TotalRequests != 2000 || rep.ErrorCount != 100 || rep.ErrorsByType["panic"] != 10 || rep.ModelUsage["flaky"] != 1000 || rep.ModelUsage["echo"] != 1000 {
		t.Errorf("got %+v, want 2000 requests, 100 errors (10 panics), 1000 per model", rep)
	}
	if rep.Cache.Hits+rep.Cache.Misses != 1000 || rep.Cache.Hits < 990 {
		t.Errorf("got cache %+v, want 1000 lookups, nearly all hits", rep.Cache)
	}
	if rep.DurationS <= 0 || rep.ThroughputRPS <= 0 {
		t.Errorf("got duration %v throughput %v, want both positive", rep.DurationS, rep.ThroughputRPS)
	}
	tasks := taskLines(t, r.logDir)
	outcomes := map[string]int{}
	for _, m := range tasks {
		outcomes[m["outcome"].(string)]++
		for _, k := range []string{"task", "model", "duration_ms", "outcome", "session"} {
			if _, ok := m[k]; !ok {
				t.Fatalf("task record lacks %q: %v", k, m)
			}
		}
	}
	if len(tasks) != 2000 || outcomes["error"] != 90 || outcomes["panic"] != 10 || outcomes["cached"] != int(rep.Cache.Hits) {
		t.Errorf("app.log has %d task records with outcomes %v; want 2000, 90 error, 10 panic, %d cached", len(tasks), outcomes, rep.Cache.Hits)
	}
}

func TestLoadTable(t *testing.T) {
	r := runCmd(t, context.Background(), "", "load", "--model", "echo", "--requests", "10")
	for _, want := range []string{"Requests", "10", "Response time", "Model usage", "echo 10", "Cache"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("table lacks %q:\n%s", want, r.stdout)
		}
	}
}

func TestLoadUsage(t *testing.T) {
	cases := map[string][]string{
		"needs --model":            {"load"},
		"--requests must be":       {"load", "--model", "echo", "--requests", "0"},
		"--concurrency must be":    {"load", "--model", "echo", "--concurrency", "0"},
		`has a parameter "colour"`: {"load", "--model", "echo", "--param", "colour=red"},
		"not arguments":            {"load", "--model", "echo", "text"},
		`unknown model "x"`:        {"load", "--model", "echo,x"},
		"--rate must be":           {"load", "--model", "echo", "--rate", "-1"},
		"--rate must be a number":  {"load", "--model", "echo", "--rate", "NaN"},
		"invalid value":            {"load", "--model", "echo", "--rate", "fast"},
	}
	for want, args := range cases {
		if r := runCmd(t, context.Background(), "", args...); r.code != 2 || !strings.Contains(r.stderr, want) {
			t.Errorf("%v: got %d %q, want 2 and %q", args, r.code, r.stderr, want)
		}
	}
}

// TestLoadInterrupted: canceling (Ctrl-C) stops the test and still prints
// the summary so far.
func TestLoadInterrupted(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	r := runCmd(t, ctx, "", "load", "--model", "slow", "--requests", "1000000", "--concurrency", "4", "--json")
	if r.code != ExitCanceled || !strings.Contains(r.stderr, "interrupted after") {
		t.Fatalf("got %d %q, want %d and a note", r.code, r.stderr, ExitCanceled)
	}
	var rep loadReport
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil || rep.TotalRequests == 0 || rep.TotalRequests >= 1000000 {
		t.Errorf("got %v %+v, want a summary of the requests done so far", err, rep)
	}
}

// TestSessionsAndDiagnostics: each command is a session in the journal;
// "sessions" lists them with the crash-free rate; "diagnostics" bundles them.
func TestSessionsAndDiagnostics(t *testing.T) {
	dir := t.TempDir()
	reg := models.NewRegistry(echo{})
	var out, errOut bytes.Buffer
	env := Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errOut, Models: func() *models.Registry { return reg }}
	cfg := testConfig(t, dir)
	for range 2 {
		if code := Run(context.Background(), cfg, "run", []string{"--model", "echo", "x"}, env); code != 0 {
			t.Fatalf("run got %d: %s", code, errOut.String())
		}
	}
	// A session of a process that died: a start with no end.
	f, err := os.OpenFile(cfg.JournalPath(), os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	fmt.Fprintf(f, `{"type":"start","session":"dead0000-0000","time":%q,"pid":999999}`+"\n", time.Now().Add(-time.Hour).UTC().Format(time.RFC3339Nano))
	f.Close()

	out.Reset()
	if code := Run(context.Background(), cfg, "sessions", []string{"--json"}, env); code != 0 {
		t.Fatalf("sessions got %d: %s", code, errOut.String())
	}
	var h historyJSON
	if err := json.Unmarshal(out.Bytes(), &h); err != nil {
		t.Fatalf("%v: %s", err, out.String())
	}
	crashed := 0
	for _, s := range h.Sessions {
		if s.Crashed {
			crashed++
		}
	}
	if len(h.Sessions) != 3 || crashed != 1 || h.Total7d != 3 || h.CrashFree7d < 0.66 || h.CrashFree7d > 0.67 {
		t.Errorf("got %d sessions, %d crashed, crash-free %.3f of %d; want 3, 1, 2/3 of 3", len(h.Sessions), crashed, h.CrashFree7d, h.Total7d)
	}
	out.Reset()
	Run(context.Background(), cfg, "sessions", nil, env)
	if !strings.Contains(out.String(), "crashed") || !strings.Contains(out.String(), "Crash-free sessions: 66.7 % of 3 over 7 days") {
		t.Errorf("table:\n%s", out.String())
	}

	out.Reset()
	if code := Run(context.Background(), cfg, "export", []string{"--format", "csv"}, env); code != 0 || !strings.Contains(out.String(), "model,echo") {
		t.Errorf("export got %d:\n%s%s", code, out.String(), errOut.String())
	}
	if code := Run(context.Background(), cfg, "export", []string{"--format", "xml"}, env); code != ExitUsage {
		t.Errorf("export --format xml got %d, want %d", code, ExitUsage)
	}

	t.Setenv("VIGIA_OPENAI_API_KEY", "sk-diagnostics-secret-1234567890")
	zipPath := filepath.Join(t.TempDir(), "diag.zip")
	if code := Run(context.Background(), cfg, "diagnostics", []string{"--out", zipPath}, env); code != 0 {
		t.Fatalf("diagnostics got %d: %s", code, errOut.String())
	}
	zr, err := zip.OpenReader(zipPath)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	names := map[string]bool{}
	for _, zf := range zr.File {
		names[zf.Name] = true
		rc, _ := zf.Open()
		b, _ := io.ReadAll(rc)
		rc.Close()
		if strings.Contains(string(b), "sk-diagnostics-secret") {
			t.Errorf("%s holds the API key", zf.Name)
		}
		if zf.Name == "about.json" {
			// The Fyne version comes from the build information, as the
			// About dialog's: this test binary doesn't link Fyne, so it is
			// whatever ReadBuildInfo says ("unknown"), never a literal.
			var about struct {
				Fyne string `json:"fyne_version"`
			}
			if err := json.Unmarshal(b, &about); err != nil || about.Fyne != report.FyneVersion() {
				t.Errorf("about.json got fyne_version %q (%v), want %q from the build information", about.Fyne, err, report.FyneVersion())
			}
		}
	}
	for _, want := range []string{"logs/app.log", "sessions.jsonl", "settings.json", "about.json", "metrics.json"} {
		if !names[want] {
			t.Errorf("bundle lacks %s (has %v)", want, names)
		}
	}
}

func TestLoadExport(t *testing.T) {
	path := filepath.Join(t.TempDir(), "figures.csv")
	r := runCmd(t, context.Background(), "", "load", "--model", "echo", "--requests", "20", "--export", path)
	if r.code != 0 {
		t.Fatalf("got %d: %s", r.code, r.stderr)
	}
	b, err := os.ReadFile(path)
	if err != nil || !strings.HasPrefix(string(b), "kind,name,time,requests") || !strings.Contains(string(b), "model,echo") {
		t.Errorf("export got %v:\n%s", err, b)
	}
}

// TestLoadPushesMetrics: with --push-url, the final push after a load test
// carries every request.
func TestLoadPushesMetrics(t *testing.T) {
	var mu sync.Mutex
	var last string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		last = r.URL.Path + "\n" + string(b)
		mu.Unlock()
		w.WriteHeader(http.StatusOK)
	}))
	defer srv.Close()
	r := runCmd(t, context.Background(), "", "load", "--model", "flaky", "--requests", "300", "--concurrency", "4", "--push-url", srv.URL)
	if r.code != 0 {
		t.Fatalf("got %d: %s", r.code, r.stderr)
	}
	mu.Lock()
	defer mu.Unlock()
	if !strings.Contains(last, "/metrics/job/vigia/") || !strings.Contains(last, "vigia_requests_total") {
		t.Fatalf("last push: %.300q", last)
	}
}
