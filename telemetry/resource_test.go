package telemetry_test

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"vigia/telemetry"
	"vigia/telemetry/otlptest"
)

// TestResource: every signal describes the process alike: service.name
// vigia unless OTEL_SERVICE_NAME says otherwise, service.version,
// service.instance.id as kept in its file, host.name, os.type, and what
// OTEL_RESOURCE_ATTRIBUTES adds.
func TestResource(t *testing.T) {
	host, _ := os.Hostname()
	cases := []struct {
		name string
		env  map[string]string
		want map[string]string
	}{
		{"defaults", nil, map[string]string{"service.name": "vigia", "service.version": "1.2.3", "host.name": host,
			"os.type": runtime.GOOS, "telemetry.sdk.language": "go"}},
		{"OTEL_SERVICE_NAME", map[string]string{"OTEL_SERVICE_NAME": "vigia-lab"}, map[string]string{"service.name": "vigia-lab"}},
		{"OTEL_RESOURCE_ATTRIBUTES", map[string]string{"OTEL_RESOURCE_ATTRIBUTES": "deployment.environment.name=test,team=qa"},
			map[string]string{"service.name": "vigia", "deployment.environment.name": "test", "team": "qa"}},
		{"OTEL_SERVICE_NAME wins over OTEL_RESOURCE_ATTRIBUTES",
			map[string]string{"OTEL_SERVICE_NAME": "a", "OTEL_RESOURCE_ATTRIBUTES": "service.name=b"}, map[string]string{"service.name": "a"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			clearOTEL(t)
			for k, v := range tc.env {
				t.Setenv(k, v)
			}
			c := otlptest.Start(t)
			idPath := filepath.Join(t.TempDir(), telemetry.InstanceIDName)
			tel, _ := start(t, telemetry.Options{Endpoint: c.URL, ServiceVersion: "1.2.3", InstanceIDPath: idPath, Gatherer: registry()})
			emit(t, tel, "hello")
			if err := tel.Shutdown(context.Background()); err != nil {
				t.Fatal(err)
			}
			id, err := os.ReadFile(idPath)
			if err != nil {
				t.Fatal(err)
			}
			want := map[string]string{"service.instance.id": strings.TrimSpace(string(id))}
			for k, v := range tc.want {
				want[k] = v
			}
			spans, logs, metrics := c.Spans(), c.Logs(), c.Metrics()
			if len(spans) == 0 || len(logs) == 0 || len(metrics) == 0 {
				t.Fatalf("got %d spans, %d logs, %d metrics; want some of each", len(spans), len(logs), len(metrics))
			}
			for signal, attrs := range map[string]func(string) string{
				"span":   func(k string) string { return otlptest.String(spans[0].Resource.GetAttributes(), k) },
				"log":    func(k string) string { return otlptest.String(logs[0].Resource.GetAttributes(), k) },
				"metric": func(k string) string { return otlptest.String(metrics[0].Resource.GetAttributes(), k) },
			} {
				for k, v := range want {
					if got := attrs(k); got != v {
						t.Errorf("%s resource %s = %q, want %q", signal, k, got, v)
					}
				}
			}
		})
	}
}

// TestInstanceID: one ID per installation, kept from run to run in a
// private file; a damaged file is replaced, an unwritable one still gives
// an ID for the run.
func TestInstanceID(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	path := filepath.Join(dir, telemetry.InstanceIDName)
	first, err := telemetry.InstanceID(path)
	if err != nil || len(first) != 36 {
		t.Fatalf("InstanceID = %q, %v; want a UUID", first, err)
	}
	again, err := telemetry.InstanceID(path)
	if err != nil || again != first {
		t.Errorf("second InstanceID = %q, %v; want %q again", again, err, first)
	}
	if fi, err := os.Stat(path); err != nil || (runtime.GOOS != "windows" && fi.Mode().Perm() != 0o600) {
		t.Errorf("the file: %v, %v; want mode 0600", fi.Mode(), err)
	}
	if fi, err := os.Stat(dir); err != nil || (runtime.GOOS != "windows" && fi.Mode().Perm() != 0o700) {
		t.Errorf("the directory: %v, %v; want mode 0700", fi.Mode(), err)
	}
	if err := os.WriteFile(path, []byte("not an id"), 0o600); err != nil {
		t.Fatal(err)
	}
	if fresh, err := telemetry.InstanceID(path); err != nil || fresh == first || len(fresh) != 36 {
		t.Errorf("after damage InstanceID = %q, %v; want a new UUID", fresh, err)
	}
	blocked := filepath.Join(path, "below-a-file", telemetry.InstanceIDName)
	if id, err := telemetry.InstanceID(blocked); err == nil || len(id) != 36 {
		t.Errorf("unwritable: InstanceID = %q, %v; want a UUID and an error", id, err)
	}
	if a, _ := telemetry.InstanceID(""); len(a) != 36 {
		t.Errorf("no path: InstanceID = %q, want a UUID", a)
	}
}
