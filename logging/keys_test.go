package logging

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"testing"
	"unicode/utf8"
)

// newTree returns a System's handler tree without its files: the console
// and the JSON lines go to the given writers, the records to a ring.
func newTree(console, jsonw io.Writer) (*System, *slog.Logger) {
	s := &System{ring: NewRing(64)}
	s.console = newConsoleHandler(console, &s.level)
	s.json = newJSONHandler(jsonw)
	s.ringRoot = &ringHandler{ring: s.ring, level: &s.level, name: rootName}
	root := &handler{sys: s, console: s.console, json: s.json, ring: s.ringRoot}
	return s, slog.New(root.withIdentity(rootName, ""))
}

// jsonObject decodes one JSON object, failing on a key it holds twice at
// any level, into a map whose nested objects are flattened to dotted keys
// with values printed by fmt.Sprint.
func jsonObject(line []byte) (map[string]string, error) {
	dec := json.NewDecoder(bytes.NewReader(line))
	dec.UseNumber()
	out := map[string]string{}
	var object func(prefix string) error
	object = func(prefix string) error {
		seen := map[string]bool{}
		for dec.More() {
			tok, err := dec.Token()
			if err != nil {
				return err
			}
			key := tok.(string)
			if seen[key] {
				return fmt.Errorf("key %q twice in %s", key, line)
			}
			seen[key] = true
			tok, err = dec.Token()
			if err != nil {
				return err
			}
			if d, ok := tok.(json.Delim); ok {
				if d != '{' {
					return fmt.Errorf("unexpected %v in %s", d, line)
				}
				if err := object(prefix + key + "."); err != nil {
					return err
				}
				continue
			}
			out[prefix+key] = fmt.Sprint(tok)
		}
		_, err := dec.Token() // '}'
		return err
	}
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return nil, fmt.Errorf("not an object: %s", line)
	}
	if err := object(""); err != nil {
		return nil, err
	}
	if dec.More() {
		return nil, fmt.Errorf("more than one value in %s", line)
	}
	return out, nil
}

// consolePairs returns the logger, level, message and k=v pairs of one
// console line, failing on a key it holds twice. The message must hold no
// '=' and no space.
func consolePairs(t *testing.T, line string) (logger, level, msg string, pairs map[string]string, err error) {
	t.Helper()
	parts := strings.SplitN(line, " - ", 4)
	if len(parts) != 4 {
		return "", "", "", nil, fmt.Errorf("line %q is not in the console shape", line)
	}
	logger, level = parts[1], parts[2]
	msg, rest, _ := strings.Cut(parts[3], " ")
	pairs = map[string]string{}
	for rest != "" {
		k, v, r := nextPair(t, rest)
		if _, dup := pairs[k]; dup {
			return "", "", "", nil, fmt.Errorf("key %q twice in %q", k, line)
		}
		pairs[k] = v
		rest = r
	}
	return logger, level, msg, pairs, nil
}

