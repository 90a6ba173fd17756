package telemetry

import (
	"fmt"
	"net/url"
	"os"
	"strconv"
	"strings"

	"vigia/redact"
)

// signal is one of the three kinds of telemetry.
type signal int

const (
	traces signal = iota
	logs
	metrics
	nSignals
)

func (s signal) String() string { return [...]string{"traces", "logs", "metrics"}[s] }

// env is the signal's part of the OTEL_ variables' names.
func (s signal) env() string { return [...]string{"TRACES", "LOGS", "METRICS"}[s] }

// path is what OTLP/HTTP adds to a base endpoint for the signal.
func (s signal) path() string { return "/v1/" + s.String() }

// plan is what Start exports, and where, once the options and the
// environment are read.
type plan struct {
	on [nSignals]bool
	// url is the signal's endpoint as Vigía's setting gives it, passed to
	// the exporter; "" leaves the endpoint to the exporter, which reads the
	// OTEL_EXPORTER_OTLP_… variables itself.
	url [nSignals]string
	// shown is the signal's endpoint without user information or query,
	// for the logs.
	shown [nSignals]string
}

func (p plan) any() bool { return p.on[traces] || p.on[logs] || p.on[metrics] }

// ConfigError is a variable whose value Vigía can't follow: an OTLP protocol
// other than http/protobuf, an exporter other than otlp or none, an endpoint
// that is not an http or https URL. Start returns it and exports nothing.
type ConfigError struct {
	Variable string // OTEL_EXPORTER_OTLP_PROTOCOL
	Value    string // as set; "" for an endpoint, which may hold a credential
	Reason   string // English, for the logs and the command line
}

func (e *ConfigError) Error() string {
	if e.Value == "" {
		return e.Variable + " " + e.Reason
	}
	return fmt.Sprintf("%s=%s %s", e.Variable, e.Value, e.Reason)
}

// disabled reports whether OTEL_SDK_DISABLED turns OpenTelemetry off: it is
// "true", in any case. Nothing is exported then, whatever else is set.
func disabled() bool {
	v, err := strconv.ParseBool(strings.TrimSpace(os.Getenv("OTEL_SDK_DISABLED")))
	return err == nil && v
}

// makePlan reads endpoint (Vigía's otlp-endpoint setting: a base URL, as
// OTEL_EXPORTER_OTLP_ENDPOINT) and the OTEL_ variables. A signal is
// exported when it has an endpoint: its own variable
// (OTEL_EXPORTER_OTLP_TRACES_ENDPOINT…), else endpoint, else
// OTEL_EXPORTER_OTLP_ENDPOINT; and OTEL_<SIGNAL>S_EXPORTER is not "none".
func makePlan(endpoint string) (plan, error) {
	var p plan
	if disabled() {
		return p, nil
	}
	endpoint = strings.TrimSpace(endpoint)
	general := strings.TrimSpace(os.Getenv("OTEL_EXPORTER_OTLP_ENDPOINT"))
	for s := range nSignals {
		exporterVar := "OTEL_" + s.env() + "_EXPORTER"
		switch v := strings.ToLower(strings.TrimSpace(os.Getenv(exporterVar))); v {
		case "", "otlp":
		case "none":
			continue
		default:
			return plan{}, &ConfigError{Variable: exporterVar, Value: v, Reason: "is not supported: Vigía exports with otlp, or not at all (none)"}
		}
		own := "OTEL_EXPORTER_OTLP_" + s.env() + "_ENDPOINT"
		var raw, from string
		switch v := strings.TrimSpace(os.Getenv(own)); {
		case v != "":
			raw, from = v, own // the exporter reads it, whole
		case endpoint != "":
			raw, from = joinPath(endpoint, s.path()), "otlp-endpoint"
			p.url[s] = raw
		case general != "":
			raw, from = joinPath(general, s.path()), "OTEL_EXPORTER_OTLP_ENDPOINT"
		default:
			continue
		}
		shown, err := showURL(raw)
		if err != nil {
			return plan{}, &ConfigError{Variable: from, Reason: "is not an http or https URL such as http://127.0.0.1:4318"}
		}
		if err := checkProtocol(s); err != nil {
			return plan{}, err
		}
		p.on[s], p.shown[s] = true, shown
	}
	return p, nil
}

