package logging

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"testing"
	"testing/slogtest"
	"time"
)

// parseConsole turns console lines back into maps, for slogtest: dotted
// keys become nested maps.
func parseConsole(t *testing.T, out string) []map[string]any {
	t.Helper()
	var ms []map[string]any
	for _, line := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
		m := map[string]any{}
		parts := strings.SplitN(line, " - ", 4)
		if len(parts) == 4 {
			tm, err := time.ParseInLocation(consoleTimeFormat, parts[0], time.Local)
			if err != nil {
				t.Fatalf("bad time in %q: %v", line, err)
			}
			m[slog.TimeKey] = tm
			parts = parts[1:]
		} else if len(parts) == 3 {
			// a record with no time
		} else {
			t.Fatalf("line %q is not in the console shape", line)
		}
		m["logger"] = parts[0]
		m[slog.LevelKey] = parts[1]
		msg, rest := splitMessage(parts[2])
		m[slog.MessageKey] = msg
		for rest != "" {
			k, v, r := nextPair(t, rest)
			rest = r
			cur := m
			keys := strings.Split(k, ".")
			for _, g := range keys[:len(keys)-1] {
				sub, ok := cur[g].(map[string]any)
				if !ok {
					sub = map[string]any{}
					cur[g] = sub
				}
				cur = sub
			}
			cur[keys[len(keys)-1]] = v
		}
		ms = append(ms, m)
	}
	return ms
}

// splitMessage splits "msg k=v k2=v2" where msg itself may hold spaces but
// not '=' (the test messages don't).
func splitMessage(s string) (string, string) {
	i := strings.IndexByte(s, '=')
	if i < 0 {
		return s, ""
	}
	j := strings.LastIndexByte(s[:i], ' ')
	if j < 0 {
		return "", s
	}
	return s[:j], s[j+1:]
}

func nextPair(t *testing.T, s string) (key, val, rest string) {
	t.Helper()
	eq := strings.IndexByte(s, '=')
	if eq < 0 {
		t.Fatalf("no '=' in %q", s)
	}
	key = s[:eq]
	s = s[eq+1:]
	if strings.HasPrefix(s, `"`) {
		q, err := strconv.QuotedPrefix(s)
		if err != nil {
			t.Fatalf("bad quoted value in %q: %v", s, err)
		}
		val, _ = strconv.Unquote(q)
		s = s[len(q):]
	} else if i := strings.IndexByte(s, ' '); i >= 0 {
		val, s = s[:i], s[i:]
	} else {
		val, s = s, ""
	}
	return key, val, strings.TrimPrefix(s, " ")
}

func TestConsoleHandlerSlogtest(t *testing.T) {
	var buf bytes.Buffer
	var level slog.LevelVar
	h := newConsoleHandler(&buf, &level)
	if err := slogtest.TestHandler(h, func() []map[string]any { return parseConsole(t, buf.String()) }); err != nil {
		t.Fatal(err)
	}
}

func TestConsoleShape(t *testing.T) {
	var buf bytes.Buffer
	var level slog.LevelVar
	l := slog.New(newConsoleHandler(&buf, &level).withName("vigia.session.abc"))
	l.Info("Function proceso_pesado took 2.00 seconds", "n", 3, "d", 1500*time.Millisecond, "ok", true, "f", 0.5, "s", "two words", "e", errors.New("boom"))
	got := buf.String()
	re := `^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3} - vigia\.session\.abc - INFO - Function proceso_pesado took 2\.00 seconds n=3 d=1\.5s ok=true f=0\.5 s="two words" e=boom\n$`
	if !regexpMatch(re, got) {
		t.Errorf("got %q, want match for %s", got, re)
	}
}

// TestConsoleNoForgedLines checks that no message, key or value can start a
// line of its own or carry terminal escapes.
func TestConsoleNoForgedLines(t *testing.T) {
	forged := "ok\n2026-11-27 20:43:25.123 - vigia - ERROR - forged"
	cases := []struct {
		name string
		log  func(l *slog.Logger)
	}{
		{"message newline", func(l *slog.Logger) { l.Info(forged) }},
		{"message carriage return", func(l *slog.Logger) { l.Info("a\rb") }},
		{"value newline", func(l *slog.Logger) { l.Info("m", "v", forged) }},
		{"key newline", func(l *slog.Logger) { l.Info("m", forged, 1) }},
		{"ansi escape", func(l *slog.Logger) { l.Info("\x1b[2J\x1b[31mred", "v", "\x1b]0;title\x07") }},
		{"unicode line separator", func(l *slog.Logger) { l.Info("a\u2028b\u2029c\u0085d") }},
		{"invalid utf-8", func(l *slog.Logger) { l.Info("bad \xff\xfe", "v", "\xc3\x28") }},
		{"error value", func(l *slog.Logger) { l.Info("m", "err", errors.New("line1\nline2")) }},
		{"group", func(l *slog.Logger) { l.WithGroup("g\nh").Info("m", "k", "v\nw") }},
		{"with attrs", func(l *slog.Logger) { l.With(forged, "\x1b]0;title\x07", "k", "a\rb").Info("m") }},
		{"ansi key", func(l *slog.Logger) { l.Info("m", "\x1b[2J\x1b]0;title\x07", "v") }},
		{"logger name", func(l *slog.Logger) {
			slog.New(l.Handler().(*consoleHandler).withName("vigia.session.x\n" + forged + "\x1b[2J")).Info("m")
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var buf bytes.Buffer
			var level slog.LevelVar
			c.log(slog.New(newConsoleHandler(&buf, &level)))
			out := buf.String()
			if n := strings.Count(out, "\n"); n != 1 || !strings.HasSuffix(out, "\n") {
				t.Errorf("got %d line ends in %q, want exactly one, at the end", n, out)
			}
			for _, bad := range []string{"\r", "\x1b", "\x07", "\u2028", "\u2029", "\u0085", "\xff"} {
				if strings.Contains(out, bad) {
					t.Errorf("output %q holds raw %q", out, bad)
				}
			}
		})
	}
}

