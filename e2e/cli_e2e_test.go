package e2e

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestRunCommandBinary runs `vigia run` as a script would: the happy path
// and every error path, with their exit codes.
func TestRunCommandBinary(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.txt")
	if err := os.WriteFile(bad, []byte("caf\xe9 latin-1"), 0o600); err != nil {
		t.Fatal(err)
	}
	logs := "--log-dir=" + filepath.Join(dir, "logs")
	cases := []struct {
		name       string
		args       []string
		wantCode   int
		wantStdout string
		wantStderr string
	}{
		{"sentiment", []string{"run", "--model", "sentiment", "I love this app, it works great"}, 0, "positive", ""},
		{"spanish after global flag", []string{logs, "run", "--model", "language", "El gobierno anunció nuevas ayudas para los agricultores afectados por la sequía"}, 0, "Spanish", ""},
		{"json", []string{"run", "--json", "--model", "keywords", "Solar panels and battery storage cut the cost of solar power."}, 0, `"text"`, ""},
		{"no model", []string{"run", "hello"}, 2, "", "run needs --model"},
		{"unknown model", []string{"run", "--model", "gpt9", "hello"}, 2, "", `unknown model "gpt9"`},
		{"bad param", []string{"run", "--model", "summarize", "--param", "sentences=0", "a. b."}, 2, "", "sentences=0 must be between 1 and 50"},
		{"rates over 1", []string{"run", "--model", "chaos", "--param", "error_rate=0.8", "--param", "panic_rate=0.5", "x"}, 2, "", "error_rate"},
		{"missing file", []string{"run", "--model", "sentiment", "--input", filepath.Join(dir, "nope.txt")}, 1, "", "can't read the input"},
		{"invalid utf-8", []string{"run", "--model", "sentiment", "--input", bad}, 1, "", "input is not valid UTF-8"},
		{"task error", []string{"run", "--model", "chaos", "--param", "latency=0s", "--param", "jitter=0s", "--param", "error_rate=1", "--param", "panic_rate=0", "x"}, 1, "", "vigia: chaos: simulated error"}, // half of them add " (HTTP 503)"
		{"task panic", []string{"run", "--model", "chaos", "--param", "latency=0s", "--param", "jitter=0s", "--param", "error_rate=0", "--param", "panic_rate=1", "x"}, 1, "", "model chaos crashed (chaos: simulated panic); the stack is in"},
		{"endpoint unreachable", []string{"run", "--model", "openai", "--param", "base_url=http://127.0.0.1:9/v1", "--param", "timeout=2s", "hi"}, 1, "", "can't reach"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			args := c.args
			if !strings.HasPrefix(args[0], "--log-dir") {
				args = append([]string{logs}, args...)
			}
			code, out, errOut := vigia(t, nil, args...)
			if code != c.wantCode || !strings.Contains(out, c.wantStdout) || !strings.Contains(errOut, c.wantStderr) {
				t.Errorf("got %d, stdout %q, stderr %q; want %d, %q, %q", code, out, errOut, c.wantCode, c.wantStdout, c.wantStderr)
			}
			if code == 1 && strings.Count(strings.TrimSpace(errOut), "\n") != 0 {
				t.Errorf("a failed task printed %q, want one line", errOut)
			}
			if strings.Contains(errOut, "goroutine ") || strings.Contains(errOut, "panic:") {
				t.Errorf("stderr shows a Go panic: %q", errOut)
			}
		})
	}
}

// taskRecords reads every event=task record across app.log and its
// rotated, gzipped backups.
func taskRecords(t *testing.T, dir string) []map[string]any {
	t.Helper()
	var out []map[string]any
	for _, m := range logRecords(t, dir, "app") {
		if m["event"] == "task" {
			out = append(out, m)
		}
	}
	return out
}