// TestKeyRule: every output writes each key once; the built-in fields hold
// the record's values, whatever attributes say; a taken key is kept under
// attr.<key> (then attr.<key>.2…); session and logger are top-level
// whatever groups are open. The console and the ring show the same
// attributes as the JSON line, flattened to dotted keys.
func TestKeyRule(t *testing.T) {
	cases := []struct {
		name    string
		log     func(l *slog.Logger)
		want    map[string]string // flattened JSON fields; "" means absent
		session string            // the ring entry's Session
	}{
		{"level forged", func(l *slog.Logger) { l.Info("m", "level", "FORGED") },
			map[string]string{"level": "INFO", "attr.level": "FORGED"}, ""},
		{"time msg logger forged", func(l *slog.Logger) { l.Info("m", "time", "t", "msg", "x", "logger", "y") },
			map[string]string{"msg": "m", "logger": "vigia", "attr.time": "t", "attr.msg": "x", "attr.logger": "y"}, ""},
		{"session forged", func(l *slog.Logger) { WithSession(l, "s1").Info("m", "session", "s2") },
			map[string]string{"session": "s1", "attr.session": "s2", "logger": "vigia.session.s1"}, "s1"},
		{"forged through With", func(l *slog.Logger) { WithSession(l, "s1").With("level", "W", "session", "s3").Info("m") },
			map[string]string{"level": "INFO", "attr.level": "W", "session": "s1", "attr.session": "s3"}, "s1"},
		{"With then record", func(l *slog.Logger) { l.With("k", 1).Info("m", "k", 2) },
			map[string]string{"k": "1", "attr.k": "2"}, ""},
		{"three of a key", func(l *slog.Logger) { l.With("k", 1).Info("m", "k", 2, "k", 3) },
			map[string]string{"k": "1", "attr.k": "2", "attr.k.2": "3"}, ""},
		{"renamed key taken", func(l *slog.Logger) { l.Info("m", "attr.k", 0, "k", 1, "k", 2) },
			map[string]string{"attr.k": "0", "k": "1", "attr.k.2": "2"}, ""},
		{"twice in With", func(l *slog.Logger) { l.With("k", 1, "k", 2).Info("m") },
			map[string]string{"k": "1", "attr.k": "2"}, ""},
		{"group name taken", func(l *slog.Logger) { l.With("g", 1).WithGroup("g").Info("m", "a", 2) },
			map[string]string{"g": "1", "attr.g.a": "2"}, ""},
		{"group named like a field", func(l *slog.Logger) { l.WithGroup("level").Info("m", "a", 1) },
			map[string]string{"level": "INFO", "attr.level.a": "1"}, ""},
		{"twice in a WithGroup", func(l *slog.Logger) { l.WithGroup("g").With("a", 1).Info("m", "a", 2) },
			map[string]string{"g.a": "1", "g.attr.a": "2"}, ""},
		{"twice in a group value", func(l *slog.Logger) { l.Info("m", slog.Group("g", "a", 1, "a", 2)) },
			map[string]string{"g.a": "1", "g.attr.a": "2"}, ""},
		{"field names inside a group", func(l *slog.Logger) { l.Info("m", slog.Group("g", "level", "x", "session", "y")) },
			map[string]string{"level": "INFO", "g.level": "x", "g.session": "y", "session": ""}, ""},
		{"two groups of a name", func(l *slog.Logger) { l.Info("m", slog.Group("g", "a", 1), slog.Group("g", "b", 2)) },
			map[string]string{"g.a": "1", "attr.g.b": "2"}, ""},
		{"inline group", func(l *slog.Logger) { l.Info("m", "k", 1, slog.Group("", "k", 2)) },
			map[string]string{"k": "1", "attr.k": "2"}, ""},
		{"session outside groups", func(l *slog.Logger) { WithSession(l.WithGroup("req"), "s1").Info("m", "id", 1) },
			map[string]string{"session": "s1", "logger": "vigia.session.s1", "req.id": "1", "req.session": ""}, "s1"},
		{"session outside With groups", func(l *slog.Logger) {
			WithSession(l.WithGroup("req").With("a", 1), "s1").Info("m", "id", 2)
		}, map[string]string{"session": "s1", "req.a": "1", "req.id": "2"}, "s1"},
		{"Named keeps session, top-level", func(l *slog.Logger) {
			Named(WithSession(l, "s1").WithGroup("req"), "x").Info("m", "id", 1)
		}, map[string]string{"logger": "x", "session": "s1", "req.id": "1"}, "s1"},
		{"record about a session", func(l *slog.Logger) { l.Info("m", "event", "session_crashed", "session", "s9") },
			map[string]string{"session": "s9"}, "s9"},
		{"session not a string", func(l *slog.Logger) { l.Info("m", "session", 5) },
			map[string]string{"session": "", "attr.session": "5"}, ""},
		{"second session attribute", func(l *slog.Logger) { l.Info("m", "session", "a", "session", "b") },
			map[string]string{"session": "a", "attr.session": "b"}, "a"},
		{"no collision", func(l *slog.Logger) { WithSession(l, "s1").With("a", 1).Info("m", "b", 2, slog.Group("g", "c", 3)) },
			map[string]string{"session": "s1", "a": "1", "b": "2", "g.c": "3", "attr.a": "", "attr.b": ""}, "s1"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var console, file bytes.Buffer
			s, l := newTree(&console, &file)
			c.log(l)
			got, err := jsonObject(bytes.TrimSuffix(file.Bytes(), []byte("\n")))
			if err != nil {
				t.Fatal(err)
			}
			for k, want := range c.want {
				v, ok := got[k]
				if want == "" && ok {
					t.Errorf("JSON has %s=%s, want it absent: %s", k, v, file.String())
				} else if want != "" && v != want {
					t.Errorf("JSON %s = %q, want %q: %s", k, v, want, file.String())
				}
			}
			// The console and the ring show the same fields.
			logger, level, msg, pairs, err := consolePairs(t, strings.TrimSuffix(console.String(), "\n"))
			if err != nil {
				t.Fatal(err)
			}
			if logger != got["logger"] || level != got["level"] || msg != got["msg"] {
				t.Errorf("console got %s/%s/%s, want the JSON's %s/%s/%s", logger, level, msg, got["logger"], got["level"], got["msg"])
			}
			attrs := map[string]string{}
			for k, v := range got {
				if k != "time" && k != "level" && k != "msg" && k != "logger" {
					attrs[k] = v
				}
			}
			if fmt.Sprint(pairs) != fmt.Sprint(attrs) {
				t.Errorf("console shows %v, want the JSON's %v", pairs, attrs)
			}
			e := s.Ring().Snapshot()[0]
			ring := map[string]string{}
			for _, a := range e.Attrs() {
				if _, dup := ring[a.Key]; dup {
					t.Errorf("ring entry has %q twice: %v", a.Key, e.Attrs())
				}
				ring[a.Key] = a.Value.String()
			}
			if fmt.Sprint(ring) != fmt.Sprint(attrs) {
				t.Errorf("ring shows %v, want the JSON's %v", ring, attrs)
			}
			if e.Session != c.session || e.Logger != got["logger"] {
				t.Errorf("ring entry session %q logger %q, want %q %q", e.Session, e.Logger, c.session, got["logger"])
			}
			if line := e.Line(); !strings.HasSuffix(console.String(), line[len(consoleTimeFormat):]+"\n") {
				t.Errorf("ring line %q is not the console's %q", line, console.String())
			}
		})
	}
}

