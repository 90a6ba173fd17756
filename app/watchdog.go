package app

import (
	"fmt"
	"io"
	"log/slog"
	"os"
	"time"
)

// exitHung is the exit status after the window system hung at quit. The
// sessions ended and the logs were flushed, but the run did not end the way
// it was asked to, and a script or a service manager must be able to tell:
// so it is not 0 (1 is a failure to start, 2 bad usage).
const exitHung = 3

// Variables, so that the tests can run the watchdog without ending the test
// binary.
var (
	// stopTimeout bounds how long quitting may wait for the window system.
	stopTimeout = 10 * time.Second
	// exit ends the process.
	exit = os.Exit
	// stopProfile stops the VIGIA_CPUPROFILE profile, once; main sets it.
	// The watchdog calls it too, since its exit skips main's own call.
	stopProfile = func() {}
)

// watchStop is the shutdown watchdog. Once stopping is closed, the window
// system has timeout to stop (done closed: the driver's loop returned); if
// it hangs (a driver or X server problem) hung is called. It returns when
// done is closed or after hung.
func watchStop(stopping, done <-chan struct{}, timeout time.Duration, hung func()) {
	select {
	case <-stopping:
	case <-done:
		return
	}
	t := time.NewTimer(timeout)
	defer t.Stop()
	select {
	case <-done:
	case <-t.C:
		hung()
	}
}

// exitHungGUI is the watchdog's answer to a hang: it first does what
// os.Exit would skip (finish ends the sessions and flushes the logs; the
// CPU profile is stopped and written), says so on stderr, then exits with
// exitHung.
func exitHungGUI(log *slog.Logger, stderr io.Writer, timeout time.Duration, finish func()) {
	log.Error("the window system did not stop; exiting anyway", "event", "stop_timeout", "waited_s", timeout.Seconds(), "status", exitHung)
	finish()
	stopProfile()
	fmt.Fprintf(stderr, "vigia: the window system did not stop within %v of quitting; exiting with status %d\n", timeout, exitHung)
	exit(exitHung)
}
