package cli

import (
	"context"
	"encoding/hex"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"vigia/config"
	"vigia/telemetry"
	"vigia/telemetry/otlptest"
)

// noOTEL unsets the OTEL_ variables for the test.
func noOTEL(t *testing.T) {
	t.Helper()
	for _, v := range []string{"OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "OTEL_EXPORTER_OTLP_LOGS_ENDPOINT",
		"OTEL_EXPORTER_OTLP_METRICS_ENDPOINT", "OTEL_EXPORTER_OTLP_PROTOCOL", "OTEL_EXPORTER_OTLP_HEADERS", "OTEL_SDK_DISABLED",
		"OTEL_TRACES_EXPORTER", "OTEL_LOGS_EXPORTER", "OTEL_METRICS_EXPORTER"} {
		t.Setenv(v, "")
	}
}

// TestTelemetryOptions: the otlp-endpoint setting follows the rule of
// every setting, with OTEL_EXPORTER_OTLP_ENDPOINT as one more variable:
// flag, then variables, then the saved value.
func TestTelemetryOptions(t *testing.T) {
	cases := []struct {
		name  string
		saved string
		args  []string
		vigia string // VIGIA_OTLP_ENDPOINT, "" unset
		otel  string // OTEL_EXPORTER_OTLP_ENDPOINT
		want  string // Options.Endpoint ("" leaves it to the OTEL_ variables)
	}{
		{name: "off"},
		{name: "the flag", args: []string{"--otlp-endpoint", "http://flag:4318"}, want: "http://flag:4318"},
		{name: "the VIGIA_ variable", vigia: "http://vigia:4318", want: "http://vigia:4318"},
		{name: "saved", saved: "http://saved:4318", want: "http://saved:4318"},
		{name: "OTEL_ beats saved", saved: "http://saved:4318", otel: "http://otel:4318", want: ""},
		{name: "the flag beats OTEL_", args: []string{"--otlp-endpoint", "http://flag:4318"}, otel: "http://otel:4318", want: "http://flag:4318"},
		{name: "VIGIA_ beats OTEL_", vigia: "http://vigia:4318", otel: "http://otel:4318", want: "http://vigia:4318"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			noOTEL(t)
			t.Setenv("OTEL_EXPORTER_OTLP_ENDPOINT", tc.otel)
			dir := t.TempDir()
			path := filepath.Join(dir, "settings.json")
			if tc.saved != "" {
				f := config.NewFile(path)
				if err := f.Set("otlp-endpoint", tc.saved); err != nil {
					t.Fatal(err)
				}
				if err := f.Save(); err != nil {
					t.Fatal(err)
				}
			}
			lookup := func(k string) (string, bool) {
				if k == "VIGIA_OTLP_ENDPOINT" && tc.vigia != "" {
					return tc.vigia, true
				}
				return "", false
			}
			cfg, _, err := Parse(append([]string{"--data-dir", dir, "--config", path}, tc.args...), lookup, io.Discard)
			if err != nil {
				t.Fatal(err)
			}
			o := cfg.TelemetryOptions()
			if o.Endpoint != tc.want {
				t.Errorf("Endpoint = %q, want %q", o.Endpoint, tc.want)
			}
			if want := filepath.Join(dir, telemetry.InstanceIDName); o.InstanceIDPath != want || o.ServiceVersion != Version {
				t.Errorf("InstanceIDPath %q, ServiceVersion %q; want %q, %q", o.InstanceIDPath, o.ServiceVersion, want, Version)
			}
		})
	}
}

// TestRunExportsTelemetry: "vigia run --otlp-endpoint" exports the task's
// span and the run's records, session_start included, and app.log's task
// record names the span.
func TestRunExportsTelemetry(t *testing.T) {
	noOTEL(t)
	c := otlptest.Start(t)
	r := runCmd(t, context.Background(), "", "run", "--model", "echo", "--otlp-endpoint", c.URL, "hola")
	if r.code != ExitOK || r.stderr != "" {
		t.Fatalf("run: exit %d, stderr %q", r.code, r.stderr)
	}
	spans := c.Spans()
	if len(spans) != 1 || spans[0].Name != "task echo" {
		t.Fatalf("spans %v, want one task echo", spans)
	}
	lines := taskLines(t, r.logDir)
	if len(lines) != 1 || lines[0]["trace_id"] != hex.EncodeToString(spans[0].TraceId) {
		t.Errorf("app.log task records %v, want one with the span's trace_id", lines)
	}
	events := map[string]bool{}
	for _, l := range c.Logs() {
		events[otlptest.String(l.Attributes, "event")] = true
	}
	for _, ev := range []string{"session_start", "task", "session_end"} {
		if !events[ev] {
			t.Errorf("no exported %s record (got %v)", ev, events)
		}
	}
	if _, err := os.Stat(filepath.Join(r.logDir, telemetry.InstanceIDName)); err != nil {
		t.Errorf("no instance ID in the data directory: %v", err)
	}
}

// TestRunWithATroubledCollector: a collector that hangs holds a command
// 3 s at most; a protocol Vigía can't speak is a warning, and the command
// runs all the same.
func TestRunWithATroubledCollector(t *testing.T) {
	noOTEL(t)
	c := otlptest.Start(t)
	c.Block()
	began := time.Now()
	r := runCmd(t, context.Background(), "", "run", "--model", "echo", "--otlp-endpoint", c.URL, "hola")
	if took := time.Since(began); took > telemetry.DefaultShutdownTimeout+2*time.Second {
		t.Errorf("run took %v against a hung collector, want about %v at most", took, telemetry.DefaultShutdownTimeout)
	}
	if r.code != ExitOK || strings.TrimSpace(r.stdout) != "hola" {
		t.Errorf("run: exit %d, stdout %q", r.code, r.stdout)
	}

	t.Setenv("OTEL_EXPORTER_OTLP_PROTOCOL", "grpc")
	r = runCmd(t, context.Background(), "", "run", "--model", "echo", "--otlp-endpoint", "http://127.0.0.1:4317", "hola")
	want := "vigia: warning: OpenTelemetry export off: OTEL_EXPORTER_OTLP_PROTOCOL=grpc is not supported: Vigía sends OTLP over HTTP only"
	if r.code != ExitOK || !strings.HasPrefix(r.stderr, want) || strings.TrimSpace(r.stdout) != "hola" {
		t.Errorf("run with grpc: exit %d, stdout %q, stderr %q; want 0, hola and %q", r.code, r.stdout, r.stderr, want)
	}
}
