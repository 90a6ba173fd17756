// Command vigia-otelcol is the OpenTelemetry Collector that Vigía's
// end-to-end tests send traces, logs and metrics to: the Collector's own
// command and OTLP receiver, with the jsonlines exporter (exporter.go) that
// writes what arrives to files the tests read.
//
// It lives in its own module so that the app never depends on the
// Collector. The tests build it themselves (e2e/otelcol_test.go); by hand:
//
//	cd e2e/otelcol && go build -o vigia-otelcol . && ./vigia-otelcol --config config.yaml
package main

import (
	"fmt"
	"os"

	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/collector/confmap"
	"go.opentelemetry.io/collector/confmap/provider/envprovider"
	"go.opentelemetry.io/collector/confmap/provider/fileprovider"
	"go.opentelemetry.io/collector/confmap/provider/yamlprovider"
	"go.opentelemetry.io/collector/exporter"
	"go.opentelemetry.io/collector/exporter/debugexporter"
	"go.opentelemetry.io/collector/otelcol"
	"go.opentelemetry.io/collector/receiver"
	"go.opentelemetry.io/collector/receiver/otlpreceiver"
	"go.opentelemetry.io/collector/service/telemetry/otelconftelemetry"
)

func main() {
	set := otelcol.CollectorSettings{
		BuildInfo: component.BuildInfo{
			Command:     "vigia-otelcol",
			Description: "OpenTelemetry Collector for Vigía's end-to-end tests",
			Version:     "0.165.0",
		},
		Factories: components,
		ConfigProviderSettings: otelcol.ConfigProviderSettings{
			ResolverSettings: confmap.ResolverSettings{
				ProviderFactories: []confmap.ProviderFactory{
					envprovider.NewFactory(),
					fileprovider.NewFactory(),
					yamlprovider.NewFactory(),
				},
			},
		},
	}
	if err := otelcol.NewCommand(set).Execute(); err != nil {
		fmt.Fprintln(os.Stderr, "vigia-otelcol:", err)
		os.Exit(1)
	}
}

// components is what the Collector builder would generate for this
// distribution: the OTLP receiver, the debug and jsonlines exporters, and
// the service's own telemetry.
func components() (otelcol.Factories, error) {
	var err error
	f := otelcol.Factories{Telemetry: otelconftelemetry.NewFactory()}
	if f.Receivers, err = otelcol.MakeFactoryMap[receiver.Factory](otlpreceiver.NewFactory()); err != nil {
		return otelcol.Factories{}, err
	}
	if f.Exporters, err = otelcol.MakeFactoryMap[exporter.Factory](debugexporter.NewFactory(), newFactory()); err != nil {
		return otelcol.Factories{}, err
	}
	return f, nil
}