// checkProtocol refuses an OTLP protocol other than http/protobuf for s.
// gRPC's exporters would add half a megabyte to the binary (grpc itself is
// linked already, through the OTLP protobuf packages), a connection
// lifecycle and goroutines of their own, for a transport OTLP/HTTP serves
// as well; http/json is read by the traces exporter alone.
func checkProtocol(s signal) error {
	for _, name := range []string{"OTEL_EXPORTER_OTLP_" + s.env() + "_PROTOCOL", "OTEL_EXPORTER_OTLP_PROTOCOL"} {
		v := strings.TrimSpace(os.Getenv(name))
		if v == "" {
			continue
		}
		if v != "http/protobuf" {
			return &ConfigError{Variable: name, Value: v,
				Reason: "is not supported: Vigía sends OTLP over HTTP only (http/protobuf, usually port 4318); unset it or set http/protobuf"}
		}
		return nil // the signal's own variable decides
	}
	return nil
}

// joinPath adds a signal's path to a base endpoint, as the exporters do with
// OTEL_EXPORTER_OTLP_ENDPOINT.
func joinPath(base, path string) string {
	u, err := url.Parse(base)
	if err != nil {
		return base // showURL says so
	}
	u.Path = strings.TrimRight(u.Path, "/") + path
	u.RawPath = ""
	return u.String()
}

// showURL returns raw as the logs may show it: its user information
// redacted (package redact's rule, "http://[REDACTED]@host/"), without
// query or fragment, which may hold a token too; or an error when raw is
// not an http or https URL with a host.
func showURL(raw string) (string, error) {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", fmt.Errorf("not an http or https URL")
	}
	shown := url.URL{Scheme: u.Scheme, User: u.User, Host: u.Host, Path: u.Path}
	return redact.Credentials(shown.String()), nil
}

// minSecret is the length from which a header's value counts as a secret
// whatever its key.
const minSecret = 8

// queueSize is the number of spans or log records that may wait for export
// per signal: given, else the SDK's variable, else 2048, the SDK's default.
func queueSize(given int, variable string) int {
	if given > 0 {
		return given
	}
	if n, err := strconv.Atoi(strings.TrimSpace(os.Getenv(variable))); err == nil && n > 0 {
		return n
	}
	return defaultQueueSize
}

// Secrets returns the values of the OTLP headers variables
// (OTEL_EXPORTER_OTLP_HEADERS and the per-signal ones), which hold
// credentials such as an API key: for a diagnostics bundle to remove
// wherever they appear. Keys are not secrets; values are, whole: a value
// under a key named like a secret (redact.IsSecretKey: authorization,
// x-api-key), and any value of minSecret bytes or more, but not a short
// one such as a tenant's name, which removing everywhere would garble the
// bundle.
func Secrets() []string {
	var out []string
	for _, name := range []string{"OTEL_EXPORTER_OTLP_HEADERS", "OTEL_EXPORTER_OTLP_TRACES_HEADERS",
		"OTEL_EXPORTER_OTLP_LOGS_HEADERS", "OTEL_EXPORTER_OTLP_METRICS_HEADERS"} {
		for pair := range strings.SplitSeq(os.Getenv(name), ",") {
			k, v, ok := strings.Cut(pair, "=")
			v = strings.TrimSpace(v)
			if ok && v != "" && (redact.IsSecretKey(strings.TrimSpace(k)) || len(v) >= minSecret) {
				out = append(out, v)
				if u, err := url.PathUnescape(v); err == nil && u != v {
					out = append(out, u) // as sent
				}
			}
		}
	}
	return out
}
