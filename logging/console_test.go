package logging

import (
	"bytes"
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
