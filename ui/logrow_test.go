package ui

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"math"
	"strings"
	"testing"
	"time"
	"unicode"

	"vigia/logging"
)

// ringEntry logs one record through a logging system's session logger and
// returns it as the ring keeps it.
func ringEntry(t testing.TB, msg string, args ...any) logging.Entry {
	t.Helper()
	sys := logging.New(logging.Options{Dir: t.TempDir(), Console: io.Discard})
	t.Cleanup(func() { _ = sys.Close() })
	logging.WithSession(sys.Logger(), "0123456789abcdef-session").Info(msg, args...)
	all := sys.Ring().Snapshot()
	if len(all) == 0 {
		t.Fatal("the ring holds no record")
	}
	return all[len(all)-1]
}

func TestLogRowColumns(t *testing.T) {
	for _, c := range []struct {
		name    string
		msg     string
		args    []any
		event   string
		outcome string
		text    string // the message column, whole
	}{
		{"task: fields the message has are left out, the shortest first", "Task model:upper took 0.001 seconds",
			[]any{"event", "task", "task", "model:upper", "model", "upper", "duration_ms", 1.23456, "outcome", "ok"},
			"task", "ok", "Task model:upper took 0.001 seconds  outcome=ok model=upper duration_ms=1.235"},
		{"the error first", "Task x took 0.1 seconds (error)",
			[]any{"event", "task", "outcome", "error", "error", "boom"},
			"task", "error", "Task x took 0.1 seconds (error)  error=boom outcome=error"},
		{"no fields", "session started", []any{"event", "session_start"}, "session_start", "", "session started"},
		{"quoted, escaped and cut", "a\nb",
			[]any{"details", "level=INFO x", "text", strings.Repeat("z", 60), "big", 12345.678, "d", 1500 * time.Millisecond},
			"", "", `a\nb  d=1.5s big=12346 details="level=INFO x" text=` + strings.Repeat("z", logFieldMax-1) + "…"},
		{"controls and bidi", "x\u202eevil\x1b[31m", []any{"k", "v\u2066"},
			"", "", `x\u202eevil\u001b[31m  k="v\u2066"`},
		{"groups are dotted", "g", []any{slog.Group("req", "id", 7)}, "", "", "g  req.id=7"},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := makeLogRow(ringEntry(t, c.msg, c.args...))
			if r.event != c.event || r.outcome != c.outcome || r.text != c.text {
				t.Errorf("got event %q outcome %q text\n%q\nwant %q %q\n%q", r.event, r.outcome, r.text, c.event, c.outcome, c.text)
			}
			if r.session != "-session" || len(r.time) != len("15:04:05.000") {
				t.Errorf("got session %q time %q", r.session, r.time)
			}
		})
	}
}

func TestLogRowDetailAndCopies(t *testing.T) {
	r := makeLogRow(ringEntry(t, "Task x took 0.1 seconds", "event", "task", "outcome", "panic",
		"stack", "goroutine 1:\n\tmain.go:1", "n", 3, "ratio", math.Inf(1), "err", errors.New("bad"),
		"dur", time.Second, slog.Group("req", "id", "r1")))
	text := r.detailText()
	lines := strings.Split(text, "\n")
	col := strings.Index(lines[0], "2") // where the values start
	for _, l := range lines {
		if len(l) < col || strings.TrimSpace(l[:col]) != "" && l[col-1] != ' ' {
			t.Errorf("line %q is not aligned to column %d", l, col)
		}
	}
	for _, want := range []string{"session", "0123456789abcdef-session", "outcome", "panic", "goroutine 1:", "main.go:1", "req.id", "r1", "dur", "1s"} {
		if !strings.Contains(text, want) {
			t.Errorf("the detail lacks %q:\n%s", want, text)
		}
	}

	rec := r.recordText()
	for _, want := range []string{"level=INFO\n", "msg=Task x took 0.1 seconds\n", "logger=vigia.session.0123456789abcdef-session\n",
		"session=0123456789abcdef-session\n", "stack=goroutine 1:\n    " /* the value's next line, indented */, "req.id=r1\n"} {
		if !strings.Contains(rec, want) {
			t.Errorf("Copy record lacks %q:\n%s", want, rec)
		}
	}

	js := r.recordJSON()
	var m map[string]any
	if err := json.Unmarshal([]byte(js), &m); err != nil {
		t.Fatalf("invalid JSON %s: %v", js, err)
	}
	for k, want := range map[string]any{"level": "INFO", "msg": "Task x took 0.1 seconds", "session": "0123456789abcdef-session",
		"event": "task", "outcome": "panic", "n": 3.0, "ratio": "+Inf", "err": "bad", "dur": 1e9, "req.id": "r1",
		"stack": "goroutine 1:\n\tmain.go:1"} {
		if m[k] != want {
			t.Errorf("JSON %s = %#v, want %#v", k, m[k], want)
		}
	}
	order := []string{`{"time":`, `,"level":`, `,"msg":`, `,"logger":`, `,"session":`, `,"event":`}
	at := 0
	for _, k := range order {
		i := strings.Index(js[at:], k)
		if i < 0 {
			t.Fatalf("JSON %s: %s missing or out of app.log's order", js, k)
		}
		at += i
	}
}

// FuzzLogRow: whatever a record holds, its row is one line with nothing
// that could reorder or control what the label shows, and Copy as JSON is
// one valid JSON object.
func FuzzLogRow(f *testing.F) {
	f.Add("msg", "key", "value")
	f.Add("a\nb\u202e", "k\x00", "\xff\u2028")
	sys := logging.New(logging.Options{Dir: f.TempDir(), Console: io.Discard})
	defer sys.Close()
	l := sys.Logger()
	f.Fuzz(func(t *testing.T, msg, key, value string) {
		l.LogAttrs(context.Background(), slog.LevelInfo, msg, slog.String(key, value), slog.String("event", value))
		all := sys.Ring().Snapshot()
		r := makeLogRow(all[len(all)-1])
		for _, s := range []string{r.text, r.event, r.outcome} {
			for _, c := range s {
				if unicode.IsControl(c) || unicode.Is(unicode.Bidi_Control, c) || c == '\u2028' || c == '\u2029' {
					t.Fatalf("row text %q holds %U", s, c)
				}
			}
		}
		js := r.recordJSON()
		if !json.Valid([]byte(js)) || strings.Contains(js, "\n") {
			t.Fatalf("Copy as JSON gives %q", js)
		}
		for _, c := range r.detailText() {
			if c != '\n' && (unicode.IsControl(c) || unicode.Is(unicode.Bidi_Control, c)) {
				t.Fatalf("the detail holds %U", c)
			}
		}
	})
}
