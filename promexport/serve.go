package promexport

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/pprof"
	"strings"
	"time"
)

// DefaultAddr is where Serve listens when given no address: loopback only,
// on the port registered for OpenTelemetry's Prometheus exporter.
const DefaultAddr = "127.0.0.1:9464"

// ErrNotLoopback matches (errors.Is) Serve's refusal of an address other
// machines could reach.
var ErrNotLoopback = errors.New("address is not loopback")

// shutdownTimeout bounds a graceful shutdown; scrapes take milliseconds.
const shutdownTimeout = 5 * time.Second

type server struct {
	srv    *http.Server
	cancel context.CancelFunc
	done   chan struct{}
	err    error // of Shutdown; read after done
}

// Serve serves the metrics at /metrics on addr (DefaultAddr when empty) until
// ctx ends or Close is called, and returns the address it bound: "…:0" picks
// a free port. An address whose host is not loopback (127.0.0.0/8, ::1,
// localhost) is refused with ErrNotLoopback unless allowRemote; an empty
// host means every interface and is not loopback. /debug/pprof/ is added
// when Options.Pprof is set and the address is loopback.
func (e *Exporter) Serve(ctx context.Context, addr string, allowRemote bool) (string, error) {
	if addr == "" {
		addr = DefaultAddr
	}
	loopback, err := IsLoopback(addr)
	if err != nil {
		return "", err
	}
	if !loopback && !allowRemote {
		return "", fmt.Errorf("metrics address %q: %w", addr, ErrNotLoopback)
	}

	mux := http.NewServeMux()
	mux.Handle("/metrics", e.Handler())
	if e.opts.Pprof {
		if loopback {
			mux.HandleFunc("/debug/pprof/", pprof.Index)
			mux.HandleFunc("/debug/pprof/cmdline", pprof.Cmdline)
			mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
			mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
			mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
		} else {
			e.log.Warn("pprof not served on a non-loopback address", "addr", addr)
		}
	}

	e.mu.Lock()
	defer e.mu.Unlock()
	if e.closed {
		return "", errClosed
	}
	ln, err := (&net.ListenConfig{}).Listen(ctx, "tcp", addr)
	if err != nil {
		return "", fmt.Errorf("listen for metrics: %w", err)
	}
	ctx, cancel := context.WithCancel(ctx)
	s := &server{
		srv: &http.Server{
			Handler:           mux,
			ReadHeaderTimeout: 10 * time.Second,
		},
		cancel: cancel,
		done:   make(chan struct{}),
	}
	serveDone := make(chan error, 1)
	go func() { serveDone <- s.srv.Serve(ln) }()
	go func() {
		defer close(s.done)
		select {
		case <-ctx.Done():
		case err := <-serveDone:
			// Serve failed on its own: nothing to shut down gracefully.
			e.log.Error("metrics endpoint stopped", "addr", ln.Addr().String(), "err", err)
			return
		}
		sctx, scancel := context.WithTimeout(context.WithoutCancel(ctx), shutdownTimeout)
		defer scancel()
		s.err = s.srv.Shutdown(sctx)
		if s.err != nil {
			s.srv.Close()
		}
		<-serveDone
	}()
	e.servers = append(e.servers, s)
	bound := ln.Addr().String()
	e.log.Info("metrics endpoint listening", "addr", bound, "pprof", e.opts.Pprof && loopback)
	return bound, nil
}

func (s *server) stop() error {
	s.cancel()
	<-s.done
	return s.err
}

// IsLoopback reports whether addr's host is loopback. Host names other than
// localhost are not resolved: what they resolve to can change after the
// check.
func IsLoopback(addr string) (bool, error) {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false, fmt.Errorf("metrics address %q: %w", addr, err)
	}
	if strings.EqualFold(host, "localhost") {
		return true, nil
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback(), nil
}
