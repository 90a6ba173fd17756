package telemetry

// SetExportHook makes f run at the start of every export, on the goroutine
// that exports, until restore is called. Set it before Start and restore it
// after Shutdown: the SDK's goroutines read it.
func SetExportHook(f func(signal string)) (restore func()) {
	old := exportHook
	exportHook = f
	return func() { exportHook = old }
}