// logRecords reads every record of the log files under dir whose names
// start with prefix (app, debug), rotated and gzipped ones included; a
// line that is not JSON fails t.
func logRecords(t *testing.T, dir, prefix string) []map[string]any {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(dir, prefix+"*"))
	var out []map[string]any
	for _, f := range files {
		fh, err := os.Open(f)
		if err != nil {
			t.Fatal(err)
		}
		var r io.Reader = fh
		if strings.HasSuffix(f, ".gz") {
			zr, err := gzip.NewReader(fh)
			if err != nil {
				t.Fatalf("%s: %v", f, err)
			}
			r = zr
		}
		sc := bufio.NewScanner(r)
		sc.Buffer(nil, 1<<20)
		for sc.Scan() {
			var m map[string]any
			if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
				t.Fatalf("%s: not JSON: %q", f, sc.Text())
			}
			out = append(out, m)
		}
		fh.Close()
	}
	return out
}

// TestLoadCommandBinary: 20 000 chaos tasks at concurrency 8 with 10 %
// errors and 1 % panics. The JSON summary and app.log (across rotated and
// compressed files) must agree exactly.
func TestLoadCommandBinary(t *testing.T) {
	const n = 20000
	dir := filepath.Join(t.TempDir(), "logs")
	code, out, errOut := vigia(t, nil, "load", "--log-dir", dir, "--log-max-size-mb", "1", "--log-max-backups", "0",
		"--model", "chaos", "--requests", "20000", "--concurrency", "8", "--json",
		"--param", "latency=0s", "--param", "jitter=0s", "--param", "error_rate=0.1", "--param", "panic_rate=0.01")
	if code != 0 {
		t.Fatalf("got exit %d: %s", code, errOut)
	}
	var rep struct {
		Total        int64            `json:"total_requests"`
		Errors       int64            `json:"error_count"`
		ErrorRate    float64          `json:"error_rate"`
		ModelUsage   map[string]int64 `json:"model_usage"`
		ErrorsByType map[string]int64 `json:"errors_by_type"`
		P50          *float64         `json:"p50_ms"`
		Throughput   float64          `json:"throughput_rps"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("%v: %q", err, out)
	}
	if rep.Total != n || rep.ModelUsage["chaos"] != n || rep.P50 == nil || rep.Throughput <= 0 {
		t.Fatalf("got %+v, want %d requests to chaos", rep, n)
	}
	var byType int64
	for _, v := range rep.ErrorsByType {
		byType += v
	}
	if byType != rep.Errors {
		t.Errorf("errors by type add up to %d, want error_count %d", byType, rep.Errors)
	}
	// 11 % of 20 000 fail on average; 1 % panic. Bounds at about 6 sigma.
	if rep.Errors < 1900 || rep.Errors > 2500 || rep.ErrorsByType["panic"] < 120 || rep.ErrorsByType["panic"] > 290 {
		t.Errorf("got %d errors, %d panics; want about 2200 and 200", rep.Errors, rep.ErrorsByType["panic"])
	}

	tasks := taskRecords(t, dir)
	outcomes := map[string]int64{}
	for _, m := range tasks {
		outcomes[m["outcome"].(string)]++
		if m["model"] != "chaos" || m["session"] == nil || m["duration_ms"] == nil {
			t.Fatalf("bad task record %v", m)
		}
	}
	if int64(len(tasks)) != n || outcomes["panic"] != rep.ErrorsByType["panic"] || outcomes["error"]+outcomes["panic"] != rep.Errors {
		t.Errorf("app.log has %d tasks with outcomes %v; want %d, matching the summary %+v", len(tasks), outcomes, n, rep)
	}
	if gz, _ := filepath.Glob(filepath.Join(dir, "app-*.log.gz")); len(gz) == 0 {
		t.Error("no rotated, compressed log: the test did not cross a rotation")
	}
}

// TestConfigCommandBinary: "vigia config" saves what the next command uses:
// the openai endpoint saved by "config set" answers "vigia run" with no
// --param; a refused value exits 2 and changes nothing; a flag at its
// default value beats a saved value.
func TestConfigCommandBinary(t *testing.T) {
	models := make(chan string, 1)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var req struct {
			Model string `json:"model"`
		}
		_ = json.NewDecoder(r.Body).Decode(&req)
		models <- r.URL.Path + " " + req.Model
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"model":"m","choices":[{"index":0,"message":{"role":"assistant","content":"from the saved endpoint"},"finish_reason":"stop"}]}`)
	}))
	defer srv.Close()

	dir := t.TempDir()
	home := filepath.Join(dir, "home")
	path := filepath.Join(home, ".config", "vigia", "settings.json")
	env := []string{"HOME=" + home, "XDG_CONFIG_HOME="}
	logs := "--log-dir=" + filepath.Join(dir, "logs")
	steps := []struct {
		name       string
		args       []string
		wantCode   int
		wantStdout string
		wantStderr string
	}{
		{"path", []string{"config", "path"}, 0, path + "\n", ""},
		{"set the endpoint", []string{"config", "set", "openai-base-url", srv.URL + "/v1"}, 0, "", ""},
		{"set the model", []string{"config", "set", "openai-model", "saved-model"}, 0, "", ""},
		{"set a size", []string{"config", "set", "log-max-size-mb", "50"}, 0, "", ""},
		{"set out of range", []string{"config", "set", "log-max-size-mb", "5000"}, 2, "", "vigia: log-max-size-mb must be at most 1024, got 5000\n"},
		{"set a setting never saved", []string{"config", "set", "metrics-allow-remote", "true"}, 2, "", "metrics-allow-remote is never saved"},
		{"get", []string{"config", "get", "log-max-size-mb"}, 0, "50\n", ""},
		{"get an unknown key", []string{"config", "get", "colour"}, 1, "", `unknown setting "colour"`},
		{"a flag at its default beats the saved value", []string{"--log-max-size-mb", "10", "config", "get", "log-max-size-mb"}, 0, "10\n", ""},
		{"list", []string{"--push-interval", "15s", "config", "list"}, 0, "push-interval", ""},
		{"run with the saved endpoint", []string{logs, "run", "--model", "openai", "hi"}, 0, "from the saved endpoint\n", ""},
		{"unset", []string{"config", "unset", "openai-base-url"}, 0, "", ""},
		{"get the default again", []string{"config", "get", "openai-base-url"}, 0, "http://127.0.0.1:11434/v1\n", ""},
	}
	for _, s := range steps {
		code, out, errOut := vigia(t, env, s.args...)
		if code != s.wantCode || !strings.Contains(out, s.wantStdout) || !strings.Contains(errOut, s.wantStderr) || (s.wantStderr == "" && errOut != "") {
			t.Fatalf("%s: got %d, stdout %q, stderr %q; want %d, %q, %q", s.name, code, out, errOut, s.wantCode, s.wantStdout, s.wantStderr)
		}
		switch s.name {
		case "run with the saved endpoint":
			if got := <-models; got != "/v1/chat/completions saved-model" {
				t.Errorf("the server got %q, want the saved model at /v1/chat/completions", got)
			}
		case "list":
			want := map[string]string{"log-max-size-mb": "50 saved", "push-interval": "15s flag", "openai-model": "saved-model saved", "cache-ttl": "1h default"}
			for _, l := range strings.Split(out, "\n") {
				f := strings.Fields(l)
				if len(f) != 3 {
					continue
				}
				if w, ok := want[f[0]]; ok {
					if got := f[1] + " " + f[2]; got != w {
						t.Errorf("list: %s is %q, want %q", f[0], got, w)
					}
					delete(want, f[0])
				}
			}
			if len(want) != 0 {
				t.Errorf("list lacks %v:\n%s", want, out)
			}
		}
	}
	fi, err := os.Stat(path)
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("settings file %s: %v; want mode 0600", path, err)
	}
	b, _ := os.ReadFile(path)
	if !strings.Contains(string(b), `"log-max-size-mb": 50`) || strings.Contains(string(b), "5000") || strings.Contains(string(b), "openai-base-url") {
		t.Errorf("settings file:\n%s\nwant log-max-size-mb 50, no 5000, no openai-base-url", b)
	}
}
