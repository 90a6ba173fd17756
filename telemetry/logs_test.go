package telemetry

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"math"
	"reflect"
	"testing"
	"time"

	"go.opentelemetry.io/contrib/bridges/otelslog"
	"go.opentelemetry.io/otel/attribute"
	otellog "go.opentelemetry.io/otel/log"
	"go.opentelemetry.io/otel/log/embedded"

	"vigia/logging"
)

// keptLogs is a LoggerProvider whose loggers keep what they are given.
type keptLogs struct {
	embedded.LoggerProvider
	recs *[]otellog.Record
}

func (p keptLogs) Logger(string, ...otellog.LoggerOption) otellog.Logger {
	return keptLogger{recs: p.recs}
}

type keptLogger struct {
	embedded.Logger
	recs *[]otellog.Record
}

func (keptLogger) Enabled(context.Context, otellog.EnabledParameters) bool { return true }
func (l keptLogger) Emit(_ context.Context, r otellog.Record)              { *l.recs = append(*l.recs, r.Clone()) }

// TestEntryRecordAsOtelslog: the OpenTelemetry record the converter makes
// of an entry itself is the one otelslog makes of Entry.Record: body,
// severity, attributes in order, every kind of value; an entry with a value
// only otelslog converts goes through it.
func TestEntryRecordAsOtelslog(t *testing.T) {
	sys := logging.New(logging.Options{Dir: t.TempDir(), Console: io.Discard, NoCompress: true})
	defer sys.Close()
	log := logging.WithSession(sys.Logger(), "s-1").With("component", "test").WithGroup("req")
	log.Info("plain \xff message", "s", "text \xfe", "i", -7, "u", uint64(42), "big", uint64(math.MaxUint64),
		"f", 0.25, "b", true, "d", 1500*time.Millisecond, "t", time.Date(2026, 12, 2, 1, 2, 3, 4, time.UTC),
		"err", errors.New("boom"), slog.Group("g", "x", 1))
	log.Warn("with a map", "m", map[string]any{"k": "v"})
	entries := sys.Ring().Snapshot()
	if len(entries) != 2 {
		t.Fatalf("%d entries, want 2", len(entries))
	}
	for _, e := range entries {
		var direct, bridged []otellog.Record
		tel := &Telemetry{logs: &logPipeline{
			logger: keptLogger{recs: &direct},
			bridge: otelslog.NewHandler("vigia", otelslog.WithLoggerProvider(keptLogs{recs: &bridged})),
		}}
		tel.emitEntry(&entryItem{e: e})
		_ = otelslog.NewHandler("vigia", otelslog.WithLoggerProvider(keptLogs{recs: &bridged})).Handle(context.Background(), e.Record())
		got, want := &direct, &bridged
		if len(*got) == 0 { // went through otelslog: the first of bridged is the converter's
			got, want = &[]otellog.Record{bridged[0]}, &[]otellog.Record{bridged[1]}
			if e.Message != "with a map" {
				t.Errorf("%q went through otelslog, want it converted directly", e.Message)
			}
		} else if e.Message == "with a map" {
			t.Errorf("%q was converted directly; a map is otelslog's to convert", e.Message)
		}
		if len(*got) != 1 || len(*want) != 1 {
			t.Fatalf("%q: %d records made, %d by otelslog; want 1 each", e.Message, len(*got), len(*want))
		}
		g, w := (*got)[0], (*want)[0]
		if !g.Timestamp().Equal(w.Timestamp()) || g.Severity() != w.Severity() || g.SeverityText() != w.SeverityText() ||
			!reflect.DeepEqual(g.Body(), w.Body()) || g.EventName() != w.EventName() || g.Err() != w.Err() {
			t.Errorf("%q: record %v %v %q %v, otelslog's %v %v %q %v", e.Message, g.Timestamp(), g.Severity(), g.SeverityText(),
				g.Body(), w.Timestamp(), w.Severity(), w.SeverityText(), w.Body())
		}
		if ga, wa := attrsOf(g), attrsOf(w); !equalKVs(ga, wa) {
			t.Errorf("%q: attributes\n%v\nwant otelslog's\n%v", e.Message, ga, wa)
		}
	}
}

func attrsOf(r otellog.Record) []attribute.KeyValue {
	var kvs []attribute.KeyValue
	r.WalkAttributes(func(kv attribute.KeyValue) bool { kvs = append(kvs, kv); return true })
	return kvs
}

func equalKVs(a, b []attribute.KeyValue) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].Key != b[i].Key || !reflect.DeepEqual(a[i].Value, b[i].Value) {
			return false
		}
	}
	return true
}

// TestUniqueKeys: a record otelslog converts keeps each key once, the last
// value in the first one's place, as the SDK would have left it.
func TestUniqueKeys(t *testing.T) {
	var r otellog.Record
	r.SetBody(attribute.StringValue("m"))
	r.SetSeverity(otellog.SeverityWarn)
	r.AddAttributes(attribute.String("k", "a"), attribute.Int("n", 1), attribute.String("k", "b"))
	got := attrsOf(uniqueKeys(r))
	want := []attribute.KeyValue{attribute.String("k", "b"), attribute.Int("n", 1)}
	if !equalKVs(got, want) {
		t.Errorf("uniqueKeys: %v, want %v", got, want)
	}
	u := uniqueKeys(r)
	if u.Severity() != otellog.SeverityWarn || u.Body().AsString() != "m" {
		t.Errorf("uniqueKeys lost the severity or body: %v %v", u.Severity(), u.Body())
	}
	var plain otellog.Record
	plain.AddAttributes(attribute.String("a", "1"), attribute.String("b", "2"))
	if got := attrsOf(uniqueKeys(plain)); len(got) != 2 {
		t.Errorf("uniqueKeys of unique keys: %v", got)
	}
}
