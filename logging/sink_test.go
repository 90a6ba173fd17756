package logging

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"slices"
	"sync"
	"testing"
)

// capture is a sink that keeps what it is given.
type capture struct {
	mu    sync.Mutex
	level slog.Level
	recs  []slog.Record
	ctxs  []context.Context
}

func (c *capture) Enabled(_ context.Context, l slog.Level) bool { return l >= c.level }
func (c *capture) Handle(ctx context.Context, r slog.Record) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.recs = append(c.recs, r.Clone())
	c.ctxs = append(c.ctxs, ctx)
	return nil
}
func (c *capture) WithAttrs([]slog.Attr) slog.Handler { panic("a sink gets flat records only") }
func (c *capture) WithGroup(string) slog.Handler      { panic("a sink gets flat records only") }

func (c *capture) records() []slog.Record {
	c.mu.Lock()
	defer c.mu.Unlock()
	return slices.Clone(c.recs)
}

// attrsOf returns r's attributes as key → text, and the keys in order.
func attrsOf(r slog.Record) (map[string]string, []string) {
	m := map[string]string{}
	var keys []string
	r.Attrs(func(a slog.Attr) bool {
		m[a.Key] = a.Value.String()
		keys = append(keys, a.Key)
		return true
	})
	return m, keys
}

// flatten folds app.log's nested objects into dotted keys, as a sink gets
// them.
func flatten(prefix string, m map[string]any, out map[string]string) {
	for k, v := range m {
		if sub, ok := v.(map[string]any); ok {
			flatten(prefix+k+".", sub, out)
			continue
		}
		out[prefix+k] = fmt.Sprint(v)
	}
}

type ctxKey struct{}

// A sink gets each record app.log gets, flat, with the same keys and the
// same redacted values, and the logging call's context.
func TestSinkGetsWhatAppLogGets(t *testing.T) {
	sys := New(Options{Dir: t.TempDir(), Console: io.Discard})
	defer sys.Close()
	c := &capture{level: slog.LevelDebug}
	sys.SetSink(c)

	log := WithSession(sys.Logger(), "s-1").With("k", 1).WithGroup("req")
	ctx := context.WithValue(context.Background(), ctxKey{}, "mine")
	log.InfoContext(ctx, "hello", "id", 7, "api_key", "sk-abcdefghijklmnopqrstuvwx", "k", 2,
		"err", errors.New("Bearer abcdefghijklmnop failed"))
	sys.Logger().Info("plain", "level", "forged", "logger", "forged", "url", "https://ana:pw@example.com/x")
	sys.Logger().Debug("below the level") // INFO: neither app.log nor the sink
	sys.Flush()

	recs := c.records()
	if len(recs) != 2 {
		t.Fatalf("sink got %d records, want 2", len(recs))
	}
	lines := jsonLines(t, sys.AppLogPath())
	if len(lines) != 2 {
		t.Fatalf("app.log has %d lines, want 2", len(lines))
	}
	for i, r := range recs {
		got, keys := attrsOf(r)
		want := map[string]string{}
		flatten("", lines[i], want)
		if r.Message != want["msg"] || r.Level.String() != want["level"] {
			t.Errorf("record %d: msg %q level %v, app.log has %q %q", i, r.Message, r.Level, want["msg"], want["level"])
		}
		for _, k := range []string{"time", "level", "msg"} {
			delete(want, k)
		}
		if !maps.Equal(got, want) {
			t.Errorf("record %d: sink attributes\n%v\nwant app.log's\n%v", i, got, want)
		}
		if keys[0] != "logger" {
			t.Errorf("record %d: first key %q, want logger", i, keys[0])
		}
	}
	first, keys := attrsOf(recs[0])
	for k, v := range map[string]string{"session": "s-1", "logger": "vigia.session.s-1", "k": "1", "req.id": "7",
		"req.api_key": Redacted, "req.k": "2", "req.err": Redacted + " failed"} {
		if first[k] != v {
			t.Errorf("%s = %q, want %q (all: %v)", k, first[k], v, first)
		}
	}
	if keys[1] != "session" {
		t.Errorf("second key %q, want session", keys[1])
	}
	second, _ := attrsOf(recs[1])
	if second["attr.level"] != "forged" || second["attr.logger"] != "forged" || second["logger"] != "vigia" ||
		second["url"] != "https://"+Redacted+"@example.com/x" {
		t.Errorf("second record %v: want renamed forged keys and the URL's user info redacted", second)
	}
	if got := c.ctxs[0].Value(ctxKey{}); got != "mine" {
		t.Errorf("the sink's context carries %v, want the logging call's", got)
	}

	sys.SetSink(nil)
	sys.Logger().Info("after")
	if n := len(c.records()); n != 2 {
		t.Errorf("removed sink got %d records, want still 2", n)
	}
}

