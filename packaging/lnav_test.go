package packaging

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"vigia/logging"
)

// lnavFormat is the lnav format for app.log, and where the .deb installs it
// (lnav reads /etc/lnav/formats/*/*.json).
const (
	lnavFormat     = "lnav/vigia_log.json"
	lnavSystemPath = "etc/lnav/formats/vigia/vigia_log.json"
)

// vigiaLog is what writeVigiaLog wrote, counted as lnav should count it.
type vigiaLog struct {
	path      string
	total     int
	byLevel   map[string]int // lnav's level names: debug, info, warning, error
	byEvent   map[string]int
	byOutcome map[string]int
	over50ms  int // records with duration_ms > 50
	sessions  map[string]int
}

// writeVigiaLog writes app.log with the real logging package, in debug mode
// so every level reaches the file: the root logger and two sessions' loggers,
// tasks with every outcome, user actions, groups, custom levels, hostile
// messages and attributes named like the record's own fields.
func writeVigiaLog(t *testing.T) vigiaLog {
	t.Helper()
	dir := t.TempDir()
	logs := logging.New(logging.Options{Dir: dir, Console: io.Discard, Debug: true})
	if err := logs.Problem(); err != nil {
		t.Fatal(err)
	}
	l := vigiaLog{
		byLevel: map[string]int{}, byEvent: map[string]int{}, byOutcome: map[string]int{},
		sessions: map[string]int{},
	}
	root := logs.Logger()
	sessions := []string{"0192a7c4-1111-7abc-8def-0123456789ab", "0192a7c4-2222-7abc-8def-ba9876543210"}
	loggers := []*slog.Logger{
		logging.WithSession(root, sessions[0]),
		logging.WithSession(root, sessions[1]),
	}
	level := func(lv slog.Level) string {
		switch {
		case lv >= slog.LevelError:
			return "error"
		case lv >= slog.LevelWarn:
			return "warning"
		case lv >= slog.LevelInfo:
			return "info"
		}
		return "debug"
	}
	// rec logs one record through log, counting it; session is "" for the
	// root logger.
	rec := func(log *slog.Logger, session string, lv slog.Level, msg string, args ...any) {
		t.Helper()
		log.Log(t.Context(), lv, msg, args...)
		l.total++
		l.byLevel[level(lv)]++
		for i := 0; i+1 < len(args); i += 2 {
			k, _ := args[i].(string)
			switch k {
			case "event":
				l.byEvent[args[i+1].(string)]++
			case "outcome":
				l.byOutcome[args[i+1].(string)]++
			case "duration_ms":
				if args[i+1].(float64) > 50 {
					l.over50ms++
				}
			}
		}
		if session != "" {
			l.sessions[session]++
		}
	}

	rec(root, "", slog.LevelInfo, "Vigía starting", "event", "app_start", "version", "0.1.0", "pid", 4242)
	for i, s := range sessions {
		rec(loggers[i], s, slog.LevelInfo, "session started", "event", "session_start")
	}
	outcomes := []string{"ok", "ok", "ok", "cached", "error", "panic", "canceled"}
	models := []string{"sentiment", "keywords", "summarize", "language", "chaos"}
	for i := range 700 {
		s := i % 2
		outcome := outcomes[i%len(outcomes)]
		model := models[i%len(models)]
		ms := float64(i%97) + 0.25
		lv := slog.LevelInfo
		args := []any{"event", "task", "task", "model:" + model, "model", model, "duration_ms", ms, "outcome", outcome}
		if outcome == "error" || outcome == "panic" {
			lv = slog.LevelError
			args = append(args, "error", "boom\n\"quoted\"", "stack", "goroutine 1 [running]:\nmain.main()\n\tmain.go:1 +0x1d")
		}
		rec(loggers[s], sessions[s], lv, fmt.Sprintf("Task model:%s took %.3f seconds", model, ms/1000), args...)
		if i%10 == 0 {
			rec(loggers[s], sessions[s], slog.LevelInfo, "User Action: button_click",
				"event", "user_action", "action", "button_click", "details", "Procesar clicked")
		}
		if i%50 == 0 {
			rec(loggers[s], sessions[s], slog.LevelDebug, "Data fetch completed in 0.00 seconds",
				"key", slog.GroupValue(slog.String("model", model), slog.Int("n", i)))
		}
	}
	// Groups, opened by WithGroup and inline: what is in a group is not a
	// top-level field (http.op is no event).
	rec(root.WithGroup("http").With("path", "/metrics"), "", slog.LevelWarn, "metrics exporter slow",
		"op", "export", "status", 503, "took", slog.GroupValue(slog.Float64("seconds", 2.5)))
	rec(loggers[0], sessions[0], slog.LevelInfo, "grouped", slog.Group("req", "id", 7, slog.Group("inner", "ok", true)))
	// Levels between and beyond the named ones: INFO+2, WARN-1, ERROR+4.
	rec(root, "", slog.LevelInfo+2, "notice-ish")
	rec(root, "", slog.LevelWarn-1, "almost a warning")
	rec(root, "", slog.LevelError+4, "worse than an error", "event", "crash")
	// Hostile text: newlines, quotes, control and escape characters, invalid
	// UTF-8, a long message, a secret, and attributes named like the
	// record's own fields.
	rec(loggers[1], sessions[1], slog.LevelWarn, "line one\nline two\r\n\t\"quoted\" \\ \x1b[31mred\x1b[0m \x00 \xff\xfe ñ ✓ \u2028")
	rec(loggers[1], sessions[1], slog.LevelInfo, strings.Repeat("long ", 4000), "event", "long")
	rec(loggers[0], sessions[0], slog.LevelInfo, "connecting", "api_key", "sk-not-for-your-eyes-1234567890")
	rec(root, "", slog.LevelInfo, "colliding attributes", "time", "yesterday", "level", "weird", "msg", "other")
	for i, s := range sessions {
		rec(loggers[i], s, slog.LevelInfo, "session ended", "event", "session_end", "duration_ms", 12345.5, "tasks", 350)
	}
	if err := logs.Close(); err != nil {
		t.Fatal(err)
	}
	l.path = logs.AppLogPath()

	// Every record is one line of app.log, beside the System's own: in
	// debug mode it starts with an event=debug_mode record, which lnav must
	// count too.
	data, err := os.ReadFile(l.path)
	if err != nil {
		t.Fatal(err)
	}
	written := l.total
	for line := range strings.Lines(string(data)) {
		var r struct{ Event, Logger string }
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			t.Fatalf("%s: %v: %s", l.path, err, line)
		}
		if r.Event == "debug_mode" && r.Logger == "vigia" {
			l.total++
			l.byLevel[level(slog.LevelInfo)]++
			l.byEvent[r.Event]++
		}
	}
	if n := bytes.Count(data, []byte("\n")); n != l.total || l.total > written+1 {
		t.Fatalf("%s has %d lines; %d records were written, and the System wrote %d", l.path, n, written, l.total-written)
	}
	return l
}