// bidi holds every bidirectional control that must never be written raw.
var bidi = []rune{0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069, 0x200e, 0x200f, 0x061c}

// TestBidiEscaped: bidirectional controls in a message, a key, a value, a
// group or a logger name reach neither the console, the JSON line nor a
// ring line raw, and the JSON line gives them back.
func TestBidiEscaped(t *testing.T) {
	for _, r := range bidi {
		t.Run(fmt.Sprintf("U+%04X", r), func(t *testing.T) {
			text := "admin" + string(r) + "=evil"
			var console, file bytes.Buffer
			s, l := newTree(&console, &file)
			WithSession(l, text).WithGroup(text).Info(text, text, text)
			for where, out := range map[string]string{"console": console.String(), "JSON": file.String(), "ring": s.Ring().Snapshot()[0].Line()} {
				if strings.ContainsRune(out, r) {
					t.Errorf("%s holds U+%04X raw: %q", where, r, out)
				}
				if esc := fmt.Sprintf(`\u%04x`, r); !strings.Contains(out, esc) {
					t.Errorf("%s lacks %s: %q", where, esc, out)
				}
			}
			got, err := jsonObject(bytes.TrimSuffix(file.Bytes(), []byte("\n")))
			if err != nil {
				t.Fatal(err)
			}
			if got["msg"] != text || got["session"] != text {
				t.Errorf("JSON gives back msg %q session %q, want %q", got["msg"], got["session"], text)
			}
		})
	}
}

// FuzzKeys logs free-form keys, values, group names and messages, with
// collisions among them and with the built-in fields, through every way
// slog adds attributes. Every output must write each key once, keep the
// record's own fields, stay on one line and show no control or
// bidirectional character raw.
func FuzzKeys(f *testing.F) {
	f.Add("level", "k", "g", "v", "m", uint8(0))
	f.Add("session", "session", "req", "s2", "m", uint8(0xff))
	f.Add("k", "k", "k", "v", "m", uint8(0x0f))
	f.Add("attr.k", "k", "attr", "x", "msg", uint8(0x33))
	f.Add("g.a", "a", "g", "1", "m", uint8(0x16))
	f.Add("time", "msg", "logger", "\u202ex\n", "a\u2066b", uint8(0xaa))
	f.Add("", "", "", "", "", uint8(0x55))
	f.Fuzz(func(t *testing.T, k1, k2, group, val, msg string, flags uint8) {
		var console, file bytes.Buffer
		s, l := newTree(&console, &file)
		if flags&1 != 0 {
			l = l.With(k1, val, k2, 1)
		}
		if flags&2 != 0 {
			l = l.WithGroup(group)
		}
		if flags&4 != 0 {
			l = l.With(k2, val)
		}
		if flags&8 != 0 {
			l = WithSession(l, val)
		}
		if flags&16 != 0 {
			l = Named(l, k1)
		}
		l.Info(msg, k1, val, k2, 2, slog.Group(group, k1, val, k2, 3), slog.Group("", k1, 4))
		got, err := jsonObject(bytes.TrimSuffix(file.Bytes(), []byte("\n")))
		if err != nil {
			t.Fatal(err)
		}
		fix := func(s string) string { return string([]rune(s)) } // invalid bytes read back as U+FFFD, one each
		if got["level"] != "INFO" || got["msg"] != fix(msg) {
			t.Errorf("JSON level %q msg %q, want INFO and %q", got["level"], got["msg"], msg)
		}
		if flags&8 != 0 && got["session"] != fix(val) {
			t.Errorf("JSON session %q, want %q", got["session"], val)
		}
		e := s.Ring().Snapshot()[0]
		if flags&8 != 0 && e.Session != val {
			t.Errorf("ring session %q, want %q", e.Session, val)
		}
		seen := map[string]bool{}
		for _, a := range e.Attrs() {
			if seen[a.Key] {
				t.Errorf("ring entry has %q twice", a.Key)
			}
			seen[a.Key] = true
		}
		out := console.String()
		if strings.Count(out, "\n") != 1 {
			t.Fatalf("console wrote %q: not one line", out)
		}
		for _, r := range append(bidi, '\r', 0x1b, 0x85, 0x9b, 0x2028, 0x2029) {
			for where, o := range map[string]string{"console": out, "JSON": file.String()} {
				if strings.ContainsRune(o, r) {
					t.Errorf("%s holds U+%04X raw: %q", where, r, o)
				}
			}
		}
		if !utf8.ValidString(out) {
			t.Errorf("console line is not valid UTF-8: %q", out)
		}
		// Console keys are unique when they parse back (quoted keys may
		// hold anything, and a key with '=' can't be split unambiguously).
		if !strings.ContainsAny(k1+k2+group+val+msg, "= \"\\") {
			if _, _, _, _, err := consolePairs(t, strings.TrimSuffix(out, "\n")); err != nil && strings.Contains(err.Error(), "twice") {
				t.Error(err)
			}
		}
	})
}