// The sink's own Enabled is asked, after the System's level; the records
// of the problem reporter, which app.log can't have, don't reach it.
func TestSinkLevelAndReporter(t *testing.T) {
	sys := New(Options{Dir: t.TempDir(), Console: io.Discard, Debug: true})
	defer sys.Close()
	c := &capture{level: slog.LevelWarn}
	sys.SetSink(c)
	sys.Logger().Info("info")
	sys.Logger().Warn("warn")
	sys.alert.Warn("a log file failed")
	recs := c.records()
	if len(recs) != 1 || recs[0].Message != "warn" {
		var msgs []string
		for _, r := range recs {
			msgs = append(msgs, r.Message)
		}
		t.Errorf("sink got %q, want [warn]", msgs)
	}
}

// A sink gets valid UTF-8 only, as app.log writes it: invalid bytes become
// U+FFFD, in the message, in values and inside redacted trees.
func TestSinkValidUTF8(t *testing.T) {
	sys := New(Options{Dir: t.TempDir(), Console: io.Discard})
	defer sys.Close()
	c := &capture{}
	sys.SetSink(c)
	sys.Logger().Info("bad \xff message", "key", "a\xffb\xfe", "tree", map[string]any{"k\xff": []any{"v\xff"}},
		"err", errors.New("e\xff"))
	recs := c.records()
	if len(recs) != 1 {
		t.Fatalf("sink got %d records, want 1", len(recs))
	}
	if got := recs[0].Message; got != "bad \uFFFD message" {
		t.Errorf("message %q", got)
	}
	got, _ := attrsOf(recs[0])
	want := map[string]string{"key": "a\uFFFDb\uFFFD", "tree": "map[k\uFFFD:[v\uFFFD]]", "err": "e\uFFFD", "logger": "vigia"}
	if !maps.Equal(got, want) {
		t.Errorf("attributes %q, want %q", got, want)
	}
}

// entryCapture is a sink that takes entries (EntrySink).
type entryCapture struct {
	capture
	entries []Entry
}

func (c *entryCapture) HandleEntry(_ context.Context, e Entry) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.entries = append(c.entries, e)
	return nil
}

// An EntrySink gets the ring's entries instead of flat records; each
// entry's Record is the flat record a plain sink gets, and the entries
// stay as they were after the logging call returns.
func TestEntrySink(t *testing.T) {
	sys := New(Options{Dir: t.TempDir(), Console: io.Discard})
	defer sys.Close()
	plain := &capture{level: slog.LevelInfo}
	sys.SetSink(plain)
	log := WithSession(sys.Logger(), "s-1").With("k", 1).WithGroup("req")
	logBoth := func() {
		log.Info("hello", "id", 7, "api_key", "sk-abcdefghijklmnopqrstuvwx", "a", 1, "b", 2, "c", 3, "d", 4, "bin", "\xff")
	}
	logBoth()
	ec := &entryCapture{capture: capture{level: slog.LevelInfo}}
	sys.SetSink(ec)
	logBoth()
	if len(ec.recs) != 0 || len(ec.entries) != 1 {
		t.Fatalf("EntrySink got %d records and %d entries, want 0 and 1", len(ec.recs), len(ec.entries))
	}
	want, wantKeys := attrsOf(plain.records()[0])
	got, gotKeys := attrsOf(ec.entries[0].Record())
	if !slices.Equal(gotKeys, wantKeys) || !maps.Equal(got, want) {
		t.Errorf("Entry.Record() attributes %v %v, want the plain sink's %v %v", gotKeys, got, wantKeys, want)
	}
	if r := ec.entries[0].Record(); r.Message != "hello" || r.Level != slog.LevelInfo {
		t.Errorf("Entry.Record() = %q %v", r.Message, r.Level)
	}
	ring := sys.Ring().Snapshot()
	if last := ring[len(ring)-1]; last.Seq != ec.entries[0].Seq {
		t.Errorf("entry Seq %d, ring's %d", ec.entries[0].Seq, last.Seq)
	}
}
