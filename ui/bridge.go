package ui

import (
	"context"
	"time"

	"fyne.io/fyne/v2"
)

// do runs f on the UI goroutine. Background goroutines reach widgets only
// through it: it is the one place that calls fyne.Do. It is a variable so
// that tests, whose driver has no UI goroutine of its own, can queue f for
// the test's goroutine instead (see uiQueue in the tests).
var do = fyne.Do

// Probe measures how long work handed to the UI goroutine waits before it
// runs: every interval it posts a no-op through do and times it, and every
// window it reports the longest wait seen, until ctx ends. A long wait is a
// frozen window; the dashboard budget script reads these reports.
func Probe(ctx context.Context, interval, window time.Duration, report func(max time.Duration, n int)) {
	t := time.NewTicker(interval)
	defer t.Stop()
	var worst time.Duration
	var n int
	since := time.Now()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		start := time.Now()
		ran := make(chan struct{})
		do(func() { close(ran) })
		select {
		case <-ran:
		case <-ctx.Done():
			return
		}
		worst = max(worst, time.Since(start))
		n++
		if time.Since(since) >= window {
			report(worst, n)
			worst, n, since = 0, 0, time.Now()
		}
	}
}