// lnavEnv is an environment for lnav with a scratch HOME, so it neither
// reads nor writes the user's configuration.
func lnavEnv(t *testing.T) []string {
	t.Helper()
	home := t.TempDir()
	env := []string{"HOME=" + home, "TERM=dumb", "LANG=C.UTF-8", "TMPDIR=" + t.TempDir()}
	if p, ok := os.LookupEnv("PATH"); ok {
		env = append(env, "PATH="+p)
	}
	return env
}

// lnav runs lnav with env and args. lnav exits 0 after a failed command or
// query and says so on stderr, so anything on stderr fails the test: that
// includes format errors, and the warnings -W asks for.
func lnav(t *testing.T, env []string, args ...string) string {
	t.Helper()
	stdout, stderr := lnavRun(t, env, args...)
	if stderr != "" {
		t.Fatalf("lnav %s:\nstderr:\n%s\nstdout:\n%s", strings.Join(args, " "), stderr, stdout)
	}
	return stdout
}

// lnavRun runs lnav and returns what it wrote; it fails the test when lnav
// fails.
func lnavRun(t *testing.T, env []string, args ...string) (stdout, stderr string) {
	t.Helper()
	cmd := exec.Command("lnav", args...)
	cmd.Env = env
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	if err := cmd.Run(); err != nil {
		t.Fatalf("lnav %s: %v\nstderr:\n%s\nstdout:\n%s", strings.Join(args, " "), err, errOut.String(), out.String())
	}
	return out.String(), errOut.String()
}

// lnavQuery runs one SQL query headless and returns its rows.
func lnavQuery(t *testing.T, env []string, config []string, file, query string) []map[string]any {
	t.Helper()
	args := append(append([]string{"-W", "-n"}, config...), "-c", ";"+query, "-c", ":write-json-to -", file)
	out := lnav(t, env, args...)
	var rows []map[string]any
	if err := json.Unmarshal([]byte(out), &rows); err != nil {
		t.Fatalf("lnav %q: %v\n%s", query, err, out)
	}
	return rows
}

