package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"

	"go.opentelemetry.io/collector/client"
	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/collector/exporter"
	"go.opentelemetry.io/collector/exporter/exporterhelper"
	"go.opentelemetry.io/collector/pdata/plog"
	"go.opentelemetry.io/collector/pdata/pmetric"
	"go.opentelemetry.io/collector/pdata/ptrace"
)

// The jsonlines exporter writes every batch it receives as one line of OTLP
// JSON to traces.jsonl, logs.jsonl or metrics.jsonl in its directory, and
// one line to requests.jsonl with the signal and the metadata of the request
// that brought it (the HTTP or gRPC headers, when the receiver has
// include_metadata: true). It has no queue: a batch is in its file, in one
// unbuffered write, before the receiver answers the request that brought it,
// so a test may read the files while the Collector runs.

var typeStr = component.MustNewType("jsonlines")

// Config is the jsonlines exporter's configuration.
type Config struct {
	// Directory is where the files are written; it must exist.
	Directory string `mapstructure:"directory"`
}

// Validate requires a directory.
func (c *Config) Validate() error {
	if c.Directory == "" {
		return errors.New("directory must be set")
	}
	return nil
}

func newFactory() exporter.Factory {
	return exporter.NewFactory(typeStr,
		func() component.Config { return &Config{} },
		exporter.WithTraces(createTraces, component.StabilityLevelDevelopment),
		exporter.WithLogs(createLogs, component.StabilityLevelDevelopment),
		exporter.WithMetrics(createMetrics, component.StabilityLevelDevelopment),
	)
}

func createTraces(ctx context.Context, set exporter.Settings, cfg component.Config) (exporter.Traces, error) {
	w := &writer{dir: cfg.(*Config).Directory, signal: "traces"}
	m := &ptrace.JSONMarshaler{}
	push := func(ctx context.Context, td ptrace.Traces) error {
		b, err := m.MarshalTraces(td)
		if err != nil {
			return err
		}
		return w.write(ctx, b)
	}
	return exporterhelper.NewTraces(ctx, set, cfg, push, exporterhelper.WithStart(w.start), exporterhelper.WithShutdown(w.shutdown))
}

func createLogs(ctx context.Context, set exporter.Settings, cfg component.Config) (exporter.Logs, error) {
	w := &writer{dir: cfg.(*Config).Directory, signal: "logs"}
	m := &plog.JSONMarshaler{}
	push := func(ctx context.Context, ld plog.Logs) error {
		b, err := m.MarshalLogs(ld)
		if err != nil {
			return err
		}
		return w.write(ctx, b)
	}
	return exporterhelper.NewLogs(ctx, set, cfg, push, exporterhelper.WithStart(w.start), exporterhelper.WithShutdown(w.shutdown))
}

func createMetrics(ctx context.Context, set exporter.Settings, cfg component.Config) (exporter.Metrics, error) {
	w := &writer{dir: cfg.(*Config).Directory, signal: "metrics"}
	m := &pmetric.JSONMarshaler{}
	push := func(ctx context.Context, md pmetric.Metrics) error {
		b, err := m.MarshalMetrics(md)
		if err != nil {
			return err
		}
		return w.write(ctx, b)
	}
	return exporterhelper.NewMetrics(ctx, set, cfg, push, exporterhelper.WithStart(w.start), exporterhelper.WithShutdown(w.shutdown))
}

// writeMu serializes the writes of all exporters, which share requests.jsonl.
var writeMu sync.Mutex

// writer appends one signal's batches to <signal>.jsonl and their requests'
// metadata to requests.jsonl.
type writer struct {
	dir, signal string
	data, reqs  *os.File
}

func (w *writer) start(context.Context, component.Host) error {
	var err error
	if w.data, err = openAppend(filepath.Join(w.dir, w.signal+".jsonl")); err != nil {
		return err
	}
	if w.reqs, err = openAppend(filepath.Join(w.dir, "requests.jsonl")); err != nil {
		w.data.Close()
		return err
	}
	return nil
}

func (w *writer) shutdown(context.Context) error {
	if w.data == nil {
		return nil
	}
	return errors.Join(w.data.Close(), w.reqs.Close())
}

// request is a line of requests.jsonl.
type request struct {
	Signal   string              `json:"signal"`
	Metadata map[string][]string `json:"metadata"`
}

func (w *writer) write(ctx context.Context, batch []byte) error {
	info := client.FromContext(ctx)
	r := request{Signal: w.signal, Metadata: map[string][]string{}}
	for k := range info.Metadata.Keys() {
		r.Metadata[k] = info.Metadata.Get(k)
	}
	line, err := json.Marshal(r)
	if err != nil {
		return err
	}
	writeMu.Lock()
	defer writeMu.Unlock()
	// Each line goes out in one write, so a reader sees whole lines or a
	// last line without its newline, which it skips.
	if _, err := w.data.Write(append(batch, '\n')); err != nil {
		return fmt.Errorf("writing %s: %w", w.signal, err)
	}
	if _, err := w.reqs.Write(append(line, '\n')); err != nil {
		return fmt.Errorf("writing requests: %w", err)
	}
	return nil
}

func openAppend(path string) (*os.File, error) {
	return os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
}
