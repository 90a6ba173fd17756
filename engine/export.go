package engine

import (
	"context"
	"fmt"
	"os"
	"time"
)

// ExportOptions says where the engine's metrics go, besides the window.
// Its zero value exports nothing.
type ExportOptions struct {
	Addr         string        // serve Prometheus /metrics at this host:port; empty is off
	AllowRemote  bool          // allow a non-loopback Addr
	PushURL      string        // push to this Pushgateway; empty is off
	PushInterval time.Duration // between two pushes
	// Session is the session the process started with: the "session"
	// grouping label of the pushed metrics, beside "instance" (the host
	// name), for the command line and the window alike, so that one run's
	// pushes never replace another's.
	Session string
}

// StartExport serves /metrics and starts pushing as o asks: the one export
// start for the command line and the window. It returns the address served
// ("" when not serving). Close stops both, after a last push. On an error
// nothing it started keeps running past Close, and the error says which
// part failed.
func (e *Engine) StartExport(ctx context.Context, o ExportOptions) (addr string, err error) {
	log := e.logs.Logger()
	if o.Addr != "" {
		addr, err = e.export.Serve(ctx, o.Addr, o.AllowRemote)
		if err != nil {
			return "", fmt.Errorf("can't serve metrics: %w", err)
		}
		log.Info("serving Prometheus metrics", "event", "export", "url", "http://"+addr+"/metrics")
	}
	if o.PushURL != "" {
		host, _ := os.Hostname()
		grouping := map[string]string{"instance": host, "session": o.Session}
		if _, err := e.export.StartPush(ctx, o.PushURL, o.PushInterval, grouping); err != nil {
			return addr, fmt.Errorf("can't push metrics: %w", err)
		}
	}
	return addr, nil
}