// countsOf turns rows of (key, n) into a map.
func countsOf(t *testing.T, rows []map[string]any, key string) map[string]int {
	t.Helper()
	m := map[string]int{}
	for _, r := range rows {
		k, _ := r[key].(string)
		n, ok := r["n"].(float64)
		if !ok {
			t.Fatalf("row %v has no count", r)
		}
		m[k] = int(n)
	}
	return m
}

func lnavVersion(t *testing.T) string {
	out, err := exec.Command("lnav", "-V").Output()
	if err != nil {
		t.Fatalf("lnav -V: %v", err)
	}
	return strings.TrimSpace(string(out))
}

// TestLnavFormat writes a log with the logging package, installs
// lnav/vigia_log.json the two ways the README gives (lnav -i into a scratch
// HOME, and the .deb's system layout formats/vigia/ under a configuration
// directory), and checks with lnav's SQL that every record is a vigia_log
// message with the right level and fields, and that lnav reports nothing
// wrong with the format.
func TestLnavFormat(t *testing.T) {
	need(t, "lnav")
	t.Logf("%s", lnavVersion(t))
	log := writeVigiaLog(t)
	format, err := filepath.Abs(lnavFormat)
	if err != nil {
		t.Fatal(err)
	}

	// lnav -i, as a tarball user installs it: into ~/.lnav/formats/installed.
	installed := lnavEnv(t)
	// It reports success on stderr: "✔ installed -- PATH".
	stdout, stderr := lnavRun(t, installed, "-W", "-i", format)
	if !strings.HasPrefix(stderr, "✔ installed -- ") || strings.Count(stderr, "\n") != 1 || stdout != "" {
		t.Fatalf("lnav -i %s:\nstderr:\n%s\nstdout:\n%s", format, stderr, stdout)
	}
	t.Logf("lnav -i: %s", strings.TrimSpace(stderr))
	// The .deb's layout: /etc/lnav/formats/vigia/vigia_log.json; -I adds a
	// configuration directory laid out like /etc/lnav.
	system := t.TempDir()
	if err := os.MkdirAll(filepath.Join(system, "formats", "vigia"), 0o755); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(format)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(system, "formats", "vigia", "vigia_log.json"), data, 0o644); err != nil {
		t.Fatal(err)
	}

	for _, c := range []struct {
		name   string
		env    []string
		config []string
	}{
		{"lnav -i", installed, nil},
		{"system layout", lnavEnv(t), []string{"-I", system}},
	} {
		t.Run(c.name, func(t *testing.T) {
			// The count, as a reader would ask for it.
			args := append(append([]string{"-W", "-n"}, c.config...), "-c", ";SELECT count(*) FROM vigia_log", log.path)
			out := lnav(t, c.env, args...)
			t.Logf("lnav -n -c ';SELECT count(*) FROM vigia_log' app.log:\n%s", out)
			fields := strings.Fields(out)
			if len(fields) != 2 || fields[0] != "count(*)" || fields[1] != strconv.Itoa(log.total) {
				t.Errorf("SELECT count(*) FROM vigia_log printed %q; want %d, every record written", out, log.total)
			}

			q := func(query string) []map[string]any { return lnavQuery(t, c.env, c.config, log.path, query) }
			if rows := q("SELECT format, count(*) AS n FROM lnav_file GROUP BY format"); len(rows) != 1 || rows[0]["format"] != "vigia_log" {
				t.Errorf("lnav_file: %v; want app.log read as vigia_log", rows)
			}
			if got := countsOf(t, q("SELECT log_level, count(*) AS n FROM vigia_log GROUP BY log_level"), "log_level"); !maps.Equal(got, log.byLevel) {
				t.Errorf("records by level: lnav %v, written %v", got, log.byLevel)
			}
			if got := countsOf(t, q("SELECT count(*) AS n FROM vigia_log WHERE log_level = 'error'"), ""); got[""] != log.byLevel["error"] {
				t.Errorf("log_level = 'error': lnav %d, written %d", got[""], log.byLevel["error"])
			}
			if got := countsOf(t, q("SELECT event, count(*) AS n FROM vigia_log WHERE event IS NOT NULL GROUP BY event"), "event"); !maps.Equal(got, log.byEvent) {
				t.Errorf("records by event: lnav %v, written %v", got, log.byEvent)
			}
			if got := countsOf(t, q("SELECT outcome, count(*) AS n FROM vigia_log WHERE event = 'task' GROUP BY outcome"), "outcome"); !maps.Equal(got, log.byOutcome) {
				t.Errorf("tasks by outcome: lnav %v, written %v", got, log.byOutcome)
			}
			if got := countsOf(t, q("SELECT session, count(*) AS n FROM vigia_log WHERE logger LIKE 'vigia.session.%' GROUP BY session"), "session"); !maps.Equal(got, log.sessions) {
				t.Errorf("records by session: lnav %v, written %v", got, log.sessions)
			}
			// duration_ms is a number: compared as one, not as text ("9.25" > "50").
			if got := countsOf(t, q("SELECT count(*) AS n FROM vigia_log WHERE duration_ms > 50"), ""); got[""] != log.over50ms {
				t.Errorf("duration_ms > 50: lnav %d, written %d", got[""], log.over50ms)
			}
			rows := q("SELECT task, model, duration_ms, outcome, log_body FROM vigia_log WHERE event = 'task' ORDER BY log_line LIMIT 1")
			if len(rows) != 1 || rows[0]["task"] != "model:sentiment" || rows[0]["model"] != "sentiment" ||
				rows[0]["duration_ms"] != 0.25 || rows[0]["outcome"] != "ok" ||
				rows[0]["log_body"] != "Task model:sentiment took 0.000 seconds" {
				t.Errorf("first task: %v", rows)
			}

			// The log view: each record is one formatted message (time,
			// level, short logger, event, outcome, message), none shown raw;
			// a message's own newlines continue it on the next lines, and
			// the fields the line does not show follow, indented.
			args = append(append([]string{"-W", "-n"}, c.config...), log.path)
			view := lnav(t, c.env, args...)
			if strings.Contains(view, `{"time":`) {
				t.Errorf("lnav shows some lines raw, not as vigia_log messages")
			}
			head := regexp.MustCompile(`(?m)^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} (?:DEBUG|INFO|WARN|ERROR)(?:[+-]\d+)? +(?:vigia {19}|vigia\.sessi\.\.[0-9a-f]{11}) `)
			wantView := "vigia.sessi..123456789ab task          ok       Task model:sentiment took 0.000 seconds\n"
			if heads := len(head.FindAllStringIndex(view, -1)); heads != log.total || !strings.Contains(view, wantView) {
				t.Errorf("lnav view: %d message lines for %d records, or no line ending %q:\n%s", heads, log.total, wantView, firstLines(view, 20))
			}
		})
	}
}

