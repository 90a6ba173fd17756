package telemetry_test

import (
	"context"
	"errors"
	"log/slog"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"vigia/telemetry"
	"vigia/telemetry/otlptest"
)

// TestOffByDefault: with no endpoint anywhere nothing starts, and a nil
// Telemetry is usable.
func TestOffByDefault(t *testing.T) {
	clearOTEL(t)
	tel, err := telemetry.Start(context.Background(), telemetry.Options{Gatherer: prometheus.NewRegistry()})
	if tel != nil || err != nil {
		t.Fatalf("Start() = %v, %v; want nil, nil", tel, err)
	}
	ctx, span := tel.StartTask(context.Background(), telemetry.Task{Model: "m"})
	if _, _, ok := span.IDs(); ok || ctx != context.Background() {
		t.Errorf("a nil Telemetry made a span")
	}
	span.CacheHit(true)
	span.End("ok", "", nil)
	if tel.LogHandler() != nil || tel.Status() != (telemetry.Status{}) || tel.Shutdown(context.Background()) != nil {
		t.Errorf("a nil Telemetry is not inert")
	}
}

// TestEnvironment: the standard variables and Options.Endpoint decide what
// is exported where; what Vigía can't follow is a clear *ConfigError.
func TestEnvironment(t *testing.T) {
	type sent map[string][]string // collector ("a" or "b") → paths posted to it
	cases := []struct {
		name     string
		endpoint string            // Options.Endpoint: "a" or "b" stands for a collector's URL
		env      map[string]string // values may name "a" or "b" as {a} or {b}
		want     sent              // nil: Start returns nil
		wantErr  string            // a *ConfigError's text contains it
	}{
		{name: "the setting", endpoint: "a",
			want: sent{"a": {"/v1/logs", "/v1/metrics", "/v1/traces"}}},
		{name: "the setting with a path", endpoint: "a/otlp/",
			want: sent{"a": {"/otlp/v1/logs", "/otlp/v1/metrics", "/otlp/v1/traces"}}},
		{name: "OTEL_EXPORTER_OTLP_ENDPOINT", env: map[string]string{"OTEL_EXPORTER_OTLP_ENDPOINT": "{a}"},
			want: sent{"a": {"/v1/logs", "/v1/metrics", "/v1/traces"}}},
		{name: "the setting wins over OTEL_EXPORTER_OTLP_ENDPOINT", endpoint: "a",
			env:  map[string]string{"OTEL_EXPORTER_OTLP_ENDPOINT": "{b}"},
			want: sent{"a": {"/v1/logs", "/v1/metrics", "/v1/traces"}}},
		{name: "a signal's own endpoint alone: that signal alone, its URL whole",
			env:  map[string]string{"OTEL_EXPORTER_OTLP_TRACES_ENDPOINT": "{b}/custom/traces"},
			want: sent{"b": {"/custom/traces"}}},
		{name: "a signal's own endpoint wins over the setting", endpoint: "a",
			env:  map[string]string{"OTEL_EXPORTER_OTLP_LOGS_ENDPOINT": "{b}/v1/logs"},
			want: sent{"a": {"/v1/metrics", "/v1/traces"}, "b": {"/v1/logs"}}},
		{name: "OTEL_TRACES_EXPORTER=none", endpoint: "a", env: map[string]string{"OTEL_TRACES_EXPORTER": "none"},
			want: sent{"a": {"/v1/logs", "/v1/metrics"}}},
		{name: "http/protobuf is fine", endpoint: "a", env: map[string]string{"OTEL_EXPORTER_OTLP_PROTOCOL": "http/protobuf"},
			want: sent{"a": {"/v1/logs", "/v1/metrics", "/v1/traces"}}},
		{name: "a signal's protocol decides for it", endpoint: "a",
			env:     map[string]string{"OTEL_EXPORTER_OTLP_PROTOCOL": "grpc", "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL": "http/protobuf"},
			wantErr: "OTEL_EXPORTER_OTLP_PROTOCOL=grpc is not supported: Vigía sends OTLP over HTTP only (http/protobuf, usually port 4318)"},
		{name: "OTEL_SDK_DISABLED wins over everything", endpoint: "a",
			env: map[string]string{"OTEL_SDK_DISABLED": "TRUE", "OTEL_EXPORTER_OTLP_ENDPOINT": "{a}"}},
		{name: "OTEL_SDK_DISABLED=false is no off switch", endpoint: "a", env: map[string]string{"OTEL_SDK_DISABLED": "false"},
			want: sent{"a": {"/v1/logs", "/v1/metrics", "/v1/traces"}}},
		{name: "nothing set"},
		{name: "grpc", env: map[string]string{"OTEL_EXPORTER_OTLP_ENDPOINT": "{a}", "OTEL_EXPORTER_OTLP_PROTOCOL": "grpc"},
			wantErr: "OTEL_EXPORTER_OTLP_PROTOCOL=grpc is not supported"},
		{name: "grpc for one signal", endpoint: "a", env: map[string]string{"OTEL_EXPORTER_OTLP_METRICS_PROTOCOL": "grpc"},
			wantErr: "OTEL_EXPORTER_OTLP_METRICS_PROTOCOL=grpc is not supported"},
		{name: "http/json", endpoint: "a", env: map[string]string{"OTEL_EXPORTER_OTLP_PROTOCOL": "http/json"},
			wantErr: "OTEL_EXPORTER_OTLP_PROTOCOL=http/json is not supported"},
		{name: "another exporter", endpoint: "a", env: map[string]string{"OTEL_METRICS_EXPORTER": "prometheus"},
			wantErr: "OTEL_METRICS_EXPORTER=prometheus is not supported"},
		{name: "an endpoint that is no URL, credentials not shown",
			env:     map[string]string{"OTEL_EXPORTER_OTLP_ENDPOINT": "user:pw@collector:4318"},
			wantErr: "OTEL_EXPORTER_OTLP_ENDPOINT is not an http or https URL"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			clearOTEL(t)
			cols := map[string]*otlptest.Collector{"a": otlptest.Start(t), "b": otlptest.Start(t)}
			fill := func(s string) string {
				return strings.NewReplacer("{a}", cols["a"].URL, "{b}", cols["b"].URL).Replace(s)
			}
			for k, v := range tc.env {
				t.Setenv(k, fill(v))
			}
			endpoint := tc.endpoint
			if endpoint != "" {
				endpoint = cols[endpoint[:1]].URL + endpoint[1:]
			}
			tel, err := telemetry.Start(context.Background(), telemetry.Options{Endpoint: endpoint,
				Gatherer: registry(), Logger: slog.New(&recorder{})})
			if tc.wantErr != "" {
				var ce *telemetry.ConfigError
				if !errors.As(err, &ce) || !strings.Contains(err.Error(), tc.wantErr) || tel != nil {
					t.Fatalf("Start() = %v, %v; want a *ConfigError saying %q", tel, err, tc.wantErr)
				}
				if strings.Contains(err.Error(), "pw@") {
					t.Errorf("error %q shows the endpoint's password", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if tc.want == nil {
				if tel != nil {
					t.Fatal("Start exported something; want nothing")
				}
				return
			}
			emit(t, tel, "hello")
			if err := tel.Shutdown(context.Background()); err != nil {
				t.Fatal(err)
			}
			for name, c := range cols {
				var paths []string
				for _, r := range c.Requests() {
					if !slices.Contains(paths, r.Path) {
						paths = append(paths, r.Path)
					}
				}
				slices.Sort(paths)
				if !slices.Equal(paths, tc.want[name]) {
					t.Errorf("collector %s got %q, want %q", name, paths, tc.want[name])
				}
			}
		})
	}
}

// TestHeaders: OTEL_EXPORTER_OTLP_HEADERS (and a signal's own) are sent
// with every export and never logged; Secrets names their values for the
// diagnostics bundle.
func TestHeaders(t *testing.T) {
	clearOTEL(t)
	c := otlptest.Start(t)
	t.Setenv("OTEL_EXPORTER_OTLP_HEADERS", "x-api-key=s3cr3t-general,authorization=Bearer%20tok-abcdef")
	t.Setenv("OTEL_EXPORTER_OTLP_LOGS_HEADERS", "x-api-key=s3cr3t-logs")
	// The SDK logs a pair it can't parse, value included: not here.
	t.Setenv("OTEL_EXPORTER_OTLP_METRICS_HEADERS", "x-api-key:s3cr3t-malformed")
	tel, rec := start(t, telemetry.Options{Endpoint: c.URL, Gatherer: registry()})
	emit(t, tel, "hello")
	if err := tel.Shutdown(context.Background()); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"/v1/traces": "s3cr3t-general", "/v1/metrics": "", "/v1/logs": "s3cr3t-logs"}
	for _, r := range c.Requests() {
		if got := r.Header.Get("X-Api-Key"); got != want[r.Path] {
			t.Errorf("%s: x-api-key %q, want %q", r.Path, got, want[r.Path])
		}
		if r.Path == "/v1/traces" && r.Header.Get("Authorization") != "Bearer tok-abcdef" {
			t.Errorf("%s: authorization %q, want the variable's, unescaped", r.Path, r.Header.Get("Authorization"))
		}
	}
	if len(c.Requests()) < 3 {
		t.Fatalf("collector got %d requests, want 3 or more", len(c.Requests()))
	}
	logged := rec.text()
	for _, s := range []string{"s3cr3t", "tok-abcdef"} {
		if strings.Contains(logged, s) {
			t.Errorf("the logs show %q:\n%s", s, logged)
		}
	}
	if !strings.Contains(logged, "exporting traces, logs and metrics") || !strings.Contains(logged, "OpenTelemetry SDK: parse headers") {
		t.Errorf("no start record, or no word of the malformed header, in:\n%s", logged)
	}
	secrets := telemetry.Secrets()
	for _, s := range []string{"s3cr3t-general", "Bearer tok-abcdef", "s3cr3t-logs"} {
		if !slices.Contains(secrets, s) {
			t.Errorf("Secrets() = %q lacks %q", secrets, s)
		}
	}
}

// TestEndpointNotShown: an endpoint's user information and query appear in
// no log record.
func TestEndpointNotShown(t *testing.T) {
	clearOTEL(t)
	c := otlptest.Start(t)
	u := strings.Replace(c.URL, "http://", "http://ana:pa55word@", 1)
	t.Setenv("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", u+"/v1/traces?token=t0ken-value")
	t.Setenv("OTEL_EXPORTER_OTLP_LOGS_ENDPOINT", "http://ana:pa55word@127.0.0.1:1/v1/logs") // down: a failure is logged
	tel, rec := start(t, telemetry.Options{ExportTimeout: 200e6})
	emit(t, tel, "hello")
	_ = tel.Shutdown(context.Background())
	logged := rec.text()
	for _, s := range []string{"pa55word", "t0ken-value", "ana:"} {
		if strings.Contains(logged, s) {
			t.Errorf("the logs show %q:\n%s", s, logged)
		}
	}
	if want := strings.Replace(c.URL, "http://", "http://[REDACTED]@", 1) + "/v1/traces"; !strings.Contains(logged, want) {
		t.Errorf("the logs don't name the endpoint as %s:\n%s", want, logged)
	}
}

// TestExporterVariables: the exporters read the other standard variables
// themselves: compression, and the timeout of one request.
func TestExporterVariables(t *testing.T) {
	t.Run("OTEL_EXPORTER_OTLP_COMPRESSION", func(t *testing.T) {
		clearOTEL(t)
		t.Setenv("OTEL_EXPORTER_OTLP_COMPRESSION", "gzip")
		c := otlptest.Start(t)
		tel, _ := start(t, telemetry.Options{Endpoint: c.URL, Gatherer: registry()})
		emit(t, tel, "hello")
		if err := tel.Shutdown(context.Background()); err != nil {
			t.Fatal(err)
		}
		for _, r := range c.Requests() {
			if r.Header.Get("Content-Encoding") != "gzip" {
				t.Errorf("%s: Content-Encoding %q, want gzip", r.Path, r.Header.Get("Content-Encoding"))
			}
		}
		if len(c.Spans()) != 1 || len(c.Logs()) != 1 || len(c.Metrics()) == 0 {
			t.Errorf("got %d spans, %d logs, %d metrics through gzip", len(c.Spans()), len(c.Logs()), len(c.Metrics()))
		}
	})
	t.Run("OTEL_EXPORTER_OTLP_TIMEOUT", func(t *testing.T) {
		clearOTEL(t)
		t.Setenv("OTEL_EXPORTER_OTLP_TIMEOUT", "200") // ms; the default is 10 s
		c := otlptest.Start(t)
		c.Block()
		tel, _ := start(t, telemetry.Options{Endpoint: c.URL, BatchDelay: 10 * time.Millisecond,
			ShutdownTimeout: 500 * time.Millisecond})
		emit(t, tel, "hello")
		var took time.Duration
		otlptest.Wait(t, "a request given up", func() bool {
			for _, r := range c.Requests() {
				if r.Took > 0 {
					took = r.Took
					return true
				}
			}
			return false
		})
		if took > 2*time.Second {
			t.Errorf("a request to a hung collector lasted %v, want about the variable's 200 ms", took)
		}
	})
}
