package telemetry

import (
	"context"
	"errors"
	"net/url"
	"time"
)

// A collector that is down, restarting or unreachable refuses or drops the
// connection: the exporters return that at once, and don't retry it (they
// retry HTTP 429, 502, 503 and 504 only). The batch is not lost for that:
// its export waits and tries again, with backoff, within the export's time
// (ExportTimeout, 30 s by default). Meanwhile the batch processor's
// goroutine waits with it, and what the tasks end waits in the queue,
// within its bound (queue.admit): what is lost to an outage is what
// doesn't fit in the queue, counted as it is refused, and no more. A batch
// whose time runs out is dropped and counted; once Shutdown has begun, a
// failed export is final, so that a collector that is down at exit doesn't
// hold the exit.
//
// Metrics are not retried: each export carries the cumulative figures, so
// the next one, a period later, makes up for a lost one.

// retryFirst and retryMax are the first wait before an export is tried
// again and the longest; the wait doubles from one to the other. They are
// variables so that tests can shorten them.
var (
	retryFirst = 500 * time.Millisecond
	retryMax   = 5 * time.Second
)

// retryable tells whether err, of an export, is worth trying again: the
// request never got an answer (refused, reset, a DNS failure, a timeout of
// the HTTP client). An HTTP error status is not: the exporters have
// retried those they can already, and a collector that refuses a batch
// will refuse it again.
func retryable(err error) bool {
	var ue *url.Error
	return errors.As(err, &ue) && !errors.Is(err, context.Canceled)
}

// attempt exports through f, and tries again with backoff while the
// collector can't be reached, until ctx ends; s's outage begins at the
// first failure, and nothing is dropped for it yet. It returns the last
// error, or nil once f succeeds.
func (t *Telemetry) attempt(ctx context.Context, s signal, retry bool, f func(context.Context) error) error {
	wait := retryFirst
	var timer *time.Timer
	defer func() {
		if timer != nil {
			timer.Stop()
		}
	}()
	for {
		err := f(ctx)
		if err == nil || !retry || ctx.Err() != nil || !retryable(err) || t.closing() {
			return err
		}
		t.health.fail(s, err)
		if timer == nil {
			timer = time.NewTimer(wait)
		} else {
			timer.Reset(wait)
		}
		select {
		case <-timer.C:
		case <-t.closed:
			retry = false // Shutdown: one last try, now
		case <-ctx.Done():
			return err
		}
		wait = min(2*wait, retryMax)
	}
}

// closing tells whether Shutdown has begun.
func (t *Telemetry) closing() bool {
	select {
	case <-t.closed:
		return true
	default:
		return false
	}
}
