package telemetry

import "time"

// SetExportHook makes f run at the start of every export, on the goroutine
// that exports, until restore is called. Set it before Start and restore it
// after Shutdown: the SDK's goroutines read it.
func SetExportHook(f func(signal string)) (restore func()) {
	old := exportHook
	exportHook = f
	return func() { exportHook = old }
}

// SetRetry sets the first and the longest wait before a failed export is
// tried again, until restore is called.
func SetRetry(first, longest time.Duration) (restore func()) {
	f, l := retryFirst, retryMax
	retryFirst, retryMax = first, longest
	return func() { retryFirst, retryMax = f, l }
}