func firstLines(s string, n int) string {
	lines := strings.SplitAfter(s, "\n")
	return strings.Join(lines[:min(n, len(lines))], "")
}

// TestLnavFormatFile checks the format file without lnav: its name, and
// that every field the brief promises is mapped.
func TestLnavFormatFile(t *testing.T) {
	data, err := os.ReadFile(lnavFormat)
	if err != nil {
		t.Fatal(err)
	}
	var formats map[string]json.RawMessage
	if err := json.Unmarshal(data, &formats); err != nil {
		t.Fatalf("%s: %v", lnavFormat, err)
	}
	var f struct {
		JSON           bool              `json:"json"`
		TimestampField string            `json:"timestamp-field"`
		LevelField     string            `json:"level-field"`
		BodyField      string            `json:"body-field"`
		Level          map[string]string `json:"level"`
		Value          map[string]struct {
			Kind string `json:"kind"`
		} `json:"value"`
	}
	if err := json.Unmarshal(formats["vigia_log"], &f); err != nil {
		t.Fatalf("%s: vigia_log: %v", lnavFormat, err)
	}
	if !f.JSON || f.TimestampField != "time" || f.LevelField != "level" || f.BodyField != "msg" {
		t.Errorf("vigia_log: json %v, timestamp %q, level %q, body %q; want true, time, level, msg", f.JSON, f.TimestampField, f.LevelField, f.BodyField)
	}
	for _, lv := range []string{"debug", "info", "warning", "error"} {
		if f.Level[lv] == "" {
			t.Errorf("vigia_log: no pattern for level %s", lv)
		}
	}
	want := map[string]string{"logger": "string", "session": "string", "event": "string", "task": "string",
		"model": "string", "duration_ms": "float", "outcome": "string"}
	for k, kind := range want {
		if f.Value[k].Kind != kind {
			t.Errorf("vigia_log: value %s has kind %q, want %q", k, f.Value[k].Kind, kind)
		}
	}
	if keys := slices.Sorted(maps.Keys(formats)); !slices.Equal(keys, []string{"$schema", "vigia_log"}) {
		t.Errorf("%s defines %v; want vigia_log only", lnavFormat, keys)
	}
}
