package telemetry

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/google/uuid"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/sdk/resource"
	semconv "go.opentelemetry.io/otel/semconv/v1.43.0"
)

// ServiceName is the service.name of everything Vigía exports, unless
// OTEL_SERVICE_NAME (or service.name in OTEL_RESOURCE_ATTRIBUTES) says
// otherwise.
const ServiceName = "vigia"

// newResource describes this process: service.name, service.version,
// service.instance.id, host.name, os.type and the SDK's own attributes.
// OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES come last and so win.
func newResource(ctx context.Context, version, instanceID string) (*resource.Resource, error) {
	attrs := []attribute.KeyValue{semconv.ServiceName(ServiceName), semconv.ServiceInstanceID(instanceID)}
	if version != "" {
		attrs = append(attrs, semconv.ServiceVersion(version))
	}
	res, err := resource.New(ctx, resource.WithAttributes(attrs...), resource.WithHost(), resource.WithOSType(),
		resource.WithTelemetrySDK(), resource.WithFromEnv())
	if errors.Is(err, resource.ErrPartialResource) {
		// A detector failed (OTEL_RESOURCE_ATTRIBUTES with a bad pair, say):
		// what was found is still worth exporting.
		return res, nil
	}
	return res, err
}

// InstanceIDName is the file, in Vigía's data directory, that keeps the
// installation's service.instance.id.
const InstanceIDName = "instance-id"

// InstanceID returns the service.instance.id kept in path: read, or made
// (a random UUID) and written the first time, with mode 0600 in a 0700
// directory, so that one installation keeps one ID from run to run. On an
// error it still returns a new ID, which lasts this run only.
func InstanceID(path string) (string, error) {
	if path == "" {
		return uuid.NewString(), nil
	}
	b, err := os.ReadFile(path)
	if err == nil {
		if id, perr := uuid.Parse(strings.TrimSpace(string(b))); perr == nil {
			return id.String(), nil
		}
		// Not an ID (cut by a crash, edited): make a new one.
	} else if !errors.Is(err, fs.ErrNotExist) {
		return uuid.NewString(), fmt.Errorf("read instance id: %w", err)
	}
	id := uuid.NewString()
	if err := writeFileAtomic(path, []byte(id+"\n")); err != nil {
		return id, fmt.Errorf("save instance id: %w", err)
	}
	return id, nil
}

// writeFileAtomic replaces path with b: a reader sees the old file or the
// new one, never a part.
func writeFileAtomic(path string, b []byte) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	_, err = f.Write(b)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		_ = os.Remove(tmp)
	}
	return err
}