// TestNoForgedLinesThroughSystem logs hostile bytes (line ends, carriage
// returns, ANSI and OSC escapes, BEL, invalid UTF-8, Unicode line
// separators) in messages, attribute keys and values, WithAttrs, groups and
// logger names through a whole System: each record must be exactly one
// console line and one app.log line, every JSON line must parse and give
// back the message (invalid bytes as U+FFFD), and no escape byte may reach
// the console, app.log or a ring line raw.
func TestNoForgedLinesThroughSystem(t *testing.T) {
	forged := "ok\n2026-11-27 20:43:25.123 - vigia - ERROR - forged\r\n{\"level\":\"ERROR\",\"msg\":\"forged\"}"
	hostile := []string{
		forged,
		"cr\roverwrite",
		"\x1b[2J\x1b[H\x1b[31mred",
		"\x1b]0;title\x07",
		"bad \xff\xfe \xc3\x28 utf-8",
		"sep\u2028line\u2029para\u0085nel\u009bcsi",
		"nul\x00del\x7f",
	}
	var console bytes.Buffer
	dir := t.TempDir()
	s := New(Options{Dir: dir, Console: &syncWriter{w: &console}})
	records := 0
	for _, h := range hostile {
		l := s.Logger()
		l.Info(h)
		l.Warn("m", h, h)
		l.With(h, h).Info("with")
		l.WithGroup(h).Info("group", "k", h)
		Named(l, h).Info("named")
		WithSession(l, h).Error("session", "err", errors.New(h))
		records += 6
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	raw := []string{"\r", "\x1b", "\x07", "\x00", "\u2028", "\u2029", "\u0085", "\u009b", "\xff", "\xfe"}
	out := console.String()
	if n := strings.Count(out, "\n"); n != records {
		t.Errorf("console got %d lines, want %d, one per record:\n%s", n, records, out)
	}
	for _, line := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
		if !regexpMatch(`^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3} - `, line) {
			t.Errorf("console line %q does not start with a time: forged", line)
		}
	}
	for _, bad := range raw {
		if strings.Contains(out, bad) {
			t.Errorf("console holds raw %q", bad)
		}
	}
	file := readFile(t, s.AppLogPath())
	lines := strings.Split(strings.TrimSuffix(file, "\n"), "\n")
	if len(lines) != records {
		t.Errorf("app.log got %d lines, want %d, one per record", len(lines), records)
	}
	msgs := map[string]bool{}
	for _, line := range lines {
		var m map[string]any
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			t.Fatalf("app.log line is not JSON: %v: %q", err, line)
		}
		msgs[m["msg"].(string)] = true
	}
	for _, h := range hostile {
		if want := string([]rune(h)); !msgs[want] { // invalid bytes read back as U+FFFD
			t.Errorf("message %q not read back from app.log", want)
		}
	}
	for _, bad := range raw {
		if bad != "\x7f" && strings.Contains(file, bad) {
			t.Errorf("app.log holds raw %q", bad)
		}
	}
	for _, e := range s.Ring().Snapshot() {
		line := e.Line()
		for _, bad := range append(raw, "\n") {
			if strings.Contains(line, bad) {
				t.Errorf("ring line %q holds raw %q", line, bad)
			}
		}
	}
}

func TestConsoleLevel(t *testing.T) {
	var buf bytes.Buffer
	var level slog.LevelVar
	l := slog.New(newConsoleHandler(&buf, &level))
	l.Debug("hidden")
	level.Set(slog.LevelDebug)
	l.Debug("shown")
	if got := buf.String(); strings.Contains(got, "hidden") || !strings.Contains(got, "shown") {
		t.Errorf("got %q, want only the record logged after the level changed", got)
	}
}

func BenchmarkConsole(b *testing.B) {
	var level slog.LevelVar
	l := slog.New(newConsoleHandler(discard{}, &level))
	for b.Loop() {
		l.Info("task", "event", "task", "task", "model:sentiment", "duration_ms", 1.25, "outcome", "ok")
	}
}

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }

var _ = fmt.Sprint
