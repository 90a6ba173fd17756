package promexport

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"sort"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus/push"
)

// Defaults and bounds of pushing.
const (
	DefaultPushInterval = 15 * time.Second
	pushTimeout         = 10 * time.Second // one push, the final one included
	pushJob             = "vigia"
)

// maxBackoff caps the wait between failed pushes. It is a variable so that
// tests can shorten it.
var maxBackoff = time.Minute

// Pusher pushes an Exporter's metrics to a Pushgateway from its own
// goroutine. Stop (or the Exporter's Close, or the end of StartPush's
// context) ends it after a final push.
type Pusher struct {
	log      *slog.Logger
	interval time.Duration
	client   *http.Client
	pusher   *push.Pusher

	pushMu sync.Mutex // one push at a time: a flush and the loop may race

	// Outage state, guarded by pushMu.
	failing  bool
	failures int
	since    time.Time

	cancel   context.CancelFunc
	done     chan struct{}
	stopOnce sync.Once
}

// StartPush starts pushing the metrics to the Pushgateway at url every
// interval (DefaultPushInterval when not positive) under job "vigia" and the
// grouping labels (typically instance and session), replacing the group's
// previous metrics each time. It returns at once. Failed pushes back off
// exponentially up to a minute; an outage is logged once at WARN and its end
// at INFO. Pushing stops, after a final push, when ctx ends or at Stop or
// Close. Only one pusher runs per Exporter.
func (e *Exporter) StartPush(ctx context.Context, url string, interval time.Duration, grouping map[string]string) (*Pusher, error) {
	if url == "" {
		return nil, errors.New("push url is empty")
	}
	if interval <= 0 {
		interval = DefaultPushInterval
	}
	// One connection per push: pushes are seconds apart, and a kept-alive
	// connection can return to the idle pool just after Stop closed it,
	// leaving its goroutines behind.
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.DisableKeepAlives = true
	client := &http.Client{Transport: tr}
	pp := push.New(url, pushJob).Gatherer(e.reg).Client(client)
	keys := make([]string, 0, len(grouping))
	for k := range grouping {
		keys = append(keys, k)
	}
	sort.Strings(keys) // the same order for every pusher (client_golang keeps them in a map all the same)
	for _, k := range keys {
		pp = pp.Grouping(k, grouping[k])
	}

	e.mu.Lock()
	defer e.mu.Unlock()
	switch {
	case e.closed:
		return nil, errClosed
	case e.pusher != nil:
		return nil, errors.New("push already started")
	}
	ctx, cancel := context.WithCancel(ctx)
	p := &Pusher{
		log:      e.log.With("push_url", url),
		interval: interval,
		client:   client,
		pusher:   pp,
		cancel:   cancel,
		done:     make(chan struct{}),
	}
	e.pusher = p
	go p.loop(ctx)
	return p, nil
}

// FlushPush pushes the metrics now, for a session that ends, and returns
// the push's error. It waits for the push, within ctx; without a pusher it
// does nothing.
func (e *Exporter) FlushPush(ctx context.Context) error {
	e.mu.Lock()
	p := e.pusher
	e.mu.Unlock()
	if p == nil {
		return nil
	}
	return p.Flush(ctx)
}

// Flush pushes the metrics now and returns the push's error. It waits for
// the push, within ctx and at most pushTimeout.
func (p *Pusher) Flush(ctx context.Context) error {
	return p.push(ctx)
}

// Stop stops pushing after a final push, and waits for it (at most ten
// seconds). Later calls do nothing.
func (p *Pusher) Stop() {
	p.stopOnce.Do(func() {
		p.cancel()
		<-p.done
		p.client.CloseIdleConnections()
	})
}

func (p *Pusher) loop(ctx context.Context) {
	defer close(p.done)
	t := time.NewTimer(p.interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			// The final push must outlive the context that ended the loop.
			p.push(context.WithoutCancel(ctx))
			return
		case <-t.C:
		}
		p.push(ctx)
		t.Reset(p.next())
	}
}

// next is the wait before the next push: the interval, doubled for each
// consecutive failure up to maxBackoff (or the interval, if longer).
func (p *Pusher) next() time.Duration {
	p.pushMu.Lock()
	n := p.failures
	p.pushMu.Unlock()
	d := p.interval
	limit := max(maxBackoff, p.interval)
	for range n {
		d *= 2
		if d >= limit {
			return limit
		}
	}
	return d
}

func (p *Pusher) push(ctx context.Context) error {
	p.pushMu.Lock()
	defer p.pushMu.Unlock()
	ctx, cancel := context.WithTimeout(ctx, pushTimeout)
	defer cancel()
	err := p.pusher.PushContext(ctx)
	switch {
	case err != nil && errors.Is(err, context.Canceled):
		// The caller gave up (Flush), not the gateway: not an outage.
	case err != nil:
		p.failures++
		if !p.failing {
			p.failing, p.since = true, time.Now()
			p.log.Warn("metrics push failed; retrying with backoff, further failures not logged", "err", err)
		}
	case p.failing:
		p.log.Info("metrics push recovered", "failed_pushes", p.failures, "outage", time.Since(p.since).Round(time.Millisecond))
		p.failing, p.failures = false, 0
	}
	if err != nil {
		return fmt.Errorf("push metrics: %w", err)
	}
	return nil
}
